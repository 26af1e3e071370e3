// Login with a local password and cookie sessions. An OpenID Connect (HelseID) login would
// verify the user its own way and then call startSession(): routes never see the difference.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { Unauthenticated } from '../http/errors.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import type { Principal } from './principal.ts';
import * as store from './store.ts';

export const SESSION_COOKIE = 'radvis_session';

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export interface StartedSession {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

export async function startSession(
  db: Kysely<DB>,
  cfg: Config,
  userId: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<StartedSession> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + cfg.sessionMinutes * 60_000);
  await store.insertSession(db, { idHash: hashToken(token), userId, csrfToken, expiresAt, ip: client.ip, userAgent: client.userAgent });
  const principal = await store.loadPrincipal(db, userId, csrfToken);
  if (!principal) throw new Unauthenticated('Account is not active');
  return { token, expiresAt, principal };
}

/** Verifies username and password with lockout after repeated failures. Messages never reveal whether the user exists. */
const LOGIN_FAILED =
  'Feil brukernavn eller passord, eller kontoen er midlertidig låst etter for mange forsøk / Wrong username or password, or the account is temporarily locked after too many attempts';

export async function loginWithPassword(
  db: Kysely<DB>,
  cfg: Config,
  username: string,
  password: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<StartedSession> {
  const account = await store.findAccountByUsername(db, username.trim().toLowerCase());
  if (!account || !account.password_hash || !account.active) {
    await verifyPassword(await dummyHash(), password);
    throw new Unauthenticated(LOGIN_FAILED);
  }
  // Uniform answers (issue 7): a locked account answers exactly like a wrong password or an
  // unknown username — same status, text and work (a password hash is checked on every path) —
  // so the login cannot be used to learn which usernames exist. The user is told that either
  // may be the cause.
  if (account.locked_until && new Date(account.locked_until).getTime() > Date.now()) {
    await verifyPassword(await dummyHash(), password);
    throw new Unauthenticated(LOGIN_FAILED);
  }
  const ok = await verifyPassword(account.password_hash, password);
  if (!ok) {
    await store.recordFailedLogin(db, account.id, cfg.lockoutAttempts, cfg.lockoutMinutes);
    throw new Unauthenticated(LOGIN_FAILED);
  }
  await store.recordSuccessfulLogin(db, account.id);
  return startSession(db, cfg, account.id, client);
}

export async function resolveSession(db: Kysely<DB>, token: string | undefined): Promise<Principal | undefined> {
  if (!token || token.length > 200) return undefined;
  const s = await store.findLiveSession(db, hashToken(token));
  if (!s) return undefined;
  return store.loadPrincipal(db, s.user_id, s.csrf_token);
}

export async function endSession(db: Kysely<DB>, token: string | undefined) {
  if (token) await store.deleteSession(db, hashToken(token));
}
