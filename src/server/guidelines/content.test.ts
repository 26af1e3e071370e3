// Runs every test case written in the guideline content, plus engine and loader checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { advise } from './advise.ts';
import { compile } from './expression.ts';
import { checkReferralRights } from './engine.ts';
import { ContentError, GUIDELINES_DIR, isRuleIdentifier, loadGuidelinePack, packOf, RIGHTS_FILE } from './loader.ts';

const pack = loadGuidelinePack();
const NOW = new Date('2026-11-22T12:00:00Z');

describe('guideline content', () => {
  it('has the topics the first pack promises, each citing sources and marked unreviewed', () => {
    expect(pack.topics.map((t) => t.id).sort()).toEqual([
      'bihuler',
      'brystrygg',
      'frossen-skulder',
      'hodepine',
      'hodeskade',
      'hofte',
      'kne',
      'kne-rontgen',
      'korsrygg',
      'lungeemboli',
      'nakke',
      'nakke-traume',
      'ovarialcyste',
      'si-ledd',
      'skulder',
    ]);
    for (const t of pack.topics) {
      expect(t.sources.length, t.id).toBeGreaterThan(0);
      expect(t.reviewed, t.id).toBeNull();
      expect(t.tests.length, t.id).toBeGreaterThanOrEqual(5);
    }
  });

  for (const topic of pack.topics) {
    describe(topic.file, () => {
      for (const tc of topic.tests) {
        it(tc.name, () => {
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
            { now: NOW },
          );
          if (tc.expect.rating === 'none') {
            expect(r.advice).toBeNull();
            return;
          }
          expect(r.advice?.topicId).toBe(topic.id);
          expect(r.advice?.rating, JSON.stringify(r.facts)).toBe(tc.expect.rating);
          if (tc.expect.rule) expect(r.advice?.ruleId).toBe(tc.expect.rule);
          if (tc.expect.missing_facts) expect(r.advice?.missingFacts.map((m) => m.id)).toEqual(tc.expect.missing_facts);
        });
      }
    });
  }
});

describe('rule language', () => {
  const c = (s: string) => compile(s, isRuleIdentifier);
  it('uses three-valued logic for missing facts', () => {
    expect(c('trauma and knee_locking').evaluate({ trauma: false })).toBe(false);
    expect(c('trauma and knee_locking').evaluate({ trauma: true })).toBeUndefined();
    expect(c('trauma or knee_locking').evaluate({ knee_locking: true })).toBe(true);
    expect(c('not trauma').evaluate({})).toBeUndefined();
    expect(c('age >= 45 and known(prior_xray)').evaluate({ age: 50 })).toBe(false);
    expect(c("d_dimer in ['negative', 'positive']").evaluate({ d_dimer: 'negative' })).toBe(true);
    expect(c('gcs <= 13').identifiers).toEqual(['gcs']);
  });
  it('rejects unknown facts and bad syntax', () => {
    expect(() => c('no_such_fact')).toThrow(/unknown fact/);
    expect(() => c('age >=')).toThrow();
    expect(() => c('(trauma')).toThrow(/expected/);
  });
});

