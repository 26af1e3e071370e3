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
    expect(dateRange('0001')?.start.getUTCFullYear()).toBe(1);
    expect(dateRange('0099-12')?.end.getUTCFullYear()).toBe(100);
    expect(dateRange('1970-01-01')?.start.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(dateRange('0050-02-30')).toBeNull();
  });
  it('takes a leap second as the last millisecond of its minute', () => {
    expect(dateRange('2026-12-31T23:59:60Z')?.start.toISOString()).toBe('2026-12-31T23:59:59.999Z');
    expect(dateRange('2026-12-31T23:59:61Z')).toBeNull();
  });
});
