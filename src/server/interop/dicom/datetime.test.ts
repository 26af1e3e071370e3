// The shared DICOM DA/TM reader (datetime.ts) used by the worklist and MPPS.
import { describe, expect, it } from 'vitest';
import { dicomInstant, isDicomDate, isDicomTime, timezoneOffsetMinutes } from './datetime.ts';

describe('isDicomDate (PS3.5 Table 6.2-1, DA)', () => {
  it('takes any four-digit year, the years 0001–0099 as themselves (not 1901–1999)', () => {
    expect(isDicomDate('00010101')).toBe(true);
    expect(isDicomDate('00991231')).toBe(true);
    // 0004 is a leap year, 0100 is not, 0400 is (Gregorian rules, PS3.5 DA note 3).
    expect(isDicomDate('00040229')).toBe(true);
    expect(isDicomDate('01000229')).toBe(false);
    expect(isDicomDate('04000229')).toBe(true);
    expect(isDicomDate('20261231')).toBe(true);
  });
  it('refuses what is not a calendar date', () => {
    for (const v of ['20260229', '20261301', '20261200', '20260431', '2026113', '2026-11-30', '']) expect(isDicomDate(v), v).toBe(false);
  });
});

describe('isDicomTime (PS3.5 Table 6.2-1, TM)', () => {
  it('takes HH, HHMM, HHMMSS and fractions, with a leap second (SS = 60)', () => {
    for (const v of ['08', '0830', '083000', '083000.5', '083000.123456', '235960', '235960.999']) expect(isDicomTime(v), v).toBe(true);
  });
  it('refuses hours over 23, minutes over 59, seconds over 60, and a fraction without seconds', () => {
    for (const v of ['24', '2360', '235961', '0830.5', '083000.1234567', '8', '']) expect(isDicomTime(v), v).toBe(false);
  });
});

describe('timezoneOffsetMinutes (PS3.3 C.12.1.1.8)', () => {
  it('reads &ZZXX', () => {
    expect(timezoneOffsetMinutes('+0000')).toBe(0);
    expect(timezoneOffsetMinutes('+0100')).toBe(60);
    expect(timezoneOffsetMinutes('-0530')).toBe(-330);
    expect(timezoneOffsetMinutes('+1400')).toBe(840);
  });
  it('refuses anything else', () => {
    for (const v of ['0100', '+01', '+01:00', '+1500', '-1300', '+0060', 'UTC']) expect(timezoneOffsetMinutes(v), v).toBeUndefined();
  });
});

describe('dicomInstant', () => {
  it('reads Norwegian wall-clock time without an offset, DST included', () => {
    expect(dicomInstant('20261201', '080000')?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(dicomInstant('20260701', '080000')?.toISOString()).toBe('2026-07-01T06:00:00.000Z');
    // The hour after the spring change (29 March 2026, 02:00 → 03:00) and after the autumn one.
    expect(dicomInstant('20260329', '033000')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(dicomInstant('20261025', '033000')?.toISOString()).toBe('2026-10-25T02:30:00.000Z');
  });
  it('reads the time in the offset given', () => {
    expect(dicomInstant('20261201', '070000', 0)?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(dicomInstant('20261201', '020000', -300)?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(dicomInstant('20261201', '003000', 60)?.toISOString()).toBe('2026-11-30T23:30:00.000Z');
  });
  it('keeps a leap second in its own day and minute', () => {
    expect(dicomInstant('20261231', '235960', 0)?.toISOString()).toBe('2026-12-31T23:59:59.999Z');
    expect(dicomInstant('20261231', '235960')?.toISOString()).toBe('2026-12-31T22:59:59.999Z');
  });
  it('reads years 0001–0099 as themselves, fractions, and partial times', () => {
    expect(dicomInstant('00500615', '1200', 0)?.getUTCFullYear()).toBe(50);
    expect(dicomInstant('20261201', '0700', 0)?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(dicomInstant('20261201', '070000.25', 0)?.toISOString()).toBe('2026-12-01T07:00:00.250Z');
    expect(dicomInstant('20261201', undefined, 0)?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
  it('is null for what is not a date or time', () => {
    expect(dicomInstant('20260230', '080000')).toBeNull();
    expect(dicomInstant('20261201', '250000')).toBeNull();
    expect(dicomInstant(undefined, '080000')).toBeNull();
  });
});
