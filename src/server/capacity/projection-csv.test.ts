// SSB-format projection import: a good file is summed into areas and bands; bad files are refused
// with the line and column of the problem.
import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from './model.ts';
import { CsvImportError } from '../csv/csv-table.ts';
import { parseProjectionCsv } from './projection-csv.ts';
import { syntheticProjection } from './content.ts';

const areas: Record<string, string> = { '4601': 'bergen', '4621': 'bergen', bergen: 'bergen', førde: 'forde' };
const resolve = (r: string) => areas[/^(\d{4,6})\b/.exec(r)?.[1] ?? r.toLowerCase()];
const HEAD = '"region";"kjønn";"alder";"statistikkvariabel";"år";"Framskrevet folkemengde 1. januar"';

function file(rows: string[]): string {
  return ['"14288: Framskrevet folkemengde 1. januar, etter region, kjønn, alder, statistikkvariabel og år"', '', HEAD, ...rows].join('\r\n');
}
function fullRows(region: string, year: number, value = (age: number) => 10 + age): string[] {
  const out: string[] = [];
  for (const sex of ['Menn', 'Kvinner'])
    for (let a = 0; a <= 95; a++) out.push(`"${region}";"${sex}";"${a} år";"Hovedalternativet (MMMM)";"${year}";${value(a)}`);
  return out;
}
function problems(text: string) {
  try {
    parseProjectionCsv(text, resolve);
  } catch (e) {
    if (e instanceof CsvImportError) return e.problems;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parseProjectionCsv', () => {
  it('reads single years of age by municipality into 5-year bands of the referral area', () => {
    const r = parseProjectionCsv(file([...fullRows('4601 Bergen', 2030), ...fullRows('4621 Voss', 2030)]), resolve);
    expect(r.areaIds).toEqual(['bergen']);
    expect(r.years).toEqual([2030]);
    expect(r.alternative).toBe('Hovedalternativet (MMMM)');
    expect(r.cells).toHaveLength(2 * AGE_BANDS.length);
    const band10 = r.cells.find((c) => c.sex === 'F' && c.ageFrom === 10)!;
    expect(band10.population).toBe(2 * (20 + 21 + 22 + 23 + 24));
    const open = r.cells.find((c) => c.sex === 'M' && c.ageFrom === 90)!;
    expect(open.population).toBe(2 * [90, 91, 92, 93, 94, 95].reduce((s, a) => s + 10 + a, 0));
  });

  it('reads the shipped synthetic projection (all 21 areas, 2025–2050)', () => {
    const all = (r: string) => (r.length > 0 ? r.toLowerCase() : undefined);
    const cells = syntheticProjection(all);
    expect(new Set(cells.map((c) => c.areaId)).size).toBe(21);
    expect(new Set(cells.map((c) => c.year))).toEqual(new Set([2025, 2030, 2035, 2040, 2045, 2050]));
  });

  it('refuses an unknown area with its line and column', () => {
    const rows = fullRows('4601 Bergen', 2030);
    rows[5] = rows[5].replace('4601 Bergen', '9999 Atlantis');
    const p = problems(file(rows));
    expect(p[0]).toMatchObject({ line: 9, column: 1, heading: 'region' });
    expect(p[0].message).toContain('Atlantis');
  });

  it('refuses negative and missing numbers with line and column', () => {
    const rows = fullRows('4601 Bergen', 2030);
    rows[0] = rows[0].replace(/;10$/, ';-3');
    rows[1] = rows[1].replace(/;11$/, ';..');
    const p = problems(file(rows));
    expect(p[0]).toMatchObject({ line: 4, column: 6 });
    expect(p[0].message).toContain('negativt');
    expect(p[1]).toMatchObject({ line: 5, column: 6 });
    expect(p[1].message).toContain('mangler');
  });

  it('refuses missing age bands, naming the bands, the line and the age column', () => {
    const rows = fullRows('4601 Bergen', 2030).filter((r) => !/"(8[0-4]) år"/.test(r) || r.includes('Kvinner'));
    const p = problems(file(rows));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: 4, column: 3, heading: 'alder' });
    expect(p[0].message).toContain('80-84');
  });

  it('refuses a file without a sex, a bad age band, a second alternative and a missing column', () => {
    expect(problems(file(fullRows('4601 Bergen', 2030).filter((r) => r.includes('Menn'))))[0].message).toContain('Kvinner');
    const rows = fullRows('4601 Bergen', 2030);
    rows[2] = rows[2].replace('"2 år"', '"3-9 år"');
    rows[3] = rows[3].replace('Hovedalternativet (MMMM)', 'Lav nasjonal vekst (LLML)');
    const p = problems(file(rows));
    expect(p.map((x) => [x.line, x.column])).toEqual([
      [6, 3],
      [7, 4],
    ]);
    expect(problems('"region";"alder";"år";"personer"\n"4601 Bergen";"0 år";"2030";5')[0].message).toContain('kjønn');
  });
});
