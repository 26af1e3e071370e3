// Goal-number lists as a training plan writes them ("1-17, 69-75, 97"): parsed on the server when a
// plan is saved and in the browser for the plan editor's preview (the same rule on both sides).

/**
 * Parses a plan's goal numbers as the Ahus plan writes them (seed 004, Del 1: "1-17, 69-75, 77-81,
 * 97, 99", "18 - 67"): comma-separated numbers and inclusive ranges, spaces and en dashes allowed.
 * Returns the sorted, distinct numbers, or the first bad token with its 1-based column.
 */
export function parseGoalNumbers(text: string): { ok: true; numbers: number[] } | { ok: false; column: number; token: string } {
  const out = new Set<number>();
  let pos = 0;
  for (const raw of text.split(',')) {
    const column = pos + 1 + (raw.length - raw.trimStart().length);
    pos += raw.length + 1;
    const token = raw.trim();
    const m = /^(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?$/.exec(token);
    if (!m) return { ok: false, column, token };
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a) return { ok: false, column, token };
    for (let n = a; n <= b; n++) out.add(n);
  }
  return { ok: true, numbers: [...out].sort((x, y) => x - y) };
}
