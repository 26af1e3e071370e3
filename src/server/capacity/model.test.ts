// The capacity model, pure: the Helse Vest plan's published figures from its stated inputs, the
// Helse Nord on-call case, phasing, each lever's direction, and the demand projection.
import { describe, expect, it } from 'vitest';
import { capacityDefaults, helseNordOnCall, helseVestPreset } from './content.ts';
import { AGE_BANDS, computeStaffNeed, indexProjection, phaseShare, projectExams, statedGrowthIndex, type PopulationCell, type UseRate } from './model.ts';
import { costOnCallChange } from './on-call.ts';
import { bottomUpInput, topDownInput } from './scenario-input.ts';

function helseVest() {
  const p = helseVestPreset();
  const input = topDownInput({
    baseYear: p.baseYear,
    targetYear: p.targetYear,
    growthPercent: p.demand.statedGrowthPercent,
    byYear: p.demand.byYear,
    staff: p.staff,
    hoursPerFte: capacityDefaults().hoursPerFte,
  });
  return { p, input };
}

describe('Helse Vest, Bærekraftig radiologi på Vestlandet (2025): published figures from stated inputs', () => {
  it('needs about 27 % more capacity by 2040 and lacks 43 radiologist and 110 radiographer FTE at constant staff', () => {
    const { p, input } = helseVest();
    const r = computeStaffNeed(input);
    const y2040 = r.years.find((y) => y.year === 2040)!;
    expect(y2040.capacityIndex).toBeCloseTo(1 + p.published.capacityGrowthPercent / 100, 6);
    expect(Math.abs(y2040.gap.radiologist - p.published.gapConstantStaff.radiologist!)).toBeLessThanOrEqual(3);
    expect(Math.abs(y2040.gap.radiographer - p.published.gapConstantStaff.radiographer!)).toBeLessThanOrEqual(3);
    // The derived baseline (docs/capacity.md): 156 and 407 FTE today.
    expect(r.baseNeed.radiologist).toBeCloseTo(156, 6);
    expect(r.baseNeed.radiographer).toBeCloseTo(407, 6);
  });

  it('with −20 %/−10 % workload and −10 % task sharing over 15 years needs about 143 radiologist and 419 radiographer FTE in 2040', () => {
    const { p, input } = helseVest();
    const r = computeStaffNeed(input, p.levers);
    const y2040 = r.years.find((y) => y.year === 2040)!;
    expect(Math.abs(y2040.need.radiologist - p.published.needWithMeasures.radiologist!)).toBeLessThanOrEqual(3);
    expect(Math.abs(y2040.need.radiographer - p.published.needWithMeasures.radiographer!)).toBeLessThanOrEqual(3);
    // Halfway the measures are half in effect: need lies between the two paths.
    const none = computeStaffNeed(input).years.find((y) => y.year === 2032)!;
    const mid = r.years.find((y) => y.year === 2032)!;
    expect(mid.need.radiologist).toBeLessThan(none.need.radiologist);
    expect(mid.need.radiologist).toBeGreaterThan(none.need.radiologist * 0.72);
  });

  it('would miss the published 143 if the reductions were added instead of multiplied (why the model multiplies)', () => {
    const { p, input } = helseVest();
    const additive = computeStaffNeed(input, { workload: { ...p.levers.workload!, percent: { radiologist: 30, radiographer: 20 } } });
    expect(Math.abs(additive.years.at(-1)!.need.radiologist - 143)).toBeGreaterThan(3);
  });
});

describe('on-call arrangement (Helse Nord diagnostics report 2023, §5.3)', () => {
  it('net −15.8 FTE at 1.1 MNOK saves about 17.5 MNOK a year', () => {
    const c = helseNordOnCall();
    const r = costOnCallChange(c.items, c.costPerFteNok);
    expect(r.netFte).toBe(-15.8);
    expect(r.annualSavingNok).toBe(17_380_000);
    expect(Math.abs(r.annualSavingNok / 1e6 - 17.5)).toBeLessThan(0.15); // «i størrelsesordenen 17,5 mill. kr.»
  });
  it('an arrangement that needs FTE costs money, and a bad cost is refused', () => {
    expect(costOnCallChange([{ label: 'to LIS på vakt', fteChange: 5.4 }], 1_100_000).annualCostChangeNok).toBe(5_940_000);
    expect(() => costOnCallChange([], 0)).toThrow(RangeError);
  });
});

