// Standard populations for direct standardization by sex × 5-year age band (age_from 0 … 90 = 90+).

/**
 * European Standard Population 2013 (Eurostat, "Revision of the European Standard Population",
 * 2013), 19 bands 0–4 … 90+, the same for both sexes. Used by PHE; offered as an alternative.
 */
export const ESP2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000] as const;

export type StandardName = 'norway' | 'esp2013';

/** A standard population: weight by `${sex}:${ageFrom}` (not normalized). */
export type StandardPopulation = Map<string, number>;

export const stratumKey = (sex: string, ageFrom: number) => `${sex}:${ageFrom}`;

/** The year Helseatlas standardizes to (Norway's population in 2020). */
export const NORWAY_STANDARD_YEAR = 2020;

/**
 * Norway's population by sex and band as the standard (Helseatlas: Norway 2020), summed over all
 * referral areas for the year nearest to 2020 that the population table has.
 */
export function norwayStandard(population: readonly { year: number; sex: string; ageFrom: number; population: number }[]): StandardPopulation {
  const years = [...new Set(population.map((p) => p.year))];
  if (years.length === 0) return new Map();
  const year = years.sort((a, b) => Math.abs(a - NORWAY_STANDARD_YEAR) - Math.abs(b - NORWAY_STANDARD_YEAR) || a - b)[0];
  const m: StandardPopulation = new Map();
  for (const p of population) if (p.year === year) m.set(stratumKey(p.sex, p.ageFrom), (m.get(stratumKey(p.sex, p.ageFrom)) ?? 0) + p.population);
  return m;
}

/** ESP 2013 as a sex × band standard (each sex gets the band's weight). */
export function esp2013Standard(): StandardPopulation {
  const m: StandardPopulation = new Map();
  ESP2013.forEach((w, i) => {
    m.set(stratumKey('M', i * 5), w);
    m.set(stratumKey('F', i * 5), w);
  });
  return m;
}
