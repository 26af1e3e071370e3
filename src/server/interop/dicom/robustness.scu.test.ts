// Malformed input and association edge cases against the DICOM listener (issue 8 "Bad input",
// task dicom16): bytes written straight onto a TCP connection (what dcmtk and dcmjs-dimse refuse
// to send), and dcmjs-dimse as a client where it can send the case. Every case ends with a DIMSE
// status or an A-ABORT / A-ASSOCIATE-RJ, never a crash or a connection left waiting, and the
// listener keeps serving afterwards (checked with dcmtk's echoscu and findscu at the end).
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES_DIR, dumpToDcm, findscuWorklist, openWorklistScp, runTool, type WorklistScp, sendAssociation } from '../../testing/dicom.ts';
import { newDicomUid } from '../../scheduling/uid.ts';
import { ppsOf } from '../../testing/mpps.ts';
import { dimse, SOP } from './dimse.ts';
import { createDicomListener } from './server.ts';

const T = 180_000;
let scp: WorklistScp;

beforeAll(async () => {
  scp = await openWorklistScp('radvis-dicom-robust-');
}, T);

afterAll(async () => scp?.close());

// ---- bytes on the wire (PS3.8 9.3 PDU structure, PS3.7 6.3 command set encoding) ----

const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const item = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type, 0]), u16(body.length), body]);
const pdu = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type, 0]), u32(body.length), body]);
const aeField = (s: string) => Buffer.from(s.padEnd(16, ' '), 'latin1');

/** An A-ASSOCIATE-RQ proposing `abstract` (presentation context 1) in Implicit VR Little Endian. */
function associateRq(abstract: string, calling = 'CT01', called = 'RADVIS'): Buffer {
  const pc = item(0x20, Buffer.concat([Buffer.from([1, 0, 0, 0]), item(0x30, Buffer.from(abstract)), item(0x40, Buffer.from('1.2.840.10008.1.2'))]));
  const user = item(0x50, item(0x51, u32(16384)));
  const fixed = Buffer.concat([u16(1), u16(0), aeField(called), aeField(calling), Buffer.alloc(32)]);
  return pdu(1, Buffer.concat([fixed, item(0x10, Buffer.from('1.2.840.10008.3.1.1.1')), pc, user]));
}

/** One implicit VR little endian element. */
function el(group: number, element: number, value: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(group);
  h.writeUInt16LE(element, 2);
  h.writeUInt32LE(value.length, 4);
  return Buffer.concat([h, value]);
}
const us = (n: number) => Buffer.from([n & 255, n >> 8]);
const text = (s: string, pad = ' ') => Buffer.from(s.length % 2 ? s + pad : s, 'latin1');

/** A command set with its group length (PS3.7 E.1): field, message id, data set present. */
function command(field: number, sopClass: string, extra: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.concat([el(0, 0x0002, text(sopClass, '\0')), el(0, 0x0100, us(field)), el(0, 0x0110, us(1)), el(0, 0x0800, us(0)), extra]);
  const gl = Buffer.alloc(4);
  gl.writeUInt32LE(body.length);
  return Buffer.concat([el(0, 0, gl), body]);
}
/** A P-DATA-TF with one PDV on presentation context 1: a whole command set (3) or a whole data set (2). */
const pdata = (control: 2 | 3, data: Buffer) => pdu(4, Buffer.concat([u32(data.length + 2), Buffer.from([1, control]), data]));

/** What came back, PDU by PDU: the PDU type, and for a P-DATA command its Status (0000,0900). */
interface Reply {
  type: number;
  status?: number;
  abort?: { source: number; reason: number };
  reject?: { result: number; source: number; reason: number };
}

