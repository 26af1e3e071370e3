// The demo's second opinions: added once around the demo radiologist (two outgoing, one incoming),
// and usable through the API — the incoming one opens through the gate (reason 'consult') and can
// be answered; the outgoing answered one shows its answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createReader, createReadingList, createReadingRegion, performExam } from '../testing/reading.ts';
import { ensureDemoConsults } from './demo-consults.ts';
import { eventHistoryProblems } from '../assessment/event-history.ts';
import { referralEvents } from '../assessment/store.ts';

let t: TestContext;
afterAll(async () => t?.close());
beforeAll(async () => {
  t = await createTestContext();
});

describe('demo second opinions', () => {
  it('adds an open and an answered request from the radiologist and one to them, once', async () => {
    const db = t.db.kysely;
    const reg = await createReadingRegion(db);
    await createReadingList(db, { owner: reg.deptA });
    // Vidde needs a department for the partner's exam: the region fixture has one.
    const r = await createReader(db, { org: reg.deptA, role: 'radiologist', subspecialties: ['nevroradiologi'] });
    expect(await ensureDemoConsults(db, r.userId)).toBe(0); // no open cases yet
    await performExam(db, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'emergency' });
    await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG' });
    expect(await ensureDemoConsults(db, r.userId)).toBe(3);
    expect(await ensureDemoConsults(db, r.userId)).toBe(0);

    const s = await login(t.app, r.username, r.password);
    const list = (await as(t.app, s)({ url: '/api/reading/consults' })).json();
    expect(list.incoming.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([['cons-demo-incoming', 'open']]);
    expect(list.outgoing.map((c: { id: string }) => c.id).sort()).toEqual(['cons-demo-answered', 'cons-demo-open']);
    expect(list.incoming[0].target).toEqual({ subspecialty: 'nevroradiologi', person: null, trust: 'Helse Fjord' });
    const answered = (await as(t.app, s)({ url: '/api/reading/consults/cons-demo-answered' })).json();
    expect(answered.consult.answer).toMatchObject({ agreement: 'disagree', by: 'Nina Nevrolund (syntetisk)' });
    // The incoming one: an exam of another trust, seen only through the request, and answerable.
    const inc = await as(t.app, s)({ url: '/api/reading/consults/cons-demo-incoming' });
    expect(inc.statusCode).toBe(200);
    expect(inc.json().may).toEqual({ answer: true, withdraw: false, applyAddendum: false, applyReport: false });
    expect((await as(t.app, s)({ url: `/api/reading/cases/${inc.json().consult.examId}` })).statusCode).toBe(403);
    const ans = await as(
      t.app,
      s,
    )({ method: 'POST', url: '/api/reading/consults/cons-demo-incoming/answer', payload: { text: 'Syntetisk svar', agreement: 'agree' } });
    expect(ans.statusCode).toBe(200);
    // The partner trust's referral behind the incoming request: its history and the patient's age, as any referral's.
    const ref = await t.db.kysely
      .selectFrom('referral')
      .select(['id', 'status', 'patient_age', 'patient_sex'])
      .where('id', 'like', 'ref-demo-cons-%')
      .executeTakeFirstOrThrow();
    expect(ref.patient_age).toEqual(expect.any(Number));
    expect(eventHistoryProblems(await referralEvents(t.db.kysely, ref.id), ref.status)).toEqual([]);
  });
});
