// The words of the GP's messages from radiology and of the department's alerts (notification-text.ts):
// each kind in bokmål and English, reasons in words (never a code), times in Oslo wall clock.
import { describe, expect, it } from 'vitest';
import type { DepartmentAlert, Notifications } from '../../shared/api/notifications.ts';
import { MESSAGES } from '../../shared/i18n/index.ts';
import { departmentAlertLines, notificationText } from './notification-text.ts';

type Item = Notifications['items'][number];
const base: Item = {
  id: 1,
  kind: 'report-final',
  at: '2026-12-02T09:30:00Z',
  read: false,
  referralId: 'ref-1',
  examName: 'MR kne',
  patientName: 'Åse Østbø',
  returnReason: null,
  closeReason: null,
  question: null,
  slot: null,
  mergedInto: null,
  redirectedTo: null,
  stopReason: null,
  place: null,
};
const item = (o: Partial<Item>): Item => ({ ...base, ...o });

describe('the GP’s messages from radiology in words', () => {
  it('the list is named for what it holds, in both languages', () => {
    expect(MESSAGES.nb['ntf.title']).toBe('Meldinger fra radiologien');
    expect(MESSAGES.en['ntf.title']).toBe('Messages from radiology');
  });

  it('closed without an exam: the reason’s words and the department’s text; "other" gives the text alone', () => {
    expect(notificationText(item({ kind: 'referral-closed', closeReason: { reason: 'done_elsewhere', text: 'Tatt privat' } }), 'nb').text).toBe(
      'Henvisningen til MR kne for Åse Østbø er avsluttet uten undersøkelse: Utført et annet sted – Tatt privat',
    );
    expect(notificationText(item({ kind: 'referral-closed', closeReason: { reason: 'other', text: 'Flyttet til utlandet' } }), 'en').text).toBe(
      'The referral for MR kne for Åse Østbø was closed without an exam: Flyttet til utlandet',
    );
  });

  it('the info request quotes the question on a line of its own', () => {
    const r = notificationText(item({ kind: 'info-requested', question: 'Hvor lenge har smertene vart?' }), 'nb');
    expect(r.text).toBe('Avdelingen ber om flere opplysninger om MR kne for Åse Østbø');
    expect(r.quote).toBe('Spørsmål: «Hvor lenge har smertene vart?»');
  });

  it('merged, redirected, booked, stopped at the scanner — with and without a reason', () => {
    expect(notificationText(item({ kind: 'referral-merged', mergedInto: { referralNumber: 4711, examName: 'MR kne' } }), 'nb').text).toContain(
      'slått sammen med en annen henvisning for samme pasient (nr. 4711, MR kne)',
    );
    expect(notificationText(item({ kind: 'referral-redirected', redirectedTo: 'Aleris Bergen' }), 'en').text).toBe(
      'The referral for MR kne for Åse Østbø was sent on to Aleris Bergen',
    );
    expect(notificationText(item({ kind: 'exam-booked', slot: { date: '2026-12-08', start: '09:00' } }), 'nb').text).toBe(
      'Time til MR kne for Åse Østbø: 8. des. 2026 kl. 09:00',
    );
    expect(notificationText(item({ kind: 'exam-discontinued', stopReason: 'Feil på utstyret' }), 'nb').text).toBe(
      'MR kne for Åse Østbø ble avbrutt under undersøkelsen: Feil på utstyret. Henvisningen venter på ny time.',
    );
    const none = notificationText(item({ kind: 'exam-discontinued' }), 'en').text;
    expect(none).toBe('MR kne for Åse Østbø was stopped during the exam. The referral is waiting for a new appointment.');
    expect(none).not.toMatch(/\{|\}|DCM|undefined|null/);
  });

  it('every kind has words in both languages with no placeholder left over', () => {
    const kinds: Item[] = [
      item({}),
      item({ kind: 'report-addendum' }),
      item({ kind: 'report-preliminary' }),
      item({ kind: 'report-changed' }),
      item({ kind: 'referral-returned', returnReason: { reason: 'not_indicated', text: null } }),
      item({ kind: 'info-requested', question: '?' }),
      item({ kind: 'exam-booked', slot: { date: '2026-12-08', start: '09:00' } }),
      item({ kind: 'booking-changed', slot: { date: '2026-12-08', start: '09:00' } }),
      item({ kind: 'booking-changed', slot: { date: '2026-12-08', start: '09:00' }, place: 'Z' }),
      item({ kind: 'booking-cancelled', slot: { date: '2026-12-08', start: '09:00' } }),
      item({ kind: 'referral-closed', closeReason: { reason: 'patient_deceased', text: null } }),
      item({ kind: 'referral-merged', mergedInto: { referralNumber: 1, examName: 'CT' } }),
      item({ kind: 'referral-redirected', redirectedTo: 'X' }),
      item({ kind: 'exam-discontinued', stopReason: 'Y' }),
    ];
    for (const locale of ['nb', 'en'] as const)
      for (const i of kinds) expect(notificationText(i, locale).text, `${i.kind} ${locale}`).not.toMatch(/[{}]|asm\.|ntf\./);
  });
});

describe('a moved appointment names the place', () => {
  it('the new time and the site, in both languages; a message from before without the site keeps the time alone', () => {
    const moved = item({ kind: 'booking-changed', slot: { date: '2026-12-08', start: '09:00' }, place: 'Haukeland universitetssjukehus' });
    expect(notificationText(moved, 'nb').text).toBe('Ny time til MR kne for Åse Østbø: 8. des. 2026 kl. 09:00, Haukeland universitetssjukehus');
    expect(notificationText(moved, 'en').text).toBe('New appointment for MR kne for Åse Østbø: 8 Dec 2026 at 09:00, Haukeland universitetssjukehus');
    expect(notificationText({ ...moved, place: null }, 'nb').text).toBe('Ny time til MR kne for Åse Østbø: 8. des. 2026 kl. 09:00');
  });
});

describe('the department’s alert for a withdrawn booked exam', () => {
  const a: DepartmentAlert = {
    id: '3',
    kind: 'booked-withdrawn',
    at: '2026-12-02T13:05:00Z',
    referralId: 'ref-9',
    referralNumber: 812,
    patientName: 'Per Ås',
    birthDate: '1958-03-01',
    examName: 'MR kne',
    slot: { date: '2026-12-09', start: '11:00' },
    machineName: 'MR 2',
    reasonText: 'Bedre nå',
  };
  it('who and what, the freed time on the machine, the referrer’s words and when — Oslo time', () => {
    expect(departmentAlertLines(a, 'nb')).toEqual([
      'Per Ås (f. 1. mars 1958): MR kne, henvisning nr. 812. Henviser har trukket tilbake henvisningen.',
      'Timen 9. des. 2026 kl. 11:00 på MR 2 er frigjort, og undersøkelsen er tatt ut av arbeidslisten på maskinen.',
      'Henviserens begrunnelse: «Bedre nå»',
      'Trukket tilbake 2. des. 2026, 14:05',
    ]);
    expect(departmentAlertLines({ ...a, reasonText: null, machineName: null }, 'en')).toEqual([
      'Per Ås (born 1 Mar 1958): MR kne, referral no. 812. The referrer has withdrawn the referral.',
      'The appointment 9 Dec 2026 at 11:00 is free again, and the exam has been taken off the machine’s worklist.',
      'Withdrawn 2 Dec 2026, 14:05',
    ]);
  });
});
