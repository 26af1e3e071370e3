// Ending a referral without an exam (issue 8, the closing gap): the receiving department closes it
// ("avsluttet uten undersøkelse": the patient does not want it, no longer indicated, done elsewhere,
// repeated no-shows, the patient has died, other), or the referrer withdraws it ("trekker tilbake").
// Both end in status 'cancelled' with an event naming who, when and why (referral_event), and cancel
// any booked step in the same transaction, so the DICOM Modality Worklist no longer serves it.
// Like the assessment actions (actions.ts): read through the access gate (one access-log row, the
// refusal committed too), the version the user saw or 409, and 409 once the exam has begun or is done.
import type { Kysely, Transaction } from 'kysely';
import type { CloseReason } from '../../shared/api/assessment.ts';
import { gated, holdsRoleIn, requireDepartmentWork, requireReferral, type AssessmentKeys } from '../access/gate.ts';
import { primaryGrant, type Principal } from '../auth/principal.ts';
import type { DB, ReferralStatus } from '../db/schema.ts';
import { BOOKING_ROLES } from '../booking/service.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { cancelOpenStepsOfReferral } from '../scheduling/schedule.ts';
import type { AssessResult } from './actions.ts';
import * as store from './store.ts';
import { alertDepartment, notifyReferrer } from '../notifications/service.ts';
import { machineLabel } from '../../shared/booking-place.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The statuses a referral may be closed or withdrawn from: it is not yet performed, reported or ended. */
export const CLOSABLE_STATUSES: readonly ReferralStatus[] = ['submitted', 'info_requested', 'accepted', 'scheduled'];

/**
 * Roles of the receiving department that may close a referral without an exam: those that book it
 * (booking/service.ts BOOKING_ROLES: secretary, radiographer, radiologist, LIS, department leader),
 * in the receiving department or an organization above it — the booking actions' rule.
 */
export const CLOSE_ROLES = BOOKING_ROLES;

const stale = () =>
  new Conflict(
    'Henvisningen er endret av noen andre siden du åpnet den. Last inn på nytt og se hva som er gjort. / The referral was changed by someone else since you opened it; reload to see what was done.',
    [{ field: 'version', message: 'utdatert / stale' }],
  );

const notClosable = (status: string) =>
  new Conflict(
    status === 'performed' || status === 'reported'
      ? 'Undersøkelsen er utført; henvisningen kan ikke avsluttes eller trekkes tilbake / The exam has been performed; the referral cannot be closed or withdrawn'
      : 'Henvisningen er ikke lenger åpen / The referral is no longer open',
    [{ field: 'status', message: 'ikke åpen / not open' }],
  );

/**
 * Whether `p` may close this referral without an exam (what the department's page offers): it is in
 * a closable status and `p` holds one of CLOSE_ROLES in its receiving department. Decides only; the
 * action itself goes through the gate (`closeWithoutExam`).
 */
export async function mayCloseWithoutExam(db: Q, p: Principal, r: { status: string; department_org_id: string }): Promise<boolean> {
  return CLOSABLE_STATUSES.includes(r.status as ReferralStatus) && (await holdsRoleIn(db, p, r.department_org_id, CLOSE_ROLES));
}

/**
 * POST /api/assessment/referrals/{id}/close: the receiving department closes a referral without an
 * exam, with a reason from CLOSE_REASONS and an optional text (required for 'other'). The referral
 * becomes 'cancelled', its booked step (if any) is cancelled — the MWL no longer serves it — and a
 * 'closed_without_exam' event records who, when and why. Errors: 404 unknown; 403 (logged) for
 * anyone but CLOSE_ROLES of the receiving department; 400 'other' without a text; 409 when the
 * version is stale, or the referral is performed, reported or no longer open, or its exam has begun.
 */
