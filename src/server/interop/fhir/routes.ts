// GET /fhir/metadata: the CapabilityStatement, open to anyone (R4 http.html#capabilities).
import type { FastifyPluginAsync } from 'fastify';
import { capabilityStatement } from './capability.ts';
import { loadFhirDefinitions } from './definitions.ts';

/** When the statement last changed; bump with the FHIR API. */
const STATEMENT_DATE = '2026-11-30';

export const fhirMetadataRoutes: FastifyPluginAsync = async (app) => {
  // Index the FHIR definitions before the server reports ready, not on the first FHIR request.
  app.readiness.warmUps.push(async () => loadFhirDefinitions());
  app.get('/fhir/metadata', { config: { access: { public: true } } }, async (req, reply) => {
    const base = `${(app.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`).replace(/\/$/, '')}/fhir`;
    return reply.type('application/fhir+json; charset=utf-8').send(capabilityStatement(base, STATEMENT_DATE));
  });
};
