// Reporting API on the real app and database (PGlite; PostgreSQL with TEST_DATABASE_URL):
// write → preliminary → countersign with a RADPEER grade → final, addenda, refusals that change
// nothing, optimistic concurrency (two finalizes at once: one wins), and the gate (403 + logged).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { createReadingList } from '../testing/reading.ts';
import type { Role } from '../db/schema.ts';
import { GuidelineCatalogue } from '../guidelines/catalogue.ts';
import { advise } from '../guidelines/advise.ts';

let ctx: TestContext;
let dept: string;
let otherDept: string;
let referralId: string;
let referrer: Session;
let radiologist: Session;
let radiologist2: Session;
let lis: Session;
let outsider: Session;
let n = 0;

async function user(role: Role, org: string, profession: 'physician' = 'physician') {
  const u = await createUser(ctx.db.kysely, { grants: [{ role, organizationId: org }], profession });
  return login(ctx.app, u.username, u.password);
}

async function newExam(): Promise<{ examId: string; referralId: string }> {
  const db = ctx.db.kysely;
  const patient = await createPatient(db);
  const refId = await createReferral(db, { patientId: patient.id, referrerPersonId, referrerOrgId: gp, departmentOrgId: dept });
  const examId = `exam-t-${++n}`;
  await db
    .insertInto('exam')
    .values({
      id: examId,
      referral_id: refId,
      exam_code: 'SNG0AG',
      modality_id: null,
      performing_org_id: dept,
      patient_area_id: null,
      performed_at: new Date(),
      reported_at: null,
    })
    .execute();
  await db.updateTable('referral').set({ status: 'performed', performed_at: new Date() }).where('id', '=', refId).execute();
  return { examId, referralId: refId };
}

let gp: string;
let referrerPersonId: string;
const sections = { findings: 'Horisontal ruptur i bakre horn av mediale menisk.', conclusion: 'Medial meniskruptur.' };

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Test HF' });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling', parentId: hf });
  otherDept = await createOrganization(db, { kind: 'department', name: 'Annen avdeling' });
  // Readers reach exams through the department's reading list (the gate's only rule for reports).
  await createReadingList(db, { name: 'Alle undersøkelser', owner: dept });
  await createReadingList(db, { name: 'Annen avdelings liste', owner: otherDept });
  gp = await createOrganization(db, { kind: 'gp_practice', name: 'Legekontoret' });
  const ref = await createUser(db, { grants: [{ role: 'referrer', organizationId: gp }], referrerKind: 'gp' as never });
  referrerPersonId = ref.personId;
  referrer = await login(ctx.app, ref.username, ref.password);
  radiologist = await user('radiologist', dept);
  radiologist2 = await user('radiologist', hf);
  lis = await user('lis', dept);
  outsider = await user('radiologist', otherDept);
  ({ referralId } = await newExam());
});
afterAll(async () => ctx?.close());

const url = (examId: string, tail = '') => `/api/reporting/exams/${examId}${tail}`;

