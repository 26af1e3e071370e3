// The reader kinds adv21's batch (content/guidelines/test-sets/vignettes-new21.json, ids Z21…)
// found at first contact, each pinned with several short notes written fresh here: the reading
// that must happen, and a wording of the same kind that must NOT trigger it (opposite-class risks
// first). The advice class is checked where the kind changed it.
import { describe, expect, it } from 'vitest';
import { now, rating, read } from './note-kinds.testkit.ts';
import { extractFacts } from './extract.ts';

describe('reader kinds fixed in adv21', () => {
  it('English "<organ> ca" is a cancer history: "hx breast ca 2020" (was unread: opposite class)', () => {
    expect(read('Headache x 6 wks, hx breast ca 2020 on tamoxifen.')).toMatchObject({ cancer_history: true });
    expect(read('Back pain 3 wks. Prostate ca, on hormones.')).toMatchObject({ cancer_history: true });
    expect(read('Neck pain. PMH: lung ca 2019, lobectomy.')).toMatchObject({ cancer_history: true });
    expect(read('Known ca breast, now night pain.')).toMatchObject({ cancer_history: true });
    // must not trigger: denied, someone else's, or "ca" as circa
    expect(read('Headache. No hx of lung ca.')).toMatchObject({ cancer_history: false });
    expect(read('Headache. Mother had breast ca.')).not.toHaveProperty('cancer_history');
    // (English relatives are someone else's history too, as "mor hadde brystkreft")
    expect(read('Back pain. Father had prostate cancer.')).not.toHaveProperty('cancer_history');
    expect(read('Headache. FHx: sister brain tumour, aunt breast cancer.')).not.toHaveProperty('cancer_history');
    expect(read('Back pain. Wife says he lost weight.')).toMatchObject({ weight_loss: true });
    expect(read('Ovarialcyste ca 2 cm.')).not.toHaveProperty('cancer_history');
    expect(rating('SAA0AG', 57, 'Headache x 6 wks, hx breast ca 2020 on tamoxifen. No focal neuro deficit.', 'N01')).toBe('appropriate');
    expect(rating('SAA0AG', 57, 'Headache x 6 wks, unchanged pattern. Mother had breast ca. No focal neuro deficit.', 'N01')).toBe('usually_not_appropriate');
  });

  it('a GCS value is not followed by a count of another finding: "GCS 13 on arrival, vomited x3" (was read as GCS 3)', () => {
    expect(read('Assault, head hit pavement. GCS 13 on arrival, confused, vomited x3.')).toMatchObject({ gcs: 13 });
    expect(read('Slo hodet. GCS 14 ved ankomst, kastet opp x2.')).toMatchObject({ gcs: 14 });
    expect(read('Slo hodet. GCS 15 nå, kasta opp 3 gonger.')).toMatchObject({ gcs: 15 });
    // a second value told with its moment is still read (the lowest counts)
    expect(read('Slo hodet. GCS 15 på stedet, 13 ved ankomst.')).toMatchObject({ gcs: 13 });
    expect(read('Slo hodet. GCS 14 initialt, og 15 nå.')).toMatchObject({ gcs: 14 });
  });

  it('a negation of another verb does not deny a question after it in unpunctuated notes: "kan ikkje strekkje ut spm meniskskade"', () => {
    expect(read('vridde kneet kan ikkje strekkje heilt ut spm meniskskade')).toMatchObject({ suspected_meniscal_tear: true });
    expect(read('tungpust wells ikke regnet ut spm lungeemboli')).toMatchObject({ suspected_pe: true });
    expect(read('Tungpust. D-dimer ikke tatt spm LE')).toMatchObject({ suspected_pe: true });
    // a negation right before the suspicion (or with a modifier between) still denies it
    expect(read('Brystsmerter. Ikke mistanke om LE.')).toMatchObject({ suspected_pe: false });
    expect(read('Brystsmerter. Ingen klinisk mistanke om LE.')).toMatchObject({ suspected_pe: false });
    expect(read('Brystsmerter. Ikke spm LE.')).toMatchObject({ suspected_pe: false });
  });

  it('"X lite sannsynlig", "X unlikely" after the finding is neither stated nor denied (was read as present)', () => {
    expect(read('Vond nakke 10 dager. Utstråling til armen lite sannsynlig, ingen nummenhet.')).not.toHaveProperty('radiating_pain');
    expect(read('Nakkesmerter. Radiation to arm unlikely.')).not.toHaveProperty('radiating_pain');
    expect(read('Ryggsmerter. Cauda equina usannsynlig.')).not.toHaveProperty('cauda_equina');
    // must not trigger: "lite" about something else, or the finding told plainly
    expect(read('Nakkesmerter. Utstråling til armen, lite plaget av nakken.')).toMatchObject({ radiating_pain: true });
    expect(read('Nakkesmerter. Utstråling til armen siste 3 uker.')).toMatchObject({ radiating_pain: true });
    expect(rating('SNA0AG', 37, 'Vond nakke etter maling for ca 10 dager siden. Utstråling til armen lite sannsynlig. Ikke feber. Nevr. ua.', 'L01')).toBe(
      'usually_not_appropriate',
    );
  });

  it('a treatment label answered "not given" denies the treatment: "Fysioterapi: ikke noe" (was read as tried)', () => {
    expect(read('Knesmerter. Fysioterapi: ikke noe.')).toMatchObject({ conservative_treatment_tried: false });
    expect(read('Ryggsmerter. Fysio: nei.')).toMatchObject({ conservative_treatment_tried: false });
    expect(read('Ryggsmerter. Fysioterapi: ikke forsøkt.')).toMatchObject({ conservative_treatment_tried: false });
    // must not trigger: a treatment that was given, or an X-ray label ("Rtg: ikke påvist" is a finding)
    expect(read('Ryggsmerter. Fysioterapi: 8 uker uten effekt.')).toMatchObject({ conservative_treatment_tried: true, physiotherapy_failed: true });
    expect(read('Knesmerter. Fysioterapi: ja, 6 uker uten bedring.')).toMatchObject({ physiotherapy_failed: true });
    expect(read('Knesmerter. Rtg: ikke påvist artrose.')).not.toMatchObject({ prior_xray: false });
    expect(
      rating('SNG0AG', 23, 'Fremre knesmerter 4-5 mnd, verre i trapper. Ingen hevelse el. låsning. Ikke traume. Fysioterapi: ikke noe. Ønsker MR.', 'L15', 'F'),
    ).toBe('usually_not_appropriate');
  });

  it('words written without ø and æ ("roede flagg", "oynene", "hoeyre") are read as the lexicon word', () => {
    expect(read('Korsryggsmerter 2 uker. Ingen roede flagg.')).toMatchObject({ red_flags: false });
    expect(read('Ryggsmerter. Ingen rode flagg.')).toMatchObject({ red_flags: false });
    expect(read('Sinusitt 10 dager, ikke hevelse rundt oynene.', 'bihuler')).toMatchObject({ sinusitis_complication: false });
    expect(read('Kne. Smerter hoeyre kne, ingen laasninger, utstraling til leggen.')).toMatchObject({ knee_locking: false, radiating_pain: true });
    // must not trigger: English words that happen to spell a Norwegian word without its letters
    expect(read('Twisted knee last week. No effusion.')).not.toHaveProperty('knee_locking');
    expect(read('Headache since Oct. Rode a bike.')).not.toHaveProperty('red_flags');
    expect(rating('SNA0GG', 42, 'Korsryggsmerter 2-3 uker etter flytting. Ingen utstraaling. Ingen roede flagg. Oensker MR.', 'L03')).toBe(
      'usually_not_appropriate',
    );
    expect(rating('SDX0AD', 36, 'tett nese og smerter over kjevehulene i ca 10 dager ikke feber ikke hevelse rundt oynene onsker ct', 'R75')).toBe(
      'usually_not_appropriate',
    );
  });

  it('walking only with crutches is not bearing weight: "Går kun med krykker" (Ottawa knee rule; was unread)', () => {
    expect(read('Slo kneet i går. Går kun med krykker.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Vridd kne. Går berre med krykkjer.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Knee injury yesterday, walks only with crutches.')).toMatchObject({ unable_to_bear_weight: true });
    // must not trigger
    expect(read('Slo kneet i går. Går uten krykker.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Slo kneet. Går ikke kun med krykker, belaster fint.')).toMatchObject({ unable_to_bear_weight: false });
    expect(
      rating('SNG0AA', 41, 'Falt på sykkel i går, slo hø kne. Går kun med krykker. Ingen ømhet over patella eller caput fibulae. Bøyer til 90 grader.', 'L96'),
    ).toBe('appropriate');
  });

  it('English "knee stable" is no instability', () => {
    expect(read('Twisted R knee. No effusion, no locking, knee stable on exam.')).toMatchObject({ knee_instability: false });
    expect(read('Knee injury. Ligaments stable.')).toMatchObject({ knee_instability: false });
    // must not trigger
    expect(read('Knee injury. Knee not stable.')).toMatchObject({ knee_instability: true });
    expect(read('Knee injury. Unstable knee, effusion.')).toMatchObject({ knee_instability: true });
    expect(rating('SNG0AG', 38, 'Twisted R knee playing football 10 days ago. No effusion, no locking, knee stable on exam. Requests MRI.', 'L96')).toBe(
      'usually_not_appropriate',
    );
  });

  it('unconsciousness told as time away: "borte ca 30 sek" (was unread); a complaint that went away is not', () => {
    expect(read('Takling i går, slo hodet, borte ca 30 sek ifølge lagkamerat.')).toMatchObject({ loss_of_consciousness: true });
    expect(read('Slo hodet. Borte et par sekunder.')).toMatchObject({ loss_of_consciousness: true });
    expect(read('Fall, slo hovudet, vekk i eit par minutt.')).toMatchObject({ loss_of_consciousness: true });
    // must not trigger
    expect(read('Slo hodet. Smertene var borte etter 10 min.')).not.toHaveProperty('loss_of_consciousness');
    expect(read('Slo hodet. Kvalmen var vekk etter 1 time.')).not.toHaveProperty('loss_of_consciousness');
    expect(read('Slo hodet. Hodepinen var borte etter 10 min.')).toMatchObject({ headache: true });
    expect(read('Slo hodet. Hodepinen var borte etter 10 min.')).not.toHaveProperty('loss_of_consciousness');
    expect(read('Slo hodet. Smertene var ikke borte.')).not.toHaveProperty('loss_of_consciousness');
    expect(read('Slo hodet, kona sier han var borte.')).toMatchObject({ loss_of_consciousness: true });
    expect(read('Slo hodet. Ikke borte et sekund.')).toMatchObject({ loss_of_consciousness: false });
    expect(rating('SAA0AD', 22, 'Takling i fotballkamp i går, borte ca 30 sek ifølge lagkamerat. GCS 15 nå. Kastet ikke opp. Ingen medisiner.', 'N79')).toBe(
      'may_be_appropriate',
    );
  });

  it('nynorsk cyst wording: "utan solide komponentar", "tynnvegga" is a simple cyst', () => {
    expect(read('Cyste på venstre eggstokk, ca 30 mm, utan solide komponentar.')).toMatchObject({ cyst_simple: true });
    expect(read('Tynnvegga cyste 3 cm på høgre ovarium.')).toMatchObject({ cyst_simple: true });
    // must not trigger
    expect(read('Cyste på venstre eggstokk med solide komponentar.')).toMatchObject({ cyst_simple: false });
    expect(rating('SSE0AK', 36, 'Cyste på venstre eggstokk, ca 30 mm, tynnvegga, utan solide komponentar. Ønskjer kontroll.', 'X99', 'F')).toBe(
      'usually_not_appropriate',
    );
  });

  it('menopause told as no periods since a year: "Ikke hatt mens siden 2020"', () => {
    expect(read('Ovarialcyste 2,8 cm. Ikke hatt mens siden 2020.')).toMatchObject({ postmenopausal: true });
    expect(read('Cyste ve ovarium. Ingen mens sidan 2019.')).toMatchObject({ postmenopausal: true });
    // must not trigger
    expect(read('Ovarialcyste 2,8 cm. Har mens.')).toMatchObject({ postmenopausal: false });
    expect(read('Ovarialcyste 2,8 cm. Hatt mens regelmessig.')).not.toMatchObject({ postmenopausal: true });
    expect(rating('SSE0AK', 57, 'Ikke hatt mens siden 2020. UL: enkel cyste hø ovarium 28 mm. Ny UL?', 'X99', 'F')).toBe('may_be_appropriate');
  });
});

