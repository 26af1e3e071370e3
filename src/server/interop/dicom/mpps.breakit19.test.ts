// Outside tester (breakit19): MPPS date/time attributes read otherwise than the standard says.
// Pure functions over the naturalized data sets dcmjs-dimse hands the listener.
import { describe, expect, it } from 'vitest';
import { checkStepEnd, readMppsCreate, readMppsSet } from './mpps.ts';

const create = (extra: Record<string, unknown>) => ({
  PerformedProcedureStepStatus: 'IN PROGRESS',
  PerformedProcedureStepID: 'PPS1',
  PerformedStationAETitle: 'CT01',
  Modality: 'CT',
  ScheduledStepAttributesSequence: [{ StudyInstanceUID: '1.2.826.0.1.3680043.8.498.10001', AccessionNumber: 'RV0001' }],
  ...extra,
});

describe('MPPS Timezone Offset From UTC (breakit19)', () => {
  // PS3.3 C.12.1.1.8: Timezone Offset From UTC (0008,0201), SOP Common Module (part of the MPPS IOD,
  // PS3.3 B.17), "contains the offset from UTC to the timezone for all DA and TM Attributes present
  // in this SOP Instance". A modality whose clock runs in UTC sends 07:00 with +0000: that is 07:00Z
  // (08:00 in Oslo). Radvis ignores the attribute and reads every DA/TM as Oslo wall-clock time, so
  // the step starts (and the exam is performed, and its reading deadline counts) an hour early in
  // winter, two in summer.
  it('N-CREATE: the start is read in the offset the modality names', () => {
    const utc = readMppsCreate(
      create({ PerformedProcedureStepStartDate: '20261201', PerformedProcedureStepStartTime: '070000', TimezoneOffsetFromUTC: '+0000' }),
    );
    expect(utc.startedAt?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    const ny = readMppsCreate(
      create({ PerformedProcedureStepStartDate: '20261201', PerformedProcedureStepStartTime: '020000', TimezoneOffsetFromUTC: '-0500' }),
    );
    expect(ny.startedAt?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    // Without the attribute, local (Oslo) time, as today.
    const local = readMppsCreate(create({ PerformedProcedureStepStartDate: '20261201', PerformedProcedureStepStartTime: '080000' }));
    expect(local.startedAt?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
  });

  it('N-SET: the end is read in the offset the modality names', () => {
    const s = readMppsSet({
      PerformedProcedureStepStatus: 'COMPLETED',
      PerformedProcedureStepEndDate: '20261201',
      PerformedProcedureStepEndTime: '073000',
      TimezoneOffsetFromUTC: '+0000',
    });
    expect(s.endedAt?.toISOString()).toBe('2026-12-01T07:30:00.000Z');
    // The end the listener stores comes from checkStepEnd (final-state check): the same reading.
    const stored = checkStepEnd({
      attributes: {
        TimezoneOffsetFromUTC: '+0000',
        PerformedProcedureStepEndDate: '20261201',
        PerformedProcedureStepEndTime: '073000',
        PerformedSeriesSequence: [{ SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.20001' }],
      },
      startedAt: new Date('2026-12-01T07:00:00Z'),
      status: 'completed',
      now: new Date('2026-12-01T12:00:00Z'),
      skewMs: 300_000,
    });
    expect(stored?.toISOString()).toBe('2026-12-01T07:30:00.000Z');
  });
});

describe('MPPS times with a leap second (breakit19)', () => {
  // PS3.5 Table 6.2-1, TM: SS ranges "00"-"60" (60 for a leap second). A modality whose clock shows
  // the leap second sends 235960; Radvis answers 0x0106 "not a time" and the step is not recorded.
  it('N-CREATE with a start at a leap second is accepted', () => {
    expect(() => readMppsCreate(create({ PerformedProcedureStepStartDate: '20261231', PerformedProcedureStepStartTime: '235960' }))).not.toThrow();
  });
  it('N-SET with an end at a leap second is accepted', () => {
    expect(() =>
      readMppsSet({ PerformedProcedureStepStatus: 'IN PROGRESS', PerformedProcedureStepEndDate: '20261231', PerformedProcedureStepEndTime: '235960' }),
    ).not.toThrow();
  });
});
