// Trusting CDS clients (CDS Hooks 2.0): only calls with a JWT signed by a registered, active
// client, for this endpoint, fresh and not replayed, reach the services. Every refusal is a 401
// OperationOutcome and stores nothing. Administrators register and deactivate clients.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../directory/reference-data.ts';
import { cdsOrderRequest, createTestCdsClient, INJECT_BASE, makeKeys, type TestCdsClient } from '../testing/cds-client.ts';
import { createOrganization, createUser } from '../testing/factories.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';

let t: TestContext;
let practice: string;
let otherOrg: string;
let client: TestCdsClient;
let admin: Session;
let gp: Session;
let jwksServer: http.Server;
let jwksUrl: string;
let served: { keys: unknown[] } = { keys: [] };

const SELECT = '/cds-services/radvis-imaging-order-select';
const body = () => cdsOrderRequest({ note: 'Kneesmerter i 12 uker, ikke traume.' });
const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db.kysely)).rows[0].n;
/** CDS advice events are stored by group commit (advice-log.ts): wait until everything queued so far is written. */
const settle = () => t.app.adviceLog.flush();
const call = (token: string | null, url = SELECT, payload: object = body()) =>
  t.app.inject({ method: 'POST', url, payload, headers: token === null ? {} : { authorization: `Bearer ${token}` } });

async function expectRefused(token: string | null, why: RegExp, url = SELECT) {
  await settle();
  const before = await count('advice_event');
  const res = await call(token, url);
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toMatch(/application\/fhir\+json/);
  const oo = res.json();
  expect(oo.resourceType).toBe('OperationOutcome');
  expect(oo.issue[0].diagnostics ?? oo.issue[0].details?.text).toMatch(why);
  await settle();
  expect(await count('advice_event')).toBe(before);
}

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  await loadReferenceData(db);
  practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  otherOrg = await createOrganization(db, { kind: 'gp_practice', name: 'Annet legesenter' });
  client = await createTestCdsClient(db, { organizationId: practice });
  const adminUser = await createUser(db, { username: 'cds.admin', grants: [{ role: 'admin', organizationId: practice }] });
  const gpUser = await createUser(db, { username: 'cds.gp', referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  admin = await login(t.app, adminUser.username, adminUser.password);
  gp = await login(t.app, gpUser.username, gpUser.password);
  // A record system publishing its JWK Set at a URL (jku), on loopback.
  jwksServer = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(served));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', () => r()));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
});
afterAll(async () => {
  jwksServer.close();
  await t.close();
});

