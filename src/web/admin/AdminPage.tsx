import { BodyShort, Button, ErrorMessage, Heading, HGrid, HStack, Modal, Search, Select, Table, Tag, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ManagedUser, Organization } from '../../shared/api/directory.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { fieldProblem, requestErrorKey } from '../app/errors.ts';
import { FormErrorSummary, fromServer, ListTable, StatusAlert, useFormProblems, type Shown } from './parts.tsx';
import { CdsClientsSection } from './CdsClientsSection.tsx';
import {
  groupOrganizations,
  newUserBody,
  PROFESSIONS,
  REFERRER_KINDS,
  ROLES,
  validateGrants,
  validateNewUser,
  validatePassword,
  type FormProblem,
  type GrantDraft,
  type NewUserDraft,
  type OrgOption,
} from './user-form.ts';
import { useLatestRequest } from '../app/latest-request.ts';

const FIELD_LABELS: Record<string, MessageKey> = {
  username: 'admin.username',
  password: 'admin.password',
  givenName: 'admin.givenName',
  familyName: 'admin.familyName',
  hprNumber: 'admin.hpr',
  profession: 'admin.profession',
  referrerKind: 'admin.referrerKind',
  email: 'admin.email',
  grants: 'admin.roles',
  active: 'admin.status',
};

/** A user account as GET /api/admin/users lists it. */
type User = ManagedUser;

