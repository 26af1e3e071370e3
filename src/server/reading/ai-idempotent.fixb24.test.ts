// fixb24: an AI finding is received once. The same Observation posted again (same identifier, or the
// same system + exam + finding code) stores nothing, raises nothing and answers with the first; a
// wrong JSON type anywhere in the body (not only in the fields Radvis reads) is a 400 OperationOutcome.
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
    .values({ id: 'ai-fx24', name: 'Test-KI', organization_id: reg.rhf, token_hash: hashToken(token), scopes: ['reading.ai'] })
    .execute();
});
afterAll(async () => t?.close());

const post = (url: string, payload: unknown, type = 'application/fhir+json') =>
  t.app.inject({ method: 'POST', url, payload: JSON.stringify(payload), headers: { authorization: `Bearer ${token}`, 'content-type': type } });
const findings = async (examId: string) =>
  (await t.db.kysely.selectFrom('ai_finding').select(['id', 'code']).where('exam_id', '=', examId).execute()).map((r) => r.id);
const events = async (examId: string) =>
  (await t.db.kysely.selectFrom('reading_case_event').select('kind').where('exam_id', '=', examId).where('kind', '=', 'ai_finding').execute()).length;

const obs = (uid: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'preliminary',
  code: { coding: [{ system: 'http://snomed.info/sct', code: '59282003' }] },
  partOf: [{ identifier: { system: 'urn:dicom:uid', value: `urn:oid:${uid}` } }],
  valueQuantity: { value: 0.9, system: 'http://unitsofmeasure.org', code: '1' },
  ...extra,
});

describe('AI findings are idempotent (fixb24)', () => {
  it('the same Observation twice (at once, too) is stored once; the second answers 200 with the first', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const body = obs(e.uid, { identifier: [{ system: 'urn:example:ki', value: 'obs-1' }] });
    const [a, b] = await Promise.all([post('/fhir/Observation', body), post('/fhir/Observation', body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(await findings(e.examId)).toEqual([a.json().id]);
    expect(await events(e.examId)).toBe(1);
  });

  it('the same identifier with another confidence is the same finding; the same exam and code without an identifier too', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const first = await post('/fhir/Observation', obs(e.uid, { identifier: [{ system: 'urn:example:ki', value: 'obs-2' }] }));
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/fhir/Observation', obs(e.uid, { identifier: [{ system: 'urn:example:ki', value: 'obs-2' }], valueQuantity: { value: 0.5 } }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, valueQuantity: { value: 0.9 } });
    const json = await post('/api/reading/ai/findings', { studyInstanceUid: e.uid, finding: 'pulmonary_embolism', confidence: 0.95 }, 'application/json');
    expect(json.statusCode).toBe(200);
    expect(json.json().id).toBe(first.json().id);
    // Another finding code on the same exam is a new finding.
    const other = await post('/api/reading/ai/findings', { studyInstanceUid: e.uid, finding: 'pneumothorax', confidence: 0.95 }, 'application/json');
    expect(other.statusCode).toBe(201);
    expect(await findings(e.examId)).toHaveLength(2);
  });

  it('a wrong JSON type anywhere in the Observation is a 400 OperationOutcome naming the field, and stores nothing', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const bad: [string, Record<string, unknown>][] = [
      ['status a number', { status: 1 }],
      ['valueQuantity.value a string', { valueQuantity: { value: '0.9' } }],
      ['note an object', { note: { text: 'x' } }],
      ['subject a string', { subject: 'Patient/1' }],
      ['identifier [null]', { identifier: [null] }],
    ];
    for (const [name, extra] of bad) {
      const res = await post('/fhir/Observation', obs(e.uid, extra));
      expect(res.statusCode, name).toBe(400);
      expect(res.json().resourceType, name).toBe('OperationOutcome');
    }
    expect(await findings(e.examId)).toEqual([]);
  });
});
