// Trusting CDS clients (CDS Hooks 2.0 §Trusting CDS Clients): every call to a CDS service carries
// `Authorization: Bearer <JWT>` signed with the client's private key. Radvis accepts the call only
// when the JWT's `iss` is a registered, active client, the signature verifies with one of that
// client's public keys (`kid`), the algorithm is asymmetric, `aud` is the URL of the endpoint
// being called, the token is fresh (exp, iat, at most 5 minutes' lifetime) and its `jti` has not
// been seen before (replay). A `jku` header is followed only when it is the JWK Set URL
// registered for that issuer (the allowlist the specification asks for).
//
// Who does what: jose decodes the token and selects the client's key by kid and alg from its JWK
// Set (local or at the registered URL, with its caching and cooldown); fast-jwt checks the
// signature with node:crypto and the registered claims (alg, iss, aud, exp, nbf, required claims).
// jose 6 verifies through WebCrypto only, which cost 80–150 µs of the server's CPU per RS384 call
// against ~30 µs for node:crypto (bench/RESULTS.md Session 11; bench/cds-cpu.ts): a third of
// an order-select call's CPU. One fast-jwt verifier is built per (key, alg, issuer, audience) and
// reused, so the key is parsed once. ES384/ES512 stay with jose: their ~0.5 ms verification runs
// on the thread pool rather than holding the event loop (OFF_THREAD_ALGORITHMS).
import { createPublicKey, KeyObject, type JsonWebKey } from 'node:crypto';
import { createVerifier, TokenError } from 'fast-jwt';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  importJWK,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { Invalid, Unauthenticated } from '../http/errors.ts';
import { MemoryReplayCache, type ReplayCache } from './replay-cache.ts';

export interface CdsClient {
  id: string;
  name: string;
  issuer: string;
  organizationId: string;
  jwks: JSONWebKeySet | null;
  jwksUrl: string | null;
  active: boolean;
  createdAt?: string;
}

export interface VerifiedCdsCall {
  client: CdsClient;
  /** The `tenant` claim: the healthcare organization invoking the hook, if the client sends it. */
  tenant?: string;
  jti: string;
}

/** Asymmetric algorithms only: `none` and HMAC (shared secrets) are forbidden by the specification. */
export const CDS_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;
/** The longest lifetime (exp − iat) accepted; it also bounds how long a jti must be remembered. */
export const MAX_TOKEN_LIFETIME_S = 300;
const CLOCK_TOLERANCE_S = 30;
const CLIENT_CACHE_MS = 60_000;
/**
 * Algorithms verified by jose (WebCrypto, on libuv's thread pool) rather than fast-jwt (node:crypto
 * on the event loop): a P-384/P-521 verification costs ~0.5 ms of CPU here (OpenSSL 3.0), too long
 * to hold the event loop for; on the pool it runs beside the request handling on another core. RSA,
 * PSS, P-256 and EdDSA verifications take ~30–100 µs and run inline.
 */
const OFF_THREAD_ALGORITHMS: ReadonlySet<string> = new Set(['ES384', 'ES512']);
/** Claims every CDS JWT must carry (CDS Hooks 2.0 §Trusting CDS Clients). */
const REQUIRED_CLAIMS = ['exp', 'iat', 'jti', 'aud'];

type ClaimsVerifier = (token: string) => Record<string, unknown>;
/** What jose's JWK Set getters hand back for a kid (a CryptoKey for every asymmetric JWK). */
type SelectedKey = Awaited<ReturnType<JWTVerifyGetKey>>;

/** The public key as PEM (SubjectPublicKeyInfo), the form fast-jwt takes. Throws for a symmetric key. */
function publicPem(key: SelectedKey): string {
  const k =
    key instanceof KeyObject
      ? key
      : key instanceof Uint8Array
        ? null
        : 'kty' in key
          ? createPublicKey({ key: key as JsonWebKey, format: 'jwk' })
          : KeyObject.from(key as Parameters<typeof KeyObject.from>[0]);
  if (!k || k.type !== 'public') throw fail('the JWT could not be verified (not a public key)');
  return k.export({ type: 'spki', format: 'pem' }) as string;
}

