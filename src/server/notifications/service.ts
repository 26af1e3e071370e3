// Notifications (issue 8): what radiology tells the people outside the step that happened.
// - The referrer's "Meldinger fra radiologien" (messages from radiology): reports (reporting/), and
//   the department's steps on their referrals — returned with the reason, more information asked for
//   (the question quoted), closed without an exam (the reason in words), merged into a duplicate,
//   redirected to another unit, booked, moved or cancelled (the Oslo time), and the exam stopped at
//   the scanner (MPPS DISCONTINUED, the reason in words: DICOM PS3.16 CID 9300).
// - The receiving department's alerts: a booked exam withdrawn by the referrer (its time is already
//   free and the worklist no longer serves it), shown on the booking page until someone there
//   acknowledges it (who and when kept on the row; the acknowledgement is in the access log).
// The other domains call `notifyReferrer` / `alertDepartment` inside the transaction of their step,
// so a refused or rolled-back step tells no one; only notifications/store.ts writes these tables.
import type { Kysely, Transaction } from 'kysely';
import type { CloseReason } from '../../shared/api/assessment.ts';
import type { DepartmentAlert, Notifications } from '../../shared/api/notifications.ts';
import { examNameIn } from '../../shared/exam-label.ts';
import { gated, requireDepartmentWork, scopeOf, type Who } from '../access/gate.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import type { Principal } from '../auth/principal.ts';
import type { DB, Role } from '../db/schema.ts';
import { Conflict, Forbidden, NotFound } from '../http/errors.ts';
import { noteOnReferral } from '../assessment/referral-steps.ts';
import { discontinuationReasonText } from '../interop/dicom/discontinuation-reasons.ts';
import * as store from './store.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A booked time as people read it: Oslo wall clock, date YYYY-MM-DD and start HH:MM. */
export interface SlotTime {
  date: string;
  start: string;
}

/**
 * What a referrer is told, by kind, with the details each kind carries:
 * - reports (reporting/service.ts): 'report-final', 'report-addendum', 'report-preliminary', 'report-changed';
 * - 'referral-returned': the return reason (assessment/priorities.ts RETURN_REASONS) and the assessor's text;
 * - 'info-requested': the department's question, as written (quoted to the referrer);
 * - 'referral-closed': closed without an exam, the reason (CLOSE_REASONS) and the department's text;
 * - 'referral-merged': merged as a duplicate into `intoReferralId` (the patient's other open referral);
 * - 'referral-redirected': sent on to `toOrganizationId` (a department or private institute in the region);
 * - 'exam-booked', 'booking-cancelled' (the cancelled time);
 * - 'booking-changed': the new time and `siteId`, the site of the machine it is now on (the place the
 *   patient goes; a move to another site at the same time is news, booking/service.ts);
 * - 'exam-discontinued': the modality stopped the exam (MPPS DISCONTINUED): the CID 9300 code as
 *   stored ('DCM:110514') and the meaning the modality sent, either possibly null.
 */
export type ReferrerNotice =
  | { kind: 'report-final' | 'report-addendum' | 'report-preliminary' | 'report-changed' }
  | { kind: 'referral-returned'; reason: string; text: string | null }
  | { kind: 'info-requested'; question: string }
  | { kind: 'referral-closed'; reason: CloseReason; text: string | null }
  | { kind: 'referral-merged'; intoReferralId: string }
  | { kind: 'referral-redirected'; toOrganizationId: string }
  | { kind: 'exam-booked' | 'booking-cancelled'; slot: SlotTime }
  | { kind: 'booking-changed'; slot: SlotTime; siteId: string }
  | { kind: 'exam-discontinued'; code: string | null; meaning: string | null };

/** The columns one notice fills (pure; the rest stay null). */
export function noticeColumns(n: ReferrerNotice): Omit<store.ReferrerNotificationRow, 'personId' | 'referralId' | 'at'> {
  switch (n.kind) {
    case 'report-final':
    case 'report-addendum':
    case 'report-preliminary':
    case 'report-changed':
      return { kind: n.kind };
    case 'referral-returned':
    case 'referral-closed':
      return { kind: n.kind, reasonCode: n.reason, reasonText: n.text };
    case 'info-requested':
      return { kind: n.kind, reasonText: n.question };
    case 'referral-merged':
      return { kind: n.kind, otherReferralId: n.intoReferralId };
    case 'referral-redirected':
      return { kind: n.kind, otherOrgId: n.toOrganizationId };
    case 'exam-booked':
    case 'booking-cancelled':
      return { kind: n.kind, slot: n.slot };
    case 'booking-changed':
      return { kind: n.kind, slot: n.slot, otherOrgId: n.siteId };
    case 'exam-discontinued':
      return { kind: n.kind, reasonCode: n.code, reasonText: n.meaning };
  }
}

