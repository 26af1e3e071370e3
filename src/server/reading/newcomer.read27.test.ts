// read27 (issue 9, what a newcomer found in the reading pages), through the real app and database
// (PGlite; PostgreSQL with TEST_DATABASE_URL):
//  1. the worklist and the report page show the same reading priority and AI findings;
//  2. "next case" while the reader holds the case it gave them (again, or twice at once) gives that
//     case back and claims nothing more;
//  3. priority first, then time, with equal times, in the worklist (both segments) and the countersign queue;
//  5. list names Radvis makes follow the user's language; names people typed stay as typed;
//  6. "the answer changed after countersigning" is per exam, not per referral.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/sessions.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';
import { referrerReportsOf } from '../reporting/service.ts';

let t: TestContext;
let reg: ReadingRegion;
let rad: Session;
let radPerson: string;
let lis: Session;
let leader: Session;
let aiToken: string;
let keyedList: string;
let typedList: string;
const HOUR = 3_600_000;
const sections = { findings: 'Ingen sikre funn.', conclusion: 'Normal undersøkelse.' };

beforeAll(async () => {
  // A long claim so the test's claims never expire while it runs.
  t = await createTestContext({ readingClaimMinutes: 240, readingMaxClaimedMinutes: 10_000 });
  const db = t.db.kysely;
  reg = await createReadingRegion(db);
  keyedList = await createReadingList(db, { name: 'Alle undersøkelser', nameKey: 'all', owner: reg.deptA });
  typedList = await createReadingList(db, { name: 'Fjord sine CT-er', owner: reg.deptA, modalities: ['CT'] });
  const r = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  radPerson = r.personId;
  rad = await login(t.app, r.username, r.password);
  const l = await createReader(db, { org: reg.deptA, role: 'lis' });
  lis = await login(t.app, l.username, l.password);
  const lead = await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] });
  leader = await login(t.app, lead.username, lead.password);
  aiToken = crypto.randomBytes(24).toString('hex');
  await db
    .insertInto('api_client')
    .values({ id: 'ai-r27', name: 'Test-KI', organization_id: reg.rhf, token_hash: hashToken(aiToken), scopes: ['reading.ai'] })
    .execute();
});
afterAll(async () => t?.close());

/** Closes every open case, so each test starts from an empty list. */
const clearLists = () =>
  t.db.kysely.updateTable('reading_case').set({ open: false, claimed_by: null, claim_expires_at: null }).where('open', '=', true).execute();
const worklist = async (s: Session = rad) => {
  const r = await as(t.app, s)({ url: '/api/reading/worklist?limit=50' });
  expect(r.statusCode).toBe(200);
  return r.json() as {
    lists: { id: string; name: string }[];
    cases: { examId: string; priority: string; findings: { id: string; code: string }[] }[];
  };
};
const next = async (s: Session = rad) => {
  const r = await as(t.app, s)({ method: 'POST', url: '/api/reading/next', payload: {} });
  expect(r.statusCode).toBe(200);
  return r.json() as { examId: string | null; resumed: boolean };
};
const claimsOf = async (personId: string) =>
  (await t.db.kysely.selectFrom('reading_case').select('exam_id').where('claimed_by', '=', personId).where('open', '=', true).execute()).map((c) => c.exam_id);

describe('1. the worklist and the report page read the same priority and AI findings', () => {
  it('a routine referral raised by an AI finding is "Haster" with its finding on both pages; the referrer’s urgency stays labelled as such', async () => {
    await clearLists();
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'routine' });
    const ai = await t.app.inject({
      method: 'POST',
      url: '/api/reading/ai/findings',
      payload: { accessionNumber: e.accession, finding: 'fracture', confidence: 0.9 },
      headers: { authorization: `Bearer ${aiToken}` },
    });
    expect(ai.statusCode).toBe(201);
    const row = (await worklist()).cases.find((c) => c.examId === e.examId)!;
    expect(row.priority).toBe('urgent');
    expect(row.findings.map((f) => f.code)).toEqual(['fracture']);

    const page = await as(t.app, rad)({ url: `/api/reporting/exams/${e.examId}` });
    expect(page.statusCode).toBe(200);
    const v = page.json();
    expect(v.reading.priority).toBe(row.priority);
    expect(v.reading.raisedByAi).toBe(true);
    expect(v.reading.findings.map((f: { id: string }) => f.id)).toEqual(row.findings.map((f) => f.id));
    expect(v.referral.urgency).toBe('routine');
  });

  it('without an AI finding both say the referral’s priority, and raisedByAi is false', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SNG0AG', urgency: 'emergency' });
    const row = (await worklist()).cases.find((c) => c.examId === e.examId)!;
    const v = (await as(t.app, rad)({ url: `/api/reporting/exams/${e.examId}` })).json();
    expect([row.priority, v.reading.priority, v.reading.raisedByAi, v.reading.findings]).toEqual(['acute', 'acute', false, []]);
  });
});

