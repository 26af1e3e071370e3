// Keys the assessment pages build at run time (`asm.status.${status}` …): every value the API can
// send has its words in both languages, so people never see a status or reason code.
import { describe, expect, it } from 'vitest';
import { DEADLINE_REASONS, DEADLINE_STATES, REFERRAL_STATUSES, URGENCIES } from '../../shared/api/assessment.ts';
import { MESSAGES } from '../../shared/i18n/index.ts';

const EVENTS = [
  'submitted',
  'accepted',
  'returned',
  'info_requested',
  'info_answered',
  'redirected',
  'merged',
  'merged_from',
  'scheduled',
  'booking_cancelled',
  'exam_discontinued',
  'performed',
  'reported',
  'withdrawn_booking_acknowledged',
];
const RETURN_REASONS = ['not_indicated', 'missing_information', 'duplicate', 'other'];

describe('assessment messages', () => {
  const needed = [
    ...REFERRAL_STATUSES.map((s) => `asm.status.${s}`),
    ...DEADLINE_STATES.map((s) => `asm.deadline.${s}`),
    ...DEADLINE_REASONS.map((r) => `asm.reason.${r}`),
    ...URGENCIES.map((u) => `ref.urgency.${u}`),
    ...EVENTS.map((e) => `asm.event.${e}`),
    ...RETURN_REASONS.map((r) => `asm.return.${r}`),
    ...['accepted', 'returned', 'info_requested', 'submitted', 'cancelled'].map((s) => `asm.done.${s}`),
    ...['pregnant', 'egfr', 'pacemaker', 'metalImplant', 'contrastAllergy'].map((c) => `asm.contra.${c}`),
    ...['followed', 'overridden', 'alternative_accepted', 'withdrawn'].map((d) => `asm.view.decision.${d}`),
  ];
  it.each(['nb', 'en'] as const)('exist in %s', (locale) => {
    const keys = new Set(Object.keys(MESSAGES[locale]));
    expect(needed.filter((k) => !keys.has(k))).toEqual([]);
  });
});