describe('reader kinds found by probing after the batch (adv21)', () => {
  it('walking needs crutches: "Må bruke krykker for å gå" (Ottawa knee rule)', () => {
    expect(read('Kneskade i dag. Må bruke krykker for å gå.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Vridd kne. Treng krykkjer.')).not.toMatchObject({ unable_to_bear_weight: false });
    // must not trigger
    expect(read('Kneskade i dag. Trenger ikke krykker.')).not.toMatchObject({ unable_to_bear_weight: true });
  });

  it('tenderness over the fibula without "caput", also second in a slash list: "Ikke ømhet patella/fibula"', () => {
    expect(read('Kne. Ikke ømhet patella/fibula.')).toMatchObject({ patella_tenderness: false, fibular_head_tenderness: false });
    expect(read('Kne. Øm over fibula.')).toMatchObject({ fibular_head_tenderness: true });
    expect(read('Knee. No tenderness over patella or fibula.')).toMatchObject({ fibular_head_tenderness: false });
    expect(rating('SNG0AA', 30, 'Fotballskade i dag. Går 4 skritt. Ikke ømhet patella/fibula. Bøyer >90.', 'L96')).toBe('usually_not_appropriate');
  });

  it('surgery as the next step or denied: "MR før kir. vurdering", "ikke operasjonsindikasjon", "vurderer ikke operasjon"', () => {
    expect(read('Isjias. P: MR før kir. vurdering.')).toMatchObject({ surgery_considered: true });
    expect(read('Ryggsmerter. Ortoped: ikke operasjonsindikasjon.')).toMatchObject({ surgery_considered: false });
    expect(read('Ryggsmerter 3 mnd. Ortoped vurderer ikke operasjon.')).toMatchObject({ surgery_considered: false });
    // must not trigger the opposite
    expect(read('Ryggsmerter. Ortoped vurderer operasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Ryggsmerter. Operasjonsindikasjon foreligger.')).toMatchObject({ surgery_considered: true });
    expect(rating('SNA0GG', 52, 'Ryggsmerter siden 2019. Ortoped: ikke operasjonsindikasjon. Nevr ua. Ingen røde flagg.', 'L03')).toBe(
      'usually_not_appropriate',
    );
  });

  it('telegraphic strength: "nedsatt kraft hø arm" (without "i") and "kraft ved utadrotasjon 3/5"', () => {
    expect(read('Slo hodet. Nedsatt kraft hø arm.')).toMatchObject({ neuro_deficit: true });
    expect(read('Skulder hø: kraft ved utadrotasjon 3/5.')).toMatchObject({ shoulder_weakness: true });
    // must not trigger
    expect(read('Slo hodet. Ikke nedsatt kraft hø arm.')).toMatchObject({ neuro_deficit: false });
    expect(read('Skulder: kraft ved abduksjon 5/5.')).toMatchObject({ shoulder_weakness: false });
    expect(rating('SAA0AD', 30, 'Slo hodet. GCS 15. Nedsatt kraft hø arm. Ingen medisiner.', 'N80')).toBe('appropriate');
  });

  it('"ingen røde flagg" in a sinus note states no complication (EPOS 2020 red flags); "CRS" is chronic', () => {
    expect(rating('SDX0AD', 30, 'Akutt sinusitt dag 8. Ingen røde flagg. Ønsker CT.', 'R75')).toBe('usually_not_appropriate');
    expect(rating('SDX0AD', 30, 'Sinusitis 10 days. No red flags.', 'R75')).toBe('usually_not_appropriate');
    expect(read('Bihuler. CRS with polyps.')).toMatchObject({ recurrent_sinusitis: true });
    // must not trigger: a named red flag
    expect(rating('SDX0AD', 30, 'Sinusitt 1 uke. Røde flagg: periorbital hevelse hø side.', 'R75')).toBe('appropriate');
  });

  it('English "OA" in a joint note is suspected osteoarthritis; Norwegian "o.a." is not', () => {
    expect(read('Hip pain 6 months. ?OA.', 'Røntgen hofte hofte')).toMatchObject({ suspected_osteoarthritis: true });
    expect(read('Knee OA, worse.', 'Røntgen kne kne')).toMatchObject({ suspected_osteoarthritis: true });
    expect(read('Hofte. Smerter o.a. i lysken.')).not.toHaveProperty('suspected_osteoarthritis');
    expect(read('Hofte. No OA on X-ray.')).toMatchObject({ suspected_osteoarthritis: false });
    expect(rating('SNF0AA', 60, 'Hip pain, groin pain, stiff. Query OA.', 'L89')).toBe('appropriate');
  });
});

