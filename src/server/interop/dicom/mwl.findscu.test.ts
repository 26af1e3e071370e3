// The Modality Worklist SCP against dcmtk's real findscu and echoscu, on a free port, with the
// five fixture steps converted into Radvis data. Expected answers are those of cases/README.md
// (dcmtk's wlmscpfs answers the same; see the person-name note below).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  CASES_DIR,
  dumpToDcm,
  findscuWorklist,
  openWorklistScp,
  runTool,
  tempDir,
  type FixtureWorld,
  type WorklistFindResult,
  type WorklistScp,
} from '../../testing/dicom.ts';
import type { Database } from '../../db/index.ts';
import type { DicomListener } from './server.ts';
import { dimse } from './dimse.ts';

const QUERIES = path.join(CASES_DIR, 'queries');
const T = 180_000;

let scp: WorklistScp;
let db: Database;
let listener: DicomListener;
let world: FixtureWorld;
let tmp: string;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mwl-');
  ({ db, listener, world, tmp } = scp);
}, T);

afterAll(async () => scp?.close());

type FindResult = WorklistFindResult;

/** Runs findscu -W with a query file (plus -k overrides) as `aet`; reads the answers it extracted. */
async function find(queryFile: string, opts: { aet?: string; keys?: string[] } = {}): Promise<FindResult> {
  return findscuWorklist(listener.port(), tmp, await dumpToDcm(path.join(QUERIES, queryFile), tmp), opts);
}

const accessions = (r: FindResult) => r.answers.map((a) => a.AccessionNumber as string).sort();
const pn = (v: unknown) => (Array.isArray(v) && v.length > 0 ? String((v[0] as { Alphabetic?: string }).Alphabetic ?? '') : '');
const step = (a: Record<string, unknown>) => (a.ScheduledProcedureStepSequence as Record<string, unknown>[])[0];
const keysOf = (o: Record<string, unknown>) =>
  Object.keys(o)
    .filter((k) => k !== '_vrMap')
    .sort();

