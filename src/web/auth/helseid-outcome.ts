// Why a HelseID (OpenID Connect) login came back refused: the server sends the browser to
// `/?helseid=<reason>`; the login page shows the matching message. Pure, tested without a browser.
import type { MessageKey } from '../../shared/i18n/index.ts';

const REASONS: Record<string, MessageKey> = {
  'no-account': 'login.helseid.no-account',
  'no-hpr': 'login.helseid.no-hpr',
  'security-level': 'login.helseid.security-level',
  cancelled: 'login.helseid.cancelled',
  expired: 'login.helseid.expired',
  unavailable: 'login.helseid.unavailable',
  failed: 'login.helseid.failed',
};

/** The message for `?helseid=<reason>` in a URL's query string; null when there is none. Unknown reasons get the general one. */
export function helseIdOutcomeKey(search: string): MessageKey | null {
  const reason = new URLSearchParams(search).get('helseid');
  if (reason === null) return null;
  return REASONS[reason] ?? 'login.helseid.failed';
}
