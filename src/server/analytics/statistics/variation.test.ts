import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, expectedCount, extremalQuotients, systematicComponentOfVariation } from './variation.ts';

// R package sava, data set TURP (61 Swiss hospital service areas): observed (oi) and expected (ei)
// counts as shipped in sava's data/TURP.RData; published SCV (Diehr form, unscaled) = 0.08672256.
const TURP_OI = [
  64, 325, 302, 88, 145, 775, 163, 103, 197, 77, 93, 673, 264, 444, 24, 134, 23, 44, 204, 59, 50, 65, 55, 37, 13, 493, 26, 58, 69, 43, 74, 97, 151, 71, 138,
  192, 215, 79, 64, 207, 32, 290, 85, 119, 54, 43, 173, 342, 90, 100, 304, 180, 125, 70, 236, 116, 95, 179, 172, 322, 170,
];
const TURP_EI = [
  61.779424782407226, 278.7091209969419, 250.76319058166888, 93.83104456782195, 89.6303862242759, 712.7239776779992, 212.76200378013948, 107.88352623964012,
  210.48854253279146, 87.12241745386727, 136.10220902389597, 591.6341066571241, 243.62782584634536, 498.24962098410094, 50.895252292610074, 201.8260187604776,
  44.81529019980775, 92.77178573017491, 286.6841336244583, 85.78568795246684, 71.75218290054696, 141.68415658292037, 61.90605987604495, 61.94920331324737,
  39.35963940687879, 381.45358509652266, 41.244136356914176, 52.42707717325168, 74.18561909299464, 46.35474417769082, 113.29378942613165, 117.74594309738364,
  170.54429492628532, 74.77931889853124, 108.07481892892858, 136.65466017491383, 145.94614018395342, 104.64482237210912, 115.78097306390744, 268.59126219311065,
  48.317487076318514, 432.4018722330372, 90.85739689212413, 114.91454062390417, 85.87918728620363, 63.98719099816667, 104.16553760551504, 245.8478512697758,
  96.95966777029578, 135.92109734462457, 264.0781148931031, 152.75816203306474, 117.6922723172919, 58.93661195762069, 149.72459758025312, 94.95870003183477,
  89.89544311880816, 126.38953736475767, 136.53257593096095, 254.11546186451642, 164.20870065654051,
];

describe('systematic component of variation', () => {
  it('reproduces sava SCV on TURP: 0.08672256 (8.67 on SKDE scale)', () => {
    const scv = systematicComponentOfVariation(TURP_OI, TURP_EI)!;
    expect(Math.round(scv * 1e8) / 1e8).toBe(0.08672256);
    expect(Math.round(scv * 10000) / 100).toBe(8.67);
  });
  it('is null when observed equals expected (negative estimate) or an expected count is 0', () => {
    expect(systematicComponentOfVariation([10, 20], [10, 20])).toBeNull();
    expect(systematicComponentOfVariation([10, 20], [0, 20])).toBeNull();
  });
  it('expected counts from national stratum rates', () => {
    expect(expectedCount([100, 200], [0.01, 0.02])).toBeCloseTo(5, 12);
  });
});

describe('extremal quotients and CV (SKDE definitions)', () => {
  it('max/min, 2nd/2nd and 3rd/3rd leave nothing else in', () => {
    const q = extremalQuotients([100, 150, 120, 300, 200, 90]);
    expect(q.eq1).toBeCloseTo(300 / 90, 12);
    expect(q.eq2).toBeCloseTo(200 / 100, 12);
    expect(q.eq3).toBeCloseTo(150 / 120, 12);
    expect(extremalQuotients([1, 2, 3, 4]).eq3).toBeNull();
  });
  it('CV uses the n − 1 standard deviation', () => {
    // mean 5, sample sd of 2,4,4,4,5,5,7,9 = 2.138090 → CV 42.7618 %
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])!).toBeCloseTo(42.7618, 4);
    expect(coefficientOfVariation([5])).toBeNull();
  });
});
