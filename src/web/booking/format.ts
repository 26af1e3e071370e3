// Dates and priorities on the booking page, in words. Pure, so it is tested without a browser.
import type { MessageKey } from '../../shared/i18n/index.ts';

const PRIORITIES = ['emergency', 'cancer_pathway', 'within_days', 'within_weeks', 'within_months', 'control_on_date'] as const;

/** The message key of a department's priority category; unknown or missing → "not set" (no internal codes shown). */
export function priorityKey(category: string | null): MessageKey {
  return (PRIORITIES as readonly string[]).includes(category ?? '') ? (`booking.prio.${category}` as MessageKey) : 'booking.prio.none';
}

/** A YYYY-MM-DD date in words: "ons. 9. des." (with the year when `withYear`). */
export function dayLabel(date: string, locale: 'nb' | 'en', withYear = false): string {
  return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', {
    ...(withYear ? {} : { weekday: 'short' }),
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** Today's date in Norway, YYYY-MM-DD. */
export function todayInOslo(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