describe('nynorsk and English CDS wordings found by probing (adv21)', () => {
  it('nynorsk: "skadde kneet", "vurderast for operasjon", "verste ho har hatt"', () => {
    expect(read('Skadde kneet på fotball for to veker sidan.')).toMatchObject({ trauma: true });
    expect(read('Isjias. Vurderast for operasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Plutseleg hovudverk, den verste ho har hatt.')).toMatchObject({ thunderclap: true });
    // must not trigger
    expect(read('Hovudverk. Ikkje den verste ho har hatt.')).toMatchObject({ thunderclap: false });
    expect(read('Knesmerter. Ingen skade.')).toMatchObject({ trauma: false });
    expect(rating('SNG0AG', 27, 'Skadde kneet på fotball for to veker sidan. Kneet hovna opp, og det har låst seg fleire gonger.', 'L96')).toBe('appropriate');
    expect(rating('SAA0AD', 40, 'Plutseleg, svært kraftig hovudverk for 2 timar sidan, verste ho har hatt.', 'N01', 'F')).toBe('appropriate');
  });

  it('English: "focal weakness L arm", "no neuro symptoms", "anterior knee pain", "no physio tried", "physio 8 weeks, no improvement"', () => {
    expect(read('Headache with new focal weakness L arm.')).toMatchObject({ neuro_deficit: true });
    expect(read('Whiplash 1 wk ago, no neuro symptoms.')).toMatchObject({ neuro_deficit: false });
    expect(read('Nakkesleng. Ingen nevrologiske symptomer.')).toMatchObject({ neuro_deficit: false });
    expect(read('Anterior knee pain 4 months, no physio tried.')).toMatchObject({ anterior_knee_pain: true, conservative_treatment_tried: false });
    expect(read('Knee pain. Physio 8 weeks, no improvement.')).toMatchObject({ physiotherapy_failed: true });
    expect(read('Back pain. Physio for 8 weeks, still pain.')).toMatchObject({ physiotherapy_failed: true });
    // must not trigger
    expect(read('Headache. Neuro symptoms: tingling in fingers.')).not.toMatchObject({ neuro_deficit: true });
    expect(read('Knee. No anterior knee pain.')).toMatchObject({ anterior_knee_pain: false });
    expect(read('Back pain. Physio helped, no ongoing pain.')).not.toMatchObject({ physiotherapy_failed: true });
    expect(rating('SNG0AG', 20, 'Anterior knee pain 4 months, no effusion, no locking, no trauma, no physio tried.', 'L15', 'F')).toBe(
      'usually_not_appropriate',
    );
    expect(rating('SAA0AG', 60, 'Headache with new focal weakness L arm.', 'N01')).toBe('appropriate');
  });

  it('English: "no complications" in a sinus note, "complex cyst"; "complications" alone is not read', () => {
    expect(rating('SDX0AD', 30, 'Acute sinusitis 10 days, no complications.', 'R75', 'F')).toBe('usually_not_appropriate');
    expect(rating('SDX0AD', 50, 'Recurrent sinusitis 5 episodes/year, no complications.', 'R75')).toBe('may_be_appropriate');
    expect(read('Sinusitis. Complications.')).not.toHaveProperty('sinusitis_complication');
    expect(read('Postmenopausal, complex cyst with solid component 5 cm.')).toMatchObject({ cyst_simple: false });
    expect(rating('SSE0AK', 60, 'Postmenopausal, complex cyst with solid component 5 cm.', 'X99', 'F')).toBe('appropriate');
  });
});

