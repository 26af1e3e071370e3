// Import of today's use per 10,000 inhabitants (issue 12 item 1: "from Radvis's own exam data, or
// an imported table"), for a region whose exams do not all pass through Radvis yet — e.g. rates
// from its RIS statistics or the health atlas (SKDE Helseatlas). Semicolon-separated with a
// heading line, as the projection import (projection-csv.ts); columns found by their heading:
//
//   region        a referral area id or name ("bergen", "Bergen") — rates are per referral area
//   kjønn         "Menn" / "Kvinner" (also "M"/"F", "1"/"2")
//   alder         5-year bands "0-4 år" … "85-89 år", "90+" (or "90 år eller eldre")
//   modalitet     exam type: CT, MR, DX (plain X-ray; "CR" and "Røntgen" are read as DX), US ("Ultralyd")
//   år            the year the rates describe (one year per file; the scenario's base year)
//   last column   exams per 10,000 inhabitants of that stratum (≥ 0; decimal comma or point)
//
// Refused with line and column, nothing stored: missing columns, unknown area, sex, age band or
// exam type, a single age instead of a band, negative, missing or non-numeric rates, a bad year or
// more than one year, a stratum given twice, and an area × exam type lacking a sex or any of the
// 19 age bands (a missing band would silently count as no use).
import { AGE_BANDS, type Sex, type UseRate } from './model.ts';
import { problemList, readCsvTable } from '../csv/csv-table.ts';
import { ageBand, SEX } from './projection-csv.ts';

export interface ParsedUseRates {
  rates: UseRate[];
  year: number;
  areaIds: string[];
  examTypes: string[];
  rows: number;
}

const EXAM_TYPE: Record<string, string> = { ct: 'CT', mr: 'MR', mri: 'MR', dx: 'DX', cr: 'DX', røntgen: 'DX', rontgen: 'DX', us: 'US', ultralyd: 'US' };

/**
 * Parses a use-rate table. `resolveArea` maps a region cell to a referral area id (undefined =
 * unknown); `examTypes` are the exam types Radvis prices (content/capacity/exam-minutes.csv).
 * Throws CsvImportError (csv-table.ts; its `problems` carry line, column and heading; at most 20).
 */