export async function closeWithoutExam(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  input: { version: number; reason: CloseReason; text?: string },
  client: string | null,
  now = new Date(),
): Promise<AssessResult> {
  return gated(db, async (trx) => {
    const r = await store.referralForAssessment(trx, id);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    await requireDepartmentWork(trx, { kind: 'user', principal: p, ip: client }, r, CLOSE_ROLES, 'update', 'referral-close');
    const text = input.text?.trim() ?? '';
    if (input.reason === 'other' && !text)
      throw new Invalid('Skriv hvorfor henvisningen avsluttes / Write why the referral is closed', [
        { field: 'text', message: 'påkrevd for «annet» / required for “other”' },
      ]);
    const out = await endWithoutExam(trx, p, r, input.version, now, {
      kind: 'closed_without_exam',
      stepDetail: 'Henvisningen er avsluttet uten undersøkelse',
      actorRole: primaryGrant(p, CLOSE_ROLES)?.role ?? null,
      reasonCode: input.reason,
      reasonText: text || null,
    });
    // The referrer is told, with the reason in words, in the same transaction.
    await notifyReferrer(trx, { personId: r.referrer_person_id, referralId: r.id }, { kind: 'referral-closed', reason: input.reason, text: text || null }, now);
    return out;
  });
}

/**
 * POST /api/referrals/{id}/withdraw: the referrer (or a colleague covering for them, by the access
 * gate's rule) withdraws the referral while it is submitted, waiting for an answer, accepted or
 * booked; the text is optional. Same effects as `closeWithoutExam`, event kind 'withdrawn'. Errors:
 * 404; 403 for anyone but the referrer's side (logged); 409 as `closeWithoutExam`.
 */
export async function withdrawReferral(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  input: { version: number; text?: string },
  client: string | null,
  now = new Date(),
): Promise<AssessResult> {
  return gated(db, async (trx) => {
    const r = await store.referralForAssessment(trx, id);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    const d = await requireReferral(trx, { kind: 'user', principal: p, ip: client }, r, 'update', 'referral-withdraw');
    if (d.reason !== 'referrer' && d.reason !== 'cover')
      throw new Forbidden('Bare henviseren kan trekke tilbake henvisningen / Only the referrer may withdraw the referral');
    // The booked time (if any) as it stands before the withdrawal frees it: what the department is told.
    const booked = await store.liveAppointment(trx, r.id);
    const reasonText = input.text?.trim() || null;
    const out = await endWithoutExam(trx, p, r, input.version, now, {
      kind: 'withdrawn',
      stepDetail: 'Henviseren har trukket tilbake henvisningen',
      actorRole: 'referrer',
      reasonCode: null,
      reasonText,
    });
    // A booked exam withdrawn: its step is cancelled above (the slot is free, the worklist no longer
    // serves it), and the department gets an alert someone there acknowledges.
    if (booked)
      await alertDepartment(
        trx,
        {
          departmentId: r.department_org_id,
          referralId: r.id,
          kind: 'booked-withdrawn',
          slot: { date: booked.date, start: booked.time },
          machineName: machineLabel(booked.machine_name, booked.site_name),
          reasonText,
        },
        now,
      );
    return out;
  });
}

/** The shared end: status and version checks, the booked step cancelled, status 'cancelled', the event. */
async function endWithoutExam(
  trx: Transaction<DB>,
  p: Principal,
  r: AssessmentKeys & { version: number },
  version: number,
  now: Date,
  e: { kind: 'closed_without_exam' | 'withdrawn'; stepDetail: string; actorRole: string | null; reasonCode: string | null; reasonText: string | null },
): Promise<AssessResult> {
  if (!CLOSABLE_STATUSES.includes(r.status as ReferralStatus)) throw notClosable(r.status);
  if (r.version !== version) throw stale();
  // The modality has begun the exam (MPPS IN PROGRESS): it is no longer the department's to call off here.
  const cancelled = await cancelOpenStepsOfReferral(trx, { referralId: r.id, actorUserId: p.userId, reason: e.stepDetail }, now);
  if (cancelled === 'started')
    throw new Conflict('Undersøkelsen er startet på laben / The exam has started at the scanner', [{ field: 'status', message: 'startet / started' }]);
  const next = await store.updateReferralIf(trx, r.id, version, CLOSABLE_STATUSES, { status: 'cancelled' });
  if (next === undefined) throw stale();
  await store.insertReferralEvent(trx, {
    referralId: r.id,
    kind: e.kind,
    fromStatus: r.status,
    toStatus: 'cancelled',
    actorUserId: p.userId,
    actorPersonId: p.personId,
    actorRole: e.actorRole,
    reasonCode: e.reasonCode,
    reasonText: e.reasonText,
    data: cancelled.length ? { cancelledSteps: cancelled } : undefined,
    at: now,
  });
  return { id: r.id, status: 'cancelled', version: next };
}
