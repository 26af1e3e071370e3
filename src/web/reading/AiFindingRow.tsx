// One AI finding as the reader sees it — its kind and confidence in words, and either the reader's
// verdict or the buttons to confirm or reject it. Shared by the reading worklist's open case and the
// report page (read27: both read the same findings; one row, so they also look and act the same).
import { Button, Detail, HStack, Tag } from '@navikt/ds-react';
import type { AiFindingView } from '../../shared/api/reading.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { useApp } from '../app/context.tsx';

/** "Mulig brudd (88 % sikkerhet)": the finding's kind and its confidence (0–1 → whole per cent), in the user's language. */
export function useAiFindingText(): (f: AiFindingView) => string {
  const { t } = useApp();
  return (f) => `${t(`rd.ai.${f.code}` as MessageKey)} (${t('rd.ai.confidence', { pct: Math.round(f.confidence * 100) })})`;
}

/**
 * The finding `f` with its verdict, or "Bekreft"/"Avvis" buttons calling `onVerdict` when it has none.
 * `size` is the buttons' Aksel size (the report page's side panel uses `xsmall`).
 */
export function AiFindingRow({
  f,
  onVerdict,
  size = 'small',
}: {
  f: AiFindingView;
  onVerdict: (f: AiFindingView, v: 'confirmed' | 'rejected') => void;
  size?: 'small' | 'xsmall';
}) {
  const { t } = useApp();
  const text = useAiFindingText();
  return (
    <HStack gap="space-8" align="center" wrap>
      <Tag variant="alt1" size="small">
        {text(f)}
      </Tag>
      {f.verdict ? (
        <Detail>{t(f.verdict === 'confirmed' ? 'rd.ai.confirmed' : 'rd.ai.rejected')}</Detail>
      ) : (
        <>
          <Button size={size} variant="secondary" onClick={() => onVerdict(f, 'confirmed')}>
            {t('rd.ai.confirm')}
          </Button>
          <Button size={size} variant="tertiary" onClick={() => onVerdict(f, 'rejected')}>
            {t('rd.ai.reject')}
          </Button>
        </>
      )}
    </HStack>
  );
}
