// The capacity domain's planning data in content/capacity/ (versioned in git, each value with its
// source or marked "to be validated"): minutes per exam type, productive hours per FTE, equipment
// lifetimes and costs, the Helse Vest plan scenario, the Helse Nord on-call case, and the
// synthetic population projection. Read once per process and cached.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { STAFF_PROFESSIONS, type Levers, type PopulationCell, type StaffProfession } from './model.ts';
import type { OnCallItem } from './on-call.ts';
import { parseProjectionCsv } from './projection-csv.ts';

export const CAPACITY_CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content/capacity');

function csvRows(file: string): Record<string, string>[] {
  const [head, ...lines] = fs.readFileSync(path.join(CAPACITY_CONTENT_DIR, file), 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => {
    // The last column (source) may contain commas: split only the leading columns.
    const parts = l.split(',');
    const row: Record<string, string> = {};
    cols.forEach((c, i) => (row[c] = i === cols.length - 1 ? parts.slice(i).join(',') : parts[i]));
    return row;
  });
}

export interface ExamMinutes {
  examType: string;
  minutes: Record<StaffProfession, number>;
  machine: number;
  source: string;
}
export interface EquipmentDefault {
  kind: string;
  lifetimeYears: number;
  replacementCostNok: number;
  openHoursPerYear: number;
  source: string;
}
export interface PlanPreset {
  id: string;
  name: string;
  region: string;
  baseYear: number;
  targetYear: number;
  demand: { statedGrowthPercent: number; byYear: number };
  staff: Partial<Record<StaffProfession, number>>;
  levers: Levers;
  published: {
    capacityGrowthPercent: number;
    gapConstantStaff: Partial<Record<StaffProfession, number>>;
    needWithMeasures: Partial<Record<StaffProfession, number>>;
  };
}
export interface OnCallCase {
  name: string;
  costPerFteNok: number;
  items: OnCallItem[];
}

let cache: {
  minutes: ExamMinutes[];
  hoursPerFte: Record<StaffProfession, number>;
  hoursSource: Record<StaffProfession, string>;
  equipment: EquipmentDefault[];
} | null = null;

/** Default minutes per exam type, hours per FTE and equipment data (content/capacity/*.csv). */
export function capacityDefaults() {
  if (cache) return cache;
  const minutes = csvRows('exam-minutes.csv').map((r) => ({
    examType: r.exam_type,
    minutes: Object.fromEntries(STAFF_PROFESSIONS.map((p) => [p, Number(r[p])])) as Record<StaffProfession, number>,
    machine: Number(r.machine),
    source: r.source,
  }));
  const staffing = csvRows('staffing.csv');
  const hoursPerFte = Object.fromEntries(staffing.map((r) => [r.profession, Number(r.productive_hours_per_fte)])) as Record<StaffProfession, number>;
  const hoursSource = Object.fromEntries(staffing.map((r) => [r.profession, r.source])) as Record<StaffProfession, string>;
  const equipment = csvRows('equipment.csv').map((r) => ({
    kind: r.kind,
    lifetimeYears: Number(r.lifetime_years),
    replacementCostNok: Number(r.replacement_cost_nok),
    openHoursPerYear: Number(r.open_hours_per_year),
    source: r.source,
  }));
  cache = { minutes, hoursPerFte, hoursSource, equipment };
  return cache;
}

/** The Helse Vest plan scenario with its stated inputs and published figures. */
export function helseVestPreset(): PlanPreset {
  return parseYaml(fs.readFileSync(path.join(CAPACITY_CONTENT_DIR, 'helse-vest-2040.yaml'), 'utf8')) as PlanPreset;
}

/** Helse Nord's costed on-call change. */
export function helseNordOnCall(): OnCallCase {
  return parseYaml(fs.readFileSync(path.join(CAPACITY_CONTENT_DIR, 'helse-nord-on-call.yaml'), 'utf8')) as OnCallCase;
}

let synthetic: PopulationCell[] | null = null;
/**
 * The shipped SYNTHETIC projection (content/capacity/synthetic-projection.csv, not SSB's figures),
 * parsed with the same importer as a real SSB file. `resolveRegion` maps region cells to area ids.
 */
export function syntheticProjection(resolveRegion: (region: string) => string | undefined): PopulationCell[] {
  synthetic ??= parseProjectionCsv(fs.readFileSync(path.join(CAPACITY_CONTENT_DIR, 'synthetic-projection.csv'), 'utf8'), resolveRegion).cells;
  return synthetic;
}