/** The claim a fast-jwt claim error names ("The aud claim value is not allowed.", "None of aud claim values…"). */
const claimOf = (e: TokenError) => /(?:The|of) (\w+) claim/.exec(e.message)?.[1] ?? '?';

/**
 * Maps a fast-jwt refusal to the reason given to the client (the same wording as when jose
 * checked the claims: `claim <name>: missing | invalid | does not match this endpoint`).
 */
function refusal(e: TokenError): Unauthenticated {
  const c = TokenError.codes;
  const why: Partial<Record<string, string>> = {
    [c.expired]: 'the JWT has expired',
    [c.inactive]: 'claim nbf: the JWT is not valid yet',
    [c.missingRequiredClaim]: `claim ${claimOf(e)}: missing`,
    [c.invalidClaimType]: `claim ${claimOf(e)}: invalid`,
    [c.invalidClaimValue]: `claim ${claimOf(e)}: does not match this endpoint`,
    [c.invalidSignature]: 'the signature does not verify',
    [c.missingSignature]: 'the signature does not verify',
    [c.malformed]: 'the bearer token is not a JWT',
    [c.invalidPayload]: 'the bearer token is not a JWT',
  };
  return fail(why[e.code] ?? `the JWT could not be verified (${e.code})`);
}

const fail = (why: string) => new Unauthenticated(`CDS-klienten er ikke godkjent: ${why} / CDS client not trusted: ${why}`);

/** Loopback hosts may serve a JWK Set over plain http (development, tests); anything else must use https. */
function isAllowedJwksUrl(u: URL): boolean {
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
}

export interface VerifierOptions {
  lookup: (issuer: string) => Promise<CdsClient | undefined>;
  now?: () => Date;
  /** Where used jti are remembered (replay-cache.ts); default one process's memory. */
  replay?: ReplayCache;
}

export class CdsClientVerifier {
  private readonly clients = new Map<string, { client: Promise<CdsClient | undefined>; at: number }>();
  private readonly localKeys = new Map<string, { source: JSONWebKeySet; get: JWTVerifyGetKey }>();
  private readonly remoteKeys = new Map<string, JWTVerifyGetKey>();
  /**
   * Claim and signature verifiers per key (jose hands back the same CryptoKey for the same JWK and
   * alg from its caches), keyed by alg, issuer and audience within the key.
   */
  private readonly verifiers = new WeakMap<SelectedKey, Map<string, ClaimsVerifier>>();
  /** issuer + jti of tokens already used, until they expire (replay-cache.ts). */
  readonly replay: ReplayCache;

  constructor(private readonly opts: VerifierOptions) {
    this.replay = opts.replay ?? new MemoryReplayCache(CLOCK_TOLERANCE_S);
  }

  /** Forget what is cached about an issuer (after an administrator changes or deactivates it). */
  forget(issuer?: string) {
    if (issuer === undefined) this.clients.clear();
    else this.clients.delete(issuer);
  }

  private client(issuer: string): Promise<CdsClient | undefined> {
    const hit = this.clients.get(issuer);
    const now = Date.now();
    if (hit && now - hit.at < CLIENT_CACHE_MS) return hit.client;
    const client = this.opts.lookup(issuer).catch((e: unknown) => {
      this.clients.delete(issuer);
      throw e;
    });
    if (this.clients.size > 1000) this.clients.clear();
    this.clients.set(issuer, { client, at: now });
    return client;
  }