/**
 * Tells the referrer `to.personId` of a step on their referral `to.referralId` (one row in their
 * messages from radiology, unread). Call it inside the transaction that writes the step, after the
 * step is known to have happened, so a refused step writes none.
 */
export async function notifyReferrer(db: Q, to: { personId: string; referralId: string }, notice: ReferrerNotice, at: Date): Promise<void> {
  await store.insertReferrerNotification(db, { personId: to.personId, referralId: to.referralId, at, ...noticeColumns(notice) });
}

/** How many notifications the list shows at most (the unread count covers them all). */
export const NOTIFICATIONS_SHOWN = 50;

type Row = Awaited<ReturnType<typeof store.referrerNotifications>>[number];

/** One stored row as the API gives it, in `locale` (pure apart from the CID 9300 table read once). */
export function notificationView(r: Row, locale: 'nb' | 'en'): Notifications['items'][number] {
  const reason = r.reason_code ? { reason: r.reason_code, text: r.reason_text } : null;
  return {
    id: Number(r.id),
    kind: r.kind,
    at: new Date(r.created_at).toISOString(),
    read: !!r.read_at,
    referralId: r.referral_id,
    examName: examNameIn(locale, r.exam_name, r.exam_name_en),
    patientName: r.patient_name,
    returnReason: r.kind === 'referral-returned' ? reason : null,
    closeReason: r.kind === 'referral-closed' && reason ? { reason: reason.reason as CloseReason, text: reason.text } : null,
    question: r.kind === 'info-requested' ? r.reason_text : null,
    slot: r.slot_date && r.slot_start ? { date: r.slot_date, start: r.slot_start } : null,
    mergedInto:
      r.kind === 'referral-merged' && r.other_referral_id
        ? { referralNumber: Number(r.other_referral_number), examName: examNameIn(locale, r.other_exam_name ?? '', r.other_exam_name_en) }
        : null,
    redirectedTo: r.kind === 'referral-redirected' ? r.other_org_name : null,
    place: r.kind === 'booking-changed' ? r.other_org_name : null,
    stopReason: r.kind === 'exam-discontinued' ? discontinuationReasonText(r.reason_code, r.reason_text, locale) : null,
  };
}

/**
 * GET /api/reporting/notifications: the referrer's newest notifications (NOTIFICATIONS_SHOWN, newest
 * first) and how many of all of theirs are unread. Names the patients: one list-access row (none for
 * an empty list).
 */
export async function myNotifications(db: Kysely<DB>, p: Principal, ip: string | null): Promise<Notifications> {
  return db.transaction().execute(async (trx) => {
    const rows = await store.referrerNotifications(trx, p.personId, NOTIFICATIONS_SHOWN);
    await logListAccess(trx, actorFromPrincipal(p, ip, ['referrer']), {
      patientIds: [...new Set(rows.map((r) => r.patient_id))],
      resourceType: 'DiagnosticReport',
      action: 'search',
      context: 'report-notifications',
    });
    const locale = p.locale === 'en' ? 'en' : 'nb';
    return { unread: await store.unreadReferrerNotifications(trx, p.personId), items: rows.map((r) => notificationView(r, locale)) };
  });
}

/**
 * POST /api/reporting/notifications/read: marks the user's notifications read — those about one
 * referral when `referralId` is given (opening that referral's page), else all. Touches only the
 * user's own rows, so an unknown or another's referral id marks nothing. Returns how many.
 */
export async function readNotifications(db: Kysely<DB>, p: Principal, referralId?: string, now = new Date()): Promise<number> {
  return store.markReferrerNotificationsRead(db, p.personId, now, referralId);
}

// ---- the receiving department's alerts ----

/**
 * Alerts the receiving department `a.departmentId` that the referrer withdrew a booked exam
 * ('booked-withdrawn'): the freed time (Oslo wall clock) and machine as it was booked, and the
 * referrer's words. Call it in the withdrawal's transaction (assessment/closing.ts).
 */
