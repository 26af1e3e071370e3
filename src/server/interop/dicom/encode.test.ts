// The worklist answer encoder (encode.ts) against dcmjs' own encoding of the same answer, byte by
// byte, in both transfer syntaxes the listener accepts; and the Latin-1 answers (ISO_IR 100).
import { describe, expect, it } from 'vitest';
import type { WorklistItem } from '../../scheduling/worklist-item.ts';
import { dimse, SENT_CHARSET, specificCharacterSetOf, TS } from './dimse.ts';
import { encodeDataset, EncodedDataset, shareCommandEncoding } from './encode.ts';
import { encodeWorklistAnswer, parseWorklistQuery, preferredCharset, STEP_ATTRIBUTES, TOP_ATTRIBUTES, worklistAnswer } from './worklist-query.ts';

function item(o: Partial<Omit<WorklistItem, 'step'>> & { step?: Partial<WorklistItem['step']> } = {}): WorklistItem {
  const { step, ...top } = o;
  return {
    patientKey: 'p1',
    patientId: '01018012345',
    patientFamilyName: 'Østbø',
    patientGivenName: 'Åse Marit',
    patientBirthDate: '1970-01-01',
    patientSex: 'F',
    accessionNumber: 'RV0001',
    referringPhysician: 'Lege^Referent',
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.10001',
    requestedProcedureId: 'RP1',
    requestedProcedureDescription: 'CT thorax',
    requestedProcedurePriority: 'ROUTINE',
    requestedProcedureComments: null,
    procedureCode: { value: 'SAA0AD', meaning: 'CT hode' },
    ...top,
    step: {
      modality: 'CT',
      stationAeTitle: 'CT01',
      stationName: 'CT 1',
      startDate: '20261130',
      startTime: '083000',
      performingPhysician: '',
      description: 'CT thorax med kontrast',
      spsId: 'SPS1',
      status: 'scheduled',
      ...step,
    },
  };
}

const everyKey = () =>
  parseWorklistQuery({
    SpecificCharacterSet: 'ISO_IR 192',
    ...Object.fromEntries(TOP_ATTRIBUTES.map((a) => [a.keyword, a.vr === 'SQ' ? [] : ''])),
    ScheduledProcedureStepSequence: [Object.fromEntries(STEP_ATTRIBUTES.map((a) => [a.keyword, '']))],
  });

const ITEMS: [string, WorklistItem][] = [
  ['Norwegian letters, even and odd lengths', item()],
  ['odd-length UID (NUL padding) and a one-letter given name', item({ studyInstanceUid: '1.2.3.45', patientGivenName: 'Å' })],
  ['empty referrer and performing physician', item({ referringPhysician: '', step: { performingPhysician: '' } })],
  ['a long comment (4.6 KB, as fixture wl5)', item({ requestedProcedureComments: 'Pasienten har klaustrofobi. '.repeat(170) })],
  ['a comment over 64 KiB (written as UN in explicit VR, as dcmjs does)', item({ requestedProcedureComments: 'æ'.repeat(33_000) })],
  ['names outside Latin-1 (Sámi, Cyrillic, CJK)', item({ patientFamilyName: 'Ŋuolja', patientGivenName: 'Иван', referringPhysician: '山田^太郎' })],
  ['in progress, time with fraction', item({ step: { status: 'in_progress', startTime: '101500.5' } })],
];

const QUERIES: [string, () => ReturnType<typeof parseWorklistQuery>][] = [
  ['every supported key, empty', everyKey],
  ['F01-like: empty SPS sequence (all step keys)', () => parseWorklistQuery({ PatientName: '', AccessionNumber: '', ScheduledProcedureStepSequence: [] })],
  ['no SPS sequence, no StudyInstanceUID asked (added)', () => parseWorklistQuery({ PatientID: '', PatientName: 'ØST*' })],
  [
    'SPS keys only',
    () => parseWorklistQuery({ ScheduledProcedureStepSequence: [{ ScheduledStationAETitle: 'CT01', ScheduledProcedureStepStartDate: '20261130' }] }),
  ],
  [
    'unsupported keys left out',
    () =>
      parseWorklistQuery({ PatientName: '', OtherPatientIDs: '', ScheduledProcedureStepSequence: [{ Modality: '', CommentsOnTheScheduledProcedureStep: '' }] }),
  ],
];

