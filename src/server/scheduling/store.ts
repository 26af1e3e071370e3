// Scheduling's SQL: requested procedures, scheduled procedure steps and their history, the
// worklist read, performed procedure steps (MPPS). The only place this domain writes SQL.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, StepStatus } from '../db/schema.ts';
import { dicomLongString, dicomPersonName, type WorklistItem } from './worklist-item.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A registered, active machine by its AE title, with the organizations whose steps it may read. */
export async function modalityByAeTitle(db: Q, aeTitle: string) {
  const m = await db
    .selectFrom('modality')
    .select(['id', 'site_org_id', 'kind', 'name', 'ae_title', 'dicom_character_set'])
    .where('ae_title', '=', aeTitle)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!m) return undefined;
  const departments = await db.selectFrom('organization').select('id').where('parent_id', '=', m.site_org_id).where('kind', '=', 'department').execute();
  return { ...m, departmentIds: departments.length > 0 ? departments.map((d) => d.id) : [m.site_org_id] };
}

export async function modalityById(db: Q, id: string) {
  return db.selectFrom('modality').select(['id', 'site_org_id', 'kind', 'name', 'ae_title', 'active', 'opening_hours']).where('id', '=', id).executeTakeFirst();
}

export async function nextAccessionNumber(db: Q): Promise<string> {
  const r = await sql<{ n: number }>`SELECT nextval('accession_number_seq')::int AS n`.execute(db);
  return `RV${String(r.rows[0].n).padStart(7, '0')}`;
}

export async function referralForScheduling(db: Q, referralId: string) {
  return db
    .selectFrom('referral as r')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .select(['r.id', 'r.patient_id', 'r.department_org_id', 'r.status', 'r.exam_code', 'r.urgency', 'e.name as exam_name', 'e.modality as exam_modality'])
    .where('r.id', '=', referralId)
    .executeTakeFirst();
}

export async function requestedProcedureByAccession(db: Q, accession: string) {
  return db.selectFrom('requested_procedure').selectAll().where('accession_number', '=', accession).executeTakeFirst();
}

export async function insertStep(
  db: Q,
  row: {
    id: string;
    requested_procedure_id: string;
    sps_id: string;
    modality_id: string;
    modality: string;
    start_date: string;
    start_time: string;
    description: string;
    performing_physician: string | null;
    duration_minutes: number;
  },
  source: 'app' | 'demo',
  at: Date,
  by: { actorUserId: string | null; detail: string | null } = { actorUserId: null, detail: null },
) {
  await db
    .insertInto('scheduled_procedure_step')
    .values({ ...row, status: 'scheduled', created_at: at, status_changed_at: at })
    .execute();
  await db
    .insertInto('procedure_step_event')
    .values({ step_id: row.id, at, from_status: null, to_status: 'scheduled', source, detail: by.detail, actor_user_id: by.actorUserId })
    .execute();
}

/** Moves a step to a new machine and start (history row 'scheduled' → 'scheduled' with who and why). */
export async function moveStep(
  db: Q,
  m: {
    stepId: string;
    modalityId: string;
    modality: string;
    date: string;
    time: string;
    durationMinutes: number;
    at: Date;
    actorUserId: string | null;
    detail: string;
  },
) {
  await db
    .updateTable('scheduled_procedure_step')
    .set({
      modality_id: m.modalityId,
      modality: m.modality,
      start_date: m.date,
      start_time: m.time,
      duration_minutes: m.durationMinutes,
      status_changed_at: m.at,
    })
    .where('id', '=', m.stepId)
    .execute();
  await db
    .insertInto('procedure_step_event')
    .values({ step_id: m.stepId, at: m.at, from_status: 'scheduled', to_status: 'scheduled', source: 'app', detail: m.detail, actor_user_id: m.actorUserId })
    .execute();
}

/** Moves a step to a new status and records the change; returns false if it was not in `from`. */
export async function setStepStatus(
  db: Q,
  stepId: string,
  from: StepStatus[],
  to: StepStatus,
  source: 'app' | 'mpps' | 'demo',
  at: Date,
  detail: string | null,
  actorUserId: string | null = null,
): Promise<boolean> {
  const prev = await db.selectFrom('scheduled_procedure_step').select('status').where('id', '=', stepId).forUpdate().executeTakeFirst();
  if (!prev || !from.includes(prev.status)) return false;
  await db.updateTable('scheduled_procedure_step').set({ status: to, status_changed_at: at }).where('id', '=', stepId).execute();
  await db
    .insertInto('procedure_step_event')
    .values({ step_id: stepId, at, from_status: prev.status, to_status: to, source, detail, actor_user_id: actorUserId })
    .execute();
  return true;
}

