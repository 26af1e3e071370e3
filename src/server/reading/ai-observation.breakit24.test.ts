// breakit24 (outside tester): POST /fhir/Observation has no body schema; parseObservation reads
// `code.coding`, `basedOn[].identifier.type.coding` as arrays of objects without checking them, so
// a registered AI system that sends a malformed Observation (a coding that is null, a string or an
// object instead of an array) crashes the handler with a TypeError: 500, where a FHIR endpoint must
// answer 400 with an OperationOutcome naming the field. (The route fuzz test never reaches this
// code: it has no AI-system token, so every request stops at 401/403.)
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/sessions.ts';
import { createTestContext, type TestContext } from '../testing/harness.ts';
import { createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let token: string;

beforeAll(async () => {
  t = await createTestContext();
  reg = await createReadingRegion(t.db.kysely);
  token = crypto.randomBytes(24).toString('hex');
  await t.db.kysely
    .insertInto('api_client')
    .values({ id: 'ai-bk24', name: 'Test-KI', organization_id: reg.rhf, token_hash: hashToken(token), scopes: ['reading.ai'] })
    .execute();
});
afterAll(async () => t?.close());

const post = (payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/fhir/Observation',
    payload: JSON.stringify(payload),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
  });

describe('a malformed AI Observation (breakit24)', () => {
  it('is refused with 400 and an OperationOutcome, never a 5xx, and stores nothing', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const good = {
      resourceType: 'Observation',
      status: 'preliminary',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '59282003' }] },
      partOf: [{ identifier: { system: 'urn:dicom:uid', value: `urn:oid:${e.uid}` } }],
      valueQuantity: { value: 0.9, code: '1' },
    };
    const acsn = (coding: unknown) => [{ identifier: { type: { coding }, value: e.accession } }];
    const bad: [string, unknown][] = [
      ['code.coding [null]', { ...good, code: { coding: [null] } }],
      ['code.coding a string', { ...good, code: { coding: 'pulmonary embolism' } }],
      ['code.coding an object', { ...good, code: { coding: { system: 'http://snomed.info/sct', code: '59282003' } } }],
      ['basedOn identifier.type.coding [null]', { ...good, partOf: undefined, basedOn: acsn([null]) }],
      ['basedOn identifier.type.coding a string', { ...good, partOf: undefined, basedOn: acsn('ACSN') }],
    ];
    const statuses: Record<string, number> = {};
    for (const [name, body] of bad) {
      const res = await post(body);
      statuses[name] = res.statusCode;
      expect(res.json().resourceType, name).toBe('OperationOutcome');
    }
    expect(statuses).toEqual(Object.fromEntries(bad.map(([name]) => [name, 400])));
    const n = await t.db.kysely
      .selectFrom('ai_finding')
      .select((x) => x.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});
