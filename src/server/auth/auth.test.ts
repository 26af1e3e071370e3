import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createOrganization, createUser, TEST_PASSWORD } from '../testing/factories.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

let t: TestContext;
let dept: string;
let radiologist: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  t = await createTestContext({ lockoutAttempts: 3 });
  const hf = await createOrganization(t.db.kysely, { kind: 'hf', name: 'Helse Bergen' });
  dept = await createOrganization(t.db.kysely, { kind: 'department', name: 'Radiologisk avdeling', parentId: hf });
  radiologist = await createUser(t.db.kysely, { username: 'rad.test', grants: [{ role: 'radiologist', organizationId: dept }] });
});
afterAll(() => t.close());

describe('login', () => {
  it('logs in with the right password, sets an httpOnly SameSite=Strict cookie and returns roles and a CSRF token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rad.test', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/radvis_session=/);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Strict/i);
    const me = res.json();
    expect(me.roles).toEqual(['radiologist']);
    expect(me.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The session token is stored only as a hash.
    const rows = await t.db.kysely.selectFrom('session').select('id_hash').execute();
    const token = raw.match(/radvis_session=([^;]+)/)![1];
    expect(rows.some((r) => r.id_hash === token)).toBe(false);
  });

  it('stores passwords as argon2id hashes (19 MiB, two passes)', async () => {
    // The fixture users carry a cheaper hash (testing/factories.ts); what the app itself stores:
    const stored = await hashPassword(TEST_PASSWORD);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, TEST_PASSWORD)).toBe(true);
    expect(await verifyPassword(stored, 'feil-passord')).toBe(false);
  });

  it('refuses a wrong password with 401 problem+json, without saying whether the user exists', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rad.test', password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('locks the account after repeated failures, even for the right password, answering as for an unknown user', async () => {
    const u = await createUser(t.db.kysely, { username: 'lock.me', grants: [{ role: 'radiologist', organizationId: dept }] });
    for (let i = 0; i < 3; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong-password' } });
      expect(r.statusCode).toBe(401);
    }
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    // Uniform answer: a locked account looks exactly like a wrong password or an unknown username.
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody.at.all', password: u.password } });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ ...unknown.json(), instance: r.json().instance });
    expect(r.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(r.cookies).toHaveLength(0);
  });

  it('logs out: the session no longer works', async () => {
    const s = await login(t.app, 'rad.test', TEST_PASSWORD);
    const call = as(t.app, s);
    expect((await call({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await call({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await call({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('tells the web app whether it has a session, with 200 either way (no failed request before login)', async () => {
    const before = await t.app.inject({ url: '/api/auth/session' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ signedIn: false, me: null });
    const s = await login(t.app, 'rad.test', TEST_PASSWORD);
    const during = await as(t.app, s)({ url: '/api/auth/session' });
    expect(during.json()).toMatchObject({ signedIn: true, me: { username: 'rad.test' } });
    expect(during.json().me.csrfToken).toBeTruthy();
    await as(t.app, s)({ method: 'POST', url: '/api/auth/logout' });
    expect((await as(t.app, s)({ url: '/api/auth/session' })).json()).toEqual({ signedIn: false, me: null });
  });

  it('rate-limits login attempts per client', async () => {
    const limited = await createTestContext({ loginRatePerMinute: 2 });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++)
        codes.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' } })).statusCode);
      expect(codes).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('access control', () => {
  it('needs a session for protected routes (401) and the right role (403)', async () => {
    expect((await t.app.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    const s = await login(t.app, radiologist.username, radiologist.password);
    const res = await as(t.app, s)({ url: '/api/admin/users' });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toMatch(/forbidden/);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const s = await login(t.app, radiologist.username, radiologist.password);
    const res = await t.app.inject({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' }, headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/CSRF/);
    const ok = await as(t.app, s)({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses to start an app with a route that declares no access rule', async () => {
    const { buildApp } = await import('../app.ts');
    const app = await buildApp({ db: t.db, config: t.config });
    expect(() => app.get('/api/undeclared', async () => 'x')).toThrow(/declares no access rule/);
    await app.close();
  });
});
