// Receiving a referral (from the app or FHIR): stored with its assessment deadline (assessment
// domain, pasient- og brukerrettighetsloven § 2-2) and a timestamped "submitted" event, in the
// caller's transaction.
import type { Kysely, Transaction } from 'kysely';
import { assessmentDueDateFor, recordReferralEvent } from '../assessment/receipt.ts';
import type { DB } from '../db/schema.ts';
import * as store from './store.ts';

/** Inserts a sent referral with its assessment due date and records the "submitted" event. Returns the due date (YYYY-MM-DD). */
export async function receiveReferral(
  trx: Kysely<DB> | Transaction<DB>,
  r: store.NewReferral,
  actor: { userId: string | null; personId: string | null; role: string | null },
  now: Date,
): Promise<string> {
  const text = [r.clinicalQuestion?.trim(), r.clinicalNote?.trim()].filter(Boolean).join('. ');
  const due = await assessmentDueDateFor(trx, r.departmentOrgId, { urgency: r.urgency, indication: r.indication, facts: r.facts, text }, now);
  await store.insertReferral(trx, { ...r, assessmentDueDate: due.dueDate });
  await recordReferralEvent(trx, {
    referralId: r.id,
    kind: 'submitted',
    fromStatus: null,
    toStatus: 'submitted',
    actorUserId: actor.userId,
    actorPersonId: actor.personId,
    actorRole: actor.role,
    reasonCode: due.reason,
    data: { assessmentDueDate: due.dueDate, workingDays: due.workingDays, source: r.source },
  });
  return due.dueDate;
}
