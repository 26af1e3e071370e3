import { describe, expect, it } from 'vitest';
import { formatOpeningHours } from './opening-hours.ts';

const nb = { mon: 'man', tue: 'tir', wed: 'ons', thu: 'tor', fri: 'fre', sat: 'lør', sun: 'søn' };

describe('opening hours', () => {
  it('joins consecutive days with the same hours', () => {
    const week = { mon: ['07:30', '15:30'], tue: ['07:30', '15:30'], wed: ['07:30', '15:30'], thu: ['07:30', '15:30'], fri: ['07:30', '15:30'] } as Record<
      string,
      [string, string]
    >;
    expect(formatOpeningHours(week, (d) => nb[d])).toBe('man–fre 07:30–15:30');
  });
  it('keeps different hours and gaps apart', () => {
    const h = { mon: ['07:30', '22:00'], tue: ['07:30', '22:00'], thu: ['07:30', '22:00'], sat: ['09:00', '13:00'] } as Record<string, [string, string]>;
    expect(formatOpeningHours(h, (d) => nb[d])).toBe('man–tir 07:30–22:00, tor 07:30–22:00, lør 09:00–13:00');
    expect(formatOpeningHours({}, (d) => nb[d])).toBe('');
  });
});
