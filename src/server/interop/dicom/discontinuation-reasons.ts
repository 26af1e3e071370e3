// The words for a modality's reason for stopping an exam (MPPS DISCONTINUED, Performed Procedure
// Step Discontinuation Reason Code Sequence (0040,0281)): the codes of DICOM PS3.16 CID 9300
// "Procedure Discontinuation Reasons", kept as data with their PS3.16 code meanings and a bokmål
// translation in content/codes/dicom-cid-9300.json. People see words, never "DCM:110514".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../../../shared/i18n/index.ts';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../content/codes/dicom-cid-9300.json');

interface Cid9300 {
  source: string;
  scheme: string;
  codes: { value: string; meaning: string; nb: string }[];
}

let table: Map<string, { en: string; nb: string }> | undefined;

/** The CID 9300 table (code value → English meaning from PS3.16, bokmål), read once from content/codes. */
export function cid9300(file = FILE): Map<string, { en: string; nb: string }> {
  if (table && file === FILE) return table;
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Cid9300;
  const m = new Map(data.codes.map((c) => [c.value, { en: c.meaning, nb: c.nb }]));
  if (file === FILE) table = m;
  return m;
}

/**
 * The reason a modality stopped an exam, in the reader's language: for a DCM code of CID 9300
 * (stored as "DCM:110514", or the bare value), the table's words; otherwise the code meaning the
 * modality sent (its own words, e.g. a vendor's private code), or null when it sent nothing.
 * Pure apart from the table read once.
 */
export function discontinuationReasonText(code: string | null | undefined, sentMeaning: string | null | undefined, locale: Locale): string | null {
  const m = /^(?:(?<scheme>[^:]*):)?(?<value>.+)$/.exec(code ?? '');
  const scheme = m?.groups?.scheme;
  const value = m?.groups?.value;
  if (value && (scheme === undefined || scheme === 'DCM')) {
    const words = cid9300().get(value);
    if (words) return words[locale];
  }
  return sentMeaning?.trim() || null;
}
