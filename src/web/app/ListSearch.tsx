// The search field above a paged list (the vetting inbox, the booking queue, "Mine henvisninger"):
// name words (word starts), fødselsnummer, birth date or referral number (rules: server/assessment/name-search.ts), searched on Enter or the button, cleared by the
// field's own clear button. The page keeps the typed text (it resets it with its other filters).
import { Search } from '@navikt/ds-react';
import type { Ref } from 'react';
import { useApp } from './context.tsx';

/**
 * `text` is what the field shows and `onText` gets each edit; `onSearch` gets the text to search
 * for (the empty string when cleared). `ref` reaches the input (the pages' "/" key focuses it).
 */
export function ListSearch({
  text,
  onText,
  onSearch,
  ref,
}: {
  text: string;
  onText: (text: string) => void;
  onSearch: (q: string) => void;
  ref?: Ref<HTMLInputElement>;
}) {
  const { t } = useApp();
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text);
      }}
    >
      <Search
        ref={ref}
        label={t('asm.search.help')}
        hideLabel={false}
        size="small"
        variant="primary"
        value={text}
        onChange={onText}
        onClear={() => {
          onText('');
          onSearch('');
        }}
      />
    </form>
  );
}