export function AdminPage() {
  const { t, me, locale } = useApp();
  const [users, setUsers] = useState<User[] | null>(null);
  const [orgs, setOrgs] = useState<OrgOption[]>([]);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [message, setMessage] = useState<{ variant: 'success' | 'error'; text: string } | null>(null);
  const [editing, setEditing] = useState<{ mode: 'new' } | { mode: 'grants' | 'password'; user: User } | null>(null);

  // Search as you type, but not one request per keystroke.
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(q.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [q]);

  // Search as you type: an earlier search answering after a later one must not replace its list.
  const latest = useLatestRequest();
  const load = useCallback(() => {
    latest(get<User[]>(`/api/admin/users${query ? `?q=${encodeURIComponent(query)}` : ''}`))
      .then(setUsers)
      .catch((e: unknown) => setMessage({ variant: 'error', text: t(requestErrorKey(e)) }));
  }, [query, t, latest]);
  useEffect(load, [load]);
  useEffect(() => {
    get<Organization[]>('/api/admin/organizations')
      .then(setOrgs)
      .catch(() => setOrgs([]));
  }, []);

  const patch = async (u: User, body: { active?: boolean; unlock?: boolean }, done: MessageKey) => {
    setMessage(null);
    try {
      await api('PATCH', `/api/admin/users/${encodeURIComponent(u.id)}`, body);
      setMessage({ variant: 'success', text: t(done, { name: u.name }) });
      load();
    } catch (e) {
      const detail = e instanceof ApiError && e.fields[0] ? ` (${fieldProblem(e.fields[0], locale).text ?? ''})` : '';
      setMessage({ variant: 'error', text: `${t(requestErrorKey(e))}${detail}` });
    }
  };

  return (
    <VStack gap="space-20">
      <Heading level="1" size="large">
        {t('admin.title')}
      </Heading>
      <BodyShort>{t('admin.intro')}</BodyShort>
      <HStack gap="space-16" align="end" wrap>
        <form role="search" onSubmit={(e) => e.preventDefault()} style={{ flex: 1 }}>
          <Search label={t('admin.search')} hideLabel={false} variant="simple" value={q} onChange={setQ} onClear={() => setQ('')} />
        </form>
        <Button onClick={() => setEditing({ mode: 'new' })}>{t('admin.newUser')}</Button>
      </HStack>
      <StatusAlert message={message} onClose={() => setMessage(null)} />
      <ListTable
        caption={t('admin.tableCaption', { count: users?.length ?? 0 })}
        columns={[t('admin.name'), t('admin.username'), t('admin.hpr'), t('admin.roles'), t('admin.status'), t('admin.actions')]}
        rows={users}
        empty={t('admin.none')}
      >
        {users?.map((u) => (
          <Table.Row key={u.id}>
            <Table.HeaderCell scope="row" className="rv-card-lead">
              {u.name}
            </Table.HeaderCell>
            <Table.DataCell data-label={t('admin.username')}>{u.username}</Table.DataCell>
            <Table.DataCell data-label={t('admin.hpr')}>{u.hprNumber ?? '–'}</Table.DataCell>
            <Table.DataCell data-label={t('admin.roles')}>
              <VStack gap="space-2">
                {u.grants.map((g) => (
                  <span key={`${g.role}-${g.organizationId}`}>
                    {t('app.roleInOrg', { role: t(`role.${g.role}` as MessageKey), org: g.organizationName ?? g.organizationId })}
                  </span>
                ))}
              </VStack>
            </Table.DataCell>
            <Table.DataCell data-label={t('admin.status')}>
              <HStack gap="space-4">
                <Tag size="small" variant="moderate" data-color={u.active ? 'success' : 'neutral'}>
                  {u.active ? t('admin.active') : t('admin.inactive')}
                </Tag>
                {u.locked && (
                  <Tag size="small" variant="moderate" data-color="warning">
                    {t('admin.locked')}
                  </Tag>
                )}
              </HStack>
            </Table.DataCell>
            <Table.DataCell>
              <HStack gap="space-4" wrap>
                <Button
                  size="xsmall"
                  variant="secondary"
                  onClick={() => setEditing({ mode: 'grants', user: u })}
                  aria-label={`${t('admin.editRoles')}: ${u.name}`}
                >
                  {t('admin.editRoles')}
                </Button>
                <Button
                  size="xsmall"
                  variant="tertiary"
                  onClick={() => setEditing({ mode: 'password', user: u })}
                  aria-label={`${t('admin.setPassword')}: ${u.name}`}
                >
                  {t('admin.setPassword')}
                </Button>
                {u.id !== me?.userId && (
                  <Button
                    size="xsmall"
                    variant="tertiary"
                    onClick={() => void patch(u, { active: !u.active }, u.active ? 'admin.deactivated' : 'admin.activated')}
                    aria-label={`${u.active ? t('admin.deactivate') : t('admin.activate')}: ${u.name}`}
                  >
                    {u.active ? t('admin.deactivate') : t('admin.activate')}
                  </Button>
                )}
                {u.locked && (
                  <Button
                    size="xsmall"
                    variant="tertiary"
                    onClick={() => void patch(u, { unlock: true }, 'admin.unlocked')}
                    aria-label={`${t('admin.unlock')}: ${u.name}`}
                  >
                    {t('admin.unlock')}
                  </Button>
                )}
              </HStack>
            </Table.DataCell>
          </Table.Row>
        ))}
      </ListTable>
      {editing && (
        <UserModal
          mode={editing.mode}
          user={editing.mode === 'new' ? null : editing.user}
          orgs={orgs}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              setMessage({ variant: 'success', text: saved });
              load();
            }
          }}
        />
      )}
      <CdsClientsSection orgs={orgs} />
    </VStack>
  );
}

