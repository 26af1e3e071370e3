// The advice editor (/fagredaksjon/versjon/{id}): a form for what a clinician edits (title, the
// exams it applies to, age and sex, the questions to the referrer, sources, the rules with their
// outcomes, what applies otherwise), validated by the server as the editor types (the error is
// shown at its field), a preview that evaluates a sample referral in Norwegian free text with the
// outcome and the rules tried in words, the workflow steps, the publish checks and the impact
// preview over earlier referrals.
import {
  Alert,
  BodyShort,
  Box,
  Button,
  Chips,
  ErrorSummary,
  Heading,
  HGrid,
  HStack,
  ProgressBar,
  Select,
  Table,
  Tag,
  TextField,
  Textarea,
  VStack,
} from '@navikt/ds-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AuthoringReference, ImpactResult, PreviewResult, PublishChecks, ValidateResult, VersionDetail } from '../../shared/api/authoring.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { enumValueLabel, type FactValue } from '../../shared/facts.ts';
import { api, ApiError, get } from '../app/api.ts';
import { FactValuesEditor } from './fact-values.tsx';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { ratingVariant, type Rating } from '../referrals/advice-view.ts';
import { errorText, Field, ListPicker, type Ctx } from './fields.tsx';
import { TopicExtrasFields } from './topic-extras.tsx';
import { fieldLabel, getIn, isUnder, moveIn, problemText, removeAt, setIn, type Doc } from './paths.ts';
import { examNameIn, topicTitleIn } from './names.ts';
import './authoring.css';
import { osloYear } from '../app/oslo-time.ts';

const RATINGS = ['appropriate', 'may_be_appropriate', 'usually_not_appropriate'] as const;
const RADIATION = ['none', 'low', 'medium', 'high'] as const;
const ALTERNATIVES = ['exam', 'xray_first', 'watchful_waiting', 'clinical'] as const;

function OutcomeFields({ c, path, exams, sourceIds }: { c: Ctx; path: string[]; exams: AuthoringReference['exams']; sourceIds: string[] }) {
  const { t, locale } = useApp();
  const alt = getIn(c.doc, [...path, 'alternative']) as Record<string, unknown> | undefined;
  const chosen = (getIn(c.doc, [...path, 'sources']) as string[] | undefined) ?? [];
  return (
    <VStack gap="space-8">
      <HGrid columns={{ xs: 1, sm: 3 }} gap="space-8">
        <Select
          label={t('au.f.rating')}
          size="small"
          disabled={!c.editable}
          value={String(getIn(c.doc, [...path, 'rating']) ?? '')}
          onChange={(e) => c.update([...path, 'rating'], e.target.value)}
          error={errorText(c.errors, [...path, 'rating'])}
        >
          {RATINGS.map((r) => (
            <option key={r} value={r}>
              {t(`ref.rating.${r}` as MessageKey)}
            </option>
          ))}
        </Select>
        <Field c={c} path={[...path, 'score']} label={t('au.f.score')} type="number" />
        <Select
          label={t('au.f.radiation')}
          size="small"
          disabled={!c.editable}
          value={String(getIn(c.doc, [...path, 'radiation']) ?? '')}
          onChange={(e) => c.update([...path, 'radiation'], e.target.value)}
        >
          {RADIATION.map((r) => (
            <option key={r} value={r}>
              {t(`au.f.rad.${r}` as MessageKey)}
            </option>
          ))}
        </Select>
      </HGrid>
      <Field c={c} path={[...path, 'summary', 'nb']} label={t('au.f.summaryNb')} />
      <Field c={c} path={[...path, 'summary', 'en']} label={t('au.f.summaryEn')} />
      <Field c={c} path={[...path, 'explanation', 'nb']} label={t('au.f.explanationNb')} multiline />
      <Field c={c} path={[...path, 'explanation', 'en']} label={t('au.f.explanationEn')} multiline />
      <HGrid columns={{ xs: 1, sm: 3 }} gap="space-8">
        <Select
          label={t('au.f.alternative')}
          size="small"
          disabled={!c.editable}
          value={String(alt?.kind ?? '')}
          onChange={(e) => c.update([...path, 'alternative'], e.target.value ? { ...(alt ?? { text: { nb: '' } }), kind: e.target.value } : undefined)}
          error={errorText(c.errors, [...path, 'alternative'])}
        >
          <option value="">{t('au.f.altNone')}</option>
          {ALTERNATIVES.map((a) => (
            <option key={a} value={a}>
              {t(`au.f.alt.${a}` as MessageKey)}
            </option>
          ))}
        </Select>
        {alt && (alt.kind === 'exam' || alt.kind === 'xray_first') && (
          <Select
            label={t('au.f.altExam')}
            size="small"
            disabled={!c.editable}
            value={String(alt.exam_code ?? '')}
            onChange={(e) => c.update([...path, 'alternative', 'exam_code'], e.target.value)}
          >
            <option value="">–</option>
            {exams.map((x) => (
              <option key={x.code} value={x.code}>
                {examNameIn(x, locale)}
              </option>
            ))}
          </Select>
        )}
        {alt?.kind === 'watchful_waiting' && <Field c={c} path={[...path, 'alternative', 'weeks']} label={t('au.f.altWeeks')} type="number" />}
      </HGrid>
      {alt && <Field c={c} path={[...path, 'alternative', 'text', 'nb']} label={t('au.f.altText')} />}
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend>
          <BodyShort size="small" weight="semibold">
            {t('au.f.ruleSources')}
          </BodyShort>
        </legend>
        <Chips>
          {sourceIds.map((s) => (
            <Chips.Toggle
              key={s}
              selected={chosen.includes(s)}
              disabled={!c.editable}
              onClick={() => c.update([...path, 'sources'], chosen.includes(s) ? chosen.filter((x) => x !== s) : [...chosen, s])}
            >
              {s}
            </Chips.Toggle>
          ))}
        </Chips>
        {errorText(c.errors, [...path, 'sources']) && (
          <BodyShort size="small" className="navds-error-message">
            {errorText(c.errors, [...path, 'sources'])}
          </BodyShort>
        )}
      </fieldset>
    </VStack>
  );
}

