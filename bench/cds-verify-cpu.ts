// CPU per CDS client JWT verification in this process (main thread + libuv/WebCrypto threads:
// process.cpuUsage), jose's jwtVerify (WebCrypto, the verifier before fast-jwt) against
// CdsClientVerifier (fast-jwt on node:crypto; ES384/ES512 still jose), same tokens, alternating rounds. CPU time, not wall
// time, so a loaded machine changes the figure little.
//   npx tsx bench/cds-verify-cpu.ts [tokensPerRound=3000] [rounds=3] [alg=RS384]
import crypto from 'node:crypto';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { CDS_ALGORITHMS, CdsClientVerifier, type CdsClient } from '../src/server/auth/cds-clients.ts';
import { makeKeys } from '../src/server/testing/cds-client.ts';

const n = Number(process.argv[2] ?? 3000);
const rounds = Number(process.argv[3] ?? 3);
const alg = process.argv[4] ?? 'RS384';
const AUD = 'https://radvis.example/cds-services/radvis-imaging-order-select';
const ISS = 'https://epj.example.test/';
const keys = await makeKeys(alg);
const client: CdsClient = { id: 'c', name: 'EPJ', issuer: ISS, organizationId: 'o', jwks: { keys: [keys.publicJwk] }, jwksUrl: null, active: true };
const sign = () =>
  new SignJWT({ jti: crypto.randomUUID() })
    .setProtectedHeader({ alg, typ: 'JWT', kid: keys.kid })
    .setIssuer(ISS)
    .setAudience(AUD)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(keys.privateKey);
const jwks = createLocalJWKSet(client.jwks!);
const verifier = new CdsClientVerifier({ lookup: async () => client });
const ways: Record<string, (t: string) => Promise<unknown>> = {
  'jose jwtVerify (WebCrypto)': (t) =>
    jwtVerify(t, jwks, { issuer: ISS, audience: AUD, algorithms: [...CDS_ALGORITHMS], clockTolerance: 30, requiredClaims: ['exp', 'iat', 'jti', 'aud'] }),
  'CdsClientVerifier (fast-jwt on node:crypto; jose for ES384/ES512)': (t) => verifier.verify(t, AUD),
};
const results: Record<string, number[]> = {};
for (let r = 0; r < rounds + 1; r++) {
  for (const [name, verify] of Object.entries(ways)) {
    const tokens = await Promise.all(Array.from({ length: n }, sign));
    const c0 = process.cpuUsage();
    // 50 in flight, as 50 connections would have.
    for (let i = 0; i < n; i += 50) await Promise.all(tokens.slice(i, i + 50).map(verify));
    const c = process.cpuUsage(c0);
    if (r > 0) (results[name] ??= []).push((c.user + c.system) / n); // round 0 warms up
  }
}
for (const [name, us] of Object.entries(results)) console.log(`${alg} ${name}: ${us.map((u) => u.toFixed(0)).join(' / ')} µs CPU per verification`);
