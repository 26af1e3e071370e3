// Reading patient data: every function here checks the caller's entitlement and writes the
// access log in the same transaction as the read (ARCHITECTURE: access checks live next to the data).
import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { grantOrganizations } from '../auth/principal.ts';
import { actorFromPrincipal, logAccess, logListAccess } from '../audit/access-log.ts';
import { searchAccessLog } from '../audit/store.ts';
import { Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { ageOn, parseFnr } from './identifiers.ts';
import * as store from './store.ts';

/** Roles that work in a radiology department and see that department's patients. */
export const DEPARTMENT_ROLES: readonly Role[] = ['radiologist', 'lis', 'radiographer', 'reporting_radiographer', 'secretary', 'department_leader'];
/** Roles that may look up a patient by exact fødselsnummer (to write or register a referral). */
export const LOOKUP_ROLES: readonly Role[] = ['referrer', ...DEPARTMENT_ROLES];

export async function entitlementOf(db: Kysely<DB>, p: Principal, roles: readonly Role[] = DEPARTMENT_ROLES): Promise<store.Entitlement> {
  return { personId: p.personId, departmentIds: await store.subtreeIds(db, grantOrganizations(p, roles)) };
}

export function presentPatient(row: NonNullable<store.PatientRow>, now = new Date()) {
  return {
    id: row.id,
    fnr: row.fnr,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, now),
    sex: row.sex,
    municipalityNumber: row.municipality_number,
    municipalityName: row.municipality_name,
    areaId: row.area_id,
  };
}

export type PatientView = ReturnType<typeof presentPatient>;

export async function lookupPatientByFnr(db: Kysely<DB>, p: Principal, fnr: string, context: string, client: string | null): Promise<PatientView | null> {
  const parsed = parseFnr(fnr);
  if (!parsed.ok) throw new Invalid(parsed.reason, [{ field: 'fnr', message: parsed.reason }]);
  return db.transaction().execute(async (trx) => {
    const row = await store.findPatientByFnr(trx, fnr.replace(/\s/g, ''));
    if (!row) return null;
    await logAccess(trx, actorFromPrincipal(p, client, LOOKUP_ROLES), [{ patientId: row.id, resourceType: 'Patient', resourceId: row.id, action: 'search', context }]);
    return presentPatient(row);
  });
}

/** At most this many patients in one search answer (a search is for finding one patient, not for browsing). */
export const PATIENT_SEARCH_LIMIT = 10;

/**
 * Patient search for finding one patient (the referral form, the department's lists).
 * - name + birth date (YYYY-MM-DD): among ALL patients, for the same roles and on the same terms
 *   as the exact fødselsnummer lookup — name and birth date identify a person about as well
 *   (the usual way to find a patient in Norwegian record systems when the number is not at hand);
 * - name only: among the patients the person is entitled to (own list patients, referrals).
 * At most PATIENT_SEARCH_LIMIT hits, sorted by name. The list is logged as ONE access-log row
 * naming every patient shown, in the same transaction as the read (nothing logged for no hits).
 * Errors: Invalid (400) for a name under two letters or an impossible birth date.
 */
export async function searchPatientsByName(db: Kysely<DB>, p: Principal, name: string, context: string, client: string | null, birthDate?: string): Promise<PatientView[]> {
  if (name.trim().replace(/[^\p{L}]/gu, '').length < 2) throw new Invalid('Skriv minst to bokstaver av navnet', [{ field: 'q', message: 'minst to tegn' }]);
  if (birthDate !== undefined && !isCalendarDate(birthDate)) throw new Invalid('Fødselsdatoen finnes ikke', [{ field: 'birthDate', message: 'ugyldig dato (ÅÅÅÅ-MM-DD)' }]);
  const who = birthDate === undefined ? await entitlementOf(db, p) : null;
  return db.transaction().execute(async (trx) => {
    const rows = who ? await store.searchEntitledPatients(trx, who, name.trim(), PATIENT_SEARCH_LIMIT) : await store.searchPatientsByNameAndBirthDate(trx, name.trim(), birthDate!, PATIENT_SEARCH_LIMIT);
    await logListAccess(trx, actorFromPrincipal(p, client, LOOKUP_ROLES), { patientIds: rows.map((r) => r.id), resourceType: 'Patient', action: 'search', context });
    return rows.map((r) => presentPatient(r));
  });
}

/** True for a real calendar date written YYYY-MM-DD (no 30 February), between 1880 and today. */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 1880 && d.getTime() <= Date.now();
}

export async function readPatient(db: Kysely<DB>, p: Principal, id: string, context: string, client: string | null): Promise<PatientView> {
  const who = await entitlementOf(db, p);
  return db.transaction().execute(async (trx) => {
    const row = await store.findPatientById(trx, id);
    if (!row) throw new NotFound('Fant ikke pasienten');
    if (!(await store.isEntitled(trx, who, id))) throw new Forbidden('Du har ikke tjenstlig behov for denne pasienten');
    await logAccess(trx, actorFromPrincipal(p, client, LOOKUP_ROLES), [{ patientId: id, resourceType: 'Patient', resourceId: id, action: 'read', context }]);
    return presentPatient(row);
  });
}

/** "Who looked at my record": the log rows of one patient, for a leader entitled to the patient. */
export async function patientAccessHistory(db: Kysely<DB>, p: Principal, id: string, client: string | null, page: { limit: number; offset: number }) {
  const who = await entitlementOf(db, p, ['department_leader']);
  return db.transaction().execute(async (trx) => {
    const row = await store.findPatientById(trx, id);
    if (!row) throw new NotFound('Fant ikke pasienten');
    if (!(await store.isEntitled(trx, who, id))) throw new Forbidden('Du har ikke tjenstlig behov for denne pasienten');
    const rows = await searchAccessLog(trx, { patientId: id, limit: page.limit, offset: page.offset });
    await logAccess(trx, actorFromPrincipal(p, client, ['department_leader']), [{ patientId: id, resourceType: 'AccessLog', resourceId: id, action: 'read', context: 'patient-access-history' }]);
    return rows;
  });
}
