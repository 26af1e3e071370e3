import { describe, expect, it } from 'vitest';
import { blockers, decisionStillApplies, isImplicitSubmit, ratingVariant, shownAnswer } from './advice-view.ts';

const filled = { patient: true, exam: true, department: true, question: 'Menisk?' };

describe('sending rules in the referral form', () => {
  it('allows sending an appropriate referral with everything filled in', () => {
    expect(blockers(filled, { rating: 'appropriate' }, null)).toEqual([]);
  });
  it('blocks while information is missing or the referrer may not refer', () => {
    expect(blockers(filled, { rating: 'needs_information' }, null)).toEqual(['ref.missing']);
    expect(blockers(filled, { rating: 'not_allowed' }, null)).toEqual(['ref.rating.not_allowed']);
  });
  it('needs a reason or the alternative when usually not appropriate', () => {
    const advice = { rating: 'usually_not_appropriate' as const, alternative: { kind: 'xray_first', examCode: 'SNG0AA' } };
    expect(blockers(filled, advice, null)).toEqual(['ref.override']);
    expect(blockers(filled, advice, { kind: 'override', reasonCode: '' })).toEqual(['ref.override']);
    expect(blockers(filled, advice, { kind: 'override', reasonCode: 'clinical-judgement' })).toEqual([]);
    expect(blockers(filled, advice, { kind: 'accept_alternative' })).toEqual([]);
    expect(blockers(filled, { rating: 'usually_not_appropriate', alternative: { kind: 'watchful_waiting' } }, { kind: 'accept_alternative' })).toEqual([
      'ref.override',
    ]);
  });
  it('names missing form fields', () => {
    expect(blockers({ patient: false, exam: true, department: false, question: '' }, null, null)).toEqual(['ref.patient', 'ref.department', 'ref.question']);
  });
  it('maps ratings to alert variants', () => {
    expect(ratingVariant('not_allowed')).toBe('error');
    expect(ratingVariant('appropriate')).toBe('success');
  });
});

describe('Enter in the referral form', () => {
  it('never sends from a one-line field, but leaves text areas and buttons alone', () => {
    expect(isImplicitSubmit('Enter', 'INPUT', 'text')).toBe(true);
    expect(isImplicitSubmit('Enter', 'input', null)).toBe(true);
    expect(isImplicitSubmit('Enter', 'INPUT', 'checkbox')).toBe(true);
    expect(isImplicitSubmit('Enter', 'TEXTAREA', undefined)).toBe(false);
    expect(isImplicitSubmit('Enter', 'BUTTON', 'submit')).toBe(false);
    expect(isImplicitSubmit('Enter', 'INPUT', 'submit')).toBe(false);
    expect(isImplicitSubmit('a', 'INPUT', 'text')).toBe(false);
  });
});

describe('decisionStillApplies', () => {
  const base = {
    topicId: 'kne',
    ruleId: 'degenerativ-uten-rontgen',
    rating: 'usually_not_appropriate' as const,
    alternative: { kind: 'exam', examCode: 'SNG0AA' },
  };
  it('keeps the decision when a refresh gives the same advice', () => {
    expect(decisionStillApplies(base, { ...base })).toBe(true);
  });
  it('asks again when topic, rule, rating or alternative changed, or there was no advice', () => {
    expect(decisionStillApplies(base, { ...base, topicId: 'kne-rontgen' })).toBe(false);
    expect(decisionStillApplies(base, { ...base, ruleId: 'annen' })).toBe(false);
    expect(decisionStillApplies(base, { ...base, rating: 'may_be_appropriate' })).toBe(false);
    expect(decisionStillApplies(base, { ...base, alternative: { kind: 'exam', examCode: 'SNG0AB' } })).toBe(false);
    expect(decisionStillApplies(null, base)).toBe(false);
    expect(decisionStillApplies(base, null)).toBe(false);
  });
});

describe('the answers the referral form shows (ux27: the red-flag question said "Ikke oppgitt" while the note named a deficit)', () => {
  const note = { red_flags: true, neuro_deficit: true, symptom_duration_weeks: 3 };
  it('shows what the note says (with what follows from it) for a question the referrer has not answered', () => {
    expect(shownAnswer('red_flags', {}, note)).toEqual({ value: true, fromNote: true });
    expect(shownAnswer('symptom_duration_weeks', {}, note)).toEqual({ value: 3, fromNote: true });
  });
  it("lets the referrer's own answer win over the note, also a no", () => {
    expect(shownAnswer('red_flags', { red_flags: false }, note)).toEqual({ value: false, fromNote: false });
  });
  it('shows nothing when neither the note nor the referrer says anything, or before any advice', () => {
    expect(shownAnswer('night_pain', {}, note)).toEqual({ value: undefined, fromNote: false });
    expect(shownAnswer('red_flags', {}, undefined)).toEqual({ value: undefined, fromNote: false });
  });
});
