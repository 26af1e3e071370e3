// Texts of the CDS Hooks card Radvis gives when it cannot confirm the ordering user's referral
// rights (interop/cds-hooks: deny by default — advice only, nothing that needs referral rights),
// bokmål and English with the same keys. {exam} is the exam's name.
export const nb = {
  'cdsRights.summary': 'Henvisningsretten din er ikke bekreftet: {exam} krever full henvisningsrett',
  'cdsRights.detail':
    'Radvis fant ikke ut hvilken henvisningsrett du har (helsepersonellnummer eller autorisasjon ble ikke sendt og kunne ikke hentes fra journalsystemet). ' +
    'Uten bekreftet henvisningsrett gir Radvis bare faglige råd. {exam} kan bare henvises av helsepersonell med full henvisningsrett, som leger; ' +
    'kiropraktorer og manuellterapeuter har avgrenset henvisningsrett. Kontroller at du har rett til å henvise til denne undersøkelsen før du signerer.',
  'cdsRights.source': 'Radvis (katalog over henvisningsrett)',
  'cdsRights.outcome': 'Henvisningsretten din er ikke bekreftet, så Radvis gir bare faglige råd der henvisningsretten ikke avgjør svaret.',
} as const;

export const en: Record<keyof typeof nb, string> = {
  'cdsRights.summary': 'Your referral rights are not confirmed: {exam} needs full referral rights',
  'cdsRights.detail':
    'Radvis could not find out which referral rights you hold (no health personnel number or authorization was sent, and the record system could not be asked). ' +
    'Without confirmed referral rights Radvis gives clinical advice only. {exam} may only be referred by health personnel with full referral rights, such as physicians; ' +
    'chiropractors and manual therapists have limited referral rights. Check that you may refer to this exam before you sign.',
  'cdsRights.source': 'Radvis (catalogue of referral rights)',
  'cdsRights.outcome': 'Your referral rights are not confirmed, so Radvis gives clinical advice only where referral rights do not decide the answer.',
};
