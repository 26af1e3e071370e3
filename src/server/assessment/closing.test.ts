// Ending a referral without an exam (closing.ts) through the app API on the real app and database
// (PGlite by default, PostgreSQL with TEST_DATABASE_URL): the department closes it with a reason,
// the referrer withdraws it; a booked step is cancelled in the same transaction and the Modality
// Worklist (the same read and matcher the DICOM door uses) no longer returns it; rights, statuses,
// stale versions, and what each side then sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createOrganization, createUser } from '../testing/factories.ts';
import { readWorklistForModality } from '../scheduling/worklist.ts';
import { matchesWorklistQuery, parseWorklistQuery } from '../interop/dicom/worklist-query.ts';
import { bookingFixture, futureWorkingDay } from '../booking/booking.fixture.ts';
import { eventHistoryProblems } from './event-history.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let secretary: ReturnType<typeof as>;
let radiologist: ReturnType<typeof as>;
let otherSecretary: ReturnType<typeof as>;
let referrer: ReturnType<typeof as>;
let otherGp: ReturnType<typeof as>;
let radiologistUserId: string;
let day: string;
let slot = 0;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  const rad = await createUser(t.db.kysely, { grants: [{ role: 'radiologist', organizationId: f.dept }], name: ['Rita', 'Radiolog'] });
  radiologistUserId = rad.userId;
  const otherPractice = await createOrganization(t.db.kysely, { kind: 'gp_practice', name: 'Et annet legekontor' });
  const gp2 = await createUser(t.db.kysely, { grants: [{ role: 'referrer', organizationId: otherPractice }], referrerKind: 'gp' });
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  radiologist = as(t.app, await login(t.app, rad.username, rad.password));
  otherSecretary = as(t.app, await login(t.app, f.otherSecretary.username, f.otherSecretary.password));
  referrer = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
  otherGp = as(t.app, await login(t.app, gp2.username, gp2.password));
  day = futureWorkingDay(12);
});

afterAll(async () => {
  await t?.close();
});

const row = (id: string) => t.db.kysely.selectFrom('referral').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
const events = (id: string) =>
  t.db.kysely
    .selectFrom('referral_event')
    .select(['at', 'kind', 'from_status', 'to_status', 'actor_user_id', 'reason_code', 'reason_text'])
    .where('referral_id', '=', id)
    .orderBy('id')
    .execute();
const stepsOf = (id: string) =>
  t.db.kysely
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .select(['s.id', 's.status', 'rp.accession_number'])
    .where('rp.referral_id', '=', id)
    .execute();
const accessRows = (id: string, context: string) =>
  t.db.kysely.selectFrom('access_log').select(['outcome', 'user_id', 'action']).where('resource_id', '=', id).where('context', '=', context).execute();

/** An accepted referral with a 'submitted' and 'accepted' history, as the live path writes it. */
async function acceptedReferral(status: 'accepted' | 'submitted' = 'accepted') {
  const r = await f.referral({ status });
  const at = new Date(Date.now() - 3_600_000);
  await t.db.kysely
    .insertInto('referral_event')
    .values([
      { referral_id: r.id, kind: 'submitted', from_status: null, to_status: 'submitted', at },
      ...(status === 'accepted' ? [{ referral_id: r.id, kind: 'accepted', from_status: 'submitted', to_status: 'accepted', at }] : []),
    ])
    .execute();
  return r;
}

/** Books the referral on the MR through the booking API; returns the new referral version and the accession number. */
async function booked() {
  const r = await acceptedReferral();
  const start = `${String(8 + slot++).padStart(2, '0')}:00`;
  const res = await secretary({ method: 'POST', url: `/api/booking/referrals/${r.id}/book`, payload: { version: 1, modalityId: f.mr, date: day, start } });
  expect(res.statusCode, res.body).toBe(201);
  return { ...r, version: res.json().version as number, accession: res.json().accessionNumber as string };
}

