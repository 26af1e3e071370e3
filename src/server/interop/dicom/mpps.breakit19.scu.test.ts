// Outside tester (breakit19): MPPS through a real DIMSE client (dcmjs-dimse's Client as the
// modality) where the step's times are read otherwise than PS3.3/PS3.4 say, and a booked exam's
// performed time comes out wrong or the exam can no longer be completed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { mppsCreate as create, mppsSet as set, ppsOf, stepOf } from '../../testing/mpps.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import type { Request } from './dimse.ts';

const T = 120_000;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let scp: WorklistScp;
beforeAll(async () => {
  scp = await openWorklistScp('radvis-mpps-b19-');
}, T);
afterAll(async () => scp?.close());

/** Sends requests on one association as `aet`; resolves with each response's status (-1 = none) once closed. */
async function send(reqs: Request[], aet = 'CT01'): Promise<number[]> {
  return (await sendOnOneAssociation(reqs, scp.listener.port(), aet)).statuses;
}

/** An instant as DICOM DA and TM in the wall-clock time of `timeZone`. */
function wall(at: Date, timeZone: string): { da: string; tm: string } {
  const p = new Intl.DateTimeFormat('en-GB', {
    timeZone,
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

const START = new Date(Math.floor((Date.now() - 120 * MIN) / 1000) * 1000);

function createData(n: number, start: { da: string; tm: string }, extra: Record<string, unknown> = {}) {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    PerformedProcedureStepStatus: 'IN PROGRESS',
    PerformedProcedureStepID: `PPS-B19-${n}`,
    PerformedStationAETitle: 'CT01',
    PerformedProcedureStepStartDate: start.da,
    PerformedProcedureStepStartTime: start.tm,
    Modality: 'CT',
    StudyID: '1',
    ScheduledStepAttributesSequence: [
      {
        StudyInstanceUID: `1.2.826.0.1.3680043.8.498.1000${n}`,
        AccessionNumber: `RV000${n}`,
        RequestedProcedureID: `RP000${n}`,
        ScheduledProcedureStepID: `SPS000${n}`,
      },
    ],
    ...extra,
  };
}

const completed = (end: { da: string; tm: string }, extra: Record<string, unknown> = {}) => ({
  PerformedProcedureStepStatus: 'COMPLETED',
  PerformedProcedureStepEndDate: end.da,
  PerformedProcedureStepEndTime: end.tm,
  PerformedSeriesSequence: [{ SeriesInstanceUID: newDicomUid(), Modality: 'CT', ProtocolName: 'THORAX', ReferencedImageSequence: [] }],
  ...extra,
});

describe('Timezone Offset From UTC on a booked exam (breakit19)', () => {
  // PS3.3 C.12.1.1.8: (0008,0201) is "the offset from UTC to the timezone for all DA and TM
  // Attributes present in this SOP Instance". A modality whose clock runs in UTC says so with
  // +0000; the exam's performed time must be the instant the step ended. Radvis reads the DA/TM as
  // Oslo wall-clock time and ignores the offset: the performed time (and the reading deadline counted
  // from it) comes out one hour early in winter, two in summer.
  it('N-CREATE and N-SET COMPLETED sent in UTC with +0000: the performed time is the sent instant', { timeout: T }, async () => {
    const uid = newDicomUid();
    const end = new Date(START.getTime() + 20 * MIN);
    const tz = { TimezoneOffsetFromUTC: '+0000' };
    const statuses = await send([create(uid, createData(3, wall(START, 'UTC'), tz)), set(uid, completed(wall(end, 'UTC'), tz))]);
    expect(statuses).toEqual([0x0000, 0x0000]);
    expect((await ppsOf(scp.db.kysely, uid))?.ended_at?.toISOString()).toBe(end.toISOString());
    expect((await stepOf(scp.db.kysely, 'RV0003')).performed_at?.toISOString()).toBe(end.toISOString());
  });
});

describe('an N-CREATE whose start lies in the future (breakit19)', () => {
  // Radvis refuses an N-SET end beyond now + MPPS_CLOCK_SKEW_SECONDS, and an end before the step's
  // start (0x0106; PS3.4 Table F.7.2-1: the end is when the step ended). The start (0040,0244/0245,
  // "date/time on which the Performed Procedure Step started") gets neither check: a modality whose
  // clock ran a year ahead at N-CREATE gets 0x0000, and every truthful COMPLETED afterwards is
  // refused as "End is before its Start" — the booked exam can never be completed through MPPS and
  // never goes to reading. Either the N-CREATE is refused (0x0106, the same rule as the end) or the
  // truthful completion goes through; not "accepted, then stuck".
  it('is refused at N-CREATE, or the exam can still be completed with a truthful end', { timeout: T }, async () => {
    const uid = newDicomUid();
    const [c] = await send([create(uid, createData(4, wall(new Date(Date.now() + 365 * DAY), 'Europe/Oslo')))]);
    const end = new Date(Math.floor((Date.now() - MIN) / 1000) * 1000);
    const [s] = await send([set(uid, completed(wall(end, 'Europe/Oslo')))]);
    const outcome = c === 0x0106 ? 'refused at N-CREATE' : s === 0x0000 ? 'completed' : `accepted (0x${c.toString(16)}), then COMPLETED → 0x${s.toString(16)}`;
    expect(['refused at N-CREATE', 'completed']).toContain(outcome);
  });
});
