// breakit24 (outside tester): issue 9 §3 — "a claim locks the case for one reader". The report
// actions do not look at the claim: while radiologist A holds the claim on a case (POST
// /api/reading/cases/:id/claim → 204), a LIS of the same department can open the report, save a
// draft and sign it as preliminary (200 each), which closes the case and takes it from A; A's own
// finalize then fails with 403 "Someone else is writing this report". Seen on the demo as well
// (radiolog claimed exam-demo-read-9f2bbe540f, lis wrote and signed it). A report action on a case
// claimed by someone else should be refused (409, the claim names the holder) and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let rad: Session;
let lis: Session;

beforeAll(async () => {
  t = await createTestContext();
  reg = await createReadingRegion(t.db.kysely);
  await createReadingList(t.db.kysely, { name: 'Fjord alt', owner: reg.deptA });
  const a = await createReader(t.db.kysely, { org: reg.deptA, role: 'radiologist' });
  const l = await createReader(t.db.kysely, { org: reg.deptA, role: 'lis' });
  rad = await login(t.app, a.username, a.password);
  lis = await login(t.app, l.username, l.password);
});
afterAll(async () => t?.close());

const sections = { findings: 'Ingen brudd.', conclusion: 'Normal undersøkelse.' };

describe('a claimed case is locked for one reader (breakit24)', () => {
  it("another reader cannot write or sign the report of a case someone else has claimed; the claimant's finalize still works", async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    expect((await as(t.app, rad)({ method: 'POST', url: `/api/reading/cases/${e.examId}/claim` })).statusCode).toBe(204);

    const save = await as(t.app, lis)({ method: 'PUT', url: `/api/reporting/exams/${e.examId}/report`, payload: { sections, expectedVersion: null } });
    // Sign with the version the save left (null when the save was refused), so a refusal is for the claim, not a stale version.
    const sign = await as(
      t.app,
      lis,
    )({
      method: 'POST',
      url: `/api/reporting/exams/${e.examId}/report/preliminary`,
      payload: { sections, expectedVersion: save.statusCode === 200 ? (save.json().version as number) : null },
    });
    expect([save.statusCode, sign.statusCode]).toEqual([409, 409]);
    const report = await t.db.kysely.selectFrom('report').select('id').where('exam_id', '=', e.examId).executeTakeFirst();
    expect(report).toBeUndefined();

    const fin = await as(t.app, rad)({ method: 'POST', url: `/api/reporting/exams/${e.examId}/report/final`, payload: { sections, expectedVersion: null } });
    expect(fin.statusCode).toBe(200);
  });
});
