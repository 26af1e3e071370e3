// Quality of task sharing over HTTP on a real database: a radiographer's accept/return is sampled
// (by the department's share) in the same transaction; a radiologist second-assesses blind; the
// report counts the pair. Access: radiographers and other trusts are refused, and the refusal is
// logged; bad input is 400 and changes nothing; the report's numbers equal the statistics
// functions applied to the same pairs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confusionMatrix, gwetAC2, weightedKappa } from '../analytics/statistics/agreement.ts';
import { deadlineBounds } from '../assessment/deadline.ts';
import { DEFAULT_PRIORITY_CATEGORIES } from '../assessment/priorities.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import type { Report } from '../../shared/api/task-sharing.ts';
import { reportCsv } from '../../web/task-sharing/format.ts';

let t: TestContext;
let rad: Session;
let rad2: Session;
let rg: Session;
let leader: Session;
let otherRad: Session;
let dept: string;
let otherDept: string;
let gpPerson: string;
let practice: string;
let patientId: string;
let rgPerson: string;
let rgUserId: string;
const today = deadlineBounds(new Date()).today;
const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const codes = [...DEFAULT_PRIORITY_CATEGORIES.map((c) => c.code), 'returned'];

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  const site = await createOrganization(db, { kind: 'site', name: 'Fjord sykehus', parentId: hf });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: site });
  const hf2 = await createOrganization(db, { kind: 'hf', name: 'Helse Elv' });
  otherDept = await createOrganization(db, { kind: 'department', name: 'Radiologi Elv', parentId: hf2 });
  practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gpUser = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  gpPerson = gpUser.personId;
  const u = {
    rad: await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] }),
    rad2: await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] }),
    rg: await createUser(db, { profession: 'radiographer', grants: [{ role: 'radiographer', organizationId: dept }], name: ['Rita', 'Radiograf'] }),
    leader: await createUser(db, { grants: [{ role: 'department_leader', organizationId: dept }] }),
    otherRad: await createUser(db, { grants: [{ role: 'radiologist', organizationId: otherDept }] }),
  };
  rgPerson = u.rg.personId;
  rgUserId = u.rg.userId;
  await db.insertInto('radiographer_assessment_approval').values({ person_id: rgPerson, department_org_id: dept, modality: 'MR' }).execute();
  rad = await login(t.app, u.rad.username, u.rad.password);
  rad2 = await login(t.app, u.rad2.username, u.rad2.password);
  rg = await login(t.app, u.rg.username, u.rg.password);
  leader = await login(t.app, u.leader.username, u.leader.password);
  otherRad = await login(t.app, u.otherRad.username, u.otherRad.password);
  patientId = (await createPatient(db)).id;
});
afterAll(() => t.close());

async function newReferral() {
  const id = await createReferral(t.db.kysely, { patientId, referrerPersonId: gpPerson, referrerOrgId: practice, departmentOrgId: dept });
  await t.db.kysely
    .updateTable('referral')
    .set({ assessment_due_date: inDays(10) })
    .where('id', '=', id)
    .execute();
  return id;
}
const setShare = (samplePercent: number) =>
  as(t.app, leader)({ method: 'PUT', url: '/api/task-sharing/settings', payload: { departmentId: dept, samplePercent } });
const sampledRow = (id: string) => t.db.kysely.selectFrom('blind_assessment').selectAll().where('referral_id', '=', id).executeTakeFirst();
const refusals = (context: string, resourceId: string) =>
  t.db.kysely
    .selectFrom('access_log')
    .selectAll()
    .where('context', '=', context)
    .where('resource_id', '=', resourceId)
    .where('outcome', '=', 'refused')
    .execute();

async function accept(s: Session, id: string, priorityCategory = 'within_weeks') {
  const view = (await as(t.app, s)({ url: `/api/assessment/referrals/${id}` })).json();
  const res = await as(
    t.app,
    s,
  )({
    method: 'POST',
    url: `/api/assessment/referrals/${id}/accept`,
    // A due date inside the priority's window (a later one needs confirmUnusualDueDate).
    payload: {
      version: view.version,
      priorityCategory,
      examDueDate: inDays(Math.min(30, DEFAULT_PRIORITY_CATEGORIES.find((c) => c.code === priorityCategory)?.days ?? 30)),
    },
  });
  expect(res.statusCode).toBe(200);
}