function parseReplies(b: Buffer): Reply[] {
  const out: Reply[] = [];
  for (let o = 0; o + 6 <= b.length;) {
    const type = b[o];
    const len = b.readUInt32BE(o + 2);
    if (o + 6 + len > b.length) break;
    const body = b.subarray(o + 6, o + 6 + len);
    const r: Reply = { type };
    if (type === 3) r.reject = { result: body[1], source: body[2], reason: body[3] };
    if (type === 7) r.abort = { source: body[2], reason: body[3] };
    if (type === 4 && body[5] & 1) {
      const d = body.subarray(6, 4 + body.readUInt32BE(0));
      for (let q = 0; q + 8 <= d.length; q += 8 + d.readUInt32LE(q + 4)) if (d.readUInt16LE(q + 2) === 0x0900) r.status = d.readUInt16LE(q + 8);
    }
    out.push(r);
    o += 6 + len;
  }
  return out;
}

/**
 * Opens a TCP connection and runs `steps` in order: each writes its bytes, then waits until the
 * replies so far satisfy `until` (or the server closes the connection). Resolves with every
 * reply and whether the server closed the connection. No timers: each step waits for an event.
 * `port` is the listener's (default the shared one); `onLastSent` runs once the last step's bytes are written.
 */
function converse(
  steps: { send: Buffer; until?: (r: Reply[]) => boolean }[],
  port = scp.listener.port(),
  onLastSent?: () => void,
): Promise<{ replies: Reply[]; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    let closed = false;
    let step = -1;
    const finish = () => {
      s.destroy();
      resolve({ replies: parseReplies(got), closed });
    };
    const next = () => {
      step++;
      if (step >= steps.length) return finish();
      s.write(steps[step].send, () => {
        if (step === steps.length - 1) onLastSent?.();
      });
      if (!steps[step].until) next();
    };
    s.on('data', (d) => {
      got = Buffer.concat([got, d]);
      const until = steps[step]?.until;
      if (until && until(parseReplies(got))) next();
    });
    s.on('close', () => {
      closed = true;
      resolve({ replies: parseReplies(got), closed });
    });
    s.on('error', () => {});
    s.on('connect', next);
  });
}

const accepted = (r: Reply[]) => r.some((x) => x.type === 2);
const hasStatus = (r: Reply[]) => r.some((x) => x.status !== undefined && x.status < 0xff00);
const WORKLIST = SOP.worklistFind;

