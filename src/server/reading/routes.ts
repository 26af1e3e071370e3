// HTTP edge of the reading domain (/api/reading): the worklist, "next case", claims, hand-over,
// reader profiles, lists, live updates (server-sent events), AI findings from registered systems
// (FHIR Observation at /fhir/Observation, or JSON) and the AI performance report.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  AiFindingBody,
  AiFindingResult,
  AiPerformance,
  AiPerformanceQuery,
  AssignBody,
  AssignCandidates,
  CaseView,
  HandoverRuleParams,
  ListDefinitions,
  ListUpdateBody,
  ReaderAdminList,
  Created,
  HandoverBody,
  ListBody,
  MissedBody,
  ReleaseBody,
  DepartmentSettingBody,
  DepartmentSettings,
  NextCaseBody,
  NextCaseResult,
  ProfileBody,
  StandingHandoverBody,
  VerdictBody,
  WorklistPage,
  WorklistQuery,
} from '../../shared/api/reading.ts';
import { MediaResponse, NoContent } from '../../shared/api/common.ts';
import {
  ConsultAnswerBody,
  ConsultApplyBody,
  ConsultCreateBody,
  ConsultDetail,
  ConsultIdParams,
  ConsultList,
  ConsultSummary,
  ConsultTargets,
  ConsultTargetsQuery,
  ConsultWithdrawBody,
} from '../../shared/api/consult.ts';
import { answerConsult, applyConsult, consultTargets, createConsult, myConsults, openConsult, REQUESTER_ROLES, withdrawConsult } from './consult.ts';
import { principalOf, type SystemClient } from '../http/access.ts';
import { Forbidden } from '../http/errors.ts';
import { READING_ROLES } from './entitlement.ts';
import { aiPerformance, checkObservation, parseObservation, receiveFinding, recordMissed, setVerdict } from './ai.ts';
import { onReadingChange } from './live.ts';
import { setAvailability, setProfile } from './profiles.ts';
import { departmentSettings, setDepartmentSetting } from './settings.ts';
import { assignCandidates, listDefinitions, readersForLeader, removeStandingHandover, updateList } from './admin.ts';
import {
  addStandingHandover,
  assignCase,
  claimCase,
  createList,
  handOver,
  nextCase,
  openCase,
  releaseCase,
  worklist,
  type ReadingSettings,
} from './worklist.ts';

const params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

function aiClient(req: FastifyRequest): SystemClient {
  if (!req.client) throw new Forbidden('Bare et registrert AI-system kan sende funn / Only a registered AI system may post findings');
  return req.client;
}

