import { Link } from '@navikt/ds-react';

/** The sources a piece of referral advice cites, as links. */
export function SourceList({ sources, compact }: { sources: { title: string; url: string; publisher: string; year: number }[]; compact?: boolean }) {
  return (
    <ul style={compact ? { margin: 0 } : undefined}>
      {sources.map((s) => (
        <li key={s.url + s.title}>
          <Link href={s.url} target="_blank" rel="noreferrer">
            {s.title}
          </Link>{' '}
          ({s.publisher}, {s.year})
        </li>
      ))}
    </ul>
  );
}
