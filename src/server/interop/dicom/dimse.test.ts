// Structural checks of received data sets (dimse.ts isWellFormedDataset; PS3.5 7.1, 7.5).
import { describe, expect, it } from 'vitest';
import { isWellFormedDataset, TS } from './dimse.ts';

/** Implicit VR little endian element. */
function el(group: number, element: number, value: Buffer, length = value.length): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(group);
  h.writeUInt16LE(element, 2);
  h.writeUInt32LE(length >>> 0, 4);
  return Buffer.concat([h, value]);
}
const U = 0xffffffff;
const delim = (element: number) => el(0xfffe, element, Buffer.alloc(0));

describe('isWellFormedDataset', () => {
  const name = el(0x10, 0x10, Buffer.from('HANSEN^OLA'));
  const sq = Buffer.concat([
    el(0x40, 0x100, Buffer.alloc(0), U),
    el(0xfffe, 0xe000, Buffer.alloc(0), U),
    el(0x8, 0x60, Buffer.from('CT')),
    delim(0xe00d),
    delim(0xe0dd),
  ]);

  it.each([
    ['an empty data set', Buffer.alloc(0)],
    ['one element', name],
    ['a sequence and item of undefined length, closed', Buffer.concat([name, sq])],
    ['a sequence of defined length', el(0x40, 0x100, Buffer.concat([el(0xfffe, 0xe000, el(8, 0x60, Buffer.from('MR'))), Buffer.alloc(0)]))],
  ])('accepts %s (implicit VR)', (_l, buf) => {
    expect(isWellFormedDataset(buf, TS.implicitLittle)).toBe(true);
  });

  it.each([
    ['a value longer than the bytes left', el(0x10, 0x10, Buffer.from('HAN'), 100)],
    ['a header cut short', name.subarray(0, 6)],
    ['a sequence never closed', sq.subarray(0, sq.length - 8)],
    ['an item never closed', sq.subarray(0, sq.length - 16)],
    ['an item delimiter outside any item', Buffer.concat([name, delim(0xe00d)])],
    ['garbage', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])],
  ])('refuses %s', (_l, buf) => {
    expect(isWellFormedDataset(buf, TS.implicitLittle)).toBe(false);
  });

  it('reads explicit VR: short and long lengths, and refuses a VR that is not two letters', () => {
    const pn = Buffer.concat([Buffer.from([0x10, 0, 0x10, 0]), Buffer.from('PN'), Buffer.from([4, 0]), Buffer.from('OLA^')]);
    const ut = Buffer.concat([Buffer.from([0x40, 0, 0x00, 0x14]), Buffer.from('UT'), Buffer.alloc(2), Buffer.from([2, 0, 0, 0]), Buffer.from('ok')]);
    expect(isWellFormedDataset(Buffer.concat([pn, ut]), TS.explicitLittle)).toBe(true);
    const bad = Buffer.from(pn);
    bad.write('p1', 4, 'latin1');
    expect(isWellFormedDataset(bad, TS.explicitLittle)).toBe(false);
  });
});
