// The order of reading cases, starvation, qualification and the deadline warning (pure rules).
import { describe, expect, it } from 'vitest';
import { compareCases, deadlineState, isQualified, mayReportAlone, type OrderKeys } from './rules.ts';

const now = new Date('2026-11-30T12:00:00Z');
const h = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const c = (examId: string, o: Partial<OrderKeys>): OrderKeys => ({ examId, priority: 'routine', aiFlag: false, dueAt: h(-48), performedAt: h(1), ...o });
const order = (xs: OrderKeys[], maxWait = 72) => [...xs].sort((a, b) => compareCases(a, b, now, maxWait)).map((x) => x.examId);

describe('compareCases', () => {
  it('puts priority first, then AI findings, then time left to the deadline, then age', () => {
    const xs = [
      c('routine-old', { performedAt: h(10), dueAt: h(-62) }),
      c('routine-ai', { aiFlag: true }),
      c('acute', { priority: 'acute', dueAt: h(-1) }),
      c('cancer', { priority: 'cancer_pathway' }),
      c('routine-due-soon', { dueAt: h(-2) }),
      c('planned', { priority: 'planned', aiFlag: true }),
    ];
    expect(order(xs)).toEqual(['acute', 'cancer', 'routine-ai', 'routine-due-soon', 'routine-old', 'planned']);
  });

  it('breaks a tie on deadline by age, then by id', () => {
    const due = h(-10);
    expect(order([c('b', { dueAt: due, performedAt: h(1) }), c('a', { dueAt: due, performedAt: h(1) }), c('c', { dueAt: due, performedAt: h(2) })])).toEqual([
      'c',
      'a',
      'b',
    ]);
  });

  it('moves a case that waited longer than the maximum wait to the top, oldest first (nothing starves)', () => {
    const xs = [
      c('acute', { priority: 'acute' }),
      c('planned-starving', { priority: 'planned', performedAt: h(80) }),
      c('routine-starving', { performedAt: h(100) }),
    ];
    expect(order(xs, 72)).toEqual(['routine-starving', 'planned-starving', 'acute']);
    // With a longer maximum wait, priority rules again.
    expect(order(xs, 200)[0]).toBe('acute');
  });

  it('among cases that waited equally long past the maximum, the more urgent first, whatever their ids (read27)', () => {
    const at = h(100);
    const xs = [
      c('a-routine', { performedAt: at }),
      c('b-routine-ai', { performedAt: at, aiFlag: true }),
      c('z-acute', { priority: 'acute', performedAt: at }),
    ];
    expect(order(xs, 72)).toEqual(['z-acute', 'b-routine-ai', 'a-routine']);
  });
});

describe('who may read and report', () => {
  const rad = { role: 'radiologist' as const, subspecialties: ['neuro'], soloExamCodes: [], available: true };
  const lis = { role: 'lis' as const, subspecialties: [], soloExamCodes: ['SEA0AA'], available: true };
  const rr = { role: 'reporting_radiographer' as const, subspecialties: [], soloExamCodes: ['SEA0AA'], available: true };
  it('reporting radiographers only within approved scope; subspecialty lists ask for it; unavailable readers get nothing', () => {
    expect(isQualified(rr, 'SEA0AA', null)).toBe(true);
    expect(isQualified(rr, 'SAA0AD', null)).toBe(false);
    expect(isQualified(lis, 'SAA0AD', null)).toBe(true);
    expect(isQualified(rad, 'SAA0AD', 'neuro')).toBe(true);
    expect(isQualified(lis, 'SAA0AD', 'neuro')).toBe(false);
    expect(isQualified({ ...rad, available: false }, 'SAA0AD', null)).toBe(false);
  });
  it('LIS report alone only for approved exam types; radiologists always', () => {
    expect(mayReportAlone(rad, 'SAA0AD')).toBe(true);
    expect(mayReportAlone(lis, 'SAA0AD')).toBe(false);
    expect(mayReportAlone(lis, 'SEA0AA')).toBe(true);
  });
});

describe('deadlineState', () => {
  it('warns within the smaller of 2 hours and a quarter of the window, and marks a breach', () => {
    // Routine, 24-hour window: a quarter is 6 h, so the 2 hours decide.
    expect(deadlineState(h(1), h(-23), now)).toBe('ok');
    expect(deadlineState(h(20), h(-4), now)).toBe('ok');
    expect(deadlineState(h(22), h(-2), now)).toBe('warning');
    expect(deadlineState(h(23), h(-1), now)).toBe('warning');
    expect(deadlineState(h(30), h(6), now)).toBe('breached');
    // Acute, 1-hour window: a quarter (15 min) is shorter than 2 h.
    expect(deadlineState(h(0.5), h(-0.5), now)).toBe('ok');
    expect(deadlineState(h(0.75), h(-0.25), now)).toBe('warning');
    expect(deadlineState(h(0.8), h(-0.2), now)).toBe('warning');
  });
  it('takes the window from the configuration', () => {
    expect(deadlineState(h(20), h(-4), now, { hours: 6, share: 0.5 })).toBe('warning');
    expect(deadlineState(h(20), h(-4), now, { hours: 3, share: 0.5 })).toBe('ok');
    expect(deadlineState(h(20), h(-4), now, { hours: 6, share: 0.1 })).toBe('ok');
  });
});
