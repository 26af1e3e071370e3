// An MPPS N-CREATE for a booked exam whose referral was withdrawn or closed after the modality
// fetched its worklist, sent by a real DIMSE client (dcmjs-dimse as the modality).
//
// What Radvis answers: Success (0x0000). PS3.4 F.7.2.1 (N-CREATE) makes the Performed Procedure
// Step the modality's record of what it did; IHE Scheduled Workflow (RAD TF-2 RAD-6, "Modality
// Procedure Step In Progress") has the Performed Procedure Step Manager accept it — the patient may
// already be on the table, and a refusal would only lose that record. What Radvis must not do is
// reopen the ended referral silently: the step and the referral stay cancelled, the exam is not
// sent to reading when the modality completes it, and the referral's history shows the
// department that the scanner started it after the referral was ended (scheduling/performed.ts
// through assessment/referral-steps.ts noteOnReferral), with the machine and accession number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { cancelOpenStepsOfReferral } from '../../scheduling/schedule.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { eventHistoryProblems } from '../../assessment/event-history.ts';
import { dimse, SOP, type Request } from './dimse.ts';
import { createOrganization, createUser } from '../../testing/factories.ts';
import { loadPrincipal } from '../../auth/store.ts';
import type { Who } from '../../access/gate.ts';
import { acknowledgeAfterEnd, afterEndWarnings } from '../../booking/after-end.ts';
import { BOOKING_ROLES, machineDay } from '../../booking/service.ts';

const { Dataset, requests } = dimse;
const T = 120_000;
let scp: WorklistScp;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mpps-ended-');
}, T);
afterAll(async () => scp?.close());

async function send(reqs: Request[], aet = 'CT01'): Promise<number[]> {
  return (await sendOnOneAssociation(reqs, scp.listener.port(), aet)).statuses;
}

