// Writes content/capacity/synthetic-projection.csv: a SYNTHETIC population projection in the
// column format of Statistics Norway's StatBank export (table 14288), for the demo and tests,
// because no official projection can be fetched where Radvis is built. It is NOT SSB's
// projection: it starts from content/codes/population.csv (itself derived, see
// content/codes/README.md) and grows each age band by an invented yearly rate shaped like an
// ageing population (children fall slightly, the oldest grow fastest). Replace it by importing
// SSB's real table (docs/capacity.md).
//   npx tsx scripts/capacity-synthetic-projection.ts
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const areas = new Map(
  fs
    .readFileSync(path.join(root, 'content/codes/areas.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .map((c) => [c[0], c[1]] as const),
);
const pop = fs
  .readFileSync(path.join(root, 'content/codes/population.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','))
  .map(([area, year, sex, age, n]) => ({ area, year: Number(year), sex, age: Number(age), n: Number(n) }));

// Invented yearly growth per band (percent): NOT from SSB.
function rate(age: number): number {
  if (age < 20) return -0.3;
  if (age < 65) return 0.1;
  if (age < 80) return 1.8;
  return 3.5;
}
const YEARS = [2025, 2030, 2035, 2040, 2045, 2050];
const out = ['"region";"kjønn";"alder";"statistikkvariabel";"år";"Framskrevet folkemengde 1. januar (SYNTETISK, ikke SSB)"'];
for (const y of YEARS)
  for (const r of pop) {
    const n = Math.round(r.n * Math.pow(1 + rate(r.age) / 100, y - r.year));
    const band = r.age === 90 ? '90 år eller eldre' : `${r.age}-${r.age + 4} år`;
    out.push(`"${areas.get(r.area)}";"${r.sex === 'M' ? 'Menn' : 'Kvinner'}";"${band}";"Syntetisk (ikke SSB)";"${y}";${n}`);
  }
const title = '"Syntetisk befolkningsframskriving for demo og test - IKKE SSB-tall (scripts/capacity-synthetic-projection.ts)"';
fs.writeFileSync(path.join(root, 'content/capacity/synthetic-projection.csv'), `${title}\n\n${out.join('\n')}\n`);
console.log(`wrote ${out.length - 1} rows`);
