// Booking's SQL: machines' shifts, slot types, the department's booking setting, the queue of
// accepted referrals, live steps per machine and day. The only place this domain writes SQL.
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { DB, ShiftKind } from '../db/schema.ts';
import { referralIdPage } from '../db/paging.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The site(s) a receiving department books on: the site it sits under, or itself (a private institute). */
export async function departmentSites(db: Q, departmentId: string): Promise<string[]> {
  const d = await db.selectFrom('organization').select(['id', 'kind', 'parent_id']).where('id', '=', departmentId).executeTakeFirst();
  if (!d) return [];
  return d.kind === 'department' && d.parent_id ? [d.parent_id] : [d.id];
}

/** The receiving departments of a site (the departments under it, or the institute itself). */
export async function siteDepartments(db: Q, siteId: string): Promise<string[]> {
  const rows = await db.selectFrom('organization').select('id').where('parent_id', '=', siteId).where('kind', '=', 'department').execute();
  return rows.length > 0 ? rows.map((r) => r.id) : [siteId];
}

export async function machinesAtSites(db: Q, siteIds: string[], kind?: string) {
  if (siteIds.length === 0) return [];
  let q = db
    .selectFrom('modality as m')
    .innerJoin('organization as s', 's.id', 'm.site_org_id')
    .select([
      'm.id',
      'm.site_org_id',
      's.name as site_name',
      'm.kind',
      'm.name',
      'm.ae_title',
      'm.dicom_character_set',
      'm.opening_hours',
      'm.shifts',
      'm.schedule_version',
      'm.schedule_changed_at',
    ])
    .where('m.site_org_id', 'in', siteIds)
    .where('m.active', '=', true);
  if (kind) q = q.where('m.kind', '=', kind as never);
  return q.orderBy('m.kind').orderBy('m.name').execute();
}

