import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { translate } from './index.ts';
import { nb } from './nb.ts';
import { MODALITIES } from '../api/assessment.ts';

describe('messages', () => {
  it('have the same keys in every language', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nb).sort());
  });

  it('have no empty texts and the same placeholders in each language', () => {
    for (const key of Object.keys(nb) as (keyof typeof nb)[]) {
      expect(nb[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(en[key]), key).toEqual(ph(nb[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translate('nb', 'start.title', { name: 'Kari' })).toBe('Velkommen, Kari');
    expect(translate('en', 'start.title', { name: 'Kari' })).toBe('Welcome, Kari');
  });

  it('name every DICOM modality code in words, so pages never show the bare code', () => {
    for (const m of MODALITIES) {
      expect(Object.keys(nb), m).toContain(`modality.${m}`);
      expect(nb[`modality.${m}` as keyof typeof nb]).not.toBe(m === 'CT' || m === 'MR' ? '' : m);
    }
  });
});
