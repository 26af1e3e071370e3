// Crude and directly standardized rates (Helseatlas' measure: exams per 10,000 inhabitants by the
// patient's hospital referral area, directly age- and sex-standardized).
//
// Notation: stratum g (5-year age band × sex), events d_g, population n_g, standard population N_g,
// weight w_g = N_g / Σ N, multiplier k.
//   crude rate          CR  = k · Σ d_g / Σ n_g
//   standardized rate   DSR = k · Σ w_g · d_g / n_g                          (direct method)
//   variance            V   = k² · Σ w_g² · d_g / n_g²                       (Poisson counts)
// Sources: Breslow & Day (1987) ch. 2; Fay & Feuer (1997), Stat Med 16:791–801; R epitools
// `ageadjust.direct`; Public Health England `calculate_dsr` (PHEindicatormethods).

/** One stratum of an area: events and population, and the standard population of the stratum. */
export interface Stratum {
  events: number;
  population: number;
  standard: number;
}

/** Crude rate k · Σd / Σn; null when the population is zero. */
export function crudeRate(events: number, population: number, multiplier = 10_000): number | null {
  if (!(population > 0)) return null;
  if (events < 0) throw new RangeError('events must be ≥ 0');
  return (multiplier * events) / population;
}

export interface StandardizedRate {
  /** Σ d_g: the events behind the rate. */
  events: number;
  /** Σ n_g. */
  population: number;
  crude: number | null;
  /** Directly standardized rate per `multiplier`. */
  rate: number;
  /** Variance of the rate, on the multiplier's scale (k² · Σ w² d / n²). */
  variance: number;
  /** max_g w_g / n_g · k, the Fay–Feuer correction term for the upper limit. */
  maxWeightPerPerson: number;
}

/**
 * Directly standardized rate over strata (Breslow & Day 1987; as epitools `ageadjust.direct` and
 * PHE `calculate_dsr`). The weights are the strata's standard populations normalized to sum 1.
 * Strata with zero population contribute nothing (their events must also be zero).
 * Throws RangeError for negative inputs, events without population, or an empty standard.
 */
export function directlyStandardizedRate(strata: readonly Stratum[], multiplier = 10_000): StandardizedRate {
  const totalStandard = strata.reduce((s, g) => s + g.standard, 0);
  if (!(totalStandard > 0)) throw new RangeError('the standard population is empty');
  let events = 0;
  let population = 0;
  let rate = 0;
  let variance = 0;
  let wm = 0;
  for (const g of strata) {
    if (g.events < 0 || g.population < 0 || g.standard < 0) throw new RangeError('negative stratum value');
    events += g.events;
    population += g.population;
    if (g.population === 0) {
      if (g.events > 0) throw new RangeError('events in a stratum without population');
      continue;
    }
    const w = g.standard / totalStandard;
    rate += (w * g.events) / g.population;
    variance += (w * w * g.events) / (g.population * g.population);
    wm = Math.max(wm, w / g.population);
  }
  return {
    events,
    population,
    crude: crudeRate(events, population, multiplier),
    rate: rate * multiplier,
    variance: variance * multiplier * multiplier,
    maxWeightPerPerson: wm * multiplier,
  };
}
