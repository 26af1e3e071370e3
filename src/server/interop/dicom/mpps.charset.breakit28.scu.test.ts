// MPPS N-CREATE / N-SET in the Specific Character Sets the worklist reads (breakit28, issue 8 point 5):
// a modality that fetched its worklist in Latin-1, Latin-9, Thai, JIS, GB18030, GBK or with ISO 2022
// code extensions reports the exam in the same set (PS3.5 6.1.2). The text it sends — the patient's
// name, the step's description, a discontinuation reason's code meaning inside a sequence item —
// must be stored as the words it sent. dcmjs decodes text inside sequence items as Latin-1 whatever
// the set, so before this even a UTF-8 reason ("Pasienten frøs") was kept as "Pasienten frÃ¸s" and
// shown so. The data sets are written byte for byte by dcmtk's dump2dcm and sent by dcmjs-dimse.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorklistScp, sendOnOneAssociation, type WorklistScp } from '../../testing/dicom.ts';
import { ppsOf } from '../../testing/mpps.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { dimse, SOP, TS } from './dimse.ts';

const T = 180_000;
let scp: WorklistScp;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-mpps-cs28-');
}, T);
afterAll(async () => scp?.close());

/** Text in a set: the bytes of `s` in iconv's `enc`, or ('dicom-kr' / 'dicom-gb') ISO 2022 G1 with its escape sequence. */
function bytes(s: string, enc: string): Buffer {
  if (enc === 'utf-8') return Buffer.from(s, 'utf8');
  if (enc === 'latin1') return Buffer.from(s, 'latin1');
  if (enc === 'dicom-kr') return Buffer.concat([Buffer.from('\x1b$)C', 'latin1'), execFileSync('iconv', ['-f', 'UTF-8', '-t', 'EUC-KR'], { input: s })]);
  if (enc === 'dicom-gb') return Buffer.concat([Buffer.from('\x1b$)A', 'latin1'), execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB2312'], { input: s })]);
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', enc], { input: s });
}

/** A dcmjs-dimse data set whose encoding is exactly the dump's bytes (explicit VR little endian, as dump2dcm writes them). */
function rawDataset(lines: (string | [string, string, string])[], enc: string) {
  const parts = lines.map((l) =>
    typeof l === 'string'
      ? Buffer.from(`${l}\n`, 'latin1')
      : Buffer.concat([Buffer.from(l[0], 'latin1'), bytes(l[1], enc), Buffer.from(`${l[2]}\n`, 'latin1')]),
  );
  const dump = path.join(scp.tmp, `m-${Math.random().toString(36).slice(2)}.dump`);
  fs.writeFileSync(dump, Buffer.concat(parts));
  execFileSync('dump2dcm', ['-q', '-F', '+te', dump, `${dump}.dcm`]);
  const encoded = fs.readFileSync(`${dump}.dcm`);
  const ds = new dimse.Dataset({}, TS.explicitLittle);
  (ds as unknown as { getDenaturalizedDataset: () => Buffer }).getDenaturalizedDataset = () => encoded;
  return ds;
}

const STATION: Record<number, [string, string]> = { 1: ['CT01', 'CT'], 2: ['MR01', 'MR'], 3: ['CT01', 'CT'], 4: ['US01', 'US'], 5: ['DX01', 'DX'] };

interface Case {
  name: string;
  charset: string;
  enc: string;
  patient: string;
  description: string;
  reason: string;
}

const CASES: Case[] = [
  { name: 'UTF-8 (ISO_IR 192)', charset: 'ISO_IR 192', enc: 'utf-8', patient: 'ØSTBØ^ÅSE MARIT', description: 'MR kne høyre', reason: 'Pasienten frøs' },
  {
    name: 'Latin-1 in lower case (iso_ir 100)',
    charset: 'iso_ir 100',
    enc: 'latin1',
    patient: 'ØSTBØ^ÅSE MARIT',
    description: 'MR kne høyre',
    reason: 'Pasienten frøs',
  },
  {
    name: 'Latin-9 (ISO_IR 203)',
    charset: 'ISO_IR 203',
    enc: 'ISO-8859-15',
    patient: 'SÆTHER^BJØRN',
    description: 'Kne høyre €',
    reason: 'Avbrutt: pasienten frøs',
  },
  { name: 'Thai (ISO_IR 166)', charset: 'ISO_IR 166', enc: 'TIS-620', patient: 'สมชาย^ใจดี', description: 'MR เข่า', reason: 'ผู้ป่วยหนาว' },
  { name: 'GB18030', charset: 'GB18030', enc: 'GB18030', patient: '王^小二', description: '膝关节磁共振', reason: '病人太冷' },
  { name: 'GBK', charset: 'GBK', enc: 'GBK', patient: '王^小二', description: '膝关节磁共振', reason: '病人太冷' },
  {
    name: 'JIS X 0208 with code extensions (ISO 2022 IR 6\\ISO 2022 IR 87)',
    charset: 'ISO 2022 IR 6\\ISO 2022 IR 87',
    enc: 'ISO-2022-JP',
    patient: '山田^太郎',
    description: 'MR 膝',
    reason: '患者が寒い',
  },
  {
    name: 'KS X 1001 with code extensions (\\ISO 2022 IR 149)',
    charset: '\\ISO 2022 IR 149',
    enc: 'dicom-kr',
    patient: '김희중',
    description: '무릎',
    reason: '환자 추움',
  },
  {
    name: 'GB 2312 with code extensions (\\ISO 2022 IR 58)',
    charset: '\\ISO 2022 IR 58',
    enc: 'dicom-gb',
    patient: '王小二',
    description: '膝关节',
    reason: '病人太冷',
  },
];

describe('MPPS text in the modality’s Specific Character Set (breakit28)', () => {
  CASES.forEach((c, i) => {
    it(`${c.name}: N-CREATE and N-SET DISCONTINUED → 0x0000, the name, description and reason stored as sent`, { timeout: T }, async () => {
      const n = (i % 5) + 1;
      const [aet, modality] = STATION[n];
      const uid = newDicomUid();
      const create = new dimse.requests.NCreateRequest(SOP.mpps, uid);
      create.setDataset(
        rawDataset(
          [
            `(0008,0005) CS [${c.charset}]`,
            ['(0010,0010) PN [', c.patient, ']'],
            '(0040,0252) CS [IN PROGRESS]',
            '(0040,0253) SH [PPS1]',
            `(0040,0241) AE [${aet}]`,
            '(0040,0244) DA [20261201]',
            '(0040,0245) TM [120000]',
            `(0008,0060) CS [${modality}]`,
            '(0020,0010) SH [1]',
            ['(0040,0254) LO [', c.description, ']'],
            '(0040,0270) SQ',
            '(fffe,e000) na',
            `(0020,000d) UI [1.2.826.0.1.3680043.8.498.1000${n}]`,
            `(0008,0050) SH [RV000${n}]`,
            `(0040,1001) SH [RP000${n}]`,
            `(0040,0009) SH [SPS000${n}]`,
            ['(0040,0007) LO [', c.description, ']'],
            '(fffe,e00d) na',
            '(fffe,e0dd) na',
          ],
          c.enc,
        ),
      );
      const set = new dimse.requests.NSetRequest(SOP.mpps, uid);
      set.setDataset(
        rawDataset(
          [
            `(0008,0005) CS [${c.charset}]`,
            '(0040,0252) CS [DISCONTINUED]',
            '(0040,0250) DA [20261201]',
            '(0040,0251) TM [121000]',
            '(0040,0281) SQ',
            '(fffe,e000) na',
            '(0008,0100) SH [X1]',
            '(0008,0102) SH [99RADVIS]',
            ['(0008,0104) LO [', c.reason, ']'],
            '(fffe,e00d) na',
            '(fffe,e0dd) na',
          ],
          c.enc,
        ),
      );
      expect((await sendOnOneAssociation([create, set], scp.listener.port(), aet)).statuses).toEqual([0x0000, 0x0000]);
      const pps = await ppsOf(scp.db.kysely, uid);
      expect(pps?.status).toBe('discontinued');
      expect(pps?.discontinuation_reason).toBe(`99RADVIS X1 ${c.reason}`);
      const a = pps?.attributes as Record<string, unknown>;
      expect(a.PatientName).toEqual([{ Alphabetic: c.patient }]);
      expect(a.PerformedProcedureStepDescription).toBe(c.description);
      expect((a.ScheduledStepAttributesSequence as Record<string, unknown>[])[0].ScheduledProcedureStepDescription).toBe(c.description);
    });
  });
});
