// The words people and record systems use for imaging exams, in bokmål, nynorsk-ish shorthand and
// English: "MR korsrygg", "rtg kne", "MR LS-columna", "CT lumbar spine", "MRI knee", "CTPA",
// "Computed tomography, head or brain; without contrast material" (CPT display text, as sent by
// the CDS Hooks sandbox's PAMA tab). Shared by the server (free-text exam names in CDS Hooks,
// src/server/referrals/exam-text.ts) and the referral form's exam search, so both read a word
// the same way. The catalogue itself is content/codes/ncrp.csv; these are only its synonyms.
// Sources of the English words: the catalogue's own English names (ncrp.csv name_en); the CPT
// display texts of the CDS Hooks sandbox (cds-hooks/sandbox src/assets/pama-procedure-codes.json)
// and the PAMA connectathon scenarios (argonautproject/cds-hooks-for-pama); everyday radiology
// abbreviations (MRI, XR, CXR, CTPA, L-/C-/T-spine, CAT scan). A clinical editor should confirm
// the body-part readings marked as such below. Nynorsk forms (hovud, skuldra, olboge, hofta,
// bihole, undersøking) are the headwords and inflections of Nynorskordboka (Språkrådet and UiB);
// Latin word order as radiology writes it ("columna lumbalis") is read like "lumbalcolumna". Every catalogue exam is tested from English in
// src/server/referrals/exam-text.test.ts (generated from ncrp.csv).

/** Words that name a modality, to the catalogue's modality codes (after `normalizeExamText`). */
export const MODALITY_WORDS: Readonly<Record<string, string>> = {
  mr: 'MR',
  mri: 'MR',
  mrt: 'MR',
  magnettomografi: 'MR',
  mrundersøkelse: 'MR',
  mrundersokelse: 'MR',
  magnetresonance: 'MR',
  nmr: 'MR',
  ct: 'CT',
  computertomografi: 'CT',
  ctundersøkelse: 'CT',
  computedtomography: 'CT',
  ctpa: 'CT',
  cta: 'CT',
  catscan: 'CT',
  rtg: 'DX',
  røntgen: 'DX',
  rontgen: 'DX',
  xray: 'DX',
  // Plurals as orders are written ("Bilateral knee X-rays", "MRIs"; interop16).
  xrays: 'DX',
  mris: 'MR',
  xr: 'DX',
  // DICOM modality codes (CR computed radiography, DX digital radiography) as record systems send them
  cr: 'DX',
  röntgen: 'DX',
  røntgenundersøkelse: 'DX',
  radiograph: 'DX',
  radiographs: 'DX',
  radiography: 'DX',
  radiologic: 'DX',
  cxr: 'DX',
  plainfilm: 'DX',
  dx: 'DX',
  ul: 'US',
  ultralyd: 'US',
  us: 'US',
  ultrasound: 'US',
  ultrasounds: 'US',
  ultralydundersøkelse: 'US',
  sonography: 'US',
  sonografi: 'US',
  ultrasonography: 'US',
  tvus: 'US',
  // Doppler and duplex are ultrasound techniques ("Carotid doppler", "Duplex carotis"; breakit27).
  doppler: 'US',
  duplex: 'US',
};

/**
 * Everyday, Latin and English words for the catalogue's body words (text word → the body word
 * as it appears in a catalogue name). A text word may also be an inflection of a body word
 * (kneet, skulderen); that is handled by the matcher, not listed here.
 */
