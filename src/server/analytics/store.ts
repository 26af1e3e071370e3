// The analytics domain's SQL: keeping the aggregates of migration 0100 up to date, and reading
// them. Dashboards read only the aggregates and the (small) population and directory tables.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isWorkingDay } from '../calendar/norwegian-calendar.ts';
import { denominatorSql, numeratorPlan, type IndicatorDefinition } from './indicators.ts';

type Db = Kysely<DB>;

/** Calendar years the working-day table covers (refresh fills it once). */
const CALENDAR_FROM = 2000;
const CALENDAR_TO = 2050;

/** Fills analytics_calendar with working-day numbers (Norwegian public holidays from src/server/calendar) if it is empty. */
export async function ensureCalendar(db: Db): Promise<void> {
  const any = await db.selectFrom('analytics_calendar').select('day').limit(1).executeTakeFirst();
  if (any) return;
  const rows: { day: string; working_day_number: number }[] = [];
  let n = 0;
  for (let t = Date.UTC(CALENDAR_FROM, 0, 1); t < Date.UTC(CALENDAR_TO + 1, 0, 1); t += 86_400_000) {
    const d = new Date(t);
    if (isWorkingDay(d)) n++;
    rows.push({ day: d.toISOString().slice(0, 10), working_day_number: n });
  }
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('analytics_calendar')
      .values(rows.slice(i, i + 2000))
      .onConflict((c) => c.doNothing())
      .execute();
}

/**
 * Marks every (year, month, area) slice for recomputation (a full rebuild, e.g. after indicator
 * definitions change): those with referrals, exams or advice decisions, and those the aggregates
 * still hold (so slices whose rows are gone are emptied too).
 */
