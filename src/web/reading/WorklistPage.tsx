// The reading worklist (beskrivelsesliste): the reader's lists with turnaround (waiting, near and past
// the deadline; median and mean hours performed → preliminary → final over a chosen period), the waiting exams in
// order (priority, AI finding, deadline, age), "Neste undersøkelse" (N), take and release, and the
// reader's current exam with its AI findings to confirm or reject, and a second opinion asked from there. Live: server-sent events make the
// page fetch the list again when a finding, hand-over or claim changes it. Plain Norwegian, no codes.
import { Alert, BodyShort, Box, Button, Detail, Heading, HStack, Select, Table, Tag, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseView, NextCaseResult, WorklistPage as WorklistData, WorklistCase, AiFindingView, TurnaroundSpan } from '../../shared/api/reading.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink, useRoute } from '../app/router.tsx';
import type { AssignCandidates } from '../../shared/api/reading.ts';
import { ConsultRequestPanel } from './ConsultRequestPanel.tsx';
import { AiFindingRow, useAiFindingText } from './AiFindingRow.tsx';
import './reading.css';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';
import { osloDayMonthTime } from '../app/oslo-time.ts';
import { PRIORITY_VARIANT } from './priority-variant.ts';
import { formatTimeSpan } from '../app/time-left.ts';

