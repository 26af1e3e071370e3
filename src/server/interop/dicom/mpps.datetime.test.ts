// fixd20 (issue 8, breakit19): the MPPS start checked against our clock as the end is, and the
// Timezone Offset From UTC read or refused. Pure functions over naturalized data sets.
import { describe, expect, it } from 'vitest';
import { MppsError, STATUS_INVALID_ATTRIBUTE_VALUE, checkStepEnd, readMppsCreate, readMppsSet } from './mpps.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const SKEW = 300_000;

const create = (extra: Record<string, unknown>) => ({
  PerformedProcedureStepStatus: 'IN PROGRESS',
  PerformedProcedureStepID: 'PPS1',
  PerformedStationAETitle: 'CT01',
  Modality: 'CT',
  PerformedProcedureStepStartDate: '20261201',
  ScheduledStepAttributesSequence: [{ StudyInstanceUID: '1.2.826.0.1.3680043.8.498.10001', AccessionNumber: 'RV0001' }],
  ...extra,
});

function statusOf(f: () => unknown): number | 'no error' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof MppsError ? e.status : -1;
  }
}

describe('N-CREATE start against our clock (MPPS_CLOCK_SKEW_SECONDS)', () => {
  const clock = { now: NOW, skewMs: SKEW };
  it('a start more than the skew ahead is refused with 0x0106', () => {
    // 13:06 Oslo = 12:06Z: six minutes ahead, the skew is five.
    expect(statusOf(() => readMppsCreate(create({ PerformedProcedureStepStartTime: '130600' }), clock))).toBe(STATUS_INVALID_ATTRIBUTE_VALUE);
    expect(statusOf(() => readMppsCreate(create({ PerformedProcedureStepStartDate: '20271201', PerformedProcedureStepStartTime: '080000' }), clock))).toBe(
      STATUS_INVALID_ATTRIBUTE_VALUE,
    );
  });
  it('a start within the skew, or in the past, is accepted', () => {
    expect(readMppsCreate(create({ PerformedProcedureStepStartTime: '130400' }), clock).startedAt?.toISOString()).toBe('2026-12-01T12:04:00.000Z');
    expect(statusOf(() => readMppsCreate(create({ PerformedProcedureStepStartTime: '080000' }), clock))).toBe('no error');
  });
  it('the check reads the start in the offset the modality names: 12:04 in UTC is in time, 12:04 in New York is not', () => {
    expect(statusOf(() => readMppsCreate(create({ PerformedProcedureStepStartTime: '120400', TimezoneOffsetFromUTC: '+0000' }), clock))).toBe('no error');
    expect(statusOf(() => readMppsCreate(create({ PerformedProcedureStepStartTime: '120400', TimezoneOffsetFromUTC: '-0500' }), clock))).toBe(
      STATUS_INVALID_ATTRIBUTE_VALUE,
    );
  });
});

describe('Timezone Offset From UTC (PS3.3 C.12.1.1.8)', () => {
  it('a malformed offset is refused with 0x0106 in N-CREATE and N-SET', () => {
    for (const tz of ['0100', '+01:00', '+2500', 'CET'])
      expect(statusOf(() => readMppsCreate(create({ PerformedProcedureStepStartTime: '080000', TimezoneOffsetFromUTC: tz })))).toBe(
        STATUS_INVALID_ATTRIBUTE_VALUE,
      );
    expect(statusOf(() => readMppsSet({ PerformedProcedureStepStatus: 'COMPLETED', TimezoneOffsetFromUTC: 'Z' }))).toBe(STATUS_INVALID_ATTRIBUTE_VALUE);
  });
  it("the end is read in the offset N-CREATE sent when the N-SET carries none (the step's attributes, merged)", () => {
    const end = checkStepEnd({
      attributes: {
        TimezoneOffsetFromUTC: '+0000',
        PerformedProcedureStepEndDate: '20261201',
        PerformedProcedureStepEndTime: '073000',
        PerformedSeriesSequence: [{ SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.20001' }],
      },
      startedAt: new Date('2026-12-01T07:00:00Z'),
      status: 'completed',
      now: NOW,
      skewMs: SKEW,
    });
    expect(end?.toISOString()).toBe('2026-12-01T07:30:00.000Z');
  });
  it('an end at a leap second stays in its own minute', () => {
    const end = checkStepEnd({
      attributes: {
        PerformedProcedureStepEndDate: '20261201',
        PerformedProcedureStepEndTime: '075960',
        TimezoneOffsetFromUTC: '+0000',
        PerformedSeriesSequence: [{ SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.20001' }],
      },
      startedAt: new Date('2026-12-01T07:00:00Z'),
      status: 'completed',
      now: NOW,
      skewMs: SKEW,
    });
    expect(end?.toISOString()).toBe('2026-12-01T07:59:59.999Z');
  });
});