/**
 * The exam was performed (MPPS COMPLETED): an exam row for reading (one per scheduled step, so a
 * second call changes nothing). The referral's status is assessment's (referral-steps.ts
 * referralPerformed, which the caller calls in the same transaction). Returns the referral and
 * patient, undefined for an unknown step.
 */
export async function markPerformed(db: Q, stepId: string, at: Date): Promise<{ referralId: string; patientId: string } | undefined> {
  const s = await db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('referral as r', 'r.id', 'rp.referral_id')
    .select(['s.id', 's.modality_id', 'rp.referral_id', 'rp.patient_id', 'rp.department_org_id', 'r.exam_code', 'r.patient_area_id'])
    .where('s.id', '=', stepId)
    .executeTakeFirst();
  if (!s) return undefined;
  await db
    .insertInto('exam')
    .values({
      id: `exam-${stepId}`,
      referral_id: s.referral_id,
      exam_code: s.exam_code,
      modality_id: s.modality_id,
      performing_org_id: s.department_org_id,
      patient_area_id: s.patient_area_id,
      performed_at: at,
      reported_at: null,
    })
    .onConflict((c) => c.column('id').doNothing())
    .execute();
  return { referralId: s.referral_id, patientId: s.patient_id };
}

export interface WorklistFilter {
  departmentIds: string[];
  /**
   * When true, the steps of every department EXCEPT `departmentIds` (used only to find, for the
   * access log, what a modality asked for by patient, accession or referral number at another site).
   */
  outside?: boolean;
  stationAeTitle?: string;
  modality?: string;
  accessionNumber?: string;
  patientId?: string;
  /** The referral number (Placer Order Number, 0040,2016). */
  referralNumber?: number;
  dateFrom?: string;
  dateTo?: string;
  statuses: StepStatus[];
}

/**
 * Candidate worklist items for one department scope: a superset of the answer, narrowed by the
 * exact-valued keys and the date range (the caller does the full DICOM matching).
 */
export async function worklistCandidates(db: Q, f: WorklistFilter): Promise<WorklistItem[]> {
  if ((f.departmentIds.length === 0 && !f.outside) || f.statuses.length === 0) return [];
  let q = db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('patient as p', 'p.id', 'rp.patient_id')
    .innerJoin('modality as m', 'm.id', 's.modality_id')
    .innerJoin('referral as r', 'r.id', 'rp.referral_id')
    .leftJoin('person as ref', 'ref.id', 'r.referrer_person_id')
    .leftJoin('organization as ro', 'ro.id', 'r.referrer_org_id')
    .leftJoin('exam_code as ec', 'ec.code', 'r.exam_code')
    .select([
      'p.id as patient_key',
      'p.fnr',
      'p.family_name',
      'p.given_name',
      'p.birth_date',
      'p.sex',
      'rp.accession_number',
      'ref.family_name as ref_family',
      'ref.given_name as ref_given',
      'ro.name as ref_org',
      'r.referral_number',
      'r.clinical_question',
      'rp.study_instance_uid',
      'rp.requested_procedure_id',
      'rp.description as rp_description',
      'rp.priority',
      'rp.comments',
      'r.exam_code',
      'ec.name as exam_name',
      's.modality',
      'm.ae_title',
      'm.name as station_name',
      sql<string>`to_char(s.start_date, 'YYYYMMDD')`.as('start_date'),
      sql<string>`to_char(s.start_time, 'HH24MISS')`.as('start_time'),
      's.performing_physician',
      's.description',
      's.sps_id',
      's.status',
    ])
    .where((e) =>
      f.outside
        ? f.departmentIds.length
          ? e('rp.department_org_id', 'not in', f.departmentIds)
          : e.lit(true)
        : e('rp.department_org_id', 'in', f.departmentIds),
    )
    .where('s.status', 'in', f.statuses);
  if (f.stationAeTitle !== undefined) q = q.where('m.ae_title', '=', f.stationAeTitle);
  if (f.modality !== undefined) q = q.where('s.modality', '=', f.modality);
  if (f.accessionNumber !== undefined) q = q.where('rp.accession_number', '=', f.accessionNumber);
  if (f.patientId !== undefined) q = q.where('p.fnr', '=', f.patientId);
  if (f.referralNumber !== undefined) q = q.where('r.referral_number', '=', f.referralNumber);
  if (f.dateFrom !== undefined) q = q.where('s.start_date', '>=', f.dateFrom);
  if (f.dateTo !== undefined) q = q.where('s.start_date', '<=', f.dateTo);
  const rows = await q.orderBy('s.start_date').orderBy('s.start_time').orderBy('s.id').execute();
  return rows.map((r) => ({
    patientKey: r.patient_key,
    patientId: r.fnr,
    patientFamilyName: r.family_name,
    patientGivenName: r.given_name,
    patientBirthDate: r.birth_date,
    patientSex: r.sex,
    accessionNumber: r.accession_number,
    referringPhysician: dicomPersonName(r.ref_family, r.ref_given),
    placerOrderNumber: r.referral_number === null || r.referral_number === undefined ? '' : String(r.referral_number),
    fillerOrderNumber: r.accession_number,
    reasonForRequestedProcedure: dicomLongString(r.clinical_question),
    requestingService: dicomLongString(r.ref_org),
    studyInstanceUid: r.study_instance_uid,
    requestedProcedureId: r.requested_procedure_id,
    requestedProcedureDescription: r.rp_description,
    requestedProcedurePriority: r.priority,
    requestedProcedureComments: r.comments,
    procedureCode: r.exam_code ? { value: r.exam_code, meaning: r.exam_name ?? '' } : null,
    step: {
      modality: r.modality,
      stationAeTitle: r.ae_title,
      stationName: r.station_name.slice(0, 16),
      startDate: r.start_date,
      startTime: r.start_time,
      performingPhysician: r.performing_physician ?? '',
      description: r.description,
      spsId: r.sps_id,
      status: r.status,
    },
  }));
}

