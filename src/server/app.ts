// Builds the Fastify app from its plugins and the domain routes. Used by main.ts and by tests.
import { attachNotifyBus } from './db/notify.ts';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/index.ts';
import { registerAccessControl } from './http/access.ts';
import { clientErrorHandler, registerErrorHandling, sendError, Unavailable } from './http/errors.ts';
import { registerEdgeChecks } from './http/edge.ts';
import { loggerOptions } from './http/logging.ts';
import { AJV_OPTIONS, buildSerializer, buildValidator } from './http/validation.ts';
import { authRoutes } from './auth/routes.ts';
import { adminRoutes } from './auth/admin-routes.ts';
import { directoryRoutes } from './directory/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { healthRoutes } from './http/health.ts';
import { registerOpenApi } from './http/openapi.ts';
import { domainRoutes } from './routes.ts';
import { corsDelegator, registerFhirJson, registerFhirNegotiation, registerInteropBodyTypes } from './interop/fhir/http.ts';
import { AdviceLog } from './referrals/advice-log.ts';
import { GuidelineCatalogue } from './guidelines/catalogue.ts';
import { fhirMetadataRoutes } from './interop/fhir/routes.ts';

export interface Readiness {
  ready: boolean;
  phase: string;
  detail?: string;
  /**
   * Work a domain wants done before the server reports ready, after migrations and seeding
   * (fill caches, compile hot paths), so the first real requests do not pay for it.
   */
  warmUps: (() => Promise<void>)[];
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    readiness: Readiness;
    /** Advice shown through CDS Hooks, stored by group commit (referrals/advice-log.ts); flushed on close. */
    adviceLog: AdviceLog;
    /** The guideline pack in effect (guidelines/catalogue.ts): take `current()` once per request. */
    guidelines: GuidelineCatalogue;
  }
}

export interface BuildOptions {
  db: Database;
  config: Config;
  /** Start as ready (tests). main.ts starts not ready and flips it after migrate + seed. */
  ready?: boolean;
  logger?: boolean | object;
  /** The guideline catalogue (default: one of its own, read from content/guidelines). */
  guidelines?: GuidelineCatalogue;
}

/** Paths the API owns; everything else under GET may be the single-page web app. */
const API_PREFIXES = ['/api/', '/fhir', '/cds-services', '/health'];

/**
 * `/cds-services/…/` → `/cds-services/…`, and `/fhir/…/` → `/fhir/…` below the FHIR base (a type,
 * a resource, its history or metadata; breakit27: `/fhir/ServiceRequest/` was read as a resource
 * with an empty id → 400), query kept; every other URL unchanged.
 */