/** What the MR asks its worklist for this accession number, through the DICOM door's read and matcher. */
async function worklist(accession: string) {
  const aeTitle = (await t.db.kysely.selectFrom('modality').select('ae_title').where('id', '=', f.mr).executeTakeFirstOrThrow()).ae_title;
  const q = parseWorklistQuery({ AccessionNumber: accession, ScheduledProcedureStepSequence: [{ ScheduledStationAETitle: aeTitle }] });
  return readWorklistForModality(t.db.kysely, { aeTitle, client: null }, q.hints, (i) => matchesWorklistQuery(i, q), ['AccessionNumber']);
}

describe('the department closes a referral without an exam', () => {
  it('a booked referral: cancelled, the step cancelled and gone from the worklist, the reason recorded and shown to the referrer', async () => {
    const r = await booked();
    expect((await worklist(r.accession)).map((i) => i.accessionNumber)).toEqual([r.accession]);
    const res = await secretary({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/close`,
      payload: { version: r.version, reason: 'patient_declined', text: 'Ringte og avbestilte' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: r.id, status: 'cancelled', version: r.version + 1 });
    expect(await row(r.id)).toEqual({ status: 'cancelled', version: r.version + 1 });
    expect((await stepsOf(r.id)).map((s) => s.status)).toEqual(['cancelled']);
    expect(await worklist(r.accession)).toEqual([]);
    const history = await events(r.id);
    expect(history.at(-1)).toMatchObject({
      kind: 'closed_without_exam',
      from_status: 'scheduled',
      to_status: 'cancelled',
      actor_user_id: f.secretary.userId,
      reason_code: 'patient_declined',
      reason_text: 'Ringte og avbestilte',
    });
    expect(eventHistoryProblems(history, 'cancelled')).toEqual([]);
    expect(await accessRows(r.id, 'referral-close')).toEqual([{ outcome: 'allowed', user_id: f.secretary.userId, action: 'update' }]);

    // The referrer's page says that and why, in words; the department's history names it too.
    const status = (await referrer({ url: `/api/referrals/${r.id}/status` })).json();
    expect(status).toMatchObject({ status: 'cancelled', closure: { by: 'department', reason: 'patient_declined', text: 'Ringte og avbestilte' } });
    const view = (await radiologist({ url: `/api/assessment/referrals/${r.id}` })).json();
    expect(view.events.at(-1)).toMatchObject({ kind: 'closed_without_exam', closeReason: 'patient_declined', reason: 'Ringte og avbestilte' });
    // The referrer's PDF says it too, in words.
    const pdf = await referrer({ url: `/api/referrals/${r.id}/pdf` });
    expect(pdf.statusCode).toBe(200);
    const pdfText = (await new PDFParse({ data: new Uint8Array(pdf.rawPayload) }).getText()).text.replace(/\s+/g, ' ');
    expect(pdfText).toContain('Avdelingen har avsluttet henvisningen uten undersøkelse');
    expect(pdfText).toContain('Pasienten ønsker ikke undersøkelsen – «Ringte og avbestilte»');
    expect(pdfText).not.toContain('patient_declined');
  });

  it('an accepted or submitted referral, by a radiologist; "other" needs a text (400, nothing changed)', async () => {
    const r = await acceptedReferral();
    const noText = await radiologist({ method: 'POST', url: `/api/assessment/referrals/${r.id}/close`, payload: { version: 1, reason: 'other' } });
    expect(noText.statusCode).toBe(400);
    expect(noText.headers['content-type']).toContain('application/problem+json');
    expect(await row(r.id)).toEqual({ status: 'accepted', version: 1 });
    const bad = await radiologist({ method: 'POST', url: `/api/assessment/referrals/${r.id}/close`, payload: { version: 1, reason: 'bored' } });
    expect(bad.statusCode).toBe(400);
    const queueIds = async () => ((await secretary({ url: '/api/booking/queue?limit=200' })).json().items as { id: string }[]).map((i) => i.id);
    expect(await queueIds()).toContain(r.id);
    const ok = await radiologist({ method: 'POST', url: `/api/assessment/referrals/${r.id}/close`, payload: { version: 1, reason: 'done_elsewhere' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await queueIds()).not.toContain(r.id);
    expect((await events(r.id)).at(-1)).toMatchObject({
      kind: 'closed_without_exam',
      from_status: 'accepted',
      actor_user_id: radiologistUserId,
      reason_text: null,
    });

    const s = await acceptedReferral('submitted');
    const opts = (await secretary({ url: `/api/assessment/referrals/${s.id}/options` })).json();
    expect(opts.mayClose).toBe(true);
    expect(
      (await secretary({ method: 'POST', url: `/api/assessment/referrals/${s.id}/close`, payload: { version: 1, reason: 'patient_deceased' } })).statusCode,
    ).toBe(200);
    expect((await secretary({ url: `/api/assessment/referrals/${s.id}/options` })).json().mayClose).toBe(false);
  });

  it('refused for another department, the referrer and a stale version; a performed or reported referral is not closed (409, nothing changed)', async () => {
    const r = await booked();
    const other = await otherSecretary({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/close`,
      payload: { version: r.version, reason: 'patient_declined' },
    });
    expect(other.statusCode).toBe(403);
    expect(await accessRows(r.id, 'referral-close')).toEqual([{ outcome: 'refused', user_id: f.otherSecretary.userId, action: 'update' }]);
    // The department's route is closed to a referrer (deny by default).
    expect(
      (await referrer({ method: 'POST', url: `/api/assessment/referrals/${r.id}/close`, payload: { version: r.version, reason: 'other', text: 'x' } }))
        .statusCode,
    ).toBe(403);
    const stale = await secretary({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/close`,
      payload: { version: r.version - 1, reason: 'patient_declined' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(await row(r.id)).toMatchObject({ status: 'scheduled', version: r.version });
    expect((await stepsOf(r.id)).map((s) => s.status)).toEqual(['scheduled']);
    expect(await worklist(r.accession)).toHaveLength(1);

    for (const status of ['performed', 'reported'] as const) {
      const p = await acceptedReferral();
      await t.db.kysely.updateTable('referral').set({ status }).where('id', '=', p.id).execute();
      const v = (await row(p.id)).version;
      const res = await secretary({ method: 'POST', url: `/api/assessment/referrals/${p.id}/close`, payload: { version: v, reason: 'patient_declined' } });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(await row(p.id)).toEqual({ status, version: v });
      const w = await referrer({ method: 'POST', url: `/api/referrals/${p.id}/withdraw`, payload: { version: v } });
      expect(w.statusCode).toBe(409);
      expect(await row(p.id)).toEqual({ status, version: v });
    }
  });

  it('an exam the modality has begun (MPPS in progress) is not closed: 409, the step and referral unchanged', async () => {
    const r = await booked();
    const [s] = await stepsOf(r.id);
    await t.db.kysely.updateTable('scheduled_procedure_step').set({ status: 'in_progress' }).where('id', '=', s.id).execute();
    const res = await secretary({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/close`,
      payload: { version: r.version, reason: 'patient_declined' },
    });
    expect(res.statusCode).toBe(409);
    expect(await row(r.id)).toEqual({ status: 'scheduled', version: r.version });
    expect((await stepsOf(r.id)).map((x) => x.status)).toEqual(['in_progress']);
  });
});

