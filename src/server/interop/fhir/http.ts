// HTTP plumbing for the standards edges (FHIR, CDS Hooks): the application/fhir+json body
// parser (app-wide), and CORS for browser-based record systems — built once, not per request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyCorsOptions } from '@fastify/cors';
import type { Resource } from '@medplum/fhirtypes';
import { Invalid, localeOf, MethodNotAllowed, NotAcceptable, UnsupportedMediaType, withIssueTexts } from '../../http/errors.ts';
import { elementsSubset, summarized } from './definitions.ts';

/**
 * CORS for /fhir and /cds-services (what a browser-based record system or SMART app calls). The
 * preflight allows the headers our documented interactions use (conditional create's
 * If-None-Exist, Prefer for search handling, If-None-Match / If-Modified-Since / If-Match for reads) and the answers expose
 * Location, ETag, Content-Location, Last-Modified, WWW-Authenticate and Allow (the methods a 405 names; not a
 * CORS-safelisted response header, Fetch §cors-safelisted-response-header-name) (hapi-fhir PR #718; cds-hooks/docs PR #140).
 * Credentials are not allowed: these routes take bearer tokens, and session cookies are SameSite=Strict.
 */
export const INTEROP_CORS: Readonly<FastifyCorsOptions> = Object.freeze({
  origin: '*',
  methods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Accept-Language', 'If-None-Exist', 'If-None-Match', 'If-Modified-Since', 'If-Match', 'Prefer'],
  exposedHeaders: ['Location', 'ETag', 'Content-Location', 'Last-Modified', 'Preference-Applied', 'WWW-Authenticate', 'Allow'],
  maxAge: 600,
  // An OPTIONS without Origin / Access-Control-Request-Method is not refused with a bare text 400:
  // it gets the CORS headers (or, off the interop paths, the route's own answer).
  strictPreflight: false,
});
/** No CORS: the app API is same-origin. */
const NO_CORS: Readonly<FastifyCorsOptions> = Object.freeze({ origin: false });

/** @fastify/cors delegator: picks one of the two prebuilt option objects by path. */
export function corsDelegator(req: FastifyRequest, cb: (error: Error | null, options: FastifyCorsOptions) => void): void {
  const url = req.url ?? '';
  cb(null, url.startsWith('/fhir') || url.startsWith('/cds-services') ? INTEROP_CORS : NO_CORS);
}

/** FHIR formats Radvis does not serve (http.html#mime-type): XML and Turtle. */
const NON_JSON_FHIR =
  /^(application\/fhir\+xml|application\/xml\+fhir|application\/xml|text\/xml|application\/fhir\+turtle|text\/turtle|application\/x-turtle)$/;
/** Media ranges Radvis can answer with JSON. */
const JSON_RANGES = ['*/*', 'application/*', 'application/json', 'application/fhir+json', 'application/json+fhir'];
/** `_format` values that mean JSON (http.html#mime-type), before any `;` parameters; `+` arrives as a space when not escaped. */
const JSON_FORMAT = /^(json|application\/json|application\/fhir[+ ]json|application\/json[+ ]fhir)$/i;

/**
 * Why a FHIR request cannot be answered in JSON, or null when it can (R4 http.html#mime-type:
 * `_format` overrides Accept; 406 when the server cannot give the requested format). Any
 * `_format` that does not name JSON — XML, Turtle, HTML, or a value Radvis does not know — is
 * refused, on every FHIR route alike (a read, a search and /metadata answer the same). The
 * Accept header is refused only when it asks for a FHIR format Radvis lacks (XML, Turtle) or a
 * fhirVersion other than 4.0 with nothing JSON or wildcard beside it; other Accept values
 * (e.g. text/html alone) are answered with JSON.
 */
