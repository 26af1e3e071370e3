// Administration of what the access gate reads: a practice's covering arrangements (who sees whose
// referrals in the practice) and the referrers outside its own organization a FHIR client may
// send for. Only an administrator of the organizations involved may change them.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { administeredOrgIds } from '../auth/admin.ts';
import { Forbidden, Invalid, NotFound } from '../http/errors.ts';
import * as store from './store.ts';

/** The covering arrangements of the practices the administrator manages. */
export async function listCoverArrangements(db: Kysely<DB>, p: Principal) {
  const rows = await store.listCover(db, await administeredOrgIds(db, p));
  return rows.map((r) => ({
    ...r,
    valid_from: new Date(r.valid_from).toISOString(),
    valid_to: r.valid_to ? new Date(r.valid_to).toISOString() : null,
    created_at: new Date(r.created_at).toISOString(),
  }));
}

export interface NewCover {
  organizationId: string;
  /** Null: every referrer of the practice covers. */
  coveringPersonId?: string | null;
  /** Null: covers every referrer of the practice. */
  coveredPersonId?: string | null;
  validFrom?: string;
  validTo?: string | null;
}

/**
 * Adds a covering arrangement to a practice the administrator manages. The named people must be
 * referrers in that practice. Returns the new arrangement's id.
 */
export async function addCoverArrangement(db: Kysely<DB>, p: Principal, c: NewCover): Promise<{ id: string }> {
  const allowed = new Set(await administeredOrgIds(db, p));
  if (!allowed.has(c.organizationId))
    throw new Forbidden('Du administrerer ikke denne praksisen / You do not administer this practice', [
      { field: 'organizationId', message: 'utenfor ditt ansvarsområde / outside your area' },
    ]);
  for (const [field, person] of [
    ['coveringPersonId', c.coveringPersonId],
    ['coveredPersonId', c.coveredPersonId],
  ] as const) {
    if (person && !(await store.referrerOrganizations(db, person)).includes(c.organizationId))
      throw new Invalid('Personen er ikke henviser i denne praksisen / Not a referrer in this practice', [
        { field, message: 'ikke henviser i praksisen / not a referrer in the practice' },
      ]);
  }
  const validFrom = c.validFrom ? new Date(c.validFrom) : undefined;
  const validTo = c.validTo ? new Date(c.validTo) : null;
  if (validTo && validTo.getTime() <= (validFrom ?? new Date()).getTime())
    throw new Invalid('Sluttdato må være etter startdato / validTo must be after validFrom', [{ field: 'validTo', message: 'før start / before the start' }]);
  const id = `cover-${crypto.randomUUID()}`;
  await store.insertCover(db, {
    id,
    organizationId: c.organizationId,
    coveringPersonId: c.coveringPersonId ?? null,
    coveredPersonId: c.coveredPersonId ?? null,
    validFrom,
    validTo,
    createdBy: p.userId,
  });
  return { id };
}

/** Removes a covering arrangement of a practice the administrator manages. */
export async function removeCoverArrangement(db: Kysely<DB>, p: Principal, id: string): Promise<void> {
  if (!(await store.deleteCover(db, id, await administeredOrgIds(db, p))))
    throw new NotFound('Fant ikke ordningen i dine organisasjoner / No such arrangement in your organizations');
}

/**
 * Lets a FHIR client send referrals in the name of a referrer outside its own organization. The
 * administrator must manage the client's organization and every organization where the person is
 * a referrer (acting in someone's name needs the right on both sides).
 */
export async function grantClientRequester(db: Kysely<DB>, p: Principal, clientId: string, personId: string): Promise<void> {
  const allowed = new Set(await administeredOrgIds(db, p));
  const clientOrg = await store.apiClientOrganization(db, clientId);
  if (!clientOrg || !allowed.has(clientOrg)) throw new NotFound('Ingen slik klient i dine organisasjoner / No such client in your organizations');
  if (!(await store.personExists(db, personId)))
    throw new Invalid('Ukjent person / Unknown person', [{ field: 'personId', message: 'finnes ikke / does not exist' }]);
  const practices = await store.referrerOrganizations(db, personId);
  if (practices.length === 0)
    throw new Invalid('Personen er ikke henviser / The person is not a referrer', [{ field: 'personId', message: 'ikke henviser / not a referrer' }]);
  const outside = practices.filter((o) => !allowed.has(o));
  if (outside.length)
    throw new Forbidden('Personen er henviser i organisasjoner du ikke administrerer / The person refers in organizations outside your area', [
      { field: 'personId', message: 'utenfor ditt ansvarsområde / outside your area' },
    ]);
  await store.grantClientRequester(db, clientId, personId, p.userId);
}
