// Pure helpers of the training pages (tested without a browser).
import type { Static } from 'typebox';
import type { Plan, PlanUpdateBody, RecordView } from '../../shared/api/training.ts';
import { parseGoalNumbers } from '../../shared/goal-numbers.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';

type Goal = RecordView['goals'][number];

/** The goals planned in a rotation (`all` for every goal), in number order. */
export function goalsOf(v: Pick<RecordView, 'goals' | 'rotations'>, rotationId: string | 'all'): Goal[] {
  if (rotationId === 'all') return v.goals;
  const r = v.rotations.find((x) => x.id === rotationId);
  return r ? v.goals.filter((g) => r.goalNumbers.includes(g.number)) : [];
}

/** The rotation to show first: the first with goals not yet approved, else the last. */
export function firstOpenRotation(v: Pick<RecordView, 'goals' | 'rotations'>): string | 'all' {
  const open = v.rotations.find((r) => goalsOf(v, r.id).some((g) => g.state !== 'approved'));
  return open?.id ?? v.rotations[v.rotations.length - 1]?.id ?? 'all';
}

/** Agreed actions typed one per line → the API's list (blank lines dropped, at most 20). */
export function actionsFromText(text: string): { text: string }[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20)
    .map((s) => ({ text: s.slice(0, 1000) }));
}

/** The themes of supervision meetings, in the order the Ahus training plan lists them. */
export const THEMES = ['career', 'professional', 'research', 'personal', 'radiation_protection', 'work_environment'] as const;

/** "2026-03-01 09:30" (local time) → ISO timestamp, or null when not a valid time. */
export function localDateTime(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(d.getTime()) || d.getMonth() !== Number(m[2]) - 1 ? null : d.toISOString();
}

/** Goal numbers as the plan writes them: [1,2,3,5] → "1–3, 5". */
export function formatRanges(numbers: readonly number[]): string {
  const s = [...new Set(numbers)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(j === i ? String(s[i]) : `${s[i]}–${s[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A goal as people see it: "LM 17 Title", or "LM 17 (title to be imported …)" — never a bare number. */
export function goalLabel(n: number, title: string | null | undefined, t: T): string {
  return t('trn.goal.label', { n, title: title ?? `(${t('trn.goal.untitled')})` });
}

/** One row of the plan editor, as typed (numbers are text until saved). `id` is the saved rotation's. */
export interface RotationDraft {
  key: string;
  id?: string;
  fromYears: string;
  toYears: string;
  trust: string;
  hospital: string;
  section: string;
  external: boolean;
  goals: string;
}

/** The editor's rows of a saved plan (goal numbers written as the plan's table writes them). */
export function draftsOf(rotations: Plan['rotations'], locale: 'nb' | 'en'): RotationDraft[] {
  const num = (n: number) => (locale === 'nb' ? String(n).replace('.', ',') : String(n));
  return rotations.map((r) => ({
    key: r.id,
    id: r.id,
    fromYears: num(r.fromYears),
    toYears: num(r.toYears),
    trust: r.trust,
    hospital: r.hospital,
    section: r.section,
    external: r.external,
    goals: formatRanges(r.goalNumbers).replace(/–/g, '-'),
  }));
}

/** "1,5" or "1.5" → 1.5; null when not a number from 0 to 20. */
export function parseYears(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  return n >= 0 && n <= 20 ? n : null;
}

/**
 * Checks the editor's rows as the server will (required fields, years, goal lists) and returns the
 * body to send, or the problems keyed "row.field" (row 0-based) in words.
 */
export function planBody(
  name: string,
  rows: readonly RotationDraft[],
  t: T,
): { ok: true; body: Static<typeof PlanUpdateBody> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!name.trim()) errors.name = t('trn.plan.err.required');
  const rotations = rows.map((r, i) => {
    const from = parseYears(r.fromYears);
    const to = parseYears(r.toYears);
    if (from === null) errors[`${i}.fromYears`] = t('trn.plan.err.number');
    if (to === null) errors[`${i}.toYears`] = t('trn.plan.err.number');
    else if (from !== null && !(to > from)) errors[`${i}.toYears`] = t('trn.plan.err.toYears');
    for (const f of ['trust', 'hospital', 'section'] as const) if (!r[f].trim()) errors[`${i}.${f}`] = t('trn.plan.err.required');
    const g = parseGoalNumbers(r.goals);
    if (!r.goals.trim()) errors[`${i}.goals`] = t('trn.plan.err.required');
    else if (!g.ok) errors[`${i}.goals`] = t('trn.plan.err.badToken', { column: g.column, token: g.token });
    return {
      ...(r.id ? { id: r.id } : {}),
      fromYears: from ?? 0,
      toYears: to ?? 0,
      trust: r.trust.trim(),
      hospital: r.hospital.trim(),
      section: r.section.trim(),
      external: r.external,
      goals: r.goals.trim(),
    };
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { name: name.trim(), rotations } };
}

/** The server's field errors of a plan ("rotations.2.goals" / "unknown-goal-numbers:500") in words, keyed "row.field". */
export function serverPlanErrors(fields: readonly { field: string; message: string }[], t: T): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const m = /^rotations\.(\d+)\.(\w+)$/.exec(f.field);
    const key = m ? `${m[1]}.${m[2] === 'id' ? 'goals' : m[2]}` : f.field;
    const bad = /^bad-token-at-column-(\d+):(.*)$/s.exec(f.message);
    const unknown = /^unknown-goal-numbers:(.*)$/.exec(f.message);
    out[key] =
      f.message === 'must-be-after-fromYears'
        ? t('trn.plan.err.toYears')
        : bad
          ? t('trn.plan.err.badToken', { column: bad[1]!, token: bad[2]! })
          : unknown
            ? t('trn.plan.err.unknownGoals', { numbers: unknown[1]!.split(',').join(', ') })
            : f.message === 'unknown-rotation' || f.message === 'duplicate-rotation'
              ? t('trn.plan.err.rotation')
              : t('trn.plan.err.other');
  }
  return out;
}
