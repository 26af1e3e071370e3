// A consultant's answer applied to the report over HTTP on a real database (migration 0190): the
// requester accepts it into the text of a draft or preliminary report (a new version with action
// 'consult', status unchanged) or into an addendum of a final report (linked to the request, the
// referrer notified), attributed to the consultant, with who applied it and when kept — once. Not
// answered, applied twice, the wrong report state, or someone other than the requester: refused,
// nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../testing/reading.ts';

let t: TestContext;
let reg: ReadingRegion;
let radA: Session; // requester and supervising specialist (Fjord)
let radA2: Session; // another Fjord radiologist
let lisA: Session; // LIS in Fjord
let neuroB: Session; // subspecialist (Vidde)
let radAName = '';

const sections = { findings: 'Uttalt hypodensitet frontalt.', conclusion: 'Mulig blødning frontalt.' };

async function answered(examId: string, by: Session = radA, proposal: string | null = 'Ingen intrakraniell blødning.') {
  const c = await as(
    t.app,
    by,
  )({
    method: 'POST',
    url: '/api/reading/consults',
    payload: { examId, kind: 'second_opinion', question: 'Blødning eller artefakt?', target: { subspecialty: 'nevroradiologi', trustId: reg.hfB } },
  });
  expect(c.statusCode).toBe(201);
  const id = c.json<{ id: string }>().id;
  const a = await as(
    t.app,
    neuroB,
  )({
    method: 'POST',
    url: `/api/reading/consults/${id}/answer`,
    payload: { text: 'Bevegelsesartefakt.', agreement: 'disagree', ...(proposal ? { addendumProposal: proposal } : {}) },
  });
  expect(a.statusCode).toBe(200);
  return id;
}
const report = (examId: string) => t.db.kysely.selectFrom('report').selectAll().where('exam_id', '=', examId).executeTakeFirst();
const consultRow = (id: string) =>
  t.db.kysely.selectFrom('consult_request').select(['applied_at', 'applied_as', 'applied_by_person_id']).where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  reg = await createReadingRegion(db);
  await createReadingList(db, { name: 'Fjord alt', owner: reg.deptA });
  const a = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const a2 = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const l = await createReader(db, { org: reg.deptA, role: 'lis' });
  const b = await createReader(db, { org: reg.deptB, role: 'radiologist', subspecialties: ['nevroradiologi'] });
  radA = await login(t.app, a.username, a.password);
  radA2 = await login(t.app, a2.username, a2.password);
  lisA = await login(t.app, l.username, l.password);
  neuroB = await login(t.app, b.username, b.password);
  const p = await db.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', a.personId).executeTakeFirstOrThrow();
  radAName = `${p.given_name} ${p.family_name}`;
});
afterAll(async () => t?.close());

