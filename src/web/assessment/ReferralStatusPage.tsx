// The referrer's own referral: where it stands (status, priority, deadlines, return reason) and
// the message thread with the department, in plain Norwegian, with an answer form when the
// department asks for more information. Printable (print stylesheet) and as a PDF receipt.
import { Alert, BodyShort, Box, Button, Detail, Heading, HStack, Tag, Textarea, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { ReferralStatusView } from '../../shared/api/assessment.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import { formatFnr } from './inbox-view.ts';
import { ReferralReports } from '../reporting/ReferralReports.tsx';
import { EndReferralButton } from './EndReferralDialog.tsx';
import { calendarDay, osloDate, osloDateTime } from '../app/oslo-time.ts';
import './assessment.css';

export function ReferralStatusPage({ id }: { id: string }) {
  const { t, locale } = useApp();
  const [view, setView] = useState<ReferralStatusView | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [answer, setAnswer] = useState('');
  const [sent, setSent] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [withdrawn, setWithdrawn] = useState(false);

  const load = useCallback(
    () =>
      get<ReferralStatusView>(`/api/referrals/${encodeURIComponent(id)}/status`)
        .then(setView)
        .catch((e: unknown) => setError(requestErrorKey(e))),
    [id],
  );
  useEffect(() => {
    void load();
  }, [load]);

  if (error && !view) return <Alert variant="error">{t(error)}</Alert>;
  if (!view) return <BodyShort>{t('app.loading')}</BodyShort>;
  // Dates in Norwegian time (a late-evening event is the next day's in Norway, whatever the browser's zone).
  const date = (iso: string | null) => osloDate(iso, locale);
  const tr = (x: { nb: string; en?: string }) => (locale === 'en' && x.en ? x.en : x.nb);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/referrals/${encodeURIComponent(id)}/answer`, { version: view.version, message: answer });
      setSent(true);
      setAnswer('');
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(true);
      else setError(requestErrorKey(e));
    } finally {
      setBusy(false);
    }
  };

  const rows: [MessageKey, string][] = [
    ['asm.ref.patient', `${view.patientName}, ${formatFnr(view.fnr)}`],
    ['asm.ref.exam', view.examName],
    ['asm.ref.question', view.clinicalQuestion ?? '–'],
    ['asm.view.urgency', t(`ref.urgency.${view.urgency}` as MessageKey)],
    ['asm.ref.to', view.departmentName],
    ['asm.ref.received', date(view.submittedAt)],
  ];
  if (view.status === 'submitted' || view.status === 'info_requested') rows.push(['asm.ref.deadline', date(view.assessmentDueDate)]);
  if (view.assessedAt) rows.push(['asm.ref.assessed', view.assessedBy ? `${date(view.assessedAt)}, ${view.assessedBy}` : date(view.assessedAt)]);
  if (view.priority) rows.push(['asm.ref.priority', tr(view.priority)]);
  if (view.examDueDate) rows.push(['asm.ref.examDue', date(view.examDueDate)]);
  if (view.examSite && !view.appointment) rows.push(['asm.ref.place', view.examSite]);
  // The booked time on the machine by its name (issue 8): what a withdrawal would call off.
  if (view.appointment)
    rows.push([
      'asm.decision.appointment',
      t('asm.decision.appointmentText', {
        day: calendarDay(view.appointment.date, locale),
        time: view.appointment.time,
        machine: view.appointment.machineName,
        site: view.appointment.siteName,
      }),
    ]);

  return (
    <VStack gap="space-24" className="asm-status">
      <AppLink to="/referrals" className="asm-noprint">
        ← {t('asm.ref.back')}
      </AppLink>
      <VStack gap="space-8">
        <Heading level="1" size="large">
          {t('asm.ref.title', { n: view.referralNumber })}
        </Heading>
        <HStack gap="space-8" align="center">
          <Tag size="medium" variant={view.status === 'returned' ? 'warning' : view.status === 'info_requested' ? 'info' : 'neutral'}>
            {t(`asm.status.${view.status}` as MessageKey)}
          </Tag>
        </HStack>
        <BodyShort>{t('asm.ref.receipt', { date: date(view.submittedAt) })}</BodyShort>
      </VStack>
      <HStack gap="space-8" className="asm-noprint">
        <Button size="small" variant="secondary" onClick={() => window.print()}>
          {t('asm.ref.print')}
        </Button>
        <Button size="small" variant="secondary" as="a" href={`/api/referrals/${encodeURIComponent(id)}/pdf`}>
          {t('asm.ref.pdf')}
        </Button>
        {/* The server decides (open, and not begun at the modality): once the exam has started it is not offered. */}
        {view.mayWithdraw && (
          <EndReferralButton
            referralId={id}
            version={view.version}
            mode="withdraw"
            onDone={() => {
              setWithdrawn(true);
              void load();
            }}
          />
        )}
      </HStack>
      {withdrawn && <Alert variant="success">{t('asm.withdraw.done')}</Alert>}
      {view.closure && (
        <Alert variant="info">
          <Heading level="2" size="xsmall">
            {t(view.closure.by === 'department' ? 'asm.ref.closed' : 'asm.ref.withdrawn')}
          </Heading>
          <BodyShort>{t('asm.ref.closedAt', { date: date(view.closure.at) })}</BodyShort>
          {view.closure.reason && (
            <BodyShort>
              {t('asm.ref.reason')}: {t(`asm.close.reason.${view.closure.reason}` as MessageKey)}
            </BodyShort>
          )}
          {view.closure.text && <BodyShort>«{view.closure.text}»</BodyShort>}
        </Alert>
      )}
      {view.returnReason && (
        <Alert variant="warning">
          <Heading level="2" size="xsmall">
            {t('asm.ref.returned')}
          </Heading>
          <BodyShort>
            {t('asm.ref.reason')}: {t(`asm.return.${view.returnReason.reason}` as MessageKey)}
          </BodyShort>
          {view.returnReason.text && <BodyShort>«{view.returnReason.text}»</BodyShort>}
        </Alert>
      )}
      <dl className="asm-dl">
        {rows.map(([k, v]) => (
          <div key={k} className="asm-dl-row">
            <dt>
              <strong>{t(k)}</strong>
            </dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {/* Issue 8: a due date the assessor confirmed as later than the priority's window, said plainly. */}
      {view.examDueDate && view.unusualDueDate && (
        <Alert variant="info" size="small" data-testid="unusual-due-date">
          {view.priority
            ? t('asm.ref.unusualDue', { priority: tr(view.priority), window: view.unusualDueDate.windowDays })
            : t('asm.ref.unusualDueNoPriority', { window: view.unusualDueDate.windowDays })}
        </Alert>
      )}
      {(view.messages.length > 0 || view.status === 'info_requested') && (
        <section className="asm-section">
          <VStack gap="space-8">
            <Heading level="2" size="small">
              {t('asm.ref.thread')}
            </Heading>
            {view.messages.map((m, i) => (
              <Box key={i} padding="space-8" background={m.side === 'department' ? 'accent-soft' : 'neutral-soft'} borderRadius="8">
                <Detail>
                  {t(`asm.side.${m.side}` as MessageKey)} · {m.author} · {date(m.at)}
                </Detail>
                <BodyShort>{m.body}</BodyShort>
              </Box>
            ))}
            {sent && <Alert variant="success">{t('asm.ref.sent')}</Alert>}
            {conflict && <Alert variant="warning">{t('asm.conflict')}</Alert>}
            {view.status === 'info_requested' && (
              <form
                className="asm-noprint"
                onSubmit={(e) => {
                  e.preventDefault();
                  void send();
                }}
              >
                <VStack gap="space-8">
                  <Textarea label={t('asm.ref.answer')} minRows={3} value={answer} onChange={(e) => setAnswer(e.target.value)} />
                  {error && <Alert variant="error">{t(error)}</Alert>}
                  <div>
                    <Button size="small" type="submit" loading={busy} disabled={!answer.trim()}>
                      {t('asm.ref.send')}
                    </Button>
                  </div>
                </VStack>
              </form>
            )}
          </VStack>
        </section>
      )}
      {/* A returned or cancelled referral gets no answer: no "no answer yet" under it. */}
      <ReferralReports referralId={id} noAnswerExpected={view.status === 'returned' || view.status === 'cancelled'} />
      <section className="asm-section">
        <VStack gap="space-4">
          <Heading level="2" size="small">
            {t('asm.ref.history')}
          </Heading>
          {view.events.length === 0 && <BodyShort size="small">{t('asm.ref.history.none')}</BodyShort>}
          {view.events.map((e, i) => (
            <BodyShort key={i} size="small">
              {osloDateTime(e.at, locale, 'short')} · {eventText(t, e.kind)}
            </BodyShort>
          ))}
        </VStack>
      </section>
    </VStack>
  );
}

function eventText(t: (k: MessageKey) => string, kind: string): string {
  const key = `asm.event.${kind}`;
  const text = t(key as MessageKey);
  return text === key ? '–' : text;
}
