// Every environment variable Radvis reads is parsed and validated here, once.
// No other module may read process.env.
import fs from 'node:fs';
import path from 'node:path';
import { normalizeFhirBase } from './interop/cds-hooks/fhir-server.ts';

export interface Config {
  /** HTTP port (PORT, default 8080). */
  port: number;
  /** Interface to listen on (HOST, default 127.0.0.1; use 0.0.0.0 in a container). */
  host: string;
  /** PostgreSQL connection string (DATABASE_URL); undefined → embedded PGlite. */
  databaseUrl: string | undefined;
  /** Directory for the embedded database (RADVIS_DATA_DIR, default ./data). */
  dataDir: string;
  /** Seed a synthetic region on first start (RADVIS_SEED, default true). */
  seed: boolean;
  /** Deterministic seed for the synthetic region (RADVIS_SEED_VALUE, default 2026). */
  seedValue: number;
  /** Scope of the synthetic region: one RHF id (nord, midt, vest, sor-ost) or 'norge' (RADVIS_SEED_SCOPE, default vest). */
  seedScope: string;
  /** Number of historical referrals to generate on first start (RADVIS_SEED_REFERRALS, default 100000). */
  seedReferrals: number;
  /** Mark session cookies Secure (RADVIS_SECURE_COOKIES, default false for http://localhost demo). */
  secureCookies: boolean;
  /** Session lifetime in minutes (RADVIS_SESSION_MINUTES, default 480 = one working day). */
  sessionMinutes: number;
  /** Failed logins before an account is locked (RADVIS_LOCKOUT_ATTEMPTS, default 5). */
  lockoutAttempts: number;
  /** Lockout duration in minutes (RADVIS_LOCKOUT_MINUTES, default 15). */
  lockoutMinutes: number;
  /** Login attempts per IP per minute (RADVIS_LOGIN_RATE_PER_MINUTE, default 10). */
  loginRatePerMinute: number;
  /** Log level for the server (LOG_LEVEL; default info, warn in demo mode so the terminal shows the start-up text). */
  logLevel: string;
  /** Directory with the built web app (RADVIS_WEB_DIR, default dist/web). */
  webDir: string;
  /**
   * FHIR servers a CDS Hooks client may point Radvis at to read the patient or user when it sends
   * no prefetch (RADVIS_CDS_FHIR_SERVERS, comma-separated base URLs; default none = never fetch,
   * so the public CDS endpoint cannot be used to make requests to arbitrary hosts). A fhirServer
   * is allowed when its normalized URL lies at or below one of these (interop/cds-hooks/fhir-server.ts).
   */
  cdsFhirServers: string[];
  /**
   * The URL clients use to reach Radvis, e.g. https://radvis.helse-vest.no (RADVIS_PUBLIC_URL).
   * CDS clients sign this URL into the `aud` of their JWT; CDS Hooks refuses to start without it
   * unless in demo mode (then the request's Host header stands in). An https URL turns on HSTS.
   */
  publicUrl: string | null;
  /** shared_buffers of the embedded PGlite database (RADVIS_PGLITE_SHARED_BUFFERS, default 32MB). */
  pgliteSharedBuffers: string;
  /** Password given to every demo account (RADVIS_DEMO_PASSWORD, default "demo-passord-2026"). */
  demoPassword: string;
  // ---- cds-hardening (issue 7): demo mode, JWT replay store ----
  /**
   * Demo mode (RADVIS_DEMO, default: same as RADVIS_SEED). Only in demo mode may CDS Hooks run
   * without RADVIS_PUBLIC_URL (the JWT audience then comes from the request's Host header).
   */
  demo: boolean;
  /**
   * Where used CDS JWT ids (jti) are remembered against replay (RADVIS_JTI_STORE): `memory`
   * (one process) or `postgres` (a table shared by several instances). Default: `postgres` with
   * DATABASE_URL, else `memory`.
   */
  jtiStore: 'memory' | 'postgres';
  // ---- OpenID Connect (HelseID) login ----
  /** Login through an OpenID Connect provider such as HelseID; null = not configured (local accounts only). */
  oidc: OidcConfig | null;
  // ---- DICOM listener (Modality Worklist, MPPS, Verification) ----
  /** TCP port of the DICOM listener (DICOM_PORT, default 11112, the registered DICOM port; 0 = any free port). */
  dicomPort: number;
  /** Radvis' own (called) AE title (DICOM_AE_TITLE, default RADVIS; 1–16 characters, PS3.5 AE). */
  dicomAeTitle: string;
  /**
   * Seconds a modality's clock may run ahead of Radvis' (MPPS_CLOCK_SKEW_SECONDS, default 300, at
   * most 86400): an MPPS N-SET whose Performed Procedure Step End Date/Time lies further in the
   * future is refused with 0x0106 (PS3.4 Table F.7.2-1; the end is when the step *ended*).
   */
  mppsClockSkewSeconds: number;
  /**
   * Seconds a DICOM connection may stay silent (no bytes either way) before the listener aborts
   * it (DICOM_IDLE_TIMEOUT_SECONDS, default 30 as Orthanc's DicomScpTimeout, 1–3600): a peer that
   * never asks for an association (PS3.8 9.1.5 ARTIM), or announces a data set and never sends it,
   * holds no connection longer than this.
   */
  dicomIdleTimeoutSeconds: number;
  // ---- Reading worklists (src/server/reading/) ----
  /** Hours after which any unread case goes to the top of its lists (RADVIS_READING_MAX_WAIT_HOURS, default 72): nothing starves. */
  readingMaxWaitHours: number;
  /** Minutes a claim locks a case for one reader before it expires (RADVIS_READING_CLAIM_MINUTES, default 30). */
  readingClaimMinutes: number;
  /** Expected reading minutes a reader may hold in open claims before "next case" says finish first (RADVIS_READING_MAX_CLAIMED_MINUTES, default 60). */
  readingMaxClaimedMinutes: number;
  /**
   * The warning before a reading deadline (reading/rules.ts deadlineState): a case warns when the time
   * left is at most the smaller of these hours (RADVIS_READING_WARN_HOURS, default 2, 1–168) and this
   * percentage of its whole window from performed to due (RADVIS_READING_WARN_PERCENT, default 25, 1–100).
   */
  readingWarnHours: number;
  readingWarnPercent: number;
  /** Seconds between refreshes of the analytics aggregates (RADVIS_ANALYTICS_REFRESH_SECONDS, default 30, 1–60; 0 = off, tests refresh by hand). */
  analyticsRefreshSeconds: number;
  // ---- FHIR ----
  /**
   * Largest `_offset` a FHIR search accepts (RADVIS_FHIR_MAX_OFFSET, default 10000, 0–999999): an
   * offset makes the database step over that many rows. Paging beyond it follows the next links,
   * whose keyset `_cursor` costs the same at any depth (interop/fhir/paging.ts).
   */
  fhirMaxOffset: number;
}

