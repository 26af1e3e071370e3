// breakit26 (outside tester, issue 8 point 5: MPPS "marks the exam performed and passes it on to
// reading"): the group case. PS3.4 Table F.7.2-1: the Scheduled Step Attributes Sequence (0040,0270)
// holds "one or more Items" — one performed step for several scheduled steps, as a modality sends
// when CT thorax and CT caput of the same patient are done in one acquisition (IHE RAD TF-2 SWF
// "Group Case"; here two steps on the same station CT01, RV0001 and RV0003).
// Expected: N-CREATE 0x0000, N-SET COMPLETED 0x0000, and every scheduled step named is completed
// and its referral performed — not only the first item's.
// fixb26: the fixtures' RV0001 and RV0003 belong to two different patients, and one performed step
// is one patient's (PS3.3 C.4.13; IHE RAD TF-1 4.3 groups procedures of one patient), so the
// fixture is changed to make RV0003 ØSTBØ's too (as RV0005 ÅRDAL's); two patients are refused
// (below), as is a group naming a step Radvis does not have — nothing half-written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { mppsCreate, mppsSet, ppsOf, stepOf } from '../../testing/mpps.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import type { Request } from './dimse.ts';

const T = 180_000;

let scp: WorklistScp;
beforeAll(async () => {
  scp = await openWorklistScp('radvis-breakit26g-', async (db, world) => {
    // One patient per group: RV0003 becomes RV0001's patient, RV0005 RV0004's.
    for (const [from, to] of [
      ['RV0001', 'RV0003'],
      ['RV0004', 'RV0005'],
    ]) {
      const patient = world.patients.get(from)!;
      const rp = await db.selectFrom('requested_procedure').select('referral_id').where('accession_number', '=', to).executeTakeFirstOrThrow();
      await db.updateTable('referral').set({ patient_id: patient }).where('id', '=', rp.referral_id).execute();
      await db.updateTable('requested_procedure').set({ patient_id: patient }).where('accession_number', '=', to).execute();
    }
  });
}, T);
afterAll(async () => scp?.close());

async function send(reqs: Request[]): Promise<number[]> {
  return (await sendOnOneAssociation(reqs, scp.listener.port(), 'CT01')).statuses;
}

/** An N-CREATE IN PROGRESS from CT01 naming `items` in its Scheduled Step Attributes Sequence. */
const groupCreate = (uid: string, items: object[]) =>
  mppsCreate(uid, {
    SpecificCharacterSet: 'ISO_IR 192',
    PerformedProcedureStepStatus: 'IN PROGRESS',
    PerformedProcedureStepID: 'PPS-G26',
    PerformedStationAETitle: 'CT01',
    PerformedProcedureStepStartDate: '20261130',
    PerformedProcedureStepStartTime: '083500',
    Modality: 'CT',
    StudyID: '1',
    ScheduledStepAttributesSequence: items,
  });

const item = (n: number) => ({
  StudyInstanceUID: `1.2.826.0.1.3680043.8.498.1000${n}`,
  AccessionNumber: `RV000${n}`,
  RequestedProcedureID: `RP000${n}`,
  ScheduledProcedureStepID: `SPS000${n}`,
});

