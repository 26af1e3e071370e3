// Who sees what of the management data (issue 10, point 6):
// - an analyst sees everything, in aggregate;
// - a department leader sees their own trust (the exams and referrals their trust performed or received);
// - a referrer sees their own practice against anonymized peers, and the referrers of their own
//   practice only; asking for another practice's referrer-level data is refused (403).
// Aggregates hold no patient data (counts per stratum, never fewer than the suppression limit
// shown), so these views write no per-patient access-log rows; the routes still declare access.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { grantOrganizations, hasRole, type Principal } from '../auth/principal.ts';
import { Forbidden } from '../http/errors.ts';
import { trustsOf } from './store.ts';

export type AnalyticsScope = { level: 'all' } | { level: 'trust'; trustIds: string[] } | { level: 'practice'; practiceIds: string[]; personId: string };

/** The caller's scope: the widest their roles give. Throws Forbidden when no role gives any. */
export async function scopeOf(db: Kysely<DB>, p: Principal): Promise<AnalyticsScope> {
  if (hasRole(p, ['analyst'])) return { level: 'all' };
  if (hasRole(p, ['department_leader'])) {
    const trustIds = await trustsOf(db, grantOrganizations(p, ['department_leader']));
    if (trustIds.length > 0) return { level: 'trust', trustIds };
  }
  if (hasRole(p, ['referrer'])) return { level: 'practice', practiceIds: grantOrganizations(p, ['referrer']), personId: p.personId };
  throw new Forbidden('Rollen din gir ikke tilgang til styringsdata / Your role gives no access to management data');
}

/** Restricts a trust filter to the scope: a leader asking for another trust is refused. */
export function scopedTrusts(scope: AnalyticsScope, requested: string[] | undefined): string[] | undefined {
  if (scope.level !== 'trust') return requested;
  if (requested && requested.some((t) => !scope.trustIds.includes(t)))
    throw new Forbidden('Du ser bare tall for ditt eget helseforetak / You only see figures for your own trust');
  return requested ?? scope.trustIds;
}

/** Whether the scope may see referrer-level data of a practice; throws Forbidden (403) if not. */
export function assertPracticeAccess(scope: AnalyticsScope, practiceId: string): void {
  if (scope.level === 'practice' && !scope.practiceIds.includes(practiceId))
    throw new Forbidden('Du kan bare se henviserne i din egen praksis / You may only see the referrers of your own practice');
}