/** The scheduled step an MPPS refers to, by accession (or study) and SPS id. */
export async function findStepForPerformed(db: Q, ref: { accessionNumber?: string; studyInstanceUid?: string; spsId?: string; requestedProcedureId?: string }) {
  if (!ref.accessionNumber && !ref.studyInstanceUid) return undefined;
  let q = db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .select(['s.id', 's.status', 's.modality_id', 'rp.patient_id', 'rp.department_org_id']);
  if (ref.accessionNumber) q = q.where('rp.accession_number', '=', ref.accessionNumber);
  if (ref.studyInstanceUid) q = q.where('rp.study_instance_uid', '=', ref.studyInstanceUid);
  if (ref.requestedProcedureId) q = q.where('rp.requested_procedure_id', '=', ref.requestedProcedureId);
  if (ref.spsId) q = q.where('s.sps_id', '=', ref.spsId);
  const rows = await q.limit(2).execute();
  return rows.length === 1 ? rows[0] : undefined;
}

export async function performedStep(db: Q, uid: string) {
  return db
    .selectFrom('performed_procedure_step as pps')
    .leftJoin('scheduled_procedure_step as s', 's.id', 'pps.step_id')
    .leftJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .select([
      'pps.sop_instance_uid',
      'pps.step_id',
      'pps.status',
      'pps.modality_id',
      'pps.started_at',
      'pps.attributes',
      'rp.patient_id',
      's.status as step_status',
    ])
    .where('pps.sop_instance_uid', '=', uid)
    .forUpdate('pps')
    .executeTakeFirst();
}

/** Inserts a performed step; false when the SOP instance UID already exists. */
export async function insertPerformedStep(
  db: Q,
  row: { sop_instance_uid: string; step_id: string | null; modality_id: string; started_at: Date | null; attributes: Record<string, unknown>; at: Date },
): Promise<boolean> {
  const r = await db
    .insertInto('performed_procedure_step')
    .values({
      sop_instance_uid: row.sop_instance_uid,
      step_id: row.step_id,
      modality_id: row.modality_id,
      status: 'in_progress',
      started_at: row.started_at,
      ended_at: null,
      discontinuation_reason: null,
      attributes: JSON.stringify(row.attributes),
      created_at: row.at,
      updated_at: row.at,
    })
    .onConflict((c) => c.column('sop_instance_uid').doNothing())
    .returning('sop_instance_uid')
    .executeTakeFirst();
  return r !== undefined;
}

export async function updatePerformedStep(
  db: Q,
  uid: string,
  set: {
    status: 'in_progress' | 'completed' | 'discontinued';
    /** The start as read again after an N-SET (a changed Timezone Offset From UTC). */
    started_at: Date | null;
    ended_at: Date | null;
    discontinuation_reason: string | null;
    attributes: Record<string, unknown>;
    at: Date;
  },
) {
  await db
    .updateTable('performed_procedure_step')
    .set({
      status: set.status,
      started_at: set.started_at,
      ended_at: set.ended_at,
      discontinuation_reason: set.discontinuation_reason,
      attributes: JSON.stringify(set.attributes),
      updated_at: set.at,
    })
    .where('sop_instance_uid', '=', uid)
    .execute();
}