describe('size ranges, surgery and radicular wordings found by probing (adv21)', () => {
  it('a cyst size told as a range goes with its range: decided when both ends give one class, asked when they do not', () => {
    const x = extractFacts('Enkel cyste hø ovarium 3–5 cm. Premenopausal.', { now });
    expect(x.facts).toMatchObject({ ovarian_cyst_cm: 5 });
    expect(x.ranges).toMatchObject({ ovarian_cyst_cm: [3, 5] });
    expect(rating('SSE0AK', 35, 'Enkel cyste hø ovarium 3–5 cm. Premenopausal.', 'X99', 'F')).toBe('needs_information');
    expect(rating('SSE0AK', 35, 'Enkel cyste hø ovarium 30-45 mm. Premenopausal.', 'X99', 'F')).toBe('needs_information');
    expect(rating('SSE0AK', 60, 'Postmenopausal. Enkel cyste 1-3 cm.', 'X99', 'F')).toBe('needs_information');
    // both ends on one side of the rule's 4 cm (2 cm after menopause): decided
    expect(rating('SSE0AK', 33, 'Tilfeldig funn ved UL: enkel cyste hø ovarium 2-3 cm. Regelmessig mens.', 'X99', 'F')).toBe('usually_not_appropriate');
    expect(rating('SSE0AK', 30, 'UL gyn: enkel cyste ve ovarium 5–6 cm, tynnvegget. Premenopausal.', 'X99', 'F')).toBe('may_be_appropriate');
    expect(rating('SSE0AK', 60, 'Postmenopausal. Enkel cyste 2-3 cm.', 'X99', 'F')).toBe('may_be_appropriate');
    // must not trigger: two dimensions are a size, not a range
    expect(extractFacts('Enkel cyste 3 x 2 cm.', { now }).ranges).toBeUndefined();
    expect(rating('SSE0AK', 35, 'Enkel cyste 3 x 2 cm. Premenopausal.', 'X99', 'F')).toBe('usually_not_appropriate');
  });

  it('"Aktuell for ny operasjon" is surgery considered; "ikke aktuell for operasjon" is not', () => {
    expect(read('Isjias. Aktuell for ny operasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Isjias. Ikke aktuell for operasjon.')).toMatchObject({ surgery_considered: false });
    expect(rating('SNA0GG', 45, 'MR LS 2023: prolaps L5/S1. Nå residiv av isjias ve siste 3 mnd tross fysio. Aktuell for ny operasjon.', 'L86')).toBe(
      'appropriate',
    );
  });

  it('arm pain in a neck note and symptoms in a named dermatome are radicular: "Nakke- og armsmerter", "parestesier C6"', () => {
    expect(read('Nakke- og armsmerter hø siden august.', 'MR cervikalcolumna nakke')).toMatchObject({ radiating_pain: true });
    expect(read('Nakkesmerter, parestesier C6.')).toMatchObject({ radiating_pain: true });
    expect(read('Low back pain, numbness L5.')).toMatchObject({ radiating_pain: true });
    // must not trigger
    expect(read('Nakkesmerter. Ingen armsmerter.', 'MR cervikalcolumna nakke')).toMatchObject({ radiating_pain: false });
    expect(read('Skulder. Armsmerter ved løft.', 'Ultralyd skulder skulder')).not.toHaveProperty('radiating_pain');
    expect(rating('SNA0AG', 50, 'Nakke- og armsmerter hø siden 01.08.26, parestesier C6, ikke bedre etter fysio.', 'L83', 'F')).toBe('appropriate');
  });
});

