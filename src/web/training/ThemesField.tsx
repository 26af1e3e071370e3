// The themes of a supervision meeting as checkboxes (1:1 and group meetings alike).
import { Checkbox, CheckboxGroup } from '@navikt/ds-react';
import { useApp } from '../app/context.tsx';
import { THEMES } from './view.ts';

export function ThemesField<T extends string>({ value, onChange }: { value: T[]; onChange: (themes: T[]) => void }) {
  const { t } = useApp();
  return (
    <CheckboxGroup size="small" legend={t('trn.meeting.themes')} value={value} onChange={(x: T[]) => onChange(x)}>
      {THEMES.map((th) => (
        <Checkbox key={th} value={th}>
          {t(`trn.theme.${th}`)}
        </Checkbox>
      ))}
    </CheckboxGroup>
  );
}
