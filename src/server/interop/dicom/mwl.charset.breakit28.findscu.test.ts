// Worklist queries in Specific Character Set spellings and code extensions the standard allows or
// modalities send (breakit28, issue 8 point 5), with dcmtk's findscu as the modality. Before, each
// was answered 0xC000 "Unable to process" while dcmtk's wlmscpfs answers all of them:
// - values in lower case or with other separators ('iso_ir 192', 'ISO-IR 100', 'gb18030'): CS
//   values are upper case (PS3.5 Table 6.2-1), but the set they name is not in doubt;
// - ISO 2022 code extensions with multi-byte sets (PS3.3 C.12.1.1.2 Table C.12-4, PS3.5 6.1.2.5):
//   Japanese JIS X 0208 (ISO 2022 IR 87, also after IR 13), Korean KS X 1001 (IR 149) and Chinese
//   GB 2312 (IR 58), where each name switches set by escape sequence.
// Three fixture patients get a Japanese, a Korean and a Chinese name so that matching proves the
// query was decoded (a query that is read wrongly matches nothing).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpToDcm, findscuWorklist, openWorklistScp, type WorklistScp } from '../../testing/dicom.ts';

const T = 180_000;
let scp: WorklistScp;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mwl-cs28-', async (db, world) => {
    const rename = async (accession: string, family: string, given: string) =>
      db.updateTable('patient').set({ family_name: family, given_name: given }).where('id', '=', world.patients.get(accession)!).execute();
    await rename('RV0003', '山田', '太郎');
    await rename('RV0004', '김', '희중');
    await rename('RV0002', '王', '小二');
  });
}, T);
afterAll(async () => scp?.close());

const ESC = '\x1b';
const iconv = (s: string, enc: string) => execFileSync('iconv', ['-f', 'UTF-8', '-t', enc], { input: s });

/** A query with Specific Character Set `charset` and Patient Name `name` (bytes as given), asking for accession and name. */
async function query(charset: string, name: Buffer) {
  const file = path.join(scp.tmp, `q-${Math.random().toString(36).slice(2)}.dump`);
  fs.writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`(0008,0005) CS [${charset}]\n(0008,0050) SH []\n(0010,0010) PN [`, 'latin1'),
      name,
      Buffer.from(']\n(0040,0100) SQ\n(fffe,e000) na\n(0040,0001) AE []\n(fffe,e00d) na\n(fffe,e0dd) na\n', 'latin1'),
    ]),
  );
  const r = await findscuWorklist(scp.listener.port(), scp.tmp, await dumpToDcm(file, scp.tmp));
  return { status: r.status, accessions: r.answers.map((a) => String(a.AccessionNumber).trim()).sort(), answers: r.answers };
}

describe('MWL Specific Character Set spellings and ISO 2022 code extensions (breakit28)', () => {
  it("'iso_ir 192' (lower case) reads the UTF-8 query: ØST* → RV0001, name intact", { timeout: T }, async () => {
    const r = await query('iso_ir 192', Buffer.from('ØST*', 'utf8'));
    expect(r.status).toBe('Success');
    expect(r.accessions).toEqual(['RV0001']);
    expect(r.answers[0].PatientName).toEqual([{ Alphabetic: 'ØSTBØ^ÅSE MARIT' }]);
  });

  it("'iso_ir 100' and 'ISO-IR 100' read the Latin-1 query and answer in Latin-1 (ISO_IR 100)", { timeout: T }, async () => {
    for (const cs of ['iso_ir 100', 'ISO-IR 100', 'ISO IR 100']) {
      const r = await query(cs, Buffer.from('ØST*', 'latin1'));
      expect(r.status, cs).toBe('Success');
      expect(r.accessions, cs).toEqual(['RV0001']);
      expect(r.answers[0].PatientName, cs).toEqual([{ Alphabetic: 'ØSTBØ^ÅSE MARIT' }]);
    }
  });

  it("'gb18030' (lower case) reads the GB18030 query", { timeout: T }, async () => {
    const r = await query('gb18030', iconv('ØST*', 'GB18030'));
    expect(r.status).toBe('Success');
    expect(r.accessions).toEqual(['RV0001']);
  });

  it('ISO 2022 IR 6\\ISO 2022 IR 87: 山田* in JIS X 0208 between escape sequences → RV0003', { timeout: T }, async () => {
    const r = await query('ISO 2022 IR 6\\ISO 2022 IR 87', Buffer.concat([iconv('山田', 'ISO-2022-JP'), Buffer.from('*')]));
    expect(r.status).toBe('Success');
    expect(r.accessions).toEqual(['RV0003']);
    expect(r.answers[0].PatientName).toEqual([{ Alphabetic: '山田^太郎' }]);
  });

  it('ISO 2022 IR 13\\ISO 2022 IR 87 (JIS X 0201 first) and \\ISO 2022 IR 87 (default first): 山田^太郎 exactly → RV0003', { timeout: T }, async () => {
    for (const cs of ['ISO 2022 IR 13\\ISO 2022 IR 87', '\\ISO 2022 IR 87']) {
      const name = Buffer.concat([iconv('山田', 'ISO-2022-JP'), Buffer.from('^'), iconv('太郎', 'ISO-2022-JP')]);
      const r = await query(cs, name);
      expect(r.status, cs).toBe('Success');
      expect(r.accessions, cs).toEqual(['RV0003']);
    }
  });

  it('\\ISO 2022 IR 149: 김* in KS X 1001 (ESC $ ) C, then GR bytes) → RV0004', { timeout: T }, async () => {
    const r = await query('\\ISO 2022 IR 149', Buffer.concat([Buffer.from(`${ESC}$)C`, 'latin1'), iconv('김', 'EUC-KR'), Buffer.from('*')]));
    expect(r.status).toBe('Success');
    expect(r.accessions).toEqual(['RV0004']);
  });

  it('\\ISO 2022 IR 58: 王* in GB 2312 (ESC $ ) A) → RV0002', { timeout: T }, async () => {
    const r = await query('\\ISO 2022 IR 58', Buffer.concat([Buffer.from(`${ESC}$)A`, 'latin1'), iconv('王', 'GB2312'), Buffer.from('*')]));
    expect(r.status).toBe('Success');
    expect(r.accessions).toEqual(['RV0002']);
  });

  it('a set still unknown (FOO, or ISO_IR 192 with code extensions) keeps 0xC000 Unable to process', { timeout: T }, async () => {
    expect((await query('FOO', Buffer.from('A*'))).status).toMatch(/UnableToProcess/);
    expect((await query('ISO_IR 192\\ISO_IR 100', Buffer.from('A*'))).status).toMatch(/UnableToProcess/);
  });
});
