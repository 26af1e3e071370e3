// Assessment actions over HTTP on a real database: accept, return, ask for more information (and
// the referrer's answer), redirect, merge; who may assess (task sharing); bad input changes
// nothing; and two people assessing at once — one wins, the other gets 409 (run on PostgreSQL
// with TEST_DATABASE_URL, as well as on PGlite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { deadlineBounds } from './deadline.ts';

let t: TestContext;
let gp: Session;
let rad: Session;
let lis: Session;
let rg: Session;
let rgApproved: Session;
let secretary: Session;
let dept: string;
let institute: string;
let gpPerson: string;
let practice: string;
let patient: { id: string; fnr: string };
let rgPerson: string;
const today = deadlineBounds(new Date()).today;
const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  const site = await createOrganization(db, { kind: 'site', name: 'Fjord sykehus', parentId: hf });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: site });
  institute = await createOrganization(db, { kind: 'private_institute', name: 'Fjord Røntgeninstitutt' });
  practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gpUser = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  gpPerson = gpUser.personId;
  const users = {
    rad: await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] }),
    lis: await createUser(db, { grants: [{ role: 'lis', organizationId: dept }] }),
    rg: await createUser(db, { profession: 'radiographer', grants: [{ role: 'radiographer', organizationId: dept }] }),
    rgApproved: await createUser(db, { profession: 'radiographer', grants: [{ role: 'radiographer', organizationId: dept }] }),
    secretary: await createUser(db, { profession: 'secretary', grants: [{ role: 'secretary', organizationId: dept }] }),
  };
  rgPerson = users.rg.personId;
  // Task sharing: one radiographer is approved to assess MR referrals (the factory's exam is MR).
  await db.insertInto('radiographer_assessment_approval').values({ person_id: users.rgApproved.personId, department_org_id: dept, modality: 'MR' }).execute();
  gp = await login(t.app, gpUser.username, gpUser.password);
  rad = await login(t.app, users.rad.username, users.rad.password);
  lis = await login(t.app, users.lis.username, users.lis.password);
  rg = await login(t.app, users.rg.username, users.rg.password);
  rgApproved = await login(t.app, users.rgApproved.username, users.rgApproved.password);
  secretary = await login(t.app, users.secretary.username, users.secretary.password);
  patient = await createPatient(db);
});
afterAll(() => t.close());

