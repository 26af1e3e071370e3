// What the referrer typed to find a patient, read before anything is sent: an 11-digit
// fødselsnummer, or a name with (optionally) a birth date — in its own field or in the same one
// ("Kari Knesen 10.03.1966"). Pure; the server checks again.

export type PatientQuery =
  | { kind: 'fnr'; fnr: string }
  | { kind: 'name'; name: string; birthDate?: string }
  | { kind: 'error'; field: 'query' | 'birthDate'; key: 'ref.error.nameShort' | 'ref.error.birthDate' | 'ref.error.fnrDigits' };

const DATE = /(?:^|\s)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?=\s|$)|(?:^|\s)(\d{4})-(\d{2})-(\d{2})(?=\s|$)|(?:^|\s)(\d{2})(\d{2})(\d{4})(?=\s|$)/;

/** "10.03.1966", "1.3.1966", "10031966" or "1966-03-10" → "1966-03-10"; null for anything else or a date that does not exist. */
export function parseBirthDate(text: string): string | null {
  const m = DATE.exec(` ${text.trim()} `);
  if (!m) return null;
  const [d, mo, y] = m[1] ? [m[1], m[2], m[3]] : m[4] ? [m[6], m[5], m[4]] : [m[7], m[8], m[9]];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** Reads the patient search fields. */
export function parsePatientQuery(query: string, birthDate: string): PatientQuery {
  const q = query.trim();
  const digits = q.replace(/[\s.-]/g, '');
  if (/^\d+$/.test(digits) && digits.length >= 6 && !birthDate.trim()) {
    // Six to ten digits is a number typed short, not a name.
    return digits.length === 11 ? { kind: 'fnr', fnr: digits } : { kind: 'error', field: 'query', key: 'ref.error.fnrDigits' };
  }
  let name = q;
  let date: string | undefined;
  if (birthDate.trim()) {
    const d = parseBirthDate(birthDate);
    if (!d) return { kind: 'error', field: 'birthDate', key: 'ref.error.birthDate' };
    date = d;
  } else {
    const m = DATE.exec(` ${q} `);
    if (m) {
      const d = parseBirthDate(m[0]);
      if (!d) return { kind: 'error', field: 'query', key: 'ref.error.birthDate' };
      date = d;
      name = ` ${q} `.replace(m[0], ' ').trim();
    }
  }
  name = name.replace(/[,;]/g, ' ').replace(/\s+/g, ' ').trim();
  if (name.replace(/[^\p{L}]/gu, '').length < 2) return { kind: 'error', field: 'query', key: 'ref.error.nameShort' };
  return date ? { kind: 'name', name, birthDate: date } : { kind: 'name', name };
}

/** The search URL for a read query (never for an error). */
export function patientSearchUrl(q: Exclude<PatientQuery, { kind: 'error' }>): string {
  if (q.kind === 'fnr') return `/api/patients?fnr=${encodeURIComponent(q.fnr)}`;
  return `/api/patients?q=${encodeURIComponent(q.name)}${q.birthDate ? `&birthDate=${q.birthDate}` : ''}`;
}

/** "1966-03-10" → "10.03.1966" (how Norwegian forms write a date). */
export function showDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}
