// Training overview (/utdanning): the LIS records the user may see (their own, those they
// supervise, their department's), group-complete notifications, and for leaders and specialists
// the department report (who is behind plan, goals hard to reach locally).
import { Alert, BodyLong, BodyShort, Box, Button, Checkbox, CheckboxGroup, Detail, Heading, HStack, Table, Tag, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { DepartmentReport, RecordList } from '../../shared/api/training.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import './training.css';
import { recordsEmptyKey } from './empty-states.ts';
import { ThemesField } from './ThemesField.tsx';
import { localDateTime } from './view.ts';

interface Notifications {
  notifications: {
    id: number;
    recordId: string;
    lis: string;
    rotation: string | null;
    years: { from: number; to: number } | null;
    createdAt: string;
    read: boolean;
  }[];
}

export function TrainingPage() {
  const { t, me, locale } = useApp();
  const years = (n: number) => n.toLocaleString(locale === 'nb' ? 'nb-NO' : 'en-GB');
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
        <AppLink to="/utdanning/planer">{t('trn.plans.link')}</AppLink>
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
                <AppLink to={`/utdanning/${encodeURIComponent(n.recordId)}`}>
                  {t('trn.notification.group', {
                    lis: n.lis,
                    rotation: [n.rotation, n.years ? t('trn.rotation.years', { from: years(n.years.from), to: years(n.years.to) }) : null]
                      .filter(Boolean)
                      .join(', '),
                  })}
                </AppLink>
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
        {records && records.records.length === 0 && <BodyLong>{t(recordsEmptyKey(me?.roles ?? []))}</BodyLong>}
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
                      <HStack gap="space-4" wrap>
                        {r.behind ? (
                          <Tag variant="warning" size="small">{`${t('trn.behind')} · ${t('trn.overdue', { n: r.overdue })}`}</Tag>
                        ) : (
                          <Tag variant="success" size="small">
                            {t('trn.onTrack')}
                          </Tag>
                        )}
                        {/* Sent for assessment: the collegium's turn, not the LIS being late. */}
                        {r.awaitingAssessment > 0 && (
                          <Tag variant="info" size="small">
                            {t('trn.awaiting', { n: r.awaitingAssessment })}
                          </Tag>
                        )}
                      </HStack>
                    </Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </Box>
        )}
      </section>

      {leads && records && records.records.length > 0 && <GroupMeetingPlan records={records} onPlanned={load} />}

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
                    <strong>{t('trn.goal.number', { n: g.number })}</strong> {g.title ?? t('trn.goal.untitled')}
                  </BodyShort>
                  <Detail>
                    {[
                      g.overdueLis > 0 ? t('trn.report.overdueLis', { n: g.overdueLis }) : null,
                      g.externalOnly ? t('trn.report.external') : null,
                      g.places.map((x) => `${x.place}, ${t('trn.rotation.years', { from: years(x.fromYears), to: years(x.toYears) })}`).join('; '),
                    ]
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

/**
 * Group supervision (issue 13 item 3): a supervisor or leader plans one meeting for several LIS,
 * with its themes; it shows in each LIS's record, where it is logged with agreed actions.
 */
function GroupMeetingPlan({ records, onPlanned }: { records: RecordList; onPlanned: () => void }) {
  const { t } = useApp();
  const [chosen, setChosen] = useState<string[]>([]);
  const [when, setWhen] = useState('');
  const [themes, setThemes] = useState<string[]>(['professional']);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const at = localDateTime(when);
  const plan = async () => {
    setStatus(null);
    try {
      await api('POST', '/api/training/meetings', { kind: 'group', recordIds: chosen, plannedAt: at, themes });
      setStatus({ ok: true, text: t('trn.group.planned', { n: chosen.length }) });
      setChosen([]);
      setWhen('');
      onPlanned();
    } catch (e) {
      setStatus({ ok: false, text: t(requestErrorKey(e)) });
    }
  };
  return (
    <section aria-labelledby="trn-group">
      <VStack gap="space-8">
        <Heading level="2" size="medium" id="trn-group">
          {t('trn.group.title')}
        </Heading>
        <BodyShort>{t('trn.group.intro')}</BodyShort>
        <CheckboxGroup size="small" legend={t('trn.group.who')} value={chosen} onChange={setChosen}>
          {records.records.map((r) => (
            <Checkbox key={r.id} value={r.id}>
              {r.lis.name}
            </Checkbox>
          ))}
        </CheckboxGroup>
        <TextField
          size="small"
          label={t('trn.meeting.when')}
          value={when}
          error={when && !at ? t('trn.group.badTime') : undefined}
          onChange={(e) => setWhen(e.target.value)}
          style={{ maxWidth: '16rem' }}
        />
        <ThemesField value={themes} onChange={setThemes} />
        <HStack>
          <Button size="small" disabled={chosen.length === 0 || !at || themes.length === 0} onClick={() => void plan()}>
            {t('trn.group.save')}
          </Button>
        </HStack>
        {status && (
          <Alert size="small" variant={status.ok ? 'success' : 'error'} role="status">
            {status.text}
          </Alert>
        )}
      </VStack>
    </section>
  );
}
