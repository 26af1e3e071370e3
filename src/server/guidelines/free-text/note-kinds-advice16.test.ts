// The kinds of wording the advice16 batch (content/guidelines/test-sets/vignettes-new16.json) showed
// misread or unread, each checked strictly: the reading that must happen and the one that must
// not (positive and negated or blocked readings, bokmål and nynorsk). Notes written fresh here
// (none is a note of the batch).
import { describe, expect, it } from 'vitest';
import { advise } from '../advise.ts';
import { loadGuidelinePack } from '../loader.ts';
import { now, read } from './note-kinds.testkit.ts';

const KNEE = 'MR kne kne';
const SINUS = 'CT bihuler bihuler';
const pack = loadGuidelinePack();
const rating = (examCode: string, age: number, text: string, icpc?: string) =>
  advise(pack, { examCode, patient: { ageYears: age, sex: 'F' }, indication: icpc ? { system: 'ICPC-2', code: icpc } : undefined, facts: {}, text }, { now })
    .advice?.rating;

describe('reader kinds fixed in advice16', () => {
  it('an insertion between commas after "det er ikke", "ønsker ikke", "han har" leaves the negation and verb their object', () => {
    // (opposite class before: the deficit after the insertion was read as present)
    expect(read('Hodepine i 3 mnd. Det er ikke, verken klinisk eller anamnestisk, holdepunkt for nevrologiske utfall.')).toMatchObject({
      neuro_deficit: false,
    });
    expect(read('Det foreligger, etter min vurdering, ingen nevrologiske utfall.')).toMatchObject({ neuro_deficit: false });
    expect(read('Det er ikkje, etter det eg kan sjå, teikn til skallebrot.')).toMatchObject({ skull_fracture_signs: false });
    expect(read('Pas. ønsker ikke, slik det står nå, noen operasjon.')).toMatchObject({ surgery_considered: false });
    expect(read('Ho ønskjer ikkje, slik det er no, nokon operasjon.')).toMatchObject({ surgery_considered: false });
    expect(read('Pasienten har, slik jeg forstår det, ikke hatt feber.')).toMatchObject({ fever: false });
    // the verb before the insertion still names a finding after it
    expect(read('Det er, som tidligere nevnt, utstråling til hø ben.')).toMatchObject({ radiating_pain: true });
    expect(read('Hun har, etter fallet i går, vondt i kneet.')).toMatchObject({ trauma: true });
    // a clause with a content verb is no carrier: "Røyker ikke" negates nothing after its comma
    expect(read('Røyker ikke, feber siste uke, vekttap.')).toMatchObject({ fever: true, weight_loss: true });
    // an insertion that is itself a finding keeps its own reading
    expect(read('Det er ikke, tross feber, nakkestivhet.')).toMatchObject({ fever: true });
  });

  it('"verken/ikke hatt a, b eller c" negates every item, also a last item told as a clause', () => {
    // (opposite class before: "låsingar" read as present after "verken hatt hevelse,")
    expect(read('Vreid kneet. Han har verken hatt hevelse, låsingar eller at kneet sviktar.', KNEE)).toMatchObject({
      knee_effusion: false,
      knee_locking: false,
      knee_instability: false,
    });
    expect(read('Har ikke hatt feber, vekttap eller nattesvette.')).toMatchObject({ fever: false, weight_loss: false });
    expect(read('Ho har ikkje hatt feber, vekttap eller nattesveitte.')).toMatchObject({ fever: false, weight_loss: false });
    // a plain negation closed by "og" stays ambiguous: the items are left out
    expect(read('Ingen feber, hoste og vekttap.')).not.toHaveProperty('weight_loss');
  });

  it('a double negative names the finding: "ikke fritt for hydrops", "ikkje heilt fri for", "ikke uten hevelse"', () => {
    expect(read('Kneskade. Kneet er ikke fritt for hydrops.', KNEE)).toMatchObject({ knee_effusion: true });
    expect(read('Vreid kneet. Ikkje heilt fri for hydrops.', KNEE)).toMatchObject({ knee_effusion: true });
    expect(read('Kneskade. Kneet er ikke uten hevelse.', KNEE)).toMatchObject({ knee_effusion: true });
    // a single negative still denies
    expect(read('Kneskade. Fritt for hydrops.', KNEE)).toMatchObject({ knee_effusion: false });
    expect(read('Kneskade. Uten hydrops.', KNEE)).toMatchObject({ knee_effusion: false });
    expect(rating('SNG0AG', 25, 'Vridd kneet på ski 10.11. Kneet er ikke fritt for hydrops, stabile leddbånd.')).toBe('appropriate');
  });

  it('numbness, paraesthesia and weakness denied are a negative neurological assessment; named, they are left out', () => {
    expect(read('Nakkesleng. Ingen utstråling/nummenhet/kraftsvikt.')).toMatchObject({ radiating_pain: false, neuro_deficit: false });
    expect(read('Ingen parestesier i armene.')).toMatchObject({ neuro_deficit: false });
    expect(read('Ikkje nummenheit eller kraftsvikt.')).toMatchObject({ neuro_deficit: false });
    expect(read('No numbness or weakness.')).toMatchObject({ neuro_deficit: false });
    expect(read('Nummenhet i hø hånd.')).not.toHaveProperty('neuro_deficit');
    expect(read('Parestesier i fingrene.')).not.toHaveProperty('neuro_deficit');
    // a deficit named before the denial stands (residual)
    expect(read('Parese hø fot. Ingen nummenhet.')).toMatchObject({ neuro_deficit: true });
    // "ingen bedring av nummenheten" is no denial
    expect(read('Ingen bedring av nummenheten.')).not.toHaveProperty('neuro_deficit');
    // Canadian C-spine rule: "ingen parestesier" completes the low-risk picture
    expect(rating('SNA0AD', 34, 'Påkjørt bakfra i lav fart. Ingen ømhet i midtlinjen, ingen parestesier. GCS 15, edru.')).toBe('usually_not_appropriate');
  });

  it('nynorsk weakness: "nedsett kraft i høgre hand"', () => {
    expect(read('Hovudverk. Nedsett kraft i høgre hand.')).toMatchObject({ neuro_deficit: true });
    expect(read('Nedsatt kraft i venstre hånda.')).toMatchObject({ neuro_deficit: true });
    expect(read('Ikkje nedsett kraft i høgre hand.')).toMatchObject({ neuro_deficit: false });
  });

  it('cauda equina: numbness around the anus, "får ikke tisset"', () => {
    expect(read('Nummen rundt endetarmsåpningen.')).toMatchObject({ cauda_equina: true });
    expect(read('Ingen nummenhet rundt anus.')).toMatchObject({ cauda_equina: false });
    expect(read('Isjias. Får ikke tisset skikkelig.')).toMatchObject({ cauda_equina: true });
    expect(read('Isjias. Klarar ikkje å late vatnet.')).toMatchObject({ cauda_equina: true });
    expect(read('Isjias. Tisser normalt.')).not.toMatchObject({ cauda_equina: true });
  });

  it('a named operation after "vurderer": "avstivningsoperasjon", "prolapsoperasjon"', () => {
    expect(read('Ortoped vurderer avstivningsoperasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Vurderes for prolapsoperasjon.')).toMatchObject({ surgery_considered: true });
    expect(read('Ikke vurdert for prolapsoperasjon.')).toMatchObject({ surgery_considered: false });
    // an operation in the history is no operation considered
    expect(read('Tidl. prolapsoperasjon 2019.')).not.toHaveProperty('surgery_considered');
  });

  it('word forms: "vridde", "kneet svikter/sviktar"', () => {
    expect(read('Vridde kneet på fotball.')).toMatchObject({ trauma: true });
    expect(read('Kneet svikter i trapper.', KNEE)).toMatchObject({ knee_instability: true });
    expect(read('Kneet sviktar ikkje.', KNEE)).toMatchObject({ knee_instability: false });
    expect(read('Ikke vridd, gradvis debut.')).toMatchObject({ trauma: false });
    expect(read('Vreid kneet. «Kneet har aldri låst seg».', KNEE)).toMatchObject({ knee_locking: false });
    expect(read('Vreid kneet. Det har låst seg to gonger.', KNEE)).toMatchObject({ knee_locking: true });
  });

  it('durations: "14 dgr", "for ca 3 uker siden", "3 u.", "x 8 wks", "siden fredag"', () => {
    expect(read('Vond brystrygg ca 14 dgr.')).toMatchObject({ symptom_duration_weeks: 2 });
    expect(read('Startet for ca 3 uker siden.')).toMatchObject({ symptom_duration_weeks: 3 });
    expect(read('Byrja for omtrent 2 veker sidan.')).toMatchObject({ symptom_duration_weeks: 2 });
    expect(read('Nakkesmerter for 3 u. siden.')).toMatchObject({ symptom_duration_weeks: 3 });
    expect(read('Neck pain x 8 wks.')).toMatchObject({ symptom_duration_weeks: 8 });
    expect((read('Nakkesperre siden fredag.').symptom_duration_weeks as number) * 7).toBeCloseTo(3, 1);
    expect((read('Vondt sidan måndag.').symptom_duration_weeks as number) * 7).toBeCloseTo(7, 1); // today is Monday
    // not a duration: an appointment, a menopause dated in the past
    expect(read('Kontroll om 3 u.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Menopause for 10 år siden.')).not.toHaveProperty('symptom_duration_weeks');
  });

  it('ordinals: "5. sinusitt-episode i år", "for 4. gang i år"; a small number before a dot still ends a sentence elsewhere', () => {
    expect(read('5. sinusitt-episode i år.', SINUS)).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Bihulebetennelse for 4. gang i år.', SINUS)).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Bihulebetennelse, 2. episode i år.', SINUS)).not.toHaveProperty('recurrent_sinusitis');
    expect(read('GCS 15. Ikke bevisstløs.')).toMatchObject({ gcs: 15, loss_of_consciousness: false });
  });

  it('English "no other red flags" is a negation in a mixed note', () => {
    // (read as red flags present before: an opposite-class risk for acute back pain)
    expect(read('Neck pain. Ikke bedre med fysio. No other red flags.')).toMatchObject({ red_flags: false });
    expect(read('Lumbago 2 uker. No further neurology, no other red flags.')).toMatchObject({ red_flags: false });
    expect(read('Ryggsmerter. Red flags: vekttap.')).toMatchObject({ red_flags: true });
  });

  it('organ before "ca": "prostata-ca", "colon-ca"; "ca 3 cm" stays circa', () => {
    expect(read('Hx: prostata-ca 2018.')).toMatchObject({ cancer_history: true });
    expect(read('Tidl. colon-ca.')).toMatchObject({ cancer_history: true });
    expect(read('Ikke prostata-ca.')).toMatchObject({ cancer_history: false });
    expect(read('Forstørret prostata ca 60 ml.')).not.toHaveProperty('cancer_history');
  });

  it('night pain "verre nattestid"; a new headache "aldri hatt hodepine før"; menopause "for lenge siden"', () => {
    expect(read('Ryggsmerter, verre nattestid.')).toMatchObject({ night_pain: true });
    expect(read('Ryggsmerter, ikke verre nattestid.')).toMatchObject({ night_pain: false });
    expect(read('Hovudverk, aldri hatt hovudverk før.')).toMatchObject({ headache: true, headache_pattern_change: true });
    expect(read('Hodepine, har hatt hodepine før.')).not.toMatchObject({ headache_pattern_change: true });
    expect(read('Overgangsalder for lenge siden.')).toMatchObject({ postmenopausal: true });
    expect(read('Menopause for 8 år sidan.')).toMatchObject({ postmenopausal: true });
  });

  it('a comma list a clause opens with "ingen"/"ikke" (or "Ingen:") denies its short items', () => {
    // (found while probing: the items after the first were read as present, an opposite-class risk)
    expect(read('Ingen feber, vekttap, nattesmerter.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    expect(read('Pas. har ingen feber, vekttap, nattesmerter.')).toMatchObject({ weight_loss: false, night_pain: false });
    expect(read('Ikkje feber, vekttap, nattesmerter, men utstråling til høgre bein.')).toMatchObject({
      night_pain: false,
      radiating_pain: true,
    });
    expect(read('Ingen: feber, vekttap, nattesmerter.')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
    // a longer item, an item with a number, or a list not opened by the negation stays read on its own
    expect(read('Ingen utstråling, parese hø fot.')).toMatchObject({ radiating_pain: false, neuro_deficit: true });
    expect(read('Fall på sykkel uten hjelm, slo hodet, GCS 13.')).toMatchObject({ head_injury: true, gcs: 13 });
    // one word after "Ingen X,": an abnormal finding is left out, a normal one read
    expect(read('Ingen feber, vekttap.')).not.toHaveProperty('weight_loss');
    expect(read('Kneskade. Ingen hevelse, ingen låsninger, stabilt.', KNEE)).toMatchObject({ knee_instability: false });
  });

  it('double negatives and hedges: "benekter ikke", "kan ikke benekte", "ikke usannsynlig"; "usannsynlig" alone is no suspicion', () => {
    expect(read('Han benekter ikke nattsmerter.')).toMatchObject({ night_pain: true });
    expect(read('Kan ikke benekte vekttap.')).toMatchObject({ weight_loss: true });
    expect(read('Benekter nattsmerter.')).toMatchObject({ night_pain: false });
    expect(read('Kneskade. Ikke usannsynlig menisk.', KNEE)).toMatchObject({ suspected_meniscal_tear: true });
    expect(read('Kneskade. Usannsynlig menisk.', KNEE)).not.toHaveProperty('suspected_meniscal_tear');
    expect(read('Neppe lungeemboli.')).not.toHaveProperty('suspected_pe');
    expect(read('Ikke mistanke om menisk.', KNEE)).toMatchObject({ suspected_meniscal_tear: false });
  });

  it('more GP shorthand: "vil vurdere op.", "fysio x 10 u/effekt", "4 d siden", "1 1/2 mnd", "siden 1. november", "f.o.m. 03.11", "Traumeanamnese: ingen"', () => {
    expect(read('Ortoped vil vurdere op.')).toMatchObject({ surgery_considered: true });
    expect(read('Fysio x 10 u/effekt.')).toMatchObject({ physiotherapy_failed: true });
    expect(read('Fysio x 10 u/effekt.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Akutt forverring 4 d siden.')).toMatchObject({ symptom_duration_weeks: 0.57 });
    expect(read('Operert 3 år siden.')).not.toHaveProperty('symptom_duration_weeks');
    expect(read('Lumbago i 1 1/2 mnd.')).toMatchObject({ symptom_duration_weeks: 6.52 });
    expect(read('Cyste ve ovarium 1 1/2 cm.')).toMatchObject({ ovarian_cyst_cm: 1.5 });
    expect((read('Smerter siden 1. november.').symptom_duration_weeks as number) * 7).toBeCloseTo(29, 1);
    expect((read('Smerter f.o.m. 03.11.').symptom_duration_weeks as number) * 7).toBeCloseTo(27, 1);
    expect(read('Traumeanamnese: ingen.')).toMatchObject({ trauma: false });
    expect(read('Traumeanamnese: fall på isen.')).toMatchObject({ trauma: true });
    expect(read('Lumbago x 2/52. Ingen RF.')).toMatchObject({ red_flags: false, symptom_duration_weeks: 2 });
    expect(read('SI-ledd. RF neg, HLA-B27 pos.')).not.toHaveProperty('red_flags');
  });

  it('injury mechanisms: "falt ned 5 trinn" (Canadian C-spine rule), "fikk en takplate i hodet"', () => {
    expect(read('Falt ned 6 trinn i trappa.')).toMatchObject({ trauma: true, dangerous_mechanism: true });
    // (fewer than five counted stairs are no dangerous mechanism: adv30, note-kinds-advice31.test.ts)
    expect(read('Falt ned 2 trinn.')).toMatchObject({ dangerous_mechanism: false });
    expect(read('Fikk en takplate i hodet.')).toMatchObject({ head_injury: true });
    expect(read('Fekk ei grein i hovudet.')).toMatchObject({ head_injury: true });
    expect(read('Fikk vondt i hodet.')).not.toHaveProperty('head_injury');
  });
});