describe('malformed input: a DIMSE status or an abort, never a hang', () => {
  it.each([
    ['an HTTP request instead of DICOM', Buffer.from('GET / HTTP/1.1\r\nHost: radvis\r\n\r\n')],
    ['a PDU type PS3.8 does not define', pdu(0x09, Buffer.alloc(10))],
    ['a P-DATA-TF before any association (unexpected PDU)', pdata(3, command(0x0020, WORKLIST))],
    ['a PDU header announcing 4 GiB that never come', Buffer.from([1, 0, 0xff, 0xff, 0xff, 0xf0, 0, 1])],
  ])('%s: the connection is closed at once', { timeout: T }, async (_label, bytes) => {
    const r = await converse([{ send: bytes }, { send: Buffer.alloc(0), until: () => false }]);
    expect(r.closed).toBe(true);
    expect(r.replies.filter((x) => x.type === 2)).toEqual([]);
  });

  it('after the association, a P-DATA-TF announcing 1 GiB: A-ABORT (invalid PDU parameter value) instead of waiting for it', { timeout: T }, async () => {
    const r = await converse([
      { send: associateRq(WORKLIST), until: accepted },
      { send: Buffer.from([4, 0, 0x40, 0, 0, 0, 0, 0]), until: (x) => x.some((y) => y.type === 7) },
    ]);
    expect(r.replies.find((x) => x.type === 7)?.abort).toEqual({ source: 2, reason: 6 });
  });

  it('a command set that is not one (garbage bytes): A-ABORT, not a peer left waiting', { timeout: T }, async () => {
    const r = await converse([
      { send: associateRq(WORKLIST), until: accepted },
      { send: pdata(3, Buffer.from([9, 9, 9, 9, 9, 9, 9, 9, 9, 9])), until: (x) => x.some((y) => y.type === 7) },
    ]);
    expect(r.replies.find((x) => x.type === 7)?.abort).toEqual({ source: 2, reason: 6 });
  });

  it.each([
    // (0010,0010) announced as 100 bytes, 3 sent (PS3.5 7.1.1: the value length is the value's length).
    ['truncated', Buffer.concat([Buffer.from([0x10, 0, 0x10, 0, 100, 0, 0, 0]), Buffer.from('HAN')])],
    ['garbage bytes', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])],
    // A sequence of undefined length never closed by its delimiter (PS3.5 7.5.2).
    [
      'an unclosed sequence',
      Buffer.concat([el(8, 0x50, Buffer.alloc(0)), Buffer.from([0x40, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0, 0xe0, 0xff, 0xff, 0xff, 0xff])]),
    ],
  ])('a C-FIND identifier that is %s: 0xC000 Unable to process, no answers (PS3.4 K.4.1.1.4)', { timeout: T }, async (_label, ds) => {
    const r = await converse([
      { send: associateRq(WORKLIST), until: accepted },
      { send: Buffer.concat([pdata(3, command(0x0020, WORKLIST)), pdata(2, ds)]), until: hasStatus },
    ]);
    const statuses = r.replies.filter((x) => x.status !== undefined).map((x) => x.status);
    expect(statuses).toEqual([0xc000]);
  });

  it('a patient name of 200 000 characters: 0xA900, the listener does not choke on it', { timeout: T }, async () => {
    const ds = Buffer.concat([el(8, 0x50, Buffer.alloc(0)), el(0x10, 0x10, Buffer.from('A'.repeat(200_000)))]);
    const r = await converse([
      { send: associateRq(WORKLIST), until: accepted },
      { send: Buffer.concat([pdata(3, command(0x0020, WORKLIST)), pdata(2, ds)]), until: hasStatus },
    ]);
    expect(r.replies.filter((x) => x.status !== undefined).map((x) => x.status)).toEqual([0xa900]);
  });

  it('an MPPS N-CREATE with a truncated data set: 0x0110 Processing failure, nothing stored', { timeout: T }, async () => {
    const uid = newDicomUid();
    const ds = Buffer.concat([el(0x40, 0x0252, text('IN PROGRESS')), Buffer.from([0x40, 0, 0x53, 0x02, 40, 0, 0, 0]), Buffer.from('PPS')]);
    const r = await converse([
      { send: associateRq(SOP.mpps), until: accepted },
      { send: Buffer.concat([pdata(3, command(0x0140, SOP.mpps, el(0, 0x1000, text(uid, '\0')))), pdata(2, ds)]), until: hasStatus },
    ]);
    expect(r.replies.filter((x) => x.status !== undefined).map((x) => x.status)).toEqual([0x0110]);
    expect(await ppsOf(scp.db.kysely, uid)).toBeUndefined();
  });
});

/** A C-ECHO from dcmjs-dimse as `calling` to `called`: the echo status, or how the association was refused. */
function echo(calling: string, called: string): Promise<{ status?: number; rejected?: { result: number; source: number; reason: number } }> {
  return new Promise((resolve) => {
    const client = new dimse.Client();
    const rq = new dimse.requests.CEchoRequest();
    const out: { status?: number; rejected?: { result: number; source: number; reason: number } } = {};
    rq.on('response', (x: { getStatus(): number }) => (out.status = x.getStatus()));
    client.addRequest(rq);
    client.on('associationRejected', (x: { result: number; source: number; reason: number }) => (out.rejected = x));
    client.on('closed', () => resolve(out));
    client.on('networkError', () => resolve(out));
    sendAssociation(client, scp.listener.port(), calling, called);
  });
}

