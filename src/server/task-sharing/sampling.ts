// Which radiographer assessments are assessed again, blind, by a radiologist (quality of task
// sharing, oppgavedeling). The choice must not depend on the referral's content, the assessor or
// the time (unbiased) and must give the same answer when asked again (reproducible): a hash of
// the referral id, read as a number uniformly spread over [0, 1), is compared with the share.
import { createHash } from 'node:crypto';

/** The default share of radiographers' assessments sampled when a department has set none (percent). */
export const DEFAULT_SAMPLE_PERCENT = 10;

/**
 * The referral's position in [0, 1): the first 48 bits of SHA-256(referral id) divided by 2^48.
 * SHA-256 (FIPS 180-4) output is uniform for practical purposes, so the positions of many
 * referrals are spread evenly and independent of anything else about them.
 */
export function samplePosition(referralId: string): number {
  return parseInt(createHash('sha256').update(referralId, 'utf8').digest('hex').slice(0, 12), 16) / 2 ** 48;
}

/**
 * Whether the referral falls in a `percent` % sample (0–100; 0 → never, 100 → always). Throws a
 * RangeError outside 0–100.
 */
export function isSampled(referralId: string, percent: number): boolean {
  if (!(percent >= 0 && percent <= 100)) throw new RangeError('the share must be between 0 and 100 percent');
  return samplePosition(referralId) < percent / 100;
}