async function newReferral() {
  const id = await createReferral(t.db.kysely, { patientId: patient.id, referrerPersonId: gpPerson, referrerOrgId: practice, departmentOrgId: dept });
  await t.db.kysely
    .updateTable('referral')
    .set({ assessment_due_date: inDays(10) })
    .where('id', '=', id)
    .execute();
  return id;
}
const state = (id: string) =>
  t.db.kysely
    .selectFrom('referral')
    .select(['status', 'version', 'priority_category', 'exam_due_date', 'department_org_id', 'protocol'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const events = (id: string) => t.db.kysely.selectFrom('referral_event').selectAll().where('referral_id', '=', id).orderBy('id').execute();
const post = (s: Session, id: string, action: string, payload: unknown) =>
  as(t.app, s)({ method: 'POST', url: `/api/assessment/referrals/${id}/${action}`, payload });

describe('accept', () => {
  it('sets status accepted, priority and exam due date, and records the state change', async () => {
    const id = await newReferral();
    const view = (await as(t.app, rad)({ url: `/api/assessment/referrals/${id}` })).json();
    const res = await post(rad, id, 'accept', {
      version: view.version,
      priorityCategory: 'within_weeks',
      examDueDate: inDays(42),
      protocol: 'MR kne standard',
      modality: 'MR',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id, status: 'accepted', version: view.version + 1 });
    expect(await state(id)).toMatchObject({ status: 'accepted', priority_category: 'within_weeks', exam_due_date: inDays(42), protocol: 'MR kne standard' });
    const [e] = await events(id);
    expect(e).toMatchObject({ kind: 'accepted', from_status: 'submitted', to_status: 'accepted', reason_code: 'within_weeks', actor_user_id: rad.me.userId });
    expect(e.at).toBeInstanceOf(Date);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const id = await newReferral();
    const before = await state(id);
    const res = await post(rad, id, 'accept', { version: before.version + 5, priorityCategory: 'within_weeks', examDueDate: inDays(42) });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toMatch(/\/conflict$/);
    expect(await state(id)).toEqual(before);
    expect(await events(id)).toEqual([]);
  });

  it('answers bad input with 400 problem+json and changes nothing', async () => {
    const id = await newReferral();
    const before = await state(id);
    const bad: unknown[] = [
      { version: before.version, priorityCategory: 'asap', examDueDate: inDays(3) },
      { version: before.version, priorityCategory: 'within_weeks', examDueDate: inDays(-1) },
      { version: before.version, priorityCategory: 'within_weeks', examDueDate: '2026-02-30' },
      { priorityCategory: 'within_weeks', examDueDate: inDays(3) },
      { version: before.version, priorityCategory: 'within_weeks', examDueDate: inDays(3), siteId: 'nowhere' },
      { version: before.version, priorityCategory: 'within_weeks', examDueDate: inDays(3), modality: 'XX' },
    ];
    for (const payload of bad) {
      const res = await post(rad, id, 'accept', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().type).toMatch(/\/invalid$/);
    }
    expect((await post(rad, id, 'return', { version: before.version, reason: 'other' })).statusCode).toBe(400);
    expect((await post(rad, id, 'return', { version: before.version, reason: 'bad' })).statusCode).toBe(400);
    expect((await post(rad, id, 'request-info', { version: before.version, message: '   ' })).statusCode).toBe(400);
    expect((await post(rad, id, 'redirect', { version: before.version, toOrganizationId: dept })).statusCode).toBe(400);
    expect((await post(rad, id, 'merge', { version: before.version, intoReferralId: id })).statusCode).toBe(400);
    expect((await post(rad, 'ref-unknown', 'accept', { version: 1, priorityCategory: 'within_weeks', examDueDate: inDays(3) })).statusCode).toBe(404);
    expect(await state(id)).toEqual(before);
    expect(await events(id)).toEqual([]);
  });
});

describe('who may assess', () => {
  it('radiologists, LIS and approved radiographers; not other radiographers, secretaries or GPs', async () => {
    for (const [s, code] of [
      [gp, 403],
      [secretary, 403],
      [rg, 403],
      [lis, 200],
      [rgApproved, 200],
    ] as const) {
      const id = await newReferral();
      const v = (await state(id)).version;
      expect((await post(s, id, 'accept', { version: v, priorityCategory: 'within_days', examDueDate: inDays(14) })).statusCode).toBe(code);
    }
  });
});

describe('task sharing approvals (department leader)', () => {
  it("approves and withdraws a radiographer for a modality, only in the leader's own department", async () => {
    const db = t.db.kysely;
    const leaderUser = await createUser(db, { grants: [{ role: 'department_leader', organizationId: dept }] });
    const leader = await login(t.app, leaderUser.username, leaderUser.password);
    const id = await newReferral();
    expect((await post(rg, id, 'accept', { version: (await state(id)).version, priorityCategory: 'within_days', examDueDate: inDays(14) })).statusCode).toBe(
      403,
    );
    expect(
      (await as(t.app, leader)({ method: 'POST', url: '/api/assessment/approvals', payload: { personId: rgPerson, departmentId: dept, modality: 'MR' } }))
        .statusCode,
    ).toBe(204);
    const list = (await as(t.app, leader)({ url: '/api/assessment/approvals' })).json();
    expect(list.approvals.filter((a: { personId: string }) => a.personId === rgPerson).map((a: { modality: string }) => a.modality)).toEqual(['MR']);
    expect((await post(rg, id, 'accept', { version: (await state(id)).version, priorityCategory: 'within_days', examDueDate: inDays(14) })).statusCode).toBe(
      200,
    );
    // Not a radiographer, not the leader's department, not a leader: refused.
    expect(
      (await as(t.app, leader)({ method: 'POST', url: '/api/assessment/approvals', payload: { personId: gpPerson, departmentId: dept, modality: 'MR' } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await as(t.app, leader)({ method: 'POST', url: '/api/assessment/approvals', payload: { personId: rgPerson, departmentId: institute, modality: 'MR' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await as(t.app, rad)({ method: 'POST', url: '/api/assessment/approvals', payload: { personId: rgPerson, departmentId: dept, modality: 'CT' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await as(t.app, leader)({ method: 'DELETE', url: `/api/assessment/approvals?personId=${rgPerson}&departmentId=${dept}&modality=MR` })).statusCode,
    ).toBe(204);
    const id2 = await newReferral();
    expect((await post(rg, id2, 'accept', { version: (await state(id2)).version, priorityCategory: 'within_days', examDueDate: inDays(14) })).statusCode).toBe(
      403,
    );
  });
});

describe('return, ask for information, redirect, merge', () => {
  it('returns to the referrer with a reason', async () => {
    const id = await newReferral();
    const v = (await state(id)).version;
    const res = await post(rad, id, 'return', { version: v, reason: 'not_indicated', text: 'Rådet anbefaler røntgen først' });
    expect(res.json()).toMatchObject({ status: 'returned' });
    expect((await events(id))[0]).toMatchObject({ kind: 'returned', reason_code: 'not_indicated', reason_text: 'Rådet anbefaler røntgen først' });
    // The referrer sees it on their referral page, and can save it as a PDF receipt.
    const status = (await as(t.app, gp)({ url: `/api/referrals/${id}/status` })).json();
    expect(status).toMatchObject({ status: 'returned', returnReason: { reason: 'not_indicated', text: 'Rådet anbefaler røntgen først' } });
    expect(status.events.map((e: { kind: string }) => e.kind)).toEqual(['returned']);
    const pdf = await as(t.app, gp)({ url: `/api/referrals/${id}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers['content-disposition']).toContain(`henvisning-${status.referralNumber}.pdf`);
    // Nobody else's page.
    expect((await as(t.app, rad)({ url: `/api/referrals/${id}/status` })).statusCode).toBe(403);
    // A radiologist of the department who is also a referrer elsewhere passes the route rule and
    // the gate (department), but is not the referrer: refused, with a refused row and no allowed
    // one (interop16: the allowed row was rolled back with the plain 403, leaving no trace).
    const both = await createUser(t.db.kysely, {
      grants: [
        { role: 'radiologist', organizationId: dept },
        { role: 'referrer', organizationId: institute },
      ],
    });
    const bothSession = await login(t.app, both.username, both.password);
    expect((await as(t.app, bothSession)({ url: `/api/referrals/${id}/status` })).statusCode).toBe(403);
    const rows = await t.db.kysely
      .selectFrom('access_log')
      .select(['outcome', 'reason'])
      .where('context', '=', 'referral-status')
      .where('resource_id', '=', id)
      .where('user_id', '=', both.userId)
      .execute();
    expect(rows).toEqual([{ outcome: 'refused', reason: 'not-referrer' }]);
  });

  it('shows the referrer the priority and exam due date once accepted', async () => {
    const id = await newReferral();
    const v = (await state(id)).version;
    await post(rad, id, 'accept', { version: v, priorityCategory: 'cancer_pathway', examDueDate: inDays(7) });
    const status = (await as(t.app, gp)({ url: `/api/referrals/${id}/status` })).json();
    expect(status).toMatchObject({ status: 'accepted', priority: { nb: 'Pakkeforløp kreft' }, examDueDate: inDays(7), returnReason: null });
  });

  it('asks for more information; the referrer answers on their referral and it is back for assessment', async () => {
    const id = await newReferral();
    const v = (await state(id)).version;
    const asked = await post(rad, id, 'request-info', { version: v, message: 'Er det tatt røntgen av kneet?' });
    expect(asked.json()).toMatchObject({ status: 'info_requested', version: v + 1 });
    // Only the referrer answers.
    expect((await as(t.app, rad)({ method: 'POST', url: `/api/referrals/${id}/answer`, payload: { version: v + 1, message: 'Ja' } })).statusCode).toBe(403);
    const answered = await as(
      t.app,
      gp,
    )({ method: 'POST', url: `/api/referrals/${id}/answer`, payload: { version: v + 1, message: 'Ja, normalt røntgen for 2 uker siden.' } });
    expect(answered.json()).toMatchObject({ status: 'submitted', version: v + 2 });
    expect((await as(t.app, gp)({ method: 'POST', url: `/api/referrals/${id}/answer`, payload: { version: v + 2, message: 'Igjen' } })).statusCode).toBe(409);
    const view = (await as(t.app, rad)({ url: `/api/assessment/referrals/${id}` })).json();
    expect(view.messages.map((m: { side: string; body: string }) => [m.side, m.body])).toEqual([
      ['department', 'Er det tatt røntgen av kneet?'],
      ['referrer', 'Ja, normalt røntgen for 2 uker siden.'],
    ]);
    expect((await events(id)).map((e) => [e.kind, e.from_status, e.to_status])).toEqual([
      ['info_requested', 'submitted', 'info_requested'],
      ['info_answered', 'info_requested', 'submitted'],
    ]);
  });

  it('redirects to a private institute in the region', async () => {
    const id = await newReferral();
    const v = (await state(id)).version;
    const options = (await as(t.app, rad)({ url: `/api/assessment/referrals/${id}/options` })).json();
    expect(options.redirectTargets.map((o: { id: string }) => o.id)).toContain(institute);
    expect((await post(rad, id, 'redirect', { version: v, toOrganizationId: institute, text: 'Poliklinisk MR' })).statusCode).toBe(200);
    expect(await state(id)).toMatchObject({ status: 'submitted', department_org_id: institute });
    expect((await events(id))[0]).toMatchObject({ kind: 'redirected', data: { from: dept, to: institute } });
  });

  it('merges a duplicate into the other open referral and flags the pair in the view', async () => {
    const keep = await newReferral();
    const dup = await newReferral();
    const view = (await as(t.app, rad)({ url: `/api/assessment/referrals/${dup}` })).json();
    expect(view.history.find((h: { id: string }) => h.id === keep)).toMatchObject({ pending: true, duplicate: 'same_exam' });
    expect((await post(rad, dup, 'merge', { version: view.version, intoReferralId: keep })).json()).toMatchObject({ status: 'cancelled' });
    expect((await events(dup))[0]).toMatchObject({ kind: 'merged', data: { into: keep } });
    expect((await events(keep))[0]).toMatchObject({ kind: 'merged_from', data: { from: dup } });
  });
});

describe('two people assessing at once', () => {
  it('lets one win and tells the other (409), with one state change recorded', async () => {
    const id = await newReferral();
    const v = (await state(id)).version;
    const [a, b] = await Promise.all([
      post(rad, id, 'accept', { version: v, priorityCategory: 'within_weeks', examDueDate: inDays(30) }),
      post(lis, id, 'return', { version: v, reason: 'duplicate' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().detail).toMatch(/endret av noen andre/);
    const ev = await events(id);
    expect(ev).toHaveLength(1);
    expect((await state(id)).status).toBe(a.statusCode === 200 ? 'accepted' : 'returned');
  });
});
