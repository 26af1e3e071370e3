import { describe, expect, it } from 'vitest';
import { blockers, decisionStillApplies, isImplicitSubmit, ratingVariant } from './advice-view.ts';

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
