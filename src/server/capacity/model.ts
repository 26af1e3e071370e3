// The capacity model (issue 12), pure: demand projection, staff need by profession, phased
// levers, machine hours. No I/O; the service feeds it from the database and content/capacity/.
//
// Shape of the calculation (docs/capacity.md has the worked Helse Vest example):
//   exams(t, type)        = Σ_area,sex,band  use per 10,000(area, sex, band, type) × population(t, area, sex, band) / 10,000
//   demand index(t, type) = exams(t, type) / exams(base year, type)
//   hours(t, prof)        = Σ_type  base hours(type, prof) × demand index(t, type) × lever factors(t, prof, type)
//   FTE need(t, prof)     = hours(t, prof) / productive hours per FTE(prof)
//   gap(t, prof)          = FTE need(t, prof) − today's staff(prof)        (constant staff)
// Lever effects multiply (a 20 % and a 10 % reduction leave 0.8 × 0.9 = 72 %): this is how the
// Helse Vest plan's published figures come out (docs/capacity.md, "Reproducing Helse Vest").

/** The staff groups the model plans for (Norwegian: radiolog, LIS, radiograf, beskrivende radiograf). */
export const STAFF_PROFESSIONS = ['radiologist', 'lis', 'radiographer', 'reporting_radiographer'] as const;
export type StaffProfession = (typeof STAFF_PROFESSIONS)[number];
/** Professions whose minutes are reading (describing) time: the AI lever acts on these. */
export const READING_PROFESSIONS: readonly StaffProfession[] = ['radiologist', 'lis', 'reporting_radiographer'];

/** 5-year age bands by their lower limit; 90 = 90 years and older (as content/codes/population.csv). */
export const AGE_BANDS = [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90] as const;
export type Sex = 'M' | 'F';

/** A lever's effect phased in linearly: 0 % effect up to `fromYear`, full `percent` from `toYear`. */
export interface Phased {
  /** 0–100. */
  percent: number;
  fromYear: number;
  toYear: number;
}
/** A phased lever with its percent per exam type (e.g. modality) or per profession. */
export interface PhasedBy<K extends string> {
  percent: Partial<Record<K, number>>;
  fromYear: number;
  toYear: number;
}

/**
 * The levers the regional plans name (Helse Vest *Bærekraftig radiologi på Vestlandet* 2025 §2.3;
 * Helse Nord diagnostics report 2023). Each is optional; all percentages are 0–100.
 */
export interface Levers {
  /** Less overuse: fewer exams of each exam type (all professions and machine time follow). */
  overuse?: PhasedBy<string>;
  /** AI: less reading time (radiologist, LIS, reporting radiographer minutes). */
  ai?: Phased;
  /** Better equipment: less exam time (radiographer minutes and machine time). */
  equipment?: Phased;
  /** Task sharing between professions: share of radiologist minutes moved to reporting radiographers. */
  taskShift?: Phased;
  /** Task sharing out of the professions (to secretaries, assistants…): share of each profession's tasks. */
  taskOffload?: PhasedBy<StaffProfession>;
  /** A combined workload reduction per profession as a plan states it (Helse Vest: −20 % radiologists, −10 % radiographers). */
  workload?: PhasedBy<StaffProfession>;
  /** Evening shifts: more machine hours per machine (machines needed fall; staff minutes unchanged). */
  eveningShifts?: Phased;
}

/** What the staff model needs, already aggregated to the chosen area (region, trust or referral area). */
export interface StaffModelInput {
  baseYear: number;
  targetYear: number;
  /** Exam types (modalities, or one 'all' type for a plan stated top-down). */
  examTypes: string[];
  /** Exams in the base year per exam type. */
  baseExams: Record<string, number>;
  /** Demand index per exam type, one value per year baseYear..targetYear (1 at the base year). */
  demandIndex: Record<string, number[]>;
  /** Workload in the base year in hours per exam type and profession (exams × minutes / 60). */
  baseHours: Record<string, Partial<Record<StaffProfession, number>>>;
  /** Machine hours in the base year per exam type (exams × machine minutes / 60). */
  baseMachineHours: Record<string, number>;
  /** Productive hours per FTE and year, per profession. */
  hoursPerFte: Record<StaffProfession, number>;
  /** Today's staff in FTE per profession (held constant for the gap). */
  staff: Record<StaffProfession, number>;
  /** Open machine hours per machine and year per exam type (before evening shifts). */
  machineHoursPerMachine: Record<string, number>;
  /** Machines today per exam type. */
  machines: Record<string, number>;
}

