// Task sharing (oppgavedeling): the department leader approves radiographers to assess referrals
// for a modality in their department (radiographer_assessment_approval). Reads no patient data.
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.ts';
import type { DB } from '../db/schema.ts';
import { Forbidden, Invalid } from '../http/errors.ts';
import { ledDepartments } from './leadership.ts';
import * as store from './store.ts';

/** GET /api/assessment/approvals: the approvals in the leader's departments, with the radiographers who could get one. */
export async function listApprovals(db: Kysely<DB>, p: Principal) {
  const depts = await ledDepartments(db, p);
  return { approvals: await store.listApprovals(db, depts), radiographers: await store.radiographersIn(db, depts) };
}

/**
 * POST/DELETE /api/assessment/approvals: approve (or withdraw) a radiographer for a modality in a
 * department the user leads. 403 outside their departments; 400 when the person is not a
 * radiographer there.
 */
export async function setApproval(db: Kysely<DB>, p: Principal, a: { personId: string; departmentId: string; modality: string }, approved: boolean) {
  const depts = await ledDepartments(db, p);
  if (!depts.includes(a.departmentId)) throw new Forbidden('Du er ikke leder for denne avdelingen / You do not lead this department');
  if (approved) {
    const radiographers = await store.radiographersIn(db, [a.departmentId]);
    if (!radiographers.some((r) => r.personId === a.personId))
      throw new Invalid('Personen er ikke radiograf i avdelingen / The person is not a radiographer in the department', [
        { field: 'personId', message: 'ikke radiograf her / not a radiographer here' },
      ]);
    await store.insertApproval(db, { ...a, approvedBy: p.userId });
  } else await store.deleteApproval(db, a);
}
