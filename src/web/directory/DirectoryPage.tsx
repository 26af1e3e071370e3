import { Alert, BodyShort, Heading, HGrid, HStack, ReadMore, Search, Select, Skeleton, Table, Tabs, VStack } from '@navikt/ds-react';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { Area, AreaDetail, Organization, OrganizationDetail as OrgDetail } from '../../shared/api/directory.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { Loading } from '../app/Loading.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import { formatOpeningHours } from './opening-hours.ts';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';

// ECharts is large: load it only when an area's chart is shown.
const PopulationChart = lazy(() => import('./PopulationChart.tsx').then((m) => ({ default: m.PopulationChart })));

type Org = Organization;

const KINDS = ['rhf', 'hf', 'site', 'department', 'private_hospital', 'private_institute', 'gp_practice', 'specialist_practice', 'network'];

export function DirectoryPage({ orgId }: { orgId?: string }) {
  const { t } = useApp();
  if (orgId) return <OrgView id={orgId} />;
  return (
    <VStack gap="space-20">
      <Heading level="1" size="large">
        {t('directory.title')}
      </Heading>
      <Tabs defaultValue="orgs">
        <Tabs.List>
          <Tabs.Tab value="orgs" label={t('directory.organizations')} />
          <Tabs.Tab value="areas" label={t('directory.areas')} />
        </Tabs.List>
        <Tabs.Panel value="orgs">
          <OrgList />
        </Tabs.Panel>
        <Tabs.Panel value="areas">
          <AreaList />
        </Tabs.Panel>
      </Tabs>
    </VStack>
  );
}

