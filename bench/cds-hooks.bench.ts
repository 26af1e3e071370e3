// order-select over HTTP at 1,000 requests/s with 50 connections (target: p99 < 20 ms), after a
// 3 s warm-up whose figures are printed too. The server runs as its own process on PGlite.
//   npx tsx bench/cds-hooks.bench.ts [seconds]
import autocannon from 'autocannon';
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

const target = { url: `${url}/cds-services/radvis-imaging-order-select`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body, connections: 50, overallRate: 1000 };
const line = (r: autocannon.Result) => `${r.requests.average.toFixed(0)} req/s achieved; latency p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; non-2xx ${r.non2xx}, errors ${r.errors}`;
// A freshly started server first compiles its hot paths (JIT) and fills its caches; measure that
// separately (reported, not hidden) and the steady state after it.
const warm = await autocannon({ ...target, duration: 3 });
console.log(`order-select warm-up (fresh server, first 3 s at 1,000 req/s): ${line(warm)}`);
const result = await autocannon({ ...target, duration: seconds });
console.log(`order-select steady state (target rate 1,000, 50 connections, ${seconds} s): ${line(result)}`);
console.log(machine());
await server.stop();
