// The notifications domain's SQL (the only place that writes referrer_notification and
// department_alert): the referrer's messages from radiology (reports and the department's steps on
// their referrals) and the receiving department's alerts (a booked exam withdrawn by the referrer).
// The lists join the referral, exam, patient and organization rows they name, read-only.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, ReferrerNotificationKind } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** One referrer notification as written (the details each kind carries, notifications/service.ts). */
export interface ReferrerNotificationRow {
  personId: string;
  referralId: string;
  kind: ReferrerNotificationKind;
  at: Date;
  reasonCode?: string | null;
  reasonText?: string | null;
  slot?: { date: string; start: string } | null;
  otherReferralId?: string | null;
  otherOrgId?: string | null;
}

/** Writes one referrer notification (call it inside the transaction of the step it tells of). */
export async function insertReferrerNotification(db: Q, n: ReferrerNotificationRow): Promise<void> {
  await db
    .insertInto('referrer_notification')
    .values({
      person_id: n.personId,
      referral_id: n.referralId,
      kind: n.kind,
      created_at: n.at,
      reason_code: n.reasonCode ?? null,
      reason_text: n.reasonText ?? null,
      slot_date: n.slot?.date ?? null,
      slot_start: n.slot?.start ?? null,
      other_referral_id: n.otherReferralId ?? null,
      other_org_id: n.otherOrgId ?? null,
    })
    .execute();
}

/** The referrer's newest `limit` notifications, with the exam, patient and the other referral or unit they name. */
export async function referrerNotifications(db: Q, personId: string, limit: number) {
  return db
    .selectFrom('referrer_notification as n')
    .innerJoin('referral as r', 'r.id', 'n.referral_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .leftJoin('referral as o', 'o.id', 'n.other_referral_id')
    .leftJoin('exam_code as oc', 'oc.code', 'o.exam_code')
    .leftJoin('organization as u', 'u.id', 'n.other_org_id')
    .select([
      'n.id',
      'n.kind',
      'n.created_at',
      'n.read_at',
      'n.referral_id',
      'n.reason_code',
      'n.reason_text',
      sql<string | null>`to_char(n.slot_date, 'YYYY-MM-DD')`.as('slot_date'),
      sql<string | null>`to_char(n.slot_start, 'HH24:MI')`.as('slot_start'),
      'r.patient_id',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      sql<string>`p.given_name || ' ' || p.family_name`.as('patient_name'),
      'o.id as other_referral_id',
      'o.referral_number as other_referral_number',
      'oc.name as other_exam_name',
      'oc.name_en as other_exam_name_en',
      'u.name as other_org_name',
    ])
    .where('n.person_id', '=', personId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
}

/** How many of the referrer's notifications are unread (all of them, not only the newest shown). */
export async function unreadReferrerNotifications(db: Q, personId: string): Promise<number> {
  const r = await db
    .selectFrom('referrer_notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Marks `personId`'s unread notifications read at `at`: only those about `referralId` when given (the
 * referrer opened that referral's page), else all of them. Returns how many.
 */
export async function markReferrerNotificationsRead(db: Q, personId: string, at: Date, referralId?: string): Promise<number> {
  let q = db.updateTable('referrer_notification').set({ read_at: at }).where('person_id', '=', personId).where('read_at', 'is', null);
  if (referralId !== undefined) q = q.where('referral_id', '=', referralId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- the department's alerts (migration 0426) ----

/** Writes one alert to the receiving department (inside the transaction of the step it tells of). */
export async function insertDepartmentAlert(
  db: Q,
  a: {
    departmentId: string;
    referralId: string;
    kind: 'booked-withdrawn';
    at: Date;
    slot: { date: string; start: string } | null;
    machineName: string | null;
    reasonText: string | null;
  },
): Promise<void> {
  await db
    .insertInto('department_alert')
    .values({
      department_org_id: a.departmentId,
      referral_id: a.referralId,
      kind: a.kind,
      created_at: a.at,
      slot_date: a.slot?.date ?? null,
      slot_start: a.slot?.start ?? null,
      machine_name: a.machineName,
      reason_text: a.reasonText,
    })
    .execute();
}

/**
 * The open (unacknowledged) alerts of the departments `departmentIds`, oldest first, with the patient
 * and exam; only those of `referralId` when given (the referral's own page).
 */
export async function openDepartmentAlerts(db: Q, departmentIds: readonly string[], referralId?: string) {
  if (departmentIds.length === 0) return [];
  let q = db
    .selectFrom('department_alert as a')
    .innerJoin('referral as r', 'r.id', 'a.referral_id')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .select([
      'a.id',
      'a.kind',
      'a.created_at',
      'a.referral_id',
      'a.machine_name',
      'a.reason_text',
      sql<string | null>`to_char(a.slot_date, 'YYYY-MM-DD')`.as('slot_date'),
      sql<string | null>`to_char(a.slot_start, 'HH24:MI')`.as('slot_start'),
      'r.referral_number',
      'r.patient_id',
      'p.given_name',
      'p.family_name',
      sql<string>`to_char(p.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
      'c.name as exam_name',
      'c.name_en as exam_name_en',
    ])
    .where('a.department_org_id', 'in', [...departmentIds])
    .where('a.acknowledged_at', 'is', null);
  if (referralId !== undefined) q = q.where('a.referral_id', '=', referralId);
  return q.orderBy('a.created_at').orderBy('a.id').execute();
}

/**
 * One alert with the referral keys the access gate decides on (the alert's department as the
 * receiving one) and the freed time as booked (for the referral's history).
 */
export async function departmentAlertForAck(db: Q, id: number) {
  return db
    .selectFrom('department_alert as a')
    .innerJoin('referral as r', 'r.id', 'a.referral_id')
    .leftJoin('person as who', 'who.id', 'a.acknowledged_by_person_id')
    .select([
      'a.id',
      'a.kind',
      'a.acknowledged_at',
      'a.machine_name',
      sql<string | null>`to_char(a.slot_date, 'YYYY-MM-DD')`.as('slot_date'),
      sql<string | null>`to_char(a.slot_start, 'HH24:MI')`.as('slot_start'),
      sql<string | null>`who.given_name || ' ' || who.family_name`.as('acknowledged_by_name'),
      'r.id as referral_id',
      'r.patient_id',
      'r.referrer_person_id',
      'r.referrer_org_id',
      'a.department_org_id',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** Acknowledges an open alert; false when someone else already did (nothing changed). */
export async function acknowledgeDepartmentAlert(db: Q, id: number, personId: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('department_alert')
    .set({ acknowledged_at: at, acknowledged_by_person_id: personId })
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
