import { describe, expect, it } from 'vitest';
import type { WorklistItem } from '../../scheduling/worklist-item.ts';
import {
  formatOffset,
  itemInOffset,
  legacyDateTime,
  matchesWorklistQuery,
  matchPersonName,
  matchString,
  parseWorklistQuery,
  personNameGroups,
  redecodeUtf8,
  worklistAnswer,
  WorklistQueryError,
  withoutEscapes,
} from './worklist-query.ts';

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
    procedureCode: { value: 'SAA0AD', meaning: 'CT hode' },
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

  it('refuses a time range over midnight (PS3.4 C.2.2.2.5: "not supported") with a comment that fits 64 characters and says how to ask', () => {
    const night = () => q({}, { ScheduledProcedureStepStartTime: '2300-0100' });
    expect(night).toThrow(WorklistQueryError);
    try {
      night();
    } catch (e) {
      const err = e as WorklistQueryError;
      expect(err.status).toBe(0xa900);
      expect(err.message).toBe('Time range over midnight not supported; query 2 ranges');
      expect(err.message.length).toBeLessThanOrEqual(64);
    }
    // The two ranges it asks for instead are valid; an equal start and end is a valid range too.
    expect(matchesWorklistQuery(item({ time: '233000' }), q({}, { ScheduledProcedureStepStartTime: '2300-235959' }))).toBe(true);
    expect(matchesWorklistQuery(item({ time: '003000' }), q({}, { ScheduledProcedureStepStartTime: '0000-0100' }))).toBe(true);
    expect(matchesWorklistQuery(item({ time: '230000' }), q({}, { ScheduledProcedureStepStartTime: '2300-2300' }))).toBe(true);
  });

  it('answers exactly the requested supported keys, empty ones empty, always with a StudyInstanceUID', () => {
    const query = parseWorklistQuery({
      AccessionNumber: '',
      PatientName: [],
      EthnicGroup: '',
      ScheduledProcedureStepSequence: [{ Modality: '', ScheduledProtocolCodeSequence: [] }],
    });
    expect(query.unsupportedKeys).toBe(true);
    const a = worklistAnswer(item(), query);
    expect(Object.keys(a).sort()).toEqual(['AccessionNumber', 'PatientName', 'ScheduledProcedureStepSequence', 'SpecificCharacterSet', 'StudyInstanceUID']);
    expect(a.PatientName).toEqual([{ Alphabetic: 'Østbø^Åse Marit' }]);
    // An empty code sequence asks for the whole item (C.2.2.2.6).
    expect(a.ScheduledProcedureStepSequence).toEqual([
      { Modality: 'CT', ScheduledProtocolCodeSequence: [{ CodeValue: 'SAA0AD', CodingSchemeDesignator: '99NCRP', CodeMeaning: 'CT hode' }] },
    ]);
  });

  it('code sequences (Requested Procedure / Scheduled Protocol Code Sequence): sequence matching on code value and scheme, PS3.4 C.2.2.2.6', () => {
    const i = item();
    const rp = (code: Record<string, unknown>) => q({ AccessionNumber: '', RequestedProcedureCodeSequence: [code] });
    const sp = (code: Record<string, unknown>) => q({ AccessionNumber: '' }, { ScheduledProtocolCodeSequence: [code] });
    for (const make of [rp, sp]) {
      expect(matchesWorklistQuery(i, make({ CodeValue: 'SAA0AD', CodingSchemeDesignator: '99NCRP' }))).toBe(true);
      expect(matchesWorklistQuery(i, make({ CodeValue: 'SAA0AD', CodingSchemeDesignator: 'SCT' }))).toBe(false);
      expect(matchesWorklistQuery(i, make({ CodeValue: 'SAA0AG' }))).toBe(false);
      expect(matchesWorklistQuery(i, make({ CodeValue: 'SAA*' }))).toBe(true);
      expect(matchesWorklistQuery(i, make({ CodeValue: 'saa0ad' }))).toBe(false);
      expect(matchesWorklistQuery(i, make({ CodeValue: '', CodeMeaning: '' }))).toBe(true);
      expect(matchesWorklistQuery(i, make({}))).toBe(true);
      // No code recorded: only universal keys match.
      expect(matchesWorklistQuery({ ...i, procedureCode: null }, make({ CodeValue: 'SAA0AD' }))).toBe(false);
      expect(matchesWorklistQuery({ ...i, procedureCode: null }, make({ CodeValue: '' }))).toBe(true);
    }
    // The answer carries the item keys asked for, or all of them for an empty item.
    const a = worklistAnswer(i, rp({ CodeValue: '', CodingSchemeDesignator: '' }));
    expect(a.RequestedProcedureCodeSequence).toEqual([{ CodeValue: 'SAA0AD', CodingSchemeDesignator: '99NCRP' }]);
    expect(worklistAnswer({ ...i, procedureCode: null }, rp({})).RequestedProcedureCodeSequence).toEqual([]);
    // Unknown item keys are not supported (0xFF01), two items are refused.
    expect(rp({ CodeValue: '', ContextIdentifier: '' }).unsupportedKeys).toBe(true);
    expect(sp({ CodeValue: '', ContextIdentifier: '' }).unsupportedKeys).toBe(true);
    expect(sp({ CodeValue: '' }).unsupportedKeys).toBe(false);
    expect(() => parseWorklistQuery({ RequestedProcedureCodeSequence: [{}, {}] })).toThrow(WorklistQueryError);
    expect(() => parseWorklistQuery({ RequestedProcedureCodeSequence: 'SAA0AD' })).toThrow(WorklistQueryError);
  });

  it('ACR-NEMA date and time forms (YYYY.MM.DD, HH:MM:SS) are read as DICOM ones, also in ranges', () => {
    expect(legacyDateTime('2026.11.30', 'DA')).toBe('20261130');
    expect(legacyDateTime('2026.11.30-2026.12.01', 'DA')).toBe('20261130-20261201');
    expect(legacyDateTime('-2026.11.29', 'DA')).toBe('-20261129');
    expect(legacyDateTime('08:00-12:00', 'TM')).toBe('0800-1200');
    expect(legacyDateTime('08:30:00.5', 'TM')).toBe('083000.5');
    expect(legacyDateTime('30/11/2026', 'DA')).toBe('30/11/2026');
    expect(legacyDateTime('2026.11.30-2026.12.01-2026.12.02', 'DA')).toBe('2026.11.30-2026.12.01-2026.12.02');
    expect(matchesWorklistQuery(item({ date: '20261130' }), q({}, { ScheduledProcedureStepStartDate: '2026.11.30' }))).toBe(true);
  });

  it('the Specific Character Set as sent decides decoding inside items and which sets are refused', () => {
    // dcmjs reads item text as Latin-1; a Latin-2 query's "Ł" (0xA3) arrives as "£" and is decoded again.
    const k = parseWorklistQuery({ ScheduledProcedureStepSequence: [{ ScheduledPerformingPhysicianName: '\u00a3*' }] }, ['ISO_IR 101']);
    expect(k.stepKeys?.[0].value).toBe('Ł*');
    expect(parseWorklistQuery({ PatientName: '' }, ['ISO_IR 100']).charset).toBe('ISO_IR 100');
    expect(parseWorklistQuery({ PatientName: '' }, ['', 'ISO 2022 IR 100']).charset).toBe('ISO 2022 IR 100');
    // A multi-byte set alone (no first value for G0) and sets PS3.3 does not define are refused.
    for (const bad of [['ISO 2022 IR 87'], ['ISO 2022 IR 149'], ['KOI8']])
      expect(() => parseWorklistQuery({ PatientName: '' }, bad), bad.join('\\')).toThrow(WorklistQueryError);
    // Code extensions with another single-byte set (PS3.3 Table C.12-3) are read since breakit28:
    // Cyrillic "Д" (ISO 8859-5 0xB4) after ESC - L.
    const cyr = parseWorklistQuery({ PatientName: '\u001b-L\u00b4*' }, ['ISO 2022 IR 6', 'ISO 2022 IR 144']);
    expect(cyr.topKeys[0].value).toBe('Д*');
  });

  it('reads the other sets of PS3.3 Tables C.12-2 and C.12-4 without code extensions (breakit27: they were 0xC000)', () => {
    // Latin-9: dcmjs does not know ISO_IR 203 and hands the top-level text on as Latin-1 ("¤" is € there).
    expect(parseWorklistQuery({ PatientName: '\u00c5RDAL\u00a4*' }, ['ISO_IR 203']).topKeys[0].value).toBe('ÅRDAL€*');
    // GB18030 inside an item: dcmjs hands the bytes on as Latin-1.
    const item = (bytes: number[]) => Buffer.from(bytes).toString('latin1');
    const k = parseWorklistQuery({ ScheduledProcedureStepSequence: [{ ScheduledPerformingPhysicianName: item([0x81, 0x30, 0x89, 0x31, 0x2a]) }] }, ['GB18030']);
    expect(k.stepKeys?.[0].value).toBe('Ø*');
    for (const ok of [['GBK'], ['ISO_IR 166'], ['ISO_IR 13'], ['ISO 2022 IR 203']]) expect(parseWorklistQuery({ PatientName: '' }, ok).charset).toBe(ok[0]);
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

  it('person names: component groups, padding and trailing empty components (PS3.5 6.2.1)', () => {
    expect(personNameGroups('HANSEN^OLA^^ ')).toEqual(['HANSEN^OLA', '', '']);
    expect(personNameGroups('Yamada^Tarou=山田^太郎=やまだ^たろう')).toEqual(['Yamada^Tarou', '山田^太郎', 'やまだ^たろう']);
    expect(personNameGroups('ØSTBØ ^ ÅSE MARIT=')).toEqual(['ØSTBØ^ÅSE MARIT', '', '']);
    expect(matchPersonName('Hansen^Ola', 'HANSEN^OLA^^')).toBe(true);
    expect(matchPersonName('Hansen^Ola', 'HANSEN^OLA=')).toBe(true);
    expect(matchPersonName('Hansen^Ola', 'HANSEN*=*=*')).toBe(true);
    expect(matchPersonName('Hansen^Ola', '=山田*')).toBe(false);
    expect(matchPersonName('Hansen^Ola', 'HANSEN')).toBe(false);
    expect(matchPersonName('Hansen', 'HANSEN^')).toBe(true);
  });

  it('reads a PN with groups from dcmjs and a value sent with another VR (a String object)', () => {
    const groups = parseWorklistQuery({ PatientName: [{ Alphabetic: 'HANSEN*', Ideographic: '', Phonetic: '' }] });
    expect(groups.topKeys[0].value).toBe('HANSEN*');
    const wrongVr = parseWorklistQuery({ PatientName: new String('ØST*'), AccessionNumber: [new String('RV0001')] });
    expect(wrongVr.topKeys.map((k) => k.value)).toEqual(['ØST*', 'RV0001']);
    expect(parseWorklistQuery({ PatientName: [{}] }).topKeys[0].value).toBe('');
    expect(parseWorklistQuery({ RequestedProcedurePriority: 'routine' }).topKeys[0].value).toBe('routine');
    expect(matchesWorklistQuery(item(), wrongVr)).toBe(true);
  });

  it('refuses a code string that is not upper case with 0xA900; accepts wildcards in it', () => {
    expect(() => q({}, { Modality: 'ct' })).toThrow(WorklistQueryError);
    expect(() => q({ PatientSex: 'f' })).toThrow(WorklistQueryError);
    expect(matchesWorklistQuery(item(), q({}, { Modality: 'C?' }))).toBe(true);
    expect(matchesWorklistQuery(item(), q({}, { Modality: 'MR' }))).toBe(false);
  });

  it('a zero-length SPS item asks for every SPS attribute; type 2 keys Radvis does not record come back empty', () => {
    const query = parseWorklistQuery({ AccessionNumber: '', ReferencedStudySequence: [], PatientWeight: '', ScheduledProcedureStepSequence: [{ _vrMap: {} }] });
    expect(query.unsupportedKeys).toBe(false);
    const a = worklistAnswer(item(), query);
    expect(a.ReferencedStudySequence).toEqual([]);
    expect(a.PatientWeight).toEqual([]);
    const s = (a.ScheduledProcedureStepSequence as Record<string, unknown>[])[0];
    expect(s).toMatchObject({ Modality: 'CT', ScheduledStationAETitle: 'CT01', ScheduledProcedureStepLocation: '', PreMedication: '' });
    // A value on a key Radvis has no data for matches nothing; universal matching matches.
    expect(matchesWorklistQuery(item(), parseWorklistQuery({ IssuerOfPatientID: 'NO' }))).toBe(false);
    expect(matchesWorklistQuery(item(), parseWorklistQuery({ IssuerOfPatientID: '*' }))).toBe(true);
  });

  it('a list of UIDs matches any of them', () => {
    expect(matchesWorklistQuery(item(), parseWorklistQuery({ StudyInstanceUID: ['2.25.9', '2.25.1'] }))).toBe(true);
    expect(matchesWorklistQuery(item(), parseWorklistQuery({ StudyInstanceUID: ['2.25.9', '2.25.8'] }))).toBe(false);
  });
});