/**
 * OpenID Connect login as HelseID does it: authorization code flow with PKCE (S256), the client
 * authenticated with private_key_jwt (RFC 7523), pushed authorization requests (RFC 9126) when the
 * provider offers them. Enabled by setting RADVIS_OIDC_ISSUER; the other values are then required.
 */
export interface OidcConfig {
  /** Issuer identifier (RADVIS_OIDC_ISSUER), e.g. https://helseid-sts.nhn.no; discovery is read from it. */
  issuer: string;
  /** Client id registered at the provider (RADVIS_OIDC_CLIENT_ID). */
  clientId: string;
  /** File with the client's private key as one JWK in JSON (RADVIS_OIDC_PRIVATE_JWK_PATH), as HelseID's self-service hands it out. */
  privateJwkPath: string;
  /**
   * Where the provider sends the browser back (RADVIS_OIDC_REDIRECT_URL; default
   * RADVIS_PUBLIC_URL + /api/auth/oidc/callback). Must be registered at the provider exactly.
   */
  redirectUrl: string;
  /** Scopes asked for (RADVIS_OIDC_SCOPES, space-separated; must include openid). */
  scopes: string[];
  /** Lowest `helseid://claims/identity/security_level` accepted (RADVIS_OIDC_MIN_SECURITY_LEVEL, 1–4, default 4 = HelseID's "high"). */
  minSecurityLevel: number;
  /** Use pushed authorization requests when the provider offers them (RADVIS_OIDC_USE_PAR, default true). */
  usePar: boolean;
}

/** HelseID scope names (HelseID discovery document, `scopes_supported`): the claims Radvis uses and nothing more. */
export const DEFAULT_OIDC_SCOPES = ['openid', 'helseid://scopes/identity/security_level', 'helseid://scopes/hpr/hpr_number'];

