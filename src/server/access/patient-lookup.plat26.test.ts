// plat26 (issue 7, one access gate): "find a patient by exact identifier to refer" is one rule of the
// access gate (gate.ts decidePatientLookup), and both doors ask it — the app's /api/patients?fnr=
// and FHIR Patient?identifier=system|number with a session. Same answer, same access-log row
// (search, context patient-lookup, allowed or refused), same refusals; exact number only, never a list
// by partial identifier. A FHIR API client keeps the read rule (its organization's patients).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/sessions.ts';
import { DNR_OID, FNR_OID, patientIdentifierSystem } from '../directory/identifiers.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';
import { DNR, withCheckDigits } from '../testing/fhir-variants.ts';
import { decidePatientLookup, PATIENT_LOOKUP_CONTEXT, type Who } from './gate.ts';

let t: TestContext;
let gp: Session;
let gpUserId: string;
let secretary: Session;
let analyst: Session;
let clientToken: string;
let patient: { id: string; fnr: string };
const dnrPatient = 'pat-plat26-dnr';

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  await loadReferenceData(db);
  const rhf = await createOrganization(db, { kind: 'rhf', name: 'Helse Vest RHF' });
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen', parentId: rhf });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi', parentId: hf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Bryggen legekontor' });
  const g = await createUser(db, { referrerKind: 'gp', hpr: '3100001', grants: [{ role: 'referrer', organizationId: practice }] });
  gpUserId = g.userId;
  gp = await login(t.app, g.username, g.password);
  const s = await createUser(db, { grants: [{ role: 'secretary', organizationId: dept }] });
  secretary = await login(t.app, s.username, s.password);
  const a = await createUser(db, { grants: [{ role: 'analyst', organizationId: rhf }] });
  analyst = await login(t.app, a.username, a.password);
  // Not the GP's list patient, no referral anywhere: only the exact-identifier rule finds them.
  patient = await createPatient(db, { birthDate: '1966-05-04', sex: 'M', name: ['Dørulf', 'Portvik'] });
  await db
    .insertInto('patient')
    .values({
      id: dnrPatient,
      fnr: DNR,
      given_name: 'Dina',
      family_name: 'Dnummer',
      birth_date: '1985-03-12',
      sex: 'F',
      municipality_number: '4601',
      gp_person_id: null,
    })
    .execute();
  clientToken = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('api_client')
    .values({ id: 'client-plat26', name: 'EPJ plat26', organization_id: practice, token_hash: hashToken(clientToken), scopes: ['fhir.read', 'fhir.write'] })
    .execute();
});
afterAll(() => t?.close());

const appLookup = (s: Session, number: string) => as(t.app, s)({ url: `/api/patients?fnr=${encodeURIComponent(number)}` });
const fhirLookup = (s: Session, identifier: string) => as(t.app, s)({ url: `/fhir/Patient?identifier=${encodeURIComponent(identifier)}` });
type Bundle = { total?: number; entry?: { resource: { id: string; resourceType: string } }[] };
const lookupRows = (patientId: string) =>
  t.db.kysely
    .selectFrom('access_log')
    .select(['action', 'context', 'outcome', 'reason', 'resource_type', 'user_id'])
    .where('patient_id', '=', patientId)
    .where('context', '=', PATIENT_LOOKUP_CONTEXT)
    .orderBy('id')
    .execute();

describe('the rule (gate.ts decidePatientLookup)', () => {
  it('allows users with a referrer or department role, refuses other users and every system client', () => {
    const user = (role: 'referrer' | 'secretary' | 'analyst' | 'admin'): Who => ({
      kind: 'user',
      ip: null,
      principal: { userId: 'u', personId: 'p', grants: [{ role, organizationId: 'o' }] } as never,
    });
    expect(decidePatientLookup(user('referrer'))).toMatchObject({ allowed: true, reason: 'lookup' });
    expect(decidePatientLookup(user('secretary'))).toMatchObject({ allowed: true, reason: 'lookup' });
    expect(decidePatientLookup(user('analyst'))).toEqual({ allowed: false, reason: 'no-lookup-role' });
    expect(decidePatientLookup(user('admin'))).toEqual({ allowed: false, reason: 'no-lookup-role' });
    expect(decidePatientLookup({ kind: 'fhir-client', ip: null, client: { id: 'c', name: 'c', organizationId: 'o', scopes: [] } as never }).allowed).toBe(
      false,
    );
    expect(decidePatientLookup({ kind: 'cds-client', ip: null, clientId: 'c', name: 'c', organizationId: 'o' }).allowed).toBe(false);
  });
});

