// RADPEER scores for peer review / countersigning. Source: American College of Radiology,
// RADPEER scoring language (revised 2016; Goldberg-Stein S et al., "ACR RADPEER Committee White
// Paper with 2016 Updates: Revised Scoring System, New Classifications, Self-Review, and
// Subspecialized Reports", J Am Coll Radiol 2017;14:1080-1086):
//   1  concur with interpretation
//   2  discrepancy in interpretation / not ordinarily expected to be made (understandable miss)
//   3  discrepancy in interpretation / should be made most of the time
//   a  unlikely to be clinically significant; b  likely to be clinically significant
import type { RadpeerScore } from '../db/schema.ts';

/** The scores, in order of severity. */
export const RADPEER_SCORES: readonly RadpeerScore[] = ['1', '2a', '2b', '3a', '3b'];

/** True when the score records a discrepancy the author should learn from (anything but 1). */
export function isDiscrepancy(score: RadpeerScore): boolean {
  return score !== '1';
}

/** True when the discrepancy is likely clinically significant (2b, 3b): the referrer may need to know. */
export function isClinicallySignificant(score: RadpeerScore): boolean {
  return score.endsWith('b');
}
