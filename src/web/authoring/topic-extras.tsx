// The parts of a topic that decide when it applies and how silence is read, in the advice editor:
// its own red flags, the facts that engage or exclude it, the diagnosis codes that engage it, and
// the reviewed readings of silence (defaults: "forutsatt at … ikke foreligger", each with a source
// and a reason). The file format is content/guidelines/README.md; the server validates as the
// editor types and shows the error at the field.
import { BodyShort, Box, Button, Heading, HGrid, Select, TextField, VStack } from '@navikt/ds-react';
import type { AuthoringReference } from '../../shared/api/authoring.ts';
import { useApp } from '../app/context.tsx';
import { errorText, Field, ListPicker, type Ctx } from './fields.tsx';
import { getIn, parseCodes } from './paths.ts';

const CODE_SYSTEMS = ['ICPC-2', 'ICD-10'] as const;

type Option = { value: string; label: string };

export function TopicExtrasFields({
  c,
  factOptions,
  facts,
  sourceIds,
}: {
  c: Ctx;
  factOptions: Option[];
  facts: AuthoringReference['facts'];
  sourceIds: string[];
}) {
  const { t } = useApp();
  const yesNo = factOptions.filter((o) => facts.find((f) => f.id === o.value)?.type === 'boolean');
  const redFlags = getIn(c.doc, ['red_flags']) as string[] | undefined;
  const indications = (getIn(c.doc, ['applies_to', 'indications']) as { system?: string; codes?: string[] }[] | undefined) ?? [];
  const defaults = (getIn(c.doc, ['defaults']) as Record<string, unknown>[] | undefined) ?? [];
  return (
    <VStack gap="space-12">
      <Heading level="2" size="medium">
        {t('au.x.title')}
      </Heading>
      <Box padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
        <VStack gap="space-8">
          {redFlags === undefined ? (
            <VStack gap="space-4">
              <BodyShort size="small" weight="semibold">
                {t('au.x.redFlags')}
              </BodyShort>
              <BodyShort size="small">{t('au.x.redFlagsInherited')}</BodyShort>
              {c.editable && (
                <div>
                  <Button size="xsmall" variant="secondary" onClick={() => c.update(['red_flags'], [])}>
                    {t('au.x.redFlagsOwn')}
                  </Button>
                </div>
              )}
            </VStack>
          ) : (
            <ListPicker c={c} path={['red_flags']} options={yesNo} label={t('au.x.redFlags')} addLabel={t('au.x.addRedFlag')} />
          )}
          <ListPicker c={c} path={['applies_to', 'engaged_by']} options={factOptions} label={t('au.x.engagedBy')} addLabel={t('au.x.addFact')} />
          <ListPicker c={c} path={['applies_to', 'excluded_by']} options={yesNo} label={t('au.x.excludedBy')} addLabel={t('au.x.addFact')} />
          <BodyShort size="small" weight="semibold">
            {t('au.x.indications')}
          </BodyShort>
          {indications.map((ind, i) => (
            <HGrid key={i} columns={{ xs: 1, sm: '10rem 1fr auto' }} gap="space-8" align="end">
              <Select
                label={t('au.x.codeSystem')}
                size="small"
                disabled={!c.editable}
                value={ind.system ?? 'ICPC-2'}
                onChange={(e) => c.update(['applies_to', 'indications', String(i), 'system'], e.target.value)}
              >
                {CODE_SYSTEMS.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </Select>
              <TextField
                label={t('au.x.codes')}
                size="small"
                readOnly={!c.editable}
                defaultValue={(ind.codes ?? []).join(', ')}
                error={errorText(c.errors, ['applies_to', 'indications', String(i)])}
                onBlur={(e) => c.update(['applies_to', 'indications', String(i), 'codes'], parseCodes(e.target.value))}
              />
              {c.editable && (
                <Button
                  size="xsmall"
                  variant="tertiary"
                  onClick={() => {
                    const rest = indications.filter((_, j) => j !== i);
                    c.update(['applies_to', 'indications'], rest.length > 0 ? rest : undefined);
                  }}
                >
                  {t('au.f.remove')}
                </Button>
              )}
            </HGrid>
          ))}
          {c.editable && (
            <div>
              <Button
                size="xsmall"
                variant="secondary"
                onClick={() => c.update(['applies_to', 'indications'], [...indications, { system: 'ICPC-2', codes: [] }])}
              >
                {t('au.x.addIndication')}
              </Button>
            </div>
          )}
        </VStack>
      </Box>
      <Heading level="3" size="small">
        {t('au.x.defaults')}
      </Heading>
      <BodyShort size="small">{t('au.x.defaultsHelp')}</BodyShort>
      {defaults.map((d, i) => {
        const base = ['defaults', String(i)];
        const fact = facts.find((f) => f.id === d.fact);
        return (
          <Box key={i} padding="space-12" borderWidth="1" borderRadius="8" borderColor={errorText(c.errors, base) ? 'danger' : 'neutral-subtle'}>
            <VStack gap="space-8">
              <HGrid columns={{ xs: 1, sm: 3 }} gap="space-8">
                <Select
                  label={t('au.x.fact')}
                  size="small"
                  disabled={!c.editable}
                  value={String(d.fact ?? '')}
                  error={errorText(c.errors, [...base, 'fact'])}
                  onChange={(e) => c.update([...base, 'fact'], e.target.value)}
                >
                  <option value="">{t('au.x.choose')}</option>
                  {factOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
                {fact?.type === 'boolean' || fact === undefined ? (
                  <Select
                    label={t('au.x.value')}
                    size="small"
                    disabled={!c.editable}
                    value={String(d.value ?? 'false')}
                    onChange={(e) => c.update([...base, 'value'], e.target.value === 'true')}
                  >
                    <option value="false">{t('au.x.valueNo')}</option>
                    <option value="true">{t('au.x.valueYes')}</option>
                  </Select>
                ) : fact.values ? (
                  <Select
                    label={t('au.x.value')}
                    size="small"
                    disabled={!c.editable}
                    value={String(d.value ?? '')}
                    onChange={(e) => c.update([...base, 'value'], e.target.value)}
                  >
                    <option value="">{t('au.x.choose')}</option>
                    {fact.values.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Field c={c} path={[...base, 'value']} label={t('au.x.value')} type={fact.type === 'number' ? 'number' : undefined} />
                )}
                <Select
                  label={t('au.x.source')}
                  size="small"
                  disabled={!c.editable}
                  value={String(d.source ?? '')}
                  error={errorText(c.errors, [...base, 'source'])}
                  onChange={(e) => c.update([...base, 'source'], e.target.value)}
                >
                  <option value="">{t('au.x.choose')}</option>
                  {sourceIds.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </Select>
              </HGrid>
              <Field c={c} path={[...base, 'when']} label={t('au.x.when')} mono />
              <Field c={c} path={[...base, 'because', 'nb']} label={t('au.x.becauseNb')} />
              <Field c={c} path={[...base, 'because', 'en']} label={t('au.x.becauseEn')} />
              {c.editable && (
                <div>
                  <Button
                    size="xsmall"
                    variant="tertiary"
                    onClick={() => {
                      const rest = defaults.filter((_, j) => j !== i);
                      c.update(['defaults'], rest.length > 0 ? rest : undefined);
                    }}
                  >
                    {t('au.f.remove')}
                  </Button>
                </div>
              )}
            </VStack>
          </Box>
        );
      })}
      {c.editable && (
        <div>
          <Button
            size="small"
            variant="secondary"
            onClick={() => c.update(['defaults'], [...defaults, { fact: '', value: false, source: sourceIds[0] ?? '', because: { nb: '', en: '' } }])}
          >
            {t('au.x.addDefault')}
          </Button>
        </div>
      )}
    </VStack>
  );
}
