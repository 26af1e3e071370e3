// Reasons a referrer may give for sending a referral against "usually not appropriate" advice.
// CDS Hooks 2.0 gives override reasons as Codings and prescribes no code set ("implementers are
// encouraged to submit suggestions"); HL7 has no published non-adherence code system for
// imaging advice that we could cite. So this is Radvis's own small code system, shaped after the
// reasons clinicians document for not following a guideline: something about this patient,
// clinical judgement, the alternative already tried, the patient's informed preference, a
// specialist's request, or advice that does not fit. Codes are stable (stored with decisions
// and CDS feedback); labels may be reworded. Used by the app API and as CDS card overrideReasons.
export const OVERRIDE_SYSTEM = 'https://radvis.no/fhir/CodeSystem/override-reason';

export const OVERRIDE_REASONS = [
  {
    code: 'patient-specific',
    display: { nb: 'Pasientspesifikke forhold som ikke er beskrevet i rådet', en: 'Patient-specific circumstances not covered by the advice' },
  },
  { code: 'clinical-judgement', display: { nb: 'Klinisk skjønn etter undersøkelse', en: 'Clinical judgement after examination' } },
  { code: 'alternative-tried', display: { nb: 'Anbefalt alternativ er allerede forsøkt', en: 'The recommended alternative has already been tried' } },
  { code: 'patient-preference', display: { nb: 'Pasientens ønske etter informasjon om rådet', en: 'Patient preference after being informed of the advice' } },
  { code: 'specialist-request', display: { nb: 'Etter ønske fra spesialist', en: 'Requested by a specialist' } },
  { code: 'advice-not-applicable', display: { nb: 'Rådet passer ikke for denne problemstillingen', en: 'The advice does not fit this clinical question' } },
] as const;

/**
 * The override reasons a CDS card with advice `rating` offers (CDS Hooks 2.0 Card.overrideReasons):
 * Radvis's reasons for "usually not appropriate" advice, none otherwise (and none for a card
 * without advice, rating null). cards.ts builds the card from this; feedback is checked against it.
 */
export function offeredOverrideReasons(rating: string | null): readonly { system: string; code: OverrideCode }[] {
  return rating === 'usually_not_appropriate' ? OVERRIDE_REASONS.map((o) => ({ system: OVERRIDE_SYSTEM, code: o.code })) : [];
}

export type OverrideCode = (typeof OVERRIDE_REASONS)[number]['code'];
export const isOverrideCode = (c: string): c is OverrideCode => OVERRIDE_REASONS.some((r) => r.code === c);
