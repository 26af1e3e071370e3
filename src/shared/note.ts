// The one length limit for a referral's free-text note, shared by every door that accepts a
// note (the referral form and its API, CDS Hooks) and by the web form.
//
// Why 10,000 characters: Norwegian GP referral notes are typically a few hundred characters and
// rarely above 2,000 (the advice vignettes: 60–330; the reader's test sets: under 300); 10,000
// (about four pages) leaves room for a pasted history while keeping the work per request small —
// the free-text reader is linear in the text's length, and 10,000 characters are read in about a
// millisecond, so one CDS order-select cannot stall the service. A longer note gets a clear 400,
// not a silent cut (the reader would miss what was cut off).

/** The most characters (Unicode code points, as JSON Schema `maxLength` counts them) a note may have. */
export const MAX_NOTE_CHARS = 10_000;

/**
 * JSON Schema `pattern` for a note: no control characters except tab, line feed and carriage
 * return (C0 controls and DEL cannot be shown, and PostgreSQL text cannot hold NUL).
 */
export const NOTE_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

/** The same characters as NOTE_PATTERN refuses, for doors without a JSON Schema (FHIR). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Whether a note holds a control character other than tab, line feed and carriage return. */
export function noteHasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** Unicode code points in s (a surrogate pair is one). O(length). */
export function codePointLength(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** Whether a note is longer than MAX_NOTE_CHARS (counted as JSON Schema counts: code points). */
export function noteTooLong(text: string): boolean {
  return text.length > MAX_NOTE_CHARS && codePointLength(text) > MAX_NOTE_CHARS;
}
