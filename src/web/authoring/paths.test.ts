import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { fieldLabel, getIn, isUnder, moveIn, parseCodes, removeAt, setIn } from './paths.ts';

describe('editor document paths', () => {
  const doc = {
    title: { nb: 'A' },
    rules: [
      { id: 'r1', when: 'trauma' },
      { id: 'r2', when: 'fever' },
    ],
  };
  it('reads and writes by path without changing the original', () => {
    const d2 = setIn(doc, ['rules', '1', 'when'], 'age >= 50');
    expect(getIn(d2, ['rules', '1', 'when'])).toBe('age >= 50');
    expect(doc.rules[1].when).toBe('fever');
    expect(getIn(setIn(doc, ['title', 'en'], 'B'), ['title'])).toEqual({ nb: 'A', en: 'B' });
    expect(getIn(setIn(doc, ['title', 'nb'], ''), ['title'])).toEqual({});
  });
  it('moves and removes rules', () => {
    expect((moveIn(doc, ['rules'], 1, -1).rules as { id: string }[]).map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(moveIn(doc, ['rules'], 0, -1)).toBe(doc);
    expect((removeAt(doc, ['rules'], 0).rules as { id: string }[]).map((r) => r.id)).toEqual(['r2']);
  });
  it('matches an error to its field and names the place in words', () => {
    expect(isUnder(['rules', '1', 'when'], ['rules', '1'])).toBe(true);
    expect(isUnder(['rules', '1'], ['rules', '1', 'when'])).toBe(false);
    const t = (k: Parameters<typeof translate>[1]) => translate('nb', k);
    expect(fieldLabel(['rules', 'traume', 'outcome', 'rating'], t)).toBe('Regler › traume › Vurdering');
  });
});

describe('parseCodes', () => {
  it('reads diagnosis codes as an editor types them: comma, space or semicolon, upper case, each once', () => {
    expect(parseCodes('l96, L15 ,l96;n80  r05')).toEqual(['L96', 'L15', 'N80', 'R05']);
    expect(parseCodes('  ')).toEqual([]);
  });
});
