// Second opinion / consult over HTTP on a real database: a reader in one trust asks a subspecialty
// (or a named reader) in another; the consultant sees the exam only through the request (gate,
// logged), answers once (two answers at once: one wins), the requester sees the answer, a withdrawn
// request ends the consultant's access; outsiders get 403 and their attempt is logged.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let radA: Session; // requester (Fjord)
let neuroB: Session; // subspecialist (Vidde)
let neuroB2: Session; // second subspecialist (Vidde)
let plainB: Session; // radiologist in Vidde without the subspecialty
let neuroA: Session; // subspecialist in the requester's own trust
let neuroBPerson: string;
let neuroAPerson: string;

const refusedRows = async (userId: string, examId: string) =>
  Number(
    (
      await t.db.kysely
        .selectFrom('access_log')
        .select(sql<string>`count(*)`.as('n'))
        .where('user_id', '=', userId)
        .where('resource_id', '=', examId)
        .where('outcome', '=', 'refused')
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  reg = await createReadingRegion(db);
  await createReadingList(db, { name: 'Fjord alt', owner: reg.deptA });
  await createReadingList(db, { name: 'Vidde alt', owner: reg.deptB });
  const a = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const b = await createReader(db, { org: reg.deptB, role: 'radiologist', subspecialties: ['nevroradiologi'] });
  const b2 = await createReader(db, { org: reg.deptB, role: 'radiologist', subspecialties: ['nevroradiologi', 'barneradiologi'] });
  const pb = await createReader(db, { org: reg.deptB, role: 'radiologist' });
  const na = await createReader(db, { org: reg.deptA, role: 'radiologist', subspecialties: ['nevroradiologi'] });
  neuroBPerson = b.personId;
  neuroAPerson = na.personId;
  radA = await login(t.app, a.username, a.password);
  neuroB = await login(t.app, b.username, b.password);
  neuroB2 = await login(t.app, b2.username, b2.password);
  plainB = await login(t.app, pb.username, pb.password);
  neuroA = await login(t.app, na.username, na.password);
});
afterAll(async () => t?.close());