describe('AE titles at association (PS3.5 Table 6.2-1 AE, PS3.8 Table 9-21)', () => {
  it.each([
    // dcmjs-dimse writes a longer title whole, overflowing the 16-byte field of the A-ASSOCIATE-RQ;
    // the first 16 characters here are a registered title, which used to be accepted.
    ['a calling AE title of 17 characters whose first 16 are CT01 and spaces', 'CT01            X', 'RADVIS'],
    ['a calling AE title of 17 characters, all padding after CT01', 'CT01             ', 'RADVIS'],
    ['a called AE title of 17 characters', 'CT01', 'RADVIS           '],
  ])('%s: rejected, permanent, calling AE title not recognized', { timeout: T }, async (_label, calling, called) => {
    expect(await echo(calling, called)).toEqual({ rejected: { result: 1, source: 1, reason: 3 } });
  });

  it('a called AE title in another case is not ours (AE values are case-sensitive): reason 7', { timeout: T }, async () => {
    expect(await echo('CT01', 'radvis')).toEqual({ rejected: { result: 1, source: 1, reason: 7 } });
  });

  it('leading spaces in either title are not significant (PS3.5 Table 6.2-1): accepted, C-ECHO Success', { timeout: T }, async () => {
    expect(await echo(' CT01', '  RADVIS')).toEqual({ status: 0 });
  });

  it('a calling AE title of exactly 16 characters that is not registered: reason 3', { timeout: T }, async () => {
    expect(await echo('CT01CT01CT01CT01', 'RADVIS')).toEqual({ rejected: { result: 1, source: 1, reason: 3 } });
  });

  it('C-ECHO (Verification) to the worklist AE title from another registered modality: Success', { timeout: T }, async () => {
    const e = await runTool('echoscu', ['-v', '-aet', 'MR01', '-aec', 'RADVIS', '127.0.0.1', String(scp.listener.port())]);
    expect(e.stdout + e.stderr).toMatch(/Received Echo Response \(Success\)/);
  });
});

describe('a peer that goes silent (DICOM_IDLE_TIMEOUT_SECONDS)', () => {
  it('an N-CREATE command announcing a data set, then nothing: A-ABORT and the connection closed after the idle timeout', { timeout: T }, async () => {
    // A listener of its own with a 1-second idle timeout (config DICOM_IDLE_TIMEOUT_SECONDS).
    const quiet = createDicomListener({
      db: scp.db.kysely,
      aeTitle: 'RADVIS',
      port: 0,
      host: '127.0.0.1',
      log: { info() {}, warn() {}, error() {} },
      idleTimeoutSeconds: 1,
    });
    await quiet.start();
    try {
      const started = Date.now();
      let silentFrom = 0;
      const r = await converse(
        [
          { send: associateRq(SOP.mpps), until: accepted },
          // Command Data Set Type 0x0000: a data set follows (PS3.7 E.1-1) — and it never comes.
          { send: pdata(3, command(0x0140, SOP.mpps)), until: () => false },
        ],
        quiet.port(),
        () => (silentFrom = Date.now()),
      );
      expect(r.closed).toBe(true);
      expect(r.replies.map((x) => x.type)).toEqual([2, 7]);
      // Cut off by the timeout, not at once: at least ~1 s of silence, well before the 30 s default.
      expect(Date.now() - silentFrom).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await quiet.stop();
    }
  });
});

describe('after all of the above', () => {
  it('the listener still answers C-ECHO and C-FIND', { timeout: T }, async () => {
    const e = await runTool('echoscu', ['-v', '-aet', 'CT01', '-aec', 'RADVIS', '127.0.0.1', String(scp.listener.port())]);
    expect(e.stdout + e.stderr).toMatch(/Received Echo Response \(Success\)/);
    const dcm = await dumpToDcm(path.join(CASES_DIR, 'queries', 'F02_station_aet.dump'), scp.tmp);
    const r = await findscuWorklist(scp.listener.port(), scp.tmp, dcm);
    expect(r.status).toBe('Success');
    expect(r.answers.map((a) => a.AccessionNumber).sort()).toEqual(['RV0001', 'RV0003']);
  });
});
