// The publishing workflow of a topic version (issue 11): draft → in review → approved →
// published (with an effective date) → retired; a version not yet published may be withdrawn,
// and a reviewer may send it back to draft. Pure: decides whether an action is allowed and what
// it changes; the service stores it.
//
// Four eyes: publishing needs the approval of a second editor — nobody who saved the version (nor
// the one who created it) may approve it. Source: issue 11 ("an editor cannot approve their own
// change"); the same principle as countersigning in reporting/.
import type { GuidelineVersionState } from '../../db/schema.ts';

export type WorkflowAction = 'save' | 'submit' | 'return' | 'approve' | 'publish' | 'retire' | 'withdraw';

export interface VersionFacts {
  state: GuidelineVersionState;
  createdBy: string | null;
  editors: string[];
}

/** Why an action is refused: a stable code (the service maps it to 409/403/422) and an English detail. */
export interface Refusal {
  code: 'wrong-state' | 'own-change' | 'checks-failed' | 'bad-date' | 'no-change';
  detail: string;
}

const FROM: Record<WorkflowAction, GuidelineVersionState[]> = {
  save: ['draft'],
  submit: ['draft'],
  return: ['in_review', 'approved'],
  approve: ['in_review'],
  publish: ['approved'],
  retire: ['published'],
  withdraw: ['draft', 'in_review', 'approved'],
};

/** The state after an action (save keeps the state). */
export const TO: Record<WorkflowAction, GuidelineVersionState> = {
  save: 'draft',
  submit: 'in_review',
  return: 'draft',
  approve: 'approved',
  publish: 'published',
  retire: 'retired',
  withdraw: 'withdrawn',
};

/**
 * Whether `userId` may take `action` on a version, or why not. Publishing's content checks (tests,
 * vignettes) and the effective date are checked by `publishRefusal`.
 */
export function refusalOf(v: VersionFacts, action: WorkflowAction, userId: string): Refusal | null {
  if (!FROM[action].includes(v.state)) return { code: 'wrong-state', detail: `cannot ${action} a version that is ${v.state}` };
  if (action === 'approve' && (v.editors.includes(userId) || v.createdBy === userId))
    return { code: 'own-change', detail: 'an editor cannot approve a version they wrote or changed; another editor must approve it' };
  return null;
}

/**
 * Refusal of a publish for its date or checks: the effective date may not lie before `now` by more
 * than a minute (history is not rewritten; "now" from a browser clock may lag a little), and the
 * checks must have passed.
 */
export function publishRefusal(effectiveFrom: Date, now: Date, checksPassed: boolean): Refusal | null {
  const date = dateRefusal(effectiveFrom, now);
  if (date) return date;
  if (!checksPassed) return { code: 'checks-failed', detail: "the topic's test cases fail or the vignette agreement falls" };
  return null;
}

/**
 * How far ahead a publication or retirement may be dated: two years. Referral advice is revised
 * within that time, and a date further off (9999-12-31, 2062 for 2026) is a slip of the keyboard
 * that would leave a version waiting unseen. A product limit, not a clinical rule.
 */
export const MAX_DAYS_AHEAD = 2 * 366;

/**
 * Refusal of the date a publication or retirement takes effect, or null: not a date, before `now`
 * by more than a minute (history is not rewritten; a browser clock may lag a little), or more than
 * MAX_DAYS_AHEAD days after `now`.
 */
export function dateRefusal(at: Date, now: Date): Refusal | null {
  if (Number.isNaN(at.getTime())) return { code: 'bad-date', detail: 'the effective date is not a date' };
  if (at.getTime() < now.getTime() - 60_000)
    return { code: 'bad-date', detail: 'the effective date lies in the past; a published version cannot take effect backwards' };
  if (at.getTime() > now.getTime() + MAX_DAYS_AHEAD * 86_400_000)
    return { code: 'bad-date', detail: `the effective date lies more than ${MAX_DAYS_AHEAD} days ahead` };
  return null;
}
