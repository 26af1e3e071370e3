// HTTP edge of reporting: /api/reporting/… (the report page of an exam, report actions, the
// countersign queue, feedback, the referrer's reports). FHIR DiagnosticReport and ImagingStudy are
// in fhir-routes.ts; the referrer's notifications in notifications/routes.ts.
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddendumBody,
  AddendumResult,
  CountersignBody,
  CountersignQueue,
  ExamIdParams,
  ExamReportView,
  FeedbackList,
  ReferralIdParams,
  ReferralReports,
  ReportWriteBody,
  ReportWriteResult,
} from '../../shared/api/reporting.ts';
import { principalOf } from '../http/access.ts';
import { once, parseIdempotencyKey } from '../referrals/idempotency.ts';
import { addAddendum, applyReportAction, countersignQueue, myFeedback, openExamReport, READER_ROLES, referralReports, SUPERVISOR_ROLES } from './service.ts';

export const reportingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const readers = { access: { roles: READER_ROLES } };

  app.get('/api/reporting/exams/:examId', { config: readers, schema: { params: ExamIdParams, response: { 200: ExamReportView } } }, async (req) =>
    openExamReport(db, principalOf(req), req.ip, req.params.examId),
  );

  const write = {
    config: readers,
    schema: { params: ExamIdParams, body: ReportWriteBody, response: { 200: ReportWriteResult } },
  } as const;
  app.put('/api/reporting/exams/:examId/report', write, async (req) => applyReportAction(db, principalOf(req), req.ip, req.params.examId, 'save', req.body));
  app.post('/api/reporting/exams/:examId/report/preliminary', write, async (req) =>
    applyReportAction(db, principalOf(req), req.ip, req.params.examId, 'sign-preliminary', req.body),
  );
  app.post('/api/reporting/exams/:examId/report/final', write, async (req) =>
    applyReportAction(db, principalOf(req), req.ip, req.params.examId, 'finalize', req.body),
  );
  app.post(
    '/api/reporting/exams/:examId/report/countersign',
    { config: { access: { roles: SUPERVISOR_ROLES } }, schema: { params: ExamIdParams, body: CountersignBody, response: { 200: ReportWriteResult } } },
    async (req) => applyReportAction(db, principalOf(req), req.ip, req.params.examId, 'countersign', req.body),
  );
  // Idempotency-Key (optional; the convention of POST /api/referrals, referrals/idempotency.ts): the
  // same key with the same exam and text answers the first addendum again (Idempotent-Replayed:
  // true), nothing stored twice; the same key with another exam or text is 422; while the first
  // is still running, 409. Without a key the same-text rule of addAddendum still catches a double click.
  app.post(
    '/api/reporting/exams/:examId/report/addenda',
    { config: readers, schema: { params: ExamIdParams, body: AddendumBody, response: { 201: AddendumResult } } },
    async (req, reply) => {
      const p = principalOf(req);
      const key = parseIdempotencyKey(req.headers['idempotency-key']);
      // The request's identity: the keys are per user and shared with referrals, so the scope is part of it.
      const request = { scope: 'report-addendum', examId: req.params.examId, text: req.body.text };
      const r = await once(db, p.userId, key, request, async () => ({
        status: 201,
        body: await addAddendum(db, p, req.ip, req.params.examId, req.body.text),
      }));
      if (r.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.status(201).send(r.body);
    },
  );

  app.get(
    '/api/reporting/countersign-queue',
    { config: { access: { roles: SUPERVISOR_ROLES } }, schema: { response: { 200: CountersignQueue } } },
    async (req) => countersignQueue(db, principalOf(req), req.ip),
  );
  app.get('/api/reporting/feedback', { config: readers, schema: { response: { 200: FeedbackList } } }, async (req) => myFeedback(db, principalOf(req), req.ip));

  // The referrer's side: final reports on their referral page.
  app.get(
    '/api/reporting/referrals/:referralId/reports',
    { config: { access: { authenticated: true } }, schema: { params: ReferralIdParams, response: { 200: ReferralReports } } },
    async (req) => referralReports(db, principalOf(req), req.ip, req.params.referralId),
  );
  // The referrer's notifications: notifications/routes.ts.
};
