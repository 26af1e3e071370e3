// A small DICOM data set encoder for the worklist answers: only the value representations the
// worklist returns (text VRs, empty US/DS, and sequences), little endian, explicit or implicit VR.
//
// Why our own: dcmjs (under dcmjs-dimse) builds a value-representation object, a write stream and
// a denaturalized copy per element, ~2.4 ms per answer data set; a C-FIND with 20 answers spent
// ~48 ms there (bench/RESULTS.md, Session 9). Writing the bytes directly costs a few microseconds.
//
// Sources: PS3.5 7.1.2 (explicit VR: 2-byte length, or 2 reserved bytes + 4-byte length for SQ, UN,
// UT, OB, OW, …), 7.1.3 (implicit VR: 4-byte length), 7.5 (sequences: undefined length items with
// Item Delimitation, Sequence Delimitation Item), 6.2 (values padded to even length with a space,
// UI with NUL), 6.1 (text in the data set's Specific Character Set). The byte layout matches what
// dcmjs 0.50 writes for the same naturalized data set (elements sorted by tag, undefined-length
// sequences and items, a 16-bit-length value of 64 KiB or more written as UN with a 32-bit length),
// which encode.test.ts checks byte by byte; dcmtk's findscu reads both in the findscu tests.
import { dimse } from './dimse.ts';

/** Value representations this encoder writes. */
export type EncVr = 'AE' | 'CS' | 'DA' | 'TM' | 'PN' | 'SH' | 'LO' | 'LT' | 'ST' | 'UI' | 'DS' | 'IS' | 'US' | 'SQ';

/** One data element: tag as (group << 16 | element), VR, and its text value or sequence items. */
export type EncElement = { tag: number; vr: Exclude<EncVr, 'SQ'>; value: string } | { tag: number; vr: 'SQ'; items: EncElement[][] };

/** The two text encodings Radvis answers in: ISO_IR 192 (UTF-8) and ISO_IR 100 (Latin-1). */
export type TextEncoding = 'utf8' | 'latin1';

/** Text VRs whose characters come from the Specific Character Set (PS3.5 6.1.2.2); the others are ASCII. */
const EXTENDED = new Set<EncVr>(['PN', 'SH', 'LO', 'LT', 'ST']);
const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';
const UNDEFINED = 0xffffffff;

/** Growable output buffer: one allocation per data set in the common case. */
class Out {
  buf = Buffer.allocUnsafe(1024);
  n = 0;
  need(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(next, 0, 0, this.n);
    this.buf = next;
  }
  u16(v: number): void {
    this.need(2);
    this.buf.writeUInt16LE(v, this.n);
    this.n += 2;
  }
  u32(v: number): void {
    this.need(4);
    this.buf.writeUInt32LE(v >>> 0, this.n);
    this.n += 4;
  }
  ascii2(s: string): void {
    this.need(2);
    this.buf.write(s, this.n, 2, 'latin1');
    this.n += 2;
  }
  bytes(b: Buffer): void {
    this.need(b.length);
    b.copy(this.buf, this.n);
    this.n += b.length;
  }
}

/** The value bytes of a text element, padded to even length (PS3.5 6.2). */
function valueBytes(vr: Exclude<EncVr, 'SQ'>, value: string, enc: TextEncoding): Buffer {
  if (value === '') return Buffer.alloc(0);
  if (vr === 'US') {
    // Unsigned short, one or more values (PS3.5 6.2).
    const vals = value.split('\\').map(Number);
    const b = Buffer.alloc(vals.length * 2);
    vals.forEach((v, i) => b.writeUInt16LE(v & 0xffff, i * 2));
    return b;
  }
  const raw = Buffer.from(value, EXTENDED.has(vr) && enc === 'utf8' ? 'utf8' : 'latin1');
  if (raw.length % 2 === 0) return raw;
  const padded = Buffer.allocUnsafe(raw.length + 1);
  raw.copy(padded);
  padded[raw.length] = vr === 'UI' ? 0x00 : 0x20;
  return padded;
}

