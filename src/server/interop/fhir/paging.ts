// Paging of every FHIR search Radvis serves (R4 search.html#count, #offset, #total and
// http.html#paging): one reading of _count/_offset/_total, one way to cut a page and one set of
// Bundle links (self, first, previous, next), so each resource type pages the same way the
// CapabilityStatement's rest-level searchParam describes.
import type { BundleLink } from '@medplum/fhirtypes';
import type { FieldError } from '../../http/errors.ts';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
export const MAX_OFFSET = 10_000;

/** A search's page: size (`_count`, clipped to the type's maximum), start (`_offset`), whether to count all matches (`_total`). */
export interface Paging {
  count: number;
  offset: number;
  total: 'accurate' | 'none';
}

/** The paging parameters, for the search parsers' lists of known names. */
export const PAGING_PARAMS = ['_count', '_offset', '_total'] as const;

/** A page with the defaults: `DEFAULT_COUNT` (or `count`) from the first match, total counted. */
export function defaultPaging(count = DEFAULT_COUNT): Paging {
  return { count, offset: 0, total: 'accurate' };
}

/**
 * Reads `_count` (a whole number, clipped to `maxCount`), `_offset` (0–MAX_OFFSET) or `_total`
 * (none | estimate | accurate; estimate is answered exactly) into `paging`; a bad value is pushed to
 * `errors` (a 400). Returns false when `name` is not one of them (the caller reads it).
 */
export function readPagingParam(name: string, value: string, paging: Paging, errors: FieldError[], maxCount = MAX_COUNT): boolean {
  switch (name) {
    case '_count':
      if (!/^\d{1,6}$/.test(value)) errors.push({ field: '_count', message: 'must be a whole number from 0' });
      else paging.count = Math.min(Number(value), maxCount);
      return true;
    case '_offset':
      if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_OFFSET) errors.push({ field: '_offset', message: `must be a whole number from 0 to ${MAX_OFFSET}` });
      else paging.offset = Number(value);
      return true;
    case '_total':
      if (value === 'none') paging.total = 'none';
      else if (value === 'accurate' || value === 'estimate') paging.total = 'accurate';
      else errors.push({ field: '_total', message: 'must be none, estimate or accurate' });
      return true;
    default:
      return false;
  }
}

/** The page `paging` asks for out of every match (in the answer's order), and whether more follow it. */
export function pageOf<T>(all: readonly T[], paging: Pick<Paging, 'count' | 'offset'>): { page: T[]; more: boolean } {
  return { page: all.slice(paging.offset, paging.offset + paging.count), more: all.length > paging.offset + paging.count };
}

/**
 * Bundle.link of one page of a searchset (R4 http.html#paging): self and first always, previous
 * when the page does not start at the first match, next when `more` matches follow. `url(offset)`
 * is the absolute URL of the page starting at `offset` (with every parameter of the search).
 * `_count=0` and `_summary=count` (`countOnly`) have no pages to move between.
 */
export function pagingLinks(url: (offset: number) => string, page: { offset: number; count: number; more: boolean; countOnly?: boolean }): BundleLink[] {
  const links: BundleLink[] = [
    { relation: 'self', url: url(page.offset) },
    { relation: 'first', url: url(0) },
  ];
  if (page.count > 0 && !page.countOnly) {
    if (page.offset > 0) links.push({ relation: 'previous', url: url(Math.max(0, page.offset - page.count)) });
    if (page.more) links.push({ relation: 'next', url: url(page.offset + page.count) });
  }
  return links;
}

/**
 * The query string (with `?`, or empty) of a page: the search's own parameters `used` (name, value;
 * no paging ones), then `_count`, `_offset` (when not 0) and `_total=none` (when asked).
 */
export function pagedQuery(used: readonly (readonly [string, string])[], paging: Paging, offset: number): string {
  const q = new URLSearchParams(used.map(([k, v]) => [k, v]));
  q.set('_count', String(paging.count));
  if (offset > 0) q.set('_offset', String(offset));
  if (paging.total === 'none') q.set('_total', 'none');
  return `?${q.toString()}`;
}
