// End to end against a real OpenID Connect provider (oidc-provider on a free loopback port, set
// up as HelseID treats Radvis: private_key_jwt, PKCE, PAR, HelseID's claims). The test acts as
// the browser: it follows every redirect from Radvis to the provider's login form and back, keeps
// each side's cookies, and ends with (or without) a working Radvis session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Config, OidcConfig } from '../../config.ts';
import type { Database } from '../../db/index.ts';
import { createOrganization, createUser } from '../../testing/factories.ts';
import { openTestDatabase, testConfig } from '../../testing/harness.ts';
import { makeClientKey, startTestProvider, type TestProvider } from './helseid-test-provider.fixture.ts';

const RADVIS = 'http://localhost';
const REDIRECT = `${RADVIS}/api/auth/oidc/callback`;
const CLIENT_ID = 'radvis-test';
// Synthetic people: HPR numbers, fødselsnumre (month + 80) and names that must never reach the log.
const KNOWN_HPR = '565501872';
const INACTIVE_HPR = '565501880';
const UNKNOWN_HPR = '431001110';
const PID = '15896900123';
const NAME = 'Ragnhild Testlege';

let provider: TestProvider;
let db: Database;
let drop: () => Promise<void>;
let jwkPath: string;
let knownUserId: string;
const apps: FastifyInstance[] = [];
const logs: string[] = [];

function oidcConfig(over: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer: provider.issuer,
    clientId: CLIENT_ID,
    privateJwkPath: jwkPath,
    redirectUrl: REDIRECT,
    scopes: ['openid', 'profile', 'helseid://scopes/identity/pid', 'helseid://scopes/identity/security_level', 'helseid://scopes/hpr/hpr_number'],
    minSecurityLevel: 4,
    usePar: true,
    ...over,
  };
}

async function makeApp(config: Partial<Config>): Promise<FastifyInstance> {
  const app = await buildApp({
    db,
    config: testConfig(config),
    logger: { level: 'info', stream: { write: (line: string) => logs.push(line) } },
  });
  await app.ready();
  apps.push(app);
  return app;
}

let app: FastifyInstance;

beforeAll(async () => {
  const key = await makeClientKey();
  jwkPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-oidc-')), 'client.jwk.json');
  fs.writeFileSync(jwkPath, JSON.stringify(key.privateJwk));
  provider = await startTestProvider({
    clientId: CLIENT_ID,
    clientPublicJwk: key.publicJwk,
    redirectUris: [REDIRECT],
    accounts: {
      known: { hpr: KNOWN_HPR, pid: PID, givenName: 'Ragnhild', familyName: 'Testlege' },
      inactive: { hpr: INACTIVE_HPR, pid: PID, givenName: 'Ragnhild', familyName: 'Testlege' },
      unknown: { hpr: UNKNOWN_HPR, pid: PID, givenName: 'Ragnhild', familyName: 'Testlege' },
      level3: { hpr: KNOWN_HPR, securityLevel: '3', pid: PID },
      nohpr: { pid: PID },
    },
  });
  const t = await openTestDatabase();
  db = t.db;
  drop = t.drop;
  const dept = await createOrganization(db.kysely, { kind: 'department', name: 'Radiologisk avdeling' });
  const hf = await createOrganization(db.kysely, { kind: 'hf', name: 'Helse Test HF' });
  knownUserId = (
    await createUser(db.kysely, {
      username: 'helseid.radiolog',
      hpr: KNOWN_HPR,
      name: ['Randi', 'Radiolog'],
      grants: [
        { role: 'radiologist', organizationId: dept },
        { role: 'department_leader', organizationId: hf },
      ],
    })
  ).userId;
  const inactive = await createUser(db.kysely, { hpr: INACTIVE_HPR, grants: [{ role: 'radiologist', organizationId: dept }] });
  await db.kysely.updateTable('user_account').set({ active: false }).where('id', '=', inactive.userId).execute();
  app = await makeApp({ oidc: oidcConfig() });
});

afterAll(async () => {
  for (const a of apps) await a.close();
  await provider?.close();
  await drop?.();
});

