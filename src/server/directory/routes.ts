// /api/directory (organizations, areas, machines, exam catalogue) and /api/patients.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { searchExams } from '../../shared/exam-names.ts';
import { AccessLogRows } from '../../shared/api/audit.ts';
import {
  AreaDetail,
  Areas,
  ExamCodes,
  ExamCodesQuery,
  OrganizationDetail,
  Organizations,
  OrganizationsQuery,
  Patient,
  Patients,
  YearQuery,
} from '../../shared/api/directory.ts';
import { ALL_ROLES, principalOf } from '../http/access.ts';
import { NotFound } from '../http/errors.ts';
import { LOOKUP_ROLES, lookupPatientByFnr, patientAccessHistory, readPatient, searchPatientsByName } from './patients.ts';
import * as store from './store.ts';

export const directoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const anyone = { access: { roles: ALL_ROLES } };

  app.get(
    '/api/directory/organizations',
    {
      config: anyone,
      schema: {
        querystring: OrganizationsQuery,
        response: { 200: Organizations },
      },
    },
    async (req) =>
      store.listOrganizations(db, {
        kind: req.query.kind,
        parentId: req.query.parent,
        regionId: req.query.region,
        q: req.query.q,
        limit: req.query.limit ?? 200,
      }),
  );

  app.get(
    '/api/directory/organizations/:id',
    { config: anyone, schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: OrganizationDetail } } },
    async (req) => {
      const org = await store.getOrganization(db, req.params.id);
      if (!org) throw new NotFound(`Fant ikke organisasjonen ${req.params.id}`);
      const children = await store.listOrganizations(db, { parentId: org.id, limit: 1000 });
      const siteIds =
        org.kind === 'site' || org.kind === 'private_institute' || org.kind === 'private_hospital'
          ? [org.id]
          : children.filter((c) => c.kind === 'site').map((c) => c.id);
      return { ...org, children, modalities: await store.modalitiesAt(db, siteIds), agreements: await store.agreementsOf(db, org.id) };
    },
  );

  app.get('/api/directory/areas', { config: anyone, schema: { querystring: YearQuery, response: { 200: Areas } } }, async (req) =>
    store.listAreas(db, req.query.year ?? 2024),
  );

  app.get(
    '/api/directory/areas/:id',
    { config: anyone, schema: { params: Type.Object({ id: Type.String({ maxLength: 50 }) }), querystring: YearQuery, response: { 200: AreaDetail } } },
    async (req) => {
      const year = req.query.year ?? 2024;
      const area = (await store.listAreas(db, year)).find((a) => a.id === req.params.id);
      if (!area) throw new NotFound(`Fant ikke opptaksområdet ${req.params.id}`);
      return { ...area, year, population: await store.areaPopulation(db, area.id, year), municipalities: await store.municipalitiesOf(db, area.id) };
    },
  );

  app.get(
    '/api/directory/exam-codes',
    { config: anyone, schema: { querystring: ExamCodesQuery, response: { 200: ExamCodes } } },
    // The same words the referral form and CDS Hooks understand ("MR korsrygg", "CT hode", "knee MRI").
    async (req) =>
      req.query.q?.trim()
        ? searchExams(req.query.q, await store.searchExamCodes(db, undefined, 1000), req.query.limit ?? 50)
        : store.searchExamCodes(db, undefined, req.query.limit ?? 50),
  );

  // ---- patients (every read is written to the access log) ----

  app.get(
    '/api/patients',
    {
      config: { access: { roles: LOOKUP_ROLES } },
      schema: {
        querystring: Type.Object({
          fnr: Type.Optional(Type.String({ maxLength: 20 })),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          birthDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
        }),
        response: { 200: Patients },
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (req.query.fnr) {
        const hit = await lookupPatientByFnr(db, p, req.query.fnr, req.ip);
        return hit ? [hit] : [];
      }
      return searchPatientsByName(db, p, req.query.q ?? '', req.query.birthDate ? 'patient-search-birthdate' : 'patient-search', req.ip, req.query.birthDate);
    },
  );

  app.get(
    '/api/patients/:id',
    { config: { access: { roles: LOOKUP_ROLES } }, schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: Patient } } },
    async (req) => readPatient(db, principalOf(req), req.params.id, 'patient-view', req.ip),
  );

  app.get(
    '/api/patients/:id/access-log',
    {
      config: { access: { roles: ['department_leader'] } },
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { 200: AccessLogRows },
      },
    },
    async (req) => patientAccessHistory(db, principalOf(req), req.params.id, req.ip, { limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );
};