function writeElements(out: Out, elements: EncElement[], explicit: boolean, enc: TextEncoding): void {
  const sorted = elements.length > 1 ? [...elements].sort((a, b) => a.tag - b.tag) : elements;
  for (const e of sorted) {
    out.u16(e.tag >>> 16);
    out.u16(e.tag & 0xffff);
    if (e.vr === 'SQ') {
      if (explicit) {
        out.ascii2('SQ');
        out.u16(0);
      }
      out.u32(UNDEFINED);
      for (const item of e.items) {
        out.u16(0xfffe);
        out.u16(0xe000);
        out.u32(UNDEFINED);
        writeElements(out, item, explicit, enc);
        out.u16(0xfffe);
        out.u16(0xe00d);
        out.u32(0);
      }
      out.u16(0xfffe);
      out.u16(0xe0dd);
      out.u32(0);
      continue;
    }
    const v = valueBytes(e.vr, e.value, enc);
    if (!explicit) out.u32(v.length);
    else if (v.length >= 0x10000) {
      // Too long for a 16-bit length: written as UN with a 32-bit length, as dcmjs does.
      out.ascii2('UN');
      out.u16(0);
      out.u32(v.length);
    } else {
      out.ascii2(e.vr);
      out.u16(v.length);
    }
    out.bytes(v);
  }
}

/**
 * Encodes a data set (no file meta, no preamble) in Explicit VR Little Endian or, for any other
 * transfer syntax UID, Implicit VR Little Endian (the only two the listener accepts). Text of PN,
 * SH, LO, LT and ST is written as UTF-8 or Latin-1 per `enc` (the caller names the matching
 * Specific Character Set and must only pass Latin-1 text when `enc` is 'latin1'); other VRs are
 * ASCII. Elements are written in tag order at every level. Returns a new Buffer.
 */
export function encodeDataset(elements: EncElement[], transferSyntaxUid: string, enc: TextEncoding): Buffer {
  const out = new Out();
  writeElements(out, elements, transferSyntaxUid === EXPLICIT_LITTLE, enc);
  return Buffer.from(out.buf.subarray(0, out.n));
}

/** Whether every character of the text is in ISO 8859-1 (ISO_IR 100). */
export function fitsLatin1(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u00ff]*$/.test(text);
}

/**
 * A dcmjs-dimse Dataset whose encoded bytes are already made: dcmjs-dimse's send path
 * (Network._sendDimse / _sendPDataTF, v0.3.3) asks the dataset for its transfer syntax (to decide
 * whether to transcode) and then for `getDenaturalizedDataset()`, which here returns the bytes as
 * they are. The bytes must be in `transferSyntaxUid`, the presentation context's accepted one, so
 * no transcoding happens. `getElements()` decodes them on demand (only for logging or debugging).
 */
export class EncodedDataset extends dimse.Dataset {
  private decoded: Record<string, unknown> | undefined;
  constructor(
    private readonly bytes: Buffer,
    transferSyntaxUid: string,
  ) {
    super({}, transferSyntaxUid);
  }

  override getDenaturalizedDataset(): Buffer {
    return this.bytes;
  }

  override getElements(): Record<string, unknown> {
    this.decoded ??= new dimse.Dataset(this.bytes, this.getTransferSyntaxUid()).getElements() as Record<string, unknown>;
    return this.decoded;
  }
}

/**
 * A command set whose encoding is shared with other command sets of identical elements: the
 * pending responses of one C-FIND have the same command elements (message ID responded to, SOP
 * class, status, data set present), and dcmjs encodes each command set afresh (~0.3 ms). The bytes
 * are made by dcmjs itself (`getDenaturalizedCommandDataset`) for the first of them; if the
 * elements change afterwards, the command set is encoded afresh.
 */
class SharedCommandDataset extends dimse.Dataset {
  constructor(
    elements: Record<string, unknown>,
    private readonly key: string,
    private readonly bytes: Buffer,
  ) {
    super(elements);
  }

  override getDenaturalizedCommandDataset(writeOptions?: Record<string, unknown>): Buffer {
    return JSON.stringify(this.getElements()) === this.key ? this.bytes : super.getDenaturalizedCommandDataset(writeOptions);
  }
}

interface HasCommandDataset {
  getCommandDataset(): InstanceType<typeof dimse.Dataset>;
  setCommandDataset(dataset: InstanceType<typeof dimse.Dataset>): void;
}

/**
 * Lets responses with identical command elements share one encoding of their command set (see
 * SharedCommandDataset). Call after the responses are complete (status and data set set).
 */
export function shareCommandEncoding(responses: readonly HasCommandDataset[]): void {
  const cache = new Map<string, Buffer>();
  for (const r of responses) {
    const ds = r.getCommandDataset();
    const elements = ds.getElements();
    const key = JSON.stringify(elements);
    let bytes = cache.get(key);
    if (!bytes) {
      bytes = ds.getDenaturalizedCommandDataset();
      cache.set(key, bytes);
    }
    r.setCommandDataset(new SharedCommandDataset(elements, key, bytes));
  }
}
