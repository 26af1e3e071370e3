import { describe, expect, it } from 'vitest';
import { HELSEID_CLAIMS, readHelseIdIdentity } from './helseid-claims.ts';

// Synthetic values only (fødselsnummer with month + 80).
const base = {
  sub: 'abc',
  [HELSEID_CLAIMS.pid]: '15896900123',
  [HELSEID_CLAIMS.securityLevel]: '4',
  [HELSEID_CLAIMS.hprNumber]: '565501872',
  name: 'Kari Test Nordmann',
};

describe('readHelseIdIdentity', () => {
  it('reads the HPR number at security level 4, as HelseID sends it (strings)', () => {
    expect(readHelseIdIdentity(base, 4)).toEqual({ ok: true, hprNumber: '565501872', securityLevel: 4 });
  });

  it('accepts the HPR number as a one-element array and the level as a number', () => {
    expect(readHelseIdIdentity({ ...base, [HELSEID_CLAIMS.hprNumber]: ['565501872'], [HELSEID_CLAIMS.securityLevel]: 4 }, 4)).toMatchObject({
      ok: true,
      hprNumber: '565501872',
    });
  });

  it('refuses a level below the minimum, a missing level and a malformed one', () => {
    expect(readHelseIdIdentity({ ...base, [HELSEID_CLAIMS.securityLevel]: '3' }, 4)).toEqual({ ok: false, reason: 'security-level' });
    expect(readHelseIdIdentity({ ...base, [HELSEID_CLAIMS.securityLevel]: undefined }, 4)).toEqual({ ok: false, reason: 'security-level' });
    expect(readHelseIdIdentity({ ...base, [HELSEID_CLAIMS.securityLevel]: '4a' }, 4)).toEqual({ ok: false, reason: 'security-level' });
    expect(readHelseIdIdentity({ ...base, [HELSEID_CLAIMS.securityLevel]: '3' }, 3)).toMatchObject({ ok: true, securityLevel: 3 });
  });

  it('refuses a missing, malformed or ambiguous HPR number', () => {
    for (const hpr of [undefined, '', '12345', '1234567890', 'abcdefghi', ['565501872', '431001110'], ['565501872', 7], [], 565501872]) {
      expect(readHelseIdIdentity({ ...base, [HELSEID_CLAIMS.hprNumber]: hpr }, 4)).toEqual({ ok: false, reason: 'no-hpr' });
    }
  });
});
