import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { referralVisibleSql } from '../access/store.ts';
import { isEntitled, searchEntitledPatients } from './store.ts';

let t: TestContext;
let radiologist: Session;
let otherRadiologist: Session;
let leader: Session;
let analyst: Session;
let gp: Session;
let patient: { id: string; fnr: string };
let gpPatient: { id: string; fnr: string };
let gpPersonId: string;
let practiceId: string;
let deptId: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen' });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling Haukeland', parentId: hf });
  const otherHf = await createOrganization(db, { kind: 'hf', name: 'Helse Førde' });
  const otherDept = await createOrganization(db, { kind: 'department', name: 'Radiologi Førde', parentId: otherHf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gpUser = await createUser(db, { username: 'gp.pat', referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  const radUser = await createUser(db, { username: 'rad.pat', grants: [{ role: 'radiologist', organizationId: dept }] });
  const otherRad = await createUser(db, { username: 'rad.forde', grants: [{ role: 'radiologist', organizationId: otherDept }] });
  const leaderUser = await createUser(db, { username: 'leder.pat', grants: [{ role: 'department_leader', organizationId: hf }] });
  const analystUser = await createUser(db, { username: 'analyst.pat', grants: [{ role: 'analyst', organizationId: hf }] });
  patient = await createPatient(db, { name: ['Ola', 'Nordmannsen'], sex: 'M', birthDate: '1960-01-20' });
  gpPatient = await createPatient(db, { name: ['Kari', 'Fjellheim'], gpPersonId: gpUser.personId });
  await createReferral(db, { patientId: patient.id, referrerPersonId: gpUser.personId, referrerOrgId: practice, departmentOrgId: dept });
  radiologist = await login(t.app, radUser.username, radUser.password);
  otherRadiologist = await login(t.app, otherRad.username, otherRad.password);
  leader = await login(t.app, leaderUser.username, leaderUser.password);
  analyst = await login(t.app, analystUser.username, analystUser.password);
  gp = await login(t.app, gpUser.username, gpUser.password);
  gpPersonId = gpUser.personId;
  practiceId = practice;
  deptId = dept;
});
afterAll(() => t.close());

/** Log rows about one patient: their own rows and the list views that named them. */
const logCount = async (patientId: string) =>
  (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log WHERE patient_id = ${patientId} OR patient_ids @> ARRAY[${patientId}]::text[]`.execute(
      t.db.kysely,
    )
  ).rows[0].n;

const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log`.execute(t.db.kysely)).rows[0].n;

describe('patient data and the access log', () => {
  it('logs a read of a patient in the department’s worklist, with who, role, organization and context', async () => {
    const before = await logCount(patient.id);
    const res = await as(t.app, radiologist)({ url: `/api/patients/${patient.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: patient.id, familyName: 'Nordmannsen', sex: 'M', areaId: 'bergen' });
    expect(await logCount(patient.id)).toBe(before + 1);
    const row = await t.db.kysely.selectFrom('access_log').selectAll().where('patient_id', '=', patient.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: radiologist.me.userId, role: 'radiologist', resource_type: 'Patient', action: 'read', context: 'patient-view' });
    expect(row.organization_id).toBeTruthy();
  });

  it('refuses a radiologist in another trust (no referral there) and logs the refused attempt', async () => {
    const before = await logCount(patient.id);
    const res = await as(t.app, otherRadiologist)({ url: `/api/patients/${patient.id}` });
    expect(res.statusCode).toBe(403);
    expect(await logCount(patient.id)).toBe(before + 1);
    const last = await t.db.kysely
      .selectFrom('access_log')
      .select(['outcome', 'reason', 'action'])
      .where('patient_id', '=', patient.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ outcome: 'refused', reason: 'no-work-need', action: 'read' });
  });

  it('lets a GP see their own list patient and look up any patient by exact fødselsnummer (logged)', async () => {
    expect((await as(t.app, gp)({ url: `/api/patients/${gpPatient.id}` })).statusCode).toBe(200);
    const before = await logCount(patient.id);
    const hit = await as(t.app, gp)({ url: `/api/patients?fnr=${patient.fnr}` });
    expect(hit.statusCode).toBe(200);
    expect(hit.json()).toHaveLength(1);
    expect(await logCount(patient.id)).toBe(before + 1);
  });

  it('rejects an invalid fødselsnummer with a clear message', async () => {
    const res = await as(t.app, gp)({ url: '/api/patients?fnr=12345678901' });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/kontrollsiffer|fødselsdato/);
  });

  it('searches by name only among entitled patients, logging the list', async () => {
    const before = await logCount(patient.id);
    const res = await as(t.app, radiologist)({ url: '/api/patients?q=nordmann' });
    expect(res.json().map((p: { id: string }) => p.id)).toEqual([patient.id]);
    expect(await logCount(patient.id)).toBe(before + 1);
    const none = await as(t.app, otherRadiologist)({ url: '/api/patients?q=nordmann' });
    expect(none.json()).toEqual([]);
  });

  it('finds by name exactly the patients the gate lets a GP or a radiologist see: list patients and those of visible referrals', async () => {
    const db = t.db.kysely;
    // Two more list patients, a referral patient, and a stranger with the same name part.
    const list = [await createPatient(db, { name: ['Berit', 'Sjøholm'], gpPersonId }), await createPatient(db, { name: ['Anders', 'Sjøberg'], gpPersonId })];
    const referred = await createPatient(db, { name: ['Cecilie', 'Sjøvik'] });
    await createReferral(db, { patientId: referred.id, referrerPersonId: gpPersonId, referrerOrgId: practiceId, departmentOrgId: deptId });
    await createPatient(db, { name: ['Dagny', 'Sjøstrand'] });
    const res = await as(t.app, gp)({ url: '/api/patients?q=sj%C3%B8' });
    expect(res.statusCode).toBe(200);
    expect(res.json().map((p: { familyName: string }) => p.familyName)).toEqual(['Sjøberg', 'Sjøholm', 'Sjøvik']);
    expect(
      res
        .json()
        .map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([...list.map((p) => p.id), referred.id].sort());
    // The same patients, for any words, as asking the gate's patient rule of every patient.
    const everyone = await db.selectFrom('patient').select(['id', 'given_name', 'family_name']).execute();
    const radiologistPerson = (await db.selectFrom('user_account').select('person_id').where('username', '=', 'rad.pat').executeTakeFirstOrThrow()).person_id;
    for (const who of [
      { personId: gpPersonId, visibleReferral: referralVisibleSql('r', { personId: gpPersonId, referrerOrgIds: [practiceId] }) },
      { personId: radiologistPerson, visibleReferral: referralVisibleSql('r', { personId: radiologistPerson, departmentOrgIds: [deptId] }) },
    ])
      for (const q of ['sjø', 'e', 'nordmann', 'kari fjell', 'ingen slik']) {
        const words = q.split(' ');
        const expected: string[] = [];
        for (const p of everyone)
          if (words.every((w) => `${p.given_name} ${p.family_name}`.toLowerCase().includes(w)) && (await isEntitled(db, who, p.id))) expected.push(p.id);
        const found = await searchEntitledPatients(db, who, q, 100);
        expect(found.map((p) => p.id).sort(), `${who.personId} ${q}`).toEqual(expected.sort());
      }
  });

  it('lets a GP find any patient by name and birth date, as exact as a fødselsnummer lookup, logged once per list', async () => {
    // Astrid Utenforlisten is not on the GP's list and has no referral from them.
    const astrid = await createPatient(t.db.kysely, { name: ['Astrid', 'Utenforlisten'], birthDate: '1955-05-05' });
    expect((await as(t.app, gp)({ url: '/api/patients?q=utenforlisten' })).json()).toEqual([]);
    const before = await logCount(astrid.id);
    const res = await as(t.app, gp)({ url: '/api/patients?q=Utenforlisten%20astrid&birthDate=1955-05-05' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject([{ id: astrid.id, givenName: 'Astrid', familyName: 'Utenforlisten', birthDate: expect.stringContaining('1955-05-05') }]);
    expect(await logCount(astrid.id)).toBe(before + 1);
    const row = await t.db.kysely.selectFrom('access_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      patient_id: null,
      patient_ids: [astrid.id],
      action: 'search',
      context: 'patient-search-birthdate',
      user_id: gp.me.userId,
      role: 'referrer',
    });
    // Another birth date, or another name, finds nobody and logs nothing.
    const rows = await count();
    expect((await as(t.app, gp)({ url: '/api/patients?q=utenforlisten&birthDate=1955-05-06' })).json()).toEqual([]);
    expect((await as(t.app, gp)({ url: '/api/patients?q=hansen&birthDate=1955-05-05' })).json()).toEqual([]);
    expect(await count()).toBe(rows);
  });

  it('gives at most ten patients for one search, as one access-log row naming each of them', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push((await createPatient(t.db.kysely, { name: ['Per', `Tvilling${String(i).padStart(2, '0')}`], birthDate: '1999-09-09', sex: 'M' })).id);
    const rows = await count();
    const res = await as(t.app, gp)({ url: '/api/patients?q=tvilling&birthDate=1999-09-09' });
    expect(res.json()).toHaveLength(10);
    expect(await count()).toBe(rows + 1);
    const row = await t.db.kysely.selectFrom('access_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.patient_ids).toEqual(res.json().map((p: { id: string }) => p.id));
    // "Who looked at my record" shows the list view to each patient in it, and only to them.
    const shown = await as(t.app, leader)({ url: `/api/patients/${ids[0]}/access-log` });
    expect(shown.statusCode).toBe(403); // the leader's trust has no referral for these patients
  });

  it('rejects a name under two letters or an impossible birth date, logging nothing', async () => {
    const rows = await count();
    for (const url of [
      '/api/patients?q=o&birthDate=1960-01-20',
      '/api/patients?q=ola&birthDate=1960-02-30',
      '/api/patients?q=ola&birthDate=20.01.1960',
      '/api/patients?q=ola&birthDate=2999-01-01',
    ]) {
      const res = await as(t.app, gp)({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    expect(await count()).toBe(rows);
  });

  it('keeps name and birth-date search from roles without clinical access', async () => {
    expect((await as(t.app, analyst)({ url: '/api/patients?q=nordmannsen&birthDate=1960-01-20' })).statusCode).toBe(403);
  });

  it('keeps patient data from roles without clinical access', async () => {
    expect((await as(t.app, analyst)({ url: `/api/patients/${patient.id}` })).statusCode).toBe(403);
    expect((await as(t.app, analyst)({ url: `/api/patients?fnr=${patient.fnr}` })).statusCode).toBe(403);
  });

  it('shows a leader who looked at the record, and logs that too', async () => {
    const res = await as(t.app, leader)({ url: `/api/patients/${patient.id}/access-log` });
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.some((r: { actor_name: string; role: string }) => r.role === 'radiologist')).toBe(true);
    const search = await as(t.app, leader)({ url: '/api/access-log?limit=10' });
    expect(search.statusCode).toBe(200);
  });

  it('keeps the access log append-only', async () => {
    await expect(sql`UPDATE access_log SET context = 'tampered'`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM access_log`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
  });
});