describe('SOAP headings and "+"/"÷" signs found by probing (adv21)', () => {
  it('a SOAP heading ("O:", "Obj:") opens a section: "O: Hydrops: ÷" and "O: ÷ hydrops" are no effusion (were read as effusion: opposite class)', () => {
    expect(read('Vridd kne fotball. O: Hydrops: ÷. Låsning: ÷. Stabil.')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Vridd kne i går. O: ÷ hydrops, ÷ låsninger, stabilt kne.')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Kne. Obj: ÷ hydrops.')).toMatchObject({ knee_effusion: false });
    // must not trigger: a finding after the heading stays a finding
    expect(read('Vridd kne. O: Hydrops: +. Lachman: +.')).toMatchObject({ knee_effusion: true, knee_instability: true });
    expect(read('Vridd kne. O: Hydrops, låser seg.')).toMatchObject({ knee_effusion: true, knee_locking: true });
    expect(rating('SNG0AG', 30, 'S: Vridd kne fotball. O: Hydrops: ÷. Låsning: ÷. Stabil. P: Pas ønsker MR', 'L96')).toBe('usually_not_appropriate');
  });

  it('a dot after a "+" sign closes it: a question after it does not hedge the findings before it', () => {
    expect(read('Vridd kne fotball. Hydrops: +. Lachman: +. ACL?')).toMatchObject({ knee_effusion: true, knee_instability: true });
    expect(rating('SNG0AG', 30, 'S: Vridd kne fotball. O: Hydrops: +. Lachman: +. A: ACL? P: MR', 'L96')).toBe('appropriate');
    // must not trigger: the question itself stays a question
    expect(read('Vridd kne fotball. Hydrops: +. Menisk?')).not.toMatchObject({ suspected_meniscal_tear: false });
  });

  it('"Menopause: ja", "Menopause 2019" in a cyst note; not "før menopausen"', () => {
    expect(read('Ovarialcyste 3 cm.\nMenopause: ja')).toMatchObject({ postmenopausal: true });
    expect(read('Ovarialcyste 3 cm. Menopause 2019.')).toMatchObject({ postmenopausal: true });
    expect(read('Ovarialcyste 3 cm. Menopause: nei.')).toMatchObject({ postmenopausal: false });
    expect(read('Ovarialcyste 3 cm. Før menopausen.')).not.toMatchObject({ postmenopausal: true });
    expect(read('Ovarialcyste 3 cm. I menopausen.')).not.toMatchObject({ postmenopausal: true });
  });
});

