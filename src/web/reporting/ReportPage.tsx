// The report page of an exam (/reading/exams/<examId>): the referral (what the referrer wrote,
// the advice they saw), the patient's earlier exams and reports, and the template-based editor
// with keyboard shortcuts — save draft, sign as preliminary, finalize, countersign with a
// RADPEER grade, and addenda on a final report. Plain Norwegian: no ids or codes.
import { Alert, BodyLong, BodyShort, Box, Button, Detail, Heading, HGrid, HStack, Radio, RadioGroup, Tag, Textarea, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExamReportView } from '../../shared/api/reporting.ts';
import type { AiFindingView } from '../../shared/api/reading.ts';
import { PRIORITY_VARIANT } from '../reading/priority-variant.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import { actionKeys, idempotencyHeader } from '../app/idempotency.ts';
import { initialSections, primaryAction, requiredFilled, shortcut, type EditorAction } from './report-editor.ts';
import './reporting.css';
import { ConsultRequestPanel } from '../reading/ConsultRequestPanel.tsx';
import { AiFindingRow } from '../reading/AiFindingRow.tsx';
import { osloDateTime, osloFormat } from '../app/oslo-time.ts';

const GRADES = ['1', '2a', '2b', '3a', '3b'] as const;
type Grade = (typeof GRADES)[number];

