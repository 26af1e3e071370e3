// Management data (styringsdata): the atlas-style view of rates per referral area, the trend, a
// tile map, low-value indicators with funnel plots, process measures and advice adherence.
// Numbers come from /api/analytics (aggregates; no patient data). Plain Norwegian, no codes.
import { Alert, BodyShort, Button, Detail, Heading, HGrid, HStack, Link, Select, Skeleton, Table, Tabs, VStack } from '@navikt/ds-react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type {
  AdherenceResponse,
  AnalyticsMeta,
  AreaRate,
  EndedReasonsResponse,
  EndedResponse,
  EndedRow,
  IndicatorResponse,
  ProcessResponse,
  RatesResponse,
  TrendResponse,
} from '../../shared/api/analytics.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { colourStep, TILE_COLOURS, TILE_COLUMNS, TILE_POSITIONS, TILE_ROWS } from './tile-map.ts';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';
import { AGE_GROUPS, ageGroupLabel } from './age-groups.ts';
import { unappliedFilters } from './unapplied-filters.ts';
import { osloDate } from '../app/oslo-time.ts';

// ECharts is large: load the charts only when shown.
const AtlasChart = lazy(() => import('./charts.tsx').then((m) => ({ default: m.AtlasChart })));
const TrendChart = lazy(() => import('./charts.tsx').then((m) => ({ default: m.TrendChart })));
const FunnelChart = lazy(() => import('./charts.tsx').then((m) => ({ default: m.FunnelChart })));

export interface Filters {
  from: string;
  to: string;
  area: string;
  trust: string;
  modality: string;
  exam: string;
  ageGroup: string;
  sex: string;
  provider: string;
}

const MODALITIES = ['DX', 'CT', 'MR', 'US', 'NM', 'PT', 'MG'] as const;

/** The query string of the filters that are set (empty ones left out). */
export function filterQuery(f: Filters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) p.set(k, v);
  return p.toString();
}

function useData<T>(url: string | null): { data: T | null; error: MessageKey | null } {
  const [state, setState] = useState<{ data: T | null; error: MessageKey | null }>({ data: null, error: null });
  useEffect(() => {
    if (!url) return;
    let live = true;
    setState({ data: null, error: null });
    get<T>(url)
      .then((data) => {
        if (live) setState({ data, error: null });
      })
      .catch((e: unknown) => {
        if (live) setState({ data: null, error: requestErrorKey(e) });
      });
    return () => {
      live = false;
    };
  }, [url]);
  return state;
}

