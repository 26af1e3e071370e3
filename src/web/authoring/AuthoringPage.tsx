// The network editors' overview (/fagredaksjon): every topic with the version in effect, a
// scheduled one, an open change and silent mode; start a change or open the one in progress.
import { Alert, BodyShort, Box, Button, Heading, HStack, Tag, TextField, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { TopicSummary } from '../../shared/api/authoring.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink, useRoute } from '../app/router.tsx';
import { osloFormat } from '../app/oslo-time.ts';

export function AuthoringPage() {
  const { t, locale } = useApp();
  const { navigate } = useRoute();
  const [topics, setTopics] = useState<TopicSummary[] | null>(null);
  const [starting, setStarting] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void get<TopicSummary[]>('/api/authoring/topics').then(setTopics);
  }, []);
  const date = (iso: string) => osloFormat(iso, locale, { day: 'numeric', month: 'numeric', year: 'numeric' });
  const start = async (id: string) => {
    setError(null);
    try {
      const r = await api<{ id: string }>('POST', `/api/authoring/topics/${id}/drafts`, { note });
      navigate(`/fagredaksjon/versjon/${r.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('au.title')}
      </Heading>
      <BodyShort>{t('au.intro')}</BodyShort>
      {error && <Alert variant="error">{error}</Alert>}
      {!topics && <BodyShort>{t('app.loading')}</BodyShort>}
      {topics?.map((x) => (
        <Box key={x.id} padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle" as="section" aria-labelledby={`t-${x.id}`}>
          <VStack gap="space-8">
            <HStack gap="space-8" align="center" wrap>
              <Heading level="2" size="small" id={`t-${x.id}`}>
                <AppLink to={`/fagredaksjon/tema/${x.id}`}>{locale === 'en' && x.title.en ? x.title.en : x.title.nb}</AppLink>
              </Heading>
              <Tag size="xsmall" variant="neutral">
                {x.bodyRegion}
              </Tag>
              {x.silent && (
                <Tag size="xsmall" variant="warning">
                  {t('au.silentTag')}
                </Tag>
              )}
              {x.retired && (
                <Tag size="xsmall" variant="error">
                  {t('au.retiredTag')}
                </Tag>
              )}
            </HStack>
            <BodyShort size="small">
              {t('au.inEffect')}: {x.inEffect ? `${x.inEffect.version} (${t('au.from', { date: date(x.inEffect.effectiveFrom) })})` : t('au.none')}
              {x.scheduled ? ` · ${t('au.scheduled')}: ${x.scheduled.version} (${t('au.from', { date: date(x.scheduled.effectiveFrom) })})` : ''}
            </BodyShort>
            {x.open ? (
              <HStack gap="space-8" align="center">
                <Tag size="small" variant="info">
                  {t('au.open')}: {x.open.version} · {t(`au.state.${x.open.state}` as MessageKey)}
                </Tag>
                <AppLink to={`/fagredaksjon/versjon/${x.open.versionId}`}>{t('au.openDraft')}</AppLink>
              </HStack>
            ) : starting === x.id ? (
              <HStack gap="space-8" align="end" wrap>
                <TextField label={t('au.changeNote')} size="small" value={note} onChange={(e) => setNote(e.target.value)} style={{ minWidth: '16rem' }} />
                <Button size="small" disabled={!note.trim()} onClick={() => void start(x.id)}>
                  {t('au.newDraft')}
                </Button>
              </HStack>
            ) : (
              <div>
                <Button size="small" variant="secondary" onClick={() => setStarting(x.id)}>
                  {t('au.newDraft')}
                </Button>
              </div>
            )}
          </VStack>
        </Box>
      ))}
    </VStack>
  );
}
