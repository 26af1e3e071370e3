// SQL for OpenID Connect login: logins begun (state, nonce, PKCE verifier) and finding the
// account of the person an HPR number names. The only place auth/oidc touches the database.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Stores a login begun; also removes logins that expired unfinished. */
export async function insertPendingLogin(db: Kysely<DB>, idHash: string, p: PendingLogin, expiresAt: Date) {
  await db
    .deleteFrom('oidc_login')
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
  await db.insertInto('oidc_login').values({ id_hash: idHash, state: p.state, nonce: p.nonce, code_verifier: p.codeVerifier, expires_at: expiresAt }).execute();
}

/** Takes (reads and deletes, so it can be used once) a login begun and not yet expired. */
export async function takePendingLogin(db: Kysely<DB>, idHash: string): Promise<PendingLogin | undefined> {
  const row = await db.deleteFrom('oidc_login').where('id_hash', '=', idHash).returning(['state', 'nonce', 'code_verifier', 'expires_at']).executeTakeFirst();
  if (!row || new Date(row.expires_at).getTime() <= Date.now()) return undefined;
  return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier };
}

/** The account of the person with this HPR number (person.hpr_number and user_account.person_id are unique). */
export async function findAccountByHpr(db: Kysely<DB>, hprNumber: string) {
  return db
    .selectFrom('person as p')
    .innerJoin('user_account as u', 'u.person_id', 'p.id')
    .select(['u.id', 'u.active'])
    .where('p.hpr_number', '=', hprNumber)
    .executeTakeFirst();
}

/** Notes the login time; unlike a password login it leaves the password lockout as it is. */
export async function recordOidcLogin(db: Kysely<DB>, userId: string) {
  await db
    .updateTable('user_account')
    .set({ last_login_at: sql`now()` })
    .where('id', '=', userId)
    .execute();
}
