// The capacity domain's use cases: who may see and edit (capacityScope), the meta the page needs,
// computing a scenario from Radvis' own data and the projection, saved scenarios shared within a
// region, projection import, the fleet and on-call costing. Aggregates only: no patient data, so
// no access-log rows; every route still declares its roles.
//
// Roles (docs/capacity.md): analyst — every region, may import projections; department leader —
// the region(s) of their organizations (see, save, share, edit the fleet's installation data).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { grantOrganizations, hasRole, type Principal } from '../auth/principal.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { logRefusal, type Who } from '../access/gate.ts';
import type { AccessAction } from '../db/schema.ts';
import type {
  CapacityMeta,
  FleetResponse,
  OnCallRequest,
  SaveScenario,
  Scenario,
  ScenarioParams,
  ScenarioComparison,
  ScenarioResult,
  UseRateImportResult,
} from '../../shared/api/capacity.ts';
import { translate, type Locale } from '../../shared/i18n/index.ts';
import { capacityDefaults, helseNordOnCall, helseVestPreset, syntheticProjection, type ExamMinutes } from './content.ts';
import { planFleet, UTILIZATION_RISK, weeklyOpeningMinutes, type KindDefaults } from './fleet.ts';
import {
  computeStaffNeed,
  indexProjection,
  projectExams,
  STAFF_PROFESSIONS,
  type Levers,
  type PopulationCell,
  type ProjectionIndex,
  type StaffProfession,
  type UseRate,
} from './model.ts';
import { costOnCallChange } from './on-call.ts';
import { CsvImportError } from '../csv/csv-table.ts';
import { parseProjectionCsv } from './projection-csv.ts';
import { compareResults, parseCompareIds } from './scenario-compare.ts';
import { bottomUpInput, topDownInput } from './scenario-input.ts';
import * as store from './store.ts';
import { parseUseRateCsv } from './use-rate-csv.ts';

type Db = Kysely<DB>;
export const DEFAULT_TARGET_YEAR = 2040;

export interface CapacityScope {
  /** Regions whose scenarios the caller sees ('all' for an analyst, who also sees the national ones). */
  regions: 'all' | string[];
  mayImport: boolean;
  /** Who asks, for the access log of a refused national scenario (null: the server itself, e.g. the demo seed). */
  who?: Who | null;
}

/** The caller's capacity scope (`ip` for the access log). Throws Forbidden when no role gives one. */
export async function capacityScope(db: Db, p: Principal, ip: string | null = null): Promise<CapacityScope> {
  const who: Who = { kind: 'user', principal: p, ip };
  if (hasRole(p, ['analyst'])) return { regions: 'all', mayImport: true, who };
  if (hasRole(p, ['department_leader'])) {
    const regions = await store.regionsOfOrganizations(db, grantOrganizations(p, ['department_leader']));
    if (regions.length > 0) return { regions, mayImport: false, who };
  }
  throw new Forbidden('Rollen din gir ikke tilgang til kapasitetsplanlegging / Your role gives no access to capacity planning');
}
/** May the caller use the region (`null`: the national scenarios, analysts only)? */
function mayUseRegion(scope: CapacityScope, regionId: string | null): boolean {
  return scope.regions === 'all' || (regionId !== null && scope.regions.includes(regionId));
}

// ---------------------------------------------------------------- data for the model (cached)

interface ModelData {
  rateYear: number | null;
  /** Radvis' own rates for areas without imported ones, and the imported rates (use-rate-csv.ts). */
  rates: UseRate[];
  /** Areas whose rates come from an imported table, with that table's year and label. */
  importedUse: Map<string, { year: number; label: string; importedAt: Date }>;
  projection: ProjectionIndex;
  projectionKind: 'synthetic' | 'imported';
  projectionLabel: string;
  importedAt: Date | null;
  areas: { id: string; name: string; region_id: string }[];
  regions: { id: string; name: string }[];
  lowValue: Record<string, number>;
  loadedAt: number;
}
const cache = new WeakMap<Db, ModelData>();
/** How long the use rates and projection are kept in memory (analytics refreshes every 30 s). */
const CACHE_MS = 60_000;

/** Drops the cached model data (after an import; tests after loading data). */
export function invalidateModelData(db: Db): void {
  cache.delete(db);
}

