// The name of an exam in the reader's language: the catalogue (content/codes/ncrp.csv, table
// exam_code) holds a bokmål name and, for most exams, an English one (name_en). The referral form
// already shows name_en to English users; every other page picks the same way through here.
import type { Locale } from './i18n/index.ts';

/**
 * The exam's name in `locale`: `nameEn` for English when the catalogue has one, else the bokmål
 * `name` (a name, never the code).
 */
export function examNameIn(locale: Locale, name: string, nameEn: string | null | undefined): string {
  return locale === 'en' && nameEn ? nameEn : name;
}
