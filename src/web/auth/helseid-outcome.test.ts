import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n/index.ts';
import { helseIdOutcomeKey } from './helseid-outcome.ts';

describe('helseIdOutcomeKey', () => {
  it('maps each refusal the server sends to its own message, in both languages', () => {
    for (const reason of ['no-account', 'no-hpr', 'security-level', 'cancelled', 'expired', 'unavailable', 'failed']) {
      const key = helseIdOutcomeKey(`?helseid=${reason}`);
      expect(key).toBe(`login.helseid.${reason}`);
      expect(MESSAGES.nb[key!]).toBeTruthy();
      expect(MESSAGES.en[key!]).toBeTruthy();
    }
  });

  it('shows nothing without the parameter and the general message for an unknown reason', () => {
    expect(helseIdOutcomeKey('')).toBeNull();
    expect(helseIdOutcomeKey('?other=1')).toBeNull();
    expect(helseIdOutcomeKey('?helseid=<script>')).toBe('login.helseid.failed');
  });
});
