// The capacity domain's SQL, and the only place it is written. Reads the directory (regions,
// areas, machines), the analytics aggregates of issue 10 (analytics_exam_count and
// analytics_indicator_count are that domain's published, read-only aggregate tables: use per
// 10,000 and low-value shares come from them, never from patient rows), and its own tables
// (migration 0150).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PopulationCell, Sex, UseRate } from './model.ts';

type Db = Kysely<DB>;

export async function listRegions(db: Db) {
  return db.selectFrom('region').select(['id', 'name']).orderBy('id').execute();
}
export async function listAreas(db: Db) {
  return db.selectFrom('hospital_area').select(['id', 'name', 'region_id']).orderBy('id').execute();
}
/** Municipality number → referral area (for projection files by municipality). */
export async function municipalityAreas(db: Db): Promise<Map<string, string>> {
  const r = await db.selectFrom('municipality').select(['number', 'area_id']).execute();
  return new Map(r.map((m) => [m.number, m.area_id]));
}

/** Regions of the organizations a caller holds grants in. */
export async function regionsOfOrganizations(db: Db, orgIds: string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const r = await db.selectFrom('organization').select('region_id').distinct().where('id', 'in', orgIds).where('region_id', 'is not', null).execute();
  return r.map((x) => x.region_id!).filter(Boolean);
}

/**
 * The year whose exams give the use per 10,000, and the share of that year the exam history covers
 * (1 for a complete year), chosen by chooseRateYear from the first and last exam in the database
 * (exam.performed_at, indexed); null without exams.
 */
export async function rateYear(db: Db, now: Date): Promise<{ year: number; coverage: number } | null> {
  const r = await db
    .selectFrom('exam')
    .select((e) => [e.fn.min('performed_at').as('first'), e.fn.max('performed_at').as('last')])
    .executeTakeFirst();
  if (!r?.first || !r.last) return null;
  return chooseRateYear(new Date(r.first), new Date(r.last), now);
}

const DAY_MS = 86_400_000;

/**
 * The rate year for a history of exams from `first` to `last` (times), at `now`: the latest
 * calendar year the history covers whole (coverage 1); when it covers none whole (a history shorter
 * than a calendar year, as the demo's one year ending today), the year it covers most of, with that
 * share (days covered / days in the year, 0–1) so use can be annualized — a year with one month of
 * history read as a whole year gave twelve times too little use.
 */
export function chooseRateYear(first: Date, last: Date, now: Date): { year: number; coverage: number } {
  const end = Math.min(last.getTime(), now.getTime());
  let best = { year: first.getUTCFullYear(), coverage: 0 };
  for (let y = first.getUTCFullYear(); y <= new Date(end).getUTCFullYear(); y++) {
    const from = Date.UTC(y, 0, 1);
    const to = Date.UTC(y + 1, 0, 1);
    const covered = Math.max(0, Math.min(to, end + DAY_MS) - Math.max(from, Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate())));
    const coverage = Math.min(1, covered / (to - from));
    if (coverage >= 1 && y < now.getUTCFullYear()) best = { year: y, coverage: 1 };
    else if (best.coverage < 1 && coverage >= best.coverage) best = { year: y, coverage };
  }
  return best;
}

/**
 * The demo's sampling fraction (app_meta 'demo', written by the synthetic loader): the generated
 * exams are this share of a real year's volume, so use per 10,000 is divided by it (as analytics
 * does). Null outside the demo.
 */
export async function samplingFraction(db: Db): Promise<number | null> {
  const r = await db.selectFrom('app_meta').select('value').where('key', '=', 'demo').executeTakeFirst();
  const v = (r?.value as { samplingFraction?: unknown } | undefined)?.samplingFraction;
  return typeof v === 'number' && v > 0 && v <= 1 ? v : null;
}

/**
 * Use per 10,000 in `year` by area × sex × 5-year band × modality: exams (by the patient's
 * referral area, any provider) over the area's population in that stratum. Strata with unknown
 * area, sex or age are left out (they cannot be projected).
 */
