// Turning the server's problem+json into text for people. Pure, so it is tested without a
// browser. The server's own detail is technical (and partly English); the user sees a message
// from the message files chosen by status and problem type, in their language.
import type { Locale, MessageKey } from '../../shared/i18n/index.ts';
import { ApiError, type FieldError } from './api.ts';

/** What to tell someone whose login failed. */
export function loginErrorKey(err: unknown): MessageKey {
  if (!(err instanceof ApiError)) return 'app.error.network';
  switch (err.status) {
    case 400:
    case 401:
      return 'login.error.wrong';
    case 423:
      return 'login.error.locked';
    case 429:
      return 'login.error.rateLimited';
    case 503:
      return 'app.error.unavailable';
    default:
      return 'app.error';
  }
}

/** A general message for a failed request (not a form field). */
export function requestErrorKey(err: unknown): MessageKey {
  if (!(err instanceof ApiError)) return 'app.error.network';
  switch (err.status) {
    case 401:
      return 'app.error.sessionExpired';
    case 403:
      return 'app.error.forbidden';
    case 404:
      return 'app.error.notFound';
    case 409:
      return 'app.error.conflict';
    case 429:
      return 'app.error.rateLimited';
    case 503:
      return 'app.error.unavailable';
    default:
      return err.status === 400 ? 'app.error.invalid' : 'app.error';
  }
}

export interface FieldProblem {
  /** The form field: first segment of the server's dotted path ("grants.0.organizationId" → "grants"). */
  field: string;
  /** Index within a list field (grants.0 → 0), when there is one. */
  index?: number;
  /** A message key when the server's text is a schema validator's (English, technical)… */
  key?: MessageKey;
  /** …otherwise the server's own message, written for people (Norwegian domain rules). */
  text?: string;
}

/**
 * The part of a server text for `locale`: the server writes domain refusals as "bokmål / English"
 * (one " / " between the two); the first part for nb, the second for en. A text without exactly one
 * such separator is returned whole. Pure.
 */
export function inLocale(text: string, locale: Locale): string {
  const parts = text.split(' / ');
  return parts.length === 2 ? (locale === 'en' ? parts[1]! : parts[0]!) : text;
}

/**
 * Maps one entry of problem+json `errors[]` to a field and a message. Schema-validator
 * messages ("must match pattern …", "must have required property …") become a message key;
 * domain messages ("i bruk / taken", "påkrevd for rollen henviser / required for the referrer
 * role") are already meant for people: the part in `locale` (inLocale; bokmål by default).
 */
export function fieldProblem(e: FieldError, locale: Locale = 'nb'): FieldProblem {
  const parts = e.field.split('.');
  const field = parts[0] ?? e.field;
  const index = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) : undefined;
  if (!/^must\b/.test(e.message)) return { field, index, text: inLocale(e.message, locale) };
  if (/required property|fewer than 1 character/.test(e.message)) return { field, index, key: 'form.error.required' };
  if (/format "email"/.test(e.message)) return { field, index, key: 'form.error.email' };
  if (field === 'username') return { field, index, key: 'form.error.username' };
  if (/more than \d+ character/.test(e.message)) return { field, index, key: 'form.error.tooLong' };
  return { field, index, key: 'form.error.invalid' };
}

/**
 * One message per form field from problem+json `errors[]`, for a form that shows each field's
 * error under the field: the first problem of each field (see fieldProblem), schema-validator
 * text ("must match pattern …") replaced by a message in the user's language through `t`.
 * Pure. Shape: { [field]: message }.
 */
export function fieldMessages(fields: readonly FieldError[], t: (key: MessageKey) => string, locale: Locale = 'nb'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const p = fieldProblem(f, locale);
    if (out[p.field] === undefined) out[p.field] = p.key ? t(p.key) : (p.text ?? '');
  }
  return out;
}
