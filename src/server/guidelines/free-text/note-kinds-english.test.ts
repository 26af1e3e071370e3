// English wordings a Norwegian record system's integrator may send (interop case kind 10: an
// English note on an order-select), found by the interop16 variants: "never" as a negation word,
// "knee locked", "No X-ray yet". Each with the reading that must happen and the one that must not.
import { describe, expect, it } from 'vitest';
import { read } from './note-kinds.testkit.ts';

describe('English notes', () => {
  it('"never" negates what follows, as "aldri" does', () => {
    // (opposite before: "Has never had seizures" was read as a seizure)
    expect(read('Fell off a bike, GCS 15. Has never had seizures.', 'hodeskade')).toMatchObject({ seizure: false });
    expect(read('The knee has never locked.', 'kne')).toMatchObject({ knee_locking: false });
    expect(read('Twisting injury 2 days ago, knee locked and unable to fully extend.', 'kne')).toMatchObject({ knee_locking: true, trauma: true });
  });

  it('"never had a headache like this / this bad" is a new or worst headache, never "no headache"', () => {
    expect(read('Never had headaches before, new headache for 3 weeks.', 'hodepine')).toMatchObject({ headache_pattern_change: true });
    expect(read('Never had a headache like this.', 'hodepine')).toMatchObject({ headache_pattern_change: true });
    expect(read('She has never had a headache this bad.', 'hodepine')).toMatchObject({ thunderclap: true });
    expect(read('She has never had a headache this bad.', 'hodepine').headache).not.toBe(false);
    // the Norwegian reading it mirrors stays
    expect(read('Aldri hatt hodepine før.', 'hodepine')).toMatchObject({ headache_pattern_change: true });
  });

  it('"No X-ray yet" and "no X-rays" say no X-ray was taken', () => {
    expect(read('65 year old with knee pain for 6 months, crepitus, suspected osteoarthritis. No X-ray yet.', 'kne')).toMatchObject({
      prior_xray: false,
      suspected_osteoarthritis: true,
    });
    expect(read('No X-rays taken so far.', 'kne')).toMatchObject({ prior_xray: false });
    expect(read('X-ray 2 weeks ago showed moderate osteoarthritis.', 'kne').prior_xray).not.toBe(false);
  });
});
