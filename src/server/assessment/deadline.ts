// The assessment deadline (vurderingsfrist) of a referral: when the receiving department must
// have assessed it.
//
// Law: pasient- og brukerrettighetsloven § 2-2 first paragraph — the specialist health service
// shall assess a referral within 10 working days of receiving it; second paragraph — "dersom det
// er mistanke om alvorlig eller livstruende sykdom, skal vurderingen skje raskere". The law gives
// no number for the shorter deadline, and neither do the national cancer patient pathways
// (pakkeforløp for kreft, Helsedirektoratet) for the radiology department's assessment step. So
// the shorter deadlines are a setting per department (table assessment_setting, migration 0080)
// with Radvis defaults that the department leader can change (never above the legal 10):
//
//   referrer's urgency "emergency" (øyeblikkelig hjelp)      0 working days (the day of receipt)
//   referrer's urgency "urgent"                              1 working day
//   cancer pathway indication (pakkeforløp / suspected cancer) 1 working day
//   red flags given by the referrer (e.g. cauda equina)      3 working days
//   everything else                                          10 working days (§ 2-2)
//
// The first matching line wins; the shortest of the matching deadlines is used. Working days and
// public holidays come from calendar/norwegian-calendar.ts (the only place that counts them).
import { addWorkingDays, ASSESSMENT_DEADLINE_WORKING_DAYS, osloDate, workingDaysLeft as calendarDaysLeft } from '../calendar/norwegian-calendar.ts';

/** Why a referral got its deadline (shown to people in words, never as this code). */
export type DeadlineReason = 'emergency' | 'urgent' | 'cancer_pathway' | 'red_flags' | 'standard';

/** Working days per reason; a department's setting (assessment_setting) or DEFAULT_DEADLINE_SETTINGS. */
export interface DeadlineSettings {
  standard: number;
  emergency: number;
  urgent: number;
  cancerPathway: number;
  redFlags: number;
}

/** Radvis defaults (see module comment): only `standard` (10) is set by law, § 2-2. */
export const DEFAULT_DEADLINE_SETTINGS: Readonly<DeadlineSettings> = Object.freeze({
  standard: ASSESSMENT_DEADLINE_WORKING_DAYS,
  emergency: 0,
  urgent: 1,
  cancerPathway: 1,
  redFlags: 3,
});

/** What the deadline rule reads from a referral. */
export interface DeadlineInput {
  urgency: 'emergency' | 'urgent' | 'routine' | 'planned';
  indication?: { system: 'ICPC-2' | 'ICD-10'; code: string } | null;
  facts?: Record<string, unknown> | null;
  /** The clinical question and note as written. */
  text?: string | null;
}

// ICD-10 chapter II: malignant neoplasms C00–C97 and in-situ neoplasms D00–D09; Z03.1
// "observation for suspected malignant neoplasm".
const ICD10_CANCER = /^(C\d{2}|D0\d|Z03\.?1)/;
// ICPC-2 malignant neoplasm rubrics (WONCA ICPC-2, components 7): A79, B72–B74, D74–D77, L71,
// N74, R84–R85, S77, T71, U75–U77, W72, X75–X77, Y77–Y78.
const ICPC2_CANCER = new Set([
  'A79',
  'B72',
  'B73',
  'B74',
  'D74',
  'D75',
  'D76',
  'D77',
  'L71',
  'N74',
  'R84',
  'R85',
  'S77',
  'T71',
  'U75',
  'U76',
  'U77',
  'W72',
  'X75',
  'X76',
  'X77',
  'Y77',
  'Y78',
]);
// The referrer writes that the patient is in, or should start, a cancer patient pathway, or that cancer is suspected.
const CANCER_TEXT = /pakkeforl(ø|o)p|mistanke om (kreft|malign|cancer|ca\b)|malignitetsmistanke|suspekt (malign|tumor)/i;
// Facts that the referral advice treats as red flags of serious disease.
const RED_FLAG_FACTS = ['red_flags', 'cauda_equina', 'neuro_deficit', 'thunderclap', 'skull_fracture_signs'] as const;

