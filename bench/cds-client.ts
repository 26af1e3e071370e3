// The bench's record system: registers itself as a CDS client of a running Radvis server (through
// the admin API, as an administrator would) and signs a fresh JWT for every call (CDS Hooks 2.0
// §Trusting CDS Clients), as a production record system does. Shared by the CDS Hooks benches.
import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** The order-select request the benches send: an MR knee with a typical GP note (reaches a rated outcome). */
export const ORDER_SELECT_BODY = JSON.stringify({
  hook: 'order-select',
  // A fixed UUID (CDS Hooks 2.0: hookInstance is a UUID); every bench call sends the same body.
  hookInstance: '3f2c1d0e-9b8a-4c7d-8e6f-5a4b3c2d1e0f',
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

export interface BenchCdsClient {
  serviceUrl: string;
  /**
   * Signs n unique JWTs, `parallel` at a time (default 250; WebCrypto runs on the thread pool, so
   * a large batch occupies every core until it is done).
   */
  tokens(n: number, parallel?: number): Promise<string[]>;
}

/**
 * Logs in as the demo administrator of the server at `url`, registers a CDS client with a new key
 * pair of algorithm `alg` (RS384 or ES384, the algorithms CDS Hooks recommends) and returns a signer.
 * The issuer is unique per call, so a run against a database kept from an earlier run works.
 */
export async function registerBenchClient(url: string, alg: string): Promise<BenchCdsClient> {
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
  const issuer = `https://bench-epj-${crypto.randomUUID().slice(0, 8)}.radvis.invalid/`;
  const reg = await fetch(`${url}/api/admin/cds-clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({
      name: 'Bench-EPJ',
      issuer,
      organizationId: orgs[0].id,
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }] },
    }),
  });
  if (reg.status !== 201) throw new Error(`could not register the bench CDS client: ${reg.status} ${await reg.text()}`);
  async function tokens(n: number, parallel = 250): Promise<string[]> {
    const out: string[] = [];
    while (out.length < n) {
      const batch = Array.from({ length: Math.min(parallel, n - out.length) }, () =>
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
  return { serviceUrl, tokens };
}

/**
 * The server accepts a JWT for at most 5 minutes (and no iat in the future), so a run longer than
 * that cannot be signed up front. The feed keeps `ahead` freshly signed tokens queued (about
 * `ahead`/1000 s of calls at 1,000/s), hands them out oldest first and refills in the background
 * while the run goes on: the signing cost (RS384 ≈ 0.3 ms, ES384 ≈ 0.8 ms CPU per token) is spent
 * on the same two cores during the run, as a co-located record system would.
 */
export class TokenFeed {
  private queue: string[] = [];
  private head = 0;
  private refilling = false;
  private stopped = false;
  misses = 0;
  constructor(
    private readonly client: BenchCdsClient,
    private readonly ahead: number,
  ) {}
  async fill(): Promise<void> {
    this.queue.push(...(await this.client.tokens(this.ahead)));
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
    // One token at a time: the signing cost is spread evenly over the run (≈ 0.3 core at
    // 1,000 calls/s) instead of bursts of 250 parallel signings that took both cores from the
    // server for ~25 ms four times a second (BENCH_SIGN_BURST=250 brings the bursts back).
    const burst = Number(process.env.BENCH_SIGN_BURST ?? 1);
    while (!this.stopped && this.queue.length - this.head < this.ahead) this.queue.push(...(await this.client.tokens(burst, burst)));
    this.refilling = false;
  }
  stop(): void {
    this.stopped = true;
  }
}