export function WorklistPage() {
  const { t } = useApp();
  const { navigate } = useRoute();
  const [listId, setListId] = useState('');
  const [periodDays, setPeriodDays] = useState(7);
  const [data, setData] = useState<WorklistData | null>(null);
  const [current, setCurrent] = useState<CaseView | null>(null);
  const [message, setMessage] = useState<{ key: MessageKey; variant: 'info' | 'warning' | 'error' } | null>(null);
  const [live, setLive] = useState(false);
  const nextRef = useRef<HTMLButtonElement | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await get<WorklistData>(`/api/reading/worklist?limit=50&periodDays=${periodDays}${listId ? `&listId=${encodeURIComponent(listId)}` : ''}`));
    } catch {
      setMessage({ key: 'rd.error', variant: 'error' });
    }
  }, [listId, periodDays]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live updates: refetch on every change event (the events carry no patient data).
  useEffect(() => {
    const es = new EventSource('/api/reading/events');
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener('change', () => void load());
    return () => es.close();
  }, [load]);

  const openCase = useCallback(async (examId: string) => setCurrent(await get<CaseView>(`/api/reading/cases/${encodeURIComponent(examId)}`)), []);

  // "Neste undersøkelse" claims the top case and opens it (its report page). One press at a time: a
  // double click or N held down sends one request; the server also gives back the case the reader
  // already holds from "next" instead of claiming a second one (reading/worklist.ts nextCase).
  const nextBusy = useRef(false);
  const [taking, setTaking] = useState(false);
  const next = useCallback(async () => {
    if (nextBusy.current) return;
    nextBusy.current = true;
    setTaking(true);
    setMessage(null);
    try {
      const r = await api<NextCaseResult>('POST', '/api/reading/next', listId ? { listId } : {});
      if (r.examId) {
        navigate(`/reading/exams/${encodeURIComponent(r.examId)}`);
        return;
      }
      setMessage({ key: 'rd.next.none', variant: 'info' });
      await load();
    } catch (e) {
      const code = e instanceof ApiError ? e.fields?.[0]?.message : undefined;
      setMessage({ key: code === 'too-much-claimed' ? 'rd.next.busy' : code === 'no-reader-profile' ? 'rd.next.noProfile' : 'rd.error', variant: 'warning' });
    } finally {
      nextBusy.current = false;
      setTaking(false);
    }
  }, [listId, load, navigate]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select') || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        void next();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [next]);

  const act = async (url: string, after?: () => Promise<void>) => {
    setMessage(null);
    try {
      await api('POST', url);
      if (after) await after();
      await load();
    } catch (e) {
      setMessage({ key: e instanceof ApiError && e.status === 409 ? 'rd.conflict' : 'rd.error', variant: 'warning' });
    }
  };
  const verdict = async (f: AiFindingView, v: 'confirmed' | 'rejected') => {
    try {
      await api('POST', `/api/reading/findings/${encodeURIComponent(f.id)}/verdict`, { verdict: v });
      if (current) await openCase(current.examId);
      await load();
    } catch {
      setMessage({ key: 'rd.error', variant: 'warning' });
    }
  };

  // Days from 2 days up, hours from 2 hours, else minutes (one formatter for every deadline: app/time-left.ts).
  const timeText = (ms: number) => formatTimeSpan(ms, t);
  const deadlineText = (c: WorklistCase) => {
    const left = Date.parse(c.dueAt) - Date.now();
    return left >= 0 ? t('rd.deadline.left', { time: timeText(left) }) : t('rd.deadline.over', { time: timeText(left) });
  };
  const deadline = (c: WorklistCase) => {
    const text = deadlineText(c);
    if (c.deadline === 'breached') return <Tag variant="error" size="small">{`${t('rd.deadline.breached')}: ${text}`}</Tag>;
    if (c.deadline === 'warning') return <Tag variant="warning" size="small">{`${t('rd.deadline.warning')}: ${text}`}</Tag>;
    return <span>{text}</span>;
  };
  const findingText = useAiFindingText();

  return (
    <VStack gap="space-16" className="reading-page">
      <Heading level="1" size="large">
        {t('rd.title')}
      </Heading>
      <BodyShort>{t('rd.intro')}</BodyShort>
      <Detail className="rv-wide-only">{t('rd.keys')}</Detail>
      <HStack gap="space-16" align="end" wrap>
        <Button ref={nextRef} onClick={() => void next()} aria-keyshortcuts="N" loading={taking}>
          {t('rd.next')}
        </Button>
        <Select label={t('rd.lists')} value={listId} onChange={(e) => setListId(e.target.value)} size="small">
          <option value="">{t('rd.allLists')}</option>
          {data?.lists.map((l) => (
            <option key={l.id} value={l.id}>
              {l.regional ? `${l.name} (${t('rd.regional')})` : l.name}
            </option>
          ))}
        </Select>
        <Detail aria-live="polite">{live ? t('rd.live') : ''}</Detail>
      </HStack>
      {message && (
        <Alert variant={message.variant} size="small" role="status">
          {t(message.key)}
        </Alert>
      )}
      {current && (
        <Box padding="space-16" borderWidth="1" borderRadius="8" className="reading-current">
          <VStack gap="space-8">
            <Heading level="2" size="small">
              {`${t('rd.current')}: ${current.examName}`}
            </Heading>
            <BodyShort>
              {[
                current.patient ? t('rd.patient', { name: current.patient.name, age: current.patient.age }) : null,
                current.site,
                t(`rd.priority.${current.priority}` as MessageKey),
              ]
                .filter(Boolean)
                .join(' · ')}
            </BodyShort>
            {current.clinicalQuestion && <BodyShort>{`${t('rd.question')}: ${current.clinicalQuestion}`}</BodyShort>}
            {current.findings.map((f) => (
              <AiFindingRow key={f.id} f={f} onVerdict={(x, v) => void verdict(x, v)} />
            ))}
            <HStack gap="space-8">
              <AppLink to={`/reading/exams/${encodeURIComponent(current.examId)}`}>{t('rd.open')}</AppLink>
            </HStack>
            <ConsultRequestPanel key={current.examId} examId={current.examId} />
          </VStack>
        </Box>
      )}
      {data && (data.deadlines.breached > 0 || data.deadlines.warning > 0) && (
        <Alert variant={data.deadlines.breached > 0 ? 'error' : 'warning'} size="small" className="reading-deadline-alert">
          {t('rd.deadlines.alert', { breached: data.deadlines.breached, warning: data.deadlines.warning })}
        </Alert>
      )}
      {data && <BodyShort weight="semibold">{t('rd.total', { n: data.total })}</BodyShort>}
      {data && <TurnaroundTable data={data} periodDays={periodDays} onPeriod={setPeriodDays} />}
      {data && data.cases.length === 0 && <BodyShort>{t('rd.empty')}</BodyShort>}
      {data && data.cases.length > 0 && (
        <div className="rc-table-wrap">
          <Table size="small" className="reading-table rv-card-table">
            <ColumnHeaders
              columns={[
                { label: t('rd.col.priority') },
                { label: t('rd.col.exam') },
                { label: t('rd.col.ai') },
                { label: t('rd.col.deadline') },
                { label: t('rd.col.site') },
                { label: t('rd.col.claim') },
                { label: t('rd.col.actions') },
              ]}
            />
            <Table.Body>
              {data.cases.map((c) => (
                <Table.Row key={c.examId}>
                  <Table.DataCell data-label={t('rd.col.priority')}>
                    <VStack gap="space-2">
                      <Tag variant={PRIORITY_VARIANT[c.priority]} size="small">
                        {t(`rd.priority.${c.priority}` as MessageKey)}
                      </Tag>
                      {c.waitedTooLong && <Detail>{t('rd.waitedTooLong')}</Detail>}
                    </VStack>
                  </Table.DataCell>
                  <Table.DataCell data-label={t('rd.col.exam')}>
                    {c.examName}
                    {data.reader?.role === 'lis' && c.reportsAlone && <Detail>{t('trn.worklist.reportsAlone')}</Detail>}
                  </Table.DataCell>
                  <Table.DataCell data-label={c.findings.length ? t('rd.col.ai') : undefined} className={c.findings.length ? undefined : 'rd-empty-cell'}>
                    {c.findings.map((f) => (
                      <Tag key={f.id} variant="alt1" size="small">
                        {findingText(f)}
                      </Tag>
                    ))}
                  </Table.DataCell>
                  <Table.DataCell data-label={t('rd.col.deadline')}>{deadline(c)}</Table.DataCell>
                  <Table.DataCell data-label={t('rd.col.site')}>{c.site}</Table.DataCell>
                  <Table.DataCell data-label={c.claim ? t('rd.col.claim') : undefined} className={c.claim ? undefined : 'rd-empty-cell'}>
                    {c.claim ? (c.claim.mine ? t('rd.claim.mine') : c.claim.name || t('rd.claim.taken')) : ''}
                  </Table.DataCell>
                  <Table.DataCell className="rd-actions-cell">
                    <HStack gap="space-4" wrap className="rd-row-actions" role="group" aria-label={t('rd.row.actions', { exam: c.examName })}>
                      {!c.claim && c.qualified && (
                        <Button
                          size="xsmall"
                          variant="secondary"
                          aria-label={t('rd.claim.aria', { exam: c.examName, site: c.site, deadline: deadlineText(c) })}
                          onClick={() => void act(`/api/reading/cases/${encodeURIComponent(c.examId)}/claim`, () => openCase(c.examId))}
                        >
                          {t('rd.claim')}
                        </Button>
                      )}
                      {data.isLeader && c.claim && !c.claim.mine && (
                        <LeaderClaimActions
                          examId={c.examId}
                          holder={c.claim.name}
                          onDone={async (key) => {
                            setMessage({ key, variant: key === 'rd.leader.done' ? 'info' : 'warning' });
                            await load();
                          }}
                        />
                      )}
                      {data.isLeader && c.claim?.mine && (
                        <LeaderClaimActions
                          examId={c.examId}
                          reassignOnly
                          onDone={async (key) => {
                            setMessage({ key, variant: key === 'rd.leader.done' ? 'info' : 'warning' });
                            await load();
                          }}
                        />
                      )}
                      {c.claim?.mine && (
                        <>
                          <Button size="xsmall" variant="secondary" onClick={() => navigate(`/reading/exams/${encodeURIComponent(c.examId)}`)}>
                            {t('rd.open')}
                          </Button>
                          <Button
                            size="xsmall"
                            variant="tertiary"
                            onClick={() => void act(`/api/reading/cases/${encodeURIComponent(c.examId)}/release`, async () => setCurrent(null))}
                          >
                            {t('rd.release')}
                          </Button>
                        </>
                      )}
                    </HStack>
                  </Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </VStack>
  );
}

/**
 * A department leader's actions on a case someone holds: release it, or give it to another reader
 * (the server offers only readers entitled to the case, qualified and available).
 */
function LeaderClaimActions({
  examId,
  holder,
  reassignOnly,
  onDone,
}: {
  examId: string;
  /** Who holds the claim (the field asks why the case is taken from them). */
  holder?: string;
  reassignOnly?: boolean;
  onDone: (key: MessageKey) => Promise<void>;
}) {
  const { t } = useApp();
  const [cands, setCands] = useState<AssignCandidates | null>(null);
  const [to, setTo] = useState('');
  // Releasing another reader's claim needs a reason in words (kept in the case's history). The field
  // takes the focus when it opens (the "Frigi" button it replaces is gone), Enter sends, Esc or
  // "Avbryt" closes it and gives the focus back to "Frigi".
  const [releasing, setReleasing] = useState(false);
  const [reason, setReason] = useState('');
  const releaseButton = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!releasing && refocus) {
      releaseButton.current?.focus();
      setRefocus(false);
    }
  }, [releasing, refocus]);
  const closeRelease = () => {
    setReleasing(false);
    setRefocus(true);
  };
  const base = `/api/reading/cases/${encodeURIComponent(examId)}`;
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setCands(null);
      await onDone('rd.leader.done');
    } catch (e) {
      await onDone(e instanceof ApiError && e.status === 409 ? 'rd.conflict' : 'rd.error');
    }
  };
  if (releasing)
    return (
      <form
        className="rd-release-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) return;
          void run(async () => {
            await api('POST', `${base}/release`, { reason: reason.trim() });
            setReleasing(false);
            setReason('');
          });
        }}
      >
        <VStack gap="space-4">
          <TextField
            label={holder ? t('rd.leader.releaseReasonFrom', { name: holder }) : t('rd.leader.releaseReason')}
            description={t('rd.leader.releaseHelp')}
            size="small"
            value={reason}
            maxLength={500}
            autoFocus
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') closeRelease();
            }}
          />
          <HStack gap="space-4" wrap>
            <Button size="xsmall" type="submit" disabled={!reason.trim()}>
              {t('rd.leader.releaseConfirm')}
            </Button>
            <Button size="xsmall" type="button" variant="tertiary" onClick={closeRelease}>
              {t('rd.leader.releaseCancel')}
            </Button>
          </HStack>
        </VStack>
      </form>
    );
  if (cands)
    return cands.length === 0 ? (
      <Detail>{t('rd.leader.noCandidates')}</Detail>
    ) : (
      <HStack gap="space-4" align="end" wrap>
        <Select label={t('rd.leader.reassignTo')} hideLabel size="small" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">{t('rd.leader.reassignTo')}</option>
          {cands.map((c) => (
            <option key={c.personId} value={c.personId}>
              {t('rd.leader.candidate', { name: c.name, n: c.openClaims })}
            </option>
          ))}
        </Select>
        <Button size="xsmall" disabled={!to} onClick={() => void run(() => api('POST', `${base}/assign`, { personId: to }))}>
          {t('rd.leader.give')}
        </Button>
      </HStack>
    );
  return (
    <>
      {!reassignOnly && (
        <Button
          ref={releaseButton}
          size="xsmall"
          variant="tertiary"
          onClick={() => setReleasing(true)}
          aria-label={holder ? t('rd.leader.releaseFrom', { name: holder }) : undefined}
        >
          {t('rd.leader.release')}
        </Button>
      )}
      <Button
        size="xsmall"
        variant="tertiary"
        onClick={() =>
          void get<AssignCandidates>(`${base}/assign-candidates`)
            .then(setCands)
            .catch(() => onDone('rd.error'))
        }
      >
        {t('rd.leader.reassign')}
      </Button>
    </>
  );
}

