// Live list updates (issue 9 §7): a change to a reading case (new AI finding, hand-over, claim,
// release) is published here and pushed to every open list page as a server-sent event (HTML Living
// Standard, "Server-sent events"). Events carry no patient data — only what changed — and the page
// fetches its list again through the gate. In-process: one server instance (several instances would
// need PostgreSQL LISTEN/NOTIFY behind the same interface).
import { EventEmitter } from 'node:events';

/** What changed. `examId` lets a page refresh only when the case may be on it. */
export interface ReadingChange {
  kind: 'ai-finding' | 'handover' | 'claim' | 'release' | 'assign' | 'verdict' | 'reported' | 'consult';
  examId: string;
}

const hub = new EventEmitter();
hub.setMaxListeners(0);

/** Tells every open list page that a case changed. */
export function publishReadingChange(c: ReadingChange): void {
  hub.emit('change', c);
}

/** Subscribes to changes; returns the unsubscribe function. */
export function onReadingChange(fn: (c: ReadingChange) => void): () => void {
  hub.on('change', fn);
  return () => hub.off('change', fn);
}
