// The fixed shape of the synthetic region: hospital sites per health trust (real trust and
// town names), invented names for people, the exam mix with national rates, and Norwegian
// referral-note templates. Everything here is synthetic demo data, not a register.

/** Sites (hospitals) of the health trust serving each referral area; the first is the largest. */
export const SITES: Record<string, { name: string; university?: boolean }[]> = {
  finnmark: [{ name: 'Hammerfest sykehus' }, { name: 'Kirkenes sykehus' }],
  unn: [{ name: 'UNN Tromsø', university: true }, { name: 'UNN Harstad' }],
  nordland: [{ name: 'Nordlandssykehuset Bodø' }, { name: 'Nordlandssykehuset Vesterålen' }, { name: 'Nordlandssykehuset Lofoten' }],
  helgeland: [{ name: 'Helgelandssykehuset Mo i Rana' }, { name: 'Helgelandssykehuset Mosjøen' }, { name: 'Helgelandssykehuset Sandnessjøen' }],
  'nord-trondelag': [{ name: 'Sykehuset Levanger' }, { name: 'Sykehuset Namsos' }],
  'st-olav': [{ name: 'St. Olavs hospital Øya', university: true }, { name: 'St. Olavs hospital Orkdal' }],
  'more-og-romsdal': [{ name: 'Ålesund sjukehus' }, { name: 'Molde sjukehus' }, { name: 'Kristiansund sykehus' }, { name: 'Volda sjukehus' }],
  forde: [{ name: 'Førde sentralsjukehus' }, { name: 'Lærdal sjukehus' }, { name: 'Nordfjord sjukehus' }],
  bergen: [{ name: 'Haukeland universitetssjukehus', university: true }, { name: 'Voss sjukehus' }],
  fonna: [{ name: 'Haugesund sjukehus' }, { name: 'Stord sjukehus' }, { name: 'Odda sjukehus' }],
  stavanger: [{ name: 'Stavanger universitetssjukehus', university: true }],
  ostfold: [{ name: 'Sykehuset Østfold Kalnes' }, { name: 'Sykehuset Østfold Moss' }],
  akershus: [{ name: 'Ahus Nordbyhagen', university: true }, { name: 'Ahus Kongsvinger' }],
  ous: [{ name: 'Rikshospitalet', university: true }, { name: 'Ullevål sykehus', university: true }, { name: 'Aker sykehus' }],
  lovisenberg: [{ name: 'Lovisenberg Diakonale Sykehus' }],
  diakonhjemmet: [{ name: 'Diakonhjemmet Sykehus' }],
  innlandet: [
    { name: 'Sykehuset Innlandet Hamar' },
    { name: 'Sykehuset Innlandet Lillehammer' },
    { name: 'Sykehuset Innlandet Gjøvik' },
    { name: 'Sykehuset Innlandet Elverum' },
  ],
  'vestre-viken': [{ name: 'Drammen sykehus' }, { name: 'Bærum sykehus' }, { name: 'Ringerike sykehus' }, { name: 'Kongsberg sykehus' }],
  vestfold: [{ name: 'Sykehuset i Vestfold Tønsberg' }, { name: 'Sykehuset i Vestfold Larvik' }],
  telemark: [{ name: 'Sykehuset Telemark Skien' }, { name: 'Sykehuset Telemark Notodden' }],
  sorlandet: [{ name: 'Sørlandet sykehus Kristiansand' }, { name: 'Sørlandet sykehus Arendal' }, { name: 'Sørlandet sykehus Flekkefjord' }],
};

/** Areas served by a private non-profit hospital with an agreement (not an HF of its own). */
export const PRIVATE_HOSPITAL_AREAS = new Set(['lovisenberg', 'diakonhjemmet']);
/** Extra private non-profit hospitals inside an HF's area. */
export const EXTRA_PRIVATE_HOSPITALS: Record<string, string> = { bergen: 'Haraldsplass Diakonale Sykehus' };

/** Private imaging institutes (invented demo names after the chains named in docs/domain.md) per region. */
export const INSTITUTES: Record<string, string[]> = {
  nord: ['Aleris Røntgen Tromsø', 'Unilabs Røntgen Bodø'],
  midt: ['Aleris Røntgen Trondheim', 'Unilabs Røntgen Ålesund'],
  vest: ['Aleris Røntgen Bergen', 'Unilabs Røntgen Stavanger', 'Unilabs Røntgen Haugesund'],
  'sor-ost': ['Aleris Røntgen Oslo', 'Unilabs Røntgen Drammen', 'Aleris Røntgen Fredrikstad', 'Unilabs Røntgen Kristiansand'],
};

