// The scenario form's state and its translation to and from the API's ScenarioParams. Pure, so it
// is tested without a browser. The form phases every lever over one common period; a saved
// scenario whose levers have different periods opens with the first lever's period.
import type { CapacityMeta, Scenario, ScenarioParams } from '../../shared/api/capacity.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';

export type ProfessionKey = 'radiologist' | 'lis' | 'radiographer' | 'reporting_radiographer';
export const PROFESSION_KEYS: ProfessionKey[] = ['radiologist', 'lis', 'radiographer', 'reporting_radiographer'];

export interface ScenarioState {
  scope: 'country' | 'region' | 'area';
  scopeId: string;
  targetYear: number;
  fromYear: number;
  toYear: number;
  /** Percent per exam type. */
  overuse: Record<string, number>;
  ai: number;
  equipment: number;
  taskShift: number;
  offload: { radiologist: number; radiographer: number };
  workload: { radiologist: number; radiographer: number };
  eveningShifts: number;
  /** Today's FTE as typed ('' = the base-year need). */
  staff: Record<ProfessionKey, string>;
  /** A plan's stated growth instead of the population projection. */
  stated: { growthPercent: number; byYear: number; baseYear: number } | null;
}

/** A fresh scenario: no levers, the caller's first region (or all of Norway for an analyst). */
export function initialState(meta: CapacityMeta, analyst: boolean, thisYear: number): ScenarioState {
  return {
    scope: analyst ? 'country' : 'region',
    scopeId: analyst ? '' : (meta.regions[0]?.id ?? ''),
    targetYear: meta.defaults.targetYear,
    fromYear: thisYear,
    toYear: meta.defaults.targetYear,
    overuse: Object.fromEntries(meta.examTypes.map((e) => [e, 0])),
    ai: 0,
    equipment: 0,
    taskShift: 0,
    offload: { radiologist: 0, radiographer: 0 },
    workload: { radiologist: 0, radiographer: 0 },
    eveningShifts: 0,
    staff: { radiologist: '', lis: '', radiographer: '', reporting_radiographer: '' },
    stated: null,
  };
}

const nonZero = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v > 0));

/** The API parameters of the form (levers at 0 % are left out). */
export function toParams(s: ScenarioState): ScenarioParams {
  const phase = { fromYear: s.fromYear, toYear: s.toYear };
  const levers: NonNullable<ScenarioParams['levers']> = {};
  const overuse = nonZero(s.overuse);
  if (Object.keys(overuse).length > 0) levers.overuse = { percent: overuse, ...phase };
  if (s.ai > 0) levers.ai = { percent: s.ai, ...phase };
  if (s.equipment > 0) levers.equipment = { percent: s.equipment, ...phase };
  if (s.taskShift > 0) levers.taskShift = { percent: s.taskShift, ...phase };
  const offload = nonZero(s.offload);
  if (Object.keys(offload).length > 0) levers.taskOffload = { percent: offload, ...phase };
  const workload = nonZero(s.workload);
  if (Object.keys(workload).length > 0) levers.workload = { percent: workload, ...phase };
  if (s.eveningShifts > 0) levers.eveningShifts = { percent: s.eveningShifts, ...phase };
  const staff: Partial<Record<ProfessionKey, number>> = {};
  for (const p of PROFESSION_KEYS) {
    const v = Number(s.staff[p].replace(',', '.'));
    if (s.staff[p].trim() !== '' && Number.isFinite(v) && v >= 0) staff[p] = v;
  }
  return {
    scope: s.scope,
    ...(s.scope === 'country' ? {} : { scopeId: s.scopeId }),
    targetYear: s.targetYear,
    ...(s.stated ? { demand: { kind: 'stated' as const, ...s.stated } } : {}),
    ...(Object.keys(staff).length > 0 ? { staff } : {}),
    levers,
  };
}

/** The form state of saved or preset parameters. */
export function fromParams(p: ScenarioParams, meta: CapacityMeta, thisYear: number): ScenarioState {
  const base = initialState(meta, p.scope === 'country', thisYear);
  const l = p.levers ?? {};
  const first = [l.overuse, l.ai, l.equipment, l.taskShift, l.taskOffload, l.workload, l.eveningShifts].find((x) => x !== undefined);
  return {
    ...base,
    scope: p.scope,
    scopeId: p.scopeId ?? '',
    targetYear: p.targetYear ?? meta.defaults.targetYear,
    fromYear: first?.fromYear ?? base.fromYear,
    toYear: first?.toYear ?? base.toYear,
    overuse: { ...base.overuse, ...(l.overuse?.percent ?? {}) },
    ai: l.ai?.percent ?? 0,
    equipment: l.equipment?.percent ?? 0,
    taskShift: l.taskShift?.percent ?? 0,
    offload: { radiologist: l.taskOffload?.percent.radiologist ?? 0, radiographer: l.taskOffload?.percent.radiographer ?? 0 },
    workload: { radiologist: l.workload?.percent.radiologist ?? 0, radiographer: l.workload?.percent.radiographer ?? 0 },
    eveningShifts: l.eveningShifts?.percent ?? 0,
    staff: Object.fromEntries(PROFESSION_KEYS.map((k) => [k, p.staff?.[k] !== undefined ? String(p.staff[k]) : ''])) as Record<ProfessionKey, string>,
    stated: p.demand?.kind === 'stated' ? { growthPercent: p.demand.growthPercent, byYear: p.demand.byYear, baseYear: p.demand.baseYear } : null,
  };
}

/**
 * A saved scenario as the lists name it: its name and where it is shared, "Uten tiltak (demo) ·
 * Helse Vest", or for a national one (all of Norway, analysts only) "Landet med KI · hele landet,
 * bare for analytikere" — a separator, not brackets, since names often carry their own "(demo)".
 */
export function scenarioLabel(s: Pick<Scenario, 'name' | 'regionName'>, t: (key: MessageKey, vars?: Record<string, string | number>) => string): string {
  return t('capacity.scenario.label', { name: s.name, where: s.regionName ?? t('capacity.analystsOnly.where') });
}
