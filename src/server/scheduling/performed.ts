// Modality Performed Procedure Steps (DICOM PS3.4 F.7, PS3.3 C.4.13–C.4.14): a modality reports
// that it started an exam (IN PROGRESS), then that it finished it (COMPLETED) or stopped
// (DISCONTINUED). COMPLETED makes the exam performed (referral 'performed' with its timestamp and
// an exam row the reading lists pick up); DISCONTINUED does not. A final step cannot change again.
// A scheduled step may get more than one performed step (IHE RAD TF-1 4.3 "append" and a new try
// after a discontinued one): a new N-CREATE re-opens a discontinued scheduled step, and the
// scheduled step is completed, and the exam performed, by whichever performed step completes.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { logAccess } from '../audit/access-log.ts';
import { Forbidden } from '../http/errors.ts';
import { findStepForPerformed, insertPerformedStep, markPerformed, modalityByAeTitle, performedStep, setStepStatus, updatePerformedStep } from './store.ts';
import { logRefusal } from '../access/gate.ts';
import { modalityActor, modalityWho, type ModalityDoor } from './worklist.ts';

export interface StartPerformedInput {
  sopInstanceUid: string;
  /** The scheduled step it performs (from the Scheduled Step Attributes Sequence); none = unscheduled. */
  scheduled: { accessionNumber?: string; studyInstanceUid?: string; requestedProcedureId?: string; spsId?: string }[];
  startedAt: Date | null;
  /** The data set received, as JSON (kept for the record). */
  attributes: Record<string, unknown>;
}

export type StartPerformedResult = { outcome: 'created'; stepId: string | null } | { outcome: 'duplicate' };

/**
 * N-CREATE (IN PROGRESS). Throws Forbidden for an unregistered AE title (its refusal logged and
 * committed first). A reference to another site's scheduled step is not linked (the step is taken
 * as unscheduled) and leaves a refused access-log row for that step's patient (gate.ts logRefusal).
 */
export async function startPerformedStep(db: Kysely<DB>, door: ModalityDoor, input: StartPerformedInput, now = new Date()): Promise<StartPerformedResult> {
  const out = await db.transaction().execute(async (trx) => {
    const machine = await modalityByAeTitle(trx, door.aeTitle);
    if (!machine) {
      await logRefusal(trx, modalityWho(door, null), 'unregistered-modality', {
        patientId: null,
        resourceType: 'PerformedProcedureStep',
        resourceId: input.sopInstanceUid,
        action: 'create',
        context: 'dicom-mpps',
      });
      return undefined;
    }
    const who = modalityWho(door, machine.departmentIds[0] ?? null);
    let step: Awaited<ReturnType<typeof findStepForPerformed>>;
    for (const ref of input.scheduled) {
      const s = await findStepForPerformed(trx, ref);
      // Only steps of the machine's own department are this machine's to perform.
      if (s && machine.departmentIds.includes(s.department_org_id)) {
        step = s;
        break;
      }
      if (s)
        await logRefusal(trx, who, 'outside-modality-sites', {
          patientId: s.patient_id,
          resourceType: 'PerformedProcedureStep',
          resourceId: input.sopInstanceUid,
          action: 'create',
          context: 'dicom-mpps',
        });
    }
    const created = await insertPerformedStep(trx, {
      sop_instance_uid: input.sopInstanceUid,
      step_id: step?.id ?? null,
      modality_id: machine.id,
      started_at: input.startedAt,
      attributes: input.attributes,
      at: now,
    });
    if (!created) return { outcome: 'duplicate' } as const;
    if (step) {
      await setStepStatus(trx, step.id, ['scheduled', 'discontinued'], 'in_progress', 'mpps', now, `MPPS ${input.sopInstanceUid} from ${door.aeTitle}`);
      await logAccess(trx, modalityActor(door, machine.departmentIds[0] ?? null), [
        { patientId: step.patient_id, resourceType: 'PerformedProcedureStep', resourceId: input.sopInstanceUid, action: 'create', context: 'dicom-mpps' },
      ]);
    }
    return { outcome: 'created', stepId: step?.id ?? null } as const;
  });
  if (!out) throw new Forbidden('Calling AE title is not a registered modality');
  return out;
}

export interface UpdatePerformedInput {
  sopInstanceUid: string;
  /** New status, or undefined to only update attributes while in progress. */
  status: 'in_progress' | 'completed' | 'discontinued' | undefined;
  endedAt: Date | null;
  discontinuationReason: string | null;
  attributes: Record<string, unknown>;
  /**
   * Checks the step as it would be after this N-SET before anything is written: gets the step's
   * attributes (the stored ones overlaid by `attributes`), its start and the new status; returns
   * the end instant to store (null = `endedAt`, else now). What it throws refuses the N-SET:
   * nothing changes, a refused access-log row (gate.ts logRefusal, reason = the error's `reason`,
   * else 'mpps-n-set-refused') is committed, and the error is rethrown to the caller.
   */
  check?: (step: { attributes: Record<string, unknown>; startedAt: Date | null; status: 'in_progress' | 'completed' | 'discontinued' }) => Date | null;
}

