import { describe, expect, it } from 'vitest';
import { allowedRedirectTargets, ruleCoversExam, type RedirectCandidate, type RedirectRule } from './redirect-rules.ts';

const institute: RedirectCandidate = { id: 'inst', name: 'Privat røntgeninstitutt', kind: 'private_institute' };
const otherDept: RedirectCandidate = { id: 'dept2', name: 'Radiologisk avdeling, Voss', kind: 'department' };
const candidates = [otherDept, institute];
const mrKnee = { modality: 'MR', examCode: 'NGC0AG' };
const ctHead = { modality: 'CT', examCode: 'SAA0AA' };

const rule = (o: Partial<RedirectRule>): RedirectRule => ({
  id: 'r',
  targetOrgId: 'inst',
  modalities: [],
  examCodes: [],
  condition: 'always',
  note: null,
  ...o,
});

describe('ruleCoversExam', () => {
  it('matches on modality and exam code; an empty list means every one', () => {
    expect(ruleCoversExam({ modalities: [], examCodes: [] }, 'CT', 'X')).toBe(true);
    expect(ruleCoversExam({ modalities: ['MR'], examCodes: [] }, 'MR', 'X')).toBe(true);
    expect(ruleCoversExam({ modalities: ['MR'], examCodes: [] }, 'CT', 'X')).toBe(false);
    expect(ruleCoversExam({ modalities: ['MR'], examCodes: ['A'] }, 'MR', 'B')).toBe(false);
    expect(ruleCoversExam({ modalities: [], examCodes: ['A', 'B'] }, 'CT', 'B')).toBe(true);
    // Plain X-ray is one kind: a rule for "Røntgen" covers exams booked as CR and as DX.
    expect(ruleCoversExam({ modalities: ['DX'], examCodes: [] }, 'CR', 'X')).toBe(true);
    expect(ruleCoversExam({ modalities: ['CR'], examCodes: [] }, 'DX', 'X')).toBe(true);
    expect(ruleCoversExam({ modalities: ['DX'], examCodes: [] }, 'CT', 'X')).toBe(false);
  });
});

describe('allowedRedirectTargets', () => {
  it('without rules: every receiving unit in the region, as before', () => {
    expect(allowedRedirectTargets([], candidates, mrKnee).map((t) => t.id)).toEqual(['dept2', 'inst']);
  });

  it('a hospital meeting keeps the patient in hospital: no private institute, with or without rules', () => {
    expect(allowedRedirectTargets([], candidates, mrKnee, { hospitalMeeting: true }).map((t) => t.id)).toEqual(['dept2']);
    const rules = [rule({ modalities: ['MR'] }), rule({ id: 'r2', targetOrgId: 'dept2' })];
    expect(allowedRedirectTargets(rules, candidates, mrKnee, { hospitalMeeting: true, followedUpOutsideHospital: true }).map((t) => t.id)).toEqual(['dept2']);
  });

  it('with rules: only the units a rule names for the exam', () => {
    const rules = [rule({ modalities: ['MR'], note: 'Poliklinisk MR etter avtale' })];
    expect(allowedRedirectTargets(rules, candidates, mrKnee)).toEqual([{ ...institute, ruleNote: 'Poliklinisk MR etter avtale', condition: 'always' }]);
    expect(allowedRedirectTargets(rules, candidates, ctHead)).toEqual([]);
  });

  it('"followed up outside hospital" holds only when the assessor says so; the form sees it as a possibility', () => {
    const rules = [rule({ condition: 'followed_up_outside_hospital' })];
    expect(allowedRedirectTargets(rules, candidates, mrKnee, {}).map((t) => t.id)).toEqual([]);
    expect(allowedRedirectTargets(rules, candidates, mrKnee, { followedUpOutsideHospital: true }).map((t) => t.id)).toEqual(['inst']);
    expect(allowedRedirectTargets(rules, candidates, mrKnee)).toMatchObject([{ id: 'inst', condition: 'followed_up_outside_hospital' }]);
  });

  it('an unconditional rule wins over a conditional one for the same unit', () => {
    const rules = [rule({ id: 'a', condition: 'followed_up_outside_hospital', note: 'a' }), rule({ id: 'b', modalities: ['MR'], note: 'b' })];
    expect(allowedRedirectTargets(rules, candidates, mrKnee)).toMatchObject([{ id: 'inst', condition: 'always', ruleNote: 'b' }]);
    expect(allowedRedirectTargets(rules, candidates, ctHead)).toMatchObject([{ id: 'inst', condition: 'followed_up_outside_hospital', ruleNote: 'a' }]);
  });

  it('a rule for a unit that is not a candidate (outside the region, inactive) gives nothing', () => {
    expect(allowedRedirectTargets([rule({ targetOrgId: 'elsewhere' })], candidates, mrKnee)).toEqual([]);
  });
});
