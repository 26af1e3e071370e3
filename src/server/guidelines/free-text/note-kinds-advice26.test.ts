// The reader kinds adv25's batch (content/guidelines/test-sets/vignettes-new25.json, ids J25…)
// found at first contact (70/80, none unscored, 4 over-asked, 6 wrong of which 4 opposite class)
// and the probe notes of the same kinds written after it, each pinned with short notes written
// fresh here: the reading that must happen, and a wording of the same kind that must NOT trigger
// it. The advice class is checked where the kind changed it.
import { describe, expect, it } from 'vitest';
import { rating, read } from './note-kinds.testkit.ts';

describe('reader kinds fixed in adv25', () => {
  it('typing errors in the negation words ("ikek", "ikkke", "ikje", "ignen") negate as "ikke"/"ikkje"/"ingen"', () => {
    expect(read('Lumbago. Ingen feber, ikek vekttap.')).toMatchObject({ fever: false, weight_loss: false });
    expect(read('Hodeskade. Ikek besvimt, GCS 15.')).toMatchObject({ loss_of_consciousness: false });
    expect(read('Ryggsmerter. Ikkke nattesmerter, ignen feber.')).toMatchObject({ night_pain: false, fever: false });
    expect(read('Vondt i ryggen, ikje vekttap, ikkej feber.')).toMatchObject({ weight_loss: false, fever: false });
    expect(read('Enkel cyste 5 cm, ikek septa eller solide komponenter.')).toMatchObject({ cyst_simple: true });
    expect(rating('SNA0GG', 33, 'Akutt lumbago etter loeft i gaar. Ingen feber, ikek vekttap, ingen vannlatingsplager. Kraft ua.', 'L03', 'F')).toBe(
      'usually_not_appropriate',
    );
    expect(rating('SAA0AG', 42, 'Spenningshodepine i mange år, uendret. Ikek nevrologiske utfall, ingen feber.', 'N02')).toBe('usually_not_appropriate');
    // must not trigger: the finding after the typo stays read when nothing negates it
    expect(read('Lumbago. Vekttap 6 kg, ikek feber.')).toMatchObject({ weight_loss: true, fever: false });
    expect(read('Ryggsmerter. Ikke feber. Vekttap.')).toMatchObject({ fever: false, weight_loss: true });
  });

  it('a template line with its own label or closing dot is no list item of the next line\'s "nei"', () => {
    expect(read('UTSEENDE: enkel cyste, anekogen\nMENOPAUSE: nei')).toMatchObject({ cyst_simple: true, postmenopausal: false });
    expect(read('Feber.\nTraume: nei')).toMatchObject({ fever: true, trauma: false });
    expect(read('FUNN: hydrops, låser seg\nTRAUME: nei')).toMatchObject({ knee_effusion: true });
    expect(
      rating('SSE0AK', 31, 'ÅRSAK TIL HENVISNING: tilfeldig funn av cyste ve ovarium\nSTØRRELSE: 2.5cm\nUTSEENDE: enkel, anekogen\nMENOPAUSE: nei', 'X99', 'F'),
    ).toBe('usually_not_appropriate');
    // must not trigger: a list on one line answered by its label's "nei" is still denied
    expect(read('Hydrops, låsninger: nei')).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Feber, vekttap, nattesmerter: nei')).toMatchObject({ fever: false, weight_loss: false, night_pain: false });
  });

  it('an en or em dash after a label\'s colon is the minus ("Hydrops: –"), as "-" was', () => {
    expect(read('Kne. Hydrops: –')).toMatchObject({ knee_effusion: false });
    expect(read('Kne. Hydrops: —\nLåsning: ja')).toMatchObject({ knee_effusion: false, knee_locking: true });
    expect(read('Feber: –, vekttap: –')).toMatchObject({ fever: false, weight_loss: false });
    expect(rating('SNG0AG', 30, 'Vridd kne på fotball i går.\nHYDROPS: –\nLÅSNING: –\nINSTABILITET: –', 'L96')).toBe('usually_not_appropriate');
    // must not trigger: a dash between words is a clause break, the findings stay stated
    expect(read('Feber – vekttap – nattesmerter.')).toMatchObject({ fever: true, weight_loss: true, night_pain: true });
    expect(read('Kne. Hydrops – låser seg.')).toMatchObject({ knee_effusion: true, knee_locking: true });
  });

  it('unconsciousness told with the subject after the verb ("var hun borte", "vart han borte")', () => {
    expect(read('Falt av sykkel. Ifølge venninnen var hun "borte" en stund.')).toMatchObject({ loss_of_consciousness: true });
    expect(read('Fall på isen. Vart han borte? Ja.')).toMatchObject({ loss_of_consciousness: true });
    expect(
      rating('SAA0AD', 23, 'Falt av el-sparkesykkel. Ifølge venninnen var hun borte en stund. GCS 15, ingen oppkast. Ingen faste medisiner.', 'N80', 'F'),
    ).toBe('may_be_appropriate');
    // must not trigger: denied or asked and left open, and a complaint that went away
    expect(read('Fall på isen. Han var ikke borte.')).toMatchObject({ loss_of_consciousness: false });
    expect(read('Slo hodet. Hodepinen var borte etter 10 min.').loss_of_consciousness).toBeUndefined();
    expect(read('Slo hodet, var ho borte? Usikkert.').loss_of_consciousness).toBeUndefined();
  });

  it('English "had a fit" / "fits" in a head note is a seizure', () => {
    expect(read('Head injury. Per his mates he had "a fit" afterwards.')).toMatchObject({ seizure: true });
    expect(read('Hit head. Fits x2 since.')).toMatchObject({ seizure: true });
    expect(read('Head injury. No fits.')).toMatchObject({ seizure: false });
    expect(rating('SAA0AD', 25, 'Head-first into boards. Per teammates he had a fit afterwards. GCS 15 now.', 'N80')).toBe('appropriate');
    // must not trigger: "fit" as in healthy, and outside a head note
    expect(read('Head injury, fit and well otherwise.').seizure).toBeUndefined();
    expect(read('Knee pain. The brace fits well.').seizure).toBeUndefined();
  });

  it('bearing weight only with crutches is not bearing weight (Ottawa): "Belaster kun med krykker", "Weight bearing only on crutches" (lead)', () => {
    expect(read('Vridd kne. Belaster kun med krykker.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Vridd kne. Belastar berre med krykkjer.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Twisted knee. Weight bearing only on crutches.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Knee sprain. Able to bear weight only with a crutch.')).toMatchObject({ unable_to_bear_weight: true });
    expect(read('Twisted knee. Can bear weight only with crutches.')).toMatchObject({ unable_to_bear_weight: true });
    // must not trigger: bearing weight, with or without crutches named
    expect(read('Vridd kne. Belaster fint.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Vridd kne. Belaster uten krykker.')).toMatchObject({ unable_to_bear_weight: false });
    expect(read('Knee sprain. Able to bear weight.')).toMatchObject({ unable_to_bear_weight: false });
  });
});
