// SQL for referrals, advice events, decisions and CDS feedback.
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import { patientKeyCondition, type PatientKey } from '../directory/store.ts';
import { referralIdPage } from '../db/paging.ts';
import type { DB, ReferralTable, ReferrerKind, Urgency } from '../db/schema.ts';
import type { Rating } from '../guidelines/types.ts';
import { keysetCondition, keysetKey, type KeysetColumn } from '../interop/fhir/paging.ts';
import { WITHDRAWABLE_STATUSES } from '../../shared/api/assessment.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function examCodeExists(db: Q, code: string) {
  return (await db.selectFrom('exam_code').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

export async function listExamCatalog(db: Q) {
  return db.selectFrom('exam_code').select(['code', 'name', 'name_en', 'modality', 'body_part']).orderBy('name').execute();
}

export async function receivingDepartment(db: Q, id: string) {
  return db
    .selectFrom('organization')
    .select(['id', 'name', 'kind'])
    .where('id', '=', id)
    .where('kind', 'in', ['department', 'private_institute', 'private_hospital'])
    .executeTakeFirst();
}

export async function listReceivingDepartments(db: Q) {
  return db
    .selectFrom('organization as o')
    .leftJoin('organization as p', 'p.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.kind', 'o.region_id'])
    .where('o.kind', 'in', ['department', 'private_institute'])
    .orderBy('o.region_id')
    .orderBy('o.name')
    .execute();
}

export interface AdviceEventRow {
  source: 'app' | 'cds-hooks';
  userId: string | null;
  client: string | null;
  /** The CDS client's own user (context.userId, e.g. Practitioner/123). */
  externalUser?: string | null;
  draftId: string | null;
  hookInstance: string | null;
  cardUuid: string | null;
  referralId: string | null;
  examCode: string;
  topicId: string;
  topicVersion: string;
  rating: string;
  score: number | null;
  facts: unknown;
  missingFacts: unknown;
  /** The uuids of the suggestions a CDS card offered (checked against feedback's acceptedSuggestions). */
  suggestionUuids?: string[];
  /** The CDS service that issued the card (feedback must come to that service's endpoint). */
  serviceId?: string | null;
}

