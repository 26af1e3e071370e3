// SQL for accounts, role grants, sessions and trusted CDS clients. The only place the auth domain touches the database.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import type { JSONWebKeySet } from 'jose';
import type { CdsClient, NewCdsClient } from './cds-clients.ts';
import type { Principal } from './principal.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function findAccountByUsername(db: Q, username: string) {
  return db
    .selectFrom('user_account')
    .select(['id', 'username', 'password_hash', 'active', 'failed_attempts', 'locked_until'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function loadPrincipal(db: Q, userId: string, csrfToken: string): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('user_account as u')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .select(['u.id', 'u.username', 'u.locale', 'u.active', 'p.id as person_id', 'p.given_name', 'p.family_name', 'p.hpr_number', 'p.referrer_kind'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row || !row.active) return undefined;
  const grants = await db
    .selectFrom('role_assignment as r')
    .innerJoin('organization as o', 'o.id', 'r.organization_id')
    .select(['r.role', 'r.organization_id', 'o.name'])
    .where('r.user_id', '=', userId)
    .orderBy('r.role')
    .orderBy('o.name')
    .execute();
  return {
    userId: row.id,
    personId: row.person_id,
    username: row.username,
    name: `${row.given_name} ${row.family_name}`,
    hprNumber: row.hpr_number,
    referrerKind: row.referrer_kind,
    locale: row.locale,
    grants: grants.map((g) => ({ role: g.role, organizationId: g.organization_id, organizationName: g.name })),
    csrfToken,
  };
}

export async function recordFailedLogin(db: Q, userId: string, lockAfter: number, lockMinutes: number) {
  await db
    .updateTable('user_account')
    .set({
      failed_attempts: sql`failed_attempts + 1`,
      locked_until: sql`CASE WHEN failed_attempts + 1 >= ${lockAfter} THEN now() + make_interval(mins => ${lockMinutes}) ELSE locked_until END`,
    })
    .where('id', '=', userId)
    .execute();
}

export async function recordSuccessfulLogin(db: Q, userId: string) {
  await db
    .updateTable('user_account')
    .set({ failed_attempts: 0, locked_until: null, last_login_at: sql`now()` })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(
  db: Q,
  s: { idHash: string; userId: string; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db
    .insertInto('session')
    .values({ id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent })
    .execute();
}

export async function findLiveSession(db: Q, idHash: string) {
  return db
    .selectFrom('session')
    .select(['user_id', 'csrf_token', 'expires_at'])
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

export async function deleteSession(db: Q, idHash: string) {
  await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Q, userId: string) {
  await db.deleteFrom('session').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Q) {
  await db
    .deleteFrom('session')
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
}

export async function setLocale(db: Q, userId: string, locale: 'nb' | 'en') {
  await db.updateTable('user_account').set({ locale }).where('id', '=', userId).execute();
}

// ---- administration ----

export interface UserRow {
  id: string;
  username: string;
  active: boolean;
  locked: boolean;
  personId: string;
  name: string;
  hprNumber: string | null;
  profession: string;
  referrerKind: string | null;
  grants: { role: Role; organizationId: string; organizationName: string }[];
}

export async function listUsers(db: Q, visibleOrgIds: string[] | 'all', search?: string): Promise<UserRow[]> {
  let q = db
    .selectFrom('user_account as u')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .select([
      'u.id',
      'u.username',
      'u.active',
      'u.locked_until',
      'p.id as person_id',
      'p.given_name',
      'p.family_name',
      'p.hpr_number',
      'p.profession',
      'p.referrer_kind',
    ])
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .limit(500);
  if (visibleOrgIds !== 'all') {
    if (visibleOrgIds.length === 0) return [];
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('role_assignment as r').select('r.id').whereRef('r.user_id', '=', 'u.id').where('r.organization_id', 'in', visibleOrgIds)),
    );
  }
  if (search) {
    const like = `%${search.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([eb(sql`lower(u.username)`, 'like', like), eb(sql`lower(p.given_name || ' ' || p.family_name)`, 'like', like), eb('p.hpr_number', '=', search)]),
    );
  }
  const users = await q.execute();
  if (users.length === 0) return [];
  const grants = await db
    .selectFrom('role_assignment as r')
    .innerJoin('organization as o', 'o.id', 'r.organization_id')
    .select(['r.user_id', 'r.role', 'r.organization_id', 'o.name'])
    .where(
      'r.user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  const now = Date.now();
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    active: u.active,
    locked: u.locked_until !== null && new Date(u.locked_until).getTime() > now,
    personId: u.person_id,
    name: `${u.given_name} ${u.family_name}`,
    hprNumber: u.hpr_number,
    profession: u.profession,
    referrerKind: u.referrer_kind,
    grants: grants.filter((g) => g.user_id === u.id).map((g) => ({ role: g.role, organizationId: g.organization_id, organizationName: g.name })),
  }));
}

export async function userGrantOrgIds(db: Q, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('role_assignment').select('organization_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.organization_id);
}

export async function insertPersonAndAccount(
  db: Q,
  a: {
    personId: string;
    userId: string;
    username: string;
    passwordHash: string | null;
    givenName: string;
    familyName: string;
    hprNumber: string | null;
    profession: DB['person']['profession'];
    referrerKind: DB['person']['referrer_kind'];
    email: string | null;
  },
) {
  await db
    .insertInto('person')
    .values({
      id: a.personId,
      hpr_number: a.hprNumber,
      given_name: a.givenName,
      family_name: a.familyName,
      profession: a.profession,
      referrer_kind: a.referrerKind,
      email: a.email,
    })
    .execute();
  await db.insertInto('user_account').values({ id: a.userId, person_id: a.personId, username: a.username, password_hash: a.passwordHash }).execute();
}

export async function replaceGrants(db: Q, userId: string, grants: { id: string; role: Role; organizationId: string }[]) {
  await db.deleteFrom('role_assignment').where('user_id', '=', userId).execute();
  if (grants.length > 0) {
    await db
      .insertInto('role_assignment')
      .values(grants.map((g) => ({ id: g.id, user_id: userId, role: g.role, organization_id: g.organizationId })))
      .execute();
  }
}

export async function updateAccount(db: Q, userId: string, patch: { active?: boolean; passwordHash?: string; unlock?: boolean }) {
  const set: Record<string, unknown> = {};
  if (patch.active !== undefined) set.active = patch.active;
  if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
  if (patch.unlock) {
    set.failed_attempts = 0;
    set.locked_until = null;
  }
  if (Object.keys(set).length === 0) return;
  await db.updateTable('user_account').set(set).where('id', '=', userId).execute();
}

export async function usernameExists(db: Q, username: string): Promise<boolean> {
  return (await db.selectFrom('user_account').select('id').where('username', '=', username).executeTakeFirst()) !== undefined;
}

export async function hprExists(db: Q, hpr: string): Promise<boolean> {
  return (await db.selectFrom('person').select('id').where('hpr_number', '=', hpr).executeTakeFirst()) !== undefined;
}

// ---- CDS clients (trusted record systems calling the CDS Hooks services) ----

type CdsClientRow = {
  id: string;
  name: string;
  issuer: string;
  organization_id: string;
  jwks: JSONWebKeySet | null;
  jwks_url: string | null;
  active: boolean;
  created_at: Date | string;
};
const cdsClientFromRow = (r: CdsClientRow): CdsClient => ({
  id: r.id,
  name: r.name,
  issuer: r.issuer,
  organizationId: r.organization_id,
  jwks: r.jwks,
  jwksUrl: r.jwks_url,
  active: r.active,
  createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : r.created_at,
});

export async function findCdsClientByIssuer(db: Q, issuer: string): Promise<CdsClient | undefined> {
  const r = await db.selectFrom('cds_client').selectAll().where('issuer', '=', issuer).executeTakeFirst();
  return r ? cdsClientFromRow(r as CdsClientRow) : undefined;
}

export async function listCdsClients(db: Kysely<DB>, orgIds: readonly string[]): Promise<CdsClient[]> {
  if (orgIds.length === 0) return [];
  const rows = await db.selectFrom('cds_client').selectAll().where('organization_id', 'in', orgIds).orderBy('name').execute();
  return rows.map((r) => cdsClientFromRow(r as CdsClientRow));
}

export async function insertCdsClient(db: Q, id: string, c: NewCdsClient): Promise<CdsClient> {
  const r = await db
    .insertInto('cds_client')
    .values({
      id,
      name: c.name.trim(),
      issuer: c.issuer,
      organization_id: c.organizationId,
      jwks: c.jwks ? JSON.stringify(c.jwks) : null,
      jwks_url: c.jwksUrl ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return cdsClientFromRow(r as CdsClientRow);
}

export async function setCdsClientActive(db: Kysely<DB>, id: string, active: boolean, orgIds: readonly string[]): Promise<CdsClient | undefined> {
  if (orgIds.length === 0) return undefined;
  const r = await db.updateTable('cds_client').set({ active }).where('id', '=', id).where('organization_id', 'in', orgIds).returningAll().executeTakeFirst();
  return r ? cdsClientFromRow(r as CdsClientRow) : undefined;
}

// ---- CDS JWT replay guard (auth/replay-cache.ts) ----

/**
 * Records several token keys in one statement (group commit of the replay cache). Returns the keys that
 * were new; a key already stored (or repeated within the batch) is absent from the result. Callers pass
 * at most a few hundred keys (one bind parameter pair each).
 */
export async function insertUsedJtis(db: Q, rows: readonly { keyHash: string; expiresAt: Date }[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const r = await db
    .insertInto('cds_jti')
    .values(rows.map((x) => ({ key_hash: x.keyHash, expires_at: x.expiresAt })))
    .onConflict((c) => c.column('key_hash').doNothing())
    .returning('key_hash')
    .execute();
  return new Set(r.map((x) => x.key_hash));
}

/** Deletes token keys that expired before `before`; returns how many. */
export async function deleteExpiredJti(db: Q, before: Date): Promise<number> {
  const r = await db.deleteFrom('cds_jti').where('expires_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
