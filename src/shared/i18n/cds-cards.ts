// The fixed words of Radvis's CDS Hooks advice cards (interop/cds-hooks/cards.ts), bokmål and
// English with the same keys; the advice itself comes from the guideline content in the same
// language. {exam} is an exam's name, {weeks} a number of weeks, {topic} the topic's title.
export const nb = {
  'cdsCard.switchTo': 'Bytt til {exam}',
  'cdsCard.waitWeeks': 'Avvent {weeks} uker – fjern bestillingen',
  'cdsCard.wait': 'Avvent – fjern bestillingen',
  'cdsCard.remove': 'Fjern bestillingen',
  'cdsCard.missing': 'Mangler',
  'cdsCard.assumes': 'Rådet forutsetter',
  'cdsCard.alternative': 'Alternativ',
  'cdsCard.sources': 'Kilder',
  'cdsCard.notReviewed': 'Rådet er ikke ferdig gjennomgått av fagredaktør.',
  'cdsCard.source': 'Radvis henvisningsråd',
  'cdsCard.link': 'Henvisningsråd: {topic}',
} as const;

export const en: Record<keyof typeof nb, string> = {
  'cdsCard.switchTo': 'Switch to {exam}',
  'cdsCard.waitWeeks': 'Wait {weeks} weeks – remove the order',
  'cdsCard.wait': 'Wait – remove the order',
  'cdsCard.remove': 'Remove the order',
  'cdsCard.missing': 'Missing',
  'cdsCard.assumes': 'The advice assumes',
  'cdsCard.alternative': 'Alternative',
  'cdsCard.sources': 'Sources',
  'cdsCard.notReviewed': 'The advice has not yet been fully reviewed by a clinical editor.',
  'cdsCard.source': 'Radvis referral advice',
  'cdsCard.link': 'Referral advice: {topic}',
};
