// Pure rules of the reading worklists (beskrivelseslister): the order of cases, starvation, who is
// qualified to read what, who may report alone, expected reading minutes and the deadline warning.
// The same order is expressed in SQL by store.ts (`SEGMENTS`); order.db.test.ts pins the two together.
import type { ReaderRole, ReadingPriority } from '../db/schema.ts';

/** Priorities from most to least urgent (rank = index). Acute, cancer pathway (pakkeforløp), urgent, routine, planned. */
export const PRIORITIES: readonly ReadingPriority[] = ['acute', 'cancer_pathway', 'urgent', 'routine', 'planned'];

/** Rank of a priority: 0 is the most urgent. */
export const priorityRank = (p: ReadingPriority): number => PRIORITIES.indexOf(p);

/** What the order looks at in a case. */
export interface OrderKeys {
  examId: string;
  priority: ReadingPriority;
  aiFlag: boolean;
  dueAt: Date;
  performedAt: Date;
}

/**
 * Compares two cases for the list and "next case" (issue 9 §3): a case that has waited longer than
 * `maxWaitHours` goes to the top (oldest first; among equally old ones the more urgent first, as
 * below), so nothing starves; otherwise priority first, then
 * an AI finding, then the time left to the reading deadline, then age (oldest first); the exam id
 * breaks ties so the order is total. Returns < 0 when `a` comes first.
 */
export function compareCases(a: OrderKeys, b: OrderKeys, now: Date, maxWaitHours: number): number {
  const cut = now.getTime() - maxWaitHours * 3_600_000;
  const sa = a.performedAt.getTime() < cut;
  const sb = b.performedAt.getTime() < cut;
  if (sa !== sb) return sa ? -1 : 1;
  if (sa && sb)
    return (
      a.performedAt.getTime() - b.performedAt.getTime() ||
      priorityRank(a.priority) - priorityRank(b.priority) ||
      Number(b.aiFlag) - Number(a.aiFlag) ||
      a.dueAt.getTime() - b.dueAt.getTime() ||
      cmp(a.examId, b.examId)
    );
  return (
    priorityRank(a.priority) - priorityRank(b.priority) ||
    Number(b.aiFlag) - Number(a.aiFlag) ||
    a.dueAt.getTime() - b.dueAt.getTime() ||
    a.performedAt.getTime() - b.performedAt.getTime() ||
    cmp(a.examId, b.examId)
  );
}
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** A reader's profile as the rules need it. */
export interface ReaderKeys {
  role: ReaderRole;
  subspecialties: readonly string[];
  soloExamCodes: readonly string[];
  available: boolean;
}

/**
 * May this reader take this case from a list? Radiologists and LIS read any case in a list they are
 * entitled to (a LIS report is preliminary and countersigned); a reporting radiographer only exam types
 * in their approved scope (oppgavedeling, `soloExamCodes`). A list with a subspecialty asks for it.
 */
export function isQualified(r: ReaderKeys, examCode: string, listSubspecialty: string | null): boolean {
  if (!r.available) return false;
  if (listSubspecialty && !r.subspecialties.includes(listSubspecialty)) return false;
  return r.role !== 'reporting_radiographer' || r.soloExamCodes.includes(examCode);
}

/**
 * May this reader's report be final without countersigning? Radiologists yes; a LIS only for exam types
 * approved for them; a reporting radiographer within their approved scope. For the report editor.
 */
export function mayReportAlone(r: Pick<ReaderKeys, 'role' | 'soloExamCodes'>, examCode: string): boolean {
  return r.role === 'radiologist' || r.soloExamCodes.includes(examCode);
}

/** Expected reading minutes per modality (workload balance); Radvis' defaults. */
export const EXPECTED_MINUTES: Readonly<Record<string, number>> = { CR: 3, DX: 3, MG: 5, US: 8, RF: 8, XA: 10, CT: 15, NM: 15, MR: 20, PT: 25, PET: 25 };

/** Expected reading minutes for an exam of this modality (10 when unknown). */
export const expectedMinutes = (modality: string): number => EXPECTED_MINUTES[modality] ?? 10;

/** The warning window before a reading deadline: the smaller of `hours` and `share` (0–1) of the case's window (config.ts). */
export interface WarnWindow {
  hours: number;
  share: number;
}

/** Radvis' default warning window: 2 hours, or a quarter of the window when that is shorter. */
export const DEFAULT_WARN: WarnWindow = { hours: 2, share: 0.25 };

/**
 * The deadline state of a case at `now`: 'breached' after its reading deadline; 'warning' when the
 * time left is at most the smaller of `warn.hours` and `warn.share` of its whole window (performed →
 * due) — 2 hours before a routine exam's 72-hour deadline, 15 minutes before an acute exam's 1-hour
 * one with the defaults; else 'ok'. The deadlines per priority are Radvis' configuration (table
 * reading_deadline), not a clinical rule. store.ts listStats counts the same states in SQL.
 */
export function deadlineState(performedAt: Date, dueAt: Date, now: Date, warn: WarnWindow = DEFAULT_WARN): 'ok' | 'warning' | 'breached' {
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'breached';
  return left <= Math.min(warn.hours * 3_600_000, (dueAt.getTime() - performedAt.getTime()) * warn.share) ? 'warning' : 'ok';
}
