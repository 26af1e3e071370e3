// DICOM text helpers for worklist items: person names (PS3.5 6.2.1) and LO values (PS3.5 Table 6.2-1).
import { describe, expect, it } from 'vitest';
import { dicomLongString, dicomPersonName } from './worklist-item.ts';

describe('dicomPersonName', () => {
  it('writes Family^Given with Norwegian letters as they are, several given names in one component', () => {
    expect(dicomPersonName('Ødegård', 'Kåre Æsir')).toBe('Ødegård^Kåre Æsir');
    expect(dicomPersonName('Østbø', '')).toBe('Østbø');
    expect(dicomPersonName('', '')).toBe('');
    expect(dicomPersonName(null, undefined)).toBe('');
  });

  it('replaces component, group and value delimiters and control characters, collapses spaces', () => {
    expect(dicomPersonName('Berg^Hansen', 'Ola=Per\\Nils')).toBe('Berg Hansen^Ola Per Nils');
    expect(dicomPersonName('  Lie \n', '\tKari  Anne ')).toBe('Lie^Kari Anne');
  });

  it('cuts the component group to 64 characters (not bytes), without a trailing separator', () => {
    const family = 'Å'.repeat(60);
    const name = dicomPersonName(family, 'Bjørn');
    expect([...name].length).toBe(64);
    expect(name).toBe(`${family}^Bjø`);
    expect(dicomPersonName('Æ'.repeat(64), 'Ola')).toBe('Æ'.repeat(64));
  });
});

describe('dicomLongString', () => {
  it('keeps a short text, with Norwegian letters', () => {
    expect(dicomLongString('Hodepine, økende')).toBe('Hodepine, økende');
    expect(dicomLongString(null)).toBe('');
  });

  it('has no backslash (a value delimiter) or line breaks', () => {
    expect(dicomLongString('Kne\\hofte\nvenstre side')).toBe('Kne/hofte venstre side');
  });

  it('cuts a long text to 64 characters ending in "..."', () => {
    const t = dicomLongString('Spørsmål om '.repeat(10));
    expect([...t].length).toBeLessThanOrEqual(64);
    expect(t.endsWith('...')).toBe(true);
    expect(t.startsWith('Spørsmål om Spørsmål om')).toBe(true);
  });
});
