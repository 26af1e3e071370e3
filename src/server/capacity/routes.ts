// /api/capacity: capacity planning (issue 12). Thin: schemas in, the caller's capacity scope, a
// use case from service.ts, JSON, CSV or PDF out. Aggregates only (no patient data, so no
// access-log rows); analysts and department leaders may call it (service.ts, capacityScope).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CapacityMeta,
  CompareQuery,
  CompareReportQuery,
  FleetQuery,
  FleetResponse,
  FormatQuery,
  MachineIdParams,
  OnCallRequest,
  OnCallResult,
  ProjectionImport,
  ProjectionImportResult,
  UseRateImport,
  UseRateImportResult,
  SaveEquipment,
  SaveScenario,
  Scenario,
  ScenarioIdParams,
  ScenarioParams,
  ScenarioComparison,
  ScenarioResult,
  Scenarios,
} from '../../shared/api/capacity.ts';
import { sendCsv, wordOf } from '../http/csv.ts';
import { requestLocale } from '../http/accept-language.ts';
import { principalOf } from '../http/access.ts';
import { scenarioPdf } from './scenario-pdf.ts';
import { comparisonPdf } from './compare-pdf.ts';
import { comparisonCsvTitle, fleetCsvTitle, scenarioCsvTitle } from './export-title.ts';
import { COMPARISON_COLUMNS, comparisonRows } from './scenario-compare.ts';
import * as service from './service.ts';
import { translate } from '../../shared/i18n/index.ts';
import { MediaResponse } from '../../shared/api/common.ts';

const PLANNERS = { access: { roles: ['analyst', 'department_leader'] as const } };
const csvNote = 'Add ?format=csv for the table as CSV (text/csv).';
const tags = ['capacity'];

