// /api/analytics: management data. Thin: schemas in, the caller's scope, a use case from
// service.ts, JSON or CSV out. Aggregates only: no patient data, so no per-patient access-log
// rows (see scope.ts); every route declares who may call it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdherenceResponse,
  AnalyticsFilter,
  AnalyticsMeta,
  EndedReasonsResponse,
  EndedResponse,
  FeedbackBatchQuery,
  FeedbackQuery,
  FeedbackResponse,
  IndicatorQuery,
  IndicatorResponse,
  ProcessQuery,
  ProcessResponse,
  RatesQuery,
  RatesResponse,
  TOTAL_AREA_ID,
  TrendResponse,
  VariationReportResponse,
} from '../../shared/api/analytics.ts';
import { MediaResponse } from '../../shared/api/common.ts';
import { principalOf } from '../http/access.ts';
import { zipSync } from 'fflate';
import { feedbackPdf } from './feedback-pdf.ts';
import type { FastifyReply } from 'fastify';
import { sendCsv, wordOf } from '../http/csv.ts';
import { requestLocale } from '../http/accept-language.ts';
import { exportTitle, periodSlug, type ExportTable, type ExportTitleInput } from './export-title.ts';
import { scopeOf, type AnalyticsScope } from './scope.ts';
import { translate, type Locale } from '../../shared/i18n/index.ts';
import { NORWAY_STANDARD_YEAR } from './standard-populations.ts';
import * as service from './service.ts';

const LEADERS = { roles: ['analyst', 'department_leader'] } as const;
const WITH_REFERRERS = { roles: ['analyst', 'department_leader', 'referrer'] } as const;
const csvNote = 'Add ?format=csv for the table as CSV (text/csv).';

/** The analytics CSV files' names in English (nc27: an English user got radvis-rater-…, radvis-prosess-…). */
const ENGLISH_FILE_NAMES: Record<string, string> = {
  rater: 'rates',
  trend: 'trend',
  variasjon: 'variation',
  indikator: 'indicator',
  prosess: 'process',
  'uten-undersokelse': 'ended-without-exam',
  avslutningsarsaker: 'closing-reasons',
  'rad-etterlevelse': 'advice-adherence',
  tilbakemelding: 'feedback',
};

/** `name` (bokmål, e.g. `rater` or `indikator-<indicator>`) with its first part in English; unknown names unchanged. */
export function englishFileName(name: string): string {
  const known = Object.keys(ENGLISH_FILE_NAMES)
    .sort((a, b) => b.length - a.length)
    .find((k) => name === k || name.startsWith(`${k}-`));
  return known ? ENGLISH_FILE_NAMES[known] + name.slice(known.length) : name;
}

