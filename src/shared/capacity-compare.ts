// Saved capacity scenarios side by side, in words and tables, for the page: what differs between
// them (area, years, demand, today's staff, each lever), the base data they do not share, and a
// table per target year. Pure functions of GET /api/capacity/scenarios/compare's answer; labels
// through `t` (i18n), exam types through `examTypeName` — never ids or codes.
import type { Levers, ProfessionValues, ScenarioComparison } from './api/capacity.ts';
import type { MessageKey } from './i18n/index.ts';
import { coincidingLines, compareLines } from './capacity-charts.ts';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;
type Prof = keyof ProfessionValues;
const PROFS: Prof[] = ['radiologist', 'lis', 'radiographer', 'reporting_radiographer'];
type LeverKey = keyof Levers;
const LEVERS: LeverKey[] = ['overuse', 'ai', 'equipment', 'taskShift', 'taskOffload', 'workload', 'eveningShifts'];

/** One line of "what differs": the aspect in words and each scenario's value in words. */
export interface DifferenceRow {
  aspect: string;
  values: string[];
}

function num(v: number, locale: string, digits = 0): string {
  return v.toLocaleString(locale === 'en' ? 'en-GB' : 'nb-NO', { maximumFractionDigits: digits });
}

/** A lever of one scenario in words ("25 % 2026–2035", "CT 10 %, MR 30 % (2026–2035)", "–" when not used). */
export function leverInWords(key: LeverKey, levers: Levers | undefined, t: T, examTypeName: (code: string) => string, locale: string): string {
  const none = t('capacity.compare.notUsed');
  const l = levers?.[key];
  if (!l) return none;
  const period = `${l.fromYear}–${l.toYear}`;
  if (typeof l.percent === 'number') return l.percent > 0 ? `${num(l.percent, locale, 1)} % ${period}` : none;
  const parts = Object.entries(l.percent as Record<string, number | undefined>)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .map(([k, v]) => `${key === 'overuse' ? examTypeName(k) : t(`capacity.profession.${k}` as MessageKey)} ${num(v, locale, 1)} %`);
  return parts.length > 0 ? `${parts.join(', ')} (${period})` : none;
}

/**
 * What differs between the compared scenarios, one row per aspect whose words differ: area, target
 * year, base year, demand, today's staff, then each lever. Aspects all scenarios share are left out.
 */
export function describeDifferences(c: ScenarioComparison, t: T, examTypeName: (code: string) => string, locale: string): DifferenceRow[] {
  const rows: DifferenceRow[] = [
    { aspect: t('capacity.scope'), values: c.scenarios.map((s) => s.result.scopeName) },
    { aspect: t('capacity.targetYear'), values: c.scenarios.map((s) => String(s.result.targetYear)) },
    { aspect: t('capacity.compare.baseYear'), values: c.scenarios.map((s) => String(s.result.baseYear)) },
    {
      aspect: t('capacity.compare.demand'),
      values: c.scenarios.map(({ scenario }) => {
        const d = scenario.params.demand;
        return d?.kind === 'stated'
          ? t('capacity.compare.demandStated', { growth: num(d.growthPercent, locale, 1), from: d.baseYear, to: d.byYear })
          : t('capacity.compare.demandPopulation');
      }),
    },
    {
      aspect: t('capacity.today'),
      values: c.scenarios.map(({ result }) =>
        PROFS.filter((p) => result.staff[p] > 0)
          .map((p) => `${t(`capacity.profession.${p}` as MessageKey)} ${num(result.staff[p], locale, 1)}`)
          .join(', '),
      ),
    },
    ...LEVERS.map((k) => ({
      aspect: t(`capacity.lever.${k}` as MessageKey),
      values: c.scenarios.map(({ scenario }) => leverInWords(k, scenario.params.levers, t, examTypeName, locale)),
    })),
  ];
  return rows.filter((r) => new Set(r.values).size > 1);
}

/** The base data the scenarios do not share, in words (empty when they share it). */
export function baseDifferencesInWords(c: ScenarioComparison, t: T): string[] {
  return c.baseDifferences.map((a) => t(`capacity.compare.base.${a}` as MessageKey));
}

/** One scenario's row in the table of a target year: null values where the scenario ends before that year. */
export interface TargetYearRow {
  name: string;
  need: ProfessionValues | null;
  gap: ProfessionValues | null;
  machines: number | null;
}

/**
 * The table of target year `year`: per scenario its FTE need and gap (at today's staff) per
 * profession and the machines needed (all kinds; null without a machine model), then — when the scenarios share their base data —
 * the shared need without measures (its gap against the first scenario's staff is not shown, as
 * staff may differ).
 */
export function targetYearRows(c: ScenarioComparison, year: number, withoutMeasuresName: string): TargetYearRow[] {
  const rows: TargetYearRow[] = c.scenarios.map(({ scenario, result }) => {
    const y = result.years.find((x) => x.year === year);
    return {
      name: scenario.name,
      need: y?.need ?? null,
      gap: y?.gap ?? null,
      // A plan stated top-down has no exam mix and so no machine model: no number rather than 0.
      machines: y && Object.keys(y.machinesNeeded).length > 0 ? Object.values(y.machinesNeeded).reduce((s, v) => s + v, 0) : null,
    };
  });
  const shared = c.withoutMeasures?.find((x) => x.year === year);
  if (shared) rows.push({ name: withoutMeasuresName, need: shared.need, gap: null, machines: null });
  return rows;
}

/** The professions with any need in any compared scenario (a plan stated top-down has two). */
export function professionsCompared(c: ScenarioComparison): Prof[] {
  return PROFS.filter((p) => c.scenarios.some(({ result }) => result.years.some((y) => y.need[p] > 0 || y.needWithoutMeasures[p] > 0)));
}

/**
 * The lines of the comparison chart for `profession` that lie on top of each other, each group in
 * words for the note under the chart: «KI» og «Uten tiltak (felles)» (Intl.ListFormat of `locale`).
 * `withoutName` names the line without measures as the chart does. Empty when no lines coincide.
 */
export function coincidingNames(c: ScenarioComparison, profession: Prof, withoutName: string, locale: string): string[] {
  const { lines } = compareLines(c, profession, withoutName);
  const en = locale === 'en';
  const list = new Intl.ListFormat(en ? 'en-GB' : 'nb-NO', { type: 'conjunction' });
  return coincidingLines(lines).map((g) => list.format(g.map((i) => (en ? `“${lines[i].name}”` : `«${lines[i].name}»`))));
}
