// Pure helpers of the training pages (tested without a browser).
import type { RecordView } from '../../shared/api/training.ts';

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
