// MPPS DISCONTINUED and several performed steps for one scheduled step (fixd21, after breakit21):
// the exam a modality stops goes back to the booking queue, marked as stopped at the modality with
// the reason it gave (0040,0281), and the referral's history says so; a DISCONTINUED performed step
// does not end a scheduled step another performed step is still acquiring (PS3.3 C.4.14; the rule
// in scheduling/performed.ts, stepOutcome); and an N-SET that changes the Timezone Offset From UTC
// moves the stored start too. Driven through
// the app API (the booking queue, booking, the department's referral view) and a real DIMSE client
// (dcmjs-dimse as the modality) against Radvis' DICOM listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mppsCreate as create, mppsSet as set, ppsOf } from '../../testing/mpps.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { stepOutcome } from '../../scheduling/performed.ts';
import type { Request } from './dimse.ts';
import { createDicomListener, type DicomListener } from './server.ts';
import { as, createTestContext, login, type TestContext } from '../../testing/harness.ts';
import { createUser } from '../../testing/factories.ts';
import { bookingFixture, futureWorkingDay } from '../../booking/booking.fixture.ts';
import type { Queue } from '../../../shared/api/booking.ts';
import { sendOnOneAssociation } from '../../testing/dicom.ts';

const T = 300_000;

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let listener: DicomListener;
let secretary: ReturnType<typeof as>;
let radiologist: ReturnType<typeof as>;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  const rad = await createUser(t.db.kysely, { grants: [{ role: 'radiologist', organizationId: f.dept }], name: ['Rita', 'Radiolog'] });
  radiologist = as(t.app, await login(t.app, rad.username, rad.password));
  listener = createDicomListener({ db: t.db.kysely, aeTitle: 'RADVIS', port: 0, host: '127.0.0.1', log: { info() {}, warn() {}, error() {} } });
  await listener.start();
}, T);

afterAll(async () => {
  await listener?.stop();
  await t?.close();
});

/** Sends `reqs` on one association as `aet`; resolves with each reply's status (-1: none). */
async function send(reqs: Request[], aet: string): Promise<number[]> {
  return (await sendOnOneAssociation(reqs, listener.port(), aet)).statuses;
}

const da = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');
const tm = (d: Date) => d.toISOString().slice(11, 19).replaceAll(':', '');
/** Minutes ago, as an instant. */
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

interface Booked {
  referralId: string;
  stepId: string;
  accession: string;
  rpId: string;
  spsId: string;
  studyUid: string;
  ae: string;
}

