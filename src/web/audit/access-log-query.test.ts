import { describe, expect, it } from 'vitest';
import { accessLogQuery, parseDate } from './access-log-query.ts';

describe('access-log search form', () => {
  it('reads Norwegian and ISO dates and refuses impossible ones', () => {
    expect(parseDate('31.12.2025')).toBe('2025-12-31');
    expect(parseDate('1.2.26')).toBe('2026-02-01');
    expect(parseDate('2025-03-07')).toBe('2025-03-07');
    expect(parseDate('30.02.2025')).toBeNull();
    expect(parseDate('i går')).toBeNull();
  });

  it('builds the query from the filled fields only', () => {
    const r = accessLogQuery({ patientId: ' pat-1 ', userId: '', from: '1.1.2026', to: '' });
    expect(r.problems).toEqual([]);
    expect(r.params?.toString()).toBe('patientId=pat-1&from=2026-01-01');
  });

  it('reports bad and reversed dates on their fields', () => {
    expect(accessLogQuery({ patientId: '', userId: '', from: '32.1.2026', to: '' }).problems).toEqual([{ field: 'from', key: 'audit.error.date' }]);
    expect(accessLogQuery({ patientId: '', userId: '', from: '2.1.2026', to: '1.1.2026' }).problems).toEqual([{ field: 'to', key: 'audit.error.order' }]);
  });
});