function UserModal({
  mode,
  user,
  orgs,
  onClose,
}: {
  mode: 'new' | 'grants' | 'password';
  user: User | null;
  orgs: OrgOption[];
  onClose: (saved?: string) => void;
}) {
  const { t, locale } = useApp();
  const [form, setForm] = useState<NewUserDraft>({
    username: '',
    password: '',
    givenName: '',
    familyName: '',
    hprNumber: '',
    profession: 'physician',
    referrerKind: '',
    email: '',
  });
  const mine = new Set(orgs.map((o) => o.id));
  // A role is given in an organization the administrator picks on purpose, unless there is only one.
  const defaultOrg = orgs.length === 1 ? orgs[0].id : '';
  // Grants in organizations this administrator does not manage are shown, not edited: the
  // server keeps them whatever is sent.
  const outside = (user?.grants ?? []).filter((g) => !mine.has(g.organizationId));
  const [grants, setGrants] = useState<GrantDraft[]>(() =>
    user
      ? user.grants.filter((g) => mine.has(g.organizationId)).map((g) => ({ role: g.role, organizationId: g.organizationId }))
      : [{ role: 'referrer', organizationId: defaultOrg }],
  );
  const [newPassword, setNewPassword] = useState('');
  const problems = useFormProblems();
  const { errorFor } = problems;
  const [busy, setBusy] = useState(false);
  const grouped = groupOrganizations(orgs);
  const set = (k: keyof NewUserDraft) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const setGrant = (i: number, change: Partial<GrantDraft>) => setGrants(grants.map((g, j) => (j === i ? { ...g, ...change } : g)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FormProblem[] = mode === 'new' ? validateNewUser(form, grants) : mode === 'grants' ? validateGrants(grants) : validatePassword(newPassword);
    problems.show(local, local.length > 0 ? 'admin.fixErrors' : null);
    if (local.length > 0) return;
    setBusy(true);
    try {
      if (mode === 'grants' && user) {
        await api('PUT', `/api/admin/users/${encodeURIComponent(user.id)}/grants`, { grants });
        onClose(t('admin.saved'));
      } else if (mode === 'password' && user) {
        await api('PATCH', `/api/admin/users/${encodeURIComponent(user.id)}`, { password: newPassword });
        onClose(t('admin.passwordSet', { name: user.name }));
      } else {
        await api('POST', '/api/admin/users', newUserBody(form, grants));
        onClose(t('admin.created'));
      }
    } catch (err) {
      const r = fromServer(err, locale);
      problems.show(r.problems, r.general);
    } finally {
      setBusy(false);
    }
  };

  const heading =
    mode === 'new' ? t('admin.newUser') : mode === 'grants' ? `${t('admin.editRoles')}: ${user?.name ?? ''}` : `${t('admin.setPassword')}: ${user?.name ?? ''}`;
  const fieldId = (p: Shown) =>
    p.field === 'grants' && p.index !== undefined ? `f-grant-org-${p.index}` : p.field === 'password' && mode === 'password' ? 'f-newPassword' : `f-${p.field}`;

  return (
    <Modal open onClose={() => onClose()} header={{ heading }} width={mode === 'password' ? 'small' : 'medium'}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Modal.Body>
          <VStack gap="space-16">
            <FormErrorSummary form={problems} labels={FIELD_LABELS} fieldId={fieldId} submitId="f-submit" />
            {mode === 'new' && (
              <HGrid columns={{ xs: 1, sm: 2 }} gap="space-16" align="start">
                <TextField
                  id="f-givenName"
                  label={t('admin.givenName')}
                  autoComplete="off"
                  value={form.givenName}
                  onChange={set('givenName')}
                  error={errorFor('givenName')}
                />
                <TextField
                  id="f-familyName"
                  label={t('admin.familyName')}
                  autoComplete="off"
                  value={form.familyName}
                  onChange={set('familyName')}
                  error={errorFor('familyName')}
                />
                <TextField
                  id="f-username"
                  label={t('admin.username')}
                  description={t('admin.usernameHelp')}
                  autoComplete="off"
                  value={form.username}
                  onChange={set('username')}
                  error={errorFor('username')}
                />
                <TextField
                  id="f-hprNumber"
                  label={t('admin.hpr')}
                  description={t('admin.hprHelp')}
                  inputMode="numeric"
                  value={form.hprNumber}
                  onChange={set('hprNumber')}
                  error={errorFor('hprNumber')}
                />
                <TextField
                  id="f-password"
                  label={t('admin.password')}
                  type="password"
                  autoComplete="new-password"
                  value={form.password}
                  onChange={set('password')}
                  error={errorFor('password')}
                />
                <TextField id="f-email" label={t('admin.email')} type="email" value={form.email} onChange={set('email')} error={errorFor('email')} />
                <Select id="f-profession" label={t('admin.profession')} value={form.profession} onChange={set('profession')} error={errorFor('profession')}>
                  {PROFESSIONS.map((p) => (
                    <option key={p} value={p}>
                      {t(`profession.${p}` as MessageKey)}
                    </option>
                  ))}
                </Select>
                <Select
                  id="f-referrerKind"
                  label={t('admin.referrerKind')}
                  value={form.referrerKind}
                  onChange={set('referrerKind')}
                  error={errorFor('referrerKind')}
                >
                  <option value="">{t('referrerKind.none')}</option>
                  {REFERRER_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`referrerKind.${k}` as MessageKey)}
                    </option>
                  ))}
                </Select>
              </HGrid>
            )}
            {mode === 'password' && (
              <TextField
                id="f-newPassword"
                label={t('admin.password')}
                type="password"
                autoComplete="new-password"
                value={newPassword}
                onChange={(e) => setNewPassword(e.target.value)}
                error={errorFor('password')}
              />
            )}
            {mode !== 'password' && (
              <fieldset id="f-grants" style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={errorFor('grants') ? 'f-grants-error' : undefined}>
                <legend>
                  <Heading level="2" size="xsmall" as="span">
                    {t('admin.roles')}
                  </Heading>
                </legend>
                <VStack gap="space-8">
                  {outside.length > 0 && (
                    <BodyShort size="small" textColor="subtle">
                      {t('admin.outsideGrants')}:{' '}
                      {outside
                        .map((g) => t('app.roleInOrg', { role: t(`role.${g.role}` as MessageKey), org: g.organizationName ?? g.organizationId }))
                        .join('; ')}
                    </BodyShort>
                  )}
                  {grants.map((g, i) => (
                    <HStack key={i} gap="space-8" align="end" wrap={false}>
                      <Select
                        id={`f-grant-role-${i}`}
                        label={t('admin.roleN', { n: i + 1 })}
                        size="small"
                        value={g.role}
                        onChange={(e) => setGrant(i, { role: e.target.value })}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}` as MessageKey)}
                          </option>
                        ))}
                      </Select>
                      <Select
                        id={`f-grant-org-${i}`}
                        label={t('admin.organizationN', { n: i + 1 })}
                        size="small"
                        value={g.organizationId}
                        onChange={(e) => setGrant(i, { organizationId: e.target.value })}
                        error={errorFor('grants', i)}
                      >
                        {!g.organizationId && <option value="">{t('admin.chooseOrganization')}</option>}
                        {grouped.map((group) => (
                          <optgroup key={group.kind} label={t(`orgKind.${group.kind}` as MessageKey)}>
                            {group.orgs.map((o) => (
                              <option key={o.id} value={o.id}>
                                {o.name}
                              </option>
                            ))}
                          </optgroup>
                        ))}
                      </Select>
                      <Button
                        type="button"
                        size="small"
                        variant="tertiary"
                        onClick={() => setGrants(grants.filter((_, j) => j !== i))}
                        aria-label={t('admin.removeGrantN', { n: i + 1 })}
                      >
                        {t('admin.removeGrant')}
                      </Button>
                    </HStack>
                  ))}
                  {errorFor('grants') && !problems.problems.some((p) => p.field === 'grants' && p.index !== undefined) && (
                    <ErrorMessage id="f-grants-error" size="small" showIcon>
                      {errorFor('grants')}
                    </ErrorMessage>
                  )}
                  <div>
                    <Button
                      type="button"
                      size="small"
                      variant="secondary"
                      onClick={() => setGrants([...grants, { role: 'referrer', organizationId: defaultOrg }])}
                    >
                      {t('admin.addGrant')}
                    </Button>
                  </div>
                </VStack>
              </fieldset>
            )}
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button id="f-submit" type="submit" loading={busy}>
            {t('admin.save')}
          </Button>
          <Button type="button" variant="secondary" onClick={() => onClose()}>
            {t('admin.cancel')}
          </Button>
        </Modal.Footer>
      </form>
    </Modal>
  );
}
