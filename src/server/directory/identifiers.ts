// Norwegian person identifiers.
// Fødselsnummer: DDMMYY + individnummer (3) + two mod-11 check digits (Skatteetaten).
// D-nummer: day + 40. Synthetic test numbers (Tenor/Testnorge): month + 80.
// HPR-nummer (Helsepersonellregisteret): a number of up to 9 digits; no public check digit, so
// only the form is checked.

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

export interface ParsedFnr {
  birthDate: string; // YYYY-MM-DD
  sex: 'M' | 'F';
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

export function parseFnr(input: string): FnrResult {
  const s = input.replace(/\s/g, '');
  if (!/^\d{11}$/.test(s)) return { ok: false, reason: 'Fødselsnummeret må ha 11 siffer' };
  const d = [...s].map(Number);
  const k1 = checkDigit(d, K1);
  if (k1 === null || k1 !== d[9]) return { ok: false, reason: 'Fødselsnummeret har feil første kontrollsiffer' };
  const k2 = checkDigit(d, K2);
  if (k2 === null || k2 !== d[10]) return { ok: false, reason: 'Fødselsnummeret har feil andre kontrollsiffer' };
  let day = d[0] * 10 + d[1];
  let month = d[2] * 10 + d[3];
  const year2 = d[4] * 10 + d[5];
  const individual = d[6] * 100 + d[7] * 10 + d[8];
  const dNumber = day > 40;
  if (dNumber) day -= 40;
  const synthetic = month > 80;
  if (synthetic) month -= 80;
  else if (month > 40) month -= 40; // NAV/Skatteetaten synthetic series (+40)
  const c = century(year2, individual);
  if (c === null) return { ok: false, reason: 'Fødselsnummeret har et individnummer som ikke passer med fødselsåret' };
  const year = c + year2;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    return { ok: false, reason: 'Fødselsnummeret har en ugyldig fødselsdato' };
  }
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { ok: true, value: { birthDate, sex: d[8] % 2 === 1 ? 'M' : 'F', dNumber, synthetic } };
}

/**
 * Makes a synthetic fødselsnummer (month + 80) for a birth date and sex, trying individual
 * numbers from `start` until both check digits are valid. Returns null if none fits.
 */
export function makeSyntheticFnr(birthDate: string, sex: 'M' | 'F', start = 0): string | null {
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
    const base = `${String(dd).padStart(2, '0')}${String(m + 80).padStart(2, '0')}${String(year2).padStart(2, '0')}${String(individual).padStart(3, '0')}`;
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
  if (!/^\d{7,9}$/.test(s) || /^0+$/.test(s)) return { ok: false, reason: 'HPR-nummer må være 7–9 siffer' };
  return { ok: true, value: s };
}

export function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  const beforeBirthday = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}
