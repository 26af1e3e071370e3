// flow31 (issue 8): the notifications module. The GP's messages from radiology now also tell of the
// referral closed without an exam (the reason in words), merged into a duplicate, redirected to
// another unit, and the exam stopped at the scanner (MPPS DISCONTINUED, the reason in words); the
// request for more information quotes the department's question. The department is alerted when
// the referrer withdraws a booked exam: the step is cancelled (the worklist no longer serves it), the
// alert is listed for the receiving department only (logged), and acknowledged once (logged; another
// department refused and logged; a second acknowledgement 409).
// On the real app and database (PGlite, or PostgreSQL with TEST_DATABASE_URL); MPPS through the
// in-process performed-step functions the DICOM listener calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { bookingFixture, futureWorkingDay } from '../booking/booking.fixture.ts';
import { startPerformedStep, updatePerformedStepStatus } from '../scheduling/performed.ts';
import { newDicomUid } from '../scheduling/uid.ts';
import type { DepartmentAlert, Notifications } from '../../shared/api/notifications.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let radiologist: ReturnType<typeof as>;
let secretary: ReturnType<typeof as>;
let otherSecretary: ReturnType<typeof as>;
let gp: ReturnType<typeof as>;
let secretaryUserId: string;
let otherSecretaryUserId: string;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  const rad = await createUser(t.db.kysely, { grants: [{ role: 'radiologist', organizationId: f.dept }], name: ['Rita', 'Radiolog'] });
  radiologist = as(t.app, await login(t.app, rad.username, rad.password));
  const s = await login(t.app, f.secretary.username, f.secretary.password);
  secretary = as(t.app, s);
  secretaryUserId = s.me.userId;
  const o = await login(t.app, f.otherSecretary.username, f.otherSecretary.password);
  otherSecretary = as(t.app, o);
  otherSecretaryUserId = o.me.userId;
  gp = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
});
afterAll(async () => {
  await t?.close();
});

type Item = Notifications['items'][number];
const notes = async () => (await gp({ url: '/api/reporting/notifications' })).json() as Notifications;
const of = async (referralId: string): Promise<Item[]> => (await notes()).items.filter((i) => i.referralId === referralId);
const submitted = async (patientId?: string) => {
  const r = await f.referral({ status: 'submitted', patientId });
  await t.db.kysely.insertInto('referral_event').values({ referral_id: r.id, kind: 'submitted', from_status: null, to_status: 'submitted' }).execute();
  return r;
};
const book = async (referralId: string, date: string, start: string) => {
  const version = (await t.db.kysely.selectFrom('referral').select('version').where('id', '=', referralId).executeTakeFirstOrThrow()).version;
  const b = await secretary({ method: 'POST', url: `/api/booking/referrals/${referralId}/book`, payload: { version, modalityId: f.mr, date, start } });
  expect(b.statusCode, b.body).toBe(201);
  return b.json<{ stepId: string; version: number; accessionNumber: string; studyInstanceUid: string }>();
};

