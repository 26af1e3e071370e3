// CPU time the server process spends per order-select call, independent of how loaded the machine
// is (wall-clock percentiles are not, on a shared machine). Starts the built server on PGlite (or
// PostgreSQL with BENCH_DATABASE_URL), registers an RS384 (BENCH_CDS_ALG) client, signs every token
// up front, sends `warm` calls, then reads utime+stime of the server from /proc/<pid>/stat before
// and after `n` calls (closed loop, 10 connections) and prints µs per call. With
// BENCH_SERVER_NODE_ARGS="--trace-gc" it also counts the server's GC events during the measured calls.
//   npx tsx bench/cds-cpu.ts [n=5000] [warm=3000]
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { ORDER_SELECT_BODY, registerBenchClient } from './cds-client.ts';
import { startServer, tempDir } from './lib.ts';

const n = Number(process.argv[2] ?? 5000);
const warm = Number(process.argv[3] ?? 3000);
const alg = process.env.BENCH_CDS_ALG ?? 'RS384';
const server = await startServer({
  RADVIS_DATA_DIR: tempDir('radvis-bench-cdscpu-'),
  RADVIS_SEED: 'true',
  RADVIS_SEED_REFERRALS: '2000',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const client = await registerBenchClient(server.url, alg);
const tokens = await client.tokens(n + warm);
const ticks = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime, stime (fields 14, 15) in clock ticks (100 Hz)
};
const run = (amount: number) =>
  autocannon({
    url: client.serviceUrl,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: ORDER_SELECT_BODY,
    connections: 10,
    amount,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens.pop() ?? ''}` } }) }],
  });
const w = await run(warm);
const gc0 = (server.stdout().match(/Mark-Compact|Scavenge|Mark-sweep/g) ?? []).length;
const t0 = ticks();
const m0 = Date.now();
const r = await run(n);
console.log(`measured phase ${((Date.now() - m0) / 1000).toFixed(1)} s`);
const t1 = ticks();
const out = server.stdout();
const gcLines = out.split('\n').filter((l) => /Mark-Compact|Scavenge|Mark-sweep/.test(l));
const gcMs = gcLines.slice(gc0).map((l) => Number(/, ([\d.]+) \/ [\d.]+ ms/.exec(l)?.[1] ?? 0));
console.log(
  `${alg}: warm-up ${warm} calls (non-2xx ${w.non2xx}); measured ${n} calls (non-2xx ${r.non2xx}, errors ${r.errors}): server CPU ${(((t1 - t0) * 10_000) / n).toFixed(0)} µs per call` +
    (gcMs.length ? `; GC events ${gcMs.length}, total ${gcMs.reduce((a, b) => a + b, 0).toFixed(0)} ms, longest ${Math.max(...gcMs).toFixed(1)} ms` : ''),
);
await server.stop();
