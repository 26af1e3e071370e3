// Normen / pasientjournalloven § 16: every read and write of patient data is logged — who,
// in which role and organization, when, which patient and resource, and why. Callers write the
// log row in the same transaction as the access itself, so one never happens without the other.
import type { Kysely, Transaction } from 'kysely';
import type { AccessAction, DB, Role } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { primaryGrant } from '../auth/principal.ts';

export interface Actor {
  userId: string | null;
  name: string;
  role: string | null;
  organizationId: string | null;
  client: string | null;
}

export function actorFromPrincipal(p: Principal, client: string | null, roles?: readonly Role[]): Actor {
  const g = primaryGrant(p, roles);
  return { userId: p.userId, name: p.name, role: g?.role ?? null, organizationId: g?.organizationId ?? null, client };
}

export function systemActor(name: string, client: string | null): Actor {
  return { userId: null, name, role: null, organizationId: null, client };
}

export interface AccessEntry {
  /** The patient whose data was reached; null for a directory entry read on its own (a Practitioner). */
  patientId: string | null;
  resourceType: string;
  resourceId?: string | null;
  action: AccessAction;
  context: string;
  /** Refused attempts are logged too (access/gate.ts); default 'allowed'. */
  outcome?: 'allowed' | 'refused';
  /** The rule that allowed or refused the access (e.g. 'referrer', 'department', 'no-work-need'). */
  reason?: string | null;
}

export async function logAccess(db: Kysely<DB> | Transaction<DB>, actor: Actor, entries: AccessEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('access_log')
    .values(
      entries.map((e) => ({
        user_id: actor.userId,
        actor_name: actor.name,
        role: actor.role,
        organization_id: actor.organizationId,
        patient_id: e.patientId,
        // access_log_one_patient_or_list: a read that named no patient (a Practitioner) is an empty list.
        patient_ids: e.patientId === null ? [] : null,
        resource_type: e.resourceType,
        resource_id: e.resourceId ?? null,
        action: e.action,
        context: e.context,
        client: actor.client,
        outcome: e.outcome ?? 'allowed',
        reason: e.reason ?? null,
      })),
    )
    .execute();
}

export interface ListAccessEntry {
  /** Every patient the list or search returned (may be empty: a search that found nobody). */
  patientIds: string[];
  resourceType: string;
  /** What was asked for, without personal data (e.g. the matching keys' names). */
  resourceId?: string | null;
  action: Extract<AccessAction, 'search' | 'export'>;
  context: string;
}

/**
 * One access-log row for one list view or search, naming every patient it returned (column
 * `patient_ids`), instead of one row per row shown. Normen / pasientjournalloven § 16 asks that
 * each access be traceable per patient; the patient search in the log finds these rows too.
 */
export async function logListAccess(db: Kysely<DB> | Transaction<DB>, actor: Actor, e: ListAccessEntry): Promise<void> {
  // Nothing is written for an empty list: no patient's data was shown.
  if (e.patientIds.length === 0) return;
  await db
    .insertInto('access_log')
    .values({
      user_id: actor.userId,
      actor_name: actor.name,
      role: actor.role,
      organization_id: actor.organizationId,
      // A list view names its patients in patient_ids; patient_id stays NULL (migration 0050: exactly one is set).
      patient_id: null,
      patient_ids: [...new Set(e.patientIds)],
      resource_type: e.resourceType,
      resource_id: e.resourceId ?? null,
      action: e.action,
      context: e.context,
      client: actor.client,
    })
    .execute();
}
