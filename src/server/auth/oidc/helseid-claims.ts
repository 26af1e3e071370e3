// Reading the ID token claims HelseID issues. Pure: no I/O, no logging.
//
// Source: HelseID's discovery document (`claims_supported`: helseid://claims/identity/pid,
// helseid://claims/identity/security_level, helseid://claims/hpr/hpr_number, name, given_name,
// middle_name, family_name) and Norsk helsenett's HelseID samples, which accept a user only when
// `helseid://claims/identity/security_level` is "4" (the string "4": ID-porten level 4 / eIDAS
// "high", e.g. BankID). The HPR number is a string in the ID token; in access tokens HelseID
// has been seen to send it as an array of strings, so both forms are read.

/** Claim names as HelseID issues them. */
export const HELSEID_CLAIMS = {
  pid: 'helseid://claims/identity/pid',
  securityLevel: 'helseid://claims/identity/security_level',
  hprNumber: 'helseid://claims/hpr/hpr_number',
} as const;

export type HelseIdRefusal = 'security-level' | 'no-hpr';

export type HelseIdIdentity = { ok: true; hprNumber: string; securityLevel: number } | { ok: false; reason: HelseIdRefusal };

/** HPR numbers are up to nine digits (Helsepersonellregisteret); the directory stores 7–9. */
const HPR = /^[0-9]{7,9}$/;

function securityLevel(v: unknown): number | null {
  const s = typeof v === 'number' ? String(v) : v;
  return typeof s === 'string' && /^[1-4]$/.test(s) ? Number(s) : null;
}

function hprNumber(v: unknown): string | null {
  const values = Array.isArray(v) ? v : [v];
  if (!values.every((x): x is string => typeof x === 'string' && HPR.test(x))) return null;
  const distinct = [...new Set(values)];
  // More than one HPR number cannot be mapped to one person: refuse rather than guess.
  return distinct.length === 1 ? distinct[0] : null;
}

/**
 * What Radvis takes from a verified HelseID ID token: the HPR number (which names the person in
 * Radvis's own directory) after checking the security level. The fødselsnummer and the names are
 * not used: HelseID proves who the user is, Radvis's own grants decide what they may do.
 *
 * @param claims the ID token's claims, already verified (signature, issuer, audience, nonce, expiry)
 * @param minSecurityLevel lowest accepted level, 1–4 (4 = HelseID's "high")
 * @returns the HPR number and level, or why the login is refused: `security-level` (missing or
 *   below the minimum), `no-hpr` (no HPR number, an invalid one, or several)
 */
export function readHelseIdIdentity(claims: Record<string, unknown>, minSecurityLevel: number): HelseIdIdentity {
  const level = securityLevel(claims[HELSEID_CLAIMS.securityLevel]);
  if (level === null || level < minSecurityLevel) return { ok: false, reason: 'security-level' };
  const hpr = hprNumber(claims[HELSEID_CLAIMS.hprNumber]);
  if (hpr === null) return { ok: false, reason: 'no-hpr' };
  return { ok: true, hprNumber: hpr, securityLevel: level };
}