async function regionResolver(db: Db) {
  const [areas, municipalities] = await Promise.all([store.listAreas(db), store.municipalityAreas(db)]);
  const byName = new Map<string, string>();
  for (const a of areas) {
    byName.set(a.id.toLowerCase(), a.id);
    byName.set(a.name.toLowerCase(), a.id);
  }
  // "4601 Bergen" → municipality 4601's area; "bergen" / "Bergen" / "K-4601"-less names → area.
  return (region: string): string | undefined => {
    const m = /^(?:K-)?(\d{4}|\d{6})\b/.exec(region.trim());
    if (m) return municipalities.get(m[1]);
    return byName.get(region.trim().toLowerCase());
  };
}

async function modelData(db: Db): Promise<ModelData> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.loadedAt < CACHE_MS) return hit;
  const [areas, regions, chosen, imported, last, fraction, importedUse] = await Promise.all([
    store.listAreas(db),
    store.listRegions(db),
    store.rateYear(db, new Date()),
    store.importedProjection(db),
    store.latestImport(db),
    store.samplingFraction(db),
    store.importedUseRates(db),
  ]);
  const rateYear = chosen?.year ?? null;
  // A year the history covers only in part is annualized like a sample: its exams over the share covered.
  const [rates, lowValue] =
    chosen === null ? [[], {}] : await Promise.all([store.useRates(db, chosen.year, (fraction ?? 1) * chosen.coverage), store.lowValueShares(db, chosen.year)]);
  const synthetic = syntheticProjection(await regionResolver(db));
  // Imported rows replace the synthetic ones of the same area and year.
  const have = new Set(imported.map((c) => `${c.areaId}|${c.year}`));
  const cells: PopulationCell[] = [...synthetic.filter((c) => !have.has(`${c.areaId}|${c.year}`)), ...imported];
  const data: ModelData = {
    rateYear,
    // An area with imported rates uses only those (they replace Radvis' rates for it).
    rates: [...rates.filter((r) => !importedUse.byArea.has(r.areaId)), ...importedUse.rates],
    importedUse: importedUse.byArea,
    projection: indexProjection(cells),
    projectionKind: imported.length > 0 ? 'imported' : 'synthetic',
    projectionLabel: last && imported.length > 0 ? last.label : 'Syntetisk framskriving (ikke SSB)',
    importedAt: last && imported.length > 0 ? last.imported_at : null,
    areas,
    regions,
    lowValue,
    loadedAt: Date.now(),
  };
  cache.set(db, data);
  return data;
}

// ---------------------------------------------------------------- meta

function defaultsMinutes(): Record<string, ExamMinutes> {
  return Object.fromEntries(capacityDefaults().minutes.map((m) => [m.examType, m]));
}

/** What the page needs to start: regions, areas, defaults, projection source, presets. */
export async function meta(db: Db, scope: CapacityScope): Promise<CapacityMeta> {
  const d = await modelData(db);
  const defaults = capacityDefaults();
  const hv = helseVestPreset();
  const nord = helseNordOnCall();
  const overuse: Record<string, number> = {};
  for (const m of defaults.minutes) overuse[m.examType] = Math.round((d.lowValue[m.examType] ?? 0) * 10) / 10;
  const overuseMeasured = defaults.minutes.map((m) => m.examType).filter((type) => d.lowValue[type] !== undefined);
  return {
    regions: d.regions.filter((r) => mayUseRegion(scope, r.id)),
    areas: d.areas.filter((a) => mayUseRegion(scope, a.region_id)).map((a) => ({ id: a.id, name: a.name, regionId: a.region_id })),
    editableRegions: d.regions.filter((r) => mayUseRegion(scope, r.id)).map((r) => r.id),
    mayImport: scope.mayImport,
    examTypes: defaults.minutes.map((m) => m.examType),
    defaults: {
      targetYear: DEFAULT_TARGET_YEAR,
      hoursPerFte: defaults.hoursPerFte,
      minutes: Object.fromEntries(defaults.minutes.map((m) => [m.examType, { ...m.minutes, machine: m.machine }])),
      overuse,
      overuseMeasured,
    },
    projection: { kind: d.projectionKind, label: d.projectionLabel, importedAt: d.importedAt ? d.importedAt.toISOString() : null },
    useRates: useRatesMeta(d),
    presets: [
      {
        id: hv.id,
        name: hv.name,
        params: {
          scope: 'region',
          scopeId: hv.region,
          targetYear: hv.targetYear,
          demand: { kind: 'stated', growthPercent: hv.demand.statedGrowthPercent, byYear: hv.demand.byYear, baseYear: hv.baseYear },
          staff: hv.staff,
          levers: hv.levers as ScenarioParams['levers'],
        },
      },
    ],
    onCallCase: { name: nord.name, request: { items: nord.items, costPerFteNok: nord.costPerFteNok } },
  };
}

