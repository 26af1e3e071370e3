import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { modalityName } from './modality-name.ts';

describe('modalityName', () => {
  it('names modalities in words in both languages; plain X-ray is one kind', () => {
    const nb = (k: Parameters<typeof translate>[1]) => translate('nb', k);
    const en = (k: Parameters<typeof translate>[1]) => translate('en', k);
    expect(['DX', 'CR', 'US', 'CT', 'MR'].map((c) => modalityName(nb, c))).toEqual(['Røntgen', 'Røntgen', 'Ultralyd', 'CT', 'MR']);
    expect(['DX', 'CR', 'US'].map((c) => modalityName(en, c))).toEqual(['X-ray', 'X-ray', 'Ultrasound']);
  });
  it('falls back to the code for a modality without a name', () => {
    expect(modalityName((k) => translate('nb', k), 'ZZ')).toBe('ZZ');
  });
});
