import { describe, expect, it } from 'vitest';
import { ageOn, makeSyntheticFnr, parseFnr, validateHpr } from './identifiers.ts';

describe('fødselsnummer', () => {
  it('makes synthetic numbers (month + 80) that parse back to the same birth date and sex', () => {
    for (const [date, sex] of [
      ['1985-03-14', 'F'],
      ['1952-12-01', 'M'],
      ['2007-07-31', 'M'],
      ['2020-02-29', 'F'],
    ] as const) {
      const fnr = makeSyntheticFnr(date, sex, 123);
      expect(fnr).toMatch(/^\d{11}$/);
      expect(Number(fnr!.slice(2, 4))).toBeGreaterThan(80);
      const p = parseFnr(fnr!);
      expect(p).toEqual({ ok: true, value: { birthDate: date, sex, dNumber: false, synthetic: true } });
    }
  });

  it('rejects wrong check digits, lengths and dates with a clear reason', () => {
    const good = makeSyntheticFnr('1985-03-14', 'F')!;
    const badK2 = good.slice(0, 10) + ((Number(good[10]) + 1) % 10);
    expect(parseFnr(badK2)).toMatchObject({ ok: false, reason: expect.stringContaining('kontrollsiffer') });
    expect(parseFnr('123')).toMatchObject({ ok: false, reason: expect.stringContaining('11 siffer') });
    expect(parseFnr('abcdefghijk')).toMatchObject({ ok: false });
  });

  it('accepts a D-number (day + 40)', () => {
    // Try individual numbers until one gives valid check digits for day + 40.
    let found: string | null = null;
    for (let ind = 1; ind < 499 && !found; ind += 2) {
      const base = `500590${String(ind).padStart(3, '0')}`;
      for (let k1 = 0; k1 <= 9 && !found; k1++) for (let k2 = 0; k2 <= 9 && !found; k2++) if (parseFnr(`${base}${k1}${k2}`).ok) found = `${base}${k1}${k2}`;
    }
    expect(found).not.toBeNull();
    expect(parseFnr(found!)).toMatchObject({ ok: true, value: { dNumber: true, synthetic: false, birthDate: '1990-05-10', sex: 'M' } });
  });

  it('computes age on a date', () => {
    expect(ageOn('1985-03-14', new Date('2026-03-13T12:00:00Z'))).toBe(40);
    expect(ageOn('1985-03-14', new Date('2026-03-14T12:00:00Z'))).toBe(41);
  });
});

describe('HPR number', () => {
  it('accepts 7–9 digits and rejects the rest', () => {
    expect(validateHpr('1234567')).toEqual({ ok: true, value: '1234567' });
    expect(validateHpr('12 345 678')).toEqual({ ok: true, value: '12345678' });
    expect(validateHpr('12345')).toMatchObject({ ok: false });
    expect(validateHpr('0000000')).toMatchObject({ ok: false });
  });
});