export async function stepHistory(db: Q, stepId: string) {
  return db
    .selectFrom('procedure_step_event')
    .select(['at', 'from_status', 'to_status', 'source', 'detail'])
    .where('step_id', '=', stepId)
    .orderBy('id')
    .execute();
}

/** The steps of a referral's requested procedures that are not finished: id and status, locked for update. */
export async function openStepsOfReferral(db: Q, referralId: string): Promise<{ id: string; status: StepStatus }[]> {
  return db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .select(['s.id', 's.status'])
    .where('rp.referral_id', '=', referralId)
    .where('s.status', 'in', ['scheduled', 'in_progress'])
    .orderBy('s.id')
    .forUpdate('s')
    .execute();
}

export async function stepById(db: Q, stepId: string) {
  return db.selectFrom('scheduled_procedure_step').selectAll().where('id', '=', stepId).executeTakeFirst();
}

// ---- demo schedule ----

/** Every active machine with its opening hours and the departments whose steps it runs. */
export async function demoMachines(db: Q) {
  const machines = await db
    .selectFrom('modality')
    .select(['id', 'site_org_id', 'kind', 'ae_title', 'opening_hours'])
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  const deps = await db.selectFrom('organization').select(['id', 'parent_id']).where('kind', '=', 'department').execute();
  const bySite = new Map<string, string[]>();
  for (const d of deps) if (d.parent_id) bySite.set(d.parent_id, [...(bySite.get(d.parent_id) ?? []), d.id]);
  return machines.map((m) => ({ ...m, departmentIds: bySite.get(m.site_org_id) ?? [m.site_org_id] }));
}

/** Number of steps per machine and day in [from, to): key `${modality_id}|${YYYY-MM-DD}`. */
export async function stepCountsByMachineDay(db: Q, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('scheduled_procedure_step')
    .select(['modality_id', sql<string>`to_char(start_date, 'YYYY-MM-DD')`.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('start_date', '>=', from)
    .where('start_date', '<', to)
    .groupBy(['modality_id', 'start_date'])
    .execute();
  return new Map(rows.map((r) => [`${r.modality_id}|${r.day}`, Number(r.n)]));
}

/** Booked referrals (status 'scheduled') that have no requested procedure yet, oldest booking first. */
export async function openReferralsWithoutStep(db: Q) {
  return db
    .selectFrom('referral as r')
    .innerJoin('exam_code as e', 'e.code', 'r.exam_code')
    .select(['r.id', 'r.patient_id', 'r.department_org_id', 'r.urgency', 'e.modality as exam_modality', 'e.name as exam_name'])
    .where('r.status', '=', 'scheduled')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('requested_procedure as rp').select('rp.id').whereRef('rp.referral_id', '=', 'r.id'))))
    .orderBy('r.scheduled_at')
    .orderBy('r.id')
    .execute();
}

/** Steps still 'scheduled' whose day has passed (nobody reported them performed). */
export async function unattendedPastSteps(db: Q, today: string) {
  return db
    .selectFrom('scheduled_procedure_step')
    .select(['id', 'modality_id'])
    .where('status', '=', 'scheduled')
    .where('start_date', '<', today)
    .orderBy('start_date')
    .orderBy('start_time')
    .execute();
}

export interface BulkStep {
  referralId: string;
  patientId: string;
  departmentId: string;
  examName: string;
  modalityId: string;
  modality: string;
  date: string;
  time: string;
  studyInstanceUid: string;
  urgent: boolean;
  /** Minutes on the machine (the kind's slot type). */
  durationMinutes: number;
}

