// flow32 (issue 8): a booked exam moved to another machine at the same time. What the GP (and the
// patient they tell) needs is where to go and when: another site is another address and is news
// (a 'booking-changed' message naming the site), another room at the same site is not (the
// department shows the patient on arrival). A new time is news wherever it is, and names the site.
// On the real app and database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { bookingFixture, futureWorkingDay } from '../booking/booking.fixture.ts';
import { rescheduleTellsReferrer } from '../booking/service.ts';
import type { Notifications } from '../../shared/api/notifications.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let secretary: ReturnType<typeof as>;
let gp: ReturnType<typeof as>;
/** A second MR in another room of the department's own site. */
let mr2: string;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  mr2 = `mr2-${f.dept}`;
  await t.db.kysely
    .insertInto('modality')
    .values({
      id: mr2,
      site_org_id: f.site,
      kind: 'MR',
      name: 'MR 2 Testby',
      ae_title: `MR2${f.dept
        .replace(/[^a-z0-9]/gi, '')
        .slice(-6)
        .toUpperCase()}`,
      opening_hours: JSON.stringify({
        mon: ['07:30', '15:30'],
        tue: ['07:30', '15:30'],
        wed: ['07:30', '15:30'],
        thu: ['07:30', '15:30'],
        fri: ['07:30', '15:30'],
      }),
      shifts: 1,
    })
    .execute();
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  gp = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
});
afterAll(async () => {
  await t?.close();
});

type Item = Notifications['items'][number];
const of = async (referralId: string): Promise<Item[]> =>
  ((await gp({ url: '/api/reporting/notifications' })).json() as Notifications).items.filter((i) => i.referralId === referralId);
const book = async (referralId: string, day: string, start: string) => {
  const b = await secretary({ method: 'POST', url: `/api/booking/referrals/${referralId}/book`, payload: { version: 1, modalityId: f.mr, date: day, start } });
  expect(b.statusCode, b.body).toBe(201);
  return b.json<{ stepId: string; version: number }>();
};
const move = async (b: { stepId: string; version: number }, modalityId: string, day: string, start: string) => {
  const m = await secretary({
    method: 'POST',
    url: `/api/booking/steps/${b.stepId}/reschedule`,
    payload: { version: b.version, modalityId, date: day, start, reason: 'Maskinen er på service' },
  });
  expect(m.statusCode, m.body).toBe(200);
  return m.json<{ stepId: string; version: number }>();
};

describe('a booked exam moved: the GP is told when the time or the place changes', () => {
  it('the rule: another time or another site is news; another room at the same site and time is not', () => {
    const at = { date: '2026-12-08', start: '09:00', siteId: 'site-a' };
    expect(rescheduleTellsReferrer(at, { ...at })).toBe(false);
    expect(rescheduleTellsReferrer(at, { ...at, siteId: 'site-b' })).toBe(true);
    expect(rescheduleTellsReferrer(at, { ...at, start: '09:30' })).toBe(true);
    expect(rescheduleTellsReferrer(at, { ...at, date: '2026-12-09' })).toBe(true);
  });

  it('another machine in the same site at the same time tells nothing; a new time tells the time and the site', async () => {
    const day = futureWorkingDay(18);
    const r = await f.referral();
    const b = await book(r.id, day, '09:00');
    const sameTime = await move(b, mr2, day, '09:00');
    expect((await of(r.id)).map((i) => i.kind)).toEqual(['exam-booked']);
    const step = await t.db.kysely.selectFrom('scheduled_procedure_step').select('modality_id').where('id', '=', b.stepId).executeTakeFirstOrThrow();
    expect(step.modality_id).toBe(mr2);

    await move(sameTime, mr2, day, '10:00');
    expect((await of(r.id)).find((i) => i.kind === 'booking-changed')).toMatchObject({ slot: { date: day, start: '10:00' }, place: 'Testby sjukehus' });
  });

  it('the same time at another site is told, naming the site the patient now goes to', async () => {
    // Booking offers the machines of the referral's planned site (booking/service.ts calendarsFor);
    // the department has re-planned it to its other site (Annenby), where an MR stands.
    const day = futureWorkingDay(19);
    const r = await f.referral();
    const b = await book(r.id, day, '09:00');
    const { version } = await t.db.kysely
      .updateTable('referral')
      .set({ planned_site_org_id: f.otherSite })
      .where('id', '=', r.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await move({ ...b, version }, `mr-${f.otherDept}`, day, '09:00');
    const changed = (await of(r.id)).filter((i) => i.kind === 'booking-changed');
    expect(changed).toEqual([expect.objectContaining({ slot: { date: day, start: '09:00' }, place: 'Annenby sjukehus' })]);
  });
});