export function unacceptable(format: string | null, accept: string | undefined): string | null {
  if (format !== null) {
    const [f, ...params] = format
      .trim()
      .split(';')
      .map((x) => x.trim());
    const version = params.map((p) => /^fhirversion\s*=\s*"?([^"]*)"?$/i.exec(p)?.[1]).find((v) => v !== undefined);
    if (!JSON_FORMAT.test(f) || (version !== undefined && !/^4\.0(\.\d+)?$/.test(version)))
      return `_format ${f.slice(0, 60) || '(empty)'} is not supported; Radvis serves application/fhir+json (FHIR 4.0)`;
    return null;
  }
  if (!accept) return null;
  const ranges = accept.split(',').map((r) => {
    const [type, ...params] = r.split(';').map((x) => x.trim().toLowerCase());
    const p = Object.fromEntries(params.map((x) => x.split('=').map((y) => y.trim().replace(/^"|"$/g, ''))));
    return { type, q: p.q === undefined ? 1 : Number(p.q), fhirVersion: p.fhirversion as string | undefined };
  });
  const acceptable = ranges.some((r) => r.q > 0 && JSON_RANGES.includes(r.type) && (r.fhirVersion === undefined || /^4\.0(\.\d+)?$/.test(r.fhirVersion)));
  if (acceptable) return null;
  const askedFhir = ranges.some((r) => NON_JSON_FHIR.test(r.type) || (r.fhirVersion !== undefined && JSON_RANGES.includes(r.type)));
  return askedFhir ? `Accept ${accept.slice(0, 100)} cannot be met; Radvis serves application/fhir+json (FHIR 4.0)` : null;
}

/**
 * Parameters that control the whole answer and take one value (search.html#_count, #_sort,
 * #summary, #elements, #total; http.html#mime-type `_format`, #history `_since`, #capabilities
 * `mode`): given twice they are ambiguous, so the request is refused (400) rather than one of
 * them silently winning.
 */
export const SINGLE_VALUED_PARAMS = ['_format', '_pretty', '_count', '_offset', '_total', '_sort', '_summary', '_elements', '_since', '_at', 'mode'] as const;

/** The single-valued control parameters that occur more than once in a query string (names as given). */
export function repeatedControlParams(query: URLSearchParams): string[] {
  const seen = new Map<string, number>();
  for (const name of query.keys()) seen.set(name, (seen.get(name) ?? 0) + 1);
  return SINGLE_VALUED_PARAMS.filter((n) => (seen.get(n) ?? 0) > 1);
}

/**
 * On /fhir: 400 when a single-valued control parameter is repeated, 406 (OperationOutcome) when
 * the client asks for a format Radvis does not serve; a search Bundle's OperationOutcome entries
 * get their issues' texts in the caller's language (errors.ts withIssueTexts); the base URL
 * (batch/transaction, system search: not supported) is answered 405 with an empty Allow.
 */
