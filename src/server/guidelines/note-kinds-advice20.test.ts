// The reader kinds the adv19 batch (content/guidelines/test-sets/vignettes-new19.json) found at
// first contact, and the two GCS kinds advice19 left open, each checked strictly: the reading that
// must happen and the opposite wording that must not (bokmål, nynorsk and English where the kind
// has them). Notes written fresh here, not copied from the batch.
import { describe, expect, it } from 'vitest';
import { advise } from './advise.ts';
import { extractFacts } from './free-text/extract.ts';
import { loadGuidelinePack } from './loader.ts';

const now = new Date('2026-11-30T12:00:00Z');
const read = (text: string, context = '') => extractFacts(text, { now, context }).facts as Record<string, unknown>;
const pack = loadGuidelinePack();
const advice = (examCode: string, age: number, text: string, icpc?: string, sex: 'F' | 'M' = 'M') =>
  advise(pack, { examCode, patient: { ageYears: age, sex }, indication: icpc ? { system: 'ICPC-2', code: icpc } : undefined, facts: {}, text }, { now }).advice;

describe('reader kinds fixed in adv19', () => {
  it('a short label answered after its colon: the answer is the label\u2019s ("Utstråling arm: nei", "Blære/tarm: ua")', () => {
    // before: the colon ended the clause, so a label of two or more words was read as present
    expect(read('Nakkesmerter. Utstråling arm: nei.')).toMatchObject({ radiating_pain: false });
    expect(read('Nakkesmerter. Utstråling til venstre arm: nei.')).toMatchObject({ radiating_pain: false });
    expect(read('Ryggsmerter. Blære/tarm: ua.')).toMatchObject({ cauda_equina: false });
    expect(read('Ryggsmerter. Blære og tarm: u.a.')).toMatchObject({ cauda_equina: false });
    expect(read('Ryggsmerter. Vekttap siste år: nei.')).toMatchObject({ weight_loss: false });
    expect(read('Vondt i kneet. Låsninger siste uke: nei.')).toMatchObject({ knee_locking: false });
    expect(read('Vondt i kneet. Hevelse i kneet: neg.')).toMatchObject({ knee_effusion: false });
    expect(read('Slo hodet. Kastet opp etterpå: nei.')).toMatchObject({ vomiting: false });
    expect(read('Hovudverk. Endra mønster: nei.')).toMatchObject({ headache_pattern_change: false });
    expect(read('Korsryggsmerter. Nummenheit i setet: nei.')).toMatchObject({ cauda_equina: false });
    expect(read('Korsryggsmerter. Nummenheit i setet.')).toMatchObject({ cauda_equina: true });
    // the opposite answer, and the positive label, stay positive
    expect(read('Nakkesmerter. Utstråling arm: ja.')).toMatchObject({ radiating_pain: true });
    expect(read('Ryggsmerter. Blære/tarm: påvirket, lekker urin.')).toMatchObject({ cauda_equina: true });
    expect(read('Vondt i kneet. Låsninger siste uke: ja, to ganger.')).toMatchObject({ knee_locking: true });
    // a circumstance in the label is not what is denied: the fall happened
    expect(read('Slo hodet. Bevisstløs etter fallet: nei.')).toMatchObject({ trauma: true, loss_of_consciousness: false });
    expect(read('Smerter etter traume: nei.')).not.toHaveProperty('trauma');
    // only a one-word answer closing the clause: a longer value keeps the colon's clause break
    expect(read('Nakkesmerter. Utstråling arm: nei, men nummen tommel.')).toMatchObject({ radiating_pain: false });
    expect(read('Nakkesmerter. Utstråling arm: til tommelen.')).toMatchObject({ radiating_pain: true });
    // the rule decides: neck pain for 8 weeks with every red flag and radiation denied
    expect(advice('SNA0AG', 45, 'Nakkesmerter 2 mnd. Utstråling arm: nei. Nummenhet: nei. Kraft: ua. Feber – neg, vekttap – neg.', 'L83')?.rating).toBe(
      'usually_not_appropriate',
    );
    expect(advice('SNA0GG', 36, 'Ryggsmerter etter løft i går. Utstråling: nei. Feber: nei. Blære/tarm: ua. Kreft: nei.', 'L03')?.rating).toBe(
      'usually_not_appropriate',
    );
    expect(advice('SNA0GG', 36, 'Ryggsmerter etter løft i går. Utstråling: nei. Feber: nei. Blære/tarm: lekker urin. Kreft: nei.', 'L03')?.rating).toBe(
      'appropriate',
    );
  });

  it('found while probing fresh notes of the same kinds: labels after an abbreviation\'s dot, strength named first, ranges before "siden", nynorsk superlatives', () => {
    // "Nevr.: ua", "Faste med.: ingen": the abbreviation's dot before the label's colon
    expect(read('Nakkesleng, påkjørt bakfra. Nevr.: ua.')).toMatchObject({ neuro_deficit: false });
    expect(read('Nakkesleng, påkjørt bakfra. Nevr.: utfall hø arm.')).not.toMatchObject({ neuro_deficit: false });
    expect(read('Slo hodet. GCS 15. Faste med.: ingen.')).toMatchObject({ anticoagulants: false, antiplatelets: false });
    expect(read('Slo hodet. Faste med.: Eliquis 5 mg x 2.')).toMatchObject({ anticoagulants: true });
    // the strength first, its verdict after (shoulder weakness; in a spine note a motor deficit)
    expect(read('Skuldersmerter 2 mnd. Kraft utadrotasjon: nedsatt.')).toMatchObject({ shoulder_weakness: true });
    expect(read('Skuldersmerter. Kraft abduksjon: normal.')).toMatchObject({ shoulder_weakness: false });
    expect(read('Skuldersmerter. Kraft i abduksjon ikke nedsatt.')).not.toMatchObject({ shoulder_weakness: true });
    expect(read('Ryggsmerter. Kraft hø fot: nedsatt.')).toMatchObject({ neuro_deficit: true });
    expect(read('Ryggsmerter. Kraft i ve arm redusert.')).toMatchObject({ neuro_deficit: true });
    // a range before "siden": the upper end, as "i 2–3 uker"
    expect(read('Ryggsmerter etter flytting for 2–3 uker siden.')).toMatchObject({ symptom_duration_weeks: 3 });
    expect(read('Ryggsmerter for 2-3 mnd sidan.').symptom_duration_weeks).toBeGreaterThan(12);
    expect(read('Siste menstruasjon for 2-3 år siden.')).not.toHaveProperty('symptom_duration_weeks');
    // nynorsk "verste hovudverk nokon gong" (thunderclap)
    expect(read('Akutt innsettande, verste hovudverk nokon gong, i dag kl 10.')).toMatchObject({ thunderclap: true });
    expect(read('Verste hodepine noensinne.')).toMatchObject({ thunderclap: true });
    expect(read('Hovudverk, ikkje den verste nokon gong.')).not.toMatchObject({ thunderclap: true });
    // "Låser: nei" (the verb alone as a knee note's label), "Bøy >90" (a bound sign, no unit), English "no orbital symptoms"
    expect(read('Vreid kne i går. Hovent: nei. Låser: nei. Svikter: nei.')).toMatchObject({
      knee_locking: false,
      knee_effusion: false,
      knee_instability: false,
    });
    expect(read('Vondt i kneet. Låser: ja.')).toMatchObject({ knee_locking: true });
    expect(read('Kneet låser seg.')).toMatchObject({ knee_locking: true });
    expect(read('Ryggsmerter. Låser: nei.')).not.toHaveProperty('knee_locking');
    expect(read('Kneskade fotball i dag. Bøy >90.')).toMatchObject({ knee_flexion_limited: false });
    expect(read('Kneskade. Bøy <90.')).toMatchObject({ knee_flexion_limited: true });
    expect(read('Kneskade. Bøy 90.')).not.toHaveProperty('knee_flexion_limited');
    expect(read('Sinusitis 10 days, no orbital symptoms.')).toMatchObject({ sinusitis_complication: false });
    expect(read('Sinusitis 10 days, orbital symptoms since today.')).toMatchObject({ sinusitis_complication: true });
    expect(advice('SNB0BK', 66, 'Skuldersmerter 2 mnd, gradvis. Kraft utadrotasjon: nedsatt.', 'L92')?.rating).toBe('appropriate');
    expect(advice('SAA0AD', 50, 'Akutt innsettande, verste hovudverk nokon gong, i dag kl 10.', 'N01')?.rating).toBe('appropriate');
  });

  it('a label answered at the very end of a note reads nothing of the note read before it', () => {
    // (the reader keeps its token arrays between notes: a look past the note's last word once read
    // the earlier note's "nei" and denied the weakness)
    read('Vreid kne i går. Hovent: nei. Låser: nei. Svikter: nei.');
    expect(read('Skuldersmerter 2 mnd, gradvis. Kraft utadrotasjon: nedsatt.')).toMatchObject({ shoulder_weakness: true });
    read('Ryggsmerter. Utstråling til venstre arm: nei. Blære/tarm: ua');
    expect(read('Nakkesmerter. Utstråling arm: ja')).toMatchObject({ radiating_pain: true });
  });

  it('"ua" as the whole value after an X-ray label, a date before its colon ("Rtg kne 02.11.: ua")', () => {
    expect(read('Rtg kne 02.11.: ua.')).toMatchObject({ xray_explains_symptoms: false });
    expect(read('Røntgen kne 1.9.: u.a.')).toMatchObject({ xray_explains_symptoms: false });
    expect(read('Rtg bekken for 3 uker siden: ua.')).toMatchObject({ xray_explains_symptoms: false });
    // a finding there is still read as one that explains
    expect(read('Rtg kne 02.11.: artrose.')).toMatchObject({ xray_explains_symptoms: true });
    expect(read('Rtg kne viser artrose, ellers ua.')).toMatchObject({ xray_explains_symptoms: true });
    // and "ua" not about an X-ray is no X-ray finding
    expect(read('Knesmerter. Kraft: ua.')).not.toHaveProperty('xray_explains_symptoms');
    expect(advice('SNG0AG', 50, 'Knesmerter hø, gradvis, 4 mnd. Rtg kne 02.11.: ua. Ingen hydrops, ingen låsninger, stabilt.', 'L15')?.rating).toBe(
      'may_be_appropriate',
    );
  });

  it('words: "ustabilitet", "antikoag.", "vurd. ev. operasjon", "går uten å halte", "orbital hevelse"', () => {
    expect(read('Vondt i kneet. Ustabilitet – neg.')).toMatchObject({ knee_instability: false });
    expect(read('Vondt i kneet. Ingen ustabilitet.')).toMatchObject({ knee_instability: false });
    expect(read('Vondt i kneet. Ustabilitet ved belastning.')).toMatchObject({ knee_instability: true });
    expect(read('Slo hodet. Ingen antikoag.')).toMatchObject({ anticoagulants: false });
    expect(read('Slo hodet. Bruker antikoag.')).toMatchObject({ anticoagulants: true });
    expect(read('Isjias. Nevrokir. vurd. ev. operasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Isjias. Ortoped vurderer ev. kirurgi.')).toMatchObject({ surgery_considered: true });
    expect(read('Isjias. Ønsker ikke operasjon.')).toMatchObject({ surgery_considered: false });
    expect(read('Vred kneet. Går uten å halte.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Vred kneet. Går utan krykker.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Vred kneet. Klarer ikke å gå.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Knee injury today. Walking without limp.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Vred kneet. Går ikke uten krykker.')).not.toMatchObject({ unable_to_bear_weight: false });
    expect(read('Bihulebetennelse. Orbital hevelse – neg.')).toMatchObject({ sinusitis_complication: false });
    expect(read('Bihulebetennelse. Orbital hevelse ve side.')).toMatchObject({ sinusitis_complication: true });
    // Ottawa knee rule: every criterion negative under 55 (the walk read from "går uten å halte")
    expect(advice('SNG0AA', 22, 'Vred kneet i fotball i dag. Går uten å halte, bøyer over 90°, ikke øm over patella eller fibulahodet.', 'L96')?.rating).toBe(
      'usually_not_appropriate',
    );
  });

  it('focal signs in a headache note (ptosis, double vision, unequal pupils): a neurological deficit; in a sinus note the orbital complication', () => {
    expect(read('Hodepine siden i går og hengende øyelokk ve side.')).toMatchObject({ neuro_deficit: true });
    expect(read('Sidan i går hovudverk og dobbeltsyn.')).toMatchObject({ neuro_deficit: true });
    expect(read('Hodepine. Ujevne pupiller.')).toMatchObject({ neuro_deficit: true });
    expect(read('Headache, new ptosis L eye.')).toMatchObject({ neuro_deficit: true });
    expect(read('Hodepine. Ingen dobbeltsyn, ikke hengende øyelokk.')).toMatchObject({ neuro_deficit: false });
    expect(read('Sinusitt med dobbeltsyn.')).toMatchObject({ sinusitis_complication: true });
    expect(read('Sinusitt med dobbeltsyn.')).not.toHaveProperty('neuro_deficit');
    expect(read('Vondt i kneet. Dobbeltsyn.')).not.toHaveProperty('neuro_deficit');
    expect(advice('SAA0AG', 62, 'Siden i går venstresidig hodepine og dobbeltsyn, hengende øyelokk.', 'N01')?.rating).toBe('appropriate');
  });

  it('short English CDS notes: "No anticoagulants, no antiplatelets" denies both; nynorsk "no" stays "now"', () => {
    expect(read('Fall from standing, hit head. GCS 15. Vomited x3. No anticoagulants, no antiplatelets.')).toMatchObject({
      anticoagulants: false,
      antiplatelets: false,
    });
    expect(read('Hit head. No antiplatelets.')).toMatchObject({ antiplatelets: false });
    expect(read('Hit head. Takes aspirin daily. No anticoagulants.')).toMatchObject({ antiplatelets: true, anticoagulants: false });
    expect(read('Falt, slo hodet. GCS 15 no. Brukar Albyl-E.')).toMatchObject({ gcs: 15, antiplatelets: true });
    // English labels answered "no"/"none" (read as present before: "Fever: no" → fever)
    expect(read('Low back pain 3 weeks. Radiation to leg: no. Fever: no.')).toMatchObject({ radiating_pain: false, fever: false });
    expect(read('Neck pain. Radiating pain: none.')).toMatchObject({ radiating_pain: false });
    expect(read('Low back pain 3 weeks. Fever: yes.')).toMatchObject({ fever: true });
    // nynorsk "no" (now) after a label is no denial
    expect(read('Feber: no, men ikkje før.')).toMatchObject({ fever: true });
    expect(advice('SAA0AD', 70, 'Fall from standing, hit head. GCS 15. Vomited x3. No anticoagulants, no antiplatelets.', 'N80')?.rating).toBe(
      'may_be_appropriate',
    );
    expect(advice('SAA0AD', 70, 'Fall from standing, hit head. GCS 15. Vomited x3. On aspirin, no anticoagulants.', 'N80')?.rating).toBe('appropriate');
  });

  it('a Wells range inside one tier gives its class ("Wells 2–3"), across tiers nothing', () => {
    expect(read('Tungpust. Wells 2–3 (usikker).')).toMatchObject({ pe_probability: 'intermediate' });
    expect(read('Tungpust. Wells 0-1.')).toMatchObject({ pe_probability: 'low' });
    expect(read('Tungpust. Wells 7-8 poeng.')).toMatchObject({ pe_probability: 'high' });
    expect(read('Tungpust. Wells 2–3.')).not.toHaveProperty('wells_score');
    expect(read('Tungpust. Wells 1-3.')).not.toHaveProperty('pe_probability');
    expect(read('Tungpust. Wells 5–7.')).not.toHaveProperty('pe_probability');
    // a Wells score named but not read (a range across tiers) still engages the PE topic, which asks
    expect(read('Tungpust. Wells 6-7.')).toMatchObject({ suspected_pe: true });
    expect(advice('SSC0AD', 66, 'Tungpust i dag, Wells 6-7. D-dimer ikke tatt.', 'R02')?.rating).toBe('needs_information');
    // the topic is engaged and asks for the D-dimer instead of giving no advice
    const a = advice('SSC0AD', 52, 'Tungpust siden i går. Wells 2–3 (usikker). D-dimer ikke tatt.', 'R02', 'F');
    expect(a?.rating).toBe('needs_information');
    expect(a?.missingFacts.map((f) => f.id)).toContain('d_dimer');
  });

  it('an onset word before a date dates the complaint ("Bihulesmerter, start 24.11."), not a treatment', () => {
    expect(read('Bihulesmerter, start 24.11.')).toMatchObject({ symptom_duration_weeks: 0.86 });
    expect(read('Symptomdebut 3.11.')).toMatchObject({ symptom_duration_weeks: 3.86 });
    expect(read('Hodepine debuterte 3.11.26.')).toMatchObject({ symptom_duration_weeks: 3.86 });
    expect(read('Ryggsmerter, start i oktober.').symptom_duration_weeks).toBeGreaterThan(6);
    expect(read('Fysioterapi start 24.11.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Behandling startet 24.11.')).not.toHaveProperty('symptom_duration_weeks');
    expect(advice('SDX0AD', 60, 'Bihulesmerter, start 24.11. Orbital hevelse – neg. Feber – neg.', 'R75')?.rating).toBe('usually_not_appropriate');
  });

  it('GCS: a value corrected right after it counts, not the lowest ("GCS 14, nei 15")', () => {
    expect(read('Slo hodet. GCS 14, nei 15 – feilskrevet.')).toMatchObject({ gcs: 15 });
    expect(read('Slo hodet. GCS 14 – unnskyld, 15.')).toMatchObject({ gcs: 15 });
    expect(read('Slo hodet. GCS 14, korrigert: 15.')).toMatchObject({ gcs: 15 });
    expect(read('Slo hodet. GCS 14. Korrigert: GCS 15.')).toMatchObject({ gcs: 15 });
    // corrected the other way
    expect(read('Slo hodet. GCS 15, nei 14.')).toMatchObject({ gcs: 14 });
    // two values at two moments are no correction: the lowest counts (advice19)
    expect(read('Slo hodet. GCS 14 på stedet, 15 ved ankomst.')).toMatchObject({ gcs: 14 });
    expect(read('Slo hodet. GCS 14. Nei, ikke bevisstløs.')).toMatchObject({ gcs: 14, loss_of_consciousness: false });
    expect(advice('SAA0AD', 40, 'Slo hodet på isen i går kveld. GCS 14, nei 15. Ikke bevisstløs, ikke oppkast. Ingen faste medisiner.', 'N80')?.rating).toBe(
      'usually_not_appropriate',
    );
  });

  it('GCS: a third value at its moment counts too; the lowest of all of them', () => {
    expect(read('Falt. GCS 15 på stedet, 15 i ambulansen, 13 ved ankomst.')).toMatchObject({ gcs: 13 });
    expect(read('Falt. GCS 15 på stedet, 13 i ambulansen, 15 ved ankomst.')).toMatchObject({ gcs: 13 });
    expect(read('Falt. GCS 14 på staden, 15 ved innkomst, 15 no.')).toMatchObject({ gcs: 14 });
    expect(read('Falt. GCS 15 på stedet, 15 ved ankomst, 15 nå.')).toMatchObject({ gcs: 15 });
    // a count or a time after the values is no further value
    expect(read('Falt. GCS 15 på stedet, 14 ved ankomst, oppkast 3 ganger.')).toMatchObject({ gcs: 14 });
    expect(advice('SAA0AD', 30, 'Falt på sykkel, slo hodet. GCS 15 på stedet, 15 i ambulansen, 13 ved ankomst.', 'N80')?.rating).toBe('appropriate');
  });
});
