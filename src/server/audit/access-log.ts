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
  patientId: string;
  resourceType: string;
  resourceId?: string | null;
  action: AccessAction;
  context: string;
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
        resource_type: e.resourceType,
        resource_id: e.resourceId ?? null,
        action: e.action,
        context: e.context,
        client: actor.client,
      })),
    )
    .execute();
}

/**
 * A list view of patients (search hits) as ONE log row naming every patient shown
 * (patient_ids, migration 0050), in the caller's transaction. Nothing is written for an empty list.
 */
export async function logListAccess(db: Kysely<DB> | Transaction<DB>, actor: Actor, list: { patientIds: string[]; resourceType: string; action: AccessAction; context: string }): Promise<void> {
  if (list.patientIds.length === 0) return;
  await db
    .insertInto('access_log')
    .values({
      user_id: actor.userId,
      actor_name: actor.name,
      role: actor.role,
      organization_id: actor.organizationId,
      patient_id: null,
      patient_ids: list.patientIds,
      resource_type: list.resourceType,
      resource_id: null,
      action: list.action,
      context: list.context,
      client: actor.client,
    })
    .execute();
}
