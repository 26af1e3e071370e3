// breakit26 (outside tester, issue 8 point 5: MPPS "marks the exam performed and passes it on to
// reading"): the group case. PS3.4 Table F.7.2-1: the Scheduled Step Attributes Sequence (0040,0270)
// holds "one or more Items" — one performed step for several scheduled steps, as a modality sends
// when CT thorax and CT caput of the same patient are done in one acquisition (IHE RAD TF-2 SWF
// "Group Case"; here two steps on the same station CT01, RV0001 and RV0003).
// Expected: N-CREATE 0x0000, N-SET COMPLETED 0x0000, and every scheduled step named is completed
// and its referral performed — not only the first item's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { mppsCreate, mppsSet, stepOf } from '../../testing/mpps.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { dimse, type Request } from './dimse.ts';

const { Client } = dimse;
const T = 180_000;

let scp: WorklistScp;
beforeAll(async () => {
  scp = await openWorklistScp('radvis-breakit26g-');
}, T);
afterAll(async () => scp?.close());

function send(reqs: Request[]): Promise<number[]> {
  return new Promise((resolve) => {
    const client = new Client();
    const statuses = reqs.map(() => -1);
    reqs.forEach((r, i) => {
      r.on('response', (rsp: { getStatus(): number }) => {
        statuses[i] = rsp.getStatus();
      });
      client.addRequest(r);
    });
    client.on('closed', () => resolve(statuses));
    client.on('networkError', () => resolve(statuses));
    sendAssociation(client, scp.listener.port(), 'CT01', 'RADVIS');
  });
}

const item = (n: number) => ({
  StudyInstanceUID: `1.2.826.0.1.3680043.8.498.1000${n}`,
  AccessionNumber: `RV000${n}`,
  RequestedProcedureID: `RP000${n}`,
  ScheduledProcedureStepID: `SPS000${n}`,
});

describe('breakit26: one performed step for two scheduled steps (PS3.4 Table F.7.2-1, group case)', () => {
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
    },
    T,
  );
});
