// Typed domain errors and the one place that turns any error into an HTTP response:
// application/problem+json (RFC 9457) on the app API, FHIR OperationOutcome on FHIR and CDS
// Hooks routes. Stack traces never reach a client. Every answer carries a stable `code` (the
// last segment of the problem type; `details.coding` in an OperationOutcome) and a user text
// from the i18n files (`problem.<code>`, chosen by Accept-Language, bokmål by default); the
// `detail`/`diagnostics` is the server's technical explanation. Framework errors (bad URL
// encoding, body too large, unsupported media type, bad JSON) and errors Node answers before
// Fastify sees the request (431 header too large) get the same shapes.
import type { Socket } from 'node:net';
import http from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MESSAGES, translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import type { nb as issueTexts } from '../../shared/i18n/issue-reasons.ts';
import { isTransientConflict } from '../db/retry.ts';
import { localeFromAcceptLanguage } from './accept-language.ts';

/**
 * Why a FHIR or CDS Hooks request was refused, as a stable code of Radvis' issue-reason CodeSystem
 * (ISSUE_REASON_SYSTEM): one of the specific reasons with a text `issue.<reason>` in
 * src/shared/i18n/issue-reasons.ts, or, when a throw site names none, a general one the central
 * mapping picks (`value-invalid` / `rule-broken` for a named field, else the error's code).
 */
export type IssueReason = (keyof typeof issueTexts extends `issue.${infer R}` ? R : never) | ErrorCode;

/** Values for an issue text's {placeholders}; a `{ nb, en }` pair is chosen by the answer's language. */
export type IssueVars = Record<string, string | number | { nb: string; en: string }>;

export interface FieldError {
  /** JSON pointer or dotted path of the offending field. */
  field: string;
  /** The technical explanation (English), served as `diagnostics` / problem+json `errors[].message`. */
  message: string;
  /** The stable reason code (OperationOutcome.issue.details.coding); see IssueReason. */
  reason?: IssueReason;
  /** Values for the reason's text; `field` is filled in from `field` unless given. */
  vars?: IssueVars;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly fields?: FieldError[];
  /** The reason of the whole error, for the issues whose field names none (and for an error without fields). */
  readonly reason?: IssueReason;
  readonly vars?: IssueVars;
  constructor(message: string, fields?: FieldError[], reason?: { reason: IssueReason; vars?: IssueVars }) {
    super(message);
    this.fields = fields;
    this.reason = reason?.reason;
    this.vars = reason?.vars;
  }
}

export class Invalid extends DomainError {
  readonly status = 400;
  readonly type = 'invalid';
}
/** The URL itself cannot be read (bad percent-encoding in the path or query string). */
export class BadUrl extends DomainError {
  readonly status = 400;
  readonly type = 'bad-url';
}
export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly type = 'unauthenticated';
}
export class Forbidden extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
}
export class NotFound extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
}
export class Conflict extends DomainError {
  readonly status = 409;
  readonly type = 'conflict';
}
/** The request is well-formed but a business rule refuses it (e.g. publishing with failing checks). */
export class Unprocessable extends DomainError {
  readonly status = 422;
  readonly type = 'unprocessable';
}
export class Locked extends DomainError {
  readonly status = 423;
  readonly type = 'locked';
}
export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly type = 'too-many-requests';
}
export class Unavailable extends DomainError {
  readonly status = 503;
  readonly type = 'unavailable';
}
export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
}
/** 405: the resource exists but does not take this method (the answer carries an Allow header). */
export class MethodNotAllowed extends DomainError {
  readonly status = 405;
  readonly type = 'method-not-allowed';
}
/** 406: the client asked (Accept, FHIR `_format`) for a representation Radvis does not serve. */
export class NotAcceptable extends DomainError {
  readonly status = 406;
  readonly type = 'not-acceptable';
}

/** The stable error codes; each has a user text `problem.<code>` in src/shared/i18n. */
export const ERROR_CODES = [
  'invalid',
  'invalid-json',
  'bad-url',
  'unauthenticated',
  'forbidden',
  'not-found',
  'method-not-allowed',
  'not-acceptable',
  'conflict',
  'precondition-failed',
  'payload-too-large',
  'unsupported-media-type',
  'unprocessable',
  'locked',
  'too-many-requests',
  'header-too-large',
  'uri-too-long',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The code for a status when an error names none we know (new DomainError types fall back here). */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  423: 'locked',
  429: 'too-many-requests',
  414: 'uri-too-long',
  431: 'header-too-large',
  500: 'internal',
  503: 'unavailable',
};