describe('Modality Worklist C-FIND with dcmtk findscu', () => {
  it('F01 universal matching: every item, exactly the requested keys (empty ones zero-length), a StudyInstanceUID in each', { timeout: T }, async () => {
    const r = await find('F01_universal.dump');
    expect(r.status).toBe('Success');
    expect(accessions(r)).toEqual(['RV0001', 'RV0002', 'RV0003', 'RV0004', 'RV0005']);
    for (const a of r.answers) {
      expect(keysOf(a)).toEqual([
        'AccessionNumber',
        'PatientID',
        'PatientName',
        'RequestedProcedureID',
        'ScheduledProcedureStepSequence',
        'SpecificCharacterSet',
        'StudyInstanceUID',
      ]);
      expect(a.SpecificCharacterSet).toBe('ISO_IR 192');
      expect(a.StudyInstanceUID).toMatch(/^1\.2\.826\.0\.1\.3680043\.8\.498\.1000[1-5]$/);
      expect((a.ScheduledProcedureStepSequence as unknown[]).length).toBe(1);
      expect(keysOf(step(a))).toEqual([
        'Modality',
        'ScheduledProcedureStepID',
        'ScheduledProcedureStepStartDate',
        'ScheduledProcedureStepStartTime',
        'ScheduledStationAETitle',
      ]);
    }
    const rv1 = r.answers.find((a) => a.AccessionNumber === 'RV0001')!;
    expect(pn(rv1.PatientName)).toBe('ØSTBØ^ÅSE MARIT');
    expect(rv1.PatientID).toBe(world.patientIds.get('01017012345'));
    expect(step(rv1)).toMatchObject({
      Modality: 'CT',
      ScheduledStationAETitle: 'CT01',
      ScheduledProcedureStepStartDate: '20261130',
      ScheduledProcedureStepStartTime: '083000',
      ScheduledProcedureStepID: 'SPS0001',
    });
  });

  it.each([
    ['F02_station_aet.dump', ['RV0001', 'RV0003']],
    ['F03_modality.dump', ['RV0002']],
    ['F04_date_single.dump', ['RV0001', 'RV0004']],
    ['F05_date_from.dump', ['RV0002', 'RV0005']],
    ['F06_date_until.dump', ['RV0003']],
    ['F07_date_range.dump', ['RV0001', 'RV0002', 'RV0004']],
    ['F08_date_time_range.dump', ['RV0001']],
    ['F17_accession.dump', ['RV0003']],
    ['A_minimal.dump', ['RV0001', 'RV0002', 'RV0003', 'RV0004', 'RV0005']],
  ])('%s answers %j', { timeout: T }, async (file, expected) => {
    const r = await find(file);
    expect(r.status).toBe('Success');
    expect(accessions(r)).toEqual(expected);
    for (const a of r.answers) expect(typeof a.StudyInstanceUID === 'string' && a.StudyInstanceUID !== '').toBe(true);
  });

  it('F12 patient name ØST* in ISO_IR 192: RV0001, the name intact', { timeout: T }, async () => {
    const r = await find('F12_pn_utf8_wildcard.dump');
    expect(r.status).toBe('Success');
    expect(accessions(r)).toEqual(['RV0001']);
    expect(pn(r.answers[0].PatientName)).toBe('ØSTBØ^ÅSE MARIT');
  });

  it('F16 patient ID (the Radvis patient identifier of the fixture with 02028012345): that one item', { timeout: T }, async () => {
    const r = await find('F16_patient_id.dump', { keys: [`(0010,0020)=${world.patientIds.get('02028012345')}`] });
    expect(r.status).toBe('Success');
    expect(accessions(r)).toEqual(['RV0002']);
  });

  it('F19 the return keys modalities need: filled where the standard requires, present where it allows empty', { timeout: T }, async () => {
    const r = await find('F19_modality_return_keys.dump');
    expect(r.status).toBe('Success');
    expect(r.answers).toHaveLength(5);
    for (const a of r.answers) {
      for (const k of ['StudyInstanceUID', 'RequestedProcedureID', 'PatientID', 'RequestedProcedureDescription']) expect(a[k], k).toMatch(/\S/);
      expect(pn(a.PatientName)).toMatch(/\S/);
      const s = step(a);
      for (const k of [
        'ScheduledProcedureStepID',
        'ScheduledProcedureStepStartDate',
        'ScheduledProcedureStepStartTime',
        'Modality',
        'ScheduledStationAETitle',
        'ScheduledProcedureStepDescription',
      ])
        expect(s[k], k).toMatch(/\S/);
      for (const k of ['ReferringPhysicianName', 'AccessionNumber', 'PatientBirthDate', 'PatientSex']) expect(k in a, k).toBe(true);
      expect('ScheduledPerformingPhysicianName' in s).toBe(true);
    }
    const rv2 = r.answers.find((a) => a.AccessionNumber === 'RV0002')!;
    expect(pn(rv2.PatientName)).toBe('SÆTHER^BJØRN');
    // dcmjs' reader ignores the character set inside sequence items, so read this one as dcmtk shows it.
    const dump = await runTool('dcmdump', [r.files[r.answers.indexOf(rv2)]]);
    expect(dump.stdout).toMatch(/\(0040,0006\) PN \[LÆRDAL\^KÅRE\]/);
    expect(pn(rv2.ReferringPhysicianName)).toBe('REFERENT^LEGE');
    expect(rv2.PatientBirthDate).toBe('19700101');
  });

  it('accepts a query in ISO_IR 100 (Latin-1) and answers in Latin-1 with the name intact', { timeout: T }, async () => {
    const dump = path.join(tmp, 'latin1.dump');
    fs.writeFileSync(dump, Buffer.from('(0008,0005) CS [ISO_IR 100]\n(0008,0050) SH []\n(0010,0010) PN [S\u00c6TH*]\n', 'latin1'));
    const dcm = await dumpToDcm(dump, tmp);
    const out = tempDir(path.join(tmp, 'rsp-'));
    const r = await runTool('findscu', ['-v', '-W', '-X', '-od', out, '-aet', 'MR01', '-aec', 'RADVIS', '127.0.0.1', String(listener.port()), dcm]);
    expect(r.stdout + r.stderr).toContain('Received Final Find Response (Success)');
    const files = fs.readdirSync(out).filter((f) => f.startsWith('rsp'));
    expect(files).toHaveLength(1);
    const raw = fs.readFileSync(path.join(out, files[0]));
    expect(raw.includes(Buffer.from('S\u00c6THER^BJ\u00d8RN', 'latin1'))).toBe(true);
    const a = dimse.Dataset.fromFile(path.join(out, files[0]))!.getElements() as Record<string, unknown>;
    expect(a.AccessionNumber).toBe('RV0002');
    expect(pn(a.PatientName)).toBe('SÆTHER^BJØRN');
    // dcmdump without +U8 shows the Specific Character Set as sent (+U8 rewrites it to ISO_IR 192).
    expect((await runTool('dcmdump', [path.join(out, files[0])])).stdout).toContain('(0008,0005) CS [ISO_IR 100]');
    expect((await runTool('dcmdump', ['+U8', path.join(out, files[0])])).stdout).toContain('SÆTHER^BJØRN');
  });

  it('matches person names case-insensitively with * and ? (hansen* finds HANSEN^OLA and hansen^kari)', { timeout: T }, async () => {
    // dcmtk's wlmscpfs matches names case-sensitively; PS3.4 C.2.2.2.1 allows either, and Radvis stores mixed case.
    expect(accessions(await find('F12_pn_utf8_wildcard.dump', { keys: ['(0010,0010)=hansen*'] }))).toEqual(['RV0003', 'RV0005']);
    expect(accessions(await find('F12_pn_utf8_wildcard.dump', { keys: ['(0010,0010)=HANSEN^OL?'] }))).toEqual(['RV0003']);
    expect(accessions(await find('F12_pn_utf8_wildcard.dump', { keys: ['(0010,0010)=*bjørn'] }))).toEqual(['RV0002']);
  });

  it('matches a UTF-8 person name inside the step sequence (scheduled performing physician LÆRDAL*)', { timeout: T }, async () => {
    const r = await find('F19_modality_return_keys.dump', { keys: ['(0040,0100)[0].(0040,0006)=LÆRDAL*'] });
    expect(r.status).toBe('Success');
    expect(accessions(r)).toEqual(['RV0001', 'RV0002']);
  });

  it('combines SPS start date and time into one range (PS3.4 C.2.2.2.5.1), as wlmscpfs does', { timeout: T }, async () => {
    const r = await find('F08_date_time_range.dump', { keys: ['(0040,0100)[0].(0040,0002)=20261130-20261201', '(0040,0100)[0].(0040,0003)=080000-100000'] });
    expect(accessions(r)).toEqual(['RV0001', 'RV0004']);
    const t = await find('F08_date_time_range.dump', { keys: ['(0040,0100)[0].(0040,0002)=', '(0040,0100)[0].(0040,0003)=140000-160000'] });
    expect(accessions(t)).toEqual(['RV0002', 'RV0004']);
  });

  it('expands an empty Scheduled Procedure Step Sequence to every step attribute', { timeout: T }, async () => {
    const dump = path.join(tmp, 'empty-seq.dump');
    fs.writeFileSync(dump, '(0008,0005) CS [ISO_IR 192]\n(0008,0050) SH [RV0004]\n(0040,0100) SQ\n(fffe,e0dd) na\n');
    const dcm = await dumpToDcm(dump, tmp);
    const out = tempDir(path.join(tmp, 'rsp-'));
    const r = await runTool('findscu', ['-W', '-X', '-od', out, '-aet', 'US01', '-aec', 'RADVIS', '127.0.0.1', String(listener.port()), dcm]);
    expect(r.code).toBe(0);
    const files = fs.readdirSync(out).filter((f) => f.startsWith('rsp'));
    expect(files).toHaveLength(1);
    const a = dimse.Dataset.fromFile(path.join(out, files[0]))!.getElements() as Record<string, unknown>;
    expect(step(a)).toMatchObject({
      Modality: 'US',
      ScheduledStationAETitle: 'US01',
      ScheduledProcedureStepStatus: 'SCHEDULED',
      ScheduledProcedureStepDescription: 'UL ABDOMEN',
    });
  });

  it('returns the 4.6 KB requested procedure comment with its Norwegian characters', { timeout: T }, async () => {
    const r = await find('F17_accession.dump', { keys: ['(0008,0050)=RV0005', '(0040,1400)'] });
    expect(accessions(r)).toEqual(['RV0005']);
    const c = String(r.answers[0].RequestedProcedureComments);
    expect(c.length).toBeGreaterThan(4000);
    expect(c).toContain('økende dyspné');
  });

  it.each([
    ['a malformed date', '(0040,0100)[0].(0040,0002)=2026-11-30'],
    ['a reversed date range', '(0040,0100)[0].(0040,0002)=20261201-20261130'],
    ['an impossible time', '(0040,0100)[0].(0040,0003)=256100'],
  ])('answers %s with a DIMSE failure status (0xA900), not a crash or a hang', { timeout: T }, async (_label, key) => {
    const r = await find('F08_date_time_range.dump', { keys: [key] });
    expect(r.status).toMatch(/DataSetDoesNotMatchSOPClass|a900/i);
    expect(r.answers).toHaveLength(0);
    // …and the listener still answers.
    expect((await find('F17_accession.dump')).status).toBe('Success');
  });

  it('writes one access-log row per query, naming the patients it returned', { timeout: T }, async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log WHERE context = 'dicom-mwl'`.execute(db.kysely);
    const r = await find('F02_station_aet.dump');
    expect(r.answers).toHaveLength(2);
    const rows = await sql<{
      patient_ids: string[];
      actor_name: string;
      organization_id: string;
    }>`SELECT patient_ids, actor_name, organization_id FROM access_log WHERE context = 'dicom-mwl' ORDER BY id DESC LIMIT 1`.execute(db.kysely);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log WHERE context = 'dicom-mwl'`.execute(db.kysely);
    expect(after.rows[0].n - before.rows[0].n).toBe(1);
    expect([...rows.rows[0].patient_ids].sort()).toEqual([world.patients.get('RV0001'), world.patients.get('RV0003')].sort());
    expect(rows.rows[0].actor_name).toContain('CT01');
    expect(rows.rows[0].organization_id).toBe(world.departmentId);
  });
});

