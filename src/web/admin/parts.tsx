// Pieces the admin page's lists and forms share: the status message, a list table with its
// caption, column headers and empty row, and form problems (from the browser's checks or the
// server's problem+json) with an error summary that takes focus (Aksel's pattern).
import { Alert, ErrorSummary, Table } from '@navikt/ds-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Locale, MessageKey } from '../../shared/i18n/index.ts';
import { ApiError } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { Loading } from '../app/Loading.tsx';
import { fieldProblem, requestErrorKey } from '../app/errors.ts';

export type StatusMessage = { variant: 'success' | 'error'; text: string } | null;

/** The result of the last action, announced to screen readers. */
export function StatusAlert({ message, onClose }: { message: StatusMessage; onClose: () => void }) {
  return (
    <div aria-live="polite" role="status">
      {message && (
        <Alert variant={message.variant} size="small" closeButton onClose={onClose}>
          {message.text}
        </Alert>
      )}
    </div>
  );
}

/**
 * A list as a table: hidden caption, column headers, "Laster …" while `rows` is null (not an empty
 * table: ux27), a row saying it is empty, then the rows. On a phone (≤ 48rem) each row is a card
 * (app.css .rv-card-table): give the cells `data-label` so each line names its column, and the
 * row's actions stay on screen instead of behind a sideways scroll.
 */
export function ListTable({
  caption,
  columns,
  rows,
  empty,
  children,
}: {
  caption: string;
  columns: string[];
  rows: unknown[] | null;
  empty: string;
  children: ReactNode;
}) {
  return (
    <Table size="small" aria-busy={rows === null} className="rv-card-table">
      <caption className="aksel-sr-only">{caption}</caption>
      <Table.Header>
        <Table.Row>
          {columns.map((c) => (
            <Table.HeaderCell key={c} scope="col">
              {c}
            </Table.HeaderCell>
          ))}
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {rows === null && (
          <Table.Row>
            <Table.DataCell colSpan={columns.length}>
              <Loading />
            </Table.DataCell>
          </Table.Row>
        )}
        {rows?.length === 0 && (
          <Table.Row>
            <Table.DataCell colSpan={columns.length}>{empty}</Table.DataCell>
          </Table.Row>
        )}
        {children}
      </Table.Body>
    </Table>
  );
}

/** A problem shown in a form: from the browser's own check (key) or from the server (key or text). */
export interface Shown {
  field: string;
  index?: number;
  key?: MessageKey;
  text?: string;
}

/** What a failed request means for the form: field problems from problem+json, else a general message. */
export function fromServer(err: unknown, locale: Locale = 'nb'): { problems: Shown[]; general: MessageKey } {
  if (err instanceof ApiError && err.fields.length > 0) return { problems: err.fields.map((f) => fieldProblem(f, locale)), general: 'admin.fixErrors' };
  return { problems: [], general: requestErrorKey(err) };
}

/** A form's problems, their texts, and the summary's focus when they appear. */
export function useFormProblems() {
  const { t } = useApp();
  const [problems, setProblems] = useState<Shown[]>([]);
  const [general, setGeneral] = useState<MessageKey | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (general) summaryRef.current?.focus();
  }, [general, problems]);
  const text = (p: Shown) => (p.key ? t(p.key) : (p.text ?? ''));
  return {
    problems,
    general,
    summaryRef,
    text,
    show: (ps: Shown[], g: MessageKey | null) => {
      setProblems(ps);
      setGeneral(g);
    },
    errorFor: (field: string, index?: number) => {
      const p = problems.find((x) => x.field === field && (index === undefined || x.index === index));
      return p ? text(p) : undefined;
    },
  };
}

/** The error summary: one link per problem to its field, labelled with the field's name. */
export function FormErrorSummary({
  form,
  labels,
  fieldId,
  submitId,
}: {
  form: ReturnType<typeof useFormProblems>;
  labels: Record<string, MessageKey>;
  fieldId: (p: Shown) => string;
  submitId: string;
}) {
  const { t } = useApp();
  if (!form.general) return null;
  return (
    <ErrorSummary ref={form.summaryRef} heading={t(form.general)}>
      {form.problems.map((p, i) => (
        <ErrorSummary.Item key={i} href={`#${fieldId(p)}`}>
          {labels[p.field] ? `${t(labels[p.field])}${p.index !== undefined ? ` ${p.index + 1}` : ''}: ` : ''}
          {form.text(p)}
        </ErrorSummary.Item>
      ))}
      {form.problems.length === 0 && <ErrorSummary.Item href={`#${submitId}`}>{t(form.general)}</ErrorSummary.Item>}
    </ErrorSummary>
  );
}
