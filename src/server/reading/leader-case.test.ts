// The department leader and a case (lead's decisions on issue 9): a leader who is not a reader of the
// case's list sees what work allocation needs — exam, priority, deadline, list, status, holder — and
// not the patient's name, fødselsnummer or the clinical question (GET /api/reading/cases/:id, and the
// report page is refused); a leader who is also an entitled reader sees the case as a reader. A
// leader releases another reader's claim only with a reason in words, kept in the case's events.
// Real app and database (PGlite; PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let radA: Session;
let radAPerson: string;
let rad2: Session;
/** Department leader of A only (no reader role). */
let leaderOnly: Session;
let leaderOnlyUser: string;
/** Leader of A and LIS in A: an entitled reader of A's list. */
let leaderLis: Session;
/** Leader of A, radiologist in B: a reader, but not of A's list. */
let leaderElsewhere: Session;
let leaderElsewhereUser: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  reg = await createReadingRegion(db);
  await createReadingList(db, { name: 'Fjord alt', owner: reg.deptA });
  await createReadingList(db, { name: 'Vidde alt', owner: reg.deptB });
  const a = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const a2 = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  radAPerson = a.personId;
  radA = await login(t.app, a.username, a.password);
  rad2 = await login(t.app, a2.username, a2.password);
  const lo = await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] });
  leaderOnlyUser = lo.userId;
  leaderOnly = await login(t.app, lo.username, lo.password);
  const ll = await createReader(db, { org: reg.deptA, role: 'lis', extraRoles: ['department_leader'] });
  leaderLis = await login(t.app, ll.username, ll.password);
  const le = await createUser(db, {
    grants: [
      { role: 'department_leader', organizationId: reg.deptA },
      { role: 'radiologist', organizationId: reg.deptB },
    ],
  });
  leaderElsewhereUser = le.userId;
  leaderElsewhere = await login(t.app, le.username, le.password);
});
afterAll(async () => t?.close());

const caseUrl = (examId: string, tail = '') => `/api/reading/cases/${examId}${tail}`;

describe('a leader who is not a reader of the case’s list: the allocation view', () => {
  it('shows exam, priority, deadline, list, status and holder, but no patient, fødselsnummer or clinical question; logged', async () => {
    const db = t.db.kysely;
    const e = await performExam(db, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'emergency' });
    const patient = await db
      .selectFrom('reading_case as c')
      .innerJoin('patient as p', 'p.id', 'c.patient_id')
      .select(['p.given_name', 'p.family_name', 'p.fnr'])
      .where('c.exam_id', '=', e.examId)
      .executeTakeFirstOrThrow();
    expect((await as(t.app, radA)({ method: 'POST', url: caseUrl(e.examId, '/claim') })).statusCode).toBe(204);

    for (const [who, userId] of [
      [leaderOnly, leaderOnlyUser],
      [leaderElsewhere, leaderElsewhereUser],
    ] as const) {
      const res = await as(t.app, who)({ url: caseUrl(e.examId) });
      expect(res.statusCode).toBe(200);
      const v = res.json();
      expect(v).toMatchObject({
        view: 'allocation',
        examId: e.examId,
        priority: 'acute',
        open: true,
        lists: ['Fjord alt'],
        patient: null,
        clinicalQuestion: null,
        clinicalNote: null,
        findings: [],
      });
      expect(v.claim).toEqual({ mine: false, name: expect.any(String) });
      expect(v.claim.name.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(v.dueAt))).toBe(false);
      expect(v.examName.length).toBeGreaterThan(0);
      for (const secret of [patient.given_name, patient.family_name, patient.fnr, 'Spørsmål om brudd'].filter((x): x is string => !!x))
        expect(res.body).not.toContain(secret);
      const log = await db.selectFrom('access_log').select(['outcome', 'context']).where('user_id', '=', userId).where('resource_id', '=', e.examId).execute();
      expect(log).toEqual([{ outcome: 'allowed', context: 'reading-case-allocation' }]);
    }
    // The report page (patient, question, report) is a reader's: the leader who reads elsewhere is refused and logged.
    const page = await as(t.app, leaderElsewhere)({ url: `/api/reporting/exams/${e.examId}` });
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain(patient.family_name);
    const refused = await db
      .selectFrom('access_log')
      .select(['outcome', 'context'])
      .where('user_id', '=', leaderElsewhereUser)
      .where('context', '=', 'report-view')
      .execute();
    expect(refused).toEqual([{ outcome: 'refused', context: 'report-view' }]);
    expect((await as(t.app, leaderOnly)({ url: `/api/reporting/exams/${e.examId}` })).statusCode).toBe(403);
  });

  it('a leader who is also an entitled reader sees the case as a reader', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SNG0AG' });
    const res = await as(t.app, leaderLis)({ url: caseUrl(e.examId) });
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.view).toBe('reader');
    expect(v.patient.name.length).toBeGreaterThan(0);
    expect(v.clinicalQuestion).toBe('Spørsmål om brudd?');
    expect(v.lists).toEqual(['Fjord alt']);
    expect((await as(t.app, leaderLis)({ url: `/api/reporting/exams/${e.examId}` })).statusCode).toBe(200);
    // A plain reader too.
    expect((await as(t.app, radA)({ url: caseUrl(e.examId) })).json().view).toBe('reader');
  });

  it('a leader of another department is refused (403, logged)', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptB, code: 'SNG0AG' });
    const res = await as(t.app, leaderOnly)({ url: caseUrl(e.examId) });
    expect(res.statusCode).toBe(403);
    const log = await t.db.kysely
      .selectFrom('access_log')
      .select('outcome')
      .where('user_id', '=', leaderOnlyUser)
      .where('resource_id', '=', e.examId)
      .execute();
    expect(log).toEqual([{ outcome: 'refused' }]);
  });
});

