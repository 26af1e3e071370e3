// Advice shown through CDS Hooks is logged for analytics and for the feedback that later refers
// to a card by its uuid. Group commit: each request hands its rows to the log and waits until
// the batch holding them is committed; rows from requests that arrive while an INSERT runs are
// gathered and written together by the next one (at most BATCH_ROWS per INSERT). So
//   - the cost is one INSERT per batch, not one per request (the per-request INSERT was 14 % of
//     CPU at 1,000 req/s, issue 7), and no timer delays an idle server's answer;
//   - a response never names a card whose row is not yet committed: a crash after the answer
//     loses nothing the record system can refer to (advice-log.test.ts kills the writer
//     mid-stream and checks every card uuid it answered with);
//   - when the database refuses the rows, the requests waiting on them fail (503) instead of
//     answering with cards that have no record.
// Batches stay small on purpose: embedded PGlite runs on the main thread, and one INSERT of 200
// rows stalled every request behind it for 10–50 ms (measured 2026-11-22); ~50–100 rows take 2–3 ms.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { Unavailable } from '../http/errors.ts';
import { insertAdviceEvents, type AdviceEventRow } from './store.ts';

const BATCH_ROWS = 100;

interface Waiting {
  rows: AdviceEventRow[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class AdviceLog {
  private queue: Waiting[] = [];
  private running: Promise<void> | null = null;
  private scheduled = false;

  /**
   * @param write stores one batch (default: insertAdviceEvents on `db`); replaceable in tests.
   * @param onError told about a failed batch (logging; no personal data in the rows' error).
   */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly onError: (e: unknown) => void,
    private readonly write: (db: Kysely<DB>, rows: AdviceEventRow[]) => Promise<void> = insertAdviceEvents,
  ) {}

  /** Queues rows; resolves once they are committed, rejects with Unavailable when they could not be. */
  add(rows: AdviceEventRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.running || this.scheduled) return;
    // Let the requests of this event-loop turn join the batch before it is written.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.queue.length > 0) this.schedule();
      });
    });
  }

  private async drain() {
    while (this.queue.length > 0) {
      const batch: Waiting[] = [];
      let n = 0;
      while (this.queue.length > 0 && (n === 0 || n + this.queue[0].rows.length <= BATCH_ROWS)) {
        const w = this.queue.shift()!;
        batch.push(w);
        n += w.rows.length;
      }
      try {
        await this.write(
          this.db,
          batch.flatMap((w) => w.rows),
        );
        for (const w of batch) w.resolve();
      } catch (e) {
        this.onError(e);
        for (const w of batch) w.reject(new Unavailable('Rådet kunne ikke lagres; prøv igjen / The advice could not be stored; try again'));
      }
    }
  }

  /** Waits until everything queued so far is written (the app calls it when closing). */
  async flush(): Promise<void> {
    while (this.running || this.scheduled || this.queue.length > 0) {
      if (this.running) await this.running;
      else await new Promise((r) => setImmediate(r));
    }
  }
}
