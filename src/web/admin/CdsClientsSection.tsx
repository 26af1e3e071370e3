// Record systems trusted to call the CDS Hooks services: list, register, activate/deactivate.
import { BodyShort, Button, Heading, HStack, Modal, Radio, RadioGroup, Select, Table, Tag, Textarea, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CdsClient } from '../../shared/api/directory.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { checkCdsClientDraft, type CdsClientDraft } from './cds-client-form.ts';
import { FormErrorSummary, fromServer, ListTable, StatusAlert, useFormProblems, type StatusMessage } from './parts.tsx';
import { groupOrganizations, type OrgOption } from './user-form.ts';

const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'cds.name',
  issuer: 'cds.issuer',
  organizationId: 'admin.organization',
  jwks: 'cds.jwks',
  jwksUrl: 'cds.jwksUrl',
};

export function CdsClientsSection({ orgs }: { orgs: OrgOption[] }) {
  const { t } = useApp();
  const [clients, setClients] = useState<CdsClient[] | null>(null);
  const [message, setMessage] = useState<StatusMessage>(null);
  const [open, setOpen] = useState(false);
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;

  const load = useCallback(() => {
    get<CdsClient[]>('/api/admin/cds-clients')
      .then(setClients)
      .catch((e: unknown) => setMessage({ variant: 'error', text: t(requestErrorKey(e)) }));
  }, [t]);
  useEffect(load, [load]);

  const toggle = async (c: CdsClient) => {
    setMessage(null);
    try {
      await api('PATCH', `/api/admin/cds-clients/${encodeURIComponent(c.id)}`, { active: !c.active });
      setMessage({ variant: 'success', text: t(c.active ? 'cds.deactivated' : 'cds.activated', { name: c.name }) });
      load();
    } catch (e) {
      setMessage({ variant: 'error', text: t(requestErrorKey(e)) });
    }
  };

  return (
    <VStack gap="space-16" as="section" aria-labelledby="cds-heading">
      <HStack justify="space-between" align="end">
        <Heading level="2" size="medium" id="cds-heading">
          {t('cds.title')}
        </Heading>
        <Button variant="secondary" onClick={() => setOpen(true)}>
          {t('cds.new')}
        </Button>
      </HStack>
      <BodyShort>{t('cds.intro')}</BodyShort>
      <StatusAlert message={message} onClose={() => setMessage(null)} />
      <ListTable
        caption={t('cds.tableCaption', { count: clients?.length ?? 0 })}
        columns={[t('cds.name'), t('cds.issuer'), t('admin.organization'), t('cds.keys'), t('admin.status'), t('admin.actions')]}
        rows={clients}
        empty={t('cds.none')}
      >
        {clients?.map((c) => (
          <Table.Row key={c.id}>
            <Table.HeaderCell scope="row" className="rv-card-lead">
              {c.name}
            </Table.HeaderCell>
            <Table.DataCell data-label={t('cds.issuer')}>
              <code>{c.issuer}</code>
            </Table.DataCell>
            <Table.DataCell data-label={t('admin.organization')}>{orgName(c.organizationId)}</Table.DataCell>
            <Table.DataCell data-label={t('cds.keys')}>
              {c.jwksUrl ? (
                <code>{c.jwksUrl}</code>
              ) : (c.jwks?.keys.length ?? 0) === 1 ? (
                t('cds.keyCount.one')
              ) : (
                t('cds.keyCount', { count: c.jwks?.keys.length ?? 0 })
              )}
            </Table.DataCell>
            <Table.DataCell data-label={t('admin.status')}>
              <Tag size="small" variant="moderate" data-color={c.active ? 'success' : 'neutral'}>
                {c.active ? t('admin.active') : t('admin.inactive')}
              </Tag>
            </Table.DataCell>
            <Table.DataCell>
              <Button
                size="xsmall"
                variant="tertiary"
                onClick={() => void toggle(c)}
                aria-label={`${c.active ? t('admin.deactivate') : t('admin.activate')}: ${c.name}`}
              >
                {c.active ? t('admin.deactivate') : t('admin.activate')}
              </Button>
            </Table.DataCell>
          </Table.Row>
        ))}
      </ListTable>
      {open && (
        <CdsClientModal
          orgs={orgs}
          onClose={(created) => {
            setOpen(false);
            if (created) {
              setMessage({ variant: 'success', text: t('cds.created', { name: created }) });
              load();
            }
          }}
        />
      )}
    </VStack>
  );
}