describe('encodeWorklistAnswer is byte for byte what dcmjs writes for the same answer', () => {
  for (const ts of [TS.explicitLittle, TS.implicitLittle]) {
    for (const [qname, query] of QUERIES) {
      it.each(ITEMS)(`${ts === TS.explicitLittle ? 'explicit' : 'implicit'} VR, ${qname}: %s`, (_name, it_) => {
        const q = query();
        const ours = encodeWorklistAnswer(it_, q, ts).bytes;
        const dcmjs = new dimse.Dataset(worklistAnswer(it_, q), ts).getDenaturalizedDataset();
        expect(ours.equals(dcmjs)).toBe(true);
        expect(ours.length % 2).toBe(0);
      });
    }
  }

  it('every tag in the attribute tables is the one in dcmjs dictionary (read back by keyword)', () => {
    const q = everyKey();
    const back = new dimse.Dataset(encodeWorklistAnswer(item(), q, TS.explicitLittle).bytes, TS.explicitLittle).getElements();
    for (const a of TOP_ATTRIBUTES) expect(back, a.keyword).toHaveProperty(a.keyword);
    const sps = (back.ScheduledProcedureStepSequence as Record<string, unknown>[])[0];
    for (const a of STEP_ATTRIBUTES) expect(sps, a.keyword).toHaveProperty(a.keyword);
  });

  it('EncodedDataset hands dcmjs-dimse the bytes unchanged and decodes them on demand', () => {
    const bytes = encodeWorklistAnswer(item(), everyKey(), TS.implicitLittle).bytes;
    const ds = new EncodedDataset(bytes, TS.implicitLittle);
    expect(ds.getDenaturalizedDataset()).toBe(bytes);
    expect(ds.getTransferSyntaxUid()).toBe(TS.implicitLittle);
    expect(ds.getElements().AccessionNumber).toBe('RV0001');
  });

  it('pads odd values per VR: space for text, NUL for UI', () => {
    const b = encodeDataset(
      [
        { tag: 0x0020000d, vr: 'UI', value: '1.2.3' },
        { tag: 0x00080060, vr: 'CS', value: 'MR' },
        { tag: 0x00100010, vr: 'PN', value: 'Ø' },
      ],
      TS.explicitLittle,
      'latin1',
    );
    // (0008,0060) CS "MR" | (0010,0010) PN 0xD8 0x20 | (0020,000D) UI "1.2.3\0"
    expect(b.toString('hex')).toBe(
      '08006000' + '4353' + '0200' + '4d52' + '10001000' + '504e' + '0200' + 'd820' + '20000d00' + '5549' + '0600' + Buffer.from('1.2.3\0').toString('hex'),
    );
  });
});

describe('the Specific Character Set as sent (dcmjs rewrites it to ISO_IR 192 after decoding)', () => {
  it.each([TS.explicitLittle, TS.implicitLittle])('is read from the encoded data set and kept beside the decoded elements (%s)', (ts) => {
    const b = encodeDataset(
      [
        { tag: 0x00080005, vr: 'CS', value: 'ISO 2022 IR 6\\ISO 2022 IR 100' },
        { tag: 0x00100010, vr: 'PN', value: 'Ø*' },
      ],
      ts,
      'latin1',
    );
    expect(specificCharacterSetOf(b, ts)).toEqual(['ISO 2022 IR 6', 'ISO 2022 IR 100']);
    const elements = new dimse.Dataset(b, ts).getElements() as Record<string | symbol, unknown>;
    expect(elements.SpecificCharacterSet).not.toEqual(['ISO 2022 IR 6', 'ISO 2022 IR 100']);
    expect(elements[SENT_CHARSET]).toEqual(['ISO 2022 IR 6', 'ISO 2022 IR 100']);
    expect(Object.keys(elements)).not.toContain(String(SENT_CHARSET));
  });

  it('absent, after other elements, or in a cut-off data set: undefined, never a throw', () => {
    const noSet = encodeDataset([{ tag: 0x00100010, vr: 'PN', value: 'A' }], TS.explicitLittle, 'utf8');
    expect(specificCharacterSetOf(noSet, TS.explicitLittle)).toBeUndefined();
    const withSet = encodeDataset([{ tag: 0x00080005, vr: 'CS', value: 'ISO_IR 100' }], TS.explicitLittle, 'utf8');
    expect(specificCharacterSetOf(withSet.subarray(0, 9), TS.explicitLittle)).toBeUndefined();
    expect(specificCharacterSetOf(Buffer.alloc(0), TS.implicitLittle)).toBeUndefined();
    expect(new dimse.Dataset(Buffer.alloc(0), TS.implicitLittle).getElements()).toBeTruthy();
  });
});

