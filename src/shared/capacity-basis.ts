// Where a capacity scenario's numbers come from, in words, for the page and the PDF alike.
import type { ScenarioResult } from './api/capacity.ts';
import type { MessageKey } from './i18n/index.ts';

/**
 * The basis line of a scenario result: a stated growth, or the source of the use per 10,000
 * (Radvis data, an imported table, or both) with its year, and the population projection
 * (synthetic or imported). `t` translates a message key with placeholders.
 */
export function describeBasis(b: ScenarioResult['basis'], t: (key: MessageKey, vars?: Record<string, string | number>) => string): string {
  if (b.demand === 'stated') return t('capacity.basis.stated');
  const rates =
    b.useRates === 'imported'
      ? t('capacity.basis.useRatesImported', { label: b.useRatesLabel ?? '' })
      : b.useRates === 'mixed'
        ? t('capacity.basis.useRatesMixed', { label: b.useRatesLabel ?? '' })
        : t('capacity.basis.population');
  const projection = b.projection === 'synthetic' ? t('capacity.basis.synthetic') : `${t('capacity.basis.imported')}: ${b.projectionLabel ?? ''}`;
  const missing =
    b.areasWithoutRates.length > 0
      ? ` ${t('capacity.basis.areasWithoutRates', { n: b.areasWithoutRates.length, total: b.areaCount, areas: b.areasWithoutRates.join(', ') })}`
      : '';
  return `${rates} ${b.rateYear ?? ''}; ${projection}.${missing}`;
}
