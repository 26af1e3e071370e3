// breakit17b: 20 new short referral notes of the vignette kinds (content/guidelines/test-sets/
// vignettes-breakit17b.json, ids X01–X10 and Y01–Y10), each with the class a clinician following
// the topic's cited source gives, fixed before the run. Written as an outside grader; this file is
// expected to FAIL on Y06 until the hodepine topic's thunderclap rule is made specific to the
// modality (vignette failure kind "rules not specific to the modality").
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { advise } from './advise.ts';
import { loadGuidelinePack } from './loader.ts';
import { scoreVignettes, type Vignette } from './vignette-score.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FILE = path.resolve(HERE, '../../../content/guidelines/test-sets/vignettes-breakit17b.json');
const NOW = new Date('2026-11-30T12:00:00Z');
const pack = loadGuidelinePack();

const adviceFor = (v: Pick<Vignette, 'ncrp' | 'age' | 'sex' | 'icpc' | 'text'>) =>
  advise(
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

describe('breakit17b vignettes (the kinds of ../shared/cases/advice-vignettes)', () => {
  it('every one of the 20 notes gets the class its cited source gives', () => {
    const cases: Vignette[] = JSON.parse(fs.readFileSync(FILE, 'utf8'));
    const s = scoreVignettes(cases, adviceFor, (code) => pack.byExam.has(code));
    expect(s.opposite.map((m) => m.id)).toEqual([]);
    expect(s.agree).toBe(cases.length);
  });

  it('Kloke valg radiologi / hodepine rule "tordenskrall" (emergency CT head): an MR head referral for thunderclap headache is not rated appropriate', () => {
    // The rule's own text says the exam to do is an emergency CT head; an elective MR head is the
    // wrong exam for suspected subarachnoid haemorrhage, so "appropriate" for SAA0AG is wrong.
    const a = adviceFor({ ncrp: 'SAA0AG', age: 40, sex: 'F', icpc: 'N01', text: 'Plutselig verste hodepine i livet for 2 timer siden, nakkestiv.' });
    expect(a?.rating).not.toBe('appropriate');
    // The CT head referral for the same note stays appropriate.
    expect(adviceFor({ ncrp: 'SAA0AD', age: 40, sex: 'F', icpc: 'N01', text: 'Plutselig verste hodepine i livet for 2 timer siden, nakkestiv.' })?.rating).toBe(
      'appropriate',
    );
  });
});