function oidcConfig(env: NodeJS.ProcessEnv, appUrl: string | null): OidcConfig | null {
  const issuer = env.RADVIS_OIDC_ISSUER;
  if (!issuer) {
    for (const n of ['RADVIS_OIDC_CLIENT_ID', 'RADVIS_OIDC_PRIVATE_JWK_PATH', 'RADVIS_OIDC_REDIRECT_URL']) {
      if (env[n]) throw new ConfigError(`${n} is set but RADVIS_OIDC_ISSUER is not; set the issuer to enable OpenID Connect login`);
    }
    return null;
  }
  const url = (name: string, v: string): URL => {
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw new ConfigError(`${name} must be a URL, got "${v}"`);
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw new ConfigError(`${name} must be https (http only on localhost), got "${v}"`);
    return u;
  };
  url('RADVIS_OIDC_ISSUER', issuer);
  const clientId = env.RADVIS_OIDC_CLIENT_ID;
  if (!clientId) throw new ConfigError('RADVIS_OIDC_CLIENT_ID is required when RADVIS_OIDC_ISSUER is set');
  const privateJwkPath = env.RADVIS_OIDC_PRIVATE_JWK_PATH;
  if (!privateJwkPath) throw new ConfigError('RADVIS_OIDC_PRIVATE_JWK_PATH is required when RADVIS_OIDC_ISSUER is set');
  const redirect = env.RADVIS_OIDC_REDIRECT_URL || (appUrl ? `${appUrl}/api/auth/oidc/callback` : '');
  if (!redirect) throw new ConfigError('RADVIS_OIDC_REDIRECT_URL (or RADVIS_PUBLIC_URL) is required when RADVIS_OIDC_ISSUER is set');
  const redirectUrl = url('RADVIS_OIDC_REDIRECT_URL', redirect);
  if (redirectUrl.search || redirectUrl.hash) throw new ConfigError('RADVIS_OIDC_REDIRECT_URL must have no query or fragment');
  const scopes = env.RADVIS_OIDC_SCOPES ? env.RADVIS_OIDC_SCOPES.split(/\s+/).filter((x) => x !== '') : DEFAULT_OIDC_SCOPES;
  if (!scopes.includes('openid')) throw new ConfigError('RADVIS_OIDC_SCOPES must include openid');
  return {
    issuer,
    clientId,
    privateJwkPath: path.resolve(privateJwkPath),
    redirectUrl: redirectUrl.href,
    scopes,
    minSecurityLevel: int(env, 'RADVIS_OIDC_MIN_SECURITY_LEVEL', 4, 1, 4),
    usePar: bool(env, 'RADVIS_OIDC_USE_PAR', true),
  };
}

function aeTitle(v: string | undefined): string {
  const t = (v ?? '').trim();
  if (t === '') return 'RADVIS';
  if (t.length > 16 || !/^[\x20-\x5b\x5d-\x7e]+$/.test(t))
    throw new ConfigError(`DICOM_AE_TITLE must be 1–16 printable ASCII characters without a backslash, got "${t}"`);
  return t;
}

export class ConfigError extends Error {}

