// The department's view of one referral: everything the referrer wrote, the advice they saw and
// what they did with it, contraindications, the patient's other referrals (possible duplicates
// flagged), the message thread, and the assessment: accept with a priority and a due date, return,
// ask for more information, redirect or merge. Plain Norwegian; no ids, codes or status names.
import {
  Alert,
  BodyLong,
  BodyShort,
  Box,
  Button,
  Checkbox,
  Detail,
  Heading,
  HGrid,
  HStack,
  Label,
  Radio,
  RadioGroup,
  Select,
  Table,
  Tabs,
  Tag,
  Textarea,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AssessmentView, AssessOptions, AssessResult } from '../../shared/api/assessment.ts';
import { MODALITIES } from '../../shared/api/assessment.ts';
import { modalityChoices } from './modality-choices.ts';
import { redirectChoices } from './assess-form.ts';
import { enumValueLabel, FACT_BY_ID } from '../../shared/facts.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { DateField } from '../app/DateField.tsx';
import { fieldMessages, requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import { ratingVariant, type Rating } from '../referrals/advice-view.ts';
import { numberFactText } from '../referrals/fact-format.ts';
import { daysLeftMessage, deadlineVariant, formatFnr, placeName } from './inbox-view.ts';
import { suggestedDueDate } from './assess-form.ts';
import { daysBeyondPriorityWindow } from '../../shared/priority-window.ts';
import { EndReferralButton } from './EndReferralDialog.tsx';
import { AfterEndWarningsPanel } from '../booking/AfterEndAlerts.tsx';
import { DepartmentAlertsPanel } from '../notifications/DepartmentAlerts.tsx';
import { modalityName } from '../app/modality-name.ts';
import { calendarDay, osloDate, osloDateTime, osloFormat } from '../app/oslo-time.ts';
import './assessment.css';

type Action = 'accept' | 'return' | 'request_info' | 'redirect' | 'merge';
const ACTION_PATH: Record<Action, string> = { accept: 'accept', return: 'return', request_info: 'request-info', redirect: 'redirect', merge: 'merge' };
const RETURN_REASONS = ['not_indicated', 'missing_information', 'duplicate', 'other'] as const;

export function AssessReferralPage({ id }: { id: string }) {
  const { t, locale } = useApp();
  const [view, setView] = useState<AssessmentView | null>(null);
  const [options, setOptions] = useState<AssessOptions | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [closedNow, setClosedNow] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  // Form state
  const [tab, setTab] = useState<Action>('accept');
  const [priority, setPriority] = useState('');
  const [dueDate, setDueDate] = useState('');
  // The assessor's "this due date is deliberate" when it lies beyond the priority's window.
  const [confirmDueDate, setConfirmDueDate] = useState(false);
  const [protocol, setProtocol] = useState('');
  const [modality, setModality] = useState('');
  const [site, setSite] = useState('');
  const [note, setNote] = useState('');
  const [returnReason, setReturnReason] = useState('');
  const [text, setText] = useState('');
  const [target, setTarget] = useState('');
  const [followedUpOutside, setFollowedUpOutside] = useState(false);
  const [hospitalMeeting, setHospitalMeeting] = useState(false);
  // A redirect target the ticked boxes no longer allow is not kept as the choice.
  useEffect(() => {
    if (tab === 'redirect' && options && target && !redirectChoices(options.redirectTargets, followedUpOutside, hospitalMeeting).some((o) => o.id === target))
      setTarget('');
  }, [tab, options, target, followedUpOutside, hospitalMeeting]);

  const load = useCallback(() => {
    setError(null);
    setConflict(false);
    return Promise.all([
      get<AssessmentView>(`/api/assessment/referrals/${encodeURIComponent(id)}`),
      get<AssessOptions>(`/api/assessment/referrals/${encodeURIComponent(id)}/options`),
    ])
      .then(([v, o]) => {
        setView(v);
        setOptions(o);
        setModality(v.exam.modality);
        setSite(v.department.id);
      })
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [id]);

  useEffect(() => {
    void load().then(() => heading.current?.focus());
  }, [load]);

  /** Days the due date lies beyond the chosen priority's window (shared/priority-window.ts, the server's rule); 0 = none. */
  const dueDateBeyond = (code: string, due: string): number => {
    const c = options?.priorities.find((p) => p.code === code);
    const today = suggestedDueDate(0, new Date());
    return c && due && today ? daysBeyondPriorityWindow(c.days, due, today) : 0;
  };

  const submit = async (action: Action) => {
    if (!view) return;
    setBusy(true);
    setFieldErrors({});
    setError(null);
    const body: Record<string, unknown> = { version: view.version };
    if (action === 'accept')
      Object.assign(body, {
        // Left out when not chosen, so the server names them as missing ("Må fylles ut"), not as a bad pattern.
        priorityCategory: priority || undefined,
        examDueDate: dueDate || undefined,
        protocol: protocol || undefined,
        modality,
        siteId: site,
        note: note || undefined,
        confirmUnusualDueDate: dueDateBeyond(priority, dueDate) > 0 ? confirmDueDate : undefined,
      });
    if (action === 'return') Object.assign(body, { reason: returnReason, text: text || undefined });
    if (action === 'request_info') Object.assign(body, { message: text });
    if (action === 'redirect')
      Object.assign(body, { toOrganizationId: target, text: text || undefined, followedUpOutsideHospital: followedUpOutside, hospitalMeeting });
    if (action === 'merge') Object.assign(body, { intoReferralId: target, text: text || undefined });
    try {
      const r = await api<AssessResult>('POST', `/api/assessment/referrals/${encodeURIComponent(id)}/${ACTION_PATH[action]}`, body);
      setDone(r.status);
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(true);
      else {
        setError(requestErrorKey(e));
        if (e instanceof ApiError) setFieldErrors(fieldMessages(e.fields, t, locale));
      }
    } finally {
      setBusy(false);
    }
  };

  if (error && !view) return <Alert variant="error">{t(error)}</Alert>;
  if (!view) return <BodyShort>{t('app.loading')}</BodyShort>;

  const date = (iso: string | null) => osloFormat(iso, locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const tr = (x: { nb: string; en?: string }) => (locale === 'en' && x.en ? x.en : x.nb);
  const left = view.workingDaysLeft === null ? null : daysLeftMessage(view.workingDaysLeft);
  const facts = Object.entries(view.facts).filter(([, v]) => v !== null && v !== undefined);
  const contra = Object.entries(view.contraindications).filter(([, v]) => v !== undefined && v !== false);
  // The unit is said once, in the value, singular or plural ("Symptom duration: 6 weeks").
  const factText = (fid: string, v: unknown): { label: string; value: string } => {
    const label = FACT_BY_ID.get(fid)?.label[locale] ?? fid;
    if (typeof v === 'boolean') return { label, value: v ? t('ref.yes') : t('ref.no') };
    if (typeof v === 'number') return numberFactText(label, FACT_BY_ID.get(fid)?.unit, v, locale, t);
    return { label, value: enumValueLabel(fid, String(v), locale) };
  };
  const open = view.status === 'submitted';

  return (
    <VStack gap="space-24" className="asm-view">
      <AppLink to="/inbox" className="asm-noprint">
        ← {t('asm.view.back')}
      </AppLink>
      <VStack gap="space-4">
        <Heading level="1" size="large" ref={heading} tabIndex={-1}>
          {view.patient.name}
        </Heading>
        <BodyShort>
          {formatFnr(view.patient.fnr)}
          {view.patient.age !== null ? ` · ${t('asm.age', { age: view.patient.age })}` : ''} · {t('asm.referralTitle', { n: view.referralNumber })}
        </BodyShort>
        <HStack gap="space-8" align="center">
          <Tag size="small" variant="neutral">
            {t(`asm.status.${view.status}` as MessageKey)}
          </Tag>
          {open && left && (
            <Tag size="small" variant={deadlineVariant(view.deadlineState)}>
              {t(left.key, left.vars)}
            </Tag>
          )}
          {view.shared && (
            <Tag size="small" variant="alt1">
              {t('asm.shared')}
            </Tag>
          )}
          {options?.mayClose && (
            <span className="asm-noprint">
              <EndReferralButton
                referralId={view.id}
                version={view.version}
                mode="close"
                onDone={() => {
                  void load().then(() => setClosedNow(true));
                }}
              />
            </span>
          )}
        </HStack>
        {closedNow && <Alert variant="success">{t('asm.close.done')}</Alert>}
      </VStack>

      {/* An exam a modality started after this referral had ended: as on the booking page and the machine's day plan. */}
      <AfterEndWarningsPanel referralId={view.id} />
      {/* The referrer withdrew this referral's booked exam: as on the booking page, with "Kvitter ut". */}
      <DepartmentAlertsPanel referralId={view.id} onAcknowledged={() => void load()} />
      {done && (
        <Alert variant="success" role="status">
          {t(`asm.done.${done}` as MessageKey)} <AppLink to="/inbox">{t('asm.view.back')}</AppLink>
        </Alert>
      )}
      {conflict && (
        <Alert variant="warning">
          <VStack gap="space-8">
            <BodyShort>{t('asm.conflict')}</BodyShort>
            <div>
              <Button size="small" variant="secondary" onClick={() => void load()}>
                {t('asm.reload')}
              </Button>
            </div>
          </VStack>
        </Alert>
      )}

      <HGrid columns={{ xs: 1, lg: '3fr 2fr' }} gap="space-24" align="start">
        <VStack gap="space-24">
          <Section title={t('asm.view.referral')}>
            <dl className="asm-dl">
              <Row label={t('asm.view.question')}>{view.clinicalQuestion ?? '–'}</Row>
              {view.clinicalNote && <Row label={t('asm.view.note')}>{view.clinicalNote}</Row>}
              <Row label={t('asm.col.exam')}>{view.exam.name}</Row>
              {view.indication && <Row label={t('asm.view.indication')}>{view.indication.name ?? view.indication.code}</Row>}
              <Row label={t('asm.view.urgency')}>{t(`ref.urgency.${view.urgency}` as MessageKey)}</Row>
              <Row label={t('asm.view.received')}>{date(view.submittedAt)}</Row>
              <Row label={t('asm.view.deadline')}>
                {date(view.assessmentDueDate)}
                {view.deadlineReason && <Detail>{t(`asm.reason.${view.deadlineReason}` as MessageKey)}</Detail>}
              </Row>
              <Row label={t('asm.view.referrer')}>
                {view.referrer.name}, {view.referrer.organization}
              </Row>
              <Row label={t('asm.view.department')}>{placeName(view.department.name, view.department.siteName)}</Row>
            </dl>
          </Section>

          <Section title={t('asm.view.advice')}>
            {view.advice ? (
              <VStack gap="space-8">
                <HStack gap="space-8" align="center">
                  <Tag size="small" variant={ratingVariant(view.advice.rating as Rating)}>
                    {t(`ref.rating.${view.advice.rating}` as MessageKey)}
                  </Tag>
                  <Detail>{t('asm.view.adviceTopic', { topic: tr(view.advice.topicTitle), version: view.advice.topicVersion })}</Detail>
                </HStack>
                <BodyLong>{tr(view.advice.summary)}</BodyLong>
                <BodyLong size="small">{tr(view.advice.explanation)}</BodyLong>
                {view.advice.alternative && (
                  <BodyShort size="small">
                    {t('asm.view.alternative')}: {tr(view.advice.alternative.text)}
                  </BodyShort>
                )}
                {view.decision && (
                  <Box padding="space-8" background="neutral-soft" borderRadius="8">
                    <BodyShort size="small">{t(`asm.view.decision.${view.decision.decision}` as MessageKey)}</BodyShort>
                    {view.decision.reason && <BodyShort weight="semibold">{tr(view.decision.reason)}</BodyShort>}
                    {view.decision.reasonText && <BodyShort>«{view.decision.reasonText}»</BodyShort>}
                  </Box>
                )}
              </VStack>
            ) : (
              <BodyShort>{t('asm.view.noAdvice')}</BodyShort>
            )}
          </Section>

          <Section title={t('asm.view.facts')}>
            {facts.length ? (
              <dl className="asm-dl">
                {facts.map(([fid, v]) => {
                  const f = factText(fid, v);
                  return (
                    <Row key={fid} label={f.label}>
                      {f.value}
                    </Row>
                  );
                })}
              </dl>
            ) : (
              <BodyShort>{t('asm.view.noFacts')}</BodyShort>
            )}
          </Section>

          <Section title={t('asm.view.contra')}>
            {contra.length ? (
              <dl className="asm-dl">
                {contra.map(([k, v]) => (
                  <Row key={k} label={t(`asm.contra.${k}` as MessageKey)}>
                    {typeof v === 'boolean' ? t('ref.yes') : String(v)}
                  </Row>
                ))}
              </dl>
            ) : (
              <BodyShort>{t('asm.view.noContra')}</BodyShort>
            )}
          </Section>

          <Section title={t('asm.view.history')}>
            {view.history.length ? (
              <Table size="small">
                <Table.Body>
                  {view.history.map((h) => (
                    <Table.Row key={h.id}>
                      <Table.DataCell>
                        {h.examName}
                        <Detail>{t('asm.referralNumber', { n: h.referralNumber })}</Detail>
                      </Table.DataCell>
                      <Table.DataCell>
                        {t(`asm.status.${h.status}` as MessageKey)}
                        <Detail>
                          {h.performedAt ? t('asm.view.performed', { date: date(h.performedAt) }) : t('asm.view.sent', { date: date(h.submittedAt) })}
                        </Detail>
                      </Table.DataCell>
                      <Table.DataCell>{h.departmentName}</Table.DataCell>
                      <Table.DataCell>
                        {h.duplicate && (
                          <Tag size="small" variant="warning">
                            {t(`asm.view.dup.${h.duplicate}` as MessageKey)}
                          </Tag>
                        )}
                      </Table.DataCell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            ) : (
              <BodyShort>{t('asm.view.noHistory')}</BodyShort>
            )}
          </Section>
        </VStack>

        <VStack gap="space-24">
          {/* Issue 8: after "Godta" the decision itself, not only "Godtatt" in the history. */}
          {view.assessment && (
            <Section title={t('asm.decision.heading')}>
              <AcceptanceSummary a={view.assessment} ap={view.appointment} />
            </Section>
          )}
          {(open || !view.assessment) && (
            <Section title={t('asm.assess')}>
              {!open ? (
                <BodyShort>{t('asm.assess.closed')}</BodyShort>
              ) : !options?.mayAssess ? (
                <BodyShort>{t('asm.assess.notAllowed')}</BodyShort>
              ) : (
                <Tabs value={tab} onChange={(v) => setTab(v as Action)} size="small">
                  <Tabs.List>
                    {(['accept', 'return', 'request_info', 'redirect', 'merge'] as const).map((a) => (
                      <Tabs.Tab key={a} value={a} label={t(`asm.act.${a}` as MessageKey)} />
                    ))}
                  </Tabs.List>
                  <form
                    className="asm-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void submit(tab);
                    }}
                  >
                    <VStack gap="space-12">
                      {tab === 'accept' && (
                        <>
                          <Select
                            label={t('asm.f.priority')}
                            size="small"
                            value={priority}
                            error={fieldErrors.priorityCategory}
                            onChange={(e) => {
                              setPriority(e.target.value);
                              setConfirmDueDate(false);
                              const c = options.priorities.find((p) => p.code === e.target.value);
                              const s = c ? suggestedDueDate(c.days, new Date()) : null;
                              if (s) setDueDate(s);
                            }}
                          >
                            <option value="">{t('asm.f.choose')}</option>
                            {options.priorities.map((p) => (
                              <option key={p.code} value={p.code}>
                                {tr(p.label)}
                              </option>
                            ))}
                          </Select>
                          <DateField
                            id="asm-exam-due"
                            size="small"
                            label={t('asm.f.examDueDate')}
                            value={dueDate}
                            error={fieldErrors.examDueDate}
                            onChange={(v) => {
                              setDueDate(v);
                              setConfirmDueDate(false);
                            }}
                          />
                          {dueDateBeyond(priority, dueDate) > 0 &&
                            (() => {
                              const c = options.priorities.find((p) => p.code === priority)!;
                              return (
                                <Alert variant="warning" size="small">
                                  <VStack gap="space-4">
                                    <BodyShort size="small">
                                      {t('asm.f.unusualDueDate', { n: dueDateBeyond(priority, dueDate), priority: tr(c.label), days: c.days ?? 0 })}
                                    </BodyShort>
                                    <Checkbox size="small" checked={confirmDueDate} onChange={(e) => setConfirmDueDate(e.target.checked)}>
                                      {t('asm.f.unusualDueDateConfirm')}
                                    </Checkbox>
                                  </VStack>
                                </Alert>
                              );
                            })()}
                          <TextField label={t('asm.f.protocol')} size="small" value={protocol} onChange={(e) => setProtocol(e.target.value)} />
                          <HGrid columns={2} gap="space-8">
                            <Select label={t('asm.f.modality')} size="small" value={modality} onChange={(e) => setModality(e.target.value)}>
                              {modalityChoices(MODALITIES, modality).map((m) => (
                                <option key={m.value} value={m.value}>
                                  {t(m.label)}
                                </option>
                              ))}
                            </Select>
                            <Select label={t('asm.f.site')} size="small" value={site} error={fieldErrors.siteId} onChange={(e) => setSite(e.target.value)}>
                              {options.sites.map((s) => (
                                <option key={s.id} value={s.id}>
                                  {s.name}
                                </option>
                              ))}
                            </Select>
                          </HGrid>
                          <Textarea label={t('asm.f.note')} size="small" minRows={2} value={note} onChange={(e) => setNote(e.target.value)} />
                        </>
                      )}
                      {tab === 'return' && (
                        <>
                          <RadioGroup
                            legend={t('asm.f.returnReason')}
                            size="small"
                            value={returnReason}
                            onChange={(v: string) => setReturnReason(v)}
                            error={fieldErrors.reason}
                          >
                            {RETURN_REASONS.map((r) => (
                              <Radio key={r} value={r}>
                                {t(`asm.return.${r}` as MessageKey)}
                              </Radio>
                            ))}
                          </RadioGroup>
                          <Textarea
                            label={t('asm.f.returnText')}
                            size="small"
                            minRows={2}
                            value={text}
                            error={fieldErrors.text}
                            onChange={(e) => setText(e.target.value)}
                          />
                        </>
                      )}
                      {tab === 'request_info' && (
                        <Textarea
                          label={t('asm.f.message')}
                          size="small"
                          minRows={3}
                          value={text}
                          error={fieldErrors.message}
                          onChange={(e) => setText(e.target.value)}
                        />
                      )}
                      {tab === 'redirect' && (
                        <VStack gap="space-4">
                          <Checkbox size="small" checked={followedUpOutside} onChange={(e) => setFollowedUpOutside(e.target.checked)}>
                            {t('asm.f.followedUpOutside')}
                          </Checkbox>
                          <Checkbox size="small" checked={hospitalMeeting} onChange={(e) => setHospitalMeeting(e.target.checked)}>
                            {t('asm.f.hospitalMeeting')}
                          </Checkbox>
                          {options.redirectRulesApply && <Detail>{t('asm.f.redirectRules')}</Detail>}
                        </VStack>
                      )}
                      {(tab === 'redirect' || tab === 'merge') && (
                        <>
                          <Select
                            label={t(tab === 'redirect' ? 'asm.f.redirectTo' : 'asm.f.mergeInto')}
                            size="small"
                            value={target}
                            error={fieldErrors.toOrganizationId ?? fieldErrors.intoReferralId}
                            onChange={(e) => setTarget(e.target.value)}
                          >
                            <option value="">{t('asm.f.choose')}</option>
                            {tab === 'redirect'
                              ? redirectChoices(options.redirectTargets, followedUpOutside, hospitalMeeting).map((o) => (
                                  <option key={o.id} value={o.id}>
                                    {o.name}
                                  </option>
                                ))
                              : options.mergeTargets.map((o) => (
                                  <option key={o.id} value={o.id}>
                                    {o.examName} – {t('asm.referralNumber', { n: o.referralNumber })}
                                  </option>
                                ))}
                          </Select>
                          {tab === 'redirect' && options.redirectTargets.find((o) => o.id === target)?.ruleNote && (
                            <Detail>{options.redirectTargets.find((o) => o.id === target)?.ruleNote}</Detail>
                          )}
                          <Textarea label={t('asm.f.note')} size="small" minRows={2} value={text} onChange={(e) => setText(e.target.value)} />
                        </>
                      )}
                      {error && <Alert variant="error">{t(error)}</Alert>}
                      <div>
                        <Button type="submit" size="small" loading={busy}>
                          {t(`asm.act.${tab}` as MessageKey)}
                        </Button>
                      </div>
                    </VStack>
                  </form>
                </Tabs>
              )}
            </Section>
          )}

          <Section title={t('asm.view.messages')}>
            {view.messages.length === 0 ? (
              <BodyShort>–</BodyShort>
            ) : (
              <VStack gap="space-8">
                {view.messages.map((m, i) => (
                  <Box key={i} padding="space-8" background={m.side === 'department' ? 'accent-soft' : 'neutral-soft'} borderRadius="8">
                    <Detail>
                      {t(`asm.side.${m.side}` as MessageKey)} · {m.author} · {date(m.at)}
                    </Detail>
                    <BodyShort>{m.body}</BodyShort>
                  </Box>
                ))}
              </VStack>
            )}
          </Section>

          <Section title={t('asm.view.events')}>
            <VStack gap="space-4">
              {view.events.length === 0 && <BodyShort>–</BodyShort>}
              {view.events.map((e, i) => (
                <BodyShort key={i} size="small">
                  {osloDateTime(e.at, locale, 'short')} · {eventText(t, e.kind)}
                  {e.closeReason ? ` · ${t(`asm.close.reason.${e.closeReason}` as MessageKey)}` : ''}
                  {e.unusualDueDate ? ` · ${t('asm.event.unusualDueDate', { n: e.unusualDueDate.daysBeyond, days: e.unusualDueDate.windowDays })}` : ''}
                  {e.reason ? (e.kind === 'exam_discontinued' ? ` · ${t('booking.stoppedReason', { reason: e.reason })}` : ` · «${e.reason}»`) : ''}
                </BodyShort>
              ))}
            </VStack>
          </Section>
        </VStack>
      </HGrid>
    </VStack>
  );
}

/**
 * The acceptance as the department reads it (issue 8 §2): the priority in words, the exam's due
 * date, protocol, modality (in words, never the DICOM code), site, who assessed in which role and
 * when, the assessor's note, and the booked time on the machine by its name.
 */
function AcceptanceSummary({ a, ap }: { a: NonNullable<AssessmentView['assessment']>; ap: AssessmentView['appointment'] }) {
  const { t, locale } = useApp();
  const tr = (x: { nb: string; en?: string }) => (locale === 'en' && x.en ? x.en : x.nb);
  const none = t('asm.decision.none');
  const role = a.assessedByRole ? t(`role.${a.assessedByRole}` as MessageKey) : null;
  const by = a.assessedBy ? (role && role !== `role.${a.assessedByRole}` ? t('asm.decision.byRole', { name: a.assessedBy, role }) : a.assessedBy) : none;
  return (
    <VStack gap="space-8" data-testid="acceptance-summary">
      <dl className="asm-dl">
        <Row label={t('asm.f.priority')}>{a.priority ? tr(a.priority) : none}</Row>
        <Row label={t('asm.decision.examDue')}>{a.examDueDate ? osloDate(a.examDueDate, locale) : none}</Row>
        <Row label={t('asm.f.protocol')}>{a.protocol ?? none}</Row>
        <Row label={t('asm.f.modality')}>{a.modality ? modalityName(t, a.modality) : none}</Row>
        <Row label={t('asm.f.site')}>{a.siteName ?? none}</Row>
        <Row label={t('asm.decision.by')}>{by}</Row>
        <Row label={t('asm.decision.at')}>{osloDateTime(a.assessedAt, locale, 'long')}</Row>
        {a.note && <Row label={t('asm.decision.note')}>«{a.note}»</Row>}
        <Row label={t('asm.decision.appointment')}>
          {ap
            ? t('asm.decision.appointmentText', { day: calendarDay(ap.date, locale), time: ap.time, machine: ap.machineName, site: ap.siteName })
            : t('asm.decision.notBooked')}
        </Row>
      </dl>
      {ap?.started && (
        <Alert variant="info" size="small">
          {t('asm.decision.started')}
        </Alert>
      )}
    </VStack>
  );
}

/** An event kind in words; an unknown kind (from a newer domain) shows as a neutral dash rather than a code. */
function eventText(t: (k: MessageKey) => string, kind: string): string {
  const key = `asm.event.${kind}`;
  const text = t(key as MessageKey);
  return text === key ? '–' : text;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="asm-section">
      <VStack gap="space-8">
        <Heading level="2" size="small">
          {title}
        </Heading>
        {children}
      </VStack>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="asm-dl-row">
      <dt>
        <Label as="span" size="small">
          {label}
        </Label>
      </dt>
      <dd>{children}</dd>
    </div>
  );
}
