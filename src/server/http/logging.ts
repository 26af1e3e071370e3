// Logger settings: no personal data in server logs. Request URLs are logged without their query
// string (a search may carry a fødselsnummer) and with 11-digit numbers in the path masked;
// errors are logged with type, code, message and stack only — never a failed query's SQL text
// or parameters (PGlite and pg attach them to the error object), nor PostgreSQL's `detail`
// ("Key (fnr)=(…) already exists").
import type { FastifyRequest } from 'fastify';

/** Masks what could identify a person in a URL path and drops the query string. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return `${path.replace(/\d{11}/g, '***********')}${q === -1 ? '' : '?…'}`;
}

/** Masks 11-digit numbers and quoted values a database message may echo from the input. */
export function redactText(s: string): string {
  return s.replace(/\d{11}/g, '***********').replace(/"[^"]{0,200}"/g, '"…"');
}

function serializeReq(req: FastifyRequest) {
  return { method: req.method, url: redactUrl(req.url), hostname: req.hostname, remoteAddress: req.ip };
}

interface ErrLike {
  name?: string;
  message?: string;
  code?: unknown;
  statusCode?: unknown;
  stack?: string;
  cause?: unknown;
}

function serializeErr(e: unknown): Record<string, unknown> {
  if (!e || typeof e !== 'object') return { message: redactText(String(e)) };
  const err = e as ErrLike;
  return {
    type: err.name ?? 'Error',
    message: redactText(err.message ?? ''),
    ...(typeof err.code === 'string' ? { code: err.code } : {}),
    ...(typeof err.statusCode === 'number' ? { statusCode: err.statusCode } : {}),
    ...(err.stack ? { stack: redactText(err.stack) } : {}),
  };
}

/** Pino serializers for Fastify's logger (app.ts). */
export const LOG_SERIALIZERS = { req: serializeReq, err: serializeErr, error: serializeErr };

/** The logger options buildApp gives Fastify: the caller's (level, …) plus the redacting serializers. */
export function loggerOptions(logger: boolean | object | undefined): false | object {
  if (!logger) return false;
  return { ...(typeof logger === 'object' ? logger : {}), serializers: LOG_SERIALIZERS };
}
