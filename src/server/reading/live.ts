// Live list updates (issue 9 §7): a change to a reading case (new AI finding, hand-over, claim,
// release, consult) is published here and pushed to every open list page as a server-sent event
// (HTML Living Standard, "Server-sent events"). Events carry no patient data — only what changed —
// and the page fetches its list again through the gate.
//
// Across processes: a publish is a notice on the 'radvis_reading' channel of the database's notify
// bus (db/notify.ts): on PostgreSQL every server process sharing the database receives it (its own
// included) and hands it to its open pages; on PGlite it stays in-process.
import { notify, onNotify } from '../db/notify.ts';

/** What changed. `examId` lets a page refresh only when the case may be on it. */
export interface ReadingChange {
  kind: 'ai-finding' | 'handover' | 'claim' | 'release' | 'assign' | 'verdict' | 'reported' | 'consult';
  examId: string;
}

/** The NOTIFY channel of reading changes. */
export const READING_CHANNEL = 'radvis_reading';

const KINDS: ReadonlySet<string> = new Set(['ai-finding', 'handover', 'claim', 'release', 'assign', 'verdict', 'reported', 'consult']);

/**
 * Tells every open list page that a case changed — on PostgreSQL in every server process sharing the
 * database (NOTIFY), else in this process. Never throws: a failed NOTIFY is reported to `onError`
 * (default: console) and the change is delivered locally instead, so this process's pages still update.
 */
export function publishReadingChange(c: ReadingChange, onError: (e: unknown) => void = (e) => console.error('reading NOTIFY failed', e)): void {
  notify(READING_CHANNEL, JSON.stringify({ kind: c.kind, examId: c.examId }), onError);
}

/** Subscribes to changes; returns the unsubscribe function. */
export function onReadingChange(fn: (c: ReadingChange) => void): () => void {
  return onNotify(READING_CHANNEL, (payload) => {
    const change = parseReadingChange(payload);
    if (change) fn(change);
  });
}

/** Parses a NOTIFY payload; undefined for anything that is not a reading change (ignored). */
export function parseReadingChange(payload: string | undefined): ReadingChange | undefined {
  if (!payload) return undefined;
  try {
    const v = JSON.parse(payload) as { kind?: unknown; examId?: unknown };
    if (typeof v.kind === 'string' && KINDS.has(v.kind) && typeof v.examId === 'string') return { kind: v.kind as ReadingChange['kind'], examId: v.examId };
  } catch {
    /* not ours */
  }
  return undefined;
}
