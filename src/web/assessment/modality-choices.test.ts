// The accept form's modalities: one per kind, plain X-ray once, named in words.
import { describe, expect, it } from 'vitest';
import { MODALITIES } from '../../shared/api/assessment.ts';
import { translate } from '../../shared/i18n/index.ts';
import { oneCodePerKind } from '../../shared/modality-kind.ts';
import { modalityChoices, ruleModalityChoices } from './modality-choices.ts';

describe('modalityChoices', () => {
  it('offers plain X-ray once, named "Røntgen", and every name once, without codes', () => {
    const choices = modalityChoices(MODALITIES, 'CT');
    const names = choices.map((c) => translate('nb', c.label));
    expect(names.filter((n) => n.startsWith('Røntgen'))).toEqual(['Røntgen']);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).not.toMatch(/\((CR|DX)\)/);
    expect(choices.find((c) => c.label === 'modality.DX')?.value).toBe('DX');
    expect(choices.map((c) => c.value)).toContain('CT');
  });

  it('keeps an exam planned as CR on CR', () => {
    const choices = modalityChoices(MODALITIES, 'CR');
    expect(choices.filter((c) => c.label === 'modality.DX')).toEqual([{ value: 'CR', label: 'modality.DX' }]);
    expect(choices.map((c) => c.value)).not.toContain('DX');
  });
});

describe('ruleModalityChoices', () => {
  const offered = oneCodePerKind(MODALITIES);
  it('ticks "Røntgen" for a rule stored with CR, and once for CR and DX together', () => {
    expect(ruleModalityChoices(['CR'], offered)).toEqual(['DX']);
    expect(ruleModalityChoices(['CR', 'DX', 'MR'], offered)).toEqual(['DX', 'MR']);
    expect(offered).toContain('DX');
    expect(offered).not.toContain('CR');
  });
  it('keeps other kinds as they are, and an empty rule (every modality) empty', () => {
    expect(ruleModalityChoices(['MR', 'CT'], offered)).toEqual(['MR', 'CT']);
    expect(ruleModalityChoices([], offered)).toEqual([]);
  });
});
