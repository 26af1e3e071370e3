// Redirect rules over HTTP on a real database: a department leader sets where referrals may be
// redirected; the assessment options and the redirect action follow them; a hospital meeting
// keeps the patient in hospital; refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';

let t: TestContext;
let leader: Session;
let otherLeader: Session;
let rad: Session;
let dept: string;
let otherDept: string;
let institute: string;
let gpPerson: string;
let practice: string;
let patientId: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  const site = await createOrganization(db, { kind: 'site', name: 'Fjord sykehus', parentId: hf });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: site });
  otherDept = await createOrganization(db, { kind: 'department', name: 'Radiologi Dal' });
  institute = await createOrganization(db, { kind: 'private_institute', name: 'Fjord Røntgeninstitutt' });
  practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gp = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  gpPerson = gp.personId;
  const l = await createUser(db, { grants: [{ role: 'department_leader', organizationId: dept }] });
  const ol = await createUser(db, { grants: [{ role: 'department_leader', organizationId: otherDept }] });
  const r = await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] });
  leader = await login(t.app, l.username, l.password);
  otherLeader = await login(t.app, ol.username, ol.password);
  rad = await login(t.app, r.username, r.password);
  patientId = (await createPatient(db)).id;
});
afterAll(() => t.close());

const newReferral = () => createReferral(t.db.kysely, { patientId, referrerPersonId: gpPerson, referrerOrgId: practice, departmentOrgId: dept });
const head = (id: string) => t.db.kysely.selectFrom('referral').select(['department_org_id', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
const ruleCount = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('redirect_rule')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const options = async (id: string) => (await as(t.app, rad)({ url: `/api/assessment/referrals/${id}/options` })).json();
const redirect = (id: string, payload: Record<string, unknown>) => as(t.app, rad)({ method: 'POST', url: `/api/assessment/referrals/${id}/redirect`, payload });

describe('redirect rules', () => {
  it('without rules any receiving unit in the region is offered', async () => {
    const o = await options(await newReferral());
    expect(o.redirectRulesApply).toBe(false);
    expect(o.redirectTargets.map((x: { id: string }) => x.id).sort()).toEqual([institute, otherDept].sort());
  });

  it('only the leader of the department sets them; bad rules are refused and change nothing', async () => {
    const body = {
      departmentId: dept,
      targetOrgId: institute,
      modalities: ['MR'],
      examCodes: [],
      condition: 'followed_up_outside_hospital',
      note: 'Poliklinisk MR etter avtale',
    };
    expect((await as(t.app, rad)({ method: 'POST', url: '/api/assessment/redirect-rules', payload: body })).statusCode).toBe(403);
    expect((await as(t.app, otherLeader)({ method: 'POST', url: '/api/assessment/redirect-rules', payload: body })).statusCode).toBe(403);
    const self = await as(t.app, leader)({ method: 'POST', url: '/api/assessment/redirect-rules', payload: { ...body, targetOrgId: dept } });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].field).toBe('targetOrgId');
    const unknownExam = await as(t.app, leader)({ method: 'POST', url: '/api/assessment/redirect-rules', payload: { ...body, examCodes: ['ZZZ999'] } });
    expect(unknownExam.statusCode).toBe(400);
    const badCondition = await as(t.app, leader)({ method: 'POST', url: '/api/assessment/redirect-rules', payload: { ...body, condition: 'sometimes' } });
    expect(badCondition.statusCode).toBe(400);
    expect(await ruleCount()).toBe(0);

    const created = await as(t.app, leader)({ method: 'POST', url: '/api/assessment/redirect-rules', payload: body });
    expect(created.statusCode).toBe(201);
    const list = (await as(t.app, leader)({ url: '/api/assessment/redirect-rules' })).json();
    expect(list.rules).toMatchObject([
      {
        targetName: 'Fjord Røntgeninstitutt',
        departmentName: 'Radiologi Fjord',
        modalities: ['MR'],
        condition: 'followed_up_outside_hospital',
        note: 'Poliklinisk MR etter avtale',
      },
    ]);
    expect(list.departments.map((d: { id: string }) => d.id)).toEqual([dept]);
    expect(list.departments[0].targets.map((x: { id: string }) => x.id)).toContain(institute);
    // Another department's leader does not see them.
    expect((await as(t.app, otherLeader)({ url: '/api/assessment/redirect-rules' })).json().rules).toEqual([]);
  });

  it('the options and the redirect follow the rules; a hospital meeting keeps the patient in hospital', async () => {
    const id = await newReferral(); // the factory's exam is an MR
    const o = await options(id);
    expect(o.redirectRulesApply).toBe(true);
    expect(o.redirectTargets).toEqual([
      {
        id: institute,
        name: 'Fjord Røntgeninstitutt',
        kind: 'private_institute',
        condition: 'followed_up_outside_hospital',
        ruleNote: 'Poliklinisk MR etter avtale',
      },
    ]);
    const before = await head(id);
    // Not followed up outside hospital as the rule needs: 422, nothing changed.
    const refused = await redirect(id, { version: before.version, toOrganizationId: institute });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('toOrganizationId');
    // No rule names the other department any more.
    expect((await redirect(id, { version: before.version, toOrganizationId: otherDept, followedUpOutsideHospital: true })).statusCode).toBe(422);
    const meeting = await redirect(id, { version: before.version, toOrganizationId: institute, followedUpOutsideHospital: true, hospitalMeeting: true });
    expect(meeting.statusCode).toBe(422);
    expect(meeting.json().detail).toMatch(/tverrfaglig møte/);
    expect(await head(id)).toEqual(before);
    const ok = await redirect(id, { version: before.version, toOrganizationId: institute, followedUpOutsideHospital: true });
    expect(ok.statusCode).toBe(200);
    expect((await head(id)).department_org_id).toBe(institute);
  });

  it('a deactivated rule no longer applies, and is kept with who and when', async () => {
    const [rule] = (await as(t.app, leader)({ url: '/api/assessment/redirect-rules' })).json().rules;
    expect((await as(t.app, otherLeader)({ method: 'DELETE', url: `/api/assessment/redirect-rules/${rule.id}` })).statusCode).toBe(404);
    expect((await as(t.app, leader)({ method: 'DELETE', url: `/api/assessment/redirect-rules/${rule.id}` })).statusCode).toBe(204);
    expect((await as(t.app, leader)({ method: 'DELETE', url: `/api/assessment/redirect-rules/${rule.id}` })).statusCode).toBe(404);
    const kept = await t.db.kysely.selectFrom('redirect_rule').selectAll().where('id', '=', rule.id).executeTakeFirstOrThrow();
    expect(kept.deactivated_at).not.toBeNull();
    const o = await options(await newReferral());
    expect(o.redirectRulesApply).toBe(false);
    expect(o.redirectTargets).toHaveLength(2);
  });

  it('a rule stored with modality CR (before plain X-ray was one kind) covers DX and is changed as "Røntgen" without widening', async () => {
    const db = t.db.kysely;
    const u = await db.selectFrom('user_account').select('id').limit(1).executeTakeFirstOrThrow();
    // As an older Radvis stored it: the CR code itself (the form then offered "Røntgen (CR)").
    await db
      .insertInto('redirect_rule')
      .values({
        id: 'old-cr',
        department_org_id: dept,
        target_org_id: institute,
        modalities: ['CR'],
        exam_codes: [],
        condition: 'always',
        created_by_user_id: u.id,
      })
      .execute();
    const listed = (await as(t.app, leader)({ url: '/api/assessment/redirect-rules' })).json().rules;
    expect(listed.map((r: { id: string; modalities: string[] }) => [r.id, r.modalities])).toEqual([['old-cr', ['CR']]]);
    const body = {
      departmentId: dept,
      targetOrgId: institute,
      modalities: ['DX'],
      examCodes: [],
      condition: 'followed_up_outside_hospital',
      note: 'Røntgen hos instituttet',
    };
    // Another leader, a wrong department and a bad body change nothing.
    expect((await as(t.app, otherLeader)({ method: 'PUT', url: '/api/assessment/redirect-rules/old-cr', payload: body })).statusCode).toBe(404);
    const moved = await as(t.app, leader)({ method: 'PUT', url: '/api/assessment/redirect-rules/old-cr', payload: { ...body, departmentId: otherDept } });
    expect(moved.statusCode).toBe(400);
    expect(
      (await as(t.app, leader)({ method: 'PUT', url: '/api/assessment/redirect-rules/old-cr', payload: { ...body, modalities: ['XX'] } })).statusCode,
    ).toBe(400);
    expect(await ruleCount()).toBe(2);
    const changed = await as(t.app, leader)({ method: 'PUT', url: '/api/assessment/redirect-rules/old-cr', payload: body });
    expect(changed.statusCode).toBe(200);
    const newId = changed.json().id as string;
    const after = (await as(t.app, leader)({ url: '/api/assessment/redirect-rules' })).json().rules;
    expect(after).toMatchObject([{ id: newId, modalities: ['DX'], condition: 'followed_up_outside_hospital', note: 'Røntgen hos instituttet' }]);
    // The old rule is kept, deactivated by the leader; a second change of it is told (no lost update).
    const old = await db.selectFrom('redirect_rule').selectAll().where('id', '=', 'old-cr').executeTakeFirstOrThrow();
    expect(old.deactivated_at).not.toBeNull();
    const stale = await as(t.app, leader)({ method: 'PUT', url: '/api/assessment/redirect-rules/old-cr', payload: body });
    expect(stale.statusCode).toBe(409);
    expect(await ruleCount()).toBe(3);
    // The changed rule still limits the redirect to X-ray exams: an MR referral is offered nothing.
    expect((await options(await newReferral())).redirectTargets).toEqual([]);
  });

  it('a new rule sent with CR is stored as plain X-ray (one code per kind)', async () => {
    const body = { departmentId: dept, targetOrgId: otherDept, modalities: ['CR', 'CT'], examCodes: [], condition: 'always' };
    const created = await as(t.app, leader)({ method: 'POST', url: '/api/assessment/redirect-rules', payload: body });
    expect(created.statusCode).toBe(201);
    const row = await t.db.kysely.selectFrom('redirect_rule').select('modalities').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row.modalities).toEqual(['DX', 'CT']);
  });
});
