// Outside tester (breakit19): worklist query values that are valid DICOM, or that dcmtk's wlmscpfs
// 3.6.7 (the reference) answers, but that Radvis refuses with 0xA900. Pure functions; the same
// queries through findscu side by side with wlmscpfs are in mwl.breakit19.findscu.test.ts.
import { describe, expect, it } from 'vitest';
import type { WorklistItem } from '../../scheduling/worklist-item.ts';
import { STATUS_IDENTIFIER_MISMATCH, WorklistQueryError, matchesWorklistQuery, parseWorklistQuery } from './worklist-query.ts';

function item(o: { date?: string; time?: string; birth?: string } = {}): WorklistItem {
  return {
    patientKey: 'p1',
    patientId: '01018012345',
    patientFamilyName: 'Hansen',
    patientGivenName: 'Ola',
    patientBirthDate: o.birth ?? '1970-01-01',
    patientSex: 'M',
    accessionNumber: 'RV0001',
    referringPhysician: 'Lege^Referent',
    studyInstanceUid: '2.25.1',
    requestedProcedureId: 'RP1',
    requestedProcedureDescription: 'CT thorax',
    requestedProcedurePriority: 'ROUTINE',
    requestedProcedureComments: null,
    procedureCode: { value: 'SAA0AD', meaning: 'CT hode' },
    step: {
      modality: 'CT',
      stationAeTitle: 'CT01',
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

describe('worklist query values Radvis refuses but DICOM allows (breakit19)', () => {
  // PS3.5 Table 6.2-1, TM: "SS" has a range of "00"-"60" (60 only for a leap second); DT note 4 says
  // the same. "-235960" is a valid range up to the leap second at the end of a day. Radvis answers
  // 0xA900 "not a valid time". (wlmscpfs 3.6.7 refuses it too: this one differs from the standard only.)
  it('a time with a leap second (SS = 60) is a valid TM and a valid range bound', () => {
    expect(() => q({}, { ScheduledProcedureStepStartTime: '-235960' })).not.toThrow();
    expect(matchesWorklistQuery(item({ time: '083000' }), q({}, { ScheduledProcedureStepStartTime: '-235960' }))).toBe(true);
    expect(matchesWorklistQuery(item({ time: '083000' }), q({}, { ScheduledProcedureStepStartTime: '235960' }))).toBe(false);
  });

  // PS3.5 Table 6.2-1, DA: YYYYMMDD with any four-digit year (note 3 even covers dates before 1582).
  // validDate builds the date with Date.UTC(y, …), which maps years 0–99 to 1900–1999, so every date
  // in years 0001–0099 reads as invalid: "00010101-19991231" (everyone born before 2000) → 0xA900.
  // wlmscpfs 3.6.7 answers the same query with every fixture item (see the findscu test).
  it('a date in the years 0001–0099 is a date: an open-ended birth date range with a low first bound', () => {
    expect(() => q({ PatientBirthDate: '00010101-19991231' })).not.toThrow();
    expect(matchesWorklistQuery(item({ birth: '1970-01-01' }), q({ PatientBirthDate: '00010101-19991231' }))).toBe(true);
    expect(matchesWorklistQuery(item({ birth: '1970-01-01' }), q({ PatientBirthDate: '00010101-19691231' }))).toBe(false);
    expect(() => q({}, { ScheduledProcedureStepStartDate: '00991231-20261130' })).not.toThrow();
  });

  // wlmscpfs 3.6.7 answers a date key with two values ("20261130\20261201") with the items of
  // either day. The standard defines no such match (fixd20, after PS3.4 2024): C.2.2.2 lets a key's
  // VM exceed its PS3.6 VM (SPS Start Date is VM 1) only "as defined for particular Matching Type";
  // Single Value Matching of a date is "a single date" (C.2.2.2.1), Range Matching one "-"
  // (C.2.2.2.5), List of UID Matching is for UIDs (C.2.2.2.2), and Multiple Value Matching
  // (C.2.2.2.8) needs Extended Negotiation, excludes DA and means AND, not OR — without it "the
  // semantics of multiple values in a Key Attribute is undefined" (note 4). Radvis refuses it
  // with 0xA900 rather than guess; a modality asks for two days with the range 20261130-20261201.
  it('a date key with two values is refused with 0xA900 (PS3.4 C.2.2.2.1, C.2.2.2.5, C.2.2.2.8)', () => {
    const two = () => q({}, { ScheduledProcedureStepStartDate: ['20261130', '20261201'] });
    expect(two).toThrow(WorklistQueryError);
    try {
      two();
    } catch (e) {
      expect((e as WorklistQueryError).status).toBe(STATUS_IDENTIFIER_MISMATCH);
    }
    // The range of the same two days is the standard's way to ask for either day.
    const range = q({}, { ScheduledProcedureStepStartDate: '20261130-20261201' });
    expect(matchesWorklistQuery(item({ date: '20261130' }), range)).toBe(true);
    expect(matchesWorklistQuery(item({ date: '20261201' }), range)).toBe(true);
    expect(matchesWorklistQuery(item({ date: '20261129' }), range)).toBe(false);
  });
});