function useRatesMeta(d: ModelData): CapacityMeta['useRates'] {
  const latest = [...d.importedUse.values()].sort((a, b) => b.importedAt.getTime() - a.importedAt.getTime())[0];
  if (!latest) return null;
  return { label: latest.label, year: latest.year, importedAt: latest.importedAt.toISOString(), areas: [...d.importedUse.keys()].sort() };
}

/**
 * Where a population scenario over `areaIds` takes its use per 10,000 from, and its base year:
 * Radvis' rate year when no area has imported rates; the imported table's year when every area
 * has; the later of the years in use when some have ("mixed").
 */
function useRateSource(d: ModelData, areaIds: readonly string[]): { kind: 'radvis' | 'imported' | 'mixed'; baseYear: number | null; label: string | null } {
  const imported = areaIds.map((a) => d.importedUse.get(a)).filter((x) => x !== undefined);
  if (imported.length === 0) return { kind: 'radvis', baseYear: d.rateYear, label: null };
  const years = imported.map((x) => x.year);
  const labels = [...new Set(imported.map((x) => x.label))].join(', ');
  if (imported.length === areaIds.length) return { kind: 'imported', baseYear: Math.max(...years), label: labels };
  return { kind: 'mixed', baseYear: Math.max(...years, ...(d.rateYear === null ? [] : [d.rateYear])), label: labels };
}

// ---------------------------------------------------------------- compute

function checkLevers(levers: Levers | undefined): void {
  for (const [name, l] of Object.entries(levers ?? {}))
    if (l && l.toYear < l.fromYear)
      throw new Invalid(`Virkemiddelet slutter før det starter / Lever ${name} ends before it starts`, [
        { field: `/levers/${name}/toYear`, message: 'toYear must not be before fromYear' },
      ]);
}

/**
 * Computes a scenario for the caller. Errors: Invalid (unknown area or region, stated demand
 * without staff, no exam data for population demand, a lever ending before it starts), Forbidden
 * (a region outside the caller's scope).
 */
