// The reading worklists over HTTP on a real database: entitlement through the gate (403 + logged),
// hand-over, order and "next case", claims, AI findings from a registered system, verdicts and the
// AI performance report.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/sessions.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let radA: Session;
let radB: Session;
let leaderA: Session;
let rrA: Session;
let regionalList: string;
let aiToken: string;
const logCount = async (where: { user?: string; outcome?: string; resource?: string }) => {
  let q = t.db.kysely.selectFrom('access_log').select(sql<string>`count(*)`.as('n'));
  if (where.user) q = q.where('user_id', '=', where.user);
  if (where.outcome) q = q.where('outcome', '=', where.outcome as never);
  if (where.resource) q = q.where('resource_id', '=', where.resource);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  reg = await createReadingRegion(db);
  await createReadingList(db, { name: 'Fjord alt', owner: reg.deptA });
  await createReadingList(db, { name: 'Vidde alt', owner: reg.deptB });
  regionalList = await createReadingList(db, { name: 'Regional CT', owner: reg.rhf, regional: true, modalities: ['CT'] });
  const a = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const b = await createReader(db, { org: reg.deptB, role: 'radiologist' });
  const l = await createReader(db, { org: reg.deptA, role: 'radiologist', extraRoles: ['department_leader'] });
  const rr = await createReader(db, { org: reg.deptA, role: 'reporting_radiographer', solo: ['SEA0AA'] });
  radA = await login(t.app, a.username, a.password);
  radB = await login(t.app, b.username, b.password);
  leaderA = await login(t.app, l.username, l.password);
  rrA = await login(t.app, rr.username, rr.password);
  aiToken = crypto.randomBytes(24).toString('hex');
  await db
    .insertInto('api_client')
    .values({ id: 'ai-1', name: 'Test-KI', organization_id: reg.rhf, token_hash: hashToken(aiToken), scopes: ['reading.ai'] })
    .execute();
  await db
    .insertInto('api_client')
    .values({ id: 'fhir-1', name: 'EPJ', organization_id: reg.rhf, token_hash: hashToken(`${aiToken}x`), scopes: ['fhir.read'] })
    .execute();
});
afterAll(async () => t?.close());