export const GIVEN_NAMES_F = [
  'Anne',
  'Inger',
  'Kari',
  'Marit',
  'Ingrid',
  'Liv',
  'Eva',
  'Berit',
  'Astrid',
  'Bjørg',
  'Hilde',
  'Anna',
  'Solveig',
  'Marianne',
  'Randi',
  'Ida',
  'Nina',
  'Maria',
  'Elisabeth',
  'Kristin',
  'Emma',
  'Nora',
  'Sara',
  'Ingeborg',
  'Silje',
  'Tone',
  'Hanne',
  'Camilla',
  'Thea',
  'Sofie',
];
export const GIVEN_NAMES_M = [
  'Jan',
  'Per',
  'Bjørn',
  'Ole',
  'Lars',
  'Kjell',
  'Knut',
  'Arne',
  'Svein',
  'Thomas',
  'Hans',
  'Geir',
  'Tor',
  'Morten',
  'Terje',
  'Odd',
  'Erik',
  'Martin',
  'Andreas',
  'John',
  'Anders',
  'Rune',
  'Trond',
  'Jonas',
  'Magnus',
  'Henrik',
  'Emil',
  'Jakob',
  'Sindre',
  'Eirik',
];
export const FAMILY_NAMES = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Pedersen',
  'Nilsen',
  'Kristiansen',
  'Jensen',
  'Karlsen',
  'Johnsen',
  'Pettersen',
  'Eriksen',
  'Berg',
  'Haugen',
  'Hagen',
  'Johannessen',
  'Andreassen',
  'Jacobsen',
  'Dahl',
  'Jørgensen',
  'Halvorsen',
  'Henriksen',
  'Lund',
  'Sørensen',
  'Jakobsen',
  'Moen',
  'Gundersen',
  'Iversen',
  'Strand',
  'Solberg',
  'Svendsen',
  'Eide',
  'Knutsen',
  'Martinsen',
  'Paulsen',
  'Bakken',
  'Kristoffersen',
  'Mathisen',
  'Lie',
  'Rønning',
  'Lunde',
  'Nygård',
  'Fjeld',
  'Myklebust',
  'Vik',
  'Aasen',
  'Brekke',
  'Bakke',
  'Tveit',
];

export type AgeProfile = 'young' | 'adult' | 'old' | 'flat';
/** Probability of drawing the patient from age class 0–19, 20–59, 60+ for each profile. */
export const AGE_CLASS_WEIGHTS: Record<AgeProfile, [number, number, number]> = {
  young: [0.45, 0.4, 0.15],
  adult: [0.08, 0.62, 0.3],
  old: [0.03, 0.32, 0.65],
  flat: [0.15, 0.45, 0.4],
};

export interface ExamMix {
  code: string;
  /** Annual exams per 10,000 inhabitants, national level (approximate; see the notes below). */
  per10k: number;
  age: AgeProfile;
  sex?: 'M' | 'F';
  /** Exams that Choosing-Wisely-type high referrers over-order (MR head, back, knee). */
  choosingWisely?: boolean;
  /** Relative level per area where Helseatlas publishes one (rate / national rate). */
  anchors?: Record<string, number>;
  /** Share of low-value requests (before high-referrer uplift). */
  lowValueShare?: number;
  topic: NoteTopic;
}

