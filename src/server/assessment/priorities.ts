// Priority categories (prioritet) a department gives a referral on acceptance (who may assess is
// the access gate's rule, access/gate.ts decideAssessment). There is no national priority scale for radiology (docs/domain.md): departments use
// local categories. These are Radvis' defaults; a department replaces them with its own rows in
// priority_category (migration 0080). `days` is the suggested time to the exam from the day of
// assessment; null = the assessor chooses a date (e.g. a follow-up on a set date).
export interface PriorityCategory {
  code: string;
  label: { nb: string; en: string };
  days: number | null;
}

export const DEFAULT_PRIORITY_CATEGORIES: readonly PriorityCategory[] = [
  { code: 'emergency', label: { nb: 'Øyeblikkelig hjelp', en: 'Emergency' }, days: 0 },
  { code: 'cancer_pathway', label: { nb: 'Pakkeforløp kreft', en: 'Cancer patient pathway' }, days: 7 },
  { code: 'within_days', label: { nb: 'Innen 14 dager', en: 'Within 14 days' }, days: 14 },
  { code: 'within_weeks', label: { nb: 'Innen 6 uker', en: 'Within 6 weeks' }, days: 42 },
  { code: 'within_months', label: { nb: 'Innen 3 måneder', en: 'Within 3 months' }, days: 91 },
  { code: 'control_on_date', label: { nb: 'Kontroll på dato', en: 'Follow-up on a set date' }, days: null },
];

/** Reasons for returning a referral to the referrer; 'other' needs a text. */
export const RETURN_REASONS = ['not_indicated', 'missing_information', 'duplicate', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

// Who may assess a referral is the access gate's rule (access/gate.ts decideAssessment, ASSESSOR_ROLES).
