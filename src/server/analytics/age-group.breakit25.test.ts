// breakit25 (outside tester): issue 10 "Bad input: invalid filters → 400 naming the filter". The age
// group filter takes 5-year band limits, but its upper limit is only checked for being a band end:
// "0-999" (ages up to 999) and "50-149" are accepted and quietly read as "0+" and "50+"
// (GET /api/analytics/rates?ageGroup=0-999 → 200 with every age on the demo). An age above the
// top band (90+) given as a range cannot be honoured either: "90-94" silently includes everyone
// aged 95 and over. Expected: a 400 naming ageGroup for an upper limit past the last closed band
// (89), as for any other limit that is not a band limit.
import { describe, expect, it } from 'vitest';
import { parseAgeGroup } from './filters.ts';

describe('breakit25: an age group beyond the bands is refused', () => {
  it.each(['0-999', '50-149', '90-94', '85-199'])('%s → Invalid naming ageGroup', (text) => {
    expect(() => parseAgeGroup(text)).toThrow(/ageGroup/);
  });
  it('the band limits still parse', () => {
    expect(parseAgeGroup('50-69')).toEqual({ ageFrom: 50, ageTo: 65 });
    expect(parseAgeGroup('80+')).toEqual({ ageFrom: 80, ageTo: 90 });
  });
});
