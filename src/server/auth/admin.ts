// User administration. An administrator manages the users and role grants within the
// organizations they administer (their grants' subtrees); grants elsewhere are left untouched.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Profession, ReferrerKind, Role } from '../db/schema.ts';
import { subtreeIds } from '../directory/store.ts';
import { validateHpr } from '../directory/identifiers.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { validateNewCdsClient, type NewCdsClient } from './cds-clients.ts';
import { hashPassword, PASSWORD_MIN_LENGTH } from './passwords.ts';
import { grantOrganizations, type Principal } from './principal.ts';
import * as store from './store.ts';

export async function administeredOrgIds(db: Kysely<DB>, p: Principal): Promise<string[]> {
  return subtreeIds(db, grantOrganizations(p, ['admin']));
}

export async function listManagedUsers(db: Kysely<DB>, p: Principal, q?: string) {
  return store.listUsers(db, await administeredOrgIds(db, p), q);
}

export interface NewUser {
  username: string;
  password: string;
  givenName: string;
  familyName: string;
  hprNumber?: string;
  profession: Profession;
  referrerKind?: ReferrerKind;
  email?: string;
  grants: { role: Role; organizationId: string }[];
}

function checkPassword(pw: string) {
  if (pw.length < PASSWORD_MIN_LENGTH)
    throw new Invalid(`Passordet må ha minst ${PASSWORD_MIN_LENGTH} tegn / The password must have at least ${PASSWORD_MIN_LENGTH} characters`, [
      { field: 'password', message: `minst ${PASSWORD_MIN_LENGTH} tegn / at least ${PASSWORD_MIN_LENGTH} characters` },
    ]);
}

function checkGrantsWithin(grants: { organizationId: string }[], allowed: Set<string>) {
  grants.forEach((g, i) => {
    if (!allowed.has(g.organizationId))
      throw new Forbidden('Du administrerer ikke denne organisasjonen / You do not administer this organization', [
        { field: `grants.${i}.organizationId`, message: 'utenfor ditt ansvarsområde / outside your area' },
      ]);
  });
}

export async function createUser(db: Kysely<DB>, p: Principal, u: NewUser) {
  const allowed = new Set(await administeredOrgIds(db, p));
  checkGrantsWithin(u.grants, allowed);
  checkPassword(u.password);
  let hpr: string | null = null;
  if (u.hprNumber) {
    const v = validateHpr(u.hprNumber);
    if (!v.ok) throw new Invalid(v.reason, [{ field: 'hprNumber', message: v.reason }]);
    hpr = v.value;
  }
  if (u.grants.some((g) => g.role === 'referrer') && !u.referrerKind) {
    throw new Invalid('En henviser må ha henvisertype / A referrer needs a referrer kind', [
      { field: 'referrerKind', message: 'påkrevd for rollen henviser / required for the referrer role' },
    ]);
  }
  const username = u.username.trim().toLowerCase();
  const passwordHash = await hashPassword(u.password);
  return db.transaction().execute(async (trx) => {
    if (await store.usernameExists(trx, username))
      throw new Conflict('Brukernavnet er i bruk / The username is taken', [{ field: 'username', message: 'i bruk / taken' }]);
    if (hpr && (await store.hprExists(trx, hpr)))
      throw new Conflict('HPR-nummeret er allerede registrert / The HPR number is already registered', [{ field: 'hprNumber', message: 'i bruk / taken' }]);
    const ids = { personId: `person-${crypto.randomUUID()}`, userId: `user-${crypto.randomUUID()}` };
    await store.insertPersonAndAccount(trx, {
      ...ids,
      username,
      passwordHash,
      givenName: u.givenName,
      familyName: u.familyName,
      hprNumber: hpr,
      profession: u.profession,
      referrerKind: u.referrerKind ?? null,
      email: u.email ?? null,
    });
    await store.replaceGrants(
      trx,
      ids.userId,
      u.grants.map((g) => ({ id: crypto.randomUUID(), ...g })),
    );
    return { id: ids.userId };
  });
}

/**
 * An administrator may change an account only when EVERY grant the account holds lies inside the
 * administrator's area (the subtrees of their admin grants): resetting the password of, or
 * deactivating, someone who also holds a role elsewhere would let the administrator act in that
 * other area (issue 7). Accounts without grants are managed by any administrator who can see them.
 */
