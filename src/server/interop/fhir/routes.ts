// GET /fhir/metadata: the CapabilityStatement, open to anyone (R4 http.html#capabilities).
import type { FastifyPluginAsync } from 'fastify';
import { Invalid } from '../../http/errors.ts';
import { capabilityStatement } from './capability.ts';
import { refuseOtherMethods } from './http.ts';
import { loadFhirDefinitions } from './definitions.ts';

/** When the statement last changed; bump with the FHIR API. */
const STATEMENT_DATE = '2026-11-30';

export const fhirMetadataRoutes: FastifyPluginAsync = async (app) => {
  refuseOtherMethods(app, '/fhir/metadata', ['GET']);
  // Index the FHIR definitions before the server reports ready, not on the first FHIR request.
  app.readiness.warmUps.push(async () => loadFhirDefinitions());
  app.get('/fhir/metadata', { config: { access: { public: true } } }, async (req, reply) => {
    // http.html#capabilities: mode full (default), normative or terse. Radvis has one statement
    // and no non-normative content to leave out, so every mode gets the full statement.
    const mode = new URLSearchParams(req.url.split('?')[1] ?? '').get('mode');
    if (mode !== null && !['full', 'normative', 'terse'].includes(mode))
      throw new Invalid('mode must be full, normative or terse', [{ field: 'mode', message: 'must be full, normative or terse' }]);
    const base = `${(app.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`).replace(/\/$/, '')}/fhir`;
    return reply.type('application/fhir+json; charset=utf-8').send(capabilityStatement(base, STATEMENT_DATE));
  });
};
