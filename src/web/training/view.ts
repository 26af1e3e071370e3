// Pure helpers of the training pages (tested without a browser).
import type { Static } from 'typebox';
import type { Plan, PlanChange, PlanUpdateBody, RecordView } from '../../shared/api/training.ts';
import { parseGoalNumbers } from '../../shared/goal-numbers.ts';
import { rotationPlace } from '../../shared/training-versions.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { osloInstant } from '../app/oslo-time.ts';

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

/**
 * A calendar date as people type it — "1.3.2026", "01.03.2026" (Norwegian) or "2026-03-01" — → ISO
 * "2026-03-01", or null when it is no real date.
 */
export function parseDay(text: string): string | null {
  const s = text.trim();
  const no = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const isoM = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const [y, m, d] = no ? [no[3], no[2], no[1]] : isoM ? [isoM[1], isoM[2], isoM[3]] : [];
  if (!y || !m || !d) return null;
  const out = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const dt = new Date(`${out}T00:00:00Z`);
  return Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== out ? null : out;
}

/** An ISO date as the date fields show it: "01.03.2026" (nb) or "2026-03-01" (en). */
export function dayText(isoDate: string, locale: 'nb' | 'en'): string {
  return locale === 'nb' ? isoDate.split('-').reverse().join('.') : isoDate;
}

/** "01.03.2026 09:30" or "2026-03-01 09:30" (Norwegian wall-clock time, whatever the browser's zone) → ISO timestamp, or null when not a valid time. */
export function localDateTime(text: string): string | null {
  const m = /^(\S+)[ T](\d{2}):(\d{2})$/.exec(text.trim());
  const day = m ? parseDay(m[1]!) : null;
  if (!m || !day) return null;
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (h > 23 || min > 59) return null;
  return osloInstant(day, h, min);
}

/** Goal numbers as runs: [1,2,3,5] → ["1–3", "5"] (sorted, duplicates dropped). */
function goalRuns(numbers: readonly number[]): string[] {
  const s = [...new Set(numbers)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(j === i ? String(s[i]) : `${s[i]}–${s[j]}`);
    i = j + 1;
  }
  return out;
}

