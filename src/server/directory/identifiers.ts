// Norwegian person identifiers.
// Fødselsnummer: DDMMYY + individnummer (3) + two mod-11 check digits (Skatteetaten). From 2032
// the first check digit may be computed with remainder 0–3 and the individual number no longer
// tells the sex (Skatteetaten, «Nytt fødselsnummer fra 2032»); @navikt/fnrvalidator implements
// the check digits of both rules, so we use it rather than our own checksum code.
// D-nummer: day + 40 (own OID 2.16.578.1.12.4.1.4.2). Synthetic test numbers (Tenor/Testnorge):
// month + 80; NAV's older synthetic series and hjelpenummer: month + 40.
// HPR-nummer (Helsepersonellregisteret, OID 2.16.578.1.12.4.1.4.4): up to 9 digits; no public
// check digit, so only the form is checked.
import { idnr } from '@navikt/fnrvalidator';

/** OIDs of the Norwegian identifier namespaces (HL7 Norway no-basis, NamingSystem no-basis-*). */
export const FNR_OID = 'urn:oid:2.16.578.1.12.4.1.4.1';
export const DNR_OID = 'urn:oid:2.16.578.1.12.4.1.4.2';
export const HPR_OID = 'urn:oid:2.16.578.1.12.4.1.4.4';
/**
 * Felles hjelpenummer (FH-nummer, Norsk helsenett's common auxiliary number for people without a
 * known fødselsnummer or D-number): its own OID in HL7 Norway's identifier namespace code system
 * (HL7Norway/kodeverk no-basis-identifikator-namespace: urn:oid:2.16.578.1.12.4.1.4.3 "Felles
 * hjelpenummer"). 11 digits, first digit 8 or 9, the same two mod-11 check digits as a
 * fødselsnummer, the rest random: it tells neither birth date nor sex (nhn.no, "Hva er felles
 * hjelpenummer?"; KITH-standard 1001:2010).
 */
export const FH_OID = 'urn:oid:2.16.578.1.12.4.1.4.3';
/** Systems a patient may be identified by. */
export const PATIENT_IDENTIFIER_SYSTEMS: readonly string[] = [FNR_OID, DNR_OID, FH_OID];

/**
 * The URIs HL7 Norway's NamingSystems declare beside each OID (no-basis-fodselsnummer, -dnummer,
 * -felleshjelpenummer, -helsepersonellnummer: uniqueId type uri, preferred false; the OID is
 * preferred), to the OID. Profiles built on no-basis fix some of them ("identifier[DNR].system =
 * http://hl7.no/fhir/NamingSystem/DNR (exactly)"), so record systems send them; the same path under
 * https is read too. Radvis answers with the OIDs.
 */
const NAMING_SYSTEM_URIS = new Map<string, string>(
  (
    [
      ['FNR', FNR_OID],
      ['DNR', DNR_OID],
      ['FHNR', FH_OID],
      ['HPR', HPR_OID],
    ] as const
  ).flatMap(([name, oid]): [string, string][] => [
    [`http://hl7.no/fhir/NamingSystem/${name}`, oid],
    [`https://hl7.no/fhir/NamingSystem/${name}`, oid],
  ]),
);

/**
 * The OID an identifier system names: a Norwegian NamingSystem URI (NAMING_SYSTEM_URIS) becomes its
 * OID; any other system is returned as it is.
 */
export function canonicalIdentifierSystem(system: string): string;
export function canonicalIdentifierSystem(system: string | undefined): string | undefined;
export function canonicalIdentifierSystem(system: string | undefined): string | undefined {
  return system === undefined ? undefined : (NAMING_SYSTEM_URIS.get(system) ?? system);
}

/** Whether `system` is a patient identifier system (PATIENT_IDENTIFIER_SYSTEMS), by OID or NamingSystem URI. */
export function isPatientIdentifierSystem(system: unknown): system is string {
  return typeof system === 'string' && PATIENT_IDENTIFIER_SYSTEMS.includes(canonicalIdentifierSystem(system));
}

/** Whether `system` is the HPR number's, by OID or NamingSystem URI. */
export function isHprSystem(system: unknown): system is string {
  return typeof system === 'string' && canonicalIdentifierSystem(system) === HPR_OID;
}

export interface ParsedFnr {
  birthDate: string; // YYYY-MM-DD
  /** Null for numbers issued under the 2032 rule, whose individual number does not tell the sex. */
  sex: 'M' | 'F' | null;
  dNumber: boolean;
  synthetic: boolean;
}

export type FnrResult = { ok: true; value: ParsedFnr } | { ok: false; reason: string };

