// /reading/leder — the department leader's reading page: reader profiles of the people they lead
// (role, subspecialties, what they report alone, home unit, availability; view and edit) and the
// worklist definitions (rules in words, owner, hand-over rules; edit rules; agree or end a standing
// hand-over), and the department's reading settings (the preliminary answer to the referrer for
// urgent cases, with who changed it and when). No codes or ids are shown; edits open in a dialog
// (Esc closes, focus returns).
import {
  Alert,
  BodyShort,
  Box,
  Button,
  Checkbox,
  CheckboxGroup,
  Detail,
  Heading,
  HStack,
  Modal,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  TextField,
  UNSAFE_Combobox,
  VStack,
} from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import {
  READING_PRIORITIES,
  type DepartmentSettings,
  type ListDefinition,
  type ListDefinitions,
  type ReaderAdminList,
  type ReaderAdminRow,
} from '../../shared/api/reading.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { ruleLines } from './consult-view.ts';
import './reading.css';
import { osloDateTime } from '../app/oslo-time.ts';

type Role = 'radiologist' | 'lis' | 'reporting_radiographer';

export function ReadingLeaderPage() {
  const { t } = useApp();
  const [tab, setTab] = useState('readers');
  return (
    <VStack gap="space-16" className="rl-page">
      <Heading level="1" size="large">
        {t('rl.title')}
      </Heading>
      <BodyShort>{t('rl.intro')}</BodyShort>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="readers" label={t('rl.tab.readers')} />
          <Tabs.Tab value="lists" label={t('rl.tab.lists')} />
          <Tabs.Tab value="settings" label={t('rl.tab.settings')} />
        </Tabs.List>
        <Tabs.Panel value="readers">
          <Box paddingBlock="space-16">
            <ReadersView />
          </Box>
        </Tabs.Panel>
        <Tabs.Panel value="lists">
          <Box paddingBlock="space-16">
            <ListsView />
          </Box>
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <Box paddingBlock="space-16">
            <SettingsView />
          </Box>
        </Tabs.Panel>
      </Tabs>
    </VStack>
  );
}

function ReadersView() {
  const { t } = useApp();
  const [data, setData] = useState<ReaderAdminList | null>(null);
  const [editing, setEditing] = useState<ReaderAdminRow | null>(null);
  const [notice, setNotice] = useState<{ key: MessageKey; variant: 'success' | 'error' } | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await get<ReaderAdminList>('/api/reading/profiles'));
    } catch {
      setNotice({ key: 'rl.error', variant: 'error' });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (!data) return notice ? <Alert variant="error">{t(notice.key)}</Alert> : <BodyShort>{t('app.loading')}</BodyShort>;
  const scope = (r: ReaderAdminRow) => {
    const p = r.profile;
    if (!p) return '';
    if (p.role === 'radiologist') return t('rl.scope.radiologist');
    return p.soloExams.length ? p.soloExams.map((e) => e.name).join(', ') : t('rl.scope.none');
  };
  return (
    <VStack gap="space-12">
      {notice && (
        <Alert variant={notice.variant} size="small" role="status">
          {t(notice.key)}
        </Alert>
      )}
      <div className="rl-table-wrap">
        {/* On a phone each reader is a card, each cell a line named by its column (app.css rv-card-table). */}
        <Table size="small" className="rl-readers rv-card-table">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">{t('rl.col.name')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('rl.col.role')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('rl.col.subspecialties')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('rl.col.scope')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('rl.col.home')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('rl.col.available')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">
                <span className="aksel-sr-only">{t('rl.edit')}</span>
              </Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.readers.map((r) => (
              <Table.Row key={r.personId}>
                <Table.DataCell data-label={t('rl.col.name')}>{r.name}</Table.DataCell>
                <Table.DataCell data-label={t('rl.col.role')}>
                  {r.profile ? t(`rl.role.${r.profile.role}` as MessageKey) : <Detail>{t('rl.noProfile')}</Detail>}
                </Table.DataCell>
                <Table.DataCell data-label={t('rl.col.subspecialties')}>{r.profile?.subspecialties.join(', ')}</Table.DataCell>
                <Table.DataCell data-label={t('rl.col.scope')}>{scope(r)}</Table.DataCell>
                <Table.DataCell data-label={t('rl.col.home')}>{r.profile?.homeOrg}</Table.DataCell>
                <Table.DataCell data-label={t('rl.col.available')}>
                  {r.profile && (
                    <Tag size="small" variant={r.profile.available ? 'success' : 'neutral'}>
                      {t(r.profile.available ? 'rl.yes' : 'rl.no')}
                    </Tag>
                  )}
                </Table.DataCell>
                <Table.DataCell>
                  <Button size="xsmall" variant="secondary" onClick={() => setEditing(r)} aria-label={`${t(r.profile ? 'rl.edit' : 'rl.create')}: ${r.name}`}>
                    {t(r.profile ? 'rl.edit' : 'rl.create')}
                  </Button>
                </Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      {editing && (
        <ProfileDialog
          reader={editing}
          data={data}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              setNotice({ key: 'rl.saved', variant: 'success' });
              void load();
            }
          }}
        />
      )}
    </VStack>
  );
}

