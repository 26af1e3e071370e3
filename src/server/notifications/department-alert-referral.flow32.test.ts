// flow32 (issue 8): the department's alert that the referrer withdrew a booked exam is also shown on
// the department's page for that referral (GET /api/notifications/department-alerts?referralId=),
// and acknowledging it — from either page — writes an event on the referral's history in the same
// transaction as the acknowledgement ('withdrawn_booking_acknowledged', status unchanged): a
// refused or repeated acknowledgement writes none, and an acknowledgement whose history write fails
// leaves the alert open.
// On the real app and database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { bookingFixture, futureWorkingDay } from '../booking/booking.fixture.ts';
import type { DepartmentAlert } from '../../shared/api/notifications.ts';
import type { AssessmentView } from '../../shared/api/assessment.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let secretary: ReturnType<typeof as>;
let otherSecretary: ReturnType<typeof as>;
let gp: ReturnType<typeof as>;
let secretaryUserId: string;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  const s = await login(t.app, f.secretary.username, f.secretary.password);
  secretary = as(t.app, s);
  secretaryUserId = s.me.userId;
  otherSecretary = as(t.app, await login(t.app, f.otherSecretary.username, f.otherSecretary.password));
  gp = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
});
afterAll(async () => {
  await t?.close();
});

/** A referral booked at `start` on `day` on the MR machine, then withdrawn by its GP: the department has an alert. */
const bookedAndWithdrawn = async (day: string, start: string) => {
  const r = await f.referral();
  const version = (await t.db.kysely.selectFrom('referral').select('version').where('id', '=', r.id).executeTakeFirstOrThrow()).version;
  const b = await secretary({ method: 'POST', url: `/api/booking/referrals/${r.id}/book`, payload: { version, modalityId: f.mr, date: day, start } });
  expect(b.statusCode, b.body).toBe(201);
  const w = await gp({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version: b.json<{ version: number }>().version } });
  expect(w.statusCode, w.body).toBe(200);
  return r;
};
const alertsOf = async (who: ReturnType<typeof as>, referralId: string) => {
  const res = await who({ url: `/api/notifications/department-alerts?referralId=${encodeURIComponent(referralId)}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as DepartmentAlert[];
};
const acksOf = (referralId: string) =>
  t.db.kysely
    .selectFrom('referral_event')
    .select(['kind', 'from_status', 'to_status', 'actor_user_id', 'data'])
    .where('referral_id', '=', referralId)
    .where('kind', '=', 'withdrawn_booking_acknowledged')
    .execute();

describe("the withdrawn-booking alert on the department's page for the referral", () => {
  it('lists only that referral’s alert, for its own department only; each list logged', async () => {
    const day = futureWorkingDay(15);
    const a = await bookedAndWithdrawn(day, '09:00');
    const b = await bookedAndWithdrawn(day, '09:30');

    expect((await alertsOf(secretary, a.id)).map((x) => [x.referralId, x.slot])).toEqual([[a.id, { date: day, start: '09:00' }]]);
    expect((await alertsOf(secretary, b.id)).map((x) => x.referralId)).toEqual([b.id]);
    // Another department, or an unknown referral: an empty list, never another department's alert.
    expect(await alertsOf(otherSecretary, a.id)).toEqual([]);
    expect(await alertsOf(secretary, 'no-such-referral')).toEqual([]);
    const logged = await t.db.kysely
      .selectFrom('access_log')
      .select(['patient_ids'])
      .where('user_id', '=', secretaryUserId)
      .where('context', '=', 'department-alerts')
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    // Newest first: the unknown referral named no one, so it logged nothing; b's list named b's patient.
    expect(logged[0].patient_ids).toEqual([b.patientId]);
  });

  it('acknowledging writes the referral’s history once, with who and the freed time; refused and repeated acts write none', async () => {
    const day = futureWorkingDay(16);
    const r = await bookedAndWithdrawn(day, '10:00');
    const [alert] = await alertsOf(secretary, r.id);

    expect((await otherSecretary({ method: 'POST', url: `/api/notifications/department-alerts/${alert.id}/acknowledge` })).statusCode).toBe(403);
    expect(await acksOf(r.id)).toEqual([]);

    const ack = await secretary({ method: 'POST', url: `/api/notifications/department-alerts/${alert.id}/acknowledge` });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(await acksOf(r.id)).toEqual([
      {
        kind: 'withdrawn_booking_acknowledged',
        from_status: 'cancelled',
        to_status: 'cancelled',
        actor_user_id: secretaryUserId,
        data: { alertId: Number(alert.id), slotDate: day, slotStart: '10:00', machineName: 'MR 1 Testby' },
      },
    ]);
    expect((await secretary({ method: 'POST', url: `/api/notifications/department-alerts/${alert.id}/acknowledge` })).statusCode).toBe(409);
    expect(await acksOf(r.id)).toHaveLength(1);
    expect(await alertsOf(secretary, r.id)).toEqual([]);

    // The department's page for the referral shows it as the history's last event.
    const view = await secretary({ url: `/api/assessment/referrals/${r.id}` });
    expect(view.statusCode, view.body).toBe(200);
    expect((view.json() as AssessmentView).events.at(-1)).toMatchObject({
      kind: 'withdrawn_booking_acknowledged',
      fromStatus: 'cancelled',
      toStatus: 'cancelled',
    });
  });

  it('an acknowledgement whose history write fails leaves the alert open (one transaction)', async () => {
    const db = t.db.kysely;
    const r = await bookedAndWithdrawn(futureWorkingDay(17), '11:00');
    const [alert] = await alertsOf(secretary, r.id);
    // The history refuses this one event (a trigger on the real table), so the step fails after the alert's row was updated.
    await sql`CREATE FUNCTION flow32_refuse_ack() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.kind = 'withdrawn_booking_acknowledged' AND NEW.referral_id = ${sql.lit(r.id)} THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER flow32_refuse_ack BEFORE INSERT ON referral_event FOR EACH ROW EXECUTE FUNCTION flow32_refuse_ack()`.execute(db);
    try {
      const failed = await secretary({ method: 'POST', url: `/api/notifications/department-alerts/${alert.id}/acknowledge` });
      expect(failed.statusCode).toBeGreaterThanOrEqual(500);
    } finally {
      await sql`DROP TRIGGER flow32_refuse_ack ON referral_event`.execute(db);
      await sql`DROP FUNCTION flow32_refuse_ack()`.execute(db);
    }
    const row = await db
      .selectFrom('department_alert')
      .select(['acknowledged_at', 'acknowledged_by_person_id'])
      .where('id', '=', Number(alert.id))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ acknowledged_at: null, acknowledged_by_person_id: null });
    expect((await alertsOf(secretary, r.id)).map((a) => a.id)).toEqual([alert.id]);
    expect((await secretary({ method: 'POST', url: `/api/notifications/department-alerts/${alert.id}/acknowledge` })).statusCode).toBe(200);
    expect(await acksOf(r.id)).toHaveLength(1);
  });
});
