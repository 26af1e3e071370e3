import { describe, expect, it } from 'vitest';
import { periodMoment } from './period-label.ts';
import { translate } from '../../shared/i18n/index.ts';

describe('periodMoment (nc25)', () => {
  it('names an end of the turnaround period with the day and "kl." in Oslo time', () => {
    expect(periodMoment('2026-11-25T01:08:00Z', 'nb')).toBe('25.11. kl. 02:08');
    expect(periodMoment('2026-12-02T01:08:00Z', 'en')).toBe('02/12, 02:08');
  });

  it('reads as a spaced range in the caption', () => {
    const from = periodMoment('2026-11-25T01:08:00Z', 'nb');
    const to = periodMoment('2026-12-02T01:08:00Z', 'nb');
    expect(translate('nb', 'rd.ta.caption', { from, to })).toContain('signert 25.11. kl. 02:08 – 2.12. kl. 02:08:');
  });
});