export async function insertAdviceEvents(db: Q, rows: AdviceEventRow[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('advice_event')
    .values(
      rows.map((r) => ({
        source: r.source,
        user_id: r.userId,
        client: r.client,
        external_user: r.externalUser ?? null,
        draft_id: r.draftId,
        hook_instance: r.hookInstance,
        card_uuid: r.cardUuid,
        referral_id: r.referralId,
        exam_code: r.examCode,
        topic_id: r.topicId,
        topic_version: r.topicVersion,
        rating: r.rating,
        score: r.score,
        facts: JSON.stringify(r.facts),
        missing_facts: JSON.stringify(r.missingFacts),
        suggestion_uuids: JSON.stringify(r.suggestionUuids ?? []),
        service_id: r.serviceId ?? null,
      })),
    )
    .execute();
}

export async function lastAdviceForDraft(db: Q, draftId: string, userId: string) {
  return db
    .selectFrom('advice_event')
    .select(['exam_code', 'topic_id', 'topic_version', 'rating', 'missing_facts'])
    .where('draft_id', '=', draftId)
    .where('user_id', '=', userId)
    .where('referral_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface NewReferral {
  id: string;
  patientId: string;
  referrerPersonId: string;
  referrerOrgId: string;
  departmentOrgId: string;
  examCode: string;
  indication?: { system: 'ICPC-2' | 'ICD-10'; code: string } | null;
  clinicalQuestion: string | null;
  clinicalNote: string | null;
  urgency: Urgency;
  facts: Record<string, unknown>;
  contraindications: Record<string, unknown>;
  advice: unknown;
  lowValue: boolean | null;
  patientAreaId: string | null;
  patientAge: number;
  patientSex: 'M' | 'F';
  source: 'app' | 'fhir';
  identifier?: { system: string; value: string } | null;
  /** Every identifier (ServiceRequest.identifier, in order; system null = none sent); default: `identifier` alone. */
  identifiers?: { system: string | null; value: string }[];
  /** The FHIR resource as received (FHIR creates), so elements Radvis does not model are kept. */
  fhirResource?: unknown;
  /** The assessment deadline (YYYY-MM-DD), set by receive.ts from the assessment domain's rule. */
  assessmentDueDate?: string | null;
  /**
   * When the referrer wrote it, as the client's record system said (FHIR authoredOn: `text` as sent,
   * `at` the first instant it may mean). Absent for referrals written in Radvis (authored = received).
   */
  authoredOn?: { text: string; at: Date };
}

export async function insertReferral(db: Q, r: NewReferral) {
  await db
    .insertInto('referral')
    .values({
      id: r.id,
      patient_id: r.patientId,
      referrer_person_id: r.referrerPersonId,
      referrer_org_id: r.referrerOrgId,
      department_org_id: r.departmentOrgId,
      exam_code: r.examCode,
      indication_system: r.indication?.system ?? null,
      indication_code: r.indication?.code ?? null,
      clinical_question: r.clinicalQuestion,
      clinical_note: r.clinicalNote,
      urgency: r.urgency,
      status: 'submitted',
      low_value: r.lowValue,
      patient_area_id: r.patientAreaId,
      patient_age: r.patientAge,
      patient_sex: r.patientSex,
      submitted_at: sql<Date>`now()`,
      source: r.source,
      facts: JSON.stringify(r.facts),
      contraindications: JSON.stringify(r.contraindications),
      advice: r.advice === null ? null : JSON.stringify(r.advice),
      identifier_system: r.identifier?.system ?? null,
      identifier_value: r.identifier?.value ?? null,
      fhir_resource: r.fhirResource === undefined ? null : JSON.stringify(r.fhirResource),
      assessment_due_date: r.assessmentDueDate ?? null,
      authored_on: r.authoredOn?.text ?? null,
      authored_at: r.authoredOn?.at ?? null,
    })
    .execute();
  const identifiers = r.identifiers ?? (r.identifier ? [r.identifier] : []);
  if (identifiers.length)
    await db
      .insertInto('referral_identifier')
      .values(identifiers.map((i, position) => ({ referral_id: r.id, position, system: i.system, value: i.value })))
      .execute();
}

export type Decision = 'followed' | 'overridden' | 'alternative_accepted' | 'withdrawn';

export interface NewDecision {
  referralId: string | null;
  userId: string | null;
  topicId: string;
  topicVersion: string;
  rating: string;
  decision: Decision;
  reasonCode: string | null;
  reasonText: string | null;
  draftId: string | null;
  patientId: string | null;
  examCode: string | null;
}

export async function insertDecision(db: Q, d: NewDecision) {
  await db
    .insertInto('referral_decision')
    .values({
      referral_id: d.referralId,
      user_id: d.userId,
      topic_id: d.topicId,
      topic_version: d.topicVersion,
      rating: d.rating,
      decision: d.decision,
      reason_code: d.reasonCode,
      reason_text: d.reasonText,
      draft_id: d.draftId,
      patient_id: d.patientId,
      exam_code: d.examCode,
    })
    .execute();
}

const LIST_COLUMNS = [
  'r.id',
  'r.patient_id',
  'p.given_name',
  'p.family_name',
  'p.fnr',
  'r.patient_age',
  'r.patient_sex',
  'r.exam_code',
  'c.name as exam_name',
  // The exam's English name, for a referrer using Radvis in English (nc27: "MR lumbosakralcolumna" in "My referrals").
  'c.name_en as exam_name_en',
  'r.urgency',
  'r.status',
  'r.submitted_at',
  'r.department_org_id',
  'd.name as department_name',
  'r.referrer_person_id',
  'r.clinical_question',
  sql<Rating | null>`r.advice->>'rating'`.as('rating'),
  sql<string | null>`r.advice->>'topicId'`.as('topic_id'),
] as const;

/**
 * One page of a referrer's referrals, or of the referrals with a status in some departments,
 * newest first, among those `visible` (the access gate's condition) allows. Reads only the page:
 * per department the (department_org_id, status, submitted_at) index gives the newest `limit`
 * rows, and the referrer's list uses (referrer_person_id, submitted_at) — never a whole history.
 */
export async function listReferralsBy(
  db: Q,
  filter: { referrerPersonId?: string; departmentIds?: string[]; status?: string; limit: number; visible: RawBuilder<SqlBool> },
) {
  let ids: string[];
  if (filter.departmentIds) {
    if (filter.departmentIds.length === 0) return [];
    const status = filter.status ? sql`AND r.status = ${filter.status}` : sql``;
    const r = await sql<{ id: string }>`
      SELECT p.id FROM unnest(ARRAY[${sql.join(filter.departmentIds)}]::text[]) AS dep(id)
      CROSS JOIN LATERAL (
        SELECT r.id, r.submitted_at FROM referral r
        WHERE r.department_org_id = dep.id ${status} ${filter.referrerPersonId ? sql`AND r.referrer_person_id = ${filter.referrerPersonId}` : sql``} AND ${filter.visible}
        ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${filter.limit}
      ) p
      ORDER BY p.submitted_at DESC, p.id DESC LIMIT ${filter.limit}`.execute(db);
    ids = r.rows.map((x) => x.id);
  } else {
    let q = db.selectFrom('referral as r').select('r.id').where(filter.visible).orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(filter.limit);
    if (filter.referrerPersonId) q = q.where('r.referrer_person_id', '=', filter.referrerPersonId);
    if (filter.status) q = q.where('r.status', '=', filter.status as never);
    ids = (await q.execute()).map((x) => x.id);
  }
  if (ids.length === 0) return [];
  return db
    .selectFrom('referral as r')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .select(LIST_COLUMNS)
    .where('r.id', 'in', ids)
    .orderBy('r.submitted_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

/**
 * One page of a referrer's own referrals, newest first (submitted_at DESC, id DESC — the order of
 * index referral_referrer_page_idx on (referrer_person_id, submitted_at DESC, id DESC), migration
 * 0060, so the page is read off the index and never sorts a whole history), among those `visible`
 * (the access gate's condition) allows, narrowed by a search (assessment/store.ts#searchCondition)
 * and a status; and how many match in all. Offset paging with a total, like the vetting inbox.
 */
export async function myReferralsPage(
  db: Q,
  f: { referrerPersonId: string; visible: RawBuilder<SqlBool>; search?: RawBuilder<SqlBool>; status?: string },
  page: { limit: number; offset: number },
) {
  const parts: RawBuilder<unknown>[] = [sql`r.referrer_person_id = ${f.referrerPersonId}`, f.visible];
  if (f.status) parts.push(sql`r.status = ${f.status}`);
  if (f.search) parts.push(f.search);
  const where = sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
  const { total, ids: pageIds } = await referralIdPage(db, where, sql`r.submitted_at DESC, r.id DESC`, page);
  if (pageIds.length === 0) return { total, rows: [] };
  const rows = await db
    .selectFrom('referral as r')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .select([...LIST_COLUMNS, 'r.referral_number', 'r.version'])
    // How a cancelled referral ended (assessment/closing.ts events): read for the page's rows only.
    .select(
      sql<{ kind: string; reason: string | null } | string | null>`(SELECT json_build_object('kind', e.kind, 'reason', e.reason_code) FROM referral_event e
        WHERE r.status = 'cancelled' AND e.referral_id = r.id AND e.kind IN ('withdrawn', 'closed_without_exam') ORDER BY e.at DESC, e.id DESC LIMIT 1)`.as(
        'ended',
      ),
    )
    // Whether the referrer may still withdraw it (the status view's mayWithdraw, assessment/view.ts):
    // a withdrawable status and no scheduled step the modality has begun (MPPS IN PROGRESS; IHE
    // Scheduled Workflow — the order placer may cancel until the step is in progress).
    .select(
      sql<boolean>`(r.status IN (${sql.join(WITHDRAWABLE_STATUSES.map((x) => sql`${x}`))}) AND NOT EXISTS (SELECT 1 FROM requested_procedure rq
        JOIN scheduled_procedure_step s ON s.requested_procedure_id = rq.id WHERE rq.referral_id = r.id AND s.status = 'in_progress'))`.as('may_withdraw'),
    )
    .where('r.id', 'in', pageIds)
    .orderBy('r.submitted_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
  return { total, rows };
}

/** The columns of a referral's detail (getReferral, getReferralVersion), on `referral as r` and its joins. */
const DETAIL_COLUMNS = [
  'r.id',
  'r.patient_id',
  'p.fnr',
  'p.given_name',
  'p.family_name',
  'p.birth_date',
  'p.sex',
  'r.exam_code',
  'c.name as exam_name',
  'r.department_org_id',
  'd.name as department_name',
  // For the access gate (migration 0192); not part of any answer.
  'd.ancestor_ids as department_ancestor_ids',
  'r.referrer_person_id',
  'r.referrer_org_id',
  'rp.given_name as referrer_given_name',
  'rp.family_name as referrer_family_name',
  'rp.hpr_number as referrer_hpr',
  'r.indication_system',
  'r.indication_code',
  'r.clinical_question',
  'r.clinical_note',
  'r.urgency',
  'r.status',
  'r.submitted_at',
  'r.authored_on',
  'r.facts',
  'r.contraindications',
  'r.advice',
  'r.identifier_system',
  'r.identifier_value',
  'r.source',
  'r.low_value',
  'r.version',
  'r.updated_at',
  'r.fhir_resource',
  'r.referrer_org_id',
] as const;

export async function getReferral(db: Q, id: string) {
  return db
    .selectFrom('referral as r')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .innerJoin('person as rp', 'rp.id', 'r.referrer_person_id')
    .select(DETAIL_COLUMNS)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/**
 * Earlier versions of a referral as ReferralDetail rows (migration 0180 keeps the row before each
 * update), newest first; `version` picks one. Names (patient, exam, department, referrer) are
 * today's, the referral's own fields are the version's.
 */
export async function getReferralVersions(db: Q, id: string, version?: number): Promise<ReferralDetail[]> {
  let q = db
    .selectFrom(
      sql<Selectable<ReferralTable>>`(SELECT (jsonb_populate_record(NULL::referral, v.snapshot)).* FROM referral_version v WHERE v.referral_id = ${id}${
        version === undefined ? sql`` : sql` AND v.version = ${version}`
      })`.as('r'),
    )
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .innerJoin('person as rp', 'rp.id', 'r.referrer_person_id')
    .select(DETAIL_COLUMNS);
  q = q.orderBy('r.version', 'desc');
  return (await q.execute()) as ReferralDetail[];
}

export type ReferralDetail = NonNullable<Awaited<ReturnType<typeof getReferral>>>;

/**
 * The referrals holding any of these identifiers (system|value; those without a system are not
 * unique and match nothing here), each id once, sorted.
 */
export async function referralIdsByIdentifiers(db: Q, identifiers: { system: string | null; value: string }[]): Promise<string[]> {
  const withSystem = identifiers.filter((i): i is { system: string; value: string } => i.system !== null);
  if (!withSystem.length) return [];
  const rows = await db
    .selectFrom('referral_identifier')
    .select('referral_id')
    .distinct()
    .where((eb) => eb.or(withSystem.map((i) => eb.and([eb('system', '=', i.system), eb('value', '=', i.value)]))))
    .orderBy('referral_id')
    .execute();
  return rows.map((x) => x.referral_id);
}

/** A FHIR search, resolved to Radvis terms: each array is AND of its entries, each entry OR of values. */
export interface ReferralSearch {
  ids: string[][];
  identifiers: { system?: string; value: string }[][];
  /** Patient ids, or every patient in an identifier system (`[system]|`). */
  patientIds: PatientKey[][];
  statuses: { not: boolean; statuses: string[] }[];
  /** `authored`: each entry an OR of date criteria. */
  authored: { op: string; start: Date; end: Date }[][];
  requesters: ({ id: string } | { hpr: string })[][];
  /** `code`: OR of codings per entry; system undefined = any, '' = none; code '' = any code in the system; `ncrp` marks an NCRP system. */
  codes?: { not: boolean; codings: { system?: string; code: string; ncrp: boolean }[] }[];
  /** `code:text`: OR of lower-case texts per entry, each matching the start of a word. */
  codeTexts?: string[][];
  /** `performer`: receiving department ids (OR per entry). */
  performerIds?: string[][];
  /** `intent` (the intent the record system sent; app-made referrals are `order`). */
  intents?: { not: boolean; codes: string[] }[];
  /** `_lastUpdated` against the current version's time. */
  lastUpdated?: { op: string; start: Date; end: Date }[][];
  /** `:missing` (search.html#missing): identifier and authored may be absent; the others never are. */
  missing?: { param: string; missing: boolean }[];
  /** Sort keys in order; default newest first. */
  sort?: { key: 'authored' | '_id' | '_lastUpdated'; descending: boolean }[];
}

/**
 * A FHIR date comparison (search.html#prefix) of a point in time `t` against the value's range
 * [start, end): eq inside, ne outside, gt/sa at or after the end, lt/eb before the start, ge from
 * the start, le before the end. NULL never matches.
 */
/** An OR of date criteria on one column (an empty group matches nothing). */
/**
 * ServiceRequest.authoredOn as a timestamp: when the client's record system said the referral was
 * written (authored_at, migration 0390), else when Radvis received it (submitted_at). What the FHIR
 * `authored` search and `_sort=authored` read (indexed: referral_authored_idx).
 */
const AUTHORED = sql`coalesce(r.authored_at, r.submitted_at)`;

function anyDate(t: RawBuilder<unknown>, group: { op: string; start: Date; end: Date }[]): RawBuilder<SqlBool> {
  return group.length
    ? sql<SqlBool>`(${sql.join(
        group.map((a) => dateCondition(t, a)),
        sql` OR `,
      )})`
    : sql<SqlBool>`false`;
}

function dateCondition(t: RawBuilder<unknown>, a: { op: string; start: Date; end: Date }): RawBuilder<SqlBool> {
  switch (a.op) {
    case 'ne':
      return sql<SqlBool>`(${t} < ${a.start} OR ${t} >= ${a.end})`;
    case 'gt':
    case 'sa':
      return sql<SqlBool>`${t} >= ${a.end}`;
    case 'lt':
    case 'eb':
      return sql<SqlBool>`${t} < ${a.start}`;
    case 'ge':
      return sql<SqlBool>`${t} >= ${a.start}`;
    case 'le':
      return sql<SqlBool>`${t} < ${a.end}`;
    default:
      return sql<SqlBool>`(${t} >= ${a.start} AND ${t} < ${a.end})`;
  }
}

/** The codings of the ServiceRequest.code a record system sent (an empty set when it sent none, or not as an array). */
const sentCodings = sql`jsonb_array_elements(CASE WHEN jsonb_typeof(r.fhir_resource->'code'->'coding') = 'array' THEN r.fhir_resource->'code'->'coding' ELSE '[]'::jsonb END)`;

/** One `code` token (search.html#token) against the referral's NCRP code and the codings the record system sent. */
function codingCondition(c: { system?: string; code: string; ncrp: boolean }): RawBuilder<SqlBool> {
  // The exam code is an NCRP code: it matches any-system and NCRP-system tokens.
  const ncrp = c.system === undefined || c.ncrp;
  const exam = !ncrp ? sql<SqlBool>`false` : c.code === '' ? sql<SqlBool>`true` : sql<SqlBool>`r.exam_code = ${c.code}`;
  const system = c.system === undefined ? sql`true` : c.system === '' ? sql`(x.c->'system') IS NULL` : sql`x.c->>'system' = ${c.system}`;
  const code = c.code === '' ? sql`true` : sql`x.c->>'code' = ${c.code}`;
  return sql<SqlBool>`(${exam} OR EXISTS (SELECT 1 FROM ${sentCodings} AS x(c) WHERE ${system} AND ${code}))`;
}

/**
 * Accents folded for `code:text`: a token's :text is "processed as a string" (FHIR R4 search.html,
 * SearchModifierCode `text`), and string search matches "after both have been normalized by case
 * and accent" (search.html#string). Letters with an accent fold to their base letter (é → e, å → a,
 * ü → u); ø and æ are letters of their own and stay. The same map in SQL (translate) and here.
 */
const ACCENTED = 'áàâäãāéèêëēíìîïīóòôöõōúùûüūýÿçñåǻ';
const FOLDED = 'aaaaaaeeeeeiiiiioooooouuuuuyycnaa';
export function foldAccents(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) {
    const i = ACCENTED.indexOf(ch);
    out += i >= 0 ? FOLDED[i] : ch;
  }
  return out;
}

/** `code:text`: the start of a word of the exam name, the sent code.text or a sent coding's display, case- and accent-insensitive. */
function textCondition(text: string): RawBuilder<SqlBool> {
  const escaped = foldAccents(text).replace(/[\\%_]/g, '\\$&');
  const starts = `${escaped}%`;
  const word = `% ${escaped}%`;
  const folded = (v: RawBuilder<unknown>) => sql`translate(lower(${v}), ${ACCENTED}, ${FOLDED})`;
  const like = (v: RawBuilder<unknown>) => sql<SqlBool>`(${folded(v)} LIKE ${starts} OR ${folded(v)} LIKE ${word})`;
  return sql<SqlBool>`(${like(sql`(SELECT ec.name FROM exam_code ec WHERE ec.code = r.exam_code)`)} OR ${like(sql`r.fhir_resource->'code'->>'text'`)} OR EXISTS (SELECT 1 FROM ${sentCodings} AS x(c) WHERE ${like(sql`x.c->>'display'`)}))`;
}

function applySearch(db: Q, f: ReferralSearch, visible: RawBuilder<SqlBool>) {
  let q = db.selectFrom('referral as r').where(visible);
  for (const ids of f.ids) q = q.where('r.id', 'in', ids.length ? ids : ['-']);
  for (const group of f.identifiers) {
    // search.html#token: any of the referral's identifiers matches. No system → any system; '' → no
    // system; '' value (`system|`) → any value in the system.
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('referral_identifier as ri')
          .select(sql`1`.as('one'))
          .whereRef('ri.referral_id', '=', 'r.id')
          .where((e2) =>
            e2.or(
              group.map((i) =>
                e2.and([
                  ...(i.system === undefined ? [] : i.system === '' ? [e2('ri.system', 'is', null)] : [e2('ri.system', '=', i.system)]),
                  ...(i.value === '' ? [] : [e2('ri.value', '=', i.value)]),
                ]),
              ),
            ),
          ),
      ),
    );
  }
  for (const group of f.patientIds) q = q.where(patientKeyCondition('r.patient_id', group));
  for (const s of f.statuses) {
    const list = s.statuses.length ? s.statuses : ['-'];
    q = s.not ? q.where('r.status', 'not in', list as never[]) : q.where('r.status', 'in', list as never[]);
  }
  for (const g of f.authored) q = q.where(anyDate(AUTHORED, g));
  for (const g of f.lastUpdated ?? []) q = q.where(anyDate(sql.ref('r.updated_at'), g));
  for (const ids of f.performerIds ?? []) q = q.where('r.department_org_id', 'in', ids.length ? ids : ['-']);
  for (const i of f.intents ?? []) {
    const list = sql.join(i.codes.length ? i.codes : ['-']);
    const intent = sql`coalesce(r.fhir_resource->>'intent', 'order')`;
    q = q.where(i.not ? sql<SqlBool>`${intent} not in (${list})` : sql<SqlBool>`${intent} in (${list})`);
  }
  for (const c of f.codes ?? []) {
    const any = sql.join(c.codings.map(codingCondition), sql` OR `);
    q = q.where(c.not ? sql<SqlBool>`NOT (${any})` : sql<SqlBool>`(${any})`);
  }
  for (const texts of f.codeTexts ?? []) q = q.where(sql<SqlBool>`(${sql.join(texts.map(textCondition), sql` OR `)})`);
  for (const m of f.missing ?? []) {
    if (m.param === 'identifier') {
      const any = sql<SqlBool>`EXISTS (SELECT 1 FROM referral_identifier ri WHERE ri.referral_id = r.id)`;
      q = q.where(m.missing ? sql<SqlBool>`NOT ${any}` : any);
      continue;
    }
    if (m.param === 'authored') q = q.where(m.missing ? sql<SqlBool>`${AUTHORED} IS NULL` : sql<SqlBool>`${AUTHORED} IS NOT NULL`);
    else if (m.missing) q = q.where(sql<SqlBool>`false`);
  }
  for (const group of f.requesters) {
    const ids = group.filter((x): x is { id: string } => 'id' in x).map((x) => x.id);
    const hprs = group.filter((x): x is { hpr: string } => 'hpr' in x).map((x) => x.hpr);
    q = q.where((eb) =>
      eb.or([
        ...(ids.length ? [eb('r.referrer_person_id', 'in', ids)] : []),
        ...(hprs.length ? [eb('r.referrer_person_id', 'in', eb.selectFrom('person').select('person.id').where('person.hpr_number', 'in', hprs))] : []),
        ...(ids.length || hprs.length ? [] : [sql<SqlBool>`false`]),
      ]),
    );
  }
  return q;
}

/** One page of referral ids matching a search among the referrals `visible` allows, newest first. */
export async function searchReferralPage(db: Q, f: ReferralSearch, visible: RawBuilder<SqlBool>, page: { limit: number; offset: number }): Promise<string[]> {
  if (page.limit === 0) return [];
  let q = applySearch(db, f, visible).select('r.id');
  for (const s of f.sort ?? [])
    q = q.orderBy(s.key === '_id' ? sql.ref('r.id') : s.key === '_lastUpdated' ? sql.ref('r.updated_at') : AUTHORED, s.descending ? 'desc' : 'asc');
  const rows = await q.orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return rows.map((r) => r.id);
}

/**
 * The keyset sort of a referral search: the `_sort` keys in order (`authored` is authoredOn: the
 * client's time when it sent one, AUTHORED), then newest received first (submitted_at, the order the
 * page indexes keep), the id last (a total order).
 */
export function referralSortColumns(sort: ReferralSearch['sort']): (KeysetColumn & { name: string })[] {
  const column = (key: 'authored' | 'received' | '_id' | '_lastUpdated', descending: boolean): KeysetColumn & { name: string } =>
    key === '_id'
      ? { name: '_id', expr: sql.ref('r.id'), descending, kind: 'text' }
      : {
          name: key,
          expr: key === 'authored' ? AUTHORED : sql.ref(key === 'received' ? 'r.submitted_at' : 'r.updated_at'),
          descending,
          kind: 'timestamp',
        };
  const out = (sort ?? []).map((s) => column(s.key, s.descending));
  out.push(column('received', true));
  if (!out.some((c) => c.name === '_id')) out.push(column('_id', true));
  return out;
}

/**
 * One page of a referral search among the referrals `visible` allows, in the search's sort
 * (`referralSortColumns`): `limit` rows from `offset`, or after/before the row `cursor` names
 * (keyset: no rows are counted past, so every depth costs the same). Each row comes with its sort
 * key, in answer order (a backwards cursor's rows are turned back to it). The cursor's key must fit
 * the sort (paging.ts keysetKeyFits; the caller checks it).
 */
export async function searchReferralKeyset(
  db: Q,
  f: ReferralSearch,
  visible: RawBuilder<SqlBool>,
  page: { limit: number; offset: number; cursor?: { direction: 'next' | 'previous'; key: (string | null)[] } },
): Promise<{ id: string; key: (string | null)[] }[]> {
  if (page.limit === 0) return [];
  const columns = referralSortColumns(f.sort);
  const back = page.cursor?.direction === 'previous';
  let q = applySearch(db, f, visible)
    .select('r.id')
    .select(sql<(string | null)[]>`array[${sql.join(columns.map(keysetKey))}]`.as('sort_key'));
  if (page.cursor) q = q.where(keysetCondition(columns, page.cursor.key, page.cursor.direction));
  for (const c of columns) q = q.orderBy(c.expr, c.descending !== back ? 'desc' : 'asc');
  q = q.limit(page.limit);
  if (!page.cursor && page.offset) q = q.offset(page.offset);
  const rows = (await q.execute()).map((r) => ({ id: r.id, key: r.sort_key }));
  return back ? rows.reverse() : rows;
}

/** How many referrals match the search (Bundle.total). */
export async function countReferrals(db: Q, f: ReferralSearch, visible: RawBuilder<SqlBool>): Promise<number> {
  const row = await applySearch(db, f, visible)
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The CDS cards among `uuids` that this service issued (advice_event rows of source cds-hooks, and
 * the cards that are not advice in cds_issued_card), each
 * with the client it went to and the uuids of its suggestions. A uuid never issued is absent.
 */
/**
 * The CDS cards Radvis issued among `uuids`: the client and service they went to (service null for
 * advice cards issued before migration 0411), the suggestion uuids they offered, and the advice
 * rating (null for cards without advice), from which the override reasons they offered follow.
 */
export async function issuedCdsCards(
  db: Q,
  uuids: string[],
): Promise<Map<string, { client: string | null; serviceId: string | null; suggestionUuids: string[]; rating: string | null }>> {
  const out = new Map<string, { client: string | null; serviceId: string | null; suggestionUuids: string[]; rating: string | null }>();
  if (uuids.length === 0) return out;
  const [advice, other] = await Promise.all([
    db
      .selectFrom('advice_event')
      .select(['card_uuid', 'client', 'suggestion_uuids', 'service_id', 'rating'])
      .where('source', '=', 'cds-hooks')
      .where('card_uuid', 'in', uuids)
      .execute(),
    db.selectFrom('cds_issued_card').select(['card_uuid', 'client', 'suggestion_uuids', 'service_id']).where('card_uuid', 'in', uuids).execute(),
  ]);
  const uuidsOf = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  for (const r of advice)
    if (r.card_uuid) out.set(r.card_uuid, { client: r.client, serviceId: r.service_id, suggestionUuids: uuidsOf(r.suggestion_uuids), rating: r.rating });
  for (const r of other) out.set(r.card_uuid, { client: r.client, serviceId: r.service_id, suggestionUuids: uuidsOf(r.suggestion_uuids), rating: null });
  return out;
}

/** Remembers CDS cards that are not advice (no advice_event row) with the client they went to, for the feedback check. */
export async function insertIssuedCards(db: Q, rows: { cardUuid: string; serviceId: string; client: string; suggestionUuids: string[] }[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('cds_issued_card')
    .values(rows.map((r) => ({ card_uuid: r.cardUuid, service_id: r.serviceId, client: r.client, suggestion_uuids: JSON.stringify(r.suggestionUuids) })))
    .execute();
}

export async function insertCdsFeedback(
  db: Q,
  rows: {
    serviceId: string;
    cardUuid: string;
    outcome: 'accepted' | 'overridden';
    acceptedSuggestions: unknown;
    overrideReason: unknown;
    outcomeTimestamp: string;
    client: string | null;
  }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('cds_feedback')
    .values(
      rows.map((r) => ({
        service_id: r.serviceId,
        card_uuid: r.cardUuid,
        outcome: r.outcome,
        accepted_suggestions: r.acceptedSuggestions === undefined ? null : JSON.stringify(r.acceptedSuggestions),
        override_reason: r.overrideReason === undefined ? null : JSON.stringify(r.overrideReason),
        outcome_timestamp: r.outcomeTimestamp,
        client: r.client,
      })),
    )
    .execute();
}

/** The referrer kind of a person given by directory id or HPR number (CDS Hooks context.userId). */
export async function referrerKindOf(db: Q, idOrHpr: string): Promise<ReferrerKind | null> {
  const row = await db
    .selectFrom('person')
    .select('referrer_kind')
    .where((eb) => (/^\d{4,9}$/.test(idOrHpr) ? eb.or([eb('id', '=', idOrHpr), eb('hpr_number', '=', idOrHpr)]) : eb('id', '=', idOrHpr)))
    .executeTakeFirst();
  return row?.referrer_kind ?? null;
}

// ---- Idempotency-Key on POST /api/referrals (idempotency.ts) ----

/** Claims (user, key) for a new request; undefined when the pair exists (see findIdempotency). */
export async function claimIdempotencyKey(db: Q, userId: string, key: string, bodyHash: string) {
  return db
    .insertInto('referral_idempotency')
    .values({ user_id: userId, key, body_hash: bodyHash })
    .onConflict((c) => c.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
}

export async function findIdempotency(db: Q, userId: string, key: string) {
  return db
    .selectFrom('referral_idempotency')
    .select(['body_hash', 'status', 'response', 'created_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function completeIdempotency(db: Q, userId: string, key: string, status: number, response: unknown) {
  await db
    .updateTable('referral_idempotency')
    .set({ status, response: JSON.stringify(response) })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}

export async function releaseIdempotencyKey(db: Q, userId: string, key: string) {
  await db.deleteFrom('referral_idempotency').where('user_id', '=', userId).where('key', '=', key).where('status', 'is', null).execute();
}

/** Forgets keys older than `before` (kept 24 h: long enough for any client retry). */
export async function deleteOldIdempotency(db: Q, before: Date) {
  await db.deleteFrom('referral_idempotency').where('created_at', '<', before).execute();
}
