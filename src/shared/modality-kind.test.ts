import { describe, expect, it } from 'vitest';
import { codesOfKind, modalityKind, oneCodePerKind } from './modality-kind.ts';

describe('modality kinds', () => {
  it('reads CR and DX as one kind, plain X-ray; every other code as its own', () => {
    expect(modalityKind('CR')).toBe('DX');
    expect(modalityKind('DX')).toBe('DX');
    expect(modalityKind('MR')).toBe('MR');
    expect(codesOfKind('CR')).toEqual(['DX', 'CR']);
    expect(codesOfKind('DX')).toEqual(['DX', 'CR']);
    expect(codesOfKind('CT')).toEqual(['CT']);
    expect(oneCodePerKind(['CR', 'DX', 'CT', 'MR', 'CT'])).toEqual(['DX', 'CT', 'MR']);
  });
});
