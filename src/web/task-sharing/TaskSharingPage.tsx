// Quality of task sharing: the blind queue (radiologists) and the agreement report (radiologists
// and department leaders), with the sampling share for department leaders.
import { Alert, BodyShort, Button, Heading, HStack, Select, Table, Tabs, Tag, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Agreement, BlindQueue, Report } from '../../shared/api/task-sharing.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, get } from '../app/api.ts';
import { DateField } from '../app/DateField.tsx';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { useRoute } from '../app/router.tsx';
import { formatFnr } from '../assessment/inbox-view.ts';
import './task-sharing.css';
import { formatEstimate, formatPercent, reportCsv } from './format.ts';
import { osloFormat } from '../app/oslo-time.ts';

export function TaskSharingPage() {
  const { t, me } = useApp();
  const radiologist = me?.roles.includes('radiologist') ?? false;
  const [tab, setTab] = useState(radiologist ? 'queue' : 'report');
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('ts.title')}
      </Heading>
      <BodyShort>{t('ts.intro')}</BodyShort>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          {radiologist && <Tabs.Tab value="queue" label={t('ts.tab.queue')} />}
          <Tabs.Tab value="report" label={t('ts.tab.report')} />
        </Tabs.List>
        {radiologist && (
          <Tabs.Panel value="queue">
            <BlindQueueView />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="report">
          <ReportView />
        </Tabs.Panel>
      </Tabs>
    </VStack>
  );
}

