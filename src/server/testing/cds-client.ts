// A CDS client for tests: a real key pair, registered in the database like an administrator
// would, that signs CDS Hooks JWTs (CDS Hooks 2.0 §Trusting CDS Clients) for the URLs it calls.
import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import { insertCdsClient } from '../auth/store.ts';
import type { DB } from '../db/schema.ts';

export interface TestCdsClient {
  id: string;
  issuer: string;
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** A JWT for a call to `url` (a path is taken as http://localhost:80 + path, as app.inject sends it). */
  sign(url: string, o?: { claims?: JWTPayload; header?: Record<string, unknown>; lifetimeS?: number; iat?: number }): Promise<string>;
}

export const INJECT_BASE = 'http://localhost:80';

export async function makeKeys(alg = 'ES384', kid = `kid-${crypto.randomUUID()}`) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { privateKey, publicJwk, kid };
}

export async function createTestCdsClient(
  db: Kysely<DB>,
  o: { organizationId: string; alg?: string; jwksUrl?: string; issuer?: string; keys?: Awaited<ReturnType<typeof makeKeys>> },
): Promise<TestCdsClient> {
  const alg = o.alg ?? 'ES384';
  const { privateKey, publicJwk, kid } = o.keys ?? (await makeKeys(alg));
  const issuer = o.issuer ?? `https://epj-${crypto.randomBytes(4).toString('hex')}.example.test/`;
  const id = `cds-${crypto.randomUUID()}`;
  await insertCdsClient(db, id, {
    name: 'Test-EPJ',
    issuer,
    organizationId: o.organizationId,
    ...(o.jwksUrl ? { jwksUrl: o.jwksUrl } : { jwks: { keys: [publicJwk] } }),
  });
  return {
    id,
    issuer,
    kid,
    alg,
    privateKey,
    publicJwk,
    sign: (url, s = {}) => {
      const iat = s.iat ?? Math.floor(Date.now() / 1000);
      return new SignJWT({ jti: crypto.randomUUID(), ...s.claims })
        .setProtectedHeader({ alg, typ: 'JWT', kid, ...s.header })
        .setIssuer(issuer)
        .setAudience(url.startsWith('/') ? `${INJECT_BASE}${url}` : url)
        .setIssuedAt(iat)
        .setExpirationTime(iat + (s.lifetimeS ?? 300))
        .sign(privateKey);
    },
  };
}
