// MPPS N-SET to COMPLETED / DISCONTINUED: the step's end and its final-state attributes (breakit18,
// outside tester), driven by a real DIMSE client (dcmjs-dimse's Client as the modality).
// PS3.4 Table F.7.2-1: Performed Procedure Step End Date/Time (0040,0250)/(0040,0251) are when the
// step ended; an end before the N-CREATE's start, or in the future beyond the configured clock skew
// (MPPS_CLOCK_SKEW_SECONDS), is an invalid attribute value (0x0106) — it would become the exam's
// performed time and reading deadline. Table F.7.2-1 "Final State" column and Note 2, F.7.2.2.2 and
// F.1.3: COMPLETED needs End Date, End Time and a non-empty Performed Series Sequence (never sent →
// 0x0120, sent empty → 0x0121). Each refusal: Error Comment, nothing changed, one refused row in the
// access log through the gate, and a server log line without personal data.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { mppsCreate as create, mppsSet as set, ppsOf, stepOf } from '../../testing/mpps.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { createDicomListener, type DicomListener } from './server.ts';
import type { Request } from './dimse.ts';
import { osloDateTime } from './mpps.ts';

const T = 120_000;
const SKEW_SECONDS = 300;

let scp: WorklistScp;
let listener: DicomListener;
const lines: string[] = [];

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mpps-end-');
  // A listener whose server log is kept (to check it holds no personal data), with an explicit skew.
  const keep = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  listener = createDicomListener({
    db: scp.db.kysely,
    aeTitle: 'RADVIS',
    port: 0,
    host: '127.0.0.1',
    log: { info: keep('info'), warn: keep('warn'), error: keep('error') },
    mppsClockSkewSeconds: SKEW_SECONDS,
  });
  await listener.start();
}, T);

afterAll(async () => {
  await listener?.stop();
  await scp?.close();
});

interface Reply {
  status: number;
  comment: string | undefined;
}

/** Sends requests on one association as `aet`; resolves with each reply (status -1 = none) once closed. */
async function send(reqs: Request[], aet = 'CT01'): Promise<Reply[]> {
  const { replies } = await sendOnOneAssociation(reqs, listener.port(), aet);
  return replies.map((rsp) => (rsp ? { status: rsp.getStatus(), comment: rsp.getErrorComment() } : { status: -1, comment: undefined }));
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** A instant as DICOM DA and TM in Norwegian wall-clock time (what a modality in Norway sends). */
function oslo(at: Date): { da: string; tm: string } {
  const p = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const g = (t: string) => p.find((x) => x.type === t)!.value;
  return { da: `${g('year')}${g('month')}${g('day')}`, tm: `${g('hour')}${g('minute')}${g('second')}` };
}

/** The step's start: two hours ago, to the second (as sent). */
const START = new Date(Math.floor((Date.now() - 120 * MIN) / 1000) * 1000);

/** N-CREATE data: fixture step n (RV000n), or an unscheduled procedure (touches no booked exam). */
function createData(n: number | 'unscheduled') {
  const s = oslo(START);
  const item =
    n === 'unscheduled'
      ? { StudyInstanceUID: newDicomUid(), AccessionNumber: '', RequestedProcedureID: '', ScheduledProcedureStepID: '' }
      : {
          StudyInstanceUID: `1.2.826.0.1.3680043.8.498.1000${n}`,
          AccessionNumber: `RV000${n}`,
          RequestedProcedureID: `RP000${n}`,
          ScheduledProcedureStepID: `SPS000${n}`,
        };
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    PerformedProcedureStepStatus: 'IN PROGRESS',
    PerformedProcedureStepID: 'PPS1',
    PerformedStationAETitle: 'CT01',
    PerformedProcedureStepStartDate: s.da,
    PerformedProcedureStepStartTime: s.tm,
    Modality: 'CT',
    StudyID: '1',
    PatientName: [{ Alphabetic: 'HANSEN^OLA' }],
    ScheduledStepAttributesSequence: [item],
  };
}

const SERIES = [{ SeriesInstanceUID: '2.25.4242', Modality: 'CT', SeriesDescription: 'Thorax', ProtocolName: 'THORAX', ReferencedImageSequence: [] }];

/** An N-SET COMPLETED ending at `end` with one performed series. */
function completedAt(end: Date): Record<string, unknown> {
  const e = oslo(end);
  return {
    PerformedProcedureStepStatus: 'COMPLETED',
    PerformedProcedureStepEndDate: e.da,
    PerformedProcedureStepEndTime: e.tm,
    PerformedSeriesSequence: SERIES,
  };
}

