// HTTP edge of the referral domain: app API (/api/referrals, /api/guidelines) and CDS Hooks 2.0
// (/cds-services). FHIR R4 ServiceRequest is in fhir-routes.ts.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { FACTS } from '../../shared/facts.ts';
import { grantOrganizations } from '../auth/principal.ts';
import { DEPARTMENT_ROLES } from '../directory/patients.ts';
import { readIndications } from '../directory/reference-data.ts';
import { subtreeIds } from '../directory/store.ts';
import { principalOf } from '../http/access.ts';
import { Invalid, NotFound } from '../http/errors.ts';
import type { ReferrerKind } from '../db/schema.ts';
import { cardsFor, needsPatient, ordersToAdvise, SERVICES, withPatient, type CdsRequest } from './cds-hooks.ts';
import { AdviceLog } from './advice-log.ts';
import { OVERRIDE_REASONS } from './override-reasons.ts';
import { exerciseGuidelinePack, guidelinePack } from './pack.ts';
import { adviceForRequest, departmentInbox, myReferrals, readReferral, submitReferral, topicQuestions } from './service.ts';
import * as store from './store.ts';

const Indication = Type.Object({ system: Type.Union([Type.Literal('ICPC-2'), Type.Literal('ICD-10')]), code: Type.String({ pattern: '^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$' }) }, { additionalProperties: false });
const FactsBody = Type.Record(Type.String({ maxLength: 60 }), Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 40 }), Type.Null()]));
const ExamCode = Type.String({ pattern: '^[A-Z]{3}[0-9][A-Z]{2}$' });
const Urgency = Type.Union([Type.Literal('emergency'), Type.Literal('urgent'), Type.Literal('routine'), Type.Literal('planned')]);

