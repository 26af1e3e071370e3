// Deny by default: every route must declare who may call it in `config.access`, or the app
// refuses to start. Authentication (session cookie), role checks and CSRF happen here, once,
// before any handler runs. Organization scope is checked next to the data (see directory/scope.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLES, type AccessAction, type Role } from '../db/schema.ts';
import { CdsClientVerifier, type VerifiedCdsCall } from '../auth/cds-clients.ts';
import { DatabaseReplayCache, MemoryReplayCache } from '../auth/replay-cache.ts';
import type { Principal } from '../auth/principal.ts';
import { findCdsClientByIssuer } from '../auth/store.ts';
import { hasRole } from '../auth/principal.ts';
import { hashToken, resolveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { logRefusal } from '../access/gate.ts';
import { Forbidden, Unauthenticated } from './errors.ts';

/** The access-log action of a request refused by a route's role rule, by HTTP method. */
const ROUTE_ACTIONS: Record<string, AccessAction> = { GET: 'read', HEAD: 'read', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/** The access-log entry of a request refused before its handler: the route (method and path, no query), no patient. */
function routeEntry(request: FastifyRequest, context: string) {
  return {
    patientId: null,
    resourceType: 'Route',
    resourceId: `${request.method} ${request.url.split('?')[0]}`.slice(0, 500),
    action: request.routeOptions.config?.accessAction ?? ROUTE_ACTIONS[request.method] ?? ('read' as const),
    context,
  };
}

/**
 * - `public`: anyone, no session needed (login, health, public advice pages, CDS discovery).
 * - `authenticated`: any logged-in user.
 * - `roles`: a logged-in user holding at least one of the roles (in some organization).
 * - `cdsClient`: a registered record system calling a CDS Hooks service with a signed JWT
 *   (auth/cds-clients.ts); no user session.
 */
export type Access = { public: true } | { authenticated: true } | { roles: readonly Role[]; clients?: string } | { cdsClient: true };

/** An external system calling with a bearer token (FHIR). */
export interface SystemClient {
  id: string;
  name: string;
  organizationId: string;
  scopes: string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The access-log action of a refusal by the route rule when the method's own does not fit (a FHIR POST _search is a `read`). */
    accessAction?: AccessAction;
  }
  interface FastifyRequest {
    principal: Principal | null;
    client: SystemClient | null;
    cdsCall: VerifiedCdsCall | null;
  }
  interface FastifyInstance {
    cdsClients: CdsClientVerifier;
  }
}

export const CLINICAL_ROLES: readonly Role[] = ['referrer', 'radiologist', 'lis', 'radiographer', 'reporting_radiographer', 'secretary', 'department_leader'];
export const ALL_ROLES: readonly Role[] = ROLES;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes that may go without an access declaration: the static web app, served to anyone. */
function isStaticRoute(url: string): boolean {
  return url === '/*' || url === '/assets/*' || url === '/';
}

async function findClient(app: FastifyInstance, token: string): Promise<SystemClient | undefined> {
  if (token.length < 20 || token.length > 200) return undefined;
  const row = await app.db.kysely
    .selectFrom('api_client')
    .select(['id', 'name', 'organization_id', 'scopes'])
    .where('token_hash', '=', hashToken(token))
    .where('active', '=', true)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, organizationId: row.organization_id, scopes: row.scopes } : undefined;
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Unauthenticated('Du må logge inn / You must log in');
  return request.principal;
}

/**
 * The `aud` a CDS client must have signed: the URL of the endpoint it calls, from
 * RADVIS_PUBLIC_URL when set (behind a proxy), else from the request. Feedback may also name the
 * service it gives feedback on.
 */
