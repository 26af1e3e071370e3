// The state of "Mine henvisninger" kept in the page's URL (search, status, page), so a reload,
// "back" from an opened referral and a shared link show the same list. Pure; tested without a browser.
import { REFERRAL_STATUSES, type CloseReason } from '../../shared/api/assessment.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { pageOffset } from '../assessment/inbox-view.ts';

export interface MyListState {
  /** Name, fødselsnummer or referral number, as typed (at most 100 characters). */
  q: string;
  /** One of REFERRAL_STATUSES, or '' for all. */
  status: string;
  offset: number;
}

/** The list state from the query string; an unknown status or a bad page number falls back to all / page 1. */
export function myListFromUrl(search: string, pageSize: number): MyListState {
  const p = new URLSearchParams(search);
  const status = p.get('status') ?? '';
  return {
    q: (p.get('q') ?? '').trim().slice(0, 100),
    status: (REFERRAL_STATUSES as readonly string[]).includes(status) ? status : '',
    offset: pageOffset(p.get('page'), pageSize),
  };
}

/** The query string (no "?") of a list state: empty values and page 1 are left out. */
export function myListUrl(s: MyListState, pageSize: number): string {
  const params = new URLSearchParams();
  if (s.q.trim()) params.set('q', s.q.trim());
  if (s.status) params.set('status', s.status);
  if (s.offset >= pageSize) params.set('page', String(Math.floor(s.offset / pageSize) + 1));
  return params.toString();
}

/**
 * A row's status in words for the referrer: a cancelled referral says how it ended — withdrawn by
 * the referrer, or closed by the department without an exam and why (assessment/closing.ts) —
 * instead of the bare status. Returns the message key and, for a closed one, the reason's key. Pure.
 */
export function statusWords(row: { status: string; ended: { by: 'department' | 'referrer'; reason: CloseReason | null } | null }): {
  key: MessageKey;
  reasonKey?: MessageKey;
} {
  if (row.ended?.by === 'referrer') return { key: 'asm.event.withdrawn' };
  if (row.ended?.by === 'department')
    return { key: 'asm.event.closed_without_exam', reasonKey: `asm.close.reason.${row.ended.reason ?? 'other'}` as MessageKey };
  return { key: `asm.status.${row.status}` as MessageKey };
}
