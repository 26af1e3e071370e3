// Typed domain errors and the one place that turns any error into an HTTP response:
// application/problem+json (RFC 9457) on the app API, FHIR OperationOutcome on FHIR and CDS
// Hooks routes. Stack traces never reach a client.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface FieldError {
  /** JSON pointer or dotted path of the offending field. */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly fields?: FieldError[];
  constructor(message: string, fields?: FieldError[]) {
    super(message);
    this.fields = fields;
  }
}

export class Invalid extends DomainError {
  readonly status = 400;
  readonly type = 'invalid';
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

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface Normalized {
  status: number;
  type: string;
  detail: string;
  fields?: FieldError[];
}

function normalize(error: unknown): Normalized {
  if (error instanceof DomainError) {
    return { status: error.status, type: error.type, detail: error.message, fields: error.fields };
  }
  const e = error as FastifyError & { validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[]; validationContext?: string };
  if (e && Array.isArray(e.validation)) {
    const fields = e.validation.map((v) => {
      let field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      const missing = v.params?.missingProperty;
      if (typeof missing === 'string') field = field ? `${field}.${missing}` : missing;
      if (!field) field = e.validationContext ?? 'body';
      return { field, message: v.message ?? 'invalid' };
    });
    return { status: 400, type: 'invalid', detail: `Invalid request: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, fields };
  }
  const status = typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500) return { status, type: 'internal', detail: 'An unexpected error occurred. It has been logged.' };
  // Fastify's own client errors (bad JSON, body too large, wrong content type): safe messages.
  return { status, type: e.code ? e.code.toLowerCase().replace(/^fst_err_/, '').replace(/_/g, '-') : 'client-error', detail: e.message };
}

/** FHIR and CDS Hooks routes answer with OperationOutcome. */
export function isFhirRoute(url: string): boolean {
  return url.startsWith('/fhir') || url.startsWith('/cds-services');
}

const FHIR_CODE: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
  500: 'exception',
  503: 'transient',
};

export function operationOutcome(status: number, detail: string, fields?: FieldError[]) {
  const issues = (fields && fields.length > 0 ? fields : [undefined]).map((f) => ({
    severity: status >= 500 ? 'fatal' : 'error',
    code: FHIR_CODE[status] ?? (status >= 500 ? 'exception' : 'invalid'),
    diagnostics: f ? `${f.field}: ${f.message}` : detail,
    ...(f ? { expression: [f.field] } : {}),
  }));
  return { resourceType: 'OperationOutcome', issue: issues };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const n = normalize(error);
  if (n.status >= 500) request.log.error({ err: error }, 'unhandled error');
  if (isFhirRoute(request.url)) {
    return reply.status(n.status).type('application/fhir+json; charset=utf-8').send(operationOutcome(n.status, n.detail, n.fields));
  }
  return reply
    .status(n.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `https://radvis.no/problems/${n.type}`,
      title: TITLES[n.status] ?? 'Error',
      status: n.status,
      detail: n.detail,
      instance: request.url.split('?')[0],
      ...(n.fields ? { errors: n.fields } : {}),
    });
}

/**
 * The central error handler, and the not-found handler. `fallback` may answer an unknown path
 * first (the web app serves its index.html for client-side routes); returning false means 404.
 */
export function registerErrorHandling(app: FastifyInstance, fallback?: (request: FastifyRequest, reply: FastifyReply) => boolean) {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    if (fallback?.(request, reply)) return reply;
    return sendError(request, reply, new NotFound(`No route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
