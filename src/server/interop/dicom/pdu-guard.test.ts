// The PDU stream watch (pdu-guard.ts) on hand-made byte streams (PS3.8 9.3 PDU headers, Table 9-11).
import { describe, expect, it } from 'vitest';
import { PduGuard } from './pdu-guard.ts';

const header = (type: number, length: number) => {
  const b = Buffer.alloc(6);
  b[0] = type;
  b.writeUInt32BE(length, 2);
  return b;
};

/** An A-ASSOCIATE-RQ's first 75 bytes with the given AE fields (written as given, overflowing when longer than 16). */
function rqHead(called: string, calling: string): Buffer {
  const fixed = Buffer.concat([Buffer.from([0, 1, 0, 0]), Buffer.from(called.padEnd(16)), Buffer.from(calling.padEnd(16)), Buffer.alloc(32)]);
  const body = Buffer.concat([fixed, Buffer.from([0x10, 0, 0, 3]), Buffer.from('1.2')]);
  return Buffer.concat([header(1, body.length), body]);
}

describe('PduGuard', () => {
  it('lets a well-formed stream through, also when headers arrive split across chunks', () => {
    const g = new PduGuard(16384);
    const rq = rqHead('RADVIS', 'CT01');
    const data = Buffer.concat([header(4, 10), Buffer.alloc(10), header(5, 4), Buffer.alloc(4)]);
    const all = Buffer.concat([rq, data]);
    for (let i = 0; i < all.length; i += 3) expect(g.feed(all.subarray(i, i + 3))).toBeUndefined();
    expect(g.aeTitleOverflow()).toBe(false);
  });

  it.each([
    ['an unknown PDU type', header(9, 0), 'unrecognized-pdu'],
    ['a first PDU other than A-ASSOCIATE-RQ', header(4, 0), 'unexpected-pdu'],
    ['an A-ASSOCIATE-RQ announcing 4 GiB', header(1, 0xfffffff0), 'pdu-too-long'],
  ])('%s', (_label, bytes, kind) => {
    expect(new PduGuard(16384).feed(bytes)?.kind).toBe(kind);
  });

  it('a P-DATA-TF longer than the cap is refused, one within it is not', () => {
    const ok = new PduGuard(16384);
    expect(ok.feed(Buffer.concat([rqHead('RADVIS', 'CT01'), header(4, 16384)]))).toBeUndefined();
    const tooLong = new PduGuard(16384);
    expect(tooLong.feed(Buffer.concat([rqHead('RADVIS', 'CT01'), header(4, 16385)]))?.abortReason).toBe(6);
  });

  it.each([
    ['a calling AE title of 17 characters', 'RADVIS', 'CT01            X'],
    ['a called AE title of 17 characters', 'RADVIS           ', 'CT01'],
  ])('%s shifts the Application Context Item: an overflow', (_label, called, calling) => {
    const g = new PduGuard(16384);
    g.feed(rqHead(called, calling));
    expect(g.aeTitleOverflow()).toBe(true);
  });

  it('does not judge the AE titles before the fixed part has arrived', () => {
    const g = new PduGuard(16384);
    g.feed(rqHead('RADVIS', 'CT01').subarray(0, 40));
    expect(g.aeTitleOverflow()).toBeUndefined();
  });
});
