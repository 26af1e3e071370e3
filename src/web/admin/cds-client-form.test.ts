import { describe, expect, it } from 'vitest';
import { checkCdsClientDraft, type CdsClientDraft } from './cds-client-form.ts';

const key = { kty: 'EC', crv: 'P-384', x: 'abc', y: 'def', kid: 'k1', alg: 'ES384' };
const draft = (d: Partial<CdsClientDraft> = {}): CdsClientDraft => ({
  name: 'DIPS Arena',
  issuer: 'https://dips.example/',
  organizationId: 'org-1',
  keySource: 'jwks',
  jwks: JSON.stringify({ keys: [key] }),
  jwksUrl: '',
  ...d,
});

describe('CDS client form', () => {
  it('builds the body from a JWK Set, and wraps a single JWK', () => {
    expect(checkCdsClientDraft(draft()).body).toEqual({ name: 'DIPS Arena', issuer: 'https://dips.example/', organizationId: 'org-1', jwks: { keys: [key] } });
    expect(checkCdsClientDraft(draft({ jwks: JSON.stringify(key) })).body?.jwks).toEqual({ keys: [key] });
    expect(checkCdsClientDraft(draft({ keySource: 'url', jwksUrl: ' https://dips.example/jwks.json ' })).body).toEqual({
      name: 'DIPS Arena',
      issuer: 'https://dips.example/',
      organizationId: 'org-1',
      jwksUrl: 'https://dips.example/jwks.json',
    });
  });

  it('names each problem: missing fields, bad issuer, not JSON, private keys, missing kid, plain http', () => {
    const fields = (d: Partial<CdsClientDraft>) => checkCdsClientDraft(draft(d)).problems.map((p) => `${p.field}:${p.key}`);
    expect(fields({ name: ' ', organizationId: '' })).toEqual(['name:form.error.required', 'organizationId:admin.error.noOrganization']);
    expect(fields({ issuer: 'dips' })).toEqual(['issuer:cds.error.issuer']);
    expect(fields({ jwks: '{"keys": [' })).toEqual(['jwks:cds.error.jwks']);
    expect(fields({ jwks: JSON.stringify({ keys: [{ ...key, d: 'secret' }] }) })).toEqual(['jwks:cds.error.private']);
    expect(fields({ jwks: JSON.stringify({ keys: [{ ...key, kid: undefined }] }) })).toEqual(['jwks:cds.error.kid']);
    expect(fields({ keySource: 'url', jwksUrl: 'http://dips.example/jwks' })).toEqual(['jwksUrl:cds.error.https']);
    expect(fields({ keySource: 'url', jwksUrl: 'http://127.0.0.1:9000/jwks' })).toEqual([]);
    expect(checkCdsClientDraft(draft({ issuer: '' })).body).toBeUndefined();
  });
});