function cdsAudiences(app: FastifyInstance, request: FastifyRequest): string[] {
  // Outside demo mode RADVIS_PUBLIC_URL is required (interop/cds-hooks/routes.ts refuses to start
  // without it): a Host header the caller controls never decides the audience then.
  if (!app.config.publicUrl && !app.config.demo) throw new Unauthenticated('CDS Hooks is not configured (RADVIS_PUBLIC_URL)');
  const base = app.config.publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
  const path = request.url.split('?')[0];
  const out = [`${base}${path}`];
  if (path.endsWith('/feedback')) out.push(`${base}${path.slice(0, -'/feedback'.length)}`);
  // Called with a trailing slash (served as without, app.ts rewriteUrl): the URL as called counts too.
  const called = request.originalUrl.split('?')[0];
  if (called !== path) out.push(`${base}${called}`);
  return out;
}

export function registerAccessControl(app: FastifyInstance) {
  app.decorateRequest('principal', null);
  app.decorateRequest('client', null);
  app.decorateRequest('cdsCall', null);
  const replay =
    app.config.jtiStore === 'postgres'
      ? new DatabaseReplayCache(app.db.kysely, 30, (e) => app.log.warn({ err: e }, 'jti cleanup failed'))
      : new MemoryReplayCache(30);
  app.decorate('cdsClients', new CdsClientVerifier({ lookup: (issuer) => findCdsClientByIssuer(app.db.kysely, issuer), replay }));

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access && !isStaticRoute(route.url)) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule (config.access); every route must say who may call it`);
    }
    if (access && 'roles' in access) {
      for (const r of access.roles) if (!ROLES.includes(r)) throw new Error(`Route ${route.url} names unknown role ${r}`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    // A CDS client: a signed JWT on every call, nothing else.
    if (access && 'cdsClient' in access) {
      const m = request.headers.authorization ? /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization) : null;
      if (!m)
        throw new Unauthenticated(
          'CDS Hooks-kall krever Authorization: Bearer <JWT> signert av en registrert CDS-klient / CDS Hooks calls need Authorization: Bearer <JWT> signed by a registered CDS client',
        );
      request.cdsCall = await app.cdsClients.verify(m[1], cdsAudiences(app, request));
      return;
    }
    // A system client with a bearer token, on routes that allow clients with its scope.
    const auth = request.headers.authorization;
    if (auth && /^Bearer\s+/i.test(auth) && access && 'roles' in access && access.clients) {
      const client = await findClient(app, auth.replace(/^Bearer\s+/i, '').trim());
      if (!client) throw new Unauthenticated('Ukjent eller deaktivert klient / Unknown or inactive client');
      if (!client.scopes.includes(access.clients)) {
        // Logged as a user's role refusal is: the client tried a route its scopes do not open.
        await logRefusal(app.db.kysely, { kind: 'fhir-client', client, ip: request.ip }, 'scope-not-granted', routeEntry(request, 'route-scope-rule'));
        throw new Forbidden(`Klienten mangler tilgangen ${access.clients} / The client lacks scope ${access.clients}`);
      }
      request.client = client;
      return;
    }
    const token = request.cookies?.[SESSION_COOKIE];
    request.principal = token ? ((await resolveSession(app.db.kysely, token)) ?? null) : null;
    if (!access || 'public' in access) return;
    const p = request.principal;
    if (!p) throw new Unauthenticated('Du må logge inn / You must log in');
    if ('roles' in access && !hasRole(p, access.roles)) {
      // A refused attempt is logged like the gate's refusals (Normen): who, which route and ids,
      // through the gate's own refusal log (access/gate.ts logRefusal): a failed log write is
      // reported in the server log, and the caller still gets the 403 it earned — not a 500 that
      // reads as a server fault and invites a retry. Nothing was read or changed.
      await logRefusal(app.db.kysely, { kind: 'user', principal: p, ip: request.ip }, 'role-not-allowed', routeEntry(request, 'route-role-rule'));
      throw new Forbidden('Rollen din gir ikke tilgang til dette / Your role does not allow this');
    }
    // CSRF: a state-changing request made with the session cookie must echo the session's token.
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== p.csrfToken) {
      throw new Forbidden('Mangler eller feil CSRF-token / Missing or wrong CSRF token');
    }
  });
}