describe('phasing and levers', () => {
  it('phases linearly from the first to the full year', () => {
    expect(phaseShare(2025, 2025, 2040)).toBe(0);
    expect(phaseShare(2030, 2025, 2040)).toBeCloseTo(1 / 3, 9);
    expect(phaseShare(2040, 2025, 2040)).toBe(1);
    expect(phaseShare(2045, 2025, 2040)).toBe(1);
    expect(phaseShare(2030, 2030, 2030)).toBe(1);
  });

  const exams = { CT: [1000, 1100], MR: [500, 600] };
  const input = bottomUpInput({
    baseYear: 2025,
    targetYear: 2026,
    exams,
    minutes: capacityDefaults().minutes,
    hoursPerFte: capacityDefaults().hoursPerFte,
    machines: { CT: 1, MR: 1 },
    machineHoursPerMachine: { CT: 2500, MR: 2500 },
  });
  const at = (l: Parameters<typeof computeStaffNeed>[1]) => computeStaffNeed(input, l).years[1];
  const none = at({});
  const full = { fromYear: 2025, toYear: 2026 };

  it('computes need from exams × minutes / productive hours', () => {
    const m = capacityDefaults().minutes;
    const ct = m.find((x) => x.examType === 'CT')!;
    const mr = m.find((x) => x.examType === 'MR')!;
    const expected = (1100 * ct.minutes.radiologist + 600 * mr.minutes.radiologist) / 60 / capacityDefaults().hoursPerFte.radiologist;
    expect(none.need.radiologist).toBeCloseTo(expected, 9);
    expect(none.exams).toEqual({ CT: 1100, MR: 600 });
  });
  it('less overuse lowers exams and every profession', () => {
    const r = at({ overuse: { percent: { MR: 50 }, ...full } });
    expect(r.exams.MR).toBeCloseTo(300, 9);
    expect(r.exams.CT).toBeCloseTo(1100, 9);
    expect(r.need.radiologist).toBeLessThan(none.need.radiologist);
    expect(r.need.radiographer).toBeLessThan(none.need.radiographer);
  });
  it('AI lowers reading professions only; equipment lowers radiographers and machines only', () => {
    const ai = at({ ai: { percent: 20, ...full } });
    expect(ai.need.radiologist).toBeCloseTo(none.need.radiologist * 0.8, 9);
    expect(ai.need.radiographer).toBeCloseTo(none.need.radiographer, 9);
    const eq = at({ equipment: { percent: 10, ...full } });
    expect(eq.need.radiographer).toBeCloseTo(none.need.radiographer * 0.9, 9);
    expect(eq.need.radiologist).toBeCloseTo(none.need.radiologist, 9);
    expect(eq.machinesNeeded.MR).toBeCloseTo(none.machinesNeeded.MR * 0.9, 9);
  });
  it('task sharing moves radiologist hours to reporting radiographers; evening shifts lower machines needed', () => {
    const ts = at({ taskShift: { percent: 10, ...full } });
    const hr = capacityDefaults().hoursPerFte;
    const moved = none.need.radiologist * 0.1 * hr.radiologist;
    expect(ts.need.radiologist).toBeCloseTo(none.need.radiologist * 0.9, 9);
    expect(ts.need.reporting_radiographer * hr.reporting_radiographer).toBeCloseTo(none.need.reporting_radiographer * hr.reporting_radiographer + moved, 6);
    const ev = at({ eveningShifts: { percent: 25, ...full } });
    expect(ev.machinesNeeded.CT).toBeCloseTo(none.machinesNeeded.CT / 1.25, 9);
    expect(ev.need.radiographer).toBeCloseTo(none.need.radiographer, 9);
  });
  it('staff defaults to the base-year need, so the gap starts at zero', () => {
    const r = computeStaffNeed(input);
    expect(r.years[0].gap.radiologist).toBeCloseTo(0, 9);
    expect(r.years[1].gap.radiologist).toBeGreaterThan(0);
  });
});

describe('demand projection', () => {
  const cells: PopulationCell[] = [];
  for (const year of [2025, 2030])
    for (const sex of ['M', 'F'] as const)
      for (const ageFrom of AGE_BANDS) cells.push({ areaId: 'a', year, sex, ageFrom, population: ageFrom >= 70 && year === 2030 ? 2000 : 1000 });
  const idx = indexProjection(cells);
  const rates: UseRate[] = [
    { areaId: 'a', sex: 'F', ageFrom: 70, examType: 'CT', per10000: 1000 },
    { areaId: 'a', sex: 'F', ageFrom: 20, examType: 'CT', per10000: 500 },
    { areaId: 'b', sex: 'F', ageFrom: 20, examType: 'CT', per10000: 500 },
  ];
  it('applies use per 10,000 to the projected strata, interpolating between projection years', () => {
    const e = projectExams(rates, idx, new Set(['a', 'b']), 2025, 2030);
    expect(e.CT[0]).toBeCloseTo(100 + 50, 9);
    expect(e.CT[5]).toBeCloseTo(200 + 50, 9);
    expect(e.CT[2]).toBeCloseTo(100 * 1.4 + 50, 9);
  });
  it('counts only the chosen areas', () => {
    expect(projectExams(rates, idx, new Set(['b']), 2025, 2030)).toEqual({});
  });
  it('compounds a stated growth evenly', () => {
    const s = statedGrowthIndex(2025, 2040, 27, 2040);
    expect(s[0]).toBe(1);
    expect(s[15]).toBeCloseTo(1.27, 9);
    expect(s[7]).toBeGreaterThan(1.1);
  });
});
