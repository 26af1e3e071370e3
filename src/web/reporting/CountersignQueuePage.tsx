// The supervising specialists' countersign queue: preliminary reports of their departments,
// oldest first. Each row opens the report page, where they edit, grade and countersign.
import { Alert, BodyShort, Heading, Table, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { CountersignQueue } from '../../shared/api/reporting.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import './reporting.css';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';

export function CountersignQueuePage() {
  const { t, locale } = useApp();
  const [rows, setRows] = useState<CountersignQueue | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    get<CountersignQueue>('/api/reporting/countersign-queue')
      .then(setRows)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '–';
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('rep.queue.title')}
      </Heading>
      <BodyShort>{t('rep.queue.intro')}</BodyShort>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {rows && rows.length === 0 && <BodyShort>{t('rep.queue.empty')}</BodyShort>}
      {rows && rows.length > 0 && (
        <Table size="small">
          <ColumnHeaders
            columns={[
              { label: t('rep.queue.exam') },
              { label: t('rep.queue.patient') },
              { label: t('ref.urgency') },
              { label: t('rep.queue.author') },
              { label: t('rep.queue.signed') },
            ]}
          />
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.examId}>
                <Table.DataCell>
                  <AppLink to={`/reading/exams/${encodeURIComponent(r.examId)}`} className="rep-queue-row">
                    {r.examName}
                  </AppLink>
                </Table.DataCell>
                <Table.DataCell>{r.patientName}</Table.DataCell>
                <Table.DataCell>{t(`ref.urgency.${r.urgency}` as MessageKey)}</Table.DataCell>
                <Table.DataCell>{r.author}</Table.DataCell>
                <Table.DataCell>{when(r.preliminaryAt)}</Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </VStack>
  );
}
