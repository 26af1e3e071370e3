// Modality Performed Procedure Steps (DICOM PS3.4 F.7, PS3.3 C.4.13–C.4.14): a modality reports
// that it started an exam (IN PROGRESS), then that it finished it (COMPLETED) or stopped
// (DISCONTINUED). COMPLETED makes the exam performed (referral 'performed' with its timestamp and
// an exam row the reading lists pick up); DISCONTINUED does not. A final step cannot change again.
// A scheduled step may get more than one performed step (PS3.3 C.4.14: the Scheduled Step
// Attributes Sequence links each PPS to the step it performs; IHE RAD TF-1 4.3 "append", a split
// exam, a new try after a discontinued one). The scheduled step follows its performed steps
// (rule of this module, stepOutcome):
// - a DISCONTINUED performed step does not end the scheduled step while another of its performed
//   steps is still IN PROGRESS: it stays in progress until the last one ends, and is then
//   COMPLETED if any of them completed, else DISCONTINUED;
// - a COMPLETED performed step completes the scheduled step at once (the exam is performed, at
//   the latest completed end, and goes to reading), other performed steps still in progress or
//   not: a performed step a modality never closes (a refused N-SET, a console switched off) must
//   not hold back an exam that was acquired;
// - a completed scheduled step stays completed (an appended performed step changes nothing).
// A DISCONTINUED scheduled step sends the referral back to the booking queue (IHE RAD TF-2 RAD-7
// leaves rescheduling to the department; assessment/referral-steps.ts referralBackToBooking), marked as stopped
// at the modality with the reason from (0040,0281). A new N-CREATE for that step re-opens it and
// books the referral again — unless the department has meanwhile booked it anew or closed it:
// then the new performed step is kept unlinked (as unscheduled) and the old step stays discontinued.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { logAccess } from '../audit/access-log.ts';
import { Forbidden } from '../http/errors.ts';
import {
  findStepForPerformed,
  insertPerformedStep,
  linkedStepsOfPerformed,
  linkPerformedStep,
  lockStep,
  markPerformed,
  modalityByAeTitle,
  performedStep,
  performedStepsOfStep,
  referralOfStep,
  setStepStatus,
  updatePerformedStep,
} from './store.ts';
import { logRefusal } from '../access/gate.ts';
import { noteOnReferral, referralBackToBooking, referralPerformed, referralScheduled } from '../assessment/referral-steps.ts';
import { notifyReferrer } from '../notifications/service.ts';
import { modalityActor, modalityWho, type ModalityDoor } from './worklist.ts';

export interface StartPerformedInput {
  sopInstanceUid: string;
  /** The scheduled step it performs (from the Scheduled Step Attributes Sequence); none = unscheduled. */
  scheduled: { accessionNumber?: string; studyInstanceUid?: string; requestedProcedureId?: string; spsId?: string }[];
  startedAt: Date | null;
  /** The data set received, as JSON (kept for the record). */
  attributes: Record<string, unknown>;
}

export type StartPerformedResult =
  | { outcome: 'created'; stepId: string | null; stepIds: string[] }
  | { outcome: 'duplicate' }
  /** A group whose item `item` (0-based) names no scheduled step this machine performs, while another item does. */
  | { outcome: 'unknown-step'; item: number }
  /** A group whose items name scheduled steps of different patients. */
  | { outcome: 'several-patients' };

type FoundStep = NonNullable<Awaited<ReturnType<typeof findStepForPerformed>>>;

/**
 * N-CREATE (IN PROGRESS). Every item of the Scheduled Step Attributes Sequence is looked up
 * (PS3.4 Table F.7.2-1: "one or more Items"; the IHE RAD TF-2 4.6 group case): the performed step
 * is linked to each scheduled step named, all in one transaction, and each follows it (scheduled →
 * in progress now; completed or discontinued with its N-SET, updatePerformedStepStatus).
 * - No item names a step of this machine's department → an unscheduled performed step (IHE
 *   "unscheduled case"), as before; a reference to another site's step leaves a refused
 *   access-log row for that step's patient (gate.ts logRefusal).
 * - Some items do and another does not (unknown, ambiguous or another site's) → 'unknown-step'
 *   with that item's index; items naming steps of different patients → 'several-patients'. Then
 *   nothing is stored but the refused access-log row (reason 'mpps-group-step-unknown' or
 *   'mpps-group-several-patients'): linking part of a group would leave an acquired exam booked.
 * - A step may be performed by more than one performed step (append, a new try; rule in this
 *   module's header), so a step another performed step already performs is linked all the same.
 * - A discontinued step is re-opened only while its referral waits in the booking queue; else it
 *   is left out of the links (the other steps of the group are linked).
 * Throws Forbidden for an unregistered AE title (its refusal logged and committed first).
 */