describe('the referrer withdraws their referral', () => {
  it('a booked referral: cancelled, gone from the worklist, the department sees it in the history', async () => {
    const r = await booked();
    const res = await referrer({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: r.version, text: 'Pasienten er blitt bedre' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await row(r.id)).toEqual({ status: 'cancelled', version: r.version + 1 });
    expect(await worklist(r.accession)).toEqual([]);
    const history = await events(r.id);
    expect(history.at(-1)).toMatchObject({
      kind: 'withdrawn',
      from_status: 'scheduled',
      to_status: 'cancelled',
      actor_user_id: f.referrer.userId,
      reason_text: 'Pasienten er blitt bedre',
    });
    expect(eventHistoryProblems(history, 'cancelled')).toEqual([]);
    expect(await accessRows(r.id, 'referral-withdraw')).toEqual([{ outcome: 'allowed', user_id: f.referrer.userId, action: 'update' }]);
    const view = (await secretary({ url: `/api/assessment/referrals/${r.id}` })).json();
    expect(view.events.at(-1)).toMatchObject({ kind: 'withdrawn', reason: 'Pasienten er blitt bedre' });
    expect((await referrer({ url: `/api/referrals/${r.id}/status` })).json().closure).toMatchObject({
      by: 'referrer',
      reason: null,
      text: 'Pasienten er blitt bedre',
    });
    // Twice: no longer open.
    expect((await referrer({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: r.version + 1 } })).statusCode).toBe(409);
  });

  it('while submitted or waiting for an answer, without a reason; it leaves the vetting inbox', async () => {
    const s = await acceptedReferral('submitted');
    const inboxIds = async () => ((await radiologist({ url: '/api/assessment/inbox?limit=100' })).json().rows as { id: string }[]).map((i) => i.id);
    expect(await inboxIds()).toContain(s.id);
    const res = await referrer({ method: 'POST', url: `/api/referrals/${s.id}/withdraw`, payload: { version: 1 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await inboxIds()).not.toContain(s.id);

    const q = await acceptedReferral('submitted');
    await t.db.kysely.updateTable('referral').set({ status: 'info_requested' }).where('id', '=', q.id).execute();
    await t.db.kysely
      .insertInto('referral_event')
      .values({ referral_id: q.id, kind: 'info_requested', from_status: 'submitted', to_status: 'info_requested' })
      .execute();
    const v = (await row(q.id)).version;
    expect((await referrer({ method: 'POST', url: `/api/referrals/${q.id}/withdraw`, payload: { version: v } })).statusCode).toBe(200);
    expect(eventHistoryProblems(await events(q.id), 'cancelled')).toEqual([]);
  });

  it('refused for another GP and for the department (403, logged, nothing changed); a stale version is 409', async () => {
    const r = await acceptedReferral();
    const other = await otherGp({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: 1 } });
    expect(other.statusCode).toBe(403);
    expect((await secretary({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: 1 } })).statusCode).toBe(403);
    expect(await accessRows(r.id, 'referral-withdraw')).toEqual([{ outcome: 'refused', user_id: expect.any(String), action: 'update' }]);
    expect((await referrer({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: 2 } })).statusCode).toBe(409);
    expect(await row(r.id)).toEqual({ status: 'accepted', version: 1 });
  });
});