export async function markAllDirty(db: Db): Promise<void> {
  await sql`INSERT INTO analytics_dirty (year, month, area_id)
    SELECT DISTINCT extract(year FROM submitted_at AT TIME ZONE 'UTC')::int, extract(month FROM submitted_at AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM referral WHERE submitted_at IS NOT NULL
    UNION SELECT DISTINCT extract(year FROM performed_at AT TIME ZONE 'UTC')::int, extract(month FROM performed_at AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM exam
    UNION SELECT DISTINCT extract(year FROM d.at AT TIME ZONE 'UTC')::int, extract(month FROM d.at AT TIME ZONE 'UTC')::int, coalesce(r.patient_area_id, '') FROM referral_decision d LEFT JOIN referral r ON r.id = d.referral_id
    UNION SELECT DISTINCT year, month, area_id FROM analytics_exam_count
    UNION SELECT DISTINCT year, month, area_id FROM analytics_referral_count
    UNION SELECT DISTINCT year, month, area_id FROM analytics_referral_rollup
    UNION SELECT DISTINCT year, month, area_id FROM analytics_indicator_count
    UNION SELECT DISTINCT year, month, area_id FROM analytics_decision_count
    UNION SELECT DISTINCT year, month, area_id FROM analytics_referral_end_count
    UNION SELECT DISTINCT year, 1, area_id FROM analytics_exam_year
    UNION SELECT DISTINCT year, 1, area_id FROM analytics_referral_rollup_year
    ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * For a bulk load into empty referral and exam tables: drops the insert triggers that mark
 * changed slices (their transition tables cost about a third of the insert work; migration 0212).
 * Always follow with resumeInsertMarks, also after a failed load.
 */
export async function suspendInsertMarks(db: Db): Promise<void> {
  await sql`SELECT analytics_suspend_insert_marks()`.execute(db);
}

/** Recreates the insert triggers after a bulk load and marks every slice with referrals or exams for the next refresh (migration 0212). */
export async function resumeInsertMarks(db: Db): Promise<void> {
  await sql`SELECT analytics_resume_insert_marks()`.execute(db);
}

/** How many slices wait for recomputation, and the oldest mark (for the "data as of" note). */
export async function dirtyState(db: Db): Promise<{ slices: number; oldest: Date | null }> {
  const r = await db
    .selectFrom('analytics_dirty')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('marked_at').as('oldest')])
    .executeTakeFirstOrThrow();
  return { slices: Number(r.n), oldest: r.oldest ? new Date(r.oldest) : null };
}

// Each organization's trust: the nearest ancestor (or itself) that is a health trust, private
// hospital or private institute; provider kind private for private institutes (purchase agreements).
const ORG_TRUST = sql`org_trust AS (
  SELECT DISTINCT ON (org_id) org_id, id AS trust_id, kind FROM up
  ORDER BY org_id, (kind IN ('hf', 'private_hospital', 'private_institute')) DESC, depth
)`;
const UP = sql`up(org_id, id, kind, parent_id, depth) AS (
  SELECT id, id, kind, parent_id, 0 FROM organization
  UNION ALL
  SELECT up.org_id, o.id, o.kind, o.parent_id, up.depth + 1 FROM up JOIN organization o ON o.id = up.parent_id
  WHERE up.kind NOT IN ('hf', 'private_hospital', 'private_institute') AND up.depth < 8
)`;
const PROVIDER_KIND = sql`CASE WHEN t.kind = 'private_institute' THEN 'private' ELSE 'public' END`;
const AGE_BAND = sql`coalesce(least(90, (r.patient_age / 5) * 5), -1)`;
const SEX = sql`coalesce(r.patient_sex, 'U')`;
/**
 * How a cancelled referral `r` ended without an exam (assessment/closing.ts, issue 8): its last
 * 'closed_without_exam' (by the department, reason_code from CLOSE_REASONS) or 'withdrawn' (by the
 * referrer) event, found through the referral's event index; none for a merged referral (also
 * cancelled). For a LATERAL join on cancelled referrals only; columns kind, reason_code.
 */
const ENDED = sql`(SELECT e.kind, e.reason_code FROM referral_event e
  WHERE e.referral_id = r.id AND e.kind IN ('closed_without_exam', 'withdrawn')
  ORDER BY e.at DESC, e.id DESC LIMIT 1)`;
/**
 * The kind of ENDED for any referral `r`, null unless it is cancelled. A CASE around a scalar
 * subquery, so the 97 % of referrals that are not cancelled cost a comparison and no more: as a
 * LATERAL join it put a nested-loop step on every row (measured on 1 M rows: ~3.5 s against ~0.7 s).
 */
const ENDED_KIND = sql`CASE WHEN r.status = 'cancelled' THEN (SELECT e.kind FROM referral_event e
  WHERE e.referral_id = r.id AND e.kind IN ('closed_without_exam', 'withdrawn') ORDER BY e.at DESC, e.id DESC LIMIT 1) END`;

/**
 * How a refresh finds the rows of its (year, month, area) slices, keys k:
 * - 'index': per slice, a range scan of the (area, time) index — cheap for a few slices (the
 *   usual incremental refresh), but each slice's rows lie all over the table (the base tables
 *   are not ordered by area or time), so every slice reads pages spread over the whole heap —
 *   though rows of the current month, the usual case, were written recently and lie together;
 * - 'scan': one pass over the table, each row's slice looked up in the keys by hashing (year,
 *   month, area) — linear in the table, for the bulk build after a load or a full rebuild.
 * Both count exactly the same rows: extract(year/month … AT TIME ZONE 'UTC') = (k.year, k.month)
 * is the same condition as the UTC calendar-month range.
 */
export type SliceAccess = 'index' | 'scan';

function inSlice(access: SliceAccess, time: RawBuilder<unknown>, area: RawBuilder<unknown>): RawBuilder<boolean> {
  if (access === 'scan')
    return sql<boolean>`k.year = extract(year FROM ${time} AT TIME ZONE 'UTC')::int AND k.month = extract(month FROM ${time} AT TIME ZONE 'UTC')::int AND k.area_id = coalesce(${area}, '')`;
  return sql<boolean>`coalesce(${area}, '') = k.area_id AND ${time} >= make_timestamptz(k.year, k.month, 1, 0, 0, 0, 'UTC')
    AND ${time} < make_timestamptz(k.year, k.month, 1, 0, 0, 0, 'UTC') + interval '1 month'`;
}

/** Slices as parallel arrays: UTC year, UTC month (1–12), area id ('' = unknown area). */
export interface Slices {
  years: number[];
  months: number[];
  areas: string[];
}

function withKeys(k: Slices) {
  return sql`WITH RECURSIVE keys AS (SELECT * FROM unnest(${k.years}::int[], ${k.months}::int[], ${k.areas}::text[]) AS k(year, month, area_id)), ${UP}, ${ORG_TRUST}`;
}

/** Options of refreshAggregates (defaults suit the server). */
export interface RefreshOptions {
  /** Most slices recomputed in one transaction (default 10,000: in practice all that are marked). */
  maxSlices?: number;
  /**
   * From this many slices in one transaction on, read the base tables in one pass ('scan') instead
   * of per slice ('index'); default 64 — above live traffic's current (and, at a month boundary,
   * previous) month of every area (2 × 22 slices), far below a rebuild (22 areas × 12 per year).
   */
  scanFrom?: number;
}

/**
 * Recomputes the aggregates of every marked (year, month, area) slice from the base tables and clears
 * their marks, all marked slices in one transaction (at most `maxSlices` at a time). A few slices
 * (the periodic incremental refresh) are read through the (area, time) indexes; many (the first
 * build after a load, a full rebuild) in one pass over each base table, so the build is linear in
 * the number of rows (see SliceAccess). Marks made while it runs stay for the next run (a
 * concurrent writer re-marks its slice after our delete). Returns the number of slices done.
 */
export async function refreshAggregates(db: Db, indicators: readonly IndicatorDefinition[], options: RefreshOptions = {}): Promise<number> {
  const maxSlices = options.maxSlices ?? 10_000;
  const scanFrom = options.scanFrom ?? 64;
  await ensureCalendar(db);
  let done = 0;
  let scanned = false;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const keys = await sql<{ year: number; month: number; area_id: string }>`DELETE FROM analytics_dirty WHERE (year, month, area_id) IN (
          SELECT year, month, area_id FROM analytics_dirty ORDER BY marked_at LIMIT ${maxSlices} FOR UPDATE SKIP LOCKED)
        RETURNING year, month, area_id`.execute(trx);
      if (keys.rows.length === 0) return 0;
      const slices: Slices = {
        years: keys.rows.map((k) => Number(k.year)),
        months: keys.rows.map((k) => Number(k.month)),
        areas: keys.rows.map((k) => k.area_id),
      };
      const access = keys.rows.length >= scanFrom ? 'scan' : 'index';
      scanned ||= access === 'scan';
      await recomputeSlices(trx, indicators, slices, access);
      return keys.rows.length;
    });
    if (n === 0) break;
    done += n;
  }
  // After a bulk build the aggregates are new tables to the planner: give the dashboards'
  // queries statistics now rather than when autovacuum gets to them (PGlite has none). Also after a
  // per-slice build — or on any run, for a database built before this check — when aggregates
  // with rows still look empty to the planner: the demo's first build (a few dozen slices, after
  // the seed's ANALYZE of the empty tables) left them so, and the feedback report's scan of the
  // referral counts was planned for ~200 rows and sorted ~80,000 on disk. The check is a catalogue read.
  if (scanned || (await aggregatesLackStatistics(db)))
    await sql`ANALYZE analytics_exam_count, analytics_referral_count, analytics_referral_rollup, analytics_indicator_count, analytics_decision_count,
      analytics_exam_year, analytics_referral_rollup_year, analytics_referral_end_count`.execute(db);
  return done;
}

/**
 * Whether one of the large aggregates has rows while its planner statistics say it is empty
 * (pg_class.reltuples 0, or -1: never analyzed). Reads the catalogue and one row per table.
 */
async function aggregatesLackStatistics(db: Db): Promise<boolean> {
  const r = await sql<{ stale: boolean }>`SELECT
      ((SELECT c.reltuples FROM pg_class c WHERE c.oid = 'analytics_referral_count'::regclass) <= 0 AND EXISTS (SELECT 1 FROM analytics_referral_count))
      OR ((SELECT c.reltuples FROM pg_class c WHERE c.oid = 'analytics_exam_count'::regclass) <= 0 AND EXISTS (SELECT 1 FROM analytics_exam_count))
      OR ((SELECT c.reltuples FROM pg_class c WHERE c.oid = 'analytics_indicator_count'::regclass) <= 0 AND EXISTS (SELECT 1 FROM analytics_indicator_count))
      AS stale`.execute(db);
  return r.rows[0]?.stale === true;
}

/**
 * The slices plus, per slice, the same area in the following months that the indicators' longest
 * look-back (no_prior_exam days) reaches: an exam in month M is a prior exam of referrals
 * submitted after it and less than `days` later, i.e. up to the month holding the last instant of
 * M plus `days`. Order: each slice followed by its later months; duplicates dropped.
 */
export function withLookBack(k: Slices, indicators: readonly IndicatorDefinition[]): Slices {
  let days = 0;
  for (const d of indicators)
    for (const c of [...(d.numerator.all ?? []), ...(d.numerator.any ?? [])]) if ('no_prior_exam' in c) days = Math.max(days, c.no_prior_exam.days);
  const seen = new Set<string>();
  const out: Slices = { years: [], months: [], areas: [] };
  k.years.forEach((y, i) => {
    // Months since year 0 of the slice and of the last instant its look-back reaches.
    const first = y * 12 + k.months[i] - 1;
    const reach = new Date(Date.UTC(y, k.months[i], 1) + days * 86_400_000 - 1);
    const last = days > 0 ? reach.getUTCFullYear() * 12 + reach.getUTCMonth() : first;
    for (let m = first; m <= last; m++) {
      const key = `${m}|${k.areas[i]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.years.push(Math.floor(m / 12));
      out.months.push((m % 12) + 1);
      out.areas.push(k.areas[i]);
    }
  });
  return out;
}

