import { describe, expect, it } from 'vitest';
import { MESSAGES, type MessageKey } from '../../shared/i18n/index.ts';
import {
  actionsFromText,
  draftsOf,
  firstOpenRotation,
  formatRanges,
  goalLabel,
  goalsOf,
  localDateTime,
  planBody,
  rotationPlace,
  serverPlanErrors,
} from './view.ts';

const t = (key: MessageKey, vars: Record<string, string | number> = {}) =>
  String(MESSAGES.nb[key]).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));

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

describe('plan editor and goal labels', () => {
  it('never shows a goal as a bare number', () => {
    expect(goalLabel(17, 'Myokardperfusjon', t)).toBe('LM 17 Myokardperfusjon');
    expect(goalLabel(17, null, t)).toBe('LM 17 (Tittel importeres av avdelingen)');
  });
  const rotation = {
    id: 'r1',
    seq: 1,
    fromYears: 3.5,
    toYears: 4.5,
    trust: 'AHUS',
    hospital: 'Nordbyhagen',
    section: 'BDA/RAD',
    external: false,
    goalNumbers: [18, 19, 20, 30],
  };
  it('round-trips a saved plan through the editor rows', () => {
    const rows = draftsOf([rotation], 'nb');
    expect(rows[0]).toMatchObject({ id: 'r1', fromYears: '3,5', toYears: '4,5', goals: '18-20, 30' });
    const b = planBody(' Plan ', rows, t);
    expect(b).toEqual({
      ok: true,
      body: {
        name: 'Plan',
        rotations: [
          { id: 'r1', fromYears: 3.5, toYears: 4.5, trust: 'AHUS', hospital: 'Nordbyhagen', section: 'BDA/RAD', external: false, goals: '18-20, 30' },
        ],
      },
    });
  });
  it('names what is wrong per row and field, in words', () => {
    const rows = draftsOf([rotation], 'nb');
    const b = planBody(
      '',
      [
        { ...rows[0]!, toYears: '3', section: ' ', goals: '18-20, x' },
        { ...rows[0]!, key: 'n', id: undefined, fromYears: 'ett' },
      ],
      t,
    );
    expect(b.ok).toBe(false);
    if (b.ok) return;
    expect(b.errors).toEqual({
      name: 'Fyll ut',
      '0.toYears': 'Slutten må være etter starten',
      '0.section': 'Fyll ut',
      '0.goals': 'Ugyldig ved tegn 8: «x»',
      '1.fromYears': 'Skriv et tall mellom 0 og 20',
    });
    expect(
      serverPlanErrors(
        [
          { field: 'rotations.1.goals', message: 'unknown-goal-numbers:500,501' },
          { field: 'rotations.0.toYears', message: 'must-be-after-fromYears' },
          { field: 'rotations.2.id', message: 'unknown-rotation' },
        ],
        t,
      ),
    ).toEqual({
      '1.goals': 'Finnes ikke i spesialitetens liste: 500, 501',
      '0.toYears': 'Slutten må være etter starten',
      '2.goals': 'Perioden finnes ikke lenger i planen. Last siden på nytt.',
    });
  });
});

describe('rotationPlace', () => {
  it('names each place once and leaves blanks out', () => {
    expect(rotationPlace({ trust: 'OUS', hospital: 'OUS', section: 'NM' })).toBe('OUS · NM');
    expect(rotationPlace({ trust: 'AHUS', hospital: 'Nordbyhagen', section: 'BDA/NM' })).toBe('AHUS · Nordbyhagen · BDA/NM');
    expect(rotationPlace({ trust: 'AHUS', hospital: ' ', section: '' })).toBe('AHUS');
  });
});
