// breakit26 (outside tester, issue 8 point 5 "Bad input: a malformed or unsupported DICOM query gets
// a proper DIMSE status"): a modality's field engineer sends the DIMSE operations a real modality or
// a test tool may send on an accepted presentation context, but that the SOP class does not have,
// and an MPPS N-CREATE with a code string that is not one. dcmjs-dimse as the SCU (as the other
// MPPS tests; dcmtk has no MPPS sender).
//
// - PS3.4 F.7.1 / Table F.7.1-1: the Modality Performed Procedure Step SOP Class has N-CREATE and
//   N-SET only; PS3.4 K.4 / K.4.1: the Modality Worklist Information Model - FIND SOP Class has
//   C-FIND only. PS3.7 Annex C (C.5.x "Unrecognized Operation", 0211H: "the operation is not one of
//   those agreed between the DIMSE-service-users") is the status for any other operation.
//   Radvis answers N-GET, N-DELETE, N-ACTION and N-EVENT-REPORT on an MPPS instance, and C-GET and
//   C-MOVE on the worklist context, with 0x0110 Processing failure (dcmjs-dimse's default handlers,
//   which also log "…method must be implemented" as an error): a transient failure that a modality
//   will retry, for an operation that can never succeed.
// - PS3.5 6.2 (Table 6.2-1, CS): "Uppercase characters, '0'-'9', the SPACE character, and
//   underscore '_'". Radvis refuses a lower-case CS in a C-FIND with 0xA900 (worklist-query.ts),
//   but an MPPS N-CREATE with Modality "ct" is accepted (0x0000) and stored; PS3.7 C.4.x: 0106H
//   Invalid attribute value is the answer, nothing stored (as for a lower-case status, already 0x0106).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { mppsCreate, mppsSet, ppsOf } from '../../testing/mpps.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { dimse, SOP, type Request } from './dimse.ts';

const { Dataset, requests } = dimse;
const T = 180_000;
const UNRECOGNIZED_OPERATION = 0x0211;

let scp: WorklistScp;
beforeAll(async () => {
  scp = await openWorklistScp('radvis-breakit26-');
}, T);
afterAll(async () => scp?.close());

/** Sends `reqs` on one association as CT01; resolves with each response's status (-1: none). */
async function send(reqs: Request[]): Promise<number[]> {
  return (await sendOnOneAssociation(reqs, scp.listener.port(), 'CT01')).statuses;
}

/** An N-CREATE IN PROGRESS for the fixture step RV0001 (CT01), with `extra` on top. */
const create = (uid: string, extra: Record<string, unknown> = {}) =>
  mppsCreate(uid, {
    SpecificCharacterSet: 'ISO_IR 192',
    PerformedProcedureStepStatus: 'IN PROGRESS',
    PerformedProcedureStepID: 'PPS26',
    PerformedStationAETitle: 'CT01',
    PerformedProcedureStepStartDate: '20261130',
    PerformedProcedureStepStartTime: '083500',
    Modality: 'CT',
    StudyID: '1',
    PatientName: [{ Alphabetic: 'ØSTBØ^ÅSE MARIT' }],
    ScheduledStepAttributesSequence: [
      { StudyInstanceUID: '1.2.826.0.1.3680043.8.498.10001', AccessionNumber: 'RV0001', RequestedProcedureID: 'RP0001', ScheduledProcedureStepID: 'SPS0001' },
    ],
    ...extra,
  });

describe('breakit26: DIMSE operations the SOP class does not have (PS3.4 F.7.1, K.4; PS3.7 Annex C 0211H)', () => {
  it(
    'N-GET, N-DELETE, N-ACTION and N-EVENT-REPORT on an MPPS instance → 0x0211 Unrecognized operation, the step unchanged',
    async () => {
      const uid = newDicomUid();
      expect(await send([create(uid)])).toEqual([0x0000]);
      const statuses = await send([
        new requests.NGetRequest(SOP.mpps, uid, []),
        new requests.NDeleteRequest(SOP.mpps, uid),
        new requests.NActionRequest(SOP.mpps, uid, 1),
        new requests.NEventReportRequest(SOP.mpps, uid, 1),
      ]);
      expect(statuses.map((s) => `0x${s.toString(16).padStart(4, '0')}`)).toEqual(['0x0211', '0x0211', '0x0211', '0x0211']);
      expect((await ppsOf(scp.db.kysely, uid))?.status).toBe('in_progress');
    },
    T,
  );

  it(
    'C-GET and C-MOVE on the Modality Worklist context → refused as not an operation of the SOP class (0x0211, or 0x0122), not 0x0110',
    async () => {
      const move = new requests.CMoveRequest();
      move.setAffectedSopClassUid(SOP.worklistFind);
      move.setDataset(new Dataset({ AccessionNumber: '' }));
      const get = new requests.CGetRequest();
      get.setAffectedSopClassUid(SOP.worklistFind);
      get.setDataset(new Dataset({ AccessionNumber: '' }));
      const statuses = await send([move, get]);
      for (const s of statuses) expect([UNRECOGNIZED_OPERATION, 0x0122], `0x${s.toString(16)}`).toContain(s);
    },
    T,
  );
});

describe('breakit26: an MPPS N-CREATE with a code string that is not one (PS3.5 6.2 CS)', () => {
  it(
    'Modality "ct" (lower case) → 0x0106 Invalid attribute value, nothing stored',
    async () => {
      const uid = newDicomUid();
      expect(await send([create(uid, { Modality: 'ct' })])).toEqual([0x0106]);
      expect(await ppsOf(scp.db.kysely, uid)).toBeUndefined();
    },
    T,
  );

  // fixb26: the kind — every CS of the data set (PS3.5 6.2), top level and inside items, N-CREATE and N-SET.
  it(
    'Patient\'s Sex "f" in N-CREATE → 0x0106, nothing stored',
    async () => {
      const uid = newDicomUid();
      expect(await send([create(uid, { PatientSex: 'f' })])).toEqual([0x0106]);
      expect(await ppsOf(scp.db.kysely, uid)).toBeUndefined();
    },
    T,
  );

  it(
    'an N-SET COMPLETED whose performed series has Modality "ct" → 0x0106, the step stays in progress',
    async () => {
      const uid = newDicomUid();
      expect(await send([create(uid)])).toEqual([0x0000]);
      const set = mppsSet(uid, {
        PerformedProcedureStepStatus: 'COMPLETED',
        PerformedProcedureStepEndDate: '20261130',
        PerformedProcedureStepEndTime: '085000',
        PerformedSeriesSequence: [{ SeriesInstanceUID: newDicomUid(), Modality: 'ct', ProtocolName: 'THORAX', ReferencedImageSequence: [] }],
      });
      expect(await send([set])).toEqual([0x0106]);
      expect((await ppsOf(scp.db.kysely, uid))?.status).toBe('in_progress');
    },
    T,
  );
});

describe('fixb26: an operation on the wrong SOP class of a served context (PS3.7 Annex C 0211H)', () => {
  it(
    'C-ECHO and C-FIND naming the MPPS SOP class → 0x0211',
    async () => {
      const echo = new requests.CEchoRequest();
      echo.setAffectedSopClassUid(SOP.mpps);
      const find = new requests.CFindRequest();
      find.setAffectedSopClassUid(SOP.mpps);
      find.setDataset(new Dataset({ AccessionNumber: '' }));
      expect(await send([echo, find])).toEqual([UNRECOGNIZED_OPERATION, UNRECOGNIZED_OPERATION]);
    },
    T,
  );
});
