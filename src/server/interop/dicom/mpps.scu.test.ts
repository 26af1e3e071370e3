// The MPPS SCP driven by a real DIMSE client (dcmjs-dimse's Client as the modality; dcmtk has no
// MPPS sender), for every MPPS case in cases/README.md, against the fixture steps in Radvis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type AssociationOutcome, type FixtureWorld, type WorklistScp } from '../../testing/dicom.ts';
import type { Database } from '../../db/index.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import type { DicomListener } from './server.ts';
import { dimse, SOP, type Request } from './dimse.ts';

const { Dataset, requests } = dimse;
const T = 120_000;

let db: Database;
let scp: WorklistScp;
let listener: DicomListener;
let world: FixtureWorld;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mpps-');
  ({ db, listener, world } = scp);
}, T);

afterAll(async () => scp?.close());

/** Sends requests on one association as `aet`; resolves with each response's status and any refusal once the connection closes. */
async function send(reqs: Request[], aet = 'CT01'): Promise<Pick<AssociationOutcome, 'statuses' | 'rejected'>> {
  const { statuses, rejected } = await sendOnOneAssociation(reqs, listener.port(), aet);
  return { statuses, rejected };
}

function create(uid: string, f: { accession: string; rp: string; sps: string; studyUid: string }, status = 'IN PROGRESS') {
  const r = new requests.NCreateRequest(SOP.mpps, uid);
  r.setDataset(
    new Dataset({
      SpecificCharacterSet: 'ISO_IR 192',
      PerformedProcedureStepStatus: status,
      PerformedProcedureStepID: 'PPS1',
      PerformedStationAETitle: 'CT01',
      PerformedProcedureStepStartDate: '20261130',
      PerformedProcedureStepStartTime: '083500',
      Modality: 'CT',
      StudyID: '1',
      PatientName: [{ Alphabetic: 'ØSTBØ^ÅSE MARIT' }],
      ScheduledStepAttributesSequence: [
        { StudyInstanceUID: f.studyUid, AccessionNumber: f.accession, RequestedProcedureID: f.rp, ScheduledProcedureStepID: f.sps },
      ],
    }),
  );
  return r;
}

function set(uid: string, elements: Record<string, unknown>) {
  const r = new requests.NSetRequest(SOP.mpps, uid);
  r.setDataset(new Dataset(elements));
  return r;
}

const completed = (series = true) => ({
  PerformedProcedureStepStatus: 'COMPLETED',
  PerformedProcedureStepEndDate: '20261130',
  PerformedProcedureStepEndTime: '085000',
  ...(series
    ? {
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
      }
    : {}),
});

const fixture = (n: number) => ({ accession: `RV000${n}`, rp: `RP000${n}`, sps: `SPS000${n}`, studyUid: `1.2.826.0.1.3680043.8.498.1000${n}` });

async function stepOf(accession: string) {
  return db.kysely
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('referral as r', 'r.id', 'rp.referral_id')
    .select(['s.id', 's.status', 'r.id as referral_id', 'r.status as referral_status', 'r.performed_at'])
    .where('rp.accession_number', '=', accession)
    .executeTakeFirstOrThrow();
}