export function VersionEditorPage({ versionId }: { versionId: string }) {
  const { t, locale } = useApp();
  const [v, setV] = useState<VersionDetail | null>(null);
  const [doc, setDoc] = useState<Doc>({});
  const [revision, setRevision] = useState(0);
  const [validation, setValidation] = useState<ValidateResult | null>(null);
  const [ref, setRef] = useState<AuthoringReference | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [conflict, setConflict] = useState(false);
  const [note, setNote] = useState('');
  const [effective, setEffective] = useState('');
  const [checks, setChecks] = useState<PublishChecks | null>(null);
  const loaded = useRef(false);

  const load = async () => {
    const r = await get<VersionDetail>(`/api/authoring/versions/${encodeURIComponent(versionId)}`);
    setV(r);
    setDoc(r.document as Doc);
    setRevision(r.revision);
    setConflict(false);
    loaded.current = true;
  };
  useEffect(() => {
    void load();
    void get<AuthoringReference>('/api/authoring/reference').then(setRef);
  }, [versionId]);
  // Validation as the editor types: the server's loader, debounced.
  useEffect(() => {
    if (!loaded.current) return;
    const h = setTimeout(() => void api<ValidateResult>('POST', '/api/authoring/validate', { document: doc }).then(setValidation), 350);
    return () => clearTimeout(h);
  }, [doc]);

  const editable = v?.state === 'draft';
  // In the editor's language: the server's loader writes its messages in English.
  const errors = useMemo(() => (validation?.errors ?? []).map((e) => ({ ...e, message: problemText(e, t), column: undefined })), [validation, t]);
  const c: Ctx = { doc, editable, errors, update: (path, value) => setDoc((d) => setIn(d, path, value)) };
  const exams = ref?.exams ?? [];
  const examOptions = useMemo(() => exams.map((x) => ({ value: x.code, label: examNameIn(x, locale) })), [exams, locale]);
  const examLabel = (code: string) => examOptions.find((o) => o.value === code)?.label ?? code;
  const factOptions = useMemo(
    () => (ref?.facts ?? []).map((f) => ({ value: f.id, label: locale === 'en' ? (f.label.en ?? f.label.nb) : f.label.nb })),
    [ref, locale],
  );
  const sources = (getIn(doc, ['sources']) as Record<string, unknown>[] | undefined) ?? [];
  const sourceIds = sources.map((s) => String(s.id ?? '')).filter(Boolean);
  const rules = (getIn(doc, ['rules']) as Record<string, unknown>[] | undefined) ?? [];
  const tests = (getIn(doc, ['tests']) as Record<string, unknown>[] | undefined) ?? [];

  const run = async (f: () => Promise<void>) => {
    setMessage(null);
    try {
      await f();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.fields.some((x) => x.field === 'revision')) setConflict(true);
      else setMessage({ kind: 'error', text: e instanceof ApiError ? [e.message, ...e.fields.map((x) => `${x.field}: ${x.message}`)].join(' · ') : String(e) });
    }
  };
  const save = () =>
    run(async () => {
      const r = await api<{ revision: number }>('PUT', `/api/authoring/versions/${versionId}`, { revision, document: doc, ...(note.trim() ? { note } : {}) });
      setRevision(r.revision);
      setMessage({ kind: 'success', text: t('au.edit.saved') });
    });
  const step = (s: string) =>
    run(async () => {
      const body: Record<string, string> = {};
      if (note.trim()) body.note = note.trim();
      if (effective) body.effectiveFrom = new Date(effective.trim().replace(' ', 'T')).toISOString();
      const r = await api<{ state: string; checks?: PublishChecks }>('POST', `/api/authoring/versions/${versionId}/${s}`, body);
      if (r.checks) setChecks(r.checks);
      setMessage({ kind: 'success', text: t('au.wf.done', { state: t(`au.state.${r.state}` as MessageKey) }) });
      setNote('');
      await load();
    });

  if (!v) return <BodyShort>{t('app.loading')}</BodyShort>;
  const title = topicTitleIn(doc, locale, v.topicId);
  return (
    <VStack gap="space-16">
      <AppLink to={`/fagredaksjon/tema/${v.topicId}`}>← {t('au.edit.back')}</AppLink>
      <HStack gap="space-8" align="center" wrap>
        <Heading level="1" size="large">
          {t('au.edit.title', { title, version: v.version })}
        </Heading>
        <Tag variant={v.state === 'published' ? 'success' : v.state === 'retired' || v.state === 'withdrawn' ? 'neutral' : 'info'}>
          {t(`au.state.${v.state}` as MessageKey)}
        </Tag>
      </HStack>
      <BodyShort size="small" textColor="subtle">
        {v.changeNote}
        {v.createdBy ? ` · ${v.createdBy}` : ''}
        {v.approvedBy ? ` · ${t('au.approvedBy')}: ${v.approvedBy}` : ''}
      </BodyShort>
      {!editable && <Alert variant="info">{t('au.edit.readonly')}</Alert>}
      {conflict && (
        <Alert variant="warning">
          <VStack gap="space-8">
            {t('au.edit.conflict')}
            <div>
              <Button size="small" variant="secondary" onClick={() => void load()}>
                {t('au.edit.reload')}
              </Button>
            </div>
          </VStack>
        </Alert>
      )}
      {message && <Alert variant={message.kind}>{message.text}</Alert>}
      {editable && errors.length > 0 && (
        <ErrorSummary heading={t('au.edit.invalid')} size="small">
          {errors.map((e, i) => (
            <ErrorSummary.Item key={i} href="#editor">
              {fieldLabel(e.path, t)}: {e.message}
            </ErrorSummary.Item>
          ))}
        </ErrorSummary>
      )}
      <HGrid columns={{ xs: 1, lg: '3fr 2fr' }} gap="space-24" align="start">
        <VStack gap="space-16" id="editor">
          <Box padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
            <VStack gap="space-8">
              <Field c={c} path={['title', 'nb']} label={t('au.f.titleNb')} />
              <Field c={c} path={['title', 'en']} label={t('au.f.titleEn')} />
              <ListPicker c={c} path={['applies_to', 'exam_codes']} options={examOptions} label={t('au.f.exams')} addLabel={t('au.f.addExam')} />
              <HGrid columns={{ xs: 1, sm: 3 }} gap="space-8">
                <Field c={c} path={['applies_to', 'age', 'min']} label={t('au.f.ageMin')} type="number" />
                <Field c={c} path={['applies_to', 'age', 'max']} label={t('au.f.ageMax')} type="number" />
                <Select
                  label={t('au.f.sex')}
                  size="small"
                  disabled={!editable}
                  value={String(getIn(doc, ['applies_to', 'sex']) ?? '')}
                  onChange={(e) => c.update(['applies_to', 'sex'], e.target.value || undefined)}
                >
                  <option value="">{t('au.f.sexAny')}</option>
                  <option value="F">{t('au.f.sexF')}</option>
                  <option value="M">{t('au.f.sexM')}</option>
                </Select>
              </HGrid>
              <ListPicker c={c} path={['facts']} options={factOptions} label={t('au.f.questions')} addLabel={t('au.f.addQuestion')} />
              <BodyShort size="small" textColor="subtle">
                {t('au.edit.otherFields')}
              </BodyShort>
            </VStack>
          </Box>
          <TopicExtrasFields c={c} factOptions={factOptions} facts={ref?.facts ?? []} sourceIds={sourceIds} />
          <Heading level="2" size="medium">
            {t('au.f.sources')}
          </Heading>
          {sources.map((_, i) => (
            <Box key={i} padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
              <HGrid columns={{ xs: 1, sm: 2 }} gap="space-8">
                <Field c={c} path={['sources', String(i), 'id']} label={t('au.f.sourceId')} />
                <Field c={c} path={['sources', String(i), 'year']} label={t('au.f.year')} type="number" />
                <Field c={c} path={['sources', String(i), 'title']} label={t('au.f.sourceTitle')} />
                <Field c={c} path={['sources', String(i), 'publisher']} label={t('au.f.publisher')} />
                <Field c={c} path={['sources', String(i), 'url']} label={t('au.f.url')} />
              </HGrid>
              {editable && (
                <Button size="xsmall" variant="tertiary" onClick={() => setDoc((d) => removeAt(d, ['sources'], i))}>
                  {t('au.f.remove')}
                </Button>
              )}
            </Box>
          ))}
          {editable && (
            <div>
              <Button
                size="small"
                variant="secondary"
                onClick={() =>
                  setDoc((d) => setIn(d, ['sources', String(sources.length)], { id: '', title: '', publisher: '', url: 'https://', year: osloYear() }))
                }
              >
                {t('au.f.addSource')}
              </Button>
            </div>
          )}
          <Heading level="2" size="medium">
            {t('au.f.rules')}
          </Heading>
          {rules.map((r, i) =>
            typeof r.include === 'string' ? (
              <BodyShort key={i} size="small" textColor="subtle">
                {r.include}
              </BodyShort>
            ) : (
              <Box
                key={i}
                padding="space-12"
                borderWidth="1"
                borderRadius="8"
                borderColor={errors.some((e) => isUnder(e.path, ['rules', String(i)])) ? 'danger' : 'neutral-subtle'}
              >
                <VStack gap="space-8">
                  <HStack gap="space-8" align="center" justify="space-between" wrap>
                    <Heading level="3" size="xsmall">
                      {t('au.f.rule', { n: i + 1 })}:{' '}
                      {String((locale === 'en' && getIn(r, ['outcome', 'summary', 'en'])) || (getIn(r, ['outcome', 'summary', 'nb']) ?? ''))}
                    </Heading>
                    {editable && (
                      <HStack gap="space-4">
                        <Button size="xsmall" variant="tertiary" onClick={() => setDoc((d) => moveIn(d, ['rules'], i, -1))}>
                          {t('au.f.up')}
                        </Button>
                        <Button size="xsmall" variant="tertiary" onClick={() => setDoc((d) => moveIn(d, ['rules'], i, 1))}>
                          {t('au.f.down')}
                        </Button>
                        <Button size="xsmall" variant="tertiary" onClick={() => setDoc((d) => removeAt(d, ['rules'], i))}>
                          {t('au.f.remove')}
                        </Button>
                      </HStack>
                    )}
                  </HStack>
                  <Field c={c} path={['rules', String(i), 'id']} label={t('au.f.ruleId')} />
                  <Field c={c} path={['rules', String(i), 'when']} label={t('au.f.when')} mono />
                  {validation?.words[String(r.id)] && (
                    <BodyShort size="small" textColor="subtle">
                      {t('au.f.inWords')}: {validation.words[String(r.id)][locale]}
                    </BodyShort>
                  )}
                  <OutcomeFields c={c} path={['rules', String(i), 'outcome']} exams={exams} sourceIds={sourceIds} />
                </VStack>
              </Box>
            ),
          )}
          {editable && (
            <div>
              <Button
                size="small"
                variant="secondary"
                onClick={() =>
                  setDoc((d) =>
                    setIn(d, ['rules', String(rules.length)], {
                      id: `regel-${rules.length + 1}`,
                      when: 'age >= 18',
                      outcome: {
                        rating: 'may_be_appropriate',
                        score: 5,
                        summary: { nb: '' },
                        explanation: { nb: '' },
                        radiation: 'none',
                        sources: sourceIds.slice(0, 1),
                      },
                    }),
                  )
                }
              >
                {t('au.f.addRule')}
              </Button>
            </div>
          )}
          <Heading level="2" size="medium">
            {t('au.f.otherwise')}
          </Heading>
          <Box padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
            <OutcomeFields c={c} path={['otherwise']} exams={exams} sourceIds={sourceIds} />
          </Box>
          <Heading level="2" size="medium">
            {t('au.f.tests', { n: tests.length })}
          </Heading>
          <BodyShort size="small">{t('au.f.testsHelp')}</BodyShort>
          {tests.map((x, i) => {
            const failed = checks?.tests.find((r) => r.name === x.name && !r.passed);
            const base = ['tests', String(i)];
            const codesOfTopic = (getIn(doc, ['applies_to', 'exam_codes']) as string[] | undefined) ?? [];
            return (
              <Box
                key={i}
                padding="space-12"
                borderWidth="1"
                borderRadius="8"
                borderColor={failed || errors.some((e) => isUnder(e.path, base)) ? 'danger' : 'neutral-subtle'}
              >
                <VStack gap="space-8">
                  <Field c={c} path={[...base, 'name']} label={t('au.f.testName')} />
                  <HGrid columns={{ xs: 1, sm: 3 }} gap="space-8">
                    <Select
                      label={t('au.pv.exam')}
                      size="small"
                      disabled={!editable}
                      value={String(getIn(x, ['input', 'exam_code']) ?? '')}
                      onChange={(e) => c.update([...base, 'input', 'exam_code'], e.target.value)}
                    >
                      {codesOfTopic.map((code) => (
                        <option key={code} value={code}>
                          {examLabel(code)}
                        </option>
                      ))}
                    </Select>
                    <Field c={c} path={[...base, 'input', 'age']} label={t('au.pv.age')} type="number" />
                    <Select
                      label={t('au.pv.sex')}
                      size="small"
                      disabled={!editable}
                      value={String(getIn(x, ['input', 'sex']) ?? 'F')}
                      onChange={(e) => c.update([...base, 'input', 'sex'], e.target.value)}
                    >
                      <option value="F">{t('au.pv.sexF')}</option>
                      <option value="M">{t('au.pv.sexM')}</option>
                    </Select>
                  </HGrid>
                  <Field c={c} path={[...base, 'input', 'text']} label={t('au.pv.text')} multiline />
                  <FactValuesEditor
                    facts={ref?.facts ?? []}
                    value={getIn(x, ['input', 'facts']) as Record<string, FactValue> | undefined}
                    onChange={(v) => c.update([...base, 'input', 'facts'], v)}
                    editable={editable}
                  />
                  <HGrid columns={{ xs: 1, sm: 2 }} gap="space-8">
                    <Select
                      label={t('au.f.expect')}
                      size="small"
                      disabled={!editable}
                      value={String(getIn(x, ['expect', 'rating']) ?? '')}
                      onChange={(e) => c.update([...base, 'expect', 'rating'], e.target.value)}
                    >
                      {[...RATINGS, 'needs_information'].map((r) => (
                        <option key={r} value={r}>
                          {t(`ref.rating.${r}` as MessageKey)}
                        </option>
                      ))}
                    </Select>
                    <Select
                      label={t('au.f.expectRule')}
                      size="small"
                      disabled={!editable}
                      value={String(getIn(x, ['expect', 'rule']) ?? '')}
                      onChange={(e) => c.update([...base, 'expect', 'rule'], e.target.value || undefined)}
                    >
                      <option value="">–</option>
                      {rules
                        .filter((r) => typeof r.id === 'string')
                        .map((r) => (
                          <option key={String(r.id)} value={String(r.id)}>
                            {String((locale === 'en' && getIn(r, ['outcome', 'summary', 'en'])) || (getIn(r, ['outcome', 'summary', 'nb']) ?? r.id))}
                          </option>
                        ))}
                      <option value="otherwise">{t('au.f.otherwise')}</option>
                    </Select>
                  </HGrid>
                  {failed && (
                    <BodyShort size="small" className="navds-error-message">
                      {t('au.wf.testFailed', { name: String(x.name), detail: failed.detail })}
                    </BodyShort>
                  )}
                  {editable && (
                    <div>
                      <Button size="xsmall" variant="tertiary" onClick={() => setDoc((d) => removeAt(d, ['tests'], i))}>
                        {t('au.f.remove')}
                      </Button>
                    </div>
                  )}
                </VStack>
              </Box>
            );
          })}
          {editable && (
            <div>
              <Button
                size="small"
                variant="secondary"
                onClick={() =>
                  setDoc((d) =>
                    setIn(d, ['tests', String(tests.length)], {
                      name: `test ${tests.length + 1}`,
                      input: {
                        exam_code: ((getIn(d, ['applies_to', 'exam_codes']) as string[] | undefined) ?? [])[0] ?? '',
                        age: 50,
                        sex: 'F',
                        facts: {},
                        text: '',
                      },
                      expect: { rating: 'may_be_appropriate' },
                    }),
                  )
                }
              >
                {t('au.f.addTest')}
              </Button>
            </div>
          )}
          {editable && (
            <HStack gap="space-8" align="end" wrap>
              <TextField label={t('au.changeNote')} size="small" value={note} onChange={(e) => setNote(e.target.value)} style={{ minWidth: '16rem' }} />
              <Button onClick={() => void save()} disabled={errors.length > 0 || conflict}>
                {t('au.edit.save')}
              </Button>
            </HStack>
          )}
        </VStack>
        <VStack gap="space-16" className="authoring-side">
          <PreviewPanel doc={doc} exams={exams} facts={ref?.facts ?? []} topicId={v.topicId} />
          <WorkflowPanel
            v={v}
            note={note}
            setNote={setNote}
            effective={effective}
            setEffective={setEffective}
            step={step}
            checks={checks}
            setChecks={setChecks}
            run={run}
          />
          <ImpactPanel versionId={v.id} run={run} />
        </VStack>
      </HGrid>
    </VStack>
  );
}

