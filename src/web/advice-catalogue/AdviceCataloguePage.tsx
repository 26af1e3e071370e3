// The public advice catalogue (/henvisningsrad, no login): the referral advice in effect now,
// searchable and by body region, each topic with its version, date and sources. Readable on a
// phone: one column of cards, no tables.
import { BodyShort, Box, Chips, Heading, HStack, Link, Search, Tag, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { CatalogueResult } from '../../shared/api/authoring.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { Loading } from '../app/Loading.tsx';
import { AppLink } from '../app/router.tsx';
import { ratingVariant, type Rating } from '../referrals/advice-view.ts';
import { osloFormat } from '../app/oslo-time.ts';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function AdviceCataloguePage() {
  const { t, locale } = useApp();
  const [q, setQ] = useState('');
  const [region, setRegion] = useState<string | null>(null);
  const [data, setData] = useState<CatalogueResult | null>(null);
  const [regions, setRegions] = useState<string[]>([]);
  useEffect(() => {
    const params = new URLSearchParams();
    if (q.trim()) params.set('q', q.trim());
    if (region) params.set('region', region);
    const handle = setTimeout(() => {
      void get<CatalogueResult>(`/api/advice-catalogue${params.size ? `?${params.toString()}` : ''}`).then((r) => {
        setData(r);
        if (!q.trim() && !region) setRegions(r.regions);
      });
    }, 200);
    return () => clearTimeout(handle);
  }, [q, region]);
  const tx = (x: { nb: string; en?: string }) => (locale === 'en' && x.en ? x.en : x.nb);
  const date = (iso: string) => osloFormat(iso, locale, { day: 'numeric', month: 'numeric', year: 'numeric' });
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('cat.title')}
      </Heading>
      <BodyShort>{t('cat.intro')}</BodyShort>
      <Search label={t('cat.search')} variant="simple" value={q} onChange={setQ} onClear={() => setQ('')} />
      <VStack gap="space-4">
        <BodyShort size="small" weight="semibold" id="cat-region">
          {t('cat.region')}
        </BodyShort>
        <Chips aria-labelledby="cat-region">
          <Chips.Toggle selected={region === null} onClick={() => setRegion(null)} checkmark={false}>
            {t('cat.allRegions')}
          </Chips.Toggle>
          {regions.map((r) => (
            <Chips.Toggle key={r} selected={region === r} onClick={() => setRegion(region === r ? null : r)} checkmark={false}>
              {cap(r)}
            </Chips.Toggle>
          ))}
        </Chips>
      </VStack>
      {!data && <Loading />}
      {data && (
        <BodyShort size="small" textColor="subtle" aria-live="polite">
          {data.topics.length === 0 ? t('cat.none') : t('cat.count', { n: data.topics.length })}
        </BodyShort>
      )}
      {data?.topics.map((topic) => (
        <Box key={topic.id} padding="space-16" borderWidth="1" borderRadius="8" borderColor="neutral-subtle" as="article">
          <VStack gap="space-8">
            <Heading level="2" size="small">
              <AppLink to={`/henvisningsrad/${topic.id}`}>{tx(topic.title)}</AppLink>
            </Heading>
            <HStack gap="space-8" wrap>
              <Tag size="xsmall" variant="neutral">
                {cap(topic.bodyRegion)}
              </Tag>
              <BodyShort size="small" textColor="subtle">
                {t('cat.version', { version: topic.version })}
                {topic.effectiveFrom ? `, ${t('cat.since', { date: date(topic.effectiveFrom) })}` : ''}
              </BodyShort>
            </HStack>
            <BodyShort size="small">
              <strong>{t('cat.exams')}:</strong> {topic.exams.map((e) => (locale === 'en' ? e.nameEn : e.name)).join(', ')}
            </BodyShort>
            <BodyShort size="small" textColor="subtle">
              {topic.reviewed ? t('cat.reviewed', { by: topic.reviewed.by, date: topic.reviewed.date }) : t('cat.notReviewed')}
            </BodyShort>
            <details>
              <summary>
                <BodyShort as="span" size="small" weight="semibold">
                  {t('cat.advice')} ({topic.advice.length})
                </BodyShort>
              </summary>
              <VStack gap="space-8" style={{ marginTop: '0.5rem' }}>
                {topic.advice.map((a, i) => (
                  <div key={i}>
                    <Tag size="xsmall" variant={ratingVariant(a.rating as Rating)}>
                      {t(`ref.rating.${a.rating}` as MessageKey)}
                    </Tag>{' '}
                    <BodyShort as="span" size="small">
                      {tx(a.summary)}
                    </BodyShort>
                    {a.exams && a.exams.length > 0 && (
                      <BodyShort size="small" textColor="subtle">
                        {t('guide.ruleExams')}: {a.exams.map((e) => (locale === 'en' ? e.nameEn : e.name)).join(', ')}
                      </BodyShort>
                    )}
                    <BodyShort size="small" textColor="subtle">
                      {t('guide.ruleCondition')}: {a.when[locale]}
                    </BodyShort>
                  </div>
                ))}
              </VStack>
            </details>
            <details>
              <summary>
                <BodyShort as="span" size="small" weight="semibold">
                  {t('cat.sources')} ({topic.sources.length})
                </BodyShort>
              </summary>
              <ul style={{ margin: '0.5rem 0 0', paddingLeft: '1.25rem' }}>
                {topic.sources.map((s) => (
                  <li key={s.url + s.title}>
                    <BodyShort size="small">
                      <Link href={s.url} target="_blank" rel="noreferrer">
                        {s.title}
                      </Link>{' '}
                      ({s.publisher}, {s.year})
                    </BodyShort>
                  </li>
                ))}
              </ul>
            </details>
            <AppLink to={`/henvisningsrad/${topic.id}`}>{t('cat.open')}</AppLink>
          </VStack>
        </Box>
      ))}
    </VStack>
  );
}
