// "My feedback": the author's countersigned reports with the specialist's RADPEER grade and comment.
import { Alert, BodyShort, Box, Detail, Heading, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { FeedbackList } from '../../shared/api/reporting.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import { osloDate } from '../app/oslo-time.ts';

export function FeedbackPage() {
  const { t, locale } = useApp();
  const [rows, setRows] = useState<FeedbackList | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    get<FeedbackList>('/api/reporting/feedback')
      .then(setRows)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  const date = (iso: string) => osloDate(iso, locale, 'medium');
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('rep.feedback.title')}
      </Heading>
      <BodyShort>{t('rep.feedback.intro')}</BodyShort>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {rows && rows.length === 0 && <BodyShort>{t('rep.feedback.empty')}</BodyShort>}
      {rows?.map((r) => (
        <Box key={r.examId} padding="space-12" borderWidth="1" borderColor="neutral-subtle" borderRadius="8">
          <AppLink to={`/reading/exams/${encodeURIComponent(r.examId)}`}>
            {r.examName} · {date(r.performedAt)}
          </AppLink>
          <BodyShort weight={r.score === '1' ? 'regular' : 'semibold'}>{t(`rep.grade.${r.score}` as MessageKey)}</BodyShort>
          {r.comment && <BodyShort>«{r.comment}»</BodyShort>}
          <Detail>
            {r.reviewer} · {date(r.at)} · {t(r.changed ? 'rep.feedback.changed' : 'rep.feedback.unchanged')}
          </Detail>
        </Box>
      ))}
    </VStack>
  );
}