function publicUrl(v: string | undefined): string | null {
  if (!v) return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(`RADVIS_PUBLIC_URL must be a URL, got "${v}"`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ConfigError(`RADVIS_PUBLIC_URL must be http(s), got "${v}"`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function sharedBuffers(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '32MB';
  if (!/^\d+(kB|MB|GB)$/.test(raw)) throw new ConfigError(`RADVIS_PGLITE_SHARED_BUFFERS must look like 32MB, got "${raw}"`);
  return raw;
}

const SEED_SCOPES = ['nord', 'midt', 'vest', 'sor-ost', 'norge'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const seedScope = env.RADVIS_SEED_SCOPE || 'vest';
  if (!SEED_SCOPES.includes(seedScope)) {
    throw new ConfigError(`RADVIS_SEED_SCOPE must be one of ${SEED_SCOPES.join(', ')}, got "${seedScope}"`);
  }
  const seed = bool(env, 'RADVIS_SEED', true);
  const jtiStore = env.RADVIS_JTI_STORE || (databaseUrl ? 'postgres' : 'memory');
  if (jtiStore !== 'memory' && jtiStore !== 'postgres') throw new ConfigError(`RADVIS_JTI_STORE must be memory or postgres, got "${jtiStore}"`);
  const demo = bool(env, 'RADVIS_DEMO', seed);
  return {
    demo,
    jtiStore,
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.RADVIS_DATA_DIR || './data'),
    seed,
    seedValue: int(env, 'RADVIS_SEED_VALUE', 2026),
    seedScope,
    seedReferrals: int(env, 'RADVIS_SEED_REFERRALS', 100_000, 0, 50_000_000),
    secureCookies: bool(env, 'RADVIS_SECURE_COOKIES', false),
    sessionMinutes: int(env, 'RADVIS_SESSION_MINUTES', 480, 1),
    lockoutAttempts: int(env, 'RADVIS_LOCKOUT_ATTEMPTS', 5, 1),
    lockoutMinutes: int(env, 'RADVIS_LOCKOUT_MINUTES', 15, 1),
    loginRatePerMinute: int(env, 'RADVIS_LOGIN_RATE_PER_MINUTE', 10, 1),
    // The demo's terminal shows the start-up steps and the logins; the JSON request log would bury
    // them, so the demo logs warnings and errors only unless LOG_LEVEL says otherwise.
    logLevel: env.LOG_LEVEL || (demo ? 'warn' : 'info'),
    webDir: path.resolve(env.RADVIS_WEB_DIR || 'dist/web'),
    demoPassword: env.RADVIS_DEMO_PASSWORD || 'demo-passord-2026',
    pgliteSharedBuffers: sharedBuffers(env.RADVIS_PGLITE_SHARED_BUFFERS),
    publicUrl: publicUrl(env.RADVIS_PUBLIC_URL),
    oidc: oidcConfig(env, publicUrl(env.RADVIS_PUBLIC_URL)),
    dicomPort: int(env, 'DICOM_PORT', 11112, 0, 65535),
    dicomAeTitle: aeTitle(env.DICOM_AE_TITLE),
    mppsClockSkewSeconds: int(env, 'MPPS_CLOCK_SKEW_SECONDS', 300, 0, 86_400),
    dicomIdleTimeoutSeconds: int(env, 'DICOM_IDLE_TIMEOUT_SECONDS', 30, 1, 3600),
    readingMaxWaitHours: int(env, 'RADVIS_READING_MAX_WAIT_HOURS', 72, 1, 24 * 60),
    readingClaimMinutes: int(env, 'RADVIS_READING_CLAIM_MINUTES', 30, 1, 24 * 60),
    readingMaxClaimedMinutes: int(env, 'RADVIS_READING_MAX_CLAIMED_MINUTES', 60, 1, 24 * 60),
    readingWarnHours: int(env, 'RADVIS_READING_WARN_HOURS', 2, 1, 168),
    readingWarnPercent: int(env, 'RADVIS_READING_WARN_PERCENT', 25, 1, 100),
    analyticsRefreshSeconds: int(env, 'RADVIS_ANALYTICS_REFRESH_SECONDS', 30, 0, 60),
    fhirMaxOffset: int(env, 'RADVIS_FHIR_MAX_OFFSET', 10_000, 0, 999_999),
    cdsFhirServers: (env.RADVIS_CDS_FHIR_SERVERS ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => {
        if (x === '') return false;
        if (!normalizeFhirBase(x))
          throw new ConfigError(`RADVIS_CDS_FHIR_SERVERS entries must be plain http(s) base URLs (no userinfo, query, '..' or '//'), got "${x}"`);
        return true;
      }),
  };
}

/**
 * The PostgreSQL URL tests use (TEST_DATABASE_URL), unless RADVIS_TEST_ENGINE=pglite forces the
 * embedded engine. Read here so tests too keep environment access in one place.
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.RADVIS_TEST_ENGINE === 'pglite') return undefined;
  return env.TEST_DATABASE_URL && env.TEST_DATABASE_URL !== '' ? env.TEST_DATABASE_URL : undefined;
}

/** Debian's headless-only Chromium (package chromium-headless-shell), preferred by the browser tests. */
export const CHROMIUM_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set; else Debian's headless shell
 * (`chromium-headless-shell`, the same Chromium release without the desktop browser's UI layers)
 * when it is installed (`exists` is asked, default `fs.existsSync`); else Debian's /usr/bin/chromium.
 * The shell is what Playwright itself runs for headless tests; here it took a third less Chromium CPU
 * than the full browser for the same tests (e2e/browser.ts).
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = fs.existsSync): string {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return exists(CHROMIUM_HEADLESS_SHELL) ? CHROMIUM_HEADLESS_SHELL : '/usr/bin/chromium';
}
