// Structured answers of a sample referral (a test case's `input.facts`, the preview's sample): the
// facts set, each with a control for its type (yes/no, the enum's values in words, a number), a
// remove button, and a picker to add another. Facts are named by their labels, never their ids.
import { BodyShort, Button, HStack, Label, Select, TextField, VStack } from '@navikt/ds-react';
import type { AuthoringReference } from '../../shared/api/authoring.ts';
import { enumValueLabel, type FactValue } from '../../shared/facts.ts';
import { useApp } from '../app/context.tsx';

type FactDef = AuthoringReference['facts'][number];

/** The value a fact starts with when it is added: yes, the first enum value, or the smallest number. */
export function initialValue(f: FactDef): FactValue {
  if (f.type === 'boolean') return true;
  if (f.type === 'enum') return f.values?.[0] ?? '';
  return 0;
}

export function FactValuesEditor({
  facts,
  value,
  onChange,
  editable,
}: {
  facts: AuthoringReference['facts'];
  value: Record<string, FactValue> | undefined;
  onChange: (next: Record<string, FactValue>) => void;
  editable: boolean;
}) {
  const { t, locale } = useApp();
  const set = value ?? {};
  const label = (f: FactDef) => (locale === 'en' ? (f.label.en ?? f.label.nb) : f.label.nb);
  const byId = new Map(facts.map((f) => [f.id, f]));
  const entries = Object.entries(set).filter(([id]) => byId.has(id));
  const unused = facts.filter((f) => !(f.id in set)).sort((a, b) => label(a).localeCompare(label(b), locale));
  const put = (id: string, v: FactValue) => onChange({ ...set, [id]: v });
  const drop = (id: string) => {
    const next = { ...set };
    delete next[id];
    onChange(next);
  };
  return (
    <VStack gap="space-4">
      <Label size="small" as="p">
        {t('au.fv.legend')}
      </Label>
      <BodyShort size="small" textColor="subtle">
        {entries.length === 0 ? t('au.fv.none') : t('au.fv.help')}
      </BodyShort>
      {entries.map(([id, v]) => {
        const f = byId.get(id)!;
        const name = label(f);
        return (
          <HStack key={id} gap="space-8" align="end" wrap>
            {f.type === 'number' ? (
              <TextField
                label={t('au.fv.value', { fact: name })}
                size="small"
                inputMode="decimal"
                htmlSize={8}
                readOnly={!editable}
                value={String(v)}
                onChange={(e) => {
                  const n = Number(e.target.value.replace(',', '.'));
                  if (e.target.value.trim() !== '' && Number.isFinite(n)) put(id, n);
                }}
              />
            ) : (
              <Select
                label={t('au.fv.value', { fact: name })}
                size="small"
                disabled={!editable}
                value={String(v)}
                onChange={(e) => put(id, f.type === 'boolean' ? e.target.value === 'true' : e.target.value)}
              >
                {f.type === 'boolean' ? (
                  <>
                    <option value="true">{t('ref.yes')}</option>
                    <option value="false">{t('ref.no')}</option>
                  </>
                ) : (
                  (f.values ?? []).map((x) => (
                    <option key={x} value={x}>
                      {enumValueLabel(f.id, x, locale)}
                    </option>
                  ))
                )}
              </Select>
            )}
            {editable && (
              <Button size="xsmall" variant="tertiary" onClick={() => drop(id)} aria-label={t('au.fv.remove', { fact: name })}>
                {t('au.f.remove')}
              </Button>
            )}
          </HStack>
        );
      })}
      {editable && unused.length > 0 && (
        <Select
          label={t('au.fv.add')}
          size="small"
          value=""
          onChange={(e) => {
            const f = byId.get(e.target.value);
            if (f) put(f.id, initialValue(f));
          }}
        >
          <option value="">{t('au.fv.choose')}</option>
          {unused.map((f) => (
            <option key={f.id} value={f.id}>
              {label(f)}
            </option>
          ))}
        </Select>
      )}
    </VStack>
  );
}
