// The reader kinds adv27's batch (content/guidelines/test-sets/vignettes-new27.json, ids W27…)
// found at first contact (75/80, none unscored, 5 over-asked, none wrong), the two kinds adv26 left
// open, and the probe notes of the batch's kinds written after it, each pinned with short notes
// written fresh here: the reading that must happen, and a wording of the same kind that must NOT
// trigger it. The advice class is checked where the kind changed it.
import { describe, expect, it } from 'vitest';
import { rating, read } from './note-kinds.testkit.ts';

describe('reader kinds left open by adv26', () => {
  it('a relative clause on a denied finding is denied with it ("Ingen … smerter som stråler ned i benet")', () => {
    expect(read('Ryggsmerter. Ingen feber, vekttap eller smerter som stråler ned i benet.')).toMatchObject({
      fever: false,
      weight_loss: false,
      radiating_pain: false,
    });
    expect(read('Ryggsmerter. Ingen smerter som stråler ned i beinet.')).toMatchObject({ radiating_pain: false });
    expect(read('Ryggsmerter. Ingen feber eller smerter som stråler ned i benet.')).toMatchObject({ fever: false, radiating_pain: false });
    expect(read('Ryggsmerter. Inga smerter som strålar ned i beinet.')).toMatchObject({ radiating_pain: false });
    expect(read('Nakkesmerter. Ingen nummenhet som går ned i armen.')).toMatchObject({ neuro_deficit: false });
    expect(
      rating('SNA0GG', 50, 'Korsryggsmerter i 8 uker. Ingen feber, vekttap eller smerter som stråler ned i benet. Ikke aktuelt med operasjon.', 'L03'),
    ).toBe('usually_not_appropriate');
    // must not trigger: the relative clause of a told finding, after a preposition, after a verb's
    // negation, or after "ingen som" (no one who) stays told
    expect(read('Ryggsmerter. Ingen bedring av smertene som stråler ned i benet.')).toMatchObject({ radiating_pain: true });
    expect(read('Ryggsmerter. Kan ikke gå pga smerter som stråler ned i benet.')).toMatchObject({ radiating_pain: true });
    expect(read('Ryggsmerter. Ingen feber, men smerter som stråler ned i benet.')).toMatchObject({ fever: false, radiating_pain: true });
    expect(read('Ryggsmerter. Ingen som har sett at han har smerter som stråler ned i benet.')).toMatchObject({ radiating_pain: true });
    expect(read('Ryggsmerter. Ikke feber. Smerter som stråler ned i benet.')).toMatchObject({ fever: false, radiating_pain: true });
    expect(read('Ryggsmerter. Ingen andre plager enn smerter som stråler ned i benet.')).toMatchObject({ radiating_pain: true });
    expect(read('Back pain. No other complaints than pain that radiates down the leg.')).not.toMatchObject({ radiating_pain: false });
  });

  it('a follow-up size after a word for "now" binds to the cyst of the sentence before ("Cyste 3 cm i 2024. Nå 4,5 cm")', () => {
    expect(read('Enkel cyste 3 cm i 2024. Nå 4,5 cm.')).toMatchObject({ ovarian_cyst_cm: 4.5 });
    expect(read('Enkel cyste 3 cm i 2024. No 4,5 cm.')).toMatchObject({ ovarian_cyst_cm: 4.5 });
    expect(read('Simple ovarian cyst 3 cm in 2024. Now 4.5 cm.')).toMatchObject({ ovarian_cyst_cm: 4.5 });
    expect(read('Enkel cyste 3 cm i 2024. I dag ca. 4,5 cm.')).toMatchObject({ ovarian_cyst_cm: 4.5 });
    expect(rating('SSE0AK', 35, 'Enkel cyste 3 cm i 2024. Nå 4,5 cm.', 'X99', 'F')).toBe('may_be_appropriate');
    // must not trigger: a size of another thing after "nå", or a duration, stays off the cyst
    expect(read('Enkel cyste 3 cm i 2024. Nå 4,5 cm stor myom.')).toMatchObject({ ovarian_cyst_cm: 3 });
    expect(read('Enkel cyste 3 cm i 2024. Nå smerter, 4,5 cm stein i nyre.')).toMatchObject({ ovarian_cyst_cm: 3 });
    expect(read('Enkel cyste 3 cm. Nå 4 uker senere, ingen endring.')).toMatchObject({ ovarian_cyst_cm: 3 });
    expect(rating('SSE0AK', 35, 'Enkel cyste 3 cm i 2024. Nå 4,5 cm stor myom.', 'X99', 'F')).toBe('usually_not_appropriate');
  });
});

