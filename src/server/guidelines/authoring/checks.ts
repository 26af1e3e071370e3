// What must hold before a topic version may be published (issue 11, workflow): every test case
// written in the topic passes, and the agreement with the clinicians' advice vignettes
// (content/guidelines/test-sets/vignettes-80.json, issue 6) does not fall compared with the pack
// in effect. Pure: the packs are given.
import fs from 'node:fs';
import path from 'node:path';
import { advise } from '../advise.ts';
import { GUIDELINES_DIR, packOf } from '../loader.ts';
import type { GuidelinePack, Topic } from '../types.ts';
import { scoreVignettes, type Vignette } from '../vignette-score.ts';

/** The vignette set the publish check scores (the repository's copy of the shared set). */
export const VIGNETTES_FILE = path.join(GUIDELINES_DIR, 'test-sets/vignettes-80.json');

let vignettesCache: Vignette[] | undefined;
/** The vignettes (read once per process). */
export function loadVignettes(file = VIGNETTES_FILE): Vignette[] {
  if (file !== VIGNETTES_FILE) return JSON.parse(fs.readFileSync(file, 'utf8')) as Vignette[];
  vignettesCache ??= JSON.parse(fs.readFileSync(file, 'utf8')) as Vignette[];
  return vignettesCache;
}

export interface TopicTestResult {
  name: string;
  passed: boolean;
  /** What was expected and what came, in words for the editor (English; ratings as the file spells them). */
  detail: string;
}

/**
 * Runs the topic's own test cases (`tests` in the file) against `pack`, which must contain the
 * topic, exactly as src/server/guidelines/content.test.ts runs the files: advise() with the
 * structured facts and the free text, at a fixed `now` (durations in notes are read against it).
 */
export function runTopicTests(pack: GuidelinePack, topic: Topic, now: Date): TopicTestResult[] {
  return topic.tests.map((tc) => {
    const r = advise(
      pack,
      {
        examCode: tc.input.exam_code,
        patient: { ageYears: tc.input.age, sex: tc.input.sex },
        referrerKind: tc.input.referrer_kind,
        indication: tc.input.indication,
        facts: tc.input.facts ?? {},
        text: tc.input.text,
      },
      { now },
    );
    const a = r.advice;
    const problems: string[] = [];
    if (tc.expect.rating === 'none') {
      if (a) problems.push(`expected no advice, got ${a.rating} (${a.topicId})`);
    } else if (!a) problems.push(`expected ${tc.expect.rating}, got no advice`);
    else {
      if (a.topicId !== topic.id) problems.push(`expected advice from this topic, got topic ${a.topicId}`);
      if (a.rating !== tc.expect.rating) problems.push(`expected ${tc.expect.rating}, got ${a.rating}`);
      if (tc.expect.rule && a.ruleId !== tc.expect.rule && !(tc.expect.rule === 'otherwise' && a.ruleId === null))
        problems.push(`expected rule ${tc.expect.rule}, got ${a.ruleId ?? 'otherwise'}`);
      if (tc.expect.missing_facts) {
        const got = a.missingFacts.map((m) => m.id);
        if (JSON.stringify(got) !== JSON.stringify(tc.expect.missing_facts))
          problems.push(`expected missing facts [${tc.expect.missing_facts.join(', ')}], got [${got.join(', ')}]`);
      }
    }
    return { name: tc.name, passed: problems.length === 0, detail: problems.join('; ') || 'as expected' };
  });
}

/** `pack` with `topic` in place of the topic of the same id (or added), published. */
export function packWithTopic(pack: GuidelinePack, topic: Topic): GuidelinePack {
  const t: Topic = { ...topic, status: 'published' };
  const topics = pack.topics.some((x) => x.id === t.id) ? pack.topics.map((x) => (x.id === t.id ? t : x)) : [...pack.topics, t];
  return packOf(topics, pack.rights);
}

export interface VignetteAgreement {
  agree: number;
  total: number;
}

/** Agreement of `pack` with the vignettes, through advise() with the note as free text (as vignettes.test.ts). */
export function vignetteAgreement(pack: GuidelinePack, vignettes: Vignette[], now: Date): VignetteAgreement {
  const s = scoreVignettes(
    vignettes,
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
        { now },
      ).advice,
    (code) => pack.byExam.has(code),
  );
  return { agree: s.agree, total: s.total };
}

export interface PublishChecks {
  passed: boolean;
  tests: TopicTestResult[];
  vignettes: { before: VignetteAgreement; after: VignetteAgreement; fell: boolean };
  checkedAt: string;
}

/**
 * The publish checks for `topic` against the pack in effect `current`: all the topic's tests pass
 * under the candidate pack (current with this topic replaced), and the vignette agreement of the
 * candidate pack is at least that of the current pack.
 */
export function publishChecks(current: GuidelinePack, topic: Topic, now: Date, vignettes = loadVignettes()): PublishChecks {
  const candidate = packWithTopic(current, topic);
  const tests = runTopicTests(
    candidate,
    candidate.topics.find((t) => t.id === topic.id)!,
    now,
  );
  const before = vignetteAgreement(current, vignettes, now);
  const after = vignetteAgreement(candidate, vignettes, now);
  const fell = after.agree < before.agree;
  return { passed: tests.every((t) => t.passed) && tests.length > 0 && !fell, tests, vignettes: { before, after, fell }, checkedAt: now.toISOString() };
}
