// The jti replay guard, both stores: a key is refused while remembered, forgotten after expiry +
// grace, and the memory store's per-call work does not grow with the number of keys it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/harness.ts';
import type { Database } from '../db/index.ts';
import { DatabaseReplayCache, MemoryReplayCache, type ReplayCache } from './replay-cache.ts';

let db: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
}, 10 * 60_000); // a loaded shared machine can take minutes to open and migrate a database
afterAll(() => drop());

const NOW = 1_800_000_000;

async function behavesAsReplayGuard(cache: ReplayCache) {
  expect(await cache.remember('iss\na', NOW + 300, NOW)).toBe(true);
  expect(await cache.remember('iss\na', NOW + 300, NOW + 1)).toBe(false);
  expect(await cache.remember('iss\nb', NOW + 300, NOW + 1)).toBe(true);
  expect(await cache.remember('other\na', NOW + 300, NOW + 1)).toBe(true);
  // Still refused up to expiry + grace (30 s).
  expect(await cache.remember('iss\na', NOW + 300, NOW + 320)).toBe(false);
}

describe('MemoryReplayCache', () => {
  it('refuses a key while remembered', () => behavesAsReplayGuard(new MemoryReplayCache(30)));

  it('forgets keys once expired and holds only the live window', async () => {
    const c = new MemoryReplayCache(30);
    for (let i = 0; i < 1000; i++) await c.remember(`k${i}`, NOW + 60, NOW);
    expect(c.size()).toBe(1000);
    await c.remember('late', NOW + 400, NOW + 200);
    expect(c.size()).toBe(1);
    expect(await c.remember('k1', NOW + 60, NOW + 200)).toBe(true);
    // A long idle gap (a day) is crossed without walking every empty bucket.
    await c.remember('next-day', NOW + 86_400 + 300, NOW + 86_400);
    expect(c.size()).toBe(1);
  });

  it('does work per call that does not grow with the number of keys held', async () => {
    // 300 s of tokens at 1,000/s: the steady-state population. Count evictions, not time (no
    // timing assumptions on a loaded machine): each call touches at most the keys that expired.
    const c = new MemoryReplayCache(30);
    let now = NOW;
    for (let i = 0; i < 400_000; i++) {
      if (i % 1000 === 0) now++;
      await c.remember(`t${i}`, now + 300, now);
    }
    // 400 s of calls, lifetime 300 s + 30 s grace: only the last ~330–340 s are held.
    expect(c.size()).toBeLessThanOrEqual(341_000);
    expect(c.size()).toBeGreaterThanOrEqual(329_000);
  });
});

describe('DatabaseReplayCache', () => {
  it('refuses a key while remembered, across instances sharing the table', async () => {
    const a = new DatabaseReplayCache(db.kysely, 30);
    await behavesAsReplayGuard(a);
    const b = new DatabaseReplayCache(db.kysely, 30);
    expect(await b.remember('iss\nb', NOW + 300, NOW + 2)).toBe(false);
    expect(await b.remember('iss\nc', NOW + 300, NOW + 2)).toBe(true);
    await a.settle();
    await b.settle();
  });

  it('under concurrent calls (group commit) lets each key through exactly once, within and across batches', async () => {
    const c = new DatabaseReplayCache(db.kysely, 30);
    // 300 calls at once: 100 keys, each sent three times; the later calls arrive while the first
    // INSERT is in flight and go together in the following ones.
    const keys = Array.from({ length: 300 }, (_, i) => `iss\nconcurrent-${i % 100}`);
    const results = await Promise.all(keys.map((k) => c.remember(k, NOW + 300, NOW)));
    const fresh = new Map<string, number>();
    keys.forEach((k, i) => fresh.set(k, (fresh.get(k) ?? 0) + (results[i] ? 1 : 0)));
    expect([...fresh.values()].every((n) => n === 1)).toBe(true);
    expect(fresh.size).toBe(100);
    await c.settle();
  });

  it('deletes expired rows and stores no client text', async () => {
    const c = new DatabaseReplayCache(db.kysely, 30);
    await c.remember('iss\nold', NOW - 1000, NOW - 1000);
    await c.settle();
    const rows = await db.kysely.selectFrom('cds_jti').selectAll().execute();
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);
    // The next call after the cleanup interval deletes what expired before now − grace.
    await c.remember('iss\nnew', NOW + 300, NOW + 100);
    await c.settle();
    const left = await db.kysely.selectFrom('cds_jti').select('expires_at').execute();
    expect(left.every((r) => new Date(r.expires_at).getTime() >= (NOW + 100 - 30) * 1000)).toBe(true);
    expect(left.length).toBeGreaterThan(0);
  });
});