describe('Scheduled Procedure Step Status with several values (issue 8 point 5)', () => {
  const status = (v: unknown) => q({ AccessionNumber: '' }, { ScheduledProcedureStepStatus: v });

  it('narrows the store to the Radvis statuses whose DICOM term matches any value', () => {
    expect(status(['SCHEDULED', 'STARTED']).hints.statuses).toEqual(['scheduled', 'in_progress']);
    expect(status('SCHEDULED\\STARTED').hints.statuses).toEqual(['scheduled', 'in_progress']);
    expect(status(['ARRIVED', 'READY']).hints.statuses).toEqual([]);
    expect(status('DEPARTED').hints.statuses).toEqual([]);
    // '*' alone (also in a list) is universal: the default open steps, no narrowing.
    expect(status('*').hints.statuses).toBeUndefined();
    expect(status(['SCHEDULED', '*']).hints.statuses).toBeUndefined();
  });

  it('matches any value; an empty value in the list is skipped; a lower-case one is refused', () => {
    const i = item();
    expect(matchesWorklistQuery(i, status(['ARRIVED', 'SCHEDULED']))).toBe(true);
    expect(matchesWorklistQuery(i, status(['ARRIVED', 'READY']))).toBe(false);
    expect(matchesWorklistQuery(i, status('SCHEDULED\\'))).toBe(true);
    expect(() => status(['SCHEDULED', 'started'])).toThrow(WorklistQueryError);
    // Other code strings still take one value (as wlmscpfs answers).
    expect(() => q({ AccessionNumber: '' }, { Modality: ['CT', 'MR'] })).toThrow(WorklistQueryError);
  });

  it('order numbers narrow the store: the referral number, and the filler number as the accession', () => {
    expect(q({ PlacerOrderNumberImagingServiceRequest: '1234' }).hints).toMatchObject({ referralNumber: 1234 });
    expect(q({ PlacerOrderNumberImagingServiceRequest: '12*' }).hints.referralNumber).toBeUndefined();
    expect(q({ FillerOrderNumberImagingServiceRequest: 'RV0001' }).hints).toMatchObject({ accessionNumber: 'RV0001' });
    expect(q({ AccessionNumber: 'RV0002', FillerOrderNumberImagingServiceRequest: 'RV0001' }).hints).toMatchObject({ accessionNumber: 'RV0002' });
  });
});

