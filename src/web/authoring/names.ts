// The names the advice editor shows, in the editor's language: a topic's title and an exam's name in
// English where the content has one (the topic file's `title.en`, the exam catalogue's `name_en` in
// content/codes/ncrp.csv), else the Norwegian (issue 11: an English editor saw Norwegian topic and
// exam names in the heading, the "Add exam" list and the exam tags).
import type { Locale } from '../../shared/i18n/index.ts';
import { getIn } from './paths.ts';

/** The topic's title from the document being edited (`title.nb` / `title.en`) in `locale`; `fallback` when it has none. */
export function topicTitleIn(doc: unknown, locale: Locale, fallback: string): string {
  const en = getIn(doc, ['title', 'en']);
  const nb = getIn(doc, ['title', 'nb']);
  const pick = locale === 'en' && typeof en === 'string' && en.trim() ? en : nb;
  return typeof pick === 'string' && pick.trim() ? pick : fallback;
}

/** An exam's name in `locale`: the English name where the catalogue has one, else the Norwegian. */
export function examNameIn(exam: { name: string; nameEn?: string | null }, locale: Locale): string {
  return locale === 'en' && exam.nameEn ? exam.nameEn : exam.name;
}
