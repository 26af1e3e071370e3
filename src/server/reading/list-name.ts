// The name a worklist shows in the reader's language (read27, issue 9): a list Radvis makes carries a
// name key (reading_list.name_key, migration 0420) and shows the message 'rd.listName.<key>' of
// src/shared/i18n/reading.ts; a list people make shows its name as they typed it, in every language.
import { MESSAGES, translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';

/** The name keys with a message in both languages. */
const KEYED: Readonly<Record<string, MessageKey>> = {
  all: 'rd.listName.all',
  'ct-mr': 'rd.listName.ct-mr',
  'regional-neuro': 'rd.listName.regional-neuro',
};

/**
 * The list's name in `locale`: the message of its name key when it has a known one, else `name` as
 * stored (typed by a person; an unknown key also falls back to it).
 */
export function listName(l: { name: string; nameKey: string | null }, locale: Locale): string {
  const key = l.nameKey ? KEYED[l.nameKey] : undefined;
  return key ? translate(locale, key) : l.name;
}

/**
 * Whether `name` is the keyed name in some language (a leader who saves a keyed list without
 * renaming it sends the name they saw, perhaps the English one): then the key is kept.
 */
export function isKeyedName(nameKey: string | null, name: string): boolean {
  const key = nameKey ? KEYED[nameKey] : undefined;
  if (!key) return false;
  const typed = name.trim();
  return (Object.keys(MESSAGES) as Locale[]).some((loc) => MESSAGES[loc][key] === typed);
}
