import { describe, expect, it } from 'vitest';
import { daysLeftMessage, deadlineVariant, EMPTY_FILTERS, formatFnr, inboxQueryString, listKeyAction, placeName } from './inbox-view.ts';

describe('inbox query string', () => {
  it('leaves out empty filters and the default scope', () => {
    expect(inboxQueryString(EMPTY_FILTERS, { limit: 25, offset: 0 })).toBe('?limit=25');
    expect(inboxQueryString({ ...EMPTY_FILTERS, scope: 'joint', q: ' Kari Nordmann ', deadline: 'overdue' }, { limit: 25, offset: 50 })).toBe(
      '?scope=joint&q=Kari+Nordmann&deadline=overdue&limit=25&offset=50',
    );
  });
});

describe('keyboard navigation', () => {
  it('moves with j/k and the arrows within the list, opens with Enter, searches with /', () => {
    expect(listKeyAction('j', 0, 3)).toEqual({ kind: 'move', index: 1 });
    expect(listKeyAction('ArrowDown', 2, 3)).toEqual({ kind: 'move', index: 2 });
    expect(listKeyAction('k', 0, 3)).toEqual({ kind: 'move', index: 0 });
    expect(listKeyAction('ArrowUp', 2, 3)).toEqual({ kind: 'move', index: 1 });
    expect(listKeyAction('End', 0, 3)).toEqual({ kind: 'move', index: 2 });
    expect(listKeyAction('Enter', 1, 3)).toEqual({ kind: 'open', index: 1 });
    expect(listKeyAction('/', 1, 3)).toEqual({ kind: 'search' });
    expect(listKeyAction('j', 0, 3, true)).toEqual({ kind: 'none' });
    expect(listKeyAction('Enter', 0, 0)).toEqual({ kind: 'none' });
  });
});

describe('deadline in words', () => {
  it('says overdue, today, or days left', () => {
    expect(daysLeftMessage(-3)).toEqual({ key: 'asm.daysLeft.overdue', vars: { n: 3 } });
    expect(daysLeftMessage(-1).key).toBe('asm.daysLeft.overdue1');
    expect(daysLeftMessage(0).key).toBe('asm.daysLeft.today');
    expect(daysLeftMessage(1).key).toBe('asm.daysLeft.one');
    expect(daysLeftMessage(7)).toEqual({ key: 'asm.daysLeft.many', vars: { n: 7 } });
    expect(deadlineVariant('overdue')).toBe('error');
    expect(deadlineVariant('due_soon')).toBe('warning');
    expect(deadlineVariant(null)).toBe('neutral');
    expect(formatFnr('01018012345')).toBe('010180 12345');
  });
});

describe('place name', () => {
  it('adds the site unless the department name already has it', () => {
    expect(placeName('Radiologisk avdeling', 'Haukeland universitetssjukehus')).toBe('Radiologisk avdeling, Haukeland universitetssjukehus');
    expect(placeName('Radiologisk avdeling, Haukeland universitetssjukehus', 'Haukeland universitetssjukehus')).toBe(
      'Radiologisk avdeling, Haukeland universitetssjukehus',
    );
    expect(placeName('Aleris Røntgen Bergen', null)).toBe('Aleris Røntgen Bergen');
  });
});
