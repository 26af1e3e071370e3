// Task sharing through the one gate (platform17 point c): who may assess a referral is one rule
// (gate.ts decideAssessment). The assessment view's "may assess", the action's answer and the
// access-log row agree for every user: an approved radiographer assesses referrals of their
// modality (and is recorded as a radiographer), is refused — with a refused row that stays in the
// log — for another modality, and a radiologist elsewhere is only a radiographer here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parityEngines, as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createExamCode, createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { deadlineBounds } from '../assessment/deadline.ts';

// Runs on each engine of parityEngines(): in CI on PostgreSQL and again on PGlite (harness.ts).
describe.each(parityEngines())('on %s', (engine) => {
  let t: TestContext;
  let dept: string;
  let practice: string;
  let gpPerson: string;
  let patientId: string;
  const s: Record<string, Session> = {};
  const today = deadlineBounds(new Date()).today;
  const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestContext({}, { engine });
    const db = t.db.kysely;
    const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Nord-Fjord' });
    const site = await createOrganization(db, { kind: 'site', name: 'Nordfjord sjukehus', parentId: hf });
    dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Nordfjord', parentId: site });
    const otherHf = await createOrganization(db, { kind: 'hf', name: 'Helse Sunn' });
    const otherDept = await createOrganization(db, { kind: 'department', name: 'Radiologi Sunn', parentId: otherHf });
    practice = await createOrganization(db, { kind: 'gp_practice', name: 'Eid legekontor' });
    const gp = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
    gpPerson = gp.personId;
    const users = {
      rgMr: await createUser(db, { profession: 'radiographer', grants: [{ role: 'radiographer', organizationId: dept }] }),
      // A radiologist at another trust who works as a radiographer here (not approved here).
      twoHats: await createUser(db, {
        profession: 'radiographer',
        grants: [
          { role: 'radiographer', organizationId: dept },
          { role: 'radiologist', organizationId: otherDept },
        ],
      }),
      rad: await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] }),
      secretary: await createUser(db, { profession: 'secretary', grants: [{ role: 'secretary', organizationId: dept }] }),
    };
    await db.insertInto('radiographer_assessment_approval').values({ person_id: users.rgMr.personId, department_org_id: dept, modality: 'MR' }).execute();
    // The twoHats radiographer is approved for MR — but in the other trust's department, not here.
    await db
      .insertInto('radiographer_assessment_approval')
      .values({ person_id: users.twoHats.personId, department_org_id: otherDept, modality: 'MR' })
      .execute();
    for (const [k, u] of Object.entries(users)) s[k] = await login(t.app, u.username, u.password);
    await createExamCode(db, 'SNG0AG', 'MR kne');
    await db
      .insertInto('exam_code')
      .values({ code: 'SNA0GD', name: 'CT lumbal columna', name_en: null, modality: 'CT', body_part: 'columna', source: 'test' })
      .onConflict((c) => c.doNothing())
      .execute();
    patientId = (await createPatient(db)).id;
  });
  afterAll(() => t.close());

  async function newReferral(examCode: string) {
    const id = await createReferral(t.db.kysely, { patientId, referrerPersonId: gpPerson, referrerOrgId: practice, departmentOrgId: dept, examCode });
    await t.db.kysely
      .updateTable('referral')
      .set({ assessment_due_date: inDays(10) })
      .where('id', '=', id)
      .execute();
    return id;
  }

  const logRows = (id: string, context: string) =>
    t.db.kysely
      .selectFrom('access_log')
      .select(['outcome', 'reason', 'role', 'action'])
      .where('resource_id', '=', id)
      .where('context', '=', context)
      .orderBy('id')
      .execute();

  async function tryAccept(who: string, id: string) {
    const call = as(t.app, s[who]!);
    const view = await call({ url: `/api/assessment/referrals/${id}` });
    const options = await call({ url: `/api/assessment/referrals/${id}/options` });
    const res = await call({
      method: 'POST',
      url: `/api/assessment/referrals/${id}/accept`,
      payload: { version: view.json().version, priorityCategory: 'within_days', examDueDate: inDays(14) },
    });
    return { view: view.statusCode, mayAssess: options.json().mayAssess as boolean, accept: res.statusCode };
  }

  describe('one rule for assessing (task sharing)', () => {
    it('the view’s "may assess", the action and the access log agree for every user', async () => {
      const cases = [
        { who: 'rgMr', exam: 'SNG0AG', may: true },
        { who: 'rgMr', exam: 'SNA0GD', may: false },
        { who: 'twoHats', exam: 'SNG0AG', may: false },
        { who: 'rad', exam: 'SNA0GD', may: true },
        { who: 'secretary', exam: 'SNG0AG', may: false },
      ];
      for (const c of cases) {
        const id = await newReferral(c.exam);
        const got = await tryAccept(c.who, id);
        // Every department member may open (read) the referral sent to the department.
        expect({ ...c, ...got }).toEqual({ ...c, view: 200, mayAssess: c.may, accept: c.may ? 200 : 403 });
        // The action's own row: allowed when it was done, refused (and kept) when not.
        const rows = await logRows(id, 'assessment-accept');
        expect({ ...c, rows: rows.map((r) => [r.outcome, r.action]) }).toEqual({ ...c, rows: [[c.may ? 'allowed' : 'refused', 'update']] });
        if (!c.may) expect(rows[0]!.reason).toBe('not-an-assessor');
      }
    });

    it('an approved radiographer’s assessment is recorded as a radiographer’s (and can be sampled for blind review)', async () => {
      const id = await newReferral('SNG0AG');
      expect((await tryAccept('rgMr', id)).accept).toBe(200);
      const event = await t.db.kysely
        .selectFrom('referral_event')
        .select('actor_role')
        .where('referral_id', '=', id)
        .where('kind', '=', 'accepted')
        .executeTakeFirstOrThrow();
      expect(event.actor_role).toBe('radiographer');
      expect((await logRows(id, 'assessment-accept'))[0]).toMatchObject({ outcome: 'allowed', role: 'radiographer' });
    });
  });
});