export function parseUseRateCsv(text: string, resolveArea: (region: string) => string | undefined, examTypes: readonly string[]): ParsedUseRates {
  const { fail, throwIfAny } = problemList();
  const table = readCsvTable(text, {
    isHeading: (cells) => cells.includes('region') || cells.includes('alder'),
    noHeading: 'fant ingen overskriftslinje med kolonnene region, kjønn, alder, modalitet, år og per 10 000',
    fail,
  });
  const raw = table.heading;
  const header = table.names;
  const headerLine = table.headingLine;
  const find = table.column;
  const col = {
    region: find('region', 'område', 'omrade'),
    sex: find('kjønn', 'kjonn', 'sex'),
    age: find('alder', 'age'),
    type: find('modalitet', 'undersøkelse', 'undersokelse', 'exam_type'),
    year: find('år', 'ar', 'year'),
    value: header.length - 1,
  };
  for (const [name, idx] of [
    ['region', col.region],
    ['kjønn', col.sex],
    ['alder', col.age],
    ['modalitet', col.type],
    ['år', col.year],
  ] as const)
    if (idx < 0) fail({ line: headerLine, column: header.length + 1, heading: name, message: `kolonnen «${name}» mangler` });
  if (header.length < 6 || [col.region, col.sex, col.age, col.type, col.year].includes(col.value))
    fail({
      line: headerLine,
      column: header.length,
      heading: raw[header.length - 1] ?? '',
      message: 'siste kolonne må være undersøkelser per 10 000 innbyggere',
    });
  throwIfAny();

  const heading = table.headingOf;
  const seen = new Map<string, number>(); // area|type|sex|band → line
  // Strata a row names, even one refused for its value: a band is "missing" only when no row names it.
  const present = new Set<string>();
  const regionText = new Map<string, string>();
  const firstLine = new Map<string, number>(); // area|type → first line
  const years = new Map<number, number>();
  const rates: UseRate[] = [];
  let rows = 0;
  for (const { line, cells } of table.rows) {
    rows++;
    const areaId = resolveArea(cells[col.region]);
    if (!areaId) fail({ line, column: col.region + 1, heading: heading(col.region), message: `ukjent opptaksområde «${cells[col.region]}»` });
    const sex: Sex | undefined = SEX[cells[col.sex].toLowerCase()];
    if (!sex) fail({ line, column: col.sex + 1, heading: heading(col.sex), message: `ukjent kjønn «${cells[col.sex]}» (Menn eller Kvinner)` });
    // A rate is per band: a single age ("47 år") would be one year's rate read as five years'.
    const ageText = cells[col.age].trim();
    let band = /^\d{1,3}\s*(år)?$/i.test(ageText) ? `«${ageText}» er én alder: oppgi femårsgrupper (0-4 år … 90+)` : ageBand(ageText);
    if (typeof band === 'number' && !(AGE_BANDS as readonly number[]).includes(band)) band = `ukjent aldersgruppe «${ageText}»`;
    if (typeof band === 'string') fail({ line, column: col.age + 1, heading: heading(col.age), message: band });
    const typeText = cells[col.type].trim();
    const examType = EXAM_TYPE[typeText.toLowerCase()] ?? (examTypes.includes(typeText.toUpperCase()) ? typeText.toUpperCase() : undefined);
    if (!examType || !examTypes.includes(examType))
      fail({ line, column: col.type + 1, heading: heading(col.type), message: `ukjent modalitet «${typeText}» (${examTypes.join(', ')})` });
    const yearText = cells[col.year];
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= 2000 && year <= 2100))
      fail({ line, column: col.year + 1, heading: heading(col.year), message: `«${yearText}» er ikke et år mellom 2000 og 2100` });
    else if (!years.has(year)) {
      years.set(year, line);
      if (years.size === 2) fail({ line, column: col.year + 1, heading: heading(col.year), message: `et annet år (${year}): last inn ett år per fil` });
    }
    const valueText = cells[col.value].replace(/\s/g, '');
    let per10000 = NaN;
    if (valueText === '' || valueText === '.' || valueText === '..' || valueText === ':')
      fail({ line, column: col.value + 1, heading: heading(col.value), message: 'raten mangler' });
    else if (!/^-?\d+([.,]\d+)?$/.test(valueText))
      fail({ line, column: col.value + 1, heading: heading(col.value), message: `«${cells[col.value]}» er ikke et tall` });
    else if ((per10000 = Number(valueText.replace(',', '.'))) < 0)
      fail({ line, column: col.value + 1, heading: heading(col.value), message: `negativ rate (${valueText})` });
    else if (per10000 > 100_000)
      fail({ line, column: col.value + 1, heading: heading(col.value), message: `${valueText} per 10 000 er mer enn ti undersøkelser per innbygger` });
    if (!areaId || !sex || typeof band === 'string' || !examType || !examTypes.includes(examType)) continue;
    const k = `${areaId}|${examType}|${sex}|${band}`;
    present.add(k);
    if (!firstLine.has(`${areaId}|${examType}`)) firstLine.set(`${areaId}|${examType}`, line);
    if (!regionText.has(areaId)) regionText.set(areaId, cells[col.region]);
    if (Number.isNaN(year) || !(per10000 >= 0) || per10000 > 100_000) continue;
    if (seen.has(k)) {
      fail({
        line,
        column: col.age + 1,
        heading: heading(col.age),
        message: `samme område, modalitet, kjønn og aldersgruppe står også på linje ${seen.get(k)}`,
      });
      continue;
    }
    seen.set(k, line);
    rates.push({ areaId, sex, ageFrom: band, examType, per10000 });
  }
  if (rows === 0) fail({ line: headerLine + 1, column: 1, heading: heading(0), message: 'filen har ingen datarader' });
  for (const [g, line] of firstLine) {
    const [areaId, examType] = g.split('|');
    for (const sex of ['M', 'F'] as const) {
      const missing = AGE_BANDS.filter((b) => !present.has(`${areaId}|${examType}|${sex}|${b}`));
      if (missing.length === 0) continue;
      fail({
        line,
        column: col.age + 1,
        heading: heading(col.age),
        message:
          missing.length === AGE_BANDS.length
            ? `${regionText.get(areaId)} ${examType}: ingen rader for ${sex === 'M' ? 'Menn' : 'Kvinner'}`
            : `${regionText.get(areaId)} ${examType} ${sex === 'M' ? 'Menn' : 'Kvinner'}: mangler aldersgruppene ${missing.map((b) => (b === 90 ? '90+' : `${b}-${b + 4}`)).join(', ')}`,
      });
    }
  }
  throwIfAny();
  return {
    rates,
    year: [...years.keys()][0]!,
    areaIds: [...new Set(rates.map((r) => r.areaId))].sort(),
    examTypes: [...new Set(rates.map((r) => r.examType))].sort(),
    rows,
  };
}
