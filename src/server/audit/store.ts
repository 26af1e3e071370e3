// Search in the access log (for leaders, and for a patient's "who looked at my record").
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface AccessLogQuery {
  patientId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  /** Only rows whose actor acted in one of these organizations (a leader sees their own subtree). */
  organizationIds?: string[] | 'all';
  limit: number;
  offset: number;
}

export async function searchAccessLog(db: Kysely<DB> | Transaction<DB>, q: AccessLogQuery) {
  let query = db
    .selectFrom('access_log as a')
    .leftJoin('organization as o', 'o.id', 'a.organization_id')
    .select([
      'a.id',
      'a.at',
      'a.user_id',
      'a.actor_name',
      'a.role',
      'a.organization_id',
      'o.name as organization_name',
      'a.patient_id',
      'a.patient_ids',
      'a.resource_type',
      'a.resource_id',
      'a.action',
      'a.context',
      'a.client',
      'a.outcome',
      'a.reason',
    ]);
  // A list view (one row, many patients: migration 0050) counts for each patient it named.
  if (q.patientId) query = query.where((eb) => eb.or([eb('a.patient_id', '=', q.patientId!), sql<boolean>`a.patient_ids @> ARRAY[${q.patientId!}]::text[]`]));
  if (q.userId) query = query.where('a.user_id', '=', q.userId);
  if (q.from) query = query.where('a.at', '>=', q.from);
  if (q.to) query = query.where('a.at', '<', q.to);
  if (q.organizationIds && q.organizationIds !== 'all') {
    if (q.organizationIds.length === 0) return [];
    query = query.where('a.organization_id', 'in', q.organizationIds);
  }
  return query.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(q.limit).offset(q.offset).execute();
}