export const readingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const s: ReadingSettings = {
    maxWaitHours: app.config.readingMaxWaitHours,
    claimMinutes: app.config.readingClaimMinutes,
    maxClaimedMinutes: app.config.readingMaxClaimedMinutes,
    warn: { hours: app.config.readingWarnHours, share: app.config.readingWarnPercent / 100 },
  };
  const reading = { access: { roles: READING_ROLES } };
  const leader = { access: { roles: ['department_leader'] as const } };

  app.get('/api/reading/worklist', { config: reading, schema: { querystring: WorklistQuery, response: { 200: WorklistPage } } }, async (req) =>
    worklist(
      db,
      s,
      principalOf(req),
      { listId: req.query.listId, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0, periodDays: req.query.periodDays },
      req.ip,
    ),
  );
  app.post('/api/reading/next', { config: reading, schema: { body: NextCaseBody, response: { 200: NextCaseResult } } }, async (req) =>
    nextCase(db, s, principalOf(req), req.body.listId, req.ip),
  );
  app.get('/api/reading/cases/:id', { config: reading, schema: { params, response: { 200: CaseView } } }, async (req) =>
    openCase(db, principalOf(req), req.params.id, req.ip),
  );
  app.post('/api/reading/cases/:id/claim', { config: reading, schema: { params, response: { 204: NoContent } } }, async (req, reply) => {
    await claimCase(db, s, principalOf(req), req.params.id, req.ip);
    return reply.status(204).send(null);
  });
  // A body is optional (the reader's own claim); a leader releasing another reader's claim gives a reason.
  app.post(
    '/api/reading/cases/:id/release',
    {
      config: reading,
      schema: { params, body: ReleaseBody, response: { 204: NoContent } },
      // No body at all (the reader's own release, as before) reads as {}.
      preValidation: async (req) => {
        req.body ??= {};
      },
    },
    async (req, reply) => {
      await releaseCase(db, principalOf(req), req.params.id, req.ip, req.body?.reason);
      return reply.status(204).send(null);
    },
  );
  app.post('/api/reading/cases/:id/assign', { config: leader, schema: { params, body: AssignBody, response: { 204: NoContent } } }, async (req, reply) => {
    await assignCase(db, s, principalOf(req), req.params.id, req.body.personId, req.ip);
    return reply.status(204).send(null);
  });
  app.post(
    '/api/reading/cases/:id/handover',
    { config: { access: { roles: ['department_leader', 'radiologist'] as const } }, schema: { params, body: HandoverBody, response: { 204: NoContent } } },
    async (req, reply) => {
      await handOver(db, principalOf(req), req.params.id, req.body.listId, req.ip);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/reading/cases/:id/missed-finding',
    { config: reading, schema: { params, body: MissedBody, response: { 204: NoContent } } },
    async (req, reply) => {
      await recordMissed(db, principalOf(req), req.params.id, req.body.code, req.ip);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/reading/findings/:id/verdict',
    { config: reading, schema: { params, body: VerdictBody, response: { 204: NoContent } } },
    async (req, reply) => {
      await setVerdict(db, principalOf(req), req.params.id, req.body.verdict, req.ip);
      return reply.status(204).send(null);
    },
  );
  app.post('/api/reading/handover-rules', { config: leader, schema: { body: StandingHandoverBody, response: { 204: NoContent } } }, async (req, reply) => {
    await addStandingHandover(db, principalOf(req), req.body.fromOrgId, req.body.listId);
    return reply.status(204).send(null);
  });
  app.post(
    '/api/reading/lists',
    { config: { access: { roles: ['department_leader', 'admin'] as const } }, schema: { body: ListBody, response: { 201: Created } } },
    async (req, reply) => reply.status(201).send(await createList(db, principalOf(req), req.body)),
  );
  // The leader's pages: reader profiles, worklist definitions, who a case may be given to.
  app.get('/api/reading/profiles', { config: leader, schema: { response: { 200: ReaderAdminList } } }, async (req) => readersForLeader(db, principalOf(req)));
  app.get('/api/reading/lists', { config: leader, schema: { response: { 200: ListDefinitions } } }, async (req) => listDefinitions(db, principalOf(req)));
  app.put('/api/reading/lists/:id', { config: leader, schema: { params, body: ListUpdateBody, response: { 204: NoContent } } }, async (req, reply) => {
    await updateList(db, principalOf(req), req.params.id, req.body);
    return reply.status(204).send(null);
  });
  app.delete(
    '/api/reading/lists/:id/handover-rules/:orgId',
    { config: leader, schema: { params: HandoverRuleParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await removeStandingHandover(db, principalOf(req), req.params.id, req.params.orgId);
      return reply.status(204).send(null);
    },
  );
  // The department's reading settings (migration 0350): today the preliminary answer to the referrer for urgent cases.
  app.get('/api/reading/settings', { config: leader, schema: { response: { 200: DepartmentSettings } } }, async (req) =>
    departmentSettings(db, principalOf(req)),
  );
  app.put(
    '/api/reading/settings/:id',
    { config: leader, schema: { params, body: DepartmentSettingBody, response: { 204: NoContent } } },
    async (req, reply) => {
      await setDepartmentSetting(db, principalOf(req), req.params.id, req.body.preliminaryToReferrer);
      return reply.status(204).send(null);
    },
  );
  app.get('/api/reading/cases/:id/assign-candidates', { config: leader, schema: { params, response: { 200: AssignCandidates } } }, async (req) =>
    assignCandidates(db, principalOf(req), req.params.id, req.ip),
  );
  app.put('/api/reading/profiles/:id', { config: leader, schema: { params, body: ProfileBody, response: { 204: NoContent } } }, async (req, reply) => {
    await setProfile(db, principalOf(req), req.params.id, req.body);
    return reply.status(204).send(null);
  });
  app.put(
    '/api/reading/me/availability',
    { config: reading, schema: { body: Type.Object({ available: Type.Boolean() }, { additionalProperties: false }), response: { 204: NoContent } } },
    async (req, reply) => {
      await setAvailability(db, principalOf(req), req.body.available);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/reading/ai-performance',
    {
      config: { access: { roles: ['department_leader', 'analyst', 'admin'] as const } },
      schema: { querystring: AiPerformanceQuery, response: { 200: AiPerformance } },
    },
    async (req) => {
      const to = new Date();
      return aiPerformance(db, new Date(to.getTime() - (req.query.days ?? 90) * 86_400_000), to);
    },
  );

  // Second opinion / consult (migration 0170): requesters are readers; consultants radiologists.
  const consults = { access: { roles: REQUESTER_ROLES } };
  app.get('/api/reading/consults', { config: consults, schema: { response: { 200: ConsultList } } }, async (req) => myConsults(db, principalOf(req), req.ip));
  app.get('/api/reading/consult-targets', { config: consults, schema: { querystring: ConsultTargetsQuery, response: { 200: ConsultTargets } } }, async (req) =>
    consultTargets(db, principalOf(req), req.query.examId, req.ip),
  );
  app.post('/api/reading/consults', { config: consults, schema: { body: ConsultCreateBody, response: { 201: ConsultSummary } } }, async (req, reply) =>
    reply.status(201).send(await createConsult(db, principalOf(req), req.body, req.ip)),
  );
  app.get('/api/reading/consults/:id', { config: consults, schema: { params: ConsultIdParams, response: { 200: ConsultDetail } } }, async (req) =>
    openConsult(db, principalOf(req), req.params.id, req.ip),
  );
  app.post(
    '/api/reading/consults/:id/answer',
    { config: { access: { roles: ['radiologist'] as const } }, schema: { params: ConsultIdParams, body: ConsultAnswerBody, response: { 200: ConsultDetail } } },
    async (req) => answerConsult(db, principalOf(req), req.params.id, req.body, req.ip),
  );
  app.post(
    '/api/reading/consults/:id/apply',
    { config: consults, schema: { params: ConsultIdParams, body: ConsultApplyBody, response: { 200: ConsultDetail } } },
    async (req) => applyConsult(db, principalOf(req), req.params.id, req.body, req.ip),
  );
  app.post(
    '/api/reading/consults/:id/withdraw',
    { config: consults, schema: { params: ConsultIdParams, body: ConsultWithdrawBody, response: { 200: ConsultDetail } } },
    async (req) => withdrawConsult(db, principalOf(req), req.params.id, req.body.reason, req.ip),
  );

  // Live updates: server-sent events naming what changed (no patient data); the page refetches.
  app.get(
    '/api/reading/events',
    { config: reading, schema: { response: { 200: MediaResponse('text/event-stream', 'Server-sent events naming what changed (no patient data)') } } },
    async (req, reply) => {
      principalOf(req);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write(': connected\n\n');
      const off = onReadingChange((c) => reply.raw.write(`event: change\ndata: ${JSON.stringify(c)}\n\n`));
      const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
      const stop = () => {
        off();
        clearInterval(ping);
      };
      req.raw.on('close', stop);
      reply.raw.on('close', stop);
    },
  );

  // AI findings from a registered system (API client with scope reading.ai).
  const ai = { access: { roles: ['admin'] as const, clients: 'reading.ai' } };
  // A finding sent again (same exam and finding code) answers 200 with the first one: nothing is stored twice.
  app.post(
    '/api/reading/ai/findings',
    { config: ai, schema: { body: AiFindingBody, response: { 200: AiFindingResult, 201: AiFindingResult } } },
    async (req, reply) => {
      const b = req.body;
      const r = await receiveFinding(
        db,
        aiClient(req),
        { accessionNumber: b.accessionNumber, studyInstanceUid: b.studyInstanceUid, code: b.finding, confidence: b.confidence },
        b,
        req.ip,
      );
      return reply.status(r.created ? 201 : 200).send({ id: r.id, priority: r.priority });
    },
  );
  // The body is checked as a whole against the R4 Observation definition (400 OperationOutcome naming
  // the fields) before it is read. The same finding sent again (same Observation.identifier, or same
  // exam and code) answers 200 with the first finding's resource, as a matched conditional create does.
  app.post('/fhir/Observation', { config: ai }, async (req, reply) => {
    const client = aiClient(req);
    checkObservation(req.body);
    const r = await receiveFinding(db, client, parseObservation(req.body), req.body, req.ip);
    const stored = r.created ? req.body : typeof r.resource === 'string' ? JSON.parse(r.resource) : r.resource;
    const body = { ...(stored as object), id: r.id };
    return reply
      .status(r.created ? 201 : 200)
      .type('application/fhir+json; charset=utf-8')
      .send(body);
  });
  // Observation is create-only (an AI product posts findings): other methods get 405 with Allow,
  // not 404, from the CapabilityStatement (interop/fhir/routes.ts declaredUrlMethods).
};
