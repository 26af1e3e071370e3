// The reader kinds adv22's batch (content/guidelines/test-sets/vignettes-new22.json, ids E22…)
// found at first contact (71/80, four of the opposite class), each pinned with short notes written
// fresh here: the reading that must happen, and a wording of the same kind that must NOT trigger it
// (opposite-class risks first). The advice class is checked where the kind changed it.
import { describe, expect, it } from 'vitest';
import { rating, read } from './note-kinds.testkit.ts';

describe('reader kinds fixed in adv22', () => {
  it('a safety-net statement names no finding: "Informert om å ta kontakt ved feber, vannlatingsproblemer …" (was read as present: opposite class)', () => {
    const r = read('Akutt lumbago i går. Afebril, ikke vekttap. Informert om å ta kontakt ved feber, vannlatingsproblemer eller nummenhet i seteregionen.');
    expect(r).toMatchObject({ fever: false, weight_loss: false });
    expect(r).not.toHaveProperty('cauda_equina');
    expect(read('Slo hodet. GCS 15. Informert om å oppsøke legevakt ved oppkast, forvirring eller kramper.')).not.toHaveProperty('seizure');
    expect(read('Slo hodet. GCS 15. Informert om å oppsøke legevakt ved oppkast, forvirring eller kramper.')).not.toHaveProperty('vomiting');
    expect(read('Sinusitt 10 dager. Ta kontakt straks ved hevelse rundt øyet eller synsforstyrrelser.')).not.toHaveProperty('sinusitis_complication');
    expect(read('Lumbago. Gitt råd om å ta kontakt ved vannlatingsbesvær.')).not.toHaveProperty('cauda_equina');
    expect(read('LBP 10 days. Advised to return if fever or bladder symptoms develop.')).not.toHaveProperty('fever');
    expect(read('LBP. Safety-netted re cauda equina symptoms.')).not.toHaveProperty('cauda_equina');
    expect(read('LBP 1 week. Return precautions given for fever, urinary retention and saddle anaesthesia.')).not.toHaveProperty('cauda_equina');
    expect(read('LBP 1 week. In the event of bladder symptoms she will attend the ED.')).not.toHaveProperty('cauda_equina');
    expect(read('Ryggsmerter. Informert om røde flagg.')).not.toHaveProperty('red_flags');
    expect(
      rating(
        'SNA0GG',
        38,
        'Akutt lumbago etter løft i går. Ingen utstråling. Afebril, ikke vekttap, ingen kjent kreft. Nevr us ua. Informert om å ta kontakt ved feber, vannlatingsproblemer eller nummenhet i seteregionen.',
        'L03',
      ),
    ).toBe('usually_not_appropriate');
    expect(
      rating(
        'SAA0AD',
        19,
        'Fikk ballen i hodet i går. Ikke bevisstløs, ingen oppkast, GCS 15. Ingen faste medisiner. Informert om å oppsøke legevakt ved oppkast, forvirring eller kramper.',
        'N80',
      ),
    ).toBe('usually_not_appropriate');
    // must not trigger: the same findings told as the patient's, "ved" of an examination, a moment or a place
    expect(read('Lumbago. Feber 39, vannlatingsproblemer siden i går.')).toMatchObject({ fever: true, cauda_equina: true });
    expect(read('Ved us: hydrops og låsninger.', 'kne')).toMatchObject({ knee_effusion: true, knee_locking: true });
    expect(read('Ved ankomst legevakt GCS 13, henvises CT.')).toMatchObject({ gcs: 13 });
    expect(read('Ved belastning vil kneet svikte.', 'kne')).toMatchObject({ knee_instability: true });
    expect(read('Ved abduksjon: kraftsvikt, UL?', 'skulder')).toMatchObject({ shoulder_weakness: true });
    expect(read('Vurdering ved ortoped: aktuell for operasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Feber 39. Kontakt ved forverring.')).toMatchObject({ fever: true });
  });

  it('a conditional names no finding: "Hvis D-dimer positiv: CT", "Dersom kraftsvikt tilkommer …", "Ved nye utfall vil vi henvise"', () => {
    expect(read('Spm LE. Wells 3. D-dimer tatt, svar i morgen. Hvis D-dimer positiv: CT.')).not.toHaveProperty('d_dimer');
    expect(read('Nakkesmerter 3 uker. Dersom utstråling til arm eller kraftsvikt tilkommer, ny vurdering.')).not.toHaveProperty('radiating_pain');
    expect(read('Lumbago 2 uker. Hvis ikke bedring om 4 uker eller utvikling av kraftsvikt, ny vurdering.')).not.toHaveProperty('neuro_deficit');
    expect(read('Hodepine 1 år. Ved nye nevrologiske utfall eller endret hodepinemønster vil vi henvise på nytt.')).not.toHaveProperty(
      'headache_pattern_change',
    );
    expect(read('Ved progresjon av kraftsvikt: ø.hj.')).not.toHaveProperty('neuro_deficit');
    expect(read('Plan: Fysio. Ved kraftsvikt: UL.', 'skulder')).not.toHaveProperty('shoulder_weakness');
    expect(read('Medisiner: ingen.\nPlan: Hodeskaderåd. Ved oppkast: kontakt legevakt.')).toMatchObject({ anticoagulants: false });
    expect(read('Om det ikkje blir betre, eller om ho får feber, ny vurdering.')).not.toHaveProperty('fever');
    expect(read('Viss oppkast eller krampar, ta kontakt.')).not.toHaveProperty('seizure');
    expect(read('Ikke behov for CT med mindre hun kaster opp.')).not.toHaveProperty('vomiting');
    expect(read('I tilfelle hevelse rundt øyet: ø.hj.', 'bihuler')).not.toHaveProperty('sinusitis_complication');
    expect(read('Headache. If thunderclap headache or new deficit, seek emergency care.')).not.toHaveProperty('thunderclap');
    // (a duration in the condition is no duration of the complaint)
    expect(read('Knesmerter. Hvis ikke bedring i løpet av 6 uker, ny time.')).not.toHaveProperty('symptom_duration_weeks');
    expect(rating('SSC0AD', 52, 'Spm lungeemboli. Tungpust 3 dgr. Wells 3. D-dimer tatt, svar kommer i morgen. Hvis D-dimer positiv: CT.', 'R02', 'F')).toBe(
      'needs_information',
    );
    expect(
      rating(
        'SAA0AG',
        38,
        'Daglig spenningshodepine 1 år, uendret. Nevr ua. Ikke kjent kreft. Ved nye nevrologiske utfall eller endret hodepinemønster vil vi henvise på nytt.',
        'N02',
      ),
    ).toBe('usually_not_appropriate');
    // must not trigger: a statement before the condition stands; "om" of time; "en viss"; "når" tells a pattern
    expect(read('Isjias. Vurderes for operasjon dersom MR viser prolaps.')).toMatchObject({ surgery_considered: true });
    expect(read('Om lag 3 veker med feber.')).toMatchObject({ fever: true, symptom_duration_weeks: 3 });
    expect(read('Om 2 uker kontroll. Feber nå.')).toMatchObject({ fever: true });
    expect(read('Hun har hatt en viss bedring, men feber.')).toMatchObject({ fever: true });
    expect(read('Når han går, får han utstråling til benet.')).toMatchObject({ radiating_pain: true });
    expect(read('Ryggsmerter 5 uker, våkner om natten. Gått ned 7 kg. Hvis MR viser noe, henvises ortoped.')).toMatchObject({ weight_loss: true });
  });

  it('dialect negations: "Itj hovent", "ittj feber", "inkje medvitslaus" (were read as present: opposite class)', () => {
    expect(read('Itj hovent, inga låsing. Itj prøvd fysio.', 'kne')).toMatchObject({
      knee_effusion: false,
      knee_locking: false,
      conservative_treatment_tried: false,
    });
    expect(read('Ittj feber, ittj vekttap.')).toMatchObject({ fever: false, weight_loss: false });
    expect(read('Inkje medvitslaus, inkje oppkast.')).toMatchObject({ loss_of_consciousness: false, vomiting: false });
    expect(read('Itte hevelse.', 'kne')).toMatchObject({ knee_effusion: false });
    expect(rating('SNG0AG', 17, "Vondt framme i kne'et i 6mnd, verst i trapper. Itj hovent, inga låsing. Itj prøvd fysio. Ingen skade.", 'L15', 'F')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: the finding told plainly
    expect(read('Hovent kne, låser seg.', 'kne')).toMatchObject({ knee_effusion: true, knee_locking: true });
  });

  it('a denied finding in an X-ray report keeps the finding before it: "Rtg: moderat artrose, ingen fraktur" (was read as not explaining)', () => {
    expect(read('Rtg hø kne 03.10.26: moderat medial artrose, ingen fraktur.')).toMatchObject({ xray_explains_symptoms: true });
    expect(read('Røntgen av kneet viste artrose, men ingen fraktur.')).toMatchObject({ xray_explains_symptoms: true });
    expect(read('Rtg hofte: moderat artrose, ingen fraktur, ingen løse legemer.')).toMatchObject({ xray_explains_symptoms: true });
    expect(rating('SNG0AG', 62, 'Rtg hø kne 03.10.26: moderat medial artrose, ingen fraktur. Knesmerter hø i 5 mnd, gradvis, ingen skade.', 'L90')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: a report that denies only, or names its finding after the denial
    expect(read('Rtg kne: ingen fraktur.')).toMatchObject({ xray_explains_symptoms: false });
    expect(read('Rtg: ingen artrose, ingen fraktur.')).toMatchObject({ xray_explains_symptoms: false });
    expect(read('Rtg kne: ingen fraktur, men uttalt artrose.')).toMatchObject({ xray_explains_symptoms: true });
  });

  it('a plan section plans, it does not report: "Plan: Fysioterapi, MR" (was read as physiotherapy tried)', () => {
    expect(read('Isjias 10 uker.\nPlan: Fysioterapi, MR.')).not.toHaveProperty('conservative_treatment_tried');
    expect(read('Knesmerter.\nP: Rtg kne, fysio.')).not.toHaveProperty('prior_xray');
    expect(rating('SNA0GG', 46, 'Isjias hø 10 uker, SLR pos. Ingen røde flagg. Vurderes for operasjon.\nPlan: Fysioterapi, MR.', 'L86')).toBe(
      'needs_information',
    );
    // must not trigger: a treatment told before the plan, or on the next line; surgery in the plan
    expect(read('Isjias.\nPlan: MR.\nFysio 6 uker uten effekt.')).toMatchObject({ conservative_treatment_tried: true, physiotherapy_failed: true });
    expect(read('Isjias. Fysio 8 uker uten effekt.\nPlan: MR, henvises ortoped mtp operasjon.')).toMatchObject({
      physiotherapy_failed: true,
      surgery_considered: true,
    });
  });

  it('short denials: "Ingen utfall", "Ikke fokalnevrologi", "Ingen AK" (were unread)', () => {
    expect(read('Nakkesleng. Ingen utstråling, ingen utfall.')).toMatchObject({ neuro_deficit: false });
    expect(read('Slo hodet. Ikke fokalnevrologi.')).toMatchObject({ neuro_deficit: false });
    expect(read('Slo hodet. Ingen AK.')).toMatchObject({ anticoagulants: false });
    expect(rating('SNA0AG', 30, 'Nakkesleng for 1 uke siden, lav fart. Ingen utstråling, ingen utfall. MR?', 'L83')).toBe('usually_not_appropriate');
    // must not trigger: told plainly, "utfall" is too general and "AK" too short; focal neurology told is a deficit
    expect(read('Utfallet av MR avgjør videre plan.')).not.toHaveProperty('neuro_deficit');
    expect(read('Bruker AK.')).not.toHaveProperty('anticoagulants');
    expect(read('Fokalnevrologi: hemiparese hø.')).toMatchObject({ neuro_deficit: true });
  });

  it('"DD" is the D-dimer in a note about a pulmonary embolism: "Wells 1, DD neg" (was unread)', () => {
    expect(read('Brystsmerter. Wells 1, DD neg.')).toMatchObject({ d_dimer: 'negative' });
    expect(read('Wells 2, DD 1,4.')).toMatchObject({ d_dimer: 'positive' });
    expect(read('Tungpust. DD pos.', 'CT lungearterier')).toMatchObject({ d_dimer: 'positive' });
    expect(rating('SSC0AD', 45, 'Brystsmerter. Wells 1, DD neg.', 'K93', 'F')).toBe('usually_not_appropriate');
    // must not trigger: "DD:" is a differential diagnosis; no PE context
    expect(read('Wells 1. DD: pneumoni.')).not.toHaveProperty('d_dimer');
    expect(read('Hodepine. DD neg.', 'MR caput')).not.toHaveProperty('d_dimer');
  });

  it('ordinals with two words before "i år": "4.gang med bihulebetennelse i år" (EPOS 2020: ≥ 4 episodes a year)', () => {
    expect(read('4.gang med bihulebetennelse i år.', 'bihuler')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('4. gang med bihulebetennelse i år.', 'bihuler')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Femte episode med bihulebetennelse dette året.', 'bihuler')).toMatchObject({ recurrent_sinusitis: true });
    expect(rating('SDX0AD', 58, '4.gang med bihulebetennelse i år, antibiotika x4. Ingen komplikasjoner. Henvist ØNH.', 'R75')).toBe('may_be_appropriate');
    // must not trigger: fewer than four
    expect(read('2. gang med bihulebetennelse i år.', 'bihuler')).not.toHaveProperty('recurrent_sinusitis');
  });

  it('English "for 10/7", "for 6/12" is a duration (adv21 left "LBP 10/7" open: after a complaint alone it may be a date)', () => {
    expect(read('Low back pain for 10/7, no red flags.')).toMatchObject({ symptom_duration_weeks: 1.43 });
    expect(read('R knee pain for 6/12, no trauma.')).toMatchObject({ symptom_duration_weeks: 26 });
    // must not trigger: a Norwegian note, or the fraction alone after the complaint
    expect(read('Vondt for 10/7, ingen traume.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('LBP 10/7, no red flags.')).not.toHaveProperty('symptom_duration_weeks');
  });
});
