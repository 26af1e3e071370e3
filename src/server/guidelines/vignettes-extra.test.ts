// Issue 6, generalisation: notes written differently from the 80 vignettes. Two sets in
// content/guidelines/test-sets (see its README):
// - vignettes-extra.json: new cases over every topic and class, GP style (bokmål, nynorsk,
//   abbreviations, typos, numbers in words), some with English exam names;
// - vignettes-metamorphic.json: two meaning-keeping rewrites of some of the 80 (`of`), expected
//   to get the same class as the original;
// - vignettes-new10.json: 159 cases of session 10 (ids J…) in ways of writing the others did not
//   cover (telegram notes, unrelated history first, x/52 durations, no Norwegian letters, quoted
//   speech, physiotherapists, chiropractors and hospital doctors, children and the elderly,
//   follow-ups, DICOM modality codes as exam names);
// - vignettes-new10b.json: 46 more of session 10 (ids G…), written after the first fixes:
//   structured "Label: value" notes, capitals, calendar dates, hedges;
// - vignettes-new10c.json: 37 more (ids F…), written after the second fixes: other negation
//   words, genitive durations, mixed bokmål/nynorsk, emoji, a long note told by a relative;
// - vignettes-new10d.json: 30 more (ids E…), written after the third fixes: dictation without
//   punctuation, question-and-answer notes, ranges, notes wholly in English;
// - vignettes-new10e.json: 65 more (ids H…), advice11: out-of-hours and nursing-home notes,
//   discharge-summary excerpts, medication/allergy lists, lab tables, nynorsk negation
//   (ikkje/inga/utan), hedges, several problems in one note, follow-ups, misspellings.
// - vignettes-new12.json: 79 more (ids X…), advice12: GP/out-of-hours/chiropractor/physiotherapist/
//   hospital-doctor notes, no Norwegian letters, calendar dates, decimal commas, 13 wholly English.
// - vignettes-new13.json: 67 more (ids A…), advice13: CDS Hooks clinical English, record-system
//   headings, lists, dictation, earlier and family history, answered questions.
// - vignettes-new14.json: 73 more (ids M…), advice14: SOAP notes, chiropractor and hospital-ward
//   referrals, '÷' for negative findings, 17 in CDS Hooks English ('XR'), 13 nynorsk, borderline cases.
// - vignettes-new15.json: 80 more (ids Q…), advice15: the groups and class proportions of the 80,
//   19 nynorsk, telegraphic GP notes with eponyms ("Weak EHL", "Jobe pos"), '÷' lists, MRC grades
//   ("Kraft 5/5"), hedges and "ikke som tordenskrall".
// - vignettes-new16.json: 80 more (ids D…), advice16: GP abbreviations and typos ("hx", "st.p.",
//   "obs", "bilat."), lists with ";" and "/", copied journal text, patient quotes, units written
//   many ways, negations far from their word, double negatives, dates, 20 nynorsk, 7 mixed English.
// - vignettes-new17.json: 80 more (ids C…), advice17: copied earlier journal text, bare lab values,
//   GP questions ("?cauda equina", "spm. fraktur"), re-sent referrals with a changed history,
//   relatives' reports, dates relative to today, mixed bokmål/nynorsk, voice dictation with spoken
//   punctuation, very short notes; 19 nynorsk, 3 English.
// - vignettes-new18.json: 80 more (ids I…), advice18: out-of-hours (legevakt), physiotherapist,
//   manual-therapist and nurse notes, follow-ups ("Kontroll"), multimorbid patients with long
//   medication lists, children and teens, key facts only in a lab, vital-sign or X-ray line, units,
//   SOAP notes, treatments tried with weeks, typos and bokmål/nynorsk mixing, every topic.
// - vignettes-new19.json: 80 more (ids V…21–29), adv19: discharge-summary (epikrise) excerpts, the
//   question first and the history after, two problems in one note, dates and "i dag"/"i går",
//   ranges ("3-4 uker", "2–3 mnd"), negations after the finding ("Feber: nei", "vekttap – neg"),
//   abbreviations (ua, u.a., pos/neg, obs, ev., tbl.), 11 nynorsk, 10 short English CDS notes.
// - vignettes-new20.json: 20 more (ids A20…), adv20: labels answered in more words ("Traume: ikke
//   noe", "Feber: ikke målt", "Utstråling arm: ikke nå"), walking only with crutches or support, an
//   X-ray verdict before "ellers" ("artrose, ua ellers"), ranges across a rule's threshold ("4-6 uker").
// - vignettes-new21.json: 80 more (ids Z21…), adv21: the groups and class proportions of the 80;
//   SOAP notes, dash lists over lines, dictation without punctuation, hedges, findings in the
//   family history, quoted earlier imaging, aa/oe for å/ø, size ranges, "går kun med krykker",
//   "Fysioterapi: ikke noe"; 15 nynorsk, 13 short English CDS notes.
// - vignettes-new22.json: 80 more (ids E22…), adv22: the groups and class proportions of the 80;
//   journal headings (Aktuelt/Tidligere/Medisiner/Funn/Vurdering/Plan), safety-netting and
//   conditional statements, the patient's own fear, glued units, missing spaces, dialect spelling,
//   earlier imaging with its own negations; 10 nynorsk, 12 short English CDS notes.
// - vignettes-new23.json: 80 more (ids F23…), adv23: the groups and class proportions of the 80;
//   history of the other side, numbers and counts in words ("GCS tolv", "Wells-skår sju", "fem ganger
//   det siste året", "tjuefem millimeter"), relative dates ("siden jul", "sidan før helga"), medication
//   lists with doses, lab values with reference ranges, pasted forms with tick boxes and Ja/Nei
//   answers, negation across commas and "men", double negation, English/Norwegian mixed,
//   out-of-hours, physiotherapist and chiropractor referrals; 7 nynorsk, 8 English, 5 mixed.
// - vignettes-new24.json: 80 more (ids G24…), adv24: the groups and class proportions of the 80;
//   speech-recognition dictation with spoken punctuation and homophones ("klarer ikke og løfte"),
//   copied lab lines ("CRP <5", "Hb 13,2", "D-dimer 0,3"), GP abbreviations (ua, us, hx, sx, obs,
//   mtp, ifht, pga), "siden i sommer"/"sist uke", ranges ("2-3 uker", "6-8/10"), relatives'
//   history, "Spm:"/"Ønsker:"/"Problemstilling:", slash negative lists; 10 nynorsk, 13 English.
// - vignettes-new25.json: 80 more (ids J25…), adv25: the groups and class proportions of the 80;
//   hospital doctors' ("Innlagt med …", "Aktuell problemstilling") and chiropractors' referrals
//   ("Kliniske funn: SLR pos 40° høyre", dermatomes, L4–S1), record-system templates with caps
//   labels and empty fields ("–"), heavy typos ("ikek", "smerer", "hodepie"), vital signs with
//   units ("T 38.9", "BT 150/90", "SpO2 97%"), patient quotes, second-hand reports ("ifølge kona"),
//   an exam asked for that the text argues against; 10 nynorsk, 13 English.
// - vignettes-new26.json: 80 more (ids W26…), adv26: the groups and class proportions of the 80;
//   out-of-hours (legevakt) notes, elderly patients with a relative reporting, follow-ups with
//   earlier imaging dates ("MR 2021: …", "Ny UL nå: …"), two questions in one note, an exam the text
//   does not support, abbreviations (st.p., obs, mtp, ad, pga, BT, AT, AK-beh.), numbers as words,
//   pregnancy and breastfeeding, negations far from their finding ("Har ikke hatt verken …"),
//   questions as findings ("?fraktur", "spm tumor"), verbless fragments; 11 nynorsk, 13 English.
// - vignettes-new27.json: 80 more (ids W27…), adv27: the groups and class proportions of the 80;
//   pasted discharge-summary excerpts, medication lists before the problem, the GP stating the
//   answer expected, several body sites, children and adolescents, side corrections, dd.mm dates,
//   verbless and very short notes, a long rambling note, Sami and foreign names, sizes in mm,
//   hedges ("ikke utelukket", "sannsynlig", "mistenker"); 11 nynorsk, 10 English, 4 mixed.
// - vignettes-new28.json: 80 more (ids W28…), adv29: the groups and class proportions of the 80;
//   record-system caps headings with bullet lists, notes that argue for then against, patients'
//   quoted questions, weekdays ("siden mandag"), ages only in the note, hedges ("ikke sikkert om",
//   "usikkert om"), earlier medication stopped ("Tidligere Marevan, seponert 2023"), trivial falls
//   ("sklei på isen", "snublet i trappa"), acute sinusitis with and without complications,
//   follow-up sizes; 11 nynorsk, 12 English.
// - vignettes-new29.json: 80 more (ids W29…), adv30: the groups and class proportions of the 80;
//   referrals re-written after a return ("Ny henvisning etter retur: …"), answers to a department's
//   questions, phone dictation with misheard words, nursing-home and home-care nurses, very long
//   notes with the key fact at the end, English by a foreign-trained doctor with Norwegian words,
//   counted stairs, two falls in one note, a drug used until a year; 11 nynorsk, 11 English.
// - vignettes-new30.json: 80 more (ids W30…), adv31: the groups and class proportions of the 80;
//   out-of-hours notes, EPJ templates with fields (Anamnese/Funn/Problemstilling/Spørsmål), heavy
//   abbreviations, odd number formats ("3½ uker", "3.5cm", "i 6/52"), negation across line breaks
//   and bulleted lists, family history, the patient's view vs the doctor's, chiropractors' and
//   physiotherapists' notes, "since March"/"since 2024", "Rtg? Ikke tatt."; 11 nynorsk, 12 English.
// - vignettes-new31.json: 82 more (ids W31…), adv33: the groups of the 80 plus two thoracic-spine
//   exams; copied dated journal entries, no Norwegian letters, mixed Norwegian/English, "Ad …:",
//   "ktr", "us:", "/12" months, ISO weeks, medication lists, family-history labels with comma lists
//   ("Hereditet.: hjerneslag, brystkreft"), similes, dated injuries; 9 nynorsk, 7 English, 4 mixed.
// - vignettes-breakit17b.json: 20 notes (ids X…, Y…) by an outside tester with no stake in the code
//   (session 15); first run 19/20 (thunderclap headache on MR caput rated appropriate).
// The expected classes were fixed from the topics' cited rules before any run.
//
// Each case goes through the door a record system uses: the exam *name* (`exam`, as in a CDS
// Hooks `code.text`) is mapped to an NCRP code by examFromText() — a wrong or missing mapping is
// a miss of kind "exam mapping" — and the note through advise(), the function the vignette test,
// the CDS Hooks service and the referral form use. Fails below 90 % agreement per set, on any
// opposite-class rating (appropriate ↔ usually not appropriate) and on any case with a topic that
// gets no advice. Misses are printed by kind; the kinds of known misses are kept in
// vignettes-extra.misses.json (id → kind and a one-line reason) so a new miss shows up as
// "unclassified".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examFromText } from '../referrals/exam-text.ts';
import { readExamCatalog } from '../referrals/exam-text.fixture.ts';
import { advise } from './advise.ts';
import { loadGuidelinePack } from './loader.ts';
import { scoreVignettes, type Vignette } from './vignette-score.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SETS = path.resolve(HERE, '../../../content/guidelines/test-sets');
const NOW = new Date('2026-11-30T12:00:00Z');