describe('"Mine henvisninger": withdrawing from the list, and how ended referrals read there', () => {
  it('the list row carries the version to withdraw with, and says who ended a referral and why', async () => {
    const withdrawn = await f.referral({ status: 'submitted' });
    const closed = await f.referral();
    const open = await f.referral();
    const mine = async () =>
      (await referrer({ url: '/api/referrals/mine?limit=100' })).json().rows as { id: string; status: string; version: number; ended: unknown }[];
    const before = (await mine()).find((r) => r.id === withdrawn.id)!;
    expect(before).toMatchObject({ status: 'submitted', ended: null, may_withdraw: true });
    // The list's version is what the withdraw call needs (the same POST as the referral page).
    const res = await referrer({ method: 'POST', url: `/api/referrals/${withdrawn.id}/withdraw`, payload: { version: before.version, text: 'Bedre' } });
    expect(res.statusCode).toBe(200);
    const c = await secretary({
      method: 'POST',
      url: `/api/assessment/referrals/${closed.id}/close`,
      payload: { version: closed.version, reason: 'done_elsewhere' },
    });
    expect(c.statusCode).toBe(200);
    const after = new Map((await mine()).map((r) => [r.id, r]));
    expect(after.get(withdrawn.id)).toMatchObject({ status: 'cancelled', ended: { by: 'referrer', reason: null }, may_withdraw: false });
    expect(after.get(closed.id)).toMatchObject({ status: 'cancelled', ended: { by: 'department', reason: 'done_elsewhere' }, may_withdraw: false });
    expect(after.get(open.id)).toMatchObject({ status: 'accepted', ended: null, may_withdraw: true });
  });
});
