// Warming the advice engine with a guideline pack's own test cases (the start-up self-test). The
// pack in effect comes from the app's guideline catalogue (guidelines/catalogue.ts).
import { advise } from '../guidelines/advise.ts';
import type { GuidelinePack } from '../guidelines/types.ts';

/**
 * Runs every topic's own test cases through the engine and the free-text reader a number of
 * times, so that the first referrals after a start are not the ones that pay for compiling the
 * hot code (a cold server answered its first CDS calls in 150–300 ms). Pure; results are not
 * checked here — the test suite checks them.
 */
export function exerciseGuidelinePack(p: GuidelinePack, rounds = 100): number {
  const now = new Date();
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    for (const topic of p.topics) {
      for (const tc of topic.tests) {
        advise(
          p,
          {
            examCode: tc.input.exam_code,
            patient: { ageYears: tc.input.age, sex: tc.input.sex },
            referrerKind: tc.input.referrer_kind,
            indication: tc.input.indication,
            facts: tc.input.facts ?? {},
            text: tc.input.text,
          },
          { now },
        );
        n++;
      }
    }
  }
  return n;
}
