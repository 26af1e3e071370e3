// dcmjs-dimse (MIT, https://github.com/PantelisGeorgiadis/dcmjs-dimse) is a CommonJS bundle whose
// named exports Node's ESM loader cannot see; load it through require once, typed by its .d.ts.
import { createRequire } from 'node:module';
import type * as Dimse from 'dcmjs-dimse';
import { decodedByDcmjs, textDecoderFor } from './charset.ts';

const require = createRequire(import.meta.url);
export const dimse: typeof Dimse = require('dcmjs-dimse');

export type Association = Dimse.association.Association;
export type Request = Dimse.requests.Request;
export type CCancelRequest = Dimse.requests.CCancelRequest;
export type CEchoRequest = Dimse.requests.CEchoRequest;
export type CFindRequest = Dimse.requests.CFindRequest;
export type NCreateRequest = Dimse.requests.NCreateRequest;
export type NSetRequest = Dimse.requests.NSetRequest;
export type CEchoResponse = Dimse.responses.CEchoResponse;
export type CFindResponse = Dimse.responses.CFindResponse;
export type NCreateResponse = Dimse.responses.NCreateResponse;
export type NSetResponse = Dimse.responses.NSetResponse;

/**
 * The VR (PS3.6) of a standard attribute keyword ('Modality' → 'CS'), from the data dictionary of
 * the dcmjs that dcmjs-dimse decodes data sets with (loaded through dcmjs-dimse's own resolution,
 * so it is the same copy); undefined for a keyword the dictionary does not have (private tags).
 */
export const vrOfKeyword: (keyword: string) => string | undefined = (() => {
  const dcmjs = createRequire(require.resolve('dcmjs-dimse'))('dcmjs') as { data: { DicomMetaDictionary: { nameMap: Record<string, { vr?: string }> } } };
  const names = dcmjs.data.DicomMetaDictionary.nameMap;
  return (keyword) => (Object.prototype.hasOwnProperty.call(names, keyword) ? names[keyword].vr : undefined);
})();

// The library logs every association and command at info level; Radvis logs its own events
// (without personal data) and keeps the library quiet.
dimse.log.setLevel('silent');

export const SOP = {
  verification: '1.2.840.10008.1.1',
  /** Modality Worklist Information Model – FIND (PS3.4 K.6.1). */
  worklistFind: '1.2.840.10008.5.1.4.31',
  /** Modality Performed Procedure Step (PS3.4 F.7). */
  mpps: '1.2.840.10008.3.1.2.3.3',
} as const;

export const TS = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
} as const;

/**
 * Where a received data set keeps its Specific Character Set (0008,0005) as the peer sent it
 * (values as sent, e.g. ['ISO_IR 100']): a non-enumerable property of the naturalized elements.
 * dcmjs decodes text with the data set's character set and then rewrites Specific Character Set
 * to 'ISO_IR 192' (dcmjs 0.50 DicomMessage._read), so the naturalized elements no longer say
 * which set the peer uses; the worklist answers in it (PS3.4 C.4.1.1.3.2).
 */
export const SENT_CHARSET = Symbol.for('radvis.dicom.sentSpecificCharacterSet');

/**
 * Marks received data sets that are not structurally whole (see isWellFormedDataset): a
 * non-enumerable `true` on the naturalized elements. dcmjs reads a truncated or garbled data set
 * without complaint (it stops where the bytes end), so without this mark such a C-FIND identifier
 * was answered as a query with fewer or other keys than the modality sent.
 */
export const MALFORMED = Symbol.for('radvis.dicom.malformedDataSet');

/** VRs with a 32-bit length in explicit VR (PS3.5 7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/**
 * The Specific Character Set values of an encoded data set (little endian; implicit VR when the
 * transfer syntax says so, else explicit), read from its first elements: (0008,0005) comes
 * before any other element but (0008,0001)–(0008,0004). Undefined when absent or unreadable.
 */
export function specificCharacterSetOf(buf: Buffer, transferSyntaxUid: string): string[] | undefined {
  return charsetElementOf(buf, transferSyntaxUid)?.values;
}

