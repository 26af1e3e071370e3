// HTTP edge of FHIR R4 DiagnosticReport and ImagingStudy (read, and DiagnosticReport search by GET or POST _search by
// _id, based-on, patient/subject, status with _include; interop/fhir/diagnostic-report-search.ts). Same access as /fhir/ServiceRequest: users with referrer or department roles, API
// clients with scope fhir.read; the gate decides per referral.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEPARTMENT_ROLES, whoOf } from '../access/gate.ts';
import { preferLenient } from '../interop/fhir/search.ts';
import { registerSearch } from '../interop/fhir/search-routes.ts';
import { fhirBase } from '../referrals/fhir-routes.ts';
import { readDiagnosticReport, readImagingStudy, searchDiagnosticReports } from './fhir.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const FhirId = Type.String({ pattern: '^[A-Za-z0-9.-]{1,64}$' });

export const fhirReportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const fhirRead = { access: { roles: ['referrer', ...DEPARTMENT_ROLES] as const, clients: 'fhir.read' } };

  app.get('/fhir/DiagnosticReport/:id', { config: fhirRead, schema: { params: Type.Object({ id: FhirId }) } }, async (req, reply) => {
    const r = await readDiagnosticReport(db, whoOf(req), req.params.id);
    return reply
      .type(FHIR_JSON)
      .header('ETag', `W/"${r.meta?.versionId ?? '1'}"`)
      .send(r);
  });
  await registerSearch(app, 'DiagnosticReport', fhirRead, async (req, query) =>
    searchDiagnosticReports(db, whoOf(req), query, preferLenient(req.headers.prefer), fhirBase(req), app.config.fhirMaxOffset),
  );
  // ImagingStudy is read only (search-type is not supported): the 405s with Allow of what the
  // CapabilityStatement leaves out come from interop/fhir/routes.ts (declaredUrlMethods).
  app.get('/fhir/ImagingStudy/:id', { config: fhirRead, schema: { params: Type.Object({ id: FhirId }) } }, async (req, reply) =>
    reply.type(FHIR_JSON).send(await readImagingStudy(db, whoOf(req), req.params.id)),
  );
};
