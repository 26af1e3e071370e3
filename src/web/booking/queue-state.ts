// Pure helpers of the booking queue ("Venter på time"): its search, filters and page kept in the
// URL's query string (?q=…&deadline=overdue&page=3), as the vetting inbox keeps its own
// (assessment/inbox-view.ts, whose page parsing and key handling this reuses). Tested without a browser.
import { DEADLINE_STATES, MODALITIES } from '../../shared/api/assessment.ts';
import { pageOffset } from '../assessment/inbox-view.ts';

export interface QueueFilters {
  q: string;
  modality: string;
  exam: string;
  priority: string;
  deadline: string;
  site: string;
}

export const EMPTY_QUEUE_FILTERS: QueueFilters = { q: '', modality: '', exam: '', priority: '', deadline: '', site: '' };

const KEYS = ['q', 'deadline', 'priority', 'modality', 'exam', 'site'] as const;
const ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The queue's filters and page offset from the booking page's query string. Each value is checked
 * as the API checks it (QueueQuery); an unknown or malformed one is left out, so an old or
 * hand-edited link still opens the queue. The other tabs' parameters (tab) are ignored. Pure.
 */
export function queueStateFromUrl(search: string, pageSize: number): { filters: QueueFilters; offset: number } {
  const p = new URLSearchParams(search);
  const get = (k: string) => p.get(k) ?? '';
  const oneOf = (k: string, allowed: readonly string[]) => (allowed.includes(get(k)) ? get(k) : '');
  return {
    filters: {
      q: get('q').trim().slice(0, 100),
      modality: oneOf('modality', MODALITIES),
      exam: /^[A-Z]{3}[0-9][A-Z]{2}$/.test(get('exam')) ? get('exam') : '',
      priority: /^[a-z][a-z0-9_]{0,39}$/.test(get('priority')) ? get('priority') : '',
      deadline: oneOf('deadline', DEADLINE_STATES),
      site: ID.test(get('site')) ? get('site') : '',
    },
    offset: pageOffset(p.get('page'), pageSize),
  };
}

/** The page's query string (no "?") for filters and an offset: empty filters and page 1 left out. Pure. */
export function queueUrl(f: QueueFilters, offset: number, pageSize: number): string {
  const params = new URLSearchParams();
  for (const k of KEYS) if (f[k].trim()) params.set(k, f[k].trim());
  if (offset >= pageSize) params.set('page', String(Math.floor(offset / pageSize) + 1));
  return params.toString();
}

/** The API query string (with "?") of GET /api/booking/queue for filters and a page. Pure. */
export function queueApiQuery(f: QueueFilters, page: { limit: number; offset: number }): string {
  const params = new URLSearchParams();
  for (const k of KEYS) if (f[k].trim()) params.set(k, f[k].trim());
  params.set('limit', String(page.limit));
  if (page.offset > 0) params.set('offset', String(page.offset));
  return `?${params.toString()}`;
}