/** Cookies per origin, as a browser keeps them (path and expiry simplified: every path, until deleted). */
class Browser {
  private jar = new Map<string, Map<string, string>>();
  constructor(private radvis: FastifyInstance) {}

  private cookiesFor(origin: string) {
    let c = this.jar.get(origin);
    if (!c) this.jar.set(origin, (c = new Map()));
    return c;
  }

  private keep(origin: string, setCookies: string[]) {
    const c = this.cookiesFor(origin);
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now()));
      if (expired || value === '') c.delete(name);
      else c.set(name, value);
    }
  }

  cookie(origin: string, name: string) {
    return this.cookiesFor(origin).get(name);
  }

  /** One request, no redirect followed. Radvis is called in process (app.inject), the provider over HTTP. */
  async request(url: string, form?: Record<string, string>): Promise<{ status: number; location?: string; body: string }> {
    const u = new URL(url);
    const cookie = [...this.cookiesFor(u.origin)].map(([k, v]) => `${k}=${v}`).join('; ');
    if (u.origin === RADVIS) {
      const res = await this.radvis.inject({ method: form ? 'POST' : 'GET', url: u.pathname + u.search, headers: cookie ? { cookie } : {} });
      const sc = res.headers['set-cookie'];
      this.keep(u.origin, sc === undefined ? [] : Array.isArray(sc) ? sc : [sc]);
      return { status: res.statusCode, location: res.headers.location as string | undefined, body: res.body };
    }
    const res = await fetch(u, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    this.keep(u.origin, res.headers.getSetCookie());
    return { status: res.status, location: res.headers.get('location') ?? undefined, body: await res.text() };
  }

  /** Follows redirects from `url` until `stop` says so or a page (non-redirect) is reached. */
  async follow(url: string, stop: (next: URL) => boolean = () => false, form?: Record<string, string>) {
    let current = new URL(url);
    let res = await this.request(current.href, form);
    for (let hops = 0; res.location && hops < 20; hops++) {
      const next = new URL(res.location, current);
      if (stop(next)) return { res, stoppedAt: next };
      current = next;
      res = await this.request(current.href);
    }
    return { res, at: current };
  }
}

const isCallback = (u: URL) => u.origin === RADVIS && u.pathname === '/api/auth/oidc/callback';

interface Flow {
  browser: Browser;
  authorizationUrl: URL;
  callback: URL;
}

/**
 * Radvis's login button → the provider → its login form, submitted as `login` → the redirect back,
 * stopped just before Radvis's callback so a test can look at it or change it.
 */
async function throughProvider(radvis: FastifyInstance, login: string, o: { changeAuthorizationUrl?: (u: URL) => void } = {}): Promise<Flow> {
  const browser = new Browser(radvis);
  const start = await browser.request(`${RADVIS}/api/auth/oidc/login`);
  expect(start.status).toBe(303);
  const authorizationUrl = new URL(start.location!);
  o.changeAuthorizationUrl?.(authorizationUrl);
  const page = await browser.follow(authorizationUrl.href);
  expect(page.res.status, page.res.body).toBe(200);
  const action = /<form[^>]*action="([^"]+)"/.exec(page.res.body)?.[1];
  expect(action, page.res.body).toBeDefined();
  const back = await browser.follow(new URL(action!.replace(/&amp;/g, '&'), page.at).href, isCallback, { prompt: 'login', login, password: 'any' });
  expect(back.stoppedAt, back.res.body).toBeDefined();
  return { browser, authorizationUrl, callback: back.stoppedAt! };
}

async function finish(flow: Flow, callback = flow.callback) {
  const res = await flow.browser.request(callback.href);
  return { ...res, session: flow.browser.cookie(RADVIS, 'radvis_session') };
}

const logsSince = (n: number) => logs.slice(n).join('\n');

function expectNoPersonalData(text: string) {
  for (const secret of [KNOWN_HPR, INACTIVE_HPR, UNKNOWN_HPR, PID, NAME, 'Ragnhild', 'Testlege']) expect(text).not.toContain(secret);
}

