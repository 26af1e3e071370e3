// HTTP edge of the referral domain: app API (/api/referrals, /api/guidelines). FHIR R4
// ServiceRequest is in fhir-routes.ts; CDS Hooks in interop/cds-hooks/.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FACTS } from '../../shared/facts.ts';
import { MAX_NOTE_CHARS, NOTE_PATTERN } from '../../shared/note.ts';
import { grantOrganizations } from '../auth/principal.ts';
import { DEPARTMENT_ROLES } from '../directory/patients.ts';
import { readIndications } from '../directory/reference-data.ts';
import { subtreeIds } from '../directory/store.ts';
import { principalOf } from '../http/access.ts';
import { describeRule } from '../guidelines/describe-rule.ts';
import { NotFound } from '../http/errors.ts';
import { once, parseIdempotencyKey } from './idempotency.ts';
import { OVERRIDE_REASONS } from './override-reasons.ts';
import { adviceForRequest, myReferrals, myReferralsPage, readReferral, submitReferral, topicQuestions } from './service.ts';
import * as store from './store.ts';
import {
  AdviceResponse,
  ReceivingDepartments,
  ReferralCatalog,
  ReferralDetail,
  MyReferralsPage,
  MyReferralsQuery,
  ReferralList,
  SubmitResponse,
  TopicDetail,
  TopicList,
} from '../../shared/api/referrals.ts';

const Indication = Type.Object(
  { system: Type.Union([Type.Literal('ICPC-2'), Type.Literal('ICD-10')]), code: Type.String({ pattern: '^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$' }) },
  { additionalProperties: false },
);
const FactsBody = Type.Record(Type.String({ maxLength: 60 }), Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 40 }), Type.Null()]));
const ExamCode = Type.String({ pattern: '^[A-Z]{3}[0-9][A-Z]{2}$' });
const Urgency = Type.Union([Type.Literal('emergency'), Type.Literal('urgent'), Type.Literal('routine'), Type.Literal('planned')]);