/** Deletes and recomputes the aggregates of the given (year, month, area) slices, reading the base tables the given way. Run inside a transaction. */
async function recomputeSlices(trx: Db, indicators: readonly IndicatorDefinition[], slices: Slices, access: SliceAccess): Promise<void> {
  // A change in month M can change the indicators of referrals in later months through a
  // look-back (an exam in March is the "prior exam" of a referral in April, or in the next
  // January): the indicator slices of the following months within the longest look-back are
  // recomputed too (empty ones cost an index probe).
  // The one-pass build hashes and sorts every row of the tables (analytics_referral_count has
  // nearly a group per referral): with the default 4 MB per operation those spill to temporary
  // files; 128 MB for this transaction only took a full rebuild at 2 M referrals from 150 s to 94 s.
  if (access === 'scan') await sql`SET LOCAL work_mem = '128MB'`.execute(trx);
  const lookBack = withLookBack(slices, indicators);
  const del = (table: string, k: Slices) =>
    sql`DELETE FROM ${sql.table(table)} a USING unnest(${k.years}::int[], ${k.months}::int[], ${k.areas}::text[]) AS k(year, month, area_id)
      WHERE a.year = k.year AND a.area_id = k.area_id AND a.month = k.month`.execute(trx);
  for (const table of [
    'analytics_exam_count',
    'analytics_referral_count',
    'analytics_referral_rollup',
    'analytics_decision_count',
    'analytics_referral_end_count',
  ] as const)
    await del(table, slices);
  await del('analytics_indicator_count', lookBack);
  const head = withKeys(slices);
  await sql`${head}
    INSERT INTO analytics_exam_count (year, area_id, month, sex, age_from, exam_code, modality, exam_group, provider_kind, trust_id, exams)
    SELECT k.year, k.area_id, k.month, ${SEX}, ${AGE_BAND}, e.exam_code, ec.modality, ec.body_part, ${PROVIDER_KIND}, t.trust_id, count(*)
    FROM keys k
    JOIN exam e ON ${inSlice(access, sql`e.performed_at`, sql`e.patient_area_id`)}
    JOIN referral r ON r.id = e.referral_id
    JOIN exam_code ec ON ec.code = e.exam_code
    JOIN org_trust t ON t.org_id = e.performing_org_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(trx);
  await sql`${head}
    INSERT INTO analytics_referral_count (year, area_id, month, sex, age_from, exam_code, modality, exam_group, referrer_org_id, referrer_person_id, trust_id,
      provider_kind, referrals, assessed, assessed_in_time, assessment_days_sum, returned, performed, exam_days_sum, reported, report_hours_sum,
      preliminary, preliminary_hours_sum, closed, withdrawn)
    SELECT k.year, k.area_id, k.month, ${SEX}, ${AGE_BAND}, r.exam_code, ec.modality, ec.body_part, r.referrer_org_id, r.referrer_person_id, t.trust_id,
      ${PROVIDER_KIND},
      count(*)::int,
      count(*) FILTER (WHERE r.assessed_at IS NOT NULL)::int,
      count(*) FILTER (WHERE r.assessed_at IS NOT NULL AND ca.working_day_number - cs.working_day_number <= 10)::int,
      coalesce(sum(ca.working_day_number - cs.working_day_number) FILTER (WHERE r.assessed_at IS NOT NULL), 0)::bigint,
      count(*) FILTER (WHERE r.status = 'returned')::int,
      count(*) FILTER (WHERE r.performed_at IS NOT NULL)::int,
      coalesce(sum(floor(extract(epoch FROM r.performed_at - r.submitted_at) / 86400)) FILTER (WHERE r.performed_at IS NOT NULL), 0)::bigint,
      count(*) FILTER (WHERE r.reported_at IS NOT NULL AND r.performed_at IS NOT NULL)::int,
      coalesce(sum(floor(extract(epoch FROM r.reported_at - r.performed_at) / 3600)) FILTER (WHERE r.reported_at IS NOT NULL AND r.performed_at IS NOT NULL), 0)::bigint,
      -- To the first report (issue 10 §4, migration 0241): the preliminary time where one exists, else the final time.
      count(*) FILTER (WHERE coalesce(r.preliminary_reported_at, r.reported_at) IS NOT NULL AND r.performed_at IS NOT NULL)::int,
      coalesce(sum(floor(extract(epoch FROM coalesce(r.preliminary_reported_at, r.reported_at) - r.performed_at) / 3600))
        FILTER (WHERE coalesce(r.preliminary_reported_at, r.reported_at) IS NOT NULL AND r.performed_at IS NOT NULL), 0)::bigint,
      -- Ended without an exam (migration 0310): closed by the department, withdrawn by the referrer.
      count(*) FILTER (WHERE ${ENDED_KIND} = 'closed_without_exam')::int,
      count(*) FILTER (WHERE ${ENDED_KIND} = 'withdrawn')::int
    FROM keys k
    JOIN referral r ON ${inSlice(access, sql`r.submitted_at`, sql`r.patient_area_id`)}
    JOIN exam_code ec ON ec.code = r.exam_code
    JOIN org_trust t ON t.org_id = r.department_org_id
    LEFT JOIN analytics_calendar cs ON cs.day = (r.submitted_at AT TIME ZONE 'UTC')::date
    LEFT JOIN analytics_calendar ca ON ca.day = (r.assessed_at AT TIME ZONE 'UTC')::date
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`.execute(trx);
  // The rollup without referrers (migration 0211), from the rows just written.
  await sql`INSERT INTO analytics_referral_rollup (year, area_id, month, sex, age_from, exam_code, modality, exam_group, trust_id, provider_kind,
      referrals, assessed, assessed_in_time, assessment_days_sum, returned, performed, exam_days_sum, reported, report_hours_sum, preliminary, preliminary_hours_sum,
      closed, withdrawn)
    SELECT a.year, a.area_id, a.month, a.sex, a.age_from, a.exam_code, a.modality, a.exam_group, a.trust_id, a.provider_kind,
      sum(a.referrals), sum(a.assessed), sum(a.assessed_in_time), sum(a.assessment_days_sum), sum(a.returned), sum(a.performed),
      sum(a.exam_days_sum), sum(a.reported), sum(a.report_hours_sum), sum(a.preliminary), sum(a.preliminary_hours_sum), sum(a.closed), sum(a.withdrawn)
    FROM analytics_referral_count a
    JOIN unnest(${slices.years}::int[], ${slices.months}::int[], ${slices.areas}::text[]) AS k(year, month, area_id)
      ON a.year = k.year AND a.area_id = k.area_id AND a.month = k.month
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(trx);
  // The referrals that ended without an exam, by who ended them and the department's reason (migration
  // 0310): only cancelled referrals, each with its closing event through the referral's event index.
  await sql`${head}
    INSERT INTO analytics_referral_end_count (year, area_id, month, sex, age_from, exam_code, modality, exam_group, referrer_org_id, referrer_person_id,
      trust_id, provider_kind, ended_by, reason_code, referrals)
    SELECT k.year, k.area_id, k.month, ${SEX}, ${AGE_BAND}, r.exam_code, ec.modality, ec.body_part, r.referrer_org_id, r.referrer_person_id, t.trust_id,
      ${PROVIDER_KIND}, CASE WHEN ended.kind = 'withdrawn' THEN 'referrer' ELSE 'department' END,
      CASE WHEN ended.kind = 'withdrawn' THEN '' ELSE coalesce(ended.reason_code, '') END, count(*)::int
    FROM keys k
    JOIN referral r ON ${inSlice(access, sql`r.submitted_at`, sql`r.patient_area_id`)} AND r.status = 'cancelled'
    JOIN LATERAL ${ENDED} ended ON true
    JOIN exam_code ec ON ec.code = r.exam_code
    JOIN org_trust t ON t.org_id = r.department_org_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14`.execute(trx);
  // The year totals the dashboards read (migration 0214): every (year, area) with a recomputed
  // month, summed again from that year's month rows of the area.
  const yearKeys = new Map<string, [number, string]>();
  slices.years.forEach((y, i) => yearKeys.set(`${y}|${slices.areas[i]}`, [y, slices.areas[i]]));
  const ky = [...yearKeys.values()].map((x) => x[0]);
  const ka = [...yearKeys.values()].map((x) => x[1]);
  for (const table of ['analytics_exam_year', 'analytics_referral_rollup_year'] as const)
    await sql`DELETE FROM ${sql.table(table)} a USING unnest(${ky}::int[], ${ka}::text[]) AS k(year, area_id)
      WHERE a.year = k.year AND a.area_id = k.area_id`.execute(trx);
  await sql`INSERT INTO analytics_exam_year (year, area_id, sex, age_from, exam_code, modality, exam_group, provider_kind, trust_id, exams)
    SELECT a.year, a.area_id, a.sex, a.age_from, a.exam_code, a.modality, a.exam_group, a.provider_kind, a.trust_id, sum(a.exams)
    FROM analytics_exam_count a JOIN unnest(${ky}::int[], ${ka}::text[]) AS k(year, area_id) ON a.year = k.year AND a.area_id = k.area_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(trx);
  await sql`INSERT INTO analytics_referral_rollup_year (year, area_id, sex, age_from, exam_code, modality, exam_group, trust_id, provider_kind,
      referrals, assessed, assessed_in_time, assessment_days_sum, returned, performed, exam_days_sum, reported, report_hours_sum, preliminary, preliminary_hours_sum,
      closed, withdrawn)
    SELECT a.year, a.area_id, a.sex, a.age_from, a.exam_code, a.modality, a.exam_group, a.trust_id, a.provider_kind,
      sum(a.referrals), sum(a.assessed), sum(a.assessed_in_time), sum(a.assessment_days_sum), sum(a.returned), sum(a.performed),
      sum(a.exam_days_sum), sum(a.reported), sum(a.report_hours_sum), sum(a.preliminary), sum(a.preliminary_hours_sum), sum(a.closed), sum(a.withdrawn)
    FROM analytics_referral_rollup a JOIN unnest(${ky}::int[], ${ka}::text[]) AS k(year, area_id) ON a.year = k.year AND a.area_id = k.area_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(trx);
  // One statement per indicator: its denominator's referrals once (den, through the exam-code
  // condition), then the numerator's look-backs as sets joined to them (indicators.ts, numeratorPlan).
  for (const ind of indicators) {
    const plan = numeratorPlan(ind);
    const ctes = plan.ctes.length > 0 ? sql`, ${sql.join(plan.ctes)}` : sql``;
    await sql`${withKeys(lookBack)}, den AS MATERIALIZED (
        SELECT k.year, k.month, k.area_id, r.id, r.patient_id, r.submitted_at, r.indication_code, r.low_value, r.advice, r.patient_sex, r.patient_age,
          r.exam_code, r.referrer_org_id, r.referrer_person_id, r.department_org_id
        FROM keys k
        JOIN referral r ON ${inSlice(access, sql`r.submitted_at`, sql`r.patient_area_id`)}
        WHERE ${denominatorSql(ind)}
      )${ctes}
      INSERT INTO analytics_indicator_count (year, area_id, month, sex, age_from, indicator_id, modality, exam_code, referrer_org_id, referrer_person_id, trust_id, denominator, numerator)
      SELECT r.year, r.area_id, r.month, ${SEX}, ${AGE_BAND}, ${ind.id}, ec.modality, r.exam_code, r.referrer_org_id, r.referrer_person_id, t.trust_id,
        count(*)::int, count(*) FILTER (WHERE ${plan.condition})::int
      FROM den r
      ${sql.join(plan.joins, sql` `)}
      JOIN exam_code ec ON ec.code = r.exam_code
      JOIN org_trust t ON t.org_id = r.department_org_id
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`.execute(trx);
  }
  await sql`${head}
    INSERT INTO analytics_decision_count (year, area_id, month, referrer_org_id, referrer_person_id, trust_id, topic_id, rating, decision, reason_code, decisions)
    SELECT k.year, k.area_id, k.month, coalesce(r.referrer_org_id, ''), coalesce(r.referrer_person_id, ua.person_id, ''), coalesce(t.trust_id, ''),
      d.topic_id, d.rating, d.decision, coalesce(d.reason_code, ''), count(*)::int
    FROM referral_decision d
    LEFT JOIN referral r ON r.id = d.referral_id
    JOIN keys k ON ${inSlice(access, sql`d.at`, sql`r.patient_area_id`)}
    LEFT JOIN user_account ua ON ua.id = d.user_id
    LEFT JOIN org_trust t ON t.org_id = r.department_org_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(trx);
}

// ---------------------------------------------------------------- reading

/** Filters every dashboard query accepts, already validated (analytics/filters.ts). */
export interface AggregateFilter {
  fromYear: number;
  toYear: number;
  areaIds?: string[];
  trustIds?: string[];
  modality?: string;
  examCode?: string;
  examGroup?: string;
  sex?: 'M' | 'F';
  ageFrom?: number;
  ageTo?: number;
  providerKind?: 'public' | 'private';
  referrerOrgIds?: string[];
  referrerPersonId?: string;
}

type Col =
  'year' | 'area_id' | 'sex' | 'age_from' | 'exam_code' | 'modality' | 'exam_group' | 'provider_kind' | 'trust_id' | 'referrer_org_id' | 'referrer_person_id';

function where(f: AggregateFilter, has: ReadonlySet<Col>): RawBuilder<boolean> {
  const c: RawBuilder<boolean>[] = [sql<boolean>`a.year BETWEEN ${f.fromYear}::int AND ${f.toYear}::int`];
  if (f.areaIds) c.push(sql<boolean>`a.area_id = ANY (${f.areaIds}::text[])`);
  if (f.trustIds && has.has('trust_id')) c.push(sql<boolean>`a.trust_id = ANY (${f.trustIds}::text[])`);
  if (f.modality && has.has('modality')) c.push(sql<boolean>`a.modality = ${f.modality}`);
  if (f.examCode && has.has('exam_code')) c.push(sql<boolean>`a.exam_code = ${f.examCode}`);
  if (f.examGroup && has.has('exam_group')) c.push(sql<boolean>`a.exam_group = ${f.examGroup}`);
  if (f.sex && has.has('sex')) c.push(sql<boolean>`a.sex = ${f.sex}`);
  if (f.ageFrom !== undefined && has.has('age_from')) c.push(sql<boolean>`a.age_from >= ${f.ageFrom}::int`);
  if (f.ageTo !== undefined && has.has('age_from')) c.push(sql<boolean>`a.age_from <= ${f.ageTo}::int`);
  if (f.providerKind && has.has('provider_kind')) c.push(sql<boolean>`a.provider_kind = ${f.providerKind}`);
  if (f.referrerOrgIds && has.has('referrer_org_id')) c.push(sql<boolean>`a.referrer_org_id = ANY (${f.referrerOrgIds}::text[])`);
  if (f.referrerPersonId && has.has('referrer_person_id')) c.push(sql<boolean>`a.referrer_person_id = ${f.referrerPersonId}`);
  return sql<boolean>`${sql.join(c, sql` AND `)}`;
}

const EXAM_COLS = new Set<Col>(['year', 'area_id', 'sex', 'age_from', 'exam_code', 'modality', 'exam_group', 'provider_kind', 'trust_id']);
const REFERRAL_COLS = new Set<Col>([...EXAM_COLS, 'referrer_org_id', 'referrer_person_id']);
const ROLLUP_COLS = EXAM_COLS;
const INDICATOR_COLS = new Set<Col>(['year', 'area_id', 'sex', 'age_from', 'exam_code', 'modality', 'trust_id', 'referrer_org_id', 'referrer_person_id']);
const DECISION_COLS = new Set<Col>(['year', 'area_id', 'trust_id', 'referrer_org_id', 'referrer_person_id']);

/** A filter of the API (AnalyticsFilter) that narrows the figures, by the aggregate column it reads. */
export type FilterName = 'area' | 'trust' | 'modality' | 'exam' | 'examGroup' | 'ageGroup' | 'sex' | 'provider';
const FILTER_COLUMN: Record<FilterName, Col> = {
  area: 'area_id',
  trust: 'trust_id',
  modality: 'modality',
  exam: 'exam_code',
  examGroup: 'exam_group',
  ageGroup: 'age_from',
  sex: 'sex',
  provider: 'provider_kind',
};
const FILTER_COLUMNS = { exam: EXAM_COLS, referral: REFERRAL_COLS, indicator: INDICATOR_COLS, decision: DECISION_COLS } as const;

/**
 * The filters an aggregate can apply (`where` leaves out a filter whose column the table lacks: the
 * indicator counts have no exam group or provider kind, the advice decisions only area and trust):
 * for a CSV's title line, which says the filters that did not narrow its figures.
 */
export function filtersApplied(aggregate: keyof typeof FILTER_COLUMNS): ReadonlySet<FilterName> {
  const cols = FILTER_COLUMNS[aggregate];
  return new Set((Object.keys(FILTER_COLUMN) as FilterName[]).filter((f) => cols.has(FILTER_COLUMN[f])));
}

/** Exams per year × area × sex × 5-year band (the strata of direct standardization). */
export async function examStrata(db: Db, f: AggregateFilter) {
  const r = await sql<{ year: number; area_id: string; sex: string; age_from: number; exams: string }>`
    SELECT a.year, a.area_id, a.sex, a.age_from, sum(a.exams) AS exams FROM analytics_exam_year a
    WHERE ${where(f, EXAM_COLS)} GROUP BY 1, 2, 3, 4`.execute(db);
  return r.rows.map((x) => ({ year: Number(x.year), areaId: x.area_id, sex: x.sex, ageFrom: Number(x.age_from), exams: Number(x.exams) }));
}

/** Exams per exam group × year × area × sex × band, in one pass (the full variation report). */
export async function examStrataByGroup(db: Db, f: AggregateFilter) {
  const r = await sql<{ exam_group: string; year: number; area_id: string; sex: string; age_from: number; exams: string }>`
    SELECT a.exam_group, a.year, a.area_id, a.sex, a.age_from, sum(a.exams) AS exams FROM analytics_exam_year a
    WHERE ${where(f, EXAM_COLS)} GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return r.rows.map((x) => ({ group: x.exam_group, year: Number(x.year), areaId: x.area_id, sex: x.sex, ageFrom: Number(x.age_from), exams: Number(x.exams) }));
}

