// Import of population projections in the CSV format Statistics Norway's StatBank exports
// (table 14288 and its predecessors, "Framskrevet folkemengde 1. januar, etter region, kjønn,
// alder, statistikkvariabel og år"; save as "semikolonseparert med overskrift"). Columns, found by
// their heading (order free; an optional title line and blank lines may come first):
//
//   region              "4601 Bergen" (municipality number + name) or a referral area id/name ("bergen")
//   kjønn               "Menn" / "Kvinner" (also "M"/"F", "1"/"2", "Males"/"Females")
//   alder               "0 år" … "105 år", "90 år eller eldre", "90 år og over", or 5-year bands "0-4 år", "90+"
//   statistikkvariabel  the projection alternative (optional; one alternative per file)
//   år                  year (2000–2100)
//   last column         persons (non-negative whole number)
//
// Ages are summed into Radvis' 5-year bands (0–4 … 90+), municipalities into their referral area.
// Refused, with line and column (messages in Norwegian: the importing user reads them): missing columns, unknown region, sex or age, a band that does
// not fit the 5-year bands, negative, missing ("." / "..") or non-numeric persons, a year out of
// range, more than one alternative, and an area/year/sex that lacks any of the 19 age bands.
import { readCsvTable, problemList } from '../csv/csv-table.ts';
import { AGE_BANDS, type PopulationCell, type Sex } from './model.ts';

export interface ParsedProjection {
  cells: PopulationCell[];
  /** The projection alternative named in the file (e.g. "Hovedalternativet (MMMM)"), if any. */
  alternative: string | null;
  years: number[];
  areaIds: string[];
  rows: number;
}

export const SEX: Record<string, Sex> = {
  menn: 'M',
  mann: 'M',
  m: 'M',
  '1': 'M',
  males: 'M',
  male: 'M',
  kvinner: 'F',
  kvinne: 'F',
  k: 'F',
  f: 'F',
  '2': 'F',
  females: 'F',
  female: 'F',
};

/** Age text → band lower limit, or an error text. */
export function ageBand(text: string): number | string {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  let m = /^(\d{1,3})\s*(?:år)?\s*(?:eller eldre|og eldre|og over|\+)$/.exec(t) ?? /^(\d{1,3})\+$/.exec(t);
  if (m) {
    const a = Number(m[1]);
    return a >= 90 ? 90 : `åpen aldersgruppe «${text}» må starte ved 90 år eller eldre`;
  }
  m = /^(\d{1,3})\s*-\s*(\d{1,3})\s*(?:år)?$/.exec(t);
  if (m) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (from % 5 !== 0 || (from < 90 && to !== from + 4) || to < from) return `aldersgruppen «${text}» passer ikke i femårsgruppene (0-4, 5-9 … 90+)`;
    return Math.min(90, from);
  }
  m = /^(\d{1,3})\s*(?:år)?$/.exec(t);
  if (m) return Math.min(90, Math.floor(Number(m[1]) / 5) * 5);
  return `ukjent alder «${text}»`;
}

/**
 * Parses an SSB-format projection CSV. `resolveRegion` maps a region cell to a referral area id
 * (undefined = unknown area). Returns population cells summed per area × year × sex × band.
 * Throws CsvImportError (csv-table.ts) listing up to 20 problems with line and column; nothing is partly taken.
 */
