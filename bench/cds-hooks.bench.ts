// order-select over HTTP at 1,000 requests/s with 50 connections (target: p99 < 20 ms), after a
// 3 s warm-up whose figures are printed too. The server runs as its own process on PGlite (or
// PostgreSQL with BENCH_DATABASE_URL). The load is open-loop at a constant rate (see
// constant-rate.ts); autocannon then measures the most the server takes with 50 connections.
//   npx tsx bench/cds-hooks.bench.ts [seconds]
import autocannon from 'autocannon';
import { constantRate, type ConstantRateResult } from './constant-rate.ts';
import { machine, startServer, tempDir } from './lib.ts';

const seconds = Number(process.argv[2] ?? 20);
// The real server in its own process, on a fresh embedded database without demo data.
const server = await startServer({ RADVIS_DATA_DIR: tempDir('radvis-bench-cds-'), RADVIS_SEED: 'false', ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}) });
const url = server.url;

const body = JSON.stringify({
  hook: 'order-select',
  hookInstance: 'bench',
  context: {
    userId: 'Practitioner/1',
    patientId: 'p1',
    selections: ['ServiceRequest/sr-1'],
    draftOrders: {
      resourceType: 'Bundle',
      entry: [
        {
          resource: {
            resourceType: 'ServiceRequest',
            id: 'sr-1',
            status: 'draft',
            intent: 'order',
            code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }] },
            note: [{ text: 'Pas. med gradvis økende smerter i venstre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg. Smertene er verst i trapper. Spm artrose, evt menisklesjon?' }],
          },
        },
      ],
    },
  },
  prefetch: { patient: { resourceType: 'Patient', birthDate: '1968-04-02', gender: 'female' } },
});

const target = { url: `${url}/cds-services/radvis-imaging-order-select`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body, connections: 50 };
const ms = (x: number) => x.toFixed(1);
const line = (r: ConstantRateResult) => `${r.achievedPerSecond.toFixed(0)} req/s achieved; latency p50 ${ms(r.p50)} ms, p90 ${ms(r.p90)} ms, p99 ${ms(r.p99)} ms, p99.9 ${ms(r.p999)} ms, max ${ms(r.max)} ms; non-2xx ${r.non2xx}, errors ${r.errors}`;
// A freshly started server first compiles its hot paths (JIT) and fills its caches; measure that
// separately (reported, not hidden) and the steady state after it.
const warm = await constantRate({ ...target, rate: 1000, seconds: 3 });
console.log(`order-select warm-up (fresh server, first 3 s at 1,000 req/s): ${line(warm)}`);
const result = await constantRate({ ...target, rate: 1000, seconds });
console.log(`order-select steady state (constant 1,000 req/s, 50 connections, ${seconds} s): ${line(result)}`);
const max = await autocannon({ ...target, duration: 10 });
console.log(`order-select most it takes (autocannon, 50 connections, closed loop, 10 s): ${max.requests.average.toFixed(0)} req/s; latency p50 ${max.latency.p50} ms, p99 ${max.latency.p99} ms; non-2xx ${max.non2xx}`);
console.log(machine());
await server.stop();
