import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n/index.ts';
import { EVENT_TRANSITIONS, eventHistoryProblems, type HistoryEvent } from './event-history.ts';

const ev = (at: string, kind: string, from: string | null, to: string): HistoryEvent => ({ at: `2026-03-0${at}Z`, kind, from_status: from, to_status: to });

// A referral's whole path as the live writers record it: received, a question and its answer,
// accepted, booked, performed, reported.
const FULL = [
  ev('2T09:00:00.000', 'submitted', null, 'submitted'),
  ev('2T11:00:00.000', 'info_requested', 'submitted', 'info_requested'),
  ev('3T08:00:00.000', 'info_answered', 'info_requested', 'submitted'),
  ev('3T10:00:00.000', 'accepted', 'submitted', 'accepted'),
  ev('3T10:00:00.000', 'scheduled', 'accepted', 'scheduled'),
  ev('6T13:00:00.000', 'performed', 'scheduled', 'performed'),
  ev('7T08:00:00.000', 'reported', 'performed', 'reported'),
];

describe('eventHistoryProblems', () => {
  it('accepts the histories the live path writes', () => {
    expect(eventHistoryProblems(FULL, 'reported')).toEqual([]);
    expect(eventHistoryProblems(FULL.slice(0, 1), 'submitted')).toEqual([]);
    expect(eventHistoryProblems([FULL[0], ev('4T08:00:00.000', 'returned', 'submitted', 'returned')], 'returned')).toEqual([]);
    expect(eventHistoryProblems([FULL[0], ev('4T08:00:00.000', 'merged_from', 'submitted', 'submitted')], 'submitted')).toEqual([]);
    expect(eventHistoryProblems([FULL[0], ev('4T08:00:00.000', 'merged', 'submitted', 'cancelled')], 'cancelled')).toEqual([]);
  });

  it('finds a missing history, a broken chain, time going back, an unknown kind and a wrong last status', () => {
    expect(eventHistoryProblems([], 'submitted')).toEqual(['no events']);
    expect(eventHistoryProblems(FULL, 'performed')).toEqual(['the last event leaves reported, but the referral is performed']);
    // A step left out: accepted → performed skips the booking's status.
    const skipped = FULL.filter((e) => e.kind !== 'scheduled');
    expect(eventHistoryProblems(skipped, 'reported')).toEqual(['event 4 (performed) starts from scheduled, but the one before left accepted']);
    const back = FULL.map((e) => (e.kind === 'performed' ? { ...e, at: '2026-03-01T00:00:00.000Z' } : e));
    expect(eventHistoryProblems(back, 'reported')).toEqual(['event 5 (performed) is earlier than the one before']);
    const unknown = [FULL[0], ev('3T00:00:00.000', 'teleported', 'submitted', 'accepted')];
    expect(eventHistoryProblems(unknown, 'accepted')).toEqual(['event 1 has an unknown kind teleported']);
    // A kind moving from a status it may not (only a submitted referral is assessed).
    const twice = [...FULL.slice(0, 4), ev('4T00:00:00.000', 'accepted', 'accepted', 'accepted')];
    expect(eventHistoryProblems(twice, 'accepted')).toEqual(['event 4 (accepted) may not start from accepted']);
    expect(eventHistoryProblems([ev('2T09:00:00.000', 'accepted', null, 'accepted')], 'accepted')).toContain('first event is accepted, not submitted');
  });

  it('a referral ended without an exam: closed by the department or withdrawn by the referrer from an open status, never once performed', () => {
    const booked = FULL.slice(0, 5);
    expect(eventHistoryProblems([...booked, ev('5T08:00:00.000', 'closed_without_exam', 'scheduled', 'cancelled')], 'cancelled')).toEqual([]);
    expect(eventHistoryProblems([FULL[0], ev('2T10:00:00.000', 'withdrawn', 'submitted', 'cancelled')], 'cancelled')).toEqual([]);
    expect(eventHistoryProblems([...FULL.slice(0, 2), ev('2T12:00:00.000', 'withdrawn', 'info_requested', 'cancelled')], 'cancelled')).toEqual([]);
    expect(eventHistoryProblems([...FULL.slice(0, 4), ev('4T08:00:00.000', 'closed_without_exam', 'accepted', 'cancelled')], 'cancelled')).toEqual([]);
    const afterExam = [...FULL.slice(0, 6), ev('6T14:00:00.000', 'withdrawn', 'performed', 'cancelled')];
    expect(eventHistoryProblems(afterExam, 'cancelled')).toEqual(['event 6 (withdrawn) may not start from performed']);
    const afterReport = [...FULL, ev('7T09:00:00.000', 'closed_without_exam', 'reported', 'cancelled')];
    expect(eventHistoryProblems(afterReport, 'cancelled')).toEqual(['event 7 (closed_without_exam) may not start from reported']);
    // Nothing follows the end: a booking after a withdrawal breaks the rules.
    const revived = [FULL[0], ev('2T10:00:00.000', 'withdrawn', 'submitted', 'cancelled'), ev('2T11:00:00.000', 'scheduled', 'cancelled', 'scheduled')];
    expect(eventHistoryProblems(revived, 'scheduled')).toEqual(['event 2 (scheduled) may not start from cancelled']);
  });

  it('has words for every event kind in both languages (the referral pages show them, never the code)', () => {
    for (const locale of ['nb', 'en'] as const)
      expect(
        Object.keys(EVENT_TRANSITIONS).filter((k) => !(`asm.event.${k}` in MESSAGES[locale])),
        locale,
      ).toEqual([]);
  });
});