export const referralRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  // ---- public advice pages ----
  // Exams by name (the public pages and the referral form name exams, not codes).
  const examsOf = async (codes: string[]) => {
    const all = await store.listExamCatalog(db);
    return codes.map((code) => {
      const e = all.find((x) => x.code === code);
      return { code, name: e?.name ?? code, nameEn: e?.name_en ?? e?.name ?? code };
    });
  };
  app.get('/api/guidelines', { config: { access: { public: true } }, schema: { response: { 200: TopicList } } }, async () =>
    Promise.all(
      app.guidelines.current().pack.topics.map(async (t) => ({
        id: t.id,
        version: t.version,
        status: t.status,
        title: t.title,
        examCodes: t.appliesTo.examCodes,
        exams: await examsOf(t.appliesTo.examCodes),
        reviewed: t.reviewed,
        sources: t.sources,
      })),
    ),
  );
  app.get(
    '/api/guidelines/:id',
    { config: { access: { public: true } }, schema: { params: Type.Object({ id: Type.String({ maxLength: 60 }) }), response: { 200: TopicDetail } } },
    async (req) => {
      const t = app.guidelines.current().pack.topics.find((x) => x.id === req.params.id);
      if (!t) throw new NotFound('Fant ikke henvisningsrådet / No such referral advice topic');
      return {
        id: t.id,
        version: t.version,
        status: t.status,
        title: t.title,
        reviewed: t.reviewed,
        examCodes: t.appliesTo.examCodes,
        exams: await examsOf(t.appliesTo.examCodes),
        appliesTo: t.appliesTo,
        questions: topicQuestions(t.facts),
        // The condition in words (describe-rule.ts): people never see a formula or a fact id.
        // A rule limited to some of the topic's exams says which (two rules may read alike and
        // differ only in the exam: hodepine's CT and MR thunderclap rules).
        rules: await Promise.all(
          t.rules.map(async (r) => ({
            id: r.id,
            when: describeRule(r.when),
            ...(r.examCodes ? { examCodes: r.examCodes, exams: await examsOf(r.examCodes) } : {}),
            ...r.outcome,
          })),
        ),
        otherwise: t.otherwise,
        sources: t.sources,
      };
    },
  );

  // ---- referral form support ----
  const referrer = { access: { roles: ['referrer'] as const } };
  app.get('/api/referrals/catalog', { config: referrer, schema: { response: { 200: ReferralCatalog } } }, async () => ({
    exams: await store.listExamCatalog(db),
    departments: await store.listReceivingDepartments(db),
    overrideReasons: [...OVERRIDE_REASONS],
    indications: readIndications(),
    facts: FACTS.map((d) => ({ ...d, values: d.values && [...d.values], implies: d.implies && [...d.implies] })),
    covered: [...app.guidelines.current().pack.byExam.keys()],
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
            patient: Type.Optional(
              Type.Object(
                { ageYears: Type.Integer({ minimum: 0, maximum: 130 }), sex: Type.Union([Type.Literal('M'), Type.Literal('F')]) },
                { additionalProperties: false },
              ),
            ),
            indication: Type.Optional(Indication),
            clinicalQuestion: Type.Optional(Type.String({ maxLength: 500 })),
            text: Type.Optional(Type.String({ maxLength: MAX_NOTE_CHARS, pattern: NOTE_PATTERN })),
            facts: Type.Optional(FactsBody),
            urgency: Type.Optional(Urgency),
          },
          { additionalProperties: false },
        ),
        response: { 200: AdviceResponse },
      },
    },
    async (req) => adviceForRequest(db, app.guidelines.current().pack, principalOf(req), { ...req.body, facts: req.body.facts as never }, req.ip),
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
            text: Type.Optional(Type.String({ maxLength: MAX_NOTE_CHARS, pattern: NOTE_PATTERN })),
            facts: Type.Optional(FactsBody),
            urgency: Urgency,
            contraindications: Type.Optional(
              Type.Object(
                {
                  pregnant: Type.Optional(Type.Boolean()),
                  egfr: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
                  pacemaker: Type.Optional(Type.Boolean()),
                  metalImplant: Type.Optional(Type.Boolean()),
                  contrastAllergy: Type.Optional(Type.Boolean()),
                },
                { additionalProperties: false },
              ),
            ),
            decision: Type.Optional(
              Type.Union([
                Type.Object(
                  { kind: Type.Literal('override'), reasonCode: Type.String({ maxLength: 60 }), reasonText: Type.Optional(Type.String({ maxLength: 1000 })) },
                  { additionalProperties: false },
                ),
                Type.Object({ kind: Type.Literal('accept_alternative') }, { additionalProperties: false }),
              ]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: SubmitResponse, 200: SubmitResponse },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      // Idempotency-Key (optional): a retried send gives the first answer, never a second referral.
      const r = await once(db, principal.userId, parseIdempotencyKey(req.headers['idempotency-key']), req.body, async () => {
        const referral = await submitReferral(db, app.guidelines.current().pack, principal, { ...req.body, facts: req.body.facts as never }, req.ip);
        // 201 with the referral; 200 when the referrer chose watchful waiting (nothing was sent).
        return { status: referral.id ? 201 : 200, body: referral };
      });
      if (r.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.status(r.status as 200 | 201).send(r.body);
    },
  );

  // The referrer's own referrals (?mine=1 is the only listing a referrer has; accepted for clarity).
  app.get(
    '/api/referrals',
    {
      config: referrer,
      schema: {
        querystring: Type.Object({ mine: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('true')])) }, { additionalProperties: false }),
        response: { 200: ReferralList },
      },
    },
    async (req) => myReferrals(db, principalOf(req), req.ip),
  );

  // The referrer's own referrals, one page at a time (newest first), with search and a status filter.
  app.get('/api/referrals/mine', { config: referrer, schema: { querystring: MyReferralsQuery, response: { 200: MyReferralsPage } } }, async (req) =>
    myReferralsPage(db, principalOf(req), req.query, req.ip),
  );

  app.get(
    '/api/referrals/departments/mine',
    { config: { access: { roles: DEPARTMENT_ROLES } }, schema: { response: { 200: ReceivingDepartments } } },
    async (req) => {
      const ids = await subtreeIds(db, grantOrganizations(principalOf(req), DEPARTMENT_ROLES));
      return (await store.listReceivingDepartments(db)).filter((d) => ids.includes(d.id));
    },
  );

  app.get(
    '/api/referrals/:id',
    {
      config: { access: { roles: ['referrer', ...DEPARTMENT_ROLES] } },
      schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: ReferralDetail } },
    },
    async (req) => readReferral(db, principalOf(req), req.params.id, req.ip),
  );
};