describe('breakit26: one performed step for two scheduled steps (PS3.4 Table F.7.2-1, group case)', () => {
  it(
    'a group naming a step Radvis does not have → 0x0106, nothing stored, the known step untouched',
    async () => {
      const uid = newDicomUid();
      const unknown = {
        StudyInstanceUID: '1.2.826.0.1.3680043.8.498.99999',
        AccessionNumber: 'RV9999',
        RequestedProcedureID: 'RP9999',
        ScheduledProcedureStepID: 'SPS9999',
      };
      expect(await send([groupCreate(uid, [item(2), unknown])])).toEqual([0x0106]);
      expect(await ppsOf(scp.db.kysely, uid)).toBeUndefined();
      expect((await stepOf(scp.db.kysely, 'RV0002')).status).toBe('scheduled');
    },
    T,
  );

  it(
    'a group naming steps of two patients → 0x0106, nothing stored, both steps untouched',
    async () => {
      const uid = newDicomUid();
      expect(await send([groupCreate(uid, [item(1), item(2)])])).toEqual([0x0106]);
      expect(await ppsOf(scp.db.kysely, uid)).toBeUndefined();
      expect([(await stepOf(scp.db.kysely, 'RV0001')).status, (await stepOf(scp.db.kysely, 'RV0002')).status]).toEqual(['scheduled', 'scheduled']);
    },
    T,
  );

  it(
    'N-CREATE naming RV0001 and RV0003, then COMPLETED: both steps completed, both referrals performed',
    async () => {
      const before = [await stepOf(scp.db.kysely, 'RV0001'), await stepOf(scp.db.kysely, 'RV0003')];
      expect(before.map((s) => s.performed_at)).toEqual([null, null]);
      const uid = newDicomUid();
      const statuses = await send([
        mppsCreate(uid, {
          SpecificCharacterSet: 'ISO_IR 192',
          PerformedProcedureStepStatus: 'IN PROGRESS',
          PerformedProcedureStepID: 'PPS-G26',
          PerformedStationAETitle: 'CT01',
          PerformedProcedureStepStartDate: '20261130',
          PerformedProcedureStepStartTime: '083500',
          Modality: 'CT',
          StudyID: '1',
          PatientName: [{ Alphabetic: 'ØSTBØ^ÅSE MARIT' }],
          ScheduledStepAttributesSequence: [item(1), item(3)],
        }),
        mppsSet(uid, {
          PerformedProcedureStepStatus: 'COMPLETED',
          PerformedProcedureStepEndDate: '20261130',
          PerformedProcedureStepEndTime: '085000',
          PerformedSeriesSequence: [
            {
              SeriesInstanceUID: newDicomUid(),
              Modality: 'CT',
              SeriesDescription: 'Thorax og caput',
              PerformingPhysicianName: '',
              OperatorsName: '',
              ProtocolName: 'THORAX',
              RetrieveAETitle: '',
              ReferencedImageSequence: [],
            },
          ],
        }),
      ]);
      expect(statuses).toEqual([0x0000, 0x0000]);
      const after = [await stepOf(scp.db.kysely, 'RV0001'), await stepOf(scp.db.kysely, 'RV0003')];
      expect(after.map((s) => s.status)).toEqual(['completed', 'completed']);
      expect(after.map((s) => s.performed_at !== null)).toEqual([true, true]);
      expect(after.map((s) => s.referral_status)).toEqual(['performed', 'performed']);
      const links = await scp.db.kysely.selectFrom('performed_step_link').select('step_id').where('sop_instance_uid', '=', uid).execute();
      expect(links.map((l) => l.step_id).sort()).toEqual([after[0].id, after[1].id].sort());
    },
    T,
  );

  it(
    'N-CREATE naming RV0004 and RV0005, then DISCONTINUED: both steps discontinued together, neither performed',
    async () => {
      const uid = newDicomUid();
      const statuses = await send([
        groupCreate(uid, [item(4), item(5)]),
        mppsSet(uid, {
          PerformedProcedureStepStatus: 'DISCONTINUED',
          PerformedProcedureStepDiscontinuationReasonCodeSequence: [
            { CodeValue: '110514', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Incorrect worklist entry selected' },
          ],
        }),
      ]);
      expect(statuses).toEqual([0x0000, 0x0000]);
      const after = [await stepOf(scp.db.kysely, 'RV0004'), await stepOf(scp.db.kysely, 'RV0005')];
      expect(after.map((s) => s.status)).toEqual(['discontinued', 'discontinued']);
      expect(after.map((s) => s.performed_at)).toEqual([null, null]);
    },
    T,
  );
});
