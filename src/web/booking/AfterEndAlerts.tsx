// Warnings that a modality started an exam after its referral had ended (server: booking/after-end.ts),
// in words (after-end-view.ts), each with a button that acknowledges it. Shown on the booking page
// (all of the department's), the machine's day plan (that machine's) and the referral's own page as
// the department sees it (that referral's) — the same words and the same people who may acknowledge
// (the booking roles; anyone else gets an empty list from the API and sees nothing).
import { Alert, BodyShort, Button, Detail, Heading, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { AfterEndWarning } from '../../shared/api/booking.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { afterEndLines } from './after-end-view.ts';
import './booking.css';

/**
 * The open "started after the referral ended" warnings: the department's (booking page, above the
 * tabs: all machines), or one referral's (`referralId`: its own page), with a notice once one is
 * acknowledged. Renders nothing when there are none (or the user may not see them).
 */
export function AfterEndWarningsPanel({ referralId }: { referralId?: string } = {}) {
  const { t } = useApp();
  const [warnings, setWarnings] = useState<AfterEndWarning[]>([]);
  const [notice, setNotice] = useState(false);
  const load = useCallback(() => {
    get<AfterEndWarning[]>(`/api/booking/after-end${referralId ? `?referralId=${encodeURIComponent(referralId)}` : ''}`)
      .then(setWarnings)
      .catch(() => setWarnings([]));
  }, [referralId]);
  useEffect(load, [load]);
  return (
    <>
      {notice && (
        <Alert variant="success" role="status" size="small">
          {t('booking.afterEnd.acked')}
        </Alert>
      )}
      <AfterEndAlerts
        warnings={warnings}
        onAcknowledged={() => {
          setNotice(true);
          load();
        }}
      />
    </>
  );
}

/**
 * One warning per exam a modality started after its referral had ended, in words, each with a
 * button that acknowledges it (who and when are kept on the server). `machineName`: the day plan's
 * machine, when the items do not name one.
 */
export function AfterEndAlerts({
  warnings,
  machineName,
  onAcknowledged,
}: {
  warnings: (Pick<AfterEndWarning, 'id' | 'at' | 'patientName' | 'birthDate' | 'examName' | 'accessionNumber'> &
    Partial<Pick<AfterEndWarning, 'machineName'>>)[];
  machineName?: string;
  onAcknowledged: () => void;
}) {
  const { t, locale } = useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  if (warnings.length === 0) return null;
  return (
    <VStack gap="space-8">
      {error && <Alert variant="error">{t(error)}</Alert>}
      {warnings.map((w) => {
        const [text, ...rest] = afterEndLines(w, locale, machineName);
        return (
          <Alert key={w.id} variant="warning" className="booking-after-end">
            <Heading level="2" size="xsmall" spacing>
              {t('booking.afterEnd.title')}
            </Heading>
            <BodyShort spacing>{text}</BodyShort>
            {rest.map((line) => (
              <Detail key={line} spacing>
                {line}
              </Detail>
            ))}
            <Button
              size="small"
              variant="secondary"
              loading={busy === w.id}
              onClick={() => {
                setBusy(w.id);
                api('POST', `/api/booking/after-end/${encodeURIComponent(w.id)}/acknowledge`)
                  .then(() => {
                    setError(null);
                    onAcknowledged();
                  })
                  .catch((e: unknown) => setError(requestErrorKey(e)))
                  .finally(() => setBusy(null));
              }}
            >
              {t('booking.afterEnd.ack')}
            </Button>
          </Alert>
        );
      })}
    </VStack>
  );
}
