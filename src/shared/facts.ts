// The clinical facts a referral can carry: the shared vocabulary of the referral form, the
// Norwegian free-text extractor and the referral-advice rules. A guideline topic names the
// facts it needs by these ids; the form asks for them; the extractor fills them from text.
// Adding a fact: add it here with its labels and question, then use it in content.

export type FactType = 'boolean' | 'number' | 'enum';

export interface FactDefinition {
  id: string;
  type: FactType;
  /** For enum facts: the allowed values. */
  values?: readonly string[];
  /** For enum facts: what each value reads as, bokmål / English (people never see the raw values). */
  valueLabels?: Readonly<Record<string, { nb: string; en: string }>>;
  /** For number facts: the unit (shown to the user). */
  unit?: string;
  /** Short label, bokmål / English. */
  label: { nb: string; en: string };
  /** The question put to the referrer when the fact is missing. */
  question: { nb: string; en: string };
  /** For number facts: the smallest and largest value that can occur (GCS 3–15). */
  min?: number;
  max?: number;
  /** For number facts: only whole numbers occur (GCS). */
  integer?: boolean;
  /**
   * Facts that follow from this one (issue 6): when this fact has the value `when` (or any value,
   * 'known'), `fact` has `value` unless the referral states it. A boolean implication also holds
   * backwards: "failed physiotherapy ⇒ conservative treatment tried" makes "conservative
   * treatment not tried" mean "physiotherapy did not fail".
   */
  implies?: readonly Implication[];
}

export interface Implication {
  when: boolean | 'known';
  fact: string;
  value: FactValue;
}

const f = (d: FactDefinition) => d;