function PreviewPanel({
  doc,
  exams,
  facts: factDefs,
  topicId,
}: {
  doc: Doc;
  exams: AuthoringReference['exams'];
  facts: AuthoringReference['facts'];
  topicId: string;
}) {
  const { t, locale } = useApp();
  const codes = (getIn(doc, ['applies_to', 'exam_codes']) as string[] | undefined) ?? [];
  const examLabel = (code: string) => {
    const x = exams.find((e) => e.code === code);
    return x ? examNameIn(x, locale) : code;
  };
  const [exam, setExam] = useState('');
  const [age, setAge] = useState('45');
  const [sex, setSex] = useState<'F' | 'M'>('F');
  const [text, setText] = useState('');
  const [facts, setFacts] = useState<Record<string, FactValue>>({});
  const [result, setResult] = useState<PreviewResult | null>(null);
  const examCode = exam || codes[0] || '';
  useEffect(() => {
    if (!examCode || !/^\d{1,3}$/.test(age)) return;
    const h = setTimeout(
      () =>
        void api<PreviewResult>('POST', '/api/authoring/preview', {
          document: doc,
          sample: { examCode, ageYears: Number(age), sex, ...(text.trim() ? { text } : {}), ...(Object.keys(facts).length > 0 ? { facts } : {}) },
        })
          .then(setResult)
          .catch(() => setResult(null)),
      400,
    );
    return () => clearTimeout(h);
  }, [doc, examCode, age, sex, text, facts]);
  const a = result?.advice as
    | {
        rating: Rating;
        summary: { nb: string; en?: string };
        topicId: string;
        topicTitle: { nb: string; en?: string };
        missingFacts: { question: { nb: string; en: string } }[];
      }
    | null
    | undefined;
  return (
    <Box padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle" as="section" aria-labelledby="pv-title">
      <VStack gap="space-8">
        <Heading level="2" size="small" id="pv-title">
          {t('au.pv.title')}
        </Heading>
        <HGrid columns={{ xs: 1, sm: 3 }} gap="space-8">
          <Select label={t('au.pv.exam')} size="small" value={examCode} onChange={(e) => setExam(e.target.value)}>
            {codes.map((code) => (
              <option key={code} value={code}>
                {examLabel(code)}
              </option>
            ))}
          </Select>
          <TextField label={t('au.pv.age')} size="small" inputMode="numeric" value={age} onChange={(e) => setAge(e.target.value)} />
          <Select label={t('au.pv.sex')} size="small" value={sex} onChange={(e) => setSex(e.target.value as 'F' | 'M')}>
            <option value="F">{t('au.pv.sexF')}</option>
            <option value="M">{t('au.pv.sexM')}</option>
          </Select>
        </HGrid>
        <Textarea label={t('au.pv.text')} size="small" minRows={3} value={text} onChange={(e) => setText(e.target.value)} />
        <FactValuesEditor facts={factDefs} value={facts} onChange={setFacts} editable />
        <div aria-live="polite">
          {result && !result.ok && <BodyShort size="small">{t('au.edit.invalid')}</BodyShort>}
          {result?.ok && (
            <VStack gap="space-8">
              {!a && <BodyShort size="small">{t('au.pv.noAdvice')}</BodyShort>}
              {a && (
                <div>
                  <Tag variant={ratingVariant(a.rating)} size="small">
                    {t(`ref.rating.${a.rating}` as MessageKey)}
                  </Tag>{' '}
                  <BodyShort as="span" size="small" weight="semibold">
                    {locale === 'en' && a.summary.en ? a.summary.en : a.summary.nb}
                  </BodyShort>
                </div>
              )}
              {a && !result.fromThisTopic && a.topicId !== topicId && (
                <Alert variant="info" size="small">
                  {t('au.pv.otherTopic', { topic: (locale === 'en' ? a.topicTitle.en : undefined) || a.topicTitle.nb })}
                </Alert>
              )}
              {a && a.missingFacts.length > 0 && (
                <BodyShort size="small">{t('au.pv.missing', { facts: a.missingFacts.map((m) => m.question[locale]).join(' ') })}</BodyShort>
              )}
              {result.understood.length > 0 && (
                <div>
                  <BodyShort size="small" weight="semibold">
                    {t('au.pv.understood')}
                  </BodyShort>
                  <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
                    {result.understood.map((u, i) => (
                      <li key={i}>
                        <BodyShort size="small">
                          «{u.words}» → {u.fact[locale] ?? u.fact.nb}
                          {typeof u.value === 'boolean'
                            ? u.value
                              ? ''
                              : `: ${t('au.pv.not')}`
                            : `: ${typeof u.value === 'string' ? enumValueLabel(u.factId, u.value, locale) : String(u.value).replace('.', locale === 'nb' ? ',' : '.')}`}
                        </BodyShort>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <div>
                <BodyShort size="small" weight="semibold">
                  {t('au.pv.trace')}
                </BodyShort>
                <ol style={{ margin: 0, paddingLeft: '1.25rem' }}>
                  {result.trace.map((s, i) => (
                    <li key={i}>
                      <BodyShort size="small">
                        <Tag size="xsmall" variant={s.otherExam ? 'neutral' : s.result === 'holds' ? 'success' : s.result === 'fails' ? 'neutral' : 'warning'}>
                          {s.otherExam ? t('au.pv.otherExam') : t(`au.pv.${s.result}` as MessageKey)}
                        </Tag>{' '}
                        {s.condition[locale]} → {(locale === 'en' && s.summary.en) || s.summary.nb}
                      </BodyShort>
                    </li>
                  ))}
                </ol>
              </div>
            </VStack>
          )}
        </div>
      </VStack>
    </Box>
  );
}

function WorkflowPanel(p: {
  v: VersionDetail;
  note: string;
  setNote: (s: string) => void;
  effective: string;
  setEffective: (s: string) => void;
  step: (s: string) => Promise<void>;
  checks: PublishChecks | null;
  setChecks: (c: PublishChecks) => void;
  run: (f: () => Promise<void>) => Promise<void>;
}) {
  const { t } = useApp();
  const { v } = p;
  const steps: Record<string, string[]> = {
    draft: ['submit', 'withdraw'],
    in_review: [...(v.mayApprove ? ['approve'] : []), 'return', 'withdraw'],
    approved: ['publish', 'return', 'withdraw'],
    published: ['retire'],
  };
  const list = steps[v.state] ?? [];
  const c = p.checks ?? (v.checks as PublishChecks | null);
  return (
    <Box padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle" as="section">
      <VStack gap="space-8">
        <Heading level="2" size="small">
          {t(`au.state.${v.state}` as MessageKey)}
        </Heading>
        {v.state === 'in_review' && !v.mayApprove && (
          <Alert variant="info" size="small">
            {t('au.wf.ownChange')}
          </Alert>
        )}
        {list.length > 0 && <Textarea label={t('au.wf.note')} size="small" minRows={2} value={p.note} onChange={(e) => p.setNote(e.target.value)} />}
        {(v.state === 'approved' || v.state === 'published') && (
          <TextField
            label={t('au.wf.effective')}
            description={t('au.wf.effectiveFormat')}
            size="small"
            value={p.effective}
            onChange={(e) => p.setEffective(e.target.value)}
          />
        )}
        <HStack gap="space-8" wrap>
          {list.map((s) => (
            <Button
              key={s}
              size="small"
              variant={s === 'withdraw' || s === 'return' || s === 'retire' ? 'secondary' : 'primary'}
              onClick={() => void p.step(s)}
            >
              {t(`au.wf.${s}` as MessageKey)}
            </Button>
          ))}
          <Button
            size="small"
            variant="tertiary"
            onClick={() => void p.run(async () => p.setChecks(await api<PublishChecks>('POST', `/api/authoring/versions/${v.id}/checks`)))}
          >
            {t('au.wf.checks')}
          </Button>
        </HStack>
        {c && (
          <div aria-live="polite">
            {c.passed ? (
              <Alert variant="success" size="small">
                {t('au.wf.checksPassed', {
                  n: c.tests.length,
                  before: c.vignettes.before.agree,
                  after: c.vignettes.after.agree,
                  total: c.vignettes.after.total,
                })}
              </Alert>
            ) : (
              <Alert variant="warning" size="small">
                <VStack gap="space-4">
                  {t('au.wf.checksFailed')}
                  {c.tests
                    .filter((x) => !x.passed)
                    .map((x) => (
                      <span key={x.name}>{t('au.wf.testFailed', { name: x.name, detail: x.detail })}</span>
                    ))}
                  {c.vignettes.fell && (
                    <span>
                      {t('au.wf.vignettesFell', { before: c.vignettes.before.agree, after: c.vignettes.after.agree, total: c.vignettes.after.total })}
                    </span>
                  )}
                </VStack>
              </Alert>
            )}
          </div>
        )}
      </VStack>
    </Box>
  );
}

function ImpactPanel({ versionId, run }: { versionId: string; run: (f: () => Promise<void>) => Promise<void> }) {
  const { t } = useApp();
  const [months, setMonths] = useState('12');
  const [job, setJob] = useState<ImpactResult | null>(null);
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const h = setTimeout(() => void get<ImpactResult>(`/api/authoring/impact/${job.id}`).then(setJob), 1000);
    return () => clearTimeout(h);
  }, [job]);
  const rating = (r: string) => (r === 'none' ? t('au.impact.noAdvice') : t(`ref.rating.${r}` as MessageKey));
  return (
    <Box padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle" as="section">
      <VStack gap="space-8">
        <Heading level="2" size="small">
          {t('au.impact.title')}
        </Heading>
        <HStack gap="space-8" align="end">
          <Select label={t('au.impact.months')} size="small" value={months} onChange={(e) => setMonths(e.target.value)}>
            {['3', '6', '12', '24'].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
          <Button
            size="small"
            variant="secondary"
            loading={job?.state === 'running'}
            onClick={() =>
              void run(async () => setJob(await api<ImpactResult>('POST', `/api/authoring/versions/${versionId}/impact`, { months: Number(months) })))
            }
          >
            {t('au.impact.run')}
          </Button>
        </HStack>
        {job && (
          <div aria-live="polite">
            <ProgressBar
              value={job.processed}
              valueMax={Math.max(job.total, 1)}
              aria-label={t('au.impact.progress', { done: job.processed, total: job.total })}
            />
            <BodyShort size="small">{t('au.impact.progress', { done: job.processed, total: job.total })}</BodyShort>
            {job.state === 'done' && (
              <>
                <BodyShort size="small" weight="semibold">
                  {t('au.impact.result', { changed: job.changed, total: job.total })}
                </BodyShort>
                <Table size="small">
                  <Table.Header>
                    <Table.Row>
                      <Table.HeaderCell scope="col">{t('au.impact.change')}</Table.HeaderCell>
                      <Table.HeaderCell scope="col" align="right">
                        {t('au.impact.count')}
                      </Table.HeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {Object.entries(job.transitions).map(([k, n]) => {
                      const [from, to] = k.split('→');
                      return (
                        <Table.Row key={k}>
                          <Table.DataCell>
                            {rating(from)} → {rating(to)}
                          </Table.DataCell>
                          <Table.DataCell align="right">{n}</Table.DataCell>
                        </Table.Row>
                      );
                    })}
                  </Table.Body>
                </Table>
              </>
            )}
          </div>
        )}
      </VStack>
    </Box>
  );
}
