// Advice shown through CDS Hooks is logged for analytics in batches: one INSERT per flush
// instead of one per request keeps order-select fast under load. Rows wait at most
// FLUSH_MS (or until BATCH_ROWS are queued) and are flushed when the app closes; a crash can
// lose at most that window of analytics rows, never a referral or a decision (those are written
// synchronously in their own transactions).
// Batches are kept small on purpose: embedded PGlite runs on the main thread, so one INSERT of
// 200 rows stalled every request behind it for 10–50 ms (the p99 of order-select); ~50 rows
// take 2–3 ms. Measured in-process on the 2-core dev machine, 2026-11-22.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { insertAdviceEvents, type AdviceEventRow } from './store.ts';

const FLUSH_MS = 50;
const BATCH_ROWS = 100;

export class AdviceLog {
  private queue: AdviceEventRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly onError: (e: unknown) => void,
  ) {}

  add(rows: AdviceEventRow[]) {
    if (rows.length === 0) return;
    this.queue.push(...rows);
    if (this.queue.length >= BATCH_ROWS) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
  }

  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = this.queue;
    this.queue = [];
    if (rows.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => insertAdviceEvents(this.db, rows)).catch((e: unknown) => this.onError(e));
    return this.flushing;
  }
}
