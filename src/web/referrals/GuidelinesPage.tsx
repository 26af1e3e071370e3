// Public, read-only pages with each topic's referral advice (no login needed).
import { BodyLong, BodyShort, Box, Heading, Tag, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { GuideText, Outcome, RuleWords, TopicDetail, TopicSummary } from '../../shared/api/referrals.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink } from '../app/router.tsx';
import { ratingVariant } from './advice-view.ts';
import { SourceList } from './SourceList.tsx';

type Text = GuideText;
type Topic = TopicDetail;

export function GuidelinesPage({ topicId }: { topicId?: string }) {
  return topicId ? <TopicView id={topicId} /> : <TopicList />;
}

function TopicList() {
  const { t, locale } = useApp();
  const [topics, setTopics] = useState<TopicSummary[]>([]);
  useEffect(() => {
    void get<TopicSummary[]>('/api/guidelines').then(setTopics);
  }, []);
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('guide.title')}
      </Heading>
      <BodyLong>{t('guide.intro')}</BodyLong>
      <ul>
        {topics
          .filter((x) => x.status === 'published')
          .map((x) => (
            <li key={x.id}>
              <AppLink to={`/henvisningsrad/${x.id}`}>{locale === 'en' && x.title.en ? x.title.en : x.title.nb}</AppLink>{' '}
              <Detail names={x.exams.map((e) => (locale === 'en' ? e.nameEn : e.name))} />
            </li>
          ))}
      </ul>
    </VStack>
  );
}

function Detail({ names }: { names: string[] }) {
  return (
    <BodyShort as="span" size="small" textColor="subtle">
      ({names.join(', ')})
    </BodyShort>
  );
}

function TopicView({ id }: { id: string }) {
  const { t, locale } = useApp();
  const [topic, setTopic] = useState<Topic | null>(null);
  useEffect(() => {
    void get<Topic>(`/api/guidelines/${encodeURIComponent(id)}`).then(setTopic);
  }, [id]);
  const tx = (x: Text) => (locale === 'en' && x.en ? x.en : x.nb);
  if (!topic)
    return (
      <Heading level="1" size="large">
        {t('app.loading')}
      </Heading>
    );
  const outcome = (o: Outcome, key: string, when: RuleWords | null, exams?: { name: string; nameEn: string }[]) => (
    <Box key={key} padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
      <VStack gap="space-4">
        {exams && exams.length > 0 && (
          <BodyShort size="small" weight="semibold">
            {t('guide.ruleExams')}: {exams.map((e) => (locale === 'en' ? e.nameEn : e.name)).join(', ')}
          </BodyShort>
        )}
        {when === null ? (
          <BodyShort size="small" textColor="subtle">
            {t('guide.otherwiseText')}
          </BodyShort>
        ) : when.conditions[locale].length > 1 ? (
          <div>
            <BodyShort size="small" textColor="subtle">
              {t('guide.allOf')}
            </BodyShort>
            <ul style={{ margin: '0.25rem 0 0', paddingLeft: '1.25rem' }}>
              {when.conditions[locale].map((c) => (
                <li key={c}>
                  <BodyShort size="small" as="span">
                    {c}
                  </BodyShort>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <BodyShort size="small" textColor="subtle">
            {t('guide.ruleCondition')}: {when[locale]}
          </BodyShort>
        )}
        <div>
          <Tag size="small" variant={ratingVariant(o.rating)}>
            {t(`ref.rating.${o.rating}` as MessageKey)} · {t('ref.score', { score: o.score })}
          </Tag>
        </div>
        <Heading level="3" size="xsmall">
          {tx(o.summary)}
        </Heading>
        <BodyLong size="small">{tx(o.explanation)}</BodyLong>
        {o.alternative && (
          <BodyShort size="small">
            <strong>{t('ref.alternative')}:</strong> {tx(o.alternative.text)}
          </BodyShort>
        )}
      </VStack>
    </Box>
  );
  return (
    <VStack gap="space-16">
      <AppLink to="/henvisningsrad">← {t('guide.back')}</AppLink>
      <Heading level="1" size="large">
        {tx(topic.title)}
      </Heading>
      <BodyShort>
        {t('guide.exams')}: {topic.exams.map((e) => (locale === 'en' ? e.nameEn : e.name)).join(', ')} · {t('guide.version', { version: topic.version })}
      </BodyShort>
      {!topic.reviewed && (
        <div>
          <Tag variant="warning">{t('ref.notReviewed')}</Tag>
        </div>
      )}
      <Heading level="2" size="medium">
        {t('guide.rules')}
      </Heading>
      <BodyShort size="small">{t('guide.order')}</BodyShort>
      <BodyShort size="small">{t('guide.scoreScale')}</BodyShort>
      {topic.rules.map((r) => outcome(r, r.id, r.when, r.exams))}
      {outcome(topic.otherwise, 'otherwise', null)}
      <Heading level="2" size="medium">
        {t('ref.sources')}
      </Heading>
      <SourceList sources={topic.sources} />
    </VStack>
  );
}