export async function useRates(db: Db, year: number, fraction = 1): Promise<UseRate[]> {
  const r = await sql<{ area_id: string; sex: Sex; age_from: number; modality: string; exams: string; population: string }>`
    WITH e AS (
      SELECT area_id, sex, age_from, modality, sum(exams) AS exams FROM analytics_exam_count
      WHERE year = ${year}::int AND area_id <> '' AND sex IN ('M', 'F') AND age_from >= 0 GROUP BY 1, 2, 3, 4
    ), p AS (
      SELECT DISTINCT ON (area_id, sex, age_from) area_id, sex, age_from, population FROM area_population
      ORDER BY area_id, sex, age_from, abs(year - ${year}::int), year DESC
    )
    SELECT e.area_id, e.sex, e.age_from, e.modality, e.exams, p.population FROM e
    JOIN p ON p.area_id = e.area_id AND p.sex = e.sex AND p.age_from = e.age_from WHERE p.population > 0`.execute(db);
  return r.rows.map((x) => ({
    areaId: x.area_id,
    sex: x.sex,
    ageFrom: Number(x.age_from),
    examType: x.modality,
    per10000: (Number(x.exams) / Number(x.population) / fraction) * 10000,
  }));
}

/**
 * Low-value share per modality in `year`, in percent: referrals meeting a low-value indicator (per
 * exam code the largest numerator of the indicators that cover it, so overlapping indicators do not
 * count twice) over all exams of that modality. The default for the overuse lever. A modality no
 * indicator counted anything for in `year` (no definition covers its exams, or none of its referrals
 * fell in a denominator) is absent: not measured, which is not the same as 0 %.
 */
export async function lowValueShares(db: Db, year: number): Promise<Record<string, number>> {
  const r = await sql<{ modality: string; low: string | null; exams: string }>`
    WITH i AS (
      SELECT exam_code, modality, max(n) AS n FROM (
        SELECT indicator_id, exam_code, modality, sum(numerator) AS n FROM analytics_indicator_count WHERE year = ${year}::int GROUP BY 1, 2, 3
      ) x GROUP BY 1, 2
    ), e AS (SELECT modality, sum(exams) AS exams FROM analytics_exam_count WHERE year = ${year}::int GROUP BY 1)
    SELECT e.modality, (SELECT sum(n) FROM i WHERE i.modality = e.modality) AS low, e.exams FROM e`.execute(db);
  const out: Record<string, number> = {};
  for (const x of r.rows) if (Number(x.exams) > 0 && x.low !== null) out[x.modality] = Math.min(100, (Number(x.low) / Number(x.exams)) * 100);
  return out;
}