interface ExtraVignette extends Vignette {
  exam: string;
  rationale: string;
  of?: string;
}
const known: Record<string, { kind: string; why: string }> = JSON.parse(fs.readFileSync(path.join(HERE, 'vignettes-extra.misses.json'), 'utf8'));

/** The session-10 batches, each written in new ways and committed before its first run. */
const NEW_SETS = [
  'vignettes-new10.json',
  'vignettes-new10b.json',
  'vignettes-new10c.json',
  'vignettes-new10d.json',
  'vignettes-new10e.json',
  'vignettes-new12.json',
  'vignettes-new13.json',
  'vignettes-new14.json',
  'vignettes-new15.json',
  'vignettes-new16.json',
  'vignettes-new17.json',
  'vignettes-new18.json',
  'vignettes-new19.json',
  'vignettes-new20.json',
  'vignettes-new21.json',
  'vignettes-new22.json',
  'vignettes-new23.json',
  'vignettes-new24.json',
  'vignettes-new25.json',
  'vignettes-new26.json',
  'vignettes-new27.json',
  'vignettes-new28.json',
  'vignettes-new29.json',
  'vignettes-new30.json',
  'vignettes-new31.json',
  'vignettes-breakit17b.json',
];

const pack = loadGuidelinePack();
const catalog = readExamCatalog();

