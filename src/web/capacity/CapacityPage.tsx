// Capacity planning (issue 12): a scenario with live lever sliders (recomputed by the server on
// every change, debounced), projection lines with the band between "with" and "without" measures,
// FTE stacked by profession, saved scenarios shared within the region, the equipment fleet, on-call
// costing and the projection import. Numbers from /api/capacity (aggregates; no patient data).
import { useLatestRequest } from '../app/latest-request.ts';
import {
  Alert,
  BodyShort,
  Box,
  Button,
  Checkbox,
  CheckboxGroup,
  Detail,
  Heading,
  HGrid,
  HStack,
  Label,
  Select,
  Skeleton,
  Table,
  Tabs,
  Tag,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { MAX_COMPARED_SCENARIOS } from '../../shared/api/capacity.ts';
import type { CapacityMeta, FleetResponse, Scenario, ScenarioComparison, ScenarioResult, UseRateImportResult } from '../../shared/api/capacity.ts';
import { baseDifferencesInWords, coincidingNames, describeDifferences, professionsCompared, targetYearRows } from '../../shared/capacity-compare.ts';
import { professionsIn } from '../../shared/capacity-charts.ts';
import { describeBasis } from '../../shared/capacity-basis.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { fromParams, initialState, PROFESSION_KEYS, scenarioLabel, toParams, type ProfessionKey, type ScenarioState } from './scenario-state.ts';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';
import { modalityName } from '../app/modality-name.ts';
import { osloFormat, osloYear } from '../app/oslo-time.ts';

const ProjectionChart = lazy(() => import('./charts.tsx').then((m) => ({ default: m.ProjectionChart })));
const FteChart = lazy(() => import('./charts.tsx').then((m) => ({ default: m.FteChart })));
const FleetChart = lazy(() => import('./charts.tsx').then((m) => ({ default: m.FleetChart })));
const CompareChart = lazy(() => import('./charts.tsx').then((m) => ({ default: m.CompareChart })));

const THIS_YEAR = osloYear();

function useNames() {
  const { t } = useApp();
  return {
    radiologist: t('capacity.profession.radiologist'),
    lis: t('capacity.profession.lis'),
    radiographer: t('capacity.profession.radiographer'),
    reporting_radiographer: t('capacity.profession.reporting_radiographer'),
  };
}

export function CapacityPage() {
  const { t, me } = useApp();
  const [meta, setMeta] = useState<CapacityMeta | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const reloadMeta = useCallback(() => {
    get<CapacityMeta>('/api/capacity/meta')
      .then(setMeta)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  useEffect(reloadMeta, [reloadMeta]);
  if (error) return <Alert variant="error">{t(error)}</Alert>;
  if (!meta || !me) return <Skeleton variant="rectangle" height={300} />;
  const analyst = me.roles.includes('analyst');
  return (
    <VStack gap="space-20">
      <Heading level="1" size="large">
        {t('capacity.title')}
      </Heading>
      <BodyShort>{t('capacity.intro')}</BodyShort>
      <Tabs defaultValue="scenario">
        <Tabs.List>
          <Tabs.Tab value="scenario" label={t('capacity.tab.scenario')} />
          <Tabs.Tab value="fleet" label={t('capacity.tab.fleet')} />
          <Tabs.Tab value="onCall" label={t('capacity.tab.onCall')} />
          <Tabs.Tab value="projection" label={t('capacity.tab.projection')} />
          <Tabs.Tab value="useRates" label={t('capacity.tab.useRates')} />
        </Tabs.List>
        <Tabs.Panel value="scenario">
          <ScenarioView meta={meta} analyst={analyst} />
        </Tabs.Panel>
        <Tabs.Panel value="fleet">
          <FleetView meta={meta} />
        </Tabs.Panel>
        <Tabs.Panel value="onCall">
          <OnCallView meta={meta} />
        </Tabs.Panel>
        <Tabs.Panel value="projection">
          <ProjectionView meta={meta} onImported={reloadMeta} />
        </Tabs.Panel>
        <Tabs.Panel value="useRates">
          <UseRatesView meta={meta} onChanged={reloadMeta} />
        </Tabs.Panel>
      </Tabs>
    </VStack>
  );
}

// ---------------------------------------------------------------- scenario

function Slider({ label, value, onChange, hint }: { label: string; value: number; onChange: (v: number) => void; hint?: string }) {
  const { t } = useApp();
  const id = `lever-${label.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <div>
      <Label size="small" htmlFor={id}>
        {t('capacity.percentOf', { label, value })}
      </Label>
      {hint && <Detail textColor="subtle">{hint}</Detail>}
      <input id={id} type="range" min={0} max={100} step={1} value={value} onChange={(e) => onChange(Number(e.target.value))} style={{ width: '100%' }} />
    </div>
  );
}

function ScenarioView({ meta, analyst }: { meta: CapacityMeta; analyst: boolean }) {
  const { t, locale } = useApp();
  const names = useNames();
  const [state, setState] = useState<ScenarioState>(() => initialState(meta, analyst, THIS_YEAR));
  const [result, setResult] = useState<ScenarioResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Scenario[]>([]);
  const [current, setCurrent] = useState<Scenario | null>(null);
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const seq = useRef(0);

  const loadSaved = useCallback(() => {
    get<Scenario[]>('/api/capacity/scenarios')
      .then(setSaved)
      .catch(() => setSaved([]));
  }, []);
  useEffect(loadSaved, [loadSaved]);

  // Recompute 120 ms after the last change; an answer to an older request is dropped.
  useEffect(() => {
    const n = ++seq.current;
    setBusy(true);
    const timer = setTimeout(() => {
      api<ScenarioResult>('POST', '/api/capacity/compute', toParams(state))
        .then((r) => {
          if (n !== seq.current) return;
          setResult(r);
          setError(null);
        })
        .catch((e: unknown) => {
          if (n === seq.current) setError(e instanceof ApiError && e.status === 400 ? e.message : t(requestErrorKey(e)));
        })
        .finally(() => {
          if (n === seq.current) setBusy(false);
        });
    }, 120);
    return () => clearTimeout(timer);
  }, [state, t]);

  const set = <K extends keyof ScenarioState>(k: K, v: ScenarioState[K]) => setState((s) => ({ ...s, [k]: v }));
  const open = (s: Scenario) => {
    setCurrent(s);
    setName(s.name);
    setState(fromParams(s.params, meta, THIS_YEAR));
    setNotice(null);
  };
  const save = async () => {
    try {
      const body = { name, params: toParams(state), ...(current && current.name === name ? { version: current.version } : {}) };
      const s =
        current && current.name === name
          ? await api<Scenario>('PUT', `/api/capacity/scenarios/${encodeURIComponent(current.id)}`, body)
          : await api<Scenario>('POST', '/api/capacity/scenarios', body);
      setCurrent(s);
      setNotice(s.regionName === null ? t('capacity.savedOkNational', { name: s.name }) : t('capacity.savedOk', { name: s.name, region: s.regionName }));
      loadSaved();
    } catch (e) {
      setNotice(null);
      setError(e instanceof ApiError && e.status === 400 ? e.message : t(requestErrorKey(e)));
    }
  };
  const downloadCsv = async () => {
    const res = await fetch('/api/capacity/compute?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toParams(state)),
      credentials: 'same-origin',
    });
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'radvis-kapasitet.csv';
    a.click();
    URL.revokeObjectURL(url);
  };

  const regionAreas = meta.areas;
  return (
    <HGrid gap="space-24" columns={{ xs: 1, lg: '22rem 1fr' }} style={{ paddingTop: '1rem' }}>
      <VStack gap="space-16" as="section" aria-label={t('capacity.levers')}>
        <HGrid gap="space-8" columns={2}>
          <Select
            label={t('capacity.scope')}
            size="small"
            value={state.scope === 'country' ? 'country' : `${state.scope}:${state.scopeId}`}
            onChange={(e) => {
              const [scope, id] = e.target.value.split(':');
              setState((s) => ({ ...s, scope: scope as ScenarioState['scope'], scopeId: id ?? '' }));
            }}
          >
            {analyst && <option value="country">{t('capacity.scope.country')}</option>}
            {meta.regions.map((r) => (
              <option key={r.id} value={`region:${r.id}`}>
                {r.name}
              </option>
            ))}
            {regionAreas.map((a) => (
              <option key={a.id} value={`area:${a.id}`}>
                {'– '}
                {a.name}
              </option>
            ))}
          </Select>
          <TextField
            label={t('capacity.targetYear')}
            size="small"
            type="number"
            value={String(state.targetYear)}
            onChange={(e) => set('targetYear', Number(e.target.value) || state.targetYear)}
          />
        </HGrid>
        <VStack gap="space-8">
          <Label size="small">{t('capacity.presets')}</Label>
          {meta.presets.map((p) => (
            <Button
              key={p.id}
              size="small"
              variant="secondary"
              onClick={() => {
                setCurrent(null);
                setName(p.name);
                setState(fromParams(p.params, meta, THIS_YEAR));
              }}
            >
              {t('capacity.preset.apply', { name: p.name })}
            </Button>
          ))}
          {state.stated && (
            <Detail textColor="subtle">
              {t('capacity.basis.stated')} +{state.stated.growthPercent} % {state.stated.baseYear}–{state.stated.byYear}.
            </Detail>
          )}
          {state.stated && (
            <Button size="xsmall" variant="tertiary" onClick={() => setState(initialState(meta, analyst, THIS_YEAR))}>
              {t('capacity.new')}
            </Button>
          )}
        </VStack>
        <Heading level="2" size="small">
          {t('capacity.levers')}
        </Heading>
        <Detail>{t('capacity.leversIntro')}</Detail>
        <HGrid gap="space-8" columns={2}>
          <TextField
            label={t('capacity.phase.from')}
            size="small"
            type="number"
            value={String(state.fromYear)}
            onChange={(e) => set('fromYear', Number(e.target.value) || state.fromYear)}
          />
          <TextField
            label={t('capacity.phase.to')}
            size="small"
            type="number"
            value={String(state.toYear)}
            onChange={(e) => set('toYear', Number(e.target.value) || state.toYear)}
          />
        </HGrid>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>
            <Label size="small">{t('capacity.lever.overuse')}</Label>
          </legend>
          <Detail textColor="subtle">{t('capacity.lever.overuseHint')}</Detail>
          {meta.examTypes.map((e) => (
            <Slider
              key={e}
              label={modalityName(t, e)}
              hint={
                meta.defaults.overuseMeasured.includes(e)
                  ? t('capacity.lever.overuseMeasured', { value: fmt(meta.defaults.overuse[e] ?? 0, locale) })
                  : t('capacity.lever.overuseNotMeasured')
              }
              value={state.overuse[e] ?? 0}
              onChange={(v) => setState((s) => ({ ...s, overuse: { ...s.overuse, [e]: v } }))}
            />
          ))}
          <Button
            size="xsmall"
            variant="tertiary"
            onClick={() => set('overuse', Object.fromEntries(meta.examTypes.map((e) => [e, Math.round(meta.defaults.overuse[e] ?? 0)])))}
          >
            {t('capacity.lever.overuseUseMeasured')}
          </Button>
        </fieldset>
        <Slider label={t('capacity.lever.ai')} value={state.ai} onChange={(v) => set('ai', v)} />
        <Slider label={t('capacity.lever.equipment')} value={state.equipment} onChange={(v) => set('equipment', v)} />
        <Slider label={t('capacity.lever.taskShift')} value={state.taskShift} onChange={(v) => set('taskShift', v)} />
        <Slider
          label={`${t('capacity.lever.taskOffload')} – ${names.radiologist}`}
          value={state.offload.radiologist}
          onChange={(v) => set('offload', { ...state.offload, radiologist: v })}
        />
        <Slider
          label={`${t('capacity.lever.taskOffload')} – ${names.radiographer}`}
          value={state.offload.radiographer}
          onChange={(v) => set('offload', { ...state.offload, radiographer: v })}
        />
        <Slider
          label={`${t('capacity.lever.workload')} – ${names.radiologist}`}
          value={state.workload.radiologist}
          onChange={(v) => set('workload', { ...state.workload, radiologist: v })}
        />
        <Slider
          label={`${t('capacity.lever.workload')} – ${names.radiographer}`}
          value={state.workload.radiographer}
          onChange={(v) => set('workload', { ...state.workload, radiographer: v })}
        />
        <Slider label={t('capacity.lever.eveningShifts')} value={state.eveningShifts} onChange={(v) => set('eveningShifts', v)} />
        <Heading level="2" size="small">
          {t('capacity.staff')}
        </Heading>
        <Detail textColor="subtle">{t('capacity.staffHint')}</Detail>
        <HGrid gap="space-8" columns={2}>
          {PROFESSION_KEYS.map((p) => (
            <TextField
              key={p}
              label={names[p]}
              size="small"
              inputMode="decimal"
              value={state.staff[p]}
              onChange={(e) => set('staff', { ...state.staff, [p]: e.target.value })}
            />
          ))}
        </HGrid>
      </VStack>
      <VStack gap="space-16">
        {error && <Alert variant="error">{error}</Alert>}
        {!result ? <Skeleton variant="rectangle" height={380} /> : <ResultView result={result} busy={busy} names={names} locale={locale} />}
        <Box padding="space-16" borderRadius="8" background="neutral-soft">
          <VStack gap="space-12">
            <HStack gap="space-8" align="end" wrap>
              <TextField label={t('capacity.name')} size="small" value={name} onChange={(e) => setName(e.target.value)} style={{ minWidth: '16rem' }} />
              <Button size="small" onClick={() => void save()} disabled={name.trim() === ''}>
                {current && current.name === name ? t('capacity.saveChanges') : state.scope === 'country' ? t('capacity.saveNational') : t('capacity.save')}
              </Button>
              <Button size="small" variant="secondary" onClick={() => void downloadCsv()}>
                {t('capacity.csv')}
              </Button>
              {current && (
                <Button as="a" size="small" variant="secondary" href={`/api/capacity/scenarios/${encodeURIComponent(current.id)}/report.pdf`}>
                  {t('capacity.pdf')}
                </Button>
              )}
            </HStack>
            {notice && (
              <Alert variant="success" size="small">
                {notice}
              </Alert>
            )}
            <Label size="small">{t('capacity.saved')}</Label>
            {saved.length === 0 ? (
              <BodyShort size="small">{t('capacity.saved.none')}</BodyShort>
            ) : (
              <HStack gap="space-8" wrap>
                {saved.map((s) => (
                  <Button key={s.id} size="xsmall" variant={current?.id === s.id ? 'primary' : 'tertiary'} onClick={() => open(s)}>
                    {scenarioLabel(s, t)}
                  </Button>
                ))}
              </HStack>
            )}
          </VStack>
        </Box>
        {saved.length > 1 && <CompareView saved={saved} names={names} />}
      </VStack>
    </HGrid>
  );
}

/**
 * Saved scenarios side by side (GET /api/capacity/scenarios/compare): choose two to four; each is
 * computed on today's data. Whether they share their base data (else said plainly), what differs
 * between them in words, one chart of a profession's need per year (a line per scenario, the line
 * without measures dashed), and a table per target year with need, gap and machines.
 */
function CompareView({ saved, names }: { saved: Scenario[]; names: Record<ProfessionKey, string> }) {
  const { t, locale } = useApp();
  const [picked, setPicked] = useState<string[]>([]);
  const [comparison, setComparison] = useState<ScenarioComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [profession, setProfession] = useState<ProfessionKey>('radiologist');
  // Only scenarios still saved; compared again when one of them is saved anew (its version changes).
  const chosen = picked.filter((id) => saved.some((s) => s.id === id));
  const versions = chosen.map((id) => `${id}@${saved.find((s) => s.id === id)?.version ?? 0}`).join(',');
  const url = `/api/capacity/scenarios/compare?ids=${chosen.map(encodeURIComponent).join(',')}`;
  useEffect(() => {
    if (chosen.length < 2) {
      setComparison(null);
      return;
    }
    let live = true;
    get<ScenarioComparison>(url)
      .then((c) => {
        if (!live) return;
        setComparison(c);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof ApiError && e.status === 400 ? e.message : t(requestErrorKey(e)));
      });
    return () => {
      live = false;
    };
    // `versions` stands for `chosen` and the saved versions; `url` follows from it.
  }, [versions, t]);
  const numberLocale = locale === 'en' ? 'en-GB' : 'nb-NO';
  const shown = comparison && comparison.scenarios.length === chosen.length ? comparison : null;
  const profs = shown ? professionsCompared(shown) : [];
  const chartProfession = profs.includes(profession) ? profession : (profs[0] ?? 'radiologist');
  const differences = shown ? describeDifferences(shown, t, (code) => modalityName(t, code), locale) : [];
  const withoutName = shown?.sameBase ? t('capacity.compare.withoutShared') : t('capacity.withoutMeasures');
  const coinciding = shown ? coincidingNames(shown, chartProfession, withoutName, locale) : [];
  return (
    <VStack gap="space-12" as="section" aria-labelledby="capacity-compare-heading">
      <Heading level="2" size="small" id="capacity-compare-heading">
        {t('capacity.compare')}
      </Heading>
      <CheckboxGroup
        legend={t('capacity.compare.pick')}
        description={t('capacity.compare.pickHint')}
        size="small"
        value={chosen}
        onChange={(v: string[]) => setPicked(v.slice(0, MAX_COMPARED_SCENARIOS))}
      >
        {saved.map((s) => (
          <Checkbox key={s.id} value={s.id} disabled={!chosen.includes(s.id) && chosen.length >= MAX_COMPARED_SCENARIOS}>
            {scenarioLabel(s, t)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      {chosen.length === 1 && <Detail textColor="subtle">{t('capacity.compare.tooFew')}</Detail>}
      {error && <Alert variant="error">{error}</Alert>}
      {chosen.length >= 2 && !shown && !error && <Skeleton variant="rectangle" height={200} />}
      {shown && (
        <VStack gap="space-16">
          <Alert variant={shown.sameBase ? 'info' : 'warning'} size="small">
            {shown.sameBase
              ? t('capacity.compare.sameBase')
              : t('capacity.compare.differentBase', { aspects: baseDifferencesInWords(shown, t).join(', ') || t('capacity.compare.base.demand') })}
          </Alert>
          <Heading level="3" size="xsmall">
            {t('capacity.compare.differences')}
          </Heading>
          {differences.length === 0 ? (
            <BodyShort size="small">{t('capacity.compare.noDifferences')}</BodyShort>
          ) : (
            <div style={{ overflowX: 'auto' }}>
              <Table size="small">
                <caption className="aksel-sr-only">{t('capacity.compare.differences')}</caption>
                <ColumnHeaders columns={[{ label: '' }, ...shown.scenarios.map((x) => ({ label: x.scenario.name }))]} />
                <Table.Body>
                  {differences.map((d) => (
                    <Table.Row key={d.aspect}>
                      <Table.HeaderCell scope="row">{d.aspect}</Table.HeaderCell>
                      {d.values.map((v, i) => (
                        <Table.DataCell key={i}>{v}</Table.DataCell>
                      ))}
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
          <Select
            label={t('capacity.compare.profession')}
            size="small"
            value={chartProfession}
            onChange={(e) => setProfession(e.target.value as ProfessionKey)}
            style={{ maxWidth: '20rem' }}
          >
            {profs.map((p) => (
              <option key={p} value={p}>
                {names[p]}
              </option>
            ))}
          </Select>
          <Suspense fallback={<Skeleton variant="rectangle" height={360} />}>
            <CompareChart
              comparison={shown}
              profession={chartProfession}
              withoutMeasures={withoutName}
              // Lines on top of each other are named in the note under the chart ("Like linjer: …"):
              // repeating every other name in each legend entry made four entries of four names each.
              sameAs={(name, others) => (coinciding.length > 0 ? name : t('capacity.compare.sameAs', { name, others }))}
              locale={numberLocale}
              label={t('capacity.compare.chart', { profession: names[chartProfession] })}
            />
          </Suspense>
          {coinciding.map((group) => (
            <Detail key={group} textColor="subtle">
              {t('capacity.compare.coincide', { names: group })}
            </Detail>
          ))}
          {shown.targetYears.map((year) => (
            <div key={year} style={{ overflowX: 'auto' }}>
              <Table size="small">
                <caption>{t('capacity.compare.caption', { year })}</caption>
                <ColumnHeaders
                  columns={[
                    { label: t('capacity.compare.scenario') },
                    ...profs.map((p) => ({ label: names[p], numeric: true })),
                    { label: t('capacity.compare.machines'), numeric: true },
                  ]}
                />
                <Table.Body>
                  {targetYearRows(shown, year, t('capacity.compare.withoutShared')).map((r) => (
                    <Table.Row key={r.name}>
                      <Table.HeaderCell scope="row">{r.name}</Table.HeaderCell>
                      {profs.map((p) => (
                        <Table.DataCell key={p} align="right" style={{ whiteSpace: 'nowrap' }}>
                          {r.need === null ? '–' : fmt(r.need[p], locale)}
                          {r.gap !== null && ` (${signed(r.gap[p], locale)})`}
                        </Table.DataCell>
                      ))}
                      <Table.DataCell align="right">{r.machines === null ? '–' : fmt(r.machines, locale)}</Table.DataCell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          ))}
          <Detail textColor="subtle">{t('capacity.compare.gapNote')}</Detail>
          <HStack gap="space-8">
            <Button as="a" size="small" variant="secondary" href={`${url}&format=csv`} download>
              {t('capacity.compare.csv')}
            </Button>
            <Button as="a" size="small" variant="secondary" href={`/api/capacity/scenarios/compare/report.pdf?ids=${chosen.map(encodeURIComponent).join(',')}`}>
              {t('capacity.compare.pdf')}
            </Button>
          </HStack>
        </VStack>
      )}
    </VStack>
  );
}

function fmt(v: number, locale: string, digits = 1) {
  return v.toLocaleString(locale === 'en' ? 'en-GB' : 'nb-NO', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function signed(v: number, locale: string) {
  return `${v > 0.05 ? '+' : ''}${fmt(v, locale)}`;
}

function ResultView({ result, busy, names, locale }: { result: ScenarioResult; busy: boolean; names: Record<ProfessionKey, string>; locale: string }) {
  const { t } = useApp();
  const last = result.years[result.years.length - 1];
  const profs = professionsIn(result);
  const numberLocale = locale === 'en' ? 'en-GB' : 'nb-NO';
  return (
    <VStack gap="space-16" aria-busy={busy}>
      <HStack gap="space-8" align="center">
        <Heading level="2" size="medium">
          {result.scopeName} {result.baseYear}–{result.targetYear}
        </Heading>
        {busy && <Detail textColor="subtle">{t('capacity.computing')}</Detail>}
      </HStack>
      {result.basis.areasWithoutRates.length > 0 && (
        <Alert variant="warning" size="small">
          {t('capacity.areasWithoutRates', {
            n: result.basis.areasWithoutRates.length,
            total: result.basis.areaCount,
            areas: result.basis.areasWithoutRates.join(', '),
          })}
        </Alert>
      )}
      <BodyShort>{t('capacity.capacityIndex', { value: fmt((last.capacityIndex - 1) * 100, locale, 0) })}</BodyShort>
      <div style={{ overflowX: 'auto' }}>
        <Table size="small">
          <ColumnHeaders
            columns={[
              { label: t('capacity.profession') },
              { label: t('capacity.today'), numeric: true },
              { label: `${t('capacity.need', { year: result.targetYear })} ${t('capacity.withoutMeasures')}`, numeric: true },
              { label: `${t('capacity.need', { year: result.targetYear })} ${t('capacity.withMeasures')}`, numeric: true },
              { label: t('capacity.gapWithout'), numeric: true },
              { label: t('capacity.gapWith'), numeric: true },
            ]}
          />
          <Table.Body>
            {profs.map((p) => (
              <Table.Row key={p}>
                <Table.HeaderCell scope="row">{names[p]}</Table.HeaderCell>
                <Table.DataCell align="right">{fmt(result.staff[p], locale)}</Table.DataCell>
                <Table.DataCell align="right">{fmt(last.needWithoutMeasures[p], locale)}</Table.DataCell>
                <Table.DataCell align="right">{fmt(last.need[p], locale)}</Table.DataCell>
                <Table.DataCell align="right">{signed(last.needWithoutMeasures[p] - result.staff[p], locale)}</Table.DataCell>
                <Table.DataCell align="right">
                  <Tag size="small" variant={last.gap[p] > 0.5 ? 'warning' : 'success'} style={{ whiteSpace: 'nowrap' }}>
                    {t('capacity.gapValue', { value: signed(last.gap[p], locale) })}
                  </Tag>
                </Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      <Detail textColor="subtle">{t('capacity.gapNote')}</Detail>
      <Suspense fallback={<Skeleton variant="rectangle" height={380} />}>
        <Heading level="3" size="small">
          {t('capacity.chart.projection')}
        </Heading>
        <ProjectionChart
          result={result}
          names={names}
          withMeasures={t('capacity.withMeasures')}
          withoutMeasures={t('capacity.withoutMeasures')}
          today={t('capacity.today')}
          locale={numberLocale}
          label={t('capacity.chart.projection')}
        />
        <Detail textColor="subtle">{t('capacity.chart.projectionNote')}</Detail>
        <Heading level="3" size="small">
          {t('capacity.chart.fte')}
        </Heading>
        <FteChart result={result} names={names} locale={numberLocale} label={t('capacity.chart.fte')} />
      </Suspense>
      <Detail textColor="subtle">
        {describeBasis(result.basis, t)}
        {result.basis.unpriced.length > 0 && ` ${t('capacity.basis.unpriced', { types: result.basis.unpriced.join(', ') })}`}
      </Detail>
    </VStack>
  );
}

// ---------------------------------------------------------------- fleet

function FleetView({ meta }: { meta: CapacityMeta }) {
  const { t, locale } = useApp();
  const [region, setRegion] = useState(meta.regions[0]?.id ?? '');
  const [fleet, setFleet] = useState<FleetResponse | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [years, setYears] = useState<Record<string, string>>({});
  const latest = useLatestRequest();
  const load = useCallback(() => {
    latest(get<FleetResponse>(`/api/capacity/fleet?region=${encodeURIComponent(region)}&horizon=${meta.defaults.targetYear}`))
      .then((f) => {
        setFleet(f);
        setError(null);
      })
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [region, meta.defaults.targetYear, latest]);
  useEffect(load, [load]);
  const saveYear = async (id: string) => {
    try {
      await api('PUT', `/api/capacity/fleet/${encodeURIComponent(id)}`, { installedYear: Number(years[id]) });
      load();
    } catch (e) {
      setError(requestErrorKey(e));
    }
  };
  const numberLocale = locale === 'en' ? 'en-GB' : 'nb-NO';
  const total = fleet ? fleet.plan.reduce((s, p) => s + p.investmentNok, 0) : 0;
  return (
    <VStack gap="space-16" style={{ paddingTop: '1rem' }}>
      <BodyShort>{t('capacity.fleet.intro')}</BodyShort>
      <Select label={t('capacity.scope.region')} size="small" value={region} onChange={(e) => setRegion(e.target.value)} style={{ maxWidth: '20rem' }}>
        {meta.regions.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </Select>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {!fleet ? (
        <Skeleton variant="rectangle" height={300} />
      ) : fleet.machines.length === 0 ? (
        <BodyShort>{t('capacity.fleet.none')}</BodyShort>
      ) : (
        <>
          <Heading level="2" size="small">
            {t('capacity.chart.fleet')}
          </Heading>
          <BodyShort>
            {t('capacity.fleet.total', {
              from: fleet.plan[0]?.year ?? '',
              to: fleet.plan[fleet.plan.length - 1]?.year ?? '',
              value: (total / 1e6).toLocaleString(numberLocale, { maximumFractionDigits: 0 }),
            })}
          </BodyShort>
          <Suspense fallback={<Skeleton variant="rectangle" height={320} />}>
            <FleetChart
              fleet={fleet}
              machines={t('capacity.fleet.machines')}
              investment={t('capacity.fleet.investment')}
              locale={numberLocale}
              label={t('capacity.chart.fleet')}
            />
          </Suspense>
          <div style={{ overflowX: 'auto' }}>
            <Table size="small">
              <ColumnHeaders
                columns={[
                  { label: t('capacity.fleet.machine') },
                  { label: t('capacity.fleet.site') },
                  { label: t('capacity.fleet.kind') },
                  { label: t('capacity.fleet.installed') },
                  { label: t('capacity.fleet.replace') },
                  { label: t('capacity.fleet.utilization'), numeric: true },
                  { label: t('capacity.fleet.risk') },
                ]}
              />
              <Table.Body>
                {fleet.machines.map((m) => (
                  <Table.Row key={m.id}>
                    <Table.HeaderCell scope="row">{m.name}</Table.HeaderCell>
                    <Table.DataCell>{m.siteName}</Table.DataCell>
                    <Table.DataCell>{m.kind}</Table.DataCell>
                    <Table.DataCell>
                      {m.editable ? (
                        <HStack gap="space-4" align="end" wrap={false}>
                          <TextField
                            label={t('capacity.fleet.yearFor', { name: m.name })}
                            hideLabel
                            size="small"
                            inputMode="numeric"
                            htmlSize={5}
                            value={years[m.id] ?? (m.installedYear !== null ? String(m.installedYear) : '')}
                            onChange={(e) => setYears((y) => ({ ...y, [m.id]: e.target.value }))}
                          />
                          <Button size="xsmall" variant="tertiary" onClick={() => void saveYear(m.id)} disabled={!years[m.id]}>
                            {t('capacity.fleet.saveYear')}
                          </Button>
                        </HStack>
                      ) : (
                        (m.installedYear ?? t('capacity.fleet.unknown'))
                      )}
                    </Table.DataCell>
                    <Table.DataCell>{m.replacementYear ?? '–'}</Table.DataCell>
                    <Table.DataCell align="right">{m.utilization === null ? '–' : `${Math.round(m.utilization * 100)} %`}</Table.DataCell>
                    <Table.DataCell>
                      <HStack gap="space-4">
                        {m.risk.map((r) => (
                          <Tag key={r} size="xsmall" variant={r === 'unknown-age' ? 'neutral' : 'warning'}>
                            {t(`capacity.fleet.risk.${r}` as MessageKey)}
                          </Tag>
                        ))}
                      </HStack>
                    </Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        </>
      )}
    </VStack>
  );
}

// ---------------------------------------------------------------- on-call

function OnCallView({ meta }: { meta: CapacityMeta }) {
  const { t, locale } = useApp();
  const [items, setItems] = useState(meta.onCallCase.request.items.map((i) => ({ label: i.label, fte: String(i.fteChange) })));
  const [cost, setCost] = useState(String(meta.onCallCase.request.costPerFteNok));
  const [result, setResult] = useState<{ netFte: number; annualSavingNok: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const numberLocale = locale === 'en' ? 'en-GB' : 'nb-NO';
  const compute = async () => {
    try {
      const r = await api<{ netFte: number; annualSavingNok: number }>('POST', '/api/capacity/on-call', {
        items: items.map((i) => ({ label: i.label || '–', fteChange: Number(i.fte.replace(',', '.')) })),
        costPerFteNok: Number(cost),
      });
      setResult(r);
      setError(null);
    } catch (e) {
      setResult(null);
      setError(t(requestErrorKey(e)));
    }
  };
  return (
    <VStack gap="space-16" style={{ paddingTop: '1rem', maxWidth: '48rem' }}>
      <BodyShort>{t('capacity.onCall.intro')}</BodyShort>
      <Detail textColor="subtle">{meta.onCallCase.name}</Detail>
      {items.map((it, i) => (
        <HStack key={i} gap="space-8" align="end" wrap>
          <TextField
            label={`${t('capacity.onCall.item')} ${i + 1}`}
            size="small"
            value={it.label}
            onChange={(e) => setItems((xs) => xs.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))}
            style={{ minWidth: '20rem' }}
          />
          <TextField
            label={t('capacity.onCall.fte')}
            size="small"
            inputMode="decimal"
            htmlSize={6}
            value={it.fte}
            onChange={(e) => setItems((xs) => xs.map((x, j) => (j === i ? { ...x, fte: e.target.value } : x)))}
          />
          <Button size="small" variant="tertiary" onClick={() => setItems((xs) => xs.filter((_, j) => j !== i))}>
            {t('capacity.onCall.remove')}
          </Button>
        </HStack>
      ))}
      <HStack gap="space-8" align="end">
        <Button size="small" variant="secondary" onClick={() => setItems((xs) => [...xs, { label: '', fte: '0' }])}>
          {t('capacity.onCall.add')}
        </Button>
        <TextField label={t('capacity.onCall.cost')} size="small" inputMode="numeric" value={cost} onChange={(e) => setCost(e.target.value)} />
        <Button size="small" onClick={() => void compute()}>
          {t('capacity.onCall.compute')}
        </Button>
      </HStack>
      {error && <Alert variant="error">{error}</Alert>}
      {result && (
        <Alert variant="info">
          {t('capacity.onCall.result', {
            fte: result.netFte.toLocaleString(numberLocale, { maximumFractionDigits: 1 }),
            verb: result.annualSavingNok >= 0 ? t('capacity.onCall.saves') : t('capacity.onCall.costs'),
            amount: (Math.abs(result.annualSavingNok) / 1e6).toLocaleString(numberLocale, { maximumFractionDigits: 2 }),
          })}
        </Alert>
      )}
    </VStack>
  );
}

// ---------------------------------------------------------------- projection import

function ProjectionView({ meta, onImported }: { meta: CapacityMeta; onImported: () => void }) {
  const { t } = useApp();
  const [label, setLabel] = useState('');
  const [csv, setCsv] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ field: string; message: string }[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (csv === null) return;
    try {
      const r = await api<{ cells: number; areas: string[]; years: number[] }>('POST', '/api/capacity/projection', { label, csv });
      setProblems(null);
      setError(null);
      setDone(t('capacity.projection.imported', { cells: r.cells, areas: r.areas.length, years: r.years.join(', ') }));
      onImported();
    } catch (e) {
      setDone(null);
      if (e instanceof ApiError && e.status === 400 && e.fields.length > 0) setProblems(e.fields);
      else setError(t(requestErrorKey(e)));
    }
  };
  return (
    <VStack gap="space-16" style={{ paddingTop: '1rem', maxWidth: '48rem' }}>
      <BodyShort>{t('capacity.projection.intro')}</BodyShort>
      <Alert variant={meta.projection.kind === 'synthetic' ? 'warning' : 'info'} size="small">
        {t('capacity.projection.current', { label: meta.projection.label })}
      </Alert>
      {!meta.mayImport ? (
        <BodyShort>{t('capacity.projection.analystOnly')}</BodyShort>
      ) : (
        <>
          <TextField label={t('capacity.projection.label')} size="small" value={label} onChange={(e) => setLabel(e.target.value)} />
          <CsvFileField id="capacity-projection-file" onText={setCsv} />
          <Button size="small" onClick={() => void submit()} disabled={csv === null || label.trim() === ''} style={{ alignSelf: 'start' }}>
            {t('capacity.projection.import')}
          </Button>
        </>
      )}
      <ImportOutcome done={done} error={error} problems={problems} />
    </VStack>
  );
}

// ---------------------------------------------------------------- imported use rates

/** Import (or remove) a table of use per 10,000 that replaces Radvis' own rates for the areas it covers (analysts). */
function UseRatesView({ meta, onChanged }: { meta: CapacityMeta; onChanged: () => void }) {
  const { t, locale } = useApp();
  const [label, setLabel] = useState('');
  const [csv, setCsv] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ field: string; message: string }[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const areaName = (id: string) => meta.areas.find((a) => a.id === id)?.name ?? id;
  const run = async (f: () => Promise<string>) => {
    try {
      setDone(await f());
      setProblems(null);
      setError(null);
      onChanged();
    } catch (e) {
      setDone(null);
      if (e instanceof ApiError && e.status === 400 && e.fields.length > 0) setProblems(e.fields);
      else setError(t(requestErrorKey(e)));
    }
  };
  const submit = () =>
    run(async () => {
      const r = await api<UseRateImportResult>('POST', '/api/capacity/use-rates', { label, csv });
      return t('capacity.useRates.imported', {
        rows: r.rows,
        areas: r.areas.map(areaName).join(', '),
        year: r.year,
        types: r.examTypes.map((e) => modalityName(t, e)).join(', '),
      });
    });
  const remove = () =>
    run(async () => {
      await api('DELETE', '/api/capacity/use-rates');
      return t('capacity.useRates.removed');
    });
  const u = meta.useRates;
  return (
    <VStack gap="space-16" style={{ paddingTop: '1rem', maxWidth: '48rem' }}>
      <BodyShort>{t('capacity.useRates.intro')}</BodyShort>
      <Alert variant="info" size="small">
        {u
          ? t('capacity.useRates.current', {
              label: u.label,
              year: u.year,
              areas: u.areas.map(areaName).join(', '),
              date: osloFormat(u.importedAt, locale, { day: 'numeric', month: 'numeric', year: 'numeric' }),
            })
          : t('capacity.useRates.none')}
      </Alert>
      {!meta.mayImport ? (
        <BodyShort>{t('capacity.useRates.analystOnly')}</BodyShort>
      ) : (
        <>
          <BodyShort size="small">{t('capacity.useRates.format')}</BodyShort>
          <TextField label={t('capacity.projection.label')} size="small" value={label} onChange={(e) => setLabel(e.target.value)} />
          <CsvFileField id="capacity-use-rates-file" onText={setCsv} />
          <HStack gap="space-8">
            <Button size="small" onClick={() => void submit()} disabled={csv === null || label.trim() === ''}>
              {t('capacity.projection.import')}
            </Button>
            {u && (
              <Button size="small" variant="secondary" onClick={() => void remove()}>
                {t('capacity.useRates.remove')}
              </Button>
            )}
          </HStack>
        </>
      )}
      <ImportOutcome done={done} error={error} problems={problems} />
    </VStack>
  );
}

/** What an import of a CSV table came to: stored (`done`), failed (`error`), or refused with the problems found, line by line. */
function ImportOutcome({ done, error, problems }: { done: string | null; error: string | null; problems: { field: string; message: string }[] | null }) {
  const { t } = useApp();
  return (
    <>
      {done && <Alert variant="success">{done}</Alert>}
      {error && <Alert variant="error">{error}</Alert>}
      {problems && (
        <Alert variant="error">
          {t('capacity.projection.refused')}
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                {p.field}: {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </>
  );
}

/** A labelled CSV file picker for the capacity imports: hands the chosen file's text to `onText`. */
function CsvFileField({ id, onText }: { id: string; onText: (text: string) => void }) {
  const { t } = useApp();
  return (
    <div>
      <Label size="small" htmlFor={id}>
        {t('capacity.projection.file')}
      </Label>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void f.text().then(onText);
        }}
      />
    </div>
  );
}