describe("the GP's messages from radiology: the department's other steps", () => {
  it('more information asked for: the question is quoted in the notice', async () => {
    const r = await submitted();
    const question = 'Hvor lenge har pasienten hatt smerter, og er det låsninger?';
    const res = await radiologist({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/request-info`,
      payload: { version: 1, message: `  ${question} ` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await of(r.id)).toEqual([expect.objectContaining({ kind: 'info-requested', question, read: false, returnReason: null, closeReason: null })]);
  });

  it('closed without an exam: the reason and the department’s text; a stale close tells nothing', async () => {
    const r = await submitted();
    const stale = await secretary({ method: 'POST', url: `/api/assessment/referrals/${r.id}/close`, payload: { version: 7, reason: 'done_elsewhere' } });
    expect(stale.statusCode).toBe(409);
    expect(await of(r.id)).toEqual([]);
    const res = await secretary({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/close`,
      payload: { version: 1, reason: 'done_elsewhere', text: 'Tatt ved privat institutt i oktober' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await of(r.id)).toEqual([
      expect.objectContaining({ kind: 'referral-closed', closeReason: { reason: 'done_elsewhere', text: 'Tatt ved privat institutt i oktober' } }),
    ]);
  });

  it('merged into a duplicate: the other referral by its number and exam; redirected: the unit by name', async () => {
    const first = await submitted();
    const dup = await submitted(first.patientId);
    const merged = await radiologist({ method: 'POST', url: `/api/assessment/referrals/${dup.id}/merge`, payload: { version: 1, intoReferralId: first.id } });
    expect(merged.statusCode, merged.body).toBe(200);
    const number = (await t.db.kysely.selectFrom('referral').select('referral_number').where('id', '=', first.id).executeTakeFirstOrThrow()).referral_number;
    expect(await of(dup.id)).toEqual([
      expect.objectContaining({ kind: 'referral-merged', mergedInto: { referralNumber: Number(number), examName: 'MR kne' } }),
    ]);
    // The referral it continues as is not news to the GP: nothing on it.
    expect(await of(first.id)).toEqual([]);

    const moved = await submitted();
    const res = await radiologist({
      method: 'POST',
      url: `/api/assessment/referrals/${moved.id}/redirect`,
      payload: { version: 1, toOrganizationId: f.otherDept, text: 'Kortere ventetid der' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await of(moved.id)).toEqual([expect.objectContaining({ kind: 'referral-redirected', redirectedTo: 'Røntgen Annenby', mergedInto: null })]);
  });

  it('the exam stopped at the scanner (MPPS DISCONTINUED): the reason in words, the referral back in the booking queue', async () => {
    const r = await f.referral();
    const b = await book(r.id, futureWorkingDay(12), '10:00');
    const ae = (await t.db.kysely.selectFrom('modality').select('ae_title').where('id', '=', f.mr).executeTakeFirstOrThrow()).ae_title;
    const door = { aeTitle: ae, client: '127.0.0.1' };
    const uid = newDicomUid();
    const started = await startPerformedStep(t.db.kysely, door, {
      sopInstanceUid: uid,
      scheduled: [{ accessionNumber: b.accessionNumber, studyInstanceUid: b.studyInstanceUid }],
      startedAt: new Date(),
      attributes: {},
    });
    expect(started.outcome).toBe('created');
    const stopped = await updatePerformedStepStatus(t.db.kysely, door, {
      sopInstanceUid: uid,
      status: 'discontinued',
      endedAt: new Date(),
      discontinuationReason: 'DCM 110505 Patient refused to continue procedure',
      discontinuationCode: { scheme: 'DCM', value: '110505', meaning: 'Patient refused to continue procedure' },
      attributes: {},
    });
    expect(stopped).toEqual({ outcome: 'updated', status: 'discontinued' });
    const items = await of(r.id);
    expect(items.map((i) => i.kind).sort()).toEqual(['exam-booked', 'exam-discontinued']);
    // CID 9300 in the GP's language (bokmål here), never the code.
    expect(items.find((i) => i.kind === 'exam-discontinued')).toMatchObject({ stopReason: 'Pasienten ville ikke fortsette undersøkelsen', slot: null });
    expect((await t.db.kysely.selectFrom('referral').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()).status).toBe('accepted');
  });

  it('the unread count covers every unread message, and reading one referral lowers it by that referral’s', async () => {
    const before = await notes();
    expect(before.unread).toBe(before.items.filter((i) => !i.read).length);
    const one = before.items.find((i) => !i.read)!;
    const onThat = before.items.filter((i) => i.referralId === one.referralId && !i.read).length;
    const read = await gp({ method: 'POST', url: '/api/reporting/notifications/read', payload: { referralId: one.referralId } });
    expect(read.json()).toEqual({ ok: true, marked: onThat });
    expect((await notes()).unread).toBe(before.unread - onThat);
  });
});

describe('the department is alerted when the referrer withdraws a booked exam', () => {
  it('the step is cancelled and off the worklist; the alert is the department’s only; acknowledged once, each act logged', async () => {
    const db = t.db.kysely;
    const r = await f.referral();
    const day = futureWorkingDay(14);
    const b = await book(r.id, day, '11:00');
    const w = await gp({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: b.version, text: 'Pasienten er blitt bedre' } });
    expect(w.statusCode, w.body).toBe(200);

    // The slot is free and the Modality Worklist no longer serves the step (it serves 'scheduled' steps only).
    const step = await db.selectFrom('scheduled_procedure_step').select('status').where('id', '=', b.stepId).executeTakeFirstOrThrow();
    expect(step.status).toBe('cancelled');
    const again = await f.referral();
    await book(again.id, day, '11:00');

    const alerts = (await secretary({ url: '/api/notifications/department-alerts' })).json() as DepartmentAlert[];
    const mine = alerts.filter((a) => a.referralId === r.id);
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'booked-withdrawn',
        slot: { date: day, start: '11:00' },
        machineName: 'MR 1 Testby',
        reasonText: 'Pasienten er blitt bedre',
        examName: 'MR kne',
        patientName: expect.stringMatching(/^Kari Nordmann/),
      }),
    ]);
    const listed = await db
      .selectFrom('access_log')
      .select(['patient_ids', 'outcome'])
      .where('user_id', '=', secretaryUserId)
      .where('context', '=', 'department-alerts')
      .execute();
    expect(listed.at(-1)).toEqual({ patient_ids: expect.arrayContaining([r.patientId]), outcome: 'allowed' });

    // Another department sees none of it, and may not acknowledge it (refused and logged).
    expect(((await otherSecretary({ url: '/api/notifications/department-alerts' })).json() as DepartmentAlert[]).map((a) => a.referralId)).not.toContain(r.id);
    const refused = await otherSecretary({ method: 'POST', url: `/api/notifications/department-alerts/${mine[0].id}/acknowledge` });
    expect(refused.statusCode).toBe(403);
    expect(
      await db
        .selectFrom('access_log')
        .select(['outcome', 'patient_id'])
        .where('user_id', '=', otherSecretaryUserId)
        .where('context', '=', 'department-alert-ack')
        .execute(),
    ).toEqual([{ outcome: 'refused', patient_id: r.patientId }]);

    const ack = await secretary({ method: 'POST', url: `/api/notifications/department-alerts/${mine[0].id}/acknowledge` });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ id: mine[0].id, acknowledgedBy: 'Sara Sekretær' });
    expect(
      await db.selectFrom('access_log').select(['outcome']).where('user_id', '=', secretaryUserId).where('context', '=', 'department-alert-ack').execute(),
    ).toEqual([{ outcome: 'allowed' }]);
    expect((await secretary({ method: 'POST', url: `/api/notifications/department-alerts/${mine[0].id}/acknowledge` })).statusCode).toBe(409);
    expect(((await secretary({ url: '/api/notifications/department-alerts' })).json() as DepartmentAlert[]).map((a) => a.referralId)).not.toContain(r.id);
    expect((await secretary({ method: 'POST', url: '/api/notifications/department-alerts/999999999/acknowledge' })).statusCode).toBe(404);
  });

  it('a withdrawal before any booking raises no alert; the GP cannot read the department’s alerts', async () => {
    const r = await f.referral();
    const w = await gp({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: 1 } });
    expect(w.statusCode, w.body).toBe(200);
    expect(((await secretary({ url: '/api/notifications/department-alerts' })).json() as DepartmentAlert[]).map((a) => a.referralId)).not.toContain(r.id);
    expect((await gp({ url: '/api/notifications/department-alerts' })).statusCode).toBe(403);
  });
});
