// The name a worklist shows (read27): a list Radvis makes in the reader's language, a typed name as typed.
import { describe, expect, it } from 'vitest';
import { isKeyedName, listName } from './list-name.ts';

describe('listName', () => {
  it('gives a keyed list its name in the reader’s language', () => {
    expect(listName({ name: 'Alle undersøkelser', nameKey: 'all' }, 'nb')).toBe('Alle undersøkelser');
    expect(listName({ name: 'Alle undersøkelser', nameKey: 'all' }, 'en')).toBe('All exams');
    expect(listName({ name: 'Regional nevroradiologi', nameKey: 'regional-neuro' }, 'en')).toBe('Regional neuroradiology');
  });

  it('keeps a typed name as typed in every language, and falls back to it for an unknown key', () => {
    expect(listName({ name: 'Fjord sine CT-er', nameKey: null }, 'en')).toBe('Fjord sine CT-er');
    expect(listName({ name: 'Min liste', nameKey: 'no-such-key' }, 'en')).toBe('Min liste');
  });
});

describe('isKeyedName', () => {
  it('recognizes the keyed name in either language (a leader saving without renaming), nothing else', () => {
    expect(isKeyedName('ct-mr', 'CT and MR')).toBe(true);
    expect(isKeyedName('ct-mr', ' CT og MR ')).toBe(true);
    expect(isKeyedName('ct-mr', 'CT og MR (natt)')).toBe(false);
    expect(isKeyedName(null, 'CT og MR')).toBe(false);
  });
});
