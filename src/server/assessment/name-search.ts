// How a typed search finds patients in the vetting inbox, the booking queue and "Mine henvisninger"
// (parseInboxSearch in inbox.ts decides what the text is; searchCondition/inboxSearchSql in store.ts
// turn it into SQL). Names are matched at word starts: every typed word must be the start of a part of the
// patient's name, so "Hansen" finds "Kari Hansen" and "Hansen-Berg" but never "Johansen", and
// "kari n" finds "Kari Nordmann". Case does not matter, accents mostly do not: é = e, ü = u, but
// æ, ø and å are letters of their own in Norwegian ("Sondre" does not find "Søndre", "Bardal" does
// not find "Bårdal"); ä and ö, the Swedish/German spellings of æ and ø, count as æ and ø (as in
// Norwegian alphabetical order). The database keeps the parts of every name in patient_name_part
// (migration 0321), folded by the same table as below.

/** Letters the fold replaces, and what with (same length; migration 0321 radvis_name_fold holds the same two strings). */
export const NAME_FOLD_FROM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÄäÖöÁÀÂÃáàâãÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÕóòôõÚÙÛÜúùûüÝýÿÇçÑñŠšŽžČčŁłŃńŚśŹźŻżĘęĄąĆć';
export const NAME_FOLD_TO = 'abcdefghijklmnopqrstuvwxyzæøåææøøaaaaaaaaeeeeeeeeiiiiiiiioooooooouuuuuuuuyyyccnnsszzccllnnsszzzzeeaacc';

const FOLD = new Map([...NAME_FOLD_FROM].map((c, i) => [c, [...NAME_FOLD_TO][i]]));

/** A name or typed word folded for matching: NFC, lower case, accents dropped except æ, ø, å (ä → æ, ö → ø). Pure. */
export function foldName(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC')) out += FOLD.get(c) ?? c;
  return out;
}

/** The matchable parts of a name or of typed text: folded, split at spaces, hyphens, apostrophes, full stops and commas. Pure. */
export function nameParts(text: string): string[] {
  return [
    ...new Set(
      foldName(text)
        .split(/[\s'’.,-]+/u)
        .filter((w) => w.length > 0),
    ),
  ];
}

/**
 * The first string after every string that starts with `prefix` in code point order ("hans" →
 * "hant"), so `part >= prefix AND part < next` is the prefix as a btree range (the parts are
 * stored COLLATE "C", UTF-8 byte order = code point order). Pure; `prefix` must not be empty.
 */
export function prefixUpperBound(prefix: string): string {
  const cps = [...prefix].map((c) => c.codePointAt(0)!);
  let last = cps.pop()! + 1;
  // Skip the surrogate range: not a code point a string can hold.
  if (last >= 0xd800 && last <= 0xdfff) last = 0xe000;
  return String.fromCodePoint(...cps, last);
}

/**
 * A birth date typed as 6 digits (DDMMYY, the first half of a fødselsnummer) or as DD.MM.YY /
 * DD.MM.YYYY: the ISO dates it can mean (a two-digit year: 19YY and 20YY, the later one only when
 * not in the future), or [] when it is not a date. Pure.
 */
export function birthDates(text: string, today = new Date()): string[] {
  const m = /^(\d{2})\.?(\d{2})\.?(\d{2}|\d{4})$/.exec(text.trim());
  if (!m) return [];
  const [dd, mm, yy] = [Number(m[1]), Number(m[2]), m[3]];
  const years = yy.length === 4 ? [Number(yy)] : [1900 + Number(yy), 2000 + Number(yy)];
  const out: string[] = [];
  for (const y of years) {
    const d = new Date(Date.UTC(y, mm - 1, dd));
    if (d.getUTCFullYear() !== y || d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) continue;
    if (d.getTime() > today.getTime()) continue;
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}