describe('both doors give a GP the same answer and the same log row', () => {
  it('fødselsnummer: one patient through the app and through FHIR, each logged as a patient-lookup search', async () => {
    const app = await appLookup(gp, patient.fnr);
    expect(app.statusCode, app.body).toBe(200);
    expect(app.json<{ id: string }[]>().map((p) => p.id)).toEqual([patient.id]);
    const fhir = await fhirLookup(gp, `${patientIdentifierSystem(patient.fnr)}|${patient.fnr}`);
    expect(fhir.statusCode, fhir.body).toBe(200);
    const b = fhir.json<Bundle>();
    expect(b.total).toBe(1);
    expect(b.entry?.map((e) => e.resource.id)).toEqual([patient.id]);
    const rows = await lookupRows(patient.id);
    expect(rows).toHaveLength(2);
    for (const r of rows)
      expect(r).toEqual({
        action: 'search',
        context: PATIENT_LOOKUP_CONTEXT,
        outcome: 'allowed',
        reason: 'lookup',
        resource_type: 'Patient',
        user_id: gpUserId,
      });
  });

  it('D-number: the same through both doors (a bare number in FHIR too)', async () => {
    expect((await appLookup(gp, DNR)).json<{ id: string }[]>().map((p) => p.id)).toEqual([dnrPatient]);
    expect((await fhirLookup(gp, `${DNR_OID}|${DNR}`)).json<Bundle>().entry?.map((e) => e.resource.id)).toEqual([dnrPatient]);
    expect((await fhirLookup(gp, DNR)).json<Bundle>().entry?.map((e) => e.resource.id)).toEqual([dnrPatient]);
    expect((await lookupRows(dnrPatient)).map((r) => r.outcome)).toEqual(['allowed', 'allowed', 'allowed']);
  });

  it('a department secretary finds the patient through both doors too (registering a paper referral)', async () => {
    expect((await appLookup(secretary, patient.fnr)).json<unknown[]>()).toHaveLength(1);
    expect((await fhirLookup(secretary, `${FNR_OID}|${patient.fnr}`)).json<Bundle>().total).toBe(1);
  });

  it('a valid number nobody has: nothing through both doors, nothing logged', async () => {
    const before = await t.db.kysely
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // A synthetic number (month + 80) with valid check digits that no patient has.
    const unknown = withCheckDigits(10180500);
    const app = await appLookup(gp, unknown);
    const fhir = await fhirLookup(gp, `${FNR_OID}|${unknown}`);
    expect(app.statusCode, app.body).toBe(200);
    expect(fhir.statusCode, fhir.body).toBe(200);
    expect(app.json<unknown[]>()).toEqual([]);
    expect(fhir.json<Bundle>().total).toBe(0);
    const after = await t.db.kysely
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a number with a wrong check digit: 400 through both doors', async () => {
    const bad = `${patient.fnr.slice(0, 10)}${(Number(patient.fnr[10]) + 1) % 10}`;
    expect((await appLookup(gp, bad)).statusCode).toBe(400);
    const fhir = await fhirLookup(gp, `${FNR_OID}|${bad}`);
    expect(fhir.statusCode).toBe(400);
    expect(fhir.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
  });

  it('a role without work with patients is refused at both doors', async () => {
    expect((await appLookup(analyst, patient.fnr)).statusCode).toBe(403);
    expect((await fhirLookup(analyst, `${FNR_OID}|${patient.fnr}`)).statusCode).toBe(403);
  });
});

describe('exact lookup only', () => {
  it('a list of numbers or a whole identifier system is not a lookup: the read rule answers (nothing the GP may not read)', async () => {
    const other = await createPatient(t.db.kysely, { birthDate: '1971-01-02', sex: 'F' });
    const list = await fhirLookup(gp, `${FNR_OID}|${other.fnr},${FNR_OID}|${patient.fnr}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<Bundle>().total).toBe(0);
    const system = await fhirLookup(gp, `${FNR_OID}|`);
    expect(system.statusCode).toBeLessThan(500);
    expect(system.json<Bundle>().entry ?? []).toEqual([]);
    // The list's refusals are logged as reads, not as lookups.
    expect(await lookupRows(other.id)).toEqual([]);
  });

  it('a FHIR API client does not find a patient outside its organization by number (the read rule), and is logged refused', async () => {
    const res = await t.app.inject({ url: `/fhir/Patient?identifier=${FNR_OID}|${patient.fnr}`, headers: { authorization: `Bearer ${clientToken}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Bundle>().total).toBe(0);
    const refused = await t.db.kysely
      .selectFrom('access_log')
      .select(['outcome', 'context'])
      .where('patient_id', '=', patient.id)
      .where('actor_name', '=', 'system:EPJ plat26')
      .execute();
    expect(refused).toEqual([{ outcome: 'refused', context: 'fhir-patient-search' }]);
  });
});
