import { describe, expect, it } from 'vitest';
import { MESSAGES, type MessageKey } from '../../shared/i18n/index.ts';
import {
  actionsFromText,
  changeText,
  dayText,
  detailsForm,
  draftsOf,
  firstOpenRotation,
  formatRanges,
  goalLabel,
  goalsInWords,
  goalsOf,
  importErrorText,
  localDateTime,
  moveForm,
  parseDay,
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
  planStart: '2024-01-01',
  planEnd: '2025-01-01',
  moved: null,
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
    // Norwegian time whatever the machine's zone: 09:30 in March (winter, UTC+1) is 08:30 UTC, in June 07:30.
    expect(localDateTime('2026-03-01 09:30')).toBe('2026-03-01T08:30:00.000Z');
    expect(localDateTime('15.06.2026 09:30')).toBe('2026-06-15T07:30:00.000Z');
    expect(localDateTime('2026-02-30 09:30')).toBeNull();
    expect(localDateTime('1. mars')).toBeNull();
    expect(localDateTime('01.03.2026 09:30')).toBe('2026-03-01T08:30:00.000Z');
    expect(localDateTime('01.03.2026 25:30')).toBeNull();
  });
  it('writes goal numbers as ranges', () => {
    expect(formatRanges([1, 2, 3, 5, 97, 99, 98])).toBe('1–3, 5, 97–99');
    expect(formatRanges([])).toBe('');
  });
});

