// breakit18 (outside tester): one exam with a performed time in a coming year (a modality's MPPS
// N-SET with a wrong end date, which the DICOM door stores as it comes — see
// interop/dicom/mpps-end-time.breakit18.test.ts) makes that year the management data's default
// period for everyone: GET /api/analytics/meta on the demo answered years [2025, 2026, 2027],
// defaultPeriod {from: 2027, to: 2027} on 1 Dec 2026, and /styringsdata then opened on an empty,
// suppressed year. A year that has not begun has no data to show; the default should be the latest
// year up to now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsMeta } from '../../shared/api/analytics.ts';
import { loadRegion } from '../synthetic/load.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { loadIndicators } from './indicators.ts';
import { refreshAggregates } from './store.ts';

let t: TestContext;
let analyst: Session;

beforeAll(async () => {
  t = await createTestContext();
  const region = await loadRegion(t.db, { scope: 'vest', referrals: 600, seed: 18, now: new Date(), years: 1 });
  const a = await createUser(t.db.kysely, { grants: [{ role: 'analyst', organizationId: `rhf-${region.handles.regionIds[0]}` }] });
  analyst = await login(t.app, a.username, a.password);
  await refreshAggregates(t.db.kysely, loadIndicators());
});
afterAll(async () => t?.close());

describe('breakit18: an exam dated in a coming year', () => {
  it('does not become the default period of the management data', async () => {
    const db = t.db.kysely;
    const thisYear = new Date().getUTCFullYear();
    const before = (await as(t.app, analyst)({ url: '/api/analytics/meta' })).json<AnalyticsMeta>();
    expect(before.defaultPeriod.to).toBeLessThanOrEqual(thisYear);
    const ref = await db
      .selectFrom('referral')
      .select(['id', 'exam_code', 'department_org_id', 'patient_area_id'])
      .where('patient_area_id', 'is not', null)
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('exam')
      .values({
        id: 'exam-bk18-future',
        referral_id: ref.id,
        exam_code: ref.exam_code,
        modality_id: null,
        performing_org_id: ref.department_org_id,
        patient_area_id: ref.patient_area_id,
        performed_at: `${thisYear + 1}-12-31T08:45:00Z`,
        reported_at: null,
      })
      .execute();
    await refreshAggregates(db, loadIndicators());
    const after = (await as(t.app, analyst)({ url: '/api/analytics/meta' })).json<AnalyticsMeta>();
    expect(after.defaultPeriod.to).toBeLessThanOrEqual(thisYear);
    expect(after.defaultPeriod).toEqual(before.defaultPeriod);
    // The kind: no year after today is offered at all, and a view asked without a period opens on
    // the same default (the filters' default year) rather than the future year.
    expect(after.years.every((y) => y <= thisYear)).toBe(true);
    expect(after.years).toEqual(before.years);
    const rates = (await as(t.app, analyst)({ url: '/api/analytics/rates' })).json<{ period: { from: number; to: number } }>();
    expect(rates.period.to).toBeLessThanOrEqual(thisYear);
    expect(rates.period.to).toBe(before.defaultPeriod.to);
  });

  it('offeredYears/defaultYear: a later year is dropped, an empty store falls back to the current year', async () => {
    const { offeredYears, defaultYear } = await import('./service.ts');
    const thisYear = new Date().getUTCFullYear();
    // As of 1 Jan of the year before, this year and the next are both in the future.
    const past = new Date(Date.UTC(thisYear - 1, 0, 1));
    const years = await offeredYears(t.db.kysely, past);
    expect(years.every((y) => y <= thisYear - 1)).toBe(true);
    expect(defaultYear([], past)).toBe(thisYear - 1);
    expect(defaultYear([2024, 2025], past)).toBe(2025);
  });

  it("meta names exams in the caller's language", async () => {
    const nb = (await as(t.app, analyst)({ url: '/api/analytics/meta' })).json<AnalyticsMeta>();
    expect((await as(t.app, analyst)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    const en = (await as(t.app, analyst)({ url: '/api/analytics/meta' })).json<AnalyticsMeta>();
    await as(t.app, analyst)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    const named = await t.db.kysely.selectFrom('exam_code').select(['code', 'name', 'name_en']).where('name_en', 'is not', null).execute();
    expect(named.length).toBeGreaterThan(0);
    const c = named[0];
    expect(nb.exams.find((e) => e.code === c.code)?.name).toBe(c.name);
    expect(en.exams.find((e) => e.code === c.code)?.name).toBe(c.name_en);
  });
});