/**
 * The first and last time an exam was performed (null, null without exams): two probes of the
 * exam_performed_idx index (migration 0001), not a scan, so the rates can count each year's
 * person-time for the days the data cover (statistics/person-time.ts). The one read of a base table
 * on a dashboard request.
 */
export async function examDateRange(db: Db): Promise<{ first: Date | null; last: Date | null }> {
  const r = await sql<{ first: Date | string | null; last: Date | string | null }>`
    SELECT (SELECT performed_at FROM exam WHERE performed_at IS NOT NULL ORDER BY performed_at LIMIT 1) AS first,
           (SELECT performed_at FROM exam WHERE performed_at IS NOT NULL ORDER BY performed_at DESC LIMIT 1) AS last`.execute(db);
  const at = (v: Date | string | null | undefined) => (v === null || v === undefined ? null : new Date(v));
  return { first: at(r.rows[0]?.first), last: at(r.rows[0]?.last) };
}

/** Population by area × year × sex × band (all areas; a missing year falls back to the nearest year present). */
export async function populationStrata(db: Db) {
  const r = await db.selectFrom('area_population').select(['area_id', 'year', 'sex', 'age_from', 'population']).execute();
  return r.map((x) => ({ areaId: x.area_id, year: Number(x.year), sex: x.sex, ageFrom: Number(x.age_from), population: Number(x.population) }));
}