function CdsClientModal({ orgs, onClose }: { orgs: OrgOption[]; onClose: (created?: string) => void }) {
  const { t, locale } = useApp();
  const [d, setD] = useState<CdsClientDraft>({
    name: '',
    issuer: '',
    organizationId: orgs.length === 1 ? orgs[0].id : '',
    keySource: 'jwks',
    jwks: '',
    jwksUrl: '',
  });
  const problems = useFormProblems();
  const { errorFor } = problems;
  const [busy, setBusy] = useState(false);
  const set = (k: keyof CdsClientDraft) => (e: { target: { value: string } }) => setD((x) => ({ ...x, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkCdsClientDraft(d);
    if (!checked.body) return problems.show(checked.problems, 'admin.fixErrors');
    setBusy(true);
    try {
      await api('POST', '/api/admin/cds-clients', checked.body);
      onClose(checked.body.name);
    } catch (err) {
      const r = fromServer(err, locale);
      problems.show(r.problems, r.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open onClose={() => onClose()} header={{ heading: t('cds.new') }} width="medium">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Modal.Body>
          <VStack gap="space-16">
            <FormErrorSummary form={problems} labels={FIELD_LABELS} fieldId={(p) => `cds-${p.field}`} submitId="cds-submit" />
            <TextField id="cds-name" label={t('cds.name')} value={d.name} onChange={set('name')} error={errorFor('name')} autoComplete="off" />
            <TextField
              id="cds-issuer"
              label={t('cds.issuer')}
              description={t('cds.issuerHelp')}
              value={d.issuer}
              onChange={set('issuer')}
              error={errorFor('issuer')}
              autoComplete="off"
            />
            <Select
              id="cds-organizationId"
              label={t('admin.organization')}
              value={d.organizationId}
              onChange={set('organizationId')}
              error={errorFor('organizationId')}
            >
              <option value="">–</option>
              {groupOrganizations(orgs).map((g) => (
                <optgroup key={g.kind} label={t(`orgKind.${g.kind}` as MessageKey)}>
                  {g.orgs.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </Select>
            <RadioGroup legend={t('cds.keySource')} value={d.keySource} onChange={(v: CdsClientDraft['keySource']) => setD((x) => ({ ...x, keySource: v }))}>
              <Radio value="jwks">{t('cds.keySource.jwks')}</Radio>
              <Radio value="url">{t('cds.keySource.url')}</Radio>
            </RadioGroup>
            {d.keySource === 'jwks' ? (
              <Textarea
                id="cds-jwks"
                label={t('cds.jwks')}
                description={t('cds.jwksHelp')}
                value={d.jwks}
                onChange={set('jwks')}
                error={errorFor('jwks')}
                minRows={6}
                style={{ fontFamily: 'monospace' }}
              />
            ) : (
              <TextField
                id="cds-jwksUrl"
                label={t('cds.jwksUrl')}
                description={t('cds.jwksUrlHelp')}
                value={d.jwksUrl}
                onChange={set('jwksUrl')}
                error={errorFor('jwksUrl')}
                autoComplete="off"
              />
            )}
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button id="cds-submit" type="submit" loading={busy}>
            {t('cds.new')}
          </Button>
          <Button type="button" variant="secondary" onClick={() => onClose()}>
            {t('admin.cancel')}
          </Button>
        </Modal.Footer>
      </form>
    </Modal>
  );
}
