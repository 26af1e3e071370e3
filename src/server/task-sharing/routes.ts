// HTTP edge of the task-sharing quality domain (/api/task-sharing): the blind queue, the blind
// second assessment, the agreement report and the sampling share. Logic in service.ts.
import { NoContent } from '../../shared/api/common.ts';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BlindQueue, BlindView, Report, ReportQuery, SecondAssessmentBody, SecondAssessmentResult, SettingBody } from '../../shared/api/task-sharing.ts';
import { DEPARTMENT_ROLES } from '../access/gate.ts';
import { principalOf } from '../http/access.ts';
import { blindQueue, openBlind, recordSecondAssessment, REPORT_ROLES, setSamplePercent, taskSharingReport } from './service.ts';

export const taskSharingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  // Department staff reach the handlers, which refuse (and log) everyone but radiologists: a
  // radiographer's attempt to open a sampled referral is an access-log row, not a silent 403.
  const department = { access: { roles: DEPARTMENT_ROLES } };
  const params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
  app.get('/api/task-sharing/queue', { config: department, schema: { response: { 200: BlindQueue } } }, async (req) =>
    blindQueue(db, principalOf(req), req.ip),
  );
  app.get('/api/task-sharing/referrals/:id', { config: department, schema: { params, response: { 200: BlindView } } }, async (req) =>
    openBlind(db, principalOf(req), req.params.id, req.ip),
  );
  app.post(
    '/api/task-sharing/referrals/:id/second-assessment',
    { config: department, schema: { params, body: SecondAssessmentBody, response: { 200: SecondAssessmentResult } } },
    async (req) => recordSecondAssessment(db, principalOf(req), req.params.id, req.body, req.ip),
  );
  app.get(
    '/api/task-sharing/report',
    { config: { access: { roles: REPORT_ROLES } }, schema: { querystring: ReportQuery, response: { 200: Report } } },
    async (req) => taskSharingReport(db, principalOf(req), req.query),
  );
  app.put(
    '/api/task-sharing/settings',
    { config: { access: { roles: ['department_leader'] as const } }, schema: { body: SettingBody, response: { 204: NoContent } } },
    async (req, reply) => {
      await setSamplePercent(db, principalOf(req), req.body);
      return reply.status(204).send(null);
    },
  );
};