export function withoutTrailingSlash(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!/^\/cds-services(\/[^/]+){0,2}\/$/.test(path) && !/^\/fhir(\/[^/]+){1,4}\/$/.test(path)) return url;
  return path.slice(0, -1) + (q < 0 ? '' : url.slice(q));
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Hardening (issue 7): no personal data in logs; framework and parser errors in our shapes.
    logger: loggerOptions(opts.logger),
    frameworkErrors: (error, request, reply) => sendError(request, reply, error),
    clientErrorHandler: (err, socket) => clientErrorHandler(err as Error & { code?: string; rawPacket?: unknown }, socket),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    // CDS Hooks and FHIR URLs with a trailing slash (…/cds-services/{id}/, /fhir/ServiceRequest/)
    // are served as without it; some clients build the URL by joining with '/'. The JWT aud may name either form
    // (http/access.ts reads the URL as called).
    rewriteUrl: (req) => withoutTrailingSlash(req.url ?? '/'),
    // Bodies are checked without type coercion, query strings and params with it (http/validation.ts).
    schemaController: { compilersFactory: { buildValidator: buildValidator(), buildSerializer: buildSerializer() } },
    ajv: { customOptions: { ...AJV_OPTIONS } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', opts.db);
  app.decorate('config', opts.config);
  app.decorate('readiness', { ready: opts.ready ?? true, phase: opts.ready === false ? 'starting' : 'ready', warmUps: [] } as Readiness);
  app.decorate('adviceLog', new AdviceLog(opts.db.kysely, (e) => app.log.error({ err: e }, 'could not store advice events')));
  app.addHook('onClose', async () => app.adviceLog.flush());
  app.decorate('guidelines', opts.guidelines ?? GuidelineCatalogue.fromContent());
  // Change notices across server processes (live reading lists, published advice): PostgreSQL
  // LISTEN/NOTIFY (db/notify.ts).
  if (opts.db.engine === 'postgres' && opts.db.pool) {
    const detach = await attachNotifyBus(opts.db.pool, (msg, e) => app.log.warn({ err: e }, msg));
    app.addHook('onClose', async () => detach());
  }

  const webDir = opts.config.webDir;
  const indexHtml = path.join(webDir, 'index.html');
  const hasWeb = fs.existsSync(indexHtml);
  const sendIndex = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(fs.createReadStream(indexHtml));
  // Client-side routes of the web app get its index.html; API paths get a real 404.
  registerErrorHandling(app, (request, reply) => {
    const url = request.url.split('?')[0];
    if (!hasWeb || request.method !== 'GET' || API_PREFIXES.some((p) => url.startsWith(p)) || path.extname(url)) return false;
    void sendIndex(reply);
    return true;
  });
  await app.register(cookie);
  // Security headers (helmet): CSP for the web app, HSTS only when served over https
  // (RADVIS_PUBLIC_URL https or Secure cookies), no upgrade-insecure-requests on the http demo.
  // The middleware is built once here and applied in an onRequest hook. @fastify/helmet applies the
  // same library but calls helmet(options) again on every request (rebuilding every middleware and
  // re-parsing the CSP directives: ~1.3 % of an order-select call's CPU) and adds an async hook for
  // reply.helmet()/CSP nonces, which Radvis does not use.
  const https = opts.config.publicUrl?.startsWith('https:') === true || opts.config.secureCookies;
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  // CORS only for the interoperability endpoints meant for other systems' browser clients
  // (CDS Hooks, FHIR); the app API stays same-origin. Options are built once (interop/fhir/http.ts).
  await app.register(cors, { delegator: corsDelegator });
  // After CORS, so a browser client can read the edge's errors (e.g. 415 for a gzip body) too.
  registerEdgeChecks(app);
  // Bodies are JSON: Fastify's built-in text/plain parser is removed, so a text/plain body is a
  // 415 (problem+json on /api) like a form or XML body, in this one place — it used to reach the
  // route as a string and come back as a 400 about the schema. /fhir and /cds-services refuse it
  // with an OperationOutcome (interop/fhir/http.ts registerInteropBodyTypes).
  app.removeContentTypeParser('text/plain');
  // FHIR clients send application/fhir+json, to any route; /fhir answers 406 for XML (http.html#mime-type).
  registerFhirJson(app);
  registerFhirNegotiation(app);
  registerInteropBodyTypes(app);
  await app.register(rateLimit, { global: false });
  // Until migrations and seeding are done, only /health answers (with 503).
  app.addHook('onRequest', async (request) => {
    if (!app.readiness.ready && !request.url.startsWith('/health')) {
      throw new Unavailable(`Radvis is starting (${app.readiness.phase}); try again shortly`);
    }
  });

  registerAccessControl(app);

  await registerOpenApi(app); // before the routes, so it sees them all
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(directoryRoutes);
  await app.register(auditRoutes);
  await app.register(fhirMetadataRoutes);
  for (const plugin of domainRoutes) await app.register(plugin);

  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, index: false, prefix: '/' });
    app.get('/', { config: { access: { public: true } } }, (_req, reply) => sendIndex(reply));
  }

  return app;
}