export async function compute(db: Db, scope: CapacityScope, params: ScenarioParams): Promise<ScenarioResult> {
  checkLevers(params.levers as Levers | undefined);
  const d = await modelData(db);
  let areaIds: string[];
  let scopeName: string;
  if (params.scope === 'country') {
    if (scope.regions !== 'all') throw new Forbidden('Bare analytikere ser hele landet / Only analysts see all of Norway');
    areaIds = d.areas.map((a) => a.id);
    scopeName = 'Hele landet';
  } else if (params.scope === 'region') {
    const r = d.regions.find((x) => x.id === params.scopeId);
    if (!r) throw new Invalid(`Ukjent region / Unknown region ${params.scopeId ?? ''}`, [{ field: '/scopeId', message: 'unknown region' }]);
    if (!mayUseRegion(scope, r.id)) throw new Forbidden('Du ser bare din egen region / You only see your own region');
    areaIds = d.areas.filter((a) => a.region_id === r.id).map((a) => a.id);
    scopeName = r.name;
  } else {
    const a = d.areas.find((x) => x.id === params.scopeId);
    if (!a)
      throw new Invalid(`Ukjent opptaksområde / Unknown referral area ${params.scopeId ?? ''}`, [{ field: '/scopeId', message: 'unknown referral area' }]);
    if (!mayUseRegion(scope, a.region_id)) throw new Forbidden('Du ser bare din egen region / You only see your own region');
    areaIds = [a.id];
    scopeName = a.name;
  }
  const defaults = capacityDefaults();
  const hoursPerFte = { ...defaults.hoursPerFte, ...params.hoursPerFte } as Record<StaffProfession, number>;
  const demand = params.demand ?? { kind: 'population' as const };
  const targetYear = params.targetYear ?? DEFAULT_TARGET_YEAR;
  const levers = (params.levers ?? {}) as Levers;
  const openHours: Record<string, number> = Object.fromEntries(defaults.equipment.map((e) => [e.kind, e.openHoursPerYear]));
  const machines = await store.machinesByKind(db, areaIds);

  let input: ReturnType<typeof topDownInput>;
  let unpriced: string[] = [];
  const source = useRateSource(d, areaIds);
  // An area without any rate counts as no exams: said in the basis, never silently left out.
  const rated = new Set(d.rates.map((r) => r.areaId));
  const withoutRates = areaIds.filter((a) => !rated.has(a)).map((a) => d.areas.find((x) => x.id === a)?.name ?? a);
  if (demand.kind === 'stated') {
    if (!params.staff || STAFF_PROFESSIONS.every((p) => !params.staff?.[p]))
      throw new Invalid('Oppgitt vekst krever dagens årsverk / A stated growth needs today’s FTE', [
        { field: '/staff', message: 'required with stated demand' },
      ]);
    if (targetYear <= demand.baseYear)
      throw new Invalid('Planåret må være etter basisåret / Target year must be after the base year', [
        { field: '/targetYear', message: 'must be after demand.baseYear' },
      ]);
    input = topDownInput({
      baseYear: demand.baseYear,
      targetYear,
      growthPercent: demand.growthPercent,
      byYear: demand.byYear,
      staff: params.staff,
      hoursPerFte,
    });
  } else {
    const inScope = new Set(areaIds);
    if (source.baseYear === null || !d.rates.some((r) => inScope.has(r.areaId)))
      throw new Invalid('Ingen undersøkelsesdata å beregne bruk fra / No exam data to compute use from', [
        { field: '/demand', message: 'no exam data; use a stated growth or import use rates' },
      ]);
    const baseYear = source.baseYear;
    if (targetYear <= baseYear)
      throw new Invalid('Planåret må være etter basisåret / Target year must be after the base year', [
        { field: '/targetYear', message: `must be after ${baseYear}` },
      ]);
    const exams = projectExams(d.rates, d.projection, new Set(areaIds), baseYear, targetYear);
    const byType = defaultsMinutes();
    const minutes: ExamMinutes[] = Object.keys(exams)
      .filter((t) => byType[t] || params.minutes?.[t])
      .map((t) => {
        const base = byType[t] ?? {
          examType: t,
          minutes: { radiologist: 0, lis: 0, radiographer: 0, reporting_radiographer: 0 },
          machine: 0,
          source: 'set in scenario',
        };
        const o = params.minutes?.[t] ?? {};
        const mins = { ...base.minutes };
        for (const p of STAFF_PROFESSIONS) if (o[p] !== undefined) mins[p] = o[p];
        return { ...base, minutes: mins, machine: o.machine ?? base.machine };
      });
    const b = bottomUpInput({ baseYear, targetYear, exams, minutes, hoursPerFte, staff: params.staff, machines, machineHoursPerMachine: openHours });
    unpriced = b.unpriced;
    input = b;
  }
  const withLevers = computeStaffNeed(input, levers);
  const without = computeStaffNeed(input);
  const round = (v: number) => Math.round(v * 100) / 100;
  const roundRec = <T extends Record<string, number>>(r: T) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])) as T;
  return {
    scopeName,
    baseYear: input.baseYear,
    targetYear: input.targetYear,
    examTypes: input.examTypes,
    staff: roundRec(input.staff),
    baseNeed: roundRec(withLevers.baseNeed),
    machines,
    years: withLevers.years.map((y, i) => ({
      year: y.year,
      exams: roundRec(y.exams),
      need: roundRec(y.need),
      gap: roundRec(y.gap),
      needWithoutMeasures: roundRec(without.years[i].need),
      machinesNeeded: roundRec(y.machinesNeeded),
      capacityIndex: Math.round(y.capacityIndex * 10000) / 10000,
    })),
    basis: {
      demand: demand.kind,
      rateYear: demand.kind === 'population' ? source.baseYear : null,
      projection: demand.kind === 'population' ? d.projectionKind : 'none',
      projectionLabel: demand.kind === 'population' ? d.projectionLabel : null,
      useRates: demand.kind === 'population' ? source.kind : 'none',
      useRatesLabel: demand.kind === 'population' ? source.label : null,
      areasWithoutRates: demand.kind === 'population' ? withoutRates : [],
      areaCount: areaIds.length,
      unpriced,
      hoursPerFte,
    },
  };
}

/** The result as CSV rows: one row per year × profession (need, gap, need without measures), the profession in words in `locale`. */
export function resultRows(r: ScenarioResult, locale: Locale = 'nb'): Record<string, unknown>[] {
  return r.years.flatMap((y) =>
    STAFF_PROFESSIONS.map((p) => ({
      scope: r.scopeName,
      year: y.year,
      // In words (issue 8), as the page names the profession.
      profession: translate(locale, `capacity.profession.${p}`),
      fte_need: y.need[p],
      fte_need_without_measures: y.needWithoutMeasures[p],
      fte_today: r.staff[p],
      gap: y.gap[p],
      capacity_index: y.capacityIndex,
    })),
  );
}
export const RESULT_COLUMNS = ['scope', 'year', 'profession', 'fte_need', 'fte_need_without_measures', 'fte_today', 'gap', 'capacity_index'];