describe('CDS client trust', () => {
  it('answers a call signed by a registered client and records which client and user it was', async () => {
    const res = await call(await client.sign(SELECT));
    expect(res.statusCode).toBe(200);
    expect(res.json().cards).toHaveLength(1);
    await settle();
    const ev = await t.db.kysely.selectFrom('advice_event').select(['client', 'external_user', 'source']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(ev).toEqual({ client: client.id, external_user: 'Practitioner/123', source: 'cds-hooks' });
  });

  it('keeps discovery open: it lists services and holds no data', async () => {
    const res = await t.app.inject({ url: '/cds-services' });
    expect(res.statusCode).toBe(200);
    expect(res.json().services.length).toBeGreaterThan(0);
  });

  it('refuses a call without a JWT, or with something that is not one', async () => {
    await expectRefused(null, /Authorization: Bearer/);
    await expectRefused('abc.def', /not a JWT/);
  });

  it('refuses a JWT for another endpoint (aud) and accepts the service URL for its feedback', async () => {
    await expectRefused(await client.sign('/cds-services/radvis-imaging-order-sign'), /aud/);
    await expectRefused(await client.sign(`https://evil.example${SELECT}`), /aud/);
    // Feedback names a card this client was given (CDS Hooks 2.0 §Feedback): get one first.
    const issued = await call(await client.sign(SELECT));
    const card = (issued.json() as { cards: { uuid: string }[] }).cards[0]!.uuid;
    await settle();
    const fb = await t.app.inject({
      method: 'POST',
      url: `${SELECT}/feedback`,
      headers: { authorization: `Bearer ${await client.sign(SELECT)}` },
      payload: { feedback: [{ card, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }] },
    });
    expect(fb.statusCode).toBe(200);
    const row = await t.db.kysely.selectFrom('cds_feedback').select('client').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.client).toBe(client.id);
  });

  it('refuses expired, long-lived and future tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await client.sign(SELECT, { iat: now - 400, lifetimeS: 300 }), /expired/);
    await expectRefused(await client.sign(SELECT, { lifetimeS: 3600 }), /longer than 300/);
    await expectRefused(await client.sign(SELECT, { iat: now + 600, lifetimeS: 60 }), /future|iat/);
  });

  it('refuses a replayed JWT (same jti)', async () => {
    const token = await client.sign(SELECT);
    expect((await call(token)).statusCode).toBe(200);
    await expectRefused(token, /replay/);
  });

  it('refuses an unknown issuer, a wrong key, a missing kid, HMAC and unsigned tokens', async () => {
    const stranger = await makeKeys('ES384', client.kid);
    const sign = (header: Record<string, unknown>, key: Parameters<SignJWT['sign']>[0], iss = client.issuer) =>
      new SignJWT({ jti: crypto.randomUUID() })
        .setProtectedHeader(header as { alg: string })
        .setIssuer(iss)
        .setAudience(`${INJECT_BASE}${SELECT}`)
        .setIssuedAt()
        .setExpirationTime('2m')
        .sign(key);
    await expectRefused(await sign({ alg: 'ES384', typ: 'JWT', kid: client.kid }, stranger.privateKey, 'https://ukjent-epj.example/'), /not a registered/);
    await expectRefused(await sign({ alg: 'ES384', typ: 'JWT', kid: client.kid }, stranger.privateKey), /signature/);
    await expectRefused(await sign({ alg: 'ES384', typ: 'JWT' }, client.privateKey), /kid/);
    await expectRefused(await sign({ alg: 'HS256', typ: 'JWT', kid: client.kid }, new TextEncoder().encode('a shared secret of enough length!')), /HS256/);
    const claims = Buffer.from(
      JSON.stringify({
        iss: client.issuer,
        aud: `${INJECT_BASE}${SELECT}`,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 60,
        jti: 'x',
      }),
    ).toString('base64url');
    await expectRefused(`${Buffer.from('{"alg":"none","typ":"JWT","kid":"k"}').toString('base64url')}.${claims}.`, /none/);
  });

  it('follows jku only to the JWK Set URL registered for the issuer', async () => {
    const keys = await makeKeys('RS384');
    served = { keys: [keys.publicJwk] };
    const remote = await createTestCdsClient(t.db.kysely, { organizationId: practice, alg: 'RS384', jwksUrl, keys });
    expect((await call(await remote.sign(SELECT, { header: { jku: jwksUrl } }))).statusCode).toBe(200);
    expect((await call(await remote.sign(SELECT))).statusCode).toBe(200);
    await expectRefused(await remote.sign(SELECT, { header: { jku: 'https://attacker.example/jwks.json' } }), /jku/);
    // A client with registered keys accepts no jku at all.
    await expectRefused(await client.sign(SELECT, { header: { jku: jwksUrl } }), /jku/);
  });

  it('lets an administrator register, list and deactivate clients, and validates what is registered', async () => {
    const raw = as(t.app, admin);
    const api = {
      get: (url: string) => raw({ url }),
      post: (url: string, payload: unknown) => raw({ method: 'POST', url, payload }),
      patch: (url: string, payload: unknown) => raw({ method: 'PATCH', url, payload }),
    };
    const keys = await makeKeys('ES256');
    const issuer = `https://dips-${crypto.randomBytes(3).toString('hex')}.example/`;
    const bad = await api.post('/api/admin/cds-clients', {
      name: 'DIPS',
      issuer,
      organizationId: practice,
      jwks: { keys: [{ ...keys.publicJwk, d: 'secret' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/public key/);
    const both = await api.post('/api/admin/cds-clients', {
      name: 'DIPS',
      issuer,
      organizationId: practice,
      jwks: { keys: [keys.publicJwk] },
      jwksUrl: 'https://x.example/jwks',
    });
    expect(both.statusCode).toBe(400);
    const plainHttp = await api.post('/api/admin/cds-clients', { name: 'DIPS', issuer, organizationId: practice, jwksUrl: 'http://x.example/jwks' });
    expect(plainHttp.statusCode).toBe(400);
    const elsewhere = await api.post('/api/admin/cds-clients', { name: 'DIPS', issuer, organizationId: otherOrg, jwks: { keys: [keys.publicJwk] } });
    expect(elsewhere.statusCode).toBe(403);
    expect(await t.db.kysely.selectFrom('cds_client').select('id').where('issuer', '=', issuer).execute()).toHaveLength(0);

    const created = await api.post('/api/admin/cds-clients', { name: 'DIPS Arena', issuer, organizationId: practice, jwks: { keys: [keys.publicJwk] } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await api.post('/api/admin/cds-clients', { name: 'Again', issuer, organizationId: practice, jwks: { keys: [keys.publicJwk] } })).statusCode).toBe(
      409,
    );
    const listed = (await api.get('/api/admin/cds-clients')).json() as { id: string; active: boolean }[];
    expect(listed.find((c) => c.id === id)?.active).toBe(true);

    const sign = () =>
      new SignJWT({ jti: crypto.randomUUID() })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: keys.kid })
        .setIssuer(issuer)
        .setAudience(`${INJECT_BASE}${SELECT}`)
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(keys.privateKey);
    expect((await call(await sign())).statusCode).toBe(200);
    expect((await api.patch(`/api/admin/cds-clients/${id}`, { active: false })).statusCode).toBe(200);
    await expectRefused(await sign(), /not a registered, active/);

    // Only administrators.
    expect((await as(t.app, gp)({ url: '/api/admin/cds-clients' })).statusCode).toBe(403);
    expect(
      (
        await as(
          t.app,
          gp,
        )({
          method: 'POST',
          url: '/api/admin/cds-clients',
          payload: { name: 'X', issuer: 'https://x.example/', organizationId: practice, jwksUrl: 'https://x.example/jwks' },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('CDS client trust behind a proxy (RADVIS_PUBLIC_URL)', () => {
  it('expects the public URL in aud, not the internal host', async () => {
    const ctx = await createTestContext({ publicUrl: 'https://radvis.helse-vest.example' });
    try {
      await loadReferenceData(ctx.db.kysely);
      const org = await createOrganization(ctx.db.kysely, { kind: 'gp_practice', name: 'Legesenteret' });
      const c = await createTestCdsClient(ctx.db.kysely, { organizationId: org });
      const send = async (aud: string) =>
        ctx.app.inject({ method: 'POST', url: SELECT, payload: body(), headers: { authorization: `Bearer ${await c.sign(aud)}` } });
      expect((await send(`https://radvis.helse-vest.example${SELECT}`)).statusCode).toBe(200);
      expect((await send(SELECT)).statusCode).toBe(401);
    } finally {
      await ctx.close();
    }
  });
});