export async function startPerformedStep(db: Kysely<DB>, door: ModalityDoor, input: StartPerformedInput, now = new Date()): Promise<StartPerformedResult> {
  const out = await db.transaction().execute(async (trx): Promise<StartPerformedResult | undefined> => {
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
    const refuse = (reason: string, patientId: string | null) =>
      logRefusal(trx, who, reason, {
        patientId,
        resourceType: 'PerformedProcedureStep',
        resourceId: input.sopInstanceUid,
        action: 'create',
        context: 'dicom-mpps',
      });
    const steps: FoundStep[] = [];
    const missing: number[] = [];
    for (const [i, ref] of input.scheduled.entries()) {
      const s = await findStepForPerformed(trx, ref);
      // Only steps of the machine's own department are this machine's to perform.
      if (s && machine.departmentIds.includes(s.department_org_id)) {
        if (!steps.some((x) => x.id === s.id)) steps.push(s);
        continue;
      }
      missing.push(i);
      if (s) await refuse('outside-modality-sites', s.patient_id);
    }
    if (steps.length > 0 && missing.length > 0) {
      await refuse('mpps-group-step-unknown', steps[0].patient_id);
      return { outcome: 'unknown-step', item: missing[0] };
    }
    if (new Set(steps.map((s) => s.patient_id)).size > 1) {
      for (const s of steps) await refuse('mpps-group-several-patients', s.patient_id);
      return { outcome: 'several-patients' };
    }
    // Rows locked in id order, so two groups naming the same steps cannot deadlock.
    const statuses = new Map<string, Awaited<ReturnType<typeof lockStep>>>();
    for (const s of [...steps].sort((a, b) => (a.id < b.id ? -1 : 1))) statuses.set(s.id, await lockStep(trx, s.id));
    // A discontinued step is re-opened only while its referral waits in the booking queue (or was
    // never sent there): not when the department has booked it anew or closed it meanwhile.
    const linked: FoundStep[] = [];
    for (const s of steps) {
      if (statuses.get(s.id) === 'discontinued') {
        const r = await referralOfStep(trx, s.id);
        if (!r || r.otherLiveStep || !['scheduled', 'accepted'].includes(r.status)) continue;
      }
      linked.push(s);
    }
    const created = await insertPerformedStep(trx, {
      sop_instance_uid: input.sopInstanceUid,
      step_id: linked[0]?.id ?? null,
      modality_id: machine.id,
      started_at: input.startedAt,
      attributes: input.attributes,
      at: now,
    });
    if (!created) return { outcome: 'duplicate' };
    await linkPerformedStep(
      trx,
      input.sopInstanceUid,
      linked.map((s) => s.id),
    );
    for (const s of linked) {
      const stepStatus = statuses.get(s.id);
      await setStepStatus(trx, s.id, ['scheduled', 'discontinued'], 'in_progress', 'mpps', now, `MPPS ${input.sopInstanceUid} from ${door.aeTitle}`);
      // Back from the booking queue (exam_discontinued) to booked: the modality restarted the exam.
      const r = stepStatus === 'discontinued' ? await referralOfStep(trx, s.id) : undefined;
      if (r) await referralScheduled(trx, r.id, now);
      // The referral was withdrawn or closed after the modality fetched its worklist: the performed
      // step is kept (linked, so its N-SET finds it) but the step and referral stay ended — not
      // reopened silently. PS3.4 F.7.2.1 and IHE SWF (RAD-6) leave the Performed Procedure Step to
      // the modality (the patient may be on the table; refusing would only lose the record). The
      // department sees it in the referral's history: an 'exam_started_after_end' note naming the
      // machine and accession number (booking/after-end.ts shows it until acknowledged).
      if (stepStatus === 'cancelled') {
        const ended = await referralOfStep(trx, s.id);
        if (ended)
          await noteOnReferral(
            trx,
            ended.id,
            'exam_started_after_end',
            { userId: null, role: 'modality' },
            { stepId: s.id, accessionNumber: ended.accession_number, aeTitle: door.aeTitle, mpps: input.sopInstanceUid },
            now,
          );
      }
    }
    if (steps.length > 0) {
      await logAccess(trx, modalityActor(door, machine.departmentIds[0] ?? null), [
        { patientId: steps[0].patient_id, resourceType: 'PerformedProcedureStep', resourceId: input.sopInstanceUid, action: 'create', context: 'dicom-mpps' },
      ]);
    }
    return { outcome: 'created', stepId: linked[0]?.id ?? null, stepIds: linked.map((s) => s.id) };
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
  /** The reason code's parts (mpps.ts readMppsSet), for the referral's history and the booking queue. */
  discontinuationCode?: { scheme: string | null; value: string | null; meaning: string | null } | null;
  attributes: Record<string, unknown>;
  /**
   * Checks the step as it would be after this N-SET before anything is written: gets the step's
   * attributes (the stored ones overlaid by `attributes`), its start and the new status; returns
   * the end instant to store (null = `endedAt`, else now). What it throws refuses the N-SET:
   * nothing changes, a refused access-log row (gate.ts logRefusal, reason = the error's `reason`,
   * else 'mpps-n-set-refused') is committed, and the error is rethrown to the caller.
   */
  check?: (step: { attributes: Record<string, unknown>; startedAt: Date | null; status: 'in_progress' | 'completed' | 'discontinued' }) => Date | null;
  /**
   * The step's start as the attributes after this N-SET give it (undefined: keep the stored one).
   * An N-SET may not change the start date and time but may change the Timezone Offset From UTC
   * they are read in (PS3.3 C.12.1.1.8), so the start is read again: the check above and the
   * stored start then use it. What it throws refuses the N-SET as `check` does.
   */
  start?: (attributes: Record<string, unknown>) => Date | null | undefined;
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
    let startedAt = pps.started_at;
    if (input.check || input.start) {
      try {
        const start = input.start?.(attributes);
        if (start !== undefined) startedAt = start;
        if (input.check) endedAt = input.check({ attributes, startedAt, status }) ?? input.endedAt;
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
      started_at: startedAt,
      ended_at: status === 'in_progress' ? null : (endedAt ?? now),
      discontinuation_reason: input.discontinuationReason,
      attributes,
      at: now,
    });
    // Every scheduled step this performed step performs (the group case) follows it, in one
    // transaction: all completed (performed, to reading) or discontinued together.
    const stepIds = status === 'in_progress' ? [] : await linkedStepsOfPerformed(trx, input.sopInstanceUid);
    for (const stepId of stepIds) {
      const stepStatus = await lockStep(trx, stepId);
      const outcome = stepOutcome(await performedStepsOfStep(trx, stepId));
      if (outcome.status === 'completed') {
        const moved = await setStepStatus(trx, stepId, ['scheduled', 'in_progress', 'discontinued'], 'completed', 'mpps', now, `MPPS ${input.sopInstanceUid}`);
        // markPerformed is idempotent (one exam per scheduled step), so an appended step completing
        // after the first one changes nothing more.
        if (moved || stepStatus === 'completed') {
          const performedAt = outcome.performedAt ?? endedAt ?? now;
          const exam = await markPerformed(trx, stepId, performedAt);
          // The referrer's page shows the exam as done; the modality reported it (MPPS), not a person.
          if (exam) await referralPerformed(trx, exam.referralId, performedAt);
        }
      } else if (outcome.status === 'discontinued') {
        const moved = await setStepStatus(
          trx,
          stepId,
          ['scheduled', 'in_progress'],
          'discontinued',
          'mpps',
          now,
          `discontinued: ${input.discontinuationReason ?? 'no reason given'}`,
        );
        // A 'scheduled' referral with no other live step goes back to the booking queue (assessment
        // writes the status and the 'exam_discontinued' event with the modality's reason).
        const r = moved ? await referralOfStep(trx, stepId) : undefined;
        const back =
          r &&
          !r.otherLiveStep &&
          (await referralBackToBooking(trx, r.id, now, input.discontinuationCode ?? null, { stepId, accessionNumber: r.accession_number }))
            ? { id: r.id, referrer_person_id: r.referrer_person_id }
            : undefined;
        // The referrer is told the exam was stopped at the scanner, with the modality's reason (the
        // referral waits for a new time in the department's booking queue).
        if (back) {
          const code = input.discontinuationCode;
          await notifyReferrer(
            trx,
            { personId: back.referrer_person_id, referralId: back.id },
            {
              kind: 'exam-discontinued',
              code: code?.value ? `${code.scheme ?? ''}:${code.value}`.slice(0, 100) : null,
              meaning: code?.meaning ?? null,
            },
            now,
          );
        }
      }
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

/**
 * What the performed steps of one scheduled step make of it (PS3.3 C.4.14; the rule in this
 * module's header): 'completed' as soon as any completed, with the latest end of the completed
 * ones (`performedAt`, null when none has an end); else 'in_progress' while any is IN PROGRESS
 * (or none exists); else — all discontinued — 'discontinued'. Pure.
 */
export function stepOutcome(
  performed: readonly { status: 'in_progress' | 'completed' | 'discontinued'; ended_at: Date | null }[],
): { status: 'in_progress' } | { status: 'completed'; performedAt: Date | null } | { status: 'discontinued' } {
  const completed = performed.filter((p) => p.status === 'completed');
  if (completed.length > 0) {
    const ends = completed.map((p) => p.ended_at?.getTime()).filter((t): t is number => t !== undefined);
    return { status: 'completed', performedAt: ends.length > 0 ? new Date(Math.max(...ends)) : null };
  }
  if (performed.length === 0 || performed.some((p) => p.status === 'in_progress')) return { status: 'in_progress' };
  return { status: 'discontinued' };
}
