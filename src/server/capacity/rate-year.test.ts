// Capacity from the demo's own history as the demo builds it (synthetic/demo.ts: one year of
// referrals ending today, here 1 December 2026). The rate year was the last calendar year before
// this one, 2025, which the history reaches only one month into, so use per 10,000 came out about
// twelve times too low (the demo showed Helse Vest needing 2.4 radiologist FTE today and an 86 %
// low-value share for MR). Now the year the history covers most, annualized by its coverage
// (store.chooseRateYear). capacity.test.ts holds the same promise on two full years of history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityMeta, ScenarioResult } from '../../shared/api/capacity.ts';
import { refreshAggregates } from '../analytics/store.ts';
import { loadIndicators } from '../analytics/indicators.ts';
import { loadRegion } from '../synthetic/load.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { invalidateModelData } from './service.ts';

let t: TestContext;
let leader: Session;
const NOW = new Date('2026-12-01T10:00:00Z');

beforeAll(async () => {
  t = await createTestContext();
  // As the demo: one year of history ending now (loadRegion's default `years`).
  const region = await loadRegion(t.db, { scope: 'vest', referrals: 3000, seed: 11, now: NOW });
  const db = t.db.kysely;
  await refreshAggregates(db, loadIndicators());
  await db
    .insertInto('app_meta')
    .values({ key: 'demo', value: JSON.stringify({ samplingFraction: region.samplingFraction }) })
    .execute();
  invalidateModelData(db);
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: region.handles.largestDepartmentId }] });
  leader = await login(t.app, l.username, l.password);
});

afterAll(async () => {
  await t?.close();
});

describe('capacity on the demo history (one year ending 1 December)', () => {
  it('gives Helse Vest tens of radiologist FTE today, not a few', async () => {
    const base = await as(t.app, leader)({ method: 'POST', url: '/api/capacity/compute', payload: { scope: 'region', scopeId: 'vest' } });
    expect(base.statusCode).toBe(200);
    const r = base.json<ScenarioResult>();
    expect(r.years[0].need.radiologist).toBeGreaterThan(10);
  });

  it('suggests an overuse share for MR no higher than the low-value indicators can reach over the year', async () => {
    const meta = (await as(t.app, leader)({ url: '/api/capacity/meta' })).json<CapacityMeta>();
    // On the full year the MR indicators (knee over 50, low back without red flags) meet a small share of all MR.
    expect(meta.defaults.overuse.MR).toBeLessThan(50);
  });
});
