// Priorities on the booking page, in words (dates: app/oslo-time.ts). Pure, so it is tested without a browser.
import type { MessageKey } from '../../shared/i18n/index.ts';

const PRIORITIES = ['emergency', 'cancer_pathway', 'within_days', 'within_weeks', 'within_months', 'control_on_date'] as const;

/** The message key of a department's priority category; unknown or missing → "not set" (no internal codes shown). */
export function priorityKey(category: string | null): MessageKey {
  return (PRIORITIES as readonly string[]).includes(category ?? '') ? (`booking.prio.${category}` as MessageKey) : 'booking.prio.none';
}
