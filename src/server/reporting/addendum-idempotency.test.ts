// Idempotency-Key on POST /api/reporting/exams/:examId/report/addenda (lead's decision on issue 9),
// the convention of POST /api/referrals (referrals/idempotency.ts, IETF
// draft-ietf-httpapi-idempotency-key-header): same key and same body → the first answer, stored
// once (Idempotent-Replayed: true); same key with another body (or another exam) → 422; a malformed
// key → 400. Real app and database (PGlite; PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let rad: Session;

beforeAll(async () => {
  t = await createTestContext();
  reg = await createReadingRegion(t.db.kysely);
  await createReadingList(t.db.kysely, { name: 'Fjord alt', owner: reg.deptA });
  const a = await createReader(t.db.kysely, { org: reg.deptA, role: 'radiologist' });
  rad = await login(t.app, a.username, a.password);
});
afterAll(async () => t?.close());

const headers = (key?: string) => ({ cookie: rad.cookie, 'x-csrf-token': rad.csrf, ...(key === undefined ? {} : { 'idempotency-key': key }) });

async function finalExam(): Promise<string> {
  const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
  const fin = await t.app.inject({
    method: 'POST',
    url: `/api/reporting/exams/${e.examId}/report/final`,
    headers: headers(),
    payload: { sections: { findings: 'Ingen brudd.', conclusion: 'Normal.' }, expectedVersion: null },
  });
  expect(fin.statusCode, fin.body).toBe(200);
  return e.examId;
}

const addendum = (examId: string, text: string, key?: string) =>
  t.app.inject({ method: 'POST', url: `/api/reporting/exams/${examId}/report/addenda`, headers: headers(key), payload: { text } });

async function stored(examId: string) {
  const db = t.db.kysely;
  const adds = await db
    .selectFrom('report_addendum as a')
    .innerJoin('report as r', 'r.id', 'a.report_id')
    .select(['a.id', 'a.text'])
    .where('r.exam_id', '=', examId)
    .orderBy('a.created_at')
    .execute();
  const referralId = (await db.selectFrom('exam').select('referral_id').where('id', '=', examId).executeTakeFirstOrThrow()).referral_id;
  const notes = await db
    .selectFrom('referrer_notification')
    .select('kind')
    .where('referral_id', '=', referralId)
    .where('kind', '=', 'report-addendum')
    .execute();
  return { adds, notes: notes.length };
}

describe('Idempotency-Key on addenda', () => {
  it('same key and body: the first answer again, stored once, one notification', async () => {
    const examId = await finalExam();
    const key = 'b1c7f0a2-5d4e-4f3a-9c1b-2e8d7a6f5c4b';
    const first = await addendum(examId, 'Tillegg: sammenlignet med forrige, uendret.', key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await addendum(examId, 'Tillegg: sammenlignet med forrige, uendret.', key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await stored(examId)).toEqual({ adds: [{ id: first.json().id, text: 'Tillegg: sammenlignet med forrige, uendret.' }], notes: 1 });
  });

  it('same key with another text or another exam: 422 problem+json, nothing stored', async () => {
    const examId = await finalExam();
    const other = await finalExam();
    const key = 'key-addendum-2';
    expect((await addendum(examId, 'Første tillegg.', key)).statusCode).toBe(201);
    const diff = await addendum(examId, 'Et annet tillegg.', key);
    expect(diff.statusCode).toBe(422);
    expect(diff.headers['content-type']).toContain('application/problem+json');
    const elsewhere = await addendum(other, 'Første tillegg.', key);
    expect(elsewhere.statusCode).toBe(422);
    expect(await stored(examId)).toMatchObject({ adds: [{ text: 'Første tillegg.' }], notes: 1 });
    expect(await stored(other)).toEqual({ adds: [], notes: 0 });
    // A new key is a new request.
    const next = await addendum(examId, 'Andre tillegg.', 'key-addendum-3');
    expect(next.statusCode).toBe(201);
    expect((await stored(examId)).adds.map((a) => a.text)).toEqual(['Første tillegg.', 'Andre tillegg.']);
  });

  it('a refused first request is not remembered: the same key runs again once it can succeed', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SEA0AA' });
    // No report yet: 404 (addenda are for final reports); the key is released, nothing remembered.
    const early = await addendum(e.examId, 'For tidlig.', 'key-addendum-4');
    expect(early.statusCode).toBe(404);
    const fin = await t.app.inject({
      method: 'POST',
      url: `/api/reporting/exams/${e.examId}/report/final`,
      headers: headers(),
      payload: { sections: { findings: 'Ingen brudd.', conclusion: 'Normal.' }, expectedVersion: null },
    });
    expect(fin.statusCode).toBe(200);
    expect((await addendum(e.examId, 'For tidlig.', 'key-addendum-4')).statusCode).toBe(201);
    expect((await stored(e.examId)).adds).toHaveLength(1);
  });

  it('a malformed key is 400 and stores nothing; no key still works (the same-text rule covers a double click)', async () => {
    const examId = await finalExam();
    const bad = await addendum(examId, 'Tillegg.', 'har mellomrom');
    expect(bad.statusCode).toBe(400);
    expect((await addendum(examId, 'Tillegg.', 'x'.repeat(201))).statusCode).toBe(400);
    expect(await stored(examId)).toEqual({ adds: [], notes: 0 });
    expect((await addendum(examId, 'Tillegg.')).statusCode).toBe(201);
    expect((await stored(examId)).adds).toHaveLength(1);
  });
});
