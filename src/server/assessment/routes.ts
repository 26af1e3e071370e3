// HTTP edge of the assessment domain: the vetting inbox (/api/assessment/inbox) and its filter
// options. The logic is in inbox.ts; the access gate decides which referrals a user sees.
import { MediaResponse, NoContent } from '../../shared/api/common.ts';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AcceptBody,
  ApprovalBody,
  Approvals,
  AssessmentView,
  AssessOptions,
  AssessResult,
  CloseBody,
  InboxOptions,
  InboxOptionsQuery,
  InboxPage,
  InboxQuery,
  MergeBody,
  MessageBody,
  RedirectBody,
  RedirectRuleBody,
  RedirectRules,
  ReferralStatusView,
  ReturnBody,
  WithdrawBody,
} from '../../shared/api/assessment.ts';
import { DEPARTMENT_ROLES } from '../access/gate.ts';
import { principalOf } from '../http/access.ts';
import { assessmentInbox, assessmentInboxOptions } from './inbox.ts';
import { answerInformationRequest, assessReferral } from './actions.ts';
import { listApprovals, setApproval } from './approvals.ts';
import { closeWithoutExam, withdrawReferral } from './closing.ts';
import { referralPdf } from './pdf.ts';
import { addRedirectRule, deactivateRedirectRule, listRedirectRules, replaceRedirectRule } from './redirect-settings.ts';
import { assessOptions, openReferralForAssessment, referralPdfForReferrer, referralStatusForReferrer } from './view.ts';
import { requestLocale } from '../http/accept-language.ts';

export const assessmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const department = { access: { roles: DEPARTMENT_ROLES } };

  app.get('/api/assessment/inbox', { config: department, schema: { querystring: InboxQuery, response: { 200: InboxPage } } }, async (req) =>
    assessmentInbox(db, principalOf(req), req.query, req.ip),
  );

  app.get('/api/assessment/inbox/options', { config: department, schema: { querystring: InboxOptionsQuery, response: { 200: InboxOptions } } }, async (req) =>
    assessmentInboxOptions(db, principalOf(req), req.query.scope),
  );

  app.get(
    '/api/assessment/referrals/:id',
    { config: department, schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), response: { 200: AssessmentView } } },
    async (req) => openReferralForAssessment(db, principalOf(req), req.params.id, req.ip),
  );

  const params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
  app.get('/api/assessment/referrals/:id/options', { config: department, schema: { params, response: { 200: AssessOptions } } }, async (req) =>
    assessOptions(db, principalOf(req), req.params.id, req.ip),
  );
  const ok = { 200: AssessResult };
  app.post('/api/assessment/referrals/:id/accept', { config: department, schema: { params, body: AcceptBody, response: ok } }, async (req) =>
    assessReferral(db, principalOf(req), req.params.id, { action: 'accept', ...req.body }, req.ip),
  );
  app.post('/api/assessment/referrals/:id/return', { config: department, schema: { params, body: ReturnBody, response: ok } }, async (req) =>
    assessReferral(db, principalOf(req), req.params.id, { action: 'return', ...req.body }, req.ip),
  );
  app.post('/api/assessment/referrals/:id/request-info', { config: department, schema: { params, body: MessageBody, response: ok } }, async (req) =>
    assessReferral(db, principalOf(req), req.params.id, { action: 'request_info', ...req.body }, req.ip),
  );
  app.post('/api/assessment/referrals/:id/redirect', { config: department, schema: { params, body: RedirectBody, response: ok } }, async (req) =>
    assessReferral(db, principalOf(req), req.params.id, { action: 'redirect', ...req.body }, req.ip),
  );
  app.post('/api/assessment/referrals/:id/merge', { config: department, schema: { params, body: MergeBody, response: ok } }, async (req) =>
    assessReferral(db, principalOf(req), req.params.id, { action: 'merge', ...req.body }, req.ip),
  );
  // Ending a referral without an exam (closing.ts): the department closes it, the referrer withdraws it.
  app.post('/api/assessment/referrals/:id/close', { config: department, schema: { params, body: CloseBody, response: ok } }, async (req) =>
    closeWithoutExam(db, principalOf(req), req.params.id, req.body, req.ip),
  );
  app.post(
    '/api/referrals/:id/withdraw',
    { config: { access: { roles: ['referrer'] as const } }, schema: { params, body: WithdrawBody, response: ok } },
    async (req) => withdrawReferral(db, principalOf(req), req.params.id, req.body, req.ip),
  );
  // The referrer answers a request for more information (from their own referral page).
  app.post(
    '/api/referrals/:id/answer',
    { config: { access: { roles: ['referrer'] as const } }, schema: { params, body: MessageBody, response: ok } },
    async (req) => answerInformationRequest(db, principalOf(req), req.params.id, req.body, req.ip),
  );
  app.get(
    '/api/referrals/:id/status',
    { config: { access: { roles: ['referrer'] as const } }, schema: { params, response: { 200: ReferralStatusView } } },
    async (req) => referralStatusForReferrer(db, principalOf(req), req.params.id, req.ip),
  );
  // The same as a PDF (referral number and receipt, and the report once signed): Content-Disposition attachment.
  app.get(
    '/api/referrals/:id/pdf',
    { config: { access: { roles: ['referrer'] as const } }, schema: { params, response: { 200: MediaResponse('application/pdf', 'The referral as PDF') } } },
    async (req, reply) => {
      const { view, reports } = await referralPdfForReferrer(db, principalOf(req), req.params.id, req.ip);
      const pdf = await referralPdf(view, reports, new Date(), requestLocale(req));
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="henvisning-${view.referralNumber}.pdf"`).send(pdf);
    },
  );

  // Task sharing: the department leader approves radiographers to assess referrals for a modality.
  const leader = { access: { roles: ['department_leader'] as const } };
  app.get('/api/assessment/approvals', { config: leader, schema: { response: { 200: Approvals } } }, async (req) => listApprovals(db, principalOf(req)));
  app.post('/api/assessment/approvals', { config: leader, schema: { body: ApprovalBody, response: { 204: NoContent } } }, async (req, reply) => {
    await setApproval(db, principalOf(req), req.body, true);
    return reply.status(204).send(null);
  });
  app.delete('/api/assessment/approvals', { config: leader, schema: { querystring: ApprovalBody, response: { 204: NoContent } } }, async (req, reply) => {
    await setApproval(db, principalOf(req), req.query, false);
    return reply.status(204).send(null);
  });

  // Redirect rules: where the leader's departments let assessors send referrals on (redirect-rules.ts).
  app.get('/api/assessment/redirect-rules', { config: leader, schema: { response: { 200: RedirectRules } } }, async (req) =>
    listRedirectRules(db, principalOf(req)),
  );
  app.post(
    '/api/assessment/redirect-rules',
    { config: leader, schema: { body: RedirectRuleBody, response: { 201: Type.Object({ id: Type.String() }) } } },
    async (req, reply) => reply.status(201).send(await addRedirectRule(db, principalOf(req), req.body)),
  );
  app.put(
    '/api/assessment/redirect-rules/:id',
    { config: leader, schema: { params, body: RedirectRuleBody, response: { 200: Type.Object({ id: Type.String() }) } } },
    async (req) => replaceRedirectRule(db, principalOf(req), req.params.id, req.body),
  );
  app.delete('/api/assessment/redirect-rules/:id', { config: leader, schema: { params, response: { 204: NoContent } } }, async (req, reply) => {
    await deactivateRedirectRule(db, principalOf(req), req.params.id);
    return reply.status(204).send(null);
  });
};
