// SQL of the assessment domain: deadline settings, referral events (state changes), and the
// vetting inbox (one page of open referrals by deadline, its count, and its filter options).
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { codesOfKind } from '../../shared/modality-kind.ts';
import { referralIdPage } from '../db/paging.ts';
import type { DB, ReferralStatus, Urgency } from '../db/schema.ts';
import type { DeadlineSettings } from './deadline.ts';
import { prefixUpperBound } from './name-search.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A department's deadline settings, or undefined when it has none (the defaults apply). */
export async function deadlineSettings(db: Q, departmentId: string): Promise<DeadlineSettings | undefined> {
  const row = await db.selectFrom('assessment_setting').selectAll().where('department_org_id', '=', departmentId).executeTakeFirst();
  return row
    ? {
        standard: row.standard_days,
        emergency: row.emergency_days,
        urgent: row.urgent_days,
        cancerPathway: row.cancer_pathway_days,
        redFlags: row.red_flag_days,
      }
    : undefined;
}

export interface NewReferralEvent {
  referralId: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: string | null;
  actorPersonId: string | null;
  actorRole: string | null;
  reasonCode?: string | null;
  reasonText?: string | null;
  data?: unknown;
  /** Defaults to the database's now(). */
  at?: Date;
}

export async function insertReferralEvent(db: Q, e: NewReferralEvent) {
  await db
    .insertInto('referral_event')
    .values({
      referral_id: e.referralId,
      kind: e.kind,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      actor_user_id: e.actorUserId,
      actor_person_id: e.actorPersonId,
      actor_role: e.actorRole,
      reason_code: e.reasonCode ?? null,
      reason_text: e.reasonText ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}

/** Copies one referral's events to another (a copy of the referral made by the demo), keeping their order. */
export async function copyReferralEvents(db: Q, fromId: string, toId: string) {
  await sql`INSERT INTO referral_event (referral_id, at, kind, from_status, to_status, actor_user_id, actor_person_id, actor_role, reason_code, reason_text, data)
    SELECT ${toId}, at, kind, from_status, to_status, actor_user_id, actor_person_id, actor_role, reason_code, reason_text, data
    FROM referral_event WHERE referral_id = ${fromId} ORDER BY at, id`.execute(db);
}

/** Departments (and private institutes) among `ids`, with their site and trust, for the inbox's scope and filters. */
export async function receivingUnits(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organization as d')
    .leftJoin('organization as s', 's.id', 'd.parent_id')
    .leftJoin('organization as h', 'h.id', 's.parent_id')
    .select(['d.id', 'd.name', 'd.kind', 's.id as site_id', 's.name as site_name', 's.kind as site_kind', 'h.id as trust_id', 'h.name as trust_name'])
    .where('d.id', 'in', [...ids])
    .where('d.kind', 'in', ['department', 'private_institute', 'private_hospital'])
    .orderBy('s.name')
    .orderBy('d.name')
    .execute();
}

/** A search in the inbox: one patient's fødselsnummer, a referral number, or words of a name. */
export type InboxSearch =
  | { kind: 'fnr'; fnr: string }
  | { kind: 'number'; number: number }
  /** A birth date (ISO dates it may mean), and the same digits as a referral number when they can be one. */
  | { kind: 'birth'; dates: string[]; number?: number }
  /** Folded name parts (name-search.ts nameParts), each the start of a part of the patient's name. */
  | { kind: 'name'; words: string[] };

export interface InboxFilter {
  /**
   * The departments whose open referrals are listed: the access gate's assessment scope
   * (gate.ts#assessmentScope — the department and shared-assessment parts of the referral rule),
   * narrowed by any department/site filter. Open referrals of these departments are exactly the
   * ones the gate lets the user read, so no further condition is needed (and the page and its
   * count stay index-only scans of the partial inbox index).
   */
  departmentIds: readonly string[];
  search?: InboxSearch;
  modality?: string;
  examCode?: string;
  urgency?: Urgency;
  referrerPersonId?: string;
  /** Due date range, inclusive, YYYY-MM-DD. */
  dueFrom?: string;
  dueTo?: string;
}

/**
 * The condition of a search (parseInboxSearch in inbox.ts) on `referral r`: the patient's
 * fødselsnummer, the referral number, the birth date (or the digits as a referral number), or every
 * word the start of a part of the patient's name — a range on patient_name_part's primary key per
 * word (migration 0321; name-search.ts), never a scan of the patients. Also used by the booking
 * queue and the referrer's own list (referrals/store.ts#myReferralsPage).
 */
export function inboxSearchSql(search: InboxSearch): RawBuilder<SqlBool> {
  if (search.kind === 'fnr') return sql<SqlBool>`r.patient_id IN (SELECT id FROM patient WHERE fnr = ${search.fnr})`;
  if (search.kind === 'number') return sql<SqlBool>`r.referral_number = ${search.number}`;
  if (search.kind === 'birth') {
    const born = sql<SqlBool>`r.patient_id IN (SELECT id FROM patient WHERE birth_date IN (${sql.join(search.dates.map((d) => sql`${d}::date`))}))`;
    return search.number === undefined ? born : sql<SqlBool>`(${born} OR r.referral_number = ${search.number})`;
  }
  const words = search.words.map((w) => sql`r.patient_id IN (SELECT patient_id FROM patient_name_part WHERE part >= ${w} AND part < ${prefixUpperBound(w)})`);
  return sql<SqlBool>`(${sql.join(words, sql` AND `)})`;
}

/**
 * At most this many patients are looked up for a name search before the lists filter their
 * referrals by patient id (searchCondition); more than this and the search falls back to the
 * subquery form (inboxSearchSql), whose count reads every referral of the list. Chosen from
 * paired EXPLAIN ANALYZE runs on the inbox bench's region (bench/inbox.bench.ts set-up, PostgreSQL).
 */
export const NAME_SEARCH_MAX_PATIENTS = 3000;

/**
 * The ids of the patients whose name has every word of `words` (folded name parts,
 * name-search.ts nameParts) as the start of one of its parts — one range on patient_name_part's
 * primary key per word, intersected — or undefined when more than `max` patients match (the
 * caller then falls back to inboxSearchSql). Unordered; `words` must not be empty.
 */
export async function patientIdsByName(db: Q, words: readonly string[], max = NAME_SEARCH_MAX_PATIENTS): Promise<string[] | undefined> {
  const ranges = words.map((w) => sql`SELECT patient_id FROM patient_name_part WHERE part >= ${w} AND part < ${prefixUpperBound(w)}`);
  const r = await sql<{ patient_id: string }>`${sql.join(ranges, sql` INTERSECT `)} LIMIT ${max + 1}`.execute(db);
  return r.rows.length > max ? undefined : r.rows.map((x) => x.patient_id);
}

/**
 * The condition of a search on `referral r`, as the three lists (the vetting inbox, the booking
 * queue, "Mine henvisninger") use it: inboxSearchSql, except that a name search first looks up
 * the matching patients (patientIdsByName) and becomes `r.patient_id = ANY(ids)` — the page and
 * its count then read the referrals of those patients through referral_patient_page_idx instead of
 * walking every referral of the list and probing the name parts for each (the count of a name
 * search on 50,000 open referrals fell from ~100 ms to a few ms, issue 8). No patient matches →
 * `false`; more than NAME_SEARCH_MAX_PATIENTS match → the subquery form (same rows, slower count).
 * Same rules and same rows as inboxSearchSql in every case.
 *
 * No test pins the plan (a test database is too small for the planner to choose as it does at
 * scale). EXPLAIN ANALYZE seen on PostgreSQL 2026-12-02, inbox bench region (20,000 patients,
 * 50,000 open + 150,000 closed referrals), "ingrid strand" (208 patients, 520 open referrals):
 *   count before: Parallel Seq Scan on referral r (50,000 rows per worker removed) + two Hash Semi
 *     Joins on patient_name_part — 321 ms (on a machine at load 40; ~85 ms when calm)
 *   count after:  Index Only Scan using referral_patient_status_idx, Index Cond patient_id = ANY(…)
 *     AND status = 'submitted', Heap Fetches: 0 — 1.2 ms
 *   page after:   Index Scan using referral_inbox_due_idx, Filter patient_id = ANY(…), 1,480 rows
 *     removed — 3.3 ms (walks the deadline order until 25 match: a search whose matches all have
 *     late deadlines walks further)
 */
export async function searchCondition(db: Q, search: InboxSearch): Promise<RawBuilder<SqlBool>> {
  if (search.kind !== 'name') return inboxSearchSql(search);
  const ids = await patientIdsByName(db, search.words);
  if (ids === undefined) return inboxSearchSql(search);
  if (ids.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`r.patient_id = ANY(${ids}::text[])`;
}

/** The WHERE clause of the inbox on `referral r` (open referrals of the scope that pass the filters; `search` from searchCondition). */
function inboxWhere(f: InboxFilter, search: RawBuilder<SqlBool> | undefined): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`r.status = 'submitted'`, sql`r.department_org_id IN (${sql.join([...f.departmentIds])})`];
  if (search) parts.push(search);
  if (f.modality) parts.push(sql`r.exam_code IN (SELECT code FROM exam_code WHERE modality = ${f.modality})`);
  if (f.examCode) parts.push(sql`r.exam_code = ${f.examCode}`);
  if (f.urgency) parts.push(sql`r.urgency = ${f.urgency}`);
  if (f.referrerPersonId) parts.push(sql`r.referrer_person_id = ${f.referrerPersonId}`);
  if (f.dueFrom) parts.push(sql`r.assessment_due_date >= ${f.dueFrom}::date`);
  if (f.dueTo) parts.push(sql`r.assessment_due_date <= ${f.dueTo}::date`);
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

/**
 * One page of the vetting inbox, earliest deadline first (then earliest receipt), and how many
 * open referrals match in all. Reads the page through the partial inbox indexes (migration 0080),
 * then the page's details by id.
 */
export async function inboxPage(db: Q, f: InboxFilter, page: { limit: number; offset: number }) {
  if (f.departmentIds.length === 0) return { total: 0, rows: [] };
  const where = inboxWhere(f, f.search && (await searchCondition(db, f.search)));
  const { total, ids: pageIds } = await referralIdPage(db, where, sql`r.assessment_due_date ASC NULLS LAST, r.submitted_at ASC, r.id ASC`, page);
  if (pageIds.length === 0) return { total, rows: [] };
  const rows = await db
    .selectFrom('referral as r')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .leftJoin('organization as s', 's.id', 'd.parent_id')
    .innerJoin('person as rp', 'rp.id', 'r.referrer_person_id')
    .innerJoin('organization as ro', 'ro.id', 'r.referrer_org_id')
    .select([
      'r.id',
      'r.referral_number',
      'r.patient_id',
      'p.given_name',
      'p.family_name',
      'p.fnr',
      'p.birth_date',
      'r.patient_age',
      'r.patient_sex',
      'r.exam_code',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'c.modality',
      'r.urgency',
      'r.clinical_question',
      sql<string | null>`r.advice->>'rating'`.as('rating'),
      'r.submitted_at',
      'r.assessment_due_date',
      'r.department_org_id',
      'd.name as department_name',
      's.name as site_name',
      'r.referrer_person_id',
      'rp.given_name as referrer_given_name',
      'rp.family_name as referrer_family_name',
      'ro.name as referrer_org_name',
    ])
    .where('r.id', 'in', pageIds)
    .execute();
  const order = new Map(pageIds.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { total, rows };
}

/** The exams and referrers among the open referrals of the scope, for the inbox's filter lists (no patient data). */
export async function inboxOptions(db: Q, departmentIds: readonly string[]) {
  if (departmentIds.length === 0) return { exams: [], referrers: [] };
  const where = sql`r.status = 'submitted' AND r.department_org_id IN (${sql.join([...departmentIds])})`;
  const [exams, referrers] = await Promise.all([
    sql<{ code: string; name: string; name_en: string | null; modality: string; n: string }>`
      SELECT c.code, c.name, c.name_en, c.modality, x.n FROM (SELECT r.exam_code, count(*) AS n FROM referral r WHERE ${where} GROUP BY r.exam_code) x
      JOIN exam_code c ON c.code = x.exam_code ORDER BY c.name`.execute(db),
    sql<{ id: string; given_name: string; family_name: string; n: string }>`
      SELECT p.id, p.given_name, p.family_name, x.n FROM (
        SELECT r.referrer_person_id, count(*) AS n FROM referral r WHERE ${where} GROUP BY r.referrer_person_id ORDER BY count(*) DESC LIMIT 300
      ) x JOIN person p ON p.id = x.referrer_person_id ORDER BY p.family_name, p.given_name`.execute(db),
  ]);
  return {
    exams: exams.rows.map((e) => ({ code: e.code, name: e.name, nameEn: e.name_en, modality: e.modality, count: Number(e.n) })),
    referrers: referrers.rows.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}`.trim(), count: Number(p.n) })),
  };
}

/** One referral with what the department's view needs (patient, exam, referrer, department, advice, deadline, version). */
export async function referralForAssessment(db: Q, id: string) {
  return db
    .selectFrom('referral as r')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .leftJoin('organization as s', 's.id', 'd.parent_id')
    .innerJoin('person as rp', 'rp.id', 'r.referrer_person_id')
    .innerJoin('organization as ro', 'ro.id', 'r.referrer_org_id')
    .select([
      'r.id',
      'r.referral_number',
      'r.version',
      'r.status',
      'r.patient_id',
      'p.fnr',
      'p.given_name',
      'p.family_name',
      'p.birth_date',
      'p.sex',
      'r.patient_age',
      'r.exam_code',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'c.modality',
      'c.body_part',
      'r.department_org_id',
      'd.name as department_name',
      's.name as site_name',
      'r.referrer_person_id',
      'r.referrer_org_id',
      'rp.given_name as referrer_given_name',
      'rp.family_name as referrer_family_name',
      'rp.hpr_number as referrer_hpr',
      'ro.name as referrer_org_name',
      'r.indication_system',
      'r.indication_code',
      'r.clinical_question',
      'r.clinical_note',
      'r.urgency',
      'r.submitted_at',
      'r.assessment_due_date',
      'r.priority_category',
      'r.exam_due_date',
      'r.facts',
      'r.contraindications',
      'r.advice',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** What the referrer did with the advice when sending (the latest decision on the referral). */
export async function referralDecision(db: Q, referralId: string) {
  return db
    .selectFrom('referral_decision')
    .select(['decision', 'reason_code', 'reason_text', 'topic_version', 'rating'])
    .where('referral_id', '=', referralId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The patient's other referrals (newest first, at most `limit`), with exam, body part and where they went. */
export async function otherReferralsOfPatient(db: Q, patientId: string, exceptId: string, limit = 50) {
  return db
    .selectFrom('referral as r')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .select([
      'r.id',
      'r.referral_number',
      'r.exam_code',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'c.body_part',
      'r.status',
      'r.submitted_at',
      'r.performed_at',
      'r.reported_at',
      'd.name as department_name',
    ])
    .where('r.patient_id', '=', patientId)
    .where('r.id', '!=', exceptId)
    .orderBy('r.submitted_at', 'desc')
    .limit(limit)
    .execute();
}

/** The state changes of a referral, oldest first. */
export async function referralEvents(db: Q, referralId: string) {
  return db
    .selectFrom('referral_event')
    .select(['at', 'kind', 'from_status', 'to_status', 'reason_code', 'reason_text', 'data'])
    .where('referral_id', '=', referralId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** A department's own priority categories (empty = the defaults apply). */
export async function priorityCategories(db: Q, departmentId: string) {
  return db
    .selectFrom('priority_category')
    .select(['code', 'label_nb', 'label_en', 'days'])
    .where('department_org_id', '=', departmentId)
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

/** Modality codes a radiographer is approved to assess referrals for, in any of `departmentIds` (CR and DX together). */
export async function approvedModalities(db: Q, personId: string, departmentIds: readonly string[]): Promise<string[]> {
  if (departmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('radiographer_assessment_approval')
    .select('modality')
    .distinct()
    .where('person_id', '=', personId)
    .where('department_org_id', 'in', [...departmentIds])
    .execute();
  // An approval for plain X-ray covers both its codes (shared/modality-kind.ts).
  return [...new Set(rows.flatMap((r) => codesOfKind(r.modality)))];
}

export interface ReferralPatch {
  status?: 'submitted' | 'accepted' | 'returned' | 'info_requested' | 'cancelled';
  department_org_id?: string;
  priority_category?: string;
  exam_due_date?: string;
  protocol?: string | null;
  planned_modality?: string | null;
  planned_site_org_id?: string | null;
  assessed_at?: Date;
  assessed_by_person_id?: string;
}

/**
 * Changes a referral only if it still has `version` and one of `statuses` (optimistic
 * concurrency: a concurrent change bumps the version, so the second writer changes nothing).
 * Returns the new version, or undefined when nothing was changed.
 */
export async function updateReferralIf(db: Q, id: string, version: number, statuses: readonly string[], patch: ReferralPatch): Promise<number | undefined> {
  const row = await db
    .updateTable('referral')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', 'in', [...statuses] as never[])
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export async function insertMessage(db: Q, m: { referralId: string; userId: string; personId: string; side: 'department' | 'referrer'; body: string }) {
  await db
    .insertInto('referral_message')
    .values({ referral_id: m.referralId, author_user_id: m.userId, author_person_id: m.personId, side: m.side, body: m.body })
    .execute();
}

/** The message thread of a referral, oldest first, with the authors' names. */
export async function referralMessages(db: Q, referralId: string) {
  return db
    .selectFrom('referral_message as m')
    .leftJoin('person as p', 'p.id', 'm.author_person_id')
    .select(['m.at', 'm.side', 'm.body', 'p.given_name', 'p.family_name'])
    .where('m.referral_id', '=', referralId)
    .orderBy('m.at')
    .orderBy('m.id')
    .execute();
}

/** An organization that can receive a referral (department, private institute or hospital), with its region. */
export async function receivingUnit(db: Q, id: string) {
  return db
    .selectFrom('organization')
    .select(['id', 'name', 'kind', 'region_id'])
    .where('id', '=', id)
    .where('kind', 'in', ['department', 'private_institute', 'private_hospital'])
    .executeTakeFirst();
}

/** The region of an organization. */
export async function regionOf(db: Q, id: string) {
  return (await db.selectFrom('organization').select('region_id').where('id', '=', id).executeTakeFirst())?.region_id ?? null;
}

/** The referral's patient, status and version (for merging into it). */
export async function referralHead(db: Q, id: string) {
  return db
    .selectFrom('referral')
    .select(['id', 'patient_id', 'status', 'version', 'department_org_id', 'referrer_person_id', 'referrer_org_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Where a referral may be redirected: the other departments and private institutes of the region. */
export async function redirectTargets(db: Q, regionId: string | null, exceptId: string) {
  if (!regionId) return [];
  return db
    .selectFrom('organization')
    .select(['id', 'name', 'kind'])
    .where('region_id', '=', regionId)
    .where('kind', 'in', ['department', 'private_institute'])
    .where('id', '!=', exceptId)
    .where('active', '=', true)
    .orderBy('kind')
    .orderBy('name')
    .limit(200)
    .execute();
}

/** When the referral was assessed (null while it waits). */
/**
 * The assessment as the referral keeps it (issue 8 §2): when and by whom it was assessed, the
 * priority category (code), exam due date, protocol, planned modality (DICOM code) and the planned
 * site's name; and the last acceptance's note and the role the assessor acted in (referral_event
 * 'accepted'). Undefined when the referral does not exist.
 */
export async function assessmentOutcome(db: Q, id: string) {
  const row = await db
    .selectFrom('referral as r')
    .leftJoin('person as a', 'a.id', 'r.assessed_by_person_id')
    .leftJoin('organization as ps', 'ps.id', 'r.planned_site_org_id')
    .leftJoin('organization as pss', 'pss.id', 'ps.parent_id')
    .select([
      'r.assessed_at',
      'r.priority_category',
      'r.exam_due_date',
      'r.protocol',
      'r.planned_modality',
      'ps.name as planned_site_name',
      'ps.kind as planned_site_kind',
      'pss.name as planned_site_parent_name',
      'a.given_name as assessor_given_name',
      'a.family_name as assessor_family_name',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const accepted = await db
    .selectFrom('referral_event')
    .select(['actor_role', 'reason_text'])
    .where('referral_id', '=', id)
    .where('kind', '=', 'accepted')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { ...row, accepted_role: accepted?.actor_role ?? null, accepted_note: accepted?.reason_text ?? null, was_accepted: accepted !== undefined };
}

/**
 * The referral's booked exam: its live scheduled step (scheduled, or in progress at the modality),
 * the Oslo wall-clock date and time, the machine's name and its site's name. Undefined when none is
 * booked. Reads no AE title: people are shown the machine's name only.
 */
export async function liveAppointment(db: Q, referralId: string) {
  return db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('modality as m', 'm.id', 's.modality_id')
    .innerJoin('organization as site', 'site.id', 'm.site_org_id')
    .select([
      sql<string>`to_char(s.start_date, 'YYYY-MM-DD')`.as('date'),
      sql<string>`to_char(s.start_time, 'HH24:MI')`.as('time'),
      's.status',
      'm.name as machine_name',
      'site.name as site_name',
    ])
    .where('rp.referral_id', '=', referralId)
    .where('s.status', 'in', ['scheduled', 'in_progress'])
    .orderBy('s.start_date')
    .orderBy('s.start_time')
    .limit(1)
    .executeTakeFirst();
}

export async function listApprovals(db: Q, departmentIds: readonly string[]) {
  if (departmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('radiographer_assessment_approval as a')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .innerJoin('organization as d', 'd.id', 'a.department_org_id')
    .select(['a.person_id', 'p.given_name', 'p.family_name', 'a.department_org_id', 'd.name as department_name', 'a.modality', 'a.approved_at'])
    .where('a.department_org_id', 'in', [...departmentIds])
    .orderBy('p.family_name')
    .orderBy('a.modality')
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    name: `${r.given_name} ${r.family_name}`.trim(),
    departmentId: r.department_org_id,
    departmentName: r.department_name,
    modality: r.modality,
    approvedAt: new Date(r.approved_at).toISOString(),
  }));
}

/** People with the radiographer role in one of the departments. */
export async function radiographersIn(db: Q, departmentIds: readonly string[]) {
  if (departmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('role_assignment as g')
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name', 'g.organization_id'])
    .where('g.role', '=', 'radiographer')
    .where('g.organization_id', 'in', [...departmentIds])
    .where('u.active', '=', true)
    .orderBy('p.family_name')
    .execute();
  return rows.map((r) => ({ personId: r.id, name: `${r.given_name} ${r.family_name}`.trim(), departmentId: r.organization_id }));
}

export async function insertApproval(db: Q, a: { personId: string; departmentId: string; modality: string; approvedBy: string }) {
  await db
    .insertInto('radiographer_assessment_approval')
    .values({ person_id: a.personId, department_org_id: a.departmentId, modality: a.modality, approved_by: a.approvedBy })
    .onConflict((c) => c.doNothing())
    .execute();
}

export async function deleteApproval(db: Q, a: { personId: string; departmentId: string; modality: string }) {
  await db
    .deleteFrom('radiographer_assessment_approval')
    .where('person_id', '=', a.personId)
    .where('department_org_id', '=', a.departmentId)
    .where('modality', '=', a.modality)
    .execute();
}

/** EXPLAIN ANALYZE of the inbox's page and count queries (for bench/inbox.bench.ts; PostgreSQL). */
export async function inboxPlans(db: Q, f: InboxFilter, page: { limit: number; offset: number }): Promise<string[]> {
  const where = inboxWhere(f, f.search && (await searchCondition(db, f.search)));
  const a = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) SELECT r.id FROM referral r WHERE ${where}
      ORDER BY r.assessment_due_date ASC NULLS LAST, r.submitted_at ASC, r.id ASC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  const b = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) AS n FROM referral r WHERE ${where}`.execute(db);
  return [...a.rows, { 'QUERY PLAN': '----' }, ...b.rows].map((r) => r['QUERY PLAN']);
}

/** The active redirect rules of departments (redirect_rule, migration 0175), with names for people. */
export async function activeRedirectRules(db: Q, departmentIds: readonly string[]) {
  if (departmentIds.length === 0) return [];
  return db
    .selectFrom('redirect_rule as r')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .innerJoin('organization as t', 't.id', 'r.target_org_id')
    .innerJoin('user_account as u', 'u.id', 'r.created_by_user_id')
    .innerJoin('person as pe', 'pe.id', 'u.person_id')
    .select([
      'r.id',
      'r.department_org_id',
      'd.name as department_name',
      'r.target_org_id',
      't.name as target_name',
      't.kind as target_kind',
      'r.modalities',
      'r.exam_codes',
      'r.condition',
      'r.note',
      'r.created_at',
      sql<string>`pe.given_name || ' ' || pe.family_name`.as('created_by'),
    ])
    .where('r.department_org_id', 'in', departmentIds)
    .where('r.deactivated_at', 'is', null)
    .orderBy('d.name')
    .orderBy('t.name')
    .orderBy('r.created_at')
    .execute();
}

export async function insertRedirectRule(
  db: Q,
  r: {
    id: string;
    departmentId: string;
    targetOrgId: string;
    modalities: string[];
    examCodes: string[];
    condition: 'always' | 'followed_up_outside_hospital';
    note: string | null;
    userId: string;
  },
) {
  await db
    .insertInto('redirect_rule')
    .values({
      id: r.id,
      department_org_id: r.departmentId,
      target_org_id: r.targetOrgId,
      modalities: r.modalities,
      exam_codes: r.examCodes,
      condition: r.condition,
      note: r.note,
      created_by_user_id: r.userId,
    })
    .execute();
}

/** Deactivates a rule of one of `departmentIds`; false when there is no such active rule. */
export async function deactivateRedirectRule(db: Q, id: string, departmentIds: readonly string[], userId: string, at: Date): Promise<boolean> {
  if (departmentIds.length === 0) return false;
  const res = await db
    .updateTable('redirect_rule')
    .set({ deactivated_at: at, deactivated_by_user_id: userId })
    .where('id', '=', id)
    .where('department_org_id', 'in', departmentIds)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** A rule of one of `departmentIds`, locked for a change (active or not); undefined when none. */
export async function redirectRuleForUpdate(db: Q, id: string, departmentIds: readonly string[]) {
  if (departmentIds.length === 0) return undefined;
  return db
    .selectFrom('redirect_rule')
    .select(['id', 'department_org_id', 'deactivated_at'])
    .where('id', '=', id)
    .where('department_org_id', 'in', departmentIds)
    .forUpdate()
    .executeTakeFirst();
}

/** Names of NCRP exam codes that exist (for validating and showing rule exams). */
export async function examNames(db: Q, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('exam_code').select(['code', 'name']).where('code', 'in', codes).execute();
}

/** The exam of a referral: its NCRP code and modality (redirect rules match on both). */
export async function examOfReferral(db: Q, referralId: string): Promise<{ modality: string; examCode: string }> {
  const row = await db
    .selectFrom('referral as r')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .select(['c.modality', 'r.exam_code'])
    .where('r.id', '=', referralId)
    .executeTakeFirstOrThrow();
  return { modality: row.modality, examCode: row.exam_code };
}

/** A referral's status, its row locked for the rest of the transaction; undefined when there is no such referral. */
export async function referralStatusForUpdate(db: Q, id: string) {
  const r = await db.selectFrom('referral').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
  return r?.status;
}

/** What a step outside assessment sets on the referral with its status (referral-steps.ts). */
export interface ReferralStatusPatch {
  status: ReferralStatus;
  scheduled_at?: Date | null;
  performed_at?: Date;
  updated_at?: Date;
}

/** Sets a referral's status and the timestamps that go with it (the caller has locked the row and checked the status it moves from). */
export async function setReferralStatus(db: Q, id: string, patch: ReferralStatusPatch): Promise<void> {
  await db.updateTable('referral').set(patch).where('id', '=', id).execute();
}
