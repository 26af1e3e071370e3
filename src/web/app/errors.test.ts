import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { MESSAGES, type MessageKey } from '../../shared/i18n/index.ts';
import { fieldMessages, fieldProblem, inLocale, loginErrorKey, requestErrorKey } from './errors.ts';

describe('problem+json to messages', () => {
  it('tells a failed login apart: wrong password, locked account, rate limit, network', () => {
    expect(loginErrorKey(new ApiError(401, 'Feil brukernavn eller passord', [], 'unauthenticated'))).toBe('login.error.wrong');
    expect(loginErrorKey(new ApiError(423, 'låst', [], 'locked'))).toBe('login.error.locked');
    expect(loginErrorKey(new ApiError(429, 'Rate limit exceeded'))).toBe('login.error.rateLimited');
    expect(loginErrorKey(new ApiError(503, 'starting'))).toBe('app.error.unavailable');
    expect(loginErrorKey(new TypeError('Failed to fetch'))).toBe('app.error.network');
  });

  it('gives general messages for other requests', () => {
    expect(requestErrorKey(new ApiError(401, ''))).toBe('app.error.sessionExpired');
    expect(requestErrorKey(new ApiError(403, ''))).toBe('app.error.forbidden');
    expect(requestErrorKey(new ApiError(400, ''))).toBe('app.error.invalid');
    expect(requestErrorKey(new ApiError(500, ''))).toBe('app.error');
  });

  it('maps schema-validator field errors to messages and keeps domain messages', () => {
    expect(fieldProblem({ field: 'username', message: 'must match pattern "^[A-Za-z0-9._-]{3,64}$"' })).toEqual({
      field: 'username',
      index: undefined,
      key: 'form.error.username',
    });
    expect(fieldProblem({ field: 'givenName', message: 'must NOT have fewer than 1 characters' })).toMatchObject({
      field: 'givenName',
      key: 'form.error.required',
    });
    expect(fieldProblem({ field: 'email', message: 'must match format "email"' })).toMatchObject({ key: 'form.error.email' });
    expect(fieldProblem({ field: 'referrerKind', message: 'påkrevd for rollen henviser' })).toEqual({
      field: 'referrerKind',
      index: undefined,
      text: 'påkrevd for rollen henviser',
    });
    expect(fieldProblem({ field: 'grants.1.organizationId', message: 'utenfor ditt ansvarsområde' })).toEqual({
      field: 'grants',
      index: 1,
      text: 'utenfor ditt ansvarsområde',
    });
  });

  it("gives a form one message per field in the user's language, never the validator's English", () => {
    // The assessment form's answer when accepted without a priority or a date (found trying the demo).
    const fields = [
      { field: 'priorityCategory', message: "must have required property 'priorityCategory'" },
      { field: 'examDueDate', message: 'must match format "date"' },
      { field: 'examDueDate', message: 'must have required property' },
      { field: 'siteId', message: 'Stedet hører ikke til avdelingen' },
    ];
    const nb = fieldMessages(fields, (k: MessageKey) => MESSAGES.nb[k]);
    expect(nb).toEqual({ priorityCategory: 'Må fylles ut', examDueDate: 'Ugyldig verdi', siteId: 'Stedet hører ikke til avdelingen' });
    const en = fieldMessages(fields, (k: MessageKey) => MESSAGES.en[k]);
    expect(en.priorityCategory).toBe(MESSAGES.en['form.error.required']);
    expect(Object.values(en).join(' ')).not.toMatch(/\bmust\b|pattern|format/);
  });

  it('shows a bilingual server text ("bokmål / English") in the user\'s language only (plat26)', () => {
    expect(inLocale('i bruk / taken', 'nb')).toBe('i bruk');
    expect(inLocale('i bruk / taken', 'en')).toBe('taken');
    // Not exactly one separator: shown whole.
    expect(inLocale('Stedet hører ikke til avdelingen', 'en')).toBe('Stedet hører ikke til avdelingen');
    expect(inLocale('a / b / c', 'en')).toBe('a / b / c');
    const fields = [
      { field: 'username', message: 'i bruk / taken' },
      { field: 'examDueDate', message: "utenfor prioritetens frist (innen 0 dager) / outside the priority's window (within 0 days)" },
    ];
    expect(fieldMessages(fields, (k: MessageKey) => MESSAGES.en[k], 'en')).toEqual({
      username: 'taken',
      examDueDate: "outside the priority's window (within 0 days)",
    });
    expect(fieldMessages(fields, (k: MessageKey) => MESSAGES.nb[k])).toEqual({ username: 'i bruk', examDueDate: 'utenfor prioritetens frist (innen 0 dager)' });
    expect(fieldProblem(fields[0]!, 'en')).toEqual({ field: 'username', index: undefined, text: 'taken' });
  });
});
