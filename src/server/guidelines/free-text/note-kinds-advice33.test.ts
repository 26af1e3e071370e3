// The kinds adv31 left open (issue 6), each pinned with short notes written fresh here: the
// reading that must happen, and a wording of the same kind that must NOT trigger it.
import { describe, expect, it } from 'vitest';
import { read } from './note-kinds.testkit.ts';

describe('an abbreviated family-history label', () => {
  it('"Hered.: brystkreft", "Hered. brystkreft", "Fam.disp.: brystkreft" are not the patient\'s cancer', () => {
    for (const note of [
      'Hered.: brystkreft. Ryggsmerter.',
      'Hered. brystkreft. Ryggsmerter.',
      'Ryggsmerter. Hered.: brystkreft (mor). Tidl. frisk.',
      'Fam.disp.: brystkreft.',
      'Hereditet: mor brystkreft.',
      'Familiær disposisjon: brystkreft.',
    ])
      expect(read(note), note).not.toHaveProperty('cancer_history');
    // (the label on a line of its own, its value on the next)
    for (const note of ['Familiær disposisjon:\nbrystkreft.', 'Hereditet:\nbrystkreft', 'Hered.:\n- brystkreft (mor)\nRyggsmerter.', 'FH:\n- mor brystkreft'])
      expect(read(note), note).not.toHaveProperty('cancer_history');
    // must not trigger: the patient's own cancer after the family history
    expect(read('Familiær disposisjon:\nbrystkreft.\nSelv operert for brystkreft 2019.')).toMatchObject({ cancer_history: true });
    expect(read('Hereditet:\n\nTidl. brystkreft.')).toMatchObject({ cancer_history: true });
    expect(read('Tidl.:\nbrystkreft.')).toMatchObject({ cancer_history: true });
    expect(read('Hered.: mor brystkreft. Selv operert for brystkreft 2019.')).toMatchObject({ cancer_history: true });
    expect(read('Tidl. brystkreft.')).toMatchObject({ cancer_history: true });
  });
});

describe('a fall height written apart from the verb (Canadian C-spine rule, Stiell 2001)', () => {
  it('"Falt ned, ca. 3 meter", "Falt, ca 2 m", "Fall - ca. 2 meter", "Falt ned ca 3 m" are a dangerous mechanism', () => {
    for (const note of ['Falt ned, ca. 3 meter. Nakkesmerter.', 'Falt, ca 2 m. Nakkesmerter.', 'Fall - ca. 2 meter.', 'Falt ned ca 3 m.'])
      expect(read(note), note).toMatchObject({ dangerous_mechanism: true });
    // must not trigger: a distance from a place, a distance walked, a height in centimetres
    for (const note of [
      'Falt ca. 3 meter fra huset.',
      'Falt ned, ca. 3 meter fra bilen.',
      'Falt og gikk ca. 3 meter.',
      'Falt, ca. 30 cm.',
      'Falt på isen. Ca 3 meter fra døra.',
    ])
      expect(read(note), note).not.toHaveProperty('dangerous_mechanism');
    // (a height before an elevated place stays read)
    expect(read('Falt ca 3 meter fra stillas.')).toMatchObject({ dangerous_mechanism: true });
  });
});

describe('a counted course of treatments without effect in a physiotherapy note', () => {
  it('"8 beh. uten bedring" with the physiotherapist in another sentence is failed conservative treatment', () => {
    for (const note of [
      'Hos fysioterapeut siden august. 8 beh. uten bedring.',
      'Fysio. 8 beh. uten bedring.',
      'Går til kiropraktor. 6 behandlinger, uten effekt.',
    ])
      expect(read(note), note).toMatchObject({ physiotherapy_failed: true });
    // must not trigger: weeks of a drug, a count of treatments in a note with no physiotherapy
    expect(read('Ryggsmerter. Fysio i høst. 8 uker med Ibux uten effekt.')).not.toHaveProperty('physiotherapy_failed');
    expect(read('Ryggsmerter. 8 beh. uten bedring.')).not.toHaveProperty('physiotherapy_failed');
    // (an abbreviation's dot before a capital still ends the sentence)
    expect(read('Ingen AK-beh. Feber.')).toMatchObject({ anticoagulants: false, fever: true });
  });
});

describe('clear fluid from the nose or an ear denied (SNC 2013)', () => {
  it('"Ingen klar væske fra nese/øre" denies the sign; "ikke klart om" stays uncertain (already read on main)', () => {
    for (const note of [
      'Slo hodet. Ingen klar væske fra nese/øre.',
      'Slo hodet. Ingen brilleblåmerker eller klar væske fra nese/øre.',
      'Slo hovudet. Inga klar væske frå nase/øyre.',
    ])
      expect(read(note), note).toMatchObject({ skull_fracture_signs: false });
    for (const note of ['Slo hodet. Ikke klart om væske fra nesen.', 'Slo hodet. Væske fra nesen, ikke klar.'])
      expect(read(note), note).not.toHaveProperty('skull_fracture_signs');
  });
});
