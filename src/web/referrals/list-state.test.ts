import { describe, expect, it } from 'vitest';
import { myListFromUrl, myListUrl } from './list-state.ts';

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