async function footprint() {
  const n = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(scp.db.kysely)).rows[0].n;
  return { pps: await n('performed_procedure_step'), events: await n('procedure_step_event'), exams: await n('exam'), log: await n('access_log') };
}

const refusedRows = (uid: string) =>
  scp.db.kysely
    .selectFrom('access_log')
    .select(['reason', 'patient_id', 'actor_name'])
    .where('outcome', '=', 'refused')
    .where('context', '=', 'dicom-mpps')
    .where('resource_id', '=', uid)
    .execute();

const yearAhead = () => new Date(Date.now() + 365 * DAY);

describe('PS3.4 Table F.7.2-1: an end outside [start, now + skew] is refused with 0x0106 and changes nothing', () => {
  it.each([
    ['an end a year in the future (COMPLETED)', () => completedAt(yearAhead()), 'mpps-end-in-future'],
    ['an end an hour ahead, beyond the 300 s skew (COMPLETED)', () => completedAt(new Date(Date.now() + 60 * MIN)), 'mpps-end-in-future'],
    ['an end the day before the start (COMPLETED)', () => completedAt(new Date(START.getTime() - DAY)), 'mpps-end-before-start'],
    ['an end one minute before the start, same day (COMPLETED)', () => completedAt(new Date(START.getTime() - MIN)), 'mpps-end-before-start'],
    ['an end a year in the future (DISCONTINUED)', () => ({ ...completedAt(yearAhead()), PerformedProcedureStepStatus: 'DISCONTINUED' }), 'mpps-end-in-future'],
    [
      'an end date alone, the day before the start (DISCONTINUED)',
      () => ({ PerformedProcedureStepStatus: 'DISCONTINUED', PerformedProcedureStepEndDate: oslo(new Date(START.getTime() - DAY)).da }),
      'mpps-end-before-start',
    ],
  ])('%s → 0x0106 with an Error Comment; the step stays in progress', { timeout: T }, async (_label, body, reason) => {
    const uid = newDicomUid();
    expect((await send([create(uid, createData('unscheduled'))]))[0].status).toBe(0x0000);
    const before = await footprint();
    const pps = await ppsOf(scp.db.kysely, uid);
    lines.length = 0;
    const [r] = await send([set(uid, body())]);
    expect(r.status).toBe(0x0106);
    expect(r.comment).toMatch(/End/);
    expect(await ppsOf(scp.db.kysely, uid)).toEqual(pps);
    // One refused row (through the gate) and nothing else written.
    expect(await footprint()).toEqual({ ...before, log: before.log + 1 });
    expect((await refusedRows(uid)).map((x) => [x.reason, x.actor_name])).toEqual([[reason, 'DICOM-modalitet CT01']]);
    // The server log says a status, never the patient.
    expect(lines.some((l) => l.includes('N-SET refused') && l.includes(String(0x0106)))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/HANSEN|OLA/);
  });

  it('a booked exam: a year-ahead end is not its performed time; the corrected N-SET then is', { timeout: T }, async () => {
    const uid = newDicomUid();
    const [c, bad] = await send([create(uid, createData(1)), set(uid, completedAt(yearAhead()))]);
    expect([c.status, bad.status]).toEqual([0x0000, 0x0106]);
    const step = await stepOf(scp.db.kysely, 'RV0001');
    expect([step.status, step.performed_at]).toEqual(['in_progress', null]);
    expect((await refusedRows(uid)).map((x) => [x.reason, x.patient_id])).toEqual([['mpps-end-in-future', scp.world.patients.get('RV0001')]]);
    const end = new Date(START.getTime() + 20 * MIN);
    expect((await send([set(uid, completedAt(end))]))[0].status).toBe(0x0000);
    expect((await stepOf(scp.db.kysely, 'RV0001')).performed_at?.toISOString()).toBe(end.toISOString());
  });

  it('a booked exam: an end before the step started is not its performed time', { timeout: T }, async () => {
    const uid = newDicomUid();
    const [c, bad] = await send([create(uid, createData(2)), set(uid, completedAt(new Date(START.getTime() - DAY)))]);
    expect([c.status, bad.status]).toEqual([0x0000, 0x0106]);
    expect((await stepOf(scp.db.kysely, 'RV0002')).performed_at).toBeNull();
  });
});

