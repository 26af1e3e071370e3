// The supervising specialists' countersign queue: preliminary reports of their departments, in the
// worklist's order (reading priority first, then oldest first; the server sorts). Each row opens the
// report page, where they edit, grade and countersign. On a phone each report is a card.
import { Alert, BodyShort, Heading, Table, Tag, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { CountersignQueue } from '../../shared/api/reporting.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import './reporting.css';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';
import { PRIORITY_VARIANT } from '../reading/priority-variant.ts';
import { osloDateTime } from '../app/oslo-time.ts';

export function CountersignQueuePage() {
  const { t, locale } = useApp();
  const [rows, setRows] = useState<CountersignQueue | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    get<CountersignQueue>('/api/reporting/countersign-queue')
      .then(setRows)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  // Norwegian wall-clock time, as the page's texts say ("norsk tid"), whatever the browser's zone.
  const when = (iso: string | null) => osloDateTime(iso, locale);
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('rep.queue.title')}
      </Heading>
      <BodyShort>{t('rep.queue.intro')}</BodyShort>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {rows && rows.length === 0 && <BodyShort>{t('rep.queue.empty')}</BodyShort>}
      {rows && rows.length > 0 && (
        <Table size="small" className="rep-queue rv-card-table">
          <ColumnHeaders
            columns={[
              { label: t('rep.queue.priority') },
              { label: t('rep.queue.exam') },
              { label: t('rep.queue.patient') },
              { label: t('rep.queue.author') },
              { label: t('rep.queue.signed') },
            ]}
          />
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.examId}>
                <Table.DataCell data-label={t('rep.queue.priority')}>
                  <Tag variant={PRIORITY_VARIANT[r.priority]} size="small">
                    {t(`rd.priority.${r.priority}` as MessageKey)}
                  </Tag>
                </Table.DataCell>
                <Table.DataCell data-label={t('rep.queue.exam')}>
                  <AppLink to={`/reading/exams/${encodeURIComponent(r.examId)}`} className="rep-queue-row">
                    {r.examName}
                  </AppLink>
                </Table.DataCell>
                <Table.DataCell data-label={t('rep.queue.patient')}>{r.patientName}</Table.DataCell>
                <Table.DataCell data-label={t('rep.queue.author')}>{r.author}</Table.DataCell>
                <Table.DataCell data-label={t('rep.queue.signed')}>{when(r.preliminaryAt)}</Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </VStack>
  );
}
