// Referrals, exams, their events and messages as binary COPY data, written by the generator straight
// into buffers (no row objects, no timestamp text). Used in-thread and by the worker.
import { BinaryCopyWriter } from './binary-copy.ts';
import type {
  AdviceEventDraft,
  AdviceEventRow,
  DecisionDraft,
  DecisionRow,
  EventRow,
  ExamRow,
  MessageRow,
  PatientRow,
  ReferralDraft,
  ReferralRow,
  ReferralSink,
  Region,
} from './generator.ts';
import type { CopyPart } from './writer.ts';

export const PATIENT_COLS = [
  'id',
  'fnr',
  'given_name',
  'family_name',
  'birth_date',
  'sex',
  'municipality_number',
  'gp_person_id',
] as const satisfies readonly (keyof PatientRow)[];
export const REFERRAL_COLS = [
  'id',
  'patient_id',
  'referrer_person_id',
  'referrer_org_id',
  'department_org_id',
  'exam_code',
  'indication_system',
  'indication_code',
  'clinical_question',
  'clinical_note',
  'urgency',
  'status',
  'low_value',
  'patient_area_id',
  'patient_age',
  'patient_sex',
  'created_at',
  'submitted_at',
  'assessed_at',
  'scheduled_at',
  'performed_at',
  'reported_at',
  'source',
  'advice',
  'facts',
  'assessment_due_date',
  'priority_category',
  'exam_due_date',
  'assessed_by_person_id',
] as const satisfies readonly (keyof ReferralRow)[];
export const EXAM_COLS = [
  'id',
  'referral_id',
  'exam_code',
  'modality_id',
  'performing_org_id',
  'patient_area_id',
  'performed_at',
  'reported_at',
] as const satisfies readonly (keyof ExamRow)[];

export const EVENT_COLS = [
  'id',
  'referral_id',
  'at',
  'kind',
  'from_status',
  'to_status',
  'actor_person_id',
  'actor_role',
  'reason_code',
  'reason_text',
  'data',
] as const satisfies readonly (keyof EventRow)[];
export const MESSAGE_COLS = ['id', 'referral_id', 'at', 'author_person_id', 'side', 'body'] as const satisfies readonly (keyof MessageRow)[];

/** referral_decision columns the generator writes (the id from the table's sequence; no user or reason text). */
export const DECISION_COLS = [
  'referral_id',
  'at',
  'topic_id',
  'topic_version',
  'rating',
  'decision',
  'reason_code',
  'patient_id',
  'exam_code',
  'draft_id',
] as const satisfies readonly (keyof DecisionRow)[];
/** advice_event columns the generator writes (the id from the table's sequence; no user, client or card; missing_facts by default '[]'). */
export const ADVICE_EVENT_COLS = [
  'at',
  'source',
  'draft_id',
  'referral_id',
  'exam_code',
  'topic_id',
  'topic_version',
  'rating',
  'score',
  'facts',
] as const satisfies readonly (keyof AdviceEventRow)[];

/** Events in binary COPY: without `data`, which generated events leave NULL (see generator.ts). */
export const EVENT_BINARY_COLS = EVENT_COLS.filter((c) => c !== 'data');

/** One batch in binary COPY format (chunks per table, see binary-copy.ts), columns as REFERRAL_COLS, EXAM_COLS, EVENT_BINARY_COLS, MESSAGE_COLS. */
export interface BinaryBatch {
  referrals: Uint8Array[];
  exams: Uint8Array[];
  events: Uint8Array[];
  messages: Uint8Array[];
  /** referral_decision rows (DECISION_COLS); empty unless the history is advised (GeneratorOptions.historyAdvice). */
  decisions: Uint8Array[];
  /** advice_event rows (ADVICE_EVENT_COLS); empty unless the history is advised. */
  adviceEvents: Uint8Array[];
  count: number;
}

