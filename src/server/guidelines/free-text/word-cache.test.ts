// The reader's per-word caches (engine speed, issues 6 and 11) must not change what it reads:
// whether a lexicon entry's context words, a test's trigger strings, a colon or a year occur in a
// note is taken from the note's runs of letters while tokenizing (cached per distinct word)
// instead of searching the note; the token table keeps short runs only and starts over when full.
// These tests pin the cases where a shortcut could differ from a search of the whole note.
// Byte-for-byte equality over every test-set note: scripts/advice-snapshot.ts.
import { describe, expect, it } from 'vitest';
import { extractFacts } from './extract.ts';

const now = new Date('2026-11-22T12:00:00Z');
const facts = (text: string, context?: string) => extractFacts(text, { now, context }).facts;

describe('context words found through the note’s words', () => {
  it('reads a finding whose context word is in the note, in a longer word, or in the exam’s name, and not otherwise', () => {
    // knee_effusion ("hovent") needs a knee word (lexicon KNEE_CONTEXT)
    expect(facts('Hovent og vondt.').knee_effusion).toBeUndefined();
    expect(facts('Hovent kne.').knee_effusion).toBe(true);
    expect(facts('Hovent, vondt i venstre kneledd.').knee_effusion).toBe(true);
    expect(facts('Hovent og vondt.', 'røntgen kne kne').knee_effusion).toBe(true);
    // the same note read again after another note (per-call stamps, not left over)
    expect(facts('Hovent og vondt.').knee_effusion).toBeUndefined();
  });

  it('finds a context word inside a run of letters longer than the token table keeps', () => {
    const long = `${'x'.repeat(40)}kne${'y'.repeat(40)}`;
    expect(facts(`${long} hovent.`).knee_effusion).toBe(true);
    expect(facts(`${'x'.repeat(83)} hovent.`).knee_effusion).toBeUndefined();
  });
});

describe('the tests pass turned on by its trigger strings in the note', () => {
  it('reads a cyst size when "cyst" is part of a longer word', () => {
    expect(facts('Ovarialcyste ve. 3,5 cm.').ovarian_cyst_cm).toBe(3.5);
    expect(facts('Ovarialcyste ve. 3,5 cm.').ovarian_cyst_cm).toBe(3.5);
  });
  it('reads GCS and D-dimer, and nothing when no trigger is named', () => {
    expect(facts('GCS 14 ved ankomst.').gcs).toBe(14);
    expect(facts('D-dimer negativ.').d_dimer).toBe('negative');
    expect(facts('Score 14 ved ankomst.').gcs).toBeUndefined();
  });
});

describe('history and English passes turned on while tokenizing', () => {
  it('reads a past year and a history label as earlier history, and "no" in an English note', () => {
    expect(facts('Hjernerystelse 2019 med bevisstløshet.').loss_of_consciousness).toBeUndefined();
    expect(facts('Tidligere: bevisstløs etter fall.').loss_of_consciousness).toBeUndefined();
    expect(facts('Bevisstløs etter fall i går.').loss_of_consciousness).toBe(true);
    expect(facts('Fell from a ladder yesterday, no loss of consciousness.').loss_of_consciousness).toBe(false);
  });
});

describe('the token table', () => {
  it('reads the same after it has started over (more distinct words than it keeps)', () => {
    const note = 'Gradvis økende smerter i venstre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg. Spm artrose?';
    const before = extractFacts(note, { now });
    // 20,000 distinct made-up words: the table (8,192 words) starts over at least twice
    const letters = 'bcdfghjklmnpqrstvwxz';
    const words: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let w = 'q';
      for (let k = i; k > 0; k = Math.floor(k / letters.length)) w += letters[k % letters.length];
      words.push(w);
    }
    extractFacts(words.join(' '), { now });
    expect(extractFacts(note, { now })).toEqual(before);
  });

  it('reads "aa" as "å" from the cache as on first sight', () => {
    expect(facts('Gjentatte laasninger i kneet.').knee_locking).toBe(true);
    expect(facts('Gjentatte laasninger i kneet.').knee_locking).toBe(true);
  });
});