/** Fastify's own client errors → stable code (the message of these is safe to show). */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid-json',
  FST_ERR_BAD_URL: 'bad-url',
  FST_ERR_MAX_PARAM_LENGTH: 'bad-url',
  FST_ERR_ASYNC_CONSTRAINT: 'invalid',
};

function codeOf(type: string, status: number): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(type) ? (type as ErrorCode) : (CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid'));
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface Normalized {
  status: number;
  code: ErrorCode;
  detail: string;
  fields?: FieldError[];
  reason?: IssueReason;
  vars?: IssueVars;
}

function normalize(error: unknown): Normalized {
  if (error instanceof DomainError) {
    return {
      status: error.status,
      code: codeOf(error.type, error.status),
      detail: error.message,
      fields: error.fields,
      reason: error.reason,
      vars: error.vars,
    };
  }
  const e = error as FastifyError & {
    validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[];
    validationContext?: string;
  };
  if (e && Array.isArray(e.validation)) {
    const fields = e.validation.map((v) => {
      let field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      const missing = v.params?.missingProperty;
      if (typeof missing === 'string') field = field ? `${field}.${missing}` : missing;
      if (!field) field = e.validationContext ?? 'body';
      return { field, message: v.message ?? 'invalid' };
    });
    return { status: 400, code: 'invalid', detail: `Invalid request: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, fields };
  }
  // Safety net behind the edge checks: a PostgreSQL data exception (SQLSTATE class 22: NUL in
  // text, number out of range, bad date…) is the client's bad value, not a server fault.
  if (isDataException(error)) return { status: 400, code: 'invalid', detail: 'A value in the request is not valid for its field' };
  // A transaction PostgreSQL rolled back because of a simultaneous one (deadlock, serialization)
  // changed nothing and can be tried again: 503, not 500.
  if (isTransientConflict(error)) return { status: 503, code: 'unavailable', detail: 'The request met a simultaneous change; try again' };
  const status = typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500) return { status, code: 'internal', detail: 'An unexpected error occurred. It has been logged.' };
  // Fastify's own client errors (bad JSON, body too large, wrong content type): safe messages.
  const code: ErrorCode = (e.code ? FRAMEWORK_CODES[e.code] : undefined) ?? (e instanceof SyntaxError ? 'invalid-json' : codeOf('', status));
  return { status, code, detail: e.message };
}

/** SQLSTATE class 22 (data exception), from pg or PGlite. */
export function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * The user's language for error texts from the request's Accept-Language (q-values honoured;
 * bokmål by default and for anything unreadable): http/accept-language.ts.
 */
export function localeOf(acceptLanguage: string | string[] | undefined): Locale {
  return localeFromAcceptLanguage(acceptLanguage);
}

/** The user text of an error code (src/shared/i18n `problem.<code>`). */
export function userText(code: ErrorCode, locale: Locale): string {
  return translate(locale, `problem.${code}` as MessageKey);
}

/** FHIR and CDS Hooks routes answer with OperationOutcome. */
export function isFhirRoute(url: string): boolean {
  return url.startsWith('/fhir') || url.startsWith('/cds-services');
}

const FHIR_CODE: Record<number, string> = {
  400: 'invalid',
  412: 'incomplete',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  406: 'not-supported',
  409: 'conflict',
  413: 'too-costly',
  414: 'too-long',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
  500: 'exception',
  503: 'transient',
};

export const PROBLEM_BASE = 'https://radvis.no/problems';

/** Radvis' CodeSystem of issue reasons (OperationOutcome.issue.details.coding): the IssueReason codes. */
export const ISSUE_REASON_SYSTEM = 'https://radvis.no/fhir/CodeSystem/issue-reason';

/** FHIR issue types (R4 valueset-issue-type) more exact than the status's for some reasons. */
const FHIR_CODE_BY_REASON: Partial<Record<IssueReason, string>> = {
  'conditional-multiple-matches': 'multiple-matches',
  'identifier-conflict': 'duplicate',
  'identifier-in-use': 'duplicate',
  'search-parameter-unsupported': 'not-supported',
  'search-modifier-unsupported': 'not-supported',
  'patient-unknown': 'not-found',
  'referrer-unknown': 'not-found',
  'department-unknown': 'not-found',
  'exam-code-unknown': 'code-invalid',
  'referral-refused-by-rule': 'business-rule',
};

/** A field as the issue text shows it: at most 64 characters of what the client sent. */
function shownField(field: string): string {
  return field.length > 64 ? `${field.slice(0, 63)}…` : field;
}

/**
 * The reason of one issue and its text in `locale`: the field's own reason, else the error's,
 * else a general one (`value-invalid` on a 400 and `rule-broken` on a 422 that name a field,
 * otherwise the error's code with its `problem.<code>` text).
 */
export function issueReason(status: number, code: ErrorCode, locale: Locale, f?: FieldError, error?: { reason?: IssueReason; vars?: IssueVars }) {
  const general: IssueReason = f && status === 400 ? 'value-invalid' : f && status === 422 ? 'rule-broken' : code;
  const reason = f?.reason ?? error?.reason ?? general;
  if ((ERROR_CODES as readonly string[]).includes(reason)) return { reason, text: userText(reason as ErrorCode, locale) };
  const given = { ...(error?.vars ?? {}), ...(f?.vars ?? {}) };
  const vars: Record<string, string | number> = f ? { field: shownField(f.field) } : {};
  for (const [k, v] of Object.entries(given)) vars[k] = typeof v === 'object' ? v[locale] : v;
  return { reason, text: translate(locale, `issue.${reason}` as MessageKey, vars) };
}

/**
 * A FHIR R4 OperationOutcome: one issue per field (or one for the whole request). Each issue's
 * `details.coding` holds the stable error code (PROBLEM_BASE) and the issue's reason
 * (ISSUE_REASON_SYSTEM, issueReason), `details.text` the reason's text in `locale` (bokmål unless
 * Accept-Language asks for English); `diagnostics` is the server's technical explanation.
 */
export function operationOutcome(n: Normalized, locale: Locale) {
  const issues = (n.fields && n.fields.length > 0 ? n.fields : [undefined]).map((f) => {
    const { reason, text } = issueReason(n.status, n.code, locale, f, n);
    return {
      severity: n.status >= 500 ? 'fatal' : 'error',
      code: FHIR_CODE_BY_REASON[reason] ?? FHIR_CODE[n.status] ?? (n.status >= 500 ? 'exception' : 'invalid'),
      details: {
        coding: [
          { system: PROBLEM_BASE, code: n.code },
          { system: ISSUE_REASON_SYSTEM, code: reason },
        ],
        text,
      },
      diagnostics: f ? `${f.field}: ${f.message}` : n.detail,
      ...(f ? { expression: [f.field] } : {}),
    };
  });
  return { resourceType: 'OperationOutcome', issue: issues };
}

/**
 * The warning issue for a search parameter a lenient search left out (R4 search.html#errors: an
 * OperationOutcome entry, search mode `outcome`): `not-supported`, the reason coding
 * (`search-parameter-unsupported` unless the field names another) and the technical diagnostics.
 * Its text is put in per request, in the caller's language, by `withIssueTexts`.
 */
export function ignoredIssue(i: FieldError) {
  return {
    severity: 'warning' as const,
    code: 'not-supported' as const,
    details: { coding: [{ system: ISSUE_REASON_SYSTEM, code: i.reason ?? 'search-parameter-unsupported' }] },
    diagnostics: `${i.field} ignored: ${i.message}`,
    expression: [i.field],
  };
}

type OutcomeIssue = { details?: { coding?: { system?: string; code?: string }[]; text?: string }; expression?: string[] };
type MaybeBundle = { resourceType?: unknown; entry?: { resource?: { resourceType?: unknown; issue?: OutcomeIssue[] } }[] };

/**
 * Puts the text of each issue's Radvis reason, in `locale`, into the OperationOutcome entries of
 * a search Bundle (the lenient search's warnings, `ignoredIssue`), where it is missing; `field` is
 * the issue's first expression. Anything else is returned as it is. Mutates and returns `payload`.
 */
export function withIssueTexts<T>(payload: T, locale: Locale): T {
  const b = payload as MaybeBundle;
  if (!b || typeof b !== 'object' || b.resourceType !== 'Bundle' || !Array.isArray(b.entry)) return payload;
  for (const e of b.entry) {
    if (e.resource?.resourceType !== 'OperationOutcome' || !Array.isArray(e.resource.issue)) continue;
    for (const issue of e.resource.issue) {
      const reason = issue.details?.coding?.find((c) => c.system === ISSUE_REASON_SYSTEM)?.code;
      if (!reason || issue.details!.text !== undefined || !(`issue.${reason}` in MESSAGES.nb)) continue;
      issue.details!.text = translate(locale, `issue.${reason}` as MessageKey, { field: shownField(issue.expression?.[0] ?? '') });
    }
  }
  return payload;
}

/** The body and content type of an error answer for `url` (problem+json or OperationOutcome). */
function errorBody(url: string, n: Normalized, locale: Locale): { type: string; body: object } {
  if (isFhirRoute(url)) return { type: 'application/fhir+json; charset=utf-8', body: operationOutcome(n, locale) };
  return {
    type: 'application/problem+json; charset=utf-8',
    body: {
      type: `${PROBLEM_BASE}/${n.code}`,
      code: n.code,
      title: userText(n.code, locale),
      status: n.status,
      detail: n.detail,
      instance: url.split('?')[0],
      ...(n.fields ? { errors: n.fields.map((f) => ({ field: f.field, message: f.message })) } : {}),
    },
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const n = normalize(error);
  if (n.status >= 500) request.log.error({ err: error }, 'unhandled error');
  else if (isDataException(error)) request.log.warn({ err: error }, 'bad value reached the database');
  const { type, body } = errorBody(request.url, n, localeOf(request.headers['accept-language']));
  // RFC 9110 §15.5.2: a 401 carries a challenge. FHIR and CDS Hooks take bearer tokens (RFC 6750 §3:
  // invalid_token when one was sent and refused).
  if (n.status === 401 && isFhirRoute(request.url))
    reply.header('WWW-Authenticate', `Bearer realm="Radvis"${request.headers.authorization ? ', error="invalid_token"' : ''}`);
  return reply.status(n.status).type(type).send(body);
}

/**
 * Whether the request that overflowed the parser's header limit did so in its request line: the
 * bytes received start with a method and a path, and the request line (up to its CRLF, or all of
 * what arrived when there is none yet) is at least half of Node's header limit. Null → false.
 */
export function requestLineTooLong(raw: Buffer | null, limit = http.maxHeaderSize): boolean {
  if (!raw || !/^[A-Z]{3,7} \//.test(raw.toString('latin1', 0, 9))) return false;
  const end = raw.indexOf('\r\n');
  return (end < 0 ? raw.length : end) >= limit / 2;
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (header too large, bad
 * request line): answer those in the same shapes, then close the connection.
 */
export function clientErrorHandler(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket) {
  if (socket.destroyed || !socket.writable) return;
  if (err.code === 'ECONNRESET') return void socket.destroy();
  const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : null;
  const firstLine = raw ? raw.toString('latin1', 0, Math.min(raw.length, 4096)).split('\r\n')[0] : '';
  const path = /^[A-Z]+ (\/\S*)/.exec(firstLine)?.[1] ?? '/';
  const overflow = err.code === 'HPE_HEADER_OVERFLOW';
  // The parser's size limit counts the request line too: when the request line alone takes most of
  // it, the URL is what is too long, and RFC 9110 §15.5.15 has 414 for that (a FHIR client can then
  // search by POST …/_search, R4 search.html#Introduction).
  const status = overflow && requestLineTooLong(raw) ? 414 : overflow ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const n: Normalized = {
    status,
    code: status === 414 ? 'uri-too-long' : status === 431 ? 'header-too-large' : 'invalid',
    detail:
      status === 414
        ? 'The URL is too long; send a FHIR search as POST [type]/_search with the parameters in the body'
        : status === 431
          ? 'The request headers are too large'
          : 'The request could not be read',
  };
  const { type, body } = errorBody(path, n, 'nb');
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${TITLES[status] ?? 'Bad Request'}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${json}`,
  );
}

/**
 * The central error handler, and the not-found handler. `fallback` may answer an unknown path
 * first (the web app serves its index.html for client-side routes); returning false means 404.
 */
export function registerErrorHandling(app: FastifyInstance, fallback?: (request: FastifyRequest, reply: FastifyReply) => boolean) {
  // Framework errors raised before routing (FST_ERR_BAD_URL …) are passed to Fastify's
  // `frameworkErrors` option, which app.ts points at sendError.
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    if (fallback?.(request, reply)) return reply;
    return sendError(request, reply, new NotFound(`No route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