/** Goal numbers as the plan's table writes them (and the editor takes them): [1,2,3,5] → "1–3, 5". */
export function formatRanges(numbers: readonly number[]): string {
  return goalRuns(numbers).join(', ');
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * Goal numbers in a sentence, in the words the other training pages use (never the table's "LM"):
 * [1..17, 69] → "læringsmål 1–17 og 69" / "learning goals 1–17 and 69"; one goal → "læringsmål 97" /
 * "learning goal 97". Lower case: the caller capitalizes it at the start of a sentence.
 */
export function goalsInWords(numbers: readonly number[], t: T): string {
  const runs = goalRuns(numbers);
  const list = runs.length < 2 ? (runs[0] ?? '') : `${runs.slice(0, -1).join(', ')} ${t('trn.chg.goals.and')} ${runs[runs.length - 1]}`;
  const one = runs.length === 1 && !runs[0]!.includes('–');
  return t(one ? 'trn.chg.goals.one' : 'trn.chg.goals.many', { list });
}

/** A goal as people see it: "Læringsmål 17 Title", or "Læringsmål 17 (tittel ikke lagt inn)" — never a bare number or code. */
export function goalLabel(n: number, title: string | null | undefined, t: T): string {
  return t('trn.goal.label', { n, title: title ?? t('trn.goal.untitled') });
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
  reason: string,
): { ok: true; body: Static<typeof PlanUpdateBody> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!name.trim()) errors.name = t('trn.plan.err.required');
  if (!reason.trim()) errors.reason = t('trn.plan.err.reason');
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
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { name: name.trim(), reason: reason.trim(), rotations } };
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

/** Where a rotation takes place (shared with the server: notifications, current rotation). */
export { rotationPlace } from '../../shared/training-versions.ts';

/** How the pages write years and dates in a change (locale-aware, from the page). */
export interface ChangeFormat {
  years: (n: number) => string;
  date: (isoDate: string) => string;
}

/**
 * One change between two versions of a plan in plain words: "Perioden AHUS · Nordbyhagen · NM ble
 * flyttet i planen: 1–3,5 år → 1,5–4 år", "Læringsmål 76 og 78 lagt til i …", "Datoene for … ble
 * flyttet: 1. jan. 2026 – 1. jan. 2027 → …". Goals are written as the other pages write them,
 * "læringsmål 1–17 og 69" (goalsInWords; never the table's "LM", never ids).
 */
export function changeText(c: PlanChange, t: T, f: ChangeFormat): string {
  const span = (a: number, b: number) => t('trn.rotation.years', { from: f.years(a), to: f.years(b) });
  const goals = (ns: readonly number[]) => goalsInWords(ns, t);
  const Goals = (ns: readonly number[]) => {
    const w = goals(ns);
    return w.charAt(0).toUpperCase() + w.slice(1);
  };
  const dates = (d: readonly string[]) => `${f.date(d[0]!)} – ${f.date(d[1]!)}`;
  if (c.kind === 'renamed') return t('trn.chg.renamed', { from: c.from, to: c.to });
  if (c.kind === 'source-changed') return t('trn.chg.source');
  if (c.kind === 'supervisor-changed') return t('trn.chg.supervisor', { from: c.from, to: c.to });
  if (c.kind === 'start-moved') return t('trn.chg.start', { from: f.date(c.from), to: f.date(c.to) });
  const place = rotationPlace(c.rotation);
  const years = span(c.rotation.fromYears, c.rotation.toYears);
  switch (c.kind) {
    case 'rotation-added':
      return t('trn.chg.added', { place, years, goals: goals(c.goals) });
    case 'rotation-removed':
      return t('trn.chg.removed', { place, years, goals: goals(c.goals) });
    case 'rotation-years':
      return t('trn.chg.years', { place, from: span(c.fromYears[0]!, c.fromYears[1]!), to: span(c.toYears[0]!, c.toYears[1]!) });
    case 'rotation-place':
      return t('trn.chg.place', { years, from: rotationPlace(c.from), to: place });
    case 'rotation-external':
      return t(c.external ? 'trn.chg.externalOn' : 'trn.chg.externalOff', { place, years });
    case 'goals-added':
      return t('trn.chg.goalsAdded', { place, years, Goals: Goals(c.goals) });
    case 'goals-removed':
      return t('trn.chg.goalsRemoved', { place, years, Goals: Goals(c.goals) });
    case 'rotation-dates':
      return t('trn.chg.dates', { place, from: dates(c.from), to: dates(c.to) });
  }
}

/**
 * A learning-goal import error from the server (field "line L, column C", message code such as
 * "number-not-1-999") in words: "Linje 3, kolonne 18: nummeret må være et heltall fra 1 til 999".
 */
export function importErrorText(e: { field: string; message: string }, t: T): string {
  const at = /^line (\d+), column (\d+)$/.exec(e.field);
  const m = e.message;
  const dup = /^duplicate-of-line-(\d+)$/.exec(m);
  const fields = /^expected-(\d+)-fields-got-(\d+)$/.exec(m);
  const col = /^missing-column:(.*)$/.exec(m);
  const text =
    m === 'unknown-specialty'
      ? t('trn.import.err.unknownSpecialty')
      : m === 'number-not-1-999'
        ? t('trn.import.err.number')
        : m === 'title-1-300-characters'
          ? t('trn.import.err.title')
          : m === 'title-blank'
            ? t('trn.import.err.titleBlank')
            : dup
              ? t('trn.import.err.duplicate', { line: dup[1]! })
              : fields
                ? t('trn.import.err.fields', { expected: fields[1]!, got: fields[2]! })
                : col
                  ? t('trn.import.err.missingColumn', { column: col[1]! })
                  : m === 'empty-file'
                    ? t('trn.import.err.empty')
                    : m === 'no-rows'
                      ? t('trn.import.err.noRows')
                      : m === 'unterminated-quote'
                        ? t('trn.import.err.quote')
                        : m === 'text-after-quote'
                          ? t('trn.import.err.afterQuote')
                          : t('trn.import.err.other');
  return at ? t('trn.import.err.at', { line: at[1]!, column: at[2]!, message: text }) : text;
}

/**
 * Checks the move form (dates as typed, "01.03.2026" or "2026-03-01") before sending: the ISO dates,
 * or the problems keyed by field, in words.
 */
export function moveForm(
  f: { start: string; end: string; reason: string; backToPlan: boolean },
  t: T,
): { ok: true; start: string; end: string } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!f.reason.trim()) errors.reason = t('trn.move.err.reason');
  const start = parseDay(f.start);
  const end = parseDay(f.end);
  if (!f.backToPlan) {
    if (!start) errors.start = t('trn.move.err.date');
    if (!end) errors.end = t('trn.move.err.date');
    else if (start && !(end > start)) errors.end = t('trn.move.err.order');
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, start: start ?? '', end: end ?? '' };
}

/**
 * Checks the leader's "change supervisor or start date" form (start date as typed, "01.03.2026" or
 * "2026-03-01") against the record as it is: the PATCH /api/training/records/:id body with only
 * what changed, or the problems keyed by field, in words. A reason is required (kept in the
 * record's history); nothing changed is an error on the start date field.
 */
export function detailsForm(
  f: { supervisorId: string; start: string; reason: string },
  current: { supervisorId: string; startDate: string },
  t: T,
): { ok: true; body: { supervisorPersonId?: string; startDate?: string; reason: string } } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!f.reason.trim()) errors.reason = t('trn.details.err.reason');
  const start = parseDay(f.start);
  if (!start) errors.start = t('trn.details.err.date');
  const supervisorChanged = f.supervisorId !== '' && f.supervisorId !== current.supervisorId;
  const startChanged = !!start && start !== current.startDate;
  if (start && !supervisorChanged && !startChanged) errors.start = t('trn.details.err.same');
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    body: { ...(supervisorChanged ? { supervisorPersonId: f.supervisorId } : {}), ...(startChanged ? { startDate: start! } : {}), reason: f.reason.trim() },
  };
}