async function requireManaged(db: Kysely<DB>, userId: string, allowed: Set<string>) {
  const orgs = await store.userGrantOrgIds(db, userId);
  const exists = await db.selectFrom('user_account').select('id').where('id', '=', userId).executeTakeFirst();
  if (!exists) throw new NotFound('Fant ikke brukeren / No such user');
  const outside = orgs.filter((o) => !allowed.has(o));
  if (outside.length > 0) {
    throw new Forbidden(
      'Brukeren har roller i organisasjoner du ikke administrerer / The user holds roles outside your area',
      outside.map((o) => ({ field: 'grants', message: `utenfor ditt ansvarsområde / outside your area: ${o}` })),
    );
  }
  return orgs;
}

export async function setUserGrants(db: Kysely<DB>, p: Principal, userId: string, grants: { role: Role; organizationId: string }[]) {
  const allowed = new Set(await administeredOrgIds(db, p));
  checkGrantsWithin(grants, allowed);
  await requireManaged(db, userId, allowed);
  if (userId === p.userId && !grants.some((g) => g.role === 'admin')) {
    throw new Invalid('Du kan ikke fjerne din egen administratorrolle / You cannot remove your own administrator role', [
      { field: 'grants', message: 'egen admin-rolle / your own administrator role' },
    ]);
  }
  await db.transaction().execute(async (trx) => {
    // Every grant of the account is inside this admin's area (requireManaged), so the new list replaces it.
    const unique = [...new Map(grants.map((g) => [`${g.role}|${g.organizationId}`, g])).values()];
    await store.replaceGrants(
      trx,
      userId,
      unique.map((g) => ({ id: crypto.randomUUID(), ...g })),
    );
    await store.deleteSessionsOfUser(trx, userId);
  });
}

export async function updateUser(db: Kysely<DB>, p: Principal, userId: string, patch: { active?: boolean; password?: string; unlock?: boolean }) {
  const allowed = new Set(await administeredOrgIds(db, p));
  await requireManaged(db, userId, allowed);
  if (userId === p.userId && patch.active === false)
    throw new Invalid('Du kan ikke deaktivere deg selv / You cannot deactivate yourself', [{ field: 'active', message: 'egen konto / your own account' }]);
  let passwordHash: string | undefined;
  if (patch.password !== undefined) {
    checkPassword(patch.password);
    passwordHash = await hashPassword(patch.password);
  }
  await db.transaction().execute(async (trx) => {
    await store.updateAccount(trx, userId, { active: patch.active, passwordHash, unlock: patch.unlock });
    if (patch.active === false || passwordHash) await store.deleteSessionsOfUser(trx, userId);
  });
}

// ---- CDS clients: record systems trusted to call the CDS Hooks services ----

/** The CDS clients registered for the organizations the administrator manages. */
export async function listManagedCdsClients(db: Kysely<DB>, p: Principal) {
  return store.listCdsClients(db, await administeredOrgIds(db, p));
}

/** Registers a CDS client for an organization the administrator manages. */
export async function registerCdsClient(db: Kysely<DB>, p: Principal, c: NewCdsClient) {
  const allowed = new Set(await administeredOrgIds(db, p));
  if (!allowed.has(c.organizationId))
    throw new Forbidden('Du administrerer ikke denne organisasjonen / You do not administer this organization', [
      { field: 'organizationId', message: 'utenfor dine organisasjoner' },
    ]);
  await validateNewCdsClient(c);
  return db.transaction().execute(async (trx) => {
    if (await store.findCdsClientByIssuer(trx, c.issuer))
      throw new Conflict('En CDS-klient med denne utstederen (iss) finnes allerede / A CDS client with this issuer exists', [
        { field: 'issuer', message: 'i bruk' },
      ]);
    return store.insertCdsClient(trx, `cds-${crypto.randomUUID()}`, c);
  });
}

/** Activates or deactivates a CDS client of a managed organization. */
export async function setCdsClientActive(db: Kysely<DB>, p: Principal, id: string, active: boolean) {
  const updated = await store.setCdsClientActive(db, id, active, await administeredOrgIds(db, p));
  if (!updated) throw new NotFound('Ingen slik CDS-klient i dine organisasjoner / No such CDS client in your organizations');
  return updated;
}
