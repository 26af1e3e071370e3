// Search-parameter parsing (FHIR R4 search.html#errors): a malformed percent escape is an error,
// in a search and in If-None-Exist alike, instead of being read as some other value.
import { describe, expect, it } from 'vitest';
import { parseServiceRequestSearch } from './search.ts';

describe('parseServiceRequestSearch', () => {
  it('refuses a malformed percent escape, naming the parameter (If-None-Exist and search)', () => {
    const conditional = parseServiceRequestSearch('identifier=%E0%A4%A', { lenient: false, conditional: true });
    expect(conditional).toEqual({ ok: false, errors: [{ field: 'identifier', message: 'bad percent-encoding' }] });
    const search = parseServiceRequestSearch('subject=Patient/1&identifier=abc%ZZ', { lenient: true });
    expect(search.ok).toBe(false);
  });

  it('still reads well-formed escapes and plus signs', () => {
    const r = parseServiceRequestSearch('identifier=urn%3Aoid%3A2.16.578.1.12.4.1.4.106%7C42', { lenient: false, conditional: true });
    expect(r.ok).toBe(true);
  });
});
