// Pure helpers for the referral form: what may be sent, and how a rating looks.

import type { Rating } from '../../shared/api/referrals.ts';

export type { Rating };

export interface AdviceLite {
  rating: Rating;
  alternative?: { kind: string; examCode?: string };
}

export type Decision = { kind: 'override'; reasonCode: string; reasonText?: string } | { kind: 'accept_alternative' } | null;

/**
 * Whether the referrer's decision on the advice (a reason to send anyway, or taking the
 * alternative) still stands when the advice is refreshed: yes when the new advice is the same
 * advice — same topic, rule, rating and alternative — since it is the same answer to the same
 * question; no when anything of that changed, so the referrer decides again on what they now see.
 */
export function decisionStillApplies(
  prev: (AdviceLite & { topicId?: string; ruleId?: string | null }) | null,
  next: (AdviceLite & { topicId?: string; ruleId?: string | null }) | null,
): boolean {
  if (!prev || !next) return false;
  return (
    prev.topicId === next.topicId &&
    (prev.ruleId ?? null) === (next.ruleId ?? null) &&
    prev.rating === next.rating &&
    (prev.alternative?.examCode ?? null) === (next.alternative?.examCode ?? null)
  );
}

/** Why the referral cannot be sent yet (message keys), or an empty list when it can. */
export function blockers(
  form: { patient: boolean; exam: boolean; department: boolean; question: string },
  advice: AdviceLite | null,
  decision: Decision,
): string[] {
  const out: string[] = [];
  if (!form.patient) out.push('ref.patient');
  if (!form.exam) out.push('ref.exam');
  if (!form.department) out.push('ref.department');
  if (form.question.trim().length < 3) out.push('ref.question');
  if (advice?.rating === 'needs_information') out.push('ref.missing');
  if (advice?.rating === 'not_allowed') out.push('ref.rating.not_allowed');
  if (advice?.rating === 'usually_not_appropriate') {
    const ok = decision !== null && (decision.kind === 'accept_alternative' ? !!advice.alternative?.examCode : decision.reasonCode !== '');
    if (!ok) out.push('ref.override');
  }
  return out;
}

export function ratingVariant(r: Rating): 'success' | 'info' | 'warning' | 'error' {
  switch (r) {
    case 'appropriate':
      return 'success';
    case 'may_be_appropriate':
      return 'info';
    case 'usually_not_appropriate':
    case 'needs_information':
      return 'warning';
    case 'not_allowed':
      return 'error';
  }
}

/**
 * True when a key press would send the form by itself (implicit submission: Enter in a one-line
 * field). The referral form stops it: only the Send button sends. Enter in a text area is a new
 * line, and Enter on a button presses that button, so both are left alone.
 */
export function isImplicitSubmit(key: string, tagName: string, type: string | null | undefined): boolean {
  if (key !== 'Enter' || tagName.toUpperCase() !== 'INPUT') return false;
  return !['submit', 'button', 'reset', 'image'].includes((type ?? 'text').toLowerCase());
}

/**
 * The answer a question of the referral form shows for fact `id`: the referrer's own answer when
 * given (it wins over the note), else what the note says — the advice response's `facts`, which
 * include what follows from the note (a motor deficit answers the red-flag question) — else
 * nothing ("Ikke oppgitt"). `fromNote` tells the form to say where the answer came from.
 */
export function shownAnswer(
  id: string,
  answers: Readonly<Record<string, boolean | number | string>>,
  noteFacts: Readonly<Record<string, boolean | number | string | undefined>> | undefined,
): { value: boolean | number | string | undefined; fromNote: boolean } {
  if (answers[id] !== undefined) return { value: answers[id], fromNote: false };
  const v = noteFacts?.[id];
  return v === undefined ? { value: undefined, fromNote: false } : { value: v, fromNote: true };
}
