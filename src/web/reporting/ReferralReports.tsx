// The referrer's view of the answers on their referral: the signed reports in plain text with
// its conclusion (once, under its section title) and addenda (shown on the referral page, printed with
// it and in its PDF). The referrer gets final reports only; the preliminary marking stays for the
// department's own people, to whom the API still sends preliminary reports.
import { Alert, BodyLong, BodyShort, Box, Detail, Heading, Tag, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { ReferralReports as Reports } from '../../shared/api/reporting.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { osloDate, osloDateTime } from '../app/oslo-time.ts';
import './reporting.css';

/**
 * The answers on a referral. `noAnswerExpected` (a returned or cancelled referral): with no report
 * the section is left out instead of saying an answer has not come yet.
 */
export function ReferralReports({ referralId, noAnswerExpected = false }: { referralId: string; noAnswerExpected?: boolean }) {
  const { t, locale } = useApp();
  const [reports, setReports] = useState<Reports | null>(null);
  useEffect(() => {
    get<Reports>(`/api/reporting/referrals/${encodeURIComponent(referralId)}/reports`)
      .then(setReports)
      .catch(() => setReports(null));
    // Opening the referral page reads its answers: this referral's notifications are then read (the
    // others stay new on the start page until their own page is opened or all are marked read).
    void fetchRead(referralId).catch(() => undefined);
  }, [referralId]);
  const date = (iso: string) => osloDate(iso, locale);
  const dateTime = (iso: string) => osloDateTime(iso, locale, 'long');
  if (!reports || (reports.length === 0 && noAnswerExpected)) return null;
  return (
    <section className="asm-section" aria-labelledby="rep-answer">
      <VStack gap="space-8">
        <Heading level="2" size="small" id="rep-answer">
          {t('rep.referrer.title')}
        </Heading>
        {reports.length === 0 && <BodyShort>{t('rep.referrer.none')}</BodyShort>}
        {reports.map((r, i) => (
          <Box key={i} padding="space-12" background={r.status === 'final' ? 'success-soft' : 'warning-soft'} borderRadius="8" data-report-status={r.status}>
            <Heading level="3" size="xsmall">
              {r.examName}{' '}
              {r.status === 'preliminary' && (
                <Tag size="xsmall" variant="warning">
                  {t('rep.status.preliminary')}
                </Tag>
              )}
            </Heading>
            <Detail>{t('rep.referrer.performed', { date: date(r.performedAt), department: r.department })}</Detail>
            <Detail>
              {t(r.status === 'final' ? 'rep.referrer.signed' : 'rep.referrer.preliminary', { date: dateTime(r.signedAt), name: r.signedBy ?? r.department })}
            </Detail>
            {r.status === 'preliminary' && (
              <Alert variant="warning" size="small" inline>
                {t('rep.referrer.preliminaryNote')}
              </Alert>
            )}
            {/* A final report first seen as a preliminary answer: whether countersigning changed it (the notice's words). */}
            {r.preliminaryAnswer?.changed && (
              <Alert variant="warning" size="small">
                {t('rep.referrer.changed', { date: dateTime(r.preliminaryAnswer.at) })}
              </Alert>
            )}
            {r.preliminaryAnswer && !r.preliminaryAnswer.changed && <Detail>{t('rep.referrer.confirmed', { date: dateTime(r.preliminaryAnswer.at) })}</Detail>}
            {/* The text holds every section under its title, the conclusion included: shown once, as in the PDF. */}
            <BodyLong size="small" className="rep-pre">
              {r.text}
            </BodyLong>
            {r.addenda.map((a, j) => (
              <BodyLong key={j} size="small" className="rep-pre">
                <strong>{t('rep.addendum.by', { date: date(a.at), name: a.by })}:</strong> {a.text}
              </BodyLong>
            ))}
          </Box>
        ))}
      </VStack>
    </section>
  );
}

async function fetchRead(referralId: string) {
  const { api } = await import('../app/api.ts');
  await api('POST', '/api/reporting/notifications/read', { referralId });
}
