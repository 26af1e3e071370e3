// Which reading lists a user is entitled to (issue 9 §1): a list owned by an organization at, above
// or below one where the user holds a reading role. A department list is its department's; a regional
// list (owned by the RHF) is open to readers anywhere in the region, but holds only handed-over exams.
// The access gate (access/gate.ts, decideReadingCase) asks here; list views and "next case" too.
import type { Kysely, Transaction } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { grantOrganizations } from '../auth/principal.ts';
import { caseMembership, listsForOrganizations, type ListRow } from './store.ts';
import { isConsultantFor, trustsAbove } from './consult-store.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Roles that read from the lists (and the department leader, who hands over, releases and reassigns). */
export const READING_ROLES: readonly Role[] = ['radiologist', 'lis', 'reporting_radiographer', 'department_leader'];

/** The roles that read from the lists as readers: READING_ROLES without the department leader. */
export const READER_ONLY_ROLES: readonly Role[] = READING_ROLES.filter((r) => r !== 'department_leader');

/**
 * The active lists `p` is entitled to as a reader (through a radiologist, LIS or reporting
 * radiographer grant; a department-leader grant alone gives none): who may see the patient, the
 * clinical question and the report of a case.
 */
export async function entitledReaderLists(db: Q, p: Principal): Promise<ListRow[]> {
  const orgs = grantOrganizations(p, READER_ONLY_ROLES);
  return orgs.length ? listsForOrganizations(db, orgs) : [];
}

/** The active lists `p` is entitled to; `onlyIds` narrows to those (others are ignored, never added). */
export async function entitledLists(db: Q, p: Principal, onlyIds?: readonly string[]): Promise<ListRow[]> {
  return listsForOrganizations(db, grantOrganizations(p, READING_ROLES), onlyIds);
}

/**
 * The lists through which `p` may see the exam's case, and the case's patient. `undefined` when the
 * exam has no reading case (unknown exam). An empty `listIds` means: not entitled. `entitled` —
 * `entitledLists(db, p)` when the caller already has it (same transaction), to save reading it again.
 */
export async function readingCaseEntitlement(
  db: Q,
  p: Principal,
  examId: string,
  entitled?: readonly ListRow[],
): Promise<{ patientId: string; listIds: string[] } | undefined> {
  return caseMembership(db, examId, entitled ?? (await entitledLists(db, p)));
}

/** Roles that may answer a consult request sent to their trust: the subspecialist radiologists. */
export const CONSULTANT_ROLES: readonly Role[] = ['radiologist'];

/**
 * Whether `p` is a consultant for the request `consultId` (migration 0170): named in it, or a
 * radiologist of its target trust with its subspecialty in their reader profile; never for a
 * withdrawn request. The gate's second way to an exam (reason 'consult'), only through that request.
 */
export async function consultEntitlement(db: Q, p: Principal, consultId: string): Promise<boolean> {
  const trusts = await trustsAbove(db, grantOrganizations(p, CONSULTANT_ROLES));
  return isConsultantFor(db, consultId, p.personId, trusts);
}
