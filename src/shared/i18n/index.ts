import { en } from './en.ts';
import { nb, type MessageKey } from './nb.ts';

export type Locale = 'nb' | 'en';
export type { MessageKey };
export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { nb, en };

/** Looks up a message and fills {placeholders}. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = MESSAGES[locale][key] ?? MESSAGES.nb[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}
