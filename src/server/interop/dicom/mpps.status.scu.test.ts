// MPPS statuses as PS3.4 F.7.2 gives them (issue 8 point 5, task mwl11), with dcmjs-dimse's
// Client as the modality: the N-SET after a final state (0110 with the Error Comment and Error ID
// A710 of Table F.7.2-2), N-CREATE for an instance or a scheduled step Radvis does not know, N-SET
// of attributes fixed at N-CREATE or of an empty type 1 status, and DISCONTINUED with a reason code.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { mppsCreate as create, mppsSet as set, ppsOf, stepOf } from '../../testing/mpps.ts';
import type { Database } from '../../db/index.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import type { DicomListener } from './server.ts';
import type { Request } from './dimse.ts';

const T = 120_000;

let db: Database;
let scp: WorklistScp;
let listener: DicomListener;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mpps-');
  ({ db, listener } = scp);
}, T);

afterAll(async () => scp?.close());

interface Reply {
  status: number;
  comment: string | undefined;
  errorId: unknown;
}

/** Sends requests on one association as `aet`; resolves with each reply (status -1 = none) once closed. */
async function send(reqs: Request[], aet = 'CT01'): Promise<Reply[]> {
  const { replies } = await sendOnOneAssociation(reqs, listener.port(), aet);
  return replies.map((rsp) =>
    rsp
      ? { status: rsp.getStatus(), comment: rsp.getErrorComment(), errorId: rsp.getCommandDataset().getElement('ErrorID') }
      : { status: -1, comment: undefined, errorId: undefined },
  );
}

const statuses = async (reqs: Request[], aet?: string) => (await send(reqs, aet)).map((r) => r.status);

function createData(n: number, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    PerformedProcedureStepStatus: 'IN PROGRESS',
    PerformedProcedureStepID: `PPS${n}`,
    PerformedStationAETitle: 'CT01',
    PerformedProcedureStepStartDate: '20261130',
    PerformedProcedureStepStartTime: '083500',
    Modality: 'CT',
    StudyID: '1',
    PatientName: [{ Alphabetic: 'ØSTBØ^ÅSE MARIT' }],
    // Created zero-length so it may be set later (PS3.4 Table F.7.2-1 note 5).
    PerformedProcedureStepDiscontinuationReasonCodeSequence: [],
    ScheduledStepAttributesSequence: [
      {
        StudyInstanceUID: `1.2.826.0.1.3680043.8.498.1000${n}`,
        AccessionNumber: `RV000${n}`,
        RequestedProcedureID: `RP000${n}`,
        ScheduledProcedureStepID: `SPS000${n}`,
      },
    ],
    ...patch,
  };
}

const completed = {
  PerformedProcedureStepStatus: 'COMPLETED',
  PerformedProcedureStepEndDate: '20261130',
  PerformedProcedureStepEndTime: '085000',
  PerformedSeriesSequence: [{ SeriesInstanceUID: '2.25.77', Modality: 'CT', SeriesDescription: 'Thorax', ProtocolName: 'THORAX', ReferencedImageSequence: [] }],
};

async function footprint() {
  const n = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db.kysely)).rows[0].n;
  return { pps: await n('performed_procedure_step'), events: await n('procedure_step_event'), exams: await n('exam') };
}