describe('second opinion / consult', () => {
  it('offers subspecialties and readers of other trusts only', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const res = await as(t.app, radA)({ url: `/api/reading/consult-targets?examId=${e.examId}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.subspecialties).toContainEqual({ subspecialty: 'nevroradiologi', trustId: reg.hfB, trust: 'Helse Vidde', readers: 2 });
    expect(body.subspecialties.some((s: { trustId: string }) => s.trustId === reg.hfA)).toBe(false);
    expect(body.readers.map((r: { personId: string }) => r.personId)).toContain(neuroBPerson);
    expect(body.readers.map((r: { personId: string }) => r.personId)).not.toContain(neuroAPerson);
    // Someone without the exam in a list may not even ask where to send it.
    expect((await as(t.app, plainB)({ url: `/api/reading/consult-targets?examId=${e.examId}` })).statusCode).toBe(403);
  });

  it('the consultant sees the exam only through the request; answers once; the requester sees the answer', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'urgent' });
    expect((await as(t.app, neuroB)({ url: `/api/reading/cases/${e.examId}` })).statusCode).toBe(403);

    const create = await as(
      t.app,
      radA,
    )({
      method: 'POST',
      url: '/api/reading/consults',
      payload: {
        examId: e.examId,
        kind: 'second_opinion',
        question: 'Blødning eller artefakt frontalt?',
        target: { subspecialty: 'nevroradiologi', trustId: reg.hfB },
      },
    });
    expect(create.statusCode).toBe(201);
    const c = create.json();
    expect(c).toMatchObject({ status: 'open', overdue: false, target: { subspecialty: 'nevroradiologi', trust: 'Helse Vidde', person: null } });
    // Default deadline: the reading deadline of the exam's priority (urgent: 24 h).
    expect(Math.round((Date.parse(c.dueAt) - Date.parse(c.createdAt)) / 3_600_000)).toBe(24);

    // Incoming for the subspecialists of the target trust, not for others.
    const inB = (await as(t.app, neuroB)({ url: '/api/reading/consults' })).json();
    expect(inB.incoming.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await as(t.app, plainB)({ url: '/api/reading/consults' })).json().incoming.map((x: { id: string }) => x.id)).not.toContain(c.id);
    expect((await as(t.app, neuroA)({ url: '/api/reading/consults' })).json().incoming.map((x: { id: string }) => x.id)).not.toContain(c.id);
    expect((await as(t.app, radA)({ url: '/api/reading/consults' })).json().outgoing.map((x: { id: string }) => x.id)).toContain(c.id);

    // The consultant opens it (patient data through the gate, reason 'consult', logged).
    const open = await as(t.app, neuroB)({ url: `/api/reading/consults/${c.id}` });
    expect(open.statusCode).toBe(200);
    expect(open.json().patient.name).toMatch(/Kari|\w/);
    expect(open.json().may).toEqual({ answer: true, withdraw: false, applyAddendum: false, applyReport: false });
    const row = await t.db.kysely
      .selectFrom('access_log')
      .select(['reason', 'outcome', 'context'])
      .where('user_id', '=', neuroB.me.userId)
      .where('resource_id', '=', e.examId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ reason: 'consult', outcome: 'allowed', context: 'consult-view' });
    // …and nothing else: not the case, not the report editor.
    expect((await as(t.app, neuroB)({ url: `/api/reading/cases/${e.examId}` })).statusCode).toBe(403);
    expect((await as(t.app, neuroB)({ url: `/api/reporting/exams/${e.examId}` })).statusCode).toBe(403);

    // An outsider: 403, no patient data, the attempt logged.
    const before = await refusedRows(plainB.me.userId, e.examId);
    const no = await as(t.app, plainB)({ url: `/api/reading/consults/${c.id}` });
    expect(no.statusCode).toBe(403);
    expect(no.headers['content-type']).toMatch(/problem\+json/);
    expect(no.body).not.toContain(open.json().patient.name);
    expect(await refusedRows(plainB.me.userId, e.examId)).toBe(before + 1);
    const noAnswer = await as(t.app, plainB)({ method: 'POST', url: `/api/reading/consults/${c.id}/answer`, payload: { text: 'Nei', agreement: 'agree' } });
    expect(noAnswer.statusCode).toBe(403);

    // The requester cannot answer their own request.
    expect(
      (await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${c.id}/answer`, payload: { text: 'x', agreement: 'agree' } })).statusCode,
    ).toBe(403);

    // Two subspecialists answer at once: one wins, the other gets 409; nothing is overwritten.
    const [r1, r2] = await Promise.all([
      as(
        t.app,
        neuroB,
      )({
        method: 'POST',
        url: `/api/reading/consults/${c.id}/answer`,
        payload: { text: 'Artefakt.', agreement: 'disagree', addendumProposal: 'Ingen blødning.' },
      }),
      as(t.app, neuroB2)({ method: 'POST', url: `/api/reading/consults/${c.id}/answer`, payload: { text: 'Blødning.', agreement: 'agree' } }),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const lost = r1.statusCode === 409 ? r1 : r2;
    expect(lost.json().code).toBe('conflict');
    const won = r1.statusCode === 200 ? r1.json() : r2.json();
    expect(won.consult.status).toBe('answered');
    expect(won.may.answer).toBe(false);

    const seen = (await as(t.app, radA)({ url: `/api/reading/consults/${c.id}` })).json();
    expect(seen.consult.answer.text).toBe(won.consult.answer.text);
    expect(seen.consult.answer.by).toBeTruthy();
    // The requester may now put the answer into the report (none written yet: a new draft), not into an addendum.
    expect(seen.may).toEqual({ answer: false, withdraw: false, applyAddendum: false, applyReport: true });
    // Answered requests cannot be withdrawn.
    expect((await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${c.id}/withdraw`, payload: {} })).statusCode).toBe(409);
  });

  it('a request to a named reader; withdrawn, it ends the access; refuses bad targets', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SNG0AG' });
    const bad = async (target: unknown, status: number) => {
      const r = await as(t.app, radA)({ method: 'POST', url: '/api/reading/consults', payload: { examId: e.examId, kind: 'consult', question: 'Q', target } });
      expect(r.statusCode, JSON.stringify(target)).toBe(status);
      return r;
    };
    expect((await bad({ personId: neuroAPerson }, 400)).json().errors).toContainEqual({ field: 'target.personId', message: 'same-trust' });
    expect((await bad({ subspecialty: 'nevroradiologi', trustId: reg.hfA }, 400)).json().errors[0].message).toBe('same-trust');
    expect((await bad({ subspecialty: 'mammografi', trustId: reg.hfB }, 400)).json().errors[0].message).toBe('no-consultant');
    await bad({ personId: neuroBPerson, extra: 1 }, 400);
    const blank = await as(
      t.app,
      radA,
    )({
      method: 'POST',
      url: '/api/reading/consults',
      payload: { examId: e.examId, kind: 'consult', question: '   ', target: { personId: neuroBPerson } },
    });
    expect(blank.statusCode).toBe(400);
    const unknown = await as(
      t.app,
      radA,
    )({
      method: 'POST',
      url: '/api/reading/consults',
      payload: { examId: 'exam-nope', kind: 'consult', question: 'Q', target: { personId: neuroBPerson } },
    });
    expect(unknown.statusCode).toBe(404);
    // Someone outside the exam's lists cannot ask about it (403, logged).
    const before = await refusedRows(plainB.me.userId, e.examId);
    const outsider = await as(
      t.app,
      plainB,
    )({
      method: 'POST',
      url: '/api/reading/consults',
      payload: { examId: e.examId, kind: 'consult', question: 'Q', target: { personId: neuroBPerson } },
    });
    expect(outsider.statusCode).toBe(403);
    expect(await refusedRows(plainB.me.userId, e.examId)).toBe(before + 1);
    expect(await t.db.kysely.selectFrom('consult_request').select('id').where('exam_id', '=', e.examId).execute()).toEqual([]);

    const c = (
      await as(
        t.app,
        radA,
      )({
        method: 'POST',
        url: '/api/reading/consults',
        payload: { examId: e.examId, kind: 'consult', question: 'Menisklesjon?', target: { personId: neuroBPerson }, dueHours: 4 },
      })
    ).json();
    expect(c.target.person).toBeTruthy();
    // Named: only that reader, not the other subspecialist of the trust.
    expect((await as(t.app, neuroB2)({ url: `/api/reading/consults/${c.id}` })).statusCode).toBe(403);
    expect((await as(t.app, neuroB)({ url: `/api/reading/consults/${c.id}` })).statusCode).toBe(200);
    // Only the requester withdraws.
    expect((await as(t.app, neuroB)({ method: 'POST', url: `/api/reading/consults/${c.id}/withdraw`, payload: {} })).statusCode).toBe(403);
    const w = await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${c.id}/withdraw`, payload: { reason: 'Avklart på telefon' } });
    expect(w.statusCode).toBe(200);
    expect(w.json().consult).toMatchObject({ status: 'withdrawn', withdrawn: { reason: 'Avklart på telefon' } });
    expect((await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${c.id}/withdraw`, payload: {} })).statusCode).toBe(409);
    // Withdrawn: the consultant's way to the exam is closed, and they cannot answer.
    expect((await as(t.app, neuroB)({ url: `/api/reading/consults/${c.id}` })).statusCode).toBe(403);
    expect(
      (await as(t.app, neuroB)({ method: 'POST', url: `/api/reading/consults/${c.id}/answer`, payload: { text: 'x', agreement: 'agree' } })).statusCode,
    ).toBe(403);
    expect((await as(t.app, neuroB)({ url: '/api/reading/consults' })).json().incoming.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });
});
