// Search-parameter parsing (FHIR R4 search.html#errors): a malformed percent escape is an error,
// in a search and in If-None-Exist alike, instead of being read as some other value.
import { describe, expect, it } from 'vitest';
import { dateRange, parseServiceRequestSearch } from './search.ts';

describe('parseServiceRequestSearch', () => {
  it('refuses a malformed percent escape, naming the parameter (If-None-Exist and search)', () => {
    const conditional = parseServiceRequestSearch('identifier=%E0%A4%A', { lenient: false, conditional: true });
    expect(conditional).toEqual({ ok: false, errors: [{ field: 'identifier', message: 'bad percent-encoding', reason: 'bad-percent-encoding' }] });
    const search = parseServiceRequestSearch('subject=Patient/1&identifier=abc%ZZ', { lenient: true });
    expect(search.ok).toBe(false);
  });

  it('still reads well-formed escapes and plus signs', () => {
    const r = parseServiceRequestSearch('identifier=urn%3Aoid%3A2.16.578.1.12.4.1.4.106%7C42', { lenient: false, conditional: true });
    expect(r.ok).toBe(true);
  });
});

// fixd20 (issue 8, breakit19 kinds 8 and 9 in the FHIR date reader): the years 0001–0099 are
// themselves (R4 datatypes.html#date), not 1901–1999 as Date.UTC reads them, and a dateTime with
// a leap second (seconds 60, datatypes.html#dateTime) is a date.
describe('dateRange', () => {
  it('reads the years 0001–0099 as themselves', () => {
    const day = dateRange('0050-06-15');
    expect(day?.start.getUTCFullYear()).toBe(50);
    expect(day && (day.end.getTime() - day.start.getTime()) / 86_400_000).toBe(1);
    // A date without a zone is Norwegian local time (breakit32): year 1 starts in Oslo's local mean
    // time (+00:53:28 in the tz database), still in year 1 and not 1901.
    const year1 = dateRange('0001');
    expect(year1?.end.getUTCFullYear()).toBe(1);
    expect(year1 && (year1.end.getTime() - year1.start.getTime()) / 86_400_000).toBe(365);
    const LMT_MS = (53 * 60 + 28) * 1000;
    expect(dateRange('0001')?.start.getTime()).toBe(new Date('0001-01-01T00:00:00Z').getTime() - LMT_MS);
    expect(dateRange('0099-12')?.end.getTime()).toBe(new Date('0100-01-01T00:00:00Z').getTime() - LMT_MS);
    expect(dateRange('1970-01-01')?.start.toISOString()).toBe('1969-12-31T23:00:00.000Z');
    expect(dateRange('0050-02-30')).toBeNull();
  });
  it('takes a leap second as the last millisecond of its minute', () => {
    expect(dateRange('2026-12-31T23:59:60Z')?.start.toISOString()).toBe('2026-12-31T23:59:59.999Z');
    expect(dateRange('2026-12-31T23:59:61Z')).toBeNull();
    expect(dateRange('2026-12-31T23:59:60')?.start.toISOString()).toBe('2026-12-31T22:59:59.999Z');
  });
});

// breakit32 (issue 8): R4 search.html#date — a date without a time zone is in the server's local
// time. Radvis serves Norway: Europe/Oslo, CET (+01:00) in winter, CEST (+02:00) from the last
// Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
describe('dateRange without a zone is Norwegian time', () => {
  const iso = (v: string) => {
    const r = dateRange(v);
    return r && [r.start.toISOString(), r.end.toISOString()];
  };
  it('reads a winter and a summer day at Oslo midnight', () => {
    expect(iso('2026-12-01')).toEqual(['2026-11-30T23:00:00.000Z', '2026-12-01T23:00:00.000Z']);
    expect(iso('2026-07-01')).toEqual(['2026-06-30T22:00:00.000Z', '2026-07-01T22:00:00.000Z']);
    expect(iso('2026')).toEqual(['2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    expect(iso('2026-03')).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });
  it('makes the March change day 23 hours and the October one 25', () => {
    expect(iso('2026-03-29')).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(iso('2026-10-25')).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(iso('2027-03-28')).toEqual(['2027-03-27T23:00:00.000Z', '2027-03-28T22:00:00.000Z']);
  });
  it('reads a time on either side of a change in the offset of that moment', () => {
    expect(iso('2026-03-29T01:59')).toEqual(['2026-03-29T00:59:00.000Z', '2026-03-29T01:00:00.000Z']);
    expect(iso('2026-03-29T03:00:00')).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T01:00:01.000Z']);
    // 02:30 never shows on a Norwegian clock that night: moved on by the hour skipped (03:30 CEST).
    expect(iso('2026-03-29T02:30')).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-29T01:31:00.000Z']);
    // 02:30 shows twice in October: the first, still summer time.
    expect(iso('2026-10-25T02:30')).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T00:31:00.000Z']);
    expect(iso('2026-10-25T03:00')).toEqual(['2026-10-25T02:00:00.000Z', '2026-10-25T02:01:00.000Z']);
  });
  it('leaves a value with a zone as it says', () => {
    expect(iso('2026-03-29T02:30Z')).toEqual(['2026-03-29T02:30:00.000Z', '2026-03-29T02:31:00.000Z']);
    expect(iso('2026-07-01T10:00:00+05:00')).toEqual(['2026-07-01T05:00:00.000Z', '2026-07-01T05:00:01.000Z']);
  });
});
