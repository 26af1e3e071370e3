import { describe, expect, it } from 'vitest';
import { myListFromUrl, myListUrl, statusWords } from './list-state.ts';

describe("'Mine henvisninger' state in the URL", () => {
  it('reads search, status and page and writes them back the same', () => {
    const s = myListFromUrl('q=Hansen&status=returned&page=4', 25);
    expect(s).toEqual({ q: 'Hansen', status: 'returned', offset: 75 });
    expect(myListUrl(s, 25)).toBe('q=Hansen&status=returned&page=4');
    expect(myListUrl({ q: '', status: '', offset: 0 }, 25)).toBe('');
  });

  it('falls back on an unknown status and a bad page', () => {
    expect(myListFromUrl('status=deleted&page=x', 25)).toEqual({ q: '', status: '', offset: 0 });
    expect(myListFromUrl('page=0', 25).offset).toBe(0);
  });
});

describe("'Mine henvisninger' status in words and withdrawing", () => {
  it('says how a cancelled referral ended, not just "cancelled"', () => {
    expect(statusWords({ status: 'cancelled', ended: { by: 'referrer', reason: null } })).toEqual({ key: 'asm.event.withdrawn' });
    expect(statusWords({ status: 'cancelled', ended: { by: 'department', reason: 'patient_declined' } })).toEqual({
      key: 'asm.event.closed_without_exam',
      reasonKey: 'asm.close.reason.patient_declined',
    });
    expect(statusWords({ status: 'scheduled', ended: null })).toEqual({ key: 'asm.status.scheduled' });
  });
});
