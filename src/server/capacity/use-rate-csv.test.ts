// The use-rate table import: a whole table is read; each kind of bad input is refused with its
// line and column, and nothing is taken from a file with any problem.
import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from './model.ts';
import { CsvImportError } from '../csv/csv-table.ts';
import { parseUseRateCsv } from './use-rate-csv.ts';

const TYPES = ['CT', 'MR', 'DX', 'US'];
const resolve = (r: string) => ({ bergen: 'bergen', førde: 'forde' })[r.trim().toLowerCase()];
const band = (b: number) => (b === 90 ? '90+' : `${b}-${b + 4} år`);
/** A full table for one area and exam type: rate = band lower limit + 1 (men) or + 2 (women). */
function table(o: { area?: string; type?: string; year?: string; rows?: (r: string[]) => string[] | null } = {}) {
  const out = ['region;kjønn;alder;modalitet;år;per 10 000'];
  for (const sex of ['Menn', 'Kvinner'])
    for (const b of AGE_BANDS) {
      const row = [o.area ?? 'Bergen', sex, band(b), o.type ?? 'CT', o.year ?? '2025', `${b + (sex === 'Menn' ? 1 : 2)},5`];
      const r = o.rows ? o.rows(row) : row;
      if (r) out.push(r.join(';'));
    }
  return out.join('\n');
}
const problems = (csv: string) => {
  try {
    parseUseRateCsv(csv, resolve, TYPES);
  } catch (e) {
    if (e instanceof CsvImportError) return e.problems;
    throw e;
  }
  throw new Error('accepted');
};

describe('parseUseRateCsv', () => {
  it('reads a full table: every band of both sexes, decimal comma, CR read as plain X-ray', () => {
    const p = parseUseRateCsv(`${table()}\n${table({ type: 'CR' }).split('\n').slice(1).join('\n')}`, resolve, TYPES);
    expect(p).toMatchObject({ year: 2025, areaIds: ['bergen'], examTypes: ['CT', 'DX'], rows: 76 });
    expect(p.rates).toHaveLength(76);
    expect(p.rates.find((r) => r.sex === 'F' && r.ageFrom === 90 && r.examType === 'CT')).toEqual({
      areaId: 'bergen',
      sex: 'F',
      ageFrom: 90,
      examType: 'CT',
      per10000: 92.5,
    });
  });

  it.each([
    ['a negative rate', (r: string[]) => (r[2] === '40-44 år' && r[1] === 'Menn' ? [...r.slice(0, 5), '-3'] : r), 'negativ rate', 6],
    ['a missing rate', (r: string[]) => (r[2] === '40-44 år' && r[1] === 'Menn' ? [...r.slice(0, 5), '..'] : r), 'raten mangler', 6],
    ['an unknown area', (r: string[]) => (r[2] === '40-44 år' && r[1] === 'Menn' ? ['Atlantis', ...r.slice(1)] : r), 'ukjent opptaksområde', 1],
    ['an unknown exam type', (r: string[]) => (r[2] === '40-44 år' && r[1] === 'Menn' ? [...r.slice(0, 3), 'PET', ...r.slice(4)] : r), 'ukjent modalitet', 4],
    ['a single age instead of a band', (r: string[]) => (r[2] === '40-44 år' && r[1] === 'Menn' ? [r[0], r[1], '42 år', ...r.slice(3)] : r), 'én alder', 3],
    ['a second year', (r: string[]) => (r[2] === '40-44 år' && r[1] === 'Menn' ? [...r.slice(0, 4), '2024', r[5]] : r), 'ett år per fil', 5],
  ])('refuses %s with line and column', (_name, rows, message, column) => {
    const ps = problems(table({ rows }));
    // The Menn 40-44 row is line 1 (heading) + band index 8 + 1.
    expect(ps[0]).toMatchObject({ line: 10, column });
    expect(ps[0]!.message).toContain(message);
  });

  it('refuses a missing age band and a missing sex, naming them', () => {
    const gap = problems(table({ rows: (r) => (r[1] === 'Kvinner' && r[2] === '70-74 år' ? null : r) }));
    expect(gap.map((p) => p.message)).toEqual(['Bergen CT Kvinner: mangler aldersgruppene 70-74']);
    const men = problems(table({ rows: (r) => (r[1] === 'Kvinner' ? null : r) }));
    expect(men.map((p) => p.message)).toEqual(['Bergen CT: ingen rader for Kvinner']);
  });

  it('refuses a stratum given twice, a file without the needed columns, and a file without rows', () => {
    const twice = table().split('\n');
    expect(problems([...twice, twice[3]].join('\n'))[0]!.message).toMatch(/står også på linje 4/);
    expect(problems('region;kjønn;alder;år;per 10 000\nBergen;Menn;0-4 år;2025;1').map((p) => p.message)).toContain('kolonnen «modalitet» mangler');
    expect(problems('region;kjønn;alder;modalitet;år;per 10 000\n')[0]!.message).toBe('filen har ingen datarader');
  });
});