// Rates: MR knee 147/10,000 (Helseatlas radiologi 1; Bergen 168, Finnmark 120); MR spine in all
// ~298/10,000 (160,000 a year; Østfold 474, Førde 292 — Helseatlas radiologi 2); total outpatient
// MR ~1,126/10,000. Other rates are rough shares of ~4.2 million exams a year (docs/domain.md, "Why Radvis exists") and
// are demo assumptions.
const spineAnchors = { ostfold: 474 / 298, forde: 292 / 298 };
export const EXAM_MIX: ExamMix[] = [
  { code: 'SNG0AG', per10k: 147, age: 'adult', choosingWisely: true, anchors: { bergen: 168 / 147, finnmark: 120 / 147 }, lowValueShare: 0.35, topic: 'knee' },
  { code: 'SNA0GG', per10k: 190, age: 'adult', choosingWisely: true, anchors: spineAnchors, lowValueShare: 0.4, topic: 'lumbar' },
  { code: 'SNA0AG', per10k: 85, age: 'adult', anchors: spineAnchors, lowValueShare: 0.3, topic: 'neck' },
  { code: 'SNA0BG', per10k: 15, age: 'old', anchors: spineAnchors, topic: 'lumbar' },
  { code: 'SNA0KG', per10k: 8, age: 'old', anchors: spineAnchors, topic: 'lumbar' },
  { code: 'SAA0AG', per10k: 230, age: 'adult', choosingWisely: true, lowValueShare: 0.3, topic: 'headache' },
  { code: 'SNB0BG', per10k: 90, age: 'adult', lowValueShare: 0.3, topic: 'shoulder' },
  { code: 'SNF0AG', per10k: 45, age: 'adult', topic: 'generic' },
  { code: 'SSE0AG', per10k: 40, age: 'adult', sex: 'F', lowValueShare: 0.25, topic: 'ovary' },
  { code: 'SKE0AG', per10k: 45, age: 'old', sex: 'M', topic: 'generic' },
  { code: 'SSD0AG', per10k: 60, age: 'adult', topic: 'generic' },
  { code: 'SNH0BG', per10k: 30, age: 'adult', topic: 'generic' },
  // Smaller MR groups, so outpatient MR sums to ~1,126 per 10,000 (Helseatlas radiologi 1).
  { code: 'SJJ0AG', per10k: 35, age: 'old', topic: 'generic' },
  { code: 'SND0AG', per10k: 25, age: 'adult', topic: 'generic' },
  { code: 'SNH0AG', per10k: 25, age: 'adult', topic: 'generic' },
  { code: 'SNE0BG', per10k: 25, age: 'adult', topic: 'generic' },
  { code: 'SNC0AG', per10k: 10, age: 'adult', topic: 'generic' },
  { code: 'SSC0AG', per10k: 10, age: 'old', topic: 'generic' },
  { code: 'SDX0AG', per10k: 11, age: 'adult', topic: 'sinus' },
  { code: 'SAA0AD', per10k: 450, age: 'old', lowValueShare: 0.2, topic: 'ctHead' },
  { code: 'SSC0AD', per10k: 450, age: 'old', lowValueShare: 0.15, topic: 'pe' },
  { code: 'SSL0AD', per10k: 330, age: 'old', topic: 'generic' },
  { code: 'SSQ0AD', per10k: 180, age: 'old', topic: 'generic' },
  { code: 'SDX0AD', per10k: 30, age: 'adult', lowValueShare: 0.4, topic: 'sinus' },
  { code: 'SNA0GD', per10k: 40, age: 'old', topic: 'lumbar' },
  { code: 'SKX0AD', per10k: 60, age: 'adult', topic: 'generic' },
  { code: 'SSC0AA', per10k: 1100, age: 'old', topic: 'generic' },
  { code: 'SNG0AA', per10k: 350, age: 'adult', topic: 'knee' },
  { code: 'SNF0AA', per10k: 300, age: 'old', topic: 'generic' },
  { code: 'SNA0GA', per10k: 150, age: 'adult', lowValueShare: 0.3, topic: 'lumbar' },
  { code: 'SNB0BA', per10k: 200, age: 'adult', topic: 'shoulder' },
  { code: 'SND0AA', per10k: 400, age: 'flat', topic: 'generic' },
  { code: 'SNH0BA', per10k: 400, age: 'young', topic: 'generic' },
  { code: 'SDX0AA', per10k: 20, age: 'adult', lowValueShare: 0.5, topic: 'sinus' },
  { code: 'SJX0AK', per10k: 500, age: 'adult', topic: 'generic' },
  { code: 'SSE0AK', per10k: 150, age: 'adult', sex: 'F', lowValueShare: 0.25, topic: 'ovary' },
  { code: 'SBA0AK', per10k: 100, age: 'adult', topic: 'generic' },
  { code: 'SPA0AK', per10k: 120, age: 'old', topic: 'generic' },
  { code: 'SNB0BK', per10k: 100, age: 'adult', topic: 'shoulder' },
];

export type NoteTopic = 'knee' | 'lumbar' | 'neck' | 'headache' | 'shoulder' | 'ovary' | 'ctHead' | 'pe' | 'sinus' | 'generic';

