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
  const year = norwayStandardYear(population);
  if (year === null) return new Map();
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

/**
 * The year of the population table the Norway standard is taken from: the year nearest 2020
 * (NORWAY_STANDARD_YEAR) that the table has, the earlier on a tie; null for an empty table.
 */
export function norwayStandardYear(population: readonly { year: number }[]): number | null {
  const years = [...new Set(population.map((p) => p.year))];
  if (years.length === 0) return null;
  return years.sort((a, b) => Math.abs(a - NORWAY_STANDARD_YEAR) - Math.abs(b - NORWAY_STANDARD_YEAR) || a - b)[0];
}

/**
 * Whether every area's population (of the year the table has nearest `year`) is distributed over
 * the sex × band strata like the standard, each stratum's share within `tolerance` (default 0.1
 * percentage point, the precision of the packaged national profile, content/codes/README.md). Then
 * direct standardization cannot change a rate — Σ w_g d_g / n_g = Σ d_g / Σ n when n_g ∝ w_g — and
 * the adjusted rate equals the crude one by construction, not by a fault (docs/analytics.md). False
 * for an empty table or standard.
 */
export function areasHaveStandardStructure(
  population: readonly { areaId: string; year: number; sex: string; ageFrom: number; population: number }[],
  standard: StandardPopulation,
  year: number,
  tolerance = 0.001,
): boolean {
  const years = [...new Set(population.map((p) => p.year))];
  const standardTotal = [...standard.values()].reduce((s, n) => s + n, 0);
  if (years.length === 0 || !(standardTotal > 0)) return false;
  const nearest = years.sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b)[0];
  const byArea = new Map<string, Map<string, number>>();
  for (const p of population) {
    if (p.year !== nearest) continue;
    const m = byArea.get(p.areaId) ?? new Map<string, number>();
    m.set(stratumKey(p.sex, p.ageFrom), (m.get(stratumKey(p.sex, p.ageFrom)) ?? 0) + p.population);
    byArea.set(p.areaId, m);
  }
  for (const strata of byArea.values()) {
    const total = [...strata.values()].reduce((s, n) => s + n, 0);
    if (!(total > 0)) continue;
    for (const [key, n] of standard) if (Math.abs((strata.get(key) ?? 0) / total - n / standardTotal) > tolerance) return false;
    for (const key of strata.keys()) if (!standard.has(key) && (strata.get(key) ?? 0) > 0) return false;
  }
  return byArea.size > 0;
}
