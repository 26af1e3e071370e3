// Second opinion / consult pages: the list of requests to me (as a subspecialist) and from me, and
// one request — the exam as the consultant needs it (seen only through the request; the server's
// gate logs it), the answer form for the consultant, the answer and "withdraw" for the requester.
// Plain Norwegian, no codes or ids shown; keyboard: every action is a button or link in tab order.
import {
  Alert,
  BodyLong,
  BodyShort,
  Box,
  Button,
  Detail,
  Heading,
  HGrid,
  HStack,
  Radio,
  RadioGroup,
  Table,
  Tabs,
  Tag,
  Textarea,
  VStack,
} from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { ConsultDetail, ConsultList, ConsultSummary } from '../../shared/api/consult.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { consultErrorKey, targetText } from './consult-view.ts';
import './reading.css';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';
import { osloDateTime } from '../app/oslo-time.ts';

const STATUS_VARIANT = { open: 'warning', answered: 'success', withdrawn: 'neutral' } as const;

function useFormat() {
  const { locale } = useApp();
  return (iso: string) => osloDateTime(iso, locale, 'medium');
}

function StatusTags({ c }: { c: ConsultSummary }) {
  const { t } = useApp();
  return (
    <HStack gap="space-4" wrap>
      <Tag size="small" variant={STATUS_VARIANT[c.status]}>
        {t(`rc.status.${c.status}` as MessageKey)}
      </Tag>
      {c.overdue && (
        <Tag size="small" variant="error">
          {t('rc.overdue')}
        </Tag>
      )}
    </HStack>
  );
}

