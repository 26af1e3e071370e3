// Pure helpers of the assessment form.
import { osloToday } from '../app/oslo-time.ts';

/**
 * The suggested exam due date for a priority category: `days` calendar days after today's date
 * in Norway (YYYY-MM-DD), or null when the category has no default (a date is chosen). Pure.
 */
export function suggestedDueDate(days: number | null, now: Date): string | null {
  if (days === null) return null;
  const today = osloToday(now);
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A redirect target as the assessment options give it (src/shared/api/assessment.ts AssessOptions). */
export interface RedirectChoice {
  id: string;
  kind: string;
  condition: 'always' | 'followed_up_outside_hospital';
}

/**
 * The redirect targets the assessor can choose now: a target whose rule needs "followed up
 * outside hospital" only when that is ticked, and no private institute when the patient is to be
 * discussed in a hospital meeting. The server applies the same rule
 * (src/server/assessment/redirect-rules.ts, issue 8 item 2). Pure.
 */
export function redirectChoices<T extends RedirectChoice>(targets: readonly T[], followedUpOutside: boolean, hospitalMeeting: boolean): T[] {
  return targets.filter((o) => (o.condition === 'always' || followedUpOutside) && !(hospitalMeeting && o.kind === 'private_institute'));
}