// ---------------------------------------------------------------- saved scenarios

type ScenarioRow = Awaited<ReturnType<typeof store.listScenarios>>[number];
function toScenario(r: ScenarioRow, scope: CapacityScope): Scenario {
  return {
    id: r.id,
    name: r.name,
    regionId: r.region_id,
    regionName: r.region_name,
    analystsOnly: r.region_id === null,
    params: r.params as unknown as ScenarioParams,
    createdBy: r.created_by_name,
    updatedAt: new Date(r.updated_at).toISOString(),
    version: Number(r.version),
    editable: mayUseRegion(scope, r.region_id),
  };
}

/**
 * The region a scenario's parameters cover: the region itself, the region of the referral area, or
 * null for all of Norway (and for an unknown area).
 */
async function paramsRegion(db: Db, params: ScenarioParams): Promise<string | null> {
  if (params.scope === 'region') return params.scopeId ?? null;
  if (params.scope === 'area') return (await store.listAreas(db)).find((a) => a.id === params.scopeId)?.region_id ?? null;
  return null;
}

/**
 * A scenario is shared with the planners of the region it is saved in, so its parameters must lie
 * in that region (the region or one of its referral areas): otherwise they would see it listed and
 * be refused when opening it. All of Norway, or another region's area, is computed (analysts) but
 * not saved as a shared scenario. Invalid (400) naming /params/scope.
 */
async function requireParamsInRegion(db: Db, regionId: string | null, params: ScenarioParams): Promise<void> {
  // A national scenario (no region, analysts only) covers all of Norway and nothing else.
  if (regionId === null) {
    if (params.scope === 'country') return;
    throw new Invalid('Et scenario for hele landet må gjelde hele landet / A national scenario must cover all of Norway', [
      { field: '/params/scope', message: 'a national scenario covers all of Norway' },
    ]);
  }
  if ((await paramsRegion(db, params)) === regionId) return;
  throw new Invalid(
    'Et scenario deles i én region og må gjelde den regionen eller et opptaksområde i den; hele landet kan beregnes, men ikke lagres / A scenario is shared within one region and must cover that region or a referral area in it; all of Norway can be computed but not saved',
    [{ field: '/params/scope', message: 'outside the region the scenario is shared in' }],
  );
}

/**
 * Whether the caller could compute the saved scenario (a planner sees only what they can open; an
 * analyst everything): guards scenarios saved before requireParamsInRegion with parameters outside
 * their region.
 */
async function mayOpen(db: Db, scope: CapacityScope, r: ScenarioRow): Promise<boolean> {
  if (scope.regions === 'all') return true;
  if (r.region_id === null || !mayUseRegion(scope, r.region_id)) return false;
  const region = await paramsRegion(db, r.params as unknown as ScenarioParams);
  return region !== null && mayUseRegion(scope, region);
}

/** The saved scenarios the caller may open: those shared in their regions (analysts: all). */
export async function listScenarios(db: Db, scope: CapacityScope): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const r of await store.listScenarios(db, scope.regions)) if (await mayOpen(db, scope, r)) out.push(toScenario(r, scope));
  return out;
}

/**
 * A saved scenario the caller may open. NotFound when it does not exist or belongs to another
 * region (not revealed). A national scenario (analysts only, 0380) opened by anyone else is
 * refused with Forbidden (403, field `scenario`, message `analysts-only`) after one refused
 * access-log row (reason analysts-only, resource CapacityScenario/<id>, `action` as asked) — the
 * lead's rule for issue 12: regional planners see only their region's scenarios.
 */
export async function getScenario(db: Db, scope: CapacityScope, id: string, action: AccessAction = 'read'): Promise<Scenario> {
  const r = await store.getScenario(db, id);
  if (r && r.region_id === null && scope.regions !== 'all') {
    if (scope.who)
      await logRefusal(db, scope.who, 'analysts-only', {
        patientId: null,
        resourceType: 'CapacityScenario',
        resourceId: id,
        action,
        context: 'capacity-scenario',
      });
    throw new Forbidden('Scenarioet er bare for analytikere / The scenario is for analysts only', [{ field: 'scenario', message: 'analysts-only' }]);
  }
  if (!r || !(await mayOpen(db, scope, r))) throw new NotFound('Fant ikke scenarioet / Scenario not found');
  return toScenario(r, scope);
}