function OrgList() {
  const { t } = useApp();
  const [kind, setKind] = useState('hf');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(q.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [q]);
  useEffect(() => {
    const params = new URLSearchParams({ limit: '300' });
    if (kind) params.set('kind', kind);
    if (query) params.set('q', query);
    get<Org[]>(`/api/directory/organizations?${params.toString()}`)
      .then((o) => {
        setOrgs(o);
        setError(null);
      })
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [kind, query]);
  return (
    <VStack gap="space-16" paddingBlock="space-16">
      <HStack gap="space-16" align="end">
        <Select label={t('directory.kind')} size="small" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">–</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`orgKind.${k}` as MessageKey)}
            </option>
          ))}
        </Select>
        <form role="search" onSubmit={(e) => e.preventDefault()}>
          <Search label={t('directory.search')} hideLabel={false} size="small" variant="simple" value={q} onChange={setQ} onClear={() => setQ('')} />
        </form>
      </HStack>
      {error && <Alert variant="error">{t(error)}</Alert>}
      <Table size="small">
        <ColumnHeaders columns={[{ label: t('directory.name') }, { label: t('directory.kind') }]} />
        <Table.Body>
          {orgs?.map((o) => (
            <Table.Row key={o.id}>
              <Table.DataCell>
                <AppLink to={`/directory/${encodeURIComponent(o.id)}`}>{o.name}</AppLink>
              </Table.DataCell>
              <Table.DataCell>{t(`orgKind.${o.kind}` as MessageKey)}</Table.DataCell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {orgs === null && !error && <Loading />}
      {orgs?.length === 0 && <BodyShort>{t('directory.none')}</BodyShort>}
    </VStack>
  );
}

function OrgView({ id }: { id: string }) {
  const { t } = useApp();
  const [org, setOrg] = useState<OrgDetail | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    setOrg(null);
    setError(null);
    get<OrgDetail>(`/api/directory/organizations/${encodeURIComponent(id)}`)
      .then(setOrg)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [id]);
  if (error) {
    return (
      <VStack gap="space-20">
        <AppLink to="/directory">← {t('directory.back')}</AppLink>
        <Heading level="1" size="large">
          {t('directory.title')}
        </Heading>
        <Alert variant="error">{t(error)}</Alert>
      </VStack>
    );
  }
  if (!org) return <Skeleton variant="text" width="50%" height="3rem" />;
  return (
    <VStack gap="space-20">
      <AppLink to="/directory">← {t('directory.back')}</AppLink>
      <Heading level="1" size="large">
        {org.name}
      </Heading>
      <BodyShort>{t(`orgKind.${org.kind}` as MessageKey)}</BodyShort>
      {org.visiting_address && <BodyShort>{t('directory.visitingAddress', { address: org.visiting_address })}</BodyShort>}
      {org.children.length > 0 && (
        <section>
          <Heading level="2" size="medium">
            {t('directory.children')}
          </Heading>
          <ul>
            {org.children.map((c) => (
              <li key={c.id}>
                <AppLink to={`/directory/${encodeURIComponent(c.id)}`}>{c.name}</AppLink> ({t(`orgKind.${c.kind}` as MessageKey)})
              </li>
            ))}
          </ul>
        </section>
      )}
      {org.modalities.length > 0 && (
        <section>
          <Heading level="2" size="medium">
            {t('directory.machines')}
          </Heading>
          <Table size="small">
            <ColumnHeaders
              columns={[
                { label: t('directory.name') },
                { label: t('directory.modality') },
                { label: t('directory.aeTitle') },
                { label: t('directory.openingHours') },
                { label: t('directory.shifts') },
              ]}
            />
            <Table.Body>
              {org.modalities.map((m) => (
                <Table.Row key={m.id}>
                  <Table.DataCell>{m.name}</Table.DataCell>
                  <Table.DataCell>{m.kind}</Table.DataCell>
                  <Table.DataCell>
                    <code>{m.ae_title}</code>
                  </Table.DataCell>
                  <Table.DataCell>{formatOpeningHours(m.opening_hours, (d) => t(`day.${d}`))}</Table.DataCell>
                  <Table.DataCell>{m.shifts === 2 ? t('directory.twoShifts') : t('directory.oneShift')}</Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </section>
      )}
      {org.agreements.length > 0 && (
        <section>
          <Heading level="2" size="medium">
            {t('directory.agreements')}
          </Heading>
          <ul>
            {org.agreements.map((a) => (
              <li key={a.id}>
                {a.buyer_name} → {a.provider_name}: {a.modalities.join(', ')}
                {a.annual_volume ? ` (${a.annual_volume.toLocaleString('nb-NO')})` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </VStack>
  );
}

function AreaList() {
  const { t, locale } = useApp();
  // null until the list has come: "Laster …", not an empty table (ux27).
  const [areas, setAreas] = useState<Area[] | null>(null);
  const [selected, setSelected] = useState<string>('');
  const [detail, setDetail] = useState<AreaDetail | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    get<Area[]>('/api/directory/areas')
      .then((a) => {
        setAreas(a);
        if (a[0]) setSelected(a[0].id);
      })
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  useEffect(() => {
    if (!selected) return;
    get<AreaDetail>(`/api/directory/areas/${encodeURIComponent(selected)}`)
      .then(setDetail)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [selected]);
  const area = areas?.find((a) => a.id === selected);
  const ages = detail ? [...new Set(detail.population.map((r) => r.age_from))].sort((x, y) => x - y) : [];
  const count = (sex: 'M' | 'F', age: number) => detail?.population.find((r) => r.sex === sex && r.age_from === age)?.population ?? 0;
  const band = (age: number) => (age >= 90 ? '90+' : `${age}–${age + 4}`);
  return (
    <VStack gap="space-16" paddingBlock="space-16">
      {error && <Alert variant="error">{t(error)}</Alert>}
      <HGrid columns={{ xs: 1, lg: 2 }} gap="space-24" align="start">
        <Table size="small">
          <caption className="aksel-sr-only">{t('directory.areas')}</caption>
          <ColumnHeaders columns={[{ label: t('directory.name') }, { label: t('directory.region') }, { label: t('directory.population'), numeric: true }]} />
          <Table.Body>
            {areas === null && !error && (
              <Table.Row>
                <Table.DataCell colSpan={3}>
                  <Loading />
                </Table.DataCell>
              </Table.Row>
            )}
            {areas?.length === 0 && (
              <Table.Row>
                <Table.DataCell colSpan={3}>{t('directory.none')}</Table.DataCell>
              </Table.Row>
            )}
            {areas?.map((a) => (
              <Table.Row key={a.id} selected={a.id === selected}>
                <Table.DataCell>
                  <button type="button" className="aksel-link area-button" aria-pressed={a.id === selected} onClick={() => setSelected(a.id)}>
                    {a.name}
                  </button>
                </Table.DataCell>
                <Table.DataCell>{a.region_name}</Table.DataCell>
                <Table.DataCell align="right">{a.population.toLocaleString('nb-NO')}</Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
        {area && detail && detail.id === area.id && detail.population.length > 0 && (
          <section aria-labelledby="area-chart-heading" className="area-chart">
            <Heading level="2" size="small" id="area-chart-heading">
              {t('directory.populationByAgeIn', { area: area.name })}
            </Heading>
            <Suspense fallback={<Skeleton variant="rectangle" height={320} />}>
              <PopulationChart
                rows={detail.population}
                men={t('directory.men')}
                women={t('directory.women')}
                title={t('directory.populationByAgeIn', { area: area.name })}
                numberLocale={locale === 'nb' ? 'nb-NO' : 'en-GB'}
              />
            </Suspense>
            <ReadMore header={t('directory.showAsTable')} size="small">
              <Table size="small">
                <ColumnHeaders
                  columns={[{ label: t('directory.ageBand') }, { label: t('directory.men'), numeric: true }, { label: t('directory.women'), numeric: true }]}
                />
                <Table.Body>
                  {ages.map((age) => (
                    <Table.Row key={age}>
                      <Table.HeaderCell scope="row">{band(age)}</Table.HeaderCell>
                      <Table.DataCell align="right">{count('M', age).toLocaleString('nb-NO')}</Table.DataCell>
                      <Table.DataCell align="right">{count('F', age).toLocaleString('nb-NO')}</Table.DataCell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </ReadMore>
          </section>
        )}
      </HGrid>
    </VStack>
  );
}