export function registerFhirNegotiation(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    const url = req.url ?? '';
    if (!url.startsWith('/fhir/') && url !== '/fhir' && !url.startsWith('/fhir?')) return;
    if (req.method === 'OPTIONS') return;
    // The base URL: batch/transaction (POST [base]) and system search (GET [base]) are not in the
    // CapabilityStatement's rest.interaction: 405 with an empty Allow, as /fhir/_history (not a 404
    // "no route", which reads as "no FHIR server here"). Answered here, not by a route at /fhir,
    // so the routes under /fhir/ stay as they are.
    if (/^\/fhir\/?(\?|$)/.test(url)) {
      reply.header('Allow', '');
      throw new MethodNotAllowed(`${req.method} is not supported on the base URL /fhir (see /fhir/metadata)`, undefined, {
        reason: 'interaction-not-supported',
      });
    }
    const q = url.indexOf('?');
    let query = new URLSearchParams();
    if (q >= 0) {
      try {
        query = new URLSearchParams(url.slice(q + 1));
      } catch {
        query = new URLSearchParams();
      }
    }
    applyControlParams(req, query);
    if ((req.method === 'GET' || req.method === 'HEAD') && READ_PATH.test(url.split('?')[0])) applyReadSubset(req, query);
  });
  // A lenient search's warnings (OperationOutcome entries) get their reason's text in the caller's language.
  app.addHook('preSerialization', async (req, _reply, payload) => {
    const url = req.url ?? '';
    return url.startsWith('/fhir/') ? withIssueTexts(payload, localeOf(req.headers['accept-language'])) : payload;
  });
  // `_summary` / `_elements` on a read, vread or metadata (applyReadSubset): the one resource is cut.
  app.addHook('onSend', async (req, reply, payload) => {
    const subset = READ_SUBSET.get(req);
    if (!subset || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    try {
      const r = JSON.parse(payload) as Resource;
      if (!r || typeof r !== 'object' || !r.resourceType || r.resourceType === 'Bundle' || r.resourceType === 'OperationOutcome') return payload;
      return JSON.stringify(subset.elements ? elementsSubset(r, subset.elements) : summarized(r, subset.summary!));
    } catch {
      return payload;
    }
  });
  // http.html#parameters: `_pretty=true` asks for an indented answer, on every interaction.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!PRETTY.has(req) || typeof payload !== 'string' || !/json/.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    try {
      return JSON.stringify(JSON.parse(payload), null, 2);
    } catch {
      return payload;
    }
  });
}

/** Requests that asked for `_pretty=true` (checked in onRequest, applied in onSend). */
const PRETTY = new WeakSet<FastifyRequest>();

/**
 * The URLs of the interactions that answer one resource: read (`/fhir/{type}/{id}`), vread
 * (`…/_history/{vid}`) and capabilities (`/fhir/metadata`). Search, history and `_search` answer
 * Bundles and apply `_summary`/`_elements` themselves (search.ts).
 */
const READ_PATH = /^\/fhir\/(?:metadata|[A-Z][A-Za-z]+\/(?!_history$|_search$)[A-Za-z0-9.-]{1,64}(?:\/_history\/[^/]+)?)$/;

/** Reads that asked for a subset (checked in onRequest, applied in onSend): `_summary` true/text/data, or `_elements`. */
const READ_SUBSET = new WeakMap<FastifyRequest, { summary?: 'true' | 'text' | 'data'; elements?: string[] }>();

/**
 * `_summary` and `_elements` on a read, vread or metadata: R4 http.html defines `_format`,
 * `_pretty`, `_summary` and `_elements` for every interaction, so a read answers the subset
 * asked for (search.html#summary, #elements; tagged SUBSETTED) instead of ignoring them. One
 * resource has no count: `_summary=count` is refused, as are a mode R4 does not define, element
 * names that are not names and both parameters at once (400, nothing read).
 */
function applyReadSubset(req: FastifyRequest, query: URLSearchParams): void {
  const summary = query.get('_summary');
  const elements = query.get('_elements');
  if (summary !== null && elements !== null)
    throw new Invalid('use _summary or _elements, not both', [
      { field: '_elements', message: 'use _summary or _elements, not both', reason: 'parameters-exclusive' },
    ]);
  if (summary !== null) {
    if (summary === 'count')
      throw new Invalid('_summary=count applies to searches; a read answers one resource', [
        { field: '_summary', message: 'count applies to searches; use true, text, data or false' },
      ]);
    if (summary !== 'true' && summary !== 'text' && summary !== 'data' && summary !== 'false')
      throw new Invalid('_summary must be true, text, data or false', [{ field: '_summary', message: 'must be true, text, data or false' }]);
    if (summary !== 'false') READ_SUBSET.set(req, { summary });
  }
  if (elements !== null) {
    const names = elements.split(',').map((e) => e.trim());
    if (names.some((e) => !/^[a-zA-Z][A-Za-z0-9]{0,63}$/.test(e)))
      throw new Invalid('_elements must be a comma-separated list of element names', [
        { field: '_elements', message: 'must be a comma-separated list of element names' },
      ]);
    READ_SUBSET.set(req, { elements: names });
  }
}

