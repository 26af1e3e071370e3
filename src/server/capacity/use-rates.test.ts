// Imported use rates (issue 12 item 1, "or an imported table") on a real database: a region whose
// exams do not pass through Radvis plans from its own table; the import replaces the rates of the
// areas it covers, is refused with line and column, is the analysts', and can be removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityMeta, ScenarioResult } from '../../shared/api/capacity.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createUser } from '../testing/factories.ts';
import { AGE_BANDS } from './model.ts';

let t: TestContext;
let analyst: Session;
let leader: Session;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  await loadReferenceData(db);
  const rhf = await createOrganization(db, { kind: 'rhf', name: 'Helse Vest RHF' });
  await db.updateTable('organization').set({ region_id: 'vest' }).where('id', '=', rhf).execute();
  const a = await createUser(db, { grants: [{ role: 'analyst', organizationId: rhf }] });
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: rhf }] });
  analyst = await login(t.app, a.username, a.password);
  leader = await login(t.app, l.username, l.password);
});
afterAll(async () => t?.close());

/** A full table for Bergen: `rate` per 10,000 in every band of both sexes, for CT and MR. */
const table = (rate: string, year = '2025') =>
  [
    'region;kjønn;alder;modalitet;år;per 10 000',
    ...['CT', 'MR'].flatMap((type) =>
      ['Menn', 'Kvinner'].flatMap((sex) => AGE_BANDS.map((b) => `Bergen;${sex};${b === 90 ? '90+' : `${b}-${b + 4} år`};${type};${year};${rate}`)),
    ),
  ].join('\n');
const compute = async (s: Session, scope: object) => as(t.app, s)({ method: 'POST', url: '/api/capacity/compute', payload: scope });
const bergen = { scope: 'area', scopeId: 'bergen' };

describe('imported use rates', () => {
  it('without exams in Radvis and without an import, population demand cannot be computed', async () => {
    const res = await compute(analyst, bergen);
    expect(res.statusCode).toBe(400);
  });

  it('only analysts import; a bad table is refused with line and column and stores nothing', async () => {
    expect((await as(t.app, leader)({ method: 'POST', url: '/api/capacity/use-rates', payload: { label: 'x', csv: table('100') } })).statusCode).toBe(403);
    const bad = table('100').replace('Bergen;Menn;40-44 år;CT;2025;100', 'Bergen;Menn;40-44 år;CT;2025;-1');
    const res = await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/use-rates', payload: { label: 'Feil', csv: bad } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'linje 10, kolonne 6 (per 10 000)', message: 'negativ rate (-1)' }]);
    const n = await t.db.kysely
      .selectFrom('capacity_use_rate')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('an imported table drives the scenario: exams scale with the rate, the basis names the table', async () => {
    const imp = await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/use-rates', payload: { label: 'RIS Bergen 2025', csv: table('100') } });
    expect(imp.statusCode).toBe(201);
    expect(imp.json()).toMatchObject({ rows: 76, year: 2025, areas: ['bergen'], examTypes: ['CT', 'MR'] });
    const meta = (await as(t.app, analyst)({ url: '/api/capacity/meta' })).json<CapacityMeta>();
    expect(meta.useRates).toMatchObject({ label: 'RIS Bergen 2025', year: 2025, areas: ['bergen'] });
    const r1 = (await compute(analyst, bergen)).json<ScenarioResult>();
    expect(r1.baseYear).toBe(2025);
    expect(r1.basis).toMatchObject({ demand: 'population', rateYear: 2025, useRates: 'imported', useRatesLabel: 'RIS Bergen 2025' });
    expect(r1.years[0].exams.CT).toBeGreaterThan(0);
    // The same rate for CT and MR gives the same number of exams; the need grows with an ageing population.
    expect(r1.years[0].exams.MR).toBeCloseTo(r1.years[0].exams.CT, 6);
    expect(r1.years.at(-1)!.need.radiologist).toBeGreaterThan(0);
    // A new import for the same area replaces it: twice the rate, twice the exams.
    expect(
      (await as(t.app, analyst)({ method: 'POST', url: '/api/capacity/use-rates', payload: { label: 'RIS Bergen 2025 v2', csv: table('200') } })).statusCode,
    ).toBe(201);
    const r2 = (await compute(analyst, bergen)).json<ScenarioResult>();
    expect(r2.years[0].exams.CT).toBeCloseTo(2 * r1.years[0].exams.CT, 6);
    expect(r2.basis.useRatesLabel).toBe('RIS Bergen 2025 v2');
    // The region: Bergen from the table, the other areas have no rates at all here.
    const region = (await compute(analyst, { scope: 'region', scopeId: 'vest' })).json<ScenarioResult>();
    expect(region.basis.useRates).toBe('mixed');
    // The region's other areas have no rates at all: said, not silently counted as nothing.
    expect(region.basis.areaCount).toBe(4);
    expect(region.basis.areasWithoutRates).toHaveLength(3);
    expect(region.basis.areasWithoutRates).not.toContain('Bergen');
    expect(r2.basis.areasWithoutRates).toEqual([]);
    expect(region.years[0].exams.CT).toBeCloseTo(r2.years[0].exams.CT, 6);
  });

  it('removing the imported rates brings back Radvis’ own (none here)', async () => {
    expect((await as(t.app, leader)({ method: 'DELETE', url: '/api/capacity/use-rates' })).statusCode).toBe(403);
    const res = await as(t.app, analyst)({ method: 'DELETE', url: '/api/capacity/use-rates' });
    expect(res.json()).toEqual({ removed: 76 });
    expect((await as(t.app, analyst)({ url: '/api/capacity/meta' })).json<CapacityMeta>().useRates).toBeNull();
    expect((await compute(analyst, bergen)).statusCode).toBe(400);
  });
});
