// On the report page: ask a subspecialist in another trust for a second opinion or a consult
// (by subspecialty in a trust, or a named reader), and the requests already made on this exam.
// The choices come from the server (other trusts only); nothing shown is a code or an id.
import { Alert, BodyShort, Button, Detail, ExpansionCard, Radio, RadioGroup, Select, Textarea, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { ConsultList, ConsultSummary, ConsultTargets } from '../../shared/api/consult.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { consultErrorKey, targetText } from './consult-view.ts';

const DUE_HOURS = [4, 24, 72] as const;

export function ConsultRequestPanel({ examId }: { examId: string }) {
  const { t } = useApp();
  const [targets, setTargets] = useState<ConsultTargets | null>(null);
  const [mine, setMine] = useState<ConsultSummary[]>([]);
  const [kind, setKind] = useState<'second_opinion' | 'consult'>('second_opinion');
  const [mode, setMode] = useState<'subspecialty' | 'person'>('subspecialty');
  const [sub, setSub] = useState('');
  const [person, setPerson] = useState('');
  const [question, setQuestion] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ key: MessageKey; variant: 'success' | 'warning'; id?: string } | null>(null);

  useEffect(() => {
    get<ConsultTargets>(`/api/reading/consult-targets?examId=${encodeURIComponent(examId)}`)
      .then(setTargets)
      .catch(() => setTargets(null));
    get<ConsultList>('/api/reading/consults')
      .then((l) => setMine(l.outgoing.filter((c) => c.examId === examId)))
      .catch(() => setMine([]));
  }, [examId]);

  if (!targets) return null;
  const subs = targets.subspecialties;
  const ready = question.trim() && (mode === 'subspecialty' ? sub : person);
  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setNotice(null);
    const s = subs[Number(sub)];
    try {
      const c = await api<ConsultSummary>('POST', '/api/reading/consults', {
        examId,
        kind,
        question,
        target: mode === 'subspecialty' ? { subspecialty: s.subspecialty, trustId: s.trustId } : { personId: person },
        ...(due ? { dueHours: Number(due) } : {}),
      });
      setMine([...mine, c]);
      setQuestion('');
      setNotice({ key: 'rc.sent', variant: 'success', id: c.id });
    } catch (e) {
      setNotice({ key: e instanceof ApiError ? consultErrorKey(e.status, e.fields[0]?.message) : 'rc.error', variant: 'warning' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <ExpansionCard aria-label={t('rc.request.title')} size="small" defaultOpen={mine.length > 0}>
      <ExpansionCard.Header>
        <ExpansionCard.Title as="h2" size="small">
          {t('rc.request.title')}
        </ExpansionCard.Title>
      </ExpansionCard.Header>
      <ExpansionCard.Content>
        <VStack gap="space-12">
          {mine.length > 0 && (
            <VStack gap="space-4">
              <Detail weight="semibold">{t('rc.onExam')}</Detail>
              {mine.map((c) => (
                <BodyShort key={c.id} size="small">
                  <AppLink to={`/reading/consults/${encodeURIComponent(c.id)}`}>{`${t(`rc.kind.${c.kind}` as MessageKey)} – ${targetText(c, t)}`}</AppLink>
                  {` · ${t(`rc.status.${c.status}` as MessageKey)}${c.applied ? ` · ${t('rc.applied.short')}` : ''}`}
                </BodyShort>
              ))}
            </VStack>
          )}
          <BodyShort size="small">{t('rc.request.intro')}</BodyShort>
          {subs.length === 0 && targets.readers.length === 0 ? (
            <BodyShort>{t('rc.none.targets')}</BodyShort>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <VStack gap="space-12">
                <RadioGroup legend={t('rc.kind')} value={kind} onChange={(v: 'second_opinion' | 'consult') => setKind(v)} size="small">
                  <Radio value="second_opinion">{t('rc.kind.second_opinion')}</Radio>
                  <Radio value="consult">{t('rc.kind.consult')}</Radio>
                </RadioGroup>
                <RadioGroup legend={t('rc.to')} value={mode} onChange={(v: 'subspecialty' | 'person') => setMode(v)} size="small">
                  <Radio value="subspecialty">{t('rc.to.subspecialty')}</Radio>
                  <Radio value="person">{t('rc.to.person')}</Radio>
                </RadioGroup>
                {mode === 'subspecialty' ? (
                  <Select label={t('rc.subspecialty')} value={sub} onChange={(e) => setSub(e.target.value)} size="small">
                    <option value="">{t('rc.choose')}</option>
                    {subs.map((s, i) => (
                      <option key={`${s.trustId}-${s.subspecialty}`} value={String(i)}>
                        {t('rc.subspecialty.option', { sub: s.subspecialty, trust: s.trust, n: s.readers })}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Select label={t('rc.person')} value={person} onChange={(e) => setPerson(e.target.value)} size="small">
                    <option value="">{t('rc.choose')}</option>
                    {targets.readers.map((r) => (
                      <option key={r.personId} value={r.personId}>
                        {t('rc.person.option', { name: r.name, trust: r.trust, subs: r.subspecialties.join(', ') })}
                      </option>
                    ))}
                  </Select>
                )}
                <Textarea label={t('rc.question')} minRows={3} maxLength={4000} value={question} onChange={(e) => setQuestion(e.target.value)} />
                <Select label={t('rc.due')} value={due} onChange={(e) => setDue(e.target.value)} size="small">
                  <option value="">{t('rc.due.default')}</option>
                  {DUE_HOURS.map((h) => (
                    <option key={h} value={String(h)}>
                      {t('rc.due.hours', { n: h })}
                    </option>
                  ))}
                </Select>
                <div>
                  <Button type="submit" size="small" loading={busy} disabled={!ready}>
                    {t('rc.send')}
                  </Button>
                </div>
              </VStack>
            </form>
          )}
          {notice && (
            <Alert variant={notice.variant} size="small" role="status">
              {t(notice.key)} {notice.id && <AppLink to={`/reading/consults/${encodeURIComponent(notice.id)}`}>{t('rc.open')}</AppLink>}
            </Alert>
          )}
        </VStack>
      </ExpansionCard.Content>
    </ExpansionCard>
  );
}
