// JWT replay guard for CDS Hooks (CDS Hooks 2.0 §Trusting CDS Clients: the service should reject
// a jti it has seen). A token is remembered until it expires (plus clock tolerance); after that
// its `exp` check refuses it anyway. Two implementations behind one interface, chosen by
// RADVIS_JTI_STORE (config.ts):
//   - MemoryReplayCache: one process. Keys sit in expiry buckets (BUCKET_S wide); each call
//     drops whole buckets that have expired, so the cost of a call does not grow with the number
//     of tokens held (the old cache scanned all of them: 0.19 → 2.3 ms at 100,000 ids, issue 7).
//   - DatabaseReplayCache: a table with a unique key and expiry (migration 0020), for several
//     instances behind one load balancer; expired rows are deleted at most every CLEANUP_S.
//     Inserts are group-committed: while one INSERT is in flight, the tokens that arrive wait and go
//     together in the next one (one round trip and one WAL flush for many calls at 1,000 calls/s; an
//     idle server sends each token at once, so a lone call waits for no batch).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { deleteExpiredJti, insertUsedJtis } from './store.ts';

export interface ReplayCache {
  /**
   * Records token `key` (issuer + jti) as used until `expS` (seconds since the epoch). Resolves
   * true the first time, false when the key was already recorded and has not been forgotten.
   * `nowS` is the verifier's clock (seconds).
   */
  remember(key: string, expS: number, nowS: number): Promise<boolean>;
  /** Number of keys held (tests, metrics); the database store answers -1 (not counted). */
  size(): number;
}

const BUCKET_S = 10;

export class MemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();
  private readonly buckets = new Map<number, string[]>();
  /** Every bucket below this index has been evicted. */
  private next = Number.NaN;

  /** @param graceS how long after exp a key is kept (the verifier's clock tolerance). */
  constructor(private readonly graceS = 30) {}

  private evict(nowS: number) {
    // A bucket b holds keys with exp in [b*B, (b+1)*B); it can go when (b+1)*B + grace <= now.
    const limit = Math.floor((nowS - this.graceS) / BUCKET_S); // buckets < limit are expired
    if (Number.isNaN(this.next)) this.next = limit;
    if (limit <= this.next) return;
    // After a long idle gap walk the few existing buckets instead of every empty index.
    const indexes =
      limit - this.next > this.buckets.size
        ? [...this.buckets.keys()].filter((b) => b < limit)
        : Array.from({ length: limit - this.next }, (_, i) => this.next + i);
    for (const b of indexes) {
      for (const k of this.buckets.get(b) ?? []) this.seen.delete(k);
      this.buckets.delete(b);
    }
    this.next = limit;
  }

  async remember(key: string, expS: number, nowS: number): Promise<boolean> {
    this.evict(nowS);
    if (this.seen.has(key)) return false;
    this.seen.set(key, expS);
    const b = Math.floor(expS / BUCKET_S);
    // A key already past its bucket's eviction point still goes in the oldest live bucket, so it
    // is held at least until the next eviction (the verifier refuses such tokens anyway).
    const at = Math.max(b, this.next);
    const list = this.buckets.get(at);
    if (list) list.push(key);
    else this.buckets.set(at, [key]);
    return true;
  }

  size() {
    return this.seen.size;
  }
}

const CLEANUP_S = 30;
/** Most token keys per INSERT (two bind parameters each). */
const MAX_BATCH = 500;

export class DatabaseReplayCache implements ReplayCache {
  private lastCleanup = 0;
  private cleaning: Promise<unknown> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly graceS = 30,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  async remember(key: string, expS: number, nowS: number): Promise<boolean> {
    if (nowS - this.lastCleanup >= CLEANUP_S && !this.cleaning) {
      this.lastCleanup = nowS;
      // Off the caller's path: a failed cleanup is retried at the next interval.
      this.cleaning = deleteExpiredJti(this.db, new Date((nowS - this.graceS) * 1000))
        .catch(this.onError)
        .finally(() => (this.cleaning = null));
    }
    const hash = crypto.createHash('sha256').update(key).digest('hex');
    const expiresAt = new Date((expS + this.graceS) * 1000);
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ hash, expiresAt, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private pending: { hash: string; expiresAt: Date; resolve: (fresh: boolean) => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | false = false;

  private flush(): Promise<void> {
    const run = async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        // A key twice in one batch: only its first use can be fresh.
        const first = new Map<string, (typeof batch)[number]>();
        for (const e of batch) if (!first.has(e.hash)) first.set(e.hash, e);
        try {
          const fresh = await insertUsedJtis(
            this.db,
            [...first.values()].map((e) => ({ keyHash: e.hash, expiresAt: e.expiresAt })),
          );
          for (const e of batch) e.resolve(first.get(e.hash) === e && fresh.has(e.hash));
        } catch (err) {
          for (const e of batch) e.reject(err);
        }
      }
    };
    this.flushing = run().finally(() => (this.flushing = false));
    return this.flushing;
  }

  size() {
    return -1;
  }

  /** Waits for a running cleanup and any insert in flight (tests, shutdown). */
  async settle() {
    await this.cleaning;
    await this.flushing;
  }
}