export function parseProjectionCsv(text: string, resolveRegion: (region: string) => string | undefined): ParsedProjection {
  const { fail, throwIfAny } = problemList();
  // The heading line has cells named exactly "region" and "alder" (a title line only mentions them).
  const table = readCsvTable(text, {
    isHeading: (cells) => cells.includes('region') || cells.includes('alder') || cells.includes('age'),
    noHeading: 'fant ingen overskriftslinje med kolonnene region, kjønn, alder, år og antall personer',
    fail,
  });
  const header = table.names;
  const headerLine = table.headingLine;
  const col = {
    region: table.column('region'),
    sex: table.column('kjønn', 'kjonn', 'sex'),
    age: table.column('alder', 'age'),
    alt: table.column('statistikkvariabel', 'contents', 'alternativ'),
    year: table.column('år', 'ar', 'year'),
    value: header.length - 1,
  };
  for (const [name, idx] of [
    ['region', col.region],
    ['kjønn', col.sex],
    ['alder', col.age],
    ['år', col.year],
  ] as const)
    if (idx < 0) fail({ line: headerLine, column: header.length + 1, heading: name, message: `kolonnen «${name}» mangler` });
  if (header.length < 4 || [col.region, col.sex, col.age, col.year].includes(col.value))
    fail({ line: headerLine, column: header.length, heading: header[header.length - 1] ?? '', message: 'siste kolonne må være antall personer' });
  throwIfAny();

  const sums = new Map<string, PopulationCell>();
  const firstLine = new Map<string, number>(); // area|year|sex → first line, for missing-band errors
  const regionText = new Map<string, string>(); // area|year → the region as the file writes it
  const bandsSeen = new Map<string, Set<number>>();
  const alternatives = new Map<string, number>();
  const heading = table.headingOf;
  let rows = 0;
  for (const { line, cells } of table.rows) {
    rows++;
    const areaId = resolveRegion(cells[col.region]);
    if (!areaId) fail({ line, column: col.region + 1, heading: heading(col.region), message: `ukjent område «${cells[col.region]}»` });
    const sex = SEX[cells[col.sex].toLowerCase()];
    if (!sex) fail({ line, column: col.sex + 1, heading: heading(col.sex), message: `ukjent kjønn «${cells[col.sex]}» (Menn eller Kvinner)` });
    const band = ageBand(cells[col.age]);
    if (typeof band === 'string') fail({ line, column: col.age + 1, heading: heading(col.age), message: band });
    const yearText = cells[col.year];
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= 2000 && year <= 2100))
      fail({ line, column: col.year + 1, heading: heading(col.year), message: `«${yearText}» er ikke et år mellom 2000 og 2100` });
    const raw = cells[col.value].replace(/\s/g, '');
    let persons = NaN;
    if (raw === '' || raw === '.' || raw === '..' || raw === ':')
      fail({ line, column: col.value + 1, heading: heading(col.value), message: 'antall personer mangler' });
    else if (!/^-?\d+$/.test(raw)) fail({ line, column: col.value + 1, heading: heading(col.value), message: `«${cells[col.value]}» er ikke et helt tall` });
    else if ((persons = Number(raw)) < 0) fail({ line, column: col.value + 1, heading: heading(col.value), message: `negativt antall personer (${raw})` });
    if (col.alt >= 0 && !alternatives.has(cells[col.alt])) {
      alternatives.set(cells[col.alt], line);
      if (alternatives.size === 2)
        fail({
          line,
          column: col.alt + 1,
          heading: heading(col.alt),
          message: `et annet framskrivingsalternativ «${cells[col.alt]}»: last inn ett alternativ per fil`,
        });
    }
    if (!areaId || !sex || typeof band === 'string' || Number.isNaN(year) || !(persons >= 0)) continue;
    const k = `${areaId}|${year}|${sex}|${band}`;
    const c = sums.get(k);
    if (c) c.population += persons;
    else sums.set(k, { areaId, year, sex, ageFrom: band, population: persons });
    const g = `${areaId}|${year}|${sex}`;
    if (!firstLine.has(g)) firstLine.set(g, line);
    if (!regionText.has(`${areaId}|${year}`)) regionText.set(`${areaId}|${year}`, cells[col.region]);
    let seen = bandsSeen.get(g);
    if (!seen) bandsSeen.set(g, (seen = new Set()));
    seen.add(band);
  }
  if (rows === 0) fail({ line: headerLine + 1, column: 1, heading: heading(0), message: 'filen har ingen datarader' });
  // Every area and year needs both sexes and all 19 bands, or the projection would undercount.
  const groups = new Set([...bandsSeen.keys()].map((g) => g.split('|').slice(0, 2).join('|')));
  for (const ay of groups)
    for (const sex of ['M', 'F'] as const) {
      const g = `${ay}|${sex}`;
      const seen = bandsSeen.get(g);
      const [, year] = ay.split('|');
      const areaId = regionText.get(ay) ?? '';
      const line = firstLine.get(g) ?? firstLine.get(`${ay}|${sex === 'M' ? 'F' : 'M'}`) ?? headerLine + 1;
      if (!seen) {
        fail({ line, column: col.sex + 1, heading: heading(col.sex), message: `${areaId} ${year}: ingen rader for ${sex === 'M' ? 'Menn' : 'Kvinner'}` });
        continue;
      }
      const missing = AGE_BANDS.filter((b) => !seen.has(b));
      if (missing.length > 0)
        fail({
          line,
          column: col.age + 1,
          heading: heading(col.age),
          message: `${areaId} ${year} ${sex === 'M' ? 'Menn' : 'Kvinner'}: mangler aldersgruppene ${missing.map((b) => (b === 90 ? '90+' : `${b}-${b + 4}`)).join(', ')}`,
        });
    }
  throwIfAny();
  const cells = [...sums.values()];
  return {
    cells,
    alternative: alternatives.size === 1 ? [...alternatives.keys()][0] : null,
    years: [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b),
    areaIds: [...new Set(cells.map((c) => c.areaId))].sort(),
    rows,
  };
}
