// The leader's pages of the reading domain over HTTP: reader profiles (view, edit), worklist
// definitions (rules, owner, hand-over rules; edit by the owner's leader only), and the readers a
// claimed case may be given to (then reassign and release from the list).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let leaderA: Session;
let leaderB: Session;
let radA: Session;
let rad2: Session;
let radAPerson: string;
let rad2Person: string;
let rrPerson: string;
let listA: string;
let regional: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  reg = await createReadingRegion(db);
  listA = await createReadingList(db, { name: 'Fjord CT', owner: reg.deptA, modalities: ['CT'] });
  regional = await createReadingList(db, { name: 'Regional', owner: reg.rhf, regional: true });
  const la = await createReader(db, { org: reg.deptA, role: 'radiologist', extraRoles: ['department_leader'] });
  const lb = await createReader(db, { org: reg.deptB, role: 'radiologist', extraRoles: ['department_leader'] });
  const a = await createReader(db, { org: reg.deptA, role: 'radiologist', subspecialties: ['nevroradiologi'] });
  const a2 = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const rr = await createReader(db, { org: reg.deptA, role: 'reporting_radiographer', solo: ['SEA0AA'] });
  radAPerson = a.personId;
  rad2Person = a2.personId;
  rrPerson = rr.personId;
  leaderA = await login(t.app, la.username, la.password);
  leaderB = await login(t.app, lb.username, lb.password);
  radA = await login(t.app, a.username, a.password);
  rad2 = await login(t.app, a2.username, a2.password);
});
afterAll(async () => t?.close());