export interface NoteScenario {
  lowValue: boolean;
  indication: [system: 'ICPC-2', code: string];
  question: string;
  /** ICD-10 category when a hospital doctor or private specialist refers (specialist care codes in ICD-10). */
  icd10: string;
  /**
   * Template; {n} weeks (1–16), {kort} weeks under 6 (1–5), {side} høyre/venstre, {cm} size and
   * {alder} (the patient's age and sex as a GP writes them, "54 år gammel kvinne": the age on the
   * day the referral is sent, from the birth date) are filled in.
   */
  text: string;
  /**
   * Only for patients of these ages (whole years on the day the referral is sent) or this sex: a
   * note never says something its patient contradicts (premenopausal at 70, breast cancer in a man).
   */
  minAge?: number;
  maxAge?: number;
  sex?: 'M' | 'F';
  /** Always sent as urgent (head injury, suspected pulmonary embolism, thunderclap headache); else 8 % are. */
  urgent?: boolean;
}

/** Openings and closings that vary the notes the way real referrals vary (none of them changes the facts). */
export const NOTE_OPENINGS = ['', '', '', 'Takk for at dere tar imot. ', 'Henvises for bildediagnostikk. ', 'Pasienten kjent fra før. '];
export const NOTE_CLOSINGS = [
  '',
  '',
  '',
  ' Takk.',
  ' Tlf. pas. ved behov for tidlig time.',
  ' Ingen kjente allergier.',
  ' eGFR normal.',
  ' Ingen pacemaker eller metall i kroppen.',
];

/** Head injuries (CT head; Scandinavian guidelines for minor head injury, the hodeskade topic). */
const HEAD_INJURY: NoteScenario[] = [
  {
    lowValue: true,
    icd10: 'S06',
    indication: ['ICPC-2', 'N80'],
    question: 'Intrakraniell blødning?',
    text: 'Slo hodet i går. GCS 15, ikke bevisstløs, ingen oppkast. Ingen blodfortynnende. Ønsker CT for sikkerhets skyld.',
    urgent: true,
  },
  {
    lowValue: false,
    icd10: 'S06',
    indication: ['ICPC-2', 'N80'],
    question: 'Intrakraniell blødning?',
    text: 'Fall i trapp, slo hodet. Bruker Eliquis. GCS 14, kastet opp to ganger.',
    urgent: true,
  },
];

