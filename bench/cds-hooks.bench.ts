// order-select over HTTP at 1,000 requests/s with 50 connections (target: p99 < 20 ms), after a
// 3 s warm-up whose figures are printed too. The server runs as its own process on PGlite (or
// PostgreSQL with BENCH_DATABASE_URL). The load is open-loop at a constant rate (see
// constant-rate.ts); autocannon then measures the most the server takes with 50 connections.
//   npx tsx bench/cds-hooks.bench.ts [seconds]
import crypto from 'node:crypto';
import autocannon from 'autocannon';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
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
const serviceUrl = `${url}/cds-services/radvis-imaging-order-select`;

const login = await fetch(`${url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: 'demo-passord-2026' }),
});
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const { csrfToken } = (await login.json()) as { csrfToken: string };
const orgs = (await (await fetch(`${url}/api/admin/organizations`, { headers: { cookie } })).json()) as { id: string }[];
const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
const kid = 'bench-key';
// Unique per run, so a run against a database kept from an earlier run registers its own client.
const issuer = `https://bench-epj-${crypto.randomUUID().slice(0, 8)}.radvis.invalid/`;
const reg = await fetch(`${url}/api/admin/cds-clients`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
  body: JSON.stringify({ name: 'Bench-EPJ', issuer, organizationId: orgs[0].id, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }] } }),
});
if (reg.status !== 201) throw new Error(`could not register the bench CDS client: ${reg.status} ${await reg.text()}`);
/** Signs n unique JWTs for the service (in parallel batches; WebCrypto runs on the thread pool). */
async function tokens(n: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < n) {
    const batch = Array.from({ length: Math.min(250, n - out.length) }, () =>
      new SignJWT({ jti: crypto.randomUUID() })
        .setProtectedHeader({ alg, typ: 'JWT', kid })
        .setIssuer(issuer)
        .setAudience(serviceUrl)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
    );
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/**
 * A record system signs each call's JWT just before sending it, and the server accepts a JWT for at most
 * 5 minutes (and no iat in the future), so a run longer than that cannot be signed up front. The feed keeps
 * `ahead` freshly signed tokens queued (about `ahead`/1000 s of calls), hands them out oldest first and
 * refills in the background while the run goes on: the signing cost (RS384 ≈ 0.3 ms, ES384 ≈ 0.8 ms CPU per
 * token) is spent on the same two cores during the run, as a co-located record system would.
 */
class TokenFeed {
  private queue: string[] = [];
  private head = 0;
  private refilling = false;
  private stopped = false;
  misses = 0;
  constructor(private readonly ahead: number) {}
  async fill(): Promise<void> {
    this.queue.push(...(await tokens(this.ahead)));
  }
  take(): string {
    if (this.head >= this.queue.length) {
      this.misses++;
      return '';
    }
    const t = this.queue[this.head++];
    if (this.head > 50_000) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (!this.refilling && !this.stopped && this.queue.length - this.head < this.ahead) void this.refill();
    return t;
  }
  private async refill(): Promise<void> {
    this.refilling = true;
    while (!this.stopped && this.queue.length - this.head < this.ahead) this.queue.push(...(await tokens(250)));
    this.refilling = false;
  }
  stop(): void {
    this.stopped = true;
  }
}

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
            note: [
              {
                text: 'Pas. med gradvis økende smerter i venstre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg. Smertene er verst i trapper. Spm artrose, evt menisklesjon?',
              },
            ],
          },
        },
      ],
    },
  },
  prefetch: { patient: { resourceType: 'Patient', birthDate: '1968-04-02', gender: 'female' } },
});

const target = { url: serviceUrl, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body, connections: 50 };
const ms = (x: number) => x.toFixed(1);
const line = (r: ConstantRateResult) =>
  `${r.achievedPerSecond.toFixed(0)} req/s achieved; latency p50 ${ms(r.p50)} ms, p90 ${ms(r.p90)} ms, p99 ${ms(r.p99)} ms, p99.9 ${ms(r.p999)} ms, max ${ms(r.max)} ms; non-2xx ${r.non2xx}, errors ${r.errors}`;
const signed = (list: string[]) => () => ({ authorization: `Bearer ${list.pop()!}` });
// A freshly started server first compiles its hot paths (JIT) and fills its caches; measure that
// separately (reported, not hidden) and the steady state after it.
const warm = await constantRate({ ...target, rate: 1000, seconds: 3, perRequestHeaders: signed(await tokens(3000)) });
console.log(`order-select warm-up (fresh server, first 3 s at 1,000 req/s, ${alg}-signed JWT per call): ${line(warm)}`);
const feed = new TokenFeed(5000);
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
