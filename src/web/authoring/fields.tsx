// Form fields of the advice editor, bound to a place in the topic document: a text or number
// field, a list picked from options (shown as removable chips), and the server's validation
// error at its field.
import { BodyShort, Chips, Select, Textarea, TextField, VStack } from '@navikt/ds-react';
import type { DocumentError } from '../../shared/api/authoring.ts';
import { getIn, isUnder, type Doc } from './paths.ts';

export interface Ctx {
  doc: Doc;
  editable: boolean;
  errors: DocumentError[];
  update: (path: string[], value: unknown) => void;
}

export function errorText(errors: DocumentError[], path: string[]): string | undefined {
  const e = errors.find((x) => isUnder(x.path, path));
  // The messages arrive in the editor's language (VersionEditorPage: problemText), the position included.
  return e?.message;
}

export function Field({
  c,
  path,
  label,
  multiline,
  type,
  mono,
}: {
  c: Ctx;
  path: string[];
  label: string;
  multiline?: boolean;
  type?: 'number';
  mono?: boolean;
}) {
  const raw = getIn(c.doc, path);
  const value = raw === undefined || raw === null ? '' : String(raw);
  const onChange = (v: string) => c.update(path, type === 'number' ? (v === '' ? undefined : Number(v)) : v);
  const common = { label, value, readOnly: !c.editable, error: errorText(c.errors, path), size: 'small' as const };
  return multiline ? (
    <Textarea {...common} minRows={2} onChange={(e) => onChange(e.target.value)} />
  ) : (
    <TextField {...common} type={type} onChange={(e) => onChange(e.target.value)} style={mono ? { fontFamily: 'monospace' } : undefined} />
  );
}

export function ListPicker({
  c,
  path,
  options,
  label,
  addLabel,
}: {
  c: Ctx;
  path: string[];
  options: { value: string; label: string }[];
  label: string;
  addLabel: string;
}) {
  const list = (getIn(c.doc, path) as string[] | undefined) ?? [];
  const name = (v: string) => options.find((o) => o.value === v)?.label ?? v;
  return (
    <VStack gap="space-4">
      <BodyShort size="small" weight="semibold">
        {label}
      </BodyShort>
      <Chips>
        {list.map((v) => (
          <Chips.Removable
            key={v}
            disabled={!c.editable}
            onClick={() =>
              c.update(
                path,
                list.filter((x) => x !== v),
              )
            }
          >
            {name(v)}
          </Chips.Removable>
        ))}
      </Chips>
      {c.editable && (
        <Select label={addLabel} size="small" hideLabel value="" onChange={(e) => e.target.value && c.update(path, [...list, e.target.value])}>
          <option value="">{addLabel} …</option>
          {options
            .filter((o) => !list.includes(o.value))
            .map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
        </Select>
      )}
      {errorText(c.errors, path) && (
        <BodyShort size="small" className="navds-error-message">
          {errorText(c.errors, path)}
        </BodyShort>
      )}
    </VStack>
  );
}
