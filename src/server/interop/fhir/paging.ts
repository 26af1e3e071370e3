// Paging of every FHIR search Radvis serves (R4 search.html#count, #offset, #total and
// http.html#paging): one reading of _count/_offset/_cursor/_total, one way to cut a page and one
// set of Bundle links (self, first, previous, next), so each resource type pages the same way the
// CapabilityStatement's rest-level searchParam describes.
//
// next/previous links carry an opaque keyset cursor (`_cursor`): the sort key and id of the row the
// page was cut at, so a client that follows them reaches every match once, at any depth, without
// the database counting past skipped rows. `_offset` stays accepted up to the configured cap
// (RADVIS_FHIR_MAX_OFFSET, config.ts) for clients that send it.
import type { BundleLink } from '@medplum/fhirtypes';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { FieldError } from '../../http/errors.ts';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
/** The default cap of `_offset` (config.ts fhirMaxOffset, RADVIS_FHIR_MAX_OFFSET, replaces it per app). */
export const MAX_OFFSET = 10_000;

/**
 * Where a page starts when a link's cursor says so: after (`next`) or before (`previous`) the row
 * whose sort key is `key` (one value per sort column, the id last; null for a NULL sort value),
 * for the search sorted as `sort` says (a cursor is refused on a search sorted otherwise).
 */
export interface PageCursor {
  direction: 'next' | 'previous';
  key: (string | null)[];
  sort: string;
}

/**
 * A search's page: size (`_count`, clipped to the type's maximum), start (`_offset`, or the keyset
 * `cursor` of a next/previous link), whether to count all matches (`_total`).
 */
export interface Paging {
  count: number;
  offset: number;
  cursor?: PageCursor;
  total: 'accurate' | 'none';
}

/** The paging parameters, for the search parsers' lists of known names. */
export const PAGING_PARAMS = ['_count', '_offset', '_cursor', '_total'] as const;

/** A page with the defaults: `DEFAULT_COUNT` (or `count`) from the first match, total counted. */
export function defaultPaging(count = DEFAULT_COUNT): Paging {
  return { count, offset: 0, total: 'accurate' };
}

/** Cursor text as it appears in a link: base64url of a small JSON object (opaque to clients). */
export function encodeCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify({ d: c.direction === 'next' ? 'n' : 'p', k: c.key, s: c.sort })).toString('base64url');
}

