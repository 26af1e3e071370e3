import { describe, expect, it } from 'vitest';
import { MESSAGES, type MessageKey } from '../../shared/i18n/index.ts';
import { consultErrorKey, ruleLines, targetText } from './consult-view.ts';

const t = (key: MessageKey, vars: Record<string, string | number> = {}) =>
  String(MESSAGES.nb[key]).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));

describe('consult and list texts', () => {
  it('names the target in words', () => {
    expect(targetText({ target: { subspecialty: 'nevroradiologi', person: null, trust: 'Helse Vidde' } }, t)).toBe('nevroradiologi, Helse Vidde');
    expect(targetText({ target: { subspecialty: null, person: 'Ola Nordmann', trust: 'Helse Vidde' } }, t)).toBe('Ola Nordmann, Helse Vidde');
  });
  it('puts a list’s rules in words without codes or ids', () => {
    const lines = ruleLines(
      {
        rules: {
          modalities: ['CT', 'MR'],
          bodyParts: [],
          exams: [{ code: 'SAA0AD', name: 'CT caput' }],
          priorities: ['acute', 'cancer_pathway'],
          sites: [{ id: 'org-1', name: 'Fjord sykehus' }],
          trusts: [],
          subspecialty: 'nevroradiologi',
        },
      },
      t,
    );
    expect(lines).toEqual([
      'Modalitet: CT, MR',
      'Undersøkelse: CT caput',
      'Prioritet: Øyeblikkelig hjelp, Pakkeforløp kreft',
      'Sted: Fjord sykehus',
      'Krever subspesialitet: nevroradiologi',
    ]);
    expect(lines.join(' ')).not.toMatch(/SAA0AD|org-1|cancer_pathway/);
    expect(ruleLines({ rules: { modalities: [], bodyParts: [], exams: [], priorities: [], sites: [], trusts: [], subspecialty: null } }, t)).toEqual([]);
  });
  it('maps refusals to messages', () => {
    expect(consultErrorKey(400, 'same-trust')).toBe('rc.error.same-trust');
    expect(consultErrorKey(409, 'consult-not-open')).toBe('rc.conflict');
    expect(consultErrorKey(403, 'not-consultant')).toBe('rc.forbidden');
    expect(consultErrorKey(500, undefined)).toBe('rc.error');
    // Applying an answer to the report: applied already, the report changed, or reporting's rules say no.
    expect(consultErrorKey(409, 'already-applied')).toBe('rc.error.already-applied');
    expect(consultErrorKey(409, 'final-not-editable')).toBe('rc.error.report-state');
    expect(consultErrorKey(409, 'stale-version')).toBe('rc.error.report-state');
    expect(consultErrorKey(403, 'not-author')).toBe('rc.apply.none');
  });
});
