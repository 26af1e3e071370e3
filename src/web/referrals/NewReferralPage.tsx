import {
  Alert,
  BodyLong,
  BodyShort,
  Box,
  Button,
  Heading,
  HStack,
  Label,
  Radio,
  RadioGroup,
  Select,
  Tag,
  Textarea,
  TextField,
  UNSAFE_Combobox,
  VStack,
  Checkbox,
  Detail,
} from '@navikt/ds-react';
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { searchExams } from '../../shared/exam-names.ts';
import { enumValueLabel, FACT_BY_ID } from '../../shared/facts.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { Patient } from '../../shared/api/directory.ts';
import type { AdviceResponse, CatalogExam, FactQuestion, ReferralCatalog, SubmitResponse, TopicSummary } from '../../shared/api/referrals.ts';
import { api, ApiError, get } from '../app/api.ts';
import { actionKeys, idempotencyHeader } from '../app/idempotency.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { SourceList } from './SourceList.tsx';
import { blockers, decisionStillApplies, isImplicitSubmit, ratingVariant, shownAnswer, type Decision } from './advice-view.ts';
import { labelWithoutUnit, roundWeeks, showNumber } from './fact-format.ts';
import { parsePatientQuery, patientSearchUrl, showDate } from './patient-query.ts';
import './referral-form.css';

type Exam = CatalogExam;
type Catalog = ReferralCatalog;
type Question = FactQuestion;

/** How a reason not to send yet reads after "Mangler før henvisningen kan sendes:". */
const BLOCKER_WORDS: Record<string, MessageKey> = { 'ref.missing': 'ref.blocker.facts', 'ref.override': 'ref.blocker.override' };

const tr = (t: { nb: string; en?: string }, locale: string) => (locale === 'en' && t.en ? t.en : t.nb);