describe('MPPS SCP with a DIMSE client', () => {
  it('N-CREATE IN PROGRESS → 0x0000, then N-SET COMPLETED → 0x0000: the exam is performed and goes to reading', { timeout: T }, async () => {
    const uid = newDicomUid();
    const first = await send([create(uid, fixture(1))]);
    expect(first.statuses).toEqual([0x0000]);
    expect((await stepOf('RV0001')).status).toBe('in_progress');
    const second = await send([set(uid, completed())]);
    expect(second.statuses).toEqual([0x0000]);
    const s = await stepOf('RV0001');
    expect(s.status).toBe('completed');
    expect(s.referral_status).toBe('performed');
    expect(s.performed_at).toBeInstanceOf(Date);
    const exam = await db.kysely.selectFrom('exam').select(['id', 'reported_at', 'modality_id']).where('referral_id', '=', s.referral_id).execute();
    expect(exam).toHaveLength(1);
    expect(exam[0].reported_at).toBeNull();
    // The referral's history says the exam is done, reported by the modality (not a person).
    const referralEvents = await db.kysely.selectFrom('referral_event').selectAll().where('referral_id', '=', s.referral_id).execute();
    expect(referralEvents.filter((e) => e.kind === 'performed').map((e) => [e.to_status, e.actor_role, e.actor_user_id])).toEqual([
      ['performed', 'modality', null],
    ]);
    const history = await db.kysely
      .selectFrom('procedure_step_event')
      .select(['from_status', 'to_status', 'source', 'at'])
      .where('step_id', '=', s.id)
      .orderBy('id')
      .execute();
    expect(history.map((h) => `${h.from_status}→${h.to_status}`)).toEqual(['null→scheduled', 'scheduled→in_progress', 'in_progress→completed']);
    for (const h of history) expect(h.at).toBeInstanceOf(Date);
  });

  it('N-SET after COMPLETED → 0x0110 (a final step may no longer be updated)', { timeout: T }, async () => {
    const uid = newDicomUid();
    expect((await send([create(uid, fixture(3)), set(uid, completed())])).statuses).toEqual([0x0000, 0x0000]);
    expect((await send([set(uid, { PerformedProcedureStepStatus: 'DISCONTINUED' })])).statuses).toEqual([0x0110]);
    expect((await stepOf('RV0003')).status).toBe('completed');
  });

  it('N-CREATE then N-SET DISCONTINUED with a reason code → 0x0000; the exam is not sent to reading', { timeout: T }, async () => {
    const uid = newDicomUid();
    const r = await send([
      create(uid, fixture(4)),
      set(uid, {
        PerformedProcedureStepStatus: 'DISCONTINUED',
        PerformedProcedureStepEndDate: '20261130',
        PerformedProcedureStepEndTime: '154000',
        PerformedProcedureStepDiscontinuationReasonCodeSequence: [{ CodeValue: '110526', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Resource failure' }],
      }),
    ]);
    expect(r.statuses).toEqual([0x0000, 0x0000]);
    const s = await stepOf('RV0004');
    expect(s.status).toBe('discontinued');
    expect(s.referral_status).not.toBe('performed');
    expect(s.performed_at).toBeNull();
    expect(await db.kysely.selectFrom('exam').select('id').where('referral_id', '=', s.referral_id).execute()).toHaveLength(0);
    const pps = await db.kysely
      .selectFrom('performed_procedure_step')
      .select(['status', 'discontinuation_reason'])
      .where('sop_instance_uid', '=', uid)
      .executeTakeFirstOrThrow();
    expect(pps).toEqual({ status: 'discontinued', discontinuation_reason: 'DCM 110526 Resource failure' });
  });

  it('N-SET on an instance that was never created → 0x0112', { timeout: T }, async () => {
    expect((await send([set(newDicomUid(), completed(false))])).statuses).toEqual([0x0112]);
  });

  it('the same N-CREATE twice (same SOP Instance UID) → 0x0111', { timeout: T }, async () => {
    const uid = newDicomUid();
    expect((await send([create(uid, fixture(5)), create(uid, fixture(5))])).statuses).toEqual([0x0000, 0x0111]);
  });

  it('N-CREATE with a status other than IN PROGRESS → 0x0106, nothing stored', { timeout: T }, async () => {
    const uid = newDicomUid();
    expect((await send([create(uid, fixture(2), 'COMPLETED')])).statuses).toEqual([0x0106]);
    expect(await db.kysely.selectFrom('performed_procedure_step').select('sop_instance_uid').where('sop_instance_uid', '=', uid).execute()).toHaveLength(0);
    expect((await stepOf('RV0002')).status).toBe('scheduled');
  });

  it('an unregistered calling AE title is rejected at association (permanent, reason 3) and nothing is stored', { timeout: T }, async () => {
    const uid = newDicomUid();
    const r = await send([create(uid, fixture(2))], 'STRANGER');
    expect(r.rejected).toEqual({ result: 1, source: 1, reason: 3 });
    expect(await db.kysely.selectFrom('performed_procedure_step').select('sop_instance_uid').where('sop_instance_uid', '=', uid).execute()).toHaveLength(0);
    expect(world.aeTitles).not.toContain('STRANGER');
  });
});
