// The assessment deadline across Easter and Christmas, the shorter deadlines, and the deadline
// states of the inbox. Expected dates are counted by hand from the calendar (working days
// Monday–Friday except Norwegian public holidays), not computed by the code under test.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { publicHolidays } from '../calendar/norwegian-calendar.ts';
import { assessmentDueDate, deadlineRule, deadlineState, DEFAULT_DEADLINE_SETTINGS, suggestsCancerPathway, workingDaysUntil } from './deadline.ts';

const routine = { urgency: 'routine' as const };

describe('assessment due date (pasient- og brukerrettighetsloven § 2-2)', () => {
  it('counts 10 working days over Easter 2026 (Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April)', () => {
    // Received Wednesday 1 April: 7, 8, 9, 10, 13, 14, 15, 16, 17, 20 April.
    expect(assessmentDueDate(new Date('2026-04-01T09:00:00Z'), routine)).toMatchObject({ dueDate: '2026-04-20', reason: 'standard', workingDays: 10 });
  });

  it('counts 10 working days over Christmas and New Year 2026/27 (24 and 31 December are working days)', () => {
    // Received Monday 21 December: 22, 23, 24, 28, 29, 30, 31 December, 4, 5, 6 January.
    expect(assessmentDueDate(new Date('2026-12-21T12:00:00Z'), routine).dueDate).toBe('2027-01-06');
  });

  it('counts from the Norwegian calendar day of receipt (Europe/Oslo), not the UTC day', () => {
    // 23:30 UTC on 31 March is 01:30 on 1 April in Oslo (summer time).
    expect(assessmentDueDate(new Date('2026-03-31T23:30:00Z'), routine).dueDate).toBe('2026-04-20');
  });

  it('counts over Ascension Day and Whit Monday 2026 (14 and 25 May)', () => {
    // Received Monday 11 May: 12, 13, 15, 18, 19, 20, 21, 22, 26, 27 May.
    expect(assessmentDueDate(new Date('2026-05-11T08:00:00Z'), routine).dueDate).toBe('2026-05-27');
  });

  it('is the day of receipt for øyeblikkelig hjelp, even on Good Friday', () => {
    expect(assessmentDueDate(new Date('2026-04-03T10:00:00Z'), { urgency: 'emergency' })).toMatchObject({ dueDate: '2026-04-03', reason: 'emergency' });
  });

  it('is one working day for urgent referrals, skipping Easter', () => {
    expect(assessmentDueDate(new Date('2026-04-01T10:00:00Z'), { urgency: 'urgent' })).toMatchObject({ dueDate: '2026-04-07', reason: 'urgent' });
  });

  it('is shorter when a cancer pathway is suggested (ICD-10 C/D0, ICPC-2 cancer rubrics, or the text)', () => {
    expect(deadlineRule({ urgency: 'routine', indication: { system: 'ICD-10', code: 'C50.9' } })).toEqual({ reason: 'cancer_pathway', workingDays: 1 });
    expect(deadlineRule({ urgency: 'planned', indication: { system: 'ICPC-2', code: 'X76' } }).reason).toBe('cancer_pathway');
    expect(deadlineRule({ urgency: 'routine', text: 'Henvises i pakkeforløp lunge' }).reason).toBe('cancer_pathway');
    expect(suggestsCancerPathway({ urgency: 'routine', indication: { system: 'ICPC-2', code: 'L03' }, text: 'Korsryggsmerter i 3 uker' })).toBe(false);
  });

  it('is shorter with red flags given by the referrer', () => {
    expect(deadlineRule({ urgency: 'routine', facts: { cauda_equina: true } })).toEqual({ reason: 'red_flags', workingDays: 3 });
    expect(deadlineRule({ urgency: 'routine', facts: { cauda_equina: false } }).reason).toBe('standard');
  });

  it('takes the shortest matching deadline, and a department setting never goes above the legal 10 days', () => {
    expect(deadlineRule({ urgency: 'emergency', facts: { red_flags: true } }).reason).toBe('emergency');
    expect(deadlineRule(routine, { ...DEFAULT_DEADLINE_SETTINGS, standard: 15 }).workingDays).toBe(10);
    expect(deadlineRule(routine, { ...DEFAULT_DEADLINE_SETTINGS, standard: 7 }).workingDays).toBe(7);
  });
});

describe('deadline state at a moment', () => {
  it('is due soon within 2 working days, overdue after the due date, later beyond', () => {
    // Thursday 16 April 2026: due soon up to Monday 20 April (17 and 20 are the next two working days).
    expect(deadlineState('2026-04-20', new Date('2026-04-16T10:00:00Z'))).toBe('due_soon');
    expect(deadlineState('2026-04-21', new Date('2026-04-16T10:00:00Z'))).toBe('later');
    expect(deadlineState('2026-04-16', new Date('2026-04-16T10:00:00Z'))).toBe('due_soon');
    expect(deadlineState('2026-04-15', new Date('2026-04-16T10:00:00Z'))).toBe('overdue');
  });

  it('counts working days left, negative when overdue', () => {
    expect(workingDaysUntil('2026-04-20', new Date('2026-04-16T10:00:00Z'))).toBe(2);
    expect(workingDaysUntil('2026-04-16', new Date('2026-04-16T10:00:00Z'))).toBe(0);
    // Over Easter: from Wednesday 1 April to Tuesday 7 April is one working day (Easter Monday is a holiday).
    expect(workingDaysUntil('2026-04-07', new Date('2026-04-01T10:00:00Z'))).toBe(1);
    expect(workingDaysUntil('2026-04-20', new Date('2026-04-22T10:00:00Z'))).toBe(-2);
  });
});

describe('migration 0080 backfill', () => {
  it('lists exactly the public holidays of the calendar module for 2000–2040', () => {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '../db/migrations/0080_assessment.sql');
    const text = fs.readFileSync(file, 'utf8');
    const block = text.slice(text.indexOf('INSERT INTO m0080_holiday'), text.indexOf('CREATE TEMP TABLE m0080_day'));
    const inMigration = [...block.matchAll(/'(\d{4}-\d{2}-\d{2})'/g)].map((m) => m[1]).sort();
    const expected: string[] = [];
    for (let y = 2000; y <= 2040; y++) expected.push(...publicHolidays(y));
    expect(inMigration).toEqual(expected.sort());
  });
});
