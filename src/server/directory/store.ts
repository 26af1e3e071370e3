// SQL for the directory: organizations, areas, municipalities, machines, people and patients.
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { DB, OrganizationKind } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** All organization ids in the subtrees rooted at `roots` (roots included). */
export async function subtreeIds(db: Q, roots: string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const r = await sql<{ id: string }>`
    WITH RECURSIVE t(id) AS (
      SELECT id FROM organization WHERE id IN (${sql.join(roots)})
      UNION
      SELECT o.id FROM organization o JOIN t ON o.parent_id = t.id
    ) SELECT id FROM t`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function listOrganizations(db: Q, filter: { kind?: OrganizationKind; parentId?: string; regionId?: string; q?: string; limit: number }) {
  let q = db
    .selectFrom('organization')
    .select(['id', 'kind', 'name', 'short_name', 'parent_id', 'region_id', 'area_id', 'municipality_number', 'org_number', 'visiting_address', 'active'])
    .orderBy('name')
    .limit(filter.limit);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.parentId) q = q.where('parent_id', '=', filter.parentId);
  if (filter.regionId) q = q.where('region_id', '=', filter.regionId);
  if (filter.q) q = q.where(sql`lower(name)`, 'like', `%${filter.q.toLowerCase()}%`);
  return q.execute();
}

export async function getOrganization(db: Q, id: string) {
  return db.selectFrom('organization').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function modalitiesAt(db: Q, siteIds: string[]) {
  if (siteIds.length === 0) return [];
  return db.selectFrom('modality').selectAll().where('site_org_id', 'in', siteIds).orderBy('site_org_id').orderBy('kind').orderBy('name').execute();
}

export async function agreementsOf(db: Q, orgId: string) {
  return db
    .selectFrom('purchase_agreement as a')
    .innerJoin('organization as b', 'b.id', 'a.buyer_org_id')
    .innerJoin('organization as p', 'p.id', 'a.provider_org_id')
    .select([
      'a.id',
      'a.buyer_org_id',
      'b.name as buyer_name',
      'a.provider_org_id',
      'p.name as provider_name',
      'a.modalities',
      'a.annual_volume',
      'a.valid_from',
      'a.valid_to',
    ])
    .where((eb) => eb.or([eb('a.buyer_org_id', '=', orgId), eb('a.provider_org_id', '=', orgId)]))
    .execute();
}

export async function listAreas(db: Q, year: number) {
  return db
    .selectFrom('hospital_area as a')
    .innerJoin('region as r', 'r.id', 'a.region_id')
    .leftJoin('area_population as p', (j) => j.onRef('p.area_id', '=', 'a.id').on('p.year', '=', year))
    .select(['a.id', 'a.name', 'a.region_id', 'r.name as region_name', sql<number>`coalesce(sum(p.population), 0)::int`.as('population')])
    .groupBy(['a.id', 'a.name', 'a.region_id', 'r.name'])
    .orderBy('a.region_id')
    .orderBy('a.name')
    .execute();
}

export async function areaPopulation(db: Q, areaId: string, year: number) {
  return db
    .selectFrom('area_population')
    .select(['sex', 'age_from', 'population'])
    .where('area_id', '=', areaId)
    .where('year', '=', year)
    .orderBy('sex')
    .orderBy('age_from')
    .execute();
}

export async function municipalitiesOf(db: Q, areaId: string) {
  return db.selectFrom('municipality').selectAll().where('area_id', '=', areaId).orderBy('name').execute();
}

export async function searchExamCodes(db: Q, q: string | undefined, limit: number) {
  let query = db.selectFrom('exam_code').selectAll().orderBy('code').limit(limit);
  if (q) {
    const like = `%${q.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(code)`, 'like', like),
        eb(sql`lower(name)`, 'like', like),
        eb(sql`lower(body_part)`, 'like', like),
        eb(sql`lower(coalesce(name_en, ''))`, 'like', like),
      ]),
    );
  }
  return query.execute();
}

// ---- patients ----

const PATIENT_COLUMNS = [
  'p.id',
  'p.fnr',
  'p.given_name',
  'p.family_name',
  'p.birth_date',
  'p.sex',
  'p.municipality_number',
  'm.name as municipality_name',
  'm.area_id',
] as const;

export type PatientRow = Awaited<ReturnType<typeof findPatientByFnr>>;

export async function findPatientByFnr(db: Q, fnr: string) {
  return db
    .selectFrom('patient as p')
    .innerJoin('municipality as m', 'm.number', 'p.municipality_number')
    .select(PATIENT_COLUMNS)
    .where('p.fnr', '=', fnr)
    .executeTakeFirst();
}