describe('engine', () => {
  it('never says appropriate silently when facts are missing', () => {
    const r = advise(pack, { examCode: 'SNA0GG', patient: { ageYears: 40, sex: 'M' }, facts: {} });
    expect(r.advice?.rating).toBe('needs_information');
    expect(r.advice?.missingFacts[0].question.nb).toMatch(/røde flagg/);
  });
  it('marks the advice of a silent topic silent whatever it decides (issue 11 silent mode)', () => {
    const silentPack = packOf(
      pack.topics.map((t) => (t.id === 'kne' ? { ...t, silent: true } : t)),
      pack.rights,
    );
    const decided = advise(silentPack, { examCode: 'SNG0AG', patient: { ageYears: 30, sex: 'M' }, facts: { trauma: true, knee_locking: true } }).advice;
    expect(decided).toMatchObject({ topicId: 'kne', rating: 'appropriate', silent: true });
    const missing = advise(silentPack, { examCode: 'SNG0AG', patient: { ageYears: 58, sex: 'F' }, facts: {} }).advice;
    expect(missing).toMatchObject({ rating: 'needs_information', silent: true });
    expect(
      advise(pack, { examCode: 'SNG0AG', patient: { ageYears: 30, sex: 'M' }, facts: { trauma: true, knee_locking: true } }).advice?.silent,
    ).toBeUndefined();
  });
  it('gives no advice for an exam no topic covers', () => {
    expect(advise(pack, { examCode: 'SJX0AK', patient: { ageYears: 40, sex: 'M' }, facts: {} }).advice).toBeNull();
  });
  it('structured answers win over what the text says', () => {
    const r = advise(pack, {
      examCode: 'SNA0GG',
      patient: { ageYears: 40, sex: 'M' },
      facts: { symptom_duration_weeks: 10 },
      text: 'Ryggsmerter i 2 uker. Ingen røde flagg.',
    });
    expect(r.facts.symptom_duration_weeks).toBe(10);
    expect(r.extracted.facts.symptom_duration_weeks).toBe(2);
  });
  it('explains the outcome with the rule, the facts used and the sources', () => {
    const r = advise(pack, { examCode: 'SNG0AG', patient: { ageYears: 55, sex: 'F' }, facts: { trauma: false, prior_xray: false } });
    expect(r.advice).toMatchObject({
      rating: 'usually_not_appropriate',
      score: 2,
      ruleId: 'degenerativ-uten-rontgen',
      alternative: { kind: 'xray_first', examCode: 'SNG0AA' },
    });
    expect(r.advice!.factsUsed).toMatchObject({ age: 55, trauma: false, prior_xray: false });
    expect(r.advice!.sources[0].url).toMatch(/^https:\/\//);
  });
  it('applies limited referral rights for chiropractors', () => {
    expect(checkReferralRights(pack, 'chiropractor', 'SNA0GG')).toEqual({ allowed: true });
    const r = advise(pack, { examCode: 'SAA0AD', patient: { ageYears: 40, sex: 'M' }, referrerKind: 'chiropractor', facts: {} });
    expect(r.advice?.rating).toBe('not_allowed');
    expect(checkReferralRights(pack, 'gp', 'SAA0AD')).toEqual({ allowed: true });
  });
});

describe('loader', () => {
  function withFile(name: string, content: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-guidelines-'));
    fs.writeFileSync(path.join(dir, name), content);
    return dir;
  }
  const kne = fs.readFileSync(path.join(GUIDELINES_DIR, 'kne.yaml'), 'utf8');
  it('names file, rule and field for a bad expression', () => {
    const dir = withFile(
      'kne.yaml',
      kne.replace(
        'when: "trauma and (knee_locking or knee_effusion or knee_instability)"',
        'when: "trauma and (knee_lockin or knee_effusion or knee_instability)"',
      ),
    );
    expect(() => loadGuidelinePack(dir, RIGHTS_FILE)).toThrow(/kne\.yaml › rules › traume-mekaniske-symptomer › when: unknown fact "knee_lockin"/);
  });
  it('refuses a score that does not fit the rating, an unknown exam code and a missing source', () => {
    expect(() => loadGuidelinePack(withFile('kne.yaml', kne.replace('score: 8', 'score: 2')), RIGHTS_FILE)).toThrow(ContentError);
    expect(() => loadGuidelinePack(withFile('kne.yaml', kne.replace('exam_codes: [SNG0AG]', 'exam_codes: [XXX0AA]')), RIGHTS_FILE)).toThrow(
      /not in content\/codes\/ncrp\.csv/,
    );
    expect(() =>
      loadGuidelinePack(withFile('kne.yaml', kne.replace('sources: [is1899]\n  - id: fremre', 'sources: [nope]\n  - id: fremre')), RIGHTS_FILE),
    ).toThrow(/unknown source id "nope"/);
  });
  it('refuses a summary over 140 characters', () => {
    const long = 'x'.repeat(150);
    expect(() =>
      loadGuidelinePack(withFile('kne.yaml', kne.replace('MR er egnet etter traume med hydrops, låsninger eller instabilitet', long)), RIGHTS_FILE),
    ).toThrow(/at most 140/);
  });
});