describe("applying a consultant's answer to the report", () => {
  it('goes into the conclusion of a new draft, attributed, once; who and when are kept', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const id = await answered(e.examId);
    const view = await as(t.app, radA)({ url: `/api/reading/consults/${id}` });
    expect(view.json().may).toMatchObject({ applyAddendum: false, applyReport: true });
    // The consultant and another reader of the exam may not apply it.
    expect((await as(t.app, neuroB)({ method: 'POST', url: `/api/reading/consults/${id}/apply`, payload: { into: 'report' } })).statusCode).toBe(403);
    expect((await as(t.app, radA2)({ method: 'POST', url: `/api/reading/consults/${id}/apply`, payload: { into: 'report' } })).statusCode).toBe(403);
    expect(await report(e.examId)).toBeUndefined();

    const res = await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${id}/apply`, payload: { into: 'report' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().consult.applied).toMatchObject({ as: 'report', by: radAName });
    expect(res.json().may).toMatchObject({ applyAddendum: false, applyReport: false });
    const rep = (await report(e.examId))!;
    expect(rep.status).toBe('draft');
    const conclusion = (rep.sections as Record<string, string>).conclusion;
    expect(conclusion).toMatch(/^Annen vurdering ved .+, Helse Vidde, \d\d\.\d\d\.\d{4}: Ingen intrakraniell blødning\.$/u);
    const v = await t.db.kysely.selectFrom('report_version').select(['action', 'consult_id']).where('report_id', '=', rep.id).execute();
    expect(v).toEqual([{ action: 'consult', consult_id: id }]);
    expect(await consultRow(id)).toMatchObject({ applied_as: 'report' });

    const again = await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${id}/apply`, payload: { into: 'report' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].message).toBe('already-applied');
    expect((await report(e.examId))!.version).toBe(1);
  });

  it("appends to the text the reader wrote, with the reader's own edit of the proposal; the report page shows the version", async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    await as(t.app, radA)({ method: 'PUT', url: `/api/reporting/exams/${e.examId}/report`, payload: { sections, expectedVersion: null } });
    const id = await answered(e.examId, radA, null);
    const res = await as(
      t.app,
      radA,
    )({ method: 'POST', url: `/api/reading/consults/${id}/apply`, payload: { into: 'report', section: 'findings', text: 'Artefakt, ikke blødning.' } });
    expect(res.statusCode).toBe(200);
    const rep = (await report(e.examId))!;
    expect((rep.sections as Record<string, string>).findings).toMatch(/^Uttalt hypodensitet frontalt\.\n\nAnnen vurdering ved .+: Artefakt, ikke blødning\.$/u);
    expect((rep.sections as Record<string, string>).conclusion).toBe(sections.conclusion);
    const page = await as(t.app, radA)({ url: `/api/reporting/exams/${e.examId}` });
    expect(page.json().report.versions.map((x: { action: string }) => x.action)).toEqual(['save', 'consult']);
    // An unknown section: 400, nothing changed.
    const id2 = await answered(e.examId);
    const bad = await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${id2}/apply`, payload: { into: 'report', section: 'nosuch' } });
    expect(bad.statusCode).toBe(400);
    expect((await consultRow(id2)).applied_at).toBeNull();
    expect((await report(e.examId))!.version).toBe(rep.version);
  });

  it('a final report takes it only as an addendum, linked to the request, and the referrer is told', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const fin = await as(t.app, radA)({ method: 'POST', url: `/api/reporting/exams/${e.examId}/report/final`, payload: { sections, expectedVersion: null } });
    expect(fin.statusCode).toBe(200);
    const id = await answered(e.examId);
    expect((await as(t.app, radA)({ url: `/api/reading/consults/${id}` })).json().may).toMatchObject({ applyAddendum: true, applyReport: false });
    const into = await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${id}/apply`, payload: { into: 'report' } });
    expect(into.statusCode).toBe(409);
    expect((await consultRow(id)).applied_at).toBeNull();
    const notes = async () =>
      (await t.db.kysely.selectFrom('referrer_notification').select('kind').where('referral_id', '=', e.referralId).execute()).map((n) => n.kind);
    expect(await notes()).toEqual(['report-final']);

    const res = await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${id}/apply`, payload: { into: 'addendum' } });
    expect(res.statusCode).toBe(200);
    const adds = await t.db.kysely.selectFrom('report_addendum').select(['text', 'consult_id']).where('consult_id', '=', id).execute();
    expect(adds).toHaveLength(1);
    expect(adds[0]!.text).toMatch(/^Annen vurdering ved .+, Helse Vidde, .+: Ingen intrakraniell blødning\.$/u);
    expect(await notes()).toEqual(['report-final', 'report-addendum']);
    expect((await consultRow(id)).applied_as).toBe('addendum');
    const page = await as(t.app, radA)({ url: `/api/reporting/exams/${e.examId}` });
    expect(page.json().report.addenda[0].by).toBe(radAName);
  });

  it('an open request cannot be applied; the supervisor puts it into a LIS report awaiting countersigning', async () => {
    const e = await performExam(t.db.kysely, reg, { dept: reg.deptA, code: 'SAA0AD' });
    const pre = await as(
      t.app,
      lisA,
    )({ method: 'POST', url: `/api/reporting/exams/${e.examId}/report/preliminary`, payload: { sections, expectedVersion: null } });
    expect(pre.statusCode).toBe(200);
    const open = await as(
      t.app,
      radA,
    )({
      method: 'POST',
      url: '/api/reading/consults',
      payload: { examId: e.examId, kind: 'consult', question: 'Hva mener du?', target: { subspecialty: 'nevroradiologi', trustId: reg.hfB } },
    });
    const openId = open.json<{ id: string }>().id;
    const notYet = await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${openId}/apply`, payload: { into: 'report' } });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().errors[0].message).toBe('consult-not-answered');

    const id = await answered(e.examId);
    const res = await as(t.app, radA)({ method: 'POST', url: `/api/reading/consults/${id}/apply`, payload: { into: 'report' } });
    expect(res.statusCode).toBe(200);
    const rep = (await report(e.examId))!;
    expect(rep).toMatchObject({ status: 'preliminary', needs_countersign: true, version: 2 });
    expect((rep.sections as Record<string, string>).conclusion).toContain('Mulig blødning frontalt.\n\nAnnen vurdering ved');
    // The LIS's report still waits for countersigning by someone else than its author.
    const queue = await as(t.app, radA)({ url: '/api/reporting/countersign-queue' });
    expect(queue.json().map((q: { examId: string }) => q.examId)).toContain(e.examId);
  });
});