/** Books a new accepted MR referral through the booking API; the step as the modality sees it. */
async function bookNew(days = 10, start = '10:00', referralId?: string): Promise<Booked> {
  const id = referralId ?? (await f.referral()).id;
  const version = (await t.db.kysely.selectFrom('referral').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  const r = await secretary({
    method: 'POST',
    url: `/api/booking/referrals/${id}/book`,
    payload: { version, modalityId: f.mr, date: futureWorkingDay(days), start },
  });
  expect(r.statusCode, r.body).toBe(201);
  const stepId = r.json<{ stepId: string }>().stepId;
  const s = await t.db.kysely
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('modality as m', 'm.id', 's.modality_id')
    .select(['s.sps_id', 'rp.accession_number', 'rp.requested_procedure_id', 'rp.study_instance_uid', 'm.ae_title'])
    .where('s.id', '=', stepId)
    .executeTakeFirstOrThrow();
  return {
    referralId: id,
    stepId,
    accession: s.accession_number,
    rpId: s.requested_procedure_id,
    spsId: s.sps_id,
    studyUid: s.study_instance_uid,
    ae: s.ae_title,
  };
}

/** N-CREATE (IN PROGRESS) for booked step `b`, started `startedMinutesAgo` minutes ago (UTC offset +0000). */
function start(uid: string, b: Booked, startedMinutesAgo = 30) {
  const at = ago(startedMinutesAgo);
  return create(uid, {
    SpecificCharacterSet: 'ISO_IR 192',
    TimezoneOffsetFromUTC: '+0000',
    PerformedProcedureStepStatus: 'IN PROGRESS',
    PerformedProcedureStepID: `PPS-${uid.slice(-6)}`,
    PerformedStationAETitle: b.ae,
    PerformedProcedureStepStartDate: da(at),
    PerformedProcedureStepStartTime: tm(at),
    Modality: 'MR',
    StudyID: '1',
    PerformedProcedureStepDiscontinuationReasonCodeSequence: [],
    ScheduledStepAttributesSequence: [
      { StudyInstanceUID: b.studyUid, AccessionNumber: b.accession, RequestedProcedureID: b.rpId, ScheduledProcedureStepID: b.spsId },
    ],
  });
}

function discontinue(uid: string, endedMinutesAgo: number, reason?: { CodeValue: string; CodeMeaning: string }) {
  const at = ago(endedMinutesAgo);
  return set(uid, {
    TimezoneOffsetFromUTC: '+0000',
    PerformedProcedureStepStatus: 'DISCONTINUED',
    PerformedProcedureStepEndDate: da(at),
    PerformedProcedureStepEndTime: tm(at),
    PerformedProcedureStepDiscontinuationReasonCodeSequence: reason ? [{ ...reason, CodingSchemeDesignator: 'DCM' }] : [],
  });
}

function complete(uid: string, endedMinutesAgo: number) {
  const at = ago(endedMinutesAgo);
  return set(uid, {
    TimezoneOffsetFromUTC: '+0000',
    PerformedProcedureStepStatus: 'COMPLETED',
    PerformedProcedureStepEndDate: da(at),
    PerformedProcedureStepEndTime: tm(at),
    PerformedSeriesSequence: [{ SeriesInstanceUID: newDicomUid(), Modality: 'MR', ProtocolName: 'KNE', ReferencedImageSequence: [] }],
  });
}

async function stepStatus(stepId: string) {
  return (await t.db.kysely.selectFrom('scheduled_procedure_step').select('status').where('id', '=', stepId).executeTakeFirstOrThrow()).status;
}

async function referral(id: string) {
  return t.db.kysely.selectFrom('referral').select(['status', 'performed_at', 'scheduled_at', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
}

async function queueItem(id: string) {
  const q = await secretary({ url: '/api/booking/queue?limit=200' });
  expect(q.statusCode, q.body).toBe(200);
  return q.json<Queue>().items.find((i) => i.id === id);
}

/** The referral's history in the order written (the 'performed' event carries the exam's end as its time, which here precedes the re-booking). */
async function eventKinds(id: string) {
  const rows = await t.db.kysely
    .selectFrom('referral_event')
    .select(['kind', 'from_status', 'to_status'])
    .where('referral_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.kind}:${r.from_status}→${r.to_status}`);
}

describe('a booked exam the modality discontinues goes back to the booking queue (issue 8 point 4)', () => {
  it('marked as stopped at the modality with its reason, in the history too; booked again, the new booking is performed as any', { timeout: T }, async () => {
    const b = await bookNew(10, '09:00');
    const uid = newDicomUid();
    expect(await send([start(uid, b, 20), discontinue(uid, 15, { CodeValue: '110503', CodeMeaning: 'Patient allergic to media/contrast' })], b.ae)).toEqual([
      0, 0,
    ]);
    expect(await stepStatus(b.stepId)).toBe('discontinued');
    expect(await referral(b.referralId)).toMatchObject({ status: 'accepted', scheduled_at: null, performed_at: null });

    const item = await queueItem(b.referralId);
    expect(item?.stoppedAtModality).toEqual({ at: expect.any(String), reason: 'Pasienten er allergisk mot kontrastmiddel' }); // PS3.16 CID 9300 110503 in bokmål (the user's language)
    expect(Math.abs(Date.parse(item!.stoppedAtModality!.at) - Date.now())).toBeLessThan(120_000);
    expect(await eventKinds(b.referralId)).toEqual(['scheduled:accepted→scheduled', 'exam_discontinued:scheduled→accepted']);
    const ev = await t.db.kysely
      .selectFrom('referral_event')
      .select(['reason_code', 'reason_text', 'actor_role'])
      .where('referral_id', '=', b.referralId)
      .where('kind', '=', 'exam_discontinued')
      .executeTakeFirstOrThrow();
    expect(ev).toEqual({ reason_code: 'DCM:110503', reason_text: 'Patient allergic to media/contrast', actor_role: 'modality' });
    // The department's view of the referral shows the event with the modality's reason, in words (CID 9300 in bokmål; stored as sent).
    const view = await radiologist({ url: `/api/assessment/referrals/${b.referralId}` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json<{ events: { kind: string; reason?: string | null }[] }>().events.find((e) => e.kind === 'exam_discontinued')).toMatchObject({
      reason: 'Pasienten er allergisk mot kontrastmiddel',
    });
    // The discontinued step itself can no longer be moved: the department books the referral anew.
    const moved = await secretary({
      method: 'POST',
      url: `/api/booking/steps/${b.stepId}/reschedule`,
      payload: { version: (await referral(b.referralId)).version, modalityId: f.mr, date: futureWorkingDay(12), start: '11:00', reason: 'Ny time' },
    });
    expect(moved.statusCode).toBe(409);

    const again = await bookNew(12, '11:00', b.referralId);
    expect(await queueItem(b.referralId)).toBeUndefined();
    expect(await referral(b.referralId)).toMatchObject({ status: 'scheduled' });
    const uid2 = newDicomUid();
    expect(await send([start(uid2, again, 10), complete(uid2, 5)], again.ae)).toEqual([0, 0]);
    expect(await stepStatus(again.stepId)).toBe('completed');
    expect(await stepStatus(b.stepId)).toBe('discontinued');
    expect((await referral(b.referralId)).status).toBe('performed');
    expect(await eventKinds(b.referralId)).toEqual([
      'scheduled:accepted→scheduled',
      'exam_discontinued:scheduled→accepted',
      'scheduled:accepted→scheduled',
      'performed:scheduled→performed',
    ]);
  });

  it('without a reason code: still back in the queue, marked stopped, no reason shown', { timeout: T }, async () => {
    const b = await bookNew(10, '09:30');
    const uid = newDicomUid();
    expect(await send([start(uid, b, 20), discontinue(uid, 15)], b.ae)).toEqual([0, 0]);
    expect((await queueItem(b.referralId))?.stoppedAtModality).toEqual({ at: expect.any(String), reason: null });
  });

  it('the modality restarting the stopped step while it waits in the queue re-opens it and books the referral again', { timeout: T }, async () => {
    const b = await bookNew(10, '10:00');
    const a = newDicomUid();
    expect(await send([start(a, b, 30), discontinue(a, 25)], b.ae)).toEqual([0, 0]);
    expect((await referral(b.referralId)).status).toBe('accepted');
    const again = newDicomUid();
    expect(await send([start(again, b, 20)], b.ae)).toEqual([0]);
    expect(await stepStatus(b.stepId)).toBe('in_progress');
    expect((await referral(b.referralId)).status).toBe('scheduled');
    expect(await queueItem(b.referralId)).toBeUndefined();
    expect(await send([complete(again, 10)], b.ae)).toEqual([0]);
    expect((await referral(b.referralId)).status).toBe('performed');
  });

  it('after the department booked it anew, a late N-CREATE for the stopped step is kept unlinked: the new booking stays as it is', { timeout: T }, async () => {
    const b = await bookNew(10, '10:30');
    const a = newDicomUid();
    expect(await send([start(a, b, 30), discontinue(a, 25)], b.ae)).toEqual([0, 0]);
    const again = await bookNew(13, '10:30', b.referralId);
    const late = newDicomUid();
    expect(await send([start(late, b, 10)], b.ae)).toEqual([0]);
    expect((await ppsOf(t.db.kysely, late))?.step_id).toBeNull();
    expect(await stepStatus(b.stepId)).toBe('discontinued');
    expect(await stepStatus(again.stepId)).toBe('scheduled');
    expect((await referral(b.referralId)).status).toBe('scheduled');
  });
});

describe('several performed steps for one scheduled step (PS3.3 C.4.14)', () => {
  it(
    'DISCONTINUED of one while another is IN PROGRESS keeps the step in progress; the other COMPLETED then completes it at its end',
    { timeout: T },
    async () => {
      const b = await bookNew(11, '09:00');
      const [a, c] = [newDicomUid(), newDicomUid()];
      expect(await send([start(a, b, 40), start(c, b, 35)], b.ae)).toEqual([0, 0]);
      expect(await send([discontinue(a, 30, { CodeValue: '110514', CodeMeaning: 'Incorrect worklist entry selected' })], b.ae)).toEqual([0]);
      expect(await stepStatus(b.stepId)).toBe('in_progress');
      expect((await referral(b.referralId)).status).toBe('scheduled');
      expect(await queueItem(b.referralId)).toBeUndefined();
      expect(await send([complete(c, 10)], b.ae)).toEqual([0]);
      expect(await stepStatus(b.stepId)).toBe('completed');
      const r = await referral(b.referralId);
      expect(r.status).toBe('performed');
      expect(r.performed_at?.getTime()).toBe((await ppsOf(t.db.kysely, c))!.ended_at!.getTime());
      const history = await t.db.kysely
        .selectFrom('procedure_step_event')
        .select(['from_status', 'to_status'])
        .where('step_id', '=', b.stepId)
        .orderBy('id')
        .execute();
      expect(history.map((h) => `${h.from_status}→${h.to_status}`)).toEqual(['null→scheduled', 'scheduled→in_progress', 'in_progress→completed']);
      expect((await eventKinds(b.referralId)).filter((k) => k.startsWith('exam_discontinued'))).toEqual([]);
    },
  );

  it('COMPLETED of one completes the step at once, another still IN PROGRESS; its later DISCONTINUED changes nothing', { timeout: T }, async () => {
    const b = await bookNew(11, '09:30');
    const [a, c] = [newDicomUid(), newDicomUid()];
    expect(await send([start(a, b, 40), start(c, b, 35), complete(a, 20)], b.ae)).toEqual([0, 0, 0]);
    expect(await stepStatus(b.stepId)).toBe('completed');
    const performedAt = (await referral(b.referralId)).performed_at;
    expect(performedAt?.getTime()).toBe((await ppsOf(t.db.kysely, a))!.ended_at!.getTime());
    expect(await send([discontinue(c, 10)], b.ae)).toEqual([0]);
    expect(await stepStatus(b.stepId)).toBe('completed');
    expect(await referral(b.referralId)).toMatchObject({ status: 'performed', performed_at: performedAt });
    expect(await queueItem(b.referralId)).toBeUndefined();
  });

  it('both DISCONTINUED: the step ends discontinued only with the last one, and the referral goes back to the queue once', { timeout: T }, async () => {
    const b = await bookNew(11, '10:00');
    const [a, c] = [newDicomUid(), newDicomUid()];
    expect(await send([start(a, b, 40), start(c, b, 35), discontinue(a, 30)], b.ae)).toEqual([0, 0, 0]);
    expect(await stepStatus(b.stepId)).toBe('in_progress');
    expect((await referral(b.referralId)).status).toBe('scheduled');
    expect(await send([discontinue(c, 20, { CodeValue: '110505', CodeMeaning: 'Patient refused to continue procedure' })], b.ae)).toEqual([0]);
    expect(await stepStatus(b.stepId)).toBe('discontinued');
    expect((await queueItem(b.referralId))?.stoppedAtModality?.reason).toBe('Pasienten ville ikke fortsette undersøkelsen');
    expect((await eventKinds(b.referralId)).filter((k) => k.startsWith('exam_discontinued'))).toHaveLength(1);
  });
});

describe('stepOutcome (the rule, pure)', () => {
  const end = (iso: string) => new Date(iso);
  it.each([
    ['none yet', [], { status: 'in_progress' }],
    ['one in progress', [{ status: 'in_progress' as const, ended_at: null }], { status: 'in_progress' }],
    [
      'one discontinued, one in progress',
      [
        { status: 'discontinued' as const, ended_at: end('2026-11-30T10:00:00Z') },
        { status: 'in_progress' as const, ended_at: null },
      ],
      { status: 'in_progress' },
    ],
    [
      'one completed, one in progress: completed at once',
      [
        { status: 'completed' as const, ended_at: end('2026-11-30T10:00:00Z') },
        { status: 'in_progress' as const, ended_at: null },
      ],
      { status: 'completed', performedAt: end('2026-11-30T10:00:00Z') },
    ],
    ['all discontinued', [{ status: 'discontinued' as const, ended_at: end('2026-11-30T10:00:00Z') }], { status: 'discontinued' }],
    [
      'completed and discontinued: completed, at the latest completed end',
      [
        { status: 'completed' as const, ended_at: end('2026-11-30T10:00:00Z') },
        { status: 'completed' as const, ended_at: end('2026-11-30T10:20:00Z') },
        { status: 'discontinued' as const, ended_at: end('2026-11-30T10:40:00Z') },
      ],
      { status: 'completed', performedAt: end('2026-11-30T10:20:00Z') },
    ],
  ])('%s', (_label, performed, expected) => {
    expect(stepOutcome(performed)).toEqual(expected);
  });
});

describe('an N-SET that changes the Timezone Offset From UTC (PS3.3 C.12.1.1.8)', () => {
  // The offset applies to every DA and TM of the instance: a modality that corrects it in an N-SET
  // moves the start it sent at N-CREATE as well as the end it sends now.
  it('re-reads the start in the new offset (not only the end); the end is checked against the moved start', { timeout: T }, async () => {
    const b = await bookNew(14, '09:00');
    const uid = newDicomUid();
    // Started 30 minutes ago, sent as UTC wall-clock time but labelled +0100 (one hour off).
    const at = ago(30);
    const created = create(uid, {
      SpecificCharacterSet: 'ISO_IR 192',
      TimezoneOffsetFromUTC: '+0100',
      PerformedProcedureStepStatus: 'IN PROGRESS',
      PerformedProcedureStepID: 'PPS-TZ',
      PerformedStationAETitle: b.ae,
      PerformedProcedureStepStartDate: da(at),
      PerformedProcedureStepStartTime: tm(at),
      Modality: 'MR',
      StudyID: '1',
      PerformedProcedureStepDiscontinuationReasonCodeSequence: [],
      ScheduledStepAttributesSequence: [
        { StudyInstanceUID: b.studyUid, AccessionNumber: b.accession, RequestedProcedureID: b.rpId, ScheduledProcedureStepID: b.spsId },
      ],
    });
    expect(await send([created], b.ae)).toEqual([0]);
    const startedAt = async () =>
      (await t.db.kysely.selectFrom('performed_procedure_step').select('started_at').where('sop_instance_uid', '=', uid).executeTakeFirstOrThrow()).started_at;
    const sec = (d: Date) => Math.floor(d.getTime() / 1000);
    expect(sec((await startedAt())!)).toBe(sec(at) - 3600);
    // The modality corrects the offset: the start moves back to the true instant.
    expect(await send([set(uid, { TimezoneOffsetFromUTC: '+0000' })], b.ae)).toEqual([0]);
    expect(sec((await startedAt())!)).toBe(sec(at));
    // An end 5 minutes before the true start is refused (0x0106), though after the start as first read.
    const early = ago(35);
    expect(
      await send(
        [set(uid, { PerformedProcedureStepStatus: 'DISCONTINUED', PerformedProcedureStepEndDate: da(early), PerformedProcedureStepEndTime: tm(early) })],
        b.ae,
      ),
    ).toEqual([0x0106]);
    expect(await send([complete(uid, 5)], b.ae)).toEqual([0]);
    expect(await stepStatus(b.stepId)).toBe('completed');
  });
});