  private keysFor(client: CdsClient): JWTVerifyGetKey {
    if (client.jwksUrl) {
      let get = this.remoteKeys.get(client.jwksUrl);
      if (!get) {
        get = createRemoteJWKSet(new URL(client.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
        this.remoteKeys.set(client.jwksUrl, get);
      }
      return get;
    }
    const cached = this.localKeys.get(client.id);
    if (cached && cached.source === client.jwks) return cached.get;
    const get = createLocalJWKSet(client.jwks!);
    this.localKeys.set(client.id, { source: client.jwks!, get });
    return get;
  }

  /**
   * The fast-jwt verifier for `key` (a public key jose selected from the client's JWK Set) that
   * accepts only `alg`, `issuer` and `audience` (exact strings), requires exp/iat/jti/aud and
   * allows CLOCK_TOLERANCE_S of clock skew on exp/nbf. Built once per key and claim set; with a
   * fixed clock (`nowMs`, tests) a fresh one is built for the call.
   */
  private claimsVerifier(key: SelectedKey, alg: string, issuer: string, audience: string | string[], nowMs?: number): ClaimsVerifier {
    const id = `${alg}\n${issuer}\n${Array.isArray(audience) ? audience.join('\n') : audience}`;
    let perKey = this.verifiers.get(key);
    const hit = nowMs === undefined ? perKey?.get(id) : undefined;
    if (hit) return hit;
    const verifier = createVerifier({
      key: publicPem(key),
      algorithms: [alg as (typeof CDS_ALGORITHMS)[number]],
      allowedIss: issuer,
      allowedAud: audience,
      requiredClaims: REQUIRED_CLAIMS,
      clockTolerance: CLOCK_TOLERANCE_S * 1000,
      ...(nowMs === undefined ? {} : { clockTimestamp: nowMs }),
    }) as ClaimsVerifier;
    if (nowMs !== undefined) return verifier;
    if (!perKey) this.verifiers.set(key, (perKey = new Map()));
    if (perKey.size > 100) perKey.clear();
    perKey.set(id, verifier);
    return verifier;
  }

  /**
   * Verifies the bearer JWT of a CDS call to `audience` (the URL of the endpoint called; a list
   * when more than one spelling is acceptable). Throws Unauthenticated with the reason.
   */
  async verify(token: string, audience: string | string[]): Promise<VerifiedCdsCall> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw fail('the bearer token is not a JWT');
    }
    if (!header.alg || !(CDS_ALGORITHMS as readonly string[]).includes(header.alg))
      throw fail(`algorithm ${String(header.alg)} is not accepted (asymmetric only)`);
    if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') throw fail('typ must be JWT');
    if (!header.kid) throw fail('the JWT header has no kid');
    if (typeof claims.iss !== 'string' || claims.iss === '') throw fail('the JWT has no iss');
    const client = await this.client(claims.iss);
    if (!client || !client.active) throw fail(`issuer ${claims.iss} is not a registered, active CDS client`);
    if (header.jku !== undefined && header.jku !== client.jwksUrl) throw fail('jku is not the JWK Set URL registered for this issuer');

    const now = this.opts.now?.() ?? new Date();
    let publicKey: SelectedKey;
    try {
      const [protectedHeader, payloadPart, signature] = token.split('.');
      publicKey = await this.keysFor(client)(header as Parameters<JWTVerifyGetKey>[0], { protected: protectedHeader, payload: payloadPart, signature });
    } catch (e) {
      if (e instanceof joseErrors.JWKSNoMatchingKey) throw fail(`no key with kid ${header.kid} for this issuer`);
      if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JOSEError) throw fail(`the JWT could not be verified (${e.code})`);
      throw e;
    }
    let payload: Record<string, unknown>;
    try {
      payload = OFF_THREAD_ALGORITHMS.has(header.alg)
        ? (
            await jwtVerify(token, publicKey, {
              issuer: client.issuer,
              audience,
              algorithms: [header.alg],
              clockTolerance: CLOCK_TOLERANCE_S,
              requiredClaims: REQUIRED_CLAIMS,
              currentDate: now,
            })
          ).payload
        : this.claimsVerifier(publicKey, header.alg, client.issuer, audience, this.opts.now ? now.getTime() : undefined)(token);
    } catch (e) {
      if (e instanceof TokenError) throw refusal(e);
      if (e instanceof joseErrors.JWTExpired) throw fail('the JWT has expired');
      if (e instanceof joseErrors.JWTClaimValidationFailed)
        throw fail(`claim ${e.claim}: ${e.reason === 'check_failed' ? 'does not match this endpoint' : e.reason}`);
      if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw fail('the signature does not verify');
      if (e instanceof joseErrors.JOSEError) throw fail(`the JWT could not be verified (${e.code})`);
      throw e;
    }
    if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) throw fail('claim iat: invalid');
    if (typeof payload.jti !== 'string' || payload.jti === '') throw fail('claim jti: invalid');
    const nowS = Math.floor(now.getTime() / 1000);
    if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) throw fail('exp is not a number');
    if (payload.iat > nowS + CLOCK_TOLERANCE_S) throw fail('iat is in the future');
    if (payload.exp - payload.iat > MAX_TOKEN_LIFETIME_S) throw fail(`the JWT lives longer than ${MAX_TOKEN_LIFETIME_S} s`);
    const jti = payload.jti;
    if (jti.length > 200) throw fail('jti is too long');
    const key = `${client.issuer}\n${jti}`;
    if (!(await this.replay.remember(key, payload.exp, nowS))) throw fail('this JWT was already used (jti replay)');
    return { client, tenant: typeof payload.tenant === 'string' ? payload.tenant : undefined, jti };
  }
}