describe('2. "next case" gives one case at a time', () => {
  it('pressing again while the case is open gives the same case back and claims nothing more', async () => {
    await clearLists();
    const a = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'emergency' });
    await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SNG0AG' });
    const first = await next();
    expect(first).toEqual({ examId: a.examId, resumed: false });
    const again = await next();
    expect(again).toEqual({ examId: a.examId, resumed: true });
    expect(await claimsOf(radPerson)).toEqual([a.examId]);
    const events = await t.db.kysely.selectFrom('reading_case_event').select('kind').where('person_id', '=', radPerson).where('kind', '=', 'next').execute();
    expect(events).toHaveLength(1);
  });

  it('two presses at once (a double click) claim one case', async () => {
    await clearLists();
    await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SNG0AG' });
    const [x, y] = await Promise.all([next(), next()]);
    expect(x.examId).not.toBeNull();
    expect(y.examId).toBe(x.examId);
    expect([x.resumed, y.resumed].sort()).toEqual([false, true]);
    expect(await claimsOf(radPerson)).toEqual([x.examId]);
  });

  it('once the case is reported the next press gives the next case; a case taken by hand does not block it', async () => {
    await clearLists();
    const a = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'emergency' });
    const b = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SNG0AG', urgency: 'urgent' });
    const c = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    expect((await next()).examId).toBe(a.examId);
    const signed = await as(
      t.app,
      rad,
    )({
      method: 'POST',
      url: `/api/reporting/exams/${a.examId}/report/final`,
      payload: { sections, expectedVersion: null },
    });
    expect(signed.statusCode).toBe(200);
    // Taken by hand ("Ta"): not a "next" case, so "next" still gives the top free one.
    expect((await as(t.app, rad)({ method: 'POST', url: `/api/reading/cases/${c.examId}/claim` })).statusCode).toBe(204);
    expect(await next()).toEqual({ examId: b.examId, resumed: false });
    expect((await claimsOf(radPerson)).sort()).toEqual([b.examId, c.examId].sort());
  });
});

describe('3. priority first, then time — also among equal times', () => {
  it('the worklist puts an acute case before a routine one performed at the same moment, recent or past the maximum wait', async () => {
    await clearLists();
    const db = t.db.kysely;
    for (const hoursAgo of [1, 24 * 30]) {
      const at = new Date(Date.now() - hoursAgo * HOUR);
      const routine = await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG', performedAt: at });
      const acute = await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG', urgency: 'emergency', performedAt: at });
      const ids = (await worklist()).cases.map((c) => c.examId);
      expect(ids.indexOf(acute.examId)).toBeLessThan(ids.indexOf(routine.examId));
      // Next case agrees with the list.
      expect((await next()).examId).toBe(ids[0]);
      await clearLists();
    }
  });

  it('the countersign queue puts the acute (also AI-raised) report first among reports signed at the same time', async () => {
    await clearLists();
    const db = t.db.kysely;
    const routine = await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG' });
    const urgent = await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG', urgency: 'urgent' });
    const raised = await performExam(db, reg, { dept: reg.deptA, code: 'SAA0AD' });
    await t.app.inject({
      method: 'POST',
      url: '/api/reading/ai/findings',
      payload: { accessionNumber: raised.accession, finding: 'intracranial_haemorrhage', confidence: 0.95 },
      headers: { authorization: `Bearer ${aiToken}` },
    });
    for (const e of [routine, urgent, raised]) {
      const r = await as(
        t.app,
        lis,
      )({ method: 'POST', url: `/api/reporting/exams/${e.examId}/report/preliminary`, payload: { sections, expectedVersion: null } });
      expect(r.statusCode).toBe(200);
    }
    const same = new Date(Date.now() - HOUR);
    await db.updateTable('report').set({ preliminary_at: same }).where('exam_id', 'in', [routine.examId, urgent.examId, raised.examId]).execute();
    const q = await as(t.app, rad)({ url: '/api/reporting/countersign-queue' });
    expect(q.statusCode).toBe(200);
    const rows = (q.json() as { examId: string; priority: string }[]).filter((r) => [routine.examId, urgent.examId, raised.examId].includes(r.examId));
    expect(rows.map((r) => [r.examId, r.priority])).toEqual([
      [raised.examId, 'acute'],
      [urgent.examId, 'urgent'],
      [routine.examId, 'routine'],
    ]);
  });
});