export const BODY_SYNONYMS: Readonly<Record<string, string>> = {
  // head
  hode: 'caput',
  hodet: 'caput',
  hjerna: 'caput',
  head: 'caput',
  cerebrum: 'caput',
  cerebri: 'caput',
  caputs: 'caput',
  // nynorsk
  hovud: 'caput',
  hovudet: 'caput',
  hovudskalle: 'caput',
  hovudskallen: 'caput',
  hjerne: 'caput',
  hjernen: 'caput',
  brain: 'caput',
  skalle: 'caput',
  skull: 'caput',
  cranial: 'caput',
  kranium: 'caput',
  // spine
  korsrygg: 'lumbosakralcolumna',
  korsryggen: 'lumbosakralcolumna',
  lumbal: 'lumbosakralcolumna',
  lumbalcolumna: 'lumbosakralcolumna',
  ls: 'lumbosakralcolumna',
  lscolumna: 'lumbosakralcolumna',
  lumbosakral: 'lumbosakralcolumna',
  lumbar: 'lumbosakralcolumna',
  lumbosacral: 'lumbosakralcolumna',
  lsspine: 'lumbosakralcolumna',
  lspine: 'lumbosakralcolumna',
  lwk: 'lumbosakralcolumna',
  lumbalrygg: 'lumbosakralcolumna',
  lumbalis: 'lumbosakralcolumna',
  // "MRI lower back", "Low back X-ray" (examWords joins "low(er) back"; breakit27).
  lowback: 'lumbosakralcolumna',
  lumbosacralis: 'lumbosakralcolumna',
  ländrygg: 'lumbosakralcolumna',
  nakke: 'cervikalcolumna',
  nakken: 'cervikalcolumna',
  halsrygg: 'cervikalcolumna',
  halsryggen: 'cervikalcolumna',
  halscolumna: 'cervikalcolumna',
  halsvirvler: 'cervikalcolumna',
  halsvirvelsøyle: 'cervikalcolumna',
  cervical: 'cervikalcolumna',
  cervikal: 'cervikalcolumna',
  cerv: 'cervikalcolumna',
  cervicalcolumna: 'cervikalcolumna',
  cervicalis: 'cervikalcolumna',
  ccolumna: 'cervikalcolumna',
  // "MR cx-columna", "Rtg cx" (advice15)
  cx: 'cervikalcolumna',
  cxcolumna: 'cervikalcolumna',
  cspine: 'cervikalcolumna',
  nakkesøyle: 'cervikalcolumna',
  brystrygg: 'torakalcolumna',
  brystryggen: 'torakalcolumna',
  torakal: 'torakalcolumna',
  thoracal: 'torakalcolumna',
  thorakal: 'torakalcolumna',
  thoracic: 'torakalcolumna',
  thcolumna: 'torakalcolumna',
  tspine: 'torakalcolumna',
  thspine: 'torakalcolumna',
  torakalcolumna: 'torakalcolumna',
  thorakalcolumna: 'torakalcolumna',
  thoracalcolumna: 'torakalcolumna',
  thoracalis: 'torakalcolumna',
  thorakalis: 'torakalcolumna',
  whole: 'hele',
  entire: 'hele',
  spine: 'columna',
  rygg: 'columna',
  ryggen: 'columna',
  ryggsøyle: 'columna',
  ryggsøylen: 'columna',
  totalcolumna: 'columna',
  // joints and limbs
  knee: 'kne',
  knees: 'kne',
  knær: 'kne',
  kneledd: 'kne',
  shoulder: 'skulder',
  shoulders: 'skulder',
  skulderledd: 'skulder',
  skuldra: 'skulder',
  skuldrer: 'skulder',
  skuldrene: 'skulder',
  hip: 'hofte',
  hips: 'hofte',
  hofteledd: 'hofte',
  hofta: 'hofte',
  ankle: 'ankel',
  ankelledd: 'ankel',
  foot: 'fot',
  feet: 'fot',
  føtter: 'fot',
  elbow: 'albue',
  albuledd: 'albue',
  olboge: 'albue',
  olbogen: 'albue',
  olbogeledd: 'albue',
  wrist: 'håndledd',
  handledd: 'håndledd',
  si: 'iliosakralledd',
  sacroiliac: 'iliosakralledd',
  sileddene: 'iliosakralledd',
  siledd: 'iliosakralledd',
  isledd: 'iliosakralledd',
  bekkenledd: 'iliosakralledd',
  iliosakral: 'iliosakralledd',
  // trunk
  thorax: 'toraks',
  chest: 'toraks',
  brystkasse: 'toraks',
  brystkassen: 'toraks',
  lunger: 'toraks',
  lungene: 'toraks',
  lungs: 'toraks',
  lunge: 'toraks',
  pulmonary: 'toraks',
  ctpa: 'toraks',
  cxr: 'toraks',
  lungeemboli: 'toraks',
  lungeangiografi: 'toraks',
  lungearterier: 'toraks',
  thoracis: 'toraks',
  thx: 'toraks',
  rtgthorax: 'toraks',
  pelvis: 'bekken',
  pelvic: 'bekken',
  bekkenet: 'bekken',
  transvaginal: 'bekken',
  tvus: 'bekken',
  gynekologisk: 'bekken',
  gyn: 'bekken',
  adnex: 'bekken',
  ovarier: 'bekken',
  ovarie: 'bekken',
  eggstokker: 'bekken',
  ovaries: 'bekken',
  ovary: 'bekken',
  ovarian: 'bekken',
  adnexa: 'bekken',
  adnexal: 'bekken',
  abdominal: 'abdomen',
  mage: 'abdomen',
  magen: 'abdomen',
  buk: 'abdomen',
  buken: 'abdomen',
  abd: 'abdomen',
  liver: 'lever',
  prostate: 'prostata',
  sinus: 'bihuler',
  sinuses: 'bihuler',
  paranasal: 'bihuler',
  bihule: 'bihuler',
  bihulene: 'bihuler',
  bihole: 'bihuler',
  biholer: 'bihuler',
  biholene: 'bihuler',
  sinusitt: 'bihuler',
  thyroid: 'thyreoidea',
  tyreoidea: 'thyreoidea',
  skjoldbruskkjertel: 'thyreoidea',
  skjoldbruskkjertelen: 'thyreoidea',
  carotid: 'carotis',
  karotis: 'carotis',
  carotider: 'carotis',
  karotider: 'carotis',
  halskar: 'halskar',
  urinary: 'urinveier',
  // "Renal ultrasound", "CT urografi", "CT urography/urogram": the urinary tract (breakit27).
  renal: 'urinveier',
  urografi: 'urinveier',
  urography: 'urinveier',
  urogram: 'urinveier',
  urinveiene: 'urinveier',
  nyrer: 'urinveier',
  kidneys: 'urinveier',
  kidney: 'urinveier',
  nyre: 'urinveier',
  facial: 'ansiktsskjelett',
  face: 'ansiktsskjelett',
  ansikt: 'ansiktsskjelett',
  maxillofacial: 'ansiktsskjelett',
};

