// HTTP edge of training: /api/training/… (learning goals, plans, records of LIS, progress,
// assessments, suitability notes, supervision, competence approvals, notifications, reports and
// exports). Rules and access live in service.ts / access.ts.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Role } from '../db/schema.ts';
import {
  ActivityBody,
  ApprovalBody,
  ApprovalIdParams,
  AssessmentBody,
  CompletionResult,
  Created,
  DepartmentReport,
  ExamTypes,
  GoalCsvImportBody,
  GoalCsvImportResult,
  GoalParams,
  LearningGoalList,
  MeetingBody,
  MeetingIdParams,
  MeetingLogBody,
  MoveRotationBody,
  NoteBody,
  OrgQuery,
  PackagedPlanBody,
  CompareQuery,
  PlanComparison,
  PlanCreateBody,
  PlanHistory,
  PlanIdParams,
  PlanUpdateBody,
  PlanList,
  RecordCreateBody,
  RecordDetailsBody,
  RecordIdParams,
  RecordList,
  RecordView,
  RotationIdParams,
  SpecialtyQuery,
  TrainingNotifications,
  WithdrawBody,
} from '../../shared/api/training.ts';
import { sendCsv } from '../http/csv.ts';
import { principalOf } from '../http/access.ts';
import { recordPdf } from './pdf.ts';
import * as service from './service.ts';
import { MediaResponse } from '../../shared/api/common.ts';
import { requestLocale } from '../http/accept-language.ts';
import { titleLine } from '../analytics/export-title.ts';
import { translate } from '../../shared/i18n/index.ts';

/** Roles that take part in specialist training: LIS, specialists (supervisors, collegium), leaders. */
export const TRAINING_ROLES: readonly Role[] = ['lis', 'radiologist', 'department_leader'];
/**
 * Who changes the national learning-goal list (titles, numbers): the national network's editors
 * (fagredaktør) and administrators — not department leaders, whose local fields are their
 * department's plans and the individual plans (decided by the lead for issues 11/13, 2026-12-02).
 */
export const GOAL_EDITOR_ROLES: readonly Role[] = ['network_editor', 'admin'];
const tags = ['training'];

const Assessed = Type.Object({ id: Type.String(), ...CompletionResult.properties });

