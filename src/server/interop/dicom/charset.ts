// Specific Character Set (0008,0005) of received data sets: the spellings a modality sends, and the
// decoding of text with ISO 2022 code extensions (PS3.5 6.1.2.5, PS3.3 C.12.1.1.2 Tables C.12-3
// and C.12-4). dcmjs (0.50) decodes a data set's top-level text with the first value of the set
// only, and text inside sequence items byte by byte as Latin-1; this module turns such Latin-1 text
// back into its bytes and decodes them with the whole set, escape sequences included.

/**
 * The defined term a Specific Character Set value means, for the spellings seen from modalities and
 * other toolkits: any letter case, and `-`, `_` or a space (or nothing) between "ISO", "IR" and the
 * number ('iso_ir 100', 'ISO-IR 100', 'ISO IR 100', 'ISO_IR100' → 'ISO_IR 100'; 'iso 2022 ir 87' →
 * 'ISO 2022 IR 87'; 'gb18030' → 'GB18030'). CS values are upper case (PS3.5 Table 6.2-1), but a
 * receiver loses nothing by reading these as meant (pydicom reads the same spellings, with a
 * warning; dcmjs looks the value up in lower case); dcmtk's wlmscpfs answers them all. Other values
 * are returned trimmed and upper-cased, and stay unknown.
 */
export function canonicalCharsetTerm(raw: string): string {
  const v = raw.trim().toUpperCase();
  const ext = /^ISO[\s_-]*2022[\s_-]*IR[\s_-]*(\d+)$/.exec(v);
  if (ext) return `ISO 2022 IR ${Number(ext[1])}`;
  const plain = /^ISO[\s_-]*IR[\s_-]*(\d+)$/.exec(v);
  if (plain) return `ISO_IR ${Number(plain[1])}`;
  return v;
}

/** A graphic character set that ISO 2022 code extensions may designate (PS3.3 Tables C.12-3 and C.12-4). */
interface Iso2022Set {
  /** The escape sequence that designates it, without ESC. */
  escape: string;
  /** G0 (7-bit bytes 0x21–0x7E) or G1 (bytes 0xA1–0xFE). */
  g: 0 | 1;
  /** Bytes per character. */
  width: 1 | 2;
  /**
   * How its bytes become text: a WHATWG encoding label the bytes (G1: as sent; G0 two-byte: with the
   * high bit set, EUC form) are decoded with, 'ascii' for a 7-bit single-byte set, or 'katakana' for
   * JIS X 0201 katakana (0xA1–0xDF → U+FF61–U+FF9F).
   */
  decode: string;
  /** Bytes put before each character of a G0 two-byte set in its EUC form (JIS X 0212: 0x8F). */
  prefix?: number;
}

const SINGLE_BYTE_G1: [number, string, string][] = [
  [100, 'A', 'iso-8859-1'],
  [101, 'B', 'iso-8859-2'],
  [109, 'C', 'iso-8859-3'],
  [110, 'D', 'iso-8859-4'],
  [144, 'L', 'iso-8859-5'],
  [127, 'G', 'iso-8859-6'],
  [126, 'F', 'iso-8859-7'],
  [138, 'H', 'iso-8859-8'],
  [148, 'M', 'iso-8859-9'],
  [203, 'b', 'iso-8859-15'],
  [166, 'T', 'windows-874'],
];

/**
 * The ISO 2022 defined terms (PS3.3 Table C.12-3, single-byte with code extensions, and Table C.12-4,
 * multi-byte with code extensions) with the sets each designates: its G0 set (if any) first, then its
 * G1 set (if any).
 */
const ISO2022_TERMS = new Map<string, Iso2022Set[]>([
  ['ISO 2022 IR 6', [{ escape: '(B', g: 0, width: 1, decode: 'ascii' }]],
  ...SINGLE_BYTE_G1.map(([ir, final, label]): [string, Iso2022Set[]] => [
    `ISO 2022 IR ${ir}`,
    [
      { escape: '(B', g: 0, width: 1, decode: 'ascii' },
      { escape: `-${final}`, g: 1, width: 1, decode: label },
    ],
  ]),
  // JIS X 0201: romaji in G0 (ASCII but for two characters; read as ASCII) and katakana in G1.
  [
    'ISO 2022 IR 13',
    [
      { escape: '(J', g: 0, width: 1, decode: 'ascii' },
      { escape: ')I', g: 1, width: 1, decode: 'katakana' },
    ],
  ],
  ['ISO 2022 IR 87', [{ escape: '$B', g: 0, width: 2, decode: 'euc-jp' }]],
  ['ISO 2022 IR 159', [{ escape: '$(D', g: 0, width: 2, decode: 'euc-jp', prefix: 0x8f }]],
  ['ISO 2022 IR 149', [{ escape: '$)C', g: 1, width: 2, decode: 'euc-kr' }]],
  ['ISO 2022 IR 58', [{ escape: '$)A', g: 1, width: 2, decode: 'gbk' }]],
]);