describe('Association control and C-ECHO with dcmtk echoscu', () => {
  it('C-ECHO from a registered modality answers Success', { timeout: T }, async () => {
    const r = await runTool('echoscu', ['-v', '-aet', 'DX01', '-aec', 'RADVIS', '127.0.0.1', String(listener.port())]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Received Echo Response \(Success\)/);
  });

  it('rejects an unknown calling AE title: A-ASSOCIATE-RJ permanent, reason 3', { timeout: T }, async () => {
    const r = await runTool('echoscu', ['-v', '-aet', 'UNKNOWN01', '-aec', 'RADVIS', '127.0.0.1', String(listener.port())]);
    expect(r.code).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/Association Rejected/i);
    expect(out).toMatch(/Rejected Permanent/i);
    expect(out).toMatch(/Calling AE Title Not Recognized/i);
  });

  it('rejects a wrong called AE title: A-ASSOCIATE-RJ permanent, reason 7', { timeout: T }, async () => {
    const r = await runTool('echoscu', ['-v', '-aet', 'CT01', '-aec', 'NOTRADVIS', '127.0.0.1', String(listener.port())]);
    expect(r.code).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/Rejected Permanent/i);
    expect(out).toMatch(/Called AE Title Not Recognized/i);
  });

  it('a rejected modality gets no worklist', { timeout: T }, async () => {
    const r = await find('F01_universal.dump', { aet: 'UNKNOWN01' });
    expect(r.answers).toHaveLength(0);
    expect(r.output).toMatch(/Association Rejected/i);
  });
});
