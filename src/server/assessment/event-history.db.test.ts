// The live writers of a referral's later states (booking, the final report) leave the events the
// referral page and waiting times read (scheduling/store.ts, reporting/store.ts), so a referral's history chains from
// "submitted" to its current status, as eventHistoryProblems requires of every history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { markReported } from '../reporting/store.ts';
import { referralScheduled } from './referral-steps.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { eventHistoryProblems } from './event-history.ts';
import { recordReferralEvent } from './receipt.ts';
import { referralEvents } from './store.ts';

let db: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
});
afterAll(async () => {
  await drop?.();
});

describe('referral events of booking and reporting', () => {
  it('records booked and reported once each, at the times the referral row records, chained to the assessment events', async () => {
    const k = db.kysely;
    const dept = await createOrganization(k, { kind: 'department' });
    const practice = await createOrganization(k, { kind: 'gp_practice' });
    const gp = await createUser(k, { grants: [{ role: 'referrer', organizationId: practice }], referrerKind: 'gp' });
    const patient = await createPatient(k);
    const id = await createReferral(k, { patientId: patient.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept });
    const actor = { actorUserId: null, actorPersonId: null, actorRole: null };
    await recordReferralEvent(k, {
      referralId: id,
      kind: 'submitted',
      fromStatus: null,
      toStatus: 'submitted',
      ...actor,
      at: new Date('2026-03-02T09:00:00Z'),
    });
    await k.updateTable('referral').set({ status: 'accepted' }).where('id', '=', id).execute();
    await recordReferralEvent(k, {
      referralId: id,
      kind: 'accepted',
      fromStatus: 'submitted',
      toStatus: 'accepted',
      ...actor,
      at: new Date('2026-03-03T10:00:00Z'),
    });

    const booked = new Date('2026-03-03T11:00:00Z');
    await referralScheduled(k, id, booked);
    // Booking again (a new time) keeps the status: no second event.
    await referralScheduled(k, id, new Date('2026-03-04T08:00:00Z'));
    const reported = new Date('2026-03-09T14:00:00Z');
    await markReported(k, 'no-such-exam', id, reported, { userId: gp.userId, personId: gp.personId, role: 'radiologist' });

    const history = await referralEvents(k, id);
    expect(history.map((e) => [e.kind, e.from_status, e.to_status])).toEqual([
      ['submitted', null, 'submitted'],
      ['accepted', 'submitted', 'accepted'],
      ['scheduled', 'accepted', 'scheduled'],
      ['reported', 'scheduled', 'reported'],
    ]);
    expect(new Date(history[2].at).toISOString()).toBe(booked.toISOString());
    expect(new Date(history[3].at).toISOString()).toBe(reported.toISOString());
    expect(eventHistoryProblems(history, 'reported')).toEqual([]);
  });
});