describe('OpenID Connect login (HelseID style) against a real provider', () => {
  it('tells the login page that HelseID is offered', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/auth/methods' });
    expect(res.json()).toEqual({ password: true, oidc: { loginUrl: '/api/auth/oidc/login' } });
  });

  it('logs in with PAR, PKCE and private_key_jwt, and ends with a Radvis session holding Radvis’s own roles', async () => {
    const before = logs.length;
    const flow = await throughProvider(app, 'known');
    // Pushed authorization request: the browser carries only a request_uri, no parameters.
    expect(flow.authorizationUrl.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(flow.authorizationUrl.searchParams.has('scope')).toBe(false);
    expect(flow.callback.searchParams.get('iss')).toBe(provider.issuer);
    const done = await finish(flow);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/');
    expect(done.session).toBeDefined();
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `radvis_session=${done.session}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ userId: knownUserId, username: 'helseid.radiolog', name: 'Randi Radiolog', hprNumber: KNOWN_HPR });
    expect([...me.json<{ roles: string[] }>().roles].sort()).toEqual(['department_leader', 'radiologist']);
    // The session works for a state-changing call too (cookie + CSRF token).
    const locale = await app.inject({
      method: 'PUT',
      url: '/api/auth/me/locale',
      payload: { locale: 'en' },
      headers: { cookie: `radvis_session=${done.session}`, 'x-csrf-token': me.json<{ csrfToken: string }>().csrfToken },
    });
    expect(locale.statusCode).toBe(200);
    // The login binding is used up: the same callback again is refused.
    const again = await flow.browser.request(flow.callback.href);
    expect(again.location).toBe('/?helseid=expired');
    expect(await db.kysely.selectFrom('oidc_login').selectAll().execute()).toEqual([]);
    const text = logsSince(before);
    expect(text).toContain('"event":"oidc-login"');
    expectNoPersonalData(text);
  });

  it('works without PAR too (parameters in the authorization URL)', async () => {
    const noPar = await makeApp({ oidc: oidcConfig({ usePar: false }) });
    const flow = await throughProvider(noPar, 'known');
    expect(flow.authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(flow.authorizationUrl.searchParams.get('scope')).toContain('helseid://scopes/hpr/hpr_number');
    const done = await finish(flow);
    expect(done.location).toBe('/');
    expect(done.session).toBeDefined();
  });

  it('refuses a callback whose state does not match the login begun in this browser', async () => {
    const flow = await throughProvider(app, 'known');
    const forged = new URL(flow.callback);
    forged.searchParams.set('state', 'not-the-state-we-sent');
    const before = logs.length;
    const done = await finish(flow, forged);
    expect(done.location).toBe('/?helseid=failed');
    expect(done.session).toBeUndefined();
    expect(logsSince(before)).toContain('"code":"OAUTH_INVALID_RESPONSE"');
  });

  it('refuses an ID token whose nonce is not the one Radvis sent', async () => {
    const noPar = await makeApp({ oidc: oidcConfig({ usePar: false }) });
    const before = logs.length;
    const flow = await throughProvider(noPar, 'known', { changeAuthorizationUrl: (u) => u.searchParams.set('nonce', 'a-nonce-radvis-never-sent') });
    const done = await finish(flow);
    expect(done.location).toBe('/?helseid=failed');
    expect(done.session).toBeUndefined();
    expect(logsSince(before)).toContain('"code":"OAUTH_JWT_CLAIM_COMPARISON_FAILED"');
  });

  it('refuses a response naming another issuer (RFC 9207 mix-up defence)', async () => {
    const flow = await throughProvider(app, 'known');
    const forged = new URL(flow.callback);
    forged.searchParams.set('iss', 'https://helseid-sts.evil.example');
    const before = logs.length;
    const done = await finish(flow, forged);
    expect(done.location).toBe('/?helseid=failed');
    expect(done.session).toBeUndefined();
    expect(logsSince(before)).toContain('"code":"OAUTH_INVALID_RESPONSE"');
  });

  it('refuses to begin when the provider’s discovery document names a different issuer than configured', async () => {
    // Same server, but configured as localhost while it says it is 127.0.0.1.
    const wrong = await makeApp({ oidc: oidcConfig({ issuer: provider.issuer.replace('127.0.0.1', 'localhost') }) });
    const before = logs.length;
    const res = await wrong.inject({ method: 'GET', url: '/api/auth/oidc/login' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/?helseid=failed');
    expect(res.cookies.find((c) => c.name === 'radvis_oidc')).toBeUndefined();
    expect(logsSince(before)).toContain('"code":"OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED"');
  });

  it('says "unavailable" when the provider cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const down = await makeApp({ oidc: oidcConfig({ issuer: 'http://127.0.0.1:1' }) });
    const res = await down.inject({ method: 'GET', url: '/api/auth/oidc/login' });
    expect(res.headers.location).toBe('/?helseid=unavailable');
  });

  it('refuses an expired authorization code', async () => {
    provider.setCodeTtl(1);
    try {
      const flow = await throughProvider(app, 'known');
      // The code lived one second; waiting longer only makes it more expired.
      await new Promise((r) => setTimeout(r, 2_500));
      const before = logs.length;
      const done = await finish(flow);
      expect(done.location).toBe('/?helseid=failed');
      expect(done.session).toBeUndefined();
      expect(logsSince(before)).toContain('token-endpoint:invalid_grant');
    } finally {
      provider.setCodeTtl(60);
    }
  });

  it('refuses an HPR number Radvis does not know, and logs it without personal data', async () => {
    const before = logs.length;
    const done = await finish(await throughProvider(app, 'unknown'));
    expect(done.location).toBe('/?helseid=no-account');
    expect(done.session).toBeUndefined();
    const text = logsSince(before);
    expect(text).toContain('"reason":"no-account"');
    expectNoPersonalData(text);
  });

  it('refuses a deactivated account', async () => {
    const done = await finish(await throughProvider(app, 'inactive'));
    expect(done.location).toBe('/?helseid=no-account');
    expect(done.session).toBeUndefined();
  });

  it('refuses security level 3 when level 4 (HelseID "high") is required', async () => {
    const before = logs.length;
    const done = await finish(await throughProvider(app, 'level3'));
    expect(done.location).toBe('/?helseid=security-level');
    expect(done.session).toBeUndefined();
    expectNoPersonalData(logsSince(before));
  });

  it('refuses a user without an HPR number', async () => {
    const done = await finish(await throughProvider(app, 'nohpr'));
    expect(done.location).toBe('/?helseid=no-hpr');
    expect(done.session).toBeUndefined();
  });

  it('says "cancelled" when the user aborts at the provider', async () => {
    const browser = new Browser(app);
    const start = await browser.request(`${RADVIS}/api/auth/oidc/login`);
    const page = await browser.follow(start.location!);
    const abort = /href="([^"]*abort[^"]*)"/.exec(page.res.body)?.[1];
    expect(abort, page.res.body).toBeDefined();
    const back = await browser.follow(new URL(abort!, page.at).href, isCallback);
    expect(back.stoppedAt?.searchParams.get('error')).toBe('access_denied');
    const done = await browser.request(back.stoppedAt!.href);
    expect(done.location).toBe('/?helseid=cancelled');
  });

  it('refuses a callback in a browser that did not begin the login', async () => {
    const flow = await throughProvider(app, 'known');
    const stranger = new Browser(app);
    const done = await stranger.request(flow.callback.href);
    expect(done.location).toBe('/?helseid=expired');
    expect(stranger.cookie(RADVIS, 'radvis_session')).toBeUndefined();
  });

  it('offers no OpenID Connect login when it is not configured', async () => {
    const plain = await makeApp({ oidc: null });
    expect((await plain.inject({ method: 'GET', url: '/api/auth/methods' })).json()).toEqual({ password: true, oidc: null });
    expect((await plain.inject({ method: 'GET', url: '/api/auth/oidc/login' })).statusCode).toBe(404);
  });
});
