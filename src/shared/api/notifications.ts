// Notifications (server: src/server/notifications/): the referrer's messages from radiology
// (GET /api/reporting/notifications, POST …/read) and the receiving department's alerts
// (GET /api/notifications/department-alerts, POST …/:id/acknowledge).
import { Type, type Static } from 'typebox';
import { CLOSE_REASONS } from './assessment.ts';
import { CalendarDate, Nullable, Timestamp } from './common.ts';

/** A booked time: Oslo wall clock, date YYYY-MM-DD and start HH:MM. */
export const SlotTime = Type.Object({ date: Type.String(), start: Type.String() });

export const NOTIFICATION_KINDS = [
  'report-final',
  'report-addendum',
  'report-preliminary',
  'report-changed',
  'referral-returned',
  'info-requested',
  'exam-booked',
  'booking-changed',
  'booking-cancelled',
  'referral-closed',
  'referral-merged',
  'referral-redirected',
  'exam-discontinued',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const Notifications = Type.Object({
  /** How many of the referrer's notifications are unread (all of them, not only those in `items`). */
  unread: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      /**
       * Reports: 'report-final', 'report-addendum', 'report-preliminary' (a preliminary answer for an
       * urgent case), 'report-changed' (countersigning changed it). The department's steps:
       * 'referral-returned' (`returnReason`), 'info-requested' (`question`), 'referral-closed' without an
       * exam (`closeReason`), 'referral-merged' into a duplicate (`mergedInto`), 'referral-redirected'
       * (`redirectedTo`), 'exam-booked' and 'booking-changed' (the new time in `slot`),
       * 'booking-cancelled' (the cancelled time in `slot`), 'exam-discontinued' at the scanner (`stopReason`).
       */
      kind: Type.Enum(NOTIFICATION_KINDS),
      at: Timestamp,
      read: Type.Boolean(),
      referralId: Type.String(),
      examName: Type.String(),
      patientName: Type.String(),
      /** A returned referral: the reason (assessment RETURN_REASONS, shown through 'asm.return.<reason>') and the assessor's text. */
      returnReason: Nullable(Type.Object({ reason: Type.String(), text: Nullable(Type.String()) })),
      /** Closed without an exam: the reason (shown through 'asm.close.reason.<reason>') and the department's text. */
      closeReason: Nullable(Type.Object({ reason: Type.Enum(CLOSE_REASONS), text: Nullable(Type.String()) })),
      /** The department's question, as written, when it asks for more information. */
      question: Nullable(Type.String()),
      /** A booked, moved or cancelled time: Oslo wall clock, date YYYY-MM-DD and start HH:MM. */
      slot: Nullable(SlotTime),
      /** 'booking-changed': the site (hospital) the exam is now at; null on messages from before flow32. */
      place: Nullable(Type.String()),
      /** Merged as a duplicate: the referral it now continues as (its number and exam). */
      mergedInto: Nullable(Type.Object({ referralNumber: Type.Integer(), examName: Type.String() })),
      /** Redirected: the department or institute it was sent on to. */
      redirectedTo: Nullable(Type.String()),
      /** Stopped at the scanner: the modality's reason in words (DICOM CID 9300), null when it gave none. */
      stopReason: Nullable(Type.String()),
    }),
  ),
});
export type Notifications = Static<typeof Notifications>;
/** POST /api/reporting/notifications/read: `referralId` marks only that referral's notifications read; `{}` marks all. */
export const NotificationsReadBody = Type.Object({ referralId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false });

/** An open alert to the receiving department: a booked exam the referrer withdrew (its time is free again). */
export const DepartmentAlert = Type.Object({
  id: Type.String(),
  kind: Type.Literal('booked-withdrawn'),
  at: Timestamp,
  referralId: Type.String(),
  referralNumber: Type.Integer(),
  patientName: Type.String(),
  birthDate: CalendarDate,
  examName: Type.String(),
  /** The time that was booked, as it was (Oslo wall clock). */
  slot: Nullable(SlotTime),
  /** The machine it was booked on, as people call it. */
  machineName: Nullable(Type.String()),
  /** The referrer's own words, when they gave a reason. */
  reasonText: Nullable(Type.String()),
});
export type DepartmentAlert = Static<typeof DepartmentAlert>;
export const DepartmentAlerts = Type.Array(DepartmentAlert);
export const DepartmentAlertAcknowledged = Type.Object({ id: Type.String(), acknowledgedAt: Timestamp, acknowledgedBy: Type.String() });
/** GET /api/notifications/department-alerts?referralId=: only that referral's alerts (its own page). */
export const DepartmentAlertsQuery = Type.Object({ referralId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false });
export const DepartmentAlertIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$' }) });
