import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { bookingFixture } from './booking.fixture.ts';
import { ensureDemoBooking } from './demo.ts';

let db: Database;
let drop: () => Promise<void>;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let emergencyId: string;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  f = await bookingFixture(db.kysely);
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await f.referral({ status: 'submitted', examCode: i % 2 === 0 ? 'SNG0AG' : 'SSC0AA' })).id);
  // The referrer asked for acute help on one of the first referrals.
  await db.kysely.updateTable('referral').set({ urgency: 'emergency' }).where('id', '=', ids[1]!).execute();
  emergencyId = ids[1]!;
});

afterAll(async () => {
  await drop?.();
});

describe('demo booking data', () => {
  it('fills the department queue with accepted referrals (priority, due date), a patient with two exams, and direct booking of a chest X-ray', async () => {
    const now = new Date('2026-12-01T08:00:00Z');
    const first = await ensureDemoBooking(db.kysely, now);
    expect(first.accepted).toBeGreaterThanOrEqual(14);
    const accepted = await db.kysely
      .selectFrom('referral')
      .select(['id', 'patient_id', 'priority_category', 'exam_due_date', 'assessed_at', 'urgency'])
      .where('department_org_id', '=', f.dept)
      .where('status', '=', 'accepted')
      .execute();
    expect(accepted.length).toBe(15); // 14 + the second exam of one patient
    expect(accepted.every((r) => r.priority_category && r.exam_due_date && r.assessed_at)).toBe(true);
    // Each acceptance is on the referral's history (the referral page), with its priority.
    const events = await db.kysely
      .selectFrom('referral_event')
      .select(['referral_id', 'reason_code'])
      .where('kind', '=', 'accepted')
      .where(
        'referral_id',
        'in',
        accepted.map((r) => r.id),
      )
      .execute();
    expect(new Map(events.map((e) => [e.referral_id, e.reason_code]))).toEqual(new Map(accepted.map((r) => [r.id, r.priority_category])));
    // Øyeblikkelig hjelp only where the referrer asked for it, and then due the same day.
    const emergencies = accepted.filter((r) => r.priority_category === 'emergency');
    expect(emergencies.map((r) => r.id)).toEqual([emergencyId]);
    expect(emergencies[0]!.exam_due_date).toBe('2026-12-01');
    expect(accepted.filter((r) => r.id !== emergencyId).every((r) => r.exam_due_date! > '2026-12-01')).toBe(true);
    const perPatient = new Map<string, number>();
    for (const r of accepted) perPatient.set(r.patient_id, (perPatient.get(r.patient_id) ?? 0) + 1);
    expect([...perPatient.values()].some((n) => n === 2)).toBe(true);
    const setting = await db.kysely.selectFrom('department_booking_setting').selectAll().where('department_org_id', '=', f.dept).executeTakeFirstOrThrow();
    expect(setting.direct_booking_exam_codes).toEqual(['SSC0AA']);
    // The other department has a secretary but no submitted referrals: nothing to accept.
    // A second start changes nothing.
    const again = await ensureDemoBooking(db.kysely, now);
    expect(again.accepted).toBe(0);
  });
});
