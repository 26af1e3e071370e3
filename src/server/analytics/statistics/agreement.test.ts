// Oracle: Gwet (2014), Handbook of Inter-Rater Reliability 4th ed., data sets as shipped in Gwet's R
// package irrCAC (cont3x3abstractors: 100 pregnancies classified by two abstractors;
// cont4x4diagnosis: 223 psychiatric patients by two diagnosis methods), with the coefficients,
// standard errors and intervals irrCAC publishes in its vignettes (reproduced by the Python port's
// test suite). irrCAC's kappa variance for an infinite population is the Fleiss–Cohen–Everitt (1969)
// one and its intervals use Student t with n − 1 df, so the t option reproduces them; Radvis'
// default interval is the normal large-sample one.
import { describe, expect, it } from 'vitest';
import { agreementWeights, confusionMatrix, gwetAC2, weightedKappa } from './agreement.ts';

const abstractors = [
  [13, 0, 0],
  [0, 20, 7],
  [0, 4, 56],
];
const diagnosis = [
  [40, 4, 4, 17],
  [6, 25, 2, 13],
  [4, 1, 21, 12],
  [15, 5, 9, 45],
];
const r3 = (x: number) => Math.round(x * 1000) / 1000;

describe('weighted kappa (Fleiss–Cohen–Everitt 1969 variance)', () => {
  it('cont3x3abstractors unweighted: κ 0.7964094, se 0.05891072, t-interval (0.68, 0.913)', () => {
    const k = weightedKappa(abstractors, 'unweighted', 0.95, 't');
    expect(Math.round(k.value * 1e7) / 1e7).toBe(0.7964094);
    expect(Math.round(k.standardError * 1e8) / 1e8).toBe(0.05891072);
    expect(r3(k.lower)).toBe(0.68);
    expect(r3(k.upper)).toBe(0.913);
  });
  it('cont3x3abstractors linear 0.843 (0.748, 0.938), quadratic 0.892 (0.822, 0.962)', () => {
    const lin = weightedKappa(abstractors, 'linear', 0.95, 't');
    expect([r3(lin.value), r3(lin.lower), r3(lin.upper)]).toEqual([0.843, 0.748, 0.938]);
    const quad = weightedKappa(abstractors, 'quadratic', 0.95, 't');
    expect([r3(quad.value), r3(quad.lower), r3(quad.upper)]).toEqual([0.892, 0.822, 0.962]);
  });
  it('cont4x4diagnosis: unweighted 0.432 se 0.046, linear 0.407 se 0.053, quadratic 0.383 se 0.066 (0.254, 0.513)', () => {
    const u = weightedKappa(diagnosis, 'unweighted', 0.95, 't');
    expect([r3(u.value), r3(u.standardError), r3(u.lower), r3(u.upper)]).toEqual([0.432, 0.046, 0.341, 0.522]);
    const l = weightedKappa(diagnosis, 'linear', 0.95, 't');
    expect([r3(l.value), r3(l.standardError), r3(l.lower), r3(l.upper)]).toEqual([0.407, 0.053, 0.302, 0.512]);
    const q = weightedKappa(diagnosis, 'quadratic', 0.95, 't');
    expect([r3(q.value), r3(q.standardError), r3(q.lower), r3(q.upper)]).toEqual([0.383, 0.066, 0.254, 0.513]);
  });
  it('the default normal interval is value ± 1.959964 · se', () => {
    const k = weightedKappa(abstractors, 'quadratic');
    expect(k.upper - k.value).toBeCloseTo(1.959964 * k.standardError, 6);
  });
});

describe("Gwet's AC2", () => {
  it('cont3x3abstractors: AC1 0.849 (0.764, 0.935), linear AC2 0.900 (0.842, 0.958), quadratic 0.940 (0.905, 0.976)', () => {
    const a1 = gwetAC2(abstractors, 'unweighted', 0.95, 't');
    expect([r3(a1.value), r3(a1.lower), r3(a1.upper)]).toEqual([0.849, 0.764, 0.935]);
    const lin = gwetAC2(abstractors, 'linear', 0.95, 't');
    expect([r3(lin.value), r3(lin.lower), r3(lin.upper)]).toEqual([0.9, 0.842, 0.958]);
    const q = gwetAC2(abstractors, 'quadratic', 0.95, 't');
    expect([r3(q.value), r3(q.lower), r3(q.upper)]).toEqual([0.94, 0.905, 0.976]);
  });
  it('cont4x4diagnosis: AC1 0.456 se 0.043, linear 0.377 se 0.056, quadratic 0.299 se 0.075 (0.150, 0.447)', () => {
    const a1 = gwetAC2(diagnosis, 'unweighted', 0.95, 't');
    expect([r3(a1.value), r3(a1.standardError), r3(a1.lower), r3(a1.upper)]).toEqual([0.456, 0.043, 0.371, 0.542]);
    const l = gwetAC2(diagnosis, 'linear', 0.95, 't');
    expect([r3(l.value), r3(l.standardError)]).toEqual([0.377, 0.056]);
    const q = gwetAC2(diagnosis, 'quadratic', 0.95, 't');
    expect([r3(q.value), r3(q.standardError), r3(q.lower), r3(q.upper)]).toEqual([0.299, 0.075, 0.15, 0.447]);
  });
});

describe('confusion matrix and weights', () => {
  it('counts pairs by category order and refuses unknown categories', () => {
    const m = confusionMatrix(
      [
        ['a', 'a'],
        ['a', 'b'],
        ['c', 'b'],
      ],
      ['a', 'b', 'c'],
    );
    expect(m).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 1, 0],
    ]);
    expect(() => confusionMatrix([['a', 'x']], ['a', 'b'])).toThrow(RangeError);
  });
  it('linear and quadratic weights for 3 categories (irrCAC linear.weights / quadratic.weights)', () => {
    expect(agreementWeights(3, 'linear')).toEqual([
      [1, 0.5, 0],
      [0.5, 1, 0.5],
      [0, 0.5, 1],
    ]);
    expect(agreementWeights(3, 'quadratic')).toEqual([
      [1, 0.75, 0],
      [0.75, 1, 0.75],
      [0, 0.75, 1],
    ]);
  });
});
