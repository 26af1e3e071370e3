// A watch on the PDU stream of one DICOM connection, beside dcmjs-dimse (which decodes the PDUs):
// it reads only each PDU's 6-byte header (PS3.8 9.3.1: type, reserved, 32-bit length) and the
// fixed fields of the first A-ASSOCIATE-RQ, to catch what the library lets through:
// - a PDU type PS3.8 does not define (the library closes without an A-ABORT);
// - a first PDU that is not an A-ASSOCIATE-RQ (PS3.8 Table 9-10, state Sta2: unexpected PDU);
// - a declared length far beyond what the peer may send (the library would wait, buffering, for
//   up to 4 GiB that never come, until its 5-minute PDU timeout);
// - an A-ASSOCIATE-RQ whose AE title fields overflowed: AE titles are at most 16 characters (PS3.5
//   Table 6.2-1, AE), the RQ has exactly 16 bytes for each (PS3.8 Table 9-11), and a requestor that
//   writes a longer title shifts everything after it, so the library read the first 16 characters
//   of it as the title and accepted a title that was never registered.
// Pure bookkeeping: no I/O; the listener decides what to send.

/** Why a connection must end (PS3.8 Table 9-26, A-ABORT reasons when the source is the provider). */
export type PduProblem = { kind: 'unrecognized-pdu'; abortReason: 1 } | { kind: 'unexpected-pdu'; abortReason: 2 } | { kind: 'pdu-too-long'; abortReason: 6 };

/** PDU types of PS3.8 Table 9-1 … 9-9: A-ASSOCIATE-RQ/AC/RJ, P-DATA-TF, A-RELEASE-RQ/RP, A-ABORT. */
const PDU_TYPES = new Set([1, 2, 3, 4, 5, 6, 7]);
const A_ASSOCIATE_RQ = 1;
const P_DATA_TF = 4;
/** Bytes of an A-ASSOCIATE-RQ up to and including the first variable item's type (PS3.8 Table 9-11, byte 75). */
const RQ_FIXED = 75;
/** Application Context Item type (PS3.8 Table 9-12): the first variable item of an A-ASSOCIATE-RQ. */
const APPLICATION_CONTEXT_ITEM = 0x10;
/** A-ASSOCIATE-RQ and the other non-data PDUs: far above any real one (128 presentation contexts are ~20 KB). */
const MAX_CONTROL_PDU = 1 << 20;

export class PduGuard {
  private header = Buffer.alloc(0);
  private remaining = 0;
  private pdus = 0;
  private rq: Buffer[] = [];
  private rqBytes = 0;
  private problem: PduProblem | undefined;

  /** @param maxDataPdu the longest P-DATA-TF PDU body (bytes after the 6-byte header) the listener accepts. */
  constructor(private readonly maxDataPdu: number) {}

  /** Feeds received bytes in order; returns the first problem found (then and on every later call). */
  feed(chunk: Buffer): PduProblem | undefined {
    let off = 0;
    while (!this.problem && off < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - off);
        if (this.pdus === 1) this.keepRq(chunk.subarray(off, off + n));
        this.remaining -= n;
        off += n;
        continue;
      }
      const need = 6 - this.header.length;
      this.header = Buffer.concat([this.header, chunk.subarray(off, off + need)]);
      off += Math.min(need, chunk.length - off);
      if (this.header.length < 6) break;
      const type = this.header[0];
      const length = this.header.readUInt32BE(2);
      this.pdus++;
      if (this.pdus === 1) this.keepRq(this.header);
      this.header = Buffer.alloc(0);
      this.remaining = length;
      if (!PDU_TYPES.has(type)) this.problem = { kind: 'unrecognized-pdu', abortReason: 1 };
      else if (this.pdus === 1 && type !== A_ASSOCIATE_RQ) this.problem = { kind: 'unexpected-pdu', abortReason: 2 };
      else if (length > (type === P_DATA_TF ? this.maxDataPdu : MAX_CONTROL_PDU)) this.problem = { kind: 'pdu-too-long', abortReason: 6 };
    }
    return this.problem;
  }

  private keepRq(bytes: Buffer): void {
    if (this.rqBytes >= RQ_FIXED) return;
    const part = bytes.subarray(0, RQ_FIXED - this.rqBytes);
    this.rq.push(Buffer.from(part));
    this.rqBytes += part.length;
  }

  /**
   * Whether the first A-ASSOCIATE-RQ's AE title fields overflowed: its fixed part (74 bytes) is not
   * followed by the Application Context Item (10H) where PS3.8 Table 9-11 puts it (byte 75), so a
   * called or calling AE title was written longer than its 16 bytes. Undefined until those bytes arrived.
   */
  aeTitleOverflow(): boolean | undefined {
    if (this.rqBytes < RQ_FIXED) return undefined;
    const rq = Buffer.concat(this.rq);
    return rq[0] === A_ASSOCIATE_RQ && rq[RQ_FIXED - 1] !== APPLICATION_CONTEXT_ITEM;
  }
}
