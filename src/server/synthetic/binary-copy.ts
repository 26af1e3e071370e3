// PostgreSQL's binary COPY format (COPY … FROM STDIN WITH (FORMAT binary)), written straight into
// buffers: https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.4 ("Binary Format").
// The generator writes millions of rows with ~15 million timestamps per million referrals; in text
// format the database parses each (timestamptz_in, about a fifth of a referral row's insert work)
// and splits every line into fields. In binary a timestamp is 8 bytes the server takes as they are.
//
// A file is a header, then per row a 16-bit field count and per field a 32-bit length (−1 for
// NULL) and the value in the type's binary (send/recv) form, then a 16-bit −1 trailer.

/** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps and dates, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
/** Days from 1970-01-01 to 2000-01-01. */
const PG_EPOCH_DAYS = 10_957;
const TWO_32 = 4_294_967_296;
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);

/**
 * Rows of one table in binary COPY format, in chunks of about `chunkBytes` (each a fresh
 * ArrayBuffer, so a worker thread can transfer them). Write a row as `row(n)` followed by exactly
 * n field writes in the COPY's column order; `finish()` adds the trailer and returns the chunks.
 * Values are not checked against the column types: the caller writes what the table declares.
 */
export class BinaryCopyWriter {
  private chunks: Uint8Array[] = [];
  private buf: Buffer;
  private pos = 0;
  private readonly encoded = new Map<string, Buffer>();
  /** Rows written so far. */
  rows = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(chunkBytes, HEADER.length));
    HEADER.copy(this.buf, 0);
    this.pos = HEADER.length;
  }

  /** Room for n more bytes in the current chunk (a new chunk when the current one is full). */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, n));
    this.pos = 0;
  }

  private int32(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.pos = p + 4;
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): void {
    this.room(2);
    this.buf[this.pos] = fields >>> 8;
    this.buf[this.pos + 1] = fields;
    this.pos += 2;
    this.rows++;
  }

  null(): void {
    this.room(4);
    this.int32(-1);
  }

  /**
   * text (or varchar): UTF-8 bytes; null or undefined → NULL. Strings over 24 characters are
   * encoded once and kept (questions, reasons, message bodies recur millions of times); pass
   * strings that rarely recur (the notes) to textOnce instead.
   */
  text(s: string | null | undefined): void {
    if (s === null || s === undefined) return this.null();
    if (s.length > 24) {
      let bytes = this.encoded.get(s);
      if (bytes === undefined) {
        bytes = Buffer.from(s, 'utf8');
        if (this.encoded.size < 50_000) this.encoded.set(s, bytes);
      }
      this.room(4 + bytes.length);
      this.int32(bytes.length);
      bytes.copy(this.buf, this.pos);
      this.pos += bytes.length;
      return;
    }
    this.textOnce(s);
  }

  /** text without keeping its encoding (see text). */
  textOnce(s: string | null | undefined): void {
    if (s === null || s === undefined) return this.null();
    const n = s.length;
    // At most 3 bytes per UTF-16 unit.
    this.room(4 + 3 * n);
    const b = this.buf;
    const start = this.pos + 4;
    let p = start;
    // Ids, codes and most words are ASCII: copy them byte by byte (cheaper than a native call for short strings).
    let i = 0;
    if (n <= 64) {
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        b[p++] = c;
      }
    }
    if (i < n) p = start + b.write(s, start);
    this.int32(p - start);
    this.pos = p;
  }

  /** jsonb: version byte 1, then the JSON text (the server parses it as for text input). */
  jsonb(json: string | null | undefined): void {
    if (json === null || json === undefined) return this.null();
    const n = json.length;
    this.room(5 + 3 * n);
    const start = this.pos + 4;
    this.buf[start] = 1;
    const len = 1 + this.buf.write(json, start + 1);
    this.int32(len);
    this.pos = start + len;
  }

  /** int4. */
  int4(v: number | null | undefined): void {
    if (v === null || v === undefined) return this.null();
    this.room(8);
    this.int32(4);
    this.int32(v);
  }

  /** int8 from a number (exact up to 2^53). */
  int8(v: number | null | undefined): void {
    if (v === null || v === undefined) return this.null();
    this.room(12);
    this.int32(8);
    this.int64(v);
  }

  private int64(v: number): void {
    const hi = Math.floor(v / TWO_32);
    this.int32(hi);
    this.int32(v - hi * TWO_32);
  }

  bool(v: boolean | null | undefined): void {
    if (v === null || v === undefined) return this.null();
    this.room(5);
    this.int32(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  /** timestamptz (and timestamp) from Unix milliseconds: microseconds since 2000-01-01 UTC. */
  timestamptz(ms: number | null | undefined): void {
    if (ms === null || ms === undefined) return this.null();
    this.room(12);
    this.int32(8);
    this.int64((ms - PG_EPOCH_MS) * 1000);
  }

  /** date from days since 1970-01-01. */
  date(day: number | null | undefined): void {
    if (day === null || day === undefined) return this.null();
    this.room(8);
    this.int32(4);
    this.int32(day - PG_EPOCH_DAYS);
  }

  /** Ends the data (trailer) and hands over the chunks; the writer is not to be used after. */
  finish(): Uint8Array[] {
    this.room(2);
    this.buf[this.pos] = 0xff;
    this.buf[this.pos + 1] = 0xff;
    this.pos += 2;
    this.chunks.push(this.buf.subarray(0, this.pos));
    const out = this.chunks;
    this.chunks = [];
    return out;
  }
}
