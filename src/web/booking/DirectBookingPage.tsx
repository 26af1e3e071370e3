// Direct booking for clinicians: their own referrals for standard exams the receiving department
// lets them book themselves (e.g. a chest X-ray). Picking a time accepts and books the referral.
import { Alert, BodyShort, Button, Heading, HStack, Loader, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { Booking, DirectOptions, ReferralToBook } from '../../shared/api/booking.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { calendarDay } from '../app/oslo-time.ts';
import './booking.css';
import { placeLabel } from '../../shared/booking-place.ts';

export function DirectBookingPage() {
  const { t, locale } = useApp();
  const [rows, setRows] = useState<ReferralToBook[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [done, setDone] = useState<{ text: string; stepId: string } | null>(null);
  const load = useCallback(() => {
    get<ReferralToBook[]>('/api/booking/direct')
      .then(setRows)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  useEffect(load, [load]);
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('booking.direct.title')}
      </Heading>
      <BodyShort>{t('booking.direct.intro')}</BodyShort>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {done && (
        <Alert variant="success" role="status">
          <VStack gap="space-4">
            <span>{done.text}</span>
            <HStack gap="space-8">
              <a href={`/api/booking/steps/${done.stepId}/letter?lang=nb`} target="_blank" rel="noreferrer">
                {t('booking.letterNb')}
              </a>
              <a href={`/api/booking/steps/${done.stepId}/letter?lang=nn`} target="_blank" rel="noreferrer">
                {t('booking.letterNn')}
              </a>
            </HStack>
          </VStack>
        </Alert>
      )}
      {rows?.length === 0 && <BodyShort>{t('booking.direct.none')}</BodyShort>}
      <ul className="booking-list">
        {rows?.map((r) => (
          <li key={r.id} className="booking-card">
            <BodyShort weight="semibold">{r.patientName}</BodyShort>
            <BodyShort>
              {r.examName} – {r.departmentName}
            </BodyShort>
            <Button
              size="small"
              aria-expanded={open === r.id}
              variant={open === r.id ? 'secondary' : 'primary'}
              onClick={() => setOpen(open === r.id ? null : r.id)}
            >
              {open === r.id ? t('booking.close') : t('booking.findTime')}
            </Button>
            {open === r.id && (
              <DirectSlots
                referral={r}
                locale={locale}
                onBooked={(text, stepId) => {
                  setDone({ text, stepId });
                  setOpen(null);
                  load();
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </VStack>
  );
}

function DirectSlots({ referral, locale, onBooked }: { referral: ReferralToBook; locale: 'nb' | 'en'; onBooked: (text: string, stepId: string) => void }) {
  const { t } = useApp();
  const [o, setO] = useState<DirectOptions | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    get<DirectOptions>(`/api/booking/direct/${encodeURIComponent(referral.id)}`)
      .then(setO)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [referral.id]);
  const when = (x: { date: string; start: string; end: string }) => t('booking.at', { date: calendarDay(x.date, locale), start: x.start, end: x.end });
  if (error) return <Alert variant="warning">{t(error)}</Alert>;
  if (!o) return <Loader size="small" title={t('app.loading')} />;
  if (!o.allowed) return <BodyShort>{t('booking.direct.notAllowed')}</BodyShort>;
  return (
    <ul className="booking-slots">
      {o.slots.map((slot) => (
        <li key={`${slot.modalityId}-${slot.date}-${slot.start}`}>
          <Button
            size="small"
            variant="tertiary"
            aria-label={t('booking.bookSlot', { exam: referral.examName, when: `${when(slot)}, ${slot.siteName}` })}
            onClick={() =>
              void api<Booking>('POST', `/api/booking/direct/${encodeURIComponent(referral.id)}`, {
                version: o.referral.version,
                modalityId: slot.modalityId,
                date: slot.date,
                start: slot.start,
              })
                .then((b) => onBooked(t('booking.booked', { when: when(b), place: placeLabel(slot.machineName, slot.siteName) }), b.stepId))
                .catch((e: unknown) => setError(e instanceof ApiError && e.fields[0]?.message === 'taken' ? 'booking.taken' : requestErrorKey(e)))
            }
          >
            <span className="booking-slot-time">{when(slot)}</span> <span className="booking-muted">{slot.siteName}</span>
          </Button>
        </li>
      ))}
    </ul>
  );
}