describe('reader kinds fixed in adv27', () => {
  it('a one-letter side abbreviation with a dot ("h.", "v.") stands between a finding and its body part', () => {
    expect(read('Hodepine. Nedsatt kraft h. hånd.')).toMatchObject({ neuro_deficit: true });
    expect(read('Hodepine. Nedsatt kraft v. arm.')).toMatchObject({ neuro_deficit: true });
    expect(read('Hodepine. Nedsatt kraft i h. hånd.')).toMatchObject({ neuro_deficit: true });
    expect(read('Enkel cyste h. ovarium 3 cm.')).toMatchObject({ cyst_simple: true, ovarian_cyst_cm: 3 });
    expect(rating('SAA0AG', 63, 'Hodepine i 3 uker og ny ustøhet, nedsatt kraft h. hånd. Tidl. frisk.', 'N01')).toBe('appropriate');
    // must not trigger: "h." ending a sentence before a capital keeps its sentences apart
    expect(read('Isjias h. Neg. for ridebukseanestesi.')).toMatchObject({ radiating_pain: true, cauda_equina: false });
    expect(read('Smerter i kneet h. Ingen hevelse.')).toMatchObject({ knee_effusion: false });
    expect(read('Hodepine. Kraft h. hånd normal.')).not.toMatchObject({ neuro_deficit: true });
  });

  it('sinusitis episodes counted with what was counted before the year ("Fem episoder med akutt sinusitt siste år")', () => {
    expect(read('Fem episoder med akutt sinusitt siste år.', 'bihuler')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('5 episoder med sinusitt siste år.', 'bihuler')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Fire tilfeller av bihulebetennelse i år.', 'bihuler')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Five episodes of acute sinusitis in the last year.', 'sinus')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('4 episodes of sinusitis this year.', 'sinus')).toMatchObject({ recurrent_sinusitis: true });
    expect(rating('SDX0AD', 42, 'Fem episoder med akutt sinusitt siste år, friske intervaller mellom. Ikke vurdert kirurgi.', 'R75', 'F')).toBe(
      'may_be_appropriate',
    );
    // must not trigger: fewer than four (EPOS 2020), or episodes of another complaint
    expect(read('3 episoder med sinusitt siste år.', 'bihuler')).not.toHaveProperty('recurrent_sinusitis');
    expect(read('Fem episoder med hodepine siste år.', 'bihuler')).not.toHaveProperty('recurrent_sinusitis');
  });

  it('English walking without difficulty and full weight bearing bear weight (Ottawa knee rule)', () => {
    expect(read('Knee injury. Walks without difficulty.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Knee injury. Walking without problems.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Knee injury. Full weight bearing.')).toMatchObject({ unable_to_bear_weight: false });
    expect(
      rating('SNG0AA', 22, 'Knee injury playing football today. Walks without difficulty, full flexion, no tenderness over patella or fibular head.', 'L96'),
    ).toBe('usually_not_appropriate');
    // must not trigger: only with crutches, or not full weight bearing, is not bearing weight
    expect(read('Knee injury. Walks without difficulty only with crutches.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Knee injury. Not full weight bearing.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Knee injury. Unable to walk without help.')).toMatchObject({ unable_to_bear_weight: true });
  });

  it('what follows an exception word after a negation is told ("Ingen andre plager enn nattesmerter", "other than")', () => {
    expect(read('Ryggsmerter. Ingen andre plager enn nattesmerter.')).toMatchObject({ night_pain: true });
    expect(read('Back pain. No symptoms other than night pain.')).toMatchObject({ night_pain: true });
    expect(read('Back pain. No complaints apart from night pain.')).toMatchObject({ night_pain: true });
    expect(read('Ryggsmerter. Ingen andre symptomer utenom nattesmerter.')).toMatchObject({ night_pain: true });
    expect(read('Ryggsmerter. Ingen feber, vekttap eller andre plager enn smerter som stråler ned i benet.')).toMatchObject({
      fever: false,
      weight_loss: false,
      radiating_pain: true,
    });
    expect(rating('SNA0GG', 60, 'Korsryggsmerter i 8 uker. Ingen andre plager enn nattesmerter.', 'L03')).toBe('appropriate');
    // must not trigger: a denial with no exception word stays a denial
    expect(read('Ryggsmerter. Ingen andre plager, ingen nattesmerter.')).toMatchObject({ night_pain: false });
    expect(read('Back pain. No night pain, no other symptoms.')).toMatchObject({ night_pain: false });
  });

  it('English "uncomplicated" in a sinus note is no complication, as "ukomplisert"', () => {
    expect(read('Sinusitis 2 weeks, uncomplicated.')).toMatchObject({ sinusitis_complication: false });
    expect(rating('SDX0AD', 30, 'Acute uncomplicated sinusitis, 5 days.', 'R75')).toBe('usually_not_appropriate');
    // must not trigger: outside a sinus note
    expect(read('Uncomplicated knee injury.')).not.toHaveProperty('sinusitis_complication');
  });

  it('"Ottawa neg." in a knee note denies every finding of the Ottawa knee rule (age still counts)', () => {
    const none = { unable_to_bear_weight: false, patella_tenderness: false, fibular_head_tenderness: false, knee_flexion_limited: false };
    expect(read('Kneskade. Ottawa neg.')).toMatchObject(none);
    expect(read('Kneskade i går. Ottawa-kriteriene negative.')).toMatchObject(none);
    expect(read('Knee injury. Ottawa knee rule negative.')).toMatchObject(none);
    expect(read('Kneskade. Negativ Ottawa.')).toMatchObject(none);
    expect(rating('SNG0AA', 30, 'Kneskade. Ottawa neg.', 'L96')).toBe('usually_not_appropriate');
    expect(rating('SNG0AA', 60, 'Kneskade. Ottawa neg.', 'L96')).toBe('appropriate');
    // must not trigger: "Ottawa pos." names no single finding; the ankle rule says nothing of the knee;
    // a finding told after it is read
    expect(read('Kneskade. Ottawa pos.')).not.toHaveProperty('patella_tenderness');
    expect(read('Ankelskade og kneskade. Ottawa ankel neg.')).not.toHaveProperty('patella_tenderness');
    expect(read('Kneskade. Ottawa neg, men ømhet over patella.')).toMatchObject({ patella_tenderness: true });
  });

  it('a D-dimer "under grensen" / "under 0,5" is negative, "over 1,5" positive', () => {
    expect(read('Wells 2. D-dimer under grensen.')).toMatchObject({ d_dimer: 'negative' });
    expect(read('Wells 2. D-dimer under normalgrensa.')).toMatchObject({ d_dimer: 'negative' });
    expect(read('Wells 1. D-dimer below the threshold.')).toMatchObject({ d_dimer: 'negative' });
    expect(read('Wells 1. D-dimer under 0,5.')).toMatchObject({ d_dimer: 'negative' });
    expect(read('Wells 1. D-dimer under 500.')).toMatchObject({ d_dimer: 'negative' });
    expect(read('Wells 1. D-dimer 0,6, under aldersjustert grense.')).toMatchObject({ d_dimer: 'negative' });
    expect(read('Wells 2. D-dimer over grensen.')).toMatchObject({ d_dimer: 'positive' });
    expect(read('Wells 1. D-dimer over 1,5.')).toMatchObject({ d_dimer: 'positive' });
    expect(rating('SSC0AD', 50, 'Wells 1. D-dimer under grensen.', 'R02')).toBe('usually_not_appropriate');
    // must not trigger: a limit between the conventional and the age-adjusted cut-off is the
    // laboratory's and the age's
    expect(read('Wells 1. D-dimer over 0,5.')).not.toHaveProperty('d_dimer');
    expect(read('Wells 1. D-dimer under 0,8.')).not.toHaveProperty('d_dimer');
  });

  it('a regular-medication list naming no antithrombotic drug is no anticoagulant or antiplatelet', () => {
    const none = { anticoagulants: false, antiplatelets: false };
    expect(read('Slo hodet. Faste medisiner: Metformin, Ramipril.')).toMatchObject(none);
    expect(read('Slo hodet. Faste med.: Metformin 500 mg x2, Ramipril 5 mg.')).toMatchObject(none);
    expect(read('Slo hovudet. Faste medisinar: Levaxin, Sobril.')).toMatchObject(none);
    expect(read('Slo hovudet. Faste medisinar: ingen.')).toMatchObject(none);
    expect(read('Hit head. Meds: metformin, ramipril.')).toMatchObject(none);
    expect(rating('SAA0AD', 70, 'Falt hjemme, slo hodet. GCS 15. Ingen LOC, ikke oppkast. Faste medisiner: Metformin, Ramipril.', 'N80')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: a partial or unknown list, a hedge, or an antithrombotic anywhere in the note
    expect(read('Slo hodet. Faste med: Metformin m.fl.')).not.toHaveProperty('anticoagulants');
    expect(read('Slo hodet. Faste med: se kurve.')).not.toHaveProperty('anticoagulants');
    expect(read('Slo hodet. Faste med: Metformin?')).not.toHaveProperty('anticoagulants');
    expect(read('Slo hodet. Faste med: Metformin. Usikker på om hun bruker Eliquis.')).not.toHaveProperty('anticoagulants');
    expect(read('Slo hodet. Faste med: Metformin, Albyl-E.')).toMatchObject({ antiplatelets: true });
    expect(read('Slo hodet. Faste med: Metformin, Eliquis 5 mg x2.')).toMatchObject({ anticoagulants: true });
  });
});
