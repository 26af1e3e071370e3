// Specific Character Set spellings and ISO 2022 code extensions (charset.ts; breakit28). Byte
// sequences as PS3.5 Annex H (Japanese), I (Korean) and J/K (Chinese) show them: escape sequences
// designate JIS X 0208 into G0 (ESC $ B), KS X 1001 into G1 (ESC $ ) C), GB 2312 into G1 (ESC $ ) A).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canonicalCharsetTerm, decodeIso2022, decodedByDcmjs, textDecoderFor } from './charset.ts';
import { parseWorklistQuery } from './worklist-query.ts';

const iconv = (s: string, enc: string) => execFileSync('iconv', ['-f', 'UTF-8', '-t', enc], { input: s });
const latin1 = (b: Buffer) => b.toString('latin1');

describe('Specific Character Set spellings (breakit28)', () => {
  it('reads other cases and separators as the defined term', () => {
    expect(canonicalCharsetTerm('iso_ir 192')).toBe('ISO_IR 192');
    expect(canonicalCharsetTerm('ISO-IR 100')).toBe('ISO_IR 100');
    expect(canonicalCharsetTerm('ISO IR 100')).toBe('ISO_IR 100');
    expect(canonicalCharsetTerm('ISO_IR100')).toBe('ISO_IR 100');
    expect(canonicalCharsetTerm('iso 2022 ir 87')).toBe('ISO 2022 IR 87');
    expect(canonicalCharsetTerm('ISO_2022_IR_149')).toBe('ISO 2022 IR 149');
    expect(canonicalCharsetTerm(' gb18030 ')).toBe('GB18030');
    expect(canonicalCharsetTerm('FOO')).toBe('FOO');
  });

  it('dcmjs decodes a single value in its defined spelling that it knows; not other spellings, Latin-9 or code extensions', () => {
    expect(decodedByDcmjs(undefined)).toBe(true);
    expect(decodedByDcmjs(['ISO_IR 192'])).toBe(true);
    expect(decodedByDcmjs(['iso_ir 192'])).toBe(false);
    expect(decodedByDcmjs(['ISO_IR 203'])).toBe(false);
    expect(decodedByDcmjs(['', 'ISO 2022 IR 87'])).toBe(false);
  });
});

describe('ISO 2022 code extensions (breakit28)', () => {
  it('JIS X 0208 in G0 (ISO 2022 IR 87), PS3.5 H.3.1 style: Yamada^Tarou=山田^太郎', () => {
    const b = Buffer.concat([Buffer.from('Yamada^Tarou='), iconv('山田', 'ISO-2022-JP'), Buffer.from('^'), iconv('太郎', 'ISO-2022-JP')]);
    expect(decodeIso2022(b, ['', 'ISO 2022 IR 87'])).toBe('Yamada^Tarou=山田^太郎');
  });

  it('JIS X 0201 katakana in G1 with ISO 2022 IR 13 first, then JIS X 0208', () => {
    const b = Buffer.concat([iconv('ﾔﾏﾀﾞ', 'SHIFT_JIS'), Buffer.from('^'), iconv('ﾀﾛｳ', 'SHIFT_JIS'), Buffer.from('='), iconv('山田', 'ISO-2022-JP')]);
    expect(decodeIso2022(b, ['ISO 2022 IR 13', 'ISO 2022 IR 87'])).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田');
  });

  it('KS X 1001 in G1 (ISO 2022 IR 149), PS3.5 I.2 style: Hong^Gildong=洪^吉洞=홍^길동', () => {
    const kr = (s: string) => Buffer.concat([Buffer.from('\x1b$)C', 'latin1'), iconv(s, 'EUC-KR')]);
    const b = Buffer.concat([Buffer.from('Hong^Gildong='), kr('洪'), Buffer.from('^'), kr('吉洞'), Buffer.from('='), kr('홍'), Buffer.from('^'), kr('길동')]);
    expect(decodeIso2022(b, ['', 'ISO 2022 IR 149'])).toBe('Hong^Gildong=洪^吉洞=홍^길동');
  });

  it('GB 2312 in G1 (ISO 2022 IR 58) and Latin-1 in G1 (ISO 2022 IR 100) on one value', () => {
    const b = Buffer.concat([Buffer.from('\x1b$)A', 'latin1'), iconv('王小二', 'GB2312'), Buffer.from(' \x1b-A', 'latin1'), Buffer.from('Ø', 'latin1')]);
    expect(decodeIso2022(b, ['', 'ISO 2022 IR 58', 'ISO 2022 IR 100'])).toBe('王小二 Ø');
  });

  it('textDecoderFor: Latin-1 text of such a set decoded; sets it cannot read → undefined', () => {
    expect(textDecoderFor(['', 'ISO 2022 IR 87'])!(latin1(iconv('山田', 'ISO-2022-JP')))).toBe('山田');
    expect(textDecoderFor(['iso_ir 192'])!(latin1(Buffer.from('Ø', 'utf8')))).toBe('Ø');
    expect(textDecoderFor(['FOO'])).toBeUndefined();
    expect(textDecoderFor(['ISO_IR 192', 'ISO_IR 100'])).toBeUndefined();
  });

  it('parseWorklistQuery reads a query in ISO 2022 IR 87 (not 0xC000) and decodes its name key', () => {
    const q = parseWorklistQuery({ PatientName: [{ Alphabetic: latin1(iconv('山田', 'ISO-2022-JP')) + '*' }] }, ['ISO 2022 IR 6', 'ISO 2022 IR 87']);
    expect(q.topKeys.find((k) => k.keyword === 'PatientName')?.value).toBe('山田*');
  });

  it("parseWorklistQuery reads 'iso_ir 100' as Latin-1 (not 0xC000)", () => {
    const q = parseWorklistQuery({ PatientName: [{ Alphabetic: 'ØST*' }] }, ['iso_ir 100']);
    expect(q.charset).toBe('ISO_IR 100');
  });
});