/**
 * GET /api/capacity/scenarios/compare: two to four saved scenarios, each computed on today's data
 * exactly as GET scenarios/{id}/result computes it, side by side (scenario-compare.ts). Errors:
 * Invalid (`ids` malformed, repeated, fewer than two or more than four), NotFound (a scenario the
 * caller may not see — another region's — or that does not exist), and compute's errors.
 */
export async function compareScenarios(db: Db, scope: CapacityScope, idsText: string): Promise<ScenarioComparison> {
  const ids = parseCompareIds(idsText);
  const scenarios: Scenario[] = [];
  for (const id of ids) scenarios.push(await getScenario(db, scope, id));
  const items: { scenario: Scenario; result: ScenarioResult }[] = [];
  for (const scenario of scenarios) items.push({ scenario, result: await compute(db, scope, scenario.params) });
  return compareResults(items);
}

/**
 * The region a new scenario is shared in: the one asked for, else the one its parameters cover,
 * else the caller's only region. A scenario over all of Norway without a region asked for is
 * national (null): analysts only (Forbidden for anyone else — they cannot compute it either).
 */
async function regionForSave(db: Db, scope: CapacityScope, body: SaveScenario): Promise<string | null> {
  if (!body.regionId && body.params.scope === 'country') {
    if (scope.regions !== 'all') throw new Forbidden('Bare analytikere ser hele landet / Only analysts see all of Norway');
    return null;
  }
  const regions = await store.listRegions(db);
  let regionId = body.regionId;
  if (!regionId) {
    if (body.params.scope === 'region' && body.params.scopeId) regionId = body.params.scopeId;
    else if (body.params.scope === 'area') regionId = (await store.listAreas(db)).find((a) => a.id === body.params.scopeId)?.region_id;
    else if (scope.regions !== 'all' && scope.regions.length === 1) regionId = scope.regions[0];
  }
  if (!regionId || !regions.some((r) => r.id === regionId))
    throw new Invalid('Velg regionen scenarioet deles i / Choose the region to share in', [{ field: '/regionId', message: 'unknown or missing region' }]);
  if (!mayUseRegion(scope, regionId)) throw new Forbidden('Du kan bare dele i din egen region / You can only share within your own region');
  return regionId;
}

/**
 * The demo's two saved scenarios for `regionId` (so a newcomer can open and compare them at once):
 * the region without measures, and the same with AI (−20 % reading time) and task sharing (10 % of
 * radiologist minutes to reporting radiographers) phased in from next year to the target year.
 * Illustrative lever values, not a plan's figures. Each is computed before it is saved, as
 * createScenario does, so a scenario that would answer "no exam data" is never stored: main.ts
 * calls this after the demo's first build of the analytics aggregates it is computed from (before
 * the server reports ready). Errors: compute's (Invalid when the region has no exam data yet);
 * nothing is saved then. Does nothing when the region already has scenarios.
 */
export async function seedDemoScenarios(db: Db, regionId: string, userId: string, thisYear: number): Promise<void> {
  const scope: CapacityScope = { regions: [regionId], mayImport: false, who: null };
  if ((await listScenarios(db, scope)).length > 0) return;
  const base = { scope: 'region' as const, scopeId: regionId, targetYear: DEFAULT_TARGET_YEAR };
  const phase = { fromYear: thisYear + 1, toYear: DEFAULT_TARGET_YEAR };
  const scenarios: { name: string; params: ScenarioParams }[] = [
    { name: 'Uten tiltak (demo)', params: base },
    { name: 'KI og oppgavedeling (demo)', params: { ...base, levers: { ai: { percent: 20, ...phase }, taskShift: { percent: 10, ...phase } } } },
  ];
  // Read the aggregates as they are now (an earlier read may be cached from before they were built).
  invalidateModelData(db);
  for (const x of scenarios) await compute(db, scope, x.params);
  for (const x of scenarios) await store.insertScenario(db, { id: crypto.randomUUID(), regionId, name: x.name, params: x.params, userId });
}

/** Saves a new named scenario, shared within its region — or, for an analyst's scenario over all of Norway, national (analysts only). Errors: Invalid, Forbidden, Conflict (name taken). */
export async function createScenario(db: Db, scope: CapacityScope, userId: string, body: SaveScenario): Promise<Scenario> {
  const regionId = await regionForSave(db, scope, body);
  await requireParamsInRegion(db, regionId, body.params);
  await compute(db, scope, body.params); // refuses parameters that cannot be computed, before saving
  if (await store.scenarioNameTaken(db, regionId, body.name))
    throw new Conflict('Et scenario med dette navnet finnes i regionen / A scenario with this name exists in the region');
  const id = crypto.randomUUID();
  await store.insertScenario(db, { id, regionId, name: body.name, params: body.params, userId });
  return getScenario(db, scope, id);
}

