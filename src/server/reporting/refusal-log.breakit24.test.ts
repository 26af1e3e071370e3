// breakit24 (outside tester): "refused attempts are logged" (issue 9, bad input). A report action
// the state machine refuses with 403 — finalizing someone else's draft (not-author), a LIS
// finalizing an exam type it must have countersigned (needs-countersign) — throws Forbidden inside
// gated(): the transaction rolls back, taking the gate's access-log row with it, and no refusal row
// is written. The attempt (on a named patient's exam) leaves no trace in the access log; seen on
// the demo (radiolog finalizing the LIS's draft: 403, nothing in /api/access-log). Expected: a row
// for the attempt (outcome refused, or at least the access), as the gate writes for other refusals.
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

const sections = { findings: 'Ingen brudd.', conclusion: 'Normal.' };
const rows = (userId: string, examId: string) =>
  t.db.kysely.selectFrom('access_log').select(['outcome', 'context']).where('user_id', '=', userId).where('resource_id', '=', examId).execute();

describe('a refused report action is logged (breakit24)', () => {
  it("finalizing someone else's draft (403 not-author) leaves an access-log row", async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    const draft = await as(t.app, lis)({ method: 'PUT', url: `/api/reporting/exams/${e.examId}/report`, payload: { sections, expectedVersion: null } });
    expect(draft.statusCode, draft.body).toBe(200);
    const fin = await as(t.app, rad)({ method: 'POST', url: `/api/reporting/exams/${e.examId}/report/final`, payload: { sections, expectedVersion: 1 } });
    expect(fin.statusCode).toBe(403);
    expect(await rows(rad.me.userId, e.examId)).not.toHaveLength(0);
  });
  it('a LIS finalizing an exam it must have countersigned (403 needs-countersign) leaves an access-log row', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const fin = await as(t.app, lis)({ method: 'POST', url: `/api/reporting/exams/${e.examId}/report/final`, payload: { sections, expectedVersion: null } });
    expect(fin.statusCode).toBe(403);
    expect(await rows(lis.me.userId, e.examId)).not.toHaveLength(0);
  });
});
