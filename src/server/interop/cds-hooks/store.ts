// The only SQL of the CDS Hooks edge: who a CDS user is in our directory.
import type { Kysely } from 'kysely';
import type { DB, ReferrerKind } from '../../db/schema.ts';

/**
 * The referrer kind of a person given by our directory id or HPR number (4–9 digits);
 * undefined when no such person exists (null kind = full referral rights).
 */
export async function findReferrerKind(db: Kysely<DB>, idOrHpr: string): Promise<{ kind: ReferrerKind | null } | undefined> {
  const row = await db
    .selectFrom('person')
    .select('referrer_kind')
    .where((eb) => (/^\d{4,9}$/.test(idOrHpr) ? eb.or([eb('id', '=', idOrHpr), eb('hpr_number', '=', idOrHpr)]) : eb('id', '=', idOrHpr)))
    .executeTakeFirst();
  return row ? { kind: row.referrer_kind } : undefined;
}