export function ReportPage({ examId }: { examId: string }) {
  const { t, locale } = useApp();
  const [view, setView] = useState<ExamReportView | null>(null);
  const [sections, setSections] = useState<Record<string, string>>({});
  const [grade, setGrade] = useState<Grade | ''>('');
  const [comment, setComment] = useState('');
  const [addendum, setAddendum] = useState('');
  const [notice, setNotice] = useState<{ variant: 'success' | 'warning' | 'error'; key: MessageKey } | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = useRef<(HTMLTextAreaElement | null)[]>([]);
  // One Idempotency-Key per addendum; pressing "add" again after an error sends the same key, so an
  // addendum whose first answer was lost is not stored twice (server: reporting/routes.ts).
  const addendumKeys = useRef(actionKeys());
  const base = `/api/reporting/exams/${encodeURIComponent(examId)}`;

  const load = useCallback(async () => {
    try {
      const v = await get<ExamReportView>(base);
      setView(v);
      setSections(initialSections(v));
    } catch (e) {
      setNotice({ variant: 'error', key: requestErrorKey(e) });
    }
  }, [base]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = useCallback(
    async (action: EditorAction) => {
      if (!view) return;
      if (action === 'countersign' && !grade) return setNotice({ variant: 'warning', key: 'rep.grade.choose' });
      setBusy(true);
      setNotice(null);
      const body = { sections, expectedVersion: view.report?.version ?? null };
      try {
        if (action === 'save') await api('PUT', `${base}/report`, body);
        if (action === 'preliminary') await api('POST', `${base}/report/preliminary`, body);
        if (action === 'final') await api('POST', `${base}/report/final`, body);
        if (action === 'countersign') await api('POST', `${base}/report/countersign`, { ...body, score: grade, ...(comment.trim() ? { comment } : {}) });
        await load();
        setNotice({ variant: 'success', key: action === 'save' ? 'rep.saved' : action === 'preliminary' ? 'rep.signed.preliminary' : 'rep.signed.final' });
      } catch (e) {
        setNotice({
          variant: e instanceof ApiError && e.status === 409 ? 'warning' : 'error',
          key: e instanceof ApiError && e.status === 409 ? 'rep.conflict' : requestErrorKey(e),
        });
      } finally {
        setBusy(false);
      }
    },
    [view, sections, grade, comment, base, load],
  );

  // The reader confirms or rejects an AI finding here as in the worklist (kept for the AI product's PPV).
  const verdict = async (f: AiFindingView, v: 'confirmed' | 'rejected') => {
    try {
      await api('POST', `/api/reading/findings/${encodeURIComponent(f.id)}/verdict`, { verdict: v });
      await load();
    } catch (e) {
      setNotice({ variant: 'error', key: requestErrorKey(e) });
    }
  };

  const addAddendum = async () => {
    setBusy(true);
    try {
      const body = { text: addendum };
      await api('POST', `${base}/report/addenda`, body, { headers: idempotencyHeader(addendumKeys.current.keyFor({ examId, ...body })) });
      addendumKeys.current.done();
      setAddendum('');
      await load();
      setNotice({ variant: 'success', key: 'rep.addendum.added' });
    } catch (e) {
      setNotice({ variant: 'error', key: requestErrorKey(e) });
    } finally {
      setBusy(false);
    }
  };

  const primary = view ? primaryAction(view.may) : null;
  const editable = !!view && (view.may.save || view.may.countersign);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const s = shortcut(e);
    if (!s || !view) return;
    if (s.kind === 'section') {
      refs.current[s.index]?.focus();
      e.preventDefault();
    } else if (s.kind === 'save' && view.may.save) {
      e.preventDefault();
      void act('save');
    } else if (s.kind === 'sign' && primary && requiredFilled(view, sections)) {
      e.preventDefault();
      void act(primary);
    }
  };

  // The way back to the reading worklist, where the next case is taken (also when the exam did not load).
  const back = <AppLink to="/reading">← {t('rep.back')}</AppLink>;
  if (!view)
    return (
      <VStack gap="space-16">
        {back}
        {notice ? <Alert variant="error">{t(notice.key)}</Alert> : <BodyShort>{t('app.loading')}</BodyShort>}
      </VStack>
    );
  const date = (iso: string) => osloFormat(iso, locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const status = view.report?.status;
  const canSign = requiredFilled(view, sections);

  return (
    <VStack gap="space-16" className="rep-page" onKeyDown={onKeyDown}>
      {back}
      <VStack gap="space-4">
        <Heading level="1" size="large">
          {t('rep.page.title', { exam: view.exam.name })}
        </Heading>
        <HStack gap="space-8" align="center">
          <Tag variant={status === 'final' ? 'success' : status === 'preliminary' ? 'warning' : 'neutral'} size="small">
            {t(status ? (`rep.status.${status}` as MessageKey) : 'rep.status.none')}
          </Tag>
          {status === 'preliminary' && view.report?.needsCountersign && (
            <Tag variant="info" size="small">
              {t('rep.waitingCountersign')}
            </Tag>
          )}
          <BodyShort size="small">{t('rep.page.performed', { date: date(view.exam.performedAt), department: view.exam.department })}</BodyShort>
        </HStack>
        {view.reading && (
          // The same priority and AI findings as the worklist row (reading case), not the referrer's urgency.
          <HStack gap="space-8" align="center" wrap className="rep-reading">
            <Tag variant={PRIORITY_VARIANT[view.reading.priority]} size="small">
              {t('rep.priority', { priority: t(`rd.priority.${view.reading.priority}` as MessageKey) })}
            </Tag>
            {view.reading.raisedByAi && <Detail>{t('rep.priority.raisedByAi')}</Detail>}
          </HStack>
        )}
        {view.reading && view.reading.findings.length > 0 && (
          <VStack gap="space-4" as="section" aria-labelledby="rep-ai">
            <Heading level="2" size="xsmall" id="rep-ai">
              {t('rep.ai.heading')}
            </Heading>
            {view.reading.findings.map((f) => (
              <AiFindingRow key={f.id} f={f} onVerdict={(x, v) => void verdict(x, v)} size="xsmall" />
            ))}
          </VStack>
        )}
      </VStack>
      <HGrid columns={{ xs: 1, md: '2fr 3fr' }} gap="space-24" align="start">
        <VStack gap="space-16" as="aside">
          <Box padding="space-12" background="neutral-soft" borderRadius="8">
            <Heading level="2" size="xsmall">
              {t('rep.patient')}
            </Heading>
            <BodyShort>
              {view.patient.name}, {date(`${view.patient.birthDate}T12:00:00Z`)}
            </BodyShort>
          </Box>
          <section aria-labelledby="rep-referral">
            <Heading level="2" size="small" id="rep-referral">
              {t('rep.referral')}
            </Heading>
            <Detail>{t('rep.referral.from', { name: view.referral.referrer, org: view.referral.referrerOrganization })}</Detail>
            <dl className="rep-dl">
              <dt>{t('rep.referral.urgency')}</dt>
              <dd>{t(`ref.urgency.${view.referral.urgency}` as MessageKey)}</dd>
              {view.referral.clinicalQuestion && (
                <>
                  <dt>{t('rep.referral.question')}</dt>
                  <dd>{view.referral.clinicalQuestion}</dd>
                </>
              )}
              {view.referral.clinicalNote && (
                <>
                  <dt>{t('rep.referral.note')}</dt>
                  <dd className="rep-pre">{view.referral.clinicalNote}</dd>
                </>
              )}
              <dt>{t('rep.referral.advice')}</dt>
              <dd>
                {view.referral.advice.title || view.referral.advice.text
                  ? [view.referral.advice.title, view.referral.advice.text].filter(Boolean).join(': ')
                  : t('rep.referral.noAdvice')}
              </dd>
            </dl>
          </section>
          <ConsultRequestPanel examId={examId} />
          <section aria-labelledby="rep-history">
            <Heading level="2" size="small" id="rep-history">
              {t('rep.history')}
            </Heading>
            {view.history.length === 0 && <BodyShort size="small">{t('rep.history.none')}</BodyShort>}
            <VStack gap="space-8">
              {view.history.map((h, i) => (
                <details key={i} className="rep-history-item">
                  <summary>
                    {h.examName} · {date(h.performedAt)} · {h.department}
                  </summary>
                  <BodyLong size="small" className="rep-pre">
                    {h.text ?? t('rep.history.noReport')}
                  </BodyLong>
                </details>
              ))}
            </VStack>
          </section>
        </VStack>
        <VStack gap="space-12" as="section" aria-labelledby="rep-editor">
          <Heading level="2" size="medium" id="rep-editor">
            {t('rep.editor')}
          </Heading>
          <Detail>
            {t('rep.editor.template', { name: view.template.name })} · {t('rep.editor.keys')}
          </Detail>
          {status === 'final' && (
            <Alert variant="info" size="small">
              {t('rep.final.readonly')}
            </Alert>
          )}
          {view.template.sections.map((s, i) => (
            <Textarea
              key={s.id}
              ref={(el) => {
                refs.current[i] = el;
              }}
              label={`${i + 1}. ${s.title}`}
              description={s.required ? t('rep.editor.required') : undefined}
              minRows={s.rows}
              resize="vertical"
              value={sections[s.id] ?? ''}
              readOnly={!editable}
              onChange={(e) => setSections({ ...sections, [s.id]: e.target.value })}
            />
          ))}
          {view.may.countersign && (
            <VStack gap="space-8">
              <RadioGroup legend={t('rep.grade')} value={grade} onChange={(v: Grade) => setGrade(v)} size="small">
                {GRADES.map((g) => (
                  <Radio key={g} value={g}>
                    {g} – {t(`rep.grade.${g}` as MessageKey)}
                  </Radio>
                ))}
              </RadioGroup>
              <Textarea label={t('rep.grade.comment')} minRows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
            </VStack>
          )}
          {notice && (
            <Alert variant={notice.variant} size="small" role="status">
              {t(notice.key)}
            </Alert>
          )}
          <HStack gap="space-8">
            {view.may.save && (
              <Button variant="secondary" size="small" loading={busy} onClick={() => void act('save')}>
                {t('rep.save')}
              </Button>
            )}
            {view.may.signPreliminary && !view.may.finalize && (
              <Button
                variant={primary === 'preliminary' ? 'primary' : 'secondary'}
                size="small"
                loading={busy}
                disabled={!canSign}
                onClick={() => void act('preliminary')}
              >
                {t('rep.signPreliminary')}
              </Button>
            )}
            {view.may.finalize && (
              <Button size="small" loading={busy} disabled={!canSign} onClick={() => void act('final')}>
                {t('rep.finalize')}
              </Button>
            )}
            {view.may.countersign && (
              <Button size="small" loading={busy} disabled={!canSign} onClick={() => void act('countersign')}>
                {t('rep.countersign')}
              </Button>
            )}
          </HStack>
          {view.report?.review && (
            <BodyShort size="small">
              {t('rep.review', {
                name: view.report.review.by,
                date: date(view.report.review.at),
                grade: t(`rep.grade.${view.report.review.score}` as MessageKey),
              })}
              {view.report.review.comment ? ` «${view.report.review.comment}»` : ''}
            </BodyShort>
          )}
          {status === 'final' && (
            <VStack gap="space-8">
              <Heading level="3" size="small">
                {t('rep.addenda')}
              </Heading>
              {view.report!.addenda.map((a, i) => (
                <Box key={i} padding="space-8" background="neutral-soft" borderRadius="8">
                  <Detail>{t('rep.addendum.by', { date: date(a.at), name: a.by })}</Detail>
                  <BodyLong className="rep-pre">{a.text}</BodyLong>
                </Box>
              ))}
              {view.may.addendum && (
                <>
                  <Textarea label={t('rep.addendum.label')} minRows={2} value={addendum} onChange={(e) => setAddendum(e.target.value)} />
                  <div>
                    <Button size="small" variant="secondary" loading={busy} disabled={!addendum.trim()} onClick={() => void addAddendum()}>
                      {t('rep.addendum.add')}
                    </Button>
                  </div>
                </>
              )}
            </VStack>
          )}
          {view.report && view.report.versions.length > 0 && (
            <details>
              <summary>{t('rep.versions')}</summary>
              {view.report.versions.map((v) => (
                <Detail key={v.version}>
                  {osloDateTime(v.at, locale, 'short')} · {v.by} · {t(`rep.version.${v.action}` as MessageKey)}
                </Detail>
              ))}
            </details>
          )}
        </VStack>
      </HGrid>
    </VStack>
  );
}
