// What the training pages say when there is nothing yet for this person (issue 13, a newcomer on a
// fresh demo): what the page is for and what to do next, by the person's roles. Pure.
import type { MessageKey } from '../../shared/i18n/index.ts';

/**
 * The training page's "no records" text: a department leader is told to make the department's
 * plan and then one individual plan per LIS; a specialist that no LIS has a plan yet and who
 * assigns supervisors; a LIS that they have no individual plan yet and who makes it; anyone else
 * that the page lists the records they may see.
 */
export function recordsEmptyKey(roles: readonly string[]): MessageKey {
  if (roles.includes('department_leader')) return 'trn.records.empty.leader';
  if (roles.includes('lis')) return 'trn.records.empty.lis';
  if (roles.includes('radiologist')) return 'trn.records.empty.supervisor';
  return 'trn.records.empty';
}

/** The plans page's "no plans" text: the leader is told how to start one, others who makes it. */
export function plansEmptyKey(roles: readonly string[]): MessageKey {
  return roles.includes('department_leader') ? 'trn.plans.none.leader' : 'trn.plans.none';
}