export const trainingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const config = { access: { roles: TRAINING_ROLES } };

  app.get(
    '/api/training/goals',
    {
      config: { access: { roles: [...TRAINING_ROLES, ...GOAL_EDITOR_ROLES] } },
      schema: { tags, querystring: SpecialtyQuery, response: { 200: LearningGoalList } },
    },
    async (req) => service.listGoals(db, req.query.specialty),
  );
  app.post(
    '/api/training/goals/import',
    { config: { access: { roles: GOAL_EDITOR_ROLES } }, schema: { tags, body: GoalCsvImportBody, response: { 200: GoalCsvImportResult } } },
    async (req) => service.importGoals(db, principalOf(req), req.body.csv, req.body.source),
  );

  app.get('/api/training/exam-types', { config, schema: { tags, response: { 200: ExamTypes } } }, async () => service.examTypes(db));

  app.get('/api/training/plans', { config, schema: { tags, response: { 200: PlanList } } }, async (req) => service.listPlans(db, principalOf(req)));
  app.post(
    '/api/training/plans',
    { config: { access: { roles: ['department_leader'] } }, schema: { tags, body: PlanCreateBody, response: { 201: Created } } },
    async (req, reply) => reply.status(201).send(await service.createPlan(db, principalOf(req), req.body)),
  );
  app.put(
    '/api/training/plans/:planId',
    { config: { access: { roles: ['department_leader'] } }, schema: { tags, params: PlanIdParams, body: PlanUpdateBody, response: { 200: Created } } },
    async (req) => service.updatePlan(db, principalOf(req), req.params.planId, req.body),
  );
  app.get(
    '/api/training/plans/:planId/versions',
    {
      config,
      schema: {
        tags,
        params: PlanIdParams,
        response: { 200: PlanHistory },
        description: 'Every version of the department plan, oldest first: who, when, why, and what changed since the version before.',
      },
    },
    async (req) => service.planHistory(db, principalOf(req), req.params.planId),
  );
  app.get(
    '/api/training/plans/:planId/compare',
    {
      config,
      schema: {
        tags,
        params: PlanIdParams,
        querystring: CompareQuery,
        response: { 200: PlanComparison },
        description: 'What changed from version `from` to `to`.',
      },
    },
    async (req) => service.comparePlanVersions(db, principalOf(req), req.params.planId, req.query.from, req.query.to),
  );
  app.post(
    '/api/training/plans/packaged',
    { config: { access: { roles: ['department_leader'] } }, schema: { tags, body: PackagedPlanBody, response: { 201: Created } } },
    async (req, reply) => reply.status(201).send(await service.createPackagedPlan(db, principalOf(req), req.body.organizationId, req.body.template)),
  );

  app.get('/api/training/records', { config, schema: { tags, response: { 200: RecordList } } }, async (req) => service.listRecords(db, principalOf(req)));
  app.post(
    '/api/training/records',
    { config: { access: { roles: ['department_leader'] } }, schema: { tags, body: RecordCreateBody, response: { 201: Created } } },
    async (req, reply) => reply.status(201).send(await service.createRecord(db, principalOf(req), req.body)),
  );
  app.get('/api/training/records/:recordId', { config, schema: { tags, params: RecordIdParams, response: { 200: RecordView } } }, async (req) =>
    service.recordView(db, principalOf(req), req.params.recordId),
  );
  app.get(
    '/api/training/records/:recordId/export.csv',
    {
      config,
      schema: {
        tags,
        params: RecordIdParams,
        description: 'The record as CSV, one row per learning goal (for Dossier-like systems).',
        response: { 200: MediaResponse('text/csv', 'CSV document') },
      },
    },
    async (req, reply) => {
      const { view, hpr } = await service.recordForExport(db, principalOf(req), req.params.recordId);
      return sendCsv(reply, `radvis-utdanning-${view.id}`, service.RECORD_CSV_COLUMNS, service.recordCsvRows(view, hpr), {
        // Dossier reads these columns by their technical names.
        technicalNames: true,
      });
    },
  );
  app.get(
    '/api/training/records/:recordId/export.pdf',
    {
      config,
      schema: {
        tags,
        params: RecordIdParams,
        response: { 200: MediaResponse('application/pdf', 'PDF document') },
      },
    },
    async (req, reply) => {
      const { view } = await service.recordForExport(db, principalOf(req), req.params.recordId);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="radvis-utdanning-${view.id}.pdf"`)
        .send(await recordPdf(view, new Date(), requestLocale(req)));
    },
  );

  app.get(
    '/api/training/records/:recordId/versions',
    {
      config,
      schema: {
        tags,
        params: RecordIdParams,
        response: { 200: PlanHistory },
        description: "Every version of the LIS's individual plan (dates moved, department plan changed), oldest first.",
      },
    },
    async (req) => service.recordHistory(db, principalOf(req), req.params.recordId),
  );
  app.get(
    '/api/training/records/:recordId/compare',
    { config, schema: { tags, params: RecordIdParams, querystring: CompareQuery, response: { 200: PlanComparison } } },
    async (req) => service.compareRecordVersions(db, principalOf(req), req.params.recordId, req.query.from, req.query.to),
  );
  app.patch(
    '/api/training/records/:recordId',
    {
      config,
      schema: {
        tags,
        params: RecordIdParams,
        body: RecordDetailsBody,
        response: { 200: Created },
        description:
          "Changes a LIS's supervisor and/or start date (department leaders), with a reason kept in the plan's history; rotations that follow the department plan move with the start date.",
      },
    },
    async (req) => service.changeRecordDetails(db, principalOf(req), req.params.recordId, req.body),
  );
  app.post(
    '/api/training/records/:recordId/rotations/:rotationId/move',
    {
      config,
      schema: {
        tags,
        params: RotationIdParams,
        body: MoveRotationBody,
        response: { 200: Created },
        description: "Moves a rotation in this LIS's individual plan only (supervisor and leaders), with a reason kept in the plan's history.",
      },
    },
    async (req) => service.moveRotation(db, principalOf(req), req.params.recordId, req.params.rotationId, req.body),
  );
  app.post(
    '/api/training/records/:recordId/activities',
    { config, schema: { tags, params: RecordIdParams, body: ActivityBody, response: { 201: Created } } },
    async (req, reply) => reply.status(201).send(await service.registerActivity(db, principalOf(req), req.params.recordId, req.body)),
  );
  app.post(
    '/api/training/records/:recordId/goals/:specialty/:number/complete',
    { config, schema: { tags, params: GoalParams, response: { 200: CompletionResult } } },
    async (req) => service.completeGoal(db, principalOf(req), req.params.recordId, req.params.specialty, req.params.number),
  );
  app.post(
    '/api/training/records/:recordId/goals/:specialty/:number/assessments',
    { config, schema: { tags, params: GoalParams, body: AssessmentBody, response: { 201: Assessed } } },
    async (req, reply) =>
      reply.status(201).send(await service.assessGoal(db, principalOf(req), req.params.recordId, req.params.specialty, req.params.number, req.body)),
  );
  app.post(
    '/api/training/records/:recordId/suitability-notes',
    { config, schema: { tags, params: RecordIdParams, body: NoteBody, response: { 201: Created } } },
    async (req, reply) => reply.status(201).send(await service.addNote(db, principalOf(req), req.params.recordId, req.body.text)),
  );

  app.post(
    '/api/training/records/:recordId/competence',
    {
      config,
      schema: {
        tags,
        params: RecordIdParams,
        body: ApprovalBody,
        response: { 201: Created },
        description: "Specialists of the department approve the LIS for an exam type: the LIS's reports of that type become final without countersigning.",
      },
    },
    async (req, reply) => reply.status(201).send(await service.approveCompetence(db, principalOf(req), req.params.recordId, req.body.examCode, req.body.note)),
  );
  app.post(
    '/api/training/records/:recordId/competence/:approvalId/withdraw',
    {
      config,
      schema: {
        tags,
        params: ApprovalIdParams,
        body: WithdrawBody,
        response: { 200: Created },
        description: 'Withdraws an approval from now on; never backdated.',
      },
    },
    async (req) => service.withdrawCompetence(db, principalOf(req), req.params.recordId, req.params.approvalId, req.body.reason, req.body.withdrawnAt),
  );

  app.post('/api/training/meetings', { config, schema: { tags, body: MeetingBody, response: { 201: Created } } }, async (req, reply) =>
    reply.status(201).send(await service.planMeeting(db, principalOf(req), req.body)),
  );
  app.post(
    '/api/training/meetings/:meetingId/log',
    { config, schema: { tags, params: MeetingIdParams, body: MeetingLogBody, response: { 200: Created } } },
    async (req) => service.logMeeting(db, principalOf(req), req.params.meetingId, req.body),
  );

  app.get('/api/training/notifications', { config, schema: { tags, response: { 200: TrainingNotifications } } }, async (req) =>
    service.notifications(db, principalOf(req)),
  );
  app.post('/api/training/notifications/read', { config, schema: { tags, response: { 204: Type.Null() } } }, async (req, reply) => {
    await service.readNotifications(db, principalOf(req));
    return reply.status(204).send(null);
  });

  app.get(
    '/api/training/report',
    {
      config: { access: { roles: ['department_leader', 'radiologist'] } },
      schema: { tags, querystring: OrgQuery, response: { 200: DepartmentReport }, description: 'Add ?format=csv for the LIS table as CSV.' },
    },
    async (req, reply) => {
      const r = await service.departmentReport(db, principalOf(req), req.query.organizationId);
      if (req.query.format !== 'csv') return r;
      return sendCsv(
        reply,
        'radvis-utdanning-avdeling',
        ['lis', 'supervisor', 'plan', 'start_date', 'goals', 'approved', 'overdue', 'behind', 'current_rotation'],
        r.records.map((x) => ({
          lis: x.lis.name,
          supervisor: x.supervisor.name,
          plan: x.plan,
          start_date: x.startDate,
          goals: x.goals,
          approved: x.approved,
          overdue: x.overdue,
          behind: x.behind,
          current_rotation: x.currentRotation,
        })),
        // A report people read (not the Dossier record export): the StatBank title line as the analytics tables.
        {
          title: titleLine(requestLocale(req), {
            table: translate(requestLocale(req), 'csv.title.table.trainingReport'),
            selection: [`${translate(requestLocale(req), 'csv.filter.department')}: ${r.organization}`],
          }),
        },
      );
    },
  );
};