/** Where the value of Specific Character Set lies in an encoded data set, with its values (see specificCharacterSetOf). */
function charsetElementOf(buf: Buffer, transferSyntaxUid: string): { values: string[]; start: number; end: number } | undefined {
  const explicit = transferSyntaxUid !== TS.implicitLittle;
  let off = 0;
  for (let n = 0; n < 8 && off + 8 <= buf.length; n++) {
    const tag = ((buf.readUInt16LE(off) << 16) | buf.readUInt16LE(off + 2)) >>> 0;
    if (tag > 0x00080005) return undefined;
    let len: number;
    let header = 8;
    if (!explicit) len = buf.readUInt32LE(off + 4);
    else if (LONG_VRS.has(buf.toString('latin1', off + 4, off + 6))) {
      if (off + 12 > buf.length) return undefined;
      len = buf.readUInt32LE(off + 8);
      header = 12;
    } else len = buf.readUInt16LE(off + 6);
    if (len === 0xffffffff || off + header + len > buf.length) return undefined;
    if (tag === 0x00080005) {
      const start = off + header;
      const values = buf
        .toString('latin1', start, start + len)
        .split('\\')
        .map((v) => v.trim());
      return { values, start, end: start + len };
    }
    off += header + len;
  }
  return undefined;
}

const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;

/**
 * Whether an encoded data set (little endian; implicit VR when the transfer syntax says so, else
 * explicit) is structurally whole (PS3.5 7.1 data elements, 7.5 nesting of data sets): every
 * element's value lies inside the buffer, every explicit VR is two upper-case letters, and every
 * sequence or item of undefined length is closed by its delimiter (PS3.5 7.5.2) before the data
 * set ends. Values of defined length are skipped, not decoded. False for a truncated data set or
 * bytes that are not a data set at all.
 */
export function isWellFormedDataset(buf: Buffer, transferSyntaxUid: string): boolean {
  const explicitTs = transferSyntaxUid !== TS.implicitLittle;
  const tagAt = (off: number) => ((buf.readUInt16LE(off) << 16) | buf.readUInt16LE(off + 2)) >>> 0;
  // Elements from `off` up to `limit`, or up to an item delimiter when `inItem`; the offset after them, or -1.
  const elements = (off: number, limit: number, explicit: boolean, inItem: boolean, depth: number): number => {
    if (depth > 32) return -1;
    while (off < limit) {
      if (off + 8 > limit) return -1;
      const tag = tagAt(off);
      if (tag === ITEM_DELIMITER) return inItem && buf.readUInt32LE(off + 4) === 0 ? off + 8 : -1;
      if (tag >>> 16 === 0xfffe) return -1;
      let header = 8;
      let len: number;
      let vr = '';
      if (explicit) {
        vr = buf.toString('latin1', off + 4, off + 6);
        if (!/^[A-Z]{2}$/.test(vr)) return -1;
        if (LONG_VRS.has(vr)) {
          if (off + 12 > limit) return -1;
          len = buf.readUInt32LE(off + 8);
          header = 12;
        } else len = buf.readUInt16LE(off + 6);
      } else len = buf.readUInt32LE(off + 4);
      off += header;
      if (len === UNDEFINED_LENGTH) {
        if (explicit && vr !== 'SQ' && vr !== 'UN') return -1;
        // An undefined-length UN holds an implicit VR sequence (PS3.5 6.2.2).
        off = sequence(off, limit, explicit && vr !== 'UN', depth + 1);
        if (off < 0) return -1;
      } else {
        if (off + len > limit) return -1;
        off += len;
      }
    }
    return inItem ? -1 : off;
  };
  const sequence = (off: number, limit: number, explicit: boolean, depth: number): number => {
    while (off + 8 <= limit) {
      const tag = tagAt(off);
      const len = buf.readUInt32LE(off + 4);
      off += 8;
      if (tag === SEQUENCE_DELIMITER) return len === 0 ? off : -1;
      if (tag !== ITEM) return -1;
      if (len === UNDEFINED_LENGTH) off = elements(off, limit, explicit, true, depth + 1);
      else off = off + len <= limit ? off + len : -1;
      if (off < 0) return -1;
    }
    return -1;
  };
  return elements(0, buf.length, explicitTs, false, 0) === buf.length;
}

