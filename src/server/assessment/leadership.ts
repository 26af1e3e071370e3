// Which departments a department leader leads: the settings of the assessment domain (radiographer
// approvals, redirect rules) are changed only there.
import type { Kysely } from 'kysely';
import { assessmentScope } from '../access/gate.ts';
import type { Principal } from '../auth/principal.ts';
import type { DB } from '../db/schema.ts';

/** The department ids (their subtrees) where `p` holds the department_leader role. */
export async function ledDepartments(db: Kysely<DB>, p: Principal): Promise<string[]> {
  const leader = { ...p, grants: p.grants.filter((g) => g.role === 'department_leader') };
  return (await assessmentScope(db, leader)).own;
}
