// The reader kinds adv24's batch (content/guidelines/test-sets/vignettes-new24.json, ids G24…)
// found at first contact (74/80, none unscored, none wrong, 6 over-asked) and the probe notes of
// the same kinds written after it (two of them of the opposite class: a slash list whose denial
// came after an abbreviation's dot, and English "no" read as nynorsk "now"), each pinned with
// short notes written fresh here: the reading that must happen, and a wording of the same kind
// that must NOT trigger it. The advice class is checked where the kind changed it.
import { describe, expect, it } from 'vitest';
import { rating, read } from './note-kinds.testkit.ts';

describe('reader kinds fixed in adv24', () => {
  it('a slash list denied after a label\'s colon and "neg." closes before the next sentence: "Feber/vekttap/nattesmerter/tidl kreft: neg. Nevro ua."', () => {
    expect(read('Ryggsmerter. Feber/vekttap/nattesmerter/tidl kreft: neg. Nevro ua.')).toMatchObject({
      fever: false,
      weight_loss: false,
      night_pain: false,
      cancer_history: false,
      neuro_deficit: false,
    });
    expect(read('Feber/vekttap/nattesmerter/kjent kreft – neg. Ønsker MR.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    expect(read('Rygg. Vekttap/nattesvette/tidligere cancer: neg. Pas bekymret.')).toMatchObject({ weight_loss: false, cancer_history: false });
    expect(rating('SNA0GG', 40, 'Ryggsmerter ca 2-3 uker etter løft. Feber/vekttap/nattesmerter/tidl kreft: neg. Nevro ua.', 'L03')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: a finding in the next sentence stays read, and "neg. for X" still negates X
    expect(read('Tidl kreft: neg. Vekttap 5 kg siste mnd.')).toMatchObject({ cancer_history: false, weight_loss: true });
    expect(read('Ryggsmerter. Feber: neg. Nattesmerter.')).toMatchObject({ fever: false, night_pain: true });
  });

  it('English "no" in a short CDS note with few function words: "no orbital or neuro signs", "No diplopia"', () => {
    expect(read('Maxillary sinusitis sx 10 d, no orbital or neuro signs. Wants CT.')).toMatchObject({ sinusitis_complication: false });
    expect(read('Sinusitis. No diplopia.')).toMatchObject({ sinusitis_complication: false });
    expect(read('Sinusitis 2 wks, no complications.')).toMatchObject({ sinusitis_complication: false });
    expect(read('Sinusitt. Ingen orbitale eller nevrologiske tegn.')).toMatchObject({ sinusitis_complication: false });
    expect(rating('SDX0AD', 39, 'Frontal sinusitis sx 2 wks, no orbital or neuro signs. Wants CT.', 'R75', 'F')).toBe('usually_not_appropriate');
    // must not trigger: nynorsk "no" (now) stays "now", and a complication stated stays stated
    expect(read('Bihulebetennelse. Ho har no orbital hevelse.')).toMatchObject({ sinusitis_complication: true });
    expect(read('Sinusitis 5 days, now diplopia.')).toMatchObject({ sinusitis_complication: true });
    expect(read('Sinusitt, no dobbeltsyn sidan i går.')).toMatchObject({ sinusitis_complication: true });
  });

  it('English "no" before other findings a short note denies: "No giving way", "No emesis", "No eye symptoms"', () => {
    expect(read('Knee. No giving way.')).toMatchObject({ knee_instability: false });
    expect(read('Head injury. No LOC. No emesis.')).toMatchObject({ loss_of_consciousness: false, vomiting: false });
    expect(read('Sinusitis 10 d. No eye symptoms.')).toMatchObject({ sinusitis_complication: false });
    expect(rating('SNG0AG', 28, 'Knee twist playing football. No effusion. No locking. No giving way.', 'L96')).toBe('usually_not_appropriate');
    // must not trigger: stated findings stay stated, nynorsk "no" (now) stays "now"
    expect(read('Knee. Giving way on stairs.')).toMatchObject({ knee_instability: true });
    expect(read('Head injury. Emesis x3.')).toMatchObject({ vomiting: true });
    expect(read('Kneet gir etter. Ho har no instabilitet.')).toMatchObject({ knee_instability: true });
  });

  it('English "no" before a red flag or a drug in a two-word note: "No urinary retention", "No skull fracture signs", "No warfarin"', () => {
    expect(read('Back. No urinary retention.')).toMatchObject({ cauda_equina: false });
    expect(read('Head. No skull fracture signs.')).toMatchObject({ skull_fracture_signs: false });
    expect(read('Head. No warfarin.')).toMatchObject({ anticoagulants: false });
    expect(read('Head. No DOAC.')).toMatchObject({ anticoagulants: false });
    expect(rating('SNA0GG', 40, 'LBP 3/52. No urinary retention. No fever. No weight loss.', 'L03')).toBe('usually_not_appropriate');
    // must not trigger: the findings stated, or a drug after nynorsk "no" (now) in a Norwegian note
    expect(read('Back. Urinary retention.')).toMatchObject({ cauda_equina: true });
    expect(read('Slo hovudet. Ho brukar no warfarin.')).toMatchObject({ anticoagulants: true });
    expect(read('Slo hovudet. Brukar no Marevan.')).toMatchObject({ anticoagulants: true });
  });

  it('"No" beginning a sentence before a drug denies it even without another English word: "Fall. No warfarin." (lead, after adv24)', () => {
    expect(read('Fall. No warfarin.')).toMatchObject({ anticoagulants: false });
    expect(read('Falt i trappa, slo hovudet. No DOAC.')).toMatchObject({ anticoagulants: false });
    expect(read('Fall. No Marevan.')).toMatchObject({ anticoagulants: false });
    expect(read('Slo hovudet. No Albyl-E.')).toMatchObject({ antiplatelets: false });
    expect(read('Fall. No Plavix or Eliquis.')).toMatchObject({ antiplatelets: false, anticoagulants: false });
    // must not trigger: nynorsk "no" (now) after its verb or a comma, or "No:" opening the present episode
    expect(read('Slo hovudet. Brukar no Albyl-E.')).toMatchObject({ antiplatelets: true });
    expect(read('Slo hovudet i går, no Marevan.')).toMatchObject({ anticoagulants: true });
    expect(read('Falt. No: warfarin 5 mg.')).toMatchObject({ anticoagulants: true });
  });

  it('a finding that implies a fact one way only: "ingen polypper" does not deny recurrent sinusitis', () => {
    expect(read('Bihulebetennelse 5 ganger siste år. Ingen polypper.')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Sinusitt. Ikke nesepolypper.')).not.toHaveProperty('recurrent_sinusitis');
    expect(read('Bihulebetennelse 4 mnd, ingen polypose.')).not.toHaveProperty('recurrent_sinusitis');
    expect(rating('SDX0AD', 54, 'Bihulebetennelse 4-5 ganger siste år, behandlet med antibiotika hver gang. Ingen polypper. Ønsker CT.', 'R75')).toBe(
      'may_be_appropriate',
    );
    // must not trigger: polyps stated are still chronic rhinosinusitis (EPOS 2020)
    expect(read('Bihulebetennelse, nesepolypper ved us.')).toMatchObject({ recurrent_sinusitis: true });
  });

  it('a denied dislocation, sprain or whiplash keeps an injury told before it: "Falt. Ikke luksert.", "Fell. No dislocation."', () => {
    expect(read('Vond skulder etter fall i går. Ikke luksert.')).toMatchObject({ trauma: true });
    expect(read('Fell on the shoulder yesterday. No dislocation.')).toMatchObject({ trauma: true });
    expect(read('Datt på sykkel i går. Ingen nakkesleng.')).toMatchObject({ trauma: true, whiplash: false });
    expect(read('Slo kneet i trappa. Ikke forstuet.')).toMatchObject({ trauma: true });
    expect(rating('SNB0BA', 48, 'Vond skulder etter fall på isen i går. Ikke luksert. Nedsatt bevegelighet.', 'L92', 'F')).toBe('appropriate');
    // must not trigger: alone, the denial still names no injury (advice15)
    expect(read('Ikke luksert.')).toMatchObject({ trauma: false });
    expect(read('Nakkesmerter 3 mnd, ingen nakkesleng.')).toMatchObject({ trauma: false });
  });

  it('a sprain is an injury: "knee sprain", "forstuet kneet", "forstuing"', () => {
    expect(read('Knee sprain playing football last week.')).toMatchObject({ trauma: true });
    expect(read('Forstuet kneet på trening i går.')).toMatchObject({ trauma: true });
    expect(read('Forstuing av kneet for 5 dagar sidan.')).toMatchObject({ trauma: true });
    expect(rating('SNG0AG', 27, 'Knee sprain playing football last week. Effusion/locking/instability: none. Weight bearing fine. Req MRI.', 'L96')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: no injury word
    expect(read('Knee pain, gradual onset.')).not.toHaveProperty('trauma', true);
  });

  it('weight bearing told as fine: "weight bearing ok/fine", "weightbearing normal"', () => {
    expect(read('Twisted knee. Weight bearing ok.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Knee injury, weight bearing fine.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Knee: weightbearing normal.')).toMatchObject({ unable_to_bear_weight: false });
    expect(
      rating('SNG0AA', 25, 'Twisted knee skiing yesterday. Weight bearing ok, no patellar or fibular head tenderness, flexion >90 degrees.', 'L96', 'F'),
    ).toBe('usually_not_appropriate');
    // must not trigger: weight bearing not possible stays unable
    expect(read('Knee injury. Unable to bear weight.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Knee injury. Walks only with crutches.')).toMatchObject({ unable_to_bear_weight: true });
  });

  it('a clause closed by a normal verdict after a negated item is read on its own: "Inga utstråling, kraft og sensibilitet normal"', () => {
    expect(read('Nakkesleng. Inga utstråling, kraft og sensibilitet normal.')).toMatchObject({ radiating_pain: false, neuro_deficit: false });
    expect(read('Nakke. Ingen utstråling, kraft og reflekser normale.')).toMatchObject({ radiating_pain: false, neuro_deficit: false });
    expect(rating('SNA0AG', 30, 'Påkøyrd bakfrå for to veker sidan, nakkesleng. Inga utstråling, kraft og sensibilitet intakt. Ønskjer MR.', 'L83', 'F')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: a negated list closed by "eller" stays denied, an item without a verdict is no normal finding
    expect(read('Ingen feber, vekttap eller nattesmerter.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    expect(read('Ingen utstråling, parese hø fot.')).toMatchObject({ radiating_pain: false, neuro_deficit: true });
  });

  it('"B-symptomer" denied denies fever and weight loss (Ann Arbor); stated, it names none of them', () => {
    expect(read('Ryggsmerter 3 mnd. B-symptomer: neg.')).toMatchObject({ fever: false, weight_loss: false });
    expect(read('Ryggsmerter. Ingen B-symptomer.')).toMatchObject({ fever: false, weight_loss: false });
    expect(read('Neck pain. No B symptoms.')).toMatchObject({ fever: false, weight_loss: false });
    // must not trigger: B symptoms stated do not say which
    expect(read('Ryggsmerter. B-symptomer.')).not.toHaveProperty('fever');
    expect(read('Ryggsmerter, spm B-symptomer?')).not.toHaveProperty('weight_loss');
  });

  it('dictation commands "ny linje", "nytt avsnitt" end a sentence: a negation does not run on into the next line', () => {
    expect(read('ryggsmerter i 2 mnd komma ingen feber ny linje nattesmerter')).toMatchObject({ fever: false, night_pain: true });
    expect(read('ryggsmerter i 3 mnd punktum ikke vekttap nytt avsnitt kjent prostatakreft')).toMatchObject({ weight_loss: false, cancer_history: true });
    expect(rating('SNA0GG', 45, 'ryggsmerter i 3 mnd komma ingen feber komma ingen vekttap ny linje nattesmerter ny linje ønsker MR', 'L03')).toBe(
      'appropriate',
    );
    // must not trigger: "linje" in other words is no command
    expect(read('Ryggsmerter. Ingen feber. Første linje behandling forsøkt.')).toMatchObject({ fever: false });
  });

  it('"og" written for "å" after an ability verb and its negation: "klarer ikke og løfte armen"', () => {
    expect(read('Skulder. Klarer ikke og løfte armen.')).toMatchObject({ shoulder_weakness: true });
    expect(read('Skuldersmerter. Klarar ikkje og løfte armen over hovudet.')).toMatchObject({ shoulder_weakness: true });
    expect(rating('SNB0BK', 67, 'Skuldersmerter hø siden i sommer. Klarer ikke og løfte armen over hodet.', 'L92', 'F')).toBe('appropriate');
    // must not trigger: "og" as a conjunction stays one
    expect(read('Skulder. Klarer ikke, og vondt om natta.')).not.toHaveProperty('shoulder_weakness', true);
  });

  it('"sist uke", "forrige uke", "fra sist uke" after a complaint or an injury date it (1–2 weeks)', () => {
    expect(read('Vondt i ryggen sist uke.')).toMatchObject({ symptom_duration_weeks: 2 });
    expect(read('Lumbago fra sist uke.')).toMatchObject({ symptom_duration_weeks: 2 });
    expect(read('Vond rygg sist veke.')).toMatchObject({ symptom_duration_weeks: 2 });
    expect(read('Nakkesleng etter påkjørsel bakfra forrige uke.')).toMatchObject({ symptom_duration_weeks: 2 });
    expect(rating('SNA0GG', 38, 'Vondt i ryggen sist uke etter løft. Ingen utstråling. Feber/vekttap: neg.', 'L03')).toBe('usually_not_appropriate');
    // must not trigger: an exam or a visit last week, or a longer duration told
    expect(read('Ryggsmerter. MR sist uke.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Var hos fysio sist uke.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Ryggsmerter i 3 mnd, verre sist uke.')).toMatchObject({ symptom_duration_weeks: 13.04 });
  });

  it('"Bev.tap: nei", "bev. tap 1 min": the abbreviated loss of consciousness', () => {
    expect(read('Slo hodet. GCS 15. Bev.tap: nei.')).toMatchObject({ loss_of_consciousness: false });
    expect(read('Slo hodet. Bev. tap ca 1 min.')).toMatchObject({ loss_of_consciousness: true });
    expect(read('Slo hodet, ikke bev.tap.')).toMatchObject({ loss_of_consciousness: false });
    expect(rating('SAA0AD', 35, 'Slo hodet i går. GCS 15. Bev.tap: nei. Oppkast: nei. Blodfortynnende: nei.', 'N80')).toBe('usually_not_appropriate');
    // must not trigger: "bev." for "bevart" is no loss of consciousness
    expect(read('Skulder. Kraft bev. Ingen traume.')).not.toHaveProperty('loss_of_consciousness');
  });

  it('a single vomit written with a count: "kastet opp x1", "oppkast 1x" (Undén 2013: repeated = at least two)', () => {
    expect(read('Hodeskade. Kastet opp x1.')).toMatchObject({ vomiting: false });
    expect(read('Hodeskade. Oppkast 1x.')).toMatchObject({ vomiting: false });
    expect(read('Head injury. Vomited x 1.')).toMatchObject({ vomiting: false });
    expect(rating('SAA0AD', 35, 'Hodeskade i dag. GCS 15. Kastet opp x1. Ikke bevisstløs. Ingen medisiner.', 'N80')).toBe('usually_not_appropriate');
    // must not trigger: two or more
    expect(read('Hodeskade. Kastet opp x2.')).toMatchObject({ vomiting: true });
    expect(read('Hodeskade. Oppkast 3x.')).toMatchObject({ vomiting: true });
  });

  it('English Ottawa items and red flags without a preposition: "unable to weight bear", "tender patella", "wt loss"', () => {
    expect(read('Knee injury today, unable to weight bear.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Knee injury, tender patella.')).toMatchObject({ patella_tenderness: true });
    expect(read('Knee injury, patella tender.')).toMatchObject({ patella_tenderness: true });
    expect(read('LBP. No fever/wt loss/night pain.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    expect(rating('SNG0AA', 30, 'Knee injury today, unable to weight bear, tender patella.', 'L96')).toBe('appropriate');
    // must not trigger: denied, or another word between
    expect(read('Knee injury. No tender patella.')).toMatchObject({ patella_tenderness: false });
    // ("patella tenderness" had been read through the typo match to "patellar": kept when "patella" became a known word)
    expect(read('Twisted knee. No patella tenderness.', 'kne')).toMatchObject({ patella_tenderness: false });
    expect(read('Knee injury. Able to weight bear.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Back pain. Wt 80 kg.')).not.toHaveProperty('weight_loss');
  });

  it('an operation considered written "ifht", "mht.", "med tanke på"', () => {
    expect(read('Isjias. Henvist ortoped ifht operasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Isjias. Ønsker MR med tanke på operasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Prolaps. Vurdering mht. kirurgi.')).toMatchObject({ surgery_considered: true });
    expect(rating('SNA0GG', 50, 'Isjias hø ben i 3 mnd. Tross 10 uker fysio ingen bedring. Lasegue pos. Henvist ortoped ifht operasjon.', 'L86', 'F')).toBe(
      'appropriate',
    );
    // must not trigger: an operation ruled out, or "ifht" about something else
    expect(read('Isjias. Ikke aktuelt med tanke på operasjon.')).toMatchObject({ surgery_considered: false });
    expect(read('Ønsker MR ifht videre plan.')).not.toHaveProperty('surgery_considered');
  });
});
