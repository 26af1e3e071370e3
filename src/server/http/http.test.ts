import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { as, createTestContext, login, testConfig, type TestContext } from '../testing/harness.ts';
import { createOrganization, createUser } from '../testing/factories.ts';

let t: TestContext;
let adminSession: Awaited<ReturnType<typeof login>>;

beforeAll(async () => {
  t = await createTestContext();
  const rhf = await createOrganization(t.db.kysely, { kind: 'rhf', name: 'Helse Vest RHF' });
  const admin = await createUser(t.db.kysely, { username: 'admin.http', grants: [{ role: 'admin', organizationId: rhf }] });
  adminSession = await login(t.app, admin.username, admin.password);
});
afterAll(() => t.close());

describe('health', () => {
  it('answers 200 when ready and 503 while starting', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toMatchObject({ status: 'ok' });
    const starting = await buildApp({ db: t.db, config: testConfig(), ready: false });
    try {
      const h = await starting.inject({ url: '/health' });
      expect(h.statusCode).toBe(503);
      expect(h.json()).toMatchObject({ status: 'starting' });
      // Other routes refuse politely while starting.
      const other = await starting.inject({ url: '/api/auth/me' });
      expect(other.statusCode).toBe(503);
      expect(other.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await starting.close();
    }
  });
});

describe('errors', () => {
  it('answers malformed requests with 400 problem+json naming the fields', async () => {
    const res = await as(t.app, adminSession)({ method: 'POST', url: '/api/admin/users', payload: { username: 'x', grants: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.status).toBe(400);
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'password', 'givenName', 'familyName', 'profession', 'grants']));
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"username": ', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(res.json().type).toMatch(/problems\//);
  });

  it('answers unknown routes with 404 problem+json, and OperationOutcome under /fhir', async () => {
    const api = await t.app.inject({ url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    const fhir = await t.app.inject({ url: '/fhir/Nothing/1' });
    expect(fhir.statusCode).toBe(404);
    expect(fhir.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
  });

  it('hides internal errors behind a generic 500', async () => {
    const app = await buildApp({ db: t.db, config: testConfig() });
    app.get('/api/boom', { config: { access: { public: true } } }, async () => {
      throw new Error('secret database detail at /srv/x.ts:12');
    });
    const res = await app.inject({ url: '/api/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/secret|x\.ts/);
    await app.close();
  });

  it('refuses bodies over the size limit with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});