export interface YearResult {
  year: number;
  /** Exams per exam type after overuse reduction. */
  exams: Record<string, number>;
  /** FTE needed per profession. */
  need: Record<StaffProfession, number>;
  /** need − staff per profession (positive = shortage). */
  gap: Record<StaffProfession, number>;
  /** Machines needed per exam type (machine hours / hours per machine incl. evening shifts). */
  machinesNeeded: Record<string, number>;
  /** Total staff hours relative to the base year without levers (1.27 = 27 % more capacity needed). */
  capacityIndex: number;
}

export interface StaffModelResult {
  years: YearResult[];
  baseNeed: Record<StaffProfession, number>;
}

/** Share (0–1) of a phased lever in effect in `year`: linear from fromYear (0) to toYear (1). */
export function phaseShare(year: number, fromYear: number, toYear: number): number {
  if (year <= fromYear) return year >= toYear ? 1 : 0;
  if (year >= toYear) return 1;
  return (year - fromYear) / (toYear - fromYear);
}

function effect(l: Phased | undefined, year: number): number {
  return l ? (l.percent / 100) * phaseShare(year, l.fromYear, l.toYear) : 0;
}
function effectBy<K extends string>(l: PhasedBy<K> | undefined, key: K, year: number): number {
  const p = l?.percent[key];
  return l && p ? (p / 100) * phaseShare(year, l.fromYear, l.toYear) : 0;
}

function zeroByProfession(): Record<StaffProfession, number> {
  return { radiologist: 0, lis: 0, radiographer: 0, reporting_radiographer: 0 };
}

/**
 * Staff and machine need per year from base-year workload, demand index and levers.
 * Units: hours per year, FTE, machines. Pure; throws nothing (inputs are validated at the edge).
 * Source of the method: the Helse Vest plan's staffing model (need grows with activity, measures
 * reduce the workload per profession; *Bærekraftig radiologi på Vestlandet* 2025 §1.4.2 and §2.3).
 */
export function computeStaffNeed(input: StaffModelInput, levers: Levers = {}): StaffModelResult {
  const years: YearResult[] = [];
  let baseTotalHours = 0;
  for (const type of input.examTypes) for (const p of STAFF_PROFESSIONS) baseTotalHours += input.baseHours[type]?.[p] ?? 0;
  const baseNeed = zeroByProfession();
  for (const p of STAFF_PROFESSIONS) {
    let h = 0;
    for (const type of input.examTypes) h += input.baseHours[type]?.[p] ?? 0;
    baseNeed[p] = input.hoursPerFte[p] > 0 ? h / input.hoursPerFte[p] : 0;
  }
  for (let year = input.baseYear, i = 0; year <= input.targetYear; year++, i++) {
    const ai = effect(levers.ai, year);
    const equipment = effect(levers.equipment, year);
    const shift = effect(levers.taskShift, year);
    const evening = effect(levers.eveningShifts, year);
    const hours = zeroByProfession();
    const exams: Record<string, number> = {};
    const machinesNeeded: Record<string, number> = {};
    let rawHours = 0;
    for (const type of input.examTypes) {
      const index = input.demandIndex[type]?.[i] ?? 1;
      const volume = 1 - effectBy(levers.overuse, type, year);
      exams[type] = (input.baseExams[type] ?? 0) * index * volume;
      const h = input.baseHours[type] ?? {};
      for (const p of STAFF_PROFESSIONS) {
        const base = (h[p] ?? 0) * index;
        rawHours += base;
        let f = volume;
        if (READING_PROFESSIONS.includes(p)) f *= 1 - ai;
        if (p === 'radiographer') f *= 1 - equipment;
        let v = base * f;
        if (p === 'radiologist' && shift > 0) {
          hours.reporting_radiographer += v * shift;
          v *= 1 - shift;
        }
        hours[p] += v;
      }
      const perMachine = (input.machineHoursPerMachine[type] ?? 0) * (1 + evening);
      const mh = (input.baseMachineHours[type] ?? 0) * index * volume * (1 - equipment);
      machinesNeeded[type] = perMachine > 0 ? mh / perMachine : 0;
    }
    const need = zeroByProfession();
    const gap = zeroByProfession();
    for (const p of STAFF_PROFESSIONS) {
      const f = (1 - effectBy(levers.workload, p, year)) * (1 - effectBy(levers.taskOffload, p, year));
      need[p] = input.hoursPerFte[p] > 0 ? (hours[p] * f) / input.hoursPerFte[p] : 0;
      gap[p] = need[p] - (input.staff[p] ?? 0);
    }
    years.push({ year, exams, need, gap, machinesNeeded, capacityIndex: baseTotalHours > 0 ? rawHours / baseTotalHours : 1 });
  }
  return { years, baseNeed };
}

