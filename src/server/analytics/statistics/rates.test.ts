// Oracle tests: published worked examples (inputs and outputs) from R epitools, R sava and
// Public Health England's PHEindicatormethods, reproduced to the precision they were published at.
// The numbers are copied into docs/analytics.md as well.
import { describe, expect, it } from 'vitest';
import { dobsonInterval, gammaInterval, isSuppressed, rateInterval } from './confidence-intervals.ts';
import { crudeRate, directlyStandardizedRate } from './rates.ts';

const strata = (events: number[], population: number[], standard: number[]) =>
  events.map((e, g) => ({ events: e, population: population[g], standard: standard[g] }));
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

describe('R epitools ageadjust.direct: Down syndrome by birth order (Fleiss 1981), per 100,000', () => {
  // Rows = maternal age bands Under 20, 20-24, 25-29, 30-34, 35-39, 40+.
  const population = [
    [230061, 329449, 114920, 39487, 14208, 3052],
    [72202, 326701, 208667, 83228, 28466, 5375],
    [15050, 175702, 207081, 117300, 45026, 8660],
    [2293, 68800, 132424, 98301, 46075, 9834],
    [327, 30666, 123419, 149919, 104088, 34392],
  ];
  const counts = [
    [107, 141, 60, 40, 39, 25],
    [25, 150, 110, 84, 82, 39],
    [3, 71, 114, 103, 108, 75],
    [1, 26, 64, 89, 137, 96],
    [0, 8, 63, 112, 262, 295],
  ];
  // Standard = the mean population over birth orders of each age band.
  const standard = population[0].map((_, g) => population.reduce((s, p) => s + p[g], 0) / population.length);
  const published = [
    { crude: 56.3, adjusted: 92.3, lower: 80.4, upper: 105.8 },
    { crude: 67.6, adjusted: 91.2, lower: 82.4, upper: 100.9 },
    { crude: 83.3, adjusted: 85.1, lower: 77.2, upper: 94.2 },
    { crude: 115.5, adjusted: 92.7, lower: 80.0, upper: 114.7 },
    { crude: 167.1, adjusted: 75.5, lower: 67.7, upper: 188.3 },
  ];
  published.forEach((want, i) => {
    it(`birth order ${i + 1}`, () => {
      const r = directlyStandardizedRate(strata(counts[i], population[i], standard), 100_000);
      const ci = gammaInterval(r);
      expect(round(r.crude!, 1)).toBe(want.crude);
      expect(round(r.rate, 1)).toBe(want.adjusted);
      expect(round(ci.lower, 1)).toBe(want.lower);
      expect(round(ci.upper, 1)).toBe(want.upper);
    });
  });
});

describe('R sava DSR vignette', () => {
  it('DSR = 7.552625 per 10,000 with gamma 95 % CI 6.770004 – 18.835611', () => {
    const r = directlyStandardizedRate(
      strata([0, 8, 63, 112, 262, 295], [327, 30666, 123419, 149919, 104088, 34392], [0.1133, 0.3296, 0.2784, 0.1728, 0.0842, 0.0217]),
      10_000,
    );
    const ci = rateInterval(r, 'gamma')!;
    expect(round(r.rate, 6)).toBe(7.552625);
    expect(round(ci.lower, 6)).toBe(6.770004);
    expect(round(ci.upper, 6)).toBe(18.835611);
  });
});

describe('PHE calculate_dsr (PHEindicatormethods test data), European Standard Population 2013, per 100,000', () => {
  const esp2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000];
  const pop = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207];
  it('"big" series: O = 895, DSR 10430.248, 95 % 9717.709 – 11178.941, 99.8 % 9323.288 – 11620.596 (Dobson)', () => {
    const big = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91];
    const r = directlyStandardizedRate(strata(big, pop, esp2013), 100_000);
    expect(r.events).toBe(895);
    expect(round(r.rate, 3)).toBe(10430.248);
    const ci95 = dobsonInterval(r, 0.95);
    expect(round(ci95.lower, 3)).toBe(9717.709);
    expect(round(ci95.upper, 3)).toBe(11178.941);
    const ci998 = dobsonInterval(r, 0.998);
    expect(round(ci998.lower, 3)).toBe(9323.288);
    expect(round(ci998.upper, 3)).toBe(11620.596);
  });
  it('"small" series: O = 91, DSR 1103.212 (877.456 – 1367.088)', () => {
    const small = [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4];
    const r = directlyStandardizedRate(strata(small, pop, esp2013), 100_000);
    expect(r.events).toBe(91);
    expect(round(r.rate, 3)).toBe(1103.212);
    const ci = rateInterval(r, 'dobson')!;
    expect(round(ci.lower, 3)).toBe(877.456);
    expect(round(ci.upper, 3)).toBe(1367.088);
  });
  it('a series with 9 events in total is suppressed; 10 is shown', () => {
    expect(isSuppressed(9)).toBe(true);
    expect(isSuppressed(10)).toBe(false);
  });
});

describe('input checks', () => {
  it('crude rate of an empty population is null; negative counts throw', () => {
    expect(crudeRate(5, 0)).toBeNull();
    expect(crudeRate(5, 10_000)).toBe(5);
    expect(() => directlyStandardizedRate([{ events: -1, population: 10, standard: 1 }])).toThrow(RangeError);
    expect(() => directlyStandardizedRate([{ events: 1, population: 0, standard: 1 }])).toThrow(RangeError);
    expect(() => directlyStandardizedRate([{ events: 1, population: 10, standard: 0 }])).toThrow(RangeError);
  });
  it('a rate with no events has a gamma interval from 0 and no Dobson interval', () => {
    const r = directlyStandardizedRate([{ events: 0, population: 1000, standard: 1 }]);
    expect(gammaInterval(r).lower).toBe(0);
    expect(gammaInterval(r).upper).toBeGreaterThan(0);
    expect(rateInterval(r, 'dobson')).toBeNull();
  });
});
