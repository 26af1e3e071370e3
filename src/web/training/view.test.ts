import { describe, expect, it } from 'vitest';
import { actionsFromText, firstOpenRotation, formatRanges, goalsOf, localDateTime } from './view.ts';

const g = (number: number, state: 'approved' | 'completed' | 'not_started') => ({
  specialty: 'nuclear_medicine' as const,
  number,
  title: null,
  state,
  rotationId: null,
  plannedBy: null,
  overdue: false,
  activityCount: 0,
  assessment: null,
});
const r = (id: string, goalNumbers: number[]) => ({
  id,
  seq: 1,
  fromYears: 0,
  toYears: 1,
  trust: 'A',
  hospital: 'B',
  section: 'C',
  external: false,
  goalNumbers,
  plannedStart: '2024-01-01',
  plannedEnd: '2025-01-01',
  complete: false,
});

describe('training view helpers', () => {
  const v = { goals: [g(1, 'approved'), g(2, 'approved'), g(3, 'completed')], rotations: [r('a', [1, 2]), r('b', [2, 3])] };
  it('filters goals by rotation and opens on the first rotation with goals left', () => {
    expect(goalsOf(v, 'b').map((x) => x.number)).toEqual([2, 3]);
    expect(goalsOf(v, 'all')).toHaveLength(3);
    expect(goalsOf(v, 'zzz')).toEqual([]);
    expect(firstOpenRotation(v)).toBe('b');
    expect(firstOpenRotation({ goals: [g(1, 'approved')], rotations: [r('a', [1])] })).toBe('a');
  });
  it('reads actions one per line and a local date-time', () => {
    expect(actionsFromText(' Kurs \n\n  Les artikkel\n')).toEqual([{ text: 'Kurs' }, { text: 'Les artikkel' }]);
    expect(localDateTime('2026-03-01 09:30')).toBe(new Date(2026, 2, 1, 9, 30).toISOString());
    expect(localDateTime('2026-02-30 09:30')).toBeNull();
    expect(localDateTime('1. mars')).toBeNull();
  });
  it('writes goal numbers as ranges', () => {
    expect(formatRanges([1, 2, 3, 5, 97, 99, 98])).toBe('1–3, 5, 97–99');
    expect(formatRanges([])).toBe('');
  });
});
