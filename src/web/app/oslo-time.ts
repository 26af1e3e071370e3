// Times as people in Norway read them: every instant the pages show is in Norwegian wall-clock time
// (Europe/Oslo), whatever the browser's own time zone, so a page saying "norsk tid" is right on a
// laptop set to UTC too. Pure, so a test reads what a person sees.
import type { Locale } from '../../shared/i18n/index.ts';

const tagOf = (locale: Locale) => (locale === 'nb' ? 'nb-NO' : 'en-GB');

/**
 * An ISO 8601 instant as date and Oslo wall-clock time in the user's language, e.g. "2. des. 2026,
 * 09:35" (nb, `medium`) or "02.12.2026, 09:35" (nb, `short`); `long` spells the month ("2. desember
 * 2026 kl. 09:35"). '–' for null or an unparseable value. Source of the zone: IANA tz Europe/Oslo.
 */
export function osloDateTime(iso: string | null | undefined, locale: Locale, style: 'short' | 'medium' | 'long' = 'medium'): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '–';
  return new Intl.DateTimeFormat(tagOf(locale), { dateStyle: style, timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(d);
}

/**
 * An ISO 8601 instant's Oslo calendar date in the user's language ("2. desember 2026" with `long`);
 * a plain YYYY-MM-DD date is read as that calendar day (no zone shift). '–' for null or unparseable.
 */
export function osloDate(iso: string | null | undefined, locale: Locale, style: 'short' | 'medium' | 'long' = 'long'): string {
  if (!iso) return '–';
  const plain = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const d = new Date(plain ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return '–';
  return new Intl.DateTimeFormat(tagOf(locale), { dateStyle: style, timeZone: plain ? 'UTC' : 'Europe/Oslo' }).format(d);
}