describe('N-SET on a final step (PS3.4 F.7.2.2.3, Table F.7.2-2)', () => {
  it.each([
    ['COMPLETED', completed, 'completed'],
    [
      'DISCONTINUED',
      {
        PerformedProcedureStepStatus: 'DISCONTINUED',
        PerformedProcedureStepDiscontinuationReasonCodeSequence: [
          { CodeValue: '110514', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Incorrect worklist entry selected' },
        ],
      },
      'discontinued',
    ],
  ])(
    'after %s: 0x0110 with Error Comment "Performed Procedure Step Object may no longer be updated" and Error ID A710; nothing changes',
    { timeout: T },
    async (_l, final, state) => {
      const uid = newDicomUid();
      expect(await statuses([create(uid, createData(1)), set(uid, final)])).toEqual([0x0000, 0x0000]);
      const before = await footprint();
      const attrs = (await ppsOf(db.kysely, uid))?.attributes;
      const later = await send([
        set(uid, { PerformedProcedureStepStatus: 'IN PROGRESS' }),
        set(uid, { PerformedProcedureStepDescription: 'Etterregistrert' }),
        set(uid, completed),
      ]);
      for (const r of later) {
        expect(r.status).toBe(0x0110);
        expect(r.comment).toBe('Performed Procedure Step Object may no longer be updated');
        expect(r.errorId).toBe(0xa710);
      }
      expect(await footprint()).toEqual(before);
      expect((await ppsOf(db.kysely, uid))?.status).toBe(state);
      expect((await ppsOf(db.kysely, uid))?.attributes).toEqual(attrs);
      // A new performed step for the same scheduled step is how a modality goes on (F.7.2.2.2 note).
      const again = newDicomUid();
      expect(await statuses([create(again, createData(1)), set(again, completed)])).toEqual([0x0000, 0x0000]);
      expect((await stepOf(db.kysely, 'RV0001')).status).toBe('completed');
    },
  );
});

describe('N-CREATE for what Radvis does not know', () => {
  it('a scheduled step Radvis does not know (unknown accession and SPS) → 0x0000 as an unscheduled step; no booked exam changes', { timeout: T }, async () => {
    const uid = newDicomUid();
    const before = await Promise.all(['RV0001', 'RV0002', 'RV0003', 'RV0004', 'RV0005'].map(async (a) => (await stepOf(db.kysely, a)).status));
    const data = createData(2, {
      ScheduledStepAttributesSequence: [
        { StudyInstanceUID: newDicomUid(), AccessionNumber: 'XX9999', RequestedProcedureID: 'RP9999', ScheduledProcedureStepID: 'SPS9999' },
      ],
    });
    expect(await statuses([create(uid, data), set(uid, completed)])).toEqual([0x0000, 0x0000]);
    const pps = await ppsOf(db.kysely, uid);
    expect(pps?.status).toBe('completed');
    expect(pps?.step_id).toBeNull();
    const after = await Promise.all(['RV0001', 'RV0002', 'RV0003', 'RV0004', 'RV0005'].map(async (a) => (await stepOf(db.kysely, a)).status));
    expect(after).toEqual(before);
  });

  it('a known accession with an SPS ID it does not have is not linked to that step', { timeout: T }, async () => {
    const uid = newDicomUid();
    const data = createData(2, {
      ScheduledStepAttributesSequence: [
        { StudyInstanceUID: '1.2.826.0.1.3680043.8.498.10002', AccessionNumber: 'RV0002', RequestedProcedureID: 'RP0002', ScheduledProcedureStepID: 'SPS7777' },
      ],
    });
    expect(await statuses([create(uid, data)])).toEqual([0x0000]);
    expect((await ppsOf(db.kysely, uid))?.step_id).toBeNull();
    expect((await stepOf(db.kysely, 'RV0002')).status).toBe('scheduled');
  });

  it('a malformed Affected SOP Instance UID → 0x0117 Invalid SOP Instance, nothing stored', { timeout: T }, async () => {
    const before = await footprint();
    expect(await statuses([create('1.2.03.abc', createData(2))])).toEqual([0x0117]);
    expect(await statuses([set('1.2.03.abc', completed)])).toEqual([0x0117]);
    expect(await footprint()).toEqual(before);
  });

  it('N-SET for an instance never created → 0x0112 No such SOP Instance', { timeout: T }, async () => {
    expect(await statuses([set(newDicomUid(), completed)])).toEqual([0x0112]);
  });
});

describe('N-SET of type 1 attributes (PS3.4 Table F.7.2-1)', () => {
  it.each([
    ['Performed Procedure Step ID (fixed at N-CREATE) → 0x0105', { PerformedProcedureStepID: 'PPS-ANNEN' }, 0x0105],
    ['Performed Station AE Title (fixed at N-CREATE) → 0x0105', { PerformedStationAETitle: 'MR01' }, 0x0105],
    ['the start time (fixed at N-CREATE) → 0x0105', { PerformedProcedureStepStartTime: '090000' }, 0x0105],
    ['the patient ID (fixed at N-CREATE) → 0x0105', { PatientID: '12345678901' }, 0x0105],
    ['the status sent empty → 0x0121 Missing Attribute Value', { PerformedProcedureStepStatus: '' }, 0x0121],
    ['the status set to a value that is not a PPS status → 0x0106', { PerformedProcedureStepStatus: 'SCHEDULED' }, 0x0106],
  ])('%s; nothing written, the step goes on', { timeout: T }, async (_l, elements, status) => {
    const uid = newDicomUid();
    expect(await statuses([create(uid, createData(3))])).toEqual([0x0000]);
    const before = await footprint();
    const attrs = (await ppsOf(db.kysely, uid))?.attributes;
    expect(await statuses([set(uid, elements)])).toEqual([status]);
    expect(await footprint()).toEqual(before);
    expect((await ppsOf(db.kysely, uid))?.attributes).toEqual(attrs);
    expect((await ppsOf(db.kysely, uid))?.status).toBe('in_progress');
    expect(await statuses([set(uid, completed)])).toEqual([0x0000]);
  });
});

describe('DISCONTINUED with a reason code (PS3.16 CID 9300)', () => {
  it('→ 0x0000; the reason is kept, the step is discontinued and the exam is not sent to reading', { timeout: T }, async () => {
    const uid = newDicomUid();
    const r = await statuses([
      create(uid, createData(4)),
      set(uid, {
        PerformedProcedureStepStatus: 'DISCONTINUED',
        PerformedProcedureStepEndDate: '20261130',
        PerformedProcedureStepEndTime: '154000',
        PerformedSeriesSequence: [],
        PerformedProcedureStepDiscontinuationReasonCodeSequence: [
          { CodeValue: '110500', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Doctor canceled procedure' },
        ],
      }),
    ]);
    expect(r).toEqual([0x0000, 0x0000]);
    const pps = await ppsOf(db.kysely, uid);
    expect(pps?.status).toBe('discontinued');
    expect(pps?.discontinuation_reason).toContain('110500');
    const s = await stepOf(db.kysely, 'RV0004');
    expect(s.status).toBe('discontinued');
    expect(s.referral_status).not.toBe('performed');
    expect(await db.kysely.selectFrom('exam').select('id').where('referral_id', '=', s.referral_id).execute()).toHaveLength(0);
  });
});