/**
 * Checks the control parameters that shape the whole answer, in `query` (a GET's query string, or
 * a POST _search's URL and form body together): 400 (`Invalid`) when a single-valued one is
 * repeated or `_pretty` is not true/false, 406 (`NotAcceptable`) when `_format` or the Accept
 * header asks for a format Radvis does not serve (R4 http.html#mime-type, #parameters). Marks the
 * request for an indented answer when `_pretty=true`. Called in onRequest for the URL, and again
 * by the POST _search route for its form body, which onRequest cannot see.
 */
export function applyControlParams(req: FastifyRequest, query: URLSearchParams): void {
  const repeated = repeatedControlParams(query);
  if (repeated.length > 0)
    throw new Invalid(
      `Given more than once: ${repeated.join(', ')}`,
      repeated.map((field) => ({ field, message: 'must be given at most once', reason: 'parameter-repeated' as const })),
    );
  const format = query.get('_format');
  const why = unacceptable(format, req.headers.accept);
  if (why)
    throw new NotAcceptable(why, [{ field: format !== null ? '_format' : 'Accept', message: 'only application/fhir+json', reason: 'format-not-supported' }]);
  const pretty = query.get('_pretty');
  if (pretty !== null && pretty !== 'true' && pretty !== 'false')
    throw new Invalid('_pretty must be true or false', [{ field: '_pretty', message: 'must be true or false' }]);
  if (pretty === 'true') PRETTY.add(req);
}

/** Media types a FHIR or CDS Hooks request body may have (R4 http.html#mime-type; CDS Hooks 2.0 uses application/json). */
const JSON_BODY_TYPES = ['application/json', 'application/fhir+json', 'application/json+fhir'];

/**
 * Why a request body on /fhir or /cds-services cannot be read, or null when it can. Bodies are
 * JSON (a form body only for `POST …/_search`, search.html#search), in UTF-8 (R4 http.html: FHIR
 * bodies are UTF-8; RFC 8259 §8.1 for JSON) and, when a fhirVersion is named, FHIR 4.0 (R4
 * http.html#version-parameter). A body without a Content-Type is refused too: text/plain or
 * nothing used to reach the handler as a string and come back as a 400 about the JSON.
 */
export function unsupportedBody(contentType: string | undefined, path: string): string | null {
  if (contentType === undefined || contentType.trim() === '') return 'A request body needs Content-Type application/fhir+json (or application/json)';
  const [type, ...params] = contentType.split(';').map((x) => x.trim());
  const t = type.toLowerCase();
  const form = t === 'application/x-www-form-urlencoded' && /^\/fhir\/[A-Za-z]+\/_search$/.test(path);
  if (!JSON_BODY_TYPES.includes(t) && !form) return `Content-Type ${type.slice(0, 80)} is not supported; send application/fhir+json`;
  for (const p of params) {
    const [k, v = ''] = p.split('=').map((x) => x.trim().replace(/^"|"$/g, ''));
    if (k.toLowerCase() === 'charset' && !/^utf-?8$/i.test(v)) return `charset ${v.slice(0, 40)} is not supported; FHIR and CDS Hooks bodies are UTF-8`;
    if (k.toLowerCase() === 'fhirversion' && !/^4\.0(\.\d+)?$/.test(v)) return `fhirVersion ${v.slice(0, 20)} is not supported; Radvis serves FHIR 4.0`;
  }
  return null;
}

/**
 * Answers 415 (OperationOutcome) for a request body on /fhir or /cds-services that is not UTF-8 JSON (see `unsupportedBody`),
 * except on the routes that refuse the request's method (they answer 405 first, `refuseOtherMethods`).
 */