/** The 21 hospital referral areas with their region. */
export async function listAreas(db: Db) {
  return db
    .selectFrom('hospital_area as h')
    .innerJoin('region as g', 'g.id', 'h.region_id')
    .select(['h.id', 'h.name', 'h.region_id', 'g.name as region_name'])
    .orderBy('h.id')
    .execute();
}

/** Trusts (HF), private hospitals and private institutes: the trusts of the trust filter. */
export async function listTrusts(db: Db) {
  return db
    .selectFrom('organization')
    .select(['id', 'name', 'kind', 'region_id'])
    .where('kind', 'in', ['hf', 'private_hospital', 'private_institute'])
    .orderBy('name')
    .execute();
}

/** Exam codes with modality and NCRP group (body part). */
export async function listExamCodes(db: Db) {
  return db.selectFrom('exam_code').select(['code', 'name', 'name_en', 'modality', 'body_part']).orderBy('code').execute();
}

/** Indicator counts grouped by the given level (area, trust, practice or referrer) and year. */
export async function indicatorCounts(db: Db, indicatorId: string, f: AggregateFilter, by: 'area_id' | 'trust_id' | 'referrer_org_id' | 'referrer_person_id') {
  const r = await sql<{ year: number; unit: string; denominator: string; numerator: string }>`
    SELECT a.year, ${sql.ref(`a.${by}`)} AS unit, sum(a.denominator) AS denominator, sum(a.numerator) AS numerator
    FROM analytics_indicator_count a WHERE a.indicator_id = ${indicatorId} AND ${where(f, INDICATOR_COLS)} GROUP BY 1, 2`.execute(db);
  return r.rows.map((x) => ({ year: Number(x.year), unit: x.unit, denominator: Number(x.denominator), numerator: Number(x.numerator) }));
}

