// Feedback to a referrer's practice: its referrals and low-value shares against anonymized peers,
// with the practice's place in the funnel, and its referrals' pathway. Printable (browser print).
import { Alert, BodyShort, Button, Heading, HGrid, HStack, Link, Select, Skeleton, Table, VStack } from '@navikt/ds-react';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { AnalyticsMeta, FeedbackResponse, IndicatorResponse } from '../../shared/api/analytics.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';

const FunnelChart = lazy(() => import('./charts.tsx').then((m) => ({ default: m.FunnelChart })));

export function FeedbackPage() {
  const { t, locale } = useApp();
  const nl = locale === 'en' ? 'en-GB' : 'nb-NO';
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toLocaleString(nl, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}\u00a0%`);
  const [meta, setMeta] = useState<AnalyticsMeta | null>(null);
  const [period, setPeriod] = useState<{ from: string; to: string } | null>(null);
  const [data, setData] = useState<FeedbackResponse | null>(null);
  const [funnel, setFunnel] = useState<IndicatorResponse | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    get<AnalyticsMeta>('/api/analytics/meta')
      .then((m) => {
        setMeta(m);
        setPeriod({ from: String(m.years[0] ?? m.defaultPeriod.from), to: String(m.defaultPeriod.to) });
      })
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  useEffect(() => {
    if (!period || !meta) return;
    setData(null);
    setFunnel(null);
    const q = `from=${period.from}&to=${period.to}`;
    get<FeedbackResponse>(`/api/analytics/feedback?${q}`)
      .then((fb) => {
        setData(fb);
        // The funnel of the first indicator where the practice itself is a point, as the PDF draws
        // them (feedbackWithFunnels: only funnels with the practice's own unit): one where the
        // practice has referrals. An indicator with none of its referrals has no point of its own
        // (an empty plot of the others); then the first one shown at all.
        const shown =
          fb.indicators.find((i) => !i.suppressed && (i.denominator ?? 0) > 0)?.id ?? fb.indicators.find((i) => !i.suppressed)?.id ?? meta.indicators[0]?.id;
        if (shown)
          get<IndicatorResponse>(`/api/analytics/indicators?indicator=${encodeURIComponent(shown)}&by=practice&peers=same-kind&${q}`)
            .then(setFunnel)
            .catch(() => setFunnel(null));
      })
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [period, meta]);
  if (error) return <Alert variant="error">{t(error)}</Alert>;
  if (!meta || !period) return <Skeleton variant="rectangle" height={300} />;
  return (
    <VStack gap="space-20">
      <Heading level="1" size="large">
        {t('feedback.title')}
        {data ? `: ${data.practice.name}` : ''}
      </Heading>
      <BodyShort>{t('feedback.intro')}</BodyShort>
      <HStack gap="space-16" align="end" wrap className="no-print">
        {(['from', 'to'] as const).map((k) => (
          <Select key={k} label={t(`analytics.${k}`)} size="small" value={period[k]} onChange={(e) => setPeriod({ ...period, [k]: e.target.value })}>
            {meta.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
        ))}
        <Button size="small" variant="secondary" onClick={() => window.print()}>
          {t('feedback.print')}
        </Button>
        <Link href={`/api/analytics/feedback.pdf?from=${period.from}&to=${period.to}`} download>
          {t('feedback.pdf')}
        </Link>
      </HStack>
      {!data ? (
        <Skeleton variant="rectangle" height={300} />
      ) : (
        <>
          <HGrid gap="space-12" columns={{ xs: 2 }}>
            <div>
              <BodyShort size="small">{t('feedback.referrals')}</BodyShort>
              <BodyShort weight="semibold">{data.referrals === null ? t('analytics.suppressed') : data.referrals.toLocaleString(nl)}</BodyShort>
            </div>
            <div>
              <BodyShort size="small">{t('feedback.peerMedian')}</BodyShort>
              <BodyShort weight="semibold">
                {data.peerMedianSuppressed ? t('analytics.suppressed') : data.peerMedianReferrals === null ? '–' : data.peerMedianReferrals.toLocaleString(nl)}
              </BodyShort>
            </div>
          </HGrid>
          {(data.peerMedianSuppressed || data.referrals === null) && <BodyShort size="small">{t('analytics.suppressedHelp')}</BodyShort>}
          <Heading level="2" size="medium">
            {t('feedback.indicators')}
          </Heading>
          <Table size="small" aria-label={t('feedback.indicators')}>
            <ColumnHeaders
              columns={[
                { label: t('analytics.indicator') },
                { label: t('analytics.col.denominator'), numeric: true },
                { label: t('feedback.yours'), numeric: true },
                { label: t('feedback.peers'), numeric: true },
                { label: t('analytics.col.position') },
              ]}
            />
            <Table.Body>
              {data.indicators.map((i) => (
                <Table.Row key={i.id}>
                  <Table.HeaderCell scope="row">{i.name}</Table.HeaderCell>
                  <Table.DataCell align="right">{i.denominator === null ? t('analytics.suppressed') : i.denominator.toLocaleString(nl)}</Table.DataCell>
                  {/* The practice's own count with its share ("1 (2,5 %)"): its own referrals, shown however few. */}
                  <Table.DataCell align="right">
                    {i.suppressed
                      ? t('analytics.suppressed')
                      : i.numerator === null || i.share === null
                        ? '–'
                        : `${i.numerator.toLocaleString(nl)} (${pct(i.share)})`}
                  </Table.DataCell>
                  <Table.DataCell align="right">{pct(i.peerShare)}</Table.DataCell>
                  <Table.DataCell>{t(`feedback.position.${i.position}`)}</Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {funnel && (
            <Suspense fallback={<Skeleton variant="rectangle" height={300} />}>
              <Heading level="3" size="small">
                {funnel.indicator.name}
              </Heading>
              <FunnelChart
                label={t('analytics.funnel')}
                points={funnel.units.map((u) => ({ label: u.label, n: u.denominator, share: u.share, own: u.own }))}
                limits={funnel.limits}
                target={funnel.target}
                numberLocale={nl}
                names={{
                  target: t('analytics.target'),
                  limit95: t('analytics.limit95'),
                  limit998: t('analytics.limit998'),
                  units: t('feedback.peers'),
                  own: t('nav.feedback'),
                  count: t('analytics.funnelCount'),
                }}
              />
              {funnel.units.some((u) => u.pooled) && <BodyShort size="small">{t('analytics.funnel.pooledHelp')}</BodyShort>}
            </Suspense>
          )}
          <Heading level="2" size="medium">
            {t('feedback.process')}
          </Heading>
          <div style={{ overflowX: 'auto' }}>
            <Table size="small" aria-label={t('feedback.process')}>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell scope="col" />
                  <Table.HeaderCell scope="col" align="right">
                    {t('analytics.col.inTime')}
                  </Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    {t('analytics.col.returned')}
                  </Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    {t('analytics.col.closed')}
                  </Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    {t('feedback.withdrawnOwn')}
                  </Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    {t('analytics.col.examDays')}
                  </Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    {t('analytics.col.private')}
                  </Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {[
                  { label: data.practice.name, r: data.process, own: true },
                  { label: t('feedback.peers'), r: data.peerProcess, own: false },
                ].map(({ label, r, own }) => (
                  <Table.Row key={label}>
                    <Table.HeaderCell scope="row">{label}</Table.HeaderCell>
                    <Table.DataCell align="right">{pct(r.assessedInTimeShare)}</Table.DataCell>
                    <Table.DataCell align="right">{pct(r.returnedShare)}</Table.DataCell>
                    {/* Ended without an exam (issue 8): the practice's own counts with their shares; the peers' shares. */}
                    <Table.DataCell align="right">
                      {own && r.closed !== null ? `${r.closed.toLocaleString(nl)} (${pct(r.closedShare)})` : pct(r.closedShare)}
                    </Table.DataCell>
                    <Table.DataCell align="right">
                      {own && r.withdrawn !== null ? `${r.withdrawn.toLocaleString(nl)} (${pct(r.withdrawnShare)})` : pct(r.withdrawnShare)}
                    </Table.DataCell>
                    <Table.DataCell align="right">
                      {r.meanDaysToExam === null ? '–' : r.meanDaysToExam.toLocaleString(nl, { maximumFractionDigits: 1 })}
                    </Table.DataCell>
                    <Table.DataCell align="right">{pct(r.privateShare)}</Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
          <BodyShort size="small">{t('feedback.endedHelp')}</BodyShort>
          <BodyShort size="small">{t('feedback.smallCounts')}</BodyShort>
        </>
      )}
    </VStack>
  );
}
