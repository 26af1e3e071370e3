// Turning the query's filters into an AggregateFilter, checking what the schema cannot: the
// period's order and that it has begun (no year after the current one), known areas, trusts,
// exams and exam groups, and 5-year age groups. Any mistake is a 400 that names the filter.
import { Invalid } from '../http/errors.ts';
import type { AnalyticsFilter } from '../../shared/api/analytics.ts';
import type { AggregateFilter } from './store.ts';

export interface FilterContext {
  areaIds: ReadonlySet<string>;
  trustIds: ReadonlySet<string>;
  examCodes: ReadonlySet<string>;
  examGroups: ReadonlySet<string>;
  /** Default period: the latest year with data. */
  defaultYear: number;
  /** The current UTC calendar year: a period reaching past it has no data and is refused. */
  currentYear: number;
}

/** The last closed 5-year band ends at 89; ages 90 and over are one open band ("90+"). */
const LAST_CLOSED_BAND_END = 89;

function bad(field: string, message: string): never {
  throw new Invalid(`Ugyldig filter ${field}: ${message} / Invalid filter ${field}: ${message}`, [{ field, message }]);
}

/**
 * Parses an age group on 5-year band limits: "50-69" (bands 50–54 … 65–69), "80+" (80 and over,
 * 90 = 90+), "0-14". Returns the first and last band start. A range's upper limit must end a
 * closed band (at most 89): "0-999" or "90-94" cannot be honoured by the bands (the top band is
 * 90 and over) and is refused, not read as "0+" or "90+". Throws Invalid naming ageGroup.
 */
export function parseAgeGroup(text: string): { ageFrom: number; ageTo: number } {
  const plus = /^(\d{1,2})\+$/.exec(text);
  const range = /^(\d{1,2})-(\d{1,3})$/.exec(text);
  if (plus) {
    const a = Number(plus[1]);
    if (a % 5 !== 0 || a > 90) bad('ageGroup', 'the lower limit must be a multiple of 5 up to 90');
    return { ageFrom: a, ageTo: 90 };
  }
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (a % 5 !== 0 || (b + 1) % 5 !== 0 || b < a) bad('ageGroup', 'use 5-year band limits, e.g. 50-69');
    if (b > LAST_CLOSED_BAND_END) bad('ageGroup', `the upper limit is at most ${LAST_CLOSED_BAND_END}; use e.g. 80+ for the oldest`);
    return { ageFrom: a, ageTo: b - 4 };
  }
  bad('ageGroup', 'use e.g. 50-69 or 80+');
}

/**
 * Validates the filters against the directory and returns the aggregate filter. Years are calendar
 * years; a period starting after it ends, longer than 30 years, or reaching past `ctx.currentYear`
 * is refused. Throws Invalid naming the first wrong filter (from, to, area, trust, exam,
 * examGroup, ageGroup).
 */
export function toAggregateFilter(q: AnalyticsFilter, ctx: FilterContext): AggregateFilter {
  const toYear = q.to ?? (q.from !== undefined ? Math.max(q.from, ctx.defaultYear) : ctx.defaultYear);
  const fromYear = q.from ?? toYear;
  if (fromYear > toYear) bad('from', 'the period starts after it ends');
  if (fromYear > ctx.currentYear) bad('from', `the year ${fromYear} has not begun`);
  if (toYear > ctx.currentYear) bad('to', `the year ${toYear} has not begun`);
  if (toYear - fromYear > 30) bad('from', 'the period is longer than 30 years');
  if (q.area !== undefined && !ctx.areaIds.has(q.area)) bad('area', `unknown referral area ${q.area}`);
  if (q.trust !== undefined && !ctx.trustIds.has(q.trust)) bad('trust', `unknown trust ${q.trust}`);
  if (q.exam !== undefined && !ctx.examCodes.has(q.exam)) bad('exam', `unknown exam code ${q.exam}`);
  if (q.examGroup !== undefined && !ctx.examGroups.has(q.examGroup)) bad('examGroup', `unknown exam group ${q.examGroup}`);
  const age = q.ageGroup !== undefined ? parseAgeGroup(q.ageGroup) : undefined;
  return {
    fromYear,
    toYear,
    areaIds: q.area ? [q.area] : undefined,
    trustIds: q.trust ? [q.trust] : undefined,
    modality: q.modality,
    examCode: q.exam,
    examGroup: q.examGroup,
    sex: q.sex,
    ageFrom: age?.ageFrom,
    ageTo: age?.ageTo,
    providerKind: q.provider,
  };
}