/** Whether the referral points to a cancer patient pathway (ICD-10/ICPC-2 cancer code, or the text says so). */
export function suggestsCancerPathway(r: DeadlineInput): boolean {
  const code = r.indication?.code.toUpperCase();
  if (code && r.indication?.system === 'ICD-10' && ICD10_CANCER.test(code)) return true;
  if (code && r.indication?.system === 'ICPC-2' && ICPC2_CANCER.has(code.slice(0, 3))) return true;
  return !!r.text && CANCER_TEXT.test(r.text);
}

/**
 * Which deadline applies and how many working days it has: the shortest of the reasons that
 * match (module comment). Pure.
 */
export function deadlineRule(r: DeadlineInput, settings: DeadlineSettings = DEFAULT_DEADLINE_SETTINGS): { reason: DeadlineReason; workingDays: number } {
  const candidates: { reason: DeadlineReason; workingDays: number }[] = [{ reason: 'standard', workingDays: settings.standard }];
  if (r.urgency === 'emergency') candidates.push({ reason: 'emergency', workingDays: settings.emergency });
  if (r.urgency === 'urgent') candidates.push({ reason: 'urgent', workingDays: settings.urgent });
  if (suggestsCancerPathway(r)) candidates.push({ reason: 'cancer_pathway', workingDays: settings.cancerPathway });
  if (r.facts && RED_FLAG_FACTS.some((f) => r.facts![f] === true)) candidates.push({ reason: 'red_flags', workingDays: settings.redFlags });
  // Never above the legal 10 working days, never negative.
  const clamp = (n: number) => Math.max(0, Math.min(ASSESSMENT_DEADLINE_WORKING_DAYS, Math.floor(n)));
  return candidates.map((c) => ({ ...c, workingDays: clamp(c.workingDays) })).reduce((a, b) => (b.workingDays < a.workingDays ? b : a));
}

/**
 * The assessment due date for a referral received at `receivedAt`: the Norwegian calendar day of
 * receipt (Europe/Oslo) plus the rule's working days, as `YYYY-MM-DD`. Pure.
 */
export function assessmentDueDate(
  receivedAt: Date,
  r: DeadlineInput,
  settings: DeadlineSettings = DEFAULT_DEADLINE_SETTINGS,
): { dueDate: string; reason: DeadlineReason; workingDays: number } {
  const rule = deadlineRule(r, settings);
  return { dueDate: addWorkingDays(osloDate(receivedAt), rule.workingDays).toISOString().slice(0, 10), ...rule };
}

/** The deadline state the inbox filters on: past the due date, due within 2 working days, or later. */
export type DeadlineState = 'overdue' | 'due_soon' | 'later';

/** Working days the inbox calls "due soon". */
export const DUE_SOON_WORKING_DAYS = 2;

/**
 * Working days from today (Norwegian calendar day of `now`) to the due date (`YYYY-MM-DD`):
 * 0 = due today, negative = overdue by that many working days. Pure.
 */
export function workingDaysUntil(dueDate: string, now: Date): number {
  const today = osloDate(now);
  const due = new Date(`${dueDate}T00:00:00Z`);
  // calendarDaysLeft(a, b, 0) = minus the working days after a's day up to and including b's day.
  const n = due >= today ? -calendarDaysLeft(today, due, 0) : calendarDaysLeft(due, today, 0);
  return n === 0 ? 0 : n; // never -0
}

/** The deadline state of a due date at `now`. Pure. */
export function deadlineState(dueDate: string, now: Date): DeadlineState {
  const b = deadlineBounds(now);
  return dueDate < b.today ? 'overdue' : dueDate <= b.dueSoonUntil ? 'due_soon' : 'later';
}

/**
 * The due-date boundaries of the deadline states at `now`, for SQL filters: overdue = due date
 * before `today`; due soon = from `today` through `dueSoonUntil`; later = after `dueSoonUntil`.
 */
export function deadlineBounds(now: Date): { today: string; dueSoonUntil: string } {
  const today = osloDate(now);
  return { today: today.toISOString().slice(0, 10), dueSoonUntil: addWorkingDays(today, DUE_SOON_WORKING_DAYS).toISOString().slice(0, 10) };
}
