// A sampled referral shown to a radiologist for a blind second assessment: what the referrer
// wrote and the advice they saw, without the first assessor's decision. Keyboard: 1–9 choose a
// category, Enter saves.
import { Alert, BodyShort, Box, Button, Heading, HStack, Radio, RadioGroup, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { BlindQueue, BlindView } from '../../shared/api/task-sharing.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink, useRoute } from '../app/router.tsx';
import { formatFnr } from '../assessment/inbox-view.ts';
import './task-sharing.css';
import { osloDate } from '../app/oslo-time.ts';

export function BlindAssessmentPage({ id }: { id: string }) {
  const { t, locale } = useApp();
  const { navigate } = useRoute();
  const [view, setView] = useState<BlindView | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [choice, setChoice] = useState<string>('');
  const [state, setState] = useState<'idle' | 'busy' | 'saved' | 'conflict'>('idle');

  useEffect(() => {
    setView(null);
    setChoice('');
    setState('idle');
    get<BlindView>(`/api/task-sharing/referrals/${encodeURIComponent(id)}`)
      .then(setView)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [id]);

  useEffect(() => {
    if (!view || view.done) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement && e.target.type !== 'radio') return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= view.categories.length) setChoice(view.categories[n - 1].code);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view]);

  if (error && !view) return <Alert variant="error">{t(error)}</Alert>;
  if (!view) return <BodyShort>{t('app.loading')}</BodyShort>;
  const date = (iso: string | null) => osloDate(iso, locale, 'long');

  const save = async () => {
    if (!choice) return;
    setState('busy');
    setError(null);
    try {
      await api('POST', `/api/task-sharing/referrals/${encodeURIComponent(id)}/second-assessment`, { outcome: choice });
      setState('saved');
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setState('conflict');
      else {
        setError(requestErrorKey(e));
        setState('idle');
      }
    }
  };
  const next = async () => {
    const q = await get<BlindQueue>('/api/task-sharing/queue');
    const other = q.rows.find((r) => r.id !== id);
    navigate(other ? `/oppgavedeling/${encodeURIComponent(other.id)}` : '/oppgavedeling');
  };

  const rows: [MessageKey, string | null][] = [
    [
      'asm.ref.patient',
      `${view.patient.name}, ${formatFnr(view.patient.fnr)}${view.patient.age !== null ? ` (${t('asm.age', { age: view.patient.age })})` : ''}`,
    ],
    ['asm.ref.exam', view.exam.name],
    ['asm.view.urgency', t(`ref.urgency.${view.urgency}` as MessageKey)],
    ['ts.blind.referrer', `${view.referrer.name}, ${view.referrer.organization}`],
    ['asm.ref.received', date(view.submittedAt)],
    ['ts.blind.indication', view.indication],
    ['ts.blind.question', view.clinicalQuestion],
    ['ts.blind.note2', view.clinicalNote],
  ];
  const finished = view.done || state === 'saved' || state === 'conflict';

  return (
    <VStack gap="space-16">
      <AppLink to="/oppgavedeling">← {t('ts.blind.back')}</AppLink>
      <Heading level="1" size="large">
        {t('ts.blind.title', { n: view.referralNumber })}
      </Heading>
      <Alert variant="info" size="small">
        {t('ts.blind.note')}
      </Alert>
      <Box padding="space-16" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
        <dl className="ts-facts">
          {rows
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k}>
                <dt>{t(k)}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          {view.advice && (
            <div>
              <dt>{t('ts.blind.advice')}</dt>
              <dd>
                {view.advice.topic}: {view.advice.summary}
              </dd>
            </div>
          )}
        </dl>
      </Box>
      {view.done && <Alert variant="info">{t('ts.blind.done')}</Alert>}
      {state === 'saved' && <Alert variant="success">{t('ts.blind.saved')}</Alert>}
      {state === 'conflict' && <Alert variant="warning">{t('ts.blind.conflict')}</Alert>}
      {error && <Alert variant="error">{t(error)}</Alert>}
      {!finished && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <VStack gap="space-12">
            <RadioGroup legend={t('ts.blind.choose')} description={t('ts.blind.keys', { n: view.categories.length })} value={choice} onChange={setChoice}>
              {view.categories.map((c, i) => (
                <Radio key={c.code} value={c.code}>
                  {i + 1}. {locale === 'en' ? c.label.en : c.label.nb}
                </Radio>
              ))}
            </RadioGroup>
            <HStack>
              <Button type="submit" disabled={!choice} loading={state === 'busy'}>
                {t('ts.blind.save')}
              </Button>
            </HStack>
          </VStack>
        </form>
      )}
      {finished && (
        <HStack>
          <Button type="button" onClick={() => void next()}>
            {t('ts.blind.next')}
          </Button>
        </HStack>
      )}
    </VStack>
  );
}