describe('a leader releases another reader’s claim, with a reason', () => {
  it('needs a reason in words; the case goes back to the list; the event keeps holder, leader and reason', async () => {
    const db = t.db.kysely;
    const e = await performExam(db, reg, { dept: reg.deptA, code: 'SAA0AD' });
    expect((await as(t.app, radA)({ method: 'POST', url: caseUrl(e.examId, '/claim') })).statusCode).toBe(204);

    // No reason, or only spaces: 400, nothing changes.
    for (const payload of [undefined, {}, { reason: '   ' }]) {
      const r = await as(t.app, leaderOnly)({ method: 'POST', url: caseUrl(e.examId, '/release'), ...(payload ? { payload } : {}) });
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await db.selectFrom('reading_case').select('claimed_by').where('exam_id', '=', e.examId).executeTakeFirstOrThrow()).claimed_by).toBe(radAPerson);
    // Another reader may not release it, reason or not.
    expect((await as(t.app, rad2)({ method: 'POST', url: caseUrl(e.examId, '/release'), payload: { reason: 'Jeg vil ha den' } })).statusCode).toBe(409);

    const ok = await as(t.app, leaderOnly)({ method: 'POST', url: caseUrl(e.examId, '/release'), payload: { reason: 'Leseren er syk i dag' } });
    expect(ok.statusCode).toBe(204);
    expect((await db.selectFrom('reading_case').select('claimed_by').where('exam_id', '=', e.examId).executeTakeFirstOrThrow()).claimed_by).toBeNull();
    const ev = await db.selectFrom('reading_case_event').select(['kind', 'detail', 'user_id']).where('exam_id', '=', e.examId).orderBy('at').execute();
    expect(ev.map((x) => x.kind)).toEqual(['claim', 'release']);
    const detail = typeof ev[1]!.detail === 'string' ? JSON.parse(ev[1]!.detail) : ev[1]!.detail;
    expect(detail).toMatchObject({ holder: radAPerson, reason: 'Leseren er syk i dag' });
    expect(ev[1]!.user_id).toBe(leaderOnlyUser);
    const log = await db
      .selectFrom('access_log')
      .select(['outcome', 'context'])
      .where('user_id', '=', leaderOnlyUser)
      .where('resource_id', '=', e.examId)
      .execute();
    expect(log).toEqual(expect.arrayContaining([{ outcome: 'allowed', context: 'reading-release' }]));
    // Back in the list: another reader claims it.
    expect((await as(t.app, rad2)({ method: 'POST', url: caseUrl(e.examId, '/claim') })).statusCode).toBe(204);
    // A reader's own release needs no reason (and no body); an unclaimed case has nothing to release (409).
    expect((await as(t.app, rad2)({ method: 'POST', url: caseUrl(e.examId, '/release') })).statusCode).toBe(204);
    expect((await as(t.app, leaderOnly)({ method: 'POST', url: caseUrl(e.examId, '/release'), payload: { reason: 'x' } })).statusCode).toBe(409);
  });
});