function century(year2: number, individual: number): number | null {
  if (individual <= 499) return 1900;
  if (individual <= 749 && year2 >= 54) return 1800;
  if (individual >= 900 && year2 >= 40) return 1900;
  if (year2 <= 39) return 2000;
  return null;
}

/**
 * Parses a fødselsnummer, D-number or synthetic number (11 digits, spaces allowed). Check digits
 * by @navikt/fnrvalidator (both the classic and the 2032 rule); birth date with century from the
 * individual number (Skatteetaten's table) and sex from the third individual digit (odd = male)
 * when the number follows the classic rule.
 */
export function parseFnr(input: string): FnrResult {
  const s = input.replace(/\s/g, '');
  if (!/^\d{11}$/.test(s)) return { ok: false, reason: 'Fødselsnummeret må ha 11 siffer' };
  const v = idnr(s);
  if (v.status === 'invalid' && v.reasons.includes("checksums don't match")) return { ok: false, reason: 'Fødselsnummeret har feil kontrollsiffer' };
  const d = [...s].map(Number);
  let day = d[0] * 10 + d[1];
  let month = d[2] * 10 + d[3];
  const year2 = d[4] * 10 + d[5];
  const individual = d[6] * 100 + d[7] * 10 + d[8];
  const dNumber = day > 40;
  if (dNumber) day -= 40;
  const synthetic = month > 80;
  if (synthetic) month -= 80;
  else if (month > 40) month -= 40; // NAV/Skatteetaten synthetic series and hjelpenummer (+40)
  const c = century(year2, individual);
  if (c === null) return { ok: false, reason: 'Fødselsnummeret har et individnummer som ikke passer med fødselsåret' };
  const year = c + year2;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    return { ok: false, reason: 'Fødselsnummeret har en ugyldig fødselsdato' };
  }
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const classic = checkDigit(d, K1) === d[9];
  return { ok: true, value: { birthDate, sex: classic ? (d[8] % 2 === 1 ? 'M' : 'F') : null, dNumber, synthetic } };
}

/**
 * The identifier system a number belongs under: the FH-nummer OID for numbers starting with 8 or
 * 9, the D-number OID for D-numbers (first digit 4–7), else the fødselsnummer OID.
 */
export function patientIdentifierSystem(number: string): string {
  const first = Number(number[0]);
  return first >= 8 ? FH_OID : first >= 4 ? DNR_OID : FNR_OID;
}

/**
 * The first digits of the numbers filed under a patient identifier system, as Radvis tells them
 * apart (`patientIdentifierSystem`): fødselsnummer 0–3, D-number 4–7 (day + 40), FH-nummer 8–9.
 * For a token search `[system]|` ("any value in this system", R4 search.html#token). Null for a
 * system that is no Norwegian patient identifier system.
 */
export function patientSystemFirstDigits(system0: string): readonly string[] | null {
  const system = canonicalIdentifierSystem(system0);
  if (system === FNR_OID) return ['0', '1', '2', '3'];
  if (system === DNR_OID) return ['4', '5', '6', '7'];
  if (system === FH_OID) return ['8', '9'];
  return null;
}

/** A felles hjelpenummer (FH-nummer): 11 digits, first 8 or 9, valid mod-11 check digits (see FH_OID). */
export function isFhNumber(input: string): boolean {
  const s = input.replace(/\s/g, '');
  if (!/^[89]\d{10}$/.test(s)) return false;
  const d = [...s].map(Number);
  const k1 = checkDigit(d, K1);
  return k1 === d[9] && checkDigit(d, K2) === d[10];
}

/** `parsed` is null for an FH-nummer, which tells neither birth date nor sex. */
export type PatientIdentifierResult = { ok: true; number: string; parsed: ParsedFnr | null } | { ok: false; reason: string };

/**
 * A patient identifier (system + value) as FHIR gives it: the system must be the fødselsnummer,
 * D-number or felles hjelpenummer OID (or its NamingSystem URI, canonicalIdentifierSystem), the value a valid number (record systems file D-numbers
 * under the fødselsnummer OID too; we accept that and answer with the right OID; a number that is
 * not a D-number under the D-number OID is refused). Invalid check digits or dates give `ok: false`
 * with a reason in bokmål.
 */