export function AnalyticsPage() {
  const { t } = useApp();
  const meta = useData<AnalyticsMeta>('/api/analytics/meta');
  const [filters, setFilters] = useState<Filters | null>(null);
  useEffect(() => {
    if (meta.data && !filters)
      setFilters({
        from: String(meta.data.defaultPeriod.from),
        to: String(meta.data.defaultPeriod.to),
        area: '',
        trust: '',
        modality: '',
        exam: '',
        ageGroup: '',
        sex: '',
        provider: '',
      });
  }, [meta.data, filters]);
  if (meta.error) return <Alert variant="error">{t(meta.error)}</Alert>;
  if (!meta.data || !filters) return <Skeleton variant="rectangle" height={300} />;
  return (
    <VStack gap="space-20">
      <Heading level="1" size="large">
        {t('analytics.title')}
      </Heading>
      <BodyShort>{t('analytics.intro')}</BodyShort>
      <FilterPanel meta={meta.data} filters={filters} onChange={setFilters} />
      <Tabs defaultValue="rates">
        <Tabs.List>
          <Tabs.Tab value="rates" label={t('analytics.tab.rates')} />
          <Tabs.Tab value="trend" label={t('analytics.tab.trend')} />
          <Tabs.Tab value="lowValue" label={t('analytics.tab.lowValue')} />
          <Tabs.Tab value="process" label={t('analytics.tab.process')} />
          <Tabs.Tab value="adherence" label={t('analytics.tab.adherence')} />
        </Tabs.List>
        <Tabs.Panel value="rates">
          <RatesView meta={meta.data} filters={filters} />
        </Tabs.Panel>
        <Tabs.Panel value="trend">
          {/* The trend spans every year with data, whatever period the other views show. */}
          <TrendView
            meta={meta.data}
            filters={{ ...filters, from: String(meta.data.years[0] ?? filters.from), to: String(meta.data.years[meta.data.years.length - 1] ?? filters.to) }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="lowValue">
          <LowValueView meta={meta.data} filters={filters} />
        </Tabs.Panel>
        <Tabs.Panel value="process">
          <ProcessView meta={meta.data} filters={filters} />
        </Tabs.Panel>
        <Tabs.Panel value="adherence">
          <AdherenceView meta={meta.data} filters={filters} />
        </Tabs.Panel>
      </Tabs>
    </VStack>
  );
}

function FilterPanel({ meta, filters, onChange }: { meta: AnalyticsMeta; filters: Filters; onChange: (f: Filters) => void }) {
  const { t } = useApp();
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => onChange({ ...filters, [k]: e.target.value });
  const years = meta.years.length > 0 ? meta.years : [meta.defaultPeriod.to];
  const exams = meta.exams.filter((e) => !filters.modality || e.modality === filters.modality);
  return (
    <section aria-label={t('analytics.filters')}>
      <HGrid gap="space-12" columns={{ xs: 2, sm: 3, md: 5 }}>
        <Select label={t('analytics.from')} size="small" value={filters.from} onChange={set('from')}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
        <Select label={t('analytics.to')} size="small" value={filters.to} onChange={set('to')}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
        <Select label={t('analytics.area')} size="small" value={filters.area} onChange={set('area')}>
          <option value="">{t('analytics.all')}</option>
          {meta.areas
            .filter((a) => a.hasData)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
        </Select>
        {meta.scope === 'all' && (
          <Select label={t('analytics.trust')} size="small" value={filters.trust} onChange={set('trust')}>
            <option value="">{t('analytics.all')}</option>
            {meta.trusts.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        )}
        <Select
          label={t('analytics.modality')}
          size="small"
          value={filters.modality}
          onChange={(e) => onChange({ ...filters, modality: e.target.value, exam: '' })}
        >
          <option value="">{t('analytics.all')}</option>
          {MODALITIES.map((m) => (
            <option key={m} value={m}>
              {t(`analytics.modality.${m}`)}
            </option>
          ))}
        </Select>
        <Select label={t('analytics.exam')} size="small" value={filters.exam} onChange={set('exam')}>
          <option value="">{t('analytics.all')}</option>
          {exams.map((e) => (
            <option key={e.code} value={e.code}>
              {e.name}
            </option>
          ))}
        </Select>
        <Select label={t('analytics.ageGroup')} size="small" value={filters.ageGroup} onChange={set('ageGroup')}>
          <option value="">{t('analytics.all')}</option>
          {AGE_GROUPS.map((g) => (
            <option key={g} value={g}>
              {ageGroupLabel(g, t)}
            </option>
          ))}
        </Select>
        <Select label={t('analytics.sex')} size="small" value={filters.sex} onChange={set('sex')}>
          <option value="">{t('analytics.all')}</option>
          <option value="F">{t('analytics.sex.F')}</option>
          <option value="M">{t('analytics.sex.M')}</option>
        </Select>
        <Select label={t('analytics.provider')} size="small" value={filters.provider} onChange={set('provider')}>
          <option value="">{t('analytics.all')}</option>
          <option value="public">{t('analytics.provider.public')}</option>
          <option value="private">{t('analytics.provider.private')}</option>
        </Select>
      </HGrid>
    </section>
  );
}

function useNumber() {
  const { locale } = useApp();
  const nl = locale === 'en' ? 'en-GB' : 'nb-NO';
  return {
    nl,
    n: (v: number | null | undefined, digits = 1) =>
      v === null || v === undefined ? '–' : v.toLocaleString(nl, { maximumFractionDigits: digits, minimumFractionDigits: digits }),
    pct: (v: number | null | undefined) =>
      v === null || v === undefined ? '–' : `${(v * 100).toLocaleString(nl, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}\u00a0%`,
  };
}

function CsvLink({ url }: { url: string }) {
  const { t } = useApp();
  return (
    <Link href={url} download>
      {t('analytics.csv')}
    </Link>
  );
}

/** Says which chosen filters this view's figures are not broken down by, so do not narrow (issue 10 §6). */
function NotApplied({ filters, applied }: { filters: Filters; applied: readonly string[] }) {
  const { t } = useApp();
  const labels = unappliedFilters(filters, applied);
  if (labels.length === 0) return null;
  return (
    <Alert variant="info" size="small" inline>
      {t('analytics.notApplied', { filters: labels.map((k) => t(k)).join(', ') })}
    </Alert>
  );
}

/** A day 'YYYY-MM-DD' in words in the user's language. */
function useDay() {
  const { locale } = useApp();
  return (day: string) => osloDate(day, locale, 'long');
}

/**
 * What the rates rest on, as the CSV's title line says it: the standard population, whether the areas
 * share its structure (adjusted = crude by construction), the years the data cover only in part, and
 * the demo's sample.
 */
function RateNotes({ r }: { r: Pick<RatesResponse, 'standard' | 'standardYear' | 'sameStructureAsStandard' | 'samplingFraction' | 'years' | 'coverage'> }) {
  const { t } = useApp();
  const { n } = useNumber();
  const day = useDay();
  const partial = r.years.filter((y) => y.share < 1);
  return (
    <VStack gap="space-4">
      <BodyShort size="small">
        {r.standard === 'esp2013' ? t('analytics.standardUsed.esp2013') : t('analytics.standardUsed.norway', { year: String(r.standardYear ?? 2020) })}
        {r.sameStructureAsStandard && ` ${t('analytics.sameStructure')}`}
      </BodyShort>
      {partial.length > 0 && r.coverage && (
        <BodyShort size="small">
          {t('analytics.partialYears', {
            from: day(r.coverage.from),
            to: day(r.coverage.to),
            years: partial.map((y) => t('analytics.partialYear', { year: String(y.year), days: String(y.days), of: String(y.daysInYear) })).join(', '),
          })}
        </BodyShort>
      )}
      {r.samplingFraction < 1 && <BodyShort size="small">{t('analytics.sample', { percent: n(r.samplingFraction * 100, 1) })}</BodyShort>}
    </VStack>
  );
}

function RatesView({ meta, filters }: { meta: AnalyticsMeta; filters: Filters }) {
  const { t } = useApp();
  const { n, nl } = useNumber();
  const url = `/api/analytics/rates?${filterQuery(filters)}`;
  const { data, error } = useData<RatesResponse>(url);
  if (error) return <Alert variant="error">{t(error)}</Alert>;
  if (!data) return <Skeleton variant="rectangle" height={300} />;
  if (data.areas.length === 0) return <Alert variant="info">{t('analytics.noData')}</Alert>;
  const row = (a: AreaRate) => ({
    name: a.areaName,
    rate: a.standardized,
    lower: a.lower,
    upper: a.upper,
    years: a.byYear.map((y) => ({ year: y.year, rate: y.standardized })),
  });
  return (
    <VStack gap="space-16" className="analytics-panel">
      <NotApplied filters={filters} applied={meta.filtersApplied.exam} />
      <RateNotes r={data} />
      {data.pendingSlices > 0 && <BodyShort size="small">{t('analytics.pending')}</BodyShort>}
      <HGrid gap="space-24" columns={{ xs: 1, lg: '2fr 1fr' }}>
        <Suspense fallback={<Skeleton variant="rectangle" height={300} />}>
          <AtlasChart
            label={t('analytics.ratesChart')}
            rows={data.areas.map(row)}
            total={{ ...row(data.total), name: t('analytics.total') }}
            numberLocale={nl}
            yearLabel={t('analytics.to')}
          />
        </Suspense>
        <TileMap meta={meta} rates={data} />
      </HGrid>
      <div style={{ overflowX: 'auto' }}>
        <Table size="small" aria-label={t('analytics.tab.rates')}>
          <ColumnHeaders
            columns={[
              { label: t('analytics.col.area') },
              { label: t('analytics.col.events'), numeric: true },
              { label: t('analytics.col.personYears'), numeric: true },
              { label: t('analytics.col.crude'), numeric: true },
              { label: t('analytics.col.standardized'), numeric: true },
              { label: t('analytics.col.ci') },
            ]}
          />
          <Table.Body>
            {[...data.areas, { ...data.total, areaName: t('analytics.total') }].map((a) => (
              <Table.Row key={a.areaId}>
                <Table.HeaderCell scope="row">{a.areaName}</Table.HeaderCell>
                {a.suppressed ? (
                  <>
                    <Table.DataCell>{t('analytics.suppressed')}</Table.DataCell>
                    <Table.DataCell align="right">{n(a.personYears, 0)}</Table.DataCell>
                    <Table.DataCell colSpan={3} />
                  </>
                ) : (
                  <>
                    <Table.DataCell align="right">{n(a.events, 0)}</Table.DataCell>
                    <Table.DataCell align="right">{n(a.personYears, 0)}</Table.DataCell>
                    <Table.DataCell align="right">{n(a.crude)}</Table.DataCell>
                    <Table.DataCell align="right">{n(a.standardized)}</Table.DataCell>
                    <Table.DataCell>
                      {n(a.lower)} – {n(a.upper)}
                    </Table.DataCell>
                  </>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      <BodyShort size="small">{t('analytics.suppressedHelp')}</BodyShort>
      <CsvLink url={`/api/analytics/rates?${filterQuery(filters, { format: 'csv' })}`} />
      <Heading level="2" size="small">
        {t('analytics.variation')}
      </Heading>
      <HGrid gap="space-12" columns={{ xs: 2, md: 5 }}>
        {(
          [
            ['analytics.eq1', n(data.variation.eq1, 2)],
            ['analytics.eq2', n(data.variation.eq2, 2)],
            ['analytics.eq3', n(data.variation.eq3, 2)],
            ['analytics.cv', data.variation.cv === null ? '–' : `${n(data.variation.cv)}\u00a0%`],
            ['analytics.scv', n(data.variation.scv, 2)],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <BodyShort size="small">{t(k)}</BodyShort>
            <BodyShort weight="semibold">{v}</BodyShort>
          </div>
        ))}
      </HGrid>
    </VStack>
  );
}

function TileMap({ meta, rates }: { meta: AnalyticsMeta; rates: RatesResponse }) {
  const { t } = useApp();
  const { n } = useNumber();
  const values = rates.areas.filter((a) => a.standardized !== null).map((a) => a.standardized!);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const byId = new Map(rates.areas.map((a) => [a.areaId, a]));
  return (
    <figure aria-label={t('analytics.tileMap')} style={{ margin: 0 }}>
      <div
        role="list"
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(${TILE_COLUMNS}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${TILE_ROWS}, auto)`,
          gap: 4,
          maxWidth: 360,
        }}
      >
        {meta.areas.map((a) => {
          const pos = TILE_POSITIONS[a.id];
          if (!pos) return null;
          const r = byId.get(a.id);
          const step = colourStep(r?.standardized ?? null, min, max);
          const bg = step === null ? '#e0e0e0' : TILE_COLOURS[step];
          const dark = step !== null && step >= 3;
          return (
            <div
              key={a.id}
              role="listitem"
              tabIndex={0}
              title={`${a.name}: ${r?.standardized !== null && r ? n(r.standardized) : '–'}`}
              style={{
                gridColumn: pos.col + 1,
                gridRow: pos.row + 1,
                background: bg,
                color: dark ? '#fff' : '#262626',
                borderRadius: 4,
                padding: '4px 2px',
                fontSize: 11,
                lineHeight: 1.2,
                textAlign: 'center',
                minHeight: 40,
                overflow: 'hidden',
              }}
            >
              <span style={{ display: 'block', fontWeight: 600 }}>{a.name}</span>
              <span>{r && r.standardized !== null ? n(r.standardized, 0) : '–'}</span>
            </div>
          );
        })}
      </div>
      <figcaption>
        <BodyShort size="small">{t('analytics.tileMapHelp')}</BodyShort>
      </figcaption>
    </figure>
  );
}

function TrendView({ meta, filters }: { meta: AnalyticsMeta; filters: Filters }) {
  const { t } = useApp();
  const { nl, n } = useNumber();
  const { data, error } = useData<TrendResponse>(`/api/analytics/trend?${filterQuery(filters)}`);
  if (error) return <Alert variant="error">{t(error)}</Alert>;
  if (!data) return <Skeleton variant="rectangle" height={300} />;
  // A year the data cover in part is marked with an asterisk, explained below the table.
  const label = (year: number, i: number) => ((data.yearCoverage[i]?.share ?? 1) < 1 ? t('analytics.partialMark', { year: String(year) }) : String(year));
  return (
    <VStack gap="space-16" className="analytics-panel">
      <NotApplied filters={filters} applied={meta.filtersApplied.exam} />
      <Suspense fallback={<Skeleton variant="rectangle" height={300} />}>
        <TrendChart
          label={t('analytics.trendChart')}
          years={data.years}
          yearLabels={data.years.map(label)}
          series={data.series.map((s) => ({ name: s.areaName, rates: s.rates }))}
          total={{ name: t('analytics.total'), rates: data.total }}
          numberLocale={nl}
        />
      </Suspense>
      <div style={{ overflowX: 'auto' }}>
        <Table size="small" aria-label={t('analytics.trendChart')}>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">{t('analytics.col.area')}</Table.HeaderCell>
              {data.years.map((y, i) => (
                <Table.HeaderCell key={y} scope="col" align="right">
                  {label(y, i)}
                </Table.HeaderCell>
              ))}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {[...data.series, { areaId: 'total', areaName: t('analytics.total'), rates: data.total }].map((s) => (
              <Table.Row key={s.areaId}>
                <Table.HeaderCell scope="row">{s.areaName}</Table.HeaderCell>
                {s.rates.map((r, i) => (
                  <Table.DataCell key={i} align="right">
                    {r === null ? t('analytics.suppressed') : n(r)}
                  </Table.DataCell>
                ))}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      <RateNotes r={{ ...data, years: data.yearCoverage }} />
      <BodyShort size="small">{t('analytics.suppressedHelp')}</BodyShort>
      <CsvLink url={`/api/analytics/trend?${filterQuery(filters, { format: 'csv' })}`} />
    </VStack>
  );
}

/** Where the low-value view has drilled to: an area or a trust, then one practice. */
interface Drill {
  area?: { id: string; name: string };
  trust?: { id: string; name: string };
  practice?: { id: string; name: string };
}

function LowValueView({ meta, filters }: { meta: AnalyticsMeta; filters: Filters }) {
  const { t } = useApp();
  const { nl, n, pct } = useNumber();
  const [indicator, setIndicator] = useState(meta.indicators[0]?.id ?? '');
  const levels = meta.scope === 'practice' ? (['practice'] as const) : (['area', 'trust', 'practice'] as const);
  const [by, setBy] = useState<string>(levels[0]);
  // Drill-down: area or trust → its practices → the referrers of one practice (issue 10 item 6).
  const [drill, setDrill] = useState<Drill>({});
  const scoped = { ...filters, area: drill.area?.id ?? filters.area, trust: drill.trust?.id ?? filters.trust };
  const query = { indicator, by, ...(drill.practice ? { practice: drill.practice.id } : {}) };
  const url = indicator ? `/api/analytics/indicators?${filterQuery(scoped, query)}` : null;
  const drillInto = (u: { unitId: string | null; label: string }) => {
    if (!u.unitId) return;
    const unit = { id: u.unitId, name: u.label };
    if (by === 'area') setDrill({ area: unit });
    else if (by === 'trust') setDrill({ trust: unit });
    else if (by === 'practice') setDrill({ ...drill, practice: unit });
    setBy(by === 'practice' ? 'referrer' : 'practice');
  };
  const canDrill = by !== 'referrer';
  const crumbs: { label: string; go: () => void }[] = [];
  if (drill.area || drill.trust || drill.practice)
    crumbs.push({
      label: t('analytics.drill.all'),
      go: () => {
        setDrill({});
        setBy(levels[0]);
      },
    });
  const parent = drill.area ?? drill.trust;
  if (parent)
    crumbs.push({
      label: parent.name,
      go: () => {
        setDrill({ area: drill.area, trust: drill.trust });
        setBy('practice');
      },
    });
  if (drill.practice) crumbs.push({ label: drill.practice.name, go: () => undefined });
  const { data, error } = useData<IndicatorResponse>(url);
  const points = useMemo(() => (data ? data.units.map((u) => ({ label: u.label, n: u.denominator, share: u.share, own: u.own })) : []), [data]);
  return (
    <VStack gap="space-16" className="analytics-panel">
      <NotApplied filters={filters} applied={meta.filtersApplied.indicator} />
      <HStack gap="space-16" wrap>
        <Select label={t('analytics.indicator')} size="small" value={indicator} onChange={(e) => setIndicator(e.target.value)}>
          {meta.indicators.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </Select>
        <Select
          label={t('analytics.level')}
          size="small"
          value={by}
          onChange={(e) => {
            setDrill({});
            setBy(e.target.value);
          }}
        >
          {levels.map((l) => (
            <option key={l} value={l}>
              {t(`analytics.level.${l}`)}
            </option>
          ))}
          {by === 'referrer' && <option value="referrer">{t('analytics.level.referrer')}</option>}
        </Select>
      </HStack>
      {crumbs.length > 0 ? (
        <nav aria-label={t('analytics.level')}>
          <HStack gap="space-4" align="center" as="ol" className="analytics-crumbs">
            {crumbs.map((c, i) => (
              <li key={`${c.label}-${i}`}>
                {i < crumbs.length - 1 ? (
                  <Button size="xsmall" variant="tertiary" onClick={c.go}>
                    {c.label}
                  </Button>
                ) : (
                  <BodyShort size="small" weight="semibold" aria-current="page">
                    {c.label}
                  </BodyShort>
                )}
              </li>
            ))}
          </HStack>
        </nav>
      ) : (
        <Detail>{t('analytics.drill.help')}</Detail>
      )}
      {error && <Alert variant="error">{t(error)}</Alert>}
      {!data && !error && <Skeleton variant="rectangle" height={300} />}
      {data && (
        <>
          <BodyShort size="small">{data.indicator.source}</BodyShort>
          <Suspense fallback={<Skeleton variant="rectangle" height={300} />}>
            <FunnelChart
              label={t('analytics.funnel')}
              points={points}
              limits={data.limits}
              target={data.target}
              numberLocale={nl}
              names={{
                target: t('analytics.target'),
                limit95: t('analytics.limit95'),
                limit998: t('analytics.limit998'),
                units: t(`analytics.level.${by}` as MessageKey),
                own: t('nav.feedback'),
                count: t('analytics.funnelCount'),
              }}
            />
          </Suspense>
          <BodyShort size="small">{t('analytics.funnelHelp')}</BodyShort>
          <div style={{ overflowX: 'auto' }}>
            <Table size="small" aria-label={t('analytics.tab.lowValue')}>
              <ColumnHeaders
                columns={[
                  { label: t('analytics.col.unit') },
                  { label: t('analytics.col.denominator'), numeric: true },
                  { label: t('analytics.col.numerator'), numeric: true },
                  { label: t('analytics.col.share'), numeric: true },
                  { label: t('analytics.col.position') },
                ]}
              />
              <Table.Body>
                {data.units.slice(0, 200).map((u, i) => (
                  <Table.Row key={`${u.label}-${i}`}>
                    <Table.HeaderCell scope="row">
                      {canDrill && u.unitId ? (
                        <Button
                          size="xsmall"
                          variant="tertiary"
                          className="analytics-drill"
                          aria-label={t('analytics.drill.open', { name: u.label })}
                          onClick={() => drillInto(u)}
                        >
                          {u.label}
                        </Button>
                      ) : (
                        u.label
                      )}
                    </Table.HeaderCell>
                    {u.suppressed ? (
                      <Table.DataCell colSpan={4}>{t('analytics.suppressed')}</Table.DataCell>
                    ) : (
                      <>
                        <Table.DataCell align="right">{n(u.denominator, 0)}</Table.DataCell>
                        <Table.DataCell align="right">{n(u.numerator, 0)}</Table.DataCell>
                        <Table.DataCell align="right">{pct(u.share)}</Table.DataCell>
                        <Table.DataCell>
                          {t(u.outside998 ? 'analytics.position.outside998' : u.outside95 ? 'analytics.position.outside95' : 'analytics.position.within')}
                        </Table.DataCell>
                      </>
                    )}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
          <BodyShort size="small">{t('analytics.suppressedHelp')}</BodyShort>
          {data.units.some((u) => u.pooled) && <BodyShort size="small">{t('analytics.funnel.pooledHelp')}</BodyShort>}
          <CsvLink url={`/api/analytics/indicators?${filterQuery(scoped, { ...query, format: 'csv' })}`} />
        </>
      )}
      {meta.scope !== 'practice' && <FeedbackBatch meta={meta} filters={filters} />}
    </VStack>
  );
}

/** Feedback reports for every GP practice of an area, one PDF each in a ZIP (to send each practice its own). */
function FeedbackBatch({ meta, filters }: { meta: AnalyticsMeta; filters: Filters }) {
  const { t } = useApp();
  const areas = meta.areas.filter((a) => a.hasData);
  const [area, setArea] = useState(filters.area || areas[0]?.id || '');
  const query = new URLSearchParams({ area, ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) });
  return (
    <VStack gap="space-8">
      <Heading level="3" size="xsmall">
        {t('analytics.batch.title')}
      </Heading>
      <BodyShort size="small">{t('analytics.batch.help')}</BodyShort>
      <HStack gap="space-16" align="end" wrap>
        <Select label={t('analytics.area')} size="small" value={area} onChange={(e) => setArea(e.target.value)}>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
        {area && (
          <Link href={`/api/analytics/feedback-batch.zip?${query.toString()}`} download>
            {t('analytics.batch.download')}
          </Link>
        )}
      </HStack>
    </VStack>
  );
}

function ProcessView({ meta, filters }: { meta: AnalyticsMeta; filters: Filters }) {
  const { t } = useApp();
  const { n, pct } = useNumber();
  const [by, setBy] = useState('area');
  const { data, error } = useData<ProcessResponse>(`/api/analytics/process?${filterQuery(filters, { by })}`);
  return (
    <VStack gap="space-16" className="analytics-panel">
      <NotApplied filters={filters} applied={meta.filtersApplied.referral} />
      <Select label={t('analytics.by')} size="small" value={by} onChange={(e) => setBy(e.target.value)}>
        {(['area', 'trust', 'provider'] as const).map((b) => (
          <option key={b} value={b}>
            {t(`analytics.by.${b}`)}
          </option>
        ))}
      </Select>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {!data && !error && <Skeleton variant="rectangle" height={200} />}
      {data && (
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('analytics.tab.process')}>
            <ColumnHeaders
              columns={[
                { label: t('analytics.col.unit') },
                { label: t('analytics.col.referrals'), numeric: true },
                { label: t('analytics.col.inTime'), numeric: true },
                { label: t('analytics.col.assessDays'), numeric: true },
                { label: t('analytics.col.returned'), numeric: true },
                { label: t('analytics.col.examDays'), numeric: true },
                { label: t('analytics.col.prelimHours'), numeric: true },
                { label: t('analytics.col.reportHours'), numeric: true },
                { label: t('analytics.col.private'), numeric: true },
              ]}
            />
            <Table.Body>
              {data.rows.map((r) => (
                <Table.Row key={r.unitId}>
                  <Table.HeaderCell scope="row">{r.label}</Table.HeaderCell>
                  {r.suppressed ? (
                    <Table.DataCell colSpan={8}>{t('analytics.suppressed')}</Table.DataCell>
                  ) : (
                    <>
                      <Table.DataCell align="right">{n(r.referrals, 0)}</Table.DataCell>
                      <Table.DataCell align="right">{pct(r.assessedInTimeShare)}</Table.DataCell>
                      <Table.DataCell align="right">{n(r.meanAssessmentWorkingDays)}</Table.DataCell>
                      <Table.DataCell align="right">{pct(r.returnedShare)}</Table.DataCell>
                      <Table.DataCell align="right">{n(r.meanDaysToExam)}</Table.DataCell>
                      <Table.DataCell align="right">{n(r.meanHoursToPreliminary)}</Table.DataCell>
                      <Table.DataCell align="right">{n(r.meanHoursToReport)}</Table.DataCell>
                      <Table.DataCell align="right">{pct(r.privateShare)}</Table.DataCell>
                    </>
                  )}
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <BodyShort size="small">{t('analytics.suppressedHelp')}</BodyShort>
      <CsvLink url={`/api/analytics/process?${filterQuery(filters, { by, format: 'csv' })}`} />
      <EndedView filters={filters} by={by} />
    </VStack>
  );
}

/**
 * Referrals that ended without an exam (issue 8: closed by the department, withdrawn by the
 * referrer): per unit of the process view's grouping and year of submission, the total, and the
 * departments' reasons in words by year. Part of the process tab; same filters.
 */
function EndedView({ filters, by }: { filters: Filters; by: string }) {
  const { t } = useApp();
  const { n, pct } = useNumber();
  const ended = useData<EndedResponse>(`/api/analytics/ended?${filterQuery(filters, { by })}`);
  const reasons = useData<EndedReasonsResponse>(`/api/analytics/ended-reasons?${filterQuery(filters)}`);
  // A withheld count (null) in a table cell: short, the help text under the table says why.
  const count = (v: number | null) => (v === null ? t('analytics.suppressed') : n(v, 0));
  const nowrap = { whiteSpace: 'nowrap' } as const;
  const multiYear = (ended.data?.years.length ?? 0) > 1;
  const units = new Set(ended.data?.rows.map((r) => r.unitId)).size;
  const row = (r: EndedRow, first: boolean) => (
    <Table.Row key={`${r.unitId}|${r.year}`}>
      <Table.HeaderCell scope="row">{first ? r.label : ''}</Table.HeaderCell>
      {multiYear && <Table.DataCell>{r.year}</Table.DataCell>}
      {r.suppressed ? (
        <Table.DataCell colSpan={4}>{t('analytics.suppressed')}</Table.DataCell>
      ) : (
        <>
          <Table.DataCell align="right">{n(r.referrals, 0)}</Table.DataCell>
          <Table.DataCell align="right" style={nowrap}>
            {r.closed === null ? count(null) : `${n(r.closed, 0)} (${pct(r.closedShare)})`}
          </Table.DataCell>
          <Table.DataCell align="right" style={nowrap}>
            {r.withdrawn === null ? count(null) : `${n(r.withdrawn, 0)} (${pct(r.withdrawnShare)})`}
          </Table.DataCell>
          <Table.DataCell align="right">{pct(r.endedShare)}</Table.DataCell>
        </>
      )}
    </Table.Row>
  );
  return (
    <section aria-labelledby="ended-title">
      <VStack gap="space-12">
        <Heading level="2" size="small" id="ended-title">
          {t('analytics.ended.title')}
        </Heading>
        <BodyShort size="small">{t('analytics.ended.intro')}</BodyShort>
        {ended.error && <Alert variant="error">{t(ended.error)}</Alert>}
        {!ended.data && !ended.error && <Skeleton variant="rectangle" height={160} />}
        {ended.data && ended.data.rows.length === 0 && (
          <Alert variant="info" size="small">
            {t('analytics.noData')}
          </Alert>
        )}
        {ended.data && ended.data.rows.length > 0 && (
          <div style={{ overflowX: 'auto' }}>
            <Table size="small" aria-label={t('analytics.ended.title')}>
              <ColumnHeaders
                columns={[
                  { label: t('analytics.col.unit') },
                  ...(multiYear ? [{ label: t('analytics.col.year') }] : []),
                  { label: t('analytics.col.referrals'), numeric: true },
                  { label: t('analytics.col.closed'), numeric: true },
                  { label: t('analytics.col.withdrawn'), numeric: true },
                  { label: t('analytics.col.endedShare'), numeric: true },
                ]}
              />
              <Table.Body>
                {ended.data.rows.map((r, i, all) => row(r, i === 0 || all[i - 1].unitId !== r.unitId))}
                {/* The total of the units shown, when there is more than one. */}
                {units > 1 && ended.data.total.map((r, i) => row(r, i === 0))}
              </Table.Body>
            </Table>
          </div>
        )}
        <BodyShort size="small">{t('analytics.suppressedHelp')}</BodyShort>
        <CsvLink url={`/api/analytics/ended?${filterQuery(filters, { by, format: 'csv' })}`} />
        <Heading level="3" size="xsmall">
          {t('analytics.ended.reasons')}
        </Heading>
        {reasons.error && <Alert variant="error">{t(reasons.error)}</Alert>}
        {!reasons.data && !reasons.error && <Skeleton variant="rectangle" height={120} />}
        {reasons.data && (
          <>
            <HGrid gap="space-12" columns={{ xs: 1, sm: 2 }}>
              <div>
                <BodyShort size="small">{t('analytics.ended.closedTotal')}</BodyShort>
                <BodyShort weight="semibold">{count(reasons.data.closed)}</BodyShort>
              </div>
              <div>
                <BodyShort size="small">{t('analytics.ended.withdrawnTotal')}</BodyShort>
                <BodyShort weight="semibold">{count(reasons.data.withdrawn)}</BodyShort>
              </div>
            </HGrid>
            {reasons.data.reasons.length === 0 ? (
              <Alert variant="info" size="small">
                {t('analytics.ended.noneClosed')}
              </Alert>
            ) : (
              <>
                <BodyShort size="small">{t('analytics.ended.reasonsHelp')}</BodyShort>
                <div style={{ overflowX: 'auto' }}>
                  <Table size="small" aria-label={t('analytics.ended.reasons')}>
                    <ColumnHeaders
                      columns={[
                        { label: t('analytics.col.closeReason') },
                        ...(reasons.data.years.length > 1 ? reasons.data.years.map((y) => ({ label: String(y), numeric: true })) : []),
                        { label: reasons.data.years.length > 1 ? t('analytics.col.allYears') : t('analytics.col.count'), numeric: true },
                        { label: t('analytics.col.shareOfClosed'), numeric: true },
                      ]}
                    />
                    <Table.Body>
                      {reasons.data.reasons.map((r) => (
                        <Table.Row key={r.reason}>
                          <Table.HeaderCell scope="row">{r.reason}</Table.HeaderCell>
                          {reasons.data!.years.length > 1 &&
                            r.byYear.map((y) => (
                              <Table.DataCell key={y.year} align="right" style={nowrap}>
                                {count(y.count)}
                              </Table.DataCell>
                            ))}
                          <Table.DataCell align="right" style={nowrap}>
                            {count(r.count)}
                          </Table.DataCell>
                          <Table.DataCell align="right">{pct(r.share)}</Table.DataCell>
                        </Table.Row>
                      ))}
                    </Table.Body>
                  </Table>
                </div>
              </>
            )}
          </>
        )}
        <CsvLink url={`/api/analytics/ended-reasons?${filterQuery(filters, { format: 'csv' })}`} />
      </VStack>
    </section>
  );
}

function AdherenceView({ meta, filters }: { meta: AnalyticsMeta; filters: Filters }) {
  const { t } = useApp();
  const { n } = useNumber();
  const { data, error } = useData<AdherenceResponse>(`/api/analytics/adherence?${filterQuery(filters)}`);
  if (error) return <Alert variant="error">{t(error)}</Alert>;
  if (!data) return <Skeleton variant="rectangle" height={200} />;
  const label = (prefix: 'analytics.decision.' | 'analytics.rating.', v: string) => {
    const key = `${prefix}${v}` as MessageKey;
    return t(key) === key ? v : t(key);
  };
  return (
    <VStack gap="space-16" className="analytics-panel">
      <NotApplied filters={filters} applied={meta.filtersApplied.decision} />
      <HGrid gap="space-12" columns={{ xs: 2, md: 4 }}>
        {(
          [
            ['followed', data.totals.followed],
            ['overridden', data.totals.overridden],
            ['alternative_accepted', data.totals.alternativeAccepted],
            ['withdrawn', data.totals.withdrawn],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <BodyShort size="small">{label('analytics.decision.', k)}</BodyShort>
            <BodyShort weight="semibold">{v === null ? t('analytics.suppressed') : n(v, 0)}</BodyShort>
          </div>
        ))}
      </HGrid>
      {data.rows.length === 0 ? (
        <Alert variant="info">{t('analytics.noData')}</Alert>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('analytics.tab.adherence')}>
            <ColumnHeaders
              columns={[
                { label: t('analytics.col.topic') },
                { label: t('analytics.col.rating') },
                { label: t('analytics.col.decision') },
                { label: t('analytics.col.reason') },
                { label: t('analytics.col.count'), numeric: true },
              ]}
            />
            <Table.Body>
              {data.rows.map((r, i) => (
                <Table.Row key={i}>
                  <Table.DataCell>{i > 0 && data.rows[i - 1].topicId === r.topicId ? '' : r.topic}</Table.DataCell>
                  <Table.DataCell>{label('analytics.rating.', r.rating)}</Table.DataCell>
                  <Table.DataCell>{label('analytics.decision.', r.decision)}</Table.DataCell>
                  <Table.DataCell>{r.reason || '–'}</Table.DataCell>
                  <Table.DataCell align="right">{r.suppressed ? t('analytics.suppressed') : n(r.decisions, 0)}</Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <BodyShort size="small">{t('analytics.suppressedHelp')}</BodyShort>
      <CsvLink url={`/api/analytics/adherence?${filterQuery(filters, { format: 'csv' })}`} />
    </VStack>
  );
}