/** Many requested procedures with one step each, in chunks (demo seeding; source 'demo'). */
export async function bulkInsertSchedule(db: Q, rows: BulkStep[], at: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const seq = await sql<{ n: number }>`SELECT nextval('accession_number_seq')::int AS n FROM generate_series(1, ${chunk.length})`.execute(db);
    const acc = seq.rows.map((r) => `RV${String(r.n).padStart(7, '0')}`);
    await db
      .insertInto('requested_procedure')
      .values(
        chunk.map((r, k) => ({
          id: `rp-${acc[k]}`,
          referral_id: r.referralId,
          patient_id: r.patientId,
          department_org_id: r.departmentId,
          accession_number: acc[k],
          requested_procedure_id: acc[k],
          study_instance_uid: r.studyInstanceUid,
          description: r.examName.slice(0, 64),
          priority: r.urgent ? ('HIGH' as const) : ('ROUTINE' as const),
          comments: null,
          created_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('scheduled_procedure_step')
      .values(
        chunk.map((r, k) => ({
          id: `sps-${acc[k]}`,
          requested_procedure_id: `rp-${acc[k]}`,
          sps_id: 'SPS1',
          modality_id: r.modalityId,
          modality: r.modality,
          start_date: r.date,
          start_time: r.time,
          description: r.examName.slice(0, 64),
          performing_physician: null,
          duration_minutes: r.durationMinutes,
          status: 'scheduled' as const,
          created_at: at,
          status_changed_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('procedure_step_event')
      .values(
        chunk.map((_, k) => ({ step_id: `sps-${acc[k]}`, at, from_status: null, to_status: 'scheduled' as const, source: 'demo' as const, detail: null })),
      )
      .execute();
  }
}

/** Moves a step to a new start (history row 'scheduled' → 'scheduled' with the reason). */
export async function rescheduleStep(db: Q, stepId: string, date: string, time: string, at: Date, detail: string): Promise<void> {
  await db.updateTable('scheduled_procedure_step').set({ start_date: date, start_time: time, status_changed_at: at }).where('id', '=', stepId).execute();
  await db
    .insertInto('procedure_step_event')
    .values({ step_id: stepId, at, from_status: 'scheduled', to_status: 'scheduled', source: 'demo', detail })
    .execute();
}

// ---- performed steps of one scheduled step (PS3.3 C.4.14) ----

/**
 * Locks a scheduled step's row for the rest of the transaction (SELECT … FOR UPDATE) and returns
 * its status: MPPS for one scheduled step serialize here, so two performed steps ending at once
 * each see the other's committed state.
 */
export async function lockStep(db: Q, stepId: string): Promise<StepStatus | undefined> {
  const r = await db.selectFrom('scheduled_procedure_step').select('status').where('id', '=', stepId).forUpdate().executeTakeFirst();
  return r?.status;
}

/** The performed steps linked to a scheduled step (performed_step_link, the group case included): status and end (null while in progress). */
export async function performedStepsOfStep(db: Q, stepId: string) {
  return db
    .selectFrom('performed_procedure_step as pps')
    .innerJoin('performed_step_link as l', 'l.sop_instance_uid', 'pps.sop_instance_uid')
    .select(['pps.sop_instance_uid', 'pps.status', 'pps.ended_at'])
    .where('l.step_id', '=', stepId)
    .orderBy('pps.created_at')
    .execute();
}

/**
 * Links performed step `uid` to scheduled steps `stepIds` (performed_step_link; the first is also
 * performed_procedure_step.step_id). Duplicates are ignored.
 */
export async function linkPerformedStep(db: Q, uid: string, stepIds: readonly string[]): Promise<void> {
  if (stepIds.length === 0) return;
  await db
    .insertInto('performed_step_link')
    .values(stepIds.map((step_id) => ({ sop_instance_uid: uid, step_id })))
    .onConflict((c) => c.columns(['sop_instance_uid', 'step_id']).doNothing())
    .execute();
}

/** The scheduled steps performed step `uid` is linked to, ordered by id (the order rows are locked in). */
export async function linkedStepsOfPerformed(db: Q, uid: string): Promise<string[]> {
  const rows = await db.selectFrom('performed_step_link').select('step_id').where('sop_instance_uid', '=', uid).orderBy('step_id').execute();
  return rows.map((r) => r.step_id);
}

/** The referral of a scheduled step, with its status, and whether it has another live (scheduled, in progress) step. */
export async function referralOfStep(db: Q, stepId: string) {
  const r = await db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('referral as r', 'r.id', 'rp.referral_id')
    .select(['r.id', 'r.status', 'r.referrer_person_id', 'rp.accession_number'])
    .where('s.id', '=', stepId)
    .forUpdate('r')
    .executeTakeFirst();
  if (!r) return undefined;
  const other = await db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .select('s.id')
    .where('rp.referral_id', '=', r.id)
    .where('s.id', '<>', stepId)
    .where('s.status', 'in', ['scheduled', 'in_progress'])
    .executeTakeFirst();
  return { ...r, otherLiveStep: other !== undefined };
}