/** Every escape sequence of the defined terms, to the set it designates. */
const BY_ESCAPE = new Map<string, Iso2022Set>([...ISO2022_TERMS.values()].flat().map((s) => [s.escape, s]));

/**
 * Whether a Specific Character Set with several values is one this module decodes: every value an
 * ISO 2022 defined term (the first may be empty: the default repertoire, PS3.3 C.12.1.1.2), and
 * more than one value (a single ISO 2022 term is read like its ISO_IR twin).
 */
export function isIso2022Set(values: readonly string[]): boolean {
  return values.length > 1 && values.every((v, i) => (i === 0 && v === '') || ISO2022_TERMS.has(v));
}

/**
 * Decodes the bytes of one text value written with ISO 2022 code extensions (PS3.5 6.1.2.5.3):
 * the value starts in the sets of the first value of Specific Character Set (G0 ASCII when it is
 * empty or ISO 2022 IR 6), and each escape sequence designates the set that the following bytes are
 * in — bytes below 0x80 in the G0 set, from 0xA0 in the G1 set. Unknown escape sequences are left
 * out; a byte that no designated set covers is read as Latin-1. `values` are canonical terms
 * (canonicalCharsetTerm).
 */
export function decodeIso2022(bytes: Uint8Array, values: readonly string[]): string {
  const initial = ISO2022_TERMS.get(values[0] ?? '') ?? [];
  let g0: Iso2022Set | undefined = initial.find((s) => s.g === 0);
  let g1: Iso2022Set | undefined = initial.find((s) => s.g === 1);
  let out = '';
  // Runs of bytes in one set are decoded together (a two-byte set's characters need both bytes).
  let run: number[] = [];
  let runSet: Iso2022Set | undefined;
  const flush = () => {
    if (run.length === 0) return;
    out += decodeRun(run, runSet);
    run = [];
  };
  const push = (set: Iso2022Set | undefined, b: number[]) => {
    if (set !== runSet) flush();
    runSet = set;
    run.push(...b);
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x1b) {
      // ESC, intermediate bytes 0x20–0x2F, one final byte 0x30–0x7E (ISO/IEC 2022 §13).
      let j = i + 1;
      while (j < bytes.length && bytes[j] >= 0x20 && bytes[j] <= 0x2f) j++;
      const seq = String.fromCharCode(...bytes.subarray(i + 1, Math.min(j + 1, bytes.length)));
      const set = BY_ESCAPE.get(seq);
      if (set?.g === 0) g0 = set;
      else if (set?.g === 1) g1 = set;
      i = j;
      continue;
    }
    const set = b < 0x80 ? g0 : g1;
    // Control characters and the space are the same in every set (and end a two-byte run).
    if (b < 0x21 || b === 0x7f || !set) {
      push(undefined, [b]);
      continue;
    }
    if (set.width === 2) {
      const next = bytes[i + 1];
      if (next === undefined || next === 0x1b || b < 0x80 !== next < 0x80) {
        push(undefined, [b]);
        continue;
      }
      i++;
      push(set, set.g === 0 ? [...(set.prefix ? [set.prefix] : []), b | 0x80, next | 0x80] : [b, next]);
      continue;
    }
    push(set, [b]);
  }
  flush();
  return out;
}

