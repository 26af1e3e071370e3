// The one reading of the Accept-Language request header (RFC 9110 §12.5.4: language ranges with
// optional q-values, `*` for any), for every place the server picks a language from a request:
// error texts (http/errors.ts), CDS Hooks cards, and exports for callers without a chosen UI
// language. Parsing and ranking are `negotiator`'s (jshttp; the negotiation Express uses), so q-values,
// ties (the header's order, then ours), prefixes (`en-GB` → en) and malformed entries (dropped)
// follow one well-tested implementation rather than a regular expression of our own.
import Negotiator from 'negotiator';
import type { Locale } from '../../shared/i18n/index.ts';

/**
 * The language ranges Radvis answers, best first for `*` and ties: bokmål (the default), then
 * English. `no` (Norwegian) and `nn` (nynorsk) have no UI of their own; a reader of either is
 * closer to bokmål than to English, so they stand for bokmål.
 */
const OFFERED = ['nb', 'no', 'nn', 'en'] as const;
const LOCALE_OF: Record<(typeof OFFERED)[number], Locale> = { nb: 'nb', no: 'nb', nn: 'nb', en: 'en' };

/** Longer headers are not language preferences anyone sends; they are read as absent. */
const MAX_HEADER_LENGTH = 1024;

/**
 * The locale an Accept-Language header asks for: the best-ranked of bokmål and English by q-value
 * ("nb;q=0.2, en;q=0.9" → en; "en-GB" → en; "*" → nb). Bokmål when the header is missing, empty,
 * malformed, longer than 1,024 characters or names neither language; never throws. Repeated
 * headers (an array) are read as one list, as RFC 9110 §5.3 joins them.
 */
export function localeFromAcceptLanguage(header: string | string[] | undefined): Locale {
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (!value || value.length > MAX_HEADER_LENGTH) return 'nb';
  try {
    const best = new Negotiator({ headers: { 'accept-language': value } }).language([...OFFERED]) as (typeof OFFERED)[number] | undefined;
    return best ? LOCALE_OF[best] : 'nb';
  } catch {
    // negotiator does not throw on any header we have found; bokmål if a future version does.
    return 'nb';
  }
}

/**
 * The language of what a request gets back (pages' data, PDFs, CSV): the UI language a logged-in
 * user chose (`principal.locale`, PUT /api/auth/me/locale) — the same the web pages follow — and for
 * callers without one (API clients) the request's Accept-Language (localeFromAcceptLanguage).
 */
export function requestLocale(req: { principal?: { locale: Locale } | null; headers: { 'accept-language'?: string | string[] } }): Locale {
  return req.principal?.locale ?? localeFromAcceptLanguage(req.headers['accept-language']);
}
