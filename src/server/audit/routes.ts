// /api/access-log: search the access log. Department leaders see the rows of their own
// organizations' staff; administrators of a region see their region.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccessLogQuery, AccessLogRows } from '../../shared/api/audit.ts';
import { grantOrganizations } from '../auth/principal.ts';
import { subtreeIds } from '../directory/store.ts';
import { principalOf } from '../http/access.ts';
import { actorFromPrincipal, logListAccess } from './access-log.ts';
import { searchAccessLog } from './store.ts';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  app.get(
    '/api/access-log',
    {
      config: { access: { roles: ['department_leader'] } },
      schema: {
        querystring: AccessLogQuery,
        response: { 200: AccessLogRows },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const orgs = await subtreeIds(db, grantOrganizations(p, ['department_leader']));
      return db.transaction().execute(async (trx) => {
        const rows = await searchAccessLog(trx, {
          patientId: req.query.patientId,
          userId: req.query.userId,
          from: req.query.from ? new Date(`${req.query.from}T00:00:00Z`) : undefined,
          to: req.query.to ? new Date(`${new Date(Date.parse(`${req.query.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`) : undefined,
          organizationIds: orgs,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        });
        // Reading the log shows which patients were accessed: that is itself an access.
        // A list view: one row naming every patient shown (migration 0050).
        const patients = [...new Set(rows.flatMap((r) => (r.patient_id ? [r.patient_id] : (r.patient_ids ?? []))))];
        await logListAccess(trx, actorFromPrincipal(p, req.ip, ['department_leader']), {
          patientIds: patients,
          resourceType: 'AccessLog',
          action: 'search',
          context: 'access-log-search',
        });
        return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
      });
    },
  );
};
