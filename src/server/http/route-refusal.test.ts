// A request refused by a route's role rule (before any handler, so before the gate) leaves an
// access-log row too — who tried which route, refused — as the gate's own refusals do (Normen:
// refused attempts are logged). An allowed call through the same rule writes no such row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createUser, TEST_PASSWORD } from '../testing/factories.ts';
import { createReadingRegion } from '../testing/reading.ts';

describe('refusals by a route role rule', () => {
  let t: TestContext;
  let referrer: string;
  let userId: string;

  beforeAll(async () => {
    t = await createTestContext();
    const reg = await createReadingRegion(t.db.kysely);
    const u = await createUser(t.db.kysely, { grants: [{ role: 'referrer', organizationId: reg.practice }] });
    referrer = u.username;
    userId = u.userId;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are logged with the route, refused, and the answer is 403', async () => {
    const s = await login(t.app, referrer, TEST_PASSWORD);
    const res = await as(t.app, s)({ url: '/api/reading/cases/exam-123?x=1' });
    expect(res.statusCode).toBe(403);
    const rows = await t.db.kysely.selectFrom('access_log').selectAll().where('user_id', '=', userId).where('outcome', '=', 'refused').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      resource_type: 'Route',
      resource_id: 'GET /api/reading/cases/exam-123',
      action: 'read',
      context: 'route-role-rule',
      reason: 'role-not-allowed',
      patient_id: null,
    });
    // A route the role may use writes no refusal.
    expect((await as(t.app, s)({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect(await t.db.kysely.selectFrom('access_log').select('id').where('user_id', '=', userId).where('outcome', '=', 'refused').execute()).toHaveLength(1);
  });
});
