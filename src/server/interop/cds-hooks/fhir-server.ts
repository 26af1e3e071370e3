// The CDS client's FHIR server (CDS Hooks 2.0 §FHIR Resource Access): when a client sends
// `fhirServer` (+ `fhirAuthorization`) instead of prefetching, Radvis reads the resources it needs
// there, sending the client's bearer token. The token must reach only servers the operator
// allowed (RADVIS_CDS_FHIR_SERVERS), so both sides are compared as *normalized* URLs: scheme,
// host and port as WHATWG URL parsing gives them, and the path as decoded segments after `.`/`..`
// (also percent-encoded `%2e%2e`) are resolved — with a segment boundary, so `/fhirx` is not
// inside `/fhir`. Anything ambiguous is refused rather than interpreted: userinfo, query,
// fragment, backslashes, empty segments (`//`), percent-encoding in the host, encoded slashes/backslashes/NUL, double
// percent-encoding, `;` path parameters (`..;/`), non-http(s), and other spellings of the host or
// port than the parsed ones (non-ASCII, numeric IPv4 forms, leading zeros).
// The URL actually fetched is rebuilt from the normalized parts, redirects are never followed.

/** A fhirServer base split into the parts the allow-list compares. */
export interface FhirBase {
  /** `http:` or `https:`. */
  protocol: string;
  /** Lower-case host name (IPv6 in brackets), as URL parsing gives it. */
  hostname: string;
  /** Port number, the scheme's default when none is given. */
  port: number;
  /** Decoded path segments, without empty ones, `.`/`..` resolved. */
  segments: string[];
}

const DEFAULT_PORT: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * Parses and normalizes a FHIR base URL. Returns null for anything that is not a plain
 * http(s) base URL (see the file comment for what is refused and why).
 */
export function normalizeFhirBase(raw: string): FhirBase | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return null;
  // Refused before parsing: characters URL parsing would silently reinterpret.
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\\\s\u0000-\u001f\u007f]/.test(raw)) return null;
  if (!/^https?:\/\/[^/]/i.test(raw)) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const authority = raw.replace(/^https?:\/\//i, '').split('/')[0];
  if (u.username !== '' || u.password !== '' || authority.includes('@')) return null;
  // Percent-encoding in the host (`127.0.0.1%2e`, `%65pj.example.no`, an IPv6 zone `%25lo`) is
  // decoded by URL parsing into another spelling: refused, like the trailing dot below.
  if (authority.includes('%')) return null;
  // A host with a trailing dot (`epj.example.no.`, `127.0.0.1.`) is refused, not folded into the
  // allowed name: DNS, TLS names and Host headers treat the two spellings differently.
  if (/\.(:\d*)?$/.test(authority)) return null;
  // Another spelling of a host or port that URL parsing rewrites is refused the same way: full-width
  // or other non-ASCII characters and IDNA-ignored ones (a soft hyphen), `。` as a dot, IPv4 written
  // in decimal, octal, hex or short form (`2130706433`, `0177.0.0.1`, `127.1`), a port with leading
  // zeros or none after the colon. The host must be written as the parsed host name (any case);
  // IPv6 literals in brackets keep their compressed forms (compared as parsed).
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority);
  if (!hostPort) return null;
  const [, rawHost, rawPort] = hostPort;
  if (!rawHost.startsWith('[') && rawHost.toLowerCase() !== u.hostname) return null;
  if (rawPort !== undefined && !/^[1-9]\d{0,4}$/.test(rawPort)) return null;
  if (u.search !== '' || u.hash !== '' || raw.includes('?') || raw.includes('#')) return null;
  // The raw path must not contain empty segments: `//` is a different resource on many servers.
  const rawPath = raw.replace(/^https?:\/\/[^/]*/i, '');
  if (/\/\//.test(rawPath)) return null;
  const segments: string[] = [];
  // URL parsing has resolved `.`, `..`, `%2e` and `%2e%2e` segments already (WHATWG URL §path state).
  const parts = u.pathname.split('/').slice(1);
  for (const [i, p] of parts.entries()) {
    if (p === '' && i === parts.length - 1) continue; // one trailing slash
    if (p === '') return null;
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      return null; // bad percent-encoding
    }
    // Encoded separators or control characters would be decoded differently by different servers.
    // Also refused: a `%` left after decoding (double encoding, %252e%252e, which a server that
    // decodes twice reads as `..`) and `;` (path parameters: some servers read `..;` as `..`).
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    if (/[/\\%;\u0000-\u001f\u007f]/.test(d) || d === '.' || d === '..') return null;
    segments.push(d);
  }
  const port = u.port === '' ? DEFAULT_PORT[u.protocol] : Number(u.port);
  return { protocol: u.protocol, hostname: u.hostname.toLowerCase(), port, segments };
}

/** True when `candidate` is `base` or lies below it (whole path segments). */
export function isWithin(candidate: FhirBase, base: FhirBase): boolean {
  if (candidate.protocol !== base.protocol || candidate.hostname !== base.hostname || candidate.port !== base.port) return false;
  if (candidate.segments.length < base.segments.length) return false;
  return base.segments.every((s, i) => candidate.segments[i] === s);
}

/** The URL of a resource below a normalized base, rebuilt from its parts (what is fetched is what was checked). */
export function resourceUrl(base: FhirBase, type: string, id: string): string {
  const defaultPort = DEFAULT_PORT[base.protocol] === base.port;
  const host = `${base.hostname}${defaultPort ? '' : `:${base.port}`}`;
  const path = [...base.segments, type, id].map((s) => encodeURIComponent(s)).join('/');
  return `${base.protocol}//${host}/${path}`;
}

/** Parses the operator's allow-list once (RADVIS_CDS_FHIR_SERVERS); throws on an entry that does not normalize. */
export function parseAllowList(entries: readonly string[]): FhirBase[] {
  return entries.map((e) => {
    const n = normalizeFhirBase(e);
    if (!n) throw new Error(`RADVIS_CDS_FHIR_SERVERS entry is not a plain http(s) base URL: ${e}`);
    return n;
  });
}

/** The normalized fhirServer when the allow-list contains it, else null (never fetched). */
export function allowedFhirServer(fhirServer: string | undefined, allowList: readonly FhirBase[]): FhirBase | null {
  if (!fhirServer) return null;
  const n = normalizeFhirBase(fhirServer);
  if (!n) return null;
  return allowList.some((b) => isWithin(n, b)) ? n : null;
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Reads `{type}/{id}` from an allowed FHIR server with the client's bearer token. Returns the
 * resource when the server answered 2xx with a resource of that type, else null (unreachable,
 * 4xx/5xx, redirect, not JSON, wrong type). Redirects are not followed: the token stays with the
 * server the allow-list approved.
 */
export async function readFhirResource(
  base: FhirBase,
  type: string,
  id: string,
  accessToken: string | undefined,
  timeoutMs = 3000,
): Promise<Record<string, unknown> | null> {
  if (!FHIR_ID.test(id) || !/^[A-Z][A-Za-z]{1,40}$/.test(type)) return null;
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const res = await fetch(resourceUrl(base, type, id), { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) }).catch(() => null);
  if (!res || res.status < 200 || res.status >= 300) {
    await res?.body?.cancel().catch(() => undefined);
    return null;
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  return body && typeof body === 'object' && body.resourceType === type ? body : null;
}
