import { Table } from '@navikt/ds-react';

/** One column heading of a data table: its visible label; numeric columns are right-aligned like their values. */
export interface ColumnHeader {
  label: string;
  numeric?: boolean;
}

/**
 * The header row of an Aksel data table (`<Table.Header>` with one `scope="col"` cell per column),
 * so every table heads its columns the same way. Sortable or otherwise interactive headings keep
 * their own markup.
 */
export function ColumnHeaders({ columns }: { columns: readonly ColumnHeader[] }) {
  return (
    <Table.Header>
      <Table.Row>
        {columns.map((c, i) => (
          <Table.HeaderCell key={i} scope="col" align={c.numeric ? 'right' : undefined}>
            {c.label}
          </Table.HeaderCell>
        ))}
      </Table.Row>
    </Table.Header>
  );
}