describe('plan editor and goal labels', () => {
  it('never shows a goal as a bare number', () => {
    expect(goalLabel(17, 'Myokardperfusjon', t)).toBe('Læringsmål 17 Myokardperfusjon');
    expect(goalLabel(17, null, t)).toBe('Læringsmål 17 (tittel ikke lagt inn)');
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
    const b = planBody(' Plan ', rows, t, ' Permisjon ');
    expect(b).toEqual({
      ok: true,
      body: {
        name: 'Plan',
        reason: 'Permisjon',
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
      ' ',
    );
    expect(b.ok).toBe(false);
    if (b.ok) return;
    expect(b.errors).toEqual({
      name: 'Fyll ut',
      reason: 'Skriv hvorfor planen endres',
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

describe('dates as people type them', () => {
  it('reads Norwegian and ISO dates and refuses impossible ones', () => {
    expect(parseDay('1.3.2027')).toBe('2027-03-01');
    expect(parseDay(' 01.03.2027 ')).toBe('2027-03-01');
    expect(parseDay('2027-03-01')).toBe('2027-03-01');
    expect(parseDay('30.02.2027')).toBeNull();
    expect(parseDay('mars 2027')).toBeNull();
    expect(dayText('2027-03-01', 'nb')).toBe('01.03.2027');
    expect(dayText('2027-03-01', 'en')).toBe('2027-03-01');
  });
  it('checks the move form before sending', () => {
    expect(moveForm({ start: '01.01.2027', end: '01.06.2027', reason: ' Permisjon ', backToPlan: false }, t)).toEqual({
      ok: true,
      start: '2027-01-01',
      end: '2027-06-01',
    });
    expect(moveForm({ start: '01.06.2027', end: '01.01.2027', reason: '', backToPlan: false }, t)).toEqual({
      ok: false,
      errors: { reason: 'Skriv en begrunnelse', end: 'Sluttdatoen må være etter startdatoen' },
    });
    expect(moveForm({ start: 'x', end: '', reason: 'Sykemelding', backToPlan: true }, t)).toMatchObject({ ok: true });
  });
});

describe('what changed, in plain Norwegian', () => {
  it('writes goal numbers as the other pages do ("Læringsmål 1–17 og 69"), never "LM", in both languages', () => {
    const en = (key: MessageKey, vars: Record<string, string | number> = {}) =>
      String(MESSAGES.en[key]).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
    const rotation = { trust: 'AHUS', hospital: 'Nordbyhagen', section: 'NM', fromYears: 0, toYears: 1 };
    const f = { years: String, date: (d: string) => d };
    expect(goalsInWords([69, ...Array.from({ length: 17 }, (_, i) => i + 1)], t)).toBe('læringsmål 1–17 og 69');
    expect(goalsInWords([1, 2, 3, 5, 7], t)).toBe('læringsmål 1–3, 5 og 7');
    expect(goalsInWords([1, 2, 3, 5, 7], en)).toBe('learning goals 1–3, 5 and 7');
    expect(goalsInWords([97], en)).toBe('learning goal 97');
    expect(goalsInWords([1, 2], en)).toBe('learning goals 1–2');
    for (const [tr, word] of [
      [t, 'Læringsmål'],
      [en, 'Learning goal'],
    ] as const) {
      for (const kind of ['goals-added', 'goals-removed', 'rotation-added', 'rotation-removed'] as const) {
        const text = changeText({ kind, rotation, goals: [1, 2, 3, 69] }, tr, f);
        expect(text).not.toMatch(/\bLM\b/);
        expect(text.toLowerCase()).toContain(`${word.toLowerCase()}s 1–3 ${tr === t ? 'og' : 'and'} 69`.replace('læringsmåls', 'læringsmål'));
      }
    }
  });

  const rotation = { trust: 'AHUS', hospital: 'Nordbyhagen', section: 'BDA/NM', fromYears: 1, toYears: 3.5 };
  const f = { years: (n: number) => String(n).replace('.', ','), date: (d: string) => d.split('-').reverse().join('.') };
  it('says which period moved and which goals came and went, with no ids', () => {
    expect(changeText({ kind: 'rotation-years', rotation, fromYears: [1, 3.5], toYears: [1.5, 4] }, t, f)).toBe(
      'Perioden AHUS · Nordbyhagen · BDA/NM ble flyttet i planen: 1–3,5 år → 1,5–4 år',
    );
    expect(changeText({ kind: 'goals-added', rotation, goals: [76, 77, 78, 90] }, t, f)).toBe(
      'Læringsmål 76–78 og 90 lagt til i AHUS · Nordbyhagen · BDA/NM, 1–3,5 år',
    );
    expect(changeText({ kind: 'goals-removed', rotation, goals: [97] }, t, f)).toBe('Læringsmål 97 fjernet fra AHUS · Nordbyhagen · BDA/NM, 1–3,5 år');
    expect(
      changeText({ kind: 'rotation-dates', rotation, from: ['2026-01-05', '2028-07-05'], to: ['2026-01-05', '2029-09-05'], reason: 'Permisjon' }, t, f),
    ).toBe('Datoene for AHUS · Nordbyhagen · BDA/NM ble flyttet: 05.01.2026 – 05.07.2028 → 05.01.2026 – 05.09.2029');
    expect(changeText({ kind: 'rotation-removed', rotation: { ...rotation, trust: 'OUS', hospital: 'OUS' }, goals: [1, 2] }, t, f)).toBe(
      'Perioden OUS · BDA/NM, 1–3,5 år, ble fjernet (læringsmål 1–2)',
    );
    expect(changeText({ kind: 'rotation-added', rotation, goals: [...Array.from({ length: 17 }, (_, i) => i + 1), 69] }, t, f)).toBe(
      'Ny periode: AHUS · Nordbyhagen · BDA/NM, 1–3,5 år, med læringsmål 1–17 og 69',
    );
    expect(changeText({ kind: 'rotation-place', rotation, from: { trust: 'OUS', hospital: 'OUS', section: 'NM' } }, t, f)).toBe(
      'Perioden 1–3,5 år ble flyttet fra OUS · NM til AHUS · Nordbyhagen · BDA/NM',
    );
  });
});

describe('goal import errors in words', () => {
  it('names the line and column and says what is wrong, never a code', () => {
    expect(importErrorText({ field: 'line 3, column 18', message: 'number-not-1-999' }, t)).toBe(
      'Linje 3, kolonne 18: nummeret må være et heltall fra 1 til 999',
    );
    expect(importErrorText({ field: 'line 4, column 18', message: 'duplicate-of-line-2' }, t)).toBe('Linje 4, kolonne 18: nummeret står allerede på linje 2');
    expect(importErrorText({ field: 'line 1, column 1', message: 'missing-column:title' }, t)).toBe(
      'Linje 1, kolonne 1: overskriftslinjen mangler kolonnen «title»',
    );
    expect(importErrorText({ field: 'line 2, column 1', message: 'unknown-specialty' }, t)).toContain('ukjent spesialitet');
    expect(importErrorText({ field: 'line 5, column 20', message: 'expected-3-fields-got-2' }, t)).toBe(
      'Linje 5, kolonne 20: linjen skal ha 3 felt, men har 2',
    );
    expect(importErrorText({ field: 'line 3, column 3', message: 'title-blank' }, t)).toBe(
      'Linje 3, kolonne 3: tittelen er tom (bare mellomrom eller usynlige tegn)',
    );
    for (const m of ['title-1-300-characters', 'title-blank', 'empty-file', 'no-rows', 'unterminated-quote', 'text-after-quote', 'something-new'])
      expect(importErrorText({ field: 'line 1, column 1', message: m }, t)).not.toMatch(/[a-z]+-[a-z]+-/);
  });
});

describe("the leader's change of supervisor and start date", () => {
  const current = { supervisorId: 'person-a', startDate: '2026-01-05' };
  it('sends only what changed, with the reason', () => {
    expect(detailsForm({ supervisorId: 'person-b', start: '05.01.2026', reason: ' Ny veileder etter permisjon ' }, current, t)).toEqual({
      ok: true,
      body: { supervisorPersonId: 'person-b', reason: 'Ny veileder etter permisjon' },
    });
    expect(detailsForm({ supervisorId: 'person-a', start: '2026-03-01', reason: 'Startet senere' }, current, t)).toEqual({
      ok: true,
      body: { startDate: '2026-03-01', reason: 'Startet senere' },
    });
  });
  it('names what is wrong: no reason, a bad date, nothing changed', () => {
    expect(detailsForm({ supervisorId: 'person-b', start: '31.02.2026', reason: '' }, current, t)).toEqual({
      ok: false,
      errors: { reason: 'Skriv en begrunnelse', start: 'Skriv en dato som 01.03.2027' },
    });
    expect(detailsForm({ supervisorId: 'person-a', start: '05.01.2026', reason: 'x' }, current, t)).toEqual({
      ok: false,
      errors: { start: 'Veileder og startdato er de samme som før' },
    });
  });
});
