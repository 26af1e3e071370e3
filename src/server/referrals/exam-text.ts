// Free-text exam names from record systems ("MR kne", "MR av venstre kne", "MRI knee",
// "rtg. kne", "CT lumbar spine", "CTPA", CPT display texts such as "Computed tomography, head or
// brain; without contrast material") mapped to one NCRP code of the catalogue. The rule is
// conservative: the text must name exactly one modality, and exactly one catalogue exam of that
// modality must have all of its body words in the text (the most specific wins: "CT abdomen og
// bekken" over "CT abdomen"). Anything else is "unsure" and gives null, so a CDS client gets no
// card rather than a guess. The vocabulary (bokmål, everyday and English words) is shared with
// the referral form's exam search: src/shared/exam-names.ts.
import { alternativeNames, bodyWordsOf, examWords, FALLBACK_BODY_SYNONYMS, MODALITY_WORDS, namesBodyWord } from '../../shared/exam-names.ts';

export interface CatalogEntry {
  code: string;
  name: string;
  name_en: string | null;
  modality: string;
}

/** The words of an exam text (lower case; "X-ray" → xray, "LS-columna" → lscolumna). */
export const words = examWords;

interface Indexed {
  code: string;
  modality: string;
  body: string[][]; // per name (nb, en, and each alternative in a parenthesis): the body words
}

const cache = new WeakMap<readonly CatalogEntry[], Indexed[]>();

function index(catalog: readonly CatalogEntry[]): Indexed[] {
  let ix = cache.get(catalog);
  if (!ix) {
    ix = catalog.map((c) => ({
      code: c.code,
      modality: c.modality,
      body: [c.name, c.name_en ?? ''].filter(Boolean).flatMap(alternativeNames).map(bodyWordsOf),
    }));
    cache.set(catalog, ix);
  }
  return ix;
}

/**
 * The NCRP code a free-text exam name means, or null when unsure (no or several modalities, no
 * or several equally specific exams, empty or longer than 200 characters). An exact NCRP code
 * ("sng0ag") is accepted as itself.
 */
export function examFromText(text: string, catalog: readonly CatalogEntry[]): string | null {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 200) return null;
  const byCode = catalog.find((c) => c.code === trimmed.toUpperCase());
  if (byCode) return byCode.code;
  const ws = examWords(trimmed);
  const direct = fromWords(ws, catalog);
  if (direct || !ws.some((w) => FALLBACK_BODY_SYNONYMS[w])) return direct;
  // A word with a fallback reading ("neck") that named no exam itself: read it as its fallback body word.
  return fromWords(
    ws.map((w) => FALLBACK_BODY_SYNONYMS[w] ?? w),
    catalog,
  );
}

function fromWords(ws: string[], catalog: readonly CatalogEntry[]): string | null {
  const modalities = new Set(ws.map((w) => MODALITY_WORDS[w]).filter(Boolean));
  if (modalities.size !== 1) return null;
  const modality = [...modalities][0];
  let best: string | null = null;
  let bestSize = 0;
  let tie = false;
  for (const e of index(catalog)) {
    if (e.modality !== modality) continue;
    for (const body of e.body) {
      if (body.length === 0 || !body.every((b) => ws.some((w) => namesBodyWord(w, b)))) continue;
      if (body.length > bestSize) {
        best = e.code;
        bestSize = body.length;
        tie = false;
      } else if (body.length === bestSize && e.code !== best) tie = true;
    }
  }
  return best && !tie ? best : null;
}
