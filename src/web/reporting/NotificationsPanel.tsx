// The referrer's new reports and the department's steps on their referrals (returned with the reason,
// more information asked for, a time booked, moved or cancelled): a small list with a count on the start
// page; each says what it is about (the kind, exam and patient, the reason or the Oslo time) and when, links to the referral page — opening it marks that
// referral's notifications read, the others stay new — and all can be marked read at once.
import { BodyShort, Box, Button, Detail, Heading, HStack, Tag, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { Notifications } from '../../shared/api/reporting.ts';
import { api, get } from '../app/api.ts';
import { osloDate, osloDateTime } from '../app/oslo-time.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import type { MessageKey } from '../../shared/i18n/index.ts';

export function NotificationsPanel() {
  const { t, locale } = useApp();
  const [n, setN] = useState<Notifications | null>(null);
  const load = useCallback(
    () =>
      get<Notifications>('/api/reporting/notifications')
        .then(setN)
        .catch(() => setN(null)),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (!n || n.items.length === 0) return null;
  return (
    <Box padding="space-12" borderWidth="1" borderColor="neutral-subtle" borderRadius="8" as="section" aria-labelledby="rep-notes">
      <VStack gap="space-8">
        <Heading level="2" size="small" id="rep-notes">
          {t('rep.notifications.title')}{' '}
          {n.unread > 0 && (
            <Tag variant="info" size="xsmall">
              {n.unread}
            </Tag>
          )}
        </Heading>
        {n.items.slice(0, 8).map((i) => (
          <VStack key={i.id} gap="space-0">
            <BodyShort weight={i.read ? 'regular' : 'semibold'}>
              <AppLink to={`/referrals/${encodeURIComponent(i.referralId)}`}>
                {t(NOTIFICATION_TEXT[i.kind], {
                  exam: i.examName,
                  patient: i.patientName,
                  reason: i.returnReason ? reasonText(t, i.returnReason) : '',
                  time: i.slot ? t('rep.notifications.slotTime', { date: osloDate(i.slot.date, locale, 'medium'), start: i.slot.start }) : '',
                })}
              </AppLink>
            </BodyShort>
            <Detail>
              {osloDateTime(i.at, locale)}
              {i.read ? '' : ` · ${t('rep.notifications.new')}`}
            </Detail>
          </VStack>
        ))}
        {n.unread > 0 && (
          <HStack>
            <Button size="xsmall" variant="tertiary" onClick={() => void api('POST', '/api/reporting/notifications/read', {}).then(load)}>
              {t('rep.notifications.markRead')}
            </Button>
          </HStack>
        )}
      </VStack>
    </Box>
  );
}

const NOTIFICATION_TEXT: Record<Notifications['items'][number]['kind'], MessageKey> = {
  'report-final': 'rep.notifications.final',
  'report-addendum': 'rep.notifications.addendum',
  'report-preliminary': 'rep.notifications.preliminary',
  'report-changed': 'rep.notifications.changed',
  'referral-returned': 'rep.notifications.returned',
  'info-requested': 'rep.notifications.infoRequested',
  'exam-booked': 'rep.notifications.booked',
  'booking-changed': 'rep.notifications.bookingChanged',
  'booking-cancelled': 'rep.notifications.bookingCancelled',
};

/** A returned referral's reason in the user's language, with the assessor's own words after it when given. */
function reasonText(t: ReturnType<typeof useApp>['t'], r: { reason: string; text: string | null }): string {
  const label = t(`asm.return.${r.reason}` as MessageKey);
  return r.text ? `${label} – ${r.text}` : label;
}
