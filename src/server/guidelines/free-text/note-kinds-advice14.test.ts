// The kinds of wording the advice14 batch (content/guidelines/test-sets/vignettes-new14.json) showed
// misread or unread, each checked strictly: the reading that must happen and the one that must
// not (a positive and a negated or blocked reading per new lexicon entry). Notes written fresh here
// (none is a note of the batch).
import { describe, expect, it } from 'vitest';
import { read } from './note-kinds.testkit.ts';

describe('reader kinds fixed in advice14', () => {
  it('"÷" after a finding is a minus; "÷" opening a clause negates what follows; "+" stays positive', () => {
    expect(read('Kneet vridd på ski. Hydrops ÷, låsninger ÷, instabilitet +.')).toMatchObject({
      knee_effusion: false,
      knee_locking: false,
      knee_instability: true,
    });
    expect(read('Ryggsmerter 3 uker. ÷ feber, ÷ vekttap, ÷ nattesmerter.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    expect(read('Lasègue ÷ bilat. Parese ÷')).toMatchObject({ radiating_pain: false, neuro_deficit: false });
    expect(read('Feber: ÷. Vekttap: ja.')).toMatchObject({ fever: false, weight_loss: true });
    // without "÷" the findings are present; "÷" after one finding does not reach the next clause
    expect(read('Kneet vridd. Hydrops, låsninger.')).toMatchObject({ knee_effusion: true, knee_locking: true });
    expect(read('Hydrops ÷, låsninger i kneet.')).toMatchObject({ knee_effusion: false, knee_locking: true });
    expect(read('Kneskade. Hydrops ÷ låsning +')).toMatchObject({ knee_effusion: false, knee_locking: true });
  });

  it('"+" after a test is positive ("Lasègue +", "Lachman +"); "+" between items names nothing by itself', () => {
    expect(read('Isjias ve. Lasègue + ve side.')).toMatchObject({ radiating_pain: true });
    expect(read('Kneskade. Lachman +, hydrops +.')).toMatchObject({ knee_instability: true, knee_effusion: true });
    expect(read('Kneskade. Lachman pos.')).toMatchObject({ knee_instability: true });
    expect(read('Kneskade. Lachman ÷, hydrops ÷.')).toMatchObject({ knee_effusion: false });
    expect(read('Kneskade. Lachman ÷, hydrops ÷.')).not.toHaveProperty('knee_instability');
    expect(read('Ryggsmerter. Lasègue ÷.')).toMatchObject({ radiating_pain: false });
    expect(read('Fysio + øvelser i 8 uker.')).not.toHaveProperty('radiating_pain');
    expect(read('CRP 5+.')).toEqual({});
  });

  it('English "XR"/"X-ray"/"radiographs" bind the findings after them; "accounts for" explains', () => {
    // (an explaining or not explaining X-ray implies one was taken: the fact catalogue derives prior_xray)
    expect(read('XR R knee 2025: tricompartmental OA, which accounts for his pain.')).toMatchObject({ xray_explains_symptoms: true });
    expect(read('Radiographs 10/2026: osteophytes and joint space narrowing.')).toMatchObject({ xray_explains_symptoms: true });
    expect(read('X-ray hip 9/2026 normal, does not account for her pain.')).toMatchObject({ xray_explains_symptoms: false });
    expect(read('XR knee 2025: no OA, no fracture.')).toMatchObject({ xray_explains_symptoms: false });
    expect(read('XR shows normal alignment.')).toMatchObject({ prior_xray: true });
    expect(read('Knee X-rays show tricompartmental OA.')).toMatchObject({ xray_explains_symptoms: true });
    expect(read('Plain films 2024: no fracture.')).toMatchObject({ xray_explains_symptoms: false });
    // a finding with no X-ray named is not an X-ray finding
    expect(read('Known OA of the knee, worse lately.')).not.toHaveProperty('xray_explains_symptoms');
  });

  it('nynorsk: "framme i kneet", "rusa", "raudme rundt auget"', () => {
    expect(read('Vondt framme i kneet i trapper.')).toMatchObject({ anterior_knee_pain: true });
    expect(read('Ikkje vondt framme i kneet, men på innsida.')).toMatchObject({ anterior_knee_pain: false });
    expect(read('Smerter fremst i kneet og anteriort i kneet ved knebøy.')).toMatchObject({ anterior_knee_pain: true });
    expect(read('Datt på byen, tydeleg rusa.')).toMatchObject({ intoxication: true });
    expect(read('Datt av sykkelen, ikkje rusa.')).toMatchObject({ intoxication: false });
    expect(read('Bihulebetennelse med raudme rundt auget.')).toMatchObject({ sinusitis_complication: true });
    expect(read('Bihulebetennelse, raud og hoven rundt venstre auge.')).toMatchObject({ sinusitis_complication: true });
    expect(read('Bihulebetennelse. Inga raudme rundt auget.')).toMatchObject({ sinusitis_complication: false });
  });

  it('"Kraft og refl. ua" and "nevrologisk ellers ua" are no deficit, but never erase one named before them', () => {
    expect(read('Isjias hø. Kraft og refl. ua.')).toMatchObject({ radiating_pain: true, neuro_deficit: false });
    expect(read('Reflekser og kraft normale.')).toMatchObject({ neuro_deficit: false });
    expect(read('Slo hodet, GCS 15. Nevrologisk ellers ua.')).toMatchObject({ neuro_deficit: false });
    expect(read('Nevr. us. elles normal.')).toMatchObject({ neuro_deficit: false });
    expect(read('Nevrologisk status for øvrig ua.')).toMatchObject({ neuro_deficit: false });
    expect(read('Sens. og kraft ua.')).toMatchObject({ neuro_deficit: false });
    expect(read('Parese. Sens og kraft ua')).toMatchObject({ neuro_deficit: true });
    expect(read('Parese i hø fot. Nevrologisk ellers ua.')).toMatchObject({ neuro_deficit: true });
    expect(read('Droppfot ve. Kraft og refl. ua.')).toMatchObject({ neuro_deficit: true });
    expect(read('Kraft og refl. ikke undersøkt.')).not.toHaveProperty('neuro_deficit');
    // the earlier normal summaries are residual too: "nevr. us. ua" or "neuro intact" after a named deficit
    expect(read('Parese hø fot. Nevr. us. ua.')).toMatchObject({ neuro_deficit: true });
    expect(read('Left foot drop. Otherwise neuro intact.')).toMatchObject({ neuro_deficit: true });
    expect(read('Nevr. us. ua.')).toMatchObject({ neuro_deficit: false });
    // "refl." does not end the sentence before a lower-case word; a capital after it does
    expect(read('Kraft og refl. ua. Ingen parese.')).toMatchObject({ neuro_deficit: false });
  });

  it('"Jobe svak" is shoulder weakness; "Jobe smertefull" or "ikke svak" is not', () => {
    expect(read('Skuldersmerter. Jobe svak hø.')).toMatchObject({ shoulder_weakness: true });
    expect(read('Skulder: svak ved Jobes test.')).toMatchObject({ shoulder_weakness: true });
    expect(read('Skuldersmerter. Jobe smertefull.')).not.toHaveProperty('shoulder_weakness');
    expect(read('Skuldersmerter. Jobe ikke svak.')).not.toHaveProperty('shoulder_weakness');
  });

  it('a count of treatments is conservative treatment tried; "ingen bedring" after a named treatment is a failed one', () => {
    expect(read('Behandlet 8 ganger hos meg + hjemmeøvelser, ingen bedring.')).toMatchObject({
      conservative_treatment_tried: true,
      physiotherapy_failed: true,
    });
    expect(read('Behandla 6 gonger hos kiropraktor.')).toMatchObject({ conservative_treatment_tried: true });
    expect(read('Heimeøvingar i 8 veker, inga betring.')).toMatchObject({ physiotherapy_failed: true });
    // no treatment named: "ingen bedring" is not a failed treatment; a planned one has not failed
    expect(read('Ryggsmerter i 8 uker, ingen bedring.')).not.toHaveProperty('physiotherapy_failed');
    expect(read('Henvist til fysioterapi, ingen bedring så langt.')).not.toHaveProperty('physiotherapy_failed');
  });

  it('"annerledes/annleis enn" the usual headache is a changed pattern; "ikke annerledes enn før" is not', () => {
    expect(read('Hodepine siste 6 uker, helt annerledes enn migrenen hennes.')).toMatchObject({ headache_pattern_change: true });
    expect(read('Hovudverk, annleis enn før.')).toMatchObject({ headache_pattern_change: true });
    expect(read('Hodepine, ikke annerledes enn før.')).toMatchObject({ headache_pattern_change: false });
    // unlike the usual headache, with the negation inside the finding (was read as no headache)
    expect(read('Hodepine, ikke som vanlig migrene.')).toMatchObject({ headache: true, headache_pattern_change: true });
    expect(read('Hovudverk som ikkje liknar den vanlege migrenen.')).toMatchObject({ headache: true, headache_pattern_change: true });
    expect(read('Hodepinen er ulik tidligere.')).toMatchObject({ headache_pattern_change: true });
    expect(read('Hodepinen er ikke ulik tidligere.')).toMatchObject({ headache_pattern_change: false });
  });

  it('recurrent sinusitis as a count of episodes in a year (EPOS 2020: ≥ 4)', () => {
    expect(read('Bihulebetennelse, fjerde episode i år.')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Sinusitt for femte gang siste år.')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Bihulebetennelse, fire episodar i året.')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Bihulebetennelse, ikke fjerde episode i år, første gang.')).toMatchObject({ recurrent_sinusitis: false });
    // not in a note about something else; a fourth visit is not a fourth episode
    expect(read('Knesmerter, fjerde episode i år.')).not.toHaveProperty('recurrent_sinusitis');
    expect(read('Bihulebetennelse, fjerde konsultasjon.')).not.toHaveProperty('recurrent_sinusitis');
  });
});
