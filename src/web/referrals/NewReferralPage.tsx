import { Alert, BodyLong, BodyShort, Box, Button, Heading, HGrid, HStack, Label, Radio, RadioGroup, Select, Tag, Textarea, TextField, UNSAFE_Combobox, VStack, Checkbox, Detail } from '@navikt/ds-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { FACT_BY_ID } from '../../shared/facts.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { SourceList } from './SourceList.tsx';
import { blockers, ratingVariant, type Decision, type Rating } from './advice-view.ts';

interface Exam {
  code: string;
  name: string;
  name_en: string | null;
  modality: string;
  body_part: string;
}
interface Department {
  id: string;
  name: string;
  kind: string;
  region_id: string | null;
}
interface Catalog {
  exams: Exam[];
  departments: Department[];
  overrideReasons: { code: string; display: { nb: string; en: string } }[];
  indications: { system: 'ICPC-2' | 'ICD-10'; code: string; nameNb: string; nameEn: string }[];
  covered: string[];
}
interface Patient {
  id: string;
  fnr: string;
  givenName: string;
  familyName: string;
  age: number;
  sex: 'M' | 'F';
  municipalityName: string;
}
interface Question {
  id: string;
  type: 'boolean' | 'number' | 'enum';
  values?: string[];
  unit?: string;
  label: { nb: string; en: string };
  question: { nb: string; en: string };
}
interface Advice {
  topicId: string;
  topicTitle: { nb: string; en?: string };
  reviewed: boolean;
  rating: Rating;
  score: number | null;
  summary: { nb: string; en?: string };
  explanation: { nb: string; en?: string };
  alternative?: { kind: string; examCode?: string; weeks?: number; text: { nb: string; en?: string } };
  radiation: string | null;
  sources: { title: string; url: string; publisher: string; year: number }[];
  missingFacts: { id: string; question: { nb: string; en: string } }[];
  /** Unmentioned facts read by the topic's reviewed defaults ("forutsatt at … ikke foreligger"); they do not block sending. */
  assumptions?: { id: string; text: { nb: string; en: string } }[];
}
interface Span {
  factId: string;
  value: boolean | number | string;
  text: string;
  negated: boolean;
}
interface AdviceResponse {
  advice: Advice | null;
  facts: Record<string, unknown>;
  understood: Span[];
  questions: Question[];
}

const tr = (t: { nb: string; en?: string }, locale: string) => (locale === 'en' && t.en ? t.en : t.nb);

