// One date field for the whole app: Aksel's DatePicker (type dd.mm.åååå or pick a day in the
// calendar, keyboard and screen-reader ready) instead of a raw <input type="date">, whose look and
// date format follow the browser's language rather than the page's (a Norwegian user on an English
// browser saw "12/01/2025").
import { DatePicker, useDatepicker } from '@navikt/ds-react';
import { useEffect } from 'react';

/** `YYYY-MM-DD` of a local calendar day. */
export function isoOfLocalDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The local calendar day of `YYYY-MM-DD` (noon, so no time zone moves it to another day); undefined for ''. */
function localDateOf(iso: string): Date | undefined {
  return iso ? new Date(`${iso}T12:00:00`) : undefined;
}

/**
 * A labelled date field. `value` and `onChange` carry `YYYY-MM-DD` ('' when empty or not a valid
 * date yet), so callers keep the ISO strings the API takes. A `value` the caller changes (e.g. a
 * suggested due date) is shown in the field.
 */
export function DateField({
  label,
  value,
  onChange,
  error,
  id,
  size,
}: {
  label: string;
  value: string;
  onChange: (iso: string) => void;
  error?: string;
  id?: string;
  size?: 'small' | 'medium';
}) {
  const { datepickerProps, inputProps, selectedDay, setSelected } = useDatepicker({
    defaultSelected: localDateOf(value),
    onDateChange: (d) => onChange(d ? isoOfLocalDate(d) : ''),
  });
  const shown = selectedDay ? isoOfLocalDate(selectedDay) : '';
  useEffect(() => {
    // Only a change from outside: typing a partial date leaves value '' and must not clear the text.
    if (value && value !== shown) setSelected(localDateOf(value));
  }, [value]);
  return (
    <DatePicker {...datepickerProps}>
      <DatePicker.Input {...inputProps} id={id} label={label} size={size} error={error} />
    </DatePicker>
  );
}
