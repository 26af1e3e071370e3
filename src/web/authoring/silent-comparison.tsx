// Before and after silent mode on the topic page (issue 11 item 6): what referrers sent while the
// advice was recorded but not shown (the baseline), and after it went live; the change in the
// share rated "usually not appropriate" with its 95 % interval. Numbers and words only: no ids.
import { BodyShort, Heading, Table, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { SilentComparison, SilentPeriod } from '../../shared/api/authoring.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { comparisonRatings, percent, pointsChange } from './silent-comparison-format.ts';
import { osloDate } from '../app/oslo-time.ts';

/** `reload` changes when silent mode is switched, so the comparison follows. */
export function SilentComparisonSection({ topicId, reload }: { topicId: string; reload: unknown }) {
  const { t, locale } = useApp();
  const [data, setData] = useState<SilentComparison | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setFailed(false);
    get<SilentComparison>(`/api/authoring/topics/${encodeURIComponent(topicId)}/silent-comparison`)
      .then(setData)
      .catch(() => setFailed(true));
  }, [topicId, reload]);
  const date = (iso: string | null) => (iso ? osloDate(iso, locale, 'medium') : t('au.cmp.now'));
  const period = (p: SilentPeriod) => `${date(p.from)} – ${date(p.to)}`;
  const num = (n: number) => n.toLocaleString(locale === 'en' ? 'en-GB' : 'nb-NO');
  return (
    <VStack gap="space-8" as="section" aria-labelledby="silent-cmp">
      <Heading level="2" size="medium" id="silent-cmp">
        {t('au.cmp.title')}
      </Heading>
      {failed && <BodyShort>{t('app.error')}</BodyShort>}
      {data && data.state === 'never' && <BodyShort>{t('au.cmp.never')}</BodyShort>}
      {data && data.baseline && (
        <>
          <BodyShort size="small">{t(data.after ? 'au.cmp.intro' : 'au.cmp.collecting')}</BodyShort>
          <div style={{ overflowX: 'auto' }}>
            <Table size="small">
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t('au.cmp.period')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    {t('au.cmp.sent')}
                  </Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    {t('au.cmp.perWeek')}
                  </Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    {t('au.cmp.lowValue')}
                  </Table.HeaderCell>
                  {comparisonRatings(data).map((r) => (
                    <Table.HeaderCell key={r} scope="col" align="right">
                      {t(`ref.rating.${r}` as MessageKey)}
                    </Table.HeaderCell>
                  ))}
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {[{ label: t('au.cmp.baseline'), p: data.baseline }, ...(data.after ? [{ label: t('au.cmp.after'), p: data.after }] : [])].map(
                  ({ label, p }) => (
                    <Table.Row key={label}>
                      <Table.HeaderCell scope="row">
                        {label}
                        <BodyShort size="small" textColor="subtle">
                          {period(p)}
                        </BodyShort>
                      </Table.HeaderCell>
                      <Table.DataCell align="right">{num(p.sent)}</Table.DataCell>
                      <Table.DataCell align="right">{p.perWeek.toLocaleString(locale === 'en' ? 'en-GB' : 'nb-NO')}</Table.DataCell>
                      <Table.DataCell align="right">
                        {p.lowValue ? (
                          <>
                            {percent(p.lowValue.share, locale)}
                            <BodyShort size="small" textColor="subtle">
                              {t('au.cmp.ci', { lower: percent(p.lowValue.lower, locale), upper: percent(p.lowValue.upper, locale) })}
                            </BodyShort>
                          </>
                        ) : (
                          '–'
                        )}
                      </Table.DataCell>
                      {comparisonRatings(data).map((r) => (
                        <Table.DataCell key={r} align="right">
                          {num(p.byRating[r] ?? 0)}
                        </Table.DataCell>
                      ))}
                    </Table.Row>
                  ),
                )}
              </Table.Body>
            </Table>
          </div>
          {data.after && (
            <BodyShort size="small">
              {t('au.cmp.decisions', {
                withdrawn: num(data.after.decisions.withdrawn ?? 0),
                alternative: num(data.after.decisions.alternative_accepted ?? 0),
                overridden: num(data.after.decisions.overridden ?? 0),
              })}
            </BodyShort>
          )}
          {data.difference && (
            <BodyShort weight="semibold">
              {t('au.cmp.difference', {
                change: pointsChange(data.difference.difference, locale),
                lower: pointsChange(data.difference.lower, locale),
                upper: pointsChange(data.difference.upper, locale),
              })}
            </BodyShort>
          )}
          <BodyShort size="small" textColor="subtle">
            {t('au.cmp.caveat')}
          </BodyShort>
        </>
      )}
    </VStack>
  );
}
