import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

/**
 * One page of referral ids and the number of all matches, as the paged referral lists read them
 * (the vetting inbox, "Mine henvisninger"): the ids of rows `offset`… `offset + limit − 1` of the
 * referrals (alias `r`) matching `where`, in `orderBy`, and the exact count, in two statements run
 * side by side. The callers then read the page's rows by id, so the ordering query stays on the
 * index that fits it. `limit` and `offset` are validated by the route (integers ≥ 0).
 */
export async function referralIdPage(
  db: Kysely<DB> | Transaction<DB>,
  where: RawBuilder<SqlBool>,
  orderBy: RawBuilder<unknown>,
  page: { limit: number; offset: number },
): Promise<{ total: number; ids: string[] }> {
  const [ids, count] = await Promise.all([
    sql<{ id: string }>`SELECT r.id FROM referral r WHERE ${where} ORDER BY ${orderBy} LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
    sql<{ n: string }>`SELECT count(*) AS n FROM referral r WHERE ${where}`.execute(db),
  ]);
  return { total: Number(count.rows[0]?.n ?? 0), ids: ids.rows.map((r) => r.id) };
}
