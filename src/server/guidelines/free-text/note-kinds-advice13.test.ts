// The kinds of wording the advice13 batch (content/guidelines/test-sets/vignettes-new13.json) showed
// misread or unread, each checked strictly: the reading that must happen and the one that must
// not. Notes written fresh here (none is a note of the batch).
import { describe, expect, it } from 'vitest';
import { read } from './note-kinds.testkit.ts';

describe('reader kinds fixed in advice13', () => {
  it('"belastet"/"belasta" (a weight-bearing X-ray) is never read as bearing weight', () => {
    expect(read('Vridd kneet i går, klarer ikke å belaste. Bestiller rtg, gjerne belastet.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Knesmerter. Belastet rtg kne tatt i fjor.')).not.toHaveProperty('unable_to_bear_weight');
    expect(read('Kneet vondt etter fall. Belasta røntgen ønskt.')).not.toHaveProperty('unable_to_bear_weight');
    // the patient bearing weight is still read
    expect(read('Slag mot kneet, belaster fint.')).toMatchObject({ unable_to_bear_weight: false });
  });

  it("an exam's date is not the symptom duration; the complaint's own duration is", () => {
    expect(read('Røntgen hofte for 2 mnd siden: artrose.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Lumbago i 10 dager. MR LS for 3 år siden ua.')).toMatchObject({ symptom_duration_weeks: 1.43 });
    expect(read('Ryggsmerter siden sommeren. CT for 2 uker siden: ua.').symptom_duration_weeks).toBeGreaterThan(12);
    expect(read('Smertene startet for 8 uker siden.')).toMatchObject({ symptom_duration_weeks: 8 });
  });

  it('how long morning stiffness lasts is not how long the complaint has lasted', () => {
    expect(read('Morgenstivhet over 2 timer.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Seteplager i 6 mnd, morgenstivhet 1 t.').symptom_duration_weeks).toBeGreaterThan(25);
    expect(read('Slo hodet for 3 timer siden.')).toMatchObject({ symptom_duration_weeks: 0.02 });
  });

  it('"fra <date|month|season>" and "varighet <n> år" are durations; "fra" before a distance is not', () => {
    expect(read('Smerter fra 15.10.')).toMatchObject({ symptom_duration_weeks: 6.57 });
    expect(read('Plager fra september.').symptom_duration_weeks).toBeGreaterThan(12);
    expect(read('Falt fra 2 m høyde.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Rtg fra oktober viste artrose.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Knesmerter; varighet 2 år')).toMatchObject({ symptom_duration_weeks: 104.36 });
  });

  it('English "no" in a mostly Norwegian note negates before an English word, not nynorsk "no" (= now)', () => {
    expect(read('Slo hodet i går. No LOC. Ikke oppkast.')).toMatchObject({ loss_of_consciousness: false });
    expect(read('Ryggsmerter i 2 uker. No red flags.')).toMatchObject({ red_flags: false });
    expect(read('Ho har no vondt i kneet og no er kneet hovent.', 'kne')).toMatchObject({ knee_effusion: true });
    expect(read('Var bevisstlaus, GCS 15 no.')).toMatchObject({ loss_of_consciousness: true, gcs: 15 });
  });

  it('short clinical English notes count as English ("No periorbital swelling", "no patellar or fibular head tenderness")', () => {
    expect(read('Sinusitis sx x 10/7, facial pain. No periorbital swelling, no visual sx.', 'bihuler')).toMatchObject({
      sinusitis_complication: false,
      symptom_duration_weeks: 1.43,
    });
    expect(read('Twisted knee yesterday. Able to weight bear, flexes to 120, no patellar or fibular head tenderness.')).toMatchObject({
      patella_tenderness: false,
      fibular_head_tenderness: false,
      knee_flexion_limited: false,
    });
    expect(read('Fell on knee. Tenderness over the patella, flexes to 60.')).toMatchObject({ patella_tenderness: true, knee_flexion_limited: true });
  });

  it('findings told as earlier history do not count now; lasting facts (cancer, X-ray) still do', () => {
    expect(read('Aktuelt: Slo hodet i dag, GCS 15.\nTidligere: Hjernerystelse med bevissthetstap og oppkast.')).toMatchObject({
      gcs: 15,
    });
    expect(read('Aktuelt: Slo hodet i dag, GCS 15.\nTidligere: Hjernerystelse med bevissthetstap og oppkast.')).not.toHaveProperty('loss_of_consciousness');
    expect(read('Tidligere:\nkneskade med hydrops\nbrystkreft\n\nAktuelt: gradvis knesmerter.')).toMatchObject({ cancer_history: true, gradual_onset: true });
    expect(read('Tidligere:\nkneskade med hydrops\nbrystkreft\n\nAktuelt: gradvis knesmerter.')).not.toHaveProperty('knee_effusion');
    expect(read('MR kne 2019 viste låsninger og hydrops. Nå gradvis smerter.')).not.toHaveProperty('knee_locking');
    // the present episode after the history sentence, and a year as the onset, are read
    expect(read('Tidligere: astma. Slo hodet i dag og kastet opp.')).toMatchObject({ vomiting: true });
    expect(read('Isjias siden 2024 med utstråling til foten.')).toMatchObject({ radiating_pain: true });
    expect(read('Tidl. brystkreft 2017. Nattesmerter.')).toMatchObject({ cancer_history: true, night_pain: true });
  });

  it('English vocabulary: neuro intact, new-onset headache, failed <duration> physio, no prior imaging; Norwegian re-operation', () => {
    expect(read('Neck pain, neuro intact.')).toMatchObject({ neuro_deficit: false });
    expect(read('New-onset headache for 3 weeks.')).toMatchObject({ headache_pattern_change: true });
    expect(read('Failed 8/52 physio.')).toMatchObject({ physiotherapy_failed: true });
    expect(read('Knee pain, no prior imaging.')).toMatchObject({ prior_xray: false });
    expect(read('Nevrokirurg vurderer reoperasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Ikke aktuell for reoperasjon.')).toMatchObject({ surgery_considered: false });
  });

  it('"Faste medisiner: ingen", "CRP <5", a size before an English cyst', () => {
    expect(read('Slo hodet.\nFaste medisiner: ingen.')).toMatchObject({ anticoagulants: false, antiplatelets: false });
    expect(read('Faste medisiner: Albyl-E.')).toMatchObject({ antiplatelets: true });
    expect(read('CRP <5, SR 4.')).toMatchObject({ crp_raised: false });
    // (advice17: a bare value far above every laboratory's upper limit is raised)
    expect(read('CRP 45.')).toMatchObject({ crp_raised: true });
    expect(read('Incidental 1.5 cm simple left ovarian cyst.')).toMatchObject({ ovarian_cyst_cm: 1.5, cyst_simple: true });
  });
});
