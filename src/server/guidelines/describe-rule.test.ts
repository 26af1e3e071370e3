import { describe, expect, it } from 'vitest';
import { FACTS } from '../../shared/facts.ts';
import { GuidelineCatalogue } from './catalogue.ts';
import { describeRule } from './describe-rule.ts';

describe('a rule in words', () => {
  it('says a rule with the fact catalogue’s labels, in bokmål and English', () => {
    expect(describeRule('age >= 45 and not trauma and not prior_xray')).toEqual({
      nb: 'Alder minst 45 år; traume: nei; røntgen tatt: nei',
      en: 'Age at least 45 years; trauma: no; X-ray done: no',
      conditions: { nb: ['Alder minst 45 år', 'Traume: nei', 'Røntgen tatt: nei'], en: ['Age at least 45 years', 'Trauma: no', 'X-ray done: no'] },
    });
  });

  it.each([
    ['gcs <= 13', 'GCS høyst 13', 'GCS at most 13'],
    ['gcs = 14 or seizure', 'GCS 14 eller krampeanfall', 'GCS 14 or seizure'],
    [
      'gcs = 15 and (loss_of_consciousness or vomiting)',
      'GCS 15; bevissthetstap eller gjentatte oppkast',
      'GCS 15; loss of consciousness or repeated vomiting',
    ],
    ['symptom_duration_weeks < 6', 'Varighet av symptomer under 6 uker', 'Symptom duration under 6 weeks'],
    [
      "pe_probability = 'low' and d_dimer = 'negative'",
      'Klinisk sannsynlighet for lungeemboli: lav; D-dimer: negativ',
      'Clinical probability of PE: low; D-dimer: negative',
    ],
    [
      "pe_probability in ['intermediate', 'high']",
      'Klinisk sannsynlighet for lungeemboli: middels eller høy',
      'Clinical probability of PE: intermediate or high',
    ],
    ['known(whiplash) and whiplash and not neuro_deficit', 'Nakkesleng; nevrologiske utfall: nei', 'Whiplash; neurological deficit: no'],
    ['not known(trauma)', 'Traume er ikke oppgitt', 'Trauma is not stated'],
    ['not (trauma and red_flags)', 'Ikke (traume og røde flagg)', 'Not (trauma and red flags)'],
    ["sex = 'F' and ovarian_cyst_cm < 2.5", 'Kvinne; ovarialcyste, størrelse under 2,5 cm', 'Woman; ovarian cyst size under 2.5 cm'],
    ['trauma = false', 'Traume: nei', 'Trauma: no'],
  ])('%s → %s', (rule, nb, en) => {
    const d = describeRule(rule);
    expect(d.nb).toBe(nb);
    expect(d.en).toBe(en);
  });

  it('describes every published rule with no fact id, operator or formula left in it', () => {
    const ids = FACTS.map((f) => f.id).filter((id) => id.includes('_'));
    for (const topic of GuidelineCatalogue.fromContent().current().pack.topics) {
      for (const rule of topic.rules) {
        const d = describeRule(rule.when);
        for (const text of [d.nb, d.en, ...d.conditions.nb, ...d.conditions.en]) {
          expect(text, `${topic.id} › ${rule.id}`).not.toMatch(/<|>|=|!|\bknown\b|\band\b.*\bnot\b|'/);
          for (const id of ids) expect(text, `${topic.id} › ${rule.id}`).not.toContain(id);
          expect(text.length).toBeGreaterThan(2);
        }
      }
    }
  });

  it('refuses text that is not the rule language', () => {
    expect(() => describeRule('age >=')).toThrow();
    expect(() => describeRule('trauma trauma')).toThrow();
    expect(() => describeRule('known(1)')).toThrow();
  });
});
