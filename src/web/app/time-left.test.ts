import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { formatTimeSpan, timeSpanParts } from './time-left.ts';

const H = 3_600_000;
const M = 60_000;
const nb = (ms: number) => formatTimeSpan(ms, (k, v) => translate('nb', k, v));
const en = (ms: number) => formatTimeSpan(ms, (k, v) => translate('en', k, v));

describe('time left to a deadline, as people read it (ux27: "164 t igjen")', () => {
  it('says days from two days up, in both languages', () => {
    expect(nb(164 * H)).toBe('6 dager');
    expect(en(164 * H)).toBe('6 days');
    expect(nb(48 * H)).toBe('2 dager');
    expect(nb(30 * 24 * H)).toBe('30 dager');
  });
  it('says hours under two days and from two hours up', () => {
    expect(nb(48 * H - 1)).toBe('47 t');
    expect(en(48 * H - 1)).toBe('47 h');
    expect(nb(25 * H)).toBe('25 t');
    expect(nb(2 * H)).toBe('2 t');
  });
  it('says minutes under two hours', () => {
    expect(nb(2 * H - 1)).toBe('119 min');
    expect(en(45 * M)).toBe('45 min');
    expect(nb(0)).toBe('0 min');
  });
  it('ignores the sign (overdue is said by the caller) and rounds down', () => {
    expect(timeSpanParts(-164 * H)).toEqual({ unit: 'days', n: 6 });
    expect(timeSpanParts(-(2 * H + 59 * M))).toEqual({ unit: 'hours', n: 2 });
    expect(timeSpanParts(-30_000)).toEqual({ unit: 'minutes', n: 0 });
  });
});
