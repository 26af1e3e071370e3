// Loads the packaged reference data (content/codes/) into the database: regions, hospital
// referral areas, municipalities, population by age band and sex, and the NCRP exam catalogue.
// Idempotent: rows that exist are left as they are.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export const CODES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content/codes');
export const POPULATION_YEAR = 2024;

/** Minimal RFC 4180 CSV parser (quoted fields, commas inside quotes). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function readCsv(name: string, dir = CODES_DIR) {
  return parseCsv(fs.readFileSync(path.join(dir, name), 'utf8'));
}

export interface AreaRef {
  id: string;
  name: string;
  regionId: string;
  regionName: string;
  trustName: string;
  population: number;
}
export interface MunicipalityRef {
  number: string;
  name: string;
  areaId: string;
  population: number;
}
export interface PopulationRow {
  areaId: string;
  sex: 'M' | 'F';
  ageFrom: number;
  population: number;
}
export interface ExamCodeRef {
  code: string;
  nameNb: string;
  nameEn: string;
  modality: string;
  bodyPart: string;
  verified: boolean;
  source: string;
}

export interface IndicationRef {
  system: 'ICPC-2' | 'ICD-10';
  code: string;
  nameNb: string;
  nameEn: string;
}

/** ICPC-2 / ICD-10 subset for searching indications in the referral form (content/codes/indications.csv). */
export function readIndications(): IndicationRef[] {
  return readCsv('indications.csv').map((r) => ({ system: r.system as IndicationRef['system'], code: r.code, nameNb: r.name_nb, nameEn: r.name_en }));
}

/** The national age and sex profile population.csv was derived from (content/codes/age-sex-profile.csv). */
export function readAgeSexProfile(): { ageFrom: number; share: number; male: number }[] {
  return readCsv('age-sex-profile.csv').map((r) => ({ ageFrom: Number(r.age_from), share: Number(r.share_percent) / 100, male: Number(r.male_percent) / 100 }));
}

export interface ReferenceData {
  areas: AreaRef[];
  municipalities: MunicipalityRef[];
  population: PopulationRow[];
  examCodes: ExamCodeRef[];
}

let cached: ReferenceData | undefined;

/** Reads and derives the reference data from content/codes (cached; pure apart from reading files). */
export function readReferenceData(): ReferenceData {
  if (cached) return cached;
  const areas = readCsv('areas.csv').map((r) => ({
    id: r.id,
    name: r.name,
    regionId: r.region_id,
    regionName: r.region_name,
    trustName: r.trust_name,
    population: Number(r.population_mean_2018_2022),
  }));
  const muniRows = readCsv('municipalities.csv');
  const municipalities: MunicipalityRef[] = [];
  for (const a of areas) {
    const mine = muniRows.filter((m) => m.area_id === a.id);
    if (mine.length === 0) throw new Error(`content/codes/municipalities.csv: area ${a.id} has no municipality`);
    const total = mine.reduce((s, m) => s + Number(m.weight), 0);
    let assigned = 0;
    mine.forEach((m, i) => {
      // Scale weights so the area's municipalities sum exactly to the area total.
      const pop = i === mine.length - 1 ? a.population - assigned : Math.round((a.population * Number(m.weight)) / total);
      assigned += pop;
      municipalities.push({ number: m.number, name: m.name, areaId: a.id, population: pop });
    });
  }
  // Population by area, sex and 5-year band (content/codes/population.csv; derived, see README).
  const population: PopulationRow[] = readCsv('population.csv')
    .filter((r) => Number(r.year) === POPULATION_YEAR)
    .map((r) => ({ areaId: r.area_id, sex: r.sex as 'M' | 'F', ageFrom: Number(r.age_from), population: Number(r.population) }));
  const examCodes = readCsv('ncrp.csv').map((r) => ({
    code: r.code,
    nameNb: r.name_nb,
    nameEn: r.name_en,
    modality: r.modality,
    bodyPart: r.body_part,
    verified: r.verified === 'true',
    source: r.source,
  }));
  cached = { areas, municipalities, population, examCodes };
  return cached;
}

export async function loadReferenceData(db: Kysely<DB>): Promise<ReferenceData> {
  const ref = readReferenceData();
  await db.transaction().execute(async (trx) => {
    const regions = [...new Map(ref.areas.map((a) => [a.regionId, { id: a.regionId, name: a.regionName }])).values()];
    await trx
      .insertInto('region')
      .values(regions)
      .onConflict((c) => c.doNothing())
      .execute();
    await trx
      .insertInto('hospital_area')
      .values(ref.areas.map((a) => ({ id: a.id, name: a.name, region_id: a.regionId })))
      .onConflict((c) => c.doNothing())
      .execute();
    await trx
      .insertInto('municipality')
      .values(ref.municipalities.map((m) => ({ number: m.number, name: m.name, area_id: m.areaId, population: m.population })))
      .onConflict((c) => c.doNothing())
      .execute();
    await trx
      .insertInto('area_population')
      .values(ref.population.map((p) => ({ area_id: p.areaId, year: POPULATION_YEAR, sex: p.sex, age_from: p.ageFrom, population: p.population })))
      .onConflict((c) => c.doNothing())
      .execute();
    await trx
      .insertInto('exam_code')
      .values(
        ref.examCodes.map((e) => ({
          code: e.code,
          name: e.nameNb,
          name_en: e.nameEn,
          modality: e.modality,
          body_part: e.bodyPart,
          verified: e.verified,
          source: e.source,
        })),
      )
      .onConflict((c) => c.doNothing())
      .execute();
  });
  return ref;
}

/** Visiting addresses of hospital sites by site name (content/codes/site-addresses.csv). */
export function siteAddresses(): Map<string, string> {
  return new Map(readCsv('site-addresses.csv').map((r) => [r.site, r.visiting_address]));
}

/**
 * Sets the visiting address (besøksadresse) of every site whose name is in
 * content/codes/site-addresses.csv and that has none yet; returns how many were set. Sites are
 * matched by name because the directory's ids are the region generator's.
 */
export async function applySiteAddresses(db: Kysely<DB>): Promise<number> {
  let n = 0;
  for (const [site, address] of siteAddresses()) {
    const r = await db
      .updateTable('organization')
      .set({ visiting_address: address })
      .where('kind', '=', 'site')
      .where('name', '=', site)
      .where('visiting_address', 'is', null)
      .executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}