/** The cursor a link carried, or null when `text` is not one this server wrote. */
export function decodeCursor(text: string): PageCursor | null {
  if (text.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const { d, k, s } = v as { d?: unknown; k?: unknown; s?: unknown };
  if ((d !== 'n' && d !== 'p') || typeof s !== 'string' || !Array.isArray(k) || k.length === 0 || k.length > 8) return null;
  if (!k.every((x) => x === null || (typeof x === 'string' && x.length <= 200 && !x.includes('\u0000')))) return null;
  return { direction: d === 'n' ? 'next' : 'previous', key: k as (string | null)[], sort: s };
}

/**
 * Reads `_count` (a whole number, clipped to `maxCount`), `_offset` (0–`maxOffset`), `_cursor` (a
 * cursor from one of this server's next/previous links; not with `_offset`) or `_total` (none |
 * estimate | accurate; estimate is answered exactly) into `paging`; a bad value is pushed to
 * `errors` (a 400). Returns false when `name` is not one of them (the caller reads it).
 */
export function readPagingParam(name: string, value: string, paging: Paging, errors: FieldError[], maxCount = MAX_COUNT, maxOffset = MAX_OFFSET): boolean {
  switch (name) {
    case '_count':
      if (!/^\d{1,6}$/.test(value)) errors.push({ field: '_count', message: 'must be a whole number from 0' });
      else paging.count = Math.min(Number(value), maxCount);
      return true;
    case '_offset':
      if (!/^\d{1,6}$/.test(value) || Number(value) > maxOffset)
        errors.push({ field: '_offset', message: `must be a whole number from 0 to ${maxOffset} (follow the next link to page further)` });
      else if (paging.cursor) errors.push({ field: '_offset', message: 'not together with _cursor' });
      else paging.offset = Number(value);
      return true;
    case '_cursor': {
      const c = decodeCursor(value);
      if (!c) errors.push({ field: '_cursor', message: "not a cursor from one of this server's paging links" });
      else if (paging.offset > 0) errors.push({ field: '_cursor', message: 'not together with _offset' });
      else paging.cursor = c;
      return true;
    }
    case '_total':
      if (value === 'none') paging.total = 'none';
      else if (value === 'accurate' || value === 'estimate') paging.total = 'accurate';
      else errors.push({ field: '_total', message: 'must be none, estimate or accurate' });
      return true;
    default:
      return false;
  }
}

/** How a page is asked for in a link: from an offset (self of an `_offset` page, first) or by a cursor. */
export type PageAt = { offset: number } | { cursor: string };

/** The neighbours of one page, for its links: the cursor of the next page (when more follow) and how to ask for the previous one. */
export interface PageNav {
  next?: string;
  previous?: PageAt;
}

/**
 * The neighbours of a page cut from `keys` (the sort keys of the rows on the page, in answer
 * order) as `paging` asked for it, `more` telling whether rows follow the page in the paging
 * direction (a `previous` cursor reads backwards: then `more` means rows before it). A cursor
 * page's other side is the row the cursor was cut at, so it has a neighbour there. An empty page
 * past the end of an `_offset` search links back by offset.
 */
export function pageNav(paging: Pick<Paging, 'count' | 'offset' | 'cursor'>, sort: string, keys: (string | null)[][], more: boolean): PageNav {
  const first = keys[0];
  const last = keys.at(-1);
  const at = (direction: PageCursor['direction'], key: (string | null)[]) => encodeCursor({ direction, key, sort });
  const nav: PageNav = {};
  if (paging.cursor?.direction === 'previous') {
    if (last) nav.next = at('next', last);
    if (more && first) nav.previous = { cursor: at('previous', first) };
    return nav;
  }
  if (more && last) nav.next = at('next', last);
  if (paging.cursor) {
    if (first) nav.previous = { cursor: at('previous', first) };
  } else if (paging.offset > 0) nav.previous = first ? { cursor: at('previous', first) } : { offset: Math.max(0, paging.offset - paging.count) };
  return nav;
}

/**
 * The page `paging` asks for out of every match held in memory (in the answer's order, `keyOf`
 * giving each item's unique key), and its neighbours for the links. A cursor names the item the
 * previous page ended (or the next page started) at; when that item is gone the cursor cannot be
 * placed and `stale` is true (the caller answers 400: start again from the first link).
 */
export function pageOf<T>(all: readonly T[], paging: Paging, keyOf: (t: T) => string, sort = 'list'): { page: T[]; nav: PageNav; stale: boolean } {
  const keys = (items: readonly T[]) => items.map((t) => [keyOf(t)]);
  if (paging.cursor) {
    const i = all.findIndex((t) => keyOf(t) === paging.cursor!.key[0]);
    if (i < 0 || paging.cursor.sort !== sort || paging.cursor.key.length !== 1) return { page: [], nav: {}, stale: true };
    if (paging.cursor.direction === 'next') {
      const page = all.slice(i + 1, i + 1 + paging.count);
      return { page, nav: pageNav(paging, sort, keys(page), all.length > i + 1 + paging.count), stale: false };
    }
    const page = all.slice(Math.max(0, i - paging.count), i);
    return { page, nav: pageNav(paging, sort, keys(page), i - paging.count > 0), stale: false };
  }
  const page = all.slice(paging.offset, paging.offset + paging.count);
  return { page, nav: pageNav(paging, sort, keys(page), all.length > paging.offset + paging.count), stale: false };
}

/**
 * Bundle.link of one page of a searchset (R4 http.html#paging): self and first always, previous
 * and next as `nav` says. `url(at)` is the absolute URL of the page `at` (with every parameter of
 * the search); `self` is how this page was asked for. `_count=0` and `_summary=count`
 * (`countOnly`) have no pages to move between.
 */
export function pagingLinks(url: (at: PageAt) => string, page: { self: PageAt; count: number; nav: PageNav; countOnly?: boolean }): BundleLink[] {
  const links: BundleLink[] = [
    { relation: 'self', url: url(page.self) },
    { relation: 'first', url: url({ offset: 0 }) },
  ];
  if (page.count > 0 && !page.countOnly) {
    if (page.nav.previous) links.push({ relation: 'previous', url: url(page.nav.previous) });
    if (page.nav.next) links.push({ relation: 'next', url: url({ cursor: page.nav.next }) });
  }
  return links;
}

/** How `paging` asked for its page, for the self link. */
export function selfAt(paging: Pick<Paging, 'offset' | 'cursor'>, sort: string): PageAt {
  return paging.cursor ? { cursor: encodeCursor({ ...paging.cursor, sort }) } : { offset: paging.offset };
}

/**
 * The query string (with `?`, or empty) of a page: the search's own parameters `used` (name, value;
 * no paging ones), then `_count`, `_offset` (when not 0) or `_cursor`, and `_total=none` (when asked).
 */
export function pagedQuery(used: readonly (readonly [string, string])[], paging: Paging, at: PageAt): string {
  const q = new URLSearchParams(used.map(([k, v]) => [k, v]));
  q.set('_count', String(paging.count));
  if ('cursor' in at) q.set('_cursor', at.cursor);
  else if (at.offset > 0) q.set('_offset', String(at.offset));
  if (paging.total === 'none') q.set('_total', 'none');
  return `?${q.toString()}`;
}

/**
 * One column of a keyset sort: the SQL expression, its direction, and how its key travels in a
 * cursor — `timestamp` as whole microseconds since 1970 (exact, unlike a JavaScript Date), `text`
 * as it is. PostgreSQL sorts NULL as larger than every value (first when descending, last when
 * ascending); `keysetCondition` follows that.
 */
export interface KeysetColumn {
  expr: RawBuilder<unknown>;
  descending: boolean;
  kind: 'timestamp' | 'text';
}

/** The select expression of a column's cursor key (text, or NULL). */
export function keysetKey(c: KeysetColumn): RawBuilder<string | null> {
  return c.kind === 'timestamp' ? sql<string | null>`((extract(epoch from ${c.expr}) * 1000000)::bigint)::text` : sql<string | null>`(${c.expr})::text`;
}

/** The sort signature a cursor carries (`authored:desc,id:desc`), so a cursor is used with the sort it was cut from only. */
export function keysetSignature(columns: readonly { name: string; descending: boolean }[]): string {
  return columns.map((c) => `${c.name}:${c.descending ? 'desc' : 'asc'}`).join(',');
}

/**
 * Whether a cursor's key fits `columns` (one value per column; timestamps whole microseconds, text
 * at most 200 characters; NULL where a column may be NULL). A key that does not is refused (400)
 * before it reaches SQL.
 */
export function keysetKeyFits(columns: readonly KeysetColumn[], key: readonly (string | null)[]): boolean {
  return key.length === columns.length && columns.every((c, i) => key[i] === null || c.kind === 'text' || /^-?\d{1,17}$/.test(key[i]!));
}

/**
 * The rows strictly after (`direction` next) or before (previous) the row with sort key `key` in
 * the order `columns` give (lexicographic, NULL sorting as PostgreSQL does: above every value):
 * `(c1 after k1) OR (c1 = k1 AND c2 after k2) OR …`. Written per column rather than as a row
 * comparison so mixed directions and NULLs work and each column can still use its index.
 */
export function keysetCondition(columns: readonly KeysetColumn[], key: readonly (string | null)[], direction: 'next' | 'previous'): RawBuilder<SqlBool> {
  const value = (c: KeysetColumn, v: string) => (c.kind === 'timestamp' ? sql`(timestamptz 'epoch' + ${v}::bigint * interval '1 microsecond')` : sql`${v}`);
  // "c comes after v" in the answer's order (reversed when reading backwards).
  const beyond = (c: KeysetColumn, v: string | null): RawBuilder<SqlBool> => {
    const up = c.descending === (direction === 'previous'); // moving towards larger values
    if (v === null) return up ? sql<SqlBool>`false` : sql<SqlBool>`${c.expr} IS NOT NULL`;
    return up ? sql<SqlBool>`(${c.expr} > ${value(c, v)} OR ${c.expr} IS NULL)` : sql<SqlBool>`${c.expr} < ${value(c, v)}`;
  };
  const same = (c: KeysetColumn, v: string | null): RawBuilder<SqlBool> =>
    v === null ? sql<SqlBool>`${c.expr} IS NULL` : sql<SqlBool>`${c.expr} = ${value(c, v)}`;
  const ors = columns.map((c, i) => sql<SqlBool>`(${sql.join([...columns.slice(0, i).map((p, j) => same(p, key[j]!)), beyond(c, key[i]!)], sql` AND `)})`);
  return sql<SqlBool>`(${sql.join(ors, sql` OR `)})`;
}