/**
 * Words read as a body word only when the text names no catalogue exam with the word itself:
 * English "neck" is the catalogue's "CT neck" (CT hals) where that exists, and otherwise the
 * cervical spine, as bokmål "nakke" is ("MRI neck" ~ "MR nakke" → MR cervikalcolumna; "X-ray
 * neck" → Røntgen cervikalcolumna). To be confirmed by a clinical editor: in English radiology
 * "MRI neck" can also mean the soft tissues of the neck.
 */
export const FALLBACK_BODY_SYNONYMS: Readonly<Record<string, string>> = {
  neck: 'cervikalcolumna',
  necks: 'cervikalcolumna',
};

/** Words that never name a body part (sides, joiners, CPT boilerplate). */
export const IGNORED_WORDS: ReadonlySet<string> = new Set([
  'av',
  'og',
  'med',
  'uten',
  'i',
  'på',
  'of',
  'the',
  'and',
  'or',
  'eller',
  'hø',
  've',
  'høyre',
  'venstre',
  'h',
  'v',
  'right',
  'left',
  'bilateral',
  'begge',
  'sider',
  'undersøkelse',
  'undersøking',
  'x',
  'ray',
  'imaging',
  'scan',
  'scans',
  'eg',
  'proton',
  'contrast',
  'material',
  'without',
  'followed',
  'by',
  'further',
  'sections',
  'kontrast',
  'iv',
  'canal',
  'spinal',
  'contents',
  'views',
  'view',
  'complete',
  'limited',
  'study',
]);

/**
 * Lower-case words of an exam text, with multi-word and hyphenated forms joined first so they
 * read as one word: "X-ray" → xray, "LS-columna" → lscolumna, "C-spine" → cspine,
 * "computed tomography" → computedtomography, "magnetic resonance" → magnetresonance, "lower back" → lowback.
 */
export function examWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/x[\s-]?ray/g, 'xray')
    .replace(/computed\s+(?:axial\s+)?tomograph(?:y|ic)/g, 'computedtomography')
    .replace(/magnetic\s+resonance/g, 'magnetresonance')
    .replace(/plain\s+films?/g, 'plainfilm')
    .replace(/\bc\.?a\.?t\.?\s+scans?\b/g, 'catscan')
    .replace(
      /\b(ls|l|c|th|t|cerv|lumb)[\s-](columna|spine|rygg)\b/g,
      (_m, a: string, b: string) => `${a === 'cerv' ? 'c' : a === 'lumb' ? 'l' : a}${b === 'rygg' ? 'columna' : b}`,
    )
    .replace(/\bsi[\s-]ledd(ene)?\b/g, 'siledd')
    .replace(/\blow(?:er)?[\s-]+back\b/g, 'lowback')
    .replace(/\bmr[\s-]?undersøk(?:else|ing)/g, 'mrundersøkelse')
    .replace(/\bct[\s-]?undersøk(?:else|ing)/g, 'ctundersøkelse')
    .replace(/[^a-zæøåäöé0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => (w === 'lspine' || w === 'lcolumna' ? 'lspine' : w === 'tcolumna' ? 'thcolumna' : w));
}