describe('5. list names in the user’s language', () => {
  it('a list Radvis named shows its English name to an English user; a typed name stays as typed', async () => {
    const nb = await worklist();
    expect(nb.lists.find((l) => l.id === keyedList)?.name).toBe('Alle undersøkelser');
    expect((await as(t.app, rad)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const lists = (await worklist()).lists;
      expect(lists.find((l) => l.id === keyedList)?.name).toBe('All exams');
      expect(lists.find((l) => l.id === typedList)?.name).toBe('Fjord sine CT-er');
    } finally {
      await as(t.app, rad)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
  });

  it('the leader’s list definitions too; saving the shown English name keeps both languages, renaming makes it a typed name', async () => {
    expect((await as(t.app, leader)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    const defs = (await as(t.app, leader)({ url: '/api/reading/lists' })).json() as { lists: { id: string; name: string }[] };
    expect(defs.lists.find((l) => l.id === keyedList)?.name).toBe('All exams');
    const put = (name: string) =>
      as(t.app, leader)({ method: 'PUT', url: `/api/reading/lists/${keyedList}`, payload: { name, ownerOrgId: reg.deptA, active: true } });
    expect((await put('All exams')).statusCode).toBe(204);
    const kept = await t.db.kysely.selectFrom('reading_list').select(['name', 'name_key']).where('id', '=', keyedList).executeTakeFirstOrThrow();
    expect(kept).toEqual({ name: 'Alle undersøkelser', name_key: 'all' });
    expect((await put('Dagens liste')).statusCode).toBe(204);
    const renamed = await t.db.kysely.selectFrom('reading_list').select(['name', 'name_key']).where('id', '=', keyedList).executeTakeFirstOrThrow();
    expect(renamed).toEqual({ name: 'Dagens liste', name_key: null });
    expect(
      ((await as(t.app, leader)({ url: '/api/reading/lists' })).json() as { lists: { id: string; name: string }[] }).lists.find((l) => l.id === keyedList)
        ?.name,
    ).toBe('Dagens liste');
  });
});

describe('6. "changed after countersigning" is per exam', () => {
  it('two exams of one referral released as preliminary answers: only the one whose answer changed is marked', async () => {
    await clearLists();
    const db = t.db.kysely;
    expect((await as(t.app, leader)({ method: 'PUT', url: `/api/reading/settings/${reg.deptA}`, payload: { preliminaryToReferrer: true } })).statusCode).toBe(
      204,
    );
    const first = await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG', urgency: 'emergency' });
    // The referral's second exam (same referral, performed the same day).
    const secondId = `${first.examId}-2`;
    await db
      .insertInto('exam')
      .values({
        id: secondId,
        referral_id: first.referralId,
        exam_code: 'SAA0AD',
        modality_id: null,
        performing_org_id: reg.deptA,
        patient_area_id: null,
        performed_at: new Date(),
        reported_at: null,
      })
      .execute();
    for (const id of [first.examId, secondId]) {
      const r = await as(t.app, lis)({ method: 'POST', url: `/api/reporting/exams/${id}/report/preliminary`, payload: { sections, expectedVersion: null } });
      expect(r.statusCode).toBe(200);
    }
    const cs = (id: string, s: Record<string, string>, score: string) =>
      as(t.app, rad)({ method: 'POST', url: `/api/reporting/exams/${id}/report/countersign`, payload: { sections: s, expectedVersion: 1, score } });
    expect((await cs(first.examId, { ...sections, conclusion: 'Liten blødning frontalt.' }, '3a')).statusCode).toBe(200);
    expect((await cs(secondId, sections, '1')).statusCode).toBe(200);
    const reports = await referrerReportsOf(db, first.referralId, 'nb');
    const byExam = new Map(reports.map((r) => [r.examName, r.preliminaryAnswer?.changed]));
    expect(reports).toHaveLength(2);
    expect(reports.every((r) => r.status === 'final' && r.preliminaryAnswer !== null)).toBe(true);
    const names = await db
      .selectFrom('exam as e')
      .innerJoin('exam_code as c', 'c.code', 'e.exam_code')
      .select(['e.id', 'c.name'])
      .where('e.id', 'in', [first.examId, secondId])
      .execute();
    const nameOf = (id: string) => names.find((n) => n.id === id)!.name;
    expect(byExam.get(nameOf(first.examId))).toBe(true);
    expect(byExam.get(nameOf(secondId))).toBe(false);
  });
});