describe('reporting', () => {
  it("shows the report template's name and section titles in English to an English reader (issue 13, ana29)", async () => {
    const { examId } = await newExam();
    expect((await as(ctx.app, radiologist)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const view = (await as(ctx.app, radiologist)({ url: url(examId) })).json();
      expect(view.template.name).toBe('MRI knee');
      expect(view.template.sections.map((x: { title: string }) => x.title)).toEqual([
        'Clinical question',
        'Technique',
        'Comparison',
        'Menisci',
        'Cruciate and collateral ligaments',
        'Cartilage and bone marrow',
        'Other findings',
        'Conclusion',
      ]);
    } finally {
      await as(ctx.app, radiologist)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
    const nb = (await as(ctx.app, radiologist)({ url: url(examId) })).json();
    expect([nb.template.name, nb.template.sections[3].title]).toEqual(['MR kne', 'Menisker']);
  });

  it('a radiologist writes and finalizes; exam and referral become reported; the referrer sees it and is notified', async () => {
    const { examId, referralId: refId } = await newExam();
    const view = await as(ctx.app, radiologist)({ url: url(examId) });
    expect(view.statusCode).toBe(200);
    expect(view.json().template.id).toBe('mr-knee');
    expect(view.json().report).toBeNull();
    expect(view.json().may.finalize).toBe(true);

    const saved = await as(
      ctx.app,
      radiologist,
    )({ method: 'PUT', url: url(examId, '/report'), payload: { sections: { findings: 'utkast' }, expectedVersion: null } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ version: 1, status: 'draft' });
    // Signing without a conclusion is refused and changes nothing.
    const bad = await as(
      ctx.app,
      radiologist,
    )({ method: 'POST', url: url(examId, '/report/final'), payload: { sections: { findings: 'x' }, expectedVersion: 1 } });
    expect(bad.statusCode).toBe(400);
    const fin = await as(ctx.app, radiologist)({ method: 'POST', url: url(examId, '/report/final'), payload: { sections, expectedVersion: 1 } });
    expect(fin.statusCode).toBe(200);
    expect(fin.json()).toEqual({ version: 2, status: 'final' });

    const db = ctx.db.kysely;
    const exam = await db.selectFrom('exam').select('reported_at').where('id', '=', examId).executeTakeFirstOrThrow();
    const referral = await db.selectFrom('referral').select(['status', 'reported_at']).where('id', '=', refId).executeTakeFirstOrThrow();
    const report = await db.selectFrom('report').selectAll().where('exam_id', '=', examId).executeTakeFirstOrThrow();
    expect(exam.reported_at).not.toBeNull();
    expect(referral.status).toBe('reported');
    expect(new Date(referral.reported_at!).getTime()).toBe(new Date(report.final_at!).getTime());
    expect(report.preliminary_at).not.toBeNull();

    const theirs = await as(ctx.app, referrer)({ url: `/api/reporting/referrals/${refId}/reports` });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()[0].conclusion).toBe('Medial meniskruptur.');
    const notes = await as(ctx.app, referrer)({ url: '/api/reporting/notifications' });
    expect(notes.json().items.some((i: { referralId: string; kind: string }) => i.referralId === refId && i.kind === 'report-final')).toBe(true);
  });

  it('shows the reader the advice the referrer saw, as the referral form stores it (topic title and summary in nb/en)', async () => {
    // A referral sent through the form keeps the engine's advice as it was shown: topicTitle and
    // summary are { nb, en } objects (src/server/referrals/service.ts stores result.advice). Found
    // in the demo: GP sends an MR kne with advice → accepted → booked → MPPS completed → the
    // reader opens the report page → 500 (response serializer: advice.title must be a string).
    const { examId, referralId: refId } = await newExam();
    const pack = GuidelineCatalogue.fromContent().current().pack;
    const shown = advise(pack, {
      examCode: 'SNG0AG',
      patient: { ageYears: 40, sex: 'M' },
      facts: {},
      text: 'Vridd kneet i fotball for 6 uker siden, låsninger og hydrops. Ikke tatt rtg.',
    }).advice;
    expect(shown).not.toBeNull();
    await ctx.db.kysely
      .updateTable('referral')
      .set({ advice: JSON.stringify(shown) })
      .where('id', '=', refId)
      .execute();
    const view = await as(ctx.app, radiologist)({ url: url(examId) });
    expect(view.statusCode).toBe(200);
    const advice = view.json().referral.advice;
    expect(advice.title).toBe(shown!.topicTitle.nb);
    expect(advice.text).toBe(shown!.summary.nb);
    expect(advice.rating).toBe(shown!.rating);
  });

  it("records the report as an event on the referral, so the referrer's page does not say nothing has happened", async () => {
    // README (Assessment): every state change is a referral_event row; the referrer's page lists them
    // under "Hendelser". Signing the final report moves the referral to reported without one, so a
    // referral with its answer sent says "Ingen hendelser er registrert på henvisningen ennå" (found
    // in the demo; booking → scheduled and MPPS → performed write none either).
    const { examId, referralId: refId } = await newExam();
    const fin = await as(ctx.app, radiologist)({ method: 'POST', url: url(examId, '/report/final'), payload: { sections, expectedVersion: null } });
    expect(fin.statusCode).toBe(200);
    const events = await ctx.db.kysely.selectFrom('referral_event').select(['to_status']).where('referral_id', '=', refId).execute();
    expect(events.map((e) => e.to_status)).toContain('reported');
  });

  it('finalizing twice, editing a final report → 409 and nothing changes; an addendum is added instead', async () => {
    const { examId } = await newExam();
    await as(ctx.app, radiologist)({ method: 'POST', url: url(examId, '/report/final'), payload: { sections, expectedVersion: null } });
    const before = await ctx.db.kysely.selectFrom('report').selectAll().where('exam_id', '=', examId).executeTakeFirstOrThrow();
    const again = await as(
      ctx.app,
      radiologist,
    )({ method: 'POST', url: url(examId, '/report/final'), payload: { sections: { ...sections, conclusion: 'Annet' }, expectedVersion: 1 } });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    const edit = await as(
      ctx.app,
      radiologist,
    )({ method: 'PUT', url: url(examId, '/report'), payload: { sections: { ...sections, conclusion: 'Stille endring' }, expectedVersion: 1 } });
    expect(edit.statusCode).toBe(409);
    const after = await ctx.db.kysely.selectFrom('report').selectAll().where('exam_id', '=', examId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);

    const add = await as(ctx.app, radiologist)({ method: 'POST', url: url(examId, '/report/addenda'), payload: { text: 'Tillegg: også lett effusjon.' } });
    expect(add.statusCode).toBe(201);
    const view = (await as(ctx.app, radiologist)({ url: url(examId) })).json();
    expect(view.report.addenda[0].text).toBe('Tillegg: også lett effusjon.');
    expect(view.report.sections.conclusion).toBe(sections.conclusion);
  });

  it('a LIS report goes preliminary to the countersign queue; the LIS cannot finalize or countersign it; a specialist grades it and the LIS sees the feedback', async () => {
    const { examId, referralId: refId } = await newExam();
    const times = async () => {
      const r = await ctx.db.kysely.selectFrom('referral').select(['preliminary_reported_at', 'reported_at']).where('id', '=', refId).executeTakeFirstOrThrow();
      const c = await ctx.db.kysely.selectFrom('reading_case').select(['preliminary_at', 'final_at']).where('exam_id', '=', examId).executeTakeFirstOrThrow();
      const ms = (d: unknown) => (d ? new Date(d as string).getTime() : null);
      return { refPrelim: ms(r.preliminary_reported_at), refFinal: ms(r.reported_at), casePrelim: ms(c.preliminary_at), caseFinal: ms(c.final_at) };
    };
    const caseOpen = async () => (await ctx.db.kysely.selectFrom('reading_case').select('open').where('exam_id', '=', examId).executeTakeFirstOrThrow()).open;
    // A saved draft leaves the case on the lists; the signed preliminary takes it off (it is read:
    // countersigning has its own queue), so "next case" never hands it to a second reader.
    const draft = await as(ctx.app, lis)({ method: 'PUT', url: url(examId, '/report'), payload: { sections, expectedVersion: null } });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(await caseOpen()).toBe(true);
    const pre = await as(ctx.app, lis)({ method: 'POST', url: url(examId, '/report/preliminary'), payload: { sections, expectedVersion: 1 } });
    expect(pre.json()).toEqual({ version: 2, status: 'preliminary' });
    expect(await caseOpen()).toBe(false);
    // The preliminary time is kept for the turnaround (reading list) and the process measures (analytics).
    const atPrelim = await times();
    expect(atPrelim.refPrelim).not.toBeNull();
    expect(atPrelim.casePrelim).toBe(atPrelim.refPrelim);
    expect(atPrelim.refFinal).toBeNull();
    expect(atPrelim.caseFinal).toBeNull();
    const fin = await as(ctx.app, lis)({ method: 'POST', url: url(examId, '/report/final'), payload: { sections, expectedVersion: 2 } });
    expect(fin.statusCode).toBe(403);

    const queue = await as(ctx.app, radiologist)({ url: '/api/reporting/countersign-queue' });
    expect(queue.json().map((q: { examId: string }) => q.examId)).toContain(examId);
    // The supervisor in the trust above the department sees it too.
    expect((await as(ctx.app, radiologist2)({ url: '/api/reporting/countersign-queue' })).json().map((q: { examId: string }) => q.examId)).toContain(examId);

    const edited = { ...sections, conclusion: 'Medial meniskruptur. Ingen korsbåndsskade.' };
    const cs = await as(
      ctx.app,
      radiologist,
    )({ method: 'POST', url: url(examId, '/report/countersign'), payload: { sections: edited, expectedVersion: 2, score: '2a', comment: 'Se korsbånd.' } });
    expect(cs.statusCode).toBe(200);
    expect(cs.json()).toEqual({ version: 3, status: 'final' });
    // Countersigning sets the final time and leaves the preliminary one.
    const atFinal = await times();
    expect(atFinal.refPrelim).toBe(atPrelim.refPrelim);
    expect(atFinal.casePrelim).toBe(atPrelim.casePrelim);
    expect(atFinal.refFinal).toBe(atFinal.caseFinal);
    expect(atFinal.refFinal!).toBeGreaterThanOrEqual(atPrelim.refPrelim!);
    const feedback = (await as(ctx.app, lis)({ url: '/api/reporting/feedback' })).json();
    expect(feedback.find((f: { examId: string }) => f.examId === examId)).toMatchObject({ score: '2a', comment: 'Se korsbånd.', changed: true });
    const again = await as(
      ctx.app,
      radiologist2,
    )({ method: 'POST', url: url(examId, '/report/countersign'), payload: { sections: edited, expectedVersion: 3, score: '1' } });
    expect(again.statusCode).toBe(409);
  });

  it('countersigning one’s own report is refused (403) and nothing changes', async () => {
    const { examId } = await newExam();
    await as(ctx.app, radiologist)({ method: 'POST', url: url(examId, '/report/preliminary'), payload: { sections, expectedVersion: null } });
    const own = await as(
      ctx.app,
      radiologist,
    )({ method: 'POST', url: url(examId, '/report/countersign'), payload: { sections, expectedVersion: 1, score: '1' } });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('forbidden');
    const rep = await ctx.db.kysely.selectFrom('report').select(['status', 'version']).where('exam_id', '=', examId).executeTakeFirstOrThrow();
    expect(rep).toEqual({ status: 'preliminary', version: 1 });
    expect(
      await ctx.db.kysely
        .selectFrom('report_review')
        .select('score')
        .where('report_id', 'in', ctx.db.kysely.selectFrom('report').select('id').where('exam_id', '=', examId))
        .execute(),
    ).toEqual([]);
  });

  it('a stale version is refused with 409', async () => {
    const { examId } = await newExam();
    await as(ctx.app, radiologist)({ method: 'PUT', url: url(examId, '/report'), payload: { sections: { findings: 'a' }, expectedVersion: null } });
    await as(ctx.app, radiologist)({ method: 'PUT', url: url(examId, '/report'), payload: { sections: { findings: 'b' }, expectedVersion: 1 } });
    const stale = await as(ctx.app, radiologist)({ method: 'PUT', url: url(examId, '/report'), payload: { sections: { findings: 'c' }, expectedVersion: 1 } });
    expect(stale.statusCode).toBe(409);
    const first = await as(
      ctx.app,
      radiologist,
    )({ method: 'PUT', url: url(examId, '/report'), payload: { sections: { findings: 'c' }, expectedVersion: null } });
    expect(first.statusCode).toBe(409);
  });

  it('two finalizes at once: one wins, the other is told (409)', async () => {
    const { examId } = await newExam();
    await as(ctx.app, radiologist)({ method: 'PUT', url: url(examId, '/report'), payload: { sections, expectedVersion: null } });
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => as(ctx.app, radiologist)({ method: 'POST', url: url(examId, '/report/final'), payload: { sections, expectedVersion: 1 } })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409]);
    const versions = await ctx.db.kysely
      .selectFrom('report_version')
      .select('action')
      .where('report_id', 'in', ctx.db.kysely.selectFrom('report').select('id').where('exam_id', '=', examId))
      .execute();
    expect(versions.filter((v) => v.action === 'finalize')).toHaveLength(1);
    const notes = await ctx.db.kysely
      .selectFrom('referrer_notification')
      .select('id')
      .where('referral_id', 'in', ctx.db.kysely.selectFrom('exam').select('referral_id').where('id', '=', examId))
      .execute();
    expect(notes).toHaveLength(1);
  });

  it('an exam loaded already reported (history) has a closed reading case: its list gives it to readers, no one else', async () => {
    const db = ctx.db.kysely;
    const patient = await createPatient(db);
    const refId = await createReferral(db, { patientId: patient.id, referrerPersonId, referrerOrgId: gp, departmentOrgId: dept });
    const examId = `exam-t-${++n}`;
    const at = new Date('2025-02-03T10:00:00Z');
    await db
      .insertInto('exam')
      .values({
        id: examId,
        referral_id: refId,
        exam_code: 'SNG0AG',
        modality_id: null,
        performing_org_id: dept,
        patient_area_id: null,
        performed_at: at,
        reported_at: at,
      })
      .execute();
    const c = await db.selectFrom('reading_case').select(['open', 'closed_at']).where('exam_id', '=', examId).executeTakeFirstOrThrow();
    expect(c.open).toBe(false);
    expect(new Date(c.closed_at!).toISOString()).toBe(at.toISOString());
    expect((await as(ctx.app, radiologist)({ url: url(examId) })).statusCode).toBe(200);
    expect((await as(ctx.app, outsider)({ url: url(examId) })).statusCode).toBe(403);
  });

  it('a reader outside the department gets 403 and the attempt is logged', async () => {
    const { examId } = await newExam();
    const res = await as(ctx.app, outsider)({ url: url(examId) });
    expect(res.statusCode).toBe(403);
    const write = await as(ctx.app, outsider)({ method: 'POST', url: url(examId, '/report/final'), payload: { sections, expectedVersion: null } });
    expect(write.statusCode).toBe(403);
    const log = await ctx.db.kysely.selectFrom('access_log').select(['outcome', 'reason', 'context']).where('user_id', '=', outsider.me.userId).execute();
    expect(log).toEqual(
      expect.arrayContaining([
        { outcome: 'refused', reason: 'not-in-entitled-list', context: 'report-view' },
        { outcome: 'refused', reason: 'not-in-entitled-list', context: 'report-finalize' },
      ]),
    );
    expect(await ctx.db.kysely.selectFrom('report').select('id').where('exam_id', '=', examId).execute()).toEqual([]);
    // The referrer of another referral is refused the reports too.
    const other = await as(ctx.app, outsider)({ url: `/api/reporting/referrals/${referralId}/reports` });
    expect(other.statusCode).toBe(403);
  });
});
