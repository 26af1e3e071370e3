import { BodyLong, Heading, Table, Tag, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { ReferralListRow } from '../../shared/api/referrals.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { ratingVariant } from './advice-view.ts';

/** A row of GET /api/referrals; workingDaysLeft only in the (unused) inbox mode, which /api/referrals does not serve. */
type Row = ReferralListRow & { workingDaysLeft?: number | null };

/** The referrer's own referrals. (The department's vetting inbox is src/web/assessment/InboxPage.tsx.) */
export function ReferralListPage() {
  const mode = 'mine' as 'mine' | 'inbox';
  const { t, locale } = useApp();
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    void get<Row[]>('/api/referrals').then(setRows);
  }, []);
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {mode === 'mine' ? t('ref.mine') : t('ref.inbox')}
      </Heading>
      {mode === 'inbox' && <BodyLong>{t('ref.inboxIntro')}</BodyLong>}
      <Table size="small">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell scope="col">{t('ref.patient')}</Table.HeaderCell>
            <Table.HeaderCell scope="col">{t('ref.exam')}</Table.HeaderCell>
            <Table.HeaderCell scope="col">{t('ref.question')}</Table.HeaderCell>
            <Table.HeaderCell scope="col">{t('ref.urgency')}</Table.HeaderCell>
            <Table.HeaderCell scope="col">{t('ref.advice')}</Table.HeaderCell>
            <Table.HeaderCell scope="col">{mode === 'mine' ? t('ref.department') : t('ref.submitted')}</Table.HeaderCell>
            <Table.HeaderCell scope="col">{mode === 'mine' ? t('ref.status') : t('ref.daysLeft')}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows?.length === 0 && (
            <Table.Row>
              <Table.DataCell colSpan={7}>{t('ref.none')}</Table.DataCell>
            </Table.Row>
          )}
          {rows?.map((r) => (
            <Table.Row key={r.id}>
              <Table.DataCell>
                <AppLink to={`/referrals/${encodeURIComponent(r.id)}`}>
                  {r.given_name} {r.family_name}
                </AppLink>
                {r.patient_age !== null ? ` (${r.patient_age})` : ''}
              </Table.DataCell>
              <Table.DataCell>
                {r.exam_name} <code>{r.exam_code}</code>
              </Table.DataCell>
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
              <Table.DataCell>
                {mode === 'mine' ? r.department_name : r.submitted_at ? new Date(r.submitted_at).toLocaleDateString(locale === 'nb' ? 'nb-NO' : 'en-GB') : '–'}
              </Table.DataCell>
              <Table.DataCell>
                {mode === 'mine' ? (
                  t(`asm.status.${r.status}` as MessageKey)
                ) : (
                  <Tag size="small" variant={(r.workingDaysLeft ?? 10) < 0 ? 'error' : (r.workingDaysLeft ?? 10) <= 2 ? 'warning' : 'neutral'}>
                    {r.workingDaysLeft}
                  </Tag>
                )}
              </Table.DataCell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </VStack>
  );
}
