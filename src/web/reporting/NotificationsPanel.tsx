// The referrer's new reports: a small list with a count on the start page; each links to the referral page.
import { BodyShort, Box, Heading, Tag, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { Notifications } from '../../shared/api/reporting.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import type { MessageKey } from '../../shared/i18n/index.ts';

export function NotificationsPanel() {
  const { t } = useApp();
  const [n, setN] = useState<Notifications | null>(null);
  useEffect(() => {
    get<Notifications>('/api/reporting/notifications')
      .then(setN)
      .catch(() => setN(null));
  }, []);
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
          <BodyShort key={i.id} weight={i.read ? 'regular' : 'semibold'}>
            <AppLink to={`/referrals/${encodeURIComponent(i.referralId)}`}>
              {t(NOTIFICATION_TEXT[i.kind], { exam: i.examName, patient: i.patientName })}
            </AppLink>
          </BodyShort>
        ))}
      </VStack>
    </Box>
  );
}

const NOTIFICATION_TEXT: Record<Notifications['items'][number]['kind'], MessageKey> = {
  'report-final': 'rep.notifications.final',
  'report-addendum': 'rep.notifications.addendum',
  'report-preliminary': 'rep.notifications.preliminary',
  'report-changed': 'rep.notifications.changed',
};