export function NewReferralPage() {
  const { t, locale } = useApp();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [topics, setTopics] = useState<TopicSummary[]>([]);
  const [patientQuery, setPatientQuery] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [patientHits, setPatientHits] = useState<Patient[] | null>(null);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [patientError, setPatientError] = useState<{ field: 'query' | 'birthDate'; message: string } | null>(null);
  const [examCode, setExamCode] = useState('');
  const [examQuery, setExamQuery] = useState('');
  const [switched, setSwitched] = useState<{ from: string; to: string } | null>(null);
  const [indication, setIndication] = useState({ system: 'ICPC-2', code: '' });
  const [question, setQuestion] = useState('');
  const [text, setText] = useState('');
  const [answers, setAnswers] = useState<Record<string, boolean | number | string>>({});
  const [contra, setContra] = useState<{ pregnant?: boolean; egfr?: number; pacemaker?: boolean; metalImplant?: boolean; contrastAllergy?: boolean }>({});
  const [urgency, setUrgency] = useState('routine');
  const [departmentId, setDepartmentId] = useState('');
  const [advice, setAdvice] = useState<AdviceResponse | null>(null);
  /** The advice last received, for the response handler (which must not wait for a render). */
  const adviceRef = useRef<AdviceResponse | null>(null);
  const [updating, setUpdating] = useState(false);
  const [decision, setDecision] = useState<Decision>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const draftId = useRef(crypto.randomUUID());
  // One Idempotency-Key per send; a retry of the same referral after an error reuses it (the server
  // then answers with the first referral instead of making a second: referrals/idempotency.ts).
  const sendKeys = useRef(actionKeys());
  const undoRef = useRef<HTMLButtonElement>(null);
  const examBoxRef = useRef<HTMLDivElement>(null);
  const patientHeadingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void get<Catalog>('/api/referrals/catalog').then((c) => {
      // No receiver is chosen for the referrer: the first name in the list (often a private
      // institute) is no better guess than any other, and a referral sent to the wrong place is
      // worse than one more choice.
      setCatalog(c);
    });
    void get<TopicSummary[]>('/api/guidelines').then((list) => setTopics(list.filter((x) => x.status === 'published')));
  }, []);

  // Advice as the referrer writes (debounced).
  useEffect(() => {
    if (!patient || !examCode) {
      adviceRef.current = null;
      setAdvice(null);
      return;
    }
    setUpdating(true);
    const timer = setTimeout(() => {
      const ind = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/.test(indication.code.trim().toUpperCase())
        ? { system: indication.system, code: indication.code.trim().toUpperCase() }
        : undefined;
      api<AdviceResponse>('POST', '/api/referrals/advice', {
        draftId: draftId.current,
        examCode,
        patient: { ageYears: patient.age, sex: patient.sex },
        indication: ind,
        text: [question, text].filter(Boolean).join('. '),
        facts: answers,
      })
        .then((r) => {
          // A refresh that gives the same advice keeps the referrer's decision (a reason chosen
          // while the refresh ran is not wiped); changed advice asks for a new decision.
          if (!decisionStillApplies(adviceRef.current?.advice ?? null, r.advice)) setDecision(null);
          adviceRef.current = r;
          setAdvice(r);
        })
        .catch(() => {
          adviceRef.current = null;
          setAdvice(null);
        })
        .finally(() => setUpdating(false));
    }, 400);
    return () => clearTimeout(timer);
  }, [patient, examCode, indication, question, text, answers]);

  const findPatient = async () => {
    setPatientError(null);
    setPatientHits(null);
    const q = parsePatientQuery(patientQuery, birthDate);
    if (q.kind === 'error') {
      setPatientError({ field: q.field, message: t(q.key) });
      return;
    }
    try {
      const hits = await get<Patient[]>(patientSearchUrl(q));
      if (hits.length === 1) choosePatient(hits[0]);
      else if (hits.length === 0)
        setPatientError({ field: 'query', message: t(q.kind === 'fnr' ? 'ref.patientNotFound' : q.birthDate ? 'ref.patientNoHits' : 'ref.patientNoHitsName') });
      else setPatientHits(hits);
    } catch (err) {
      setPatientError({ field: 'query', message: err instanceof ApiError ? err.message : t('app.error') });
    }
  };

  const choosePatient = (p: Patient | null) => {
    setPatient(p);
    setPatientHits(null);
    // Keep the keyboard user in place: the search fields go away, the patient heading stays.
    setTimeout(() => patientHeadingRef.current?.focus(), 0);
  };

  const examByCode = useMemo(() => new Map((catalog?.exams ?? []).map((e) => [e.code, e])), [catalog]);
  const examName = (code: string) => {
    const e = examByCode.get(code);
    return e ? (locale === 'en' && e.name_en ? e.name_en : e.name) : code;
  };
  const examLabel = (e: Exam) =>
    `${locale === 'en' && e.name_en ? e.name_en : e.name}${e.body_part && !e.name.toLowerCase().includes(e.body_part.toLowerCase()) ? ` (${e.body_part})` : ''}${catalog?.covered.includes(e.code) ? ` · ${t('ref.hasAdvice')}` : ''}`;
  const examOptions = useMemo(() => (catalog?.exams ?? []).map((e) => ({ label: examLabel(e), value: e.code })), [catalog, locale]);
  // The same words the server reads in exam names ("MR korsrygg", "CT hode", "rtg kne").
  const filteredExamOptions = useMemo(() => {
    const q = examQuery.trim();
    if (!q || !catalog || examOptions.some((o) => o.label === q)) return examOptions;
    const hits = searchExams(q, catalog.exams, 30);
    return hits.map((e) => ({ label: examLabel(e), value: e.code }));
  }, [examQuery, catalog, examOptions]);
  const selectedExam = examCode ? examOptions.filter((o) => o.value === examCode) : [];
  const examTopics = topics.filter((x) => x.examCodes.includes(examCode));

  const indicationOptions = useMemo(
    () =>
      (catalog?.indications ?? []).map((i) => ({ label: `${i.code} ${locale === 'en' ? i.nameEn : i.nameNb} (${i.system})`, value: `${i.system}|${i.code}` })),
    [catalog, locale],
  );
  const a = advice?.advice ?? null;
  const block = blockers({ patient: !!patient, exam: !!examCode, department: !!departmentId, question }, a, decision);

  /** Follow the advice: the alternative exam replaces the chosen one, in the form, where the referrer sees it. */
  const switchToAlternative = (to: string) => {
    setSwitched({ from: examCode, to });
    setExamCode(to);
    setExamQuery(examOptions.find((o) => o.value === to)?.label ?? '');
    setDecision(null);
    setTimeout(() => undoRef.current?.focus(), 0);
  };
  const undoSwitch = () => {
    if (!switched) return;
    setExamCode(switched.from);
    setExamQuery(examOptions.find((o) => o.value === switched.from)?.label ?? '');
    setSwitched(null);
    setTimeout(() => examBoxRef.current?.querySelector('input')?.focus(), 0);
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    // Only the Send button sends (Enter in a field never does: see onKeyDown below).
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    if (submitter && submitter.getAttribute('data-send') !== 'true') return;
    if (!patient || block.length > 0 || busy || sent) return;
    setBusy(true);
    const ind = /^[A-Z][0-9]{2}/.test(indication.code.trim().toUpperCase())
      ? { system: indication.system, code: indication.code.trim().toUpperCase() }
      : undefined;
    try {
      const body = {
        draftId: draftId.current,
        patientId: patient.id,
        examCode,
        departmentId,
        indication: ind,
        clinicalQuestion: question,
        text,
        facts: answers,
        urgency,
        contraindications: contra,
        ...(decision ? { decision } : {}),
      };
      const r = await api<SubmitResponse>('POST', '/api/referrals', body, { headers: idempotencyHeader(sendKeys.current.keyFor(body)) });
      sendKeys.current.done();
      setResult(
        r.id === null
          ? { ok: true, message: t('ref.withdrawn', { alternative: r.alternative ? tr(r.alternative.text, locale) : '' }) }
          : { ok: true, message: `${t('ref.sent')}: ${examName(r.examCode)}` },
      );
      setSent(true); // one referral per form: no double sending
    } catch (err) {
      setResult({ ok: false, message: err instanceof ApiError ? err.message : t('app.error') });
    } finally {
      setBusy(false);
    }
  };

  const duration = (weeks: number) => {
    const d = roundWeeks(weeks);
    const unit = t(d.unit === 'day' ? (d.n === 1 ? 'ref.dur.day' : 'ref.dur.days') : d.n === 1 ? 'ref.dur.week' : 'ref.dur.weeks');
    return t(d.approx ? 'ref.dur.approx' : 'ref.dur.exact', { n: d.n, unit });
  };
  /** A fact's value in words: yes/no, weeks rounded ("ca. 13 uker"), numbers with a decimal comma. */
  const showValue = (id: string, v: unknown) => {
    if (typeof v === 'boolean') return v ? t('ref.yes') : t('ref.no');
    if (typeof v === 'number') return FACT_BY_ID.get(id)?.unit === 'uker' ? duration(v) : showNumber(v, locale);
    return enumValueLabel(id, String(v), locale);
  };

  /** What the text already says (or what follows from it) for a question the referrer has not answered. */
  const fromText = (id: string) => {
    const shown = shownAnswer(id, answers, advice?.facts);
    return shown.fromNote ? `${t('ref.fromText')}: ${showValue(id, shown.value)}` : undefined;
  };
  /** The number the note gives for a number question the referrer has not answered, as written in the field. */
  const notedNumber = (id: string) => {
    const shown = shownAnswer(id, answers, advice?.facts);
    return shown.fromNote && typeof shown.value === 'number' ? showNumber(shown.value, locale) : undefined;
  };
  /** The choice a yes/no or list question shows: the referrer's answer, else the note's ('' = not stated). */
  const choice = (id: string) => {
    const v = shownAnswer(id, answers, advice?.facts).value;
    return v === undefined ? '' : String(v);
  };

  const setAnswer = (id: string, v: string, type: Question['type']) => {
    const next = { ...answers };
    if (v === '') delete next[id];
    else next[id] = type === 'boolean' ? v === 'true' : type === 'number' ? Number(v.replace(',', '.')) : v;
    setAnswers(next);
  };

  // Enter in a one-line field never sends the referral; in the patient search it searches.
  const onFormKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    const el = e.target as HTMLElement;
    if (!isImplicitSubmit(e.key, el.tagName, el.getAttribute('type'))) return;
    e.preventDefault();
    if (el.closest('[data-patient-search]')) void findPatient();
  };

  const altExam = a?.rating === 'usually_not_appropriate' && a.alternative?.examCode && examByCode.has(a.alternative.examCode) ? a.alternative.examCode : null;

  return (
    <VStack gap="space-20">
      <Heading level="1" size="large">
        {t('ref.title')}
      </Heading>
      <form className="referral-form" onSubmit={(e) => void send(e)} onKeyDown={onFormKeyDown} noValidate aria-label={t('ref.title')}>
        <div className="referral-form__fields">
          <VStack gap="space-16">
            <Box as="section" aria-labelledby="h-patient">
              <Heading level="2" size="small" id="h-patient" spacing ref={patientHeadingRef} tabIndex={-1}>
                {t('ref.patient')}
              </Heading>
              {patient ? (
                <HStack gap="space-8" align="center" wrap>
                  <BodyShort>
                    <strong>
                      {patient.givenName} {patient.familyName}
                    </strong>
                    ,{' '}
                    {t('ref.patientLine', {
                      date: showDate(patient.birthDate),
                      age: patient.age,
                      sex: t(`ref.sex.${patient.sex}`),
                      municipality: patient.municipalityName,
                    })}
                  </BodyShort>
                  {!sent && (
                    <Button size="small" variant="tertiary" type="button" onClick={() => setPatient(null)}>
                      {t('ref.changePatient')}
                    </Button>
                  )}
                </HStack>
              ) : (
                <VStack gap="space-8" data-patient-search="">
                  <HStack gap="space-8" align="end" wrap>
                    <TextField
                      label={t('ref.patientQuery')}
                      description={t('ref.patientQueryHelp')}
                      size="small"
                      value={patientQuery}
                      onChange={(e) => setPatientQuery(e.target.value)}
                      error={patientError?.field === 'query' ? patientError.message : undefined}
                      autoComplete="off"
                    />
                    <TextField
                      label={t('ref.birthDate')}
                      description={t('ref.birthDateHelp')}
                      size="small"
                      htmlSize={12}
                      inputMode="numeric"
                      value={birthDate}
                      onChange={(e) => setBirthDate(e.target.value)}
                      error={patientError?.field === 'birthDate' ? patientError.message : undefined}
                      autoComplete="off"
                    />
                    <Button size="small" variant="secondary" type="button" onClick={() => void findPatient()}>
                      {t('ref.findPatient')}
                    </Button>
                  </HStack>
                  {patientHits && patientHits.length > 1 && (
                    <Box as="section" aria-labelledby="h-hits">
                      <Label id="h-hits" size="small">
                        {t('ref.patientHits', { count: patientHits.length })}
                      </Label>
                      <ul className="referral-form__hits">
                        {patientHits.map((h) => (
                          <li key={h.id}>
                            <Button size="small" variant="secondary-neutral" type="button" onClick={() => choosePatient(h)}>
                              {h.givenName} {h.familyName},{' '}
                              {t('ref.patientLine', { date: showDate(h.birthDate), age: h.age, sex: t(`ref.sex.${h.sex}`), municipality: h.municipalityName })}
                            </Button>
                          </li>
                        ))}
                      </ul>
                      {patientHits.length >= 10 && <Detail textColor="subtle">{t('ref.patientMany', { count: patientHits.length })}</Detail>}
                    </Box>
                  )}
                </VStack>
              )}
            </Box>
            <div ref={examBoxRef}>
              <UNSAFE_Combobox
                label={t('ref.exam')}
                description={t('ref.examHelp')}
                options={examOptions}
                filteredOptions={filteredExamOptions}
                selectedOptions={selectedExam}
                value={examQuery}
                onChange={(v) => setExamQuery(v)}
                onToggleSelected={(v, isSelected) => {
                  setExamCode(isSelected ? v : '');
                  setExamQuery(isSelected ? (examOptions.find((o) => o.value === v)?.label ?? '') : '');
                  setSwitched(null);
                }}
                size="small"
              />
            </div>
            {switched && switched.to === examCode && (
              <Alert variant="info" size="small" role="status">
                <VStack gap="space-8" align="start">
                  <BodyShort size="small">{t('ref.switched', { from: examName(switched.from), to: examName(switched.to) })}</BodyShort>
                  <Button ref={undoRef} size="xsmall" variant="secondary" type="button" onClick={undoSwitch}>
                    {t('ref.undoSwitch', { exam: examName(switched.from) })}
                  </Button>
                </VStack>
              </Alert>
            )}
            {examCode && catalog && (
              <Box>
                {examTopics.length === 0 ? (
                  <Detail textColor="subtle">{t('ref.noTopic')}</Detail>
                ) : (
                  <>
                    <Label size="small" as="p">
                      {t('ref.topicFor')}:{' '}
                      {examTopics.map((x, i) => (
                        <span key={x.id}>
                          {i > 0 ? ' · ' : ''}
                          <AppLink to={`/henvisningsrad/${x.id}`}>{tr(x.title, locale)}</AppLink>
                          {a?.topicId === x.id && examTopics.length > 1 ? ` (${t('ref.appliesTo').toLowerCase()})` : ''}
                        </span>
                      ))}
                    </Label>
                    {examTopics.length > 1 && !examTopics.some((x) => x.id === a?.topicId) && <Detail textColor="subtle">{t('ref.topicChoice')}</Detail>}
                  </>
                )}
              </Box>
            )}
            <UNSAFE_Combobox
              label={t('ref.indication')}
              options={indicationOptions}
              size="small"
              onToggleSelected={(v, selected) => {
                const [system, code] = v.split('|');
                setIndication(selected ? { system, code } : { system: indication.system, code: '' });
              }}
            />
            <HStack gap="space-8">
              <Select
                label={t('ref.indicationSystem')}
                size="small"
                value={indication.system}
                onChange={(e) => setIndication({ ...indication, system: e.target.value })}
              >
                <option value="ICPC-2">ICPC-2</option>
                <option value="ICD-10">ICD-10</option>
              </Select>
              <TextField
                label={t('ref.indicationCode')}
                size="small"
                value={indication.code}
                onChange={(e) => setIndication({ ...indication, code: e.target.value })}
                htmlSize={8}
              />
            </HStack>
            <TextField label={t('ref.question')} value={question} onChange={(e) => setQuestion(e.target.value)} />
            <Textarea label={t('ref.text')} description={t('ref.textHelp')} value={text} onChange={(e) => setText(e.target.value)} minRows={4} />
            {advice && advice.questions.length > 0 && (
              <Box as="fieldset" padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle" className="referral-form__fieldset">
                <legend>
                  <Label>{t('ref.questions')}</Label>
                </legend>
                <VStack gap="space-12">
                  {advice.questions.map((q) =>
                    q.type === 'boolean' ? (
                      <RadioGroup
                        key={q.id}
                        legend={tr(q.question, locale)}
                        description={fromText(q.id)}
                        size="small"
                        value={choice(q.id)}
                        onChange={(v: string) => setAnswer(q.id, v, 'boolean')}
                      >
                        <HStack gap="space-16">
                          <Radio value="true">{t('ref.yes')}</Radio>
                          <Radio value="false">{t('ref.no')}</Radio>
                          <Radio value="">{t('ref.unknown')}</Radio>
                        </HStack>
                      </RadioGroup>
                    ) : q.type === 'enum' ? (
                      <Select
                        key={q.id}
                        label={tr(q.question, locale)}
                        description={fromText(q.id)}
                        size="small"
                        value={choice(q.id)}
                        onChange={(e) => setAnswer(q.id, e.target.value, 'enum')}
                      >
                        <option value="">{t('ref.unknown')}</option>
                        {(q.values ?? []).map((v) => (
                          <option key={v} value={v}>
                            {enumValueLabel(q.id, v, locale)}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <TextField
                        key={q.id}
                        label={tr(q.question, locale)}
                        description={fromText(q.id)}
                        size="small"
                        inputMode="decimal"
                        htmlSize={8}
                        // The note's number shows greyed in the empty field (a value would keep coming back when cleared).
                        placeholder={notedNumber(q.id)}
                        value={answers[q.id] === undefined ? '' : String(answers[q.id])}
                        onChange={(e) => setAnswer(q.id, e.target.value, 'number')}
                      />
                    ),
                  )}
                </VStack>
              </Box>
            )}
            <Box as="fieldset" padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle" className="referral-form__fieldset">
              <legend>
                <Label>{t('ref.contra')}</Label>
              </legend>
              <HStack gap="space-16" align="end" wrap>
                <Checkbox checked={!!contra.pregnant} onChange={(e) => setContra({ ...contra, pregnant: e.target.checked })}>
                  {t('ref.pregnant')}
                </Checkbox>
                <Checkbox checked={!!contra.pacemaker} onChange={(e) => setContra({ ...contra, pacemaker: e.target.checked })}>
                  {t('ref.pacemaker')}
                </Checkbox>
                <Checkbox checked={!!contra.metalImplant} onChange={(e) => setContra({ ...contra, metalImplant: e.target.checked })}>
                  {t('ref.metal')}
                </Checkbox>
                <Checkbox checked={!!contra.contrastAllergy} onChange={(e) => setContra({ ...contra, contrastAllergy: e.target.checked })}>
                  {t('ref.contrastAllergy')}
                </Checkbox>
                <TextField
                  label={t('ref.egfr')}
                  size="small"
                  htmlSize={6}
                  inputMode="numeric"
                  value={contra.egfr ?? ''}
                  onChange={(e) => setContra({ ...contra, egfr: e.target.value ? Number(e.target.value) : undefined })}
                />
              </HStack>
            </Box>
            <HStack gap="space-16" wrap>
              <Select label={t('ref.urgency')} size="small" value={urgency} onChange={(e) => setUrgency(e.target.value)}>
                {['routine', 'urgent', 'emergency', 'planned'].map((u) => (
                  <option key={u} value={u}>
                    {t(`ref.urgency.${u}` as MessageKey)}
                  </option>
                ))}
              </Select>
              <Select
                label={t('ref.department')}
                size="small"
                value={departmentId}
                onChange={(e) => setDepartmentId(e.target.value)}
                className="referral-form__department"
              >
                <option value="">{t('ref.chooseDepartment')}</option>
                {(catalog?.departments ?? []).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </Select>
            </HStack>
          </VStack>
        </div>
        <div className="referral-form__advice">
          <AdvicePanel response={advice} updating={updating} examTopics={examTopics} hasExam={!!examCode} hasPatient={!!patient} showValue={showValue} />
        </div>
        <div className="referral-form__decide">
          <VStack gap="space-16">
            {a?.rating === 'usually_not_appropriate' && (
              <Box as="fieldset" padding="space-12" borderWidth="1" borderRadius="8" borderColor="warning" className="referral-form__fieldset">
                <legend>
                  <Label>{t('ref.override')}</Label>
                </legend>
                <VStack gap="space-8" align="start">
                  {altExam && (
                    <Button size="small" variant="secondary" type="button" onClick={() => switchToAlternative(altExam)}>
                      {t('ref.switchTo', { exam: examName(altExam) })}
                    </Button>
                  )}
                  {a.alternative && !a.alternative.examCode && (
                    <Checkbox
                      checked={decision?.kind === 'accept_alternative'}
                      onChange={(e) => setDecision(e.target.checked ? { kind: 'accept_alternative' } : null)}
                    >
                      {t('ref.withdrawOption')}: {tr(a.alternative.text, locale)}
                    </Checkbox>
                  )}
                  <Select
                    label={t('ref.overrideReason')}
                    size="small"
                    value={decision?.kind === 'override' ? decision.reasonCode : ''}
                    onChange={(e) =>
                      setDecision(
                        e.target.value
                          ? { kind: 'override', reasonCode: e.target.value, reasonText: decision?.kind === 'override' ? decision.reasonText : undefined }
                          : null,
                      )
                    }
                  >
                    <option value="">–</option>
                    {(catalog?.overrideReasons ?? []).map((r) => (
                      <option key={r.code} value={r.code}>
                        {tr(r.display, locale)}
                      </option>
                    ))}
                  </Select>
                  {decision?.kind === 'override' && (
                    <TextField
                      label={t('ref.overrideText')}
                      size="small"
                      value={decision.reasonText ?? ''}
                      onChange={(e) => setDecision({ ...decision, reasonText: e.target.value })}
                    />
                  )}
                </VStack>
              </Box>
            )}
            <div aria-live="polite">
              {result && (
                <Alert variant={result.ok ? 'success' : 'error'} size="small">
                  {result.message}
                </Alert>
              )}
            </div>
            <HStack gap="space-8" align="center" wrap>
              <Button type="submit" data-send="true" disabled={block.length > 0 || sent} loading={busy}>
                {t('ref.send')}
              </Button>
              {sent && (
                <Button type="button" variant="secondary" onClick={() => window.location.assign('/referrals/new')}>
                  {t('nav.newReferral')}
                </Button>
              )}
              {block.length > 0 && !sent && (
                <Detail textColor="subtle">
                  {t('ref.missing')}: {block.map((k) => t((BLOCKER_WORDS[k] ?? k) as MessageKey)).join(', ')}
                </Detail>
              )}
            </HStack>
          </VStack>
        </div>
      </form>
    </VStack>
  );
}

function AdvicePanel({
  response,
  updating,
  examTopics,
  hasExam,
  hasPatient,
  showValue,
}: {
  response: AdviceResponse | null;
  updating: boolean;
  examTopics: TopicSummary[];
  hasExam: boolean;
  hasPatient: boolean;
  showValue: (id: string, v: unknown) => string;
}) {
  const { t, locale } = useApp();
  const a = response?.advice ?? null;
  return (
    <Box
      as="aside"
      aria-labelledby="h-advice"
      padding="space-16"
      borderWidth="1"
      borderRadius="12"
      borderColor="neutral-subtle"
      className="referral-form__panel"
    >
      <VStack gap="space-12">
        <HStack justify="space-between" align="center">
          <Heading level="2" size="medium" id="h-advice">
            {t('ref.advice')}
          </Heading>
          {updating && <Detail textColor="subtle">{t('ref.updating')}</Detail>}
        </HStack>
        <div aria-live="polite">
          <VStack gap="space-12">
            {a && (
              <BodyShort size="small">
                {t('ref.appliesTo')}: <AppLink to={`/henvisningsrad/${a.topicId}`}>{tr(a.topicTitle, locale)}</AppLink>
              </BodyShort>
            )}
            {!a && hasExam && examTopics.length > 0 && (
              <VStack gap="space-4">
                <BodyShort size="small">
                  {t('ref.topicFor')}:{' '}
                  {examTopics.map((x, i) => (
                    <span key={x.id}>
                      {i > 0 ? ' · ' : ''}
                      <AppLink to={`/henvisningsrad/${x.id}`}>{tr(x.title, locale)}</AppLink>
                    </span>
                  ))}
                </BodyShort>
                {hasPatient && examTopics.length > 1 && <Detail textColor="subtle">{t('ref.topicChoice')}</Detail>}
              </VStack>
            )}
            {(!hasExam || !hasPatient) && <BodyShort>{t('ref.chooseExam')}</BodyShort>}
            {response && !a && examTopics.length === 0 && <BodyShort>{t('ref.noAdvice')}</BodyShort>}
            {a && (
              <>
                <Alert variant={ratingVariant(a.rating)}>
                  <Heading level="3" size="small" spacing>
                    {t(`ref.rating.${a.rating}` as MessageKey)}
                  </Heading>
                  <BodyShort>{tr(a.summary, locale)}</BodyShort>
                  {/* The score in words: what it measures and its scale (a bare "8 av 9" explained nothing). */}
                  {a.score !== null && <BodyShort size="small">{t('ref.scoreHelp', { score: a.score })}</BodyShort>}
                </Alert>
                <BodyLong size="small">{tr(a.explanation, locale)}</BodyLong>
                {a.missingFacts.length > 0 && (
                  <Box>
                    <Label size="small">{t('ref.missing')}</Label>
                    <ul style={{ margin: 0 }}>
                      {a.missingFacts.map((m) => (
                        <li key={m.id}>{tr(m.question, locale)}</li>
                      ))}
                    </ul>
                  </Box>
                )}
                {a.assumptions && a.assumptions.length > 0 && (
                  <Box>
                    <Label size="small">{t('ref.assumptions')}</Label>
                    <ul style={{ margin: 0 }}>
                      {a.assumptions.map((x) => (
                        <li key={x.id}>{tr(x.text, locale)}</li>
                      ))}
                    </ul>
                    <BodyShort size="small">{t('ref.assumptionsHint')}</BodyShort>
                  </Box>
                )}
                {a.alternative && (
                  <Box>
                    <Label size="small">{t('ref.alternative')}</Label>
                    <BodyShort size="small">{tr(a.alternative.text, locale)}</BodyShort>
                  </Box>
                )}
                {!a.reviewed && (
                  <div>
                    <Tag size="small" variant="warning">
                      {t('ref.notReviewed')}
                    </Tag>
                  </div>
                )}
                {a.sources.length > 0 && (
                  <Box>
                    <Label size="small">{t('ref.sources')}</Label>
                    <SourceList sources={a.sources} compact />
                  </Box>
                )}
              </>
            )}
          </VStack>
        </div>
        {response && response.understood.length > 0 && (
          <Box>
            <Label size="small">{t('ref.understood')}</Label>
            <Detail textColor="subtle">{t('ref.understoodHelp')}</Detail>
            <HStack gap="space-4" wrap style={{ marginTop: '0.25rem' }}>
              {response.understood
                .filter((s, i, all) => FACT_BY_ID.has(s.factId) && all.findIndex((x) => x.factId === s.factId && x.value === s.value) === i)
                .map((s, i) => {
                  const def = FACT_BY_ID.get(s.factId)!;
                  const label = def.unit === 'uker' ? labelWithoutUnit(def.label[locale]) : def.label[locale];
                  return (
                    <Tag key={i} size="small" variant={s.value === false ? 'neutral' : 'info'} title={`«${s.text}»`}>
                      {label}: {showValue(s.factId, s.value)}
                    </Tag>
                  );
                })}
            </HStack>
          </Box>
        )}
      </VStack>
    </Box>
  );
}