export type UpdatePerformedResult =
  { outcome: 'updated'; status: 'in_progress' | 'completed' | 'discontinued' } | { outcome: 'no-such-instance' } | { outcome: 'final' };

/**
 * N-SET. 'no-such-instance' when never created — or created by another machine, which is refused
 * and logged (gate.ts logRefusal) for the step's patient; 'final' after COMPLETED or DISCONTINUED.
 * Throws Forbidden for an unregistered AE title (its refusal logged and committed first), and
 * what `input.check` throws (its refusal logged and committed first, nothing else written).
 */
export async function updatePerformedStepStatus(
  db: Kysely<DB>,
  door: ModalityDoor,
  input: UpdatePerformedInput,
  now = new Date(),
): Promise<UpdatePerformedResult> {
  let refusedWith: unknown;
  const out = await db.transaction().execute(async (trx) => {
    const machine = await modalityByAeTitle(trx, door.aeTitle);
    if (!machine) {
      await logRefusal(trx, modalityWho(door, null), 'unregistered-modality', {
        patientId: null,
        resourceType: 'PerformedProcedureStep',
        resourceId: input.sopInstanceUid,
        action: 'update',
        context: 'dicom-mpps',
      });
      return undefined;
    }
    const pps = await performedStep(trx, input.sopInstanceUid);
    // Another machine's step is as good as unknown to this one — and the attempt is refused and logged.
    if (pps && pps.modality_id !== machine.id)
      await logRefusal(trx, modalityWho(door, machine.departmentIds[0] ?? null), 'not-this-modality', {
        patientId: pps.patient_id,
        resourceType: 'PerformedProcedureStep',
        resourceId: input.sopInstanceUid,
        action: 'update',
        context: 'dicom-mpps',
      });
    if (!pps || pps.modality_id !== machine.id) return { outcome: 'no-such-instance' } as const;
    if (pps.status !== 'in_progress') return { outcome: 'final' } as const;
    const status = input.status ?? 'in_progress';
    // N-SET changes the attributes it names and keeps the rest (PS3.4 F.7.2.2.2): the final-state
    // check sees what N-CREATE and earlier N-SETs set.
    const attributes = { ...pps.attributes, ...input.attributes };
    let endedAt = input.endedAt;
    if (input.check) {
      try {
        endedAt = input.check({ attributes, startedAt: pps.started_at, status }) ?? input.endedAt;
      } catch (e) {
        const reason = e && typeof e === 'object' && 'reason' in e && typeof e.reason === 'string' ? e.reason : 'mpps-n-set-refused';
        await logRefusal(trx, modalityWho(door, machine.departmentIds[0] ?? null), reason, {
          patientId: pps.patient_id,
          resourceType: 'PerformedProcedureStep',
          resourceId: input.sopInstanceUid,
          action: 'update',
          context: 'dicom-mpps',
        });
        refusedWith = e;
        return { outcome: 'refused' } as const;
      }
    }
    await updatePerformedStep(trx, input.sopInstanceUid, {
      status,
      ended_at: status === 'in_progress' ? null : (endedAt ?? now),
      discontinuation_reason: input.discontinuationReason,
      attributes,
      at: now,
    });
    if (pps.step_id && status !== 'in_progress') {
      // COMPLETED wins over an earlier DISCONTINUED of another performed step; DISCONTINUED never
      // undoes a completed scheduled step.
      const moved = await setStepStatus(
        trx,
        pps.step_id,
        status === 'completed' ? ['scheduled', 'in_progress', 'discontinued'] : ['scheduled', 'in_progress'],
        status,
        'mpps',
        now,
        status === 'discontinued' ? `discontinued: ${input.discontinuationReason ?? 'no reason given'}` : `MPPS ${input.sopInstanceUid}`,
      );
      // markPerformed is idempotent (one exam per scheduled step), so an appended step completing
      // after the first one changes nothing more.
      if (status === 'completed' && (moved || pps.step_status === 'completed')) await markPerformed(trx, pps.step_id, endedAt ?? now);
    }
    if (pps.patient_id) {
      await logAccess(trx, modalityActor(door, machine.departmentIds[0] ?? null), [
        { patientId: pps.patient_id, resourceType: 'PerformedProcedureStep', resourceId: input.sopInstanceUid, action: 'update', context: 'dicom-mpps' },
      ]);
    }
    return { outcome: 'updated', status } as const;
  });
  if (!out) throw new Forbidden('Calling AE title is not a registered modality');
  if (out.outcome === 'refused') throw refusedWith;
  return out;
}
