// The words of an "exam started after the referral ended" warning on the booking page and the
// machine's day plan (server: booking/after-end.ts). Pure, so a test reads what a person sees.
import type { AfterEndWarning } from '../../shared/api/booking.ts';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import { dayLabel } from './format.ts';

/** The time of the modality's report in Oslo wall-clock, e.g. "30. nov. 2026 kl. 09:35" / "30 Nov 2026, 09:35". */
export function reportedAt(at: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(
    new Date(at),
  );
}

/**
 * The sentences of one warning, in the user's language: what happened (exam, patient, birth date,
 * machine, when) and what to do; the accession number on its own line (what the lab knows it by).
 * No internal ids. `w` may lack machine fields (the day plan's shorter item: the machine is the page's).
 */
export function afterEndLines(
  w: Pick<AfterEndWarning, 'at' | 'patientName' | 'examName' | 'accessionNumber'> & Partial<Pick<AfterEndWarning, 'birthDate' | 'machineName'>>,
  locale: Locale,
  machineName?: string,
): string[] {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const lines = [
    t('booking.afterEnd.text', {
      exam: w.examName,
      patient: w.patientName,
      born: w.birthDate ? dayLabel(w.birthDate, locale, true) : '–',
      machine: w.machineName ?? machineName ?? t('booking.afterEnd.unknownMachine'),
      when: reportedAt(w.at, locale),
    }),
  ];
  if (w.accessionNumber) lines.push(t('booking.afterEnd.accession', { accession: w.accessionNumber }));
  return lines;
}
