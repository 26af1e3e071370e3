// The words of an "exam started after the referral ended" warning on the booking page and the
// machine's day plan (server: booking/after-end.ts). Pure, so a test reads what a person sees.
import type { AfterEndWarning } from '../../shared/api/booking.ts';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import { calendarDay, osloDateTime } from '../app/oslo-time.ts';

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
      born: w.birthDate ? calendarDay(w.birthDate, locale, true) : '–',
      machine: w.machineName ?? machineName ?? t('booking.afterEnd.unknownMachine'),
      when: osloDateTime(w.at, locale, 'medium'),
    }),
  ];
  if (w.accessionNumber) lines.push(t('booking.afterEnd.accession', { accession: w.accessionNumber }));
  return lines;
}
