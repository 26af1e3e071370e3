// The words of the referrer's messages from radiology (server: notifications/service.ts) and of the
// department's alerts. Pure, so a test reads what a person sees: no internal ids or codes, the
// reasons in words, times in Oslo wall clock.
import type { DepartmentAlert, Notifications } from '../../shared/api/notifications.ts';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import { osloDate, osloDateTime } from '../app/oslo-time.ts';

type Item = Notifications['items'][number];

const TEXT: Record<Item['kind'], MessageKey> = {
  'report-final': 'ntf.final',
  'report-addendum': 'ntf.addendum',
  'report-preliminary': 'ntf.preliminary',
  'report-changed': 'ntf.changed',
  'referral-returned': 'ntf.returned',
  'info-requested': 'ntf.infoRequested',
  'exam-booked': 'ntf.booked',
  'booking-changed': 'ntf.bookingChanged',
  'booking-cancelled': 'ntf.bookingCancelled',
  'referral-closed': 'ntf.closed',
  'referral-merged': 'ntf.merged',
  'referral-redirected': 'ntf.redirected',
  'exam-discontinued': 'ntf.discontinued',
};

/** A reason code's label with the person's own words after it ("Annet" alone says nothing: the words only). */
function reasonWords(label: string, code: string, text: string | null): string {
  if (!text) return label;
  return code === 'other' ? text : `${label} – ${text}`;
}

/** A booked time: "8. des. 2026 kl. 09:00" / "8 Dec 2026 at 09:00". */
export function slotText(slot: { date: string; start: string }, locale: Locale): string {
  return translate(locale, 'ntf.slotTime', { date: osloDate(slot.date, locale, 'medium'), start: slot.start });
}

/**
 * One notification in words: `text`, the line that links to the referral, and `quote`, the
 * department's question when it asks for more information (null otherwise).
 */
export function notificationText(i: Item, locale: Locale): { text: string; quote: string | null } {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const base = { exam: i.examName, patient: i.patientName };
  const key: MessageKey =
    i.kind === 'exam-discontinued' && !i.stopReason
      ? 'ntf.discontinuedNoReason'
      : i.kind === 'booking-changed' && i.place
        ? 'ntf.bookingChangedAt'
        : TEXT[i.kind];
  const vars: Record<string, string | number> = { ...base };
  if (i.returnReason) vars.reason = reasonWords(t(`asm.return.${i.returnReason.reason}` as MessageKey), i.returnReason.reason, i.returnReason.text);
  if (i.closeReason) vars.reason = reasonWords(t(`asm.close.reason.${i.closeReason.reason}` as MessageKey), i.closeReason.reason, i.closeReason.text);
  if (i.stopReason) vars.reason = i.stopReason;
  if (i.slot) vars.time = slotText(i.slot, locale);
  if (i.mergedInto) Object.assign(vars, { number: i.mergedInto.referralNumber, otherExam: i.mergedInto.examName });
  if (i.redirectedTo) vars.unit = i.redirectedTo;
  if (i.place) vars.place = i.place;
  return { text: t(key, vars), quote: i.question ? t('ntf.question', { question: i.question }) : null };
}

/** A department alert's sentences: what happened (patient, birth date, exam, referral number), the freed time, the referrer's words, when. */
export function departmentAlertLines(a: DepartmentAlert, locale: Locale): string[] {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const lines = [
    t('ntf.alert.withdrawn', { patient: a.patientName, born: osloDate(a.birthDate, locale, 'medium'), exam: a.examName, number: a.referralNumber }),
  ];
  if (a.slot) {
    const time = slotText(a.slot, locale);
    lines.push(a.machineName ? t('ntf.alert.freed', { time, machine: a.machineName }) : t('ntf.alert.freedNoMachine', { time }));
  }
  if (a.reasonText) lines.push(t('ntf.alert.reason', { text: a.reasonText }));
  lines.push(t('ntf.alert.at', { at: osloDateTime(a.at, locale) }));
  return lines;
}
