// GET /fhir/metadata: the CapabilityStatement, open to anyone (R4 http.html#capabilities), and the
// 405 answers of every interaction the statement does not declare on the types it declares.
import type { FastifyPluginAsync } from 'fastify';
import { Invalid } from '../../http/errors.ts';
import { capabilityStatement, terminologyCapabilities } from './capability.ts';
import { refuseOtherMethods, type FhirMethod } from './http.ts';
import { loadFhirDefinitions } from './definitions.ts';

/** When the statement last changed; bump with the FHIR API. */
const STATEMENT_DATE = '2026-11-30';

/** A FHIR URL (Fastify pattern) and the methods it takes; every other method is answered 405. */
export interface FhirUrlMethods {
  url: string;
  allow: FhirMethod[];
}

/**
 * Every URL of every resource type the CapabilityStatement declares, with the methods its declared
 * interactions use there (R4 http.html): `/fhir/{type}` GET for search-type and POST for create;
 * `/fhir/{type}/_search` POST for search-type (http.html#search; search-routes.ts registerSearch);
 * `/fhir/{type}/:id` GET for read, PUT for update, PATCH for patch, DELETE for delete;
 * `/fhir/{type}/_history` GET for history-type; `/fhir/{type}/:id/_history` GET for
 * history-instance; `/fhir/{type}/:id/_history/:vid` GET for vread. Plus `/fhir/_history`
 * (history-system, never supported), `/fhir/_search` (search-system, never supported) and
 * `/fhir/metadata` (GET). The base URL itself is answered in http.ts (registerFhirNegotiation). Every other method on these URLs
 * is answered 405 with Allow and an OperationOutcome (http.ts refuseOtherMethods) — not 404 "no
 * route", 400 about an id "_history", or 415/400 about a body (R4 http.html#delete: a server that
 * refuses an interaction on principle answers 405; 404 is for a type it does not support).
 * Derived from the statement itself, in this one place, so the statement and the answers cannot
 * disagree and a new type gets its 405s by being declared; the domains register only the
 * interactions they serve.
 */
export function declaredUrlMethods(): FhirUrlMethods[] {
  const out: FhirUrlMethods[] = [
    { url: '/fhir/metadata', allow: ['GET'] },
    { url: '/fhir/_history', allow: [] },
    // System search by POST [base]/_search is not in the CapabilityStatement's rest.interaction (nor
    // are batch/transaction and GET [base]: http.ts registerFhirNegotiation answers the base URL).
    { url: '/fhir/_search', allow: [] },
  ];
  for (const r of capabilityStatement('', STATEMENT_DATE).rest?.[0]?.resource ?? []) {
    const has = (code: string) => (r.interaction ?? []).some((i) => i.code === code);
    const when = (pairs: [string, FhirMethod][]) => pairs.filter(([code]) => has(code)).map(([, m]) => m);
    out.push(
      {
        url: `/fhir/${r.type}`,
        allow: when([
          ['search-type', 'GET'],
          ['create', 'POST'],
        ]),
      },
      { url: `/fhir/${r.type}/_search`, allow: when([['search-type', 'POST']]) },
      { url: `/fhir/${r.type}/_history`, allow: when([['history-type', 'GET']]) },
      {
        url: `/fhir/${r.type}/:id`,
        allow: when([
          ['read', 'GET'],
          ['update', 'PUT'],
          ['patch', 'PATCH'],
          ['delete', 'DELETE'],
        ]),
      },
      { url: `/fhir/${r.type}/:id/_history`, allow: when([['history-instance', 'GET']]) },
      { url: `/fhir/${r.type}/:id/_history/:vid`, allow: when([['vread', 'GET']]) },
    );
  }
  return out;
}

/**
 * The URLs of `declaredUrlMethods` that take no method at all (e.g. `/fhir/_history`,
 * `/fhir/ServiceRequest/_history`, `/fhir/ImagingStudy`): every request there is a 405.
 */
export function unsupportedInteractionUrls(): string[] {
  return declaredUrlMethods()
    .filter((u) => u.allow.length === 0)
    .map((u) => u.url);
}

export const fhirMetadataRoutes: FastifyPluginAsync = async (app) => {
  for (const { url, allow } of declaredUrlMethods()) refuseOtherMethods(app, url, allow);
  // Index the FHIR definitions before the server reports ready, not on the first FHIR request.
  app.readiness.warmUps.push(async () => loadFhirDefinitions());
  app.get('/fhir/metadata', { config: { access: { public: true } } }, async (req, reply) => {
    // http.html#capabilities: mode full (default) or normative gives the CapabilityStatement (Radvis
    // has no non-normative content to leave out; `terse`, which some servers take, gets it too);
    // mode terminology gives a TerminologyCapabilities resource.
    const mode = new URLSearchParams(req.url.split('?')[1] ?? '').get('mode');
    if (mode !== null && !['full', 'normative', 'terse', 'terminology'].includes(mode))
      throw new Invalid('mode must be full, normative or terminology', [{ field: 'mode', message: 'must be full, normative or terminology' }]);
    const base = `${(app.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`).replace(/\/$/, '')}/fhir`;
    return reply
      .type('application/fhir+json; charset=utf-8')
      .send(mode === 'terminology' ? terminologyCapabilities(base, STATEMENT_DATE) : capabilityStatement(base, STATEMENT_DATE));
  });
};