export const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  /**
   * Sends an analytics table as CSV: named `radvis-<name>-<period>.csv`, with the title line that says
   * what it covers (export-title.ts: table, period, filters in words, when made) above the table.
   */
  const sendTable = async (
    reply: FastifyReply,
    what: { table: ExportTable; name: string; period: { from: number; to: number }; scope: AnalyticsScope } & Pick<ExportTitleInput, 'names' | 'notes'>,
    columns: readonly string[],
    rows: readonly Record<string, unknown>[],
  ) => {
    const title = await exportTitle(db, {
      table: what.table,
      period: what.period,
      query: reply.request.query as ExportTitleInput['query'],
      scope: what.scope,
      locale: requestLocale(reply.request),
      names: what.names,
      notes: what.notes,
    });
    const name = requestLocale(reply.request) === 'en' ? englishFileName(what.name) : what.name;
    return sendCsv(reply, `${name}-${periodSlug(what.period)}`, columns, rows, { title });
  };

  app.get('/api/analytics/meta', { config: { access: WITH_REFERRERS }, schema: { tags: ['analytics'], response: { 200: AnalyticsMeta } } }, async (req) =>
    service.meta(db, await scopeOf(db, principalOf(req)), principalOf(req).locale),
  );

  app.get(
    '/api/analytics/rates',
    {
      config: { access: LEADERS },
      schema: { tags: ['analytics'], description: `Exams per 10,000 by referral area. ${csvNote}`, querystring: RatesQuery, response: { 200: RatesResponse } },
    },
    async (req, reply) => {
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.rates(db, scope, req.query, principalOf(req).locale);
      if (req.query.format !== 'csv') return r;
      // What the counts and person-years are (the demo's sample), which years are partial, and the
      // standard population: said in the file as on the page.
      const locale = requestLocale(req);
      return sendTable(
        reply,
        { table: 'rates', name: 'rater', period: r.period, scope, notes: rateNotes(locale, r) },
        ['area', 'exams', 'person_years', 'crude_per_10000', 'standardized_per_10000', 'lower', 'upper', 'suppressed'],
        [...r.areas, r.total].map((a) => ({
          area: a.areaName,
          exams: a.events,
          person_years: a.personYears,
          crude_per_10000: a.crude,
          standardized_per_10000: a.standardized,
          lower: a.lower,
          upper: a.upper,
          suppressed: a.suppressed,
        })),
      );
    },
  );

  app.get(
    '/api/analytics/trend',
    {
      config: { access: LEADERS },
      schema: { tags: ['analytics'], description: `Standardized rate per year. ${csvNote}`, querystring: RatesQuery, response: { 200: TrendResponse } },
    },
    async (req, reply) => {
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.trend(db, scope, req.query, principalOf(req).locale);
      if (req.query.format !== 'csv') return r;
      const years = r.years.length > 0 ? { from: r.years[0], to: r.years[r.years.length - 1] } : trendPeriod(req.query);
      const locale = requestLocale(req);
      return sendTable(
        reply,
        { table: 'trend', name: 'trend', period: years, scope, notes: rateNotes(locale, { ...r, years: r.yearCoverage }) },
        // Each year's days with data beside its rate: a partial year is marked on every row.
        ['area', 'year', 'days_with_data', 'year_coverage', 'standardized_per_10000'],
        [...r.series, { areaId: TOTAL_AREA_ID, areaName: r.totalName, rates: r.total }].flatMap((s) =>
          r.years.map((y, i) => ({
            area: s.areaName,
            year: y,
            days_with_data: r.yearCoverage[i]?.days ?? null,
            year_coverage: r.yearCoverage[i]?.share ?? null,
            standardized_per_10000: s.rates[i],
          })),
        ),
      );
    },
  );

  app.get(
    '/api/analytics/variation',
    {
      config: { access: LEADERS },
      schema: {
        tags: ['analytics'],
        description: `Variation between areas for every exam group and low-value indicator. ${csvNote}`,
        querystring: RatesQuery,
        response: { 200: VariationReportResponse },
      },
    },
    async (req, reply) => {
      const locale = principalOf(req).locale;
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.variationReport(db, scope, req.query, locale);
      if (req.query.format !== 'csv') return r;
      return sendTable(
        reply,
        // The exam-group rates rest on the same coverage, standard and sample as the rates table: said in the file as on the page.
        { table: 'variation', name: 'variasjon', period: r.period, scope, notes: rateNotes(requestLocale(req), r) },
        ['kind', 'label', 'events', 'eq1', 'eq2', 'eq3', 'cv', 'scv', 'areas'],
        r.rows.map((x) => ({ ...x, kind: wordOf(locale, 'csv.value.kind.', x.kind) })),
      );
    },
  );

  app.get(
    '/api/analytics/indicators',
    {
      config: { access: WITH_REFERRERS },
      schema: {
        tags: ['analytics'],
        description: `A low-value indicator per unit with funnel limits. ${csvNote}`,
        querystring: IndicatorQuery,
        response: { 200: IndicatorResponse },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.indicator(db, scope, req.query, principalOf(req).locale);
      if (req.query.format !== 'csv') return r;
      return sendTable(
        reply,
        { table: 'indicator', name: `indikator-${r.indicator.id}`, period: r.period, scope, names: { indicator: r.indicator.name } },
        // The funnel's target and overdispersion on every row (as the page's centre line and limits rest
        // on them), the one that adjusted the limits: φ (multiplicative), τ² (additive), neither (none).
        ['unit', 'denominator', 'numerator', 'share', 'outside95', 'outside998', 'suppressed', 'target', ...overdispersionColumn(r.overdispersion)],
        r.units.map((u) => ({
          target: r.target,
          phi: r.phi,
          tau2: r.tau2,
          unit: u.label,
          denominator: u.denominator,
          numerator: u.numerator,
          share: u.share,
          outside95: u.outside95,
          outside998: u.outside998,
          suppressed: u.suppressed,
        })),
      );
    },
  );

  app.get(
    '/api/analytics/process',
    {
      config: { access: LEADERS },
      schema: {
        tags: ['analytics'],
        description: `Process measures from referral timestamps. ${csvNote}`,
        querystring: ProcessQuery,
        response: { 200: ProcessResponse },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.processMeasures(db, scope, req.query, principalOf(req).locale);
      if (req.query.format !== 'csv') return r;
      return sendTable(
        reply,
        { table: 'process', name: 'prosess', period: r.period, scope },
        [
          'label',
          'referrals',
          'assessedInTimeShare',
          'meanAssessmentWorkingDays',
          'returnedShare',
          'performed',
          'meanDaysToExam',
          'preliminaryReported',
          'meanHoursToPreliminary',
          'reported',
          'meanHoursToReport',
          'privateShare',
          'closed',
          'closedShare',
          'withdrawn',
          'withdrawnShare',
          'suppressed',
        ],
        r.rows,
      );
    },
  );

  app.get(
    '/api/analytics/ended',
    {
      config: { access: LEADERS },
      schema: {
        tags: ['analytics'],
        description: `Referrals that ended without an exam — closed by the receiving department or withdrawn by the referrer — per unit and year of submission, with the total per year. ${csvNote}`,
        querystring: ProcessQuery,
        response: { 200: EndedResponse },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.endedWithoutExam(db, scope, req.query, principalOf(req).locale);
      if (req.query.format !== 'csv') return r;
      return sendTable(
        reply,
        { table: 'ended', name: 'uten-undersokelse', period: r.period, scope },
        ['label', 'year', 'referrals', 'closed', 'closedShare', 'withdrawn', 'withdrawnShare', 'endedShare', 'suppressed'],
        [...r.rows, ...r.total],
      );
    },
  );

  app.get(
    '/api/analytics/ended-reasons',
    {
      config: { access: LEADERS },
      schema: {
        tags: ['analytics'],
        description: `Why the departments closed referrals without an exam, in words, with counts per year of submission (counts under 10 withheld). ${csvNote}`,
        querystring: AnalyticsFilter,
        response: { 200: EndedReasonsResponse },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.endedReasons(db, scope, req.query, principalOf(req).locale);
      if (req.query.format !== 'csv') return r;
      // One row per reason and year, then the reason over the whole period.
      const whole = translate(principalOf(req).locale, 'analytics.ended.wholePeriod');
      return sendTable(
        reply,
        { table: 'endedReasons', name: 'avslutningsarsaker', period: r.period, scope },
        ['closeReason', 'year', 'count', 'shareOfClosed', 'suppressed'],
        r.reasons.flatMap((x) => [
          ...x.byYear.map((y) => ({ closeReason: x.reason, year: y.year, count: y.count, shareOfClosed: y.share, suppressed: y.count === null })),
          { closeReason: x.reason, year: whole, count: x.count, shareOfClosed: x.share, suppressed: x.suppressed },
        ]),
      );
    },
  );

  app.get(
    '/api/analytics/adherence',
    {
      config: { access: LEADERS },
      schema: {
        tags: ['analytics'],
        description: `Advice adherence (decisions and reasons). ${csvNote}`,
        querystring: AnalyticsFilter,
        response: { 200: AdherenceResponse },
      },
    },
    async (req, reply) => {
      const locale = principalOf(req).locale;
      // In words (issue 8): the topic's title, the rating and the decision as the page shows them.
      const topics = new Map(app.guidelines.current().pack.topics.map((x) => [x.id, (locale === 'en' ? x.title.en : undefined) ?? x.title.nb]));
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.adherence(db, scope, req.query, locale, (id) => topics.get(id) ?? id);
      if (req.query.format !== 'csv') return r;
      return sendTable(
        reply,
        { table: 'adherence', name: 'rad-etterlevelse', period: r.period, scope },
        ['topicId', 'rating', 'decision', 'reason', 'decisions', 'suppressed'],
        r.rows.map(({ topic, ...x }) => ({
          ...x,
          topicId: topic,
          rating: wordOf(locale, 'analytics.rating.', x.rating),
          decision: wordOf(locale, 'analytics.decision.', x.decision),
        })),
      );
    },
  );

  app.get(
    '/api/analytics/feedback',
    {
      config: { access: WITH_REFERRERS },
      schema: {
        tags: ['analytics'],
        description: `Feedback to a practice against anonymized peers. ${csvNote}`,
        querystring: FeedbackQuery,
        response: { 200: FeedbackResponse },
      },
    },
    async (req, reply) => {
      const locale = principalOf(req).locale;
      const scope = await scopeOf(db, principalOf(req));
      const r = await service.feedback(db, scope, req.query, locale);
      if (req.query.format !== 'csv') return r;
      return sendTable(
        reply,
        { table: 'feedback', name: 'tilbakemelding', period: r.period, scope, names: { practice: r.practice.name } },
        ['name', 'denominator', 'numerator', 'share', 'peerShare', 'position', 'suppressed'],
        r.indicators.map((x) => ({ ...x, position: wordOf(locale, 'feedback.position.', x.position) })),
      );
    },
  );

  app.get(
    '/api/analytics/feedback.pdf',
    {
      config: { access: WITH_REFERRERS },
      schema: {
        tags: ['analytics'],
        description: 'The feedback report to a practice as a printable PDF, with funnel plots rendered on the server.',
        querystring: FeedbackQuery,
        response: { 200: MediaResponse('application/pdf', 'PDF document') },
      },
    },
    async (req, reply) => {
      const { feedback: fb, funnels } = await service.feedbackWithFunnels(db, await scopeOf(db, principalOf(req)), req.query);
      const pdf = await feedbackPdf(fb, funnels);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="radvis-tilbakemelding-${fb.period.from}-${fb.period.to}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/analytics/feedback-batch.zip',
    {
      config: { access: { roles: ['analyst', 'department_leader'] } },
      schema: {
        tags: ['analytics'],
        description:
          'The feedback reports of every GP practice located in a referral area that sent referrals in the period: one PDF per practice in a ZIP archive, to send each practice its own.',
        querystring: FeedbackBatchQuery,
        response: { 200: MediaResponse('application/zip', 'ZIP archive of PDF documents') },
      },
    },
    async (req, reply) => {
      const batch = await service.feedbackBatch(db, await scopeOf(db, principalOf(req)), req.query);
      const files: Record<string, Uint8Array> = {};
      for (const b of batch) files[batchFileName(b.practice.name, b.practice.id, files)] = await feedbackPdf(b.feedback, b.funnels);
      const from = req.query.from ?? batch[0]?.feedback.period.from ?? '';
      const to = req.query.to ?? batch[0]?.feedback.period.to ?? '';
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="radvis-tilbakemeldinger-${req.query.area}-${from}-${to}.zip"`)
        .send(Buffer.from(zipSync(files, { level: 0 })));
    },
  );
};

/** A file name for a practice's report in the batch: its name in plain ASCII, unique in the archive. */
function batchFileName(name: string, id: string, taken: Record<string, unknown>): string {
  const plain = name
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[åÅ]/g, 'a')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  const file = `tilbakemelding-${plain || id}.pdf`;
  return file in taken ? `tilbakemelding-${plain}-${id}.pdf` : file;
}

/** The trend's period when it has no years (no data): the years asked for, else the current year. */
function trendPeriod(q: { from?: number; to?: number }): { from: number; to: number } {
  const to = q.to ?? q.from ?? new Date().getUTCFullYear();
  return { from: q.from ?? to, to };
}

/** The overdispersion column of a funnel's CSV: φ when multiplicative, τ² when additive, none when not adjusted. */
function overdispersionColumn(kind: string): ('phi' | 'tau2')[] {
  return kind === 'multiplicative' ? ['phi'] : kind === 'additive' ? ['tau2'] : [];
}

/**
 * The notes of the rates and trend CSVs' title lines, in `locale`: which standard population the
 * standardized rates use; which years of the period the data cover only in part (their rates use the
 * person-time of the covered days); in the demo, that the counts are the sample's exams and the
 * person-years the population times the same sampling fraction. Built from the response's metadata,
 * never from a withheld figure.
 */
export function rateNotes(
  locale: Locale,
  r: Pick<RatesResponse, 'standard' | 'standardYear' | 'sameStructureAsStandard' | 'samplingFraction' | 'years' | 'coverage'>,
): string[] {
  const nl = locale === 'en' ? 'en-GB' : 'nb-NO';
  const notes: string[] = [
    r.standard === 'esp2013'
      ? translate(locale, 'analytics.standardUsed.esp2013')
      : translate(locale, 'analytics.standardUsed.norway', { year: String(r.standardYear ?? NORWAY_STANDARD_YEAR) }),
  ];
  if (r.sameStructureAsStandard) notes.push(translate(locale, 'analytics.sameStructure'));
  const partial = r.years.filter((y) => y.share < 1);
  if (partial.length > 0 && r.coverage)
    notes.push(
      translate(locale, 'analytics.partialYears', {
        from: formatDay(locale, r.coverage.from),
        to: formatDay(locale, r.coverage.to),
        years: partial
          .map((y) => translate(locale, 'analytics.partialYear', { year: String(y.year), days: String(y.days), of: String(y.daysInYear) }))
          .join(', '),
      }),
    );
  if (r.samplingFraction < 1)
    notes.push(
      translate(locale, 'analytics.sample', {
        percent: (r.samplingFraction * 100).toLocaleString(nl, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
      }),
    );
  return notes;
}

/** A 'YYYY-MM-DD' day in words in `locale` ("3. desember 2025", "3 December 2025"). */
export function formatDay(locale: Locale, day: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