describe('ISO 2022 escape sequences in values (breaker14)', () => {
  it('are removed before matching: ESC - A (Latin-1 into G1), ESC ( B (ASCII into G0)', () => {
    expect(withoutEscapes('\u001b-A\u00d8ST\u001b(B*')).toBe('\u00d8ST*');
    expect(withoutEscapes('HANSEN^OLA')).toBe('HANSEN^OLA');
    const q = parseWorklistQuery({ PatientName: [{ Alphabetic: '\u001b-A\u00c5RDAL*' }] }, ['ISO 2022 IR 6', 'ISO 2022 IR 100']);
    expect(q.topKeys.find((k) => k.keyword === 'PatientName')?.value).toBe('\u00c5RDAL*');
  });
});

describe('Timezone Offset From UTC (0008,0201) in a query (PS3.4 C.2.2.2.5)', () => {
  // "If Timezone Offset From UTC (0008,0201) is present in the query identifier, the specified time
  // values and the definition of midnight are in the specified timezone." Radvis stores Oslo
  // wall-clock time; the query's dates and times are read in its offset and the answers given in it.
  const step = (date: string, time: string) => item({ date, time });

  it('is a supported key: no 0xFF01 for it; a value that is no offset → 0xA900', () => {
    expect(q({ TimezoneOffsetFromUTC: '+0000' }).unsupportedKeys).toBe(false);
    expect(q({ TimezoneOffsetFromUTC: '' }).unsupportedKeys).toBe(false);
    for (const bad of ['Z', '+2400', '0100', '+01:00'])
      expect(() => q({ TimezoneOffsetFromUTC: bad }), bad).toThrow(expect.objectContaining({ status: 0xa900 }));
  });

  it('matches the step start in the query offset: 08:30 Oslo in winter is 07:30 UTC, in summer 06:30 UTC', () => {
    const utc = (time: string, date = '20261130') =>
      q({ TimezoneOffsetFromUTC: '+0000' }, { ScheduledProcedureStepStartDate: date, ScheduledProcedureStepStartTime: time });
    expect(matchesWorklistQuery(step('20261130', '083000'), utc('0730'))).toBe(true);
    expect(matchesWorklistQuery(step('20261130', '083000'), utc('0830'))).toBe(false);
    expect(matchesWorklistQuery(step('20260615', '083000'), utc('0630', '20260615'))).toBe(true);
    // The day is the query's too: 00:30 Oslo on 1 Dec is 23:30 UTC on 30 Nov.
    expect(matchesWorklistQuery(step('20261201', '003000'), q({ TimezoneOffsetFromUTC: '+0000' }, { ScheduledProcedureStepStartDate: '20261130' }))).toBe(true);
    expect(matchesWorklistQuery(step('20261201', '003000'), q({ TimezoneOffsetFromUTC: '+0000' }, { ScheduledProcedureStepStartDate: '20261201' }))).toBe(
      false,
    );
    // And in the offset's own midnight: New York (−0500) asking for 18:00–19:00 on 30 Nov finds 00:30 Oslo on 1 Dec.
    const ny = q({ TimezoneOffsetFromUTC: '-0500' }, { ScheduledProcedureStepStartDate: '20261130', ScheduledProcedureStepStartTime: '1800-1900' });
    expect(matchesWorklistQuery(step('20261201', '003000'), ny)).toBe(true);
  });

  it('asks the store for one more Oslo day each side of the query days', () => {
    const h = q({ TimezoneOffsetFromUTC: '+0000' }, { ScheduledProcedureStepStartDate: '20261130' }).hints;
    expect([h.dateFrom, h.dateTo]).toEqual(['2026-11-29', '2026-12-01']);
    const plain = q({}, { ScheduledProcedureStepStartDate: '20261130' }).hints;
    expect([plain.dateFrom, plain.dateTo]).toEqual(['2026-11-30', '2026-11-30']);
  });

  it('answers in the query offset and names it; asked empty, the answer names Oslo’s offset at the step', () => {
    const a = worklistAnswer(
      step('20261201', '003000'),
      q({ TimezoneOffsetFromUTC: '+0000' }, { ScheduledProcedureStepStartDate: '', ScheduledProcedureStepStartTime: '' }),
    );
    expect(a.TimezoneOffsetFromUTC).toBe('+0000');
    const sps = (a.ScheduledProcedureStepSequence as Record<string, unknown>[])[0];
    expect([sps.ScheduledProcedureStepStartDate, sps.ScheduledProcedureStepStartTime]).toEqual(['20261130', '233000']);
    const winter = worklistAnswer(step('20261130', '083000'), q({ TimezoneOffsetFromUTC: '' }, { ScheduledProcedureStepStartTime: '' }));
    const summer = worklistAnswer(step('20260615', '083000'), q({ TimezoneOffsetFromUTC: '' }, { ScheduledProcedureStepStartTime: '' }));
    expect([winter.TimezoneOffsetFromUTC, summer.TimezoneOffsetFromUTC]).toEqual(['+0100', '+0200']);
    expect((winter.ScheduledProcedureStepSequence as Record<string, unknown>[])[0].ScheduledProcedureStepStartTime).toBe('083000');
    // Without the key, nothing changes: no offset in the answer.
    expect('TimezoneOffsetFromUTC' in worklistAnswer(step('20261130', '083000'), q({}, { ScheduledProcedureStepStartTime: '' }))).toBe(false);
    expect(formatOffset(-330)).toBe('-0530');
  });

  it('the repeated autumn hour (DST ends 25 Oct 2026, 03:00 CEST → 02:00 CET): a stored 02:30 is the later instant, 01:30 UTC', () => {
    // Oslo's wall clock shows 02:00–02:59 twice that night (00:00–00:59 UTC in summer time, then
    // 01:00–01:59 UTC in standard time). A step stored as 02:30 is read as the standard-time
    // instant, as every Oslo wall-clock reading is (datetime.ts dicomInstant).
    const autumn = step('20261025', '023000');
    expect(itemInOffset(autumn, 0).step).toMatchObject({ startDate: '20261025', startTime: '013000' });
    const utc = (time: string) => q({ TimezoneOffsetFromUTC: '+0000' }, { ScheduledProcedureStepStartDate: '20261025', ScheduledProcedureStepStartTime: time });
    expect(matchesWorklistQuery(autumn, utc('0100-0159'))).toBe(true);
    expect(matchesWorklistQuery(autumn, utc('0000-0059'))).toBe(false);
    // Asked without an offset the wall-clock time matches as stored, either hour.
    expect(matchesWorklistQuery(autumn, q({}, { ScheduledProcedureStepStartDate: '20261025', ScheduledProcedureStepStartTime: '0200-0259' }))).toBe(true);
  });
});