function run(file: string) {
  const cases: ExtraVignette[] = JSON.parse(fs.readFileSync(path.join(SETS, file), 'utf8'));
  const mapping = new Map<string, string | null>();
  const s = scoreVignettes(
    cases,
    (v) => {
      const code = examFromText((v as ExtraVignette).exam, catalog);
      mapping.set(v.id, code);
      if (code === null) return null;
      return advise(
        pack,
        {
          examCode: code,
          patient: { ageYears: v.age, sex: v.sex },
          indication: v.icpc ? { system: 'ICPC-2', code: v.icpc } : undefined,
          facts: {},
          text: v.text,
        },
        { now: NOW },
      ).advice;
    },
    (code) => pack.byExam.has(code),
  );
  const kindOf = (id: string) => {
    const v = cases.find((c) => c.id === id)!;
    if (mapping.get(id) !== v.ncrp) return `exam mapping ("${v.exam}" → ${mapping.get(id) ?? 'none'}, expected ${v.ncrp})`;
    return known[id]?.kind ?? 'unclassified';
  };
  const byKind = new Map<string, string[]>();
  for (const m of s.misses) {
    const k = kindOf(m.id);
    const line = `    ${m.id} expect ${m.expect} got ${m.got}${m.detail ? ` — ${m.detail}` : ''}${known[m.id] ? ` (${known[m.id].why})` : ''}`;
    byKind.set(k, [...(byKind.get(k) ?? []), line]);
  }
  console.log(
    [
      `${file}: agree ${s.agree}/${s.total} (${((100 * s.agree) / s.total).toFixed(1)} %), unscored ${s.unscored.length}, over-asked ${s.overAsked.length}, wrong ${s.wrong.length} (opposite class ${s.opposite.length}), median questions per case ${s.medianQuestions}`,
      ...[...byKind].flatMap(([k, lines]) => [`  ${k}: ${lines.length}`, ...lines]),
    ].join('\n'),
  );
  return { s, cases, mapping };
}