describe('MPPS for an exam whose referral was ended', () => {
  it(
    'N-CREATE → 0x0000 and N-SET COMPLETED → 0x0000, but the referral stays ended, nothing goes to reading, and the department is told',
    { timeout: T },
    async () => {
      const db = scp.db.kysely;
      const step = await db
        .selectFrom('scheduled_procedure_step as s')
        .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
        .select(['s.id', 'rp.referral_id', 'rp.study_instance_uid', 'rp.requested_procedure_id', 's.sps_id'])
        .where('rp.accession_number', '=', 'RV0001')
        .executeTakeFirstOrThrow();
      const referralId = step.referral_id!;
      // The department closes the referral (as assessment/closing.ts does): the step is cancelled, the referral ended.
      expect(await cancelOpenStepsOfReferral(db, { referralId, actorUserId: null, reason: 'Henvisningen er avsluttet uten undersøkelse' })).toEqual([step.id]);
      const before = await db.selectFrom('referral').select('status').where('id', '=', referralId).executeTakeFirstOrThrow();
      await db.updateTable('referral').set({ status: 'cancelled' }).where('id', '=', referralId).execute();
      await db
        .insertInto('referral_event')
        .values({ referral_id: referralId, kind: 'closed_without_exam', from_status: before.status, to_status: 'cancelled', reason_code: 'patient_declined' })
        .execute();

      // The modality had fetched the worklist before and starts the exam.
      const uid = newDicomUid();
      const create = new requests.NCreateRequest(SOP.mpps, uid);
      create.setDataset(
        new Dataset({
          SpecificCharacterSet: 'ISO_IR 192',
          PerformedProcedureStepStatus: 'IN PROGRESS',
          PerformedProcedureStepID: 'PPS1',
          PerformedStationAETitle: 'CT01',
          PerformedProcedureStepStartDate: '20261130',
          PerformedProcedureStepStartTime: '083500',
          Modality: 'CT',
          StudyID: '1',
          PatientName: [{ Alphabetic: 'ØSTBØ^ÅSE MARIT' }],
          ScheduledStepAttributesSequence: [
            {
              StudyInstanceUID: step.study_instance_uid,
              AccessionNumber: 'RV0001',
              RequestedProcedureID: step.requested_procedure_id,
              ScheduledProcedureStepID: step.sps_id,
            },
          ],
        }),
      );
      expect(await send([create])).toEqual([0x0000]);
      const after = async () => ({
        step: (await db.selectFrom('scheduled_procedure_step').select('status').where('id', '=', step.id).executeTakeFirstOrThrow()).status,
        referral: (await db.selectFrom('referral').select('status').where('id', '=', referralId).executeTakeFirstOrThrow()).status,
      });
      expect(await after()).toEqual({ step: 'cancelled', referral: 'cancelled' });
      const events = await db.selectFrom('referral_event').selectAll().where('referral_id', '=', referralId).orderBy('id').execute();
      const note = events.find((e) => e.kind === 'exam_started_after_end');
      expect(note).toMatchObject({ from_status: 'cancelled', to_status: 'cancelled', actor_role: 'modality' });
      expect(note?.data).toMatchObject({ accessionNumber: 'RV0001', aeTitle: 'CT01', mpps: uid });
      // The event follows the history's rules (event-history.ts): from the ended status, leaving it unchanged.
      expect(
        eventHistoryProblems(
          [
            { ...events[0], kind: 'submitted', from_status: null, to_status: 'submitted' },
            ...events.slice(events.findIndex((e) => e.kind === 'closed_without_exam')),
          ].map((e, i) => (i === 1 ? { ...e, from_status: 'submitted' } : e)),
          'cancelled',
        ),
      ).toEqual([]);

      // The modality completes it: accepted (the record is the modality's), but no exam for reading, the referral stays ended.
      const set = new requests.NSetRequest(SOP.mpps, uid);
      set.setDataset(
        new Dataset({
          PerformedProcedureStepStatus: 'COMPLETED',
          PerformedProcedureStepEndDate: '20261130',
          PerformedProcedureStepEndTime: '085000',
          PerformedSeriesSequence: [
            {
              SeriesInstanceUID: newDicomUid(),
              Modality: 'CT',
              SeriesDescription: 'Thorax',
              PerformingPhysicianName: '',
              OperatorsName: '',
              ProtocolName: 'THORAX',
              RetrieveAETitle: '',
              ReferencedImageSequence: [],
            },
          ],
        }),
      );
      expect(await send([set])).toEqual([0x0000]);
      expect(await after()).toEqual({ step: 'cancelled', referral: 'cancelled' });
      expect(await db.selectFrom('exam').select('id').where('referral_id', '=', referralId).execute()).toEqual([]);
      // The performed step stays linked to the (cancelled) step, so the department can find what was done.
      const pps = await db.selectFrom('performed_procedure_step').select(['step_id', 'status']).where('sop_instance_uid', '=', uid).executeTakeFirstOrThrow();
      expect(pps).toEqual({ step_id: step.id, status: 'completed' });
    },
  );

  // Continues from the test above (same database): the department must see the warning where it
  // works — the booking page's list and the machine's day plan — until someone acknowledges it.
  it('the booking page and the machine day plan warn until someone in the department acknowledges it; who and when are kept', { timeout: T }, async () => {
    const db = scp.db.kysely;
    const step = await db
      .selectFrom('scheduled_procedure_step as s')
      .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
      .select(['s.id', 's.modality_id', 'rp.referral_id'])
      .where('rp.accession_number', '=', 'RV0001')
      .executeTakeFirstOrThrow();
    const whoFor = async (userId: string): Promise<Who> => ({ kind: 'user', principal: (await loadPrincipal(db, userId, 'csrf'))!, ip: null });
    const secretary = await createUser(db, { grants: [{ role: 'secretary', organizationId: scp.world.departmentId }], name: ['Sigrid', 'Sekretær'] });
    const elsewhere = await createOrganization(db, { kind: 'department', name: 'Radiologi Annensted' });
    const outsider = await createUser(db, { grants: [{ role: 'secretary', organizationId: elsewhere }] });
    const sec = await whoFor(secretary.userId);
    const out = await whoFor(outsider.userId);

    const warnings = await afterEndWarnings(db, sec, BOOKING_ROLES);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ referralId: step.referral_id, accessionNumber: 'RV0001', machineId: step.modality_id });
    expect(warnings[0].patientName.length).toBeGreaterThan(0);
    expect(await afterEndWarnings(db, out, BOOKING_ROLES)).toEqual([]);
    // One access-log row for the list, naming the patient.
    const logged = await db
      .selectFrom('access_log')
      .select(['patient_ids'])
      .where('user_id', '=', secretary.userId)
      .where('context', '=', 'booking-after-end')
      .execute();
    expect(logged).toHaveLength(1);

    // The referral's own page asks for that referral's warnings only: the same warning for the
    // department, nothing for another referral or another department (and no access-log row then).
    expect((await afterEndWarnings(db, sec, BOOKING_ROLES, step.referral_id!)).map((w) => w.id)).toEqual([warnings[0].id]);
    const other = await db.selectFrom('referral').select('id').where('id', '!=', step.referral_id).executeTakeFirstOrThrow();
    expect(await afterEndWarnings(db, sec, BOOKING_ROLES, other.id)).toEqual([]);
    expect(await afterEndWarnings(db, out, BOOKING_ROLES, step.referral_id!)).toEqual([]);
    expect(await afterEndWarnings(db, sec, BOOKING_ROLES, 'no-such-referral')).toEqual([]);
    const loggedFor = async (userId: string) =>
      (await db.selectFrom('access_log').select('id').where('user_id', '=', userId).where('context', '=', 'booking-after-end').execute()).length;
    expect(await loggedFor(secretary.userId)).toBe(2);
    expect(await loggedFor(outsider.userId)).toBe(0);

    // The machine's day plan carries it too (whatever day is shown: it is about the machine).
    const day = await machineDay(db, sec, step.modality_id, '2026-11-30');
    expect(day.afterEnd.map((w) => w.id)).toEqual([warnings[0].id]);

    // Another department may not acknowledge it (refused, logged by the gate); the department may, once.
    await expect(acknowledgeAfterEnd(db, out, warnings[0].id, BOOKING_ROLES)).rejects.toMatchObject({ status: 403 });
    await expect(acknowledgeAfterEnd(db, sec, '999999', BOOKING_ROLES)).rejects.toMatchObject({ status: 404 });
    await expect(acknowledgeAfterEnd(db, sec, 'x; drop', BOOKING_ROLES)).rejects.toMatchObject({ status: 404 });
    const at = new Date('2026-11-30T08:40:00Z');
    expect(await acknowledgeAfterEnd(db, sec, warnings[0].id, BOOKING_ROLES, at)).toEqual({
      id: warnings[0].id,
      acknowledgedAt: at.toISOString(),
      acknowledgedBy: 'Sigrid Sekretær',
    });
    await expect(acknowledgeAfterEnd(db, sec, warnings[0].id, BOOKING_ROLES)).rejects.toMatchObject({ status: 409 });
    const ack = await db.selectFrom('exam_after_end_ack').selectAll().executeTakeFirstOrThrow();
    expect(ack).toMatchObject({ event_id: Number(warnings[0].id), acknowledged_by_user_id: secretary.userId, acknowledged_by_name: 'Sigrid Sekretær' });
    const ev = await db
      .selectFrom('referral_event')
      .selectAll()
      .where('referral_id', '=', step.referral_id)
      .where('kind', '=', 'exam_after_end_acknowledged')
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ from_status: 'cancelled', to_status: 'cancelled', actor_user_id: secretary.userId });

    // Gone from every view: the booking page, the referral's page and the machine's day plan.
    expect(await afterEndWarnings(db, sec, BOOKING_ROLES)).toEqual([]);
    expect(await afterEndWarnings(db, sec, BOOKING_ROLES, step.referral_id!)).toEqual([]);
    expect((await machineDay(db, sec, step.modality_id, '2026-11-30')).afterEnd).toEqual([]);
  });
});
