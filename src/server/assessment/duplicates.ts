// Possible duplicates among a patient's referrals: another referral still pending (not yet
// performed) or an exam done recently, for the same exam code or the same body part, within a
// window of days around this referral's receipt. The department decides; Radvis only flags.

/** Days around the referral's receipt within which another referral or exam counts as a possible duplicate. */
export const DUPLICATE_WINDOW_DAYS = 90;

/** Statuses of a referral that is still on its way to an exam. */
export const PENDING_STATUSES: readonly string[] = ['submitted', 'info_requested', 'accepted', 'scheduled'];

export interface OtherReferral {
  examCode: string;
  bodyPart: string;
  status: string;
  submittedAt: Date | null;
  performedAt: Date | null;
}

export type DuplicateKind = 'same_exam' | 'same_body_part';

/**
 * Whether `other` may duplicate the referral (`examCode`, `bodyPart`, received `receivedAt`):
 * it is pending, or was performed, within `windowDays` of the receipt, and has the same exam
 * code ('same_exam') or the same body part ('same_body_part'); null otherwise. Pure.
 */
export function duplicateOf(
  current: { examCode: string; bodyPart: string; receivedAt: Date },
  other: OtherReferral,
  windowDays = DUPLICATE_WINDOW_DAYS,
): DuplicateKind | null {
  const pending = PENDING_STATUSES.includes(other.status);
  const when = pending ? other.submittedAt : other.performedAt;
  if (!when) return null;
  if (Math.abs(when.getTime() - current.receivedAt.getTime()) > windowDays * 86_400_000) return null;
  if (other.examCode === current.examCode) return 'same_exam';
  if (other.bodyPart && other.bodyPart === current.bodyPart) return 'same_body_part';
  return null;
}
