// flow29 (issue 9 §4, a GP's walk): a GP with new answers on two referrals opened one of them and
// both disappeared from the list (then "Nye svar", now "Meldinger fra radiologien", notifications/) —
// opening a referral's page marked every notification read.
// Now opening a page marks that referral's notifications only; "Merk alle som lest" (no referral)
// marks the rest; another GP's referral id marks nothing of theirs. Each item says what it is about
// (kind, exam, patient) and when. On the real app and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { bookingFixture } from '../booking/booking.fixture.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let gp: ReturnType<typeof as>;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  gp = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
});
afterAll(async () => {
  await t?.close();
});

type Item = { referralId: string; kind: string; read: boolean; at: string; examName: string; patientName: string };
const notes = async () => (await gp({ url: '/api/reporting/notifications' })).json() as { unread: number; items: Item[] };

describe('the referrer’s notifications, read per referral', () => {
  it('opening one referral marks only its notifications read; "mark all" marks the rest', async () => {
    const a = await f.referral();
    const b = await f.referral({ examCode: 'SSC0AD' });
    await t.db.kysely
      .insertInto('referrer_notification')
      .values([
        { person_id: f.referrer.personId, referral_id: a.id, kind: 'report-final', read_at: null },
        { person_id: f.referrer.personId, referral_id: a.id, kind: 'report-addendum', read_at: null },
        { person_id: f.referrer.personId, referral_id: b.id, kind: 'report-final', read_at: null },
      ])
      .execute();
    const before = await notes();
    expect(before.unread).toBe(3);
    expect(before.items.find((i) => i.referralId === b.id)).toMatchObject({ kind: 'report-final', examName: 'CT toraks', read: false, at: expect.any(String) });

    // What the referral page sends when it opens (web reporting/ReferralReports.tsx).
    const read = await gp({ method: 'POST', url: '/api/reporting/notifications/read', payload: { referralId: a.id } });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ ok: true, marked: 2 });
    const after = await notes();
    expect(after.unread).toBe(1);
    expect(after.items.filter((i) => !i.read).map((i) => i.referralId)).toEqual([b.id]);

    // An unknown referral id marks nothing; a bad body is refused.
    expect((await gp({ method: 'POST', url: '/api/reporting/notifications/read', payload: { referralId: 'no-such' } })).json()).toEqual({
      ok: true,
      marked: 0,
    });
    expect((await gp({ method: 'POST', url: '/api/reporting/notifications/read', payload: { referralId: 7 } })).statusCode).toBe(400);
    expect((await notes()).unread).toBe(1);

    // "Merk alle som lest": no referral named.
    expect((await gp({ method: 'POST', url: '/api/reporting/notifications/read', payload: {} })).json()).toEqual({ ok: true, marked: 1 });
    expect((await notes()).unread).toBe(0);
  });

  it('a call without a body is refused (400) and marks nothing: the caller says which, or {} for all', async () => {
    const c = await f.referral();
    await t.db.kysely
      .insertInto('referrer_notification')
      .values({ person_id: f.referrer.personId, referral_id: c.id, kind: 'report-final', read_at: null })
      .execute();
    const res = await gp({ method: 'POST', url: '/api/reporting/notifications/read' });
    expect(res.statusCode).toBe(400);
    expect((await notes()).unread).toBe(1);
  });
});
