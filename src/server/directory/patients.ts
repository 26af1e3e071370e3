// Reading patient data: every function here checks the caller's entitlement and writes the
// access log in the same transaction as the read (docs/architecture.md: access checks live next to the data).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import { searchAccessLog } from '../audit/store.ts';
import { Invalid, NotFound } from '../http/errors.ts';
import { DEPARTMENT_ROLES, gated, LOOKUP_ROLES, referralCondition, requirePatient, requirePatientLookup } from '../access/gate.ts';
import { ageOn, parsePatientNumber } from './identifiers.ts';
import * as store from './store.ts';

/** Roles that work in a radiology department and see that department's patients (defined by the access gate). */
export { DEPARTMENT_ROLES };
/** Roles that may look up a patient by exact fødselsnummer (to write or register a referral): the access gate's rule. */
export { LOOKUP_ROLES };

/** The person's entitlement as the access gate defines it (for patient search by name). */
export async function entitlementOf(db: Kysely<DB>, p: Principal): Promise<store.Entitlement> {
  return { personId: p.personId, visibleReferral: await referralCondition(db, { kind: 'user', principal: p, ip: null }, 'r') };
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

/**
 * GET /api/patients?fnr=…: the one patient a full fødselsnummer, D-number, synthetic number or
 * felles hjelpenummer names (directory/identifiers.ts), or null when none has it. Through the access
 * gate's exact-identifier rule (access/gate.ts `requirePatientLookup`, the same FHIR
 * Patient?identifier= asks): logged (allowed or refused) as a search in `context` — the gate's
 * PATIENT_LOOKUP_CONTEXT. Errors: Invalid (400) for a number that is not one; AccessRefused (403).
 */
export async function lookupPatientByFnr(db: Kysely<DB>, p: Principal, fnr: string, client: string | null): Promise<PatientView | null> {
  const parsed = parsePatientNumber(fnr);
  if (!parsed.ok) throw new Invalid(parsed.reason, [{ field: 'fnr', message: parsed.reason }]);
  return gated(db, async (trx) => {
    const row = await store.findPatientByFnr(trx, fnr.replace(/\s/g, ''));
    if (!row) return null;
    await requirePatientLookup(trx, { kind: 'user', principal: p, ip: client }, row.id);
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
export async function searchPatientsByName(
  db: Kysely<DB>,
  p: Principal,
  name: string,
  context: string,
  client: string | null,
  birthDate?: string,
): Promise<PatientView[]> {
  if (name.trim().replace(/[^\p{L}]/gu, '').length < 2) throw new Invalid('Skriv minst to bokstaver av navnet', [{ field: 'q', message: 'minst to tegn' }]);
  if (birthDate !== undefined && !isCalendarDate(birthDate))
    throw new Invalid('Fødselsdatoen finnes ikke', [{ field: 'birthDate', message: 'ugyldig dato (ÅÅÅÅ-MM-DD)' }]);
  const who = birthDate === undefined ? await entitlementOf(db, p) : null;
  return db.transaction().execute(async (trx) => {
    const rows = who
      ? await store.searchEntitledPatients(trx, who, name.trim(), PATIENT_SEARCH_LIMIT)
      : await store.searchPatientsByNameAndBirthDate(trx, name.trim(), birthDate!, PATIENT_SEARCH_LIMIT);
    await logListAccess(trx, actorFromPrincipal(p, client, LOOKUP_ROLES), {
      patientIds: rows.map((r) => r.id),
      resourceType: 'Patient',
      action: 'search',
      context,
    });
    return rows.map((r) => presentPatient(r));
  });
}

/** True for a real calendar date written YYYY-MM-DD (no 30 February), between 1880 and today. */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3]) &&
    Number(m[1]) >= 1880 &&
    d.getTime() <= Date.now()
  );
}

/** GET /api/patients/{id}: through the access gate (allowed and refused reads are logged). */
export async function readPatient(db: Kysely<DB>, p: Principal, id: string, context: string, client: string | null): Promise<PatientView> {
  return gated(db, async (trx) => {
    const row = await store.findPatientById(trx, id);
    if (!row) throw new NotFound('Fant ikke pasienten');
    await requirePatient(trx, { kind: 'user', principal: p, ip: client }, id, 'read', context);
    return presentPatient(row);
  });
}

/** "Who looked at my record": the log rows of one patient, for a leader entitled to the patient. */
export async function patientAccessHistory(db: Kysely<DB>, p: Principal, id: string, client: string | null, page: { limit: number; offset: number }) {
  // A leader reads the history of patients the access gate lets them see as a leader (their departments).
  const leader: Principal = { ...p, grants: p.grants.filter((g) => g.role === 'department_leader') };
  return gated(db, async (trx) => {
    const row = await store.findPatientById(trx, id);
    if (!row) throw new NotFound('Fant ikke pasienten');
    await requirePatient(trx, { kind: 'user', principal: leader, ip: client }, id, 'read', 'patient-access-history', 'AccessLog');
    const rows = await searchAccessLog(trx, { patientId: id, limit: page.limit, offset: page.offset });
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  });
}