/** Writes what the generator makes straight into binary COPY data, no row objects (the field order is the column lists' above). */
class BinarySink implements ReferralSink {
  readonly referrals = new BinaryCopyWriter(4 << 20);
  readonly exams = new BinaryCopyWriter(1 << 20);
  readonly events = new BinaryCopyWriter(4 << 20);
  readonly messages = new BinaryCopyWriter(64 << 10);
  readonly decisions = new BinaryCopyWriter(64 << 10);
  readonly adviceEvents = new BinaryCopyWriter(64 << 10);
  referral(r: ReferralDraft): void {
    const w = this.referrals;
    w.row(29);
    w.textOnce(r.id);
    w.textOnce(r.patient_id);
    w.text(r.referrer_person_id);
    w.text(r.referrer_org_id);
    w.text(r.department_org_id);
    w.text(r.exam_code);
    w.text(r.indication_system);
    w.text(r.indication_code);
    w.text(r.clinical_question);
    w.textOnce(r.clinical_note);
    w.text(r.urgency);
    w.text(r.status);
    w.bool(r.low_value);
    w.text(r.patient_area_id);
    w.int4(r.patient_age);
    w.text(r.patient_sex);
    w.timestamptz(r.created_at);
    w.timestamptz(r.submitted_at);
    w.timestamptz(r.assessed_at);
    w.timestamptz(r.scheduled_at);
    w.timestamptz(r.performed_at);
    w.timestamptz(r.reported_at);
    w.text(r.source);
    w.jsonb(r.advice);
    w.jsonb(r.facts);
    w.date(r.assessment_due_date);
    w.text(r.priority_category);
    w.date(r.exam_due_date);
    w.text(r.assessed_by_person_id);
  }
  exam(
    id: string,
    referralId: string,
    examCode: string,
    modalityId: string | null,
    performingOrgId: string,
    patientAreaId: string,
    performedAt: number,
    reportedAt: number | null,
  ): void {
    const w = this.exams;
    w.row(8);
    w.text(id);
    w.text(referralId);
    w.text(examCode);
    w.text(modalityId);
    w.text(performingOrgId);
    w.text(patientAreaId);
    w.timestamptz(performedAt);
    w.timestamptz(reportedAt);
  }
  event(
    id: number,
    referralId: string,
    at: number,
    kind: string,
    from: string | null,
    to: string,
    actorPersonId: string | null,
    actorRole: string | null,
    reasonCode: string | null,
    reasonText: string | null,
  ): void {
    const w = this.events;
    w.row(10);
    w.int8(id);
    w.text(referralId);
    w.timestamptz(at);
    w.text(kind);
    w.text(from);
    w.text(to);
    w.text(actorPersonId);
    w.text(actorRole);
    w.text(reasonCode);
    w.text(reasonText);
  }
  message(id: number, referralId: string, at: number, authorPersonId: string | null, side: string, body: string): void {
    const w = this.messages;
    w.row(6);
    w.int8(id);
    w.text(referralId);
    w.timestamptz(at);
    w.text(authorPersonId);
    w.text(side);
    w.text(body);
  }
  decision(d: DecisionDraft): void {
    const w = this.decisions;
    w.row(10);
    w.text(d.referralId);
    w.timestamptz(d.at);
    w.text(d.topicId);
    w.text(d.topicVersion);
    w.text(d.rating);
    w.text(d.decision);
    w.text(d.reasonCode);
    w.text(d.patientId);
    w.text(d.examCode);
    w.text(d.draftId);
  }
  adviceEvent(e: AdviceEventDraft): void {
    const w = this.adviceEvents;
    w.row(10);
    w.timestamptz(e.at);
    w.text('app');
    w.text(e.draft_id);
    w.text(e.referral_id);
    w.text(e.exam_code);
    w.text(e.topic_id);
    w.text(e.topic_version);
    w.text(e.rating);
    w.int4(e.score);
    w.jsonb(e.facts);
  }
  finish(count: number): BinaryBatch {
    return {
      referrals: this.referrals.finish(),
      exams: this.exams.finish(),
      events: this.events.finish(),
      messages: this.messages.finish(),
      // No COPY at all when nothing was advised (the bulk bench): an empty COPY is still a round trip.
      decisions: this.decisions.rows > 0 ? this.decisions.finish() : [],
      adviceEvents: this.adviceEvents.rows > 0 ? this.adviceEvents.finish() : [],
      count,
    };
  }
}

/** Referral numbers [from, to) as binary COPY data for each table (what load.ts sends). */
export function referralBatchBinary(region: Region, from: number, to: number): BinaryBatch {
  const sink = new BinarySink();
  const count = region.referralMaker(sink, from, to)(to - from);
  return sink.finish(count);
}

/**
 * The same, letting the event loop run every 1,000 referrals: on the main thread a COPY already
 * under way keeps streaming to the database while the next batch is made.
 */
export async function referralBatchBinaryYielding(region: Region, from: number, to: number): Promise<BinaryBatch> {
  const sink = new BinarySink();
  const make = region.referralMaker(sink, from, to);
  let count = 0;
  for (let n = make(1000); n > 0; n = make(1000)) {
    count += n;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return sink.finish(count);
}

/**
 * A batch's COPYs, in two groups the database may take at the same time (writer.ts#copyGroups): the
 * referrals with their messages, decisions and advice events (after the referrals, in the same transaction), and
 * the events with the exams.
 */
export function referralCopyGroups(b: BinaryBatch): CopyPart[][] {
  return [
    [
      { table: 'referral', columns: REFERRAL_COLS, data: b.referrals, binary: true },
      { table: 'referral_message', columns: MESSAGE_COLS, data: b.messages, binary: true },
      { table: 'referral_decision', columns: DECISION_COLS, data: b.decisions, binary: true },
      { table: 'advice_event', columns: ADVICE_EVENT_COLS, data: b.adviceEvents, binary: true },
    ],
    [
      { table: 'exam', columns: EXAM_COLS, data: b.exams, binary: true },
      { table: 'referral_event', columns: EVENT_BINARY_COLS, data: b.events, binary: true },
    ],
  ];
}

const DAY = 86_400_000;
const birthDays = new Map<string, number>();
/** Patients into binary COPY data, columns as PATIENT_COLS. */
export function writePatients(w: BinaryCopyWriter, rows: readonly PatientRow[]): void {
  for (const r of rows) {
    let day = birthDays.get(r.birth_date);
    if (day === undefined) {
      day = Date.parse(`${r.birth_date}T00:00:00Z`) / DAY;
      birthDays.set(r.birth_date, day);
    }
    w.row(8);
    w.textOnce(r.id);
    w.textOnce(r.fnr);
    w.text(r.given_name);
    w.text(r.family_name);
    w.date(day);
    w.text(r.sex);
    w.text(r.municipality_number);
    w.text(r.gp_person_id);
  }
}
