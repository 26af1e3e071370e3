import { Alert, BodyShort, Heading, HStack, Loader, Table, Tag, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { ReferralListRow } from '../../shared/api/referrals.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import { ratingVariant } from './advice-view.ts';

/** How many referrals GET /api/referrals returns (src/server/referrals/service.ts myReferrals, newest first). */
const LIST_LIMIT = 100;

/**
 * The referrer's own referrals, newest first: who, what, where it stands and when it was sent
 * first (the columns a phone shows before the table scrolls sideways). The exam is named, not
 * coded: a referrer picks exams by name. (The department's vetting inbox is
 * src/web/assessment/InboxPage.tsx.)
 */
export function ReferralListPage() {
  const { t, locale } = useApp();
  const [rows, setRows] = useState<ReferralListRow[] | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    get<ReferralListRow[]>('/api/referrals')
      .then(setRows)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  const day = new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'short', timeZone: 'Europe/Oslo' });
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('ref.mine')}
      </Heading>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {!rows && !error && (
        <HStack justify="center" padding="space-16">
          <Loader size="large" title={t('app.loading')} />
        </HStack>
      )}
      {rows?.length === 0 && (
        <BodyShort>
          {t('ref.none')} <AppLink to="/referrals/new">{t('nav.newReferral')}</AppLink>
        </BodyShort>
      )}
      {rows && rows.length >= LIST_LIMIT && <BodyShort size="small">{t('ref.newest', { n: rows.length })}</BodyShort>}
      {rows && rows.length > 0 && (
        <Table size="small">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">{t('ref.patient')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('ref.exam')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('ref.status')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('ref.sentOn')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('ref.question')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('ref.urgency')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('ref.advice')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('ref.department')}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.id}>
                <Table.DataCell>
                  <AppLink to={`/referrals/${encodeURIComponent(r.id)}`}>
                    {r.given_name} {r.family_name}
                  </AppLink>
                  {r.patient_age !== null ? ` (${r.patient_age})` : ''}
                </Table.DataCell>
                <Table.DataCell>{r.exam_name}</Table.DataCell>
                <Table.DataCell>{t(`asm.status.${r.status}` as MessageKey)}</Table.DataCell>
                <Table.DataCell className="rv-nowrap">{r.submitted_at ? day.format(new Date(r.submitted_at)) : '–'}</Table.DataCell>
                <Table.DataCell>{r.clinical_question}</Table.DataCell>
                <Table.DataCell>{t(`ref.urgency.${r.urgency}` as MessageKey)}</Table.DataCell>
                <Table.DataCell>
                  {r.rating ? (
                    <Tag size="small" variant={ratingVariant(r.rating)}>
                      {t(`ref.rating.${r.rating}` as MessageKey)}
                    </Tag>
                  ) : (
                    '–'
                  )}
                </Table.DataCell>
                <Table.DataCell>{r.department_name}</Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </VStack>
  );
}
