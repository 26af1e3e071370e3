// Keeps the analytics aggregates current: recomputes the (year, month, area) slices that new or changed
// referrals, exams and decisions marked (migration 0100), every RADVIS_ANALYTICS_REFRESH_SECONDS.
// Started by main.ts through the listener seam (started after migrations and the demo seed — so
// the first run is the bulk build after a load — and stopped before the database closes).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Listener } from '../listener.ts';
import { loadIndicators } from './indicators.ts';
import { refreshAggregates } from './store.ts';

export interface RefresherLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

/** A Listener that refreshes the aggregates at start and then every `seconds` (0 = only at start). */
export function createAnalyticsRefresher(db: Kysely<DB>, seconds: number, log: RefresherLog): Listener {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = running.then(async () => {
      if (stopped) return;
      const t = Date.now();
      try {
        const slices = await refreshAggregates(db, loadIndicators());
        if (slices > 0) log.info({ slices, ms: Date.now() - t }, 'analytics aggregates refreshed');
      } catch (e) {
        log.warn({ err: e }, 'analytics refresh failed; the next run tries again');
      }
    });
    return running;
  };
  return {
    name: 'analytics',
    async start() {
      // The first run (the bulk build after a load) goes on in the background: start-up does not
      // wait for it; pages say when slices are still pending.
      void run();
      if (seconds > 0) {
        timer = setInterval(() => void run(), seconds * 1000);
        timer.unref();
      }
      return seconds > 0 ? `analytics aggregates refreshed every ${seconds} s` : 'analytics aggregates built (periodic refresh off)';
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
