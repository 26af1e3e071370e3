// HTTP plumbing for the standards edges (FHIR, CDS Hooks): the application/fhir+json body
// parser (app-wide), and CORS for browser-based record systems — built once, not per request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyCorsOptions } from '@fastify/cors';

/**
 * CORS for /fhir and /cds-services (what a browser-based record system or SMART app calls). The
 * preflight allows the headers our documented interactions use (conditional create's
 * If-None-Exist, Prefer for search handling, If-None-Match for reads) and the answers expose
 * Location, ETag, Content-Location and Last-Modified (hapi-fhir PR #718; cds-hooks/docs PR #140).
 * Credentials are not allowed: these routes take bearer tokens, and session cookies are SameSite=Strict.
 */
export const INTEROP_CORS: Readonly<FastifyCorsOptions> = Object.freeze({
  origin: '*',
  methods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'If-None-Exist', 'If-None-Match', 'Prefer'],
  exposedHeaders: ['Location', 'ETag', 'Content-Location', 'Last-Modified'],
  maxAge: 600,
});
/** No CORS: the app API is same-origin. */
const NO_CORS: Readonly<FastifyCorsOptions> = Object.freeze({ origin: false });

/** @fastify/cors delegator: picks one of the two prebuilt option objects by path. */
export function corsDelegator(req: FastifyRequest, cb: (error: Error | null, options: FastifyCorsOptions) => void): void {
  const url = req.url ?? '';
  cb(null, url.startsWith('/fhir') || url.startsWith('/cds-services') ? INTEROP_CORS : NO_CORS);
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
 * (e.g. 1e999) are a 400; `__proto__` / `constructor` keys are refused as by Fastify's JSON parser.
 */
export function registerFhirJson(app: FastifyInstance): void {
  app.addContentTypeParser(['application/fhir+json', 'application/json+fhir'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      const text = body as string;
      if (/"(__proto__|constructor)"\s*:/.test(text)) throw new SyntaxError('forbidden property name');
      done(null, JSON.parse(text, strictReviver));
    } catch (e) {
      done(Object.assign(new Error(`Body is not valid JSON: ${(e as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
}