describe('sampling in the assessment transaction', () => {
  it('share 0 samples nothing; share 100 samples every radiographer decision; radiologists are never sampled', async () => {
    expect((await setShare(0)).statusCode).toBe(204);
    const a = await newReferral();
    await accept(rg, a);
    expect(await sampledRow(a)).toBeUndefined();

    expect((await setShare(100)).statusCode).toBe(204);
    const b = await newReferral();
    await accept(rg, b, 'cancer_pathway');
    expect(await sampledRow(b)).toMatchObject({ first_person_id: rgPerson, first_outcome: 'cancer_pathway', sample_percent: 100, second_outcome: null });

    const c = await newReferral();
    const view = (await as(t.app, rg)({ url: `/api/assessment/referrals/${c}` })).json();
    const ret = await as(
      t.app,
      rg,
    )({ method: 'POST', url: `/api/assessment/referrals/${c}/return`, payload: { version: view.version, reason: 'not_indicated' } });
    expect(ret.statusCode).toBe(200);
    expect((await sampledRow(c))?.first_outcome).toBe('returned');

    const d = await newReferral();
    await accept(rad, d);
    expect(await sampledRow(d)).toBeUndefined();
  });

  it('a share outside 0–100 is 400 and nothing changes', async () => {
    const res = await setShare(101);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const row = await t.db.kysely.selectFrom('task_sharing_setting').select('sample_percent').where('department_org_id', '=', dept).executeTakeFirstOrThrow();
    expect(row.sample_percent).toBe(100);
  });
});

describe('the whole flow: radiographer accepts → sampled → radiologist assesses blind → report counts it', () => {
  it('works, blind, without changing the referral', async () => {
    await setShare(100);
    const id = await newReferral();
    await accept(rg, id, 'within_days');
    const before = await t.db.kysely.selectFrom('referral').select(['status', 'version', 'priority_category']).where('id', '=', id).executeTakeFirstOrThrow();

    const queue = await as(t.app, rad)({ url: '/api/task-sharing/queue' });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().rows.map((r: { id: string }) => r.id)).toContain(id);
    const listLog = await t.db.kysely.selectFrom('access_log').selectAll().where('context', '=', 'task-sharing-blind-queue').execute();
    expect(listLog.length).toBe(1);
    expect(listLog[0].patient_ids).toContain(patientId);

    const view = await as(t.app, rad)({ url: `/api/task-sharing/referrals/${id}` });
    expect(view.statusCode).toBe(200);
    // Blind: neither the first decision nor the referral's status is in the answer (the scale
    // offered lists every category, so it is left out of this check).
    const { categories: _scale, ...rest } = view.json();
    const body = JSON.stringify(rest);
    expect(body).not.toContain('within_days');
    expect(body).not.toContain('accepted');
    expect(Object.keys(rest)).not.toContain('status');
    expect(view.json().categories.map((c: { code: string }) => c.code)).toEqual(codes);
    const opened = await t.db.kysely.selectFrom('access_log').selectAll().where('context', '=', 'task-sharing-blind').where('resource_id', '=', id).execute();
    expect(opened).toHaveLength(1);
    expect(opened[0].patient_id).toBe(patientId);

    const fromBefore = (await as(t.app, rad)({ url: `/api/task-sharing/report?departmentId=${dept}` })).json().overall.n;
    const rec = await as(t.app, rad)({ method: 'POST', url: `/api/task-sharing/referrals/${id}/second-assessment`, payload: { outcome: 'within_weeks' } });
    expect(rec.statusCode).toBe(200);
    expect((await sampledRow(id))?.second_outcome).toBe('within_weeks');
    const after = await t.db.kysely.selectFrom('referral').select(['status', 'version', 'priority_category']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);

    // One wins: a second radiologist is told it is done.
    const again = await as(t.app, rad2)({ method: 'POST', url: `/api/task-sharing/referrals/${id}/second-assessment`, payload: { outcome: 'emergency' } });
    expect(again.statusCode).toBe(409);
    expect((await sampledRow(id))?.second_outcome).toBe('within_weeks');

    const report = (await as(t.app, rad)({ url: `/api/task-sharing/report?departmentId=${dept}` })).json();
    expect(report.overall.n).toBe(fromBefore + 1);
    const k = codes.indexOf('within_days');
    const l = codes.indexOf('within_weeks');
    expect(report.overall.matrix[k][l]).toBeGreaterThanOrEqual(1);
    expect(report.byAssessor.map((g: { label: string }) => g.label)).toContain('Rita Radiograf');
  });
});

