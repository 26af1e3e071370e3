// Impact preview over stored referrals (issue 11: "the impact preview over 1 million stored
// referrals finishes within 30 s with progress shown"). Loads a synthetic region with
// BENCH_REFERRALS referrals over the last year (or reuses BENCH_SCHEMA), then runs the preview as
// the API does (guidelines/authoring/impact.ts: keyset pages, both packs per referral) for every
// topic in turn over the whole year — a candidate that is the topic in effect with one rule moved
// last, so the engine does all its work — then BENCH_RUNS more runs of the topic with the most
// referrals (the preview an editor waits longest for). Prints per run the referrals evaluated, the
// time, the rate and how often progress moved.
//   DATABASE_URL=postgres://…/db BENCH_REFERRALS=1000000 npx tsx bench/impact.bench.ts
//   BENCH_SCHEMA=name keeps the data for a second run; BENCH_RUNS=3 (runs of the largest topic);
//   BENCH_LOAD_ONLY=1 with BENCH_SCHEMA loads the data and stops (load on a busy machine, measure on a quiet one)
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { GuidelineCatalogue } from '../src/server/guidelines/catalogue.ts';
import { impactJob, impactSettled, startImpact } from '../src/server/guidelines/authoring/impact.ts';
import type { Topic } from '../src/server/guidelines/types.ts';
import { loadRegion } from '../src/server/synthetic/load.ts';
import { machine } from './lib.ts';

const url = process.env.DATABASE_URL;
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const schema = url ? (process.env.BENCH_SCHEMA ?? `bench_${crypto.randomBytes(4).toString('hex')}`) : undefined;

/** The topic with its first rule moved last: same facts read, some outcomes may change. */
function candidateOf(t: Topic): Topic {
  return { ...t, rules: t.rules.length > 1 ? [...t.rules.slice(1), t.rules[0]] : t.rules };
}

async function timed(db: Parameters<typeof startImpact>[0], pack: Parameters<typeof startImpact>[1], topic: Topic) {
  const t0 = performance.now();
  const job = startImpact(db, pack, topic, 12);
  // Progress as the editor's page polls it (every 500 ms in the web app).
  let steps = 0;
  let last = -1;
  const poll = setInterval(() => {
    const j = impactJob(job.id)!;
    if (j.processed !== last) steps++;
    last = j.processed;
  }, 500);
  await impactSettled(job.id);
  clearInterval(poll);
  const ms = performance.now() - t0;
  const j = impactJob(job.id)!;
  if (j.state !== 'done') throw new Error(`impact job ${j.state}: ${j.error}`);
  return { ms, processed: j.processed, changed: j.changed, steps };
}

async function main() {
  const db = await openDatabase(url ? { url, schema, poolSize: 4 } : {});
  try {
    await migrate(db);
    const k = db.kysely;
    if (!(await k.selectFrom('referral').select('id').limit(1).executeTakeFirst())) {
      const t0 = Date.now();
      await loadRegion(db, { scope: 'vest', referrals: REFERRALS, seed: 2026, now: new Date(), years: 1 });
      console.log(`loaded ${REFERRALS.toLocaleString('en')} referrals in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await sql`ANALYZE`.execute(k);
    }
    if (process.env.BENCH_LOAD_ONLY) return;
    const stored = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM referral`.execute(k)).rows[0].n;
    const pack = GuidelineCatalogue.fromContent().current().pack;
    console.log(`${stored.toLocaleString('en')} referrals stored; ${pack.topics.length} topics; ${url ? 'PostgreSQL' : 'PGlite'}`);
    console.log(`\n| topic | referrals evaluated | s | referrals/s | progress updates |\n|---|---|---|---|---|`);
    const per: { id: string; processed: number }[] = [];
    for (const t of pack.topics) {
      const r = await timed(k, pack, candidateOf(t));
      per.push({ id: t.id, processed: r.processed });
      console.log(
        `| ${t.id} | ${r.processed.toLocaleString('en')} | ${(r.ms / 1000).toFixed(1)} | ${Math.round(r.processed / (r.ms / 1000)).toLocaleString('en')} | ${r.steps} |`,
      );
    }
    // The topic with the most referrals, run RUNS times: the preview an editor waits longest for.
    const largest = pack.topics.find((t) => t.id === per.reduce((m, x) => (x.processed > m.processed ? x : m)).id)!;
    const times: number[] = [];
    let processed = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(k, pack, candidateOf(largest));
      times.push(r.ms / 1000);
      processed = r.processed;
      console.log(
        `largest topic (${largest.id}), run ${i + 1}: ${r.processed.toLocaleString('en')} referrals in ${(r.ms / 1000).toFixed(1)} s, ${r.steps} progress updates`,
      );
    }
    times.sort((a, b) => a - b);
    const total = per.reduce((n, x) => n + x.processed, 0);
    console.log(
      `largest topic (${processed.toLocaleString('en')} of ${stored.toLocaleString('en')} stored; all topics together ${total.toLocaleString('en')}): min ${times[0].toFixed(1)} / median ${times[Math.floor(times.length / 2)].toFixed(1)} / max ${times[times.length - 1].toFixed(1)} s`,
    );
    console.log(machine());
  } finally {
    if (url && !process.env.BENCH_SCHEMA) await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}

await main();
