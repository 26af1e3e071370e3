// Booking an exam on a machine: one requested procedure (accession number, study) with one
// scheduled procedure step (DICOM PS3.3 C.4.10, C.4.11). Every state change is timestamped in
// procedure_step_event, so waiting times can be measured from referral to exam.
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { referralScheduled } from '../assessment/referral-steps.ts';
import { Conflict, Invalid, NotFound } from '../http/errors.ts';
import { insertStep, modalityById, moveStep, nextAccessionNumber, openStepsOfReferral, referralForScheduling, setStepStatus, stepById } from './store.ts';
import { isDicomUid, newDicomUid } from './uid.ts';

export interface ScheduleStepInput {
  referralId: string;
  /** The machine (modality.id); its AE title becomes the Scheduled Station AE Title. */
  modalityId: string;
  /** Start, Norwegian wall-clock time: date YYYY-MM-DD and time HH:MM or HH:MM:SS. */
  startDate: string;
  startTime: string;
  /** Scheduled Procedure Step Description; defaults to the exam code's name. */
  description?: string;
  /** Requested Procedure Description; defaults to `description`. */
  requestedProcedureDescription?: string;
  /** Scheduled performing physician or radiographer, if known. */
  performingPhysician?: { familyName: string; givenName: string } | null;
  /** Defaults: a new accession number RV0000001…, RP id = accession, SPS id = 'SPS1', a new 2.25 UID. */
  accessionNumber?: string;
  requestedProcedureId?: string;
  spsId?: string;
  studyInstanceUid?: string;
  priority?: 'STAT' | 'HIGH' | 'ROUTINE' | 'MEDIUM' | 'LOW';
  comments?: string | null;
  source?: 'app' | 'demo';
  /** Minutes the step occupies the machine (the slot type's duration); default 20. */
  durationMinutes?: number;
  /** The user who booked (procedure_step_event.actor_user_id) and why (detail). */
  actorUserId?: string | null;
  detail?: string | null;
}

export interface ScheduledStep {
  stepId: string;
  requestedProcedureKey: string;
  accessionNumber: string;
  requestedProcedureId: string;
  spsId: string;
  studyInstanceUid: string;
  stationAeTitle: string;
}

/** DICOM modality code of a machine kind (PS3.3 C.7.3.1.1.1: positron emission tomography is PT). */
export function dicomModality(kind: string): string {
  return kind === 'PET' ? 'PT' : kind;
}

const SH = /^[^\\\r\n]{1,16}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** DICOM PN from a name: Family^Given, with the component separator stripped from the parts. */
export function personName(familyName: string, givenName: string): string {
  const clean = (s: string) => s.replace(/[\^\\=]/g, ' ').trim();
  const g = clean(givenName);
  return g ? `${clean(familyName)}^${g}` : clean(familyName);
}

/**
 * Schedules one procedure step for a referral on a machine, in one transaction: the requested
 * procedure (accession number, requested procedure id, StudyInstanceUID), the step (status
 * 'scheduled', with its first history row) and the referral's status 'scheduled' with its
 * timestamp. Errors: NotFound (referral or machine), Invalid (bad date/time, ids too long for
 * DICOM SH, a UID that is not a UID, an inactive machine).
 * Other domains (booking) call this; the DICOM worklist serves what it stores.
 */
export async function scheduleProcedureStep(db: Kysely<DB>, input: ScheduleStepInput, now = new Date()): Promise<ScheduledStep> {
  if (!DATE.test(input.startDate) || Number.isNaN(Date.parse(`${input.startDate}T00:00:00Z`)))
    throw new Invalid('startDate must be YYYY-MM-DD', [{ field: 'startDate', message: 'YYYY-MM-DD' }]);
  if (!TIME.test(input.startTime)) throw new Invalid('startTime must be HH:MM or HH:MM:SS', [{ field: 'startTime', message: 'HH:MM' }]);
  for (const [field, v] of [
    ['accessionNumber', input.accessionNumber],
    ['requestedProcedureId', input.requestedProcedureId],
    ['spsId', input.spsId],
  ] as const) {
    if (v !== undefined && !SH.test(v)) throw new Invalid(`${field} must be 1–16 characters without a backslash`, [{ field, message: 'DICOM SH' }]);
  }
  if (input.studyInstanceUid !== undefined && !isDicomUid(input.studyInstanceUid))
    throw new Invalid('studyInstanceUid is not a DICOM UID', [{ field: 'studyInstanceUid', message: 'DICOM UI' }]);
  if (input.durationMinutes !== undefined && (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 600))
    throw new Invalid('durationMinutes must be 1–600', [{ field: 'durationMinutes', message: '1–600' }]);
  return inTransaction(db, async (trx) => {
    const referral = await referralForScheduling(trx, input.referralId);
    if (!referral) throw new NotFound('No such referral');
    const machine = await modalityById(trx, input.modalityId);
    if (!machine) throw new NotFound('No such machine');
    if (!machine.active) throw new Invalid('The machine is not in use', [{ field: 'modalityId', message: 'inactive' }]);
    const accession = input.accessionNumber ?? (await nextAccessionNumber(trx));
    const rpKey = `rp-${crypto.randomUUID()}`;
    const stepId = `sps-${crypto.randomUUID()}`;
    const rpId = input.requestedProcedureId ?? accession;
    const spsId = input.spsId ?? 'SPS1';
    const uid = input.studyInstanceUid ?? newDicomUid();
    await trx
      .insertInto('requested_procedure')
      .values({
        id: rpKey,
        referral_id: referral.id,
        patient_id: referral.patient_id,
        department_org_id: referral.department_org_id,
        accession_number: accession,
        requested_procedure_id: rpId,
        study_instance_uid: uid,
        description: (input.requestedProcedureDescription ?? input.description ?? referral.exam_name).slice(0, 64),
        priority: input.priority ?? (referral.urgency === 'emergency' ? 'STAT' : referral.urgency === 'urgent' ? 'HIGH' : 'ROUTINE'),
        comments: input.comments ?? null,
        created_at: now,
      })
      .execute();
    await insertStep(
      trx,
      {
        id: stepId,
        requested_procedure_id: rpKey,
        sps_id: spsId,
        modality_id: machine.id,
        modality: dicomModality(machine.kind),
        start_date: input.startDate,
        start_time: input.startTime.length === 5 ? `${input.startTime}:00` : input.startTime,
        description: (input.description ?? referral.exam_name).slice(0, 64),
        performing_physician: input.performingPhysician ? personName(input.performingPhysician.familyName, input.performingPhysician.givenName) : null,
        duration_minutes: input.durationMinutes ?? 20,
      },
      input.source ?? 'app',
      now,
      { actorUserId: input.actorUserId ?? null, detail: input.detail ?? null },
    );
    await referralScheduled(trx, referral.id, now, { userId: input.actorUserId ?? null });
    return {
      stepId,
      requestedProcedureKey: rpKey,
      accessionNumber: accession,
      requestedProcedureId: rpId,
      spsId,
      studyInstanceUid: uid,
      stationAeTitle: machine.ae_title,
    };
  });
}