function decodeRun(bytes: number[], set: Iso2022Set | undefined): string {
  if (!set || set.decode === 'ascii') return Buffer.from(bytes).toString('latin1');
  if (set.decode === 'katakana') return String.fromCharCode(...bytes.map((b) => (b >= 0xa1 && b <= 0xdf ? 0xff61 + b - 0xa1 : b)));
  try {
    return new TextDecoder(set.decode).decode(Uint8Array.from(bytes));
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

/**
 * Single-valued Specific Character Sets (canonical terms) a received data set may be in (PS3.3
 * C.12.1.1.2, Tables C.12-2 and C.12-4 without code extensions), with the WHATWG label of their
 * text decoder ('' = the default repertoire, read as Latin-1 as dcmjs does).
 */
export const SINGLE_CHARSETS = new Map<string, string>([
  ['', 'latin1'],
  ['ISO_IR 6', 'latin1'],
  ['ISO 2022 IR 6', 'latin1'],
  ['ISO_IR 100', 'latin1'],
  ['ISO 2022 IR 100', 'latin1'],
  ['ISO_IR 192', 'utf-8'],
  ['GB18030', 'gb18030'],
  ['GBK', 'gbk'],
  ...(
    [
      ['203', 'iso-8859-15'],
      ['166', 'windows-874'],
      ['13', 'shift_jis'],
      ['101', 'iso-8859-2'],
      ['109', 'iso-8859-3'],
      ['110', 'iso-8859-4'],
      ['144', 'iso-8859-5'],
      ['127', 'iso-8859-6'],
      ['126', 'iso-8859-7'],
      ['138', 'iso-8859-8'],
      ['148', 'iso-8859-9'],
    ] as const
  ).flatMap(([ir, label]): [string, string][] => [
    [`ISO_IR ${ir}`, label],
    [`ISO 2022 IR ${ir}`, label],
  ]),
]);

/** Sets dcmjs 0.50 does not know (encodingMapping): it reads their text as Latin-1. */
const UNKNOWN_TO_DCMJS = new Set(['ISO_IR 203', 'ISO 2022 IR 203']);

/**
 * Whether dcmjs decodes a received data set's top-level text right by itself: a single value in
 * its defined spelling that dcmjs knows. Otherwise (another spelling, a set dcmjs does not know,
 * code extensions) the data set is handed to dcmjs as if it had no Specific Character Set (see
 * dimse.ts), so all its text arrives as Latin-1 and is decoded here (textDecoderFor).
 */
export function decodedByDcmjs(sent: readonly string[] | undefined): boolean {
  const values = (sent ?? []).map((v) => v.trim());
  if (values.length === 0 || (values.length === 1 && values[0] === '')) return true;
  if (values.length > 1) return false;
  return canonicalCharsetTerm(values[0]) === values[0] && SINGLE_CHARSETS.has(values[0]) && !UNKNOWN_TO_DCMJS.has(values[0]);
}

/**
 * The Specific Character Set as sent, in canonical terms with an empty first value kept (it means
 * the default repertoire in G0, PS3.3 C.12.1.1.2).
 */
export function canonicalCharset(sent: readonly string[]): string[] {
  return sent.map((v) => (v.trim() === '' ? '' : canonicalCharsetTerm(v)));
}

/**
 * A decoder of text that arrived as Latin-1 (one character per byte) for a Specific Character Set
 * (values as sent): single-valued sets of SINGLE_CHARSETS, and ISO 2022 code extensions
 * (isIso2022Set). Undefined for a set Radvis cannot read. Text that is not Latin-1 (already
 * decoded) and text that is not valid UTF-8 under ISO_IR 192 is returned unchanged.
 */
export function textDecoderFor(sent: readonly string[] | undefined): ((latin1: string) => string) | undefined {
  const all = canonicalCharset(sent ?? []);
  const values = all.filter((v) => v !== '');
  if (all.length > 1 && isIso2022Set(all)) {
    // Text already decoded (beyond U+00FF) is left as it is.
    // eslint-disable-next-line no-control-regex
    return (v) => (/[^\u0000-\u00ff]/.test(v) ? v : decodeIso2022(Buffer.from(v, 'latin1'), all));
  }
  if (values.length > 1) return undefined;
  const label = SINGLE_CHARSETS.get(values[0] ?? '');
  if (label === undefined) return undefined;
  return (v) => redecodeLatin1(v, label);
}

/**
 * The Latin-1 bytes of `v` decoded with the WHATWG encoding `label` ('latin1': unchanged). Text
 * with characters beyond U+00FF (already decoded) is left as it is, as is text that is not valid
 * UTF-8 when `label` is 'utf-8'.
 */
export function redecodeLatin1(v: string, label: string): string {
  // eslint-disable-next-line no-control-regex
  if (label === 'latin1' || !/[\u0080-\u00ff]/.test(v) || /[^\u0000-\u00ff]/.test(v)) return v;
  try {
    return new TextDecoder(label, { fatal: label === 'utf-8' }).decode(Buffer.from(v, 'latin1'));
  } catch {
    return v;
  }
}
