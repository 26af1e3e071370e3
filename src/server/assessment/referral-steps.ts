// What other domains' steps do to a referral's status and history (referral, referral_event): the
// exam booked or started again (scheduling), performed or stopped at the scanner (MPPS), and notes
// that leave the status as it is (an exam started after the referral ended, the department's
// acknowledgements). Scheduling, booking and notifications call these inside the transaction of
// their own step, so only assessment's store writes these tables, and a rolled-back step leaves no
// event. Each moves the status only from the statuses assessment/event-history.ts allows for its
// event kind, and writes the event only when the status moved (or, for a note, when the referral is
// in the status the note is for).
import type { Kysely, Transaction } from 'kysely';
import type { DB, ReferralStatus } from '../db/schema.ts';
import * as store from './store.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Who did a step, for the referral's history: a user (with their person and role), or a machine (`role` 'modality'). */
export interface StepActor {
  userId: string | null;
  personId?: string | null;
  role?: string | null;
}

const BOOKABLE: readonly ReferralStatus[] = ['submitted', 'accepted'];
const PERFORMABLE: readonly ReferralStatus[] = ['accepted', 'scheduled', 'submitted'];

/**
 * The referral's exam is booked (or a stopped exam was started again at the modality): status
 * 'scheduled' with `scheduled_at` = `at`, and a 'scheduled' event, only from 'submitted' or
 * 'accepted' — a second step of a referral already scheduled changes nothing. Returns whether it moved.
 */
export async function referralScheduled(db: Q, referralId: string, at: Date, actor: StepActor = { userId: null }): Promise<boolean> {
  const before = await store.referralStatusForUpdate(db, referralId);
  if (!before || !BOOKABLE.includes(before)) return false;
  await store.setReferralStatus(db, referralId, { status: 'scheduled', scheduled_at: at });
  await store.insertReferralEvent(db, {
    referralId,
    kind: 'scheduled',
    fromStatus: before,
    toStatus: 'scheduled',
    actorUserId: actor.userId,
    actorPersonId: actor.personId ?? null,
    actorRole: actor.role ?? null,
    at,
  });
  return true;
}

/**
 * The modality reported the exam performed (MPPS COMPLETED) at `at`: status 'performed' with
 * `performed_at`, and a 'performed' event (actor role 'modality'), only from 'accepted', 'scheduled'
 * or 'submitted'. Returns whether it moved (a second completed step of the referral moves nothing).
 */
export async function referralPerformed(db: Q, referralId: string, at: Date): Promise<boolean> {
  const before = await store.referralStatusForUpdate(db, referralId);
  if (!before || !PERFORMABLE.includes(before)) return false;
  await store.setReferralStatus(db, referralId, { status: 'performed', performed_at: at });
  await store.insertReferralEvent(db, {
    referralId,
    kind: 'performed',
    fromStatus: before,
    toStatus: 'performed',
    actorUserId: null,
    actorPersonId: null,
    actorRole: 'modality',
    at,
  });
  return true;
}

/**
 * The modality stopped the booked exam (MPPS DISCONTINUED): a 'scheduled' referral goes back to
 * 'accepted' — the booking queue — with `scheduled_at` cleared, as a cancelled booking does, and an
 * 'exam_discontinued' event (actor role 'modality') with the reason the modality gave (DICOM PS3.16
 * CID 9300: the code as `reason_code` "scheme:value", at most 100 characters; its meaning as
 * `reason_text`) and `data` (the step and accession number). Nothing when it is not 'scheduled'.
 * Returns whether it moved.
 */
export async function referralBackToBooking(
  db: Q,
  referralId: string,
  at: Date,
  reason: { scheme: string | null; value: string | null; meaning: string | null } | null,
  data: unknown,
): Promise<boolean> {
  const before = await store.referralStatusForUpdate(db, referralId);
  if (before !== 'scheduled') return false;
  await store.setReferralStatus(db, referralId, { status: 'accepted', scheduled_at: null, updated_at: at });
  await store.insertReferralEvent(db, {
    referralId,
    kind: 'exam_discontinued',
    fromStatus: 'scheduled',
    toStatus: 'accepted',
    actorUserId: null,
    actorPersonId: null,
    actorRole: 'modality',
    reasonCode: reason?.value ? `${reason.scheme ?? ''}:${reason.value}`.slice(0, 100) : null,
    reasonText: reason?.meaning ?? null,
    data,
    at,
  });
  return true;
}

/** The events that note something on a referral without changing its status, all about an ended ('cancelled') referral. */
export type ReferralNoteKind = 'exam_started_after_end' | 'exam_after_end_acknowledged' | 'withdrawn_booking_acknowledged';

/**
 * Notes `kind` on the referral's history, its status unchanged: 'exam_started_after_end' (a modality
 * started the exam of an ended referral, scheduling/performed.ts), 'exam_after_end_acknowledged'
 * (booking/after-end.ts) and 'withdrawn_booking_acknowledged' (notifications/service.ts), with
 * `data` as the writer keeps it. Each is about an ended referral: writes nothing and returns false
 * when the referral is not 'cancelled' (or does not exist).
 */
export async function noteOnReferral(db: Q, referralId: string, kind: ReferralNoteKind, actor: StepActor, data: unknown, at: Date): Promise<boolean> {
  const status = await store.referralStatusForUpdate(db, referralId);
  if (status !== 'cancelled') return false;
  await store.insertReferralEvent(db, {
    referralId,
    kind,
    fromStatus: status,
    toStatus: status,
    actorUserId: actor.userId,
    actorPersonId: actor.personId ?? null,
    actorRole: actor.role ?? null,
    reasonCode: null,
    reasonText: null,
    data,
    at,
  });
  return true;
}