describe('access', () => {
  it('a radiographer cannot open or second-assess; a radiologist of another trust neither; refusals are logged', async () => {
    await setShare(100);
    const id = await newReferral();
    await accept(rg, id);
    expect((await as(t.app, rg)({ url: '/api/task-sharing/queue' })).statusCode).toBe(403);
    expect((await as(t.app, rg)({ url: `/api/task-sharing/referrals/${id}` })).statusCode).toBe(403);
    const post = await as(t.app, rg)({ method: 'POST', url: `/api/task-sharing/referrals/${id}/second-assessment`, payload: { outcome: 'emergency' } });
    expect(post.statusCode).toBe(403);
    expect((await refusals('task-sharing-blind', id)).length).toBe(2);
    expect((await as(t.app, otherRad)({ url: `/api/task-sharing/referrals/${id}` })).statusCode).toBe(403);
    expect((await refusals('task-sharing-blind', id)).length).toBe(3);
    expect((await sampledRow(id))?.second_outcome).toBeNull();
    // The other trust's radiologist sees an empty queue and no report for this department.
    expect((await as(t.app, otherRad)({ url: '/api/task-sharing/queue' })).json().rows).toEqual([]);
    expect((await as(t.app, otherRad)({ url: `/api/task-sharing/report?departmentId=${dept}` })).statusCode).toBe(403);
  });

  it('bad input: an unknown category is 400 and records nothing; a bad period is 400', async () => {
    await setShare(100);
    const id = await newReferral();
    await accept(rg, id);
    for (const outcome of ['nonsense', 'NOT A CODE', '']) {
      const res = await as(t.app, rad)({ method: 'POST', url: `/api/task-sharing/referrals/${id}/second-assessment`, payload: { outcome } });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await sampledRow(id))?.second_outcome).toBeNull();
    expect((await as(t.app, rad)({ url: '/api/task-sharing/report?from=2026-05-01&to=2026-04-01' })).statusCode).toBe(400);
    expect((await as(t.app, rad)({ url: '/api/task-sharing/report?from=not-a-date' })).statusCode).toBe(400);
    expect((await as(t.app, rad)({ url: '/api/task-sharing/referrals/ref-unknown' })).statusCode).toBe(404);
  });
});