describe('reader profiles for the leader', () => {
  it('lists the readers the leader leads with their profiles; edits one; refuses others', async () => {
    const res = await as(t.app, leaderA)({ url: '/api/reading/profiles' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const ids = body.readers.map((r: { personId: string }) => r.personId);
    expect(ids).toEqual(expect.arrayContaining([radAPerson, rad2Person, rrPerson]));
    const rr = body.readers.find((r: { personId: string }) => r.personId === rrPerson);
    expect(rr.profile.soloExams).toEqual([{ code: 'SEA0AA', name: 'Røntgen thorax' }]);
    expect(body.subspecialties).toContain('nevroradiologi');
    expect(body.organizations.map((o: { id: string }) => o.id)).toContain(reg.deptA);
    // Leader B sees none of A's readers.
    expect((await as(t.app, leaderB)({ url: '/api/reading/profiles' })).json().readers.map((r: { personId: string }) => r.personId)).not.toContain(radAPerson);
    // A plain radiologist is no leader.
    expect((await as(t.app, radA)({ url: '/api/reading/profiles' })).statusCode).toBe(403);

    const put = await as(
      t.app,
      leaderA,
    )({
      method: 'PUT',
      url: `/api/reading/profiles/${rad2Person}`,
      payload: { role: 'radiologist', homeOrgId: reg.deptA, subspecialties: ['muskel-skjelett'], soloExamCodes: [], available: false },
    });
    expect(put.statusCode).toBe(204);
    const after = (await as(t.app, leaderA)({ url: '/api/reading/profiles' })).json().readers.find((r: { personId: string }) => r.personId === rad2Person);
    expect(after.profile).toMatchObject({ subspecialties: ['muskel-skjelett'], available: false, homeOrg: 'Radiologi Fjord' });
    expect(
      (
        await as(
          t.app,
          leaderB,
        )({
          method: 'PUT',
          url: `/api/reading/profiles/${rad2Person}`,
          payload: { role: 'radiologist', homeOrgId: reg.deptB, subspecialties: [], soloExamCodes: [], available: true },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('worklist definitions', () => {
  it('shows rules, owner and hand-over rules; the owner leader edits, others may not', async () => {
    expect(
      (await as(t.app, leaderA)({ method: 'POST', url: '/api/reading/handover-rules', payload: { fromOrgId: reg.deptA, listId: regional } })).statusCode,
    ).toBe(204);
    const defs = (await as(t.app, leaderA)({ url: '/api/reading/lists' })).json();
    const a = defs.lists.find((l: { id: string }) => l.id === listA);
    expect(a).toMatchObject({ name: 'Fjord CT', owner: { id: reg.deptA, name: 'Radiologi Fjord' }, editable: true, rules: { modalities: ['CT'] } });
    const r = defs.lists.find((l: { id: string }) => l.id === regional);
    expect(r).toMatchObject({ regional: true, editable: false, standingHandovers: [{ id: reg.deptA, name: 'Radiologi Fjord' }] });
    expect(defs.myDepartments).toEqual([{ id: reg.deptA, name: 'Radiologi Fjord' }]);

    const body = { name: 'Fjord CT og MR', ownerOrgId: reg.deptA, modalities: ['CT', 'MR'], priorities: ['acute', 'urgent'], active: true };
    expect((await as(t.app, leaderA)({ method: 'PUT', url: `/api/reading/lists/${listA}`, payload: body })).statusCode).toBe(204);
    const again = (await as(t.app, leaderA)({ url: '/api/reading/lists' })).json().lists.find((l: { id: string }) => l.id === listA);
    expect(again).toMatchObject({ name: 'Fjord CT og MR', rules: { modalities: ['CT', 'MR'], priorities: ['acute', 'urgent'] } });
    expect((await as(t.app, leaderB)({ method: 'PUT', url: `/api/reading/lists/${listA}`, payload: body })).statusCode).toBe(403);
    expect((await as(t.app, leaderA)({ method: 'PUT', url: `/api/reading/lists/${regional}`, payload: { ...body, ownerOrgId: reg.rhf } })).statusCode).toBe(
      403,
    );
    expect((await as(t.app, leaderA)({ method: 'PUT', url: `/api/reading/lists/${listA}`, payload: { ...body, priorities: ['soon'] } })).statusCode).toBe(400);

    expect((await as(t.app, leaderB)({ method: 'DELETE', url: `/api/reading/lists/${regional}/handover-rules/${reg.deptA}` })).statusCode).toBe(403);
    expect((await as(t.app, leaderA)({ method: 'DELETE', url: `/api/reading/lists/${regional}/handover-rules/${reg.deptA}` })).statusCode).toBe(204);
    expect((await as(t.app, leaderA)({ method: 'DELETE', url: `/api/reading/lists/${regional}/handover-rules/${reg.deptA}` })).statusCode).toBe(404);
  });
});

describe('reassign and release from the list (leader)', () => {
  it('offers entitled, qualified, available readers; reassigns; releases', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'emergency' });
    expect((await as(t.app, radA)({ method: 'POST', url: `/api/reading/cases/${e.examId}/claim` })).statusCode).toBe(204);
    const cand = await as(t.app, leaderA)({ url: `/api/reading/cases/${e.examId}/assign-candidates` });
    expect(cand.statusCode).toBe(200);
    const ids = cand.json().map((c: { personId: string }) => c.personId);
    expect(ids).toContain(radAPerson);
    expect(ids).not.toContain(rrPerson); // not qualified for CT
    expect(ids).not.toContain(rad2Person); // set unavailable above
    expect((await as(t.app, leaderB)({ url: `/api/reading/cases/${e.examId}/assign-candidates` })).statusCode).toBe(403);
    const me = (await as(t.app, leaderA)({ url: '/api/auth/me' })).json();
    const target = cand.json().find((c: { personId: string }) => c.personId !== radAPerson)?.personId ?? me.personId;
    expect((await as(t.app, leaderA)({ method: 'POST', url: `/api/reading/cases/${e.examId}/assign`, payload: { personId: target } })).statusCode).toBe(204);
    const row = await t.db.kysely.selectFrom('reading_case').select('claimed_by').where('exam_id', '=', e.examId).executeTakeFirstOrThrow();
    expect(row.claimed_by).toBe(target);
    expect(
      (await as(t.app, leaderA)({ method: 'POST', url: `/api/reading/cases/${e.examId}/release`, payload: { reason: 'Fordeles på nytt' } })).statusCode,
    ).toBe(204);
    expect((await t.db.kysely.selectFrom('reading_case').select('claimed_by').where('exam_id', '=', e.examId).executeTakeFirstOrThrow()).claimed_by).toBeNull();
    // A reader cannot release someone else's claim.
    expect((await as(t.app, radA)({ method: 'POST', url: `/api/reading/cases/${e.examId}/claim` })).statusCode).toBe(204);
    expect((await as(t.app, rad2)({ method: 'POST', url: `/api/reading/cases/${e.examId}/release` })).statusCode).toBe(409);
  });
});
