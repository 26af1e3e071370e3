// Training overview (/utdanning): the LIS records the user may see (their own, those they
// supervise, their department's), group-complete notifications, and for leaders and specialists
// the department report (who is behind plan, goals hard to reach locally).
import { Alert, BodyShort, Box, Button, Detail, Heading, HStack, Table, Tag, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { DepartmentReport, RecordList } from '../../shared/api/training.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import './training.css';

interface Notifications {
  notifications: { id: number; recordId: string; lis: string; rotation: string | null; createdAt: string; read: boolean }[];
}

export function TrainingPage() {
  const { t, me } = useApp();
  const [records, setRecords] = useState<RecordList | null>(null);
  const [notes, setNotes] = useState<Notifications | null>(null);
  const [report, setReport] = useState<DepartmentReport | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const leads = !!me?.roles.some((r) => r === 'department_leader' || r === 'radiologist');
  const load = useCallback(() => {
    get<RecordList>('/api/training/records')
      .then(setRecords)
      .catch((e: unknown) => setError(requestErrorKey(e)));
    get<Notifications>('/api/training/notifications')
      .then(setNotes)
      .catch(() => undefined);
    if (leads)
      get<DepartmentReport>('/api/training/report')
        .then(setReport)
        .catch(() => undefined);
  }, [leads]);
  useEffect(load, [load]);
  const unread = notes?.notifications.filter((n) => !n.read) ?? [];

  return (
    <VStack gap="space-24" className="trn-page">
      <VStack gap="space-8">
        <Heading level="1" size="large">
          {t('trn.title')}
        </Heading>
        <BodyShort>{t('trn.intro')}</BodyShort>
      </VStack>
      {error && <Alert variant="error">{t(error)}</Alert>}

      <section aria-labelledby="trn-notes">
        <Heading level="2" size="medium" id="trn-notes">
          {t('trn.notifications')}
        </Heading>
        {unread.length === 0 ? (
          <BodyShort>{t('trn.notifications.none')}</BodyShort>
        ) : (
          <VStack gap="space-8">
            {unread.map((n) => (
              <Alert key={n.id} variant="info" size="small">
                <AppLink to={`/utdanning/${encodeURIComponent(n.recordId)}`}>{t('trn.notification.group', { lis: n.lis, rotation: n.rotation ?? '' })}</AppLink>
              </Alert>
            ))}
            <HStack>
              <Button size="small" variant="secondary" onClick={() => void api('POST', '/api/training/notifications/read').then(load)}>
                {t('trn.notifications.read')}
              </Button>
            </HStack>
          </VStack>
        )}
      </section>

      <section aria-labelledby="trn-records">
        <Heading level="2" size="medium" id="trn-records">
          {t('trn.records')}
        </Heading>
        {records && records.records.length === 0 && <BodyShort>{t('trn.records.empty')}</BodyShort>}
        {records && records.records.length > 0 && (
          <Box className="trn-scroll">
            <Table size="small">
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t('trn.col.lis')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('trn.col.supervisor')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('trn.col.rotation')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('trn.col.progress')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('trn.col.status')}</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {records.records.map((r) => (
                  <Table.Row key={r.id}>
                    <Table.DataCell>
                      <AppLink to={`/utdanning/${encodeURIComponent(r.id)}`}>{r.lis.name}</AppLink>
                      <Detail>{r.plan}</Detail>
                    </Table.DataCell>
                    <Table.DataCell>{r.supervisor.name}</Table.DataCell>
                    <Table.DataCell>{r.currentRotation ?? '–'}</Table.DataCell>
                    <Table.DataCell>{`${r.approved} / ${r.goals}`}</Table.DataCell>
                    <Table.DataCell>
                      {r.behind ? (
                        <Tag variant="warning" size="small">{`${t('trn.behind')} · ${t('trn.overdue', { n: r.overdue })}`}</Tag>
                      ) : (
                        <Tag variant="success" size="small">
                          {t('trn.onTrack')}
                        </Tag>
                      )}
                    </Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </Box>
        )}
      </section>

      {report && (
        <section aria-labelledby="trn-report">
          <HStack justify="space-between" align="center" gap="space-8">
            <Heading level="2" size="medium" id="trn-report">
              {`${t('trn.report')}: ${report.organization}`}
            </Heading>
            <a href="/api/training/report?format=csv">{t('trn.report.csv')}</a>
          </HStack>
          <Heading level="3" size="small">
            {t('trn.report.hard')}
          </Heading>
          {report.hardGoals.length === 0 ? (
            <BodyShort>{t('trn.report.hard.none')}</BodyShort>
          ) : (
            <ul className="trn-list">
              {report.hardGoals.slice(0, 40).map((g) => (
                <li key={`${g.specialty}-${g.number}`}>
                  <BodyShort>
                    <strong>{`LM ${g.number}`}</strong> {g.title ?? t('trn.goal.untitled')}
                  </BodyShort>
                  <Detail>
                    {[g.overdueLis > 0 ? t('trn.report.overdueLis', { n: g.overdueLis }) : null, g.externalOnly ? t('trn.report.external') : null, g.plannedAt]
                      .filter(Boolean)
                      .join(' · ')}
                  </Detail>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </VStack>
  );
}
