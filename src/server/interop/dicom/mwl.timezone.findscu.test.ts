// MWL C-FIND with Timezone Offset From UTC (0008,0201) in the query, through dcmtk's findscu
// against Radvis' listener on the five fixture steps (fixd21, an open item of issue 8). PS3.4
// C.2.2.2.5: "If Timezone Offset From UTC (0008,0201) is present in the query identifier, the
// specified time values and the definition of midnight are in the specified timezone." Before, the
// key was answered with 0xFF01 (unsupported) and the times matched in Oslo time.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES_DIR, dumpToDcm, findscuWorklist, openWorklistScp, type WorklistScp } from '../../testing/dicom.ts';

const T = 300_000;
let scp: WorklistScp;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mwl-tz-');
}, T);

afterAll(async () => scp?.close());

const SPS = 'ScheduledProcedureStepSequence[0]';

describe('a worklist query in another offset (PS3.4 C.2.2.2.5)', () => {
  it('UTC: RV0001 (08:30 Oslo, 30 Nov) is found at 07:30 and answered in UTC with the offset named; no 0xFF01', { timeout: T }, async () => {
    const dcm = await dumpToDcm(path.join(CASES_DIR, 'queries', 'F01_universal.dump'), scp.tmp);
    const r = await findscuWorklist(scp.listener.port(), scp.tmp, dcm, {
      keys: ['TimezoneOffsetFromUTC=+0000', `${SPS}.ScheduledProcedureStepStartDate=20261130`, `${SPS}.ScheduledProcedureStepStartTime=0730-0745`],
    });
    expect(r.status).toBe('Success');
    expect(r.output).not.toMatch(/WarningUnsupportedOptionalKeys/);
    expect(r.answers.map((a) => a.AccessionNumber)).toEqual(['RV0001']);
    const a = r.answers[0];
    expect(a.TimezoneOffsetFromUTC).toBe('+0000');
    const sps = (a.ScheduledProcedureStepSequence as Record<string, unknown>[])[0];
    expect([sps.ScheduledProcedureStepStartDate, sps.ScheduledProcedureStepStartTime]).toEqual(['20261130', '073000']);
    // The same time asked in Oslo's own terms (no offset) is 08:30.
    const oslo = await findscuWorklist(scp.listener.port(), scp.tmp, dcm, {
      keys: [`${SPS}.ScheduledProcedureStepStartDate=20261130`, `${SPS}.ScheduledProcedureStepStartTime=0730-0745`],
    });
    expect(oslo.answers).toEqual([]);
  });

  it('a far offset moves the day: +1400 asks for 1 Dec 03:00–06:00 and finds RV0004 (30 Nov 15:30 Oslo)', { timeout: T }, async () => {
    const dcm = await dumpToDcm(path.join(CASES_DIR, 'queries', 'F01_universal.dump'), scp.tmp);
    const r = await findscuWorklist(scp.listener.port(), scp.tmp, dcm, {
      keys: ['TimezoneOffsetFromUTC=+1400', `${SPS}.ScheduledProcedureStepStartDate=20261201`, `${SPS}.ScheduledProcedureStepStartTime=0300-0600`],
    });
    expect(r.status).toBe('Success');
    expect(r.answers.map((a) => a.AccessionNumber)).toEqual(['RV0004']);
    const sps = (r.answers[0].ScheduledProcedureStepSequence as Record<string, unknown>[])[0];
    expect([sps.ScheduledProcedureStepStartDate, sps.ScheduledProcedureStepStartTime]).toEqual(['20261201', '043000']);
  });

  it('an offset that is no offset → 0xA900', { timeout: T }, async () => {
    const dcm = await dumpToDcm(path.join(CASES_DIR, 'queries', 'F01_universal.dump'), scp.tmp);
    const r = await findscuWorklist(scp.listener.port(), scp.tmp, dcm, { keys: ['TimezoneOffsetFromUTC=+2500'] });
    expect({ status: r.status, answers: r.answers.length }).toEqual({ status: 'Error: DataSetDoesNotMatchSOPClass', answers: 0 });
  });
});
