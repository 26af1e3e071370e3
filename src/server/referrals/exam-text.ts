// Free-text exam names from record systems ("MR kne", "MR av venstre kne", "MRI knee",
// "rtg. kne") mapped to one NCRP code of the catalogue. The rule is conservative: the text must
// name exactly one modality, and exactly one catalogue exam of that modality must have all of
// its body words in the text (the most specific wins: "CT abdomen og bekken" over "CT abdomen").
// Anything else is "unsure" and gives null, so a CDS client gets no card rather than a guess.

export interface CatalogEntry {
  code: string;
  name: string;
  name_en: string | null;
  modality: string;
}

/** Words that name a modality, to the catalogue's modality codes. */
const MODALITY_WORDS: Record<string, string> = {
  mr: 'MR', mri: 'MR', mrt: 'MR', magnettomografi: 'MR', mrundersøkelse: 'MR',
  ct: 'CT', computertomografi: 'CT', ctundersøkelse: 'CT',
  rtg: 'DX', røntgen: 'DX', rontgen: 'DX', xray: 'DX', röntgen: 'DX', røntgenundersøkelse: 'DX',
  ul: 'US', ultralyd: 'US', us: 'US', ultrasound: 'US', ultralydundersøkelse: 'US',
};

/** Everyday and English words for catalogue body words. */
const BODY_SYNONYMS: Record<string, string> = {
  knee: 'kne', hode: 'caput', hodet: 'caput', head: 'caput', cerebrum: 'caput', cerebri: 'caput', hjerne: 'caput', hjernen: 'caput',
  korsrygg: 'lumbosakralcolumna', lumbal: 'lumbosakralcolumna', lumbalcolumna: 'lumbosakralcolumna', ls: 'lumbosakralcolumna', lumbosakral: 'lumbosakralcolumna',
  nakke: 'cervikalcolumna', nakken: 'cervikalcolumna', halsrygg: 'cervikalcolumna', cervical: 'cervikalcolumna', cervikal: 'cervikalcolumna', cerv: 'cervikalcolumna',
  brystrygg: 'torakalcolumna', torakal: 'torakalcolumna', thoracic: 'torakalcolumna',
  shoulder: 'skulder', hip: 'hofte', ankle: 'ankel', foot: 'fot', elbow: 'albue', wrist: 'håndledd',
  thorax: 'toraks', chest: 'toraks', brystkasse: 'toraks', pelvis: 'bekken', sinus: 'bihuler', sinuses: 'bihuler', paranasal: 'bihuler',
};

const IGNORED = new Set(['av', 'og', 'med', 'uten', 'i', 'på', 'of', 'the', 'and', 'hø', 've', 'høyre', 'venstre', 'h', 'v', 'right', 'left', 'bilateral', 'begge', 'sider', 'undersøkelse']);

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/x-ray/g, 'xray')
    .replace(/[^a-zæøåäöé0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

interface Indexed {
  code: string;
  modality: string;
  body: string[][]; // per name (nb, en): the body words
}

const cache = new WeakMap<readonly CatalogEntry[], Indexed[]>();

function index(catalog: readonly CatalogEntry[]): Indexed[] {
  let ix = cache.get(catalog);
  if (!ix) {
    ix = catalog.map((c) => ({
      code: c.code,
      modality: c.modality,
      body: [c.name, c.name_en ?? ''].filter(Boolean).map((n) => words(n).filter((w) => !MODALITY_WORDS[w] && !IGNORED.has(w) && w !== 'x' && w !== 'ray')),
    }));
    cache.set(catalog, ix);
  }
  return ix;
}

/** A body word is present when a text word is it, a synonym of it, or an inflection of it (kneet, skulderen). */
function present(bodyWord: string, text: string[]): boolean {
  return text.some((w) => w === bodyWord || BODY_SYNONYMS[w] === bodyWord || (bodyWord.length >= 3 && w.startsWith(bodyWord) && w.length - bodyWord.length <= 3));
}

export function examFromText(text: string, catalog: readonly CatalogEntry[]): string | null {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 200) return null;
  const byCode = catalog.find((c) => c.code === trimmed.toUpperCase());
  if (byCode) return byCode.code;
  const ws = words(trimmed);
  const modalities = new Set(ws.map((w) => MODALITY_WORDS[w]).filter(Boolean));
  if (modalities.size !== 1) return null;
  const modality = [...modalities][0];
  let best: string | null = null;
  let bestSize = 0;
  let tie = false;
  for (const e of index(catalog)) {
    if (e.modality !== modality) continue;
    for (const body of e.body) {
      if (body.length === 0 || !body.every((b) => present(b, ws))) continue;
      if (body.length > bestSize) {
        best = e.code;
        bestSize = body.length;
        tie = false;
      } else if (body.length === bestSize && e.code !== best) tie = true;
    }
  }
  return best && !tie ? best : null;
}