describe('shared command set encoding', () => {
  it('responses with identical command elements get dcmjs own bytes; a changed one is encoded afresh', () => {
    const request = new dimse.requests.CFindRequest();
    request.setMessageId(7);
    const make = (status: number) => {
      const r = dimse.responses.CFindResponse.fromRequest(request);
      r.setStatus(status);
      r.setDataset(new EncodedDataset(Buffer.alloc(0), TS.explicitLittle));
      return r;
    };
    const rs = [make(0xff00), make(0xff00), make(0xff01)];
    const expected = rs.map((r) => r.getCommandDataset().getDenaturalizedCommandDataset());
    shareCommandEncoding(rs);
    rs.forEach((r, i) => expect(r.getCommandDataset().getDenaturalizedCommandDataset().equals(expected[i])).toBe(true));
    expect(rs[0].getCommandDataset().getDenaturalizedCommandDataset()).toBe(rs[1].getCommandDataset().getDenaturalizedCommandDataset());
    rs[1].setStatus(0xfe00);
    const fresh = make(0xfe00).getCommandDataset().getDenaturalizedCommandDataset();
    expect(rs[1].getCommandDataset().getDenaturalizedCommandDataset().equals(fresh)).toBe(true);
    expect(rs[1].getStatus()).toBe(0xfe00);
  });
});

describe('Latin-1 answers (ISO_IR 100)', () => {
  const latin1Query = () =>
    parseWorklistQuery({ SpecificCharacterSet: 'ISO_IR 100', PatientName: '', ScheduledProcedureStepSequence: [{ ScheduledProcedureStepDescription: '' }] });

  it('a query in ISO_IR 100, or in the default repertoire from a machine registered as Latin-1, prefers Latin-1; others UTF-8', () => {
    expect(preferredCharset(latin1Query())).toBe('ISO_IR 100');
    expect(preferredCharset(parseWorklistQuery({ SpecificCharacterSet: 'ISO 2022 IR 100', PatientName: '' }))).toBe('ISO_IR 100');
    expect(preferredCharset(parseWorklistQuery({ PatientName: '' }))).toBe('ISO_IR 192');
    expect(preferredCharset(parseWorklistQuery({ PatientName: '' }), true)).toBe('ISO_IR 100');
    expect(preferredCharset(parseWorklistQuery({ SpecificCharacterSet: 'ISO_IR 6', PatientName: '' }), true)).toBe('ISO_IR 100');
    expect(preferredCharset(parseWorklistQuery({ SpecificCharacterSet: 'ISO_IR 192', PatientName: '' }))).toBe('ISO_IR 192');
    // A machine that names UTF-8 in its query reads UTF-8, whatever its registration says.
    expect(preferredCharset(parseWorklistQuery({ SpecificCharacterSet: 'ISO_IR 192', PatientName: '' }), true)).toBe('ISO_IR 192');
  });

  it.each([TS.explicitLittle, TS.implicitLittle])('æøå are one byte each and read back intact (%s)', (ts) => {
    const q = latin1Query();
    const { bytes, charset } = encodeWorklistAnswer(item({ patientFamilyName: 'Sæther', patientGivenName: 'Bjørn Åge' }), q, ts, preferredCharset(q));
    expect(charset).toBe('ISO_IR 100');
    expect(bytes.includes(Buffer.from('ISO_IR 100'))).toBe(true);
    expect(bytes.includes(Buffer.from('S\xe6ther^Bj\xf8rn \xc5ge', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('Sæther', 'utf8'))).toBe(false);
    // dcmjs decodes per the Specific Character Set it reads (and then reports ISO_IR 192 for the decoded text).
    const back = new dimse.Dataset(bytes, ts).getElements();
    expect((back.PatientName as { Alphabetic: string }[])[0].Alphabetic).toBe('Sæther^Bjørn Åge');
  });

  it('an answer with a character outside Latin-1 goes out in UTF-8, named ISO_IR 192 (PS3.4 C.4.1.1.3.2)', () => {
    const q = latin1Query();
    const { bytes, charset } = encodeWorklistAnswer(item({ patientFamilyName: 'Ŋuolja', patientGivenName: 'Áile' }), q, TS.explicitLittle, 'ISO_IR 100');
    expect(charset).toBe('ISO_IR 192');
    const back = new dimse.Dataset(bytes, TS.explicitLittle).getElements();
    expect(back.SpecificCharacterSet).toBe('ISO_IR 192');
    expect((back.PatientName as { Alphabetic: string }[])[0].Alphabetic).toBe('Ŋuolja^Áile');
  });
});