/** Imported projection rows (all areas), or [] when none was imported. */
export async function importedProjection(db: Db): Promise<PopulationCell[]> {
  const r = await db.selectFrom('capacity_projection').select(['area_id', 'year', 'sex', 'age_from', 'population']).execute();
  return r.map((x) => ({ areaId: x.area_id, year: Number(x.year), sex: x.sex, ageFrom: Number(x.age_from), population: Number(x.population) }));
}
export async function latestImport(db: Db) {
  return db.selectFrom('capacity_projection_import').select(['id', 'label', 'imported_at']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Stores an import: its rows replace earlier rows of the same area × year, in one transaction. */
export async function saveProjection(
  db: Db,
  meta: { label: string; alternative: string | null; rows: number; userId: string },
  cells: readonly PopulationCell[],
): Promise<string> {
  return db.transaction().execute(async (tx) => {
    const imp = await tx
      .insertInto('capacity_projection_import')
      .values({ label: meta.label, alternative: meta.alternative, rows: meta.rows, imported_by: meta.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pairs = [...new Set(cells.map((c) => `${c.areaId}|${c.year}`))].map((k) => k.split('|'));
    for (const [areaId, year] of pairs) await tx.deleteFrom('capacity_projection').where('area_id', '=', areaId).where('year', '=', Number(year)).execute();
    for (let i = 0; i < cells.length; i += 2000)
      await tx
        .insertInto('capacity_projection')
        .values(
          cells
            .slice(i, i + 2000)
            .map((c) => ({ area_id: c.areaId, year: c.year, sex: c.sex, age_from: c.ageFrom, population: c.population, import_id: String(imp.id) })),
        )
        .execute();
    return String(imp.id);
  });
}

// ---------------------------------------------------------------- imported use rates (0265)

/** The imported use rates (every area with an import) and the import they came from. */
export async function importedUseRates(db: Db): Promise<{ rates: UseRate[]; byArea: Map<string, { year: number; label: string; importedAt: Date }> }> {
  const rows = await db
    .selectFrom('capacity_use_rate as r')
    .innerJoin('capacity_use_rate_import as i', 'i.id', 'r.import_id')
    .select(['r.area_id', 'r.exam_type', 'r.sex', 'r.age_from', 'r.per_10000', 'i.rate_year', 'i.label', 'i.imported_at'])
    .execute();
  const byArea = new Map<string, { year: number; label: string; importedAt: Date }>();
  for (const r of rows) if (!byArea.has(r.area_id)) byArea.set(r.area_id, { year: Number(r.rate_year), label: r.label, importedAt: r.imported_at });
  return {
    rates: rows.map((r) => ({ areaId: r.area_id, sex: r.sex, ageFrom: Number(r.age_from), examType: r.exam_type, per10000: Number(r.per_10000) })),
    byArea,
  };
}

/** Stores a use-rate import: it replaces every imported rate of the areas it covers, in one transaction. */
export async function saveUseRates(db: Db, meta: { label: string; year: number; rows: number; userId: string }, rates: readonly UseRate[]): Promise<string> {
  return db.transaction().execute(async (tx) => {
    const imp = await tx
      .insertInto('capacity_use_rate_import')
      .values({ label: meta.label, rate_year: meta.year, rows: meta.rows, imported_by: meta.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const areas = [...new Set(rates.map((r) => r.areaId))];
    if (areas.length > 0) await tx.deleteFrom('capacity_use_rate').where('area_id', 'in', areas).execute();
    for (let i = 0; i < rates.length; i += 2000)
      await tx
        .insertInto('capacity_use_rate')
        .values(
          rates
            .slice(i, i + 2000)
            .map((r) => ({ area_id: r.areaId, exam_type: r.examType, sex: r.sex, age_from: r.ageFrom, per_10000: r.per10000, import_id: String(imp.id) })),
        )
        .execute();
    return String(imp.id);
  });
}

/** Drops every imported use rate (Radvis' own rates apply again); the import records stay. Returns the rows removed. */
export async function clearUseRates(db: Db): Promise<number> {
  const r = await db.deleteFrom('capacity_use_rate').executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---------------------------------------------------------------- scenarios

/** Saved scenarios with their region's and creator's names (one query shape for the list and one scenario). */
function scenarioQuery(db: Db) {
  return db
    .selectFrom('capacity_scenario as s')
    .leftJoin('region as r', 'r.id', 's.region_id')
    .innerJoin('user_account as u', 'u.id', 's.created_by')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .select([
      's.id',
      's.name',
      's.region_id',
      'r.name as region_name',
      's.params',
      sql<string>`p.given_name || ' ' || p.family_name`.as('created_by_name'),
      's.updated_at',
      's.version',
    ]);
}

/** Saved scenarios of these regions; 'all' (analysts) also gives the national ones (region_id NULL, 0380). */
export async function listScenarios(db: Db, regionIds: string[] | 'all') {
  let q = scenarioQuery(db).orderBy('s.region_id').orderBy('s.name');
  if (regionIds !== 'all') {
    if (regionIds.length === 0) return [];
    q = q.where('s.region_id', 'in', regionIds);
  }
  return q.execute();
}
export async function getScenario(db: Db, id: string) {
  return scenarioQuery(db).where('s.id', '=', id).executeTakeFirst();
}
/** Whether `name` is taken in the region (`regionId` null: among the national scenarios). */
export async function scenarioNameTaken(db: Db, regionId: string | null, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('capacity_scenario').select('id').where('name', '=', name);
  q = regionId === null ? q.where('region_id', 'is', null) : q.where('region_id', '=', regionId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}
export async function insertScenario(db: Db, s: { id: string; regionId: string | null; name: string; params: unknown; userId: string }) {
  await db
    .insertInto('capacity_scenario')
    .values({ id: s.id, region_id: s.regionId, name: s.name, params: JSON.stringify(s.params), created_by: s.userId, updated_by: s.userId })
    .execute();
}
/** Updates when `version` matches; returns false when it did not (someone saved in between). */
export async function updateScenario(db: Db, s: { id: string; name: string; params: unknown; userId: string; version: number }): Promise<boolean> {
  const r = await db
    .updateTable('capacity_scenario')
    .set({ name: s.name, params: JSON.stringify(s.params), updated_by: s.userId, updated_at: new Date(), version: sql<number>`version + 1` })
    .where('id', '=', s.id)
    .where('version', '=', s.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function deleteScenario(db: Db, id: string) {
  await db.deleteFrom('capacity_scenario').where('id', '=', id).execute();
}

// ---------------------------------------------------------------- fleet

/** Active machines with site, region, installation data, weekly open minutes and last-year use. */
export async function fleetRows(db: Db, regionId: string | null, since: Date) {
  const r = await sql<{
    id: string;
    name: string;
    kind: string;
    site_name: string;
    region_id: string | null;
    opening_hours: Record<string, [string, string]>;
    installed_year: number | null;
    lifetime_years: number | null;
    replacement_cost_nok: string | null;
    shift_minutes: string | null;
    booked_minutes: string | null;
    exams: string | null;
  }>`
    SELECT m.id, m.name, m.kind, o.name AS site_name, coalesce(o.region_id, parent.region_id) AS region_id, m.opening_hours,
      e.installed_year, e.lifetime_years, e.replacement_cost_nok,
      sh.minutes AS shift_minutes, bk.minutes AS booked_minutes, coalesce(ex.n, 0) AS exams
    FROM modality m
    JOIN organization o ON o.id = m.site_org_id
    LEFT JOIN organization parent ON parent.id = o.parent_id
    LEFT JOIN capacity_equipment e ON e.modality_id = m.id
    -- One grouped pass per source instead of a subquery per machine: exam has no index on
    -- modality_id, so each machine's count read the whole year's exams again (4–5 s for a region
    -- of 98 machines on the demo's PGlite).
    LEFT JOIN (SELECT s.modality_id, sum(extract(epoch FROM (s.end_time - s.start_time)) / 60) AS minutes FROM modality_shift s GROUP BY s.modality_id) sh
      ON sh.modality_id = m.id
    LEFT JOIN (
      SELECT p.modality_id, sum(p.duration_minutes) AS minutes FROM scheduled_procedure_step p
      WHERE p.status <> 'cancelled' AND p.start_date >= ${since.toISOString().slice(0, 10)}::date GROUP BY p.modality_id
    ) bk ON bk.modality_id = m.id
    LEFT JOIN (SELECT x.modality_id, count(*) AS n FROM exam x WHERE x.performed_at >= ${since} GROUP BY x.modality_id) ex ON ex.modality_id = m.id
    WHERE m.active AND (${regionId}::text IS NULL OR coalesce(o.region_id, parent.region_id) = ${regionId}::text)
    ORDER BY o.name, m.name`.execute(db);
  return r.rows;
}
export async function machineRegion(db: Db, modalityId: string): Promise<{ regionId: string | null } | undefined> {
  const r = await db
    .selectFrom('modality as m')
    .innerJoin('organization as o', 'o.id', 'm.site_org_id')
    .leftJoin('organization as parent', 'parent.id', 'o.parent_id')
    .select(['o.region_id', 'parent.region_id as parent_region'])
    .where('m.id', '=', modalityId)
    .executeTakeFirst();
  return r ? { regionId: r.region_id ?? r.parent_region ?? null } : undefined;
}
export async function saveEquipment(
  db: Db,
  e: { modalityId: string; installedYear: number; lifetimeYears: number | null; replacementCostNok: number | null; userId: string },
) {
  await db
    .insertInto('capacity_equipment')
    .values({
      modality_id: e.modalityId,
      installed_year: e.installedYear,
      lifetime_years: e.lifetimeYears,
      replacement_cost_nok: e.replacementCostNok,
      updated_by: e.userId,
    })
    .onConflict((oc) =>
      oc.column('modality_id').doUpdateSet({
        installed_year: e.installedYear,
        lifetime_years: e.lifetimeYears,
        replacement_cost_nok: e.replacementCostNok,
        updated_by: e.userId,
        updated_at: new Date(),
      }),
    )
    .execute();
}

/** Active machines per kind whose site lies in the given referral areas (or regions). */
export async function machinesByKind(db: Db, areaIds: string[]): Promise<Record<string, number>> {
  if (areaIds.length === 0) return {};
  const r = await sql<{ kind: string; n: string }>`
    SELECT m.kind, count(*) AS n FROM modality m
    JOIN organization o ON o.id = m.site_org_id LEFT JOIN organization parent ON parent.id = o.parent_id
    WHERE m.active AND coalesce(o.area_id, parent.area_id) = ANY (${areaIds}::text[]) GROUP BY 1`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.kind, Number(x.n)]));
}

/**
 * Demo step (synthetic data only): gives every machine without installation data a synthetic
 * installation year 1–14 years before `thisYear`, spread by a hash of its id (deterministic).
 * One set-based INSERT … SELECT over the machines (a few hundred rows, whatever the referral count).
 */
export async function insertDemoInstallationYears(db: Db, thisYear: number): Promise<void> {
  await sql`
    INSERT INTO capacity_equipment (modality_id, installed_year)
    SELECT m.id, ${thisYear}::int - 1 - (abs(hashtext(m.id)) % 14) FROM modality m
    ON CONFLICT (modality_id) DO NOTHING`.execute(db);
}