/** Updates a scenario (name, parameters) given the version read. Errors: NotFound, Invalid, Conflict (stale version or name taken). */
export async function updateScenario(db: Db, scope: CapacityScope, userId: string, id: string, body: SaveScenario): Promise<Scenario> {
  const current = await getScenario(db, scope, id, 'update');
  if (body.version === undefined) throw new Invalid('Versjon mangler / version is required', [{ field: '/version', message: 'required when updating' }]);
  await requireParamsInRegion(db, current.regionId, body.params);
  await compute(db, scope, body.params);
  if (await store.scenarioNameTaken(db, current.regionId, body.name, id))
    throw new Conflict('Et scenario med dette navnet finnes i regionen / A scenario with this name exists in the region');
  if (!(await store.updateScenario(db, { id, name: body.name, params: body.params, userId, version: body.version })))
    throw new Conflict('Noen andre har lagret scenarioet i mellomtiden / Someone else saved the scenario in the meantime');
  return getScenario(db, scope, id);
}

export async function deleteScenario(db: Db, scope: CapacityScope, id: string): Promise<void> {
  await getScenario(db, scope, id, 'delete');
  await store.deleteScenario(db, id);
}

// ---------------------------------------------------------------- projection import

/** Imports an SSB-format projection (analyst). Errors: Forbidden, Invalid listing line and column of each problem. */
export async function importProjection(db: Db, scope: CapacityScope, userId: string, label: string, csv: string) {
  if (!scope.mayImport) throw new Forbidden('Bare analytikere kan laste inn framskrivinger / Only analysts may import projections');
  let parsed;
  try {
    parsed = parseProjectionCsv(csv, await regionResolver(db));
  } catch (e) {
    if (e instanceof CsvImportError)
      throw new Invalid(
        `Framskrivingen ble ikke lest inn / The projection was refused: ${e.message}`,
        e.problems.map((p) => ({ field: `linje ${p.line}, kolonne ${p.column}${p.heading ? ` (${p.heading})` : ''}`, message: p.message })),
      );
    throw e;
  }
  const importId = await store.saveProjection(db, { label, alternative: parsed.alternative, rows: parsed.rows, userId }, parsed.cells);
  invalidateModelData(db);
  return { importId, rows: parsed.rows, cells: parsed.cells.length, areas: parsed.areaIds, years: parsed.years, alternative: parsed.alternative };
}

/**
 * POST /api/capacity/use-rates (analyst): imports a table of use per 10,000 (use-rate-csv.ts). Its
 * rates replace the imported rates of the areas it covers and, for those areas, Radvis' own rates.
 * 400 with line and column for any problem; nothing is stored then.
 */
export async function importUseRates(db: Db, scope: CapacityScope, userId: string, label: string, csv: string): Promise<UseRateImportResult> {
  if (!scope.mayImport) throw new Forbidden('Bare analytikere kan laste inn bruksrater / Only analysts may import use rates');
  let parsed;
  try {
    parsed = parseUseRateCsv(
      csv,
      await areaResolver(db),
      capacityDefaults().minutes.map((m) => m.examType),
    );
  } catch (e) {
    if (e instanceof CsvImportError)
      throw new Invalid(
        `Tabellen ble ikke lest inn / The use-rate table was refused: ${e.message}`,
        e.problems.map((p) => ({ field: `linje ${p.line}, kolonne ${p.column}${p.heading ? ` (${p.heading})` : ''}`, message: p.message })),
      );
    throw e;
  }
  const importId = await store.saveUseRates(db, { label, year: parsed.year, rows: parsed.rows, userId }, parsed.rates);
  invalidateModelData(db);
  return { importId, rows: parsed.rows, year: parsed.year, areas: parsed.areaIds, examTypes: parsed.examTypes };
}

/** DELETE /api/capacity/use-rates (analyst): every area uses Radvis' own rates again. */
export async function clearUseRates(db: Db, scope: CapacityScope): Promise<{ removed: number }> {
  if (!scope.mayImport) throw new Forbidden('Bare analytikere kan fjerne bruksrater / Only analysts may remove use rates');
  const removed = await store.clearUseRates(db);
  invalidateModelData(db);
  return { removed };
}