export function parsePatientIdentifier(system0: string | undefined, value: string | undefined): PatientIdentifierResult {
  const system = canonicalIdentifierSystem(system0);
  if (!system || !PATIENT_IDENTIFIER_SYSTEMS.includes(system))
    return { ok: false, reason: `system must be ${FNR_OID} (fødselsnummer), ${DNR_OID} (D-nummer) or ${FH_OID} (felles hjelpenummer)` };
  if (!value) return { ok: false, reason: 'value is required' };
  if (system === FH_OID) {
    if (!isFhNumber(value)) return { ok: false, reason: 'Felles hjelpenummer må ha 11 siffer, begynne med 8 eller 9 og ha gyldige kontrollsiffer' };
    return { ok: true, number: value.replace(/\s/g, ''), parsed: null };
  }
  const r = parsePatientNumber(value);
  // The D-number namespace holds D-numbers only (day + 40): a fødselsnummer or FH-nummer filed under
  // it names no one there (HL7 Norway NamingSystem no-basis-dnummer). The reverse, a D-number under
  // the fødselsnummer OID, is accepted: record systems file them so (see above).
  if (r.ok && system === DNR_OID && !r.parsed?.dNumber)
    return { ok: false, reason: 'D-nummeret må ha dag + 40 (første siffer 4–7); et fødselsnummer hører under fødselsnummer-OID-en' };
  return r;
}

/**
 * A patient number given without a system (a token search `patient.identifier=31836000067`):
 * a fødselsnummer, D-number, synthetic number or FH-nummer, told apart by its digits.
 */
export function parsePatientNumber(value: string | undefined): PatientIdentifierResult {
  if (!value) return { ok: false, reason: 'value is required' };
  if (/^[89]/.test(value.trim())) return parsePatientIdentifier(FH_OID, value);
  const p = parseFnr(value);
  if (!p.ok) return { ok: false, reason: p.reason };
  return { ok: true, number: value.replace(/\s/g, ''), parsed: p.value };
}

/**
 * Birth date and sex of a FHIR Patient, taken from the Patient when it has them and otherwise
 * derived from its fødselsnummer / D-number identifier. Returns null fields it cannot tell.
 */
export function patientDemographics(patient: { birthDate?: unknown; gender?: unknown; identifier?: unknown }): {
  birthDate: string | null;
  sex: 'M' | 'F' | null;
} {
  let birthDate = typeof patient.birthDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate) ? patient.birthDate : null;
  let sex: 'M' | 'F' | null = patient.gender === 'male' ? 'M' : patient.gender === 'female' ? 'F' : null;
  if ((!birthDate || !sex) && Array.isArray(patient.identifier)) {
    for (const i of patient.identifier as { system?: unknown; value?: unknown }[]) {
      if (typeof i?.system !== 'string' || typeof i.value !== 'string') continue;
      const r = parsePatientIdentifier(i.system, i.value);
      if (!r.ok) continue;
      if (!r.parsed) continue;
      birthDate ??= r.parsed.birthDate;
      sex ??= r.parsed.sex;
      break;
    }
  }
  return { birthDate, sex };
}

const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | null {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digits[i] * weights[i];
  const r = 11 - (sum % 11);
  if (r === 11) return 0;
  if (r === 10) return null;
  return r;
}

/**
 * Makes a synthetic fødselsnummer (month + 80) — or synthetic D-number (also day + 40) — for a
 * birth date and sex, trying individual numbers from `start` until both check digits are valid
 * (classic rule). Returns null if none fits.
 */
export function makeSyntheticFnr(birthDate: string, sex: 'M' | 'F', start = 0, opts: { dNumber?: boolean } = {}): string | null {
  const [y, m, dd] = birthDate.split('-').map(Number);
  const year2 = y % 100;
  let lo: number, hi: number;
  if (y >= 2000 && y <= 2039) [lo, hi] = [500, 999];
  else if (y >= 1900 && y <= 1999) [lo, hi] = [0, 499];
  else if (y >= 1854 && y <= 1899) [lo, hi] = [500, 749];
  else return null;
  const span = hi - lo + 1;
  for (let k = 0; k < span; k++) {
    const individual = lo + ((start + k) % span);
    if ((individual % 2 === 1) !== (sex === 'M')) continue;
    const base = `${String(dd + (opts.dNumber ? 40 : 0)).padStart(2, '0')}${String(m + 80).padStart(2, '0')}${String(year2).padStart(2, '0')}${String(individual).padStart(3, '0')}`;
    const digits = [...base].map(Number);
    const k1 = checkDigit(digits, K1);
    if (k1 === null) continue;
    const k2 = checkDigit([...digits, k1], K2);
    if (k2 === null) continue;
    return `${base}${k1}${k2}`;
  }
  return null;
}

export function validateHpr(input: string): { ok: true; value: string } | { ok: false; reason: string } {
  const s = input.replace(/\s/g, '');
  if (!/^\d{7,9}$/.test(s) || /^0+$/.test(s)) return { ok: false, reason: 'HPR-nummer må være 7–9 siffer / The HPR number must have 7–9 digits' };
  return { ok: true, value: s };
}

export function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  const beforeBirthday = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}
