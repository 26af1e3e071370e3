// The reader is linear in the text's length whatever its shape. Proven without a wall clock:
// extractFacts counts one work step per token visited by any of its loops (lastExtractionSteps),
// and the count must grow in proportion to the text. CPU time is measured in bench/free-text.bench.ts,
// not here: a CPU-time bound failed a correct reader on a busy machine (a major GC of the shared test
// worker's heap, whose cost follows the heap and not the text, fell into the larger run: 54× for 10×).
import { describe, expect, it } from 'vitest';
import { extractFacts, lastExtractionSteps } from './extract.ts';

const now = new Date('2026-11-22T12:00:00Z');
/** Unpunctuated and repetitive shapes that made the old reader quadratic, and a few others. */
const SHAPES: Record<string, string> = {
  'the issue\'s note: "i alle fall hydrops" without punctuation': 'i alle fall hydrops ',
  'negations without end': 'ingen ',
  'negated findings in one clause': 'ingen blodfortynnende ikke feber ',
  'a suspicion before every finding': 'spm hydrops mistanke menisk ',
  'fixed normal findings': 'skulder god kraft nevr us ua ',
  'findings bound to a subject': 'rtg kne artrose normale forhold ',
  'a cyst with sizes and features': 'cyste 3,5 cm ingen solide komponenter ',
  'tests and scores': 'wells 1,5 (lav) d-dimer 0,3 (neg) gcs 15 ',
  durations: 'i tre uker siden jul for 2 dager siden ',
  'dotted abbreviations': 'u.a.',
  numbers: '1,1 x 2 ',
  'negated comma lists': 'ingen feber, vekttap, nattesmerter eller kreft, ',
  'a list that never closes': 'benekter feber, vekttap, ',
  'telegraphic minus signs': 'feber -, vekttap - , ',
  'telegraphic durations': 'smerter x 3 uker x 10 d 2 x 10 dager ',
  'typing errors': 'hydros låsnigner eliqus kraftsvik ',
  'lab values with labels': 'crp 30 (forhøyet) crp 3 mg/l (normal) ',
  'emoji, control characters, mixed scripts': '😀 hydrops Ω ßИ\u0000\u0007 膝 ',
  // (advice15: small numbers may open a phrase; "÷" lists keep their prefix style; "ikke som")
  'counts in digits that open phrases': 'sinusitt 4 episoder i år 5 ganger siste år kraft 5/5 fall fra 3 m ',
  'a "÷" list without end': '÷ feber ÷ vekttap ',
  'negated comparisons': 'ikke som tordenskrall ikkje som før ',
  // (advice18: copy labels without a later "Nå:", corrections of durations, weights, relatives as labels)
  'copy labels on one line, none in the present': 'Fra journal 2020: vred kneet. hydrops. ',
  'copy labels, each line with its own copy': 'Fra notat 2021: hydrops. låser seg\n',
  'durations corrected again and again': 'i 8 uker, nei 8 dager, korrigert: 3 uker ikke 3 dager som skrevet ',
  'weights then and now': 'vekt 71 kg (78 kg i august) fra 78 til 71 kg veide 78 kg nå 71 kg ',
  'relatives as labels': 'Kona: han var borte. Mor: brystkreft. ',
  'denied lists with lab items': 'Benekter feber, vekttap, D-dimer neg, CRP 3, ',
  // adv19
  'short labels answered after their colons': 'Utstråling til arm: nei. Bevisstløs etter fallet: nei\n',
  'GCS values corrected and at many moments': 'GCS 14, nei 15 på stedet, 13 i bilen, 15 nå korrigert: ',
  'Wells ranges and onset dates': 'Wells 2-3 bihulesmerter, start 24.11. ',
  'a long realistic note': 'Gradvis økende smerter i venstre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg. Spm artrose? ',
};
const textOf = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

function stepsFor(text: string): number {
  extractFacts(text, { now });
  return lastExtractionSteps();
}

describe('the free-text reader is linear in the text', () => {
  for (const [name, unit] of Object.entries(SHAPES)) {
    it(`${name}: work grows in proportion to the length`, () => {
      const small = stepsFor(textOf(unit, 10_000));
      const large = stepsFor(textOf(unit, 100_000));
      // 10× the text: at most ~10× the work (1.2 for rounding at the ends); quadratic would be 100×
      expect(large / small).toBeLessThanOrEqual(12);
      // and a small constant per character, whatever the shape
      expect(large / 100_000).toBeLessThanOrEqual(12);
    });
  }

  it("reads the issue's million-character note in linear work", () => {
    const text = textOf('i alle fall hydrops ', 1_000_000);
    const steps = stepsFor(text);
    expect(steps / text.length).toBeLessThanOrEqual(12);
  });
});
