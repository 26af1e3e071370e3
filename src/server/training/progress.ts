// Progress of a LIS against their individual plan: rotation dates from the start date, the state
// of each goal, what is overdue (behind plan), and which groups of goals are complete. Pure
// functions; the rules follow the Ahus plan (seed 004): goals are placed in time and place by the
// plan's rotations (Del 1); the LIS registers activities and sends a goal for assessment; the
// collegium / leader approves it (2.1.3, 2.1.7); "when a group of goals is met, supervisor and
// leader are told" (2.1.7) — a group is the goals of one rotation.
import type { GoalState } from '../../shared/api/training.ts';

/** Adds `years` (fractions allowed; whole months, rounded) to an ISO date. Dates are UTC calendar dates. */
export function addYears(isoDate: string, years: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const months = Math.round(years * 12);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

export interface RotationKeys {
  id: string;
  fromYears: number;
  toYears: number;
  goalNumbers: readonly number[];
}

/** The individual plan's dates of a rotation: start date + the plan's years (seed 004, Del 1 "Tid av utdanning"). */
export function rotationDates(startDate: string, r: Pick<RotationKeys, 'fromYears' | 'toYears'>): { plannedStart: string; plannedEnd: string } {
  return { plannedStart: addYears(startDate, r.fromYears), plannedEnd: addYears(startDate, r.toYears) };
}

/** What is known of one goal of one LIS. */
export interface GoalFacts {
  activityCount: number;
  completed: boolean;
  /** The newest assessment, if any. */
  assessment: 'approved' | 'not_yet' | null;
}

/**
 * The state of a goal: approved or not yet (the newest assessment decides), else completed (sent
 * for assessment), in progress (activity registered), not started.
 */
export function goalState(f: GoalFacts): GoalState {
  if (f.assessment) return f.assessment;
  if (f.completed) return 'completed';
  return f.activityCount > 0 ? 'in_progress' : 'not_started';
}

/**
 * Where a goal is planned: the rotation that ends LAST among those listing it (the Ahus plan lists
 * some goals in two periods, e.g. 69–75 in 0–1 and 1–3.5 years; the later end is the deadline).
 */
export function plannedRotation<R extends RotationKeys & { plannedEnd: string }>(rotations: readonly R[], goal: number): R | null {
  let best: R | null = null;
  for (const r of rotations) if (r.goalNumbers.includes(goal) && (!best || r.plannedEnd > best.plannedEnd)) best = r;
  return best;
}

/**
 * A goal is overdue when its rotation has ended (plannedEnd before `today`) and the LIS has not
 * done their part: not approved and not waiting for assessment. A goal the LIS has completed (sent
 * for assessment, state `completed`) waits for the collegium / leader (the Ahus plan, seed 004,
 * 2.1.3 and 2.1.7: the LIS sends the goal, the collegium assesses it), so it is not the LIS being
 * late — it is shown as awaiting assessment (`awaitingAssessment`). A goal assessed "not yet" is
 * the LIS's again and can be overdue.
 */
export function isOverdue(state: GoalState, plannedEnd: string | null, today: string): boolean {
  return state !== 'approved' && state !== 'completed' && plannedEnd !== null && plannedEnd < today;
}

/** A goal waits for assessment when the LIS has sent it (state `completed`) and no one has assessed it since. */
export function isAwaitingAssessment(state: GoalState): boolean {
  return state === 'completed';
}

/**
 * The groups (rotations) whose goals are all met — completed by the LIS or approved — for the
 * notification to supervisor and leader (seed 004, 2.1.7). A rotation without goals is no group.
 */
export function completeGroups(rotations: readonly RotationKeys[], met: ReadonlySet<number>): string[] {
  return rotations.filter((r) => r.goalNumbers.length > 0 && r.goalNumbers.every((g) => met.has(g))).map((r) => r.id);
}

/** The rotation the LIS is in on `today` (start ≤ today < end), or null. */
export function currentRotation<R extends { plannedStart: string; plannedEnd: string }>(rotations: readonly R[], today: string): R | null {
  return rotations.find((r) => r.plannedStart <= today && today < r.plannedEnd) ?? null;
}