describe('PS3.4 Table F.7.2-1 Final State and F.7.2.2.2: COMPLETED without its required attributes is refused', () => {
  const end = () => oslo(new Date(START.getTime() + 10 * MIN));
  it.each([
    ['nothing but the status (0x0120)', () => ({ PerformedProcedureStepStatus: 'COMPLETED' }), 0x0120],
    [
      'no End Time (0x0120)',
      () => ({ PerformedProcedureStepStatus: 'COMPLETED', PerformedProcedureStepEndDate: end().da, PerformedSeriesSequence: SERIES }),
      0x0120,
    ],
    [
      'no End Date (0x0120)',
      () => ({ PerformedProcedureStepStatus: 'COMPLETED', PerformedProcedureStepEndTime: end().tm, PerformedSeriesSequence: SERIES }),
      0x0120,
    ],
    ['End Time sent empty (0x0121)', () => ({ ...completedAt(new Date(START.getTime() + MIN)), PerformedProcedureStepEndTime: '' }), 0x0121],
    ['no Performed Series Sequence (0x0120)', () => ({ ...completedAt(new Date(START.getTime() + MIN)), PerformedSeriesSequence: undefined }), 0x0120],
    ['an empty Performed Series Sequence (0x0121, Note 2)', () => ({ ...completedAt(new Date(START.getTime() + MIN)), PerformedSeriesSequence: [] }), 0x0121],
  ])('%s: refused with an Error Comment, the step stays in progress', { timeout: T }, async (_label, body, status) => {
    const uid = newDicomUid();
    expect((await send([create(uid, createData('unscheduled'))]))[0].status).toBe(0x0000);
    const before = await footprint();
    const pps = await ppsOf(scp.db.kysely, uid);
    const elements = Object.fromEntries(Object.entries(body()).filter(([, v]) => v !== undefined));
    const [r] = await send([set(uid, elements)]);
    expect(r.status).toBe(status);
    expect(r.comment).toMatch(/required for COMPLETED/);
    expect(await ppsOf(scp.db.kysely, uid)).toEqual(pps);
    expect(await footprint()).toEqual({ ...before, log: before.log + 1 });
    expect((await refusedRows(uid)).map((x) => x.reason)).toEqual(['mpps-final-state-missing']);
  });

  it('a booked exam completed with nothing but the status does not go to reading', { timeout: T }, async () => {
    const uid = newDicomUid();
    const [c, s] = await send([create(uid, createData(3)), set(uid, { PerformedProcedureStepStatus: 'COMPLETED' })]);
    expect([c.status, s.status]).toEqual([0x0000, 0x0120]);
    const step = await stepOf(scp.db.kysely, 'RV0003');
    expect([step.status, step.performed_at]).toEqual(['in_progress', null]);
  });
});

describe('what stays accepted', () => {
  it('an end a minute ahead (within the skew) → 0x0000; it is the exam performed time', { timeout: T }, async () => {
    const uid = newDicomUid();
    const end = new Date(Math.floor((Date.now() + MIN) / 1000) * 1000);
    const [c, s] = await send([create(uid, createData(4)), set(uid, completedAt(end))]);
    expect([c.status, s.status]).toEqual([0x0000, 0x0000]);
    expect((await stepOf(scp.db.kysely, 'RV0004')).performed_at?.toISOString()).toBe(end.toISOString());
  });

  it('an end equal to the start → 0x0000', { timeout: T }, async () => {
    const uid = newDicomUid();
    const replies = await send([create(uid, createData('unscheduled')), set(uid, completedAt(START))]);
    expect(replies.map((r) => r.status)).toEqual([0x0000, 0x0000]);
    expect((await ppsOf(scp.db.kysely, uid))?.ended_at?.toISOString()).toBe(START.toISOString());
  });

  it('End Date/Time sent by an earlier IN PROGRESS N-SET count for COMPLETED (the step holds them) → 0x0000', { timeout: T }, async () => {
    const uid = newDicomUid();
    const e = oslo(new Date(START.getTime() + 30 * MIN));
    const replies = await send([
      create(uid, createData(5)),
      set(uid, { PerformedProcedureStepEndDate: e.da, PerformedProcedureStepEndTime: e.tm }),
      set(uid, { PerformedProcedureStepStatus: 'COMPLETED', PerformedSeriesSequence: SERIES }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([0x0000, 0x0000, 0x0000]);
    expect((await stepOf(scp.db.kysely, 'RV0005')).performed_at?.toISOString()).toBe(osloDateTime(e.da, e.tm)?.toISOString());
  });

  it('DISCONTINUED without end or series → 0x0000 (a documented leniency: nothing goes to reading)', { timeout: T }, async () => {
    const uid = newDicomUid();
    const replies = await send([create(uid, createData('unscheduled')), set(uid, { PerformedProcedureStepStatus: 'DISCONTINUED' })]);
    expect(replies.map((r) => r.status)).toEqual([0x0000, 0x0000]);
    expect((await ppsOf(scp.db.kysely, uid))?.status).toBe('discontinued');
  });
});
