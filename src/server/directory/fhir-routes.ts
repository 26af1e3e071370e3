// HTTP edge of FHIR R4 Patient and Practitioner: read (/fhir/Patient/{id}, /fhir/Practitioner/{id})
// and search by identifier / _id (/fhir/Patient?identifier=…, or POST /fhir/Patient/_search).
// Same callers as /fhir/ServiceRequest (referrer and department roles, API clients with fhir.read);
// the access gate decides per resource and logs.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEPARTMENT_ROLES, whoOf } from '../access/gate.ts';
import { preferLenient } from '../interop/fhir/search.ts';
import { registerSearch } from '../interop/fhir/search-routes.ts';
import { fhirBase } from '../referrals/fhir-routes.ts';
import { readFhirPatient, readFhirPractitioner, searchDirectory } from './fhir.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const FhirId = Type.String({ pattern: '^[A-Za-z0-9.-]{1,64}$' });

export const fhirDirectoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const fhirRead = { access: { roles: ['referrer', ...DEPARTMENT_ROLES] as const, clients: 'fhir.read' } };
  app.get('/fhir/Patient/:id', { config: fhirRead, schema: { params: Type.Object({ id: FhirId }) } }, async (req, reply) =>
    reply.type(FHIR_JSON).send(await readFhirPatient(db, whoOf(req), req.params.id)),
  );
  app.get('/fhir/Practitioner/:id', { config: fhirRead, schema: { params: Type.Object({ id: FhirId }) } }, async (req, reply) =>
    reply.type(FHIR_JSON).send(await readFhirPractitioner(db, whoOf(req), req.params.id)),
  );
  for (const type of ['Patient', 'Practitioner'] as const)
    await registerSearch(app, type, fhirRead, async (req, query) =>
      searchDirectory(db, whoOf(req), type, query, preferLenient(req.headers.prefer), fhirBase(req), app.config.fhirMaxOffset),
    );
  // Create, update, patch and delete are not offered: their 405s with Allow come from the
  // CapabilityStatement (interop/fhir/routes.ts declaredUrlMethods).
};
