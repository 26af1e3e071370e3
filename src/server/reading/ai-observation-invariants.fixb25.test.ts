// fixb25: POST /fhir/Observation refuses what POST /fhir/ServiceRequest refuses (breakit25's kind):
// an empty array anywhere (R4 json.html), an empty element (ele-1, plat26) and a Period ending before it starts (per-1) are 400
// OperationOutcomes naming the element, and no finding is stored.
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
    .values({ id: 'ai-fixb25', name: 'Test-KI', organization_id: reg.rhf, token_hash: hashToken(token), scopes: ['reading.ai'] })
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

describe('an AI Observation breaking an R4 base rule (fixb25)', () => {
  it('is refused with 400 naming the element, and stores nothing', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const good = {
      resourceType: 'Observation',
      status: 'preliminary',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '59282003' }] },
      partOf: [{ identifier: { system: 'urn:dicom:uid', value: `urn:oid:${e.uid}` } }],
      valueQuantity: { value: 0.9, code: '1' },
    };
    const bad: [unknown, string][] = [
      [{ ...good, note: [] }, 'Observation.note'],
      // plat26: an element with neither a value nor children (R4 ele-1).
      [{ ...good, code: { coding: [{ system: 'http://snomed.info/sct', code: '59282003' }, {}] } }, 'Observation.code.coding[1]'],
      [{ ...good, valueQuantity: {} }, 'Observation.valueQuantity'],
      [{ ...good, code: { coding: [{ system: 'http://snomed.info/sct', code: '59282003' }], extension: [] } }, 'Observation.code.extension'],
      [{ ...good, effectivePeriod: { start: '2026-05-01T10:00:00Z', end: '2026-05-01T09:00:00Z' } }, 'Observation.effectivePeriod'],
      [{ ...good, identifier: [{ system: 'urn:x', value: '1', period: { start: '2026-02-01', end: '2026-01-01' } }] }, 'Observation.identifier[0].period'],
    ];
    for (const [body, element] of bad) {
      const res = await post(body);
      expect(res.statusCode, element).toBe(400);
      const oo = res.json<{ resourceType: string; issue: { expression?: string[] }[] }>();
      expect(oo.resourceType, element).toBe('OperationOutcome');
      expect(
        oo.issue.flatMap((i) => i.expression ?? []),
        element,
      ).toContain(element);
    }
    const n = await t.db.kysely
      .selectFrom('ai_finding')
      .select((x) => x.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
    // The same finding without the broken element is taken.
    expect((await post(good)).statusCode).toBe(201);
  });
});