describe('entitlement through the gate', () => {
  it('a reader sees a case only through an entitled list; others get 403 and the attempt is logged', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const ok = await as(t.app, radA)({ url: `/api/reading/cases/${e.examId}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().patient.name).toMatch(/Kari/);
    expect(await logCount({ user: radA.me.userId, resource: e.examId, outcome: 'allowed' })).toBe(1);

    const no = await as(t.app, radB)({ url: `/api/reading/cases/${e.examId}` });
    expect(no.statusCode).toBe(403);
    expect(no.body).not.toMatch(/Kari/);
    expect(await logCount({ user: radB.me.userId, resource: e.examId, outcome: 'refused' })).toBe(1);
    // B's list does not show it either.
    const list = await as(t.app, radB)({ url: '/api/reading/worklist' });
    expect(list.json().cases.map((c: { examId: string }) => c.examId)).not.toContain(e.examId);
  });

  it('a list view writes one access-log row naming the patients shown', async () => {
    await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SNG0AG' });
    const before = await logCount({ user: radA.me.userId });
    const res = await as(t.app, radA)({ url: '/api/reading/worklist' });
    expect(res.statusCode).toBe(200);
    expect(res.json().cases.length).toBeGreaterThan(1);
    expect(await logCount({ user: radA.me.userId })).toBe(before + 1);
    const row = await t.db.kysely
      .selectFrom('access_log')
      .select(['patient_ids', 'context'])
      .where('user_id', '=', radA.me.userId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.context).toBe('reading-worklist');
    expect(row.patient_ids?.length).toBe(res.json().cases.length);
  });

  it('an exam enters a regional list only when the owning department hands it over', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    expect((await as(t.app, radB)({ url: `/api/reading/cases/${e.examId}` })).statusCode).toBe(403);
    // Another trust's radiologist cannot hand it over.
    const theft = await as(t.app, radB)({ method: 'POST', url: `/api/reading/cases/${e.examId}/handover`, payload: { listId: regionalList } });
    expect(theft.statusCode).toBe(403);
    const h = await as(t.app, leaderA)({ method: 'POST', url: `/api/reading/cases/${e.examId}/handover`, payload: { listId: regionalList } });
    expect(h.statusCode).toBe(204);
    expect((await as(t.app, radB)({ url: `/api/reading/cases/${e.examId}` })).statusCode).toBe(200);
    // …and reports it: regional reading (a radiologist of another trust writes and finalizes the report).
    const draft = await as(
      t.app,
      radB,
    )({ method: 'PUT', url: `/api/reporting/exams/${e.examId}/report`, payload: { sections: { findings: 'Ingen blødning.' }, expectedVersion: null } });
    expect(draft.statusCode).toBe(200);
    const fin = await as(
      t.app,
      radB,
    )({
      method: 'POST',
      url: `/api/reporting/exams/${e.examId}/report/final`,
      payload: { sections: { findings: 'Ingen blødning.', conclusion: 'Normal CT caput.' }, expectedVersion: draft.json().version },
    });
    expect(fin.statusCode).toBe(200);
    expect(fin.json().status).toBe('final');
  });

  it('someone without a reader role who can see a case cannot write its report; the refusal is logged', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const u = await createUser(t.db.kysely, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] });
    const leader = await login(t.app, u.username, u.password);
    const before = await logCount({ user: leader.me.userId, outcome: 'refused' });
    const res = await as(
      t.app,
      leader,
    )({ method: 'PUT', url: `/api/reporting/exams/${e.examId}/report`, payload: { sections: { findings: 'x' }, expectedVersion: null } });
    expect(res.statusCode).toBe(403);
    expect(await logCount({ user: leader.me.userId, outcome: 'refused' })).toBe(before + 1);
    expect(await t.db.kysely.selectFrom('report').select('id').where('exam_id', '=', e.examId).execute()).toEqual([]);
    // An exam of another modality handed over still is not in the CT-only regional list.
    const mr = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SNG0AG' });
    await as(t.app, leaderA)({ method: 'POST', url: `/api/reading/cases/${mr.examId}/handover`, payload: { listId: regionalList } });
    expect((await as(t.app, radB)({ url: `/api/reading/cases/${mr.examId}` })).statusCode).toBe(403);
  });

  it('a standing hand-over agreed by the department puts its matching exams in the regional list', async () => {
    const before = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    expect((await as(t.app, radB)({ url: `/api/reading/cases/${before.examId}` })).statusCode).toBe(403);
    const no = await as(t.app, radB)({ method: 'POST', url: '/api/reading/handover-rules', payload: { fromOrgId: reg.deptA, listId: regionalList } });
    expect(no.statusCode).toBe(403);
    const r = await as(t.app, leaderA)({ method: 'POST', url: '/api/reading/handover-rules', payload: { fromOrgId: reg.deptA, listId: regionalList } });
    expect(r.statusCode).toBe(204);
    expect((await as(t.app, radB)({ url: `/api/reading/cases/${before.examId}` })).statusCode).toBe(200);
  });
});

describe('next case and claims', () => {
  it('gives the top case by priority, claims it, and never gives a claimed case to another reader', async () => {
    const db = t.db.kysely;
    // Fresh department so earlier cases do not interfere.
    const { createOrganization } = await import('../testing/factories.ts');
    const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Ny', parentId: reg.siteA });
    const listId = await createReadingList(db, { name: 'Ny', owner: dept });
    const r1 = await createReader(db, { org: dept, role: 'radiologist' });
    const r2 = await createReader(db, { org: dept, role: 'lis' });
    const s1 = await login(t.app, r1.username, r1.password);
    const s2 = await login(t.app, r2.username, r2.password);
    const old = new Date(Date.now() - 3_600_000);
    const routine = await performExam(db, reg, { dept, code: 'SNG0AG', performedAt: old });
    const acute = await performExam(db, reg, { dept, code: 'SAA0AD', urgency: 'emergency' });
    const first = await as(t.app, s1)({ method: 'POST', url: '/api/reading/next', payload: { listId } });
    expect(first.statusCode).toBe(200);
    expect(first.json().examId).toBe(acute.examId);
    const second = await as(t.app, s2)({ method: 'POST', url: '/api/reading/next', payload: { listId } });
    expect(second.json().examId).toBe(routine.examId);
    // A third press while the LIS still holds that case gives it back, claiming nothing more (read27).
    expect((await as(t.app, s2)({ method: 'POST', url: '/api/reading/next', payload: { listId } })).json()).toEqual({ examId: routine.examId, resumed: true });
    // A manual claim of someone else's case is refused (409); release then claim works and is logged.
    expect((await as(t.app, s2)({ method: 'POST', url: `/api/reading/cases/${acute.examId}/claim` })).statusCode).toBe(409);
    expect((await as(t.app, s2)({ method: 'POST', url: `/api/reading/cases/${acute.examId}/release` })).statusCode).toBe(409);
    expect((await as(t.app, s1)({ method: 'POST', url: `/api/reading/cases/${acute.examId}/release` })).statusCode).toBe(204);
    expect((await as(t.app, s2)({ method: 'POST', url: `/api/reading/cases/${acute.examId}/claim` })).statusCode).toBe(204);
    const ev = await db.selectFrom('reading_case_event').select('kind').where('exam_id', '=', acute.examId).orderBy('id').execute();
    expect(ev.map((e) => e.kind)).toEqual(['next', 'release', 'claim']);
    // A reported exam leaves the lists.
    await db.updateTable('exam').set({ reported_at: new Date() }).where('id', '=', routine.examId).execute();
    const page = await as(t.app, s1)({ url: `/api/reading/worklist?listId=${listId}` });
    expect(page.json().cases.map((c: { examId: string }) => c.examId)).toEqual([acute.examId]);
  });

  it('a reporting radiographer gets only exam types in their approved scope', async () => {
    const db = t.db.kysely;
    const { createOrganization } = await import('../testing/factories.ts');
    const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi RR', parentId: reg.siteA });
    await createReadingList(db, { name: 'RR', owner: dept });
    const rr = await createReader(db, { org: dept, role: 'reporting_radiographer', solo: ['SEA0AA'] });
    const s = await login(t.app, rr.username, rr.password);
    await performExam(db, reg, { dept, code: 'SAA0AD', urgency: 'emergency' });
    const thorax = await performExam(db, reg, { dept, code: 'SEA0AA' });
    expect((await as(t.app, s)({ method: 'POST', url: '/api/reading/next', payload: {} })).json().examId).toBe(thorax.examId);
    // Once it is read, nothing else in the list is within their scope.
    await db.updateTable('exam').set({ reported_at: new Date() }).where('id', '=', thorax.examId).execute();
    expect((await as(t.app, s)({ method: 'POST', url: '/api/reading/next', payload: {} })).json().examId).toBe(null);
  });

  it('a reader without a profile cannot take cases', async () => {
    const { createUser } = await import('../testing/factories.ts');
    const u = await createUser(t.db.kysely, { grants: [{ role: 'radiologist', organizationId: reg.deptA }] });
    const s = await login(t.app, u.username, u.password);
    const r = await as(t.app, s)({ method: 'POST', url: '/api/reading/next', payload: {} });
    expect(r.statusCode).toBe(403);
    expect(r.json().errors[0].message).toBe('no-reader-profile');
    void rrA;
  });
});

describe('AI findings', () => {
  const post = (url: string, payload: unknown, token = aiToken, type = 'application/json') =>
    t.app.inject({ method: 'POST', url, payload: payload as never, headers: { authorization: `Bearer ${token}`, 'content-type': type } });

  it('a registered system raises the priority of a case by the rules; the reader confirms it', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const r = await post('/api/reading/ai/findings', { accessionNumber: e.accession, finding: 'intracranial_haemorrhage', confidence: 0.91 });
    expect(r.statusCode).toBe(201);
    expect(r.json().priority).toBe('acute');
    const list = await as(t.app, radA)({ url: '/api/reading/worklist' });
    const row = list.json().cases.find((c: { examId: string }) => c.examId === e.examId);
    expect(row.priority).toBe('acute');
    expect(row.findings[0].code).toBe('intracranial_haemorrhage');
    // Low confidence: shown, priority unchanged.
    const e2 = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    const low = await post('/api/reading/ai/findings', { studyInstanceUid: e2.uid, finding: 'fracture', confidence: 0.2 });
    expect(low.json().priority).toBe('routine');
    // Verdicts: once.
    const fid = row.findings[0].id;
    expect((await as(t.app, radA)({ method: 'POST', url: `/api/reading/findings/${fid}/verdict`, payload: { verdict: 'confirmed' } })).statusCode).toBe(204);
    expect((await as(t.app, radA)({ method: 'POST', url: `/api/reading/findings/${fid}/verdict`, payload: { verdict: 'rejected' } })).statusCode).toBe(409);
    expect(
      (await as(t.app, radB)({ method: 'POST', url: `/api/reading/findings/${low.json().id}/verdict`, payload: { verdict: 'rejected' } })).statusCode,
    ).toBe(403);
    await as(t.app, radA)({ method: 'POST', url: `/api/reading/findings/${low.json().id}/verdict`, payload: { verdict: 'rejected' } });
    const missed = await as(t.app, radA)({ method: 'POST', url: `/api/reading/cases/${e2.examId}/missed-finding`, payload: { code: 'pneumothorax' } });
    expect(missed.statusCode, missed.body).toBe(204);
    const perf = await as(t.app, leaderA)({ url: '/api/reading/ai-performance' });
    expect(perf.statusCode).toBe(200);
    const by = Object.fromEntries(perf.json().map((x: { code: string }) => [x.code, x]));
    expect(by.intracranial_haemorrhage.ppv).toBe(1);
    expect(by.fracture.ppv).toBe(0);
    expect(by.pneumothorax.sensitivity).toBe(0);
  });

  it('accepts a FHIR Observation and refuses an unknown exam with an OperationOutcome, storing nothing', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const obs = (uid: string) => ({
      resourceType: 'Observation',
      status: 'preliminary',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '59282003', display: 'Pulmonary embolism' }] },
      partOf: [{ identifier: { system: 'urn:dicom:uid', value: `urn:oid:${uid}` } }],
      valueQuantity: { value: 87, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    });
    const ok = await post('/fhir/Observation', obs(e.uid), aiToken, 'application/fhir+json');
    expect(ok.statusCode).toBe(201);
    const c = await t.db.kysely.selectFrom('reading_case').select(['priority', 'ai_flag']).where('exam_id', '=', e.examId).executeTakeFirstOrThrow();
    expect(c).toEqual({ priority: 'acute', ai_flag: true });
    const before = Number(
      (
        await t.db.kysely
          .selectFrom('ai_finding')
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const bad = await post('/fhir/Observation', obs('2.25.999999'), aiToken, 'application/fhir+json');
    expect(bad.statusCode).toBe(404);
    expect(bad.json().resourceType).toBe('OperationOutcome');
    const after = Number(
      (
        await t.db.kysely
          .selectFrom('ai_finding')
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);
  });

  it('refuses callers that are not a registered AI system', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const body = { accessionNumber: e.accession, finding: 'fracture', confidence: 0.9 };
    expect((await t.app.inject({ method: 'POST', url: '/api/reading/ai/findings', payload: body })).statusCode).toBe(401);
    expect((await post('/api/reading/ai/findings', body, 'not-a-valid-token-at-all-xx')).statusCode).toBe(401);
    expect((await post('/api/reading/ai/findings', body, `${aiToken}x`)).statusCode).toBe(403);
    expect((await as(t.app, radA)({ method: 'POST', url: '/api/reading/ai/findings', payload: body })).statusCode).toBe(403);
  });
});

// breakit18 (outside tester): in English the reading pages named exams in bokmål although the
// catalogue has English names (exam_code.name_en).
describe('exam names in the user language', () => {
  it('the worklist and a case name the exam in English for an English reader (bokmål where there is no English name)', async () => {
    await t.db.kysely.updateTable('exam_code').set({ name_en: 'CT head' }).where('code', '=', 'SAA0AD').execute();
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const x = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    const names = async () => {
      const cases = (await as(t.app, radA)({ url: '/api/reading/worklist?limit=200' })).json().cases as { examId: string; examName: string }[];
      const one = (await as(t.app, radA)({ url: `/api/reading/cases/${e.examId}` })).json();
      return { list: cases.find((c) => c.examId === e.examId)?.examName, other: cases.find((c) => c.examId === x.examId)?.examName, case: one.examName };
    };
    expect(await names()).toEqual({ list: 'CT caput', other: 'Røntgen thorax', case: 'CT caput' });
    expect((await as(t.app, radA)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      expect(await names()).toEqual({ list: 'CT head', other: 'Røntgen thorax', case: 'CT head' });
    } finally {
      await as(t.app, radA)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
  });
});
