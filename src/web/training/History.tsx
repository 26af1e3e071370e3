// The change history of a plan (department plan on /utdanning/planer, individual plan on
// /utdanning/:id): every version with who, when and why and what changed since the one before, in
// plain words, and a comparison of any two versions. Folded by default (native <details>, so it
// opens with the keyboard).
import { Alert, BodyShort, Button, Detail, HStack, Select, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { PlanComparison, PlanHistory } from '../../shared/api/training.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { changeText, type ChangeFormat } from './view.ts';
import { osloDate, osloDateTime } from '../app/oslo-time.ts';

/** `base` is the plan's or record's API path; `reloadKey` changes after a save so the history is fetched again. */
export function History({ base, intro, reloadKey, idPrefix }: { base: string; intro: MessageKey; reloadKey: number; idPrefix: string }) {
  const { t, locale } = useApp();
  const [h, setH] = useState<PlanHistory | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [cmp, setCmp] = useState<PlanComparison | null>(null);
  useEffect(() => {
    let live = true;
    get<PlanHistory>(`${base}/versions`)
      .then((r) => {
        if (!live) return;
        setH(r);
        setCmp(null);
        const n = r.versions.length;
        setFrom(n > 1 ? r.versions[n - 2]!.version : (r.versions[0]?.version ?? null));
        setTo(r.versions[n - 1]?.version ?? null);
      })
      .catch((e: unknown) => live && setError(requestErrorKey(e)));
    return () => {
      live = false;
    };
  }, [base, reloadKey]);
  const nbLocale = locale === 'nb' ? 'nb-NO' : 'en-GB';
  const f: ChangeFormat = {
    years: (n) => n.toLocaleString(nbLocale),
    date: (d) => osloDate(d, locale, 'medium'),
  };
  const when = (iso: string) => osloDateTime(iso, locale, 'medium');
  const compare = () => {
    if (from === null || to === null) return;
    setError(null);
    get<PlanComparison>(`${base}/compare?from=${from}&to=${to}`)
      .then(setCmp)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  };
  const versions = h?.versions ?? [];
  return (
    <details className="trn-history">
      <summary>{versions.length === 1 ? t('trn.hist.showOne') : t('trn.hist.show', { n: versions.length })}</summary>
      <VStack gap="space-12" className="trn-history-body">
        <BodyShort size="small">{t(intro)}</BodyShort>
        {error && (
          <Alert variant="error" size="small">
            {t(error)}
          </Alert>
        )}
        <ol className="trn-history-list" reversed>
          {[...versions].reverse().map((v) => (
            <li key={v.version}>
              <BodyShort size="small" weight="semibold">
                {`${t('trn.hist.version', { n: v.version })} · ${t(`trn.hist.kind.${v.kind}` as MessageKey)}`}
              </BodyShort>
              <Detail>
                {t(v.kind === 'created' || v.kind === 'baseline' ? 'trn.hist.by' : 'trn.hist.changedBy', {
                  who: v.changedBy ?? t('trn.hist.unknownPerson'),
                  when: when(v.changedAt),
                })}
              </Detail>
              {v.reason && <Detail>{t('trn.hist.reason', { reason: v.reason })}</Detail>}
              {v.version !== versions[0]?.version && (
                <ul className="trn-changes">
                  {v.changes.length === 0 ? <li>{t('trn.hist.noChanges')}</li> : v.changes.map((c, i) => <li key={i}>{changeText(c, t, f)}</li>)}
                </ul>
              )}
            </li>
          ))}
        </ol>
        {versions.length > 1 && (
          <VStack gap="space-8" as="fieldset" className="trn-compare">
            <legend>
              <BodyShort size="small" weight="semibold">
                {t('trn.hist.compare')}
              </BodyShort>
            </legend>
            <HStack gap="space-8" align="end" wrap>
              <Select id={`${idPrefix}-from`} size="small" label={t('trn.hist.from')} value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {t('trn.hist.version', { n: v.version })}
                  </option>
                ))}
              </Select>
              <Select id={`${idPrefix}-to`} size="small" label={t('trn.hist.to')} value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {t('trn.hist.version', { n: v.version })}
                  </option>
                ))}
              </Select>
              <Button type="button" size="small" variant="secondary" onClick={compare}>
                {t('trn.hist.compareButton')}
              </Button>
            </HStack>
            {cmp && (
              <div role="status">
                <BodyShort size="small" weight="semibold">
                  {t('trn.hist.compareTitle', { from: cmp.from, to: cmp.to })}
                </BodyShort>
                {cmp.changes.length === 0 ? (
                  <BodyShort size="small">{t('trn.hist.same')}</BodyShort>
                ) : (
                  <ul className="trn-changes">
                    {cmp.changes.map((c, i) => (
                      <li key={i}>{changeText(c, t, f)}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </VStack>
        )}
      </VStack>
    </details>
  );
}
