// Builds the staff model's input (model.ts) in the two ways plans are stated:
// - top-down, as the Helse Vest plan: today's FTE per profession and a stated demand growth;
// - bottom-up, from Radvis' own data: projected exams per exam type × minutes per exam.
import { statedGrowthIndex, STAFF_PROFESSIONS, demandIndexOf, type StaffModelInput, type StaffProfession } from './model.ts';
import type { ExamMinutes } from './content.ts';

/** The one exam type of a top-down plan (no exam mix is known). */
export const ALL_EXAMS = 'all';

/**
 * Top-down input: workload in the base year = today's FTE × productive hours, growing by a stated
 * percentage by a stated year (compounded evenly). Used for plans that publish growth and FTE but
 * no exam mix (Helse Vest: +27 % by 2040). Staff held constant = today's FTE.
 */
export function topDownInput(p: {
  baseYear: number;
  targetYear: number;
  growthPercent: number;
  byYear: number;
  staff: Partial<Record<StaffProfession, number>>;
  hoursPerFte: Record<StaffProfession, number>;
}): StaffModelInput {
  const hours: Partial<Record<StaffProfession, number>> = {};
  const staff = { radiologist: 0, lis: 0, radiographer: 0, reporting_radiographer: 0 };
  for (const prof of STAFF_PROFESSIONS) {
    staff[prof] = p.staff[prof] ?? 0;
    hours[prof] = staff[prof] * p.hoursPerFte[prof];
  }
  return {
    baseYear: p.baseYear,
    targetYear: p.targetYear,
    examTypes: [ALL_EXAMS],
    baseExams: { [ALL_EXAMS]: 0 },
    demandIndex: { [ALL_EXAMS]: statedGrowthIndex(p.baseYear, p.targetYear, p.growthPercent, p.byYear) },
    baseHours: { [ALL_EXAMS]: hours },
    baseMachineHours: {},
    hoursPerFte: p.hoursPerFte,
    staff,
    machineHoursPerMachine: {},
    machines: {},
  };
}

/**
 * Bottom-up input: projected exams per exam type and year (from projectExams), minutes per exam
 * per profession and machine, productive hours per FTE. Today's staff defaults to the base-year
 * need (the model then shows growth from today's level); pass `staff` to use real FTE.
 * Exam types without minutes are counted but carry no workload (listed in `unpriced`).
 */
export function bottomUpInput(p: {
  baseYear: number;
  targetYear: number;
  exams: Record<string, number[]>;
  minutes: readonly ExamMinutes[];
  hoursPerFte: Record<StaffProfession, number>;
  staff?: Partial<Record<StaffProfession, number>>;
  machines?: Record<string, number>;
  machineHoursPerMachine?: Record<string, number>;
}): StaffModelInput & { unpriced: string[] } {
  const examTypes = Object.keys(p.exams).sort();
  const byType = new Map(p.minutes.map((m) => [m.examType, m]));
  const baseExams: Record<string, number> = {};
  const baseHours: StaffModelInput['baseHours'] = {};
  const baseMachineHours: Record<string, number> = {};
  const unpriced: string[] = [];
  for (const t of examTypes) {
    const n = p.exams[t][0] ?? 0;
    baseExams[t] = n;
    const m = byType.get(t);
    if (!m) unpriced.push(t);
    baseHours[t] = Object.fromEntries(STAFF_PROFESSIONS.map((prof) => [prof, m ? (n * m.minutes[prof]) / 60 : 0]));
    baseMachineHours[t] = m ? (n * m.machine) / 60 : 0;
  }
  const staff = { radiologist: 0, lis: 0, radiographer: 0, reporting_radiographer: 0 };
  for (const prof of STAFF_PROFESSIONS) {
    let h = 0;
    for (const t of examTypes) h += baseHours[t][prof] ?? 0;
    staff[prof] = p.staff?.[prof] ?? (p.hoursPerFte[prof] > 0 ? h / p.hoursPerFte[prof] : 0);
  }
  return {
    baseYear: p.baseYear,
    targetYear: p.targetYear,
    examTypes,
    baseExams,
    demandIndex: demandIndexOf(p.exams),
    baseHours,
    baseMachineHours,
    hoursPerFte: p.hoursPerFte,
    staff,
    machineHoursPerMachine: p.machineHoursPerMachine ?? {},
    machines: p.machines ?? {},
    unpriced,
  };
}