export const capacityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const scopeOf = (req: Parameters<typeof principalOf>[0]) => service.capacityScope(db, principalOf(req), req.ip);

  app.get(
    '/api/capacity/meta',
    { config: PLANNERS, schema: { tags, description: 'Regions, areas, defaults, projection source and presets.', response: { 200: CapacityMeta } } },
    async (req) => service.meta(db, await scopeOf(req)),
  );

  app.post(
    '/api/capacity/compute',
    {
      config: PLANNERS,
      schema: {
        tags,
        description: `Computes a scenario without saving it (the live levers). ${csvNote}`,
        querystring: FormatQuery,
        body: ScenarioParams,
        response: { 200: ScenarioResult },
      },
    },
    async (req, reply) => {
      const r = await service.compute(db, await scopeOf(req), req.body);
      if (req.query.format !== 'csv') return r;
      return sendCsv(reply, 'kapasitet', service.RESULT_COLUMNS, service.resultRows(r, requestLocale(req)), {
        title: scenarioCsvTitle(requestLocale(req), r),
      });
    },
  );

  app.get(
    '/api/capacity/scenarios',
    {
      config: PLANNERS,
      schema: {
        tags,
        description: 'Saved scenarios of the caller’s region(s); for analysts also the national ones (all of Norway, `analystsOnly`).',
        response: { 200: Scenarios },
      },
    },
    async (req) => service.listScenarios(db, await scopeOf(req)),
  );

  app.post('/api/capacity/scenarios', { config: PLANNERS, schema: { tags, body: SaveScenario, response: { 201: Scenario } } }, async (req, reply) => {
    const s = await service.createScenario(db, await scopeOf(req), principalOf(req).userId, req.body);
    return reply.status(201).send(s);
  });

  // Before scenarios/:id in the file for the reader; find-my-way prefers the static segment either way.
  app.get(
    '/api/capacity/scenarios/compare',
    {
      config: PLANNERS,
      schema: {
        tags,
        description:
          'Two to four saved scenarios side by side (`ids` comma-separated), each computed on today’s data as its own result; says whether they share base data (areas, base year, demand …) and gives the shared line without measures when they do. 400 for bad or too many ids, 404 for a scenario of another region. ' +
          csvNote,
        querystring: CompareQuery,
        response: { 200: ScenarioComparison },
      },
    },
    async (req, reply) => {
      const c = await service.compareScenarios(db, await scopeOf(req), req.query.ids);
      if (req.query.format !== 'csv') return c;
      const locale = req.principal?.locale ?? 'nb';
      return sendCsv(
        reply,
        'kapasitet-sammenligning',
        COMPARISON_COLUMNS,
        comparisonRows(c, (p) => translate(locale, `capacity.profession.${p}`)),
        { title: comparisonCsvTitle(requestLocale(req), c) },
      );
    },
  );

  // A static path: find-my-way prefers it to scenarios/:id/report.pdf.
  app.get(
    '/api/capacity/scenarios/compare/report.pdf',
    {
      config: PLANNERS,
      schema: {
        tags,
        description:
          'The comparison of two to four saved scenarios (`ids` comma-separated) as a printable PDF in the caller’s language: base data, what differs, a table per target year and a chart per profession rendered on the server. 400 and 404 as the comparison.',
        querystring: CompareReportQuery,
        response: { 200: MediaResponse('application/pdf', 'PDF document') },
      },
    },
    async (req, reply) => {
      const c = await service.compareScenarios(db, await scopeOf(req), req.query.ids);
      const pdf = await comparisonPdf(c, requestLocale(req));
      return reply.type('application/pdf').header('content-disposition', 'attachment; filename="radvis-kapasitet-sammenligning.pdf"').send(pdf);
    },
  );

  app.get('/api/capacity/scenarios/:id', { config: PLANNERS, schema: { tags, params: ScenarioIdParams, response: { 200: Scenario } } }, async (req) =>
    service.getScenario(db, await scopeOf(req), req.params.id),
  );

  app.put(
    '/api/capacity/scenarios/:id',
    {
      config: PLANNERS,
      schema: {
        tags,
        description: 'Updates name and parameters; send the version read (409 if stale).',
        params: ScenarioIdParams,
        body: SaveScenario,
        response: { 200: Scenario },
      },
    },
    async (req) => service.updateScenario(db, await scopeOf(req), principalOf(req).userId, req.params.id, req.body),
  );

  app.delete(
    '/api/capacity/scenarios/:id',
    { config: PLANNERS, schema: { tags, params: ScenarioIdParams, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await service.deleteScenario(db, await scopeOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/capacity/scenarios/:id/result',
    {
      config: PLANNERS,
      schema: {
        tags,
        description: `A saved scenario computed on today’s data. ${csvNote}`,
        params: ScenarioIdParams,
        querystring: FormatQuery,
        response: { 200: ScenarioResult },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      const s = await service.getScenario(db, scope, req.params.id);
      const r = await service.compute(db, scope, s.params);
      if (req.query.format !== 'csv') return r;
      return sendCsv(reply, `kapasitet-${s.name.replace(/[^A-Za-z0-9æøåÆØÅ-]+/g, '-')}`, service.RESULT_COLUMNS, service.resultRows(r, requestLocale(req)), {
        title: scenarioCsvTitle(requestLocale(req), r, s.name),
      });
    },
  );

  app.get(
    '/api/capacity/scenarios/:id/report.pdf',
    {
      config: PLANNERS,
      schema: {
        tags,
        description:
          'A saved scenario as a printable PDF in the caller’s language (the chosen UI language, else Accept-Language) with its charts rendered on the server.',
        params: ScenarioIdParams,
        response: { 200: MediaResponse('application/pdf', 'PDF document') },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      const s = await service.getScenario(db, scope, req.params.id);
      const r = await service.compute(db, scope, s.params);
      const pdf = await scenarioPdf(s, r, requestLocale(req));
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="radvis-kapasitet.pdf"`).send(pdf);
    },
  );

  app.post(
    '/api/capacity/projection',
    {
      config: PLANNERS,
      bodyLimit: 24 * 1024 * 1024,
      schema: {
        tags,
        description: 'Imports a population projection in Statistics Norway’s StatBank CSV format (analyst). Refusals name line and column.',
        body: ProjectionImport,
        response: { 201: ProjectionImportResult },
      },
    },
    async (req, reply) => reply.status(201).send(await service.importProjection(db, await scopeOf(req), principalOf(req).userId, req.body.label, req.body.csv)),
  );

  app.post(
    '/api/capacity/use-rates',
    {
      config: PLANNERS,
      bodyLimit: 24 * 1024 * 1024,
      schema: {
        tags,
        description:
          'Imports a table of use per 10,000 inhabitants by referral area, sex, 5-year band and exam type (analyst); it replaces Radvis’ own rates for the areas it covers. Refusals name line and column.',
        body: UseRateImport,
        response: { 201: UseRateImportResult },
      },
    },
    async (req, reply) => reply.status(201).send(await service.importUseRates(db, await scopeOf(req), principalOf(req).userId, req.body.label, req.body.csv)),
  );
  app.delete(
    '/api/capacity/use-rates',
    {
      config: PLANNERS,
      schema: {
        tags,
        description: 'Removes the imported use rates: every area uses Radvis’ own exams again (analyst).',
        response: { 200: Type.Object({ removed: Type.Integer() }) },
      },
    },
    async (req) => service.clearUseRates(db, await scopeOf(req)),
  );

  app.post(
    '/api/capacity/on-call',
    {
      config: PLANNERS,
      schema: { tags, description: 'Costs an on-call arrangement change (FTE × cost per FTE).', body: OnCallRequest, response: { 200: OnCallResult } },
    },
    async (req) => {
      await scopeOf(req);
      return service.onCall(req.body);
    },
  );

  app.get(
    '/api/capacity/fleet',
    {
      config: PLANNERS,
      schema: {
        tags,
        description: `Machines with age, utilization and risk, and the replacement plan by year. ${csvNote}`,
        querystring: FleetQuery,
        response: { 200: FleetResponse },
      },
    },
    async (req, reply) => {
      const r = await service.fleet(db, await scopeOf(req), req.query);
      if (req.query.format !== 'csv') return r;
      return sendCsv(
        reply,
        'utstyrspark',
        ['site', 'machine', 'kind', 'installed_year', 'lifetime_years', 'replacement_year', 'replacement_cost_nok', 'utilization', 'risk'],
        r.machines.map((m) => ({
          site: m.siteName,
          machine: m.name,
          kind: wordOf(requestLocale(req), 'analytics.modality.', m.kind),
          installed_year: m.installedYear,
          lifetime_years: m.lifetimeYears,
          replacement_year: m.replacementYear,
          replacement_cost_nok: m.replacementCostNok,
          utilization: m.utilization,
          risk: m.risk.map((x) => wordOf(requestLocale(req), 'capacity.fleet.risk.', x)).join(', '),
        })),
        { title: fleetCsvTitle(requestLocale(req), r) },
      );
    },
  );

  app.put(
    '/api/capacity/fleet/:id',
    {
      config: PLANNERS,
      schema: {
        tags,
        description: 'Sets a machine’s installation year, lifetime and replacement cost.',
        params: MachineIdParams,
        body: SaveEquipment,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await service.saveEquipment(db, await scopeOf(req), principalOf(req).userId, req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );
};