export function registerInteropBodyTypes(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const url = req.url ?? '';
    if (!/^\/(fhir|cds-services)(\/|\?|$)/.test(url)) return;
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    // A method the URL does not take is answered 405 whatever the body (refuseOtherMethods).
    if (req.routeOptions.config?.refusesMethod) return;
    const why = unsupportedBody(req.headers['content-type'], url.split('?')[0]);
    if (why)
      throw new UnsupportedMediaType(why, [
        { field: 'Content-Type', message: 'UTF-8 JSON (application/fhir+json or application/json)', reason: 'media-type-not-supported' },
      ]);
  });
}

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods a FHIR interaction uses (R4 http.html): read/search GET, create POST, update PUT, patch PATCH, delete DELETE. */
export type FhirMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the routes `refuseOtherMethods` registers: the methods the URL does take (its Allow header). */
    refusesMethod?: readonly string[];
  }
}

/**
 * Answers the methods a FHIR URL does not take with 405 and an Allow header (an OperationOutcome),
 * rather than 404: the resource type is supported, the interaction is not (R4 http.html; the
 * CapabilityStatement lists the interactions). No data is read, so the answer is public. The
 * method is judged before the body (R4 http.html#delete: a type that refuses an interaction on
 * principle answers 405): the refusal is thrown in the route's onRequest hook, before Fastify
 * parses a body, and `registerInteropBodyTypes` leaves these routes alone — so a JSON Patch, an
 * XML body or an empty body with a JSON Content-Type gets the same 405, never a 415 or 400.
 * `allow` empty refuses every method; when `allow` covers every method nothing is registered.
 */
export function refuseOtherMethods(app: FastifyInstance, url: string, allow: readonly FhirMethod[]): void {
  const allowed: string[] = ALL_METHODS.filter((m) => m !== 'HEAD' && allow.includes(m));
  if (allow.includes('GET')) allowed.push('HEAD');
  const others = ALL_METHODS.filter((m) => !allowed.includes(m));
  if (others.length === 0) return;
  app.route({
    method: others,
    url,
    config: { access: { public: true }, refusesMethod: allowed },
    onRequest: async (req, reply) => {
      reply.header('Allow', allowed.join(', '));
      throw new MethodNotAllowed(`${req.method} is not supported on ${url} (see /fhir/metadata)`, undefined, { reason: 'interaction-not-supported' });
    },
    // Not reached: onRequest has answered.
    handler: async (req) => {
      throw new MethodNotAllowed(`${req.method} is not supported on ${url} (see /fhir/metadata)`, undefined, { reason: 'interaction-not-supported' });
    },
  });
}

/** JSON.parse reviver refusing what must not reach the database: NUL in strings, numbers that are not finite. */
function strictReviver(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.includes('\u0000')) throw new SyntaxError('NUL character in a string');
  if (typeof value === 'number' && !Number.isFinite(value)) throw new SyntaxError('number out of range');
  return value;
}

/**
 * Registers the application/fhir+json body parser on the app (R4 http.html#mime-type), so every
 * route accepts FHIR clients' bodies. Invalid JSON, NUL characters and non-finite numbers
 * (e.g. 1e999) are a 400; `__proto__` / `constructor` keys are refused as by Fastify's JSON parser,
 * and a leading byte order mark is skipped as that parser skips it.
 */
export function registerFhirJson(app: FastifyInstance): void {
  app.addContentTypeParser(['application/fhir+json', 'application/json+fhir'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      // RFC 8259 §8.1: a parser may ignore a leading byte order mark; Fastify's application/json parser
      // (secure-json-parse) does, so the same body is read alike under either media type.
      const text = (body as string).replace(/^\uFEFF/, '');
      if (/"(__proto__|constructor)"\s*:/.test(text)) throw new SyntaxError('forbidden property name');
      done(null, JSON.parse(text, strictReviver));
    } catch (e) {
      done(Object.assign(new Error(`Body is not valid JSON: ${(e as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
}