/** A referral area by id or name (use rates are per area; municipalities are not summed into one). */
async function areaResolver(db: Db) {
  const byName = new Map<string, string>();
  for (const a of await store.listAreas(db)) {
    byName.set(a.id.toLowerCase(), a.id);
    byName.set(a.name.toLowerCase(), a.id);
  }
  return (region: string) => byName.get(region.trim().toLowerCase());
}

// ---------------------------------------------------------------- on-call

export function onCall(req: OnCallRequest) {
  return costOnCallChange(req.items, req.costPerFteNok);
}

// ---------------------------------------------------------------- fleet

/** The fleet of a region (default: the caller's first region; analysts without one: all of Norway). */
export async function fleet(db: Db, scope: CapacityScope, q: { region?: string; horizon?: number }, now = new Date()): Promise<FleetResponse> {
  const regionId = q.region ?? (scope.regions === 'all' ? null : scope.regions[0]);
  if (regionId !== null && !mayUseRegion(scope, regionId)) throw new Forbidden('Du ser bare din egen region / You only see your own region');
  const thisYear = now.getUTCFullYear();
  const horizon = q.horizon ?? DEFAULT_TARGET_YEAR;
  if (horizon < thisYear)
    throw new Invalid('Horisonten må være i år eller senere / Horizon must be this year or later', [{ field: '/horizon', message: `must be ≥ ${thisYear}` }]);
  const since = new Date(now.getTime() - 365 * 86_400_000);
  const [rows, fraction, regions] = await Promise.all([store.fleetRows(db, regionId, since), store.samplingFraction(db), store.listRegions(db)]);
  const defaults = capacityDefaults();
  const kindDefaults: Record<string, KindDefaults> = Object.fromEntries(defaults.equipment.map((e) => [e.kind, e]));
  const machineMinutes = Object.fromEntries(defaults.minutes.map((m) => [m.examType, m.machine]));
  const plan = planFleet(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      siteName: r.site_name,
      installedYear: r.installed_year === null ? null : Number(r.installed_year),
      lifetimeYears: r.lifetime_years === null ? null : Number(r.lifetime_years),
      replacementCostNok: r.replacement_cost_nok === null ? null : Number(r.replacement_cost_nok),
      weeklyOpenMinutes: r.shift_minutes !== null && Number(r.shift_minutes) > 0 ? Number(r.shift_minutes) : weeklyOpeningMinutes(r.opening_hours),
      // Demo exams are a sample of a real year (samplingFraction); bookings are not.
      usedMinutes: Math.max(Number(r.booked_minutes ?? 0), (Number(r.exams ?? 0) / (fraction ?? 1)) * (machineMinutes[r.kind] ?? 0)),
    })),
    kindDefaults,
    thisYear,
    horizon,
  );
  const editable = new Set(rows.filter((r) => r.region_id !== null && mayUseRegion(scope, r.region_id)).map((r) => r.id));
  return {
    machines: plan.machines.map((m) => ({
      ...m,
      utilization: m.utilization === null ? null : Math.round(m.utilization * 1000) / 1000,
      editable: editable.has(m.id),
    })),
    plan: plan.plan,
    utilizationThreshold: UTILIZATION_RISK,
    regionName: regionId === null ? null : (regions.find((r) => r.id === regionId)?.name ?? null),
    period: { from: thisYear, to: horizon },
  };
}

/** Sets a machine's installation data. Errors: NotFound (unknown machine), Forbidden (another region). */
export async function saveEquipment(
  db: Db,
  scope: CapacityScope,
  userId: string,
  modalityId: string,
  body: { installedYear: number; lifetimeYears?: number | null; replacementCostNok?: number | null },
) {
  const m = await store.machineRegion(db, modalityId);
  if (!m) throw new NotFound('Fant ikke maskinen / Machine not found');
  if (m.regionId === null || !mayUseRegion(scope, m.regionId))
    throw new Forbidden('Maskinen hører til en annen region / The machine belongs to another region');
  await store.saveEquipment(db, {
    modalityId,
    installedYear: body.installedYear,
    lifetimeYears: body.lifetimeYears ?? null,
    replacementCostNok: body.replacementCostNok ?? null,
    userId,
  });
}

/**
 * Demo step (called by synthetic/demo.ts): synthetic installation years for machines that have
 * none, so the fleet view has a replacement plan. Synthetic data only; one set-based statement.
 */
export async function seedDemoEquipment(db: Db, thisYear: number): Promise<void> {
  await store.insertDemoInstallationYears(db, thisYear);
}
