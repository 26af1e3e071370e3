// The referrer's messages from radiology on the start page ("Meldinger fra radiologien"): reports and
// the department's steps on their referrals (notification-text.ts has the words). A list with the
// unread count in words; each item links to the referral page — opening it marks that referral's
// messages read, the others stay new — with the department's question quoted under it when it asks
// for more information. The newest eight are shown, the rest behind "Vis alle"; all can be marked
// read at once. Links and buttons are plain focusable elements in reading order (keyboard), and the
// lines wrap on a phone (notifications.css).
import { BodyShort, Box, Button, Detail, Heading, HStack, Tag, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { Notifications } from '../../shared/api/notifications.ts';
import { api, get } from '../app/api.ts';
import { osloDateTime } from '../app/oslo-time.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { notificationText } from './notification-text.ts';
import './notifications.css';

/** How many messages show before "Vis alle". */
const FIRST = 8;

export function NotificationsPanel() {
  const { t, locale } = useApp();
  const [n, setN] = useState<Notifications | null>(null);
  const [all, setAll] = useState(false);
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
  const shown = all ? n.items : n.items.slice(0, FIRST);
  return (
    <Box padding="space-12" borderWidth="1" borderColor="neutral-subtle" borderRadius="8" as="section" aria-labelledby="ntf-title" className="ntf-panel">
      <VStack gap="space-8">
        <HStack gap="space-8" align="center" wrap>
          <Heading level="2" size="small" id="ntf-title">
            {t('ntf.title')}
          </Heading>
          {n.unread > 0 && (
            <Tag variant="info" size="xsmall" data-testid="ntf-unread">
              {t('ntf.unread', { n: n.unread })}
            </Tag>
          )}
        </HStack>
        <ul className="ntf-list">
          {shown.map((i) => {
            const { text, quote } = notificationText(i, locale);
            return (
              <li key={i.id} className="ntf-item">
                <BodyShort weight={i.read ? 'regular' : 'semibold'}>
                  <AppLink to={`/referrals/${encodeURIComponent(i.referralId)}`}>{text}</AppLink>
                </BodyShort>
                {quote && <BodyShort size="small">{quote}</BodyShort>}
                <Detail>
                  {osloDateTime(i.at, locale)}
                  {i.read ? '' : ` · ${t('ntf.new')}`}
                </Detail>
              </li>
            );
          })}
        </ul>
        <HStack gap="space-8" wrap>
          {n.items.length > FIRST && (
            <Button size="xsmall" variant="tertiary" aria-expanded={all} onClick={() => setAll(!all)}>
              {all ? t('ntf.showFewer') : t('ntf.showAll', { n: n.items.length })}
            </Button>
          )}
          {n.unread > 0 && (
            <Button size="xsmall" variant="tertiary" onClick={() => void api('POST', '/api/reporting/notifications/read', {}).then(load)}>
              {t('ntf.markRead')}
            </Button>
          )}
        </HStack>
      </VStack>
    </Box>
  );
}
