// The analytics domain on a real database: aggregates equal a direct count of the base tables,
// new data becomes visible after one refresh of only the touched slices, and the API applies
// filters (400 naming the filter), scopes (analyst, department leader, GP) and 403s.
import { sql } from 'kysely';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TOTAL_AREA_ID,
  type IndicatorResponse,
  type RatesResponse,
  type VariationReportResponse,
  type FeedbackResponse,
  type AnalyticsMeta,
  type EndedReasonsResponse,
  type EndedResponse,
  type TrendResponse,
} from '../../shared/api/analytics.ts';
import { advise } from '../guidelines/advise.ts';
import { loadGuidelinePack } from '../guidelines/loader.ts';
import { loadRegion } from '../synthetic/load.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { PDFParse } from 'pdf-parse';
import { feedbackPdf, funnelSvg } from './feedback-pdf.ts';
import { feedbackWithFunnels } from './service.ts';
import { loadIndicators } from './indicators.ts';
import { dirtyState, markAllDirty, refreshAggregates } from './store.ts';
import { readCsvTable } from '../csv/csv-table.ts';

/** A PDF's text with runs of white space as one space. */
async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

/**
 * A CSV download in its parts (StatBank layout, analytics/export-title.ts): the title line, the blank
 * line after it, the heading row and the data rows (BOM and the last line break left out).
 */
function csvParts(body: string): { title: string; blank: string; heading: string; rows: string[] } {
  const lines = body.replace(/^\uFEFF/, '').split('\r\n');
  return { title: lines[0], blank: lines[1], heading: lines[2], rows: lines.slice(3, -1) };
}

let t: TestContext;
let analyst: Session;
let leader: Session;
let gp: Session;
let gpPractice: string;
let otherPractice: string;
let leaderTrust: string;
const NOW = new Date('2026-06-30T12:00:00Z');

beforeAll(async () => {
  t = await createTestContext();
  // The history as the demo makes it: advised by the engine (low-value indicators, advice adherence).
  // 5,000: the funnel test needs a GP practice with 10 or more referrals of one indicator in 2025–2026
  // (at 4,000 the history with its backlog (time31) had 9 at most).
  const region = await loadRegion(t.db, { scope: 'vest', referrals: 5000, seed: 7, now: NOW, years: 2, historyAdvice: true });
  const db = t.db.kysely;
  const a = await createUser(db, { grants: [{ role: 'analyst', organizationId: `rhf-${region.handles.regionIds[0]}` }] });
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: region.handles.largestDepartmentId }] });
  gpPractice = region.handles.gpPractice.orgId;
  const g = await createUser(db, { grants: [{ role: 'referrer', organizationId: gpPractice }], referrerKind: 'gp' });
  const others = await db.selectFrom('organization').select('id').where('kind', '=', 'gp_practice').where('id', '!=', gpPractice).limit(1).execute();
  otherPractice = others[0].id;
  leaderTrust = region.handles.largestHfId;
  analyst = await login(t.app, a.username, a.password);
  leader = await login(t.app, l.username, l.password);
  gp = await login(t.app, g.username, g.password);
  await refreshAggregates(db, loadIndicators());
});

afterAll(async () => {
  await t?.close();
});

