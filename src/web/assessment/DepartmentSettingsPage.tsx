// Department settings for department leaders: where referrals may be redirected (redirect rules,
// src/server/assessment/redirect-rules.ts) and which radiographers may assess referrals for a
// modality (task sharing). Plain words only: no ids or codes shown.
import { Alert, BodyShort, Box, Button, Checkbox, CheckboxGroup, Detail, Heading, HStack, Select, Table, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { Approvals, RedirectRules, RedirectRuleView } from '../../shared/api/assessment.ts';
import { MODALITIES } from '../../shared/api/assessment.ts';
import { modalityKind, oneCodePerKind } from '../../shared/modality-kind.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { ruleModalityChoices } from './modality-choices.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { fieldMessages, requestErrorKey } from '../app/errors.ts';
import { Loading } from '../app/Loading.tsx';
import { osloFormat } from '../app/oslo-time.ts';

/** One choice per modality kind (plain X-ray once, as "Røntgen"). */
const MODALITY_KINDS = oneCodePerKind(MODALITIES);

type Condition = 'always' | 'followed_up_outside_hospital';

export function DepartmentSettingsPage() {
  const { t } = useApp();
  return (
    <VStack gap="space-24">
      <VStack gap="space-8">
        <Heading level="1" size="large">
          {t('dept.title')}
        </Heading>
        <BodyShort>{t('dept.intro')}</BodyShort>
      </VStack>
      <RedirectRulesSection />
      <ApprovalsSection />
    </VStack>
  );
}

/** One settings area of the page: a heading, what it is for, and its content. */
function SettingsSection({ id, title, intro, children }: { id: string; title: string; intro: string; children: React.ReactNode }) {
  return (
    <VStack gap="space-12" as="section" aria-labelledby={id}>
      <Heading level="2" size="medium" id={id}>
        {title}
      </Heading>
      <BodyShort>{intro}</BodyShort>
      {children}
    </VStack>
  );
}

function useDateFormat() {
  const { locale } = useApp();
  return (iso: string) => osloFormat(iso, locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

function RedirectRulesSection() {
  const { t, locale } = useApp();
  const fmt = useDateFormat();
  const [data, setData] = useState<RedirectRules | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [status, setStatus] = useState<MessageKey | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [dept, setDept] = useState('');
  const [target, setTarget] = useState('');
  const [modalities, setModalities] = useState<string[]>([]);
  const [condition, setCondition] = useState<Condition>('always');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // The rule being changed (the form then saves over it), or null when a new rule is written.
  const [editing, setEditing] = useState<RedirectRuleView | null>(null);

  const load = useCallback(async () => {
    try {
      const d = await get<RedirectRules>('/api/assessment/redirect-rules');
      setData(d);
      setDept((cur) => cur || d.departments[0]?.id || '');
    } catch (e) {
      setError(requestErrorKey(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <Alert variant="error">{t(error)}</Alert>;
  if (!data) return <Loading />;
  if (data.departments.length === 0) return <BodyShort>{t('dept.leaderOnly')}</BodyShort>;
  const targets = data.departments.find((d) => d.id === dept)?.targets ?? [];

  const clear = () => {
    setEditing(null);
    setTarget('');
    setModalities([]);
    setCondition('always');
    setNote('');
    setFieldErrors({});
  };
  const edit = (r: RedirectRuleView) => {
    setStatus(null);
    setFieldErrors({});
    setEditing(r);
    setDept(r.departmentId);
    setTarget(r.targetOrgId);
    // A rule stored as CR (before plain X-ray was one kind) ticks "Røntgen".
    setModalities(ruleModalityChoices(r.modalities, MODALITY_KINDS));
    setCondition(r.condition);
    setNote(r.note ?? '');
  };
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFieldErrors({});
    setStatus(null);
    const body = {
      departmentId: dept,
      targetOrgId: target,
      modalities,
      // The form has no exam list: a rule's exams (set through the API) are kept as they are.
      examCodes: editing ? editing.exams.map((x) => x.code) : [],
      condition,
      note: note.trim() || undefined,
    };
    try {
      if (editing) await api('PUT', `/api/assessment/redirect-rules/${encodeURIComponent(editing.id)}`, body);
      else await api('POST', '/api/assessment/redirect-rules', body);
      clear();
      setStatus(editing ? 'dept.redirect.changed' : 'dept.redirect.added');
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0 && err.status === 400) setFieldErrors(fieldMessages(err.fields, t, locale));
      else if (editing && err instanceof ApiError && (err.status === 409 || err.status === 404)) {
        // Changed or removed by someone else since the page was read: say so and show the rules as they are now.
        clear();
        setStatus('dept.redirect.stale');
        await load();
      } else setError(requestErrorKey(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    setStatus(null);
    try {
      await api('DELETE', `/api/assessment/redirect-rules/${encodeURIComponent(id)}`);
      if (editing?.id === id) clear();
      setStatus('dept.redirect.removed');
      await load();
    } catch (err) {
      setError(requestErrorKey(err));
    }
  };

  return (
    <SettingsSection id="dept-redirect" title={t('dept.redirect.title')} intro={t('dept.redirect.intro')}>
      {data.rules.length === 0 ? (
        <BodyShort>{t('dept.redirect.none')}</BodyShort>
      ) : (
        <Table size="small" className="rv-card-table">
          <Table.Header>
            <Table.Row>
              {data.departments.length > 1 && <Table.HeaderCell scope="col">{t('dept.department')}</Table.HeaderCell>}
              <Table.HeaderCell scope="col">{t('dept.redirect.target')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('dept.redirect.exams')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('dept.redirect.condition')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('dept.redirect.note')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('dept.redirect.addedBy')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('dept.actions')}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.rules.map((r) => (
              <Table.Row key={r.id}>
                {data.departments.length > 1 && <Table.DataCell data-label={t('dept.department')}>{r.departmentName}</Table.DataCell>}
                <Table.DataCell className="rv-card-lead">{r.targetName}</Table.DataCell>
                <Table.DataCell data-label={t('dept.redirect.exams')}>
                  {r.modalities.length === 0 && r.exams.length === 0
                    ? t('dept.redirect.allExams')
                    : [...oneCodePerKind(r.modalities).map((m) => t(`modality.${m}` as MessageKey)), ...r.exams.map((x) => x.name)].join(', ')}
                </Table.DataCell>
                <Table.DataCell data-label={t('dept.redirect.condition')}>{t(`dept.redirect.condition.${r.condition}` as MessageKey)}</Table.DataCell>
                <Table.DataCell data-label={t('dept.redirect.note')}>{r.note ?? '–'}</Table.DataCell>
                <Table.DataCell data-label={t('dept.redirect.addedBy')}>
                  {r.createdBy}
                  <Detail>{fmt(r.createdAt)}</Detail>
                </Table.DataCell>
                <Table.DataCell>
                  <HStack gap="space-4">
                    <Button size="xsmall" variant="tertiary" onClick={() => edit(r)} aria-label={`${t('dept.redirect.edit')}: ${r.targetName}`}>
                      {t('dept.redirect.edit')}
                    </Button>
                    <Button size="xsmall" variant="tertiary" onClick={() => void remove(r.id)} aria-label={`${t('dept.redirect.remove')}: ${r.targetName}`}>
                      {t('dept.redirect.remove')}
                    </Button>
                  </HStack>
                </Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <Box as="form" onSubmit={save} padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
        <VStack gap="space-8">
          <Heading level="3" size="small">
            {editing ? t('dept.redirect.editTitle', { target: editing.targetName }) : t('dept.redirect.add')}
          </Heading>
          {data.departments.length > 1 && (
            <Select label={t('dept.department')} size="small" value={dept} disabled={!!editing} onChange={(e) => setDept(e.target.value)}>
              {data.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          )}
          <Select label={t('dept.redirect.target')} size="small" value={target} error={fieldErrors.targetOrgId} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t('dept.choose')}</option>
            {targets.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </Select>
          <CheckboxGroup legend={t('dept.redirect.modalities')} size="small" value={modalities} onChange={setModalities}>
            <HStack gap="space-4 space-16">
              {MODALITY_KINDS.map((m) => (
                <Checkbox key={m} value={m}>
                  {t(`modality.${m}` as MessageKey)}
                </Checkbox>
              ))}
            </HStack>
          </CheckboxGroup>
          <Select label={t('dept.redirect.condition')} size="small" value={condition} onChange={(e) => setCondition(e.target.value as Condition)}>
            <option value="always">{t('dept.redirect.condition.always')}</option>
            <option value="followed_up_outside_hospital">{t('dept.redirect.condition.followed_up_outside_hospital')}</option>
          </Select>
          <TextField
            label={t('dept.redirect.note')}
            size="small"
            value={note}
            maxLength={500}
            error={fieldErrors.note}
            onChange={(e) => setNote(e.target.value)}
          />
          {editing && editing.exams.length > 0 && <Detail>{t('dept.redirect.keepsExams', { exams: editing.exams.map((x) => x.name).join(', ') })}</Detail>}
          <HStack gap="space-8">
            <Button type="submit" size="small" loading={busy} disabled={!target}>
              {editing ? t('dept.redirect.save') : t('dept.redirect.add')}
            </Button>
            {editing && (
              <Button type="button" size="small" variant="secondary" onClick={clear}>
                {t('dept.redirect.cancel')}
              </Button>
            )}
          </HStack>
        </VStack>
      </Box>
      {status && (
        <Alert variant={status === 'dept.redirect.stale' ? 'warning' : 'success'} size="small" role="status">
          {t(status)}
        </Alert>
      )}
    </SettingsSection>
  );
}

function ApprovalsSection() {
  const { t } = useApp();
  const fmt = useDateFormat();
  const [data, setData] = useState<Approvals | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [person, setPerson] = useState('');
  const [modality, setModality] = useState('');

  const load = useCallback(async () => {
    try {
      setData(await get<Approvals>('/api/assessment/approvals'));
    } catch (e) {
      setError(requestErrorKey(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (error) return <Alert variant="error">{t(error)}</Alert>;
  if (!data) return <Loading />;

  const change = async (method: 'POST' | 'DELETE', a: { personId: string; departmentId: string; modality: string }) => {
    try {
      const q = new URLSearchParams(a).toString();
      if (method === 'POST') await api('POST', '/api/assessment/approvals', a);
      else await api('DELETE', `/api/assessment/approvals?${q}`);
      setPerson('');
      setModality('');
      await load();
    } catch (e) {
      setError(requestErrorKey(e));
    }
  };
  const chosen = data.radiographers.find((r) => r.personId === person);

  return (
    <SettingsSection id="dept-approvals" title={t('dept.approvals.title')} intro={t('dept.approvals.intro')}>
      {data.approvals.length === 0 ? (
        <BodyShort>{t('dept.approvals.none')}</BodyShort>
      ) : (
        <Table size="small" className="rv-card-table">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">{t('dept.approvals.person')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('dept.approvals.modality')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('dept.approvals.since')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('dept.actions')}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.approvals.map((a) => (
              <Table.Row key={`${a.personId}-${a.departmentId}-${a.modality}`}>
                <Table.DataCell className="rv-card-lead">
                  {a.name}
                  <Detail>{a.departmentName}</Detail>
                </Table.DataCell>
                <Table.DataCell data-label={t('dept.approvals.modality')}>{t(`modality.${modalityKind(a.modality)}` as MessageKey)}</Table.DataCell>
                <Table.DataCell data-label={t('dept.approvals.since')}>{fmt(a.approvedAt)}</Table.DataCell>
                <Table.DataCell>
                  <Button
                    size="xsmall"
                    variant="tertiary"
                    aria-label={`${t('dept.approvals.withdraw')}: ${a.name}, ${t(`modality.${modalityKind(a.modality)}` as MessageKey)}`}
                    onClick={() => void change('DELETE', { personId: a.personId, departmentId: a.departmentId, modality: a.modality })}
                  >
                    {t('dept.approvals.withdraw')}
                  </Button>
                </Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {data.radiographers.length === 0 ? (
        <Detail>{t('dept.approvals.noRadiographers')}</Detail>
      ) : (
        <HStack gap="space-8" align="end" wrap>
          <Select label={t('dept.approvals.person')} size="small" value={person} onChange={(e) => setPerson(e.target.value)}>
            <option value="">{t('dept.choose')}</option>
            {data.radiographers.map((r) => (
              <option key={`${r.personId}-${r.departmentId}`} value={r.personId}>
                {r.name}
              </option>
            ))}
          </Select>
          <Select label={t('dept.approvals.modality')} size="small" value={modality} onChange={(e) => setModality(e.target.value)}>
            <option value="">{t('dept.choose')}</option>
            {MODALITY_KINDS.map((m) => (
              <option key={m} value={m}>
                {t(`modality.${m}` as MessageKey)}
              </option>
            ))}
          </Select>
          <Button
            size="small"
            disabled={!chosen || !modality}
            onClick={() => chosen && void change('POST', { personId: chosen.personId, departmentId: chosen.departmentId, modality })}
          >
            {t('dept.approvals.approve')}
          </Button>
        </HStack>
      )}
    </SettingsSection>
  );
}
