import { describe, expect, it } from 'vitest';
import { cid9300, discontinuationReasonText } from './discontinuation-reasons.ts';

describe('MPPS discontinuation reasons (PS3.16 CID 9300) in words', () => {
  it('has every code of the table with its PS3.16 meaning and a bokmål text', () => {
    const t = cid9300();
    // PS3.16 Annex D Table D-1 meanings of a few codes (the ones modalities send most).
    expect(t.get('110500')?.en).toBe('Doctor canceled procedure');
    expect(t.get('110501')?.en).toBe('Equipment failure');
    expect(t.get('110507')?.en).toBe('Patient did not arrive');
    expect(t.get('110513')?.en).toBe('Discontinued for unspecified reason');
    expect(t.get('110514')?.en).toBe('Incorrect worklist entry selected');
    for (const [value, w] of t) {
      expect(value).toMatch(/^1105\d\d$/);
      expect(w.nb.length).toBeGreaterThan(3);
      expect(w.nb).not.toBe(w.en);
    }
  });

  it("turns a stored code into the reader's words, keeps a sender's own words for unknown codes, and says nothing when nothing was sent", () => {
    expect(discontinuationReasonText('DCM:110514', 'Incorrect worklist entry selected', 'nb')).toBe('Feil oppføring valgt i arbeidslisten');
    expect(discontinuationReasonText('DCM:110514', 'Incorrect worklist entry selected', 'en')).toBe('Incorrect worklist entry selected');
    expect(discontinuationReasonText('110501', null, 'nb')).toBe('Feil på utstyret');
    expect(discontinuationReasonText('99ACME:X7', 'Kontrastpumpe stoppet', 'nb')).toBe('Kontrastpumpe stoppet');
    expect(discontinuationReasonText(null, null, 'nb')).toBeNull();
    expect(discontinuationReasonText('DCM:999999', '  ', 'en')).toBeNull();
  });
});
