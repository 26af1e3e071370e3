// Outside tester (breakit19): worklist queries dcmtk's wlmscpfs 3.6.7 (the reference of
// ../shared/cases/dicom) answers with matches and Radvis refuses with 0xA900, through the real
// modality client (findscu -W) against both SCPs serving the same five fixture steps, as
// mwl.reference.findscu.test.ts does. Neither difference is listed there as deliberate.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASES_DIR,
  dcmFromDump,
  dumpToDcm,
  findscuWorklist,
  openWorklistScp,
  startReferenceWorklistScp,
  type ReferenceWorklistScp,
  type WorklistFindResult,
  type WorklistScp,
} from '../../testing/dicom.ts';
import { STEP_ATTRIBUTES, TOP_ATTRIBUTES } from './worklist-query.ts';

const T = 300_000;
let scp: WorklistScp;
let ref: ReferenceWorklistScp;
const tagOf = (t: number) => `(${(t >>> 16).toString(16).padStart(4, '0')},${(t & 0xffff).toString(16).padStart(4, '0')})`;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mwl-b19-');
  // The .wl files for wlmscpfs: Radvis' own answers to a query for every key it supports.
  const key = (a: { tag: number; vr: string }) => (a.vr === 'SQ' ? `${tagOf(a.tag)} SQ\n(fffe,e0dd) na` : `${tagOf(a.tag)} ${a.vr} []`);
  const lines = [
    '(0008,0005) CS [ISO_IR 192]',
    ...TOP_ATTRIBUTES.map(key),
    '(0040,0100) SQ',
    '(fffe,e000) na',
    ...STEP_ATTRIBUTES.map(key),
    '(fffe,e00d) na',
    '(fffe,e0dd) na',
  ];
  const all = await findscuWorklist(scp.listener.port(), scp.tmp, await dcmFromDump(scp.tmp, lines.join('\n') + '\n'));
  expect(all.answers).toHaveLength(5);
  ref = await startReferenceWorklistScp(all.files);
}, T);

afterAll(async () => {
  await ref?.close();
  await scp?.close();
});

const summary = (r: WorklistFindResult) => ({ status: r.status, accessions: r.answers.map((a) => a.AccessionNumber as string).sort() });

describe('queries wlmscpfs answers and Radvis refuses (breakit19)', () => {
  it.each([
    // PS3.5 DA: any four-digit year; Radvis' validDate reads years 0–99 as 1900–1999 (Date.UTC).
    ['a birth date range from year 0001', ['PatientBirthDate=00010101-19991231'], ['RV0001', 'RV0002', 'RV0003', 'RV0004', 'RV0005']],
    [
      'an SPS date range from year 0001',
      ['ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=00010101-20261130'],
      ['RV0001', 'RV0003', 'RV0004'],
    ],
  ])('%s: the same answer as wlmscpfs', { timeout: T }, async (_label, keys, expected) => {
    const dcm = await dumpToDcm(path.join(CASES_DIR, 'queries', 'F01_universal.dump'), scp.tmp);
    const [radvis, wlm] = (
      await Promise.all([findscuWorklist(scp.listener.port(), scp.tmp, dcm, { keys }), findscuWorklist(ref.port, scp.tmp, dcm, { keys })])
    ).map(summary);
    expect(wlm).toEqual({ status: 'Success', accessions: expected });
    expect(radvis).toEqual(wlm);
  });
});

// A date key with two values: wlmscpfs answers the items of either day; PS3.4 defines no such
// match (C.2.2.2: a key's VM may exceed its PS3.6 VM only as a matching type defines; C.2.2.2.1
// "a single date", C.2.2.2.5 one "-", C.2.2.2.8 Multiple Value Matching only after Extended
// Negotiation, not for DA, and AND rather than OR; note 4: otherwise undefined). Radvis refuses
// it with 0xA900, a deliberate difference (fixd20); the same two days as a range get the same
// items from both.
describe('an SPS start date with two values (breakit19, deliberate difference)', () => {
  it('Radvis refuses it with 0xA900; the range of the same days answers as wlmscpfs', { timeout: T }, async () => {
    const dcm = await dumpToDcm(path.join(CASES_DIR, 'queries', 'F01_universal.dump'), scp.tmp);
    const ask = (port: number, date: string) =>
      findscuWorklist(port, scp.tmp, dcm, { keys: [`ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=${date}`] });
    const [radvisTwo, wlmTwo, radvisRange, wlmRange] = (
      await Promise.all([
        ask(scp.listener.port(), '20261130\\20261201'),
        ask(ref.port, '20261130\\20261201'),
        ask(scp.listener.port(), '20261130-20261201'),
        ask(ref.port, '20261130-20261201'),
      ])
    ).map(summary);
    expect(wlmTwo).toEqual({ status: 'Success', accessions: ['RV0001', 'RV0002', 'RV0004'] });
    expect(radvisTwo).toEqual({ status: 'Error: DataSetDoesNotMatchSOPClass', accessions: [] });
    expect(wlmRange).toEqual({ status: 'Success', accessions: ['RV0001', 'RV0002', 'RV0004'] });
    expect(radvisRange).toEqual(wlmRange);
  });
});