export async function findPatientById(db: Q, id: string) {
  return db
    .selectFrom('patient as p')
    .innerJoin('municipality as m', 'm.number', 'p.municipality_number')
    .select(PATIENT_COLUMNS)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** A person's directory entry (name, HPR number), or undefined. */
export async function findPersonById(db: Q, id: string) {
  return db.selectFrom('person').select(['id', 'hpr_number', 'given_name', 'family_name']).where('id', '=', id).executeTakeFirst();
}

/**
 * Ids of patients (by id and by number) or persons (by id and by HPR number) a FHIR directory
 * search names: each array is AND of its entries, each entry OR. Every match, by id: a search names
 * its candidates one by one (ids and numbers are unique), so there are never more than the shortest
 * OR-list (the caller bounds those); cutting here would make Bundle.total and paging wrong.
 */
export async function directoryCandidates(db: Q, type: 'Patient' | 'Practitioner', ids: string[][], numbers: string[][]): Promise<string[]> {
  const table = type === 'Patient' ? 'patient' : 'person';
  const column = type === 'Patient' ? 'fnr' : 'hpr_number';
  let q = db.selectFrom(table).select('id');
  for (const g of ids) q = q.where('id', 'in', g.length ? g : ['-']);
  for (const g of numbers) q = q.where(column, 'in', g.length ? g : ['-']);
  return (await q.orderBy('id').execute()).map((r) => r.id);
}

export interface Entitlement {
  personId: string;
  /** The access gate's referral condition for the person (access/gate.ts referralCondition, alias r). */
  visibleReferral: RawBuilder<SqlBool>;
}

/**
 * The patients a person is entitled to see (the access gate's patient rule): those with a
 * referral the gate lets the person see, and those who have the person as their GP.
 */
function entitledPatients(db: Q, who: Entitlement) {
  return db
    .selectFrom('patient as p')
    .innerJoin('municipality as m', 'm.number', 'p.municipality_number')
    .select(PATIENT_COLUMNS)
    .where((eb) =>
      eb.or([
        eb('p.gp_person_id', '=', who.personId),
        eb.exists(eb.selectFrom('referral as r').select('r.id').whereRef('r.patient_id', '=', 'p.id').where(who.visibleReferral)),
      ]),
    );
}

/** LIKE pattern text with its wildcards escaped (a name is matched as typed). */
const likeText = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every word of `name` must occur in "given family" (any order, any case): "knesen kari" finds Kari Knesen. */
function nameWords(name: string): string[] {
  return name.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6);
}

/**
 * The first `limit` patients, by name, that `who` may see (entitledPatients' rule) and whose name
 * holds every word of `name`. Read from the person's side: their list patients (patient_gp_idx) and
 * the patients of the referrals they may see (the referral indexes by referrer, practice and
 * department) are gathered first, then filtered by name and sorted, so the cost follows the person's
 * patients — a few thousand for a GP, a department's for its staff — not the patient table.
 * Walking patient_name_idx in name order and testing each patient (before migration 0280) read
 * 170,000–600,000 patients per search at 1 M referrals, even for a GP: a substring match cannot
 * stop early unless the first matches sort early.
 */
export async function searchEntitledPatients(db: Q, who: Entitlement, name: string, limit: number) {
  let q = db
    .selectFrom('patient as p')
    .innerJoin('municipality as m', 'm.number', 'p.municipality_number')
    .select(PATIENT_COLUMNS)
    // = ANY(ARRAY(…)): the person's patients are gathered once and looked up by primary key; as a
    // join the planner, misjudging the LIKE, scanned the patient table to hash it.
    .where(
      'p.id',
      '=',
      sql<string>`ANY (ARRAY(SELECT q.id FROM patient q WHERE q.gp_person_id = ${who.personId}
        UNION SELECT r.patient_id FROM referral r WHERE ${who.visibleReferral}))`,
    );
  for (const w of nameWords(name)) q = q.where(sql`lower(p.given_name || ' ' || p.family_name)`, 'like', `%${likeText(w)}%`);
  return q.orderBy('p.family_name').orderBy('p.given_name').limit(limit).execute();
}

/** Patients born on `birthDate` (YYYY-MM-DD) whose name holds every word of `name`; not limited to entitled patients (the caller decides who may). */
export async function searchPatientsByNameAndBirthDate(db: Q, name: string, birthDate: string, limit: number) {
  let q = db
    .selectFrom('patient as p')
    .innerJoin('municipality as m', 'm.number', 'p.municipality_number')
    .select(PATIENT_COLUMNS)
    .where('p.birth_date', '=', birthDate);
  for (const w of nameWords(name)) q = q.where(sql`lower(p.given_name || ' ' || p.family_name)`, 'like', `%${likeText(w)}%`);
  return q.orderBy('p.family_name').orderBy('p.given_name').orderBy('p.id').limit(limit).execute();
}

export async function isEntitled(db: Q, who: Entitlement, patientId: string): Promise<boolean> {
  return (await entitledPatients(db, who).where('p.id', '=', patientId).executeTakeFirst()) !== undefined;
}

/**
 * One OR-group of a FHIR patient search criterion: a patient id, or every patient whose number
 * begins with one of `firstDigits` (a token `[system]|`, "any value in this system", R4
 * search.html#token; identifiers.ts `patientSystemFirstDigits`).
 */
export type PatientKey = string | { firstDigits: readonly string[] };

/**
 * SQL condition that the patient id column `column` (e.g. `r.patient_id`) matches one of the keys
 * of `group` (OR). An empty group matches nothing.
 */
export function patientKeyCondition(column: string, group: readonly PatientKey[]): RawBuilder<SqlBool> {
  const ids = group.filter((k): k is string => typeof k === 'string');
  const digits = [...new Set(group.flatMap((k) => (typeof k === 'string' ? [] : k.firstDigits)))];
  const parts: RawBuilder<SqlBool>[] = [];
  if (ids.length) parts.push(sql<SqlBool>`${sql.ref(column)} IN (${sql.join(ids)})`);
  if (digits.length) parts.push(sql<SqlBool>`${sql.ref(column)} IN (SELECT p.id FROM patient p WHERE substr(p.fnr, 1, 1) IN (${sql.join(digits)}))`);
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` OR `)})` : sql<SqlBool>`FALSE`;
}