function ConsultTable({ rows, side }: { rows: ConsultSummary[]; side: 'incoming' | 'outgoing' }) {
  const { t } = useApp();
  const fmt = useFormat();
  if (rows.length === 0) return <BodyShort>{t(side === 'incoming' ? 'rc.list.empty.incoming' : 'rc.list.empty.outgoing')}</BodyShort>;
  return (
    <div className="rc-table-wrap">
      <Table size="small" className="rc-table">
        <ColumnHeaders
          columns={[
            { label: t('rc.col.exam') },
            { label: t('rc.col.question') },
            { label: t(side === 'incoming' ? 'rc.col.from' : 'rc.col.to') },
            { label: t('rc.col.due') },
            { label: t('rc.col.status') },
          ]}
        />
        <Table.Body>
          {rows.map((c) => (
            <Table.Row key={c.id}>
              <Table.DataCell>
                <AppLink to={`/reading/consults/${encodeURIComponent(c.id)}`}>{`${t(`rc.kind.${c.kind}` as MessageKey)}: ${c.examName}`}</AppLink>
                <Detail>{c.site}</Detail>
              </Table.DataCell>
              <Table.DataCell className="rc-question">{c.question}</Table.DataCell>
              <Table.DataCell>
                {side === 'incoming' ? `${c.requester.name}${c.requester.trust ? `, ${c.requester.trust}` : ''}` : targetText(c, t)}
              </Table.DataCell>
              <Table.DataCell>{fmt(c.dueAt)}</Table.DataCell>
              <Table.DataCell>
                <StatusTags c={c} />
              </Table.DataCell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}

/** /reading/consults: requests to me (subspecialist) and from me. Updates live. */
export function ConsultsPage() {
  const { t } = useApp();
  const [data, setData] = useState<ConsultList | null>(null);
  const [error, setError] = useState(false);
  const [tab, setTab] = useState('incoming');
  const load = useCallback(async () => {
    try {
      const d = await get<ConsultList>('/api/reading/consults');
      setData(d);
      setError(false);
    } catch {
      setError(true);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const es = new EventSource('/api/reading/events');
    es.addEventListener('change', (e) => {
      if ((e as MessageEvent<string>).data.includes('"consult"')) void load();
    });
    return () => es.close();
  }, [load]);
  useEffect(() => {
    if (data && data.incoming.length === 0 && data.outgoing.length > 0) setTab('outgoing');
  }, [data]);
  return (
    <VStack gap="space-16" className="rc-page">
      <Heading level="1" size="large">
        {t('rc.list.title')}
      </Heading>
      {error && <Alert variant="error">{t('rc.error')}</Alert>}
      {data && (
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="incoming" label={`${t('rc.list.incoming')} (${data.incoming.filter((c) => c.status === 'open').length})`} />
            <Tabs.Tab value="outgoing" label={`${t('rc.list.outgoing')} (${data.outgoing.filter((c) => c.status === 'open').length})`} />
          </Tabs.List>
          <Tabs.Panel value="incoming">
            <Box paddingBlock="space-16">
              <ConsultTable rows={data.incoming} side="incoming" />
            </Box>
          </Tabs.Panel>
          <Tabs.Panel value="outgoing">
            <Box paddingBlock="space-16">
              <ConsultTable rows={data.outgoing} side="outgoing" />
            </Box>
          </Tabs.Panel>
        </Tabs>
      )}
    </VStack>
  );
}

/** /reading/consults/<id>: one request. */
export function ConsultPage({ id }: { id: string }) {
  const { t } = useApp();
  const fmt = useFormat();
  const [view, setView] = useState<ConsultDetail | null>(null);
  const [notice, setNotice] = useState<{ key: MessageKey; variant: 'success' | 'warning' | 'error' } | null>(null);
  const [text, setText] = useState('');
  const [agreement, setAgreement] = useState<'agree' | 'partly' | 'disagree' | ''>('');
  const [addendum, setAddendum] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const url = `/api/reading/consults/${encodeURIComponent(id)}`;
  const load = useCallback(async () => {
    try {
      setView(await get<ConsultDetail>(url));
    } catch (e) {
      setNotice({ key: e instanceof ApiError ? consultErrorKey(e.status, e.fields[0]?.message) : 'rc.error', variant: 'error' });
    }
  }, [url]);
  useEffect(() => {
    void load();
  }, [load]);

  const send = async (path: string, body: unknown, ok: MessageKey) => {
    setBusy(true);
    setNotice(null);
    try {
      setView(await api<ConsultDetail>('POST', `${url}/${path}`, body));
      setNotice({ key: ok, variant: 'success' });
    } catch (e) {
      setNotice({ key: e instanceof ApiError ? consultErrorKey(e.status, e.fields[0]?.message) : 'rc.error', variant: 'warning' });
      await load();
    } finally {
      setBusy(false);
    }
  };

  if (!view) return notice ? <Alert variant={notice.variant}>{t(notice.key)}</Alert> : <BodyShort>{t('app.loading')}</BodyShort>;
  const c = view.consult;
  return (
    <VStack gap="space-16" className="rc-page">
      <VStack gap="space-4">
        <Heading level="1" size="large">
          {t('rc.page.title', { kind: t(`rc.kind.${c.kind}` as MessageKey), exam: c.examName })}
        </Heading>
        <StatusTags c={c} />
        <BodyShort size="small">{t('rc.page.asked', { name: c.requester.name, trust: c.requester.trust ?? '', date: fmt(c.createdAt) })}</BodyShort>
        <BodyShort size="small">
          {t('rc.page.to', { target: targetText(c, t) })} · {t('rc.page.due', { date: fmt(c.dueAt) })}
        </BodyShort>
      </VStack>
      {notice && (
        <Alert variant={notice.variant} size="small" role="status">
          {t(notice.key)}
        </Alert>
      )}
      <HGrid columns={{ xs: 1, md: '2fr 3fr' }} gap="space-24" align="start">
        <VStack gap="space-12" as="aside">
          <Box padding="space-12" background="neutral-soft" borderRadius="8">
            <Heading level="2" size="xsmall">
              {t('rc.page.patient')}
            </Heading>
            <BodyShort>{t('rd.patient', { name: view.patient.name, age: view.patient.age })}</BodyShort>
            <Detail>
              {c.site} · {fmt(c.performedAt)}
            </Detail>
          </Box>
          {view.clinicalQuestion && (
            <VStack gap="space-2">
              <Heading level="2" size="xsmall">
                {t('rc.page.referral')}
              </Heading>
              <BodyLong>{view.clinicalQuestion}</BodyLong>
            </VStack>
          )}
          {view.clinicalNote && (
            <VStack gap="space-2">
              <Heading level="2" size="xsmall">
                {t('rc.page.note')}
              </Heading>
              <BodyLong className="rc-pre">{view.clinicalNote}</BodyLong>
            </VStack>
          )}
          <VStack gap="space-2">
            <Heading level="2" size="xsmall">
              {t('rc.page.report')}
            </Heading>
            <BodyLong className="rc-pre">{view.report?.text ?? t('rc.page.noReport')}</BodyLong>
          </VStack>
        </VStack>
        <VStack gap="space-16">
          <Box padding="space-12" borderWidth="1" borderRadius="8">
            <Heading level="2" size="small">
              {t('rc.page.question')}
            </Heading>
            <BodyLong className="rc-pre">{c.question}</BodyLong>
          </Box>
          {c.answer && (
            <Box padding="space-12" background="success-soft" borderRadius="8">
              <Heading level="2" size="small">
                {t('rc.answer')}: {t(`rc.agreement.${c.answer.agreement}` as MessageKey)}
              </Heading>
              <Detail>{t('rc.answer.by', { name: c.answer.by, date: fmt(c.answer.at) })}</Detail>
              <BodyLong className="rc-pre">{c.answer.text}</BodyLong>
              {c.answer.addendumProposal && (
                <>
                  <Heading level="3" size="xsmall">
                    {t('rc.addendum.shown')}
                  </Heading>
                  <BodyLong className="rc-pre">{c.answer.addendumProposal}</BodyLong>
                </>
              )}
            </Box>
          )}
          {c.applied && (
            <BodyShort size="small">
              {t(c.applied.as === 'addendum' ? 'rc.applied.addendum' : 'rc.applied.report', { name: c.applied.by, date: fmt(c.applied.at) })} ·{' '}
              <AppLink to={`/reading/exams/${encodeURIComponent(c.examId)}`}>{t('rc.toReport')}</AppLink>
            </BodyShort>
          )}
          {c.answer && (view.may.applyAddendum || view.may.applyReport) && (
            <ApplyAnswer
              key={c.id}
              initial={c.answer.addendumProposal ?? c.answer.text}
              may={view.may}
              busy={busy}
              onApply={(into, text) => void send('apply', { into, text }, into === 'addendum' ? 'rc.apply.done.addendum' : 'rc.apply.done.report')}
            />
          )}
          {c.withdrawn && (
            <BodyShort>
              {t('rc.withdrawn', { date: fmt(c.withdrawn.at) })}
              {c.withdrawn.reason ? `: ${c.withdrawn.reason}` : ''}
            </BodyShort>
          )}
          {view.may.answer && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (text.trim() && agreement)
                  void send('answer', { text, agreement, ...(addendum.trim() ? { addendumProposal: addendum } : {}) }, 'rc.answer.sent');
              }}
            >
              <VStack gap="space-12">
                <Textarea label={t('rc.answer.text')} minRows={4} value={text} onChange={(e) => setText(e.target.value)} />
                <RadioGroup legend={t('rc.agreement')} value={agreement} onChange={(v: 'agree' | 'partly' | 'disagree') => setAgreement(v)} size="small">
                  {(['agree', 'partly', 'disagree'] as const).map((a) => (
                    <Radio key={a} value={a}>
                      {t(`rc.agreement.${a}` as MessageKey)}
                    </Radio>
                  ))}
                </RadioGroup>
                <Textarea label={t('rc.addendum')} minRows={2} value={addendum} onChange={(e) => setAddendum(e.target.value)} />
                <div>
                  <Button type="submit" loading={busy} disabled={!text.trim() || !agreement}>
                    {t('rc.answer.send')}
                  </Button>
                </div>
              </VStack>
            </form>
          )}
          {view.may.withdraw && (
            <VStack gap="space-8">
              <Textarea label={t('rc.withdraw.reason')} minRows={1} value={reason} onChange={(e) => setReason(e.target.value)} />
              <div>
                <Button variant="secondary" loading={busy} onClick={() => void send('withdraw', reason.trim() ? { reason } : {}, 'rc.withdrawn.done')}>
                  {t('rc.withdraw')}
                </Button>
              </div>
            </VStack>
          )}
        </VStack>
      </HGrid>
    </VStack>
  );
}

/**
 * The requester puts the answer into the report without copying it: as an addendum to a final
 * report, or into the conclusion of a draft or preliminary one (the server adds who answered,
 * where and when, and keeps who applied it). The text starts as the proposed addendum, else the answer.
 */
function ApplyAnswer({
  initial,
  may,
  busy,
  onApply,
}: {
  initial: string;
  may: ConsultDetail['may'];
  busy: boolean;
  onApply: (into: 'addendum' | 'report', text: string) => void;
}) {
  const { t } = useApp();
  const [text, setText] = useState(initial);
  return (
    <Box padding="space-12" borderWidth="1" borderRadius="8" as="section" aria-labelledby="rc-apply">
      <VStack gap="space-8">
        <Heading level="2" size="small" id="rc-apply">
          {t('rc.apply.title')}
        </Heading>
        <BodyShort size="small">{t('rc.apply.intro')}</BodyShort>
        <Textarea label={t('rc.apply.text')} minRows={2} maxLength={19000} value={text} onChange={(e) => setText(e.target.value)} />
        <HStack gap="space-8">
          {may.applyReport && (
            <Button size="small" loading={busy} disabled={!text.trim()} onClick={() => onApply('report', text)}>
              {t('rc.apply.report')}
            </Button>
          )}
          {may.applyAddendum && (
            <Button size="small" loading={busy} disabled={!text.trim()} onClick={() => onApply('addendum', text)}>
              {t('rc.apply.addendum')}
            </Button>
          )}
        </HStack>
      </VStack>
    </Box>
  );
}
