// GET /fhir/metadata: the CapabilityStatement, open to anyone (R4 http.html#capabilities).
import type { FastifyPluginAsync } from 'fastify';
import { Invalid } from '../../http/errors.ts';
import { capabilityStatement, terminologyCapabilities } from './capability.ts';
import { refuseOtherMethods } from './http.ts';
import { loadFhirDefinitions } from './definitions.ts';

/** When the statement last changed; bump with the FHIR API. */
const STATEMENT_DATE = '2026-11-30';

/**
 * The URLs of interactions the CapabilityStatement does not list for a type it serves, each
 * answered 405 with an OperationOutcome (http.ts refuseOtherMethods) rather than 404 "no route" or
 * a 400 about an id "_history" (R4 http.html#history, #vread: history-system, history-type,
 * history-instance and vread are interactions a server declares; the type exists, the interaction
 * is not supported here). Derived from the statement itself, so the two cannot disagree:
 * `/fhir/_history` (history-system, never supported), `/fhir/{type}/_history` without
 * history-type, `/fhir/{type}/{id}/_history` without history-instance,
 * `/fhir/{type}/{id}/_history/{vid}` without vread, and `/fhir/{type}/{id}` without read.
 * Routes the type's own domain registers (ServiceRequest's history and vread) are left to it.
 */
export function unsupportedInteractionUrls(): string[] {
  const urls = ['/fhir/_history'];
  for (const r of capabilityStatement('', STATEMENT_DATE).rest?.[0]?.resource ?? []) {
    const has = (code: string) => (r.interaction ?? []).some((i) => i.code === code);
    if (!has('history-type')) urls.push(`/fhir/${r.type}/_history`);
    if (!has('history-instance')) urls.push(`/fhir/${r.type}/:id/_history`);
    if (!has('vread')) urls.push(`/fhir/${r.type}/:id/_history/:vid`);
    if (!has('read')) urls.push(`/fhir/${r.type}/:id`);
  }
  return urls;
}

export const fhirMetadataRoutes: FastifyPluginAsync = async (app) => {
  refuseOtherMethods(app, '/fhir/metadata', ['GET']);
  for (const url of unsupportedInteractionUrls()) refuseOtherMethods(app, url, []);
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