export function NewReferralPage() {
  const { t, locale } = useApp();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [fnr, setFnr] = useState('');
  const [patient, setPatient] = useState<Patient | null>(null);
  const [patientError, setPatientError] = useState<string | null>(null);
  const [examCode, setExamCode] = useState('');
  const [indication, setIndication] = useState({ system: 'ICPC-2', code: '' });
  const [question, setQuestion] = useState('');
  const [text, setText] = useState('');
  const [answers, setAnswers] = useState<Record<string, boolean | number | string>>({});
  const [contra, setContra] = useState<{ pregnant?: boolean; egfr?: number; pacemaker?: boolean; metalImplant?: boolean; contrastAllergy?: boolean }>({});
  const [urgency, setUrgency] = useState('routine');
  const [departmentId, setDepartmentId] = useState('');
  const [advice, setAdvice] = useState<AdviceResponse | null>(null);
  const [updating, setUpdating] = useState(false);
  const [decision, setDecision] = useState<Decision>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const draftId = useRef(crypto.randomUUID());

  useEffect(() => {
    void get<Catalog>('/api/referrals/catalog').then((c) => {
      setCatalog(c);
      if (c.departments[0]) setDepartmentId(c.departments[0].id);
    });
  }, []);

  // Advice as the referrer writes (debounced).
  useEffect(() => {
    if (!patient || !examCode) {
      setAdvice(null);
      return;
    }
    setUpdating(true);
    const timer = setTimeout(() => {
      const ind = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/.test(indication.code.trim().toUpperCase()) ? { system: indication.system, code: indication.code.trim().toUpperCase() } : undefined;
      api<AdviceResponse>('POST', '/api/referrals/advice', { draftId: draftId.current, examCode, patient: { ageYears: patient.age, sex: patient.sex }, indication: ind, text: [question, text].filter(Boolean).join('. '), facts: answers })
        .then((r) => {
          setAdvice(r);
          setDecision(null);
        })
        .catch(() => setAdvice(null))
        .finally(() => setUpdating(false));
    }, 400);
    return () => clearTimeout(timer);
  }, [patient, examCode, indication, question, text, answers]);

  const findPatient = async (e: FormEvent) => {
    e.preventDefault();
    setPatientError(null);
    try {
      const hits = await get<Patient[]>(`/api/patients?fnr=${encodeURIComponent(fnr.replace(/\s/g, ''))}`);
      if (hits.length === 0) setPatientError(t('ref.patientNotFound'));
      setPatient(hits[0] ?? null);
    } catch (err) {
      setPatientError(err instanceof ApiError ? err.message : t('app.error'));
    }
  };

  const indicationOptions = useMemo(
    () => (catalog?.indications ?? []).map((i) => ({ label: `${i.code} ${locale === 'en' ? i.nameEn : i.nameNb} (${i.system})`, value: `${i.system}|${i.code}` })),
    [catalog, locale],
  );
  const examOptions = useMemo(() => (catalog?.exams ?? []).map((e) => ({ label: `${e.name} (${e.code})${catalog?.covered.includes(e.code) ? ' ★' : ''}`, value: e.code })), [catalog]);
  const a = advice?.advice ?? null;
  const block = blockers({ patient: !!patient, exam: !!examCode, department: !!departmentId, question }, a, decision);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!patient || block.length > 0 || busy || sent) return;
    setBusy(true);
    const ind = /^[A-Z][0-9]{2}/.test(indication.code.trim().toUpperCase()) ? { system: indication.system, code: indication.code.trim().toUpperCase() } : undefined;
    try {
      const r = await api<{ id: string; examCode: string }>('POST', '/api/referrals', {
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
      });
      setResult({ ok: true, message: `${t('ref.sent')} (${r.examCode})` });
      setSent(true); // one referral per form: no double sending
    } catch (err) {
      setResult({ ok: false, message: err instanceof ApiError ? err.message : t('app.error') });
    } finally {
      setBusy(false);
    }
  };

  /** What the text already says for a question the referrer has not answered. */
  const fromText = (id: string) => {
    const v = advice?.facts[id];
    if (answers[id] !== undefined || v === undefined) return undefined;
    return `${t('ref.fromText')}: ${typeof v === 'boolean' ? (v ? t('ref.yes') : t('ref.no')) : String(v)}`;
  };

  const setAnswer = (id: string, v: string, type: Question['type']) => {
    const next = { ...answers };
    if (v === '') delete next[id];
    else next[id] = type === 'boolean' ? v === 'true' : type === 'number' ? Number(v.replace(',', '.')) : v;
    setAnswers(next);
  };

  return (
    <VStack gap="space-20">
      <Heading level="1" size="large">
        {t('ref.title')}
      </Heading>
      <HGrid columns={{ xs: 1, lg: '3fr 2fr' }} gap="space-32" align="start">
        <form onSubmit={(e) => void send(e)} noValidate aria-label={t('ref.title')}>
          <VStack gap="space-16">
            <Box as="section" aria-labelledby="h-patient">
              <Heading level="2" size="small" id="h-patient" spacing>
                {t('ref.patient')}
              </Heading>
              <HStack gap="space-8" align="end">
                <TextField label={t('ref.fnr')} size="small" value={fnr} onChange={(e) => setFnr(e.target.value)} error={patientError ?? undefined} inputMode="numeric" />
                <Button size="small" variant="secondary" type="button" onClick={(e) => void findPatient(e)}>
                  {t('ref.findPatient')}
                </Button>
              </HStack>
              {patient && (
                <BodyShort spacing>
                  <strong>
                    {patient.givenName} {patient.familyName}
                  </strong>
                  , {patient.age} år, {patient.sex === 'F' ? 'kvinne' : 'mann'}, {patient.municipalityName}
                </BodyShort>
              )}
            </Box>
            <UNSAFE_Combobox label={t('ref.exam')} description={t('ref.examSearch')} options={examOptions} onToggleSelected={(v, selected) => setExamCode(selected ? v : '')} size="small" shouldAutocomplete />
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
              <Select label={t('ref.indicationSystem')} size="small" value={indication.system} onChange={(e) => setIndication({ ...indication, system: e.target.value })}>
                <option value="ICPC-2">ICPC-2</option>
                <option value="ICD-10">ICD-10</option>
              </Select>
              <TextField label={t('ref.indicationCode')} size="small" value={indication.code} onChange={(e) => setIndication({ ...indication, code: e.target.value })} htmlSize={8} />
            </HStack>
            <TextField label={t('ref.question')} value={question} onChange={(e) => setQuestion(e.target.value)} />
            <Textarea label={t('ref.text')} description={t('ref.textHelp')} value={text} onChange={(e) => setText(e.target.value)} minRows={4} />
            {advice && advice.questions.length > 0 && (
              <Box as="fieldset" padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
                <legend>
                  <Label>{t('ref.questions')}</Label>
                </legend>
                <VStack gap="space-12">
                  {advice.questions.map((q) =>
                    q.type === 'boolean' ? (
                      <RadioGroup key={q.id} legend={tr(q.question, locale)} description={fromText(q.id)} size="small" value={answers[q.id] === undefined ? '' : String(answers[q.id])} onChange={(v: string) => setAnswer(q.id, v, 'boolean')}>
                        <HStack gap="space-16">
                          <Radio value="true">{t('ref.yes')}</Radio>
                          <Radio value="false">{t('ref.no')}</Radio>
                          <Radio value="">{t('ref.unknown')}</Radio>
                        </HStack>
                      </RadioGroup>
                    ) : q.type === 'enum' ? (
                      <Select key={q.id} label={tr(q.question, locale)} description={fromText(q.id)} size="small" value={String(answers[q.id] ?? '')} onChange={(e) => setAnswer(q.id, e.target.value, 'enum')}>
                        <option value="">{t('ref.unknown')}</option>
                        {(q.values ?? []).map((v) => (
                          <option key={v} value={v}>
                            {v}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <TextField key={q.id} label={tr(q.question, locale)} description={fromText(q.id)} size="small" inputMode="decimal" htmlSize={8} value={answers[q.id] === undefined ? '' : String(answers[q.id])} onChange={(e) => setAnswer(q.id, e.target.value, 'number')} />
                    ),
                  )}
                </VStack>
              </Box>
            )}
            <Box as="fieldset" padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
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
                <TextField label={t('ref.egfr')} size="small" htmlSize={6} inputMode="numeric" value={contra.egfr ?? ''} onChange={(e) => setContra({ ...contra, egfr: e.target.value ? Number(e.target.value) : undefined })} />
              </HStack>
            </Box>
            <HStack gap="space-16">
              <Select label={t('ref.urgency')} size="small" value={urgency} onChange={(e) => setUrgency(e.target.value)}>
                {['routine', 'urgent', 'emergency', 'planned'].map((u) => (
                  <option key={u} value={u}>
                    {t(`ref.urgency.${u}` as MessageKey)}
                  </option>
                ))}
              </Select>
              <Select label={t('ref.department')} size="small" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
                {(catalog?.departments ?? []).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </Select>
            </HStack>
            {a?.rating === 'usually_not_appropriate' && (
              <Box as="fieldset" padding="space-12" borderWidth="1" borderRadius="8" borderColor="warning">
                <legend>
                  <Label>{t('ref.override')}</Label>
                </legend>
                <VStack gap="space-8">
                  {a.alternative?.examCode && (
                    <Checkbox checked={decision?.kind === 'accept_alternative'} onChange={(e) => setDecision(e.target.checked ? { kind: 'accept_alternative' } : null)}>
                      {t('ref.acceptAlternative')}: {tr(a.alternative.text, locale)}
                    </Checkbox>
                  )}
                  <Select label={t('ref.overrideReason')} size="small" value={decision?.kind === 'override' ? decision.reasonCode : ''} onChange={(e) => setDecision(e.target.value ? { kind: 'override', reasonCode: e.target.value, reasonText: decision?.kind === 'override' ? decision.reasonText : undefined } : null)}>
                    <option value="">–</option>
                    {(catalog?.overrideReasons ?? []).map((r) => (
                      <option key={r.code} value={r.code}>
                        {tr(r.display, locale)}
                      </option>
                    ))}
                  </Select>
                  {decision?.kind === 'override' && <TextField label={t('ref.overrideText')} size="small" value={decision.reasonText ?? ''} onChange={(e) => setDecision({ ...decision, reasonText: e.target.value })} />}
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
            <HStack gap="space-8" align="center">
              <Button type="submit" disabled={block.length > 0 || sent} loading={busy}>
                {t('ref.send')}
              </Button>
              {sent && (
                <Button type="button" variant="secondary" onClick={() => window.location.assign('/referrals/new')}>
                  {t('nav.newReferral')}
                </Button>
              )}
              {block.length > 0 && (
                <Detail textColor="subtle">
                  {t('ref.missing')}: {block.map((k) => t(k as MessageKey)).join(', ')}
                </Detail>
              )}
            </HStack>
          </VStack>
        </form>
        <AdvicePanel response={advice} updating={updating} />
      </HGrid>
    </VStack>
  );
}

function AdvicePanel({ response, updating }: { response: AdviceResponse | null; updating: boolean }) {
  const { t, locale } = useApp();
  const a = response?.advice ?? null;
  return (
    <Box as="aside" aria-labelledby="h-advice" aria-live="polite" padding="space-16" borderWidth="1" borderRadius="12" borderColor="neutral-subtle" style={{ position: 'sticky', top: '1rem' }}>
      <VStack gap="space-12">
        <HStack justify="space-between" align="center">
          <Heading level="2" size="medium" id="h-advice">
            {t('ref.advice')}
          </Heading>
          {updating && <Detail textColor="subtle">{t('ref.updating')}</Detail>}
        </HStack>
        {!response && <BodyShort>{t('ref.chooseExam')}</BodyShort>}
        {response && !a && <BodyShort>{t('ref.noAdvice')}</BodyShort>}
        {a && (
          <>
            <Alert variant={ratingVariant(a.rating)}>
              <Heading level="3" size="small" spacing>
                {t(`ref.rating.${a.rating}` as MessageKey)}
                {a.score !== null ? ` · ${t('ref.score', { score: a.score })}` : ''}
              </Heading>
              <BodyShort>{tr(a.summary, locale)}</BodyShort>
            </Alert>
            <BodyShort size="small">
              <AppLink to={`/henvisningsrad/${a.topicId}`}>{tr(a.topicTitle, locale)}</AppLink>
            </BodyShort>
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
              <Tag size="small" variant="warning">
                {t('ref.notReviewed')}
              </Tag>
            )}
            {a.sources.length > 0 && (
              <Box>
                <Label size="small">{t('ref.sources')}</Label>
                <SourceList sources={a.sources} compact />
              </Box>
            )}
          </>
        )}
        {response && response.understood.length > 0 && (
          <Box>
            <Label size="small">{t('ref.understood')}</Label>
            <Detail textColor="subtle">{t('ref.understoodHelp')}</Detail>
            <HStack gap="space-4" wrap style={{ marginTop: '0.25rem' }}>
              {response.understood.map((s, i) => (
                <Tag key={i} size="small" variant={s.value === false ? 'neutral' : 'info'} title={`«${s.text}»`}>
                  {FACT_BY_ID.get(s.factId)?.label[locale] ?? s.factId}: {typeof s.value === 'boolean' ? (s.value ? t('ref.yes') : t('ref.no')) : String(s.value)}
                </Tag>
              ))}
            </HStack>
          </Box>
        )}
      </VStack>
    </Box>
  );
}
