// Norwegian words must not reach a user who chose English (breakit18 outside tester: the inbox's
// modality filter said "Røntgen"/"Ultralyd", the assessment page "Symptom duration (weeks): 6 uker",
// the analytics age filter "0–19 år"). Two nets: (1) no web source file writes Norwegian text of its
// own — user text comes from the message files (src/shared/i18n), which have an English twin;
// (2) the helpers that turn codes and numbers into words give English words in English.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODALITIES } from '../shared/api/assessment.ts';
import { FACTS } from '../shared/facts.ts';
import { translate, type MessageKey } from '../shared/i18n/index.ts';
import { AGE_GROUPS, ageGroupLabel } from './analytics/age-groups.ts';
import { modalityName } from './app/modality-name.ts';
import { numberFactText } from './referrals/fact-format.ts';

const WEB = path.dirname(new URL(import.meta.url).pathname);
/** Norwegian letters, or everyday Norwegian words without them. */
const NORWEGIAN = /[æøåÆØÅ]|(?<![\w-])(uker|uke|dager|dag|og|eller|ikke|Ultralyd|Mammografi|Gjennomlysning)(?![\w-])/;
const en = (key: MessageKey, vars?: Record<string, string | number>) => translate('en', key, vars);

/** Source files of the web app (not tests). */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

/** The code without its comments (block and line; a `//` inside a URL string stays). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('English UI: no Norwegian of its own', () => {
  it('no web source writes Norwegian text outside the message files', () => {
    const hits: string[] = [];
    for (const f of sources(WEB))
      code(fs.readFileSync(f, 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          // The facts catalogue's unit is a data key ('uker'), compared, never shown.
          const shown = line.replace(/unit === 'uker'/g, '');
          if (NORWEGIAN.test(shown)) hits.push(`${path.relative(WEB, f)}:${i + 1}: ${line.trim()}`);
        });
    expect(hits).toEqual([]);
  });

  it('modality names in English (the inbox filter)', () => {
    for (const m of [...MODALITIES, 'CR']) {
      const name = modalityName(en, m);
      expect(name, m).not.toMatch(NORWEGIAN);
      expect(name.length).toBeGreaterThan(1);
    }
    expect(modalityName(en, 'US')).toBe('Ultrasound');
    expect(modalityName(en, 'DX')).toBe('X-ray');
    expect(modalityName((k) => translate('nb', k), 'US')).toBe('Ultralyd');
    expect(modalityName(en, 'ZZ')).toBe('ZZ');
  });

  it('age groups in English (the analytics filter)', () => {
    for (const g of AGE_GROUPS) expect(ageGroupLabel(g, en), g).not.toMatch(NORWEGIAN);
    expect(ageGroupLabel('0-19', en)).toBe('0–19 years');
    expect(ageGroupLabel('80+', en)).toBe('80 years and older');
    expect(ageGroupLabel('0-19', (k, v) => translate('nb', k, v))).toBe('0–19 år');
  });

  it('number facts say their unit once, in the language, singular or plural (the assessment page)', () => {
    for (const f of FACTS.filter((x) => x.type === 'number'))
      for (const v of [1, 6, 2.5]) {
        const x = numberFactText(f.label.en, f.unit, v, 'en', en);
        expect(`${x.label}: ${x.value}`, f.id).not.toMatch(NORWEGIAN);
      }
    const nb = (key: MessageKey, vars?: Record<string, string | number>) => translate('nb', key, vars);
    expect(numberFactText('Symptom duration (weeks)', 'uker', 6, 'en', en)).toEqual({ label: 'Symptom duration', value: '6 weeks' });
    expect(numberFactText('Symptom duration (weeks)', 'uker', 1, 'en', en)).toEqual({ label: 'Symptom duration', value: '1 week' });
    expect(numberFactText('Varighet av symptomer (uker)', 'uker', 1, 'nb', nb)).toEqual({ label: 'Varighet av symptomer', value: '1 uke' });
    expect(numberFactText('Varighet av symptomer (uker)', 'uker', 6, 'nb', nb)).toEqual({ label: 'Varighet av symptomer', value: '6 uker' });
    expect(numberFactText('Ovarian cyst size (cm)', 'cm', 4.5, 'en', en)).toEqual({ label: 'Ovarian cyst size', value: '4.5 cm' });
    expect(numberFactText('Wells score (PE)', 'poeng', 1, 'en', en).value).toBe('1 point');
    expect(numberFactText('eGFR', 'mL/min/1,73m²', 45, 'en', en).value).toBe('45 mL/min/1.73m²');
  });
});
