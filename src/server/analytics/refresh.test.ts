// The aggregate refresh (store.ts) on a real database — PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set: the one-pass build ('scan') and the per-slice build ('index') give the
// same aggregates, and after inserts, updates and deletes an incremental refresh of only the marked
// (year, month, area) slices (migration 0213) gives exactly what a full rebuild from empty
// aggregates gives — including the changes that reach another month's or year's slice (a prior
// exam in December for a referral in January, or in March for a referral in April; an advice
// decision made in the month or year after the referral's submission; a referral moved across a
// month boundary; an exam in the last minutes of a UTC month).
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../db/schema.ts';
import { loadRegion } from '../synthetic/load.ts';
import { REFERRAL_COLS } from '../synthetic/referral-text.ts';
import { openTestDatabase } from '../testing/harness.ts';
import type { Database } from '../db/index.ts';
import { loadIndicators } from './indicators.ts';
import { dirtyState, markAllDirty, refreshAggregates, withLookBack } from './store.ts';

const TABLES = [
  'analytics_exam_count',
  'analytics_referral_count',
  'analytics_referral_rollup',
  'analytics_indicator_count',
  'analytics_decision_count',
  'analytics_exam_year',
  'analytics_referral_rollup_year',
  'analytics_referral_end_count',
] as const;
const NOW = new Date('2026-06-30T12:00:00Z');

let database: Database;
let drop: () => Promise<void>;
let db: Kysely<DB>;

/** Every aggregate row, as text, per table (sorted). */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES)
    out[table] = (await sql<{ k: string }>`SELECT a::text AS k FROM ${sql.table(table)} a ORDER BY 1`.execute(db)).rows.map((r) => r.k);
  return out;
}

/**
 * Whether the aggregates are a full build (rebuild, or every slice marked and refreshed) of the base
 * tables, made by this file; any change to the base tables since marks slices (dirtyState).
 */
let fullBuild = false;

/** Empties the aggregates and builds them again from the base tables, reading them the given way. */
async function rebuild(access: 'scan' | 'index'): Promise<void> {
  fullBuild = false;
  for (const table of TABLES) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
  await markAllDirty(db);
  await refreshAggregates(db, loadIndicators(), { scanFrom: access === 'scan' ? 1 : Number.MAX_SAFE_INTEGER });
  expect((await dirtyState(db)).slices).toBe(0);
  fullBuild = true;
}

/**
 * Aggregates built from the base tables as they are, for a test to start from: rebuilt (one pass)
 * unless the last full build still stands with nothing marked since. A full build is ~a tenth of
 * this file's database work, and each test ends with one (the first test shows the one-pass and the
 * per-slice builds equal).
 */
async function fromFullBuild(): Promise<void> {
  if (!fullBuild || (await dirtyState(db)).slices > 0) await rebuild('scan');
}

/** Inserts a copy of a referral with some columns changed (REFERRAL_COLS: the columns the generator writes). */
async function copyReferral(fromId: string, changes: Record<string, string | null>): Promise<void> {
  const cols = REFERRAL_COLS.map((c) => sql.id(c));
  const values = REFERRAL_COLS.map((c) => (c in changes ? sql`${changes[c]}` : sql.ref(`r.${c}`)));
  await sql`INSERT INTO referral (${sql.join(cols)}) SELECT ${sql.join(values)} FROM referral r WHERE r.id = ${fromId}`.execute(db);
}

beforeAll(async () => {
  ({ db: database, drop } = await openTestDatabase());
  db = database.kysely;
  await loadRegion(database, { scope: 'vest', referrals: 6000, seed: 11, now: NOW, years: 2 });
});

afterAll(async () => {
  await drop?.();
});

