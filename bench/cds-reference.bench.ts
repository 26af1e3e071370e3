// order-select throughput at saturation, Radvis side by side with the CDS Hooks reference service
// (cds-hooks/sandbox-cds-services, service `pama-imaging`), in one run on one machine: each server in
// its own process, autocannon closed loop with 50 connections, rounds alternating between the two so
// both see the same machine state. Radvis verifies a fresh RS384-signed JWT on every call, reads the
// free-text note and evaluates its advice; the reference checks nothing and looks up a CPT/SNOMED table.
//
// The reference is not part of Radvis and is not committed. Set it up once (its lockfile pins an `fs`
// package the registry no longer serves, and fhirpath needs antlr4 4.8.0):
//   git clone https://github.com/cds-hooks/sandbox-cds-services /work/ref/sandbox && cd /work/ref/sandbox
//   mkdir stub-fs && echo '{"name":"fs","version":"0.0.1-security"}' > stub-fs/package.json
//   echo 'module.exports = require("node:fs");' > stub-fs/index.js && rm package-lock.json
//   add to package.json: "overrides": { "fs": "file:./stub-fs", "antlr4": "4.8.0" }; npm install --omit=dev
// Then:  BENCH_REFERENCE_DIR=/work/ref/sandbox npx tsx bench/cds-reference.bench.ts [seconds per round] [rounds]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';
import { ORDER_SELECT_BODY, registerBenchClient } from './cds-client.ts';
import { machine, startServer, tempDir } from './lib.ts';

const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 3);
const refDir = process.env.BENCH_REFERENCE_DIR ?? '/work/ref/sandbox';
if (!fs.existsSync(`${refDir}/server.js`)) throw new Error(`no reference service in ${refDir} (see the comment at the top of this file)`);

const refPort = 20_000 + Math.floor(Math.random() * 20_000);
const ref = spawn(process.execPath, ['server.js'], { cwd: refDir, env: { ...process.env, PORT: String(refPort) }, stdio: 'ignore' });
const refUrl = `http://127.0.0.1:${refPort}/cds-services/pama-imaging`;
// The reference's own example: CT head without contrast for headache with optic disc edema (rated "appropriate").
const refBody = JSON.stringify({
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
            code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '70450' }] },
            reasonCode: [
              { coding: [{ system: 'http://snomed.info/sct', code: '25064002' }] },
              { coding: [{ system: 'http://snomed.info/sct', code: '423341008' }] },
            ],
          },
        },
      ],
    },
  },
});
for (let i = 0; ; i++) {
  try {
    const r = await fetch(refUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: refBody });
    const j = (await r.json()) as { extension?: { systemActions?: unknown[] } };
    if (r.status === 200 && j.extension?.systemActions?.length) break;
    throw new Error(`reference answered ${r.status} without a rating`);
  } catch (e) {
    if (i > 100) throw e;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const server = await startServer({ RADVIS_DATA_DIR: tempDir('radvis-bench-ref-'), RADVIS_SEED: 'true', RADVIS_SEED_REFERRALS: '2000' });
const client = await registerBenchClient(server.url, 'RS384');

// Signed tokens per second of a round: above what Radvis takes at saturation (~7,000 req/s in Session
// 12; 4,000 was enough before, and a round that runs out sends no token and gets 401s).
const TOKENS_PER_SECOND = 9_000;

async function saturate(url: string, body: string, tokens?: string[]) {
  const r = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: 50,
    duration: seconds,
    ...(tokens ? { requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens.pop() ?? ''}` } }) }] } : {}),
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

// Warm both up (JIT) before measuring.
await saturate(refUrl, refBody);
await saturate(client.serviceUrl, ORDER_SELECT_BODY, await client.tokens(Math.max(10_000, seconds * TOKENS_PER_SECOND)));
const radvis: number[] = [];
const reference: number[] = [];
for (let round = 0; round < rounds; round++) {
  reference.push(await saturate(refUrl, refBody));
  // Enough tokens for the round, signed before it starts (they live 5 minutes).
  const tokens = await client.tokens(seconds * TOKENS_PER_SECOND);
  radvis.push(await saturate(client.serviceUrl, ORDER_SELECT_BODY, tokens));
  if (tokens.length === 0) console.log('(Radvis ran out of signed tokens in this round: its figure is a lower bound)');
  console.log(`round ${round + 1}: reference ${reference.at(-1)!.toFixed(0)} req/s, Radvis ${radvis.at(-1)!.toFixed(0)} req/s`);
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const a = stats(radvis);
const b = stats(reference);
const f = (x: number) => x.toFixed(0);
console.log(`Radvis order-select (RS384 JWT verified per call, free text + advice): min ${f(a.min)} / median ${f(a.median)} / max ${f(a.max)} req/s`);
console.log(`reference pama-imaging (no authentication, table look-up): min ${f(b.min)} / median ${f(b.median)} / max ${f(b.max)} req/s`);
console.log(`ratio of medians Radvis / reference: ${(a.median / b.median).toFixed(2)}×`);
console.log(machine());
ref.kill('SIGTERM');
await server.stop();
