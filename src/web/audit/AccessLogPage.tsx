import { Alert, BodyLong, Button, Heading, HGrid, Table, TextField, VStack } from '@navikt/ds-react';
import { useState, type FormEvent } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { AccessLogRow } from '../../shared/api/audit.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { accessLogQuery, type AccessLogForm, type QueryResult } from './access-log-query.ts';
import { osloDateTime } from '../app/oslo-time.ts';

type Row = AccessLogRow;

const ACTIONS = ['read', 'search', 'create', 'update', 'delete', 'export'];
const COLUMNS: MessageKey[] = ['audit.at', 'audit.who', 'audit.role', 'audit.organization', 'audit.patient', 'audit.resource', 'audit.action', 'audit.context'];

/** Department leaders search who has looked up which patient (Normen: access must be traceable). */
export function AccessLogPage() {
  const { t, locale } = useApp();
  const [form, setForm] = useState<AccessLogForm>({ patientId: '', userId: '', from: '', to: '' });
  const [problems, setProblems] = useState<QueryResult['problems']>([]);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const q = accessLogQuery(form);
    setProblems(q.problems);
    if (!q.params) return;
    setBusy(true);
    try {
      setRows(await get<Row[]>(`/api/access-log?${q.params.toString()}`));
    } catch (err) {
      setError(requestErrorKey(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof AccessLogForm, label: MessageKey, description?: MessageKey) => {
    const problem = problems.find((p) => p.field === name);
    return (
      <TextField
        label={t(label)}
        description={description ? t(description) : undefined}
        size="small"
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        error={problem ? t(problem.key) : undefined}
      />
    );
  };

  return (
    <VStack gap="space-20">
      <Heading level="1" size="large">
        {t('audit.title')}
      </Heading>
      <BodyLong>{t('audit.intro')}</BodyLong>
      <form onSubmit={(e) => void search(e)} noValidate aria-label={t('audit.formLabel')}>
        <VStack gap="space-16">
          <HGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="space-16" align="end">
            {field('patientId', 'audit.patientId')}
            {field('userId', 'audit.userId')}
            {field('from', 'audit.from', 'audit.dateHelp')}
            {field('to', 'audit.to', 'audit.dateHelp')}
          </HGrid>
          <div>
            <Button size="small" type="submit" loading={busy}>
              {t('audit.search')}
            </Button>
          </div>
        </VStack>
      </form>
      <div aria-live="polite">
        {error && <Alert variant="error">{t(error)}</Alert>}
        {rows && !error && (
          <Heading level="2" size="small">
            {t('audit.results', { count: rows.length })}
          </Heading>
        )}
      </div>
      {rows && !error && (
        <Table size="small">
          <Table.Header>
            <Table.Row>
              {COLUMNS.map((k) => (
                <Table.HeaderCell key={k} scope="col">
                  {t(k)}
                </Table.HeaderCell>
              ))}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.length === 0 && (
              <Table.Row>
                <Table.DataCell colSpan={COLUMNS.length}>{t('audit.none')}</Table.DataCell>
              </Table.Row>
            )}
            {rows.map((r) => (
              <Table.Row key={r.id}>
                <Table.DataCell style={{ whiteSpace: 'nowrap' }}>{osloDateTime(r.at, locale, 'short', true)}</Table.DataCell>
                <Table.DataCell>{r.actor_name}</Table.DataCell>
                <Table.DataCell>{r.role ? t(`role.${r.role}` as MessageKey) : '–'}</Table.DataCell>
                <Table.DataCell>{r.organization_name ?? '–'}</Table.DataCell>
                <Table.DataCell>
                  {r.patient_id ? (
                    <code style={{ whiteSpace: 'nowrap' }}>{r.patient_id}</code>
                  ) : (
                    <span title={(r.patient_ids ?? []).join(', ')}>{t('audit.patientList', { count: r.patient_ids?.length ?? 0 })}</span>
                  )}
                </Table.DataCell>
                <Table.DataCell>{r.resource_type}</Table.DataCell>
                <Table.DataCell>{ACTIONS.includes(r.action) ? t(`audit.action.${r.action}` as MessageKey) : r.action}</Table.DataCell>
                <Table.DataCell>{r.context}</Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </VStack>
  );
}
