// From a verified HelseID identity to a Radvis session.
//
// Decision (issue 7, item 6): HelseID proves *who* the user is; Radvis decides *what* they may do.
// The HPR number in the ID token names the person in Radvis's directory (person.hpr_number,
// unique), whose one account (user_account.person_id, unique) gets a session with the roles that
// account holds in Radvis (role_assignment). Nothing in the token grants a role, and the token's
// names and fødselsnummer are neither stored nor logged. A person without an active account is
// refused; an administrator creates the account and its grants first, as for a local login.
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { startSession, type StartedSession } from '../sessions.ts';
import { readHelseIdIdentity, type HelseIdRefusal } from './helseid-claims.ts';
import * as store from './store.ts';

export type OidcRefusal = HelseIdRefusal | 'no-account';

export type OidcLoginOutcome = { ok: true; session: StartedSession } | { ok: false; reason: OidcRefusal };

/**
 * Turns the verified claims of an ID token into a session, or says why not.
 * @param claims verified ID token claims (see relying-party.ts)
 * @returns the session, or a refusal: `security-level` (below cfg.oidc.minSecurityLevel),
 *   `no-hpr` (no usable HPR number), `no-account` (no active Radvis account for that HPR number)
 */
export async function sessionFromOidcClaims(
  db: Kysely<DB>,
  cfg: Config,
  claims: Record<string, unknown>,
  client: { ip: string | null; userAgent: string | null },
): Promise<OidcLoginOutcome> {
  const identity = readHelseIdIdentity(claims, cfg.oidc?.minSecurityLevel ?? 4);
  if (!identity.ok) return identity;
  const account = await store.findAccountByHpr(db, identity.hprNumber);
  if (!account || !account.active) return { ok: false, reason: 'no-account' };
  await store.recordOidcLogin(db, account.id);
  return { ok: true, session: await startSession(db, cfg, account.id, client) };
}