export async function machineById(db: Q, id: string) {
  return db
    .selectFrom('modality as m')
    .innerJoin('organization as s', 's.id', 'm.site_org_id')
    .select([
      'm.id',
      'm.site_org_id',
      's.name as site_name',
      'm.kind',
      'm.name',
      'm.ae_title',
      'm.dicom_character_set',
      'm.opening_hours',
      'm.shifts',
      'm.active',
      'm.schedule_version',
      'm.schedule_changed_at',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export interface ShiftRow {
  modality_id: string;
  weekday: number;
  start: string;
  end: string;
  kind: ShiftKind;
}

export async function shiftsOf(db: Q, modalityIds: string[]): Promise<ShiftRow[]> {
  if (modalityIds.length === 0) return [];
  return db
    .selectFrom('modality_shift')
    .select([
      'modality_id',
      'weekday',
      sql<string>`to_char(start_time, 'HH24:MI')`.as('start'),
      sql<string>`CASE WHEN end_time = '24:00'::time THEN '24:00' ELSE to_char(end_time, 'HH24:MI') END`.as('end'),
      'kind',
    ])
    .where('modality_id', 'in', modalityIds)
    .orderBy('modality_id')
    .orderBy('weekday')
    .orderBy('start_time')
    .execute();
}

/**
 * Replaces a machine's shifts if its schedule version is still `version`; keeps the directory's
 * opening hours (first start, last end per weekday) and shift count in step. False when stale.
 */
export async function replaceShifts(
  db: Q,
  modalityId: string,
  version: number,
  shifts: { weekday: number; start: string; end: string; kind: ShiftKind }[],
  openingHours: Record<string, [string, string]>,
  shiftCount: number,
  userId: string,
  at: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('modality')
    .set({
      schedule_version: sql`schedule_version + 1`,
      schedule_changed_at: at,
      schedule_changed_by: userId,
      opening_hours: JSON.stringify(openingHours),
      shifts: shiftCount,
    })
    .where('id', '=', modalityId)
    .where('schedule_version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('modality_shift').where('modality_id', '=', modalityId).execute();
  if (shifts.length > 0)
    await db
      .insertInto('modality_shift')
      .values(shifts.map((s) => ({ modality_id: modalityId, weekday: s.weekday, start_time: s.start, end_time: s.end, kind: s.kind })))
      .execute();
  return true;
}

/** Sets the character set a machine reads its worklist in (migration 0185); false when no such machine. */
export async function setDicomCharacterSet(db: Q, modalityId: string, characterSet: 'ISO_IR 192' | 'ISO_IR 100'): Promise<boolean> {
  const r = await db.updateTable('modality').set({ dicom_character_set: characterSet }).where('id', '=', modalityId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function slotTypes(db: Q, kinds: string[]) {
  if (kinds.length === 0) return [];
  return db
    .selectFrom('slot_type')
    .select(['id', 'modality_kind', 'exam_code', 'modality_id', 'duration_minutes'])
    .where('modality_kind', 'in', kinds)
    .execute();
}

/** Sets (or, with null, removes) a slot type's duration for a kind, narrowed by exam code and/or machine. */
export async function upsertSlotType(
  db: Q,
  row: { modality_kind: string; exam_code: string | null; modality_id: string | null; duration_minutes: number | null },
) {
  let del = db.deleteFrom('slot_type').where('modality_kind', '=', row.modality_kind);
  del = row.exam_code === null ? del.where('exam_code', 'is', null) : del.where('exam_code', '=', row.exam_code);
  del = row.modality_id === null ? del.where('modality_id', 'is', null) : del.where('modality_id', '=', row.modality_id);
  await del.execute();
  if (row.duration_minutes !== null)
    await db
      .insertInto('slot_type')
      .values({ modality_kind: row.modality_kind, exam_code: row.exam_code, modality_id: row.modality_id, duration_minutes: row.duration_minutes })
      .execute();
}

export async function examCode(db: Q, code: string) {
  return db.selectFrom('exam_code').select(['code', 'name', 'modality']).where('code', '=', code).executeTakeFirst();
}

/** Live steps (scheduled or in progress) on the machines in [from, to]. */
export async function liveSteps(db: Q, modalityIds: string[], from: string, to: string) {
  if (modalityIds.length === 0) return [];
  return db
    .selectFrom('scheduled_procedure_step')
    .select([
      'id',
      'modality_id',
      sql<string>`to_char(start_date, 'YYYY-MM-DD')`.as('date'),
      sql<string>`to_char(start_time, 'HH24:MI')`.as('start'),
      'duration_minutes',
    ])
    .where('modality_id', 'in', modalityIds)
    .where('start_date', '>=', from)
    .where('start_date', '<=', to)
    .where('status', 'in', ['scheduled', 'in_progress'])
    .execute();
}

/** The rank of a priority category in the booking queue (lower first); unknown categories last. */
const PRIORITY_RANK = sql<number>`CASE r.priority_category WHEN 'emergency' THEN 0 WHEN 'cancer_pathway' THEN 1 WHEN 'within_days' THEN 2 WHEN 'within_weeks' THEN 3 WHEN 'within_months' THEN 4 WHEN 'control_on_date' THEN 5 ELSE 6 END`;

const referralColumns = [
  'r.id',
  'r.patient_id',
  'r.referrer_person_id',
  'r.referrer_org_id',
  'r.department_org_id',
  'r.status',
  'r.version',
  'r.exam_code',
  'r.urgency',
  'r.priority_category',
  'r.planned_modality',
  'r.planned_site_org_id',
  'r.submitted_at',
  'r.referral_number',
  'r.assessed_at',
  'r.scheduled_at',
  'e.name as exam_name',
  'e.name_en as exam_name_en',
  'e.modality as exam_modality',
  'p.given_name',
  'p.family_name',
  'p.fnr',
  'p.birth_date',
  'd.name as department_name',
] as const;

/**
 * Where a referral's exam is planned, on `referral r` joined to its department `d`: the site chosen at
 * assessment, else the department's site (departmentSites: the site above a department, or a
 * private institute itself). The booking queue's site filter and its cards use the same expression.
 */
const PLANNED_SITE = sql<string>`coalesce(r.planned_site_org_id, CASE WHEN d.kind = 'department' AND d.parent_id IS NOT NULL THEN d.parent_id ELSE d.id END)`;

/** referralColumns with the exam due date as text and the planned site's name (booking/service.ts ReferralRow). */
const rowColumns = [
  ...referralColumns,
  sql<string | null>`to_char(r.exam_due_date, 'YYYY-MM-DD')`.as('exam_due_date'),
  sql<string | null>`(SELECT ps.name FROM organization ps WHERE ps.id = ${PLANNED_SITE})`.as('planned_site_name'),
] as const;

export async function referralForBooking(db: Q, id: string) {
  return db
    .selectFrom('referral as r')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .select(rowColumns)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** When and why the modality stopped the referral's last booked exam (JSON from the queue query). */
export interface StoppedAtModality {
  at: string;
  reason: string | null;
  /** The coded reason (CID 9300 code value) when the modality sent one (scheduling: reason_code). */
  code?: string | null;
}

/** The booking queue's filters ("Venter på time"); every one optional except the departments. */
export interface QueueFilter {
  /** The receiving departments the caller books for (gate.ts scopeOf). */
  departmentIds: readonly string[];
  /** A search condition on `referral r` (assessment/store.ts searchCondition: name words, fødselsnummer, birth date, referral number). */
  search?: RawBuilder<SqlBool>;
  modality?: string;
  examCode?: string;
  priorityCategory?: string;
  /** The planned site (PLANNED_SITE). */
  siteId?: string;
  /** Exam due date range, inclusive, YYYY-MM-DD. */
  dueFrom?: string;
  dueTo?: string;
}

/** The WHERE clause of the booking queue on `referral r`: accepted (so without a live step) in the departments, passing the filters. */
function queueWhere(f: QueueFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`r.status = 'accepted'`, sql`r.department_org_id IN (${sql.join([...f.departmentIds])})`];
  if (f.search) parts.push(f.search);
  if (f.modality) parts.push(sql`r.exam_code IN (SELECT code FROM exam_code WHERE modality = ${f.modality})`);
  if (f.examCode) parts.push(sql`r.exam_code = ${f.examCode}`);
  if (f.priorityCategory) parts.push(sql`r.priority_category = ${f.priorityCategory}`);
  if (f.siteId)
    parts.push(
      sql`coalesce(r.planned_site_org_id, (SELECT CASE WHEN d.kind = 'department' AND d.parent_id IS NOT NULL THEN d.parent_id ELSE d.id END FROM organization d WHERE d.id = r.department_org_id)) = ${f.siteId}`,
    );
  if (f.dueFrom) parts.push(sql`r.exam_due_date >= ${f.dueFrom}::date`);
  if (f.dueTo) parts.push(sql`r.exam_due_date <= ${f.dueTo}::date`);
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

/**
 * One page of the booking queue — accepted referrals without a live step in the departments —
 * by the priority's deadline (the exam due date set at assessment), then priority category,
 * receipt and id, and how many match in all. Paged by id first (db/paging.ts, as the vetting
 * inbox: the partial index referral_booking_queue_idx of migration 0300 serves the page and its
 * count), then the page's details; `stopped_at_modality` is set when the last booked exam was
 * stopped at the modality (else null). The referral history is read for the page's rows only.
 */
export async function bookingQueue(db: Q, f: QueueFilter, page: { limit: number; offset: number }) {
  if (f.departmentIds.length === 0) return { rows: [], total: 0 };
  const { total, ids } = await referralIdPage(db, queueWhere(f), sql`r.exam_due_date ASC NULLS LAST, ${PRIORITY_RANK}, r.submitted_at ASC, r.id ASC`, page);
  if (ids.length === 0) return { rows: [], total };
  const departmentIds = [...f.departmentIds];
  const rows = await db
    .selectFrom('referral as r')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .select(rowColumns)
    .select(
      sql<number>`(SELECT count(*) FROM referral o WHERE o.patient_id = r.patient_id AND o.status = 'accepted' AND o.department_org_id IN (${sql.join(departmentIds)}) AND o.id <> r.id)::int`.as(
        'other_accepted',
      ),
    )
    // Stopped at the modality (MPPS DISCONTINUED, assessment/referral-steps.ts referralBackToBooking):
    // the referral's latest booking event is 'exam_discontinued' — not booked again since.
    .select(
      sql<
        StoppedAtModality | string | null
      >`(SELECT CASE WHEN e.kind = 'exam_discontinued' THEN json_build_object('at', e.at, 'reason', e.reason_text, 'code', e.reason_code) END
        FROM referral_event e WHERE e.referral_id = r.id AND e.kind IN ('scheduled', 'booking_cancelled', 'exam_discontinued')
        ORDER BY e.at DESC, e.id DESC LIMIT 1)`.as('stopped_at_modality'),
    )
    .where('r.id', 'in', ids)
    .execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { rows, total };
}

/** The exams and planned sites among the accepted referrals of the departments, for the queue's filter lists (no patient data). */
export async function queueOptions(db: Q, departmentIds: readonly string[]) {
  if (departmentIds.length === 0) return { exams: [], sites: [], priorities: [] };
  const where = sql`r.status = 'accepted' AND r.department_org_id IN (${sql.join([...departmentIds])})`;
  const [exams, sites, priorities] = await Promise.all([
    sql<{ code: string; name: string; name_en: string | null; modality: string; n: string }>`
      SELECT c.code, c.name, c.name_en, c.modality, x.n FROM (SELECT r.exam_code, count(*) AS n FROM referral r WHERE ${where} GROUP BY r.exam_code) x
      JOIN exam_code c ON c.code = x.exam_code ORDER BY c.name`.execute(db),
    sql<{ id: string; name: string }>`
      SELECT DISTINCT s.id, s.name FROM referral r JOIN organization d ON d.id = r.department_org_id JOIN organization s ON s.id = ${PLANNED_SITE}
      WHERE ${where} ORDER BY s.name`.execute(db),
    sql<{ code: string; department_org_id: string }>`
      SELECT DISTINCT r.priority_category AS code, r.department_org_id FROM referral r WHERE ${where} AND r.priority_category IS NOT NULL`.execute(db),
  ]);
  return {
    exams: exams.rows.map((e) => ({ code: e.code, name: e.name, nameEn: e.name_en, modality: e.modality, count: Number(e.n) })),
    sites: sites.rows,
    priorities: priorities.rows,
  };
}

/** The patient's other accepted referrals to the same department (for one trip). */
export async function otherAcceptedReferrals(db: Q, patientId: string, departmentId: string, exceptId: string) {
  return db
    .selectFrom('referral as r')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .select(rowColumns)
    .where('r.patient_id', '=', patientId)
    .where('r.department_org_id', '=', departmentId)
    .where('r.status', '=', 'accepted')
    .where('r.id', '<>', exceptId)
    .orderBy('r.submitted_at')
    .limit(3)
    .execute();
}

/** The referral's current version (every update bumps it: trigger referral_version, migration 0060). */
export async function referralVersion(db: Q, id: string): Promise<number> {
  const r = await db.selectFrom('referral').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return r.version;
}

/** Updates the referral if its version is still `version` (optimistic concurrency; the trigger bumps it); false when stale. */
export async function bumpReferral(
  db: Q,
  id: string,
  version: number,
  set: { status?: 'accepted' | 'scheduled'; scheduled_at?: Date | null; assessed_at?: Date; priority_category?: string; exam_due_date?: string },
  at: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('referral')
    .set({ ...set, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A step with its referral (for rescheduling, cancelling, the letter). */
export async function stepWithReferral(db: Q, stepId: string) {
  return db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('modality as m', 'm.id', 's.modality_id')
    .innerJoin('organization as site', 'site.id', 'm.site_org_id')
    .innerJoin('referral as r', 'r.id', 'rp.referral_id')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .select([
      's.id as step_id',
      's.status as step_status',
      's.modality_id',
      'm.name as machine_name',
      'm.kind as machine_kind',
      'm.site_org_id',
      'site.name as site_name',
      'site.visiting_address as site_address',
      sql<string>`to_char(s.start_date, 'YYYY-MM-DD')`.as('date'),
      sql<string>`to_char(s.start_time, 'HH24:MI')`.as('start'),
      's.duration_minutes',
      'rp.accession_number',
      'rp.study_instance_uid',
      'm.ae_title',
      'r.id',
      'r.patient_id',
      'r.referrer_person_id',
      'r.referrer_org_id',
      'r.department_org_id',
      'r.status',
      'r.version',
      'r.exam_code',
      'e.name as exam_name',
      'e.name_en as exam_name_en',
      'e.modality as exam_modality',
      'p.given_name',
      'p.family_name',
      'p.fnr',
      'd.name as department_name',
      'r.referral_number',
    ])
    .where('s.id', '=', stepId)
    .executeTakeFirst();
}

/** The live step of a referral, if any. */
export async function liveStepOfReferral(db: Q, referralId: string) {
  return db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .select(['s.id'])
    .where('rp.referral_id', '=', referralId)
    .where('s.status', 'in', ['scheduled', 'in_progress'])
    .executeTakeFirst();
}

/** Steps on one machine and day (all statuses but cancelled), with patient and exam. */
export async function machineDay(db: Q, modalityId: string, date: string) {
  return db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('referral as r', 'r.id', 'rp.referral_id')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .select([
      's.id as step_id',
      's.status',
      sql<string>`to_char(s.start_time, 'HH24:MI')`.as('start'),
      's.duration_minutes',
      'rp.accession_number',
      'r.id as referral_id',
      'r.patient_id',
      'r.version',
      'r.priority_category',
      'e.name as exam_name',
      'e.name_en as exam_name_en',
      'p.given_name',
      'p.family_name',
      'p.birth_date',
    ])
    .where('s.modality_id', '=', modalityId)
    .where('s.start_date', '=', date)
    .where('s.status', '<>', 'cancelled')
    .orderBy('s.start_time')
    .execute();
}

export async function bookingSetting(db: Q, departmentId: string) {
  return db
    .selectFrom('department_booking_setting')
    .select(['department_org_id', 'direct_booking_exam_codes', 'direct_booking_due_days'])
    .where('department_org_id', '=', departmentId)
    .executeTakeFirst();
}

export async function saveBookingSetting(db: Q, departmentId: string, codes: string[], dueDays: number, at: Date) {
  await db
    .insertInto('department_booking_setting')
    .values({ department_org_id: departmentId, direct_booking_exam_codes: codes, direct_booking_due_days: dueDays, updated_at: at })
    .onConflict((c) => c.column('department_org_id').doUpdateSet({ direct_booking_exam_codes: codes, direct_booking_due_days: dueDays, updated_at: at }))
    .execute();
}

/** The clinician's own submitted referrals whose exam the receiving department lets them book directly. */
export async function directBookable(db: Q, personId: string, limit: number) {
  return db
    .selectFrom('referral as r')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('organization as d', 'd.id', 'r.department_org_id')
    .innerJoin('department_booking_setting as bs', 'bs.department_org_id', 'r.department_org_id')
    .select(rowColumns)
    .where('r.referrer_person_id', '=', personId)
    .where('r.status', '=', 'submitted')
    .where(sql<boolean>`r.exam_code = ANY(bs.direct_booking_exam_codes)`)
    .orderBy('r.submitted_at', 'desc')
    .limit(limit)
    .execute();
}

// ---- demo ----

/** Accepted referrals without a live step in a department. */
export async function countAcceptedUnbooked(db: Q, departmentId: string): Promise<number> {
  const r = await db
    .selectFrom('referral')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('department_org_id', '=', departmentId)
    .where('status', '=', 'accepted')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Submitted (unassessed) referrals of a department whose exam a machine at its site can do, oldest first. */
export async function submittedForDemo(db: Q, departmentId: string, kinds: string[], limit: number) {
  if (kinds.length === 0) return [];
  return db
    .selectFrom('referral as r')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .select(['r.id', 'r.patient_id', 'r.urgency', 'e.modality'])
    .where('r.department_org_id', '=', departmentId)
    .where('r.status', '=', 'submitted')
    .where('e.modality', 'in', kinds)
    .orderBy('r.submitted_at')
    .limit(limit)
    .execute();
}

/** Another submitted referral for the same patient to the department, with a different modality kind (demo trips). */
/** Accepts a submitted referral for the demo; false if it was no longer submitted. */
export async function acceptForDemo(db: Q, id: string, priority: string, dueDate: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('referral')
    .set({ status: 'accepted', assessed_at: at, priority_category: priority, exam_due_date: dueDate, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Creates a second accepted referral for a patient by copying one (demo: a patient with two exams to book on one trip); false if it existed. */
export async function copyReferralForDemo(db: Q, fromId: string, newId: string, examCode: string, at: Date): Promise<boolean> {
  const r =
    await sql`INSERT INTO referral (id, patient_id, referrer_person_id, referrer_org_id, department_org_id, exam_code, indication_system, indication_code,
      clinical_question, clinical_note, urgency, status, low_value, patient_area_id, patient_age, patient_sex, created_at, submitted_at, assessed_at,
      source, priority_category, exam_due_date)
    SELECT ${newId}, patient_id, referrer_person_id, referrer_org_id, department_org_id, ${examCode}, indication_system, indication_code,
      clinical_question, clinical_note, urgency, 'accepted', low_value, patient_area_id, patient_age, patient_sex, ${at}, submitted_at, assessed_at,
      'synthetic', priority_category, exam_due_date
    FROM referral WHERE id = ${fromId}
    ON CONFLICT (id) DO NOTHING RETURNING id`.execute(db);
  return r.rows.length > 0;
}

export async function examCodesOfKind(db: Q, kind: string, limit: number) {
  return db.selectFrom('exam_code').select(['code', 'name']).where('modality', '=', kind).orderBy('code').limit(limit).execute();
}

/** A user's person and first organization for a role, by username (demo). */
export async function demoUser(db: Q, username: string, role: 'referrer') {
  return db
    .selectFrom('user_account as u')
    .innerJoin('role_assignment as ra', 'ra.user_id', 'u.id')
    .select(['u.person_id', 'ra.organization_id'])
    .where('u.username', '=', username)
    .where('ra.role', '=', role)
    .executeTakeFirst();
}

/** A submitted referral written by `personId` in `orgId`, copied from another referral with a new exam (demo: something to book directly); false if it existed. */
export async function copySubmittedForDemo(
  db: Q,
  fromId: string,
  newId: string,
  examCode: string,
  personId: string,
  orgId: string,
  at: Date,
): Promise<boolean> {
  const r =
    await sql`INSERT INTO referral (id, patient_id, referrer_person_id, referrer_org_id, department_org_id, exam_code, indication_system, indication_code,
      clinical_question, clinical_note, urgency, status, low_value, patient_area_id, patient_age, patient_sex, created_at, submitted_at, source)
    SELECT ${newId}, patient_id, ${personId}, ${orgId}, department_org_id, ${examCode}, indication_system, indication_code,
      clinical_question, clinical_note, urgency, 'submitted', low_value, patient_area_id, patient_age, patient_sex, ${at}, ${at}, 'synthetic'
    FROM referral WHERE id = ${fromId}
    ON CONFLICT (id) DO NOTHING RETURNING id`.execute(db);
  return r.rows.length > 0;
}