/**
 * Process measures summed by unit (area, trust, practice, referrer or everything). With
 * `referrerKind`, only referrals from organizations of that kind (gp_practice …) count: the
 * feedback report reads its peers' referrals, process and the practice list in this one pass.
 */
export async function processCounts(
  db: Db,
  f: AggregateFilter,
  by: 'area_id' | 'trust_id' | 'referrer_org_id' | 'referrer_person_id' | 'provider_kind' | null,
  referrerKind?: string,
) {
  const unit = by ? sql.ref(`a.${by}`) : sql.lit('all');
  // Without practices or referrers in the filter or the grouping, the rollup answers the same sums from far fewer rows.
  const rollup = !f.referrerOrgIds && !f.referrerPersonId && !referrerKind && by !== 'referrer_org_id' && by !== 'referrer_person_id';
  const ofKind = referrerKind === undefined ? sql`` : sql`AND a.referrer_org_id IN (SELECT o.id FROM organization o WHERE o.kind = ${referrerKind})`;
  const table = rollup ? sql`analytics_referral_rollup_year` : sql`analytics_referral_count`;
  const r = await sql<Record<string, string>>`
    SELECT ${unit} AS unit, sum(a.referrals) AS referrals, sum(a.assessed) AS assessed, sum(a.assessed_in_time) AS assessed_in_time,
      sum(a.assessment_days_sum) AS assessment_days_sum, sum(a.returned) AS returned, sum(a.performed) AS performed,
      sum(a.exam_days_sum) AS exam_days_sum, sum(a.reported) AS reported, sum(a.report_hours_sum) AS report_hours_sum,
      sum(a.preliminary) AS preliminary, sum(a.preliminary_hours_sum) AS preliminary_hours_sum,
      sum(a.referrals) FILTER (WHERE a.provider_kind = 'private') AS private_referrals,
      sum(a.closed) AS closed, sum(a.withdrawn) AS withdrawn
    FROM ${table} a WHERE ${where(f, rollup ? ROLLUP_COLS : REFERRAL_COLS)} ${ofKind} ${by ? sql`GROUP BY 1` : sql``}`.execute(db);
  return r.rows
    .filter((x) => x.referrals !== null)
    .map((x) => ({
      unit: x.unit,
      referrals: Number(x.referrals),
      assessed: Number(x.assessed),
      assessedInTime: Number(x.assessed_in_time),
      assessmentDaysSum: Number(x.assessment_days_sum),
      returned: Number(x.returned),
      performed: Number(x.performed),
      examDaysSum: Number(x.exam_days_sum),
      reported: Number(x.reported),
      reportHoursSum: Number(x.report_hours_sum),
      preliminary: Number(x.preliminary),
      preliminaryHoursSum: Number(x.preliminary_hours_sum),
      privateReferrals: Number(x.private_referrals ?? 0),
      closed: Number(x.closed ?? 0),
      withdrawn: Number(x.withdrawn ?? 0),
    }));
}

