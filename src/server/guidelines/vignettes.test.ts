// Issue 6 item 6: the advice vignettes, run through the same function the CDS Hooks service
// (src/server/referrals/cds-hooks.ts) and the referral form (src/server/referrals/service.ts)
// use: `advise()` with the note as free text, the ICPC-2 code as indication and no structured
// facts. Prints agreement, unscored, over-asked and wrong counts and the median number of
// questions per case. Fails below 90 % agreement, on any unscored case whose exam has a topic, or
// on any rating of the opposite class (appropriate ↔ usually not appropriate).
//
// The 80 cases are kept in content/guidelines/test-sets/vignettes-80.json (a verbatim copy of the
// clinicians' vignette set, written from the cited sources with the expected classes fixed before
// any run; see content/guidelines/test-sets/README.md). More sets of the same shape (e.g. a held-back set) are run when their paths are
// given in RADVIS_VIGNETTES (separated by the platform's path delimiter). Cases we believe are
// rated wrongly in the shared file are listed in vignettes.disputed.json with a source; they
// still count as misses.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { advise } from './advise.ts';
import { loadGuidelinePack } from './loader.ts';
import { scoreVignettes, type Vignette } from './vignette-score.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const NOW = new Date('2026-11-30T12:00:00Z');

function vignetteFiles(): string[] {
  const extra = (process.env.RADVIS_VIGNETTES ?? '').split(path.delimiter).filter(Boolean);
  return [path.join(ROOT, 'content/guidelines/test-sets/vignettes-80.json'), ...extra];
}

const pack = loadGuidelinePack();
const disputed: { id: string; expect: string; ours: string; source: string; why: string }[] = JSON.parse(
  fs.readFileSync(path.join(HERE, 'vignettes.disputed.json'), 'utf8'),
);
const files = vignetteFiles();

describe('advice vignettes (issue 6)', () => {
  it('the vignette file is in the repository', () => {
    expect(fs.existsSync(files[0])).toBe(true);
  });
  for (const file of files) {
    it(`agrees with the clinicians on ${path.basename(file)}`, () => {
      const cases: Vignette[] = JSON.parse(fs.readFileSync(file, 'utf8'));
      const s = scoreVignettes(
        cases,
        (v) =>
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
          ).advice,
        (code) => pack.byExam.has(code),
      );
      const lines = [
        `${path.basename(file)}: agree ${s.agree}/${s.total}, unscored ${s.unscored.length}, over-asked ${s.overAsked.length}, wrong ${s.wrong.length} (opposite class ${s.opposite.length}), median questions per case ${s.medianQuestions}`,
        ...s.misses.map(
          (m) => `  ${m.id} expect ${m.expect} got ${m.got}${m.detail ? ` — ${m.detail}` : ''}${disputed.some((d) => d.id === m.id) ? ' [disputed]' : ''}`,
        ),
      ];
      console.log(lines.join('\n'));
      expect(
        s.opposite.map((m) => m.id),
        'opposite-class ratings',
      ).toEqual([]);
      expect(
        s.unscored.filter((m) => m.hasTopic).map((m) => m.id),
        'unscored cases whose exam has a topic',
      ).toEqual([]);
      expect(s.agree / s.total, 'agreement').toBeGreaterThanOrEqual(0.9);
    });
  }
});

describe('disputed vignettes file', () => {
  it('names a source and a reason for each disputed case', () => {
    for (const d of disputed) {
      expect(d.id).toMatch(/^[A-Z]\d\d$/);
      expect(d.source.length, d.id).toBeGreaterThan(10);
      expect(d.why.length, d.id).toBeGreaterThan(10);
    }
  });
});
