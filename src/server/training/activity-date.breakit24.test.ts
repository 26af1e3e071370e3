// breakit24 (outside tester): a LIS registers activity on a learning goal with `doneOn`; the server
// refuses only a date in the future. On the demo the LIS (training started 2025-06-02) registered
// activities done on 1900-01-01 and 0001-01-01 (201 each); they count in the record and its
// exports as progress. A date before the training started (the record's start date) is bad input:
// 400 naming doneOn, nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReader, createReadingRegion } from '../testing/reading.ts';
import type { RecordView } from '../../shared/api/training.ts';

let ctx: TestContext;
let lis: Session;
let recId = '';
const START = '2025-09-01';

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  const reg = await createReadingRegion(db);
  const mk = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  const leader = await mk(await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] }));
  const sup = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const l = await createReader(db, { org: reg.deptA, role: 'lis' });
  lis = await mk(l);
  const planId = (
    await as(
      ctx.app,
      leader,
    )({
      method: 'POST',
      url: '/api/training/plans/packaged',
      payload: { organizationId: reg.deptA, template: 'ahus-nuclear-medicine' },
    })
  ).json().id as string;
  const created = await as(
    ctx.app,
    leader,
  )({
    method: 'POST',
    url: '/api/training/records',
    payload: { personId: l.personId, planId, supervisorPersonId: sup.personId, startDate: START },
  });
  expect(created.statusCode, created.body).toBe(201);
  recId = created.json().id;
});
afterAll(async () => ctx?.close());

describe('activity dates (breakit24)', () => {
  it('refuses an activity done before the training started (1900, year 1) with 400 on doneOn; a date after the start is taken', async () => {
    const view = (await as(ctx.app, lis)({ url: `/api/training/records/${recId}` })).json() as RecordView;
    const goal = view.goals[0]!;
    const post = (doneOn: string) =>
      as(
        ctx.app,
        lis,
      )({
        method: 'POST',
        url: `/api/training/records/${recId}/activities`,
        payload: { specialty: goal.specialty, goalNumber: goal.number, kind: 'procedure', description: 'Gjennomført', doneOn },
      });
    const statuses = { '1900-01-01': (await post('1900-01-01')).statusCode, '0001-01-01': (await post('0001-01-01')).statusCode };
    expect(statuses).toEqual({ '1900-01-01': 400, '0001-01-01': 400 });
    expect((await post('2025-10-01')).statusCode).toBe(201);
  });
});