describe('report on a known dataset', () => {
  it('gives the statistics functions’ results for the same pairs, overall and per assessor, and flags too few pairs', async () => {
    const db = t.db.kysely;
    const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Kjent' });
    const d = await createOrganization(db, { kind: 'department', name: 'Radiologi Kjent', parentId: hf });
    const r = await createUser(db, { grants: [{ role: 'radiologist', organizationId: d }] });
    const s = await login(t.app, r.username, r.password);
    const rgA = await createUser(db, { profession: 'radiographer', grants: [{ role: 'radiographer', organizationId: d }], name: ['Anne', 'A'] });
    const rgB = await createUser(db, { profession: 'radiographer', grants: [{ role: 'radiographer', organizationId: d }], name: ['Berit', 'B'] });
    // 24 pairs for A with some disagreement one or two steps away; 4 for B (too few).
    const pairsA: [string, string][] = [];
    const scaleA = ['emergency', 'cancer_pathway', 'within_days', 'within_weeks', 'within_months', 'returned'];
    for (let i = 0; i < 24; i++) {
      const k = i % scaleA.length;
      const l = i % 5 === 0 ? Math.min(k + 1, scaleA.length - 1) : i % 7 === 0 ? Math.max(k - 2, 0) : k;
      pairsA.push([scaleA[k], scaleA[l]]);
    }
    const pairsB: [string, string][] = [
      ['within_weeks', 'within_weeks'],
      ['within_weeks', 'within_months'],
      ['returned', 'returned'],
      ['emergency', 'cancer_pathway'],
    ];
    const at = new Date(`${today}T08:00:00Z`);
    let n = 0;
    for (const [who, pairs] of [
      [rgA.personId, pairsA],
      [rgB.personId, pairsB],
    ] as const)
      for (const [first, second] of pairs) {
        const id = await createReferral(db, { patientId, referrerPersonId: gpPerson, referrerOrgId: practice, departmentOrgId: d });
        await db
          .insertInto('blind_assessment')
          .values({
            referral_id: id,
            department_org_id: d,
            first_person_id: who,
            first_user_id: rgUserId,
            first_outcome: first,
            first_assessed_at: at,
            sampled_at: at,
            sample_percent: 10,
            second_person_id: r.personId,
            second_outcome: second,
            assessed_at: at,
          })
          .execute();
        n++;
      }
    const res = await as(t.app, s)({ url: `/api/task-sharing/report?departmentId=${d}&from=${today}&to=${today}` });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.overall.n).toBe(n);
    const all = [...pairsA, ...pairsB];
    const m = confusionMatrix(all, codes);
    expect(report.overall.matrix).toEqual(m);
    const kl = weightedKappa(m, 'linear', 0.95);
    const kq = weightedKappa(m, 'quadratic', 0.95);
    const ac = gwetAC2(m, 'quadratic', 0.95);
    expect(report.overall.kappaLinear.value).toBeCloseTo(kl.value, 12);
    expect(report.overall.kappaLinear.lower).toBeCloseTo(Math.max(-1, kl.lower), 12);
    expect(report.overall.kappaLinear.upper).toBeCloseTo(Math.min(1, kl.upper), 12);
    expect(report.overall.kappaQuadratic.value).toBeCloseTo(kq.value, 12);
    expect(report.overall.ac2.value).toBeCloseTo(ac.value, 12);
    expect(report.overall.ac2.upper).toBeCloseTo(Math.min(1, ac.upper), 12);
    expect(report.overall.ac2.upper).toBeLessThanOrEqual(1);
    expect(report.overall.percentAgreement).toBeCloseTo(all.filter(([a, b]) => a === b).length / all.length, 12);
    expect(report.overall.tooFew).toBe(false);
    // Sanity: imperfect but real agreement.
    expect(kq.value).toBeGreaterThan(0.5);
    expect(kq.value).toBeLessThan(1);
    const a = report.byAssessor.find((g: { label: string }) => g.label === 'Anne A');
    const b = report.byAssessor.find((g: { label: string }) => g.label === 'Berit B');
    expect(a.agreement.kappaQuadratic.value).toBeCloseTo(weightedKappa(confusionMatrix(pairsA, codes), 'quadratic').value, 12);
    expect(b.agreement.n).toBe(4);
    expect(b.agreement.tooFew).toBe(true);
    expect(report.byExam).toHaveLength(1);
    expect(report.byExam[0].label).toBe('MR kne');
    // Outside the period: nothing.
    const before = (await as(t.app, s)({ url: `/api/task-sharing/report?departmentId=${d}&from=2020-01-01&to=2020-12-31` })).json();
    expect(before.overall.n).toBe(0);
    expect(before.overall.kappaLinear).toBeNull();
  });
});

// issue 8: exam names follow the user's chosen language in the blind queue, the blind view and the
// agreement report — and so in the report's CSV download, which the web app writes from the
// report's labels (src/web/task-sharing/format.ts). Stored names are unchanged.
describe("exam names in the user's language", () => {
  it('an English radiologist sees the English exam name in the queue, the blind view, the report and its CSV', async () => {
    await t.db.kysely.updateTable('exam_code').set({ name_en: 'MRI knee' }).where('code', '=', 'SNG0AG').execute();
    await setShare(100);
    const id = await newReferral();
    await accept(rg, id, 'within_days');
    const locale = async (l: 'nb' | 'en') =>
      expect((await as(t.app, rad)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: l } })).statusCode).toBe(200);
    try {
      await locale('en');
      const queue = (await as(t.app, rad)({ url: '/api/task-sharing/queue' })).json() as { rows: { id: string; examName: string }[] };
      expect(queue.rows.find((r) => r.id === id)?.examName).toBe('MRI knee');
      expect((await as(t.app, rad)({ url: `/api/task-sharing/referrals/${id}` })).json().exam.name).toBe('MRI knee');
      expect(
        (await as(t.app, rad)({ method: 'POST', url: `/api/task-sharing/referrals/${id}/second-assessment`, payload: { outcome: 'within_days' } })).statusCode,
      ).toBe(200);
      const en = (await as(t.app, rad)({ url: `/api/task-sharing/report?departmentId=${dept}` })).json() as Report;
      expect(en.byExam.map((g) => g.label)).toEqual(['MRI knee']);
      const csv = reportCsv(en, 'en');
      expect(csv).toContain('MRI knee');
      expect(csv).not.toContain('MR kne');
      await locale('nb');
      const nb = (await as(t.app, rad)({ url: `/api/task-sharing/report?departmentId=${dept}` })).json() as Report;
      expect(nb.byExam.map((g) => g.label)).toEqual(['MR kne']);
      expect(reportCsv(nb, 'nb')).toContain('MR kne');
    } finally {
      await locale('nb');
    }
  });
});