export const FACTS = [
  // Time course
  f({
    id: 'symptom_duration_weeks',
    type: 'number',
    unit: 'uker',
    min: 0,
    label: { nb: 'Varighet av symptomer (uker)', en: 'Symptom duration (weeks)' },
    question: { nb: 'Hvor lenge har plagene vart (uker)?', en: 'How long have the symptoms lasted (weeks)?' },
  }),
  // Trauma
  f({
    id: 'trauma',
    type: 'boolean',
    label: { nb: 'Traume', en: 'Trauma' },
    question: { nb: 'Er det et traume (skade) i forkant?', en: 'Was there a preceding trauma (injury)?' },
  }),
  f({
    id: 'whiplash',
    type: 'boolean',
    implies: [{ when: true, fact: 'trauma', value: true }],
    label: { nb: 'Nakkesleng', en: 'Whiplash' },
    question: { nb: 'Er plagene etter nakkesleng?', en: 'Are the symptoms after a whiplash injury?' },
  }),
  // Red flags (general)
  f({
    id: 'red_flags',
    type: 'boolean',
    label: { nb: 'Røde flagg', en: 'Red flags' },
    question: {
      nb: 'Foreligger røde flagg (f.eks. kjent kreft, vekttap, feber, nevrologiske utfall, cauda equina-symptomer)?',
      en: 'Are there red flags (e.g. known cancer, weight loss, fever, neurological deficit, cauda equina symptoms)?',
    },
  }),
  f({
    id: 'cancer_history',
    type: 'boolean',
    label: { nb: 'Tidligere kreft', en: 'Previous cancer' },
    question: { nb: 'Har pasienten hatt kreft?', en: 'Has the patient had cancer?' },
  }),
  f({
    id: 'weight_loss',
    type: 'boolean',
    label: { nb: 'Uforklart vekttap', en: 'Unexplained weight loss' },
    question: { nb: 'Har pasienten uforklart vekttap?', en: 'Does the patient have unexplained weight loss?' },
  }),
  f({
    id: 'fever',
    type: 'boolean',
    label: { nb: 'Feber / infeksjonstegn', en: 'Fever / signs of infection' },
    question: { nb: 'Har pasienten feber eller tegn på infeksjon?', en: 'Does the patient have fever or signs of infection?' },
  }),
  f({
    id: 'neuro_deficit',
    type: 'boolean',
    label: { nb: 'Nevrologiske utfall', en: 'Neurological deficit' },
    question: { nb: 'Er det objektive (progredierende) nevrologiske utfall?', en: 'Are there objective (progressive) neurological deficits?' },
  }),
  f({
    id: 'cauda_equina',
    type: 'boolean',
    label: { nb: 'Cauda equina-symptomer', en: 'Cauda equina symptoms' },
    question: { nb: 'Er det ridebukseanestesi, urinretensjon eller inkontinens?', en: 'Is there saddle anaesthesia, urinary retention or incontinence?' },
  }),
  f({
    id: 'night_pain',
    type: 'boolean',
    label: { nb: 'Nattlige hvilesmerter', en: 'Night pain at rest' },
    question: { nb: 'Har pasienten nattlige hvilesmerter?', en: 'Does the patient have night pain at rest?' },
  }),
  // Spine
  f({
    id: 'radiating_pain',
    type: 'boolean',
    label: { nb: 'Utstrålende smerter / rotaffeksjon', en: 'Radiating pain / nerve-root involvement' },
    question: { nb: 'Er det utstråling til arm/ben eller tegn på rotaffeksjon?', en: 'Is there radiation to arm/leg or signs of nerve-root involvement?' },
  }),
  f({
    id: 'surgery_considered',
    type: 'boolean',
    label: { nb: 'Kirurgi vurderes', en: 'Surgery considered' },
    question: { nb: 'Vurderes kirurgisk behandling?', en: 'Is surgical treatment being considered?' },
  }),
  f({
    id: 'conservative_treatment_tried',
    type: 'boolean',
    label: { nb: 'Konservativ behandling forsøkt', en: 'Conservative treatment tried' },
    question: { nb: 'Er konservativ behandling (f.eks. fysioterapi) forsøkt?', en: 'Has conservative treatment (e.g. physiotherapy) been tried?' },
  }),
  // Prior imaging
  f({
    id: 'prior_imaging',
    type: 'boolean',
    label: { nb: 'Tidligere bildediagnostikk av samme problem', en: 'Previous imaging of the same problem' },
    question: { nb: 'Er det tatt bilder av samme problemstilling tidligere?', en: 'Has the same problem been imaged before?' },
  }),
  f({
    id: 'prior_xray',
    type: 'boolean',
    label: { nb: 'Røntgen tatt', en: 'X-ray done' },
    question: { nb: 'Er det tatt vanlig røntgen av området?', en: 'Has a plain X-ray of the area been done?' },
  }),
  f({
    id: 'xray_explains_symptoms',
    type: 'boolean',
    implies: [{ when: 'known', fact: 'prior_xray', value: true }],
    label: { nb: 'Røntgen forklarer plagene', en: 'X-ray explains symptoms' },
    question: { nb: 'Forklarer røntgenfunnene plagene?', en: 'Do the X-ray findings explain the symptoms?' },
  }),
  // Knee
  f({
    id: 'anterior_knee_pain',
    type: 'boolean',
    label: { nb: 'Fremre knesmerter', en: 'Anterior knee pain' },
    question: { nb: 'Er smertene lokalisert fortil i kneet (patellofemoralt)?', en: 'Is the pain located at the front of the knee (patellofemoral)?' },
  }),
  f({
    id: 'knee_effusion',
    type: 'boolean',
    label: { nb: 'Hydrops', en: 'Effusion (hydrops)' },
    question: { nb: 'Har kneet hydrops (væske)?', en: 'Does the knee have an effusion?' },
  }),
  f({
    id: 'knee_locking',
    type: 'boolean',
    label: { nb: 'Låsninger', en: 'Locking' },
    question: { nb: 'Har kneet ekte låsninger?', en: 'Does the knee lock?' },
  }),
  f({
    id: 'physiotherapy_failed',
    type: 'boolean',
    implies: [{ when: true, fact: 'conservative_treatment_tried', value: true }],
    label: { nb: 'Fysioterapi uten effekt', en: 'Physiotherapy without effect' },
    question: { nb: 'Er fysioterapi forsøkt uten effekt?', en: 'Has physiotherapy been tried without effect?' },
  }),
  f({
    id: 'suspected_meniscal_tear',
    type: 'boolean',
    label: { nb: 'Mistanke om behandlingstrengende meniskskade', en: 'Suspected meniscal tear needing treatment' },
    question: { nb: 'Mistenkes meniskskade som kan trenge behandling?', en: 'Is a meniscal tear needing treatment suspected?' },
  }),
  // Shoulder
  f({
    id: 'shoulder_weakness',
    type: 'boolean',
    label: { nb: 'Kraftsvikt i skulderen', en: 'Shoulder weakness' },
    question: { nb: 'Er det kraftsvikt (mistanke om total rotatorcuffruptur)?', en: 'Is there weakness (suspected full-thickness rotator cuff tear)?' },
  }),
  // Head injury (Scandinavian Neurotrauma Committee)
  f({
    id: 'head_injury',
    type: 'boolean',
    implies: [{ when: true, fact: 'trauma', value: true }],
    label: { nb: 'Hodeskade', en: 'Head injury' },
    question: { nb: 'Gjelder henvisningen en hodeskade?', en: 'Is the referral for a head injury?' },
  }),
  f({
    id: 'gcs',
    type: 'number',
    min: 3,
    max: 15,
    integer: true,
    label: { nb: 'GCS', en: 'GCS' },
    question: { nb: 'Hva er GCS (3–15)?', en: 'What is the GCS (3–15)?' },
  }),
  f({
    id: 'loss_of_consciousness',
    type: 'boolean',
    label: { nb: 'Bevissthetstap', en: 'Loss of consciousness' },
    question: { nb: 'Har pasienten vært bevisstløs?', en: 'Was there loss of consciousness?' },
  }),
  f({
    id: 'anticoagulants',
    type: 'boolean',
    label: { nb: 'Antikoagulasjon / blodfortynnende', en: 'Anticoagulants' },
    question: { nb: 'Bruker pasienten antikoagulasjon eller platehemmere?', en: 'Is the patient on anticoagulants or antiplatelets?' },
  }),
  f({
    id: 'vomiting',
    type: 'boolean',
    label: { nb: 'Gjentatte oppkast', en: 'Repeated vomiting' },
    question: { nb: 'Har pasienten kastet opp gjentatte ganger?', en: 'Has the patient vomited repeatedly?' },
  }),
  f({
    id: 'seizure',
    type: 'boolean',
    label: { nb: 'Krampeanfall', en: 'Seizure' },
    question: { nb: 'Har pasienten hatt krampeanfall?', en: 'Has the patient had a seizure?' },
  }),
  f({
    id: 'skull_fracture_signs',
    type: 'boolean',
    label: { nb: 'Tegn på skallebrudd', en: 'Signs of skull fracture' },
    question: { nb: 'Er det klinisk mistanke om skallebrudd (impresjon, basisfraktur-tegn)?', en: 'Are there clinical signs of skull fracture?' },
  }),
  // Headache
  f({
    id: 'headache',
    type: 'boolean',
    label: { nb: 'Hodepine', en: 'Headache' },
    question: { nb: 'Gjelder henvisningen hodepine?', en: 'Is the referral for headache?' },
  }),
  f({
    id: 'thunderclap',
    type: 'boolean',
    implies: [{ when: true, fact: 'headache', value: true }],
    label: { nb: 'Tordenskrallhodepine', en: 'Thunderclap headache' },
    question: { nb: 'Kom hodepinen plutselig og maksimalt (tordenskrall)?', en: 'Was the onset sudden and maximal (thunderclap)?' },
  }),
  f({
    id: 'headache_pattern_change',
    type: 'boolean',
    implies: [{ when: true, fact: 'headache', value: true }],
    label: { nb: 'Endret hodepinemønster', en: 'Changed headache pattern' },
    question: { nb: 'Er hodepinen ny eller endret i karakter?', en: 'Is the headache new or changed in character?' },
  }),
  // Pulmonary embolism
  f({
    id: 'pe_probability',
    type: 'enum',
    values: ['low', 'intermediate', 'high'],
    valueLabels: { low: { nb: 'Lav', en: 'Low' }, intermediate: { nb: 'Middels', en: 'Intermediate' }, high: { nb: 'Høy', en: 'High' } },
    label: { nb: 'Klinisk sannsynlighet for lungeemboli', en: 'Clinical probability of PE' },
    question: { nb: 'Hva er klinisk sannsynlighet for lungeemboli (f.eks. Wells)?', en: 'What is the clinical probability of PE (e.g. Wells)?' },
  }),
  f({
    id: 'd_dimer',
    type: 'enum',
    values: ['negative', 'positive'],
    valueLabels: { negative: { nb: 'Negativ', en: 'Negative' }, positive: { nb: 'Positiv', en: 'Positive' } },
    label: { nb: 'D-dimer', en: 'D-dimer' },
    question: { nb: 'Er D-dimer tatt, og er den negativ eller positiv?', en: 'Was D-dimer measured, negative or positive?' },
  }),
  // Sinusitis
  f({
    id: 'sinusitis_complication',
    type: 'boolean',
    label: { nb: 'Komplisert sinusitt', en: 'Complicated sinusitis' },
    question: {
      nb: 'Er det tegn på komplikasjon (periorbital hevelse, synsforstyrrelse, kraftig hodepine, nevrologi)?',
      en: 'Are there signs of complication (periorbital swelling, visual change, severe headache, neurology)?',
    },
  }),
  f({
    id: 'recurrent_sinusitis',
    type: 'boolean',
    label: { nb: 'Residiverende/kronisk sinusitt', en: 'Recurrent/chronic sinusitis' },
    question: {
      nb: 'Er det residiverende eller kronisk sinusitt (f.eks. vurdert for kirurgi)?',
      en: 'Is it recurrent or chronic sinusitis (e.g. considered for surgery)?',
    },
  }),
  // Ovarian cyst
  f({
    id: 'ovarian_cyst_cm',
    type: 'number',
    unit: 'cm',
    min: 0,
    label: { nb: 'Ovarialcyste, størrelse (cm)', en: 'Ovarian cyst size (cm)' },
    question: { nb: 'Hvor stor er cysten (cm)?', en: 'How large is the cyst (cm)?' },
  }),
  f({
    id: 'postmenopausal',
    type: 'boolean',
    label: { nb: 'Postmenopausal', en: 'Postmenopausal' },
    question: { nb: 'Er pasienten postmenopausal?', en: 'Is the patient postmenopausal?' },
  }),
  f({
    id: 'cyst_simple',
    type: 'boolean',
    label: { nb: 'Enkel cyste', en: 'Simple cyst' },
    question: { nb: 'Er cysten enkel (tynnvegget, uten solide elementer)?', en: 'Is the cyst simple (thin-walled, no solid parts)?' },
  }),
  // ---- advice-engine block (issue 6): facts of the new topics and derived facts. Keep grouped.
  f({
    id: 'antiplatelets',
    type: 'boolean',
    label: { nb: 'Platehemmer', en: 'Antiplatelet medication' },
    question: {
      nb: 'Bruker pasienten platehemmer (f.eks. Albyl-E, klopidogrel)?',
      en: 'Is the patient on antiplatelet medication (e.g. aspirin, clopidogrel)?',
    },
  }),
  f({
    id: 'suspected_pe',
    type: 'boolean',
    label: { nb: 'Spørsmål om lungeemboli', en: 'Question of pulmonary embolism' },
    question: { nb: 'Er spørsmålet lungeemboli?', en: 'Is the question pulmonary embolism?' },
  }),
  f({
    id: 'frozen_shoulder',
    type: 'boolean',
    label: { nb: 'Frossen skulder (klinisk)', en: 'Frozen shoulder (clinical)' },
    question: {
      nb: 'Er det klinisk bilde av frossen skulder (nedsatt passiv bevegelighet)?',
      en: 'Is the clinical picture a frozen shoulder (reduced passive range)?',
    },
  }),
  f({
    id: 'suspected_osteoarthritis',
    type: 'boolean',
    label: { nb: 'Spørsmål om artrose', en: 'Suspected osteoarthritis' },
    question: { nb: 'Er spørsmålet artrose (slitasje)?', en: 'Is the question osteoarthritis?' },
  }),
  f({
    id: 'neck_midline_tenderness',
    type: 'boolean',
    label: { nb: 'Ømhet i midtlinjen av nakken', en: 'Midline cervical tenderness' },
    question: { nb: 'Er det ømhet over processus spinosi i nakken (midtlinjen)?', en: 'Is there midline cervical spine tenderness?' },
  }),
  f({
    id: 'dangerous_mechanism',
    type: 'boolean',
    // A dangerous mechanism (Canadian C-spine rule) is an injury: "stupte på grunt vann".
    implies: [{ when: true, fact: 'trauma', value: true }],
    label: { nb: 'Farlig skademekanisme', en: 'Dangerous mechanism' },
    question: {
      nb: 'Var skademekanismen farlig (fall fra over 1 m / 5 trinn, aksial belastning, trafikkulykke i høy fart)?',
      en: 'Was the mechanism dangerous (fall from > 1 m / 5 stairs, axial load, high-speed collision)?',
    },
  }),
  f({
    id: 'intoxication',
    type: 'boolean',
    label: { nb: 'Ruspåvirket', en: 'Intoxicated' },
    question: { nb: 'Er pasienten ruspåvirket?', en: 'Is the patient intoxicated?' },
  }),
  f({
    id: 'unable_to_bear_weight',
    type: 'boolean',
    label: { nb: 'Kan ikke belaste (4 skritt)', en: 'Unable to bear weight (4 steps)' },
    question: { nb: 'Klarer pasienten ikke å belaste og gå fire skritt?', en: 'Is the patient unable to bear weight for four steps?' },
  }),
  f({
    id: 'patella_tenderness',
    type: 'boolean',
    label: { nb: 'Isolert ømhet over patella', en: 'Isolated patellar tenderness' },
    question: { nb: 'Er det isolert ømhet over patella?', en: 'Is there isolated tenderness of the patella?' },
  }),
  f({
    id: 'fibular_head_tenderness',
    type: 'boolean',
    label: { nb: 'Ømhet over caput fibulae', en: 'Fibular head tenderness' },
    question: { nb: 'Er det ømhet over caput fibulae?', en: 'Is there tenderness at the head of the fibula?' },
  }),
  f({
    id: 'knee_flexion_limited',
    type: 'boolean',
    label: { nb: 'Kan ikke bøye kneet til 90°', en: 'Cannot flex the knee to 90°' },
    question: { nb: 'Klarer pasienten ikke å bøye kneet til 90 grader?', en: 'Is the patient unable to flex the knee to 90 degrees?' },
  }),
  f({
    id: 'inflammatory_back_pain',
    type: 'boolean',
    label: { nb: 'Inflammatoriske ryggsmerter', en: 'Inflammatory back pain' },
    question: {
      nb: 'Har ryggsmertene inflammatorisk preg (morgenstivhet, bedring ved aktivitet)?',
      en: 'Is the back pain inflammatory (morning stiffness, better with activity)?',
    },
  }),
  f({
    id: 'hla_b27',
    type: 'boolean',
    label: { nb: 'HLA-B27 positiv', en: 'HLA-B27 positive' },
    question: { nb: 'Er HLA-B27 positiv?', en: 'Is HLA-B27 positive?' },
  }),
  f({ id: 'crp_raised', type: 'boolean', label: { nb: 'Forhøyet CRP', en: 'Raised CRP' }, question: { nb: 'Er CRP forhøyet?', en: 'Is CRP raised?' } }),
  f({
    id: 'gradual_onset',
    type: 'boolean',
    label: { nb: 'Gradvis debut uten kjent skade', en: 'Gradual onset without known injury' },
    question: { nb: 'Kom plagene gradvis, uten en skade?', en: 'Did the symptoms come gradually, without an injury?' },
  }),
  f({
    id: 'knee_instability',
    type: 'boolean',
    label: { nb: 'Instabilitet i kneet', en: 'Knee instability' },
    question: { nb: 'Er kneet ustabilt (f.eks. positiv Lachman, giving way)?', en: 'Is the knee unstable (e.g. positive Lachman, giving way)?' },
  }),
  // ---- end of advice-engine block
  // Contraindications and safety (asked by the form; used by the department, not for rating)
  f({
    id: 'pregnant',
    type: 'boolean',
    label: { nb: 'Gravid', en: 'Pregnant' },
    question: { nb: 'Kan pasienten være gravid?', en: 'Could the patient be pregnant?' },
  }),
  f({
    id: 'egfr',
    type: 'number',
    unit: 'mL/min/1,73m²',
    min: 0,
    label: { nb: 'eGFR', en: 'eGFR' },
    question: { nb: 'Hva er siste eGFR (ved kontrast)?', en: 'What is the latest eGFR (for contrast)?' },
  }),
  f({
    id: 'pacemaker',
    type: 'boolean',
    label: { nb: 'Pacemaker/ICD', en: 'Pacemaker/ICD' },
    question: { nb: 'Har pasienten pacemaker eller ICD?', en: 'Does the patient have a pacemaker or ICD?' },
  }),
  f({
    id: 'metal_implant',
    type: 'boolean',
    label: { nb: 'Metall/implantat', en: 'Metal/implant' },
    question: { nb: 'Har pasienten metall eller implantater i kroppen?', en: 'Does the patient have metal or implants?' },
  }),
  f({
    id: 'contrast_allergy',
    type: 'boolean',
    label: { nb: 'Kontrastallergi', en: 'Contrast allergy' },
    question: { nb: 'Har pasienten reagert på kontrastmiddel tidligere?', en: 'Has the patient reacted to contrast before?' },
  }),
  // ---- Added by the free-text reader (branch free-text): facts the reader now reads from notes.
  // Wells score for PE as written in the note (0–12.5); the reader also maps it to pe_probability
  // with the three-tier cut-offs (< 2 low, 2–6 intermediate, > 6 high). Content that uses the
  // two-tier model reads it directly: > 4 "PE likely", ≤ 4 "PE unlikely" (Wells et al., Thromb
  // Haemost 2000;83:416; NEL "Lungeemboli").
  f({
    id: 'wells_score',
    type: 'number',
    unit: 'poeng',
    label: { nb: 'Wells-skår (lungeemboli)', en: 'Wells score (PE)' },
    question: { nb: 'Hva er Wells-skår for lungeemboli?', en: 'What is the Wells score for PE?' },
  }),
  // A stated suspicion of PE ("spm lungeemboli", "utelukke LE"): engages the PE topic; like
  // suspected_meniscal_tear it is a suspicion, never a diagnosis. "Ikke mistanke om LE" gives false.
  f({
    id: 'suspected_pe',
    type: 'boolean',
    label: { nb: 'Mistanke om lungeemboli', en: 'Suspected pulmonary embolism' },
    question: { nb: 'Gjelder henvisningen mistanke om lungeemboli?', en: 'Is the referral for suspected pulmonary embolism?' },
  }),
  // ---- end of the free-text reader's block
] as const satisfies readonly FactDefinition[];

export type FactId = (typeof FACTS)[number]['id'];
export type FactValue = boolean | number | string;
export type Facts = Partial<Record<FactId, FactValue>>;

export const FACT_BY_ID: ReadonlyMap<string, FactDefinition> = new Map(FACTS.map((d) => [d.id, d]));

/**
 * How an enum fact's value reads to people in `locale` (its valueLabels; the raw value only for a
 * value the definition does not know). Non-enum facts and unknown facts give the value as text.
 */
export function enumValueLabel(factId: string, value: string, locale: 'nb' | 'en'): string {
  const l = FACT_BY_ID.get(factId)?.valueLabels?.[value];
  return l ? l[locale] : value;
}

export function isFactId(id: string): id is FactId {
  return FACT_BY_ID.has(id);
}

/** Red-flag facts: any one true makes `red_flags` true when it is not given directly. */
export const RED_FLAG_FACTS: readonly FactId[] = ['cancer_history', 'weight_loss', 'fever', 'neuro_deficit', 'cauda_equina', 'night_pain'];
