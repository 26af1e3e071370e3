// The title line of the analytics CSV downloads (issue 10): what the file covers, so that an analyst
// who opens it a month later knows — the table, the period, every filter in force in words (never an
// id or code), the choices behind the figures (standard population, interval, level, overdispersion),
// a department leader's access limit, and when the file was made. Statistics Norway's StatBank CSV
// convention: one title line, a blank line, then the table (shared/csv.ts toCsv `title`); our own
// CSV reader (csv/csv-table.ts) skips such lines. The period is also in the file name.
//
// The title is built from the request, the effective period and the directory's names only — never
// from the figures — so it cannot give away a withheld count (issue 10 §7).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ageGroupLabel } from '../../shared/age-groups.ts';
import type { IndicatorQuery, ProcessQuery, RatesQuery } from '../../shared/api/analytics.ts';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import type { AnalyticsScope } from './scope.ts';
import * as store from './store.ts';

/** The analytics tables with a CSV download. */
export type ExportTable = 'rates' | 'trend' | 'variation' | 'indicator' | 'process' | 'ended' | 'endedReasons' | 'adherence' | 'feedback';

/** Which aggregate each table reads, for the filters it can apply (store.filtersApplied). */
const AGGREGATE: Record<ExportTable, 'exam' | 'referral' | 'indicator' | 'decision' | null> = {
  rates: 'exam',
  trend: 'exam',
  // The exam-group rows read the exam counts, the indicator rows the indicator counts.
  variation: 'exam',
  indicator: 'indicator',
  process: 'referral',
  ended: 'referral',
  endedReasons: 'referral',
  adherence: 'decision',
  feedback: null,
};

/** What a title line is made of. */
export interface ExportTitleInput {
  table: ExportTable;
  /** The period the figures cover (the response's, i.e. after defaults). */
  period: { from: number; to: number };
  /** The request's query (filters and choices as asked for). */
  query: Partial<RatesQuery & Omit<IndicatorQuery, 'by'>> & { by?: IndicatorQuery['by'] | ProcessQuery['by'] };
  scope: AnalyticsScope;
  locale: Locale;
  /** Values for the table's name: `indicator` (its name), `practice` (its name). */
  names?: { indicator?: string; practice?: string };
  /** Further sentences, each ending with a full stop (e.g. the demo's sampling note). */
  notes?: string[];
  /** When the file is made (injectable for tests). */
  now?: Date;
}

/** The period in a file name: "2025", or "2024-2025" for more than one year. */
export function periodSlug(period: { from: number; to: number }): string {
  return period.from === period.to ? String(period.from) : `${period.from}-${period.to}`;
}

/** The period in words: "2025", or "2024–2025". */
function periodText(period: { from: number; to: number }): string {
  return period.from === period.to ? String(period.from) : `${period.from}–${period.to}`;
}

/** When the file was made, in Norwegian time, in the user's language ("2. desember 2026 kl. 10:47"). */
export function madeAt(locale: Locale, now: Date): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(now);
}

/**
 * The title line of an analytics CSV in `input.locale`: "Radvis – <table>, <period>. Utvalg: <filter>:
 * <value>; …. Metode: <choice>; …. <notes>Laget <date> (norsk tid)." (titleLine). Filters are named as the page's filter
 * panel names them and their values in words (area, trust and practice names from the directory, the
 * exam's name, age group and sex in words); a filter the table's aggregate cannot apply is said to be
 * not applied rather than listed as in force. Reads only directory names (areas, trusts, exam codes,
 * organizations); never the figures.
 */