function ProfileDialog({ reader, data, onClose }: { reader: ReaderAdminRow; data: ReaderAdminList; onClose: (saved: boolean) => void }) {
  const { t } = useApp();
  const p = reader.profile;
  const [role, setRole] = useState<Role>(p?.role ?? reader.grantRoles[0] ?? 'radiologist');
  const [home, setHome] = useState(p?.homeOrgId ?? data.organizations[0]?.id ?? '');
  const [subs, setSubs] = useState<string[]>(p?.subspecialties ?? []);
  const [solo, setSolo] = useState<{ code: string; name: string }[]>(p?.soloExams ?? []);
  const [available, setAvailable] = useState(p?.available ?? true);
  const [options, setOptions] = useState<{ code: string; name: string }[]>([]);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const search = async (q: string) => {
    if (q.trim().length < 2) return;
    try {
      const r = await get<{ code: string; name: string }[] | { items: { code: string; name: string }[] }>(
        `/api/directory/exam-codes?q=${encodeURIComponent(q)}&limit=20`,
      );
      setOptions(Array.isArray(r) ? r : r.items);
    } catch {
      /* keep the options */
    }
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('PUT', `/api/reading/profiles/${encodeURIComponent(reader.personId)}`, {
        role,
        homeOrgId: home,
        subspecialties: subs,
        soloExamCodes: role === 'reporting_radiographer' ? solo.map((s) => s.code) : [],
        available,
      });
      onClose(true);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 403 ? 'rl.forbidden' : 'rl.error');
    } finally {
      setBusy(false);
    }
  };
  const labelOf = new Map([...solo, ...options].map((o) => [o.code, o.name]));
  return (
    <Modal open onClose={() => onClose(false)} header={{ heading: t('rl.edit.title', { name: reader.name }) }} width="medium">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Modal.Body>
          <VStack gap="space-16">
            {error && (
              <Alert variant="error" size="small">
                {t(error)}
              </Alert>
            )}
            <Select label={t('rl.role')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {(reader.grantRoles.length ? reader.grantRoles : (['radiologist'] as Role[])).map((r) => (
                <option key={r} value={r}>
                  {t(`rl.role.${r}` as MessageKey)}
                </option>
              ))}
            </Select>
            <Select label={t('rl.home')} value={home} onChange={(e) => setHome(e.target.value)}>
              {data.organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
            <UNSAFE_Combobox
              label={t('rl.subspecialties')}
              description={t('rl.subspecialties.help')}
              isMultiSelect
              allowNewValues
              options={[...new Set([...data.subspecialties, ...subs])]}
              selectedOptions={subs}
              onToggleSelected={(o, on) => setSubs(on ? [...new Set([...subs, o])] : subs.filter((x) => x !== o))}
            />
            {role === 'reporting_radiographer' && (
              <UNSAFE_Combobox
                label={t('rl.scope')}
                description={t('rl.scope.search')}
                isMultiSelect
                options={[...new Map([...solo, ...options].map((o) => [o.code, { label: o.name, value: o.code }])).values()]}
                selectedOptions={solo.map((s) => ({ label: s.name, value: s.code }))}
                onChange={(v) => void search(v)}
                onToggleSelected={(code, on) =>
                  setSolo(on ? [...solo.filter((s) => s.code !== code), { code, name: labelOf.get(code) ?? code }] : solo.filter((s) => s.code !== code))
                }
              />
            )}
            {role === 'lis' && <Detail>{t('rl.scope.lis')}</Detail>}
            <Switch checked={available} onChange={(e) => setAvailable(e.target.checked)}>
              {t('rl.available')}
            </Switch>
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button type="submit" loading={busy}>
            {t('rl.save')}
          </Button>
          <Button type="button" variant="secondary" onClick={() => onClose(false)}>
            {t('rl.cancel')}
          </Button>
        </Modal.Footer>
      </form>
    </Modal>
  );
}

function ListsView() {
  const { t } = useApp();
  const [data, setData] = useState<ListDefinitions | null>(null);
  const [editing, setEditing] = useState<ListDefinition | null>(null);
  const [notice, setNotice] = useState<{ key: MessageKey; variant: 'success' | 'error' | 'warning' } | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await get<ListDefinitions>('/api/reading/lists'));
    } catch {
      setNotice({ key: 'rl.error', variant: 'error' });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (method: 'POST' | 'DELETE', url: string, body?: unknown) => {
    setNotice(null);
    try {
      await api(method, url, body);
      setNotice({ key: 'rl.saved', variant: 'success' });
      await load();
    } catch (e) {
      setNotice({ key: e instanceof ApiError && e.status === 403 ? 'rl.forbidden' : 'rl.error', variant: 'warning' });
    }
  };
  if (!data) return notice ? <Alert variant="error">{t(notice.key)}</Alert> : <BodyShort>{t('app.loading')}</BodyShort>;
  return (
    <VStack gap="space-12">
      {notice && (
        <Alert variant={notice.variant} size="small" role="status">
          {t(notice.key)}
        </Alert>
      )}
      {data.lists.map((l) => {
        const rules = ruleLines(l, t);
        const standingFrom = new Set(l.standingHandovers.map((s) => s.id));
        return (
          <Box key={l.id} padding="space-12" borderWidth="1" borderRadius="8" className="rl-list-card" as="section" aria-label={l.name}>
            <VStack gap="space-8">
              <HStack gap="space-8" align="center" wrap>
                <Heading level="2" size="small">
                  {l.name}
                </Heading>
                {l.regional && (
                  <Tag size="small" variant="info">
                    {t('rd.regional')}
                  </Tag>
                )}
                {!l.active && (
                  <Tag size="small" variant="neutral">
                    {t('rl.list.inactive')}
                  </Tag>
                )}
              </HStack>
              <Detail>{t('rl.list.owner', { owner: l.owner.name })}</Detail>
              <BodyShort size="small">{t(l.regional ? 'rl.list.regional' : 'rl.list.own')}</BodyShort>
              <VStack gap="space-2">
                <Detail weight="semibold">{t('rl.list.rules')}</Detail>
                {rules.length === 0 ? (
                  <BodyShort size="small">{t('rl.list.rules.none')}</BodyShort>
                ) : (
                  rules.map((r) => (
                    <BodyShort key={r} size="small">
                      {r}
                    </BodyShort>
                  ))
                )}
              </VStack>
              <VStack gap="space-2">
                <Detail weight="semibold">{t('rl.list.handover')}</Detail>
                <BodyShort size="small">
                  {l.standingHandovers.length ? t('rl.list.standing', { v: l.standingHandovers.map((s) => s.name).join(', ') }) : t('rl.list.standing.none')}
                </BodyShort>
                {l.handedOverOpen > 0 && <BodyShort size="small">{t('rl.list.handedOver', { n: l.handedOverOpen })}</BodyShort>}
              </VStack>
              <HStack gap="space-8" wrap>
                {l.editable && (
                  <Button size="xsmall" variant="secondary" onClick={() => setEditing(l)}>
                    {`${t('rl.edit')}: ${l.name}`}
                  </Button>
                )}
                {data.myDepartments
                  .filter((d) => d.id !== l.owner.id || l.regional)
                  .map((d) =>
                    standingFrom.has(d.id) ? (
                      <Button
                        key={d.id}
                        size="xsmall"
                        variant="tertiary"
                        onClick={() => void act('DELETE', `/api/reading/lists/${encodeURIComponent(l.id)}/handover-rules/${encodeURIComponent(d.id)}`)}
                      >
                        {t('rl.list.endStanding', { dept: d.name })}
                      </Button>
                    ) : (
                      l.regional && (
                        <Button
                          key={d.id}
                          size="xsmall"
                          variant="tertiary"
                          onClick={() => void act('POST', '/api/reading/handover-rules', { fromOrgId: d.id, listId: l.id })}
                        >
                          {t('rl.list.addStanding', { dept: d.name })}
                        </Button>
                      )
                    ),
                  )}
              </HStack>
            </VStack>
          </Box>
        );
      })}
      {editing && (
        <ListDialog
          list={editing}
          data={data}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              setNotice({ key: 'rl.saved', variant: 'success' });
              void load();
            }
          }}
        />
      )}
    </VStack>
  );
}

