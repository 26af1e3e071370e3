// What a list or section shows while its data is on the way (ux27 item 6): under load a page could
// stay blank for 6–12 s, which reads as "nothing here". The loading state is Aksel's Loader with
// the words "Laster …" next to it (so it is not mistaken for an empty list, and a screen reader
// hears it), and is a different thing from the "no rows" text a page shows once the answer is empty.
import { BodyShort, HStack, Loader } from '@navikt/ds-react';
import { useApp } from './context.tsx';

/**
 * "Laster …" / "Loading …" with a spinner, marked `data-loading` (tests wait for it to go).
 * `label` replaces the words when a section says what it loads.
 */
export function Loading({ label }: { label?: string }) {
  const { t } = useApp();
  const text = label ?? t('app.loading');
  return (
    <HStack gap="space-8" align="center" data-loading="">
      <Loader size="small" title={text} aria-hidden />
      <BodyShort size="small" role="status">
        {text}
      </BodyShort>
    </HStack>
  );
}