describe('aggregates', () => {
  it('equal a direct count of exams and referrals by area and year, and leave nothing marked', async () => {
    const db = t.db.kysely;
    const direct = await sql<{ year: number; area: string; n: string }>`
      SELECT extract(year FROM performed_at AT TIME ZONE 'UTC')::int AS year, coalesce(patient_area_id, '') AS area, count(*) AS n FROM exam GROUP BY 1, 2 ORDER BY 1, 2`.execute(
      db,
    );
    const agg = await sql<{ year: number; area: string; n: string }>`
      SELECT year, area_id AS area, sum(exams) AS n FROM analytics_exam_count GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
    expect(agg.rows.map((r) => [Number(r.year), r.area, Number(r.n)])).toEqual(direct.rows.map((r) => [Number(r.year), r.area, Number(r.n)]));
    expect(direct.rows.length).toBeGreaterThan(2);
    const refs = await sql<{ n: string; assessed: string; performed: string }>`
      SELECT count(*) AS n, count(assessed_at) AS assessed, count(performed_at) AS performed FROM referral WHERE submitted_at IS NOT NULL`.execute(db);
    const aggRefs = await sql<{ n: string; assessed: string; performed: string }>`
      SELECT sum(referrals) AS n, sum(assessed) AS assessed, sum(performed) AS performed FROM analytics_referral_count`.execute(db);
    expect(aggRefs.rows[0]).toEqual({ n: refs.rows[0].n, assessed: refs.rows[0].assessed, performed: refs.rows[0].performed });
    expect((await dirtyState(db)).slices).toBe(0);
  });

  it('count referrals ended without an exam (closed or withdrawn, issue 8) as referrals, never as returned or performed', async () => {
    const db = t.db.kysely;
    // The generated history ends a small share of referrals without an exam, as assessment/closing.ts does.
    const ended = await sql<{ kind: string; n: string; wrong: string }>`
      SELECT e.kind, count(*) AS n, count(*) FILTER (WHERE r.status <> 'cancelled' OR r.performed_at IS NOT NULL OR x.id IS NOT NULL) AS wrong
      FROM referral_event e JOIN referral r ON r.id = e.referral_id LEFT JOIN exam x ON x.referral_id = r.id
      WHERE e.kind IN ('closed_without_exam', 'withdrawn') GROUP BY 1 ORDER BY 1`.execute(db);
    expect(ended.rows.map((r) => r.kind)).toEqual(['closed_without_exam', 'withdrawn']);
    for (const r of ended.rows) {
      expect(Number(r.n), r.kind).toBeGreaterThan(10);
      expect(Number(r.wrong), r.kind).toBe(0);
    }
    type Row = { referrals: number; returnedShare: number; performed: number };
    const total = (await as(t.app, analyst)({ url: '/api/analytics/process?from=2025&to=2026&by=total' })).json<{ rows: Row[] }>().rows[0];
    const direct = await sql<{ n: string; returned: string; performed: string; cancelled: string }>`
      SELECT count(*) AS n, count(*) FILTER (WHERE status = 'returned') AS returned, count(performed_at) AS performed,
        count(*) FILTER (WHERE status = 'cancelled') AS cancelled
      FROM referral WHERE submitted_at >= '2025-01-01T00:00:00Z' AND submitted_at < '2027-01-01T00:00:00Z'`.execute(db);
    const d = direct.rows[0];
    expect(Number(d.cancelled)).toBeGreaterThan(0);
    // In the denominator (they were sent), not in the returned share nor among the performed.
    expect(total.referrals).toBe(Number(d.n));
    expect(total.returnedShare * total.referrals).toBeCloseTo(Number(d.returned), 6);
    expect(total.performed).toBe(Number(d.performed));
  });

  it('count the low-value indicator as a direct query of its definition does (MR knee ≥ 50 years)', async () => {
    const db = t.db.kysely;
    const direct = await sql<{ d: string; n: string }>`
      SELECT count(*) AS d, count(*) FILTER (WHERE NOT (coalesce(r.indication_code, '') LIKE ANY (ARRAY['L96%', 'L81%', 'L79%', 'S8%']))
        AND NOT EXISTS (SELECT 1 FROM referral r2 JOIN exam e2 ON e2.referral_id = r2.id WHERE r2.patient_id = r.patient_id AND e2.exam_code = 'SNG0AA'
          AND e2.performed_at < r.submitted_at AND e2.performed_at >= r.submitted_at - interval '365 days')) AS n
      FROM referral r WHERE r.exam_code = 'SNG0AG' AND r.patient_age >= 50 AND r.performed_at IS NOT NULL AND r.submitted_at IS NOT NULL`.execute(db);
    const agg = await sql<{ d: string; n: string }>`
      SELECT sum(denominator) AS d, sum(numerator) AS n FROM analytics_indicator_count WHERE indicator_id = 'mr-knee-50'`.execute(db);
    expect(Number(agg.rows[0].d)).toBe(Number(direct.rows[0].d));
    expect(Number(agg.rows[0].n)).toBe(Number(direct.rows[0].n));
    expect(Number(direct.rows[0].d)).toBeGreaterThan(0);
  });

  it('count the advice the generated history was sent with: "usually not appropriate" that went ahead, CT head for uncomplicated headache, adherence', async () => {
    const db = t.db.kysely;
    const defs = loadIndicators();
    const una = defs.find((d) => d.id === 'usually-not-appropriate-went-ahead')!;
    const ct = defs.find((d) => d.id === 'ct-head-headache')!;
    // Counted apart from what the generator stored: the advice engine run again on each sent
    // referral's question and note, with its patient, indication and referrer kind.
    const pack = loadGuidelinePack();
    const sent = await sql<{
      exam_code: string;
      patient_age: number;
      patient_sex: 'M' | 'F';
      indication_system: 'ICPC-2' | 'ICD-10';
      indication_code: string;
      clinical_question: string;
      clinical_note: string;
      submitted_at: Date;
      performed: boolean;
      referrer_kind: 'gp' | 'hospital_doctor' | 'private_specialist' | 'chiropractor' | 'manual_therapist';
      decision: string | null;
      asked_exam: string | null;
    }>`SELECT r.exam_code, r.patient_age, r.patient_sex, r.indication_system, r.indication_code, r.clinical_question, r.clinical_note, r.submitted_at,
          r.performed_at IS NOT NULL AS performed, p.referrer_kind, d.decision, d.exam_code AS asked_exam
        FROM referral r JOIN person p ON p.id = r.referrer_person_id LEFT JOIN referral_decision d ON d.referral_id = r.id
        WHERE r.submitted_at IS NOT NULL`.execute(db);
    let unaDenominator = 0;
    let unaNumerator = 0;
    let ctDenominator = 0;
    let ctNumerator = 0;
    let overridden = 0;
    let followed = 0;
    let alternativeAccepted = 0;
    const unaCodes = new Set(una.denominator.exam_codes);
    for (const r of sent.rows) {
      const adviceOn = (examCode: string) =>
        advise(
          pack,
          {
            examCode,
            patient: { ageYears: r.patient_age, sex: r.patient_sex },
            indication: { system: r.indication_system, code: r.indication_code },
            referrerKind: r.referrer_kind,
            facts: {},
            text: `${r.clinical_question} ${r.clinical_note}`,
          },
          { now: new Date(r.submitted_at) },
        ).advice;
      const a = adviceOn(r.exam_code);
      // What the live path lets through: no referral is sent while facts are missing or rights lack.
      const rating = a && !a.silent && a.rating !== 'needs_information' && a.rating !== 'not_allowed' ? a.rating : null;
      if (r.decision === 'alternative_accepted') {
        // Sent for the advice's alternative: the exam first asked for was rated "usually not
        // appropriate" and named this one as its alternative.
        const asked = adviceOn(r.asked_exam!);
        expect(asked?.rating).toBe('usually_not_appropriate');
        expect(asked?.alternative?.examCode).toBe(r.exam_code);
        alternativeAccepted++;
      } else if (rating === 'usually_not_appropriate') overridden++;
      else if (rating !== null) followed++;
      if (!r.performed) continue;
      if (unaCodes.has(r.exam_code)) {
        unaDenominator++;
        if (rating === 'usually_not_appropriate') unaNumerator++;
      }
      if (ct.denominator.exam_codes.includes(r.exam_code) && (ct.denominator.indication_codes ?? []).some((c) => r.indication_code.startsWith(c))) {
        ctDenominator++;
        if (rating === 'usually_not_appropriate') ctNumerator++;
      }
    }
    const agg = await sql<{ id: string; d: string; n: string }>`
      SELECT indicator_id AS id, sum(denominator) AS d, sum(numerator) AS n FROM analytics_indicator_count GROUP BY 1`.execute(db);
    const of = (id: string) => agg.rows.find((r) => r.id === id);
    expect(unaNumerator).toBeGreaterThan(0);
    expect(ctNumerator).toBeGreaterThan(0);
    expect(ctDenominator).toBeGreaterThan(ctNumerator);
    expect([Number(of(una.id)?.d), Number(of(una.id)?.n)]).toEqual([unaDenominator, unaNumerator]);
    expect([Number(of(ct.id)?.d), Number(of(ct.id)?.n)]).toEqual([ctDenominator, ctNumerator]);
    // Advice adherence: one decision per referral sent with advice shown; sent against "usually not
    // appropriate" advice means overridden, with a reason, unless the alternative was taken; and one
    // per draft withdrawn after the advice — the drafts whose advice events never reached a referral.
    const adherence = (await as(t.app, analyst)({ url: '/api/analytics/adherence?from=2024&to=2026' })).json<{
      totals: { followed: number; overridden: number; alternativeAccepted: number; withdrawn: number };
      rows: { topicId: string; topic: string; rating: string; decision: string; reason: string; decisions: number | null }[];
    }>();
    const shown = await sql<{ sent: number; unsent: number }>`
      SELECT count(*) FILTER (WHERE referral_id IS NOT NULL)::int AS sent,
        count(DISTINCT draft_id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM advice_event s WHERE s.draft_id = e.draft_id AND s.referral_id IS NOT NULL))::int AS unsent
      FROM advice_event e`.execute(db);
    // A total of 1–9 is withheld (issue 10 §7).
    const small = (n: number) => (n > 0 && n < 10 ? null : n);
    expect(adherence.totals).toEqual({
      followed: small(followed),
      overridden: small(overridden),
      alternativeAccepted: small(alternativeAccepted),
      withdrawn: small(shown.rows[0].unsent),
    });
    expect(shown.rows[0].sent).toBe(followed + overridden + alternativeAccepted);
    for (const n of Object.values(adherence.totals)) if (n !== null) expect(n).toBeGreaterThan(0);
    // Overrides give their reason, withdrawals what was done instead — in words, never a code.
    for (const r of adherence.rows.filter((x) => x.decision === 'overridden' || x.decision === 'withdrawn')) {
      expect(r.reason, r.decision).not.toBe('');
      expect(r.reason, r.decision).not.toMatch(/^[a-z_-]+$/);
    }
    // Rows name their topic in words and come grouped by it: each topic's rows together, titles in
    // order, never an id where a title exists.
    const current = t.app.guidelines.current().pack;
    for (const r of adherence.rows) expect(r.topic).toBe(current.topics.find((x) => x.id === r.topicId)?.title.nb);
    const titles = adherence.rows.map((r) => r.topic);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'nb')));
    expect(new Set(titles).size).toBeGreaterThan(1);
  });

  it('show an inserted exam after one refresh of only the slice it touched', async () => {
    const db = t.db.kysely;
    const ref = await db
      .selectFrom('referral')
      .select(['id', 'exam_code', 'department_org_id', 'patient_area_id'])
      .where('status', '=', 'reported')
      .where('patient_area_id', 'is not', null)
      .limit(1)
      .executeTakeFirstOrThrow();
    const before = await sql<{
      n: string;
    }>`SELECT coalesce(sum(exams), 0) AS n FROM analytics_exam_count WHERE year = 2026 AND area_id = ${ref.patient_area_id}`.execute(db);
    await db
      .insertInto('exam')
      .values({
        id: 'exam-analytics-test',
        referral_id: ref.id,
        exam_code: ref.exam_code,
        modality_id: null,
        performing_org_id: ref.department_org_id,
        patient_area_id: ref.patient_area_id,
        performed_at: '2026-06-01T10:00:00Z',
        reported_at: null,
      })
      .execute();
    expect(await dirtyState(db)).toMatchObject({ slices: 1 });
    expect(await refreshAggregates(db, loadIndicators())).toBe(1);
    const after = await sql<{ n: string }>`SELECT sum(exams) AS n FROM analytics_exam_count WHERE year = 2026 AND area_id = ${ref.patient_area_id}`.execute(db);
    expect(Number(after.rows[0].n)).toBe(Number(before.rows[0].n) + 1);
    // The new exam also opened a reading case (and its first event) for the worklists (migration 0120): remove those first.
    await db.deleteFrom('reading_case_event').where('exam_id', '=', 'exam-analytics-test').execute();
    await db.deleteFrom('reading_case').where('exam_id', '=', 'exam-analytics-test').execute();
    await db.deleteFrom('exam').where('id', '=', 'exam-analytics-test').execute();
    await refreshAggregates(db, loadIndicators());
    const again = await sql<{ n: string }>`SELECT sum(exams) AS n FROM analytics_exam_count WHERE year = 2026 AND area_id = ${ref.patient_area_id}`.execute(db);
    expect(Number(again.rows[0].n)).toBe(Number(before.rows[0].n));
  });

  it('a full rebuild gives the same aggregates', async () => {
    const db = t.db.kysely;
    const snapshot = async () =>
      (
        await sql<{
          k: string;
        }>`SELECT concat_ws('|', year, area_id, month, sex, age_from, exam_code, provider_kind, trust_id, exams) AS k FROM analytics_exam_count ORDER BY 1`.execute(
          db,
        )
      ).rows.map((r) => r.k);
    const first = await snapshot();
    await markAllDirty(db);
    await refreshAggregates(db, loadIndicators());
    expect(await snapshot()).toEqual(first);
  });
});

describe('GET /api/analytics/*', () => {
  it('rates: standardized rates per area with CI, suppression flag, total and variation', async () => {
    const res = await as(t.app, analyst)({ url: '/api/analytics/rates?from=2025&to=2026' });
    expect(res.statusCode).toBe(200);
    const r = res.json<RatesResponse>();
    expect(r.areas.length).toBeGreaterThanOrEqual(4);
    const shown = r.areas.filter((a) => !a.suppressed);
    expect(shown.length).toBeGreaterThan(0);
    for (const a of shown) expect(a.lower!).toBeLessThanOrEqual(a.standardized!);
    // Sorted highest first.
    const values = shown.map((a) => a.standardized!);
    expect(values).toEqual([...values].sort((x, y) => y - x));
    expect(r.total.events).toBeGreaterThan(0);
    expect(r.variation.eq1).toBeGreaterThanOrEqual(1);
    expect(r.areas[0].byYear.map((y) => y.year)).toEqual([2025, 2026]);
    // A narrow filter leaves fewer than 10 events: flagged and no numbers.
    const narrow = await as(t.app, analyst)({ url: '/api/analytics/rates?from=2026&to=2026&area=forde&exam=SNG0AG&sex=M&ageGroup=20-24' });
    expect(narrow.statusCode).toBe(200);
    const suppressed = narrow.json<RatesResponse>().areas.filter((a) => a.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const a of suppressed) expect([a.events, a.standardized, a.lower]).toEqual([null, null, null]);
  });

  it("rates count each year's person-time for the days the data cover: a partial year is not a full year's population (ana29)", async () => {
    // The history is the two years before 30 June 2026: 2024 and 2026 are partial, 2025 whole.
    const range = await sql<{ first: Date | string; last: Date | string }>`SELECT min(performed_at) AS first, max(performed_at) AS last FROM exam`.execute(
      t.db.kysely,
    );
    const day = (v: Date | string) => new Date(v).toISOString().slice(0, 10);
    const from = day(range.rows[0].first);
    const to = day(range.rows[0].last);
    const r = (await as(t.app, analyst)({ url: '/api/analytics/rates?from=2024&to=2026' })).json<RatesResponse>();
    expect(r.coverage).toEqual({ from, to });
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000 + 1;
    expect(r.years).toEqual([
      { year: 2024, days: days(from, '2024-12-31'), daysInYear: 366, share: days(from, '2024-12-31') / 366 },
      { year: 2025, days: 365, daysInYear: 365, share: 1 },
      { year: 2026, days: days('2026-01-01', to), daysInYear: 365, share: days('2026-01-01', to) / 365 },
    ]);
    // crude = 10,000 × count / person-years, the person-years being the population × sampling
    // fraction × the covered share of each year.
    for (const a of [...r.areas, r.total].filter((x) => !x.suppressed)) expect(a.crude!).toBeCloseTo((10_000 * a.events!) / a.personYears, 6);
    const pop = Number(
      (
        await sql<{ n: string }>`SELECT sum(population) AS n FROM area_population WHERE area_id = ANY (${r.areas.map((a) => a.areaId)}::text[])`.execute(
          t.db.kysely,
        )
      ).rows[0].n,
    );
    const shareSum = r.years.reduce((s, y) => s + y.share, 0);
    expect(r.total.personYears).toBeCloseTo(pop * r.samplingFraction * shareSum, 3);
    // Each year's rate on its own person-time: the partial years are of the same order as the whole
    // one (counted against a whole year's population, 2024 came out at half of 2025).
    const byYear = (y: number) => r.total.byYear.find((x) => x.year === y)!.standardized!;
    for (const y of [2024, 2026]) expect(byYear(y) / byYear(2025)).toBeGreaterThan(0.75);
    for (const y of [2024, 2026]) expect(byYear(y) / byYear(2025)).toBeLessThan(1.33);
    // The standard population and the structure behind "adjusted = crude" are said, as in the CSV.
    expect(r.standard).toBe('norway');
    expect(r.standardYear).toBe(2024);
    expect(r.sameStructureAsStandard).toBe(true);
    for (const a of r.areas.filter((x) => !x.suppressed)) expect(a.standardized!).toBeCloseTo(a.crude!, 0);
    expect((await as(t.app, analyst)({ url: '/api/analytics/rates?from=2025&to=2025&standard=esp2013' })).json<RatesResponse>().sameStructureAsStandard).toBe(
      false,
    );
    // The trend marks the partial years, JSON and CSV; the CSV says what the counts and person-years are.
    const trend = (await as(t.app, analyst)({ url: '/api/analytics/trend?from=2024&to=2026' })).json<TrendResponse>();
    expect(trend.yearCoverage).toEqual(r.years);
    const csv = await as(t.app, analyst)({ url: '/api/analytics/trend?from=2024&to=2026&format=csv' });
    const { title, heading, rows } = csvParts(csv.body);
    expect(heading).toBe('Opptaksområde;År;Dager med data;Andel av året med data (%);Standardisert rate per 10 000');
    expect(rows.find((x) => x.startsWith(`Alle områder;2025;`))).toMatch(/^Alle områder;2025;365;100,0;\d+,\d$/);
    expect(title).toContain(`Delvise år: 2024 (${r.years[0].days} av 366 dager), 2026 (${r.years[2].days} av 365 dager).`);
    expect(title).toContain('Justerte rater er direkte standardisert etter kjønn og femårs aldersgrupper til Norges befolkning 2024');
    expect(title).toContain('så justert rate er lik ujustert rate');
    // The variation report's exam-group rates rest on the same covered days, standard and sample: its
    // CSV title says so as the page does beside the rates (it said none of it before, time31).
    const variation = await as(t.app, analyst)({ url: '/api/analytics/variation?from=2024&to=2026&format=csv' });
    const v = csvParts(variation.body).title;
    expect(v).toContain(`Delvise år: 2024 (${r.years[0].days} av 366 dager), 2026 (${r.years[2].days} av 365 dager).`);
    expect(v).toContain('Justerte rater er direkte standardisert etter kjønn og femårs aldersgrupper til Norges befolkning 2024');
    const json = (await as(t.app, analyst)({ url: '/api/analytics/variation?from=2024&to=2026' })).json<VariationReportResponse>();
    expect(json.years).toEqual(r.years);
    expect(json.coverage).toEqual(r.coverage);
  });

  it('meta names the filters each view applies, so the page can say which chosen ones it does not (ana29)', async () => {
    const meta = (await as(t.app, analyst)({ url: '/api/analytics/meta' })).json<AnalyticsMeta>();
    expect(meta.filtersApplied.decision.sort()).toEqual(['area', 'trust']);
    expect(meta.filtersApplied.indicator).not.toContain('provider');
    expect(meta.filtersApplied.exam).toEqual(expect.arrayContaining(['area', 'trust', 'modality', 'exam', 'examGroup', 'ageGroup', 'sex', 'provider']));
  });

  it('CSV export of a table', async () => {
    const res = await as(t.app, analyst)({ url: '/api/analytics/rates?from=2026&format=csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    // A Norwegian user gets Norwegian headings, semicolons and decimal commas (http/csv.ts).
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    expect(csvParts(res.body).heading).toBe(
      'Opptaksområde;Antall undersøkelser;Personår;Rå rate per 10 000;Standardisert rate per 10 000;Nedre grense (95 %);Øvre grense (95 %);Skjult (under 10 eller for å verne et lite tall)',
    );
    expect(csvParts(res.body).rows[0]).toMatch(/^[^;]+;\d+;\d+;\d+,\d;/);
  });

  it('CSV cells people read are words, never internal codes (issue 8)', async () => {
    const body = async (url: string) => (await as(t.app, analyst)({ url })).body;
    // Advice decisions as the referral form records them (the generated history has none).
    const refs = await sql<{
      id: string;
      submitted_at: Date;
    }>`SELECT id, submitted_at FROM referral WHERE submitted_at >= '2025-01-01' ORDER BY id LIMIT 12`.execute(t.db.kysely);
    for (const [i, r] of refs.rows.entries())
      await sql`INSERT INTO referral_decision (at, referral_id, topic_id, topic_version, rating, decision, reason_code)
        VALUES (${r.submitted_at}, ${r.id}, 'knee', '1', ${i % 2 ? 'usually_not_appropriate' : 'may_be_appropriate'}, ${i % 2 ? 'overridden' : 'followed'},
          ${i % 2 ? 'patient_wish' : null})`.execute(t.db.kysely);
    await refreshAggregates(t.db.kysely, loadIndicators());
    const adherence = await body('/api/analytics/adherence?from=2025&to=2026&format=csv');
    expect(csvParts(adherence).heading).toBe('Henvisningsråd;Vurdering;Valg;Begrunnelse;Antall valg;Skjult (under 10 eller for å verne et lite tall)');
    expect(adherence).toMatch(/Vanligvis (ikke )?indisert|Kan være indisert/);
    expect(adherence).toMatch(/Fulgte rådet|Valgte bort rådet/);
    expect(adherence).not.toMatch(/usually_not_appropriate|may_be_appropriate|;appropriate;|;followed;|;overridden;|alternative_accepted|;withdrawn;/);
    // The topic is the advice's title, not its id.
    const topicIds = t.app.guidelines.current().pack.topics.map((x) => x.id);
    const firstCells = csvParts(adherence).rows.map((l) => l.split(';')[0]);
    expect(firstCells.length).toBeGreaterThan(0);
    expect(firstCells.filter((c) => topicIds.includes(c))).toEqual([]);
    const variation = await body('/api/analytics/variation?from=2025&to=2026&format=csv');
    expect(variation).toMatch(/\r\nUndersøkelsesgruppe;/);
    expect(variation).toMatch(/\r\nLavverdi-indikator;/);
    expect(variation).not.toMatch(/exam-group|\r\nindicator;/);
    const process = await body('/api/analytics/process?from=2025&to=2026&by=provider&format=csv');
    expect(process).toMatch(/\r\nOffentlig;/);
    const trend = await body('/api/analytics/trend?from=2025&to=2026&format=csv');
    expect(trend).toMatch(/\r\nAlle områder;/);
    const gpFeedback = (await as(t.app, gp)({ url: '/api/analytics/feedback?from=2025&to=2026&format=csv' })).body;
    const positions = csvParts(gpFeedback).rows.map((l) => l.split(';')[5]);
    expect(positions.length).toBeGreaterThan(0);
    for (const p of positions) expect(p).toMatch(/andre|For få henvisninger/);
  });

  it('invalid filters → 400 naming the filter', async () => {
    for (const [query, field] of [
      ['area=atlantis', 'area'],
      ['from=2026&to=2024', 'from'],
      ['ageGroup=51-60', 'ageGroup'],
      ['sex=X', 'sex'],
      ['exam=knee', 'exam'],
      ['trust=hf-atlantis', 'trust'],
      // breakit25: a band limit past the last closed band, and years that have not begun.
      ['ageGroup=0-999', 'ageGroup'],
      ['ageGroup=90-94', 'ageGroup'],
      ['from=2100&to=2100', 'from'],
      [`from=2025&to=${new Date().getUTCFullYear() + 1}`, 'to'],
    ] as const) {
      const res = await as(t.app, analyst)({ url: `/api/analytics/rates?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type'], query).toContain('application/problem+json');
      expect(JSON.stringify(res.json()), query).toContain(field);
    }
    const ind = await as(t.app, analyst)({ url: '/api/analytics/indicators?indicator=no-such-thing' });
    expect(ind.statusCode).toBe(400);
    expect(JSON.stringify(ind.json())).toContain('indicator');
  });

  it('a department leader sees their own trust only; another trust → 403', async () => {
    const own = await as(t.app, leader)({ url: `/api/analytics/process?from=2025&to=2026&by=trust` });
    expect(own.statusCode).toBe(200);
    const ids = own.json<{ rows: { unitId: string }[] }>().rows.map((r) => r.unitId);
    expect(ids).toEqual([leaderTrust]);
    const otherTrust = await t.db.kysely
      .selectFrom('organization')
      .select('id')
      .where('kind', '=', 'hf')
      .where('id', '!=', leaderTrust)
      .executeTakeFirstOrThrow();
    const other = await as(t.app, leader)({ url: `/api/analytics/rates?trust=${otherTrust.id}` });
    expect(other.statusCode).toBe(403);
    const meta = await as(t.app, leader)({ url: '/api/analytics/meta' });
    expect(meta.json<AnalyticsMeta>().trusts.map((x) => x.id)).toEqual([leaderTrust]);
  });

  it('a GP sees their practice against anonymized peers; another practice → 403; area views → 403', async () => {
    const res = await as(t.app, gp)({ url: '/api/analytics/indicators?indicator=mr-lumbar-no-red-flags&by=practice&from=2025&to=2026' });
    expect(res.statusCode).toBe(200);
    const r = res.json<IndicatorResponse>();
    for (const u of r.units.filter((x) => !x.own)) {
      expect(u.unitId).toBeNull();
      // The peers one by one, anonymized, and the small ones pooled into one point.
      expect(u.label).toMatch(u.pooled ? /^Andre små enheter \(samlet\)$/ : /^Praksis \d+$/);
    }
    expect(r.limits.length).toBeGreaterThan(5);
    const mine = await as(t.app, gp)({ url: `/api/analytics/indicators?indicator=mr-lumbar-no-red-flags&by=referrer&practice=${gpPractice}` });
    expect(mine.statusCode).toBe(200);
    const theirs = await as(t.app, gp)({ url: `/api/analytics/indicators?indicator=mr-lumbar-no-red-flags&by=referrer&practice=${otherPractice}` });
    expect(theirs.statusCode).toBe(403);
    expect((await as(t.app, gp)({ url: '/api/analytics/rates' })).statusCode).toBe(403);
    const fb = await as(t.app, gp)({ url: '/api/analytics/feedback?from=2025&to=2026' });
    expect(fb.statusCode).toBe(200);
    expect(fb.json<FeedbackResponse>().practice.id).toBe(gpPractice);
    expect((await as(t.app, gp)({ url: `/api/analytics/feedback?practice=${otherPractice}` })).statusCode).toBe(403);
  });

  it("the feedback funnel compares the practice with the table's peers (same practice kind), on the page and in the PDF", async () => {
    // The indicator and GP practice with most referrals (a practice with 10 or more is in the PDF's funnel).
    const top = (
      await sql<{ id: string; practice: string }>`SELECT c.indicator_id AS id, c.referrer_org_id AS practice FROM analytics_indicator_count c
        JOIN organization o ON o.id = c.referrer_org_id
        WHERE o.kind = 'gp_practice' AND c.year BETWEEN 2025 AND 2026 GROUP BY 1, 2 HAVING sum(c.denominator) >= 10
        ORDER BY sum(c.denominator) DESC, 1, 2 LIMIT 1`.execute(t.db.kysely)
    ).rows[0];
    const ind = top.id;
    // The pooled share over GP practices only, and over every referring organization, straight from the aggregate.
    const pooled = async (gpOnly: boolean, withoutOwn = false) => {
      const r = await sql<{ n: string; d: string; units: string }>`
        SELECT sum(c.numerator) AS n, sum(c.denominator) AS d, count(DISTINCT c.referrer_org_id) FILTER (WHERE c.denominator > 0) AS units
        FROM analytics_indicator_count c JOIN organization o ON o.id = c.referrer_org_id
        WHERE c.indicator_id = ${ind} AND c.year BETWEEN 2025 AND 2026 AND (${!gpOnly} OR o.kind = 'gp_practice')
          AND (${!withoutOwn} OR c.referrer_org_id <> ${gpPractice})`.execute(t.db.kysely);
      return { share: Number(r.rows[0].n) / Number(r.rows[0].d), units: Number(r.rows[0].units) };
    };
    const gpPeers = await pooled(true);
    const everyone = await pooled(false);
    // The region has referring hospital departments too, else this test shows nothing.
    expect(everyone.units).toBeGreaterThan(gpPeers.units);
    const page = (
      await as(t.app, gp)({ url: `/api/analytics/indicators?indicator=${ind}&by=practice&peers=same-kind&from=2025&to=2026` })
    ).json<IndicatorResponse>();
    const byDefault = (await as(t.app, gp)({ url: `/api/analytics/indicators?indicator=${ind}&by=practice&from=2025&to=2026` })).json<IndicatorResponse>();
    for (const r of [page, byDefault]) {
      // Every unit once, plus the pooled small ones' point.
      expect(r.units.filter((u) => !u.pooled)).toHaveLength(gpPeers.units);
      expect(r.target).toBeCloseTo(gpPeers.share, 10);
    }
    // The table's "other practices" are the same group without the practice itself.
    const fb = (await as(t.app, gp)({ url: '/api/analytics/feedback?from=2025&to=2026' })).json<FeedbackResponse>();
    const row = fb.indicators.find((i) => i.id === ind)!;
    expect(row.peerShare).toBeCloseTo((await pooled(true, true)).share, 10);
    // The PDF draws the same funnels.
    const pdf = await feedbackWithFunnels(t.db.kysely, { level: 'all' }, { practice: top.practice, from: 2025, to: 2026 });
    expect(pdf.funnels.find((f) => f.indicator.id === ind)?.target).toBeCloseTo(gpPeers.share, 10);
    // An analyst's practice view still compares every referring organization, unless asked for peers of a kind.
    const all = (await as(t.app, analyst)({ url: `/api/analytics/indicators?indicator=${ind}&by=practice&from=2025&to=2026` })).json<IndicatorResponse>();
    expect(all.units.filter((u) => !u.pooled)).toHaveLength(everyone.units);
    const kind = (
      await as(t.app, analyst)({ url: `/api/analytics/indicators?indicator=${ind}&by=practice&peers=same-kind&practice=${gpPractice}&from=2025&to=2026` })
    ).json<IndicatorResponse>();
    expect(kind.units.filter((u) => !u.pooled)).toHaveLength(gpPeers.units);
    const noPractice = await as(t.app, analyst)({ url: `/api/analytics/indicators?indicator=${ind}&by=practice&peers=same-kind` });
    expect(noPractice.statusCode).toBe(400);
  });

  it("names the indicators in the user's language on the feedback and indicator views", async () => {
    const en = loadIndicators().find((i) => i.id === 'mr-lumbar-no-red-flags')!.name_en;
    expect((await as(t.app, gp)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const fb = (await as(t.app, gp)({ url: '/api/analytics/feedback?from=2025&to=2026' })).json<FeedbackResponse>();
      expect(fb.indicators.find((i) => i.id === 'mr-lumbar-no-red-flags')?.name).toBe(en);
      const ind = (await as(t.app, gp)({ url: '/api/analytics/indicators?indicator=mr-lumbar-no-red-flags&by=practice' })).json<IndicatorResponse>();
      expect(ind.indicator.name).toBe(en);
    } finally {
      await as(t.app, gp)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
  });

  it("names the total row of rates and trend with a neutral id and in the user's language, JSON and CSV alike", async () => {
    const get = async (url: string) => (await as(t.app, analyst)({ url })).json<RatesResponse & TrendResponse>();
    const nb = await get('/api/analytics/rates?from=2025&to=2026');
    expect(nb.total).toMatchObject({ areaId: TOTAL_AREA_ID, areaName: 'Alle områder' });
    expect(nb.areas.map((a) => a.areaId)).not.toContain(TOTAL_AREA_ID);
    expect((await get('/api/analytics/trend?from=2025&to=2026')).totalName).toBe('Alle områder');
    expect((await as(t.app, analyst)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const en = await get('/api/analytics/rates?from=2025&to=2026');
      expect(en.total).toMatchObject({ areaId: TOTAL_AREA_ID, areaName: 'All areas' });
      expect((await get('/api/analytics/trend?from=2025&to=2026')).totalName).toBe('All areas');
      const csv = (await as(t.app, analyst)({ url: '/api/analytics/rates?from=2025&to=2026&format=csv' })).body;
      expect(csv).toMatch(/\r\nAll areas[;,]/);
      expect(csv).not.toContain('Alle områder');
      const trendCsv = (await as(t.app, analyst)({ url: '/api/analytics/trend?from=2025&to=2026&format=csv' })).body;
      expect(trendCsv).toMatch(/\r\nAll areas[;,]/);
      // The variation CSV's title says the covered days and the sample in English too.
      const variationTitle = csvParts((await as(t.app, analyst)({ url: '/api/analytics/variation?from=2024&to=2026&format=csv' })).body).title;
      expect(variationTitle).toMatch(/The data cover .* Partial years: 2024 \(\d+ of 366 days\)/);
    } finally {
      await as(t.app, analyst)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
    expect((await as(t.app, analyst)({ url: '/api/analytics/rates?from=2025&to=2026&format=csv' })).body).toMatch(/\r\nAlle områder;/);
  });

  it('the feedback report as a PDF with server-rendered funnel plots', async () => {
    const res = await t.app.inject({ url: '/api/analytics/feedback.pdf?from=2025&to=2026', headers: { cookie: gp.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const f = await as(t.app, gp)({ url: '/api/analytics/indicators?indicator=mr-lumbar-no-red-flags&by=practice&from=2025&to=2026' });
    const svg = funnelSvg(f.json<IndicatorResponse>());
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('99,8 %-grense');
    expect((await t.app.inject({ url: `/api/analytics/feedback.pdf?practice=${otherPractice}`, headers: { cookie: gp.cookie } })).statusCode).toBe(403);
  });

  it('the feedback batch of an area: one PDF per GP practice located there, in a ZIP; refused to GPs and for an unknown area', async () => {
    const db = t.db.kysely;
    const own = await db.selectFrom('organization').select(['area_id', 'name']).where('id', '=', gpPractice).executeTakeFirstOrThrow();
    const res = await t.app.inject({ url: `/api/analytics/feedback-batch.zip?area=${own.area_id}&from=2025&to=2026`, headers: { cookie: analyst.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const names = Object.keys(files);
    // Every practice of the area with referrals in the period, and no other.
    const practices = await db
      .selectFrom('organization as o')
      .select('o.id')
      .where('o.area_id', '=', own.area_id)
      .where('o.kind', '=', 'gp_practice')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('referral as r')
            .select('r.id')
            .whereRef('r.referrer_org_id', '=', 'o.id')
            .where('r.submitted_at', '>=', new Date('2025-01-01T00:00:00Z'))
            .where('r.submitted_at', '<', new Date('2027-01-01T00:00:00Z')),
        ),
      )
      .execute();
    expect(names.length).toBe(practices.length);
    expect(names.length).toBeGreaterThan(1);
    for (const n of names) {
      expect(n).toMatch(/^tilbakemelding-[a-z0-9-]+\.pdf$/);
      expect(Buffer.from(files[n]!.subarray(0, 5)).toString()).toBe('%PDF-');
    }
    expect((await t.app.inject({ url: `/api/analytics/feedback-batch.zip?area=${own.area_id}`, headers: { cookie: gp.cookie } })).statusCode).toBe(403);
    const unknown = await as(t.app, analyst)({ url: '/api/analytics/feedback-batch.zip?area=atlantis' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('area');
    expect((await as(t.app, analyst)({ url: '/api/analytics/feedback-batch.zip' })).statusCode).toBe(400);
  });

  it('the analyst gets the full variation report, process and adherence', async () => {
    const v = await as(t.app, analyst)({ url: '/api/analytics/variation?from=2025&to=2026' });
    expect(v.statusCode).toBe(200);
    const rows = v.json<{ rows: { kind: string; id: string; eq1: number | null; cv: number | null }[] }>().rows;
    const knee = rows.find((r) => r.kind === 'exam-group' && r.id === 'kne')!;
    // The one-pass report gives what the rates view gives for the same group.
    const rates = (await as(t.app, analyst)({ url: '/api/analytics/rates?from=2025&to=2026&examGroup=kne' })).json<RatesResponse>();
    expect(knee.eq1).toBeCloseTo(rates.variation.eq1!, 10);
    expect(knee.cv).toBeCloseTo(rates.variation.cv!, 10);
    expect(rows.some((r) => r.kind === 'indicator')).toBe(true);
    expect((await as(t.app, analyst)({ url: '/api/analytics/process?by=provider' })).statusCode).toBe(200);
    expect((await as(t.app, analyst)({ url: '/api/analytics/adherence' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/analytics/meta' })).statusCode).toBe(401);
  });

  it('process measures count to the preliminary report where one exists, else to the final one (issue 10 §4)', async () => {
    const db = t.db.kysely;
    type Row = { preliminaryReported: number; meanHoursToPreliminary: number | null; reported: number; meanHoursToReport: number | null };
    const total = async () => (await as(t.app, analyst)({ url: '/api/analytics/process?from=2025&to=2026&by=total' })).json<{ rows: Row[] }>().rows[0];
    const before = await total();
    // The history has final reports only: the first report is the final one.
    expect(before.preliminaryReported).toBe(before.reported);
    expect(before.meanHoursToPreliminary).toBeCloseTo(before.meanHoursToReport!, 10);
    // Some referrals got a preliminary report (a LIS's) one hour after the exam, countersigned later.
    const picked = await db
      .selectFrom('referral')
      .select(['id', 'performed_at', 'reported_at'])
      .where('reported_at', 'is not', null)
      .where('performed_at', 'is not', null)
      .where('submitted_at', '>=', new Date('2025-01-01T00:00:00Z'))
      .where(sql<boolean>`reported_at - performed_at > interval '3 hours'`)
      .orderBy('id')
      .limit(40)
      .execute();
    expect(picked.length).toBe(40);
    const H = 3_600_000;
    let saved = 0;
    for (const r of picked) {
      const performed = new Date(r.performed_at!).getTime();
      saved += Math.floor((new Date(r.reported_at!).getTime() - performed) / H) - 1;
      await db
        .updateTable('referral')
        .set({ preliminary_reported_at: new Date(performed + H + 60_000) })
        .where('id', '=', r.id)
        .execute();
    }
    await refreshAggregates(db, loadIndicators());
    const after = await total();
    expect(after.reported).toBe(before.reported);
    expect(after.meanHoursToReport).toBeCloseTo(before.meanHoursToReport!, 10);
    expect(after.preliminaryReported).toBe(before.preliminaryReported);
    const sumBefore = before.meanHoursToPreliminary! * before.preliminaryReported;
    expect(after.meanHoursToPreliminary! * after.preliminaryReported).toBeCloseTo(sumBefore - saved, 6);
    expect(after.meanHoursToPreliminary!).toBeLessThan(after.meanHoursToReport!);
    // The CSV names both in words.
    const csv = await as(t.app, analyst)({ url: '/api/analytics/process?from=2025&to=2026&by=total&format=csv' });
    expect(csv.body).toMatch(/Snitt timer til foreløpig beskrivelse.*Snitt timer til endelig beskrivelse/);
  });

  it('is described in /openapi.json', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const p of [
      '/api/analytics/rates',
      '/api/analytics/indicators',
      '/api/analytics/feedback',
      '/api/analytics/process',
      '/api/analytics/ended',
      '/api/analytics/ended-reasons',
    ])
      expect(doc.paths[p]).toBeDefined();
  });
});

describe('referrals ended without an exam (issue 8) in the process view and the feedback', () => {
  // Independent of the aggregates: each ended referral's closing event straight from the base tables.
  const endedDirect = (where = sql`true`) =>
    sql<{ year: number; area: string; kind: string; reason: string; n: string }>`
      SELECT extract(year FROM r.submitted_at AT TIME ZONE 'UTC')::int AS year, coalesce(r.patient_area_id, '') AS area, e.kind,
        coalesce(e.reason_code, '') AS reason, count(*) AS n
      FROM referral_event e JOIN referral r ON r.id = e.referral_id
      WHERE e.kind IN ('closed_without_exam', 'withdrawn') AND r.status = 'cancelled' AND r.submitted_at IS NOT NULL AND ${where}
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`
      .execute(t.db.kysely)
      .then((r) => r.rows.map((x) => ({ year: Number(x.year), area: x.area, kind: x.kind, reason: x.reason, n: Number(x.n) })));
  const sumOf = (rows: { n: number; kind: string }[], kind: string) => rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.n, 0);

  it('the aggregates equal a direct count of the closing events, by year and area and by reason', async () => {
    const db = t.db.kysely;
    await refreshAggregates(db, loadIndicators());
    // One closing event per ended referral in the generated history.
    const once = await sql<{ n: string; ids: string }>`SELECT count(*) AS n, count(DISTINCT referral_id) AS ids FROM referral_event
      WHERE kind IN ('closed_without_exam', 'withdrawn')`.execute(db);
    expect(once.rows[0].n).toBe(once.rows[0].ids);
    const direct = await endedDirect();
    expect(sumOf(direct, 'closed_without_exam')).toBeGreaterThan(10);
    expect(sumOf(direct, 'withdrawn')).toBeGreaterThan(10);
    const byArea = new Map<string, { closed: number; withdrawn: number }>();
    for (const d of direct) {
      const k = `${d.year}|${d.area}`;
      const v = byArea.get(k) ?? { closed: 0, withdrawn: 0 };
      if (d.kind === 'withdrawn') v.withdrawn += d.n;
      else v.closed += d.n;
      byArea.set(k, v);
    }
    for (const table of ['analytics_referral_count', 'analytics_referral_rollup', 'analytics_referral_rollup_year'] as const) {
      const agg = await sql<{
        k: string;
        closed: string;
        withdrawn: string;
      }>`SELECT concat(year, '|', area_id) AS k, sum(closed) AS closed, sum(withdrawn) AS withdrawn
        FROM ${sql.table(table)} GROUP BY 1 HAVING sum(closed) + sum(withdrawn) > 0 ORDER BY 1`.execute(db);
      expect(
        agg.rows.map((r) => [r.k, Number(r.closed), Number(r.withdrawn)]),
        table,
      ).toEqual([...byArea].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.closed, v.withdrawn]));
    }
    const reasons = await sql<{ year: number; ended_by: string; reason_code: string; n: string }>`
      SELECT year, ended_by, reason_code, sum(referrals) AS n FROM analytics_referral_end_count GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
    const directReasons = new Map<string, number>();
    for (const d of direct) {
      const k = `${d.year}|${d.kind === 'withdrawn' ? 'referrer' : 'department'}|${d.kind === 'withdrawn' ? '' : d.reason}`;
      directReasons.set(k, (directReasons.get(k) ?? 0) + d.n);
    }
    expect(new Map(reasons.rows.map((r) => [`${r.year}|${r.ended_by}|${r.reason_code}`, Number(r.n)]))).toEqual(directReasons);
  });

  it('the analyst sees them per area and year, with the total, the filters applied, and the process table beside returned', async () => {
    const direct = await endedDirect(sql`r.submitted_at >= '2025-01-01T00:00:00Z' AND r.submitted_at < '2027-01-01T00:00:00Z'`);
    const res = await as(t.app, analyst)({ url: '/api/analytics/ended?from=2025&to=2026&by=area' });
    expect(res.statusCode).toBe(200);
    const r = res.json<EndedResponse>();
    expect(r.years).toEqual([2025, 2026]);
    // Each count shown equals the direct count; a withheld one is null (issue 10 §7).
    for (const row of r.rows.filter((x) => !x.suppressed)) {
      const of = direct.filter((d) => d.year === row.year && d.area === row.unitId);
      expect(row.closed ?? sumOf(of, 'closed_without_exam')).toBe(sumOf(of, 'closed_without_exam'));
      expect(row.withdrawn ?? sumOf(of, 'withdrawn')).toBe(sumOf(of, 'withdrawn'));
      if (row.closed !== null && row.withdrawn !== null) expect(row.endedShare).toBeCloseTo((row.closed + row.withdrawn) / row.referrals!, 10);
      else expect(row.endedShare).toBeNull();
    }
    for (const y of [2025, 2026]) {
      const total = r.total.find((x) => x.year === y)!;
      const of = direct.filter((d) => d.year === y);
      expect([total.unitId, total.label]).toEqual([TOTAL_AREA_ID, 'Totalt']);
      // A year's total is the direct count, or withheld to protect a hidden area count of that year
      // (protectGrid: else the total minus the shown areas gives the hidden one away).
      for (const [key, kind] of [
        ['closed', 'closed_without_exam'],
        ['withdrawn', 'withdrawn'],
      ] as const) {
        expect(total[key] ?? sumOf(of, kind)).toBe(sumOf(of, kind));
        if (total[key] === null) expect(r.rows.some((x) => x.year === y && x[key] === null)).toBe(true);
      }
    }
    // The process table has them beside returned, for the whole period.
    type Row = { closed: number; withdrawn: number; endedShare: number; referrals: number };
    const proc = (await as(t.app, analyst)({ url: '/api/analytics/process?from=2025&to=2026&by=total' })).json<{ rows: Row[] }>().rows[0];
    expect([proc.closed, proc.withdrawn]).toEqual([sumOf(direct, 'closed_without_exam'), sumOf(direct, 'withdrawn')]);
    expect(proc.endedShare).toBeCloseTo((proc.closed + proc.withdrawn) / proc.referrals, 10);
    // A filter (modality) applies as on every view.
    const mr = await endedDirect(
      sql`r.submitted_at >= '2025-01-01T00:00:00Z' AND r.submitted_at < '2027-01-01T00:00:00Z' AND r.exam_code IN (SELECT code FROM exam_code WHERE modality = 'MR')`,
    );
    const mrView = (await as(t.app, analyst)({ url: '/api/analytics/ended?from=2025&to=2026&by=total&modality=MR' })).json<EndedResponse>();
    for (const x of mrView.total) {
      const of = mr.filter((d) => d.year === x.year);
      expect(x.closed ?? sumOf(of, 'closed_without_exam')).toBe(sumOf(of, 'closed_without_exam'));
      expect(x.withdrawn ?? sumOf(of, 'withdrawn')).toBe(sumOf(of, 'withdrawn'));
    }
    expect(mr.reduce((s, x) => s + x.n, 0)).toBeLessThan(direct.reduce((s, x) => s + x.n, 0));
    // The reasons in words, most frequent first, with the count by year; never a code.
    const reasons = (await as(t.app, analyst)({ url: '/api/analytics/ended-reasons?from=2025&to=2026' })).json<EndedReasonsResponse>();
    expect(reasons.closed).toBe(sumOf(direct, 'closed_without_exam'));
    expect(reasons.withdrawn).toBe(sumOf(direct, 'withdrawn'));
    const declined = direct.filter((d) => d.reason === 'patient_declined');
    const top = reasons.reasons[0];
    expect(top.reason).toBe('Pasienten ønsker ikke undersøkelsen');
    expect(top.count).toBe(declined.reduce((s, d) => s + d.n, 0));
    expect(top.share).toBeCloseTo(top.count! / reasons.closed!, 10);
    for (const y of top.byYear) {
      const n = declined.filter((d) => d.year === y.year).reduce((s, d) => s + d.n, 0);
      // 1–9 always withheld; a larger count may be withheld to protect one (issue 10 §7).
      if (n > 0 && n < 10) expect(y.count).toBeNull();
      else expect(y.count ?? n).toBe(n);
    }
    for (let i = 1; i < reasons.reasons.length; i++)
      if (!reasons.reasons[i].suppressed) expect(reasons.reasons[i].count).toBeLessThanOrEqual(reasons.reasons[i - 1].count!);
    expect(JSON.stringify(reasons)).not.toMatch(/patient_declined|no_longer_indicated|done_elsewhere|repeated_no_show|patient_deceased|"other"/);
    // Bad input: an unknown grouping or area → 400 naming it; referrers do not get the view.
    expect((await as(t.app, analyst)({ url: '/api/analytics/ended?by=site' })).statusCode).toBe(400);
    const badArea = await as(t.app, analyst)({ url: '/api/analytics/ended-reasons?area=atlantis' });
    expect(badArea.statusCode).toBe(400);
    expect(JSON.stringify(badArea.json())).toContain('area');
    expect((await as(t.app, gp)({ url: '/api/analytics/ended' })).statusCode).toBe(403);
  });

  it("a department leader sees their own trust's ended referrals and reasons only; another trust → 403", async () => {
    const inTrust = sql`r.submitted_at >= '2025-01-01T00:00:00Z' AND r.submitted_at < '2027-01-01T00:00:00Z' AND r.department_org_id IN (
      WITH RECURSIVE sub(id) AS (SELECT ${leaderTrust}::text UNION SELECT o.id FROM organization o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub)`;
    const direct = await endedDirect(inTrust);
    const all = await endedDirect(sql`r.submitted_at >= '2025-01-01T00:00:00Z' AND r.submitted_at < '2027-01-01T00:00:00Z'`);
    expect(direct.reduce((s, d) => s + d.n, 0)).toBeGreaterThan(0);
    expect(direct.reduce((s, d) => s + d.n, 0)).toBeLessThan(all.reduce((s, d) => s + d.n, 0));
    const r = (await as(t.app, leader)({ url: '/api/analytics/ended?from=2025&to=2026&by=trust' })).json<EndedResponse>();
    expect([...new Set(r.rows.map((x) => x.unitId))]).toEqual([leaderTrust]);
    for (const y of [2025, 2026]) {
      const row = r.rows.find((x) => x.year === y)!;
      const of = direct.filter((d) => d.year === y);
      // Shown counts equal the direct ones; withheld ones are null (1–9, or hidden to protect one).
      expect(row.closed ?? sumOf(of, 'closed_without_exam')).toBe(sumOf(of, 'closed_without_exam'));
      expect(row.withdrawn ?? sumOf(of, 'withdrawn')).toBe(sumOf(of, 'withdrawn'));
    }
    const reasons = (await as(t.app, leader)({ url: '/api/analytics/ended-reasons?from=2025&to=2026' })).json<EndedReasonsResponse>();
    // Withheld when 1–9 (the closed total also when needed to protect a reason).
    expect(reasons.closed ?? sumOf(direct, 'closed_without_exam')).toBe(sumOf(direct, 'closed_without_exam'));
    const w = sumOf(direct, 'withdrawn');
    expect(reasons.withdrawn).toBe(w > 0 && w < 10 ? null : w);
    const otherTrust = await t.db.kysely
      .selectFrom('organization')
      .select('id')
      .where('kind', '=', 'hf')
      .where('id', '!=', leaderTrust)
      .executeTakeFirstOrThrow();
    expect((await as(t.app, leader)({ url: `/api/analytics/ended?trust=${otherTrust.id}` })).statusCode).toBe(403);
    expect((await as(t.app, leader)({ url: `/api/analytics/ended-reasons?trust=${otherTrust.id}` })).statusCode).toBe(403);
  });

  it('CSV of both tables: headings and reasons in words, formula cells neutralised', async () => {
    const csv = (await as(t.app, analyst)({ url: '/api/analytics/ended?from=2025&to=2026&by=area&format=csv' })).body;
    expect(csvParts(csv).heading).toBe(
      'Navn;År;Henvisninger;Avsluttet av avdelingen uten undersøkelse;Andel avsluttet av avdelingen (%);Trukket tilbake av henviser;Andel trukket tilbake (%);Andel avsluttet uten undersøkelse (%);Skjult (under 10 eller for å verne et lite tall)',
    );
    expect(csv).toMatch(/\r\nTotalt;2026;\d+;\d+;/);
    const reasons = (await as(t.app, analyst)({ url: '/api/analytics/ended-reasons?from=2025&to=2026&format=csv' })).body;
    expect(csvParts(reasons).heading).toBe('Årsak til avslutning;År;Antall;Andel av avsluttede (%);Skjult (under 10 eller for å verne et lite tall)');
    // The share of the closed as a percentage with 1 decimal, as the page shows it.
    expect(reasons).toMatch(/\r\nPasienten ønsker ikke undersøkelsen;Hele perioden;\d+;\d{1,3},\d;/);
    expect(reasons).not.toMatch(/patient_declined|no_longer_indicated|done_elsewhere|repeated_no_show|patient_deceased|closed_without_exam/);
    // A name that a spreadsheet would run as a formula is written as text (shared/csv.ts toCsv).
    const area = await t.db.kysely
      .selectFrom('hospital_area')
      .select(['id', 'name'])
      .where('id', 'in', (eb) => eb.selectFrom('analytics_referral_count').select('area_id').where('year', '=', 2026))
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('hospital_area').set({ name: '=HYPERLINK("http://x")' }).where('id', '=', area.id).execute();
    try {
      const { rows } = csvParts((await as(t.app, analyst)({ url: `/api/analytics/ended?from=2025&to=2026&by=area&area=${area.id}&format=csv` })).body);
      expect(rows[0]).toMatch(/^"?'=HYPERLINK/);
    } finally {
      await t.db.kysely.updateTable('hospital_area').set({ name: area.name }).where('id', '=', area.id).execute();
    }
    // Each reason's share of the year's closed referrals on its per-year rows too (they were empty),
    // withheld with the count; the shares of a year add up to 100 % where no count of it is withheld.
    const reasonsJson = (await as(t.app, analyst)({ url: '/api/analytics/ended-reasons?from=2025&to=2026' })).json<EndedReasonsResponse>();
    for (const [k, year] of reasonsJson.years.entries()) {
      const cells = reasonsJson.reasons.map((x) => x.byYear[k]);
      const closed = cells.reduce((sum, c) => sum + (c.count ?? 0), 0);
      for (const c of cells) if (c.count === null) expect(c.share, `${year}`).toBeNull();
      if (cells.every((c) => c.count !== null) && closed >= 10) {
        for (const c of cells) expect(c.share!).toBeCloseTo(c.count! / closed, 10);
        const csvRows = csvParts((await as(t.app, analyst)({ url: '/api/analytics/ended-reasons?from=2025&to=2026&format=csv' })).body).rows;
        expect(csvRows.filter((r) => r.split(';')[1] === String(year)).every((r) => /;\d+;\d{1,3},\d;nei$/.test(r))).toBe(true);
      }
    }
    // In English: English headings and reasons.
    expect((await as(t.app, analyst)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const en = (await as(t.app, analyst)({ url: '/api/analytics/ended-reasons?from=2025&to=2026&format=csv' })).body;
      expect(csvParts(en).heading).toBe('Reason for closing,Year,Count,Share of those closed (%),Hidden (fewer than 10 or to protect a small number)');
      expect(en).toMatch(/\r\nThe patient does not want the exam,Whole period,\d+,\d{1,3}\.\d,/);
    } finally {
      await as(t.app, analyst)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
  });

  it('the feedback gives the practice its own closed and withdrawn counts beside returned (page and PDF)', async () => {
    const direct = await endedDirect(
      sql`r.submitted_at >= '2025-01-01T00:00:00Z' AND r.submitted_at < '2027-01-01T00:00:00Z' AND r.referrer_org_id = ${gpPractice}`,
    );
    const fb = (await as(t.app, gp)({ url: '/api/analytics/feedback?from=2025&to=2026' })).json<FeedbackResponse>();
    expect(fb.process.suppressed).toBe(false);
    expect([fb.process.closed, fb.process.withdrawn]).toEqual([sumOf(direct, 'closed_without_exam'), sumOf(direct, 'withdrawn')]);
    expect(fb.process.closedShare).toBeCloseTo(fb.process.closed! / fb.process.referrals!, 10);
    // The peers: other GP practices, as the rest of the table.
    const peers = await endedDirect(
      sql`r.submitted_at >= '2025-01-01T00:00:00Z' AND r.submitted_at < '2027-01-01T00:00:00Z' AND r.referrer_org_id <> ${gpPractice}
        AND r.referrer_org_id IN (SELECT id FROM organization WHERE kind = 'gp_practice')`,
    );
    expect(fb.peerProcess.closed).toBe(sumOf(peers, 'closed_without_exam'));
    expect(fb.peerProcess.withdrawn).toBe(sumOf(peers, 'withdrawn'));
    const pdf = await feedbackPdf(fb, []);
    const text = await pdfText(pdf);
    expect(text).toContain(`avsluttet av avdelingen uten undersøkelse ${fb.process.closed} (`);
    expect(text).toContain(`trukket tilbake av praksisen ${fb.process.withdrawn} (`);
  });
});

describe('CSV downloads an analyst can trust (issue 10)', () => {
  /** A download read with Radvis' own CSV reader (csv/csv-table.ts), which skips the title line. */
  const read = (body: string, firstHeading: string) => {
    const problems: unknown[] = [];
    const table = readCsvTable(body, { isHeading: (names) => names[0] === firstHeading.toLowerCase(), noHeading: 'no heading', fail: (p) => problems.push(p) });
    expect(problems).toEqual([]);
    return table;
  };
  const download = async (who: Session, url: string) => {
    const res = await as(t.app, who)({ url });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    return { body: res.body, file: /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))![1] };
  };

  it('each analytics CSV names its table, period, active filters in words and when it was made, in bokmål and English; the file name carries the period', async () => {
    const meta = (await as(t.app, analyst)({ url: '/api/analytics/meta' })).json<AnalyticsMeta>();
    const area = meta.areas.find((a) => a.hasData && a.id !== a.name)!;
    const def = loadIndicators()[0];
    const filters = `from=2025&to=2026&area=${area.id}&modality=MR&sex=F&ageGroup=50-69&provider=public`;
    const downloads: [string, string, string][] = [
      [
        `/api/analytics/rates?${filters}&standard=esp2013&format=csv`,
        'radvis-rater-2025-2026.csv',
        'Radvis – undersøkelser per 10 000 innbyggere etter opptaksområde, 2025–2026.',
      ],
      [
        `/api/analytics/trend?${filters}&format=csv`,
        'radvis-trend-2025-2026.csv',
        'Radvis – justert rate per 10 000 innbyggere etter opptaksområde og år, 2025–2026.',
      ],
      [`/api/analytics/variation?${filters}&format=csv`, 'radvis-variasjon-2025-2026.csv', 'Radvis – variasjon mellom opptaksområdene'],
      [
        `/api/analytics/indicators?${filters}&indicator=${def.id}&by=practice&format=csv`,
        `radvis-indikator-${def.id}-2025-2026.csv`,
        `Radvis – lite nyttige undersøkelser: ${def.name_nb}, 2025–2026.`,
      ],
      [`/api/analytics/process?${filters}&by=trust&format=csv`, 'radvis-prosess-2025-2026.csv', 'Radvis – forløp og ventetid'],
      [`/api/analytics/ended?${filters}&format=csv`, 'radvis-uten-undersokelse-2025-2026.csv', 'Radvis – henvisninger avsluttet uten undersøkelse'],
      [`/api/analytics/ended-reasons?${filters}&format=csv`, 'radvis-avslutningsarsaker-2025-2026.csv', 'Radvis – årsaker til at avdelingene avsluttet'],
      [`/api/analytics/adherence?${filters}&format=csv`, 'radvis-rad-etterlevelse-2025-2026.csv', 'Radvis – henviseres valg etter henvisningsråd, 2025–2026.'],
    ];
    const before = new Date();
    for (const [url, file, start] of downloads) {
      const d = await download(analyst, url);
      expect(d.file, url).toBe(file);
      const { title, blank } = csvParts(d.body);
      expect(blank, url).toBe('');
      expect(title.startsWith(`"${start}`) || title.startsWith(start), `${url}: ${title}`).toBe(true);
      // The filters in words, never their ids or codes.
      expect(title, url).toContain(`Opptaksområde: ${area.name}`);
      expect(title, url).not.toContain(area.id);
      expect(title, url).not.toMatch(/=|\b(F|public|50-69|esp2013|gamma|practice)\b/);
      // When it was made: today's date in Norwegian time, in words.
      expect(title, url).toMatch(new RegExp(`Laget \\d{1,2}\\. \\p{L}+ ${before.getUTCFullYear()} kl\\. \\d{2}:\\d{2} \\(norsk tid\\)\\.`, 'u'));
      // The table follows, read by Radvis' own CSV reader past the title line.
      const heading = csvParts(d.body).heading.split(';')[0];
      expect(read(d.body, heading).headingLine, url).toBe(3);
      if (url.includes('/adherence')) {
        // Advice decisions are counted by area and trust only: the other filters are said not to apply.
        expect(title).toContain('Utvalg: Opptaksområde');
        expect(title).toMatch(
          /Filtre som ikke er brukt, fordi tallene i denne tabellen ikke er fordelt slik: [^.]*Modalitet: MR; Aldersgruppe: 50–69 år; Kjønn: Kvinner; Offentlig eller privat: Offentlig\./,
        );
      } else if (url.includes('/indicators')) {
        // The selection (which data) and the method (how computed, how broken down) said apart.
        expect(title).toContain(
          'Modalitet: MR; Aldersgruppe: 50–69 år; Kjønn: Kvinner. Metode: Nivå: Henvisende praksis; Sammenlignet med: alle henvisende enheter; Overspredning: multiplikativ justering.',
        );
        expect(title).toContain('fordelt slik: Offentlig eller privat: Offentlig.');
      } else {
        expect(title, url).toContain(
          `Utvalg: Opptaksområde: ${area.name}; Modalitet: MR; Aldersgruppe: 50–69 år; Kjønn: Kvinner; Offentlig eller privat: Offentlig`,
        );
        expect(title, url).not.toContain('ikke er brukt');
      }
      if (url.includes('/rates'))
        expect(title).toContain(
          `Offentlig eller privat: Offentlig. Metode: Standardpopulasjon: Europeisk standardbefolkning 2013; Konfidensintervall: gammametoden. Justerte rater er direkte standardisert til europeisk standardbefolkning 2013`,
        );
      if (url.includes('/trend') || url.includes('/variation')) expect(title).toMatch(/\. Metode: Standardpopulasjon: Norge\./);
      if (url.includes('/process')) expect(title).toContain('. Metode: Fordel på: Helseforetak.');
      if (!/\/(rates|trend|variation|process|ended\?|indicators)/.test(url)) expect(title, url).not.toContain('Metode:');
      if (url.includes('/variation'))
        expect(title).toContain('Brukt for undersøkelsesgruppene, ikke for lavverdi-indikatorene: Offentlig eller privat: Offentlig.');
    }
    // One year: the year alone; no filters: said so.
    const one = await download(analyst, '/api/analytics/ended-reasons?from=2026&to=2026&format=csv');
    expect(one.file).toBe('radvis-avslutningsarsaker-2026.csv');
    expect(csvParts(one.body).title).toMatch(
      /^Radvis – årsaker til at avdelingene avsluttet henvisninger uten undersøkelse, 2026\. Utvalg: alle \(ingen filtre\)\. Laget /,
    );
    // The default period is named too (the latest year with data).
    expect(csvParts((await download(analyst, '/api/analytics/adherence?format=csv')).body).title).toContain(`, ${meta.defaultPeriod.to}. Utvalg`);
    // A department leader's file says it holds their trust only; a GP's feedback names the practice.
    const trustName = (await t.db.kysely.selectFrom('organization').select('name').where('id', '=', leaderTrust).executeTakeFirstOrThrow()).name;
    expect(csvParts((await download(leader, '/api/analytics/process?from=2025&to=2026&format=csv')).body).title).toContain(
      `Bare tall for ${trustName} (din tilgang)`,
    );
    const practiceName = (await t.db.kysely.selectFrom('organization').select('name').where('id', '=', gpPractice).executeTakeFirstOrThrow()).name;
    const fb = await download(gp, '/api/analytics/feedback?from=2025&to=2026&format=csv');
    expect(fb.file).toBe('radvis-tilbakemelding-2025-2026.csv');
    expect(csvParts(fb.body).title).toContain(`Radvis – tilbakemelding til ${practiceName}, 2025–2026.`);

    // English: the same in English words, with the English dialect.
    expect((await as(t.app, analyst)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const en = await download(analyst, `/api/analytics/rates?${filters}&ci=dobson&format=csv`);
      // The file's name in English too.
      expect(en.file).toBe('radvis-rates-2025-2026.csv');
      expect((await download(analyst, `/api/analytics/ended-reasons?from=2026&to=2026&format=csv`)).file).toBe('radvis-closing-reasons-2026.csv');
      expect((await download(analyst, `/api/analytics/indicators?${filters}&indicator=${def.id}&by=practice&format=csv`)).file).toBe(
        `radvis-indicator-${def.id}-2025-2026.csv`,
      );
      const { title } = csvParts(en.body);
      expect(title).toMatch(/^"Radvis – exams per 10,000 inhabitants by referral area, 2025–2026\. Selection: /);
      expect(title).toContain(
        `Referral area: ${area.name}; Modality: MRI; Age group: 50–69 years; Sex: Women; Public or private: Public. Method: Standard population: Norway; Confidence interval: Dobson's method.`,
      );
      expect(title).toMatch(/Made \d{1,2} \p{L}+ \d{4} at \d{2}:\d{2} \(Norwegian time\)\."$/u);
      expect(title).not.toMatch(/Utvalg|Kvinner|Laget/);
      const adh = csvParts((await download(analyst, `/api/analytics/adherence?${filters}&format=csv`)).body).title;
      expect(adh).toContain('Filters not applied, because the figures of this table are not broken down so: Modality: MRI; Age group: 50–69 years; Sex: Women');
    } finally {
      await as(t.app, analyst)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
  });

  it('rates with 1 decimal, shares as percentages as the page shows them, counts whole, quotients with 2 decimals — the same figures as the JSON', async () => {
    const comma = (v: number, digits: number) => v.toFixed(digits).replace('.', ',');
    const rates = (await as(t.app, analyst)({ url: '/api/analytics/rates?from=2025&to=2026' })).json<RatesResponse>();
    const ratesCsv = read((await download(analyst, '/api/analytics/rates?from=2025&to=2026&format=csv')).body, 'Opptaksområde');
    expect(ratesCsv.rows.length).toBe(rates.areas.length + 1);
    [...rates.areas, rates.total].forEach((a, i) => {
      const [name, events, personYears, crude, standardized, lower, upper, hidden] = ratesCsv.rows[i].cells;
      expect(name).toBe(a.areaName);
      expect(hidden).toBe(a.suppressed ? 'ja' : 'nei');
      // Person-years whole, shown also where the count is withheld (a population, not a count of patients).
      expect(personYears).toBe(String(Math.round(a.personYears)));
      expect([events, crude, standardized, lower, upper]).toEqual(
        a.suppressed ? ['', '', '', '', ''] : [String(a.events), comma(a.crude!, 1), comma(a.standardized!, 1), comma(a.lower!, 1), comma(a.upper!, 1)],
      );
    });
    expect(ratesCsv.rows.some((r) => /^\d+,\d$/.test(r.cells[3]))).toBe(true);

    const proc = (await as(t.app, analyst)({ url: '/api/analytics/process?from=2025&to=2026&by=area' })).json<{
      rows: Record<string, number | null | string | boolean>[];
    }>();
    const procCsv = read((await download(analyst, '/api/analytics/process?from=2025&to=2026&by=area&format=csv')).body, 'Navn');
    expect(procCsv.heading.filter((h) => h.endsWith('(%)'))).toEqual([
      'Andel vurdert innen fristen (%)',
      'Andel returnert (%)',
      'Andel til private (%)',
      'Andel avsluttet av avdelingen (%)',
      'Andel trukket tilbake (%)',
    ]);
    const col = (h: string) => procCsv.heading.indexOf(h);
    proc.rows.forEach((r, i) => {
      const cells = procCsv.rows[i].cells;
      const pct = (v: unknown) => (v === null ? '' : comma((v as number) * 100, 1));
      const dec = (v: unknown) => (v === null ? '' : comma(v as number, 1));
      expect(cells[col('Andel vurdert innen fristen (%)')]).toBe(pct(r.assessedInTimeShare));
      expect(cells[col('Andel returnert (%)')]).toBe(pct(r.returnedShare));
      expect(cells[col('Snitt virkedager til vurdering')]).toBe(dec(r.meanAssessmentWorkingDays));
      expect(cells[col('Snitt timer til endelig beskrivelse')]).toBe(dec(r.meanHoursToReport));
      expect(cells[col('Henvisninger')]).toBe(r.referrals === null ? '' : String(r.referrals));
    });
    // The funnel: its target (as a percentage) and the overdispersion that adjusted its limits on each row.
    const def = loadIndicators()[0];
    for (const od of ['multiplicative', 'additive', 'none']) {
      const q = `from=2025&to=2026&indicator=${def.id}&by=practice&overdispersion=${od}`;
      const ind = (await as(t.app, analyst)({ url: `/api/analytics/indicators?${q}` })).json<IndicatorResponse>();
      const funnel = read((await download(analyst, `/api/analytics/indicators?${q}&format=csv`)).body, 'Enhet');
      const extra = { multiplicative: ['Overspredning φ (multiplikativ)'], additive: ['Overspredning τ² (additiv)'], none: [] }[od]!;
      expect(funnel.heading.slice(7)).toEqual(['Gjennomsnitt for enhetene (traktens midtlinje) (%)', ...extra]);
      expect(funnel.rows.length).toBe(ind.units.length);
      for (const r of funnel.rows) {
        expect(r.cells[7]).toBe(comma(ind.target * 100, 1));
        if (od === 'multiplicative') expect(r.cells[8]).toBe(String(Number(ind.phi.toPrecision(3))).replace('.', ','));
        if (od === 'additive') expect(r.cells[8]).toBe(String(Number(ind.tau2.toPrecision(3))).replace('.', ','));
      }
      ind.units.forEach((u, i) => expect(funnel.rows[i].cells[3]).toBe(u.share === null ? '' : comma(u.share * 100, 1)));
    }
    // No cell of any analytics CSV carries more decimals than its meaning (at most 2, for quotients).
    for (const url of [
      '/api/analytics/trend?from=2025&to=2026&format=csv',
      '/api/analytics/variation?from=2025&to=2026&format=csv',
      `/api/analytics/indicators?from=2025&to=2026&indicator=${def.id}&by=practice&format=csv`,
      '/api/analytics/ended?from=2025&to=2026&format=csv',
      '/api/analytics/ended-reasons?from=2025&to=2026&format=csv',
      '/api/analytics/adherence?from=2025&to=2026&format=csv',
    ]) {
      const { rows, heading } = csvParts((await download(analyst, url)).body);
      const cells = rows.flatMap((r) => r.split(';'));
      expect(
        cells.filter((c) => /^-?\d+,\d{3,}$/.test(c)),
        url,
      ).toEqual([]);
      // Percentages lie in 0–100.
      heading.split(';').forEach((h, i) => {
        if (h.endsWith('(%)')) for (const r of rows) expect(Number((r.split(';')[i] || '0').replace(',', '.')), `${url} ${h}`).toBeLessThanOrEqual(100);
      });
    }
    const variation = (await as(t.app, analyst)({ url: '/api/analytics/variation?from=2025&to=2026' })).json<{
      rows: { label: string; eq1: number | null; cv: number | null }[];
    }>();
    const variationCsv = read((await download(analyst, '/api/analytics/variation?from=2025&to=2026&format=csv')).body, 'Type');
    const withEq = variation.rows.findIndex((r) => r.eq1 !== null && r.cv !== null);
    expect(withEq).toBeGreaterThanOrEqual(0);
    expect(variationCsv.rows[withEq].cells[3]).toBe(comma(variation.rows[withEq].eq1!, 2));
    expect(variationCsv.rows[withEq].cells[6]).toBe(comma(variation.rows[withEq].cv!, 1));
    expect(variationCsv.heading[6]).toBe('Variasjonskoeffisient (%)');
  });

  it('the title line says nothing of the figures, and withheld values stay empty in every CSV', async () => {
    const QUERIES = ['from=2025&to=2026&modality=MR', 'from=2025&to=2026&modality=CT&sex=F', 'from=2026&to=2026&ageGroup=0-19'];
    const def = loadIndicators()[0];
    let hidden = 0;
    for (const q of QUERIES) {
      for (const path of [
        'rates',
        'trend',
        'variation',
        `indicators?indicator=${def.id}&by=practice&`,
        'process?by=area&',
        'ended?',
        'ended-reasons?',
        'adherence?',
      ]) {
        const url = `/api/analytics/${path.includes('?') ? path : `${path}?`}${q}&format=csv`;
        const { body } = await download(analyst, url);
        const { title, rows, heading } = csvParts(body);
        // Built from the request, the period, the clock and names only: past the period's years, the
        // age group, the time of making, the demo's sampling note, the standard population's year and
        // the days the data cover (the first and last exam day of the whole region, never a count of
        // the selection), no number is left in it.
        const rest = title
          .replace(/Laget .*\(norsk tid\)\./, '')
          .replace(/Norges befolkning \d{4}/, '')
          .replace('Helseatlas bruker 2020', '')
          .replace(/Dataene dekker .*?Delvise år: [^.]*\./, '')
          .replace(/Demodataene er et utvalg \([\d,]+ %\)/, '')
          .replace(/\b(2025|2026)\b/g, '')
          .replace(/0–19 år/, '')
          .replace(def.name_nb, '')
          .replace(/per 10 000/g, '');
        expect(rest, `${url}: ${title}`).not.toMatch(/\d/);
        // A withheld row of the rates and adherence tables (hidden whole) has every count and rate empty;
        // the rates' person-years stay (the area's population × the covered share: public, no count).
        const flag = heading.split(';').findIndex((h) => h.startsWith('Skjult'));
        const personYears = heading.split(';').indexOf('Personår') - 1;
        if (url.includes('/rates') || url.includes('/adherence'))
          for (const r of rows.map((x) => x.split(';')))
            if (r[flag] === 'ja') {
              hidden++;
              expect(
                r.slice(1, flag).filter((v, i) => v !== '' && !(url.includes('/adherence') && i < 3) && !(url.includes('/rates') && i === personYears)),
                `${url}: ${r.join(';')}`,
              ).toEqual([]);
            }
        // No count of 1–9 in any count column.
        heading.split(';').forEach((h, i) => {
          if (/^(Antall|Henvisninger|Utført|Avsluttet av|Trukket|Med |Teller|Nevner)/.test(h) && h !== 'Antall områder')
            for (const r of rows) expect(/^[1-9]$/.test(r.split(';')[i] ?? ''), `${url} ${h}: ${r}`).toBe(false);
        });
      }
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it('a unit cannot be worked out from the total and the other units shown in the same CSV (rates, ended, close reasons)', async () => {
    const QUERIES = ['from=2025&to=2026', 'from=2025&to=2026&modality=MR', 'from=2025&to=2026&modality=CT&sex=F', 'from=2026&to=2026&ageGroup=0-19'];
    const num = (c: string | undefined) => (c === undefined || c === '' ? null : Number(c.replace(',', '.')));
    // One line of a table: its parts and its total, as read from the CSV alone. Exactly one part
    // empty beside a shown total would give it away (total − the others), unless it works out as 0.
    let lines = 0;
    let withHidden = 0;
    const check = (parts: (number | null)[], total: number | null, what: string) => {
      lines++;
      const empty = parts.filter((v) => v === null).length;
      if (empty > 0) withHidden++;
      if (empty === 1 && total !== null)
        expect(total - parts.reduce<number>((s, v) => s + (v ?? 0), 0), `${what}: ${JSON.stringify([...parts, total])}`).toBe(0);
    };
    for (const q of QUERIES) {
      const rates = read((await download(analyst, `/api/analytics/rates?${q}&format=csv`)).body, 'Opptaksområde').rows.map((r) => r.cells);
      const total = rates.find((r) => r[0] === 'Alle områder')!;
      check(
        rates.filter((r) => r !== total).map((r) => num(r[1])),
        num(total[1]),
        `rates ${q}`,
      );
      // Ended: per year, the units and the "Totalt" row of the year, for each count.
      const ended = read((await download(analyst, `/api/analytics/ended?${q}&by=area&format=csv`)).body, 'Navn').rows.map((r) => r.cells);
      for (const year of new Set(ended.map((r) => r[1])))
        for (const c of [2, 3, 5]) {
          const ofYear = ended.filter((r) => r[1] === year);
          const tot = ofYear.find((r) => r[0] === 'Totalt')!;
          check(
            ofYear.filter((r) => r !== tot).map((r) => num(r[c])),
            num(tot[c]),
            `ended ${q} ${year} col ${c}`,
          );
        }
      // Close reasons: each reason's years and its whole period.
      const reasons = read((await download(analyst, `/api/analytics/ended-reasons?${q}&format=csv`)).body, 'Årsak til avslutning').rows.map((r) => r.cells);
      for (const reason of new Set(reasons.map((r) => r[0]))) {
        const mine = reasons.filter((r) => r[0] === reason);
        const whole = mine.find((r) => r[1] === 'Hele perioden')!;
        check(
          mine.filter((r) => r !== whole).map((r) => num(r[2])),
          num(whole[2]),
          `reasons ${q} ${reason}`,
        );
      }
    }
    expect(lines).toBeGreaterThan(20);
    // Narrow filters do withhold values, so the lines checked include hidden ones.
    expect(withHidden).toBeGreaterThan(0);
  });
});

describe('small counts cannot be worked out from the totals shown (issue 10 §7)', () => {
  // For every view and CSV/JSON table that shows a total beside its parts: no line (a total and its
  // parts, with the totals other views publish for the same filters) has exactly one value withheld,
  // and no count of 1–9 is shown. Several filters, so that narrow selections with small cells occur.
  const QUERIES = ['from=2025&to=2026', 'from=2025&to=2026&modality=MR', 'from=2025&to=2026&modality=CT&sex=F', 'from=2026&to=2026&ageGroup=0-19'];
  // The last value is the line's total. One hidden value alone is allowed only when it works out as
  // 0 (a count hidden with its row whose value is 0: 0 is shown anyway, it identifies no one).
  const lone = (values: (number | null | undefined)[], what: string) => {
    const hidden = values.filter((v) => v === null).length;
    const total = values[values.length - 1];
    if (hidden === 1 && typeof total === 'number') {
      const derived = total - values.slice(0, -1).reduce<number>((s, v) => s + (v ?? 0), 0);
      expect(derived, `${what}: ${JSON.stringify(values)}`).toBe(0);
    } else expect(hidden, `${what}: ${JSON.stringify(values)}`).not.toBe(1);
  };
  const noSmall = (values: (number | null | undefined)[], what: string) => {
    for (const v of values) if (typeof v === 'number') expect(v > 0 && v < 10, `${what}: ${v}`).toBe(false);
  };
  type Proc = { rows: (Record<string, number | null> & { unitId: string; suppressed: boolean })[] };

  it('process, ended, ended-reasons, adherence, rates and indicator views', async () => {
    const get = async <T>(url: string) => {
      const r = await as(t.app, analyst)({ url });
      expect(r.statusCode, url).toBe(200);
      return r.json<T>();
    };
    let withheld = 0;
    let pooledSeen = 0;
    for (const q of QUERIES) {
      const total = (await get<Proc>(`/api/analytics/process?${q}&by=total`)).rows[0];
      const byArea = await get<Proc>(`/api/analytics/process?${q}&by=area`);
      for (const by of ['area', 'trust', 'provider']) {
        const p = by === 'area' ? byArea : await get<Proc>(`/api/analytics/process?${q}&by=${by}`);
        for (const k of ['referrals', 'performed', 'preliminaryReported', 'reported', 'closed', 'withdrawn']) {
          const col = p.rows.map((r) => r[k]);
          lone([...col, total?.[k] ?? 0], `process ${q} by=${by} ${k}`);
          noSmall(col, `process ${q} ${k}`);
          withheld += col.filter((v) => v === null).length;
        }
      }
      // Ended: unit × year with the year totals, each unit's period (process by=area) and the grand total.
      const ended = await get<EndedResponse>(`/api/analytics/ended?${q}&by=area`);
      for (const k of ['referrals', 'closed', 'withdrawn'] as const) {
        for (const y of ended.years) {
          const col = ended.rows.filter((r) => r.year === y).map((r) => r[k]);
          lone([...col, ended.total.find((x) => x.year === y)?.[k] ?? 0], `ended ${q} ${y} ${k}`);
          noSmall(col, `ended ${q} ${k}`);
          withheld += col.filter((v) => v === null).length;
        }
        const pk = k;
        for (const unit of new Set(ended.rows.map((r) => r.unitId)))
          lone(
            [
              ...ended.years.map((y) => {
                const r = ended.rows.find((x) => x.unitId === unit && x.year === y);
                return r ? r[k] : 0;
              }),
              byArea.rows.find((r) => r.unitId === unit)?.[pk] ?? 0,
            ],
            `ended ${q} ${unit} ${k}`,
          );
        lone([...ended.total.map((x) => x[k]), total?.[pk] ?? 0], `ended ${q} total ${k}`);
      }
      // Reasons: reasons × years, each reason's period, the closed per year (ended total), all closed.
      const reasons = await get<EndedReasonsResponse>(`/api/analytics/ended-reasons?${q}`);
      lone([...reasons.reasons.map((r) => r.count), reasons.closed], `reasons ${q}`);
      for (const r of reasons.reasons) lone([...r.byYear.map((y) => y.count), r.count], `reasons ${q} ${r.reason}`);
      reasons.years.forEach((y, i) =>
        lone([...reasons.reasons.map((r) => r.byYear[i].count), ended.total.find((x) => x.year === y)?.closed ?? 0], `reasons ${q} ${y}`),
      );
      noSmall([...reasons.reasons.flatMap((r) => [r.count, ...r.byYear.map((y) => y.count)]), reasons.closed, reasons.withdrawn], `reasons ${q}`);
      withheld += reasons.reasons.filter((r) => r.count === null).length;
      // Adherence: each decision's rows and its total above the table.
      const adh = await get<{
        rows: { decision: string; decisions: number | null }[];
        totals: Record<string, number | null>;
      }>(`/api/analytics/adherence?${q}`);
      for (const [d, key] of [
        ['followed', 'followed'],
        ['overridden', 'overridden'],
        ['alternative_accepted', 'alternativeAccepted'],
        ['withdrawn', 'withdrawn'],
      ]) {
        const col = adh.rows.filter((r) => r.decision === d).map((r) => r.decisions);
        lone([...col, adh.totals[key]], `adherence ${q} ${d}`);
        noSmall([...col, adh.totals[key]], `adherence ${q} ${d}`);
        withheld += col.filter((v) => v === null).length;
      }
      // Rates: the areas and the total row (events), and each year's rate (withheld together).
      const rates = await get<RatesResponse>(`/api/analytics/rates?${q}`);
      lone([...rates.areas.map((a) => a.events), rates.total.events], `rates ${q}`);
      rates.total.byYear.forEach((ty, i) =>
        lone([...rates.areas.map((a) => (a.byYear[i].suppressed ? null : 1)), ty.suppressed ? null : 1], `rates ${q} year ${ty.year}`),
      );
      for (const a of rates.areas) lone([...a.byYear.map((y) => (y.suppressed ? null : 1)), a.suppressed ? null : 1], `rates ${q} ${a.areaName}`);
      withheld += rates.areas.filter((a) => a.suppressed).length;
      // Indicators: the numerators add up to target × the denominators.
      for (const def of loadIndicators()) {
        for (const by of ['area', 'practice']) {
          const ind = await get<IndicatorResponse>(`/api/analytics/indicators?${q}&indicator=${def.id}&by=${by}`);
          // No total is shown beside a funnel's numerators, but the target (the pooled share) times the
          // denominators is one: with exactly one unit hidden, the target must come from the shown units
          // only, so it says nothing about the hidden one.
          const what = `indicator ${q} ${def.id} by=${by}`;
          // Units under 10 referrals are withheld whole (denominator too) and pooled into one point of
          // ≥ 10 from ≥ 2 units; the target rests on the shown figures (the pool included) alone, so it
          // says nothing about a withheld unit beyond the pool.
          const shown = ind.units.filter((u) => u.numerator !== null);
          const den = shown.reduce((s, u) => s + (u.denominator ?? 0), 0);
          const num = shown.reduce((s, u) => s + (u.numerator ?? 0), 0);
          expect(ind.target, what).toBeCloseTo(den > 0 ? num / den : 0, 9);
          noSmall(
            ind.units.map((u) => u.denominator),
            what,
          );
          const hiddenUnits = ind.units.filter((u) => u.suppressed);
          for (const u of hiddenUnits) expect([u.denominator, u.numerator, u.share], what).toEqual([null, null, null]);
          const pools = ind.units.filter((u) => u.pooled);
          expect(pools.length, what).toBeLessThanOrEqual(1);
          if (pools.length === 1) expect(hiddenUnits.length, what).toBeGreaterThanOrEqual(2);
          if (hiddenUnits.length > 0 && pools.length === 0) expect(hiddenUnits.length, what).toBe(ind.units.length - shown.length);
          withheld += hiddenUnits.length;
          pooledSeen += pools.length;
        }
      }
    }
    // The filters do produce withheld values and pooled small units, so the checks above are not empty.
    expect(withheld).toBeGreaterThan(10);
    expect(pooledSeen).toBeGreaterThan(0);
  });

  it("a practice sees its own small counts; its peers' funnel points cannot be differenced against the target", async () => {
    for (const q of QUERIES) {
      const period = q.match(/from=\d+&to=\d+/)![0];
      const fb = (await as(t.app, gp)({ url: `/api/analytics/feedback?${period}` })).json<FeedbackResponse>();
      for (const i of fb.indicators) {
        // Own figures: shown to the practice however small.
        expect(i.suppressed).toBe(false);
        expect(i.denominator).not.toBeNull();
        if (i.denominator! > 0) expect(i.share).toBeCloseTo(i.numerator! / i.denominator!, 10);
      }
      expect(fb.referrals).not.toBeNull();
      // The peers' median: withheld (flagged) rather than shown under 10.
      if (fb.peerMedianReferrals !== null) expect(fb.peerMedianReferrals).toBeGreaterThanOrEqual(10);
      else expect(fb.peerMedianSuppressed).toBe(true);
      for (const def of loadIndicators()) {
        const res = await as(t.app, gp)({ url: `/api/analytics/indicators?${period}&indicator=${def.id}&by=practice` });
        expect(res.statusCode, res.body).toBe(200);
        const ind = res.json<IndicatorResponse>();
        const own = ind.units.filter((u) => u.own);
        for (const u of own) expect(u.suppressed).toBe(false);
        // The reader knows their own numerator, so among the others no single one may be withheld —
        // unless it is the only other unit; then the target comes from the shown units alone.
        const others = ind.units.filter((u) => !u.own);
        if (others.length >= 2)
          lone(
            others.map((u) => u.numerator),
            `gp funnel ${q} ${def.id}`,
          );
        else if (others.length === 1 && others[0].numerator === null) {
          const shown = ind.units.filter((u) => u.numerator !== null);
          const pooled = shown.reduce((s, u) => s + u.numerator!, 0) / shown.reduce((s, u) => s + (u.denominator ?? 0), 0);
          expect(ind.target, `gp funnel ${q} ${def.id}`).toBeCloseTo(shown.length > 0 ? pooled : 0, 10);
        }
        // No other unit is shown from fewer than 10 referrals: withheld whole, or in the pool of ≥ 10.
        noSmall(
          others.map((u) => u.denominator),
          `gp funnel ${q} ${def.id}`,
        );
        for (const u of others.filter((x) => x.suppressed)) expect([u.denominator, u.numerator]).toEqual([null, null]);
      }
    }
    // Someone else reading the practice's report gets its small counts withheld.
    const other = (await as(t.app, analyst)({ url: `/api/analytics/feedback?from=2026&to=2026&practice=${gpPractice}` })).json<FeedbackResponse>();
    for (const i of other.indicators) if (i.suppressed) expect([i.denominator, i.numerator]).toEqual([null, null]);
    noSmall(
      other.indicators.map((i) => i.denominator),
      'feedback read by an analyst',
    );
    expect(other.indicators.some((i) => i.suppressed)).toBe(true);
  });
});