export const NOTES: Record<NoteTopic, NoteScenario[]> = {
  knee: [
    {
      lowValue: true,
      icd10: 'M17',
      indication: ['ICPC-2', 'L15'],
      question: 'Artrose? Menisk?',
      text: 'Pas. med gradvis økende smerter i {side} kne i {n} uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg. Ønsker MR.',
    },
    {
      lowValue: true,
      icd10: 'M22',
      indication: ['ICPC-2', 'L15'],
      question: 'Patellofemoralt smertesyndrom?',
      text: 'Fremre knesmerter {side} side i {n} uker, verre i trapper. Ingen hydrops eller låsning. Ikke forsøkt fysioterapi.',
    },
    {
      lowValue: false,
      icd10: 'M23',
      indication: ['ICPC-2', 'L96'],
      question: 'Menisklesjon?',
      text: 'Vridningstraume {side} kne for {n} uker siden. Hydrops og gjentatte låsninger. Rtg kne u.a. Spm. menisklesjon som trenger behandling.',
    },
    {
      lowValue: true,
      icd10: 'M17',
      indication: ['ICPC-2', 'L90'],
      question: 'Artrose?',
      text: '{alder} med belastningssmerter i {side} kne i {n} måneder. Ikke tatt røntgen. Spm artrose, ev. menisk?',
      // Degenerative knee pain: a middle-aged or older patient (the kne topic's rule reads 45+).
      minAge: 45,
    },
    {
      lowValue: false,
      icd10: 'M23',
      indication: ['ICPC-2', 'L96'],
      question: 'Menisklesjon?',
      text: 'Smerter i {side} kne i {n} uker etter vridning. Hydrops. Låser seg innimellom. Spm menisklesjon?',
    },
    {
      lowValue: false,
      icd10: 'M17',
      indication: ['ICPC-2', 'L90'],
      question: 'Utredning før protese?',
      text: 'Kjent artrose på rtg, økende smerter {side} kne tross fysioterapi i {n} uker. Vurderes av ortoped.',
    },
  ],
  lumbar: [
    {
      lowValue: true,
      icd10: 'M54',
      indication: ['ICPC-2', 'L03'],
      question: 'Prolaps?',
      text: 'Akutte korsryggsmerter etter løft for {kort} uker siden. Ingen utstråling. Ingen røde flagg. Pas. ønsker MR.',
    },
    {
      lowValue: true,
      icd10: 'M54',
      indication: ['ICPC-2', 'L84'],
      question: 'Degenerative forandringer?',
      text: 'Langvarige ryggsmerter uten utstråling, ingen nevrologiske utfall. Ikke vurdert for kirurgi.',
    },
    {
      lowValue: true,
      icd10: 'M54',
      indication: ['ICPC-2', 'L03'],
      question: 'Prolaps?',
      text: 'Lumbago i {kort} uker, smerter ned mot {side} sete uten nevrologiske utfall. Ingen feber, ikke vekttap.',
    },
    {
      lowValue: false,
      icd10: 'M51',
      indication: ['ICPC-2', 'L86'],
      question: 'Spinal stenose?',
      text: 'Claudicatiolignende smerter i begge ben ved gange, økende over {n} måneder. Vurderes for kirurgi.',
    },
    {
      lowValue: false,
      icd10: 'M51',
      indication: ['ICPC-2', 'L86'],
      question: 'Prolaps med rotaffeksjon?',
      text: 'Utstrålende smerter til {side} ben i {n} uker tross fysioterapi. Positiv Lasègue, nedsatt akillesrefleks. Vurderes for operasjon.',
    },
    {
      lowValue: false,
      icd10: 'C79',
      indication: ['ICPC-2', 'L03'],
      question: 'Metastase?',
      text: 'Tidl. ca mammae. Nå nattlige hvilesmerter i rygg og vekttap siste {n} uker.',
      sex: 'F',
    },
    {
      lowValue: false,
      icd10: 'C79',
      indication: ['ICPC-2', 'L03'],
      question: 'Metastase?',
      text: 'Tidl. ca prostata. Nå nattlige hvilesmerter i rygg og vekttap siste {n} uker.',
      sex: 'M',
      minAge: 40,
    },
  ],
  neck: [
    {
      lowValue: true,
      icd10: 'S13',
      indication: ['ICPC-2', 'L83'],
      question: 'Nakkesleng?',
      text: 'Nakkesmerter etter nakkesleng i bil for {kort} uker siden. Ingen nevrologiske utfall, ingen utstråling.',
    },
    {
      lowValue: false,
      icd10: 'M50',
      indication: ['ICPC-2', 'L83'],
      question: 'Cervikal rotaffeksjon?',
      text: 'Utstråling til {side} arm med nummenhet i {n} uker, kraftsvikt i håndleddsekstensjon. Ingen bedring med fysioterapi.',
    },
  ],
  headache: [
    {
      lowValue: true,
      icd10: 'G44',
      indication: ['ICPC-2', 'N02'],
      question: 'Tumor cerebri?',
      text: 'Spenningshodepine i flere år, uendret mønster. Nevrologisk us. u.a. Pas. bekymret, ønsker MR.',
    },
    {
      lowValue: false,
      icd10: 'R51',
      indication: ['ICPC-2', 'N01'],
      question: 'Intrakraniell patologi?',
      // New headache after 50 is a red flag in itself (hodepine topic).
      text: '{alder} med ny hodepine siste {n} uker, endret karakter, verst om morgenen. Kvalme.',
      minAge: 50,
    },
    {
      lowValue: false,
      icd10: 'R51',
      indication: ['ICPC-2', 'N01'],
      question: 'Intrakraniell patologi?',
      // Under 50 the red flags are the changed pattern, waking at night and vomiting.
      text: '{alder} med ny hodepine siste {n} uker, endret karakter, vekkes av smertene om natten. Kvalme og oppkast.',
      maxAge: 49,
    },
  ],
  shoulder: [
    {
      lowValue: true,
      icd10: 'M75',
      indication: ['ICPC-2', 'L92'],
      question: 'Impingement?',
      text: 'Smerter {side} skulder ved abduksjon i {n} uker. God kraft. Klinisk impingement.',
    },
    {
      lowValue: false,
      icd10: 'M75',
      indication: ['ICPC-2', 'L92'],
      question: 'Rotatorcuffruptur?',
      text: '{alder} med kraftsvikt i {side} skulder etter fall for {n} uker siden. Positiv drop-arm.',
      minAge: 40,
    },
  ],
  ovary: [
    {
      lowValue: true,
      icd10: 'N83',
      indication: ['ICPC-2', 'X99'],
      question: 'Kontroll av cyste',
      text: 'Tilfeldig funn av enkel cyste {cm} cm på {side} ovarium hos premenopausal kvinne. Ønsker kontroll.',
      // Menopause at about 51 years in Norway (illustrative bounds: premenopausal up to 50, postmenopausal from 51).
      sex: 'F',
      maxAge: 50,
    },
    {
      lowValue: false,
      icd10: 'N83',
      indication: ['ICPC-2', 'X99'],
      question: 'Ovarialtumor?',
      text: 'Postmenopausal kvinne med kompleks cyste {cm} cm med solide elementer, økende bukomfang.',
      sex: 'F',
      minAge: 51,
    },
    {
      lowValue: false,
      icd10: 'N83',
      indication: ['ICPC-2', 'X99'],
      question: 'Ovarialtumor?',
      text: 'Premenopausal kvinne med kompleks cyste {cm} cm på {side} ovarium, vedvarende ved kontroll etter 8 uker. Økende smerter.',
      sex: 'F',
      maxAge: 50,
    },
  ],
  // CT head: head injuries, and headache as GPs refer it — uncomplicated headache without red flags,
  // which Kloke valg (Norsk radiologisk forening) advises against imaging, next to red-flag headache
  // (sudden worst-ever headache, a new or changed pattern) where imaging is indicated. The advice
  // engine rates these notes by the hodepine and hodeskade topics (content/guidelines).
  ctHead: [
    ...HEAD_INJURY,
    {
      lowValue: true,
      icd10: 'G44',
      indication: ['ICPC-2', 'N02'],
      question: 'Tumor cerebri?',
      text: 'Spenningshodepine i flere år, uendret mønster. Nevrologisk us. u.a. Pas. bekymret, ønsker CT.',
    },
    {
      lowValue: true,
      icd10: 'R51',
      indication: ['ICPC-2', 'N01'],
      question: 'Intrakraniell patologi?',
      text: 'Hodepine i {n} uker, som tidligere episoder. Ingen nevrologiske utfall. Ikke kjent kreft. Ønsker CT for å utelukke noe alvorlig.',
    },
    {
      lowValue: false,
      icd10: 'R51',
      indication: ['ICPC-2', 'N01'],
      question: 'Subaraknoidalblødning?',
      text: 'Plutselig innsettende, verste hodepine noensinne for to timer siden. Nakkestiv.',
      urgent: true,
    },
    {
      lowValue: false,
      icd10: 'R51',
      indication: ['ICPC-2', 'N01'],
      question: 'Intrakraniell patologi?',
      // New headache after 50 is a red flag in itself (hodepine topic).
      text: '{alder} med ny hodepine siste {n} uker, endret karakter, verst om morgenen. Kvalme.',
      minAge: 50,
    },
    {
      lowValue: false,
      icd10: 'R51',
      indication: ['ICPC-2', 'N01'],
      question: 'Intrakraniell patologi?',
      // Under 50 the red flags are the changed pattern, waking at night and vomiting.
      text: '{alder} med ny hodepine siste {n} uker, endret karakter, vekkes av smertene om natten. Kvalme og oppkast.',
      maxAge: 49,
    },
  ],
  pe: [
    {
      lowValue: true,
      icd10: 'I26',
      indication: ['ICPC-2', 'K93'],
      question: 'Lungeemboli?',
      text: 'Lett tungpust i {n} uker. Wells lav, D-dimer negativ. Ønsker CT for å utelukke LE.',
    },
    {
      lowValue: false,
      icd10: 'I26',
      indication: ['ICPC-2', 'K93'],
      question: 'Lungeemboli?',
      text: 'Akutt dyspné og pleurale smerter, hevelse {side} legg. Forhøyet D-dimer. Wells høy.',
      urgent: true,
    },
  ],
  sinus: [
    {
      lowValue: true,
      icd10: 'J01',
      indication: ['ICPC-2', 'R75'],
      question: 'Sinusitt?',
      text: 'Tett nese og ansiktssmerter i {n} uker etter forkjølelse. Ingen komplikasjoner.',
    },
    {
      lowValue: false,
      icd10: 'J32',
      indication: ['ICPC-2', 'R75'],
      question: 'Kronisk sinusitt før kirurgi?',
      text: 'Residiverende sinusitt med mange antibiotikakurer siste år. Henvist ØNH for vurdering av kirurgi.',
    },
  ],
  generic: [
    {
      lowValue: false,
      icd10: 'R69',
      indication: ['ICPC-2', 'A97'],
      question: 'Vurdering',
      text: 'Plager i {n} uker. Klinisk undersøkt, ønsker bildediagnostikk for videre utredning.',
    },
    {
      lowValue: false,
      icd10: 'Z09',
      indication: ['ICPC-2', 'A97'],
      question: 'Kontroll',
      text: 'Kontroll etter tidligere funn. Pas. har ingen nye symptomer.',
    },
  ],
};
