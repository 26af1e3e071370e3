import { describe, expect, it } from 'vitest';
import { demoReceivedAt } from './demo-assessment.ts';

describe("today's demo referrals", () => {
  const today = new Date('2026-12-01T00:00:00Z');
  it('arrive at their planned hour when it has passed', () => {
    const planned = new Date('2026-12-01T10:00:00Z');
    expect(demoReceivedAt(planned, new Date('2026-12-01T13:00:00Z'), today, 3)).toEqual(planned);
  });
  it('arrive before now when the demo starts before their planned hour, never before today', () => {
    const now = new Date('2026-12-01T07:30:00Z');
    for (let i = 0; i < 12; i++) {
      const at = demoReceivedAt(new Date(`2026-12-01T${String(8 + (i % 6)).padStart(2, '0')}:00:00Z`), now, today, i);
      expect(at.getTime()).toBeLessThan(now.getTime());
      expect(at.getTime()).toBeGreaterThanOrEqual(today.getTime());
    }
    expect(demoReceivedAt(new Date('2026-12-01T09:00:00Z'), new Date('2026-12-01T00:10:00Z'), today, 5)).toEqual(today);
  });
});