// ---- registration (administrators, scripts) ----

export interface NewCdsClient {
  name: string;
  issuer: string;
  organizationId: string;
  jwks?: JSONWebKeySet;
  jwksUrl?: string;
}

/** Checks a registration: an issuer URI, exactly one of a JWK Set or a JWK Set URL, public asymmetric keys with kid. */
export async function validateNewCdsClient(c: NewCdsClient): Promise<void> {
  const fields: { field: string; message: string }[] = [];
  if (!c.name.trim()) fields.push({ field: 'name', message: 'required' });
  try {
    new URL(c.issuer);
  } catch {
    fields.push({ field: 'issuer', message: 'must be the URI the client puts in iss' });
  }
  if ((c.jwks === undefined) === (c.jwksUrl === undefined)) fields.push({ field: 'jwks', message: 'give either jwks (a JWK Set) or jwksUrl, not both' });
  if (c.jwksUrl !== undefined) {
    let u: URL | null = null;
    try {
      u = new URL(c.jwksUrl);
    } catch {
      fields.push({ field: 'jwksUrl', message: 'not a URL' });
    }
    if (u && !isAllowedJwksUrl(u)) fields.push({ field: 'jwksUrl', message: 'must be https (http only on localhost)' });
  }
  if (c.jwks !== undefined) {
    const keys = Array.isArray(c.jwks?.keys) ? c.jwks.keys : null;
    if (!keys || keys.length === 0) fields.push({ field: 'jwks.keys', message: 'at least one public key' });
    for (const [i, k] of (keys ?? []).entries()) {
      if ('d' in k || 'k' in k) fields.push({ field: `jwks.keys.${i}`, message: 'must be a public key (no private or symmetric key material)' });
      else if (!k.kid) fields.push({ field: `jwks.keys.${i}.kid`, message: 'required' });
      else if (k.kty !== 'EC' && k.kty !== 'RSA' && k.kty !== 'OKP') fields.push({ field: `jwks.keys.${i}.kty`, message: 'must be EC, RSA or OKP' });
      else {
        try {
          await importJWK(
            k,
            k.alg ??
              (k.kty === 'EC'
                ? ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as Record<string, string>)[k.crv ?? '']
                : k.kty === 'RSA'
                  ? 'RS384'
                  : 'EdDSA'),
          );
        } catch (e) {
          fields.push({ field: `jwks.keys.${i}`, message: `not a usable key (${(e as Error).message})` });
        }
      }
    }
  }
  if (fields.length > 0) throw new Invalid(`Ugyldig CDS-klient / Invalid CDS client: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, fields);
}