describe('advice vignettes on notes written differently (issue 6)', () => {
  for (const file of ['vignettes-extra.json', 'vignettes-metamorphic.json', ...NEW_SETS]) {
    it(`agrees with the cited rules on ${file}`, () => {
      const { s, cases, mapping } = run(file);
      expect(
        s.opposite.map((m) => m.id),
        'opposite-class ratings',
      ).toEqual([]);
      expect(
        s.unscored.filter((m) => m.hasTopic).map((m) => m.id),
        'cases whose exam has a topic but got no advice',
      ).toEqual([]);
      expect(
        cases.filter((v) => mapping.get(v.id) !== v.ncrp).map((v) => `${v.id}: ${v.exam}`),
        'exam names mapped to another exam',
      ).toEqual([]);
      expect(s.agree / s.total, 'agreement').toBeGreaterThanOrEqual(0.9);
    });
  }

  it('the sets cover every published topic and each rewrite names an original of the 80', () => {
    const extra: ExtraVignette[] = JSON.parse(fs.readFileSync(path.join(SETS, 'vignettes-extra.json'), 'utf8'));
    const topics = new Set<string>();
    for (const v of extra) {
      const a = advise(
        pack,
        {
          examCode: v.ncrp,
          patient: { ageYears: v.age, sex: v.sex },
          indication: v.icpc ? { system: 'ICPC-2', code: v.icpc } : undefined,
          facts: {},
          text: v.text,
        },
        { now: NOW },
      ).advice;
      if (a) topics.add(a.topicId);
    }
    for (const t of pack.topics.filter((t) => t.status === 'published')) expect(topics, t.id).toContain(t.id);
    const originals = new Set((JSON.parse(fs.readFileSync(path.join(SETS, 'vignettes-80.json'), 'utf8')) as Vignette[]).map((v) => v.id));
    const meta: ExtraVignette[] = JSON.parse(fs.readFileSync(path.join(SETS, 'vignettes-metamorphic.json'), 'utf8'));
    const new10: ExtraVignette[] = NEW_SETS.flatMap((f) => JSON.parse(fs.readFileSync(path.join(SETS, f), 'utf8')) as ExtraVignette[]);
    for (const v of meta) expect(originals, v.id).toContain(v.of);
    for (const id of Object.keys(known))
      expect(
        [...extra, ...meta, ...new10].some((v) => v.id === id),
        `${id} in vignettes-extra.misses.json`,
      ).toBe(true);
  });
});
