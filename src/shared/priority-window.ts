// Whether an exam due date fits the priority category it was given (issue 8: assessment). A
// category's `days` is the time to the exam from the day of assessment (server
// assessment/priorities.ts: the defaults, or the department's own priority_category rows); a due date
// later than that window contradicts the priority — "Øyeblikkelig hjelp" due in two years — and the
// assessor must say it is deliberate. Earlier than the window is always fine. The server refuses such
// an acceptance without the acknowledgement (422); the assessment form warns with the same rule.

const DAY_MS = 86_400_000;

/**
 * How many calendar days `dueDate` (YYYY-MM-DD) lies after the last day of the priority's window —
 * `today` (YYYY-MM-DD, the assessment day in Norway) + `days` — or 0 when it lies within it (or
 * before it). A category without a window (`days` null: the assessor chooses a date, e.g. a
 * follow-up on a set date) never gives more than 0. Pure.
 */
export function daysBeyondPriorityWindow(days: number | null, dueDate: string, today: string): number {
  if (days === null) return 0;
  const last = Date.parse(`${today}T00:00:00Z`) + days * DAY_MS;
  const due = Date.parse(`${dueDate}T00:00:00Z`);
  if (!Number.isFinite(last) || !Number.isFinite(due)) return 0;
  return Math.max(0, Math.round((due - last) / DAY_MS));
}
