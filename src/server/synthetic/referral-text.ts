// Referrals, exams, their events and messages as COPY text, made in small slices so the row objects die young (cheap
// garbage collection) while the text is sent in large batches. Used in-thread and by the worker.
import type { EventRow, ExamRow, MessageRow, ReferralRow, Region } from './generator.ts';
import { toCopyText } from './writer.ts';

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

/** Columns the generator fills only with ids, codes, numbers and timestamps: written without escaping. */
const REFERRAL_PLAIN = REFERRAL_COLS.filter((c) => !['clinical_question', 'clinical_note', 'low_value', 'advice', 'facts'].includes(c));
const EXAM_PLAIN = EXAM_COLS;
// The events' texts and JSON are the generator's own fixed strings (no backslash, tab or line break).
const EVENT_PLAIN = EVENT_COLS;
const MESSAGE_PLAIN = MESSAGE_COLS.filter((c) => c !== 'body');

export interface TextBatch {
  referrals: string;
  exams: string;
  events: string;
  messages: string;
  count: number;
}

const SLICE = 1000;

/** Referral numbers [from, to) as one COPY text batch for each table. */
export function referralBatchText(region: Region, from: number, to: number): TextBatch {
  const refParts: string[] = [];
  const examParts: string[] = [];
  const eventParts: string[] = [];
  const messageParts: string[] = [];
  let count = 0;
  for (const { referrals, exams, events, messages } of region.referrals(SLICE, from, to)) {
    refParts.push(toCopyText(referrals, REFERRAL_COLS, REFERRAL_PLAIN));
    examParts.push(toCopyText(exams, EXAM_COLS, EXAM_PLAIN));
    eventParts.push(toCopyText(events, EVENT_COLS, EVENT_PLAIN));
    if (messages.length > 0) messageParts.push(toCopyText(messages, MESSAGE_COLS, MESSAGE_PLAIN));
    count += referrals.length;
  }
  return { referrals: refParts.join(''), exams: examParts.join(''), events: eventParts.join(''), messages: messageParts.join(''), count };
}

/**
 * The same as referralBatchText, letting the event loop run between slices: on the main thread a
 * COPY already under way keeps streaming to the database while the next batch is made.
 */
export async function referralBatchTextYielding(region: Region, from: number, to: number): Promise<TextBatch> {
  const refParts: string[] = [];
  const examParts: string[] = [];
  const eventParts: string[] = [];
  const messageParts: string[] = [];
  let count = 0;
  for (const { referrals, exams, events, messages } of region.referrals(SLICE, from, to)) {
    refParts.push(toCopyText(referrals, REFERRAL_COLS, REFERRAL_PLAIN));
    examParts.push(toCopyText(exams, EXAM_COLS, EXAM_PLAIN));
    eventParts.push(toCopyText(events, EVENT_COLS, EVENT_PLAIN));
    if (messages.length > 0) messageParts.push(toCopyText(messages, MESSAGE_COLS, MESSAGE_PLAIN));
    count += referrals.length;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { referrals: refParts.join(''), exams: examParts.join(''), events: eventParts.join(''), messages: messageParts.join(''), count };
}
