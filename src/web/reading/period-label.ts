// How the reading worklist names the ends of its turnaround period ("25.11. kl. 02:08"). Pure, so a
// test reads what a person sees.
import type { Locale } from '../../shared/i18n/index.ts';

/**
 * One end of a period as day, month and Oslo wall-clock time: "25.11. kl. 02:08" (nb), "25/11, 02:08"
 * (en). `iso` is an ISO 8601 instant. Replaces the browser's "25.11., 02:08", whose comma after the
 * day made a range "25.11., 02:08–2.12., 02:08" hard to read.
 */
export function periodMoment(iso: string, locale: Locale): string {
  const tag = locale === 'nb' ? 'nb-NO' : 'en-GB';
  const d = new Date(iso);
  const day = d.toLocaleDateString(tag, { day: 'numeric', month: 'numeric', timeZone: 'Europe/Oslo' });
  const time = d.toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' });
  return locale === 'nb' ? `${day} kl. ${time}` : `${day}, ${time}`;
}