/**
 * Referrals, and those ended without an exam (closed by the department, withdrawn by the referrer;
 * migration 0310), per UTC year of submission and unit (area, trust, provider kind or everything).
 * Reads the rollup's year totals, or the referral counts when practices or referrers filter.
 */
export async function endCounts(db: Db, f: AggregateFilter, by: 'area_id' | 'trust_id' | 'provider_kind' | null) {
  const unit = by ? sql.ref(`a.${by}`) : sql.lit('all');
  const rollup = !f.referrerOrgIds && !f.referrerPersonId;
  const table = rollup ? sql`analytics_referral_rollup_year` : sql`analytics_referral_count`;
  const r = await sql<{ year: number; unit: string; referrals: string; closed: string; withdrawn: string }>`
    SELECT a.year, ${unit} AS unit, sum(a.referrals) AS referrals, sum(a.closed) AS closed, sum(a.withdrawn) AS withdrawn
    FROM ${table} a WHERE ${where(f, rollup ? ROLLUP_COLS : REFERRAL_COLS)} GROUP BY 1, 2`.execute(db);
  return r.rows.map((x) => ({ year: Number(x.year), unit: x.unit, referrals: Number(x.referrals), closed: Number(x.closed), withdrawn: Number(x.withdrawn) }));
}

/**
 * Referrals ended without an exam per UTC year of submission, by who ended them ('department' or
 * 'referrer') and the department's reason code (CLOSE_REASONS; '' for a withdrawal), from
 * analytics_referral_end_count (migration 0310; a small table, read at month level).
 */