function ListDialog({ list, data, onClose }: { list: ListDefinition; data: ListDefinitions; onClose: (saved: boolean) => void }) {
  const { t } = useApp();
  const [name, setName] = useState(list.name);
  const [owner, setOwner] = useState(list.owner.id);
  const [active, setActive] = useState(list.active);
  const [mods, setMods] = useState<string[]>(list.rules.modalities);
  const [prios, setPrios] = useState<string[]>(list.rules.priorities);
  const [sub, setSub] = useState(list.rules.subspecialty ?? '');
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('PUT', `/api/reading/lists/${encodeURIComponent(list.id)}`, {
        name,
        ownerOrgId: owner,
        regional: list.regional,
        modalities: mods,
        bodyParts: list.rules.bodyParts,
        examCodes: list.rules.exams.map((e) => e.code),
        priorities: prios,
        siteOrgIds: list.rules.sites.map((s) => s.id),
        trustOrgIds: list.rules.trusts.map((s) => s.id),
        ...(sub.trim() ? { subspecialty: sub.trim() } : {}),
        active,
      });
      onClose(true);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 403 ? 'rl.forbidden' : 'rl.error');
    } finally {
      setBusy(false);
    }
  };
  const owners = data.owners.some((o) => o.id === list.owner.id) ? data.owners : [list.owner, ...data.owners];
  return (
    <Modal open onClose={() => onClose(false)} header={{ heading: t('rl.list.edit.title', { name: list.name }) }} width="medium">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Modal.Body>
          <VStack gap="space-16">
            {error && (
              <Alert variant="error" size="small">
                {t(error)}
              </Alert>
            )}
            <TextField label={t('rl.list.name')} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
            <Select label={t('rl.list.ownerField')} value={owner} onChange={(e) => setOwner(e.target.value)}>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
            <CheckboxGroup legend={t('rl.list.modalities')} value={mods} onChange={setMods} size="small">
              <HStack gap="space-12" wrap>
                {data.modalities.map((m) => (
                  <Checkbox key={m} value={m}>
                    {m}
                  </Checkbox>
                ))}
              </HStack>
            </CheckboxGroup>
            <CheckboxGroup legend={t('rl.list.priorities')} value={prios} onChange={setPrios} size="small">
              {READING_PRIORITIES.map((p) => (
                <Checkbox key={p} value={p}>
                  {t(`rd.priority.${p}` as MessageKey)}
                </Checkbox>
              ))}
            </CheckboxGroup>
            <TextField label={t('rl.list.subspecialty')} value={sub} maxLength={60} onChange={(e) => setSub(e.target.value)} />
            <Switch checked={active} onChange={(e) => setActive(e.target.checked)}>
              {t('rl.list.active')}
            </Switch>
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button type="submit" loading={busy} disabled={!name.trim()}>
            {t('rl.save')}
          </Button>
          <Button type="button" variant="secondary" onClick={() => onClose(false)}>
            {t('rl.cancel')}
          </Button>
        </Modal.Footer>
      </form>
    </Modal>
  );
}