export async function alertDepartment(
  db: Q,
  a: { departmentId: string; referralId: string; kind: 'booked-withdrawn'; slot: SlotTime | null; machineName: string | null; reasonText: string | null },
  at: Date,
): Promise<void> {
  await store.insertDepartmentAlert(db, { ...a, at });
}

/**
 * GET /api/notifications/department-alerts: the open alerts of the departments where the caller
 * holds one of `roles` (the booking roles), oldest first; with `referralId` (?referralId=, the
 * department's page for that referral) only that referral's — the same scope, so a referral of
 * another department (or an unknown id) gives an empty list, never another department's alert. One
 * access-log row naming the patients (none when empty); anyone else gets an empty list.
 */
export async function departmentAlerts(db: Kysely<DB>, who: Who, roles: readonly Role[], referralId?: string): Promise<DepartmentAlert[]> {
  if (who.kind !== 'user') throw new Forbidden('Bare innloggede brukere / Only logged-in users');
  const p = who.principal;
  return db.transaction().execute(async (trx) => {
    const rows = await store.openDepartmentAlerts(trx, await scopeOf(trx, p, roles), referralId);
    await logListAccess(trx, actorFromPrincipal(p, who.ip, roles), {
      patientIds: rows.map((r) => r.patient_id),
      resourceType: 'ServiceRequest',
      resourceId: 'department-alerts',
      action: 'search',
      context: 'department-alerts',
    });
    const locale = p.locale === 'en' ? 'en' : 'nb';
    return rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      at: new Date(r.created_at).toISOString(),
      referralId: r.referral_id,
      referralNumber: Number(r.referral_number),
      patientName: `${r.given_name} ${r.family_name}`,
      birthDate: r.birth_date,
      examName: examNameIn(locale, r.exam_name, r.exam_name_en),
      slot: r.slot_date && r.slot_start ? { date: r.slot_date, start: r.slot_start } : null,
      machineName: r.machine_name,
      reasonText: r.reason_text,
    }));
  });
}

/**
 * POST /api/notifications/department-alerts/:id/acknowledge: someone in the receiving department (one
 * of `roles`) has seen the alert, on the booking page or the referral's own page. Keeps who and when
 * on the alert and, in the same transaction, an event on the referral's history
 * ('withdrawn_booking_acknowledged', status unchanged, the freed time in its data; through
 * assessment/referral-steps.ts). The access gate logs the act (context department-alert-ack, allowed or
 * refused). Unknown id → 404; another department → 403 (logged, nothing else written); already
 * acknowledged → 409 naming who did it (nothing written).
 */
export async function acknowledgeDepartmentAlert(
  db: Kysely<DB>,
  who: Who,
  id: string,
  roles: readonly Role[],
  now = new Date(),
): Promise<{ id: string; acknowledgedAt: string; acknowledgedBy: string }> {
  if (who.kind !== 'user') throw new Forbidden('Bare innloggede brukere / Only logged-in users');
  const p = who.principal;
  if (!/^\d{1,15}$/.test(id)) throw new NotFound('Fant ikke varselet / No such alert');
  return gated(db, async (trx) => {
    const a = await store.departmentAlertForAck(trx, Number(id));
    if (!a) throw new NotFound('Fant ikke varselet / No such alert');
    // Refused (another department): the gate's row is committed, nothing else changes.
    await requireDepartmentWork(trx, who, { ...a, id: a.referral_id }, roles, 'update', 'department-alert-ack');
    if (!(await store.acknowledgeDepartmentAlert(trx, a.id, p.personId, now)))
      throw new Conflict(`Allerede kvittert av ${a.acknowledged_by_name ?? 'en annen'} / Already acknowledged by ${a.acknowledged_by_name ?? 'someone else'}`);
    await noteOnReferral(
      trx,
      a.referral_id,
      'withdrawn_booking_acknowledged',
      { userId: p.userId, personId: p.personId ?? null, role: actorFromPrincipal(p, who.ip, roles).role },
      { alertId: Number(a.id), slotDate: a.slot_date, slotStart: a.slot_start, machineName: a.machine_name },
      now,
    );
    return { id, acknowledgedAt: now.toISOString(), acknowledgedBy: p.name };
  });
}
