// Worklist keys beyond the shared cases (issue 8 point 5, task mwl11), each asked with dcmtk's
// findscu against the listener: order numbers (Placer / Filler Order Number, Imaging Service
// Request), the reason for the requested procedure, requested procedure description and code,
// Scheduled Procedure Step Status with several values and the defined terms of PS3.3 Table C.4-10,
// referring and requesting physician names with Norwegian letters (UTF-8 and Latin-1), and the
// type 2/3 return keys of PS3.4 Table K.6-1 Radvis has no value for (returned zero-length).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASES_DIR,
  dcmFromDump,
  dumpToDcm,
  findscuWorklist,
  openWorklistScp,
  runTool,
  type WorklistFindResult,
  type WorklistScp,
} from '../../testing/dicom.ts';
import type { DicomListener } from './server.ts';

const U = path.join(CASES_DIR, 'queries', 'F01_universal.dump');
const T = 180_000;
const ALL = ['RV0001', 'RV0002', 'RV0003', 'RV0004', 'RV0005'];
const QUESTION = 'Hodepine og svimmelhet i tre uker, økende. Spørsmål om intrakraniell prosess? Tidligere frisk.';

let scp: WorklistScp;
let listener: DicomListener;
let tmp: string;
/** Accession → referral number (the Placer Order Number). */
const referralNumbers = new Map<string, string>();

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mwl-keys-', async (k, world) => {
    // The fixtures' referrer gets a Norwegian name, RV0001 a clinical question, RV0003 is started.
    const ref = await k
      .selectFrom('referral')
      .select(['id', 'referrer_person_id', 'referrer_org_id'])
      .where('id', '=', 'ref-fixture-1')
      .executeTakeFirstOrThrow();
    await k.updateTable('person').set({ family_name: 'Ødegård', given_name: 'Kåre Æsir' }).where('id', '=', ref.referrer_person_id).execute();
    await k.updateTable('organization').set({ name: 'Tromsø legesenter' }).where('id', '=', ref.referrer_org_id).execute();
    await k.updateTable('referral').set({ clinical_question: QUESTION }).where('id', '=', 'ref-fixture-1').execute();
    await k.updateTable('referral').set({ clinical_question: 'Kneskade\\vridning' }).where('id', '=', 'ref-fixture-2').execute();
    const rows = await k
      .selectFrom('requested_procedure as rp')
      .innerJoin('referral as r', 'r.id', 'rp.referral_id')
      .select(['rp.accession_number', 'rp.id', 'r.referral_number'])
      .execute();
    for (const r of rows) referralNumbers.set(r.accession_number, String(r.referral_number));
    const rv3 = rows.find((r) => r.accession_number === 'RV0003')!;
    await k.updateTable('scheduled_procedure_step').set({ status: 'in_progress' }).where('requested_procedure_id', '=', rv3.id).execute();
    expect(world.aeTitles).toContain('CT01');
  });
  ({ listener, tmp } = scp);
}, T);

afterAll(async () => scp?.close());

type FindResult = WorklistFindResult;

const dcmOf = (dump: string, latin1 = false) => dcmFromDump(tmp, dump, latin1);

/** findscu -W with a query file (.dcm, or the universal query) plus -k keys, as CT01. */
async function find(keys: string[], query?: string): Promise<FindResult> {
  return findscuWorklist(listener.port(), tmp, query ?? (await dumpToDcm(U, tmp)), { keys });
}

const acc = (r: FindResult) => r.answers.map((a) => a.AccessionNumber as string).sort();
const byAcc = (r: FindResult, a: string) => r.answers.find((x) => x.AccessionNumber === a)!;
const pn = (v: unknown) => (Array.isArray(v) && v.length > 0 ? String((v[0] as { Alphabetic?: string }).Alphabetic ?? '') : '');
const step = (a: Record<string, unknown>) => (a.ScheduledProcedureStepSequence as Record<string, unknown>[])[0];
/** A (0040,0100) SPS item key for findscu -k. */
const sps = (kw: string) => `(0040,0100)[0].${kw}`;

