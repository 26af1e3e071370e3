// The kinds adv31's batch (content/guidelines/test-sets/vignettes-new30.json, ids W30…) found at
// first contact (69/80: none unscored, 9 over-asked, 2 wrong, 1 of the opposite class) and the
// kinds adv30 left open, each pinned with short notes written fresh here: the reading that must
// happen, and a wording of the same kind that must NOT trigger it. The advice class is checked
// where the kind changed it.
import { describe, expect, it } from 'vitest';
import { rating, read } from './note-kinds.testkit.ts';

describe('a denial heading a bulleted list over lines', () => {
  it('"Ikke:\\n- traume\\n- hevelse" denies every item (opposite class on main: MR knee rated appropriate)', () => {
    for (const note of [
      'Ingen:\n- feber\n- vekttap\n- nattesmerter',
      'Ikke\n- feber\n- vekttap',
      'Ingen av følgende:\n- feber\n- vekttap',
      'Negativ for:\n• feber\n• vekttap',
      'Inga:\n– feber\n– vekttap',
      'Denies:\n* fever\n* weight loss',
      'None of the following:\n- fever\n- weight loss',
    ])
      expect(read(note), note).toMatchObject({ fever: false, weight_loss: false });
    expect(read('Benekter:\n- ny type hodepine\n- nevrologiske utfall\n- kreft')).toMatchObject({
      headache_pattern_change: false,
      neuro_deficit: false,
      cancer_history: false,
    });
    expect(rating('SNG0AG', 61, 'Smerter i hø kne i ca. 1 år.\nIkke:\n- traume\n- hevelse\n- låsninger\nRøntgen ikke tatt.', 'L15')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: the line after the list, a heading that names findings, a list without a denial
    expect(read('Ingen:\n- feber\n- vekttap\nNattesmerter.')).toMatchObject({ fever: false, night_pain: true });
    expect(read('Har:\n- feber\n- vekttap')).toMatchObject({ fever: true, weight_loss: true });
    expect(read('Røde flagg:\n- feber\n- vekttap')).toMatchObject({ fever: true, weight_loss: true });
    expect(read('Ikke:\n\nFeber i 3 dager.')).toMatchObject({ fever: true });
  });
});

describe('a line broken inside a sentence (a wrapped line)', () => {
  it('"Ingen hevelse\neller låsninger", "Ingen\nhevelse", "Har ikke\nutstråling" (opposite class on main)', () => {
    const knee = 'magnetresonans kne kne';
    expect(read('Ingen hevelse\neller låsninger.', knee)).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Ingen hevelse eller\nlåsninger.', knee)).toMatchObject({ knee_effusion: false, knee_locking: false });
    expect(read('Hevelse.\nIngen\nlåsninger.', knee)).toMatchObject({ knee_effusion: true, knee_locking: false });
    expect(read('Nakkesmerter.\nHar ikke\nutstråling eller nummenhet i armene.')).toMatchObject({ radiating_pain: false });
    expect(rating('SNG0AG', 30, 'Vred kneet i fotball i går. Ingen hevelse\neller låsninger, stabilt.', 'L96')).toBe('usually_not_appropriate');
    // must not trigger: a new sentence in capitals, an answer ending its line
    expect(read('Ingen hevelse\nLåsninger siste uke.', knee)).toMatchObject({ knee_effusion: false, knee_locking: true });
    expect(read('Det er hevelse.\nEller var det låsninger?', knee)).toMatchObject({ knee_effusion: true });
    expect(read('Røde flagg: ingen\nfeber i 3 dager.')).toMatchObject({ fever: true });
  });
});

describe('an exam asked about and answered as not taken', () => {
  it('"Rtg? Ikke tatt." is no X-ray taken', () => {
    for (const note of ['Rtg? Ikke tatt.', 'Røntgen? Ikkje teke.', 'X-ray? Not done.', 'Rtg? Ikke gjort ennå.'])
      expect(read(note), note).toMatchObject({ prior_xray: false });
    expect(rating('SNF0AG', 57, 'MR hø hofte? Smerter i lysken i 8 mnd, gradvis. Ingen traume. Rtg? Ikke tatt.', 'L89')).toBe('usually_not_appropriate');
    // must not trigger: taken, a question left unanswered
    expect(read('Rtg? Tatt 02.10: artrose.')).toMatchObject({ prior_xray: true });
    expect(read('Rtg? Vurderer MR.')).not.toHaveProperty('prior_xray');
  });
});

describe('durations written with a vulgar half', () => {
  it('"3½ uker", "1½ år", "½ år", "3 ½ uker"', () => {
    expect(read('Ryggsmerter i 3½ uker.')).toMatchObject({ symptom_duration_weeks: 3.5 });
    expect(read('Ryggsmerter i 3 ½ uker.')).toMatchObject({ symptom_duration_weeks: 3.5 });
    expect(read('Vondt i ½ år.').symptom_duration_weeks).toBeCloseTo(26.09, 1);
    expect(read('Vondt i 1½ år.').symptom_duration_weeks).toBeCloseTo(78.27, 1);
    expect(rating('SNA0GG', 42, 'Ryggsmerter i 3½ uker etter hagearbeid. Ingen utstråling. Ingen feber, ikke vekttap.', 'L03')).toBe('usually_not_appropriate');
    // must not trigger: a size, a plain decimal
    expect(read('Enkel cyste 3½ cm.')).toMatchObject({ ovarian_cyst_cm: 3.5 });
    expect(read('Ryggsmerter i 3,5 uker.')).toMatchObject({ symptom_duration_weeks: 3.5 });
  });
});

describe('English "since <month>", "since <year>"', () => {
  it('"since March", "since 2024", "since the summer", "since last year", "since March 2025"', () => {
    expect(read('Neck pain since March.').symptom_duration_weeks).toBeCloseTo(39.14, 1);
    expect(read('Pain since Sept.').symptom_duration_weeks).toBeGreaterThan(8);
    expect(read('Pain since 2024.').symptom_duration_weeks).toBeCloseTo(99.86, 1);
    expect(read('Back pain since the summer.').symptom_duration_weeks).toBeCloseTo(21.71, 1);
    expect(read('Pain since last year.').symptom_duration_weeks).toBeCloseTo(47.71, 1);
    expect(read('Pain since March 2025.').symptom_duration_weeks).toBeCloseTo(91.29, 1);
    expect(read('Ryggsmerter siden mars 2025.').symptom_duration_weeks).toBeCloseTo(91.29, 1);
    expect(rating('SNE0BG', 27, 'Low back and buttock pain since March, morning stiffness over an hour, better with exercise. HLA-B27 positive.', 'L88')).toBe(
      'appropriate',
    );
    // must not trigger: "since" before other words
    for (const note of ['Headache since he fell.', 'Not worse since then.', 'Worse since the fall.'])
      expect(read(note), note).not.toMatchObject({ symptom_duration_weeks: expect.any(Number) as number });
  });
});

describe('a blow to a body part named with its side', () => {
  it('"Slo hø kne mot bordkant" is an injury', () => {
    for (const note of ['Slo hø kne mot bordkant for 3 d siden.', 'Slo venstre skulder i døra.', 'Slått høgre kne i trappa.'])
      expect(read(note), note).toMatchObject({ trauma: true });
    expect(rating('SNG0AG', 35, 'Slo hø kne mot bordkant for 3 d siden. Ingen hevelse, ingen låsninger, stabilt kne ved us.', 'L96')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: pain that strikes, a knee that was not struck
    expect(read('Smerten slo ut i kneet.')).not.toHaveProperty('trauma');
    expect(read('Vondt i hø kne.')).not.toHaveProperty('trauma');
  });
});

describe('signs of a basal skull fracture in Norwegian (SNC 2013)', () => {
  it('"brilleblåmerke", "blåmerker rundt øynene", "klar væske fra nesen" in a head note', () => {
    for (const note of [
      'Slo hodet. Brilleblåmerke.',
      'Slo hovudet. Blåmerke kring auga.',
      'Slo hodet. Klar væske fra nesen.',
      'Slått i hovudet. Klar væske frå øyra.',
    ])
      expect(read(note), note).toMatchObject({ skull_fracture_signs: true });
    expect(rating('SAA0AD', 24, 'Slått i hovudet med ei flaske på byen. GCS 15. Brilleblåmerke og klar væske frå nasen.', 'N80')).toBe('appropriate');
    // negated, and must not trigger: a black eye on one side, fluid alone, no head note
    expect(read('Slo hodet. Ingen blåmerker rundt øynene, ingen væske fra nese eller øre.')).toMatchObject({ skull_fracture_signs: false });
    expect(read('Slo hodet. Blåmerke rundt venstre øye.')).not.toHaveProperty('skull_fracture_signs');
    expect(read('Slo hodet. Væske fra nesen.')).not.toHaveProperty('skull_fracture_signs');
    expect(read('Forkjølet. Klar væske fra nesen.')).not.toHaveProperty('skull_fracture_signs');
  });
});

describe("the patient's or a relative's belief is no finding; the doctor's assessment is", () => {
  it('"Pas. mener det er kronisk bihulebetennelse", "Patient thinks it is a slipped disc"', () => {
    expect(read('Pas. mener det er kronisk bihulebetennelse, men plagene startet for 10 dager siden.')).not.toHaveProperty('recurrent_sinusitis');
    expect(read('Pasienten er overbevist om at hun har hatt feber.')).not.toHaveProperty('fever');
    expect(read('Patient believes she has had a fever.')).not.toHaveProperty('fever');
    expect(read('Patient thinks it is a slipped disc.')).not.toHaveProperty('trauma');
    expect(
      rating(
        'SDX0AD',
        28,
        'Pas. mener det er kronisk bihulebetennelse, men plagene startet for 10 dager siden med forkjølelse. Ingen øyesymptomer, ingen nakkestivhet.',
        'R75',
        'F',
      ),
    ).toBe('usually_not_appropriate');
    // must not trigger: the referrer's own view, a report of what happened, a stated history after it
    expect(read('Jeg mener det er kronisk bihulebetennelse.')).toMatchObject({ recurrent_sinusitis: true });
    expect(read('Ortoped mener det er meniskskade.')).toMatchObject({ suspected_meniscal_tear: true });
    expect(read('Pårørende forteller at han har kastet opp 3 ganger.')).toMatchObject({ vomiting: true });
    expect(read('Pasienten tror han har kreft. Tidligere brystkreft.')).toMatchObject({ cancer_history: true });
    expect(read('Slipped on the ice.')).toMatchObject({ trauma: true });
  });
});

describe("family history is not the patient's", () => {
  it('"FH: breast cancer (mother)" (the label in English)', () => {
    expect(read('FH: breast cancer (mother).')).not.toHaveProperty('cancer_history');
    expect(rating('SNA0GG', 42, 'Low back pain for 3 weeks after gardening. No sciatica. FH: breast cancer (mother). No fever, no weight loss.', 'L03')).toBe(
      'usually_not_appropriate',
    );
    // must not trigger: the patient's own history after it
    expect(read('FH: breast cancer (mother). Previous prostate cancer.')).toMatchObject({ cancer_history: true });
  });
});

describe('stairs he stood on are not the fall (Canadian C-spine rule)', () => {
  it('"Sto to trinn opp i trappa … falt over rekkverket"', () => {
    expect(read('Sto to trinn opp i trappa da han falt over rekkverket ned i kjelleren.')).toMatchObject({ dangerous_mechanism: true });
    expect(read('Gikk to trinn opp trappa, falt så på gulvet.')).not.toMatchObject({ dangerous_mechanism: false });
    expect(read('Fell over the railing of the balcony.')).toMatchObject({ dangerous_mechanism: true });
    expect(
      rating('SNA0AD', 45, 'Sto to trinn opp i trappa da han mistet balansen og falt over rekkverket ned i kjelleren, ca. 3 meter. Slo nakken. GCS 15.', 'N80'),
    ).toBe('appropriate');
    // must not trigger: the count of the fall itself
    expect(read('Snublet i trappa (to trinn).')).toMatchObject({ dangerous_mechanism: false });
    expect(read('Falt ned 3 trappetrinn.')).toMatchObject({ dangerous_mechanism: false });
  });
});