/** A stated growth path: `growthPercent` more by `byYear` than at `baseYear`, compounded evenly per year. */
export function statedGrowthIndex(baseYear: number, targetYear: number, growthPercent: number, byYear: number): number[] {
  const perYear = Math.pow(1 + growthPercent / 100, 1 / Math.max(1, byYear - baseYear));
  const out: number[] = [];
  for (let y = baseYear; y <= targetYear; y++) out.push(Math.pow(perYear, y - baseYear));
  return out;
}

// ---------------------------------------------------------------- demand projection

/** Use in the base year: exams per 10,000 inhabitants in one stratum. */
export interface UseRate {
  areaId: string;
  sex: Sex;
  ageFrom: number;
  examType: string;
  per10000: number;
}
/** Projected population in one stratum (SSB's projection, or the shipped synthetic one). */
export interface PopulationCell {
  areaId: string;
  year: number;
  sex: Sex;
  ageFrom: number;
  population: number;
}

/** A population projection indexed for fast lookup: area → year → stratum (sex × band) → persons. */
export interface ProjectionIndex {
  years: number[];
  byArea: Map<string, Map<number, Float64Array>>;
}

const BAND_COUNT = AGE_BANDS.length;
function stratum(sex: Sex, ageFrom: number): number {
  return (sex === 'M' ? 0 : BAND_COUNT) + Math.min(BAND_COUNT - 1, Math.floor(ageFrom / 5));
}

/** Indexes projection cells (once per projection; the lever loop reuses it). */
export function indexProjection(cells: readonly PopulationCell[]): ProjectionIndex {
  const byArea = new Map<string, Map<number, Float64Array>>();
  const years = new Set<number>();
  for (const c of cells) {
    years.add(c.year);
    let a = byArea.get(c.areaId);
    if (!a) byArea.set(c.areaId, (a = new Map()));
    let y = a.get(c.year);
    if (!y) a.set(c.year, (y = new Float64Array(2 * BAND_COUNT)));
    y[stratum(c.sex, c.ageFrom)] += c.population;
  }
  return { years: [...years].sort((x, y) => x - y), byArea };
}

/**
 * Projected exams per exam type and year for the given areas: base-year use per 10,000 by area ×
 * sex × age band × exam type applied to the projected population (the method of SSB-based demand
 * projections, e.g. Helse Vest's use of *Nasjonale befolkningsframskrivinger 2024*, MMMM). A year
 * between two projection years is interpolated linearly; outside the projection, the nearest year.
 * Returns { [examType]: exams per year baseYear..targetYear }.
 */
export function projectExams(
  rates: readonly UseRate[],
  projection: ProjectionIndex,
  areaIds: ReadonlySet<string>,
  baseYear: number,
  targetYear: number,
): Record<string, number[]> {
  const n = targetYear - baseYear + 1;
  const out: Record<string, number[]> = {};
  // Each model year reads the projection years around it, interpolated linearly (SSB publishes
  // every year; a file with 5-year steps still works). Outside the projection: the nearest year.
  const py = projection.years;
  const weights = Array.from({ length: n }, (_, i) => {
    const y = baseYear + i;
    if (py.length === 0) return { y0: y, y1: y, w: 0 };
    if (y <= py[0]) return { y0: py[0], y1: py[0], w: 0 };
    if (y >= py[py.length - 1]) return { y0: py[py.length - 1], y1: py[py.length - 1], w: 0 };
    let k = 0;
    while (py[k + 1] < y) k++;
    if (py[k + 1] === y) return { y0: y, y1: y, w: 0 };
    return { y0: py[k], y1: py[k + 1], w: (y - py[k]) / (py[k + 1] - py[k]) };
  });
  for (const r of rates) {
    if (!areaIds.has(r.areaId)) continue;
    const area = projection.byArea.get(r.areaId);
    if (!area) continue;
    const s = stratum(r.sex, r.ageFrom);
    const series = (out[r.examType] ??= new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      const { y0, y1, w } = weights[i];
      const p0 = area.get(y0)?.[s] ?? 0;
      const pop = w === 0 ? p0 : p0 * (1 - w) + (area.get(y1)?.[s] ?? 0) * w;
      series[i] += (r.per10000 * pop) / 10000;
    }
  }
  return out;
}

/** Demand index per exam type (exams(t) / exams(base year)); a type with no base exams stays 1. */
export function demandIndexOf(exams: Record<string, number[]>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [type, s] of Object.entries(exams)) out[type] = s.map((v) => (s[0] > 0 ? v / s[0] : 1));
  return out;
}