// dcmjs-dimse makes every received data set with `new Dataset(buffer, transferSyntaxUid)`, which
// decodes it in Dataset.prototype._fromElementsBuffer (v0.3.3). Keep the Specific Character Set as
// sent beside the elements (SENT_CHARSET), and mark a data set that is not structurally whole
// (MALFORMED); the decoding itself is unchanged.
{
  type FromBuffer = (this: unknown, buffer: Buffer, ts: string, options: unknown) => Record<string, unknown>;
  const proto = dimse.Dataset.prototype as unknown as { _fromElementsBuffer?: FromBuffer };
  const original = proto._fromElementsBuffer;
  if (typeof original !== 'function')
    throw new Error('dcmjs-dimse: Dataset._fromElementsBuffer not found; check the received character set handling in dimse.ts');
  proto._fromElementsBuffer = function (buffer, ts, options) {
    const whole = isWellFormedDataset(buffer, ts);
    const charset = charsetElementOf(buffer, ts);
    // A set dcmjs would misread (another spelling such as 'iso_ir 192', a set it does not know,
    // code extensions — it decodes by the first value only): dcmjs gets the data set with the
    // value blanked, reads all its text as Latin-1, and textDecoderFor (charset.ts) decodes it with
    // the set as sent (SENT_CHARSET). The caller's buffer is not changed.
    let input = buffer;
    if (charset && !decodedByDcmjs(charset.values)) {
      input = Buffer.from(buffer);
      input.fill(0x20, charset.start, charset.end);
    }
    let elements: Record<string, unknown>;
    try {
      elements = original.call(this, input, ts, options);
    } catch (e) {
      // dcmjs gave up on bytes that are not a data set: hand on an empty, marked one, so the
      // request still gets its DIMSE status instead of the association being dropped.
      if (whole) throw e;
      elements = {};
    }
    if (!elements || typeof elements !== 'object') return elements;
    const sent = charset?.values;
    if (sent) Object.defineProperty(elements, SENT_CHARSET, { value: sent, enumerable: false });
    if (!whole) Object.defineProperty(elements, MALFORMED, { value: true, enumerable: false });
    return elements;
  };
}

/** VRs whose characters come from the Specific Character Set (PS3.5 6.1.2.2); the others are ASCII. */
const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);

/**
 * The text of a received data set (dcmjs naturalized elements) decoded with the Specific Character
 * Set the peer sent (SENT_CHARSET, PS3.5 6.1.2): values inside sequence items, which dcmjs reads as
 * Latin-1 whatever the set, and the top-level values too where dcmjs could not decode them itself
 * (decodedByDcmjs: other spellings, sets it does not know, ISO 2022 code extensions). Person names
 * are decoded whole, component groups joined, so that an escape sequence is read where it stands.
 * Returns false, changing nothing, when the set is one Radvis cannot read; the elements are changed
 * in place otherwise. Keys other than text VRs and dcmjs bookkeeping (`_vrMap`) are left alone.
 */
export function decodeReceivedText(elements: Record<string, unknown> & { [SENT_CHARSET]?: string[] }): boolean {
  const sent = elements[SENT_CHARSET];
  const decode = textDecoderFor(sent);
  if (!decode) return false;
  const top = !decodedByDcmjs(sent);
  const walk = (e: Record<string, unknown>, depth: number) => {
    for (const [k, v] of Object.entries(e)) {
      if (k.startsWith('_')) continue;
      if (Array.isArray(v) && v.some((x) => x && typeof x === 'object' && !Array.isArray(x)) && vrOfKeyword(k) === 'SQ') {
        for (const item of v) if (item && typeof item === 'object') walk(item as Record<string, unknown>, depth + 1);
        continue;
      }
      if (depth === 0 && !top) continue;
      const vr = vrOfKeyword(k);
      if (!vr || !CHARSET_VRS.has(vr)) continue;
      e[k] = vr === 'PN' ? decodeNames(v, decode) : decodeStrings(v, decode);
    }
  };
  walk(elements, 0);
  return true;
}

function decodeStrings(v: unknown, decode: (s: string) => string): unknown {
  if (typeof v === 'string') return decode(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? decode(x) : x));
  return v;
}

const PN_GROUPS = ['Alphabetic', 'Ideographic', 'Phonetic'] as const;

function decodeNames(v: unknown, decode: (s: string) => string): unknown {
  const one = (x: unknown): unknown => {
    if (typeof x === 'string') return decode(x);
    if (!x || typeof x !== 'object') return x;
    const o = x as Record<string, unknown>;
    if (!PN_GROUPS.some((g) => typeof o[g] === 'string')) return x;
    const groups = PN_GROUPS.map((g) => (typeof o[g] === 'string' ? (o[g] as string) : ''));
    while (groups.length > 1 && groups[groups.length - 1] === '') groups.pop();
    // '=' in a decoded name can only be a group delimiter (the multi-byte sets have no '=').
    const decoded = decode(groups.join('=')).split('=');
    const out: Record<string, unknown> = { ...o };
    PN_GROUPS.forEach((g, i) => {
      if (decoded[i]) out[g] = decoded[i];
      else delete out[g];
    });
    return out;
  };
  return Array.isArray(v) ? v.map(one) : one(v);
}
