// A slot cannot be double-booked, proven on PostgreSQL with real concurrent transactions: many
// secretaries book the same machine and time for different referrals at once → exactly one
// succeeds, every other gets 409, and the machine has one live step then. Runs only when
// TEST_DATABASE_URL points at PostgreSQL (PGlite has one connection, so nothing runs at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../config.ts';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { isSlotTaken, scheduleProcedureStep } from '../scheduling/schedule.ts';
import { retryTransient } from '../db/retry.ts';
import { bookingFixture, futureWorkingDay } from './booking.fixture.ts';

const onPostgres = Boolean(testDatabaseUrl());

describe.runIf(onPostgres)('double booking on PostgreSQL', () => {
  let t: TestContext;
  let f: Awaited<ReturnType<typeof bookingFixture>>;

  beforeAll(async () => {
    t = await createTestContext();
    f = await bookingFixture(t.db.kysely);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('many concurrent bookings of one slot over HTTP: exactly one 201, the rest 409', async () => {
    const N = 12;
    const secretaries = await Promise.all(Array.from({ length: 3 }, () => login(t.app, f.secretary.username, f.secretary.password)));
    const referrals = [];
    for (let i = 0; i < N; i++) referrals.push(await f.referral());
    const day = futureWorkingDay(10);
    const answers = await Promise.all(
      referrals.map((r, i) =>
        as(
          t.app,
          secretaries[i % secretaries.length],
        )({
          method: 'POST',
          url: `/api/booking/referrals/${r.id}/book`,
          payload: { version: 1, modalityId: f.mr, date: day, start: '09:00' },
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    // On failure, say what the others got (a deadlock between the simultaneous inserts once gave 500s).
    const odd = answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 409).map((a) => `${a.statusCode} ${a.body.slice(0, 160)}`);
    expect(odd, odd.join('\n')).toEqual([]);
    expect(codes.filter((c) => c === 409)).toHaveLength(N - 1);
    const live = await t.db.kysely
      .selectFrom('scheduled_procedure_step')
      .select('id')
      .where('modality_id', '=', f.mr)
      .where('start_date', '=', day)
      .where('status', '=', 'scheduled')
      .execute();
    expect(live).toHaveLength(1);
    const booked = await t.db.kysely
      .selectFrom('referral')
      .select('id')
      .where(
        'id',
        'in',
        referrals.map((r) => r.id),
      )
      .where('status', '=', 'scheduled')
      .execute();
    expect(booked).toHaveLength(1);
  });

  it('the exclusion constraint alone decides between simultaneous transactions (no application check in between)', async () => {
    const N = 8;
    const referrals = [];
    for (let i = 0; i < N; i++) referrals.push(await f.referral());
    const day = futureWorkingDay(11);
    // Overlapping, not identical, times: 10:00, 10:05, … all within one 20-minute CT exam of each other.
    const results = await Promise.allSettled(
      // Simultaneous inserts can deadlock on the constraint; the service retries those (db/retry.ts).
      referrals.map((r, i) =>
        retryTransient(() =>
          scheduleProcedureStep(t.db.kysely, {
            referralId: r.id,
            modalityId: f.ct,
            startDate: day,
            startTime: `10:${String(i).padStart(2, '0')}`,
            durationMinutes: 20,
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(N - 1);
    expect(rejected.every((r) => isSlotTaken(r.reason))).toBe(true);
  });
});

describe.skipIf(onPostgres)('double booking (PGlite)', () => {
  it('is proven on PostgreSQL: run with RADVIS_TEST_ENGINE=postgres TEST_DATABASE_URL=…', () => {
    expect(onPostgres).toBe(false);
  });
});