/** Runs `fn` in the caller's transaction, or in a new one. */
async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<DB>) : db.transaction().execute(fn);
}

/** PostgreSQL's exclusion_violation: the machine already has a live step at that time (migration 0090). */
export function isSlotTaken(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === '23P01';
}

/**
 * Moves a scheduled step to another start (and machine), with a history row 'scheduled' →
 * 'scheduled' naming who and why; the DICOM worklist serves the new time at once. Errors:
 * NotFound (step or machine), Conflict (the step is no longer 'scheduled'). The database refuses
 * an overlap with another live step on the machine (SQLSTATE 23P01, see isSlotTaken).
 */
export async function rescheduleProcedureStep(
  db: Kysely<DB>,
  input: { stepId: string; modalityId: string; startDate: string; startTime: string; durationMinutes: number; actorUserId: string | null; reason: string },
  now = new Date(),
): Promise<void> {
  if (!DATE.test(input.startDate)) throw new Invalid('startDate must be YYYY-MM-DD', [{ field: 'startDate', message: 'YYYY-MM-DD' }]);
  if (!TIME.test(input.startTime)) throw new Invalid('startTime must be HH:MM', [{ field: 'startTime', message: 'HH:MM' }]);
  await inTransaction(db, async (trx) => {
    const step = await stepById(trx, input.stepId);
    if (!step) throw new NotFound('No such scheduled procedure step');
    if (step.status !== 'scheduled') throw new Conflict('Only a step not yet started can be moved');
    const machine = await modalityById(trx, input.modalityId);
    if (!machine) throw new NotFound('No such machine');
    if (!machine.active) throw new Invalid('The machine is not in use', [{ field: 'modalityId', message: 'inactive' }]);
    await moveStep(trx, {
      stepId: input.stepId,
      modalityId: machine.id,
      modality: dicomModality(machine.kind),
      date: input.startDate,
      time: input.startTime.length === 5 ? `${input.startTime}:00` : input.startTime,
      durationMinutes: input.durationMinutes,
      at: now,
      actorUserId: input.actorUserId,
      detail: input.reason,
    });
  });
}

/**
 * Cancels a scheduled step (status 'cancelled', which frees its slot and removes it from the
 * worklist), with a history row naming who and why. Returns false when the step was no longer
 * 'scheduled' (started or already cancelled).
 */
export async function cancelProcedureStep(
  db: Kysely<DB>,
  input: { stepId: string; actorUserId: string | null; reason: string },
  now = new Date(),
): Promise<boolean> {
  return inTransaction(db, (trx) => setStepStatus(trx, input.stepId, ['scheduled'], 'cancelled', 'app', now, input.reason, input.actorUserId));
}

/**
 * Cancels every booked (not yet started) step of a referral, each with a history row naming who and
 * why, so the DICOM worklist no longer serves it; used when a referral is ended without an exam
 * (assessment/closing.ts). Returns the ids of the steps cancelled (possibly none), or 'started' —
 * cancelling nothing — when one of its steps is in progress at the modality (MPPS IN PROGRESS).
 */
export async function cancelOpenStepsOfReferral(
  db: Kysely<DB>,
  input: { referralId: string; actorUserId: string | null; reason: string },
  now = new Date(),
): Promise<string[] | 'started'> {
  return inTransaction(db, async (trx) => {
    const steps = await openStepsOfReferral(trx, input.referralId);
    if (steps.some((s) => s.status === 'in_progress')) return 'started';
    for (const s of steps) await setStepStatus(trx, s.id, ['scheduled'], 'cancelled', 'app', now, input.reason, input.actorUserId);
    return steps.map((s) => s.id);
  });
}