const PERIODS = [1, 7, 30] as const;

/**
 * Turnaround per list (issue 9 §7): what waits now (near and past the deadline, with the warning rule
 * stated) and, over the chosen period, the median hours performed → preliminary, preliminary → final
 * (countersigning) and performed → final, with mean and count below.
 */
function TurnaroundTable({ data, periodDays, onPeriod }: { data: WorklistData; periodDays: number; onPeriod: (d: number) => void }) {
  const { t, locale } = useApp();
  const tag = locale === 'nb' ? 'nb-NO' : 'en-GB';
  const hours = (h: number) => t('rd.ta.hours', { h: h.toLocaleString(tag, { maximumFractionDigits: 1, minimumFractionDigits: 1 }) });
  const when = (iso: string) => osloDayMonthTime(iso, locale);
  const spanCell = (s: TurnaroundSpan) =>
    s.n === 0 || s.medianHours === null || s.meanHours === null ? (
      <Detail>{t('rd.ta.none')}</Detail>
    ) : (
      <VStack gap="space-2">
        <span>{hours(s.medianHours)}</span>
        <Detail>{t('rd.ta.spanDetail', { mean: hours(s.meanHours), n: s.n })}</Detail>
      </VStack>
    );
  const count = (n: number, variant: 'warning' | 'error') =>
    n > 0 ? (
      <Tag variant={variant} size="small">
        {String(n)}
      </Tag>
    ) : (
      <span>0</span>
    );
  return (
    <section aria-labelledby="rd-ta-heading" className="reading-turnaround">
      <VStack gap="space-8">
        <HStack gap="space-16" align="end" wrap>
          <Heading level="2" size="small" id="rd-ta-heading">
            {t('rd.ta.heading')}
          </Heading>
          <Select label={t('rd.ta.period')} size="small" value={String(periodDays)} onChange={(e) => onPeriod(Number(e.target.value))}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                {t(`rd.ta.period.${d}` as MessageKey)}
              </option>
            ))}
          </Select>
        </HStack>
        <Detail>{t('rd.ta.caption', { from: when(data.period.from), to: when(data.period.to) })}</Detail>
        {/* On a phone (390 px) each list is a card whose lines name themselves, like the case list above (app.css .rv-card-table). */}
        <Table size="small" className="reading-turnaround-table rv-card-table">
          <ColumnHeaders
            columns={[
              { label: t('rd.ta.col.list') },
              { label: t('rd.ta.col.open'), numeric: true },
              { label: t('rd.ta.col.warning'), numeric: true },
              { label: t('rd.ta.col.breached'), numeric: true },
              { label: t('rd.ta.col.first') },
              { label: t('rd.ta.col.countersign') },
              { label: t('rd.ta.col.final') },
              { label: t('rd.ta.col.late') },
            ]}
          />
          <Table.Body>
            {data.lists.map((l) => (
              <Table.Row key={l.id}>
                <Table.HeaderCell scope="row" className="rv-card-lead">
                  {l.regional ? `${l.name} (${t('rd.regional')})` : l.name}
                </Table.HeaderCell>
                <Table.DataCell align="right" data-label={t('rd.ta.col.open')}>
                  {l.turnaround.open}
                </Table.DataCell>
                <Table.DataCell align="right" data-label={t('rd.ta.col.warning')}>
                  {count(l.turnaround.warning, 'warning')}
                </Table.DataCell>
                <Table.DataCell align="right" data-label={t('rd.ta.col.breached')}>
                  {count(l.turnaround.breached, 'error')}
                </Table.DataCell>
                <Table.DataCell data-label={t('rd.ta.col.first')}>{spanCell(l.turnaround.firstReport)}</Table.DataCell>
                <Table.DataCell data-label={t('rd.ta.col.countersign')}>{spanCell(l.turnaround.countersign)}</Table.DataCell>
                <Table.DataCell data-label={t('rd.ta.col.final')}>{spanCell(l.turnaround.final)}</Table.DataCell>
                <Table.DataCell
                  data-label={l.turnaround.firstReport.n > 0 ? t('rd.ta.col.late') : undefined}
                  className={l.turnaround.firstReport.n > 0 ? undefined : 'rv-card-empty'}
                >
                  {l.turnaround.firstReport.n > 0 ? t('rd.ta.late', { late: l.turnaround.firstReport.late, n: l.turnaround.firstReport.n }) : ''}
                </Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
        <Detail>{t('rd.ta.warnRule', { hours: data.warn.hours, percent: data.warn.percent })}</Detail>
        <Detail>{t('rd.ta.firstNote')}</Detail>
      </VStack>
    </section>
  );
}
