// notify30 (issues 8 §2 and §4, 9 §4; flow29 left it open): the GP's list (then "Nye svar", now
// "Meldinger fra radiologien", notifications/) told of reports only. Now the department's steps
// reach it, read per referral like the answers: the referral returned (with the reason in words and
// the assessor's text), more information asked for, the exam booked (the Oslo time), the time moved
// or cancelled by the department. Each is written in the transaction of the step itself: a refused
// step (stale version, a taken slot) writes none.
// On the real app and database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { bookingFixture, futureWorkingDay } from '../booking/booking.fixture.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let radiologist: ReturnType<typeof as>;
let secretary: ReturnType<typeof as>;
let gp: ReturnType<typeof as>;
let day: string;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  const rad = await createUser(t.db.kysely, { grants: [{ role: 'radiologist', organizationId: f.dept }], name: ['Rita', 'Radiolog'] });
  radiologist = as(t.app, await login(t.app, rad.username, rad.password));
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  gp = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
  day = futureWorkingDay(10);
});
afterAll(async () => {
  await t?.close();
});

type Item = {
  referralId: string;
  kind: string;
  read: boolean;
  examName: string;
  patientName: string;
  returnReason: { reason: string; text: string | null } | null;
  slot: { date: string; start: string } | null;
};
const notes = async () => (await gp({ url: '/api/reporting/notifications' })).json() as { unread: number; items: Item[] };
const of = async (referralId: string) => (await notes()).items.filter((i) => i.referralId === referralId);
const submitted = async () => {
  const r = await f.referral({ status: 'submitted' });
  await t.db.kysely.insertInto('referral_event').values({ referral_id: r.id, kind: 'submitted', from_status: null, to_status: 'submitted' }).execute();
  return r;
};

describe('the GP is told of the department’s steps in "Meldinger fra radiologien"', () => {
  it('a returned referral: the reason and the assessor’s text; a stale return writes nothing', async () => {
    const r = await submitted();
    const stale = await radiologist({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/return`,
      payload: { version: 9, reason: 'missing_information', text: 'Mangler symptomvarighet' },
    });
    expect(stale.statusCode).toBe(409);
    expect(await of(r.id)).toEqual([]);

    const res = await radiologist({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/return`,
      payload: { version: 1, reason: 'missing_information', text: 'Mangler symptomvarighet' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await of(r.id)).toEqual([
      expect.objectContaining({
        kind: 'referral-returned',
        read: false,
        examName: 'MR kne',
        patientName: expect.stringMatching(/^Kari Nordmann/),
        returnReason: { reason: 'missing_information', text: 'Mangler symptomvarighet' },
        slot: null,
      }),
    ]);
  });

  it('a request for more information', async () => {
    const r = await submitted();
    const res = await radiologist({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/request-info`,
      payload: { version: 1, message: 'Hvor lenge har pasienten hatt smerter?' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await of(r.id)).toEqual([expect.objectContaining({ kind: 'info-requested', read: false, returnReason: null, slot: null })]);
  });

  it('booked, moved and cancelled by the department: each with its time; a taken slot writes nothing; read per referral', async () => {
    const r = await f.referral();
    const b = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${r.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '09:00' },
    });
    expect(b.statusCode, b.body).toBe(201);
    expect(await of(r.id)).toEqual([expect.objectContaining({ kind: 'exam-booked', slot: { date: day, start: '09:00' }, read: false })]);

    // Another referral on the same time: refused (409), and no notification of a booking that did not happen.
    const other = await f.referral();
    const clash = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${other.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '09:15' },
    });
    expect(clash.statusCode).toBe(409);
    expect(await of(other.id)).toEqual([]);

    const moved = await secretary({
      method: 'POST',
      url: `/api/booking/steps/${b.json().stepId}/reschedule`,
      payload: { version: b.json().version, modalityId: f.mr, date: day, start: '11:00', reason: 'Maskinen er på service' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const cancelled = await secretary({
      method: 'POST',
      url: `/api/booking/steps/${b.json().stepId}/cancel`,
      payload: { version: moved.json().version, reason: 'Pasienten er innlagt' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await of(r.id)).map((i) => [i.kind, i.slot])).toEqual(
      expect.arrayContaining([
        ['exam-booked', { date: day, start: '09:00' }],
        ['booking-changed', { date: day, start: '11:00' }],
        ['booking-cancelled', { date: day, start: '11:00' }],
      ]),
    );
    expect(await of(r.id)).toHaveLength(3);

    // Opening this referral's page reads these three; the others stay new.
    const unreadBefore = (await notes()).unread;
    const read = await gp({ method: 'POST', url: '/api/reporting/notifications/read', payload: { referralId: r.id } });
    expect(read.json()).toEqual({ ok: true, marked: 3 });
    expect((await notes()).unread).toBe(unreadBefore - 3);
  });
});
