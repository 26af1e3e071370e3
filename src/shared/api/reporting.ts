// /api/reporting: an exam's report page, report actions, the countersign queue, the author's
// feedback, the referrer's reports and notifications (server routes: src/server/reporting/routes.ts).
import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable, Timestamp } from './common.ts';
import { AiFindingView, READING_PRIORITIES } from './reading.ts';

export const ExamIdParams = Type.Object({ examId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' }) });
export const ReferralIdParams = Type.Object({ referralId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' }) });

/** RADPEER score (ACR): 1, 2a, 2b, 3a, 3b. */
export const RadpeerScore = Type.Union([Type.Literal('1'), Type.Literal('2a'), Type.Literal('2b'), Type.Literal('3a'), Type.Literal('3b')]);
export const ReportStatus = Type.Union([Type.Literal('draft'), Type.Literal('preliminary'), Type.Literal('final')]);

/** Section texts by the template's section id. */
export const ReportSections = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }), Type.String({ maxLength: 20000 }), { maxProperties: 30 });

/** Save / sign / finalize: the section texts and the version the reader opened (null: no report yet). */
export const ReportWriteBody = Type.Object(
  { sections: ReportSections, expectedVersion: Nullable(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type ReportWriteBody = Static<typeof ReportWriteBody>;

/** Countersign: as a write, with the RADPEER grade of the preliminary report and a comment to its author. */
export const CountersignBody = Type.Object(
  { sections: ReportSections, expectedVersion: Type.Integer({ minimum: 1 }), score: RadpeerScore, comment: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);
export type CountersignBody = Static<typeof CountersignBody>;

export const AddendumBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 20000, pattern: '\\S' }) }, { additionalProperties: false });

export const ReportWriteResult = Type.Object({ version: Type.Integer(), status: ReportStatus });
export const AddendumResult = Type.Object({ id: Type.String() });

const Addendum = Type.Object({ text: Type.String(), at: Timestamp, by: Type.String() });

export const ExamReportView = Type.Object({
  exam: Type.Object({ id: Type.String(), name: Type.String(), performedAt: Timestamp, reportedAt: Nullable(Timestamp), department: Type.String() }),
  patient: Type.Object({ name: Type.String(), birthDate: CalendarDate, sex: Type.String(), fnr: Type.String() }),
  referral: Type.Object({
    referrer: Type.String(),
    referrerOrganization: Type.String(),
    clinicalQuestion: Nullable(Type.String()),
    clinicalNote: Nullable(Type.String()),
    urgency: Type.String(),
    submittedAt: Nullable(Timestamp),
    advice: Type.Object({ rating: Nullable(Type.String()), title: Nullable(Type.String()), text: Nullable(Type.String()) }),
  }),
  /**
   * The reading case as the worklist shows it: its reading priority (from the referral when the exam
   * was performed, raised by AI findings — `raisedByAi`), and the AI findings with the verdicts
   * (readers only; empty for others). `referral.urgency` stays what the referrer asked for. Null:
   * the exam has no reading case.
   */
  reading: Nullable(Type.Object({ priority: Type.Enum(READING_PRIORITIES), raisedByAi: Type.Boolean(), findings: Type.Array(AiFindingView) })),
  history: Type.Array(
    Type.Object({ examName: Type.String(), performedAt: Timestamp, department: Type.String(), status: Nullable(ReportStatus), text: Nullable(Type.String()) }),
  ),
  template: Type.Object({
    id: Type.String(),
    name: Type.String(),
    sections: Type.Array(
      Type.Object({ id: Type.String(), title: Type.String(), rows: Type.Integer(), required: Type.Boolean(), default: Nullable(Type.String()) }),
    ),
  }),
  report: Nullable(
    Type.Object({
      status: ReportStatus,
      version: Type.Integer(),
      sections: Type.Record(Type.String(), Type.String()),
      needsCountersign: Type.Boolean(),
      authoredByMe: Type.Boolean(),
      preliminaryAt: Nullable(Timestamp),
      finalAt: Nullable(Timestamp),
      versions: Type.Array(Type.Object({ version: Type.Integer(), action: Type.String(), at: Timestamp, by: Type.String() })),
      addenda: Type.Array(Addendum),
      review: Nullable(Type.Object({ score: RadpeerScore, comment: Nullable(Type.String()), changed: Type.Boolean(), at: Timestamp, by: Type.String() })),
    }),
  ),
  may: Type.Object({ save: Type.Boolean(), signPreliminary: Type.Boolean(), finalize: Type.Boolean(), countersign: Type.Boolean(), addendum: Type.Boolean() }),
});
export type ExamReportView = Static<typeof ExamReportView>;

export const CountersignQueue = Type.Array(
  Type.Object({
    examId: Type.String(),
    examName: Type.String(),
    patientName: Type.String(),
    author: Type.String(),
    performedAt: Timestamp,
    preliminaryAt: Nullable(Timestamp),
    /** What the referrer asked for. */
    urgency: Type.String(),
    /** The reading priority, as the worklist shows it; the queue is in its order, then time signed. */
    priority: Type.Enum(READING_PRIORITIES),
  }),
);
export type CountersignQueue = Static<typeof CountersignQueue>;

export const FeedbackList = Type.Array(
  Type.Object({
    examId: Type.String(),
    examName: Type.String(),
    performedAt: Timestamp,
    score: RadpeerScore,
    comment: Nullable(Type.String()),
    changed: Type.Boolean(),
    at: Timestamp,
    reviewer: Type.String(),
  }),
);
export type FeedbackList = Static<typeof FeedbackList>;

export const ReferralReports = Type.Array(
  Type.Object({
    examName: Type.String(),
    performedAt: Timestamp,
    department: Type.String(),
    /** 'final', or 'preliminary' while a LIS report awaits countersigning (shown as such; to the referrer only when released for an urgent case). */
    status: Type.Union([Type.Literal('final'), Type.Literal('preliminary')]),
    /** When it was signed final (or, for a preliminary one, signed preliminary). */
    signedAt: Timestamp,
    signedBy: Nullable(Type.String()),
    text: Type.String(),
    conclusion: Nullable(Type.String()),
    addenda: Type.Array(Addendum),
    /**
     * A final report the referrer first saw as a preliminary answer (an urgent case, migration 0350):
     * when that was released, and whether countersigning changed the answer (the "report-changed"
     * notice); null otherwise.
     */
    preliminaryAnswer: Nullable(Type.Object({ at: Timestamp, changed: Type.Boolean() })),
  }),
);
export type ReferralReports = Static<typeof ReferralReports>;

// The referrer's notifications (GET/POST /api/reporting/notifications) are in ./notifications.ts.
