// The receiving department's alerts on the booking page and on the department's page for the
// referral (AssessReferralPage, `referralId`) (server: notifications/service.ts): a
// booked exam the referrer withdrew — its time is already free and the machine's worklist no longer
// has it — in words (notification-text.ts), each with a button that acknowledges it (who and when
// kept on the server, the act in the access log). Anyone without a booking role gets an empty list
// from the API and sees nothing.
import { Alert, BodyShort, Button, Detail, Heading, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DepartmentAlert } from '../../shared/api/notifications.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { departmentAlertLines } from './notification-text.ts';
import './notifications.css';

/**
 * The open alerts of the caller's departments (the booking page: all of them), or of one referral
 * (`referralId`: its own page), each with "Kvitter ut"; a notice once one is acknowledged, and
 * `onAcknowledged` called (the referral's page reloads its history, which now has the
 * acknowledgement). Renders nothing when there are none (or the user may not see them).
 */
export function DepartmentAlertsPanel({ referralId, onAcknowledged }: { referralId?: string; onAcknowledged?: () => void } = {}) {
  const { t, locale } = useApp();
  const [alerts, setAlerts] = useState<DepartmentAlert[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [notice, setNotice] = useState(false);
  const load = useCallback(() => {
    get<DepartmentAlert[]>(`/api/notifications/department-alerts${referralId ? `?referralId=${encodeURIComponent(referralId)}` : ''}`)
      .then(setAlerts)
      .catch(() => setAlerts([]));
  }, [referralId]);
  useEffect(load, [load]);
  // The acknowledged alert's button is gone: the keyboard's focus goes to the notice, not to <body>.
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  if (alerts.length === 0 && !notice && !error) return null;
  return (
    <VStack gap="space-8">
      {notice && (
        <Alert ref={noticeRef} tabIndex={-1} variant="success" role="status" size="small">
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
                    onAcknowledged?.();
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
