// The rules a referral's event history (referral_event) keeps, whoever wrote it: the live path
// (receipt.ts, actions.ts, booking, MPPS, reporting) or the synthetic generator. Events are read
// oldest first; each starts from the status the previous one left, and the last one leaves the
// referral's current status. Pure, so a test can hold any history against it.
import type { ReferralStatus } from '../db/schema.ts';

const OPEN: readonly ReferralStatus[] = ['submitted', 'accepted', 'info_requested', 'scheduled', 'performed', 'redirected', 'returned'];
// The statuses a referral may be ended from without an exam (assessment/closing.ts CLOSABLE_STATUSES).
const CLOSABLE: readonly ReferralStatus[] = ['submitted', 'info_requested', 'accepted', 'scheduled'];

/**
 * Per event kind: the statuses it may start from (null: none, the referral is new) and the status
 * it leaves ('same': unchanged). From the guards of the writers: assessment/actions.ts (only a
 * submitted referral is assessed; an answer only to an open request), assessment/referral-steps.ts (for scheduling)
 * and booking/service.ts (booking from submitted, accepted or scheduled; a cancelled booking, or an exam the
 * modality stopped (MPPS DISCONTINUED), back to accepted; performed from accepted, scheduled or submitted), reporting/store.ts (reported from anything but reported or cancelled),
 * assessment/closing.ts (closed without exam or withdrawn from submitted, info_requested, accepted or scheduled).
 */
export const EVENT_TRANSITIONS: Readonly<Record<string, { from: readonly (ReferralStatus | null)[]; to: ReferralStatus | 'same' }>> = {
  submitted: { from: [null], to: 'submitted' },
  info_requested: { from: ['submitted'], to: 'info_requested' },
  info_answered: { from: ['info_requested'], to: 'submitted' },
  accepted: { from: ['submitted'], to: 'accepted' },
  returned: { from: ['submitted'], to: 'returned' },
  redirected: { from: ['submitted'], to: 'submitted' },
  merged: { from: ['submitted'], to: 'cancelled' },
  merged_from: { from: OPEN, to: 'same' },
  scheduled: { from: ['submitted', 'accepted', 'scheduled'], to: 'scheduled' },
  booking_cancelled: { from: ['scheduled'], to: 'accepted' },
  // The modality stopped the booked exam (MPPS DISCONTINUED, referral-steps.ts referralBackToBooking): back to be booked.
  exam_discontinued: { from: ['scheduled'], to: 'accepted' },
  performed: { from: ['accepted', 'scheduled', 'submitted'], to: 'performed' },
  reported: { from: OPEN, to: 'reported' },
  // Ended without an exam (assessment/closing.ts): closed by the department, or withdrawn by the
  // referrer, while not yet performed; a booked step is cancelled with it.
  closed_without_exam: { from: CLOSABLE, to: 'cancelled' },
  withdrawn: { from: CLOSABLE, to: 'cancelled' },
  // A modality started (MPPS N-CREATE) the booked exam of a referral ended meanwhile
  // (scheduling/performed.ts through referral-steps.ts noteOnReferral): recorded for the department, the referral stays ended.
  exam_started_after_end: { from: ['cancelled'], to: 'same' },
  // Someone in the department acknowledged that warning (booking/after-end.ts).
  exam_after_end_acknowledged: { from: ['cancelled'], to: 'same' },
  // Someone in the department acknowledged the alert that the referrer withdrew a booked exam
  // (notifications/service.ts acknowledgeDepartmentAlert; the withdrawal left it cancelled).
  withdrawn_booking_acknowledged: { from: ['cancelled'], to: 'same' },
};

export interface HistoryEvent {
  /** ISO 8601 text or a Date. */
  at: string | Date;
  kind: string;
  from_status: string | null;
  to_status: string;
}

/**
 * What is wrong with a referral's event history (oldest first, as assessment/store.ts#referralEvents
 * reads it) for a referral now in `status`; an empty list when nothing is. Checks: there is a
 * history, it begins with 'submitted', times never go back, every kind is known and moves between
 * statuses it may, each event starts where the previous one ended, and the last one ends in `status`.
 */
export function eventHistoryProblems(events: readonly HistoryEvent[], status: string): string[] {
  const problems: string[] = [];
  if (events.length === 0) return ['no events'];
  if (events[0].kind !== 'submitted') problems.push(`first event is ${events[0].kind}, not submitted`);
  let previous: string | null = null;
  let previousAt = -Infinity;
  events.forEach((e, i) => {
    const at = typeof e.at === 'string' ? Date.parse(e.at) : e.at.getTime();
    if (!Number.isFinite(at)) problems.push(`event ${i} (${e.kind}) has no valid time`);
    else if (at < previousAt) problems.push(`event ${i} (${e.kind}) is earlier than the one before`);
    else previousAt = at;
    if (e.from_status !== previous)
      problems.push(`event ${i} (${e.kind}) starts from ${e.from_status ?? 'nothing'}, but the one before left ${previous ?? 'nothing'}`);
    const rule = EVENT_TRANSITIONS[e.kind];
    if (!rule) problems.push(`event ${i} has an unknown kind ${e.kind}`);
    else {
      if (!rule.from.includes(e.from_status as ReferralStatus | null)) problems.push(`event ${i} (${e.kind}) may not start from ${e.from_status ?? 'nothing'}`);
      const to = rule.to === 'same' ? e.from_status : rule.to;
      if (e.to_status !== to) problems.push(`event ${i} (${e.kind}) ends in ${e.to_status}, not ${to ?? 'nothing'}`);
    }
    previous = e.to_status;
  });
  if (previous !== status) problems.push(`the last event leaves ${previous ?? 'nothing'}, but the referral is ${status}`);
  return problems;
}
