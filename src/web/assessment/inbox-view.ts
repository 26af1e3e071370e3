// Pure helpers of the vetting inbox page: the query string of a filter state, keyboard
// navigation between rows, and the deadline in words. Tested without a browser.
import { DEADLINE_STATES, MODALITIES, URGENCIES } from '../../shared/api/assessment.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';

export interface InboxFilters {
  scope: 'department' | 'joint';
  q: string;
  department: string;
  site: string;
  modality: string;
  exam: string;
  urgency: string;
  deadline: string;
  referrer: string;
}

export const EMPTY_FILTERS: InboxFilters = {
  scope: 'department',
  q: '',
  department: '',
  site: '',
  modality: '',
  exam: '',
  urgency: '',
  deadline: '',
  referrer: '',
};

/** The API query string (with leading "?") for filters and a page; empty values are left out. */
export function inboxQueryString(f: InboxFilters, page: { limit: number; offset: number }): string {
  const params = new URLSearchParams();
  if (f.scope !== 'department') params.set('scope', f.scope);
  for (const k of ['q', 'department', 'site', 'modality', 'exam', 'urgency', 'deadline', 'referrer'] as const) {
    const v = f[k].trim();
    if (v) params.set(k, v);
  }
  params.set('limit', String(page.limit));
  if (page.offset > 0) params.set('offset', String(page.offset));
  return `?${params.toString()}`;
}

/** The highest page number read from a URL (beyond it the API's offset limit is reached). */
const MAX_PAGE = 4000;
const ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The 0-based offset of a `page` parameter, 1-based in the URL: a whole number from 1 to
 * 4000, anything else is page 1. Pure.
 */
export function pageOffset(value: string | null, pageSize: number): number {
  if (!value || !/^\d{1,4}$/.test(value)) return 0;
  const page = Number(value);
  return page >= 1 && page <= MAX_PAGE ? (page - 1) * pageSize : 0;
}

/**
 * The inbox's filters and page offset from the page's query string (the list state kept in the
 * URL). Each parameter is checked as the API checks it; an unknown or malformed value is left out
 * (that filter is off), so a hand-edited or old link still opens the inbox. Pure.
 */
export function inboxStateFromUrl(search: string, pageSize: number): { filters: InboxFilters; offset: number } {
  const p = new URLSearchParams(search);
  const pick = <T extends string>(key: string, allowed: readonly T[]): T | '' => {
    const v = p.get(key) ?? '';
    return (allowed as readonly string[]).includes(v) ? (v as T) : '';
  };
  const id = (key: string) => {
    const v = p.get(key) ?? '';
    return ID.test(v) ? v : '';
  };
  const exam = p.get('exam') ?? '';
  return {
    filters: {
      scope: p.get('scope') === 'joint' ? 'joint' : 'department',
      q: (p.get('q') ?? '').trim().slice(0, 100),
      department: id('department'),
      site: id('site'),
      modality: pick('modality', MODALITIES),
      exam: /^[A-Z]{3}[0-9][A-Z]{2}$/.test(exam) ? exam : '',
      urgency: pick('urgency', URGENCIES),
      deadline: pick('deadline', DEADLINE_STATES),
      referrer: id('referrer'),
    },
    offset: pageOffset(p.get('page'), pageSize),
  };
}

/** The page's query string (no "?") for filters and an offset: empty filters and page 1 are left out. Pure. */
export function inboxUrl(f: InboxFilters, offset: number, pageSize: number): string {
  const params = new URLSearchParams();
  if (f.scope !== 'department') params.set('scope', f.scope);
  for (const k of ['q', 'deadline', 'urgency', 'modality', 'exam', 'site', 'department', 'referrer'] as const) {
    const v = f[k].trim();
    if (v) params.set(k, v);
  }
  if (offset >= pageSize) params.set('page', String(Math.floor(offset / pageSize) + 1));
  return params.toString();
}

/**
 * What a key press in the list does: move the focus to another row (its index), open the
 * focused row, focus the search, or nothing. j / ArrowDown = next, k / ArrowUp = previous,
 * Home / End = first / last, Enter = open, "/" = search. Keys with a modifier are left alone.
 */
export function listKeyAction(
  key: string,
  index: number,
  count: number,
  modifiers = false,
): { kind: 'move'; index: number } | { kind: 'open'; index: number } | { kind: 'search' } | { kind: 'none' } {
  if (modifiers || count === 0) return { kind: 'none' };
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return { kind: 'move', index: Math.min(count - 1, index + 1) };
    case 'k':
    case 'ArrowUp':
      return { kind: 'move', index: Math.max(0, index - 1) };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: count - 1 };
    case 'Enter':
      return index >= 0 && index < count ? { kind: 'open', index } : { kind: 'none' };
    case '/':
      return { kind: 'search' };
    default:
      return { kind: 'none' };
  }
}

/** The working days left as a message key and its values (0 = due today, negative = overdue). */
export function daysLeftMessage(n: number): { key: MessageKey; vars?: Record<string, number> } {
  if (n < -1) return { key: 'asm.daysLeft.overdue', vars: { n: -n } };
  if (n === -1) return { key: 'asm.daysLeft.overdue1' };
  if (n === 0) return { key: 'asm.daysLeft.today' };
  if (n === 1) return { key: 'asm.daysLeft.one' };
  return { key: 'asm.daysLeft.many', vars: { n } };
}

/** The colour of the deadline tag: red past the deadline, orange when due soon. */
export function deadlineVariant(state: string | null): 'error' | 'warning' | 'neutral' {
  return state === 'overdue' ? 'error' : state === 'due_soon' ? 'warning' : 'neutral';
}

/** A fødselsnummer as people read it: "DDMMYY NNNNN". */
export function formatFnr(fnr: string): string {
  return /^\d{11}$/.test(fnr) ? `${fnr.slice(0, 6)} ${fnr.slice(6)}` : fnr;
}

/** "Department, Site" — without repeating the site when the department's name already says it. Pure. */
export function placeName(department: string, site: string | null | undefined): string {
  return site && !department.includes(site) ? `${department}, ${site}` : department;
}
