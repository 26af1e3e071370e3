// Scenarios over all of Norway (issue 12, the lead's decision 2026-12-02): an analyst saves one
// that only analysts see ("Kun analytikere"); a regional planner sees only their region's
// scenarios, and opening, computing, changing or deleting a national one is refused with 403
// problem+json and one refused access-log row. Real app and database, synthetic region.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAggregates } from '../analytics/store.ts';
import { loadIndicators } from '../analytics/indicators.ts';
import { loadRegion } from '../synthetic/load.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { invalidateModelData } from './service.ts';

let t: TestContext;
let analyst: Session;
let leader: Session;
let leaderUserId: string;
let regionalId: string;
const NOW = new Date('2026-06-30T12:00:00Z');

beforeAll(async () => {
  t = await createTestContext();
  const region = await loadRegion(t.db, { scope: 'vest', referrals: 600, seed: 25, now: NOW, years: 2 });
  const db = t.db.kysely;
  await refreshAggregates(db, loadIndicators());
  await db
    .insertInto('app_meta')
    .values({ key: 'demo', value: JSON.stringify({ samplingFraction: region.samplingFraction }) })
    .execute();
  invalidateModelData(db);
  const a = await createUser(db, { grants: [{ role: 'analyst', organizationId: `rhf-${region.handles.regionIds[0]}` }] });
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: region.handles.largestDepartmentId }] });
  analyst = await login(t.app, a.username, a.password);
  leader = await login(t.app, l.username, l.password);
  leaderUserId = l.userId;
  const r = await as(
    t.app,
    leader,
  )({ method: 'POST', url: '/api/capacity/scenarios', payload: { name: 'Vest 2040', params: { scope: 'region', scopeId: 'vest' } } });
  expect(r.statusCode, r.body).toBe(201);
  regionalId = r.json().id;
});
afterAll(async () => t?.close());

const refusals = () =>
  t.db.kysely
    .selectFrom('access_log')
    .select(['resource_type', 'resource_id', 'action', 'outcome', 'reason', 'patient_id'])
    .where('user_id', '=', leaderUserId)
    .where('outcome', '=', 'refused')
    .orderBy('id')
    .execute();

describe('national capacity scenarios (analysts only)', () => {
  it('an analyst saves a scenario over all of Norway, seen only by analysts', async () => {
    const save = await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/scenarios', payload: { name: 'Norge 2040', params: { scope: 'country' } } });
    expect(save.statusCode, save.body).toBe(201);
    expect(save.json()).toMatchObject({ name: 'Norge 2040', regionId: null, regionName: null, analystsOnly: true, editable: true });
    const id = save.json().id as string;
    // The same name again among the national scenarios: 409, nothing saved.
    const again = await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/scenarios', payload: { name: 'Norge 2040', params: { scope: 'country' } } });
    expect(again.statusCode).toBe(409);
    const mine = (await as(t.app, analyst)({ url: '/api/capacity/scenarios' })).json() as { id: string; analystsOnly: boolean }[];
    expect(mine.filter((s) => s.analystsOnly).map((s) => s.id)).toEqual([id]);
    expect((await as(t.app, analyst)({ url: `/api/capacity/scenarios/${id}/result` })).statusCode).toBe(200);
    // A national scenario stays national: changing it to one region is refused, naming the field.
    const narrowed = await as(
      t.app,
      analyst,
    )({
      method: 'PUT',
      url: `/api/capacity/scenarios/${id}`,
      payload: { name: 'Norge 2040', version: 1, params: { scope: 'region', scopeId: 'vest' } },
    });
    expect(narrowed.statusCode).toBe(400);
    expect(narrowed.json().errors).toEqual([{ field: '/params/scope', message: 'a national scenario covers all of Norway' }]);
    const renamed = await as(
      t.app,
      analyst,
    )({
      method: 'PUT',
      url: `/api/capacity/scenarios/${id}`,
      payload: { name: 'Norge 2040 (KI)', version: 1, params: { scope: 'country', levers: { ai: { percent: 20, fromYear: 2027, toYear: 2040 } } } },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ version: 2, analystsOnly: true });
  });

  it('a regional planner neither lists nor opens it: 403 problem+json, each attempt logged', async () => {
    const id = (await t.db.kysely.selectFrom('capacity_scenario').select('id').where('region_id', 'is', null).executeTakeFirstOrThrow()).id;
    const listed = (await as(t.app, leader)({ url: '/api/capacity/scenarios' })).json() as { id: string }[];
    expect(listed.map((s) => s.id)).toEqual([regionalId]);
    const before = (await refusals()).length;
    const tries = [
      { method: 'GET' as const, url: `/api/capacity/scenarios/${id}`, action: 'read' },
      { method: 'GET' as const, url: `/api/capacity/scenarios/${id}/result`, action: 'read' },
      { method: 'GET' as const, url: `/api/capacity/scenarios/${id}/report.pdf`, action: 'read' },
      { method: 'GET' as const, url: `/api/capacity/scenarios/compare?ids=${regionalId},${id}`, action: 'read' },
      {
        method: 'PUT' as const,
        url: `/api/capacity/scenarios/${id}`,
        action: 'update',
        payload: { name: 'Kapret', version: 2, params: { scope: 'region', scopeId: 'vest' } },
      },
      { method: 'DELETE' as const, url: `/api/capacity/scenarios/${id}`, action: 'delete' },
    ];
    for (const x of tries) {
      const res = await as(t.app, leader)({ method: x.method, url: x.url, ...(x.payload ? { payload: x.payload } : {}) });
      expect(res.statusCode, `${x.method} ${x.url}`).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors).toEqual([{ field: 'scenario', message: 'analysts-only' }]);
    }
    const rows = (await refusals()).slice(before);
    expect(rows).toEqual(
      tries.map((x) => ({
        resource_type: 'CapacityScenario',
        resource_id: id,
        action: x.action,
        outcome: 'refused',
        reason: 'analysts-only',
        patient_id: null,
      })),
    );
    // Nothing changed: the analyst still has it, as saved.
    expect((await as(t.app, analyst)({ url: `/api/capacity/scenarios/${id}` })).json()).toMatchObject({ name: 'Norge 2040 (KI)', version: 2 });
    // A planner cannot save one either (they cannot compute all of Norway).
    const save = await as(t.app, leader)({ method: 'POST', url: '/api/capacity/scenarios', payload: { name: 'Landet', params: { scope: 'country' } } });
    expect(save.statusCode).toBe(403);
    expect(await t.db.kysely.selectFrom('capacity_scenario').select('id').where('name', '=', 'Landet').execute()).toHaveLength(0);
  });
});