function BlindQueueView() {
  const { t, locale } = useApp();
  const { navigate } = useRoute();
  const [queue, setQueue] = useState<BlindQueue | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [active, setActive] = useState(0);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  useEffect(() => {
    get<BlindQueue>('/api/task-sharing/queue')
      .then(setQueue)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  if (error) return <Alert variant="error">{t(error)}</Alert>;
  if (!queue) return <BodyShort>{t('app.loading')}</BodyShort>;
  if (!queue.rows.length) return <BodyShort className="ts-pad">{t('ts.queue.empty')}</BodyShort>;
  const open = (id: string) => navigate(`/oppgavedeling/${encodeURIComponent(id)}`);
  const onKey = (e: KeyboardEvent, i: number) => {
    const move = (j: number) => {
      const k = Math.max(0, Math.min(queue.rows.length - 1, j));
      setActive(k);
      rowRefs.current[k]?.focus();
    };
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? i + 1 : i - 1);
    } else if (e.key === 'Enter') open(queue.rows[i].id);
  };
  return (
    <VStack gap="space-8" className="ts-pad">
      <BodyShort weight="semibold">{t('ts.queue.count', { n: queue.rows.length })}</BodyShort>
      <BodyShort size="small">{t('ts.queue.keys')}</BodyShort>
      <Table size="small">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t('ts.queue.patient')}</Table.HeaderCell>
            <Table.HeaderCell>{t('ts.queue.exam')}</Table.HeaderCell>
            <Table.HeaderCell>{t('ts.queue.department')}</Table.HeaderCell>
            <Table.HeaderCell>{t('ts.queue.received')}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {queue.rows.map((r, i) => (
            <Table.Row
              key={r.id}
              ref={(el) => {
                rowRefs.current[i] = el;
              }}
              tabIndex={i === active ? 0 : -1}
              selected={i === active}
              onKeyDown={(e) => onKey(e, i)}
              onClick={() => open(r.id)}
              style={{ cursor: 'pointer' }}
            >
              <Table.DataCell>
                {r.patientName}
                <br />
                <span className="ts-muted">{formatFnr(r.fnr)}</span>
              </Table.DataCell>
              <Table.DataCell>{r.examName}</Table.DataCell>
              <Table.DataCell>{r.departmentName}</Table.DataCell>
              <Table.DataCell>{osloFormat(r.submittedAt, locale, { day: 'numeric', month: 'short', year: 'numeric' })}</Table.DataCell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </VStack>
  );
}

function AgreementRow({ label, a }: { label: string; a: Agreement }) {
  const { t, locale } = useApp();
  return (
    <Table.Row>
      <Table.HeaderCell scope="row">
        {label}{' '}
        {a.tooFew && a.n > 0 && (
          <Tag size="xsmall" variant="warning">
            {t('ts.report.tooFew')}
          </Tag>
        )}
      </Table.HeaderCell>
      <Table.DataCell align="right">{a.n}</Table.DataCell>
      <Table.DataCell align="right">{formatPercent(a.percentAgreement, locale)}</Table.DataCell>
      <Table.DataCell>{formatEstimate(a.kappaLinear, locale)}</Table.DataCell>
      <Table.DataCell>{formatEstimate(a.kappaQuadratic, locale)}</Table.DataCell>
      <Table.DataCell>{formatEstimate(a.ac2, locale)}</Table.DataCell>
    </Table.Row>
  );
}

function AgreementTable({
  title,
  groups,
  labelOf = (l) => l,
}: {
  title: MessageKey;
  groups: { key: string; label: string; agreement: Agreement }[];
  labelOf?: (label: string) => string;
}) {
  const { t } = useApp();
  if (!groups.length) return null;
  return (
    <VStack gap="space-8">
      <Heading level="3" size="small">
        {t(title)}
      </Heading>
      <div className="ts-scroll">
        <Table size="small">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t('ts.report.group')}</Table.HeaderCell>
              <Table.HeaderCell align="right">{t('ts.report.n')}</Table.HeaderCell>
              <Table.HeaderCell align="right">{t('ts.report.agreement')}</Table.HeaderCell>
              <Table.HeaderCell>{t('ts.report.kappaLinear')}</Table.HeaderCell>
              <Table.HeaderCell>{t('ts.report.kappaQuadratic')}</Table.HeaderCell>
              <Table.HeaderCell>{t('ts.report.ac2')}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {groups.map((g) => (
              <AgreementRow key={g.key} label={labelOf(g.label)} a={g.agreement} />
            ))}
          </Table.Body>
        </Table>
      </div>
    </VStack>
  );
}

function ReportView() {
  const { t, locale } = useApp();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [q, setQ] = useState<{ departmentId?: string; from?: string; to?: string }>({});
  const [share, setShare] = useState('');
  const [saved, setSaved] = useState(false);
  const load = useCallback((query: typeof q) => {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
    setError(null);
    get<Report>(`/api/task-sharing/report${params.size ? `?${params}` : ''}`)
      .then((r) => {
        setReport(r);
        setShare(String(r.samplePercent));
      })
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  useEffect(() => load({}), [load]);
  if (!report) return error ? <Alert variant="error">{t(error)}</Alert> : <BodyShort>{t('app.loading')}</BodyShort>;
  const label = (c: Report['categories'][number]) => (locale === 'en' ? c.label.en : c.label.nb);
  const download = () => {
    const url = URL.createObjectURL(new Blob([reportCsv(report, locale)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `oppgavedeling-${report.from}-${report.to}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const saveShare = async () => {
    setSaved(false);
    try {
      await api('PUT', '/api/task-sharing/settings', { departmentId: report.departmentId, samplePercent: Number(share) });
      setSaved(true);
      load({ ...q, departmentId: report.departmentId ?? undefined });
    } catch (e) {
      setError(requestErrorKey(e));
    }
  };
  return (
    <VStack gap="space-16" className="ts-pad">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          load(q);
        }}
      >
        <HStack gap="space-16" align="end" wrap>
          {report.departments.length > 1 && (
            <Select
              label={t('ts.report.department')}
              value={q.departmentId ?? report.departmentId ?? ''}
              onChange={(e) => setQ({ ...q, departmentId: e.target.value })}
            >
              {report.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          )}
          <DateField size="small" label={t('ts.report.from')} value={q.from ?? report.from} onChange={(v) => setQ({ ...q, from: v })} />
          <DateField size="small" label={t('ts.report.to')} value={q.to ?? report.to} onChange={(v) => setQ({ ...q, to: v })} />
          <Button type="submit" variant="secondary">
            {t('ts.report.show')}
          </Button>
          <Button type="button" variant="tertiary" onClick={download}>
            {t('ts.report.csv')}
          </Button>
        </HStack>
      </form>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {report.mayConfigure ? (
        <HStack gap="space-16" align="end" wrap>
          <TextField
            label={t('ts.report.shareLabel')}
            type="number"
            min={0}
            max={100}
            value={share}
            onChange={(e) => setShare(e.target.value)}
            style={{ width: '8rem' }}
          />
          <Button type="button" variant="secondary" onClick={() => void saveShare()}>
            {t('ts.report.shareSave')}
          </Button>
          {saved && <BodyShort>{t('ts.report.shareSaved')}</BodyShort>}
        </HStack>
      ) : (
        <BodyShort>{t('ts.report.share', { p: report.samplePercent })}</BodyShort>
      )}
      {report.overall.n === 0 ? (
        <BodyShort>{t('ts.report.none')}</BodyShort>
      ) : (
        <>
          <BodyShort size="small">{t('ts.report.explain')}</BodyShort>
          <AgreementTable title="ts.report.overall" groups={[{ key: 'all', label: t('ts.report.overall'), agreement: report.overall }]} />
          <VStack gap="space-8">
            <Heading level="3" size="small">
              {t('ts.report.matrix')}
            </Heading>
            <div className="ts-scroll">
              <Table size="small" className="ts-matrix">
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>{t('ts.report.matrixCorner')}</Table.HeaderCell>
                    {report.categories.map((c) => (
                      <Table.HeaderCell key={c.code} align="right">
                        {label(c)}
                      </Table.HeaderCell>
                    ))}
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {report.categories.map((c, k) => (
                    <Table.Row key={c.code}>
                      <Table.HeaderCell scope="row">{label(c)}</Table.HeaderCell>
                      {report.overall.matrix[k].map((x, l) => (
                        <Table.DataCell key={report.categories[l].code} align="right" className={k === l ? 'ts-diag' : x ? 'ts-off' : undefined}>
                          {x}
                        </Table.DataCell>
                      ))}
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          </VStack>
          <AgreementTable
            title="ts.report.byModality"
            groups={report.byModality}
            labelOf={(m) => {
              const key = `analytics.modality.${m}` as MessageKey;
              return t(key) === key ? m : t(key);
            }}
          />
          <AgreementTable title="ts.report.byExam" groups={report.byExam} />
          <AgreementTable title="ts.report.byAssessor" groups={report.byAssessor} />
          {report.excluded > 0 && <BodyShort size="small">{t('ts.report.excluded', { n: report.excluded })}</BodyShort>}
        </>
      )}
    </VStack>
  );
}