export async function endReasons(db: Db, f: AggregateFilter) {
  const r = await sql<{ year: number; ended_by: string; reason_code: string; referrals: string }>`
    SELECT a.year, a.ended_by, a.reason_code, sum(a.referrals) AS referrals FROM analytics_referral_end_count a
    WHERE ${where(f, REFERRAL_COLS)} GROUP BY 1, 2, 3`.execute(db);
  return r.rows.map((x) => ({
    year: Number(x.year),
    endedBy: x.ended_by as 'department' | 'referrer',
    reasonCode: x.reason_code,
    referrals: Number(x.referrals),
  }));
}

/** Advice decisions (followed, overridden …) with reasons. */
export async function decisionCounts(db: Db, f: AggregateFilter) {
  const r = await sql<{ topic_id: string; rating: string; decision: string; reason_code: string; decisions: string }>`
    SELECT a.topic_id, a.rating, a.decision, a.reason_code, sum(a.decisions) AS decisions
    FROM analytics_decision_count a WHERE ${where(f, DECISION_COLS)} GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC`.execute(db);
  return r.rows.map((x) => ({ topicId: x.topic_id, rating: x.rating, decision: x.decision, reasonCode: x.reason_code, decisions: Number(x.decisions) }));
}

/**
 * Years that have data in the aggregates. Read as a skip scan of the (year, …) primary keys — one
 * index probe per year — instead of DISTINCT over every aggregate row on each page view.
 */
export async function dataYears(db: Db): Promise<number[]> {
  const r = await sql<{ y: number }>`WITH RECURSIVE
      ry(y) AS (SELECT min(year) FROM analytics_referral_count
        UNION ALL SELECT (SELECT min(a.year) FROM analytics_referral_count a WHERE a.year > ry.y) FROM ry WHERE ry.y IS NOT NULL),
      ey(y) AS (SELECT min(year) FROM analytics_exam_count
        UNION ALL SELECT (SELECT min(a.year) FROM analytics_exam_count a WHERE a.year > ey.y) FROM ey WHERE ey.y IS NOT NULL)
    SELECT y FROM ry WHERE y IS NOT NULL UNION SELECT y FROM ey WHERE y IS NOT NULL ORDER BY 1`.execute(db);
  return r.rows.map((x) => Number(x.y));
}

/** Names of organizations (practices, trusts) for display. */
export async function organizationNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const r = await db.selectFrom('organization').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(r.map((x) => [x.id, x.name]));
}

/** The organization subtree under the given organizations (their own ids included). */
export async function subtree(db: Db, roots: string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const r = await sql<{
    id: string;
  }>`WITH RECURSIVE t(id) AS (SELECT unnest(${roots}::text[]) UNION SELECT o.id FROM organization o JOIN t ON o.parent_id = t.id) SELECT id FROM t`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Organizations of a kind (and their trust, for departments). */
export async function organizationsOfKinds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('organization').select(['id', 'kind', 'name', 'area_id']).where('id', 'in', ids).execute();
}

/** The sampling fraction of a synthetic demo region (app_meta 'demo'), if any: the demo's referrals are a sample of a full year's volume. */
export async function demoSamplingFraction(db: Db): Promise<number | null> {
  const r = await db.selectFrom('app_meta').select('value').where('key', '=', 'demo').executeTakeFirst();
  const v = (r?.value as { samplingFraction?: unknown } | undefined)?.samplingFraction;
  return typeof v === 'number' && v > 0 && v <= 1 ? v : null;
}

/** The trust (HF, private hospital or private institute) each organization belongs to. */
export async function trustsOf(db: Db, orgIds: string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const r = await sql<{ trust_id: string }>`WITH RECURSIVE ${UP}, ${ORG_TRUST}
    SELECT DISTINCT trust_id FROM org_trust WHERE org_id = ANY (${orgIds}::text[]) AND kind IN ('hf', 'private_hospital', 'private_institute')`.execute(db);
  return r.rows.map((x) => x.trust_id);
}

/** Practices located in a referral area that sent referrals in the filter (the feedback batch of an area). */
export async function practicesOfAreaWithReferrals(db: Db, areaId: string, f: AggregateFilter) {
  const r = await sql<{ id: string; name: string }>`
    SELECT o.id, o.name FROM organization o
    WHERE o.area_id = ${areaId} AND o.kind = 'gp_practice'
      AND o.id IN (SELECT DISTINCT a.referrer_org_id FROM analytics_referral_count a WHERE ${where(f, REFERRAL_COLS)})
    ORDER BY o.name`.execute(db);
  return r.rows;
}

/** Referral counts by practice and referrer for a practice (referrer-level drill-down). */
export async function referrersOfPractice(db: Db, practiceId: string, f: AggregateFilter) {
  const r = await sql<{ unit: string; referrals: string }>`
    SELECT a.referrer_person_id AS unit, sum(a.referrals) AS referrals FROM analytics_referral_count a
    WHERE a.referrer_org_id = ${practiceId} AND ${where(f, REFERRAL_COLS)} GROUP BY 1`.execute(db);
  return r.rows.map((x) => ({ unit: x.unit, referrals: Number(x.referrals) }));
}
