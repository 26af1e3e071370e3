// Redirect rules (videresending, issue 8 item 2): which receiving units a department's assessors
// may send a referral on to. Pure; the store reads the rules and the candidate units, the action
// and the assessment view ask this module.
//
// The department decides (migration 0175). The example is the rule set this implements:
// "patients likely followed up outside hospital may go to a private institute, those to be
// discussed in hospital meetings stay". So:
//  - a department without active rules may redirect to any receiving unit in its region (the
//    behaviour before rules existed);
//  - with rules, a unit is a target only when an active rule names it for the referral's exam
//    (its modality or NCRP code; an empty list means every one), and the rule's condition holds
//    ('followed_up_outside_hospital' needs the assessor to say so);
//  - a referral whose patient is to be discussed in a hospital meeting (tverrfaglig møte) is never
//    sent to a private institute, whatever the rules say.

import { modalityKind } from '../../shared/modality-kind.ts';

export type RedirectCondition = 'always' | 'followed_up_outside_hospital';
export const REDIRECT_CONDITIONS: readonly RedirectCondition[] = ['always', 'followed_up_outside_hospital'];

export interface RedirectRule {
  id: string;
  targetOrgId: string;
  /** DICOM modality codes (CT, MR, …); empty = every modality. */
  modalities: readonly string[];
  /** NCRP exam codes; empty = every exam. */
  examCodes: readonly string[];
  condition: RedirectCondition;
  note: string | null;
}

export interface RedirectCandidate {
  id: string;
  name: string;
  kind: string;
}

/** What the assessor states about the patient when redirecting. */
export interface RedirectCircumstances {
  /** The patient is likely followed up outside hospital (by the GP or a private specialist). */
  followedUpOutsideHospital?: boolean;
  /** The patient is to be discussed in a hospital meeting (tverrfaglig møte): stays in hospital. */
  hospitalMeeting?: boolean;
}

export interface RedirectTarget extends RedirectCandidate {
  /** The department's note on the rule that allows this target (shown to the assessor), if any. */
  ruleNote: string | null;
  /** The condition under which the target is allowed ('always' without rules). */
  condition: RedirectCondition;
}

/** Whether `rule` covers an exam of `modality` with NCRP code `examCode` (CR and DX are one kind, plain X-ray). */
export function ruleCoversExam(rule: Pick<RedirectRule, 'modalities' | 'examCodes'>, modality: string, examCode: string): boolean {
  return (
    (rule.modalities.length === 0 || rule.modalities.some((m) => modalityKind(m) === modalityKind(modality))) &&
    (rule.examCodes.length === 0 || rule.examCodes.includes(examCode))
  );
}

/**
 * The units a referral for `exam` may be redirected to, given the department's active `rules`,
 * the region's receiving units (`candidates`, the department itself excluded by the caller) and
 * what the assessor states. With `circumstances` undefined, every rule condition is taken as
 * possibly true: the list the assessment form offers, each target with the condition it needs.
 * Order: the candidates' order. Source: issue 8 item 2 (see the file comment).
 */
export function allowedRedirectTargets(
  rules: readonly RedirectRule[],
  candidates: readonly RedirectCandidate[],
  exam: { modality: string; examCode: string },
  circumstances?: RedirectCircumstances,
): RedirectTarget[] {
  const staysInHospital = circumstances?.hospitalMeeting === true;
  const eligible = candidates.filter((c) => !(staysInHospital && c.kind === 'private_institute'));
  if (rules.length === 0) return eligible.map((c) => ({ ...c, ruleNote: null, condition: 'always' as const }));
  const out: RedirectTarget[] = [];
  for (const c of eligible) {
    const matching = rules.filter((r) => r.targetOrgId === c.id && ruleCoversExam(r, exam.modality, exam.examCode));
    const holds = matching.filter((r) => r.condition === 'always' || circumstances === undefined || circumstances.followedUpOutsideHospital === true);
    if (holds.length === 0) continue;
    // An unconditional rule wins over a conditional one for the same target.
    const best = holds.find((r) => r.condition === 'always') ?? holds[0]!;
    out.push({ ...c, ruleNote: best.note, condition: best.condition });
  }
  return out;
}