describe('negative answers the clause breaks cut off (adv21; each was read as present on main)', () => {
  it('in parentheses, after a dash, or a label answered "0", "aldri", "÷"', () => {
    expect(read('Vridd kne i går. Hydrops (-), låsninger (-), stabilt.')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Lumbago 1 uke. Feber (nei), vekttap (nei), utstråling (nei).')).toMatchObject({ fever: false, weight_loss: false, radiating_pain: false });
    expect(read('Lumbago 1 uke. Feber - nei. Vekttap – neg. Utstråling - nei.')).toMatchObject({ fever: false, weight_loss: false, radiating_pain: false });
    expect(read('Vridd kne i går. Hydrops: 0. Låsninger: aldri.')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('UL: Cyste hø ovarium 3 cm. Solid komponent: ÷.')).toMatchObject({ cyst_simple: true });
    expect(rating('SNA0GG', 40, 'Lumbago 1 uke. Feber - nei. Vekttap - nei. Utstråling - nei.', 'L03')).toBe('usually_not_appropriate');
    expect(rating('SNG0AG', 30, 'Vridd kne i går. Hydrops (-), låsninger (-), stabilt.', 'L96')).toBe('usually_not_appropriate');
    // must not trigger: positive answers, a score of 0, nynorsk "no" (now), a dash between findings
    expect(read('Kne. Hydrops (+), låsninger (+).')).toMatchObject({ knee_effusion: true, knee_locking: true });
    expect(read('Ryggsmerter. Feber - ja.')).toMatchObject({ fever: true });
    expect(read('Kne. Hydrops - lite.')).toMatchObject({ knee_effusion: true });
    expect(read('Spm LE. Wells: 0. D-dimer neg.')).toMatchObject({ suspected_pe: true, wells_score: 0 });
    expect(read('Feber: no, men ikkje før.')).toMatchObject({ fever: true });
    expect(read('Ryggsmerter. Feber - vekttap - nattesmerter.')).toMatchObject({ fever: true });
  });
});

describe('positive findings among negatives found by probing (adv21)', () => {
  it('a focal deficit without a limb in a head note; a swollen eyelid in a sinus note', () => {
    expect(read('Slo hodet. Ikke bevisstløs, men anisokori og nedsatt kraft ve side.')).toMatchObject({ neuro_deficit: true });
    expect(read('Sinusitt, ingen feber, men hevelse over øyelokket og rødme.')).toMatchObject({ sinusitis_complication: true });
    // must not trigger
    expect(read('Slo hodet. Ikke nedsatt kraft i noen side.')).not.toMatchObject({ neuro_deficit: true });
    expect(read('Sinusitt. Ingen hevelse over øyelokket.')).toMatchObject({ sinusitis_complication: false });
    expect(rating('SDX0AD', 30, 'Sinusitt, ingen feber, men hevelse over øyelokket og rødme.', 'R75', 'F')).toBe('appropriate');
  });
});

describe('a list denied after it (adv21; only the last item, or none, was denied on main)', () => {
  it('"A, B og C: nei", "A, B, C: alle negative", "A og B benektes", "… - alt negativt", "… er ikke til stede"', () => {
    expect(read('Vridd kne. Hydrops, låsninger og instabilitet: nei.')).toMatchObject({ knee_effusion: false, knee_locking: false, knee_instability: false });
    expect(read('Vridd kne. Hydrops og låsninger benektes.')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Vridd kne. Hydrops, låsninger, instabilitet - alt negativt.')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Vridd kne. Hydrops, låsninger og instabilitet er ikke til stede.')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Lumbago. Feber, vekttap, nattesmerter: alle negative.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    expect(read('Lumbago. Feber, vekttap og nattesmerter: ingen.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    expect(read('Slo hodet. Bevisstløshet, oppkast, kramper: nei.')).toMatchObject({ loss_of_consciousness: false, vomiting: false, seizure: false });
    expect(read('Cyste 3 cm. Septa, solide komponenter, vaskularisering: nei.')).toMatchObject({ cyst_simple: true });
    expect(rating('SNA0GG', 40, 'Lumbago 2 uker. Feber, vekttap og nattesmerter benektes. Ingen utstråling.', 'L03')).toBe('usually_not_appropriate');
    expect(rating('SAA0AD', 40, 'Slo hodet. GCS 15. Bevisstløshet og oppkast benektes. Ingen blodfortynnende.', 'N80')).toBe('usually_not_appropriate');
    // must not trigger: a verb phrase item, a number, "men", a positive answer
    expect(read('Slo hodet, LOC: nei.')).toMatchObject({ trauma: true, loss_of_consciousness: false });
    expect(read('Oppkast 2 ganger, LOC: nei.')).toMatchObject({ vomiting: true, loss_of_consciousness: false });
    expect(read('Vridd kne. Hydrops, men låsninger benektes.')).toMatchObject({ knee_effusion: true, knee_locking: false });
    expect(read('Vridd kne. Hydrops og låsninger: ja.')).toMatchObject({ knee_effusion: true, knee_locking: true });
  });
});

describe('English list denials and "w/o" (adv21; opposite-class readings on main)', () => {
  it('"Negative for A, B and C" denies every item; "Ikke holdepunkt for A, B eller C"; "w/o red flags"', () => {
    expect(read('LBP 2 wks. Negative for fever, weight loss and night pain.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    expect(read('Twisted knee. Negative for effusion, locking and instability.')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Head injury. GCS 15. Negative for LOC, vomiting, seizures.')).toMatchObject({ loss_of_consciousness: false, vomiting: false, seizure: false });
    expect(read('Lumbago. Ikke holdepunkt for cauda equina, feber eller malignitet.')).toMatchObject({ cauda_equina: false, fever: false });
    expect(read('LBP 2 wks w/o red flags, w/o radiation.')).toMatchObject({ red_flags: false, radiating_pain: false });
    expect(rating('SNA0GG', 40, 'LBP 2 wks. Negative for fever, weight loss and night pain. No sciatica.', 'L03')).toBe('usually_not_appropriate');
    expect(rating('SNA0GG', 40, 'LBP 2 wks w/o red flags, w/o radiation.', 'L03')).toBe('usually_not_appropriate');
    // must not trigger: "w/" is "with"; a positive after "but"; items after the list's end
    expect(read('Knee injury w/ effusion.')).toMatchObject({ knee_effusion: true });
    expect(read('LBP. Negative for fever, but weight loss 6 kg.')).toMatchObject({ fever: false, weight_loss: true });
    expect(read('Twisted knee. Negative for locking. Effusion and instability.')).toMatchObject({ knee_locking: false, knee_effusion: true });
  });

  it('nynorsk/bokmål "nektar/nekter for" denies ("Ho nektar for feber og vekttap" was read as both present)', () => {
    expect(read('Ryggsmerter. Ho nektar for feber og vekttap.')).toMatchObject({ fever: false, weight_loss: false });
    expect(read('Ryggsmerter. Nekter for traume.')).toMatchObject({ trauma: false });
    expect(rating('SNA0GG', 40, 'Lumbago i 2 veker. Ho nektar for feber og vekttap. Inga utstråling.', 'L03')).toBe('usually_not_appropriate');
    // must not trigger: not denied
    expect(read('Ryggsmerter. Pas nekter ikke for nattesmerter.')).toMatchObject({ night_pain: true });
  });
});

describe('denied normal findings and positives in other words (adv21)', () => {
  it('"ikke full kraft" is weakness, "ikke helt stabilt" instability (were read as the normal finding: opposite class)', () => {
    expect(read('Skulder: ikke full kraft ved abduksjon.')).toMatchObject({ shoulder_weakness: true });
    expect(read('Vridd kne. Ikke helt stabilt ved undersøkelse.')).toMatchObject({ knee_instability: true });
    expect(read('Vridd kne. Positiv skuffe.')).toMatchObject({ knee_instability: true });
    expect(rating('SNB0BK', 65, 'Skulder: ikke full kraft ved abduksjon.', 'L92')).toBe('appropriate');
    // must not trigger
    expect(read('Skulder: full kraft.')).toMatchObject({ shoulder_weakness: false });
    expect(read('Kne: stabilt.')).toMatchObject({ knee_instability: false });
    expect(read('Vridd kne. Negativ skuffe.')).toMatchObject({ knee_instability: false });
  });

  it('"Wells > 6" is high (was read as 6, intermediate); "D-dimer over referanse"; "Physio didn\'t help"', () => {
    expect(read('Spm LE. Wells > 6.')).toMatchObject({ pe_probability: 'high' });
    expect(read('Spm LE. Wells <2. D-dimer neg.')).toMatchObject({ pe_probability: 'low' });
    expect(read('Spm LE. Wells > 4.')).not.toHaveProperty('pe_probability');
    expect(read('Spm LE. D-dimer over referanse.')).toMatchObject({ d_dimer: 'positive' });
    expect(read('Spm LE. D-dimer innenfor referanseområdet.')).toMatchObject({ d_dimer: 'negative' });
    expect(read("Sciatica 12 wks. Physio didn't help.")).toMatchObject({ physiotherapy_failed: true });
    expect(rating('SSC0AD', 50, 'Spm LE. Wells > 6.', 'K93')).toBe('appropriate');
    // must not trigger
    expect(read('Spm LE. D-dimer over 0,5.')).not.toHaveProperty('d_dimer');
    expect(read('Spm LE. Wells 7.')).toMatchObject({ wells_score: 7, pe_probability: 'high' });
  });
});
