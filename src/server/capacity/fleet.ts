// The equipment fleet (issue 12, point 5), pure: age, utilization, replacement plan by year with
// investment, and the machines whose age or utilization puts capacity at risk.
// Lifetime default: ten years for larger X-ray equipment («Nedskrivningstiden for større
// røntgenutstyr er vanligvis ti år», Helse Nord diagnostics report 2023, §3); per kind in
// content/capacity/equipment.csv, overridable per machine.

export interface FleetInputMachine {
  id: string;
  name: string;
  kind: string;
  siteName: string;
  installedYear: number | null;
  lifetimeYears: number | null;
  replacementCostNok: number | null;
  /** Open minutes per week (shifts, or opening hours when the machine has no shifts). */
  weeklyOpenMinutes: number;
  /** Minutes used in the last 52 weeks: booked step minutes, or exams × machine minutes if larger. */
  usedMinutes: number;
}
export interface KindDefaults {
  lifetimeYears: number;
  replacementCostNok: number;
}
export type FleetRisk = 'age' | 'utilization' | 'unknown-age';
export interface FleetMachinePlan {
  id: string;
  name: string;
  kind: string;
  siteName: string;
  installedYear: number | null;
  lifetimeYears: number;
  replacementYear: number | null;
  replacementCostNok: number;
  utilization: number | null;
  risk: FleetRisk[];
}
export interface FleetPlan {
  machines: FleetMachinePlan[];
  plan: { year: number; machines: number; investmentNok: number; byKind: Record<string, number> }[];
}

/** Utilization above which a machine is at risk (little room for growth or breakdowns). To be validated. */
export const UTILIZATION_RISK = 0.85;
const FALLBACK: KindDefaults = { lifetimeYears: 10, replacementCostNok: 0 };

/**
 * Plans replacements from `thisYear` to `horizon`: a machine is due at installation year +
 * lifetime (an overdue machine is due this year) and again every lifetime after; its investment
 * is its replacement cost. Risk: age (due within two years), utilization ≥ UTILIZATION_RISK, or
 * unknown installation year. Units: years, NOK, utilization as a share (0.9 = 90 %).
 */
export function planFleet(machines: readonly FleetInputMachine[], defaults: Record<string, KindDefaults>, thisYear: number, horizon: number): FleetPlan {
  const plan = new Map<number, { machines: number; investmentNok: number; byKind: Record<string, number> }>();
  for (let y = thisYear; y <= horizon; y++) plan.set(y, { machines: 0, investmentNok: 0, byKind: {} });
  const out: FleetMachinePlan[] = [];
  for (const m of machines) {
    const d = defaults[m.kind] ?? FALLBACK;
    const lifetime = m.lifetimeYears ?? d.lifetimeYears;
    const cost = m.replacementCostNok ?? d.replacementCostNok;
    const open = m.weeklyOpenMinutes * 52;
    const utilization = open > 0 ? m.usedMinutes / open : null;
    const risk: FleetRisk[] = [];
    let replacementYear: number | null = null;
    if (m.installedYear === null) risk.push('unknown-age');
    else {
      replacementYear = Math.max(thisYear, m.installedYear + lifetime);
      if (replacementYear <= thisYear + 2) risk.push('age');
      for (let y = replacementYear; y <= horizon; y += lifetime) {
        const p = plan.get(y)!;
        p.machines++;
        p.investmentNok += cost;
        p.byKind[m.kind] = (p.byKind[m.kind] ?? 0) + 1;
      }
    }
    if (utilization !== null && utilization >= UTILIZATION_RISK) risk.push('utilization');
    out.push({
      id: m.id,
      name: m.name,
      kind: m.kind,
      siteName: m.siteName,
      installedYear: m.installedYear,
      lifetimeYears: lifetime,
      replacementYear,
      replacementCostNok: cost,
      utilization,
      risk,
    });
  }
  return { machines: out, plan: [...plan.entries()].map(([year, p]) => ({ year, ...p })) };
}

/** Minutes per week a machine is open by its opening hours JSON ({"mon": ["07:30", "15:30"], …}). */
export function weeklyOpeningMinutes(hours: Record<string, [string, string]> | null | undefined): number {
  let total = 0;
  for (const v of Object.values(hours ?? {})) {
    if (!Array.isArray(v) || v.length !== 2) continue;
    const [a, b] = v.map((t) => {
      const [h, m] = t.split(':').map(Number);
      return h * 60 + m;
    });
    if (b > a) total += b - a;
  }
  return total;
}