describe('refreshAggregates', () => {
  it('builds the same aggregates reading the tables in one pass as per slice', async () => {
    await rebuild('scan');
    const scan = await snapshot();
    expect(scan.analytics_exam_count.length).toBeGreaterThan(100);
    expect(scan.analytics_indicator_count.length).toBeGreaterThan(10);
    // The generated history ends some referrals without an exam (closed and withdrawn, migration 0310).
    expect(scan.analytics_referral_end_count.length).toBeGreaterThan(10);
    await rebuild('index');
    expect(await snapshot()).toEqual(scan);
    // The rollup without referrers (migration 0211) sums to the referral counts, slice by slice.
    const sums = (table: 'analytics_referral_count' | 'analytics_referral_rollup') =>
      sql<{ k: string }>`SELECT concat_ws('|', year, area_id, sum(referrals), sum(assessed), sum(assessed_in_time), sum(assessment_days_sum), sum(returned),
        sum(performed), sum(exam_days_sum), sum(reported), sum(report_hours_sum), sum(preliminary), sum(preliminary_hours_sum), sum(closed), sum(withdrawn)) AS k FROM ${sql.table(table)} GROUP BY year, area_id ORDER BY 1`
        .execute(db)
        .then((r) => r.rows.map((x) => x.k));
    expect(await sums('analytics_referral_rollup')).toEqual(await sums('analytics_referral_count'));
    // The year totals the dashboards read (migration 0214) are the sums of the month rows.
    const yearOf = (table: string, cols: string, sum: string) =>
      sql<{ k: string }>`SELECT concat_ws('|', ${sql.raw(cols)}, ${sql.raw(sum)}) AS k FROM ${sql.table(table)} GROUP BY ${sql.raw(cols)} ORDER BY 1`
        .execute(db)
        .then((r) => r.rows.map((x) => x.k));
    const examCols = 'year, area_id, sex, age_from, exam_code, modality, exam_group, provider_kind, trust_id';
    expect(await yearOf('analytics_exam_year', examCols, 'sum(exams)')).toEqual(await yearOf('analytics_exam_count', examCols, 'sum(exams)'));
    const rollupCols = 'year, area_id, sex, age_from, exam_code, modality, exam_group, trust_id, provider_kind';
    const rollupSums =
      'sum(referrals), sum(assessed), sum(assessed_in_time), sum(assessment_days_sum), sum(returned), sum(performed), sum(exam_days_sum), sum(reported), sum(report_hours_sum), sum(preliminary), sum(preliminary_hours_sum), sum(closed), sum(withdrawn)';
    expect(await yearOf('analytics_referral_rollup_year', rollupCols, rollupSums)).toEqual(await yearOf('analytics_referral_rollup', rollupCols, rollupSums));
    expect((await yearOf('analytics_exam_year', examCols, 'sum(exams)')).length).toBeGreaterThan(100);
    // The ended referrals by reason (migration 0310) add up to the closed and withdrawn counts.
    const endCols = 'year, area_id, month, sex, age_from, exam_code, referrer_org_id, referrer_person_id, trust_id, provider_kind';
    const ends = await sql<{ k: string }>`SELECT concat_ws('|', ${sql.raw(endCols)}, sum(referrals) FILTER (WHERE ended_by = 'department'),
        coalesce(sum(referrals) FILTER (WHERE ended_by = 'referrer'), 0)) AS k FROM analytics_referral_end_count GROUP BY ${sql.raw(endCols)} ORDER BY 1`.execute(
      db,
    );
    const counted = await sql<{ k: string }>`SELECT concat_ws('|', ${sql.raw(endCols)}, nullif(closed, 0), withdrawn) AS k FROM analytics_referral_count
      WHERE closed + withdrawn > 0 ORDER BY 1`.execute(db);
    expect(ends.rows.map((r) => r.k)).toEqual(counted.rows.map((r) => r.k));
  });

  it('a per-slice build into aggregates the planner takes for empty leaves them with statistics', async () => {
    // As in the demo: the seed's ANALYZE sees empty aggregates, then the first build is per slice.
    fullBuild = false;
    for (const table of TABLES) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
    await sql`ANALYZE analytics_referral_count, analytics_exam_count, analytics_indicator_count`.execute(db);
    const estimate = async () =>
      Number((await sql<{ n: number }>`SELECT reltuples AS n FROM pg_class WHERE oid = 'analytics_referral_count'::regclass`.execute(db)).rows[0].n);
    expect(await estimate()).toBeLessThanOrEqual(0);
    await markAllDirty(db);
    await refreshAggregates(db, loadIndicators(), { scanFrom: Number.MAX_SAFE_INTEGER });
    // Every slice marked and refreshed: a full build (as rebuild('index') makes it).
    expect((await dirtyState(db)).slices).toBe(0);
    fullBuild = true;
    const rows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM analytics_referral_count`.execute(db)).rows[0].n);
    expect(rows).toBeGreaterThan(100);
    expect(await estimate()).toBe(rows);
  });

  it('after inserts, updates and deletes, an incremental refresh equals a full rebuild', async () => {
    await fromFullBuild();
    // 1. A knee X-ray in December for the patient of an MR knee referral (≥ 50 years, counted as
    //    low-value) submitted in the first half of the next year (within the indicator's one-year look-back): the referral leaves the numerator, in a slice
    //    of another year than the one the new rows mark.
    const mr = await sql<{ id: string; submitted_at: Date }>`
      SELECT r.id, r.submitted_at FROM referral r
      WHERE r.exam_code = 'SNG0AG' AND r.patient_age >= 50 AND r.performed_at IS NOT NULL AND r.patient_area_id IS NOT NULL
        AND extract(month FROM r.submitted_at AT TIME ZONE 'UTC') <= 6 AND extract(year FROM r.submitted_at AT TIME ZONE 'UTC') = 2026
        AND NOT (coalesce(r.indication_code, '') LIKE ANY (ARRAY['L96%', 'L81%', 'L79%', 'S8%']))
      ORDER BY r.id LIMIT 1`.execute(db);
    expect(mr.rows.length, 'an MR knee referral in January–June 2026 in the generated data').toBe(1);
    const before = await sql<{ n: string }>`
      SELECT coalesce(sum(numerator), 0) AS n FROM analytics_indicator_count WHERE indicator_id = 'mr-knee-50' AND year = 2026`.execute(db);
    await copyReferral(mr.rows[0].id, {
      id: 'refresh-test-xray',
      exam_code: 'SNG0AA',
      status: 'reported',
      created_at: '2025-12-01T09:00:00Z',
      submitted_at: '2025-12-01T09:00:00Z',
      assessed_at: '2025-12-02T09:00:00Z',
      performed_at: '2025-12-10T09:00:00Z',
      reported_at: '2025-12-11T09:00:00Z',
    });
    await sql`INSERT INTO exam (id, referral_id, exam_code, performing_org_id, patient_area_id, performed_at)
      SELECT 'refresh-test-xray-exam', r.id, r.exam_code, r.department_org_id, r.patient_area_id, r.performed_at FROM referral r WHERE r.id = 'refresh-test-xray'`.execute(
      db,
    );
    // 1c. An exam in the last minutes of a UTC month (already the next month in Norway): counted in
    //     that UTC month; and a referral moved from the last day of a month to the first of the next.
    const edge = await sql<{ id: string }>`SELECT id FROM referral WHERE status = 'reported' AND patient_area_id IS NOT NULL AND id NOT LIKE 'refresh-test%'
      ORDER BY id DESC LIMIT 2`.execute(db);
    await sql`INSERT INTO exam (id, referral_id, exam_code, performing_org_id, patient_area_id, performed_at)
      SELECT 'refresh-test-edge-exam', r.id, r.exam_code, r.department_org_id, r.patient_area_id, '2026-03-31T23:30:00Z' FROM referral r WHERE r.id = ${edge.rows[0].id}`.execute(
      db,
    );
    await sql`UPDATE referral SET submitted_at = '2026-02-28T23:59:00Z', created_at = '2026-02-28T23:59:00Z' WHERE id = ${edge.rows[1].id}`.execute(db);
    expect(await refreshAggregates(db, loadIndicators())).toBeGreaterThan(0);
    await sql`UPDATE referral SET submitted_at = '2026-03-01T00:01:00Z', created_at = '2026-03-01T00:01:00Z' WHERE id = ${edge.rows[1].id}`.execute(db);
    // 2. Referrals assessed and returned, one moved to another area.
    const some = await sql<{ id: string }>`SELECT id FROM referral WHERE status = 'submitted' ORDER BY id LIMIT 3`.execute(db);
    expect(some.rows.length).toBeGreaterThan(0);
    await sql`UPDATE referral SET status = 'returned', assessed_at = submitted_at + interval '3 days' WHERE id = ANY (${some.rows.map((r) => r.id)}::text[])`.execute(
      db,
    );
    await sql`UPDATE referral SET patient_area_id = (SELECT min(id) FROM hospital_area WHERE id <> coalesce(referral.patient_area_id, ''))
      WHERE id = (SELECT max(id) FROM referral WHERE status = 'reported' AND id NOT LIKE 'refresh-test%')`.execute(db);
    // 2b. Referrals ended without an exam as assessment/closing.ts ends them (status 'cancelled' and
    //     the event): one closed by the department, one withdrawn by the referrer, and one merged
    //     (cancelled, but counted as neither).
    const open = await sql<{ id: string; status: string }>`SELECT id, status FROM referral WHERE status IN ('submitted', 'scheduled')
      AND id NOT LIKE 'refresh-test%' AND NOT (id = ANY (${some.rows.map((r) => r.id)}::text[])) ORDER BY id LIMIT 3`.execute(db);
    expect(open.rows.length).toBe(3);
    for (const [i, r] of open.rows.entries()) {
      const kind = ['closed_without_exam', 'withdrawn', 'merged'][i];
      await sql`UPDATE referral SET status = 'cancelled' WHERE id = ${r.id}`.execute(db);
      await sql`INSERT INTO referral_event (referral_id, at, kind, from_status, to_status, actor_role, reason_code)
        VALUES (${r.id}, '2026-06-29T10:00:00Z', ${kind}, ${r.status}, 'cancelled', ${kind === 'withdrawn' ? 'referrer' : 'secretary'},
          ${kind === 'closed_without_exam' ? 'done_elsewhere' : kind === 'merged' ? 'duplicate' : null})`.execute(db);
    }
    const endedBefore = await sql<{ n: string }>`SELECT coalesce(sum(referrals), 0) AS n FROM analytics_referral_end_count`.execute(db);
    // 3. An exam deleted (one without a reading case).
    await sql`DELETE FROM exam WHERE id = (SELECT min(e.id) FROM exam e WHERE NOT EXISTS (SELECT 1 FROM reading_case c WHERE c.exam_id = e.id))`.execute(db);
    // 4. Advice decisions "usually not appropriate" on referrals that went ahead, one made in the
    //    year after the referral was submitted.
    const late = await sql<{ id: string }>`
      SELECT id FROM referral WHERE exam_code IN ('SNA0GG', 'SNG0AG') AND performed_at IS NOT NULL AND (advice ->> 'rating') IS NULL
        AND extract(year FROM submitted_at AT TIME ZONE 'UTC') = 2025 ORDER BY id LIMIT 2`.execute(db);
    expect(late.rows.length).toBe(2);
    for (const [i, r] of late.rows.entries())
      await sql`INSERT INTO referral_decision (at, referral_id, topic_id, topic_version, rating, decision, reason_code)
        VALUES (${i === 0 ? '2026-01-05T10:00:00Z' : '2025-12-30T10:00:00Z'}, ${r.id}, 'knee', '1', 'usually_not_appropriate', 'overridden', 'patient_wish')`.execute(
        db,
      );

    const marked = (await dirtyState(db)).slices;
    expect(marked).toBeGreaterThan(0);
    // The incremental refresh: only the marked slices, read per slice (the server's usual case).
    expect(await refreshAggregates(db, loadIndicators())).toBe(marked);
    const incremental = await snapshot();
    const after = await sql<{ n: string }>`
      SELECT coalesce(sum(numerator), 0) AS n FROM analytics_indicator_count WHERE indicator_id = 'mr-knee-50' AND year = 2026`.execute(db);
    expect(Number(after.rows[0].n)).toBe(Number(before.rows[0].n) - 1);
    const edgeRows = await sql<{ month: number; exams: string }>`SELECT a.month, sum(a.exams) AS exams FROM analytics_exam_count a
      WHERE a.year = 2026 AND a.month IN (3, 4) AND a.area_id = (SELECT patient_area_id FROM exam WHERE id = 'refresh-test-edge-exam') GROUP BY 1 ORDER BY 1`.execute(
      db,
    );
    expect(edgeRows.rows.map((r) => Number(r.month))).toContain(3);
    const endedAfter = await sql<{ n: string }>`SELECT coalesce(sum(referrals), 0) AS n FROM analytics_referral_end_count`.execute(db);
    expect(Number(endedAfter.rows[0].n)).toBe(Number(endedBefore.rows[0].n) + 2);

    await rebuild('scan');
    expect(incremental).toEqual(await snapshot());
    await rebuild('index');
    expect(incremental).toEqual(await snapshot());
  });

  it("a prior exam in one month changes the indicators of the next month's slice (look-back), and only that month is marked", async () => {
    await fromFullBuild();
    // A knee X-ray in the month before an MR knee referral (≥ 50 years, counted as low-value)
    // submitted in February–June 2026: the new rows mark only the X-ray's month; the refresh must
    // reach the referral's month through the look-back.
    const mr2 = await sql<{ id: string; submitted_at: Date; month: number; area: string }>`
      SELECT r.id, r.submitted_at, extract(month FROM r.submitted_at AT TIME ZONE 'UTC')::int AS month, r.patient_area_id AS area FROM referral r
      WHERE r.exam_code = 'SNG0AG' AND r.patient_age >= 50 AND r.performed_at IS NOT NULL AND r.patient_area_id IS NOT NULL
        AND r.submitted_at >= '2026-02-01T00:00:00Z' AND r.submitted_at < '2026-06-30T00:00:00Z'
        AND NOT (coalesce(r.indication_code, '') LIKE ANY (ARRAY['L96%', 'L81%', 'L79%', 'S8%']))
        AND NOT EXISTS (SELECT 1 FROM referral p JOIN exam e ON e.referral_id = p.id WHERE p.patient_id = r.patient_id AND e.exam_code = 'SNG0AA')
      ORDER BY r.id LIMIT 1`.execute(db);
    expect(mr2.rows.length, 'an MR knee referral in February–June 2026 in the generated data').toBe(1);
    const { month: mr2Month, area: mr2Area } = mr2.rows[0];
    const monthNumerator = () =>
      sql<{ n: string }>`SELECT coalesce(sum(numerator), 0) AS n FROM analytics_indicator_count
        WHERE indicator_id = 'mr-knee-50' AND year = 2026 AND month = ${mr2Month}::int AND area_id = ${mr2Area}`
        .execute(db)
        .then((r) => Number(r.rows[0].n));
    const monthBefore = await monthNumerator();
    const xrayAt = new Date(Date.UTC(2026, mr2Month - 1, 1) - 5 * 86_400_000).toISOString();
    await copyReferral(mr2.rows[0].id, {
      id: 'refresh-test-xray-2',
      exam_code: 'SNG0AA',
      status: 'reported',
      created_at: xrayAt,
      submitted_at: xrayAt,
      assessed_at: xrayAt,
      performed_at: xrayAt,
      reported_at: xrayAt,
    });
    await sql`INSERT INTO exam (id, referral_id, exam_code, performing_org_id, patient_area_id, performed_at)
      SELECT 'refresh-test-xray-exam-2', r.id, r.exam_code, r.department_org_id, r.patient_area_id, r.performed_at FROM referral r WHERE r.id = 'refresh-test-xray-2'`.execute(
      db,
    );
    const marks = await sql<{ k: string }>`SELECT concat_ws('|', year, month, area_id) AS k FROM analytics_dirty`.execute(db);
    expect(marks.rows.map((r) => r.k)).toEqual([`2026|${mr2Month - 1}|${mr2Area}`]);
    await refreshAggregates(db, loadIndicators());
    expect(await monthNumerator()).toBe(monthBefore - 1);
    const incremental = await snapshot();
    await rebuild('scan');
    expect(incremental).toEqual(await snapshot());
  });

  it('a new referral marks and recomputes only its own month of its area', async () => {
    await fromFullBuild();
    const some = await sql<{ id: string; area: string }>`SELECT id, patient_area_id AS area FROM referral
      WHERE patient_area_id IS NOT NULL AND id NOT LIKE 'refresh-test%' ORDER BY id LIMIT 1`.execute(db);
    const other = () =>
      sql<{
        k: string;
      }>`SELECT a::text AS k FROM analytics_referral_count a WHERE NOT (a.year = 2026 AND a.month = 5 AND a.area_id = ${some.rows[0].area}) ORDER BY 1`
        .execute(db)
        .then((r) => r.rows.map((x) => x.k));
    const othersBefore = await other();
    await copyReferral(some.rows[0].id, {
      id: 'refresh-test-live',
      status: 'submitted',
      created_at: '2026-05-31T23:59:59Z',
      submitted_at: '2026-05-31T23:59:59Z',
      assessed_at: null,
      performed_at: null,
      reported_at: null,
    });
    const marks = await sql<{ k: string }>`SELECT concat_ws('|', year, month, area_id) AS k FROM analytics_dirty`.execute(db);
    expect(marks.rows.map((r) => r.k)).toEqual([`2026|5|${some.rows[0].area}`]);
    expect(await refreshAggregates(db, loadIndicators())).toBe(1);
    expect(await other()).toEqual(othersBefore);
    const incremental = await snapshot();
    await rebuild('scan');
    expect(incremental).toEqual(await snapshot());
    await sql`DELETE FROM referral WHERE id = 'refresh-test-live'`.execute(db);
  });

  it('recomputes indicator slices as far ahead as the longest look-back reaches', () => {
    const ind = loadIndicators();
    // The packaged indicators look back at most 365 days: a change in January 2025 reaches the
    // referrals of January 2026 (submitted before 1 February 2025 + 365 days = 1 February 2026).
    const jan = withLookBack({ years: [2025], months: [1], areas: ['a'] }, ind);
    expect(jan.years.length).toBe(13);
    expect([jan.years.at(-1), jan.months.at(-1)]).toEqual([2026, 1]);
    // A change in December 2025 (31 days) reaches 31 December 2026 + … = December 2026.
    const dec = withLookBack({ years: [2025], months: [12], areas: ['b'] }, ind);
    expect([dec.years[1], dec.months[1], dec.years.at(-1), dec.months.at(-1)]).toEqual([2026, 1, 2026, 12]);
    // Overlapping reaches of one area are listed once; another area is its own.
    const both = withLookBack({ years: [2025, 2025, 2025], months: [1, 2, 1], areas: ['a', 'a', 'b'] }, ind);
    expect(both.areas.filter((x) => x === 'a').length).toBe(14);
    expect(both.areas.filter((x) => x === 'b').length).toBe(13);
    // A 40-day look-back from 31-day March reaches into May (31 March + 40 days = 10 May).
    const short = [{ ...ind[0], numerator: { all: [{ no_prior_exam: { codes: ['SNG0AA'], days: 40 } }] } }];
    expect(withLookBack({ years: [2026], months: [3], areas: ['a'] }, short)).toEqual({ years: [2026, 2026, 2026], months: [3, 4, 5], areas: ['a', 'a', 'a'] });
    expect(withLookBack({ years: [2025], months: [7], areas: ['a'] }, [])).toEqual({ years: [2025], months: [7], areas: ['a'] });
  });
});
