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

/** The NCRP code system (Norwegian classification of radiological procedures) as CDS requests name it. */
export const NCRP_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7270';

/**
 * A CDS Hooks 2.0 request body (order-select or order-sign) with one draft ServiceRequest `a`
 * ordering NCRP `code` with `note`, for `userId`, and a prefetched Patient (born 1968, female).
 */
export function cdsOrderRequest(o: { note: string; hook?: 'order-select' | 'order-sign'; code?: string; userId?: string }) {
  return {
    hook: o.hook ?? 'order-select',
    hookInstance: crypto.randomUUID(),
    context: {
      userId: o.userId ?? 'Practitioner/123',
      patientId: 'p1',
      selections: ['ServiceRequest/a'],
      draftOrders: {
        resourceType: 'Bundle',
        entry: [
          {
            resource: {
              resourceType: 'ServiceRequest',
              id: 'a',
              status: 'draft',
              intent: 'order',
              code: { coding: [{ system: NCRP_SYSTEM, code: o.code ?? 'SNG0AG' }] },
              note: [{ text: o.note }],
            },
          },
        ],
      },
    },
    prefetch: { patient: { resourceType: 'Patient', birthDate: '1968-04-02', gender: 'female' } },
  };
}