export async function exportTitle(db: Kysely<DB>, input: ExportTitleInput): Promise<string> {
  const { table, query: q, locale, scope } = input;
  const t = (key: MessageKey, vars?: Record<string, string>) => translate(locale, key, vars);
  const named = (label: MessageKey, value: string) => `${t(label)}: ${value}`;
  const [areas, trusts, exams] = await Promise.all([
    q.area ? store.listAreas(db) : [],
    q.trust || scope.level === 'trust' ? store.listTrusts(db) : [],
    q.exam ? store.listExamCodes(db) : [],
  ]);
  const trustName = (id: string) => trusts.find((x) => x.id === id)?.name ?? id;

  // The filters asked for, in the page's order, each with its words.
  const asked: { filter: store.FilterName; text: string }[] = [];
  if (q.area) asked.push({ filter: 'area', text: named('analytics.area', areas.find((a) => a.id === q.area)?.name ?? q.area) });
  if (q.trust) asked.push({ filter: 'trust', text: named('analytics.trust', trustName(q.trust)) });
  if (q.modality) asked.push({ filter: 'modality', text: named('analytics.modality', t(`analytics.modality.${q.modality}`)) });
  if (q.exam) {
    const e = exams.find((x) => x.code === q.exam);
    asked.push({ filter: 'exam', text: named('analytics.exam', e ? ((locale === 'en' ? e.name_en : null) ?? e.name) : q.exam) });
  }
  if (q.examGroup) asked.push({ filter: 'examGroup', text: named('csv.filter.examGroup', q.examGroup) });
  if (q.ageGroup) asked.push({ filter: 'ageGroup', text: named('analytics.ageGroup', ageGroupLabel(q.ageGroup, t)) });
  if (q.sex) asked.push({ filter: 'sex', text: named('analytics.sex', t(`analytics.sex.${q.sex}`)) });
  if (q.provider) asked.push({ filter: 'provider', text: named('analytics.provider', t(`analytics.provider.${q.provider}`)) });
  const aggregate = AGGREGATE[table];
  const applies = aggregate ? store.filtersApplied(aggregate) : new Set<store.FilterName>();
  const inForce = asked.filter((a) => applies.has(a.filter)).map((a) => a.text);
  const notApplied = asked.filter((a) => !applies.has(a.filter)).map((a) => a.text);

  // The choices behind the figures — how they are computed and broken down, not which data they
  // cover — with the defaults the service uses (service.ts): said apart from the selection.
  const method: string[] = [];
  if (table === 'rates' || table === 'trend' || table === 'variation') {
    method.push(named('csv.filter.standard', t(`csv.value.standard.${q.standard ?? 'norway'}`)));
    if (table === 'rates') method.push(named('csv.filter.ci', t(`csv.value.ci.${q.ci ?? 'gamma'}`)));
  }
  const practice = q.practice ? (input.names?.practice ?? (await store.organizationNames(db, [q.practice])).get(q.practice) ?? q.practice) : undefined;
  if (table === 'indicator') {
    const by = q.by ?? (scope.level === 'practice' ? 'practice' : 'area');
    if (practice) inForce.push(named('csv.filter.practice', practice));
    method.push(named('analytics.level', t(`analytics.level.${by as NonNullable<IndicatorQuery['by']>}`)));
    if (by === 'practice') method.push(named('csv.filter.peers', t(`csv.value.peers.${q.peers ?? (scope.level === 'practice' ? 'same-kind' : 'all')}`)));
    method.push(named('csv.filter.overdispersion', t(`csv.value.overdispersion.${q.overdispersion ?? 'multiplicative'}`)));
  }
  if (table === 'process' || table === 'ended') {
    const by = q.by ?? 'area';
    method.push(named('analytics.by', by === 'total' ? t('csv.value.by.total') : t(`analytics.by.${by as 'area' | 'trust' | 'provider'}`)));
  }
  if (scope.level === 'trust') inForce.push(t('csv.title.scopeTrust', { trusts: scope.trustIds.map(trustName).join(', ') }));

  const tableName = t(`csv.title.table.${table}`, { indicator: input.names?.indicator ?? '', practice: input.names?.practice ?? practice ?? '' });
  const notes = [...(input.notes ?? [])];
  if (notApplied.length > 0) notes.unshift(`${t('csv.title.notApplied', { filters: notApplied.join('; ') })}.`);
  if (table === 'variation' && asked.some((a) => !store.filtersApplied('indicator').has(a.filter) && applies.has(a.filter)))
    notes.unshift(
      `${t('csv.title.notAppliedIndicators', {
        filters: asked
          .filter((a) => !store.filtersApplied('indicator').has(a.filter) && applies.has(a.filter))
          .map((a) => a.text)
          .join('; '),
      })}.`,
    );
  return titleLine(locale, { table: tableName, period: periodText(input.period), selection: inForce, method, notes, now: input.now });
}

/** The parts of a StatBank-style title line (titleLine). */
export interface TitleParts {
  /** What the table is, in words (e.g. "exams per 10,000 inhabitants by referral area"). */
  table: string;
  /** The period or point in time it covers, in words ("2025–2026", "2026–2040"); omitted: none. */
  period?: string;
  /** The filters in force, each "Name: value" in words; empty: "all (no filters)". */
  selection: readonly string[];
  /** How the figures are computed or broken down, each "Name: value"; empty: no "Method:" part. */
  method?: readonly string[];
  /** Further sentences, each ending with a full stop. */
  notes?: readonly string[];
  /** When the file is made (injectable for tests). */
  now?: Date;
}

/**
 * One title line in Statistics Norway's StatBank CSV convention (shared/csv.ts toCsv `title`), in
 * `locale`: "Radvis – <table>, <period>. Utvalg: <filter>; …. Metode: <choice>; …. <notes>Laget <date>
 * (norsk tid)." — the selection (which data) and the method (how computed) said apart. Used by every
 * people-facing CSV download (analytics, capacity, training reports); not by exports a machine reads
 * (sendCsv `technicalNames`).
 */
export function titleLine(locale: Locale, parts: TitleParts): string {
  const t = (key: MessageKey, vars?: Record<string, string>) => translate(locale, key, vars);
  return t('csv.title.line', {
    table: parts.period ? `${parts.table}, ${parts.period}` : parts.table,
    selection: parts.selection.length > 0 ? t('csv.title.selection', { filters: parts.selection.join('; ') }) : t('csv.title.noFilters'),
    method: parts.method && parts.method.length > 0 ? `${t('csv.title.method', { choices: parts.method.join('; ') })}. ` : '',
    notes: (parts.notes ?? []).map((n) => `${n} `).join(''),
    made: madeAt(locale, parts.now ?? new Date()),
  });
}
