// A department's reading settings (migration 0350), set by its department leader on the reading
// settings page. One today: "preliminary answer to the referrer for urgent cases" — when on, a
// LIS's or reporting radiographer's preliminary report on an acute exam (reading priority 'acute',
// øyeblikkelig hjelp) of the department is released to the referrer before it is countersigned,
// marked as not countersigned (reporting/service.ts). Off by default. Organizational data only (no
// patient data), so no access-log rows; who changed a setting and when is kept with it.
import type { Kysely, Transaction } from 'kysely';
import type { DepartmentSettings } from '../../shared/api/reading.ts';
import type { Principal } from '../auth/principal.ts';
import { grantOrganizations } from '../auth/principal.ts';
import type { DB } from '../db/schema.ts';
import { Forbidden } from '../http/errors.ts';
import * as store from './store.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The departments `p` leads (the organizations of their department-leader grants and the
 * departments below them) with their settings: `preliminaryToReferrer` false when never set;
 * `changedBy` (a name) and `changedAt` null until someone sets it. Empty for someone who leads nothing.
 */
export async function departmentSettings(db: Q, p: Principal): Promise<DepartmentSettings> {
  const rows = await store.departmentSettings(db, grantOrganizations(p, ['department_leader']));
  return rows.map((r) => ({
    organization: { id: r.id, name: r.name },
    preliminaryToReferrer: r.preliminary_to_referrer ?? false,
    changedBy: r.changed_by_name,
    changedAt: r.changed_at ? new Date(r.changed_at).toISOString() : null,
  }));
}

/**
 * Sets the department's "preliminary answer to the referrer for urgent cases", stamped with the
 * leader and the time. 403 (`not-department-leader`) unless `orgId` is one of the departments `p`
 * leads (departmentSettings). Takes effect for preliminary reports signed from now on; a report
 * released earlier stays visible to its referrer.
 */
export async function setDepartmentSetting(db: Kysely<DB>, p: Principal, orgId: string, preliminaryToReferrer: boolean, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const led = await store.departmentSettings(trx, grantOrganizations(p, ['department_leader']));
    if (!led.some((r) => r.id === orgId))
      throw new Forbidden('Bare avdelingens leder kan endre innstillingen / Only the department leader may change this setting', [
        { field: 'orgId', message: 'not-department-leader' },
      ]);
    await store.upsertDepartmentSetting(trx, orgId, preliminaryToReferrer, p.personId, now);
  });
}

/**
 * Whether a preliminary report on `examId`, signed now and awaiting countersigning, is released to
 * the referrer: the case's reading priority is 'acute' and its performing department has the
 * setting on. For reporting/service.ts, inside its transaction.
 */
export async function preliminaryGoesToReferrer(db: Q, examId: string): Promise<boolean> {
  return store.preliminaryToReferrerFor(db, examId);
}
