// fixb24: a refused hand-over (the exam is not the caller's department's to hand over) leaves a
// refused row in the access log through the gate's logRefusal, although the request changes nothing —
// the same way every refusal is logged (issue 9, "refused attempts are logged").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let leaderA: Session;
let radB: Session;

beforeAll(async () => {
  t = await createTestContext();
  reg = await createReadingRegion(t.db.kysely);
  await createReadingList(t.db.kysely, { name: 'Fjord alt', owner: reg.deptA });
  const l = await createUser(t.db.kysely, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] });
  const b = await createReader(t.db.kysely, { org: reg.deptB, role: 'radiologist' });
  leaderA = await login(t.app, l.username, l.password);
  radB = await login(t.app, b.username, b.password);
});
afterAll(async () => t?.close());

describe('a refused hand-over is logged (fixb24)', () => {
  it('a reader of another department who sees the exam through a regional list cannot hand it on; the refusal is in the access log', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const regional = await createReadingList(t.db.kysely, { name: 'Regionen', owner: reg.rhf, regional: true });
    const other = await createReadingList(t.db.kysely, { name: 'Vidde', owner: reg.deptB });
    const first = await as(t.app, leaderA)({ method: 'POST', url: `/api/reading/cases/${e.examId}/handover`, payload: { listId: regional } });
    expect(first.statusCode, first.body).toBe(204);
    const res = await as(t.app, radB)({ method: 'POST', url: `/api/reading/cases/${e.examId}/handover`, payload: { listId: other } });
    expect(res.statusCode, res.body).toBe(403);
    const rows = await t.db.kysely
      .selectFrom('access_log')
      .select(['outcome', 'reason', 'context'])
      .where('user_id', '=', radB.me.userId)
      .where('resource_id', '=', e.examId)
      .execute();
    expect(rows).toEqual(expect.arrayContaining([{ outcome: 'refused', reason: 'not-owning-department', context: 'reading-handover' }]));
    const handovers = await t.db.kysely.selectFrom('reading_handover').select('list_id').where('exam_id', '=', e.examId).execute();
    expect(handovers.map((h) => h.list_id)).toEqual([regional]);
  });
});
