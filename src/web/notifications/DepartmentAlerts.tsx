// The receiving department's alerts on the booking page (server: notifications/service.ts): a
// booked exam the referrer withdrew — its time is already free and the machine's worklist no longer
// has it — in words (notification-text.ts), each with a button that acknowledges it (who and when
// kept on the server, the act in the access log). Anyone without a booking role gets an empty list
// from the API and sees nothing.
import { Alert, BodyShort, Button, Detail, Heading, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { DepartmentAlert } from '../../shared/api/notifications.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { departmentAlertLines } from './notification-text.ts';
import './notifications.css';

export function DepartmentAlertsPanel() {
  const { t, locale } = useApp();
  const [alerts, setAlerts] = useState<DepartmentAlert[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [notice, setNotice] = useState(false);
  const load = useCallback(() => {
    get<DepartmentAlert[]>('/api/notifications/department-alerts')
      .then(setAlerts)
      .catch(() => setAlerts([]));
  }, []);
  useEffect(load, [load]);
  if (alerts.length === 0 && !notice && !error) return null;
  return (
    <VStack gap="space-8">
      {notice && (
        <Alert variant="success" role="status" size="small">
          {t('ntf.alert.acked')}
        </Alert>
      )}
      {error && <Alert variant="error">{t(error)}</Alert>}
      {alerts.map((a) => {
        const [first, ...rest] = departmentAlertLines(a, locale);
        return (
          <Alert key={a.id} variant="warning" className="ntf-alert">
            <Heading level="2" size="xsmall" spacing>
              {t('ntf.alert.title')}
            </Heading>
            <BodyShort spacing>{first}</BodyShort>
            {rest.map((line) => (
              <Detail key={line} spacing>
                {line}
              </Detail>
            ))}
            <Button
              size="small"
              variant="secondary"
              loading={busy === a.id}
              onClick={() => {
                setBusy(a.id);
                api('POST', `/api/notifications/department-alerts/${encodeURIComponent(a.id)}/acknowledge`)
                  .then(() => {
                    setError(null);
                    setNotice(true);
                    load();
                  })
                  .catch((e: unknown) => setError(requestErrorKey(e)))
                  .finally(() => setBusy(null));
              }}
            >
              {t('ntf.alert.ack')}
            </Button>
          </Alert>
        );
      })}
    </VStack>
  );
}
