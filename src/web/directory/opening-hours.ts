// Opening hours as people write them: "man–fre 07:30–15:30, lør 09:00–13:00". Consecutive days
// with the same hours are joined. Pure, so it is tested without a browser.
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

export function formatOpeningHours(hours: Partial<Record<string, readonly string[]>>, dayName: (d: Day) => string): string {
  const runs: { from: Day; to: Day; hours: string }[] = [];
  for (const day of DAYS) {
    const h = hours[day];
    if (!h) continue;
    const text = `${h[0]}–${h[1]}`;
    const last = runs[runs.length - 1];
    if (last && last.hours === text && DAYS.indexOf(last.to) === DAYS.indexOf(day) - 1) last.to = day;
    else runs.push({ from: day, to: day, hours: text });
  }
  return runs.map((r) => `${r.from === r.to ? dayName(r.from) : `${dayName(r.from)}–${dayName(r.to)}`} ${r.hours}`).join(', ');
}
