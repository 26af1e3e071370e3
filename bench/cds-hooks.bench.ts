// order-select over HTTP at 1,000 requests/s with 50 connections (target: p99 < 20 ms), after a
// 3 s warm-up whose figures are printed too. The server runs as its own process on PGlite (or
// PostgreSQL with BENCH_DATABASE_URL). The load is open-loop at a constant rate (see
// constant-rate.ts); autocannon then measures the most the server takes with 50 connections.
//   npx tsx bench/cds-hooks.bench.ts [seconds]
import autocannon from 'autocannon';
import { ORDER_SELECT_BODY, registerBenchClient, TokenFeed } from './cds-client.ts';
import { constantRate, type ConstantRateResult } from './constant-rate.ts';
import { machine, startServer, tempDir } from './lib.ts';

const seconds = Number(process.argv[2] ?? 20);
// The signing algorithm of the bench's CDS client (CDS Hooks recommends ES384 or RS384). Each
// call carries its own freshly signed JWT, verified by the server, as in production.
const alg = process.env.BENCH_CDS_ALG ?? 'RS384';
// The real server in its own process, on a fresh embedded database with a small demo region (so
// an administrator exists to register the bench's CDS client through the admin API).
const server = await startServer({
  RADVIS_DATA_DIR: tempDir('radvis-bench-cds-'),
  RADVIS_SEED: 'true',
  RADVIS_SEED_REFERRALS: '2000',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const url = server.url;

const client = await registerBenchClient(url, alg);
const { serviceUrl, tokens } = client;
const body = ORDER_SELECT_BODY;

const target = { url: serviceUrl, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body, connections: 50 };
const ms = (x: number) => x.toFixed(1);
const line = (r: ConstantRateResult) =>
  `${r.achievedPerSecond.toFixed(0)} req/s achieved; latency p50 ${ms(r.p50)} ms, p90 ${ms(r.p90)} ms, p99 ${ms(r.p99)} ms, p99.9 ${ms(r.p999)} ms, max ${ms(r.max)} ms; non-2xx ${r.non2xx}, errors ${r.errors}`;
const signed = (list: string[]) => () => ({ authorization: `Bearer ${list.pop()!}` });
// A freshly started server first compiles its hot paths (JIT) and fills its caches; measure that
// separately (reported, not hidden) and the steady state after it.
const warm = await constantRate({ ...target, rate: 1000, seconds: 3, perRequestHeaders: signed(await tokens(3000)) });
console.log(`order-select warm-up (fresh server, first 3 s at 1,000 req/s, ${alg}-signed JWT per call): ${line(warm)}`);
const feed = new TokenFeed(client, 5000);
await feed.fill();
const cpu0 = process.cpuUsage();
const result = await constantRate({ ...target, rate: 1000, seconds, perRequestHeaders: () => ({ authorization: `Bearer ${feed.take()}` }) });
feed.stop();
const cpu1 = process.cpuUsage(cpu0);
console.log(
  `order-select steady state (constant 1,000 req/s, 50 connections, ${seconds} s, ${alg}-signed JWT per call, signed during the run): ${line(result)}${feed.misses ? `; ${feed.misses} calls found no signed token ready (sent unsigned, refused)` : ''}`,
);
console.log(`load generator + signer CPU during the run: ${((cpu1.user + cpu1.system) / 1e6 / seconds).toFixed(2)} cores`);
const maxTokens = await tokens(40_000);
const max = await autocannon({
  ...target,
  duration: 5,
  requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${maxTokens.pop() ?? ''}` } }) }],
});
console.log(
  `order-select most it takes (autocannon, 50 connections, closed loop, 5 s, ${alg}): ${max.requests.average.toFixed(0)} req/s; latency p50 ${max.latency.p50} ms, p99 ${max.latency.p99} ms; non-2xx ${max.non2xx}${maxTokens.length === 0 ? ' (ran out of tokens: figure is a lower bound)' : ''}`,
);
console.log(machine());
await server.stop();
