// HTTP edge of notifications (service.ts): the referrer's messages from radiology — kept at
// /api/reporting/notifications, where the web app and FHIR-less clients have read them since 0130 —
// and the receiving department's alerts at /api/notifications/department-alerts.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DepartmentAlertAcknowledged,
  DepartmentAlertIdParams,
  DepartmentAlerts,
  DepartmentAlertsQuery,
  Notifications,
  NotificationsReadBody,
} from '../../shared/api/notifications.ts';
import { whoOf } from '../access/gate.ts';
import { BOOKING_ROLES } from '../booking/service.ts';
import { principalOf } from '../http/access.ts';
import { acknowledgeDepartmentAlert, departmentAlerts, myNotifications, readNotifications } from './service.ts';

export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const referrers = { access: { roles: ['referrer' as const] } };
  const department = { access: { roles: BOOKING_ROLES } };

  app.get('/api/reporting/notifications', { config: referrers, schema: { response: { 200: Notifications } } }, async (req) =>
    myNotifications(db, principalOf(req), req.ip),
  );
  app.post(
    '/api/reporting/notifications/read',
    { config: referrers, schema: { body: NotificationsReadBody, response: { 200: Type.Object({ ok: Type.Boolean(), marked: Type.Integer() }) } } },
    async (req) => {
      const marked = await readNotifications(db, principalOf(req), req.body.referralId);
      return { ok: true, marked };
    },
  );

  app.get(
    '/api/notifications/department-alerts',
    { config: department, schema: { querystring: DepartmentAlertsQuery, response: { 200: DepartmentAlerts } } },
    async (req) => departmentAlerts(db, whoOf(req), BOOKING_ROLES, req.query.referralId),
  );
  app.post(
    '/api/notifications/department-alerts/:id/acknowledge',
    { config: department, schema: { params: DepartmentAlertIdParams, response: { 200: DepartmentAlertAcknowledged } } },
    async (req) => acknowledgeDepartmentAlert(db, whoOf(req), req.params.id, BOOKING_ROLES),
  );
};