/**
 * The reading settings of the departments the leader leads: one switch per department for the
 * preliminary answer to the referrer for urgent cases (off by default), with who changed it last.
 */
function SettingsView() {
  const { t, locale } = useApp();
  const [data, setData] = useState<DepartmentSettings | null>(null);
  const [notice, setNotice] = useState<{ key: MessageKey; variant: 'success' | 'error' } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await get<DepartmentSettings>('/api/reading/settings'));
    } catch {
      setNotice({ key: 'rl.settings.error', variant: 'error' });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const save = async (orgId: string, on: boolean) => {
    setBusy(orgId);
    setNotice(null);
    try {
      await api('PUT', `/api/reading/settings/${encodeURIComponent(orgId)}`, { preliminaryToReferrer: on });
      setNotice({ key: 'rl.settings.saved', variant: 'success' });
      await load();
    } catch {
      setNotice({ key: 'rl.settings.error', variant: 'error' });
    } finally {
      setBusy(null);
    }
  };
  const when = (iso: string) => osloDateTime(iso, locale, 'long');
  if (!data) return null;
  return (
    <VStack gap="space-12">
      <BodyShort>{t('rl.settings.intro')}</BodyShort>
      {notice && (
        <Alert variant={notice.variant} size="small" role="status">
          {t(notice.key)}
        </Alert>
      )}
      {data.length === 0 && <BodyShort>{t('rl.settings.none')}</BodyShort>}
      {data.map((d) => (
        <Box key={d.organization.id} padding="space-12" borderWidth="1" borderRadius="8">
          <VStack gap="space-4">
            <Heading level="2" size="xsmall">
              {d.organization.name}
            </Heading>
            <Switch
              checked={d.preliminaryToReferrer}
              disabled={busy === d.organization.id}
              description={t('rl.settings.preliminaryHelp')}
              onChange={(e) => void save(d.organization.id, e.target.checked)}
            >
              {t('rl.settings.preliminary')}
            </Switch>
            <Detail>{d.changedAt && d.changedBy ? t('rl.settings.changed', { date: when(d.changedAt), name: d.changedBy }) : t('rl.settings.never')}</Detail>
          </VStack>
        </Box>
      ))}
    </VStack>
  );
}
