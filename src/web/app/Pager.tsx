// The pager bar under a paged list (the vetting inbox, "Mine henvisninger"): previous page, where
// the list stands ("Viser 26–50 av 412"), next page. Shown only when there is more than one page.
import { BodyShort, Button, HStack } from '@navikt/ds-react';
import { useApp } from './context.tsx';

/**
 * `offset` is the first row shown (0-based), `rows` how many the page holds; `onPage` gets the new
 * offset. `showRange: false` leaves out "Viser 26–50 av 412" (for a page that already says it
 * above the list). Renders nothing when `total` fits on one page.
 */
export function Pager({
  offset,
  rows,
  pageSize,
  total,
  onPage,
  showRange = true,
}: {
  offset: number;
  rows: number;
  pageSize: number;
  total: number;
  onPage: (offset: number) => void;
  showRange?: boolean;
}) {
  const { t } = useApp();
  if (total <= pageSize) return null;
  return (
    <HStack gap="space-8" align="center" className="rv-pager" as="nav" aria-label={t('asm.pager')}>
      <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - pageSize))}>
        {t('asm.prev')}
      </Button>
      {showRange && <BodyShort size="small">{rows > 0 ? t('asm.page', { from: offset + 1, to: Math.min(total, offset + rows), total }) : ''}</BodyShort>}
      <Button size="small" variant="secondary" disabled={offset + pageSize >= total} onClick={() => onPage(offset + pageSize)}>
        {t('asm.next')}
      </Button>
    </HStack>
  );
}