function baseUrl(req: FastifyRequest) {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

export const referralRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const adviceLog = new AdviceLog(db, (e) => app.log.error({ err: e }, 'could not store advice events'));
  app.addHook('onClose', async () => adviceLog.flush());
  // The exam catalogue is reference data: read once per process, not per CDS request.
  // The promise is cached, so a burst of first requests runs one query, not one each.
  let catalogCache: ReturnType<typeof store.listExamCatalog> | null = null;
  const catalog = () => (catalogCache ??= store.listExamCatalog(db).catch((e: unknown) => {
    catalogCache = null;
    throw e;
  }));
  // Load and compile the guideline pack now, not on the first request: CDS clients expect answers
  // within about half a second, and a cold first call was what made the benchmark's worst tail.
  guidelinePack();
  app.readiness.warmUps.push(async () => {
    await catalog();
    exerciseGuidelinePack();
  });

  // ---- public advice pages ----
  app.get('/api/guidelines', { config: { access: { public: true } } }, async () =>
    guidelinePack().topics.map((t) => ({ id: t.id, version: t.version, status: t.status, title: t.title, examCodes: t.appliesTo.examCodes, reviewed: t.reviewed, sources: t.sources })),
  );
  app.get('/api/guidelines/:id', { config: { access: { public: true } }, schema: { params: Type.Object({ id: Type.String({ maxLength: 60 }) }) } }, async (req) => {
    const t = guidelinePack().topics.find((x) => x.id === req.params.id);
    if (!t) throw new NotFound(`Fant ikke henvisningsrådet ${req.params.id}`);
    return {
      id: t.id,
      version: t.version,
      status: t.status,
      title: t.title,
      reviewed: t.reviewed,
      examCodes: t.appliesTo.examCodes,
      appliesTo: t.appliesTo,
      questions: topicQuestions(t.facts),
      rules: t.rules.map((r) => ({ id: r.id, when: r.when.source, ...r.outcome })),
      otherwise: t.otherwise,
      sources: t.sources,
    };
  });

  // ---- referral form support ----
  const referrer = { access: { roles: ['referrer'] as const } };
  app.get('/api/referrals/catalog', { config: referrer }, async () => ({
    exams: await store.listExamCatalog(db),
    departments: await store.listReceivingDepartments(db),
    overrideReasons: OVERRIDE_REASONS,
    indications: readIndications(),
    facts: FACTS,
    covered: [...guidelinePack().byExam.keys()],
  }));

  // Called debounced as the referrer types. Advice events are stored when the outcome changes
  // for the draft (draftId from the client), not on every call: see recordDraftAdvice.
  app.post(
    '/api/referrals/advice',
    {
      config: referrer,
      schema: {
        body: Type.Object(
          {
            draftId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            examCode: ExamCode,
            patientId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            patient: Type.Optional(Type.Object({ ageYears: Type.Integer({ minimum: 0, maximum: 130 }), sex: Type.Union([Type.Literal('M'), Type.Literal('F')]) }, { additionalProperties: false })),
            indication: Type.Optional(Indication),
            clinicalQuestion: Type.Optional(Type.String({ maxLength: 500 })),
            text: Type.Optional(Type.String({ maxLength: 8000 })),
            facts: Type.Optional(FactsBody),
            urgency: Type.Optional(Urgency),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => adviceForRequest(db, principalOf(req), { ...req.body, facts: req.body.facts as never }, req.ip),
  );

  app.post(
    '/api/referrals',
    {
      config: referrer,
      schema: {
        body: Type.Object(
          {
            draftId: Type.Optional(Type.String({ maxLength: 64 })),
            patientId: Type.String({ minLength: 1, maxLength: 100 }),
            examCode: ExamCode,
            departmentId: Type.String({ minLength: 1, maxLength: 100 }),
            indication: Type.Optional(Indication),
            clinicalQuestion: Type.String({ minLength: 3, maxLength: 500 }),
            text: Type.Optional(Type.String({ maxLength: 8000 })),
            facts: Type.Optional(FactsBody),
            urgency: Urgency,
            contraindications: Type.Optional(
              Type.Object(
                { pregnant: Type.Optional(Type.Boolean()), egfr: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })), pacemaker: Type.Optional(Type.Boolean()), metalImplant: Type.Optional(Type.Boolean()), contrastAllergy: Type.Optional(Type.Boolean()) },
                { additionalProperties: false },
              ),
            ),
            decision: Type.Optional(
              Type.Union([
                Type.Object({ kind: Type.Literal('override'), reasonCode: Type.String({ maxLength: 60 }), reasonText: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
                Type.Object({ kind: Type.Literal('accept_alternative') }, { additionalProperties: false }),
              ]),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const r = await submitReferral(db, principalOf(req), { ...req.body, facts: req.body.facts as never }, req.ip);
      // 201 with the referral; 200 when the referrer chose watchful waiting (nothing was sent).
      return reply.status(r.id ? 201 : 200).send(r);
    },
  );

  // The referrer's own referrals (?mine=1 is the only listing a referrer has; accepted for clarity).
  app.get('/api/referrals', { config: referrer, schema: { querystring: Type.Object({ mine: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('true')])) }, { additionalProperties: false }) } }, async (req) =>
    myReferrals(db, principalOf(req), req.ip),
  );

  app.get(
    '/api/referrals/inbox',
    { config: { access: { roles: DEPARTMENT_ROLES } }, schema: { querystring: Type.Object({ department: Type.Optional(Type.String({ maxLength: 100 })) }) } },
    async (req) => departmentInbox(db, principalOf(req), req.query.department, req.ip),
  );

  app.get('/api/referrals/departments/mine', { config: { access: { roles: DEPARTMENT_ROLES } } }, async (req) => {
    const ids = await subtreeIds(db, grantOrganizations(principalOf(req), DEPARTMENT_ROLES));
    return (await store.listReceivingDepartments(db)).filter((d) => ids.includes(d.id));
  });

  app.get('/api/referrals/:id', { config: { access: { roles: ['referrer', ...DEPARTMENT_ROLES] } }, schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }) } }, async (req) =>
    readReferral(db, principalOf(req), req.params.id, req.ip),
  );

  // ---- CDS Hooks 2.0 ----
  // Discovery is open (it lists services, no data). The services and feedback need a JWT signed
  // by a registered CDS client (CDS Hooks 2.0 §Trusting CDS Clients; http/access.ts).
  app.get('/cds-services', { config: { access: { public: true } } }, async () => ({ services: SERVICES }));

  // CDS Hooks 2.0 request. prefetch.patient may be null or an OperationOutcome when the client
  // could not prefetch it (2.0 allows both); then Radvis reads it from an allowed fhirServer, or answers 412.
  const CdsBody = Type.Object({
    hook: Type.String({ maxLength: 60 }),
    hookInstance: Type.String({ minLength: 1, maxLength: 100 }),
    fhirServer: Type.Optional(Type.String({ maxLength: 500 })),
    fhirAuthorization: Type.Optional(Type.Object({ access_token: Type.Optional(Type.String({ maxLength: 4000 })), token_type: Type.Optional(Type.String()) })),
    context: Type.Object({
      userId: Type.Optional(Type.String({ maxLength: 200 })),
      patientId: Type.Optional(Type.String({ maxLength: 200 })),
      encounterId: Type.Optional(Type.String({ maxLength: 200 })),
      selections: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
      draftOrders: Type.Object({ resourceType: Type.Literal('Bundle'), entry: Type.Optional(Type.Array(Type.Object({ resource: Type.Optional(Type.Object({ resourceType: Type.String() })) }), { maxItems: 100 })) }),
    }),
    prefetch: Type.Optional(Type.Object({ patient: Type.Optional(Type.Union([Type.Object({ resourceType: Type.String(), birthDate: Type.Optional(Type.String()), gender: Type.Optional(Type.String()) }), Type.Null()])) })),
  });

  // The referrer kind of the CDS user (context.userId = Practitioner/{person id or HPR number}),
  // so limited referral rights give a critical card. Cached: this is hot-path reference data.
  const kinds = new Map<string, { kind: Promise<ReferrerKind | null>; at: number }>();
  const referrerKindOf = (userId: string | undefined): Promise<ReferrerKind | null> => {
    const m = userId ? /^Practitioner\/([A-Za-z0-9.-]{1,64})$/.exec(userId) : null;
    if (!m) return Promise.resolve(null);
    const hit = kinds.get(m[1]);
    if (hit && Date.now() - hit.at < 5 * 60_000) return hit.kind;
    const kind = store.referrerKindOf(db, m[1]).catch((e: unknown) => {
      kinds.delete(m[1]);
      throw e;
    });
    if (kinds.size > 10_000) kinds.clear();
    kinds.set(m[1], { kind, at: Date.now() });
    return kind;
  };

  const cdsClient = { access: { cdsClient: true } } as const;
  app.post('/cds-services/:id', { config: cdsClient, schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), body: CdsBody } }, async (req) => {
    const service = SERVICES.find((s) => s.id === req.params.id);
    if (!service) throw new NotFound(`No CDS service ${req.params.id}`);
    if (req.body.hook !== service.hook) throw new Invalid(`Service ${service.id} answers the ${service.hook} hook, not ${req.body.hook}`, [{ field: 'hook', message: `must be ${service.hook}` }]);
    // CDS Hooks 2.0 (cds-r-1): fhirAuthorization only together with fhirServer.
    if (req.body.fhirAuthorization && !req.body.fhirServer) throw new Invalid('fhirAuthorization requires fhirServer', [{ field: 'fhirServer', message: 'required with fhirAuthorization' }]);
    const cat = await catalog();
    const referrerKind = await referrerKindOf(req.body.context.userId);
    let request = req.body as unknown as CdsRequest;
    // Only fetch the patient when some order may get a card.
    if (needsPatient(guidelinePack(), ordersToAdvise(request, cat), referrerKind)) request = await withPatient(request, app.config.cdsFhirServers);
    const results = cardsFor(guidelinePack(), request, cat, baseUrl(req), { referrerKind });
    adviceLog.add(
      results.map((r) => ({ source: 'cds-hooks' as const, userId: null, client: req.cdsCall!.client.id, externalUser: req.body.context.userId ?? null, draftId: null, hookInstance: req.body.hookInstance, cardUuid: r.card.uuid as string, referralId: null, examCode: r.examCode, topicId: r.advice.topicId, topicVersion: r.advice.topicVersion, rating: r.advice.rating, score: r.advice.score, facts: r.facts, missingFacts: r.advice.missingFacts.map((m) => m.id) })),
    );
    return { cards: results.map((r) => r.card) };
  });

  app.post(
    '/cds-services/:id/feedback',
    {
      config: cdsClient,
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object({
          feedback: Type.Array(
            Type.Object({
              card: Type.String({ minLength: 1, maxLength: 100 }),
              outcome: Type.Union([Type.Literal('accepted'), Type.Literal('overridden')]),
              acceptedSuggestions: Type.Optional(Type.Array(Type.Object({ id: Type.String({ maxLength: 100 }) }), { maxItems: 20 })),
              overrideReason: Type.Optional(Type.Object({ reason: Type.Optional(Type.Object({ system: Type.Optional(Type.String({ maxLength: 300 })), code: Type.String({ maxLength: 100 }), display: Type.Optional(Type.String({ maxLength: 300 })) })), userComment: Type.Optional(Type.String({ maxLength: 2000 })) })),
              outcomeTimestamp: Type.String({ format: 'date-time' }),
            }),
            { minItems: 1, maxItems: 100 },
          ),
        }),
      },
    },
    async (req) => {
      if (!SERVICES.some((s) => s.id === req.params.id)) throw new NotFound(`No CDS service ${req.params.id}`);
      // CDS Hooks 2.0 §Feedback: acceptedSuggestions is required for accepted outcomes.
      const bad = req.body.feedback.findIndex((f) => f.outcome === 'accepted' && !f.acceptedSuggestions?.length);
      if (bad >= 0) throw new Invalid('acceptedSuggestions is required when outcome is accepted', [{ field: `feedback.${bad}.acceptedSuggestions`, message: 'required for accepted' }]);
      await store.insertCdsFeedback(
        db,
        req.body.feedback.map((f) => ({ serviceId: req.params.id, cardUuid: f.card, outcome: f.outcome, acceptedSuggestions: f.acceptedSuggestions, overrideReason: f.overrideReason, outcomeTimestamp: f.outcomeTimestamp, client: req.cdsCall!.client.id })),
      );
      return {};
    },
  );
};
