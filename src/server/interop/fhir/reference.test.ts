// Literal references as Radvis reads them on create (R4 references.html#literal).
import { describe, expect, it } from 'vitest';
import { localReference } from './reference.ts';

describe('localReference', () => {
  const base = 'https://radvis.example:8443/fhir';
  it('an absolute URL under our base is the relative reference', () => {
    expect(localReference(`${base}/Organization/dept-1`, base)).toBe('Organization/dept-1');
    expect(localReference('HTTPS://RADVIS.example:8443/fhir/Patient/p1/_history/2', base)).toBe('Patient/p1/_history/2');
  });
  it('relative, contained, other servers, other ports, lookalike paths and queries stay as sent', () => {
    for (const r of [
      'Organization/dept-1',
      '#p',
      'https://other.example/fhir/Organization/dept-1',
      'https://radvis.example/fhir/Organization/dept-1',
      'https://radvis.example:8443/fhirx/Organization/dept-1',
      `${base}/Organization/dept-1?x=1`,
      `${base}/Organization`,
    ])
      expect(localReference(r, base)).toBe(r);
    expect(localReference(`${base}/Organization/dept-1`, undefined)).toBe(`${base}/Organization/dept-1`);
  });
});
