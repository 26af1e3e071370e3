import { describe, expect, it } from 'vitest';
import { daysBeyondPriorityWindow } from './priority-window.ts';
import { DEFAULT_PRIORITY_CATEGORIES } from '../server/assessment/priorities.ts';

const days = (code: string) => DEFAULT_PRIORITY_CATEGORIES.find((c) => c.code === code)!.days;

describe('daysBeyondPriorityWindow', () => {
  it('is 0 inside the window and before it, the calendar days past its last day after it', () => {
    expect(daysBeyondPriorityWindow(days('emergency'), '2026-12-02', '2026-12-02')).toBe(0);
    expect(daysBeyondPriorityWindow(days('emergency'), '2026-12-03', '2026-12-02')).toBe(1);
    expect(daysBeyondPriorityWindow(days('emergency'), '2028-11-21', '2026-12-02')).toBe(720);
    expect(daysBeyondPriorityWindow(days('within_days'), '2026-12-16', '2026-12-02')).toBe(0);
    expect(daysBeyondPriorityWindow(days('within_days'), '2026-12-17', '2026-12-02')).toBe(1);
    expect(daysBeyondPriorityWindow(days('within_weeks'), '2026-12-05', '2026-12-02')).toBe(0);
    // Across the end of March (summer time in Norway): whole calendar days all the same.
    expect(daysBeyondPriorityWindow(days('cancer_pathway'), '2027-04-06', '2027-03-28')).toBe(2);
  });
  it('a category without a window (a date the assessor chooses) is never beyond it', () => {
    expect(daysBeyondPriorityWindow(days('control_on_date'), '2028-11-21', '2026-12-02')).toBe(0);
  });
});
