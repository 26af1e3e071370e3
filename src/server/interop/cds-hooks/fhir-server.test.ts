// The fhirServer allow-list compares normalized URLs (interop case 09): every spelling that
// escapes the allowed base, or that a server could read differently, is refused.
import { describe, expect, it } from 'vitest';
import { allowedFhirServer, normalizeFhirBase, parseAllowList, resourceUrl } from './fhir-server.ts';

const allow = parseAllowList(['http://127.0.0.1:34001/fhir', 'https://epj.example.no/api/fhir/']);
const ok = (u: string) => allowedFhirServer(u, allow) !== null;

describe('fhirServer allow-list', () => {
  it('accepts the base, sub-paths and equivalent spellings', () => {
    expect(ok('http://127.0.0.1:34001/fhir')).toBe(true);
    expect(ok('http://127.0.0.1:34001/fhir/')).toBe(true);
    expect(ok('http://127.0.0.1:34001/fhir/tenant-a')).toBe(true);
    expect(ok('HTTP://127.0.0.1:34001/fhir')).toBe(true);
    expect(ok('https://EPJ.example.no:443/api/fhir')).toBe(true);
    expect(ok('https://epj.example.no/api/./fhir')).toBe(true);
    expect(ok('https://epj.example.no/api/x/../fhir/r4')).toBe(true);
    expect(ok('https://epj.example.no/api/%66hir')).toBe(true);
  });

  it('refuses every escape from the base (case 09 and its kind)', () => {
    for (const u of [
      'http://127.0.0.1:34001/fhir/../internal-admin',
      'http://127.0.0.1:34001/fhir/%2e%2e/internal-admin',
      'http://127.0.0.1:34001/fhir/%2E%2E/internal-admin',
      'http://127.0.0.1:34001/fhir/.%2e/internal-admin',
      'http://127.0.0.1:34001/fhirx',
      'http://127.0.0.1:34001/fhir-admin',
      'http://127.0.0.1:34001/fhi',
      'http://127.0.0.1:34001/',
      'http://127.0.0.1:34002/fhir',
      'https://127.0.0.1:34001/fhir',
      'http://localhost:34001/fhir',
      'http://127.0.0.1:34001//fhir',
      'http://127.0.0.1:34001/fhir//x',
      'http://127.0.0.1:34001/fhir%2f..%2finternal-admin',
      'http://127.0.0.1:34001/fhir/..%2finternal-admin',
      'http://127.0.0.1:34001/fhir/%5c..%5cinternal',
      'http://127.0.0.1:34001\\fhir',
      'http://127.0.0.1:34001/fhir\\..\\internal-admin',
      'http://user:pw@127.0.0.1:34001/fhir',
      'http://127.0.0.1:34001@evil.example/fhir',
      'http://evil.example#@127.0.0.1:34001/fhir',
      'http://127.0.0.1:34001/fhir?x=1',
      'http://127.0.0.1:34001/fhir#x',
      'http://127.0.0.1:34001/fhir/%00',
      'http://127.0.0.1:34001/fhir/%zz',
      'http://127.0.0.1:34001/fhir /x',
      'ftp://127.0.0.1:34001/fhir',
      'file:///etc/passwd',
      '//127.0.0.1:34001/fhir',
      '',
    ]) {
      expect(ok(u), u).toBe(false);
    }
  });

  it('rebuilds the URL it fetches from the checked parts', () => {
    const b = normalizeFhirBase('https://epj.example.no:443/api/x/../fhir')!;
    expect(resourceUrl(b, 'Patient', 'p-1')).toBe('https://epj.example.no/api/fhir/Patient/p-1');
    expect(resourceUrl(normalizeFhirBase('http://127.0.0.1:34001/fhir/')!, 'PractitionerRole', '1')).toBe('http://127.0.0.1:34001/fhir/PractitionerRole/1');
  });

  it('refuses an operator entry that does not normalize', () => {
    expect(() => parseAllowList(['http://a/fhir/../x?y'])).toThrow();
  });
});