describe('order numbers (Imaging Service Request, PS3.4 Table K.6-1) with findscu', () => {
  it('Placer Order Number (0040,2016) is the referral number and Filler Order Number (0040,2017) the accession number', { timeout: T }, async () => {
    const r = await find([
      'PlacerOrderNumberImagingServiceRequest',
      'FillerOrderNumberImagingServiceRequest',
      sps('ScheduledProcedureStepStatus=SCHEDULED\\STARTED'),
    ]);
    expect(r.status).toBe('Success');
    expect(acc(r)).toEqual(ALL);
    for (const a of r.answers) {
      expect(a.PlacerOrderNumberImagingServiceRequest).toBe(referralNumbers.get(a.AccessionNumber as string));
      expect(a.FillerOrderNumberImagingServiceRequest).toBe(a.AccessionNumber);
    }
  });

  it('both are matching keys: single value, wildcard, a list, and a number no referral has', { timeout: T }, async () => {
    const n2 = referralNumbers.get('RV0002')!;
    const n4 = referralNumbers.get('RV0004')!;
    expect(acc(await find([`PlacerOrderNumberImagingServiceRequest=${n2}`]))).toEqual(['RV0002']);
    expect(acc(await find([`PlacerOrderNumberImagingServiceRequest=${n2}\\${n4}`]))).toEqual(['RV0002', 'RV0004']);
    expect(acc(await find(['PlacerOrderNumberImagingServiceRequest=999999999']))).toEqual([]);
    expect(acc(await find(['FillerOrderNumberImagingServiceRequest=RV0004']))).toEqual(['RV0004']);
    expect(acc(await find(['FillerOrderNumberImagingServiceRequest=RV000?', sps('ScheduledProcedureStepStatus=SCHEDULED\\STARTED')]))).toEqual(ALL);
    // Filler and accession disagreeing: nothing matches both.
    expect(acc(await find(['AccessionNumber=RV0001', 'FillerOrderNumberImagingServiceRequest=RV0002']))).toEqual([]);
  });
});

describe('requested procedure keys with findscu', () => {
  it(
    'Reason for the Requested Procedure (0040,1002) is the clinical question, cut to 64 characters (LO), Norwegian letters intact',
    { timeout: T },
    async () => {
      const r = await find(['ReasonForTheRequestedProcedure', 'RequestedProcedureDescription', 'RequestedProcedureCodeSequence']);
      const rv1 = byAcc(r, 'RV0001');
      const reason = String(rv1.ReasonForTheRequestedProcedure);
      expect([...reason].length).toBeLessThanOrEqual(64);
      expect(reason.startsWith('Hodepine og svimmelhet i tre uker, økende. Spørsmål')).toBe(true);
      expect(reason.endsWith('...')).toBe(true);
      // A backslash would split the LO into two values: written as "/".
      expect(byAcc(r, 'RV0002').ReasonForTheRequestedProcedure).toBe('Kneskade/vridning');
      // No question: returned zero-length.
      expect(byAcc(r, 'RV0004').ReasonForTheRequestedProcedure ?? '').toBe('');
      expect('ReasonForTheRequestedProcedure' in byAcc(r, 'RV0004')).toBe(true);
      // Requested Procedure Description and Code Sequence (Table K.6-1, 1C).
      expect(rv1.RequestedProcedureDescription).toBe('CT THORAX');
      const code = (rv1.RequestedProcedureCodeSequence as Record<string, unknown>[])[0];
      expect(code.CodingSchemeDesignator).toBe('99NCRP');
      expect(String(code.CodeValue)).not.toBe('');
      expect(String(code.CodeMeaning)).not.toBe('');
    },
  );

  it('the reason is a matching key (wildcard, case-sensitive as LO is)', { timeout: T }, async () => {
    expect(acc(await find(['ReasonForTheRequestedProcedure=*svimmelhet*']))).toEqual(['RV0001']);
    expect(acc(await find(['ReasonForTheRequestedProcedure=*SVIMMELHET*']))).toEqual([]);
  });

  it('the reason in a Latin-1 query and answer', { timeout: T }, async () => {
    const dcm = await dcmOf('(0008,0005) CS [ISO_IR 100]\n(0008,0050) SH []\n(0040,1002) LO [*\u00f8kende*]\n', true);
    const r = await find([], dcm);
    expect(acc(r)).toEqual(['RV0001']);
    const raw = fs.readFileSync(r.files[0]);
    expect(raw.includes(Buffer.from('\u00f8kende. Sp\u00f8rsm\u00e5l', 'latin1'))).toBe(true);
    expect(String(r.answers[0].ReasonForTheRequestedProcedure)).toContain('økende. Spørsmål');
  });
});