/** True when a text word names the body word: the word itself, a synonym of it, or an inflection (kneet, skulderen). */
export function namesBodyWord(textWord: string, bodyWord: string): boolean {
  if (textWord === bodyWord || BODY_SYNONYMS[textWord] === bodyWord) return true;
  return bodyWord.length >= 3 && textWord.startsWith(bodyWord) && textWord.length - bodyWord.length <= 3;
}

/**
 * The names a catalogue name stands for: itself without its parenthesis, and the parenthesis alone
 * — the catalogue writes another name of the same exam there ("UL halskar (carotis)" is "UL
 * halskar" and "carotis"), not a second body part, so either names the exam (breakit27: "UL
 * carotis", "US carotid" gave no card because both words were required).
 */
export function alternativeNames(name: string): string[] {
  const inner = [...name.matchAll(/\(([^()]+)\)/g)].map((m) => m[1].trim()).filter(Boolean);
  if (inner.length === 0) return [name];
  return [
    name
      .replace(/\([^()]*\)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    ...inner,
  ].filter(Boolean);
}

/** The body words of a catalogue name: its words without modality words and joiners. */
export function bodyWordsOf(name: string): string[] {
  return [
    ...new Set(
      examWords(name)
        .filter((w) => !MODALITY_WORDS[w] && !IGNORED_WORDS.has(w))
        .map((w) => BODY_SYNONYMS[w] ?? w),
    ),
  ];
}

export interface SearchableExam {
  code: string;
  name: string;
  name_en: string | null;
  modality: string;
}

const searchIndex = new WeakMap<object, Map<string, string[]>>();

/** Every word that finds an exam in a search: its name words, and each synonym of one of its body words. */
function searchWordsOf(e: SearchableExam): string[] {
  const names = [e.name, e.name_en ?? ''];
  const own = names.flatMap((n) => examWords(n));
  const body = new Set(names.flatMap((n) => bodyWordsOf(n)));
  const syn = Object.entries(BODY_SYNONYMS)
    .filter(([, b]) => body.has(b))
    .map(([w]) => w);
  const modality = Object.entries(MODALITY_WORDS)
    .filter(([, m]) => m === e.modality)
    .map(([w]) => w);
  return [...new Set([e.code.toLowerCase(), ...own, ...syn, ...modality])];
}

/**
 * The exams a search text finds, best first: every word of the query must find the exam (as a
 * modality word, a name word, a synonym of a body word, or the start or — from four letters —
 * a part of one; the last word may be half typed). "MR korsrygg", "CT hode", "rtg kne",
 * "MR LS-columna", "ultralyd bekken", "knee MRI". An empty query finds nothing.
 */
export function searchExams<T extends SearchableExam>(query: string, catalog: readonly T[], limit = 20): T[] {
  const q = examWords(query);
  if (q.length === 0) return [];
  let ix = searchIndex.get(catalog);
  if (!ix) {
    ix = new Map(catalog.map((e) => [e.code, searchWordsOf(e)]));
    searchIndex.set(catalog, ix);
  }
  const scored: { e: T; score: number; i: number }[] = [];
  catalog.forEach((e, i) => {
    const ws = ix.get(e.code) ?? [];
    let score = 0;
    for (const t of q) {
      const m = MODALITY_WORDS[t];
      if (m) {
        if (m !== e.modality) return;
        // A word can name both ("CTPA": CT of the pulmonary arteries, i.e. of the chest).
        score += BODY_SYNONYMS[t] && ws.includes(BODY_SYNONYMS[t]) ? 6 : 3;
        continue;
      }
      if (IGNORED_WORDS.has(t)) continue;
      if (ws.includes(t)) score += 3;
      else if (ws.some((w) => w.startsWith(t))) score += 2;
      else if (t.length >= 4 && ws.some((w) => w.includes(t))) score += 1;
      else return;
    }
    if (score > 0) scored.push({ e, score, i });
  });
  scored.sort((a, b) => b.score - a.score || a.e.name.length - b.e.name.length || a.i - b.i);
  return scored.slice(0, limit).map((s) => s.e);
}
