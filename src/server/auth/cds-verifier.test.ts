// CdsClientVerifier on its own (no database, no HTTP): jose picks the key from the client's JWK
// Set and fast-jwt checks the signature (node:crypto) and the registered claims. Every algorithm
// CDS Hooks allows verifies; every way a token can be wrong is refused with its reason.
import crypto from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { makeKeys } from '../testing/cds-client.ts';
import { CdsClientVerifier, type CdsClient } from './cds-clients.ts';

const AUD = 'https://radvis.example/cds-services/radvis-imaging-order-select';
const ISS = 'https://epj.example.test/';

async function setup(alg: string, o: { now?: () => Date } = {}) {
  const keys = await makeKeys(alg);
  const client: CdsClient = { id: 'c1', name: 'EPJ', issuer: ISS, organizationId: 'org', jwks: { keys: [keys.publicJwk] }, jwksUrl: null, active: true };
  const verifier = new CdsClientVerifier({ lookup: async (iss) => (iss === ISS ? client : undefined), now: o.now });
  const sign = (s: { claims?: JWTPayload; header?: Record<string, unknown>; iat?: number; lifetimeS?: number; aud?: string | null } = {}) => {
    const iat = s.iat ?? Math.floor((o.now?.() ?? new Date()).getTime() / 1000);
    const jwt = new SignJWT({ jti: crypto.randomUUID(), ...s.claims })
      .setProtectedHeader({ alg, typ: 'JWT', kid: keys.kid, ...s.header })
      .setIssuer(ISS)
      .setIssuedAt(iat)
      .setExpirationTime(iat + (s.lifetimeS ?? 300));
    if (s.aud !== null) jwt.setAudience(s.aud ?? AUD);
    return jwt.sign(keys.privateKey);
  };
  /** A token with exactly these claims (nothing set for the caller). */
  const signRaw = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', kid: keys.kid }).sign(keys.privateKey);
  return { verifier, sign, signRaw, keys };
}

const refused = async (p: Promise<unknown>, why: RegExp) => {
  await expect(p).rejects.toThrow(why);
};

describe('CdsClientVerifier', () => {
  it.each(['RS384', 'RS256', 'PS384', 'ES256', 'ES384', 'EdDSA'])('accepts a fresh %s token for this endpoint, again and again with new jti', async (alg) => {
    const { verifier, sign } = await setup(alg);
    for (let i = 0; i < 3; i++) {
      const v = await verifier.verify(await sign({ claims: { tenant: 'helse-vest' } }), AUD);
      expect(v.client.id).toBe('c1');
      expect(v.tenant).toBe('helse-vest');
    }
    // One of several acceptable spellings of the endpoint.
    await verifier.verify(await sign(), ['http://internal/x', AUD]);
  });

  it('refuses a token whose payload or signature was changed', async () => {
    const { verifier, sign } = await setup('RS384');
    const [h, p, s] = (await sign()).split('.');
    const other = (await sign()).split('.')[1];
    await refused(verifier.verify(`${h}.${other}.${s}`, AUD), /signature does not verify/);
    const flipped = Buffer.from(s, 'base64url');
    flipped[10] ^= 1;
    await refused(verifier.verify(`${h}.${p}.${flipped.toString('base64url')}`, AUD), /signature does not verify/);
    await refused(verifier.verify(`${h}.${p}.`, AUD), /signature does not verify/);
  });

  it('refuses a token signed by another key under the same kid, and a kid it does not know', async () => {
    const { verifier, keys } = await setup('ES384');
    const stranger = await makeKeys('ES384', keys.kid);
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ jti: 'j1' })
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: keys.kid })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(stranger.privateKey);
    await refused(verifier.verify(forged, AUD), /signature does not verify/);
    const unknownKid = await new SignJWT({ jti: 'j2' })
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: 'other' })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(stranger.privateKey);
    await refused(verifier.verify(unknownKid, AUD), /no key with kid other/);
  });

  it('refuses an algorithm the registered key is not for', async () => {
    // An RSA key registered for RS384 only: a token signed with it as RS256 finds no key.
    const rsa = await makeKeys('RS256');
    const client: CdsClient = {
      id: 'c2',
      name: 'EPJ',
      issuer: ISS,
      organizationId: 'org',
      jwks: { keys: [{ ...rsa.publicJwk, alg: 'RS384' }] },
      jwksUrl: null,
      active: true,
    };
    const verifier = new CdsClientVerifier({ lookup: async () => client });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ jti: 'j3' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: rsa.kid })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(rsa.privateKey);
    await refused(verifier.verify(token, AUD), /no key with kid/);
  });

  it.each(['RS384', 'ES384'])('refuses a wrong or missing %s aud, and names the claim', async (alg) => {
    const { verifier, sign, signRaw } = await setup(alg);
    await refused(verifier.verify(await sign({ aud: 'https://evil.example/cds-services/x' }), AUD), /claim aud: does not match this endpoint/);
    await refused(verifier.verify(await sign({ aud: null }), AUD), /claim aud: missing/);
    const now = Math.floor(Date.now() / 1000);
    await refused(
      verifier.verify(await signRaw({ iss: ISS, aud: 42, iat: now, exp: now + 60, jti: 'a1' }), AUD),
      /claim aud: (invalid|does not match this endpoint)/,
    );
  });

  // RS384 is checked by fast-jwt on the event loop, ES384 by jose on the thread pool: same answers.
  it.each(['RS384', 'ES384'])('refuses expired, not-yet-valid, long-lived and future %s tokens (30 s tolerance)', async (alg) => {
    const { verifier, sign } = await setup(alg);
    const now = Math.floor(Date.now() / 1000);
    await refused(verifier.verify(await sign({ iat: now - 400, lifetimeS: 300 }), AUD), /expired/);
    await refused(verifier.verify(await sign({ claims: { nbf: now + 600 } }), AUD), /nbf/);
    await refused(verifier.verify(await sign({ lifetimeS: 3600 }), AUD), /longer than 300/);
    await refused(verifier.verify(await sign({ iat: now + 600, lifetimeS: 60 }), AUD), /future/);
    // Within the tolerance: expired 10 s ago is still accepted.
    await verifier.verify(await sign({ iat: now - 250, lifetimeS: 240 }), AUD);
  });

  it.each(['RS384', 'ES384'])('checks %s times against the configured clock, not the wall clock', async (alg) => {
    let clock = new Date('2030-01-01T00:00:00Z');
    const { verifier, sign } = await setup(alg, { now: () => clock });
    // Signed at 2030-01-01T00:00 (the configured clock) for 300 s: valid then, expired an hour later.
    await verifier.verify(await sign(), AUD);
    const token = await sign();
    clock = new Date(clock.getTime() + 3600_000);
    await refused(verifier.verify(token, AUD), /expired/);
  });

  it('requires iat and a string jti, and refuses a replayed jti', async () => {
    const { verifier, sign, signRaw } = await setup('RS384');
    const now = Math.floor(Date.now() / 1000);
    await refused(verifier.verify(await signRaw({ iss: ISS, aud: AUD, iat: now, exp: now + 60, jti: 7 }), AUD), /claim jti: invalid/);
    await refused(verifier.verify(await signRaw({ iss: ISS, aud: AUD, iat: 'now', exp: now + 60, jti: 'b1' }), AUD), /claim iat: invalid/);
    await refused(verifier.verify(await signRaw({ iss: ISS, aud: AUD, exp: now + 60, jti: 'b2' }), AUD), /claim iat: missing/);
    const once = await sign();
    await verifier.verify(once, AUD);
    await refused(verifier.verify(once, AUD), /replay/);
  });
});
