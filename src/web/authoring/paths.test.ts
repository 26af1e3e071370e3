import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { fieldLabel, getIn, isUnder, moveIn, parseCodes, problemText, removeAt, setIn } from './paths.ts';

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
    // The approval the workflow writes into the topic is named in words, not as its keys.
    expect(fieldLabel(['reviewed', 'by'], t)).toBe('Godkjenning › godkjent av');
  });
});

describe('parseCodes', () => {
  it('reads diagnosis codes as an editor types them: comma, space or semicolon, upper case, each once', () => {
    expect(parseCodes('l96, L15 ,l96;n80  r05')).toEqual(['L96', 'L15', 'N80', 'R05']);
    expect(parseCodes('  ')).toEqual([]);
  });
});

describe("validation problems in the editor's language", () => {
  const nb = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('nb', k, v);
  const en = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);
  it("turns the loader's common English messages into Norwegian (found: 'Oppsummering: is required' in the demo)", () => {
    expect(problemText({ message: 'is required' }, nb)).toBe('Må fylles ut');
    expect(problemText({ message: 'must be a non-empty string' }, nb)).toBe('Må fylles ut');
    expect(problemText({ message: 'must be at most 140 characters (is 152)' }, nb)).toBe('Høyst 140 tegn (nå 152)');
    expect(problemText({ message: '3 does not fit rating appropriate (7–9)' }, nb)).toBe('Skåren 3 passer ikke til vurderingen (skår 7–9)');
    expect(problemText({ message: 'must be one of appropriate, may_be_appropriate' }, nb)).toBe('Velg en av verdiene i listen');
    expect(problemText({ message: 'is required' }, en)).toBe('Required');
  });
  it('adds the rule-language position in the language of the page, and keeps messages it does not know', () => {
    expect(problemText({ message: 'must be a whole number 1–9', column: 4 }, nb)).toBe('Et helt tall fra 1 til 9 (tegn 5)');
    expect(problemText({ message: 'must be a whole number 1–9', column: 4 }, en)).toBe('A whole number from 1 to 9 (character 5)');
    expect(problemText({ message: 'ukjent opplysning «x»' }, nb)).toBe('ukjent opplysning «x»');
  });
});
