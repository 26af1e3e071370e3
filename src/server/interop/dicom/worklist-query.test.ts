import { describe, expect, it } from 'vitest';
import type { WorklistItem } from '../../scheduling/worklist-item.ts';
import { matchesWorklistQuery, matchString, parseWorklistQuery, redecodeUtf8, worklistAnswer, WorklistQueryError } from './worklist-query.ts';

function item(o: { name?: [string, string]; date?: string; time?: string; ae?: string; modality?: string; accession?: string } = {}): WorklistItem {
  return {
    patientKey: 'p1',
    patientId: '01018012345',
    patientFamilyName: o.name?.[0] ?? 'Østbø',
    patientGivenName: o.name?.[1] ?? 'Åse Marit',
    patientBirthDate: '1970-01-01',
    patientSex: 'F',
    accessionNumber: o.accession ?? 'RV0001',
    referringPhysician: 'Lege^Referent',
    studyInstanceUid: '2.25.1',
    requestedProcedureId: 'RP1',
    requestedProcedureDescription: 'CT thorax',
    requestedProcedurePriority: 'ROUTINE',
    requestedProcedureComments: null,
    step: {
      modality: o.modality ?? 'CT',
      stationAeTitle: o.ae ?? 'CT01',
      stationName: 'CT 1',
      startDate: o.date ?? '20261130',
      startTime: o.time ?? '083000',
      performingPhysician: '',
      description: 'CT thorax',
      spsId: 'SPS1',
      status: 'scheduled',
    },
  };
}

const q = (top: Record<string, unknown>, step?: Record<string, unknown>) =>
  parseWorklistQuery({ SpecificCharacterSet: 'ISO_IR 192', ...top, ...(step ? { ScheduledProcedureStepSequence: [step] } : {}) });

describe('worklist matching (PS3.4 C.2.2.2)', () => {
  it('wildcards: * any run, ? one character, case-insensitive for names only', () => {
    expect(matchString('ØSTBØ^ÅSE MARIT', 'øst*', true)).toBe(true);
    expect(matchString('HANSEN^OLA', 'HANSEN^OL?', true)).toBe(true);
    expect(matchString('HANSEN^OLA', 'HANSEN^O?', true)).toBe(false);
    expect(matchString('CT01', 'ct01', false)).toBe(false);
    expect(matchString('A.B(C)', 'A.B(*', false)).toBe(true);
    expect(matchString('AXB', 'A.B', false)).toBe(false);
  });

  it('dates: single, open and closed ranges', () => {
    const i = item({ date: '20261130' });
    for (const [v, m] of [
      ['20261130', true],
      ['20261201', false],
      ['20261130-', true],
      ['-20261129', false],
      ['20261129-20261130', true],
      ['20261201-20261231', false],
    ] as const) {
      expect(matchesWorklistQuery(i, q({}, { ScheduledProcedureStepStartDate: v })), v).toBe(m);
    }
  });

  it('date and time form one combined range; time alone applies every day', () => {
    const late = item({ date: '20261130', time: '153000' });
    expect(matchesWorklistQuery(late, q({}, { ScheduledProcedureStepStartDate: '20261130-20261201', ScheduledProcedureStepStartTime: '080000-100000' }))).toBe(
      true,
    );
    expect(matchesWorklistQuery(late, q({}, { ScheduledProcedureStepStartDate: '20261130', ScheduledProcedureStepStartTime: '080000-120000' }))).toBe(false);
    expect(matchesWorklistQuery(late, q({}, { ScheduledProcedureStepStartTime: '1400-16' }))).toBe(true);
    expect(matchesWorklistQuery(item({ time: '083000' }), q({}, { ScheduledProcedureStepStartTime: '0830' }))).toBe(true);
  });

  it('refuses invalid values with 0xA900 and unsupported character sets with 0xC000', () => {
    const status = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof WorklistQueryError ? e.status : -1;
      }
      return 0;
    };
    expect(status(() => q({}, { ScheduledProcedureStepStartDate: '2026-11-30' }))).toBe(0xa900);
    expect(status(() => q({}, { ScheduledProcedureStepStartDate: '20260231' }))).toBe(0xa900);
    expect(status(() => q({}, { ScheduledProcedureStepStartDate: '20261201-20261130' }))).toBe(0xa900);
    expect(status(() => q({}, { ScheduledProcedureStepStartTime: '2500' }))).toBe(0xa900);
    expect(status(() => parseWorklistQuery({ ScheduledProcedureStepSequence: [{}, {}] }))).toBe(0xa900);
    expect(status(() => parseWorklistQuery(undefined))).toBe(0xa900);
    expect(status(() => parseWorklistQuery({ SpecificCharacterSet: 'ISO 2022 IR 87', PatientName: [] }))).toBe(0xc000);
  });

  it('answers exactly the requested supported keys, empty ones empty, always with a StudyInstanceUID', () => {
    const query = parseWorklistQuery({
      AccessionNumber: '',
      PatientName: [],
      StudyDate: '',
      ScheduledProcedureStepSequence: [{ Modality: '', ScheduledProtocolCodeSequence: [] }],
    });
    expect(query.unsupportedKeys).toBe(true);
    const a = worklistAnswer(item(), query);
    expect(Object.keys(a).sort()).toEqual(['AccessionNumber', 'PatientName', 'ScheduledProcedureStepSequence', 'SpecificCharacterSet', 'StudyInstanceUID']);
    expect(a.PatientName).toEqual([{ Alphabetic: 'Østbø^Åse Marit' }]);
    expect(a.ScheduledProcedureStepSequence).toEqual([{ Modality: 'CT' }]);
  });

  it('gives the store exact hints only for values without wildcards', () => {
    expect(q({ AccessionNumber: 'RV*', PatientID: '123' }, { ScheduledStationAETitle: 'CT01', ScheduledProcedureStepStartDate: '20261130-' }).hints).toEqual({
      patientId: '123',
      stationAeTitle: 'CT01',
      dateFrom: '2026-11-30',
    });
  });

  it('re-decodes UTF-8 that was read byte by byte, and leaves other text alone', () => {
    expect(redecodeUtf8(Buffer.from('LÆRDAL*', 'utf8').toString('latin1'))).toBe('LÆRDAL*');
    expect(redecodeUtf8('LÆRDAL*')).toBe('LÆRDAL*');
    expect(redecodeUtf8('CT01')).toBe('CT01');
  });
});
