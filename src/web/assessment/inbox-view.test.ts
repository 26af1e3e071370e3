import { describe, expect, it } from 'vitest';
import {
  daysLeftMessage,
  deadlineVariant,
  EMPTY_FILTERS,
  formatFnr,
  inboxQueryString,
  inboxStateFromUrl,
  inboxUrl,
  listKeyAction,
  pageOffset,
  placeName,
} from './inbox-view.ts';

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

describe('the inbox state in the URL (reload, back, a shared link)', () => {
  it('reads filters and page and writes them back the same', () => {
    const url = 'q=Nordmann&deadline=overdue&urgency=urgent&modality=MR&exam=SNG0AG&site=site-1&department=dept-2&referrer=person-9&page=3';
    const s = inboxStateFromUrl(url, 25);
    expect(s.offset).toBe(50);
    expect(s.filters).toEqual({
      scope: 'department',
      q: 'Nordmann',
      deadline: 'overdue',
      urgency: 'urgent',
      modality: 'MR',
      exam: 'SNG0AG',
      site: 'site-1',
      department: 'dept-2',
      referrer: 'person-9',
    });
    expect(inboxUrl(s.filters, s.offset, 25)).toBe(url);
    expect(inboxStateFromUrl('scope=joint', 25).filters.scope).toBe('joint');
  });

  it('leaves out empty filters and page 1', () => {
    expect(inboxUrl(EMPTY_FILTERS, 0, 25)).toBe('');
    expect(inboxUrl({ ...EMPTY_FILTERS, q: '  ' }, 24, 25)).toBe('');
    expect(inboxUrl(EMPTY_FILTERS, 25, 25)).toBe('page=2');
  });

  it('falls back on invalid values: that filter off, page 1', () => {
    const s = inboxStateFromUrl('deadline=soon&urgency=ASAP&modality=XX&exam=mr%20kne&scope=all&department=%3Cscript%3E&page=-2', 25);
    expect(s).toEqual({ filters: EMPTY_FILTERS, offset: 0 });
    for (const page of ['0', 'abc', '2.5', '99999', '', '1e3']) expect(pageOffset(page, 25)).toBe(0);
    expect(pageOffset('4000', 25)).toBe(3999 * 25);
    expect(inboxStateFromUrl(`q=${'x'.repeat(300)}`, 25).filters.q).toHaveLength(100);
  });
});