describe('Scheduled Procedure Step Status (0040,0020) with findscu', () => {
  it.each([
    ['SCHEDULED', ['RV0001', 'RV0002', 'RV0004', 'RV0005']],
    ['STARTED', ['RV0003']],
    ['SCHEDULED\\STARTED', ALL],
    ['STARTED\\SCHEDULED\\ARRIVED\\READY', ALL],
    ['ARRIVED\\READY', []],
    ['ARRIVED', []],
    ['READY', []],
    ['DEPARTED', []],
    ['COMPLETED\\DISCONTINUED', []],
    ['S*', ALL],
    ['*', ['RV0001', 'RV0002', 'RV0003', 'RV0004', 'RV0005']],
    ['SCHED*\\READY', ['RV0001', 'RV0002', 'RV0004', 'RV0005']],
  ])('%s answers %j', { timeout: T }, async (value, expected) => {
    const r = await find([sps(`ScheduledProcedureStepStatus=${value}`)]);
    expect(r.status).toBe('Success');
    expect(acc(r)).toEqual(expected);
    for (const a of r.answers) expect(step(a).ScheduledProcedureStepStatus).toBe(a.AccessionNumber === 'RV0003' ? 'STARTED' : 'SCHEDULED');
  });

  it.each([['SCHEDULED\\started'], ['scheduled']])('%s is not a code string: 0xA900', { timeout: T }, async (value) => {
    const r = await find([sps(`ScheduledProcedureStepStatus=${value}`)]);
    expect(r.status).toMatch(/DataSetDoesNotMatchSOPClass|a900/i);
    expect(r.answers).toHaveLength(0);
  });

  it('without a status key the open steps are served, the started one too', { timeout: T }, async () => {
    expect(acc(await find([]))).toEqual(ALL);
  });
});

describe('referring and requesting physician (PN) with Norwegian letters, with findscu', () => {
  it('returned as Family^Given in a UTF-8 answer, and matched case-insensitively with wildcards', { timeout: T }, async () => {
    const r = await find(['ReferringPhysicianName', 'RequestingPhysician', 'RequestingService', 'AccessionNumber=RV0001']);
    expect(r.answers).toHaveLength(1);
    expect(pn(r.answers[0].ReferringPhysicianName)).toBe('Ødegård^Kåre Æsir');
    expect(pn(r.answers[0].RequestingPhysician)).toBe('Ødegård^Kåre Æsir');
    expect(r.answers[0].RequestingService).toBe('Tromsø legesenter');
    // Every fixture shares the referrer.
    expect(acc(await find(['ReferringPhysicianName=ØDEGÅRD^KÅRE*']))).toEqual(ALL);
    expect(acc(await find(['RequestingPhysician=ødeg*']))).toEqual(ALL);
    expect(acc(await find(['RequestingPhysician=*^KÅRE ÆSIR']))).toEqual(ALL);
    expect(acc(await find(['ReferringPhysicianName=ODEGARD*']))).toEqual([]);
  });

  it('in a Latin-1 query and answer the name is one byte per letter and reads back intact', { timeout: T }, async () => {
    const dcm = await dcmOf('(0008,0005) CS [ISO_IR 100]\n(0008,0050) SH [RV0002]\n(0008,0090) PN [\u00d8DEG\u00c5RD*]\n(0032,1032) PN []\n', true);
    const r = await find([], dcm);
    expect(acc(r)).toEqual(['RV0002']);
    const raw = fs.readFileSync(r.files[0]);
    expect(raw.includes(Buffer.from('\u00d8deg\u00e5rd^K\u00e5re \u00c6sir', 'latin1'))).toBe(true);
    expect(pn(r.answers[0].RequestingPhysician)).toBe('Ødegård^Kåre Æsir');
    const dump = (await runTool('dcmdump', ['+U8', r.files[0]])).stdout;
    expect(dump).toContain('Ødegård^Kåre Æsir');
  });
});

describe('return keys of PS3.4 Table K.6-1 Radvis has no value for', () => {
  const keys = [
    'IssuerOfAccessionNumberSequence',
    'StudyDate',
    'StudyTime',
    'PatientSize',
    'OtherPatientIDsSequence',
    'IssuerOfAdmissionIDSequence',
    'ReasonForRequestedProcedureCodeSequence',
    'RequestedProcedureLocation',
    'NamesOfIntendedRecipientsOfResults',
    'ImagingServiceRequestComments',
    'PatientPrimaryLanguageCodeSequence',
    'PertinentDocumentsSequence',
    'AdmissionID',
    'CurrentPatientLocation',
    'PatientTransportArrangements',
    'ConfidentialityConstraintOnPatientDataDescription',
  ];

  it('are returned zero-length when asked, with the final status Success and no warning', { timeout: T }, async () => {
    const r = await find([...keys, 'AccessionNumber=RV0001']);
    expect(r.status).toBe('Success');
    expect(r.answers).toHaveLength(1);
    const dump = (await runTool('dcmdump', [r.files[0]])).stdout;
    for (const k of keys) {
      expect(k in r.answers[0], k).toBe(true);
      const line = dump.split('\n').find((l) => l.trimEnd().endsWith(` ${k}`));
      expect(line, k).toMatch(/no value available|#=0\)/);
    }
  });
});
