// End to end in Debian's Chromium: "Logg inn med HelseID" on the login page → a real OpenID
// Connect provider (oidc-provider, set up as HelseID treats Radvis: private_key_jwt, PKCE, PAR,
// HelseID's claims) → its login form → back to Radvis, logged in with Radvis's own roles. And a
// refused login (an HPR number Radvis does not know) explained on the login page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import type { Config } from '../src/server/config.ts';
import { launchTestBrowser, type TestBrowser } from './browser.ts';
import { openTestDatabase, testConfig } from '../src/server/testing/harness.ts';
import { createOrganization, createUser } from '../src/server/testing/factories.ts';
import { listenTestProvider, makeClientKey, type TestProvider } from '../src/server/auth/oidc/helseid-test-provider.fixture.ts';

const WEB_DIR = path.resolve(import.meta.dirname, '../dist/web');
const SHOTS = path.resolve(import.meta.dirname, 'screenshots');
const LOGIN_PAGE_SOURCE = path.resolve(import.meta.dirname, '../src/web/auth/LoginPage.tsx');

let app: FastifyInstance;
let idp: TestProvider;
let drop: () => Promise<void>;
let browser: TestBrowser;
let base: string;

beforeAll(async () => {
  // The login page must be built with the HelseID button: rebuild when the build is older than it.
  const index = path.join(WEB_DIR, 'index.html');
  if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < fs.statSync(LOGIN_PAGE_SOURCE).mtimeMs) {
    // NODE_ENV=production: vitest sets NODE_ENV=test, which would give a development build of React.
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const t = await openTestDatabase();
  drop = t.drop;
  const dept = await createOrganization(t.db.kysely, { kind: 'department', name: 'Radiologisk avdeling, Haukeland' });
  await createUser(t.db.kysely, {
    username: 'helseid.radiolog',
    hpr: '565501872',
    name: ['Randi', 'Røntgen'],
    grants: [{ role: 'radiologist', organizationId: dept }],
  });

  const key = await makeClientKey();
  const jwkPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-oidc-e2e-')), 'client.jwk.json');
  fs.writeFileSync(jwkPath, JSON.stringify(key.privateJwk));
  // The provider listens first (Radvis needs its issuer), Radvis next (the provider needs
  // Radvis's redirect URI, known once Radvis listens on its free port); the redirect URI is
  // filled in before anyone logs in.
  const provider = await listenTestProvider();
  idp = provider;
  const config: Config = testConfig({
    webDir: WEB_DIR,
    oidc: {
      issuer: provider.issuer,
      clientId: 'radvis-e2e',
      privateJwkPath: jwkPath,
      redirectUrl: 'http://127.0.0.1/not-yet-known',
      scopes: ['openid', 'profile', 'helseid://scopes/identity/pid', 'helseid://scopes/identity/security_level', 'helseid://scopes/hpr/hpr_number'],
      minSecurityLevel: 4,
      usePar: true,
    },
  });
  app = await buildApp({ db: t.db, config });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  config.oidc!.redirectUrl = `${base}/api/auth/oidc/callback`;
  await provider.configure({
    clientId: 'radvis-e2e',
    clientPublicJwk: key.publicJwk,
    redirectUris: [config.oidc!.redirectUrl],
    accounts: {
      'randi.rontgen': { hpr: '565501872', givenName: 'Randi', familyName: 'Røntgen' },
      'ukjent.lege': { hpr: '431001110', givenName: 'Ukjent', familyName: 'Lege' },
    },
  });
  browser = await launchTestBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await idp?.close();
  await drop?.();
});

async function throughHelseId(login: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Logg inn med HelseID' }).click();
  // The provider's own login form.
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  return page;
}

describe('HelseID login in the browser', () => {
  it('shows "Logg inn med HelseID" and logs a radiologist in through the provider', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Logg inn med HelseID' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'login-helseid.png'), fullPage: true });
    await page.close();

    const loggedIn = await throughHelseId('randi.rontgen');
    await loggedIn.getByRole('heading', { level: 1, name: 'Velkommen, Randi Røntgen' }).waitFor();
    expect(await loggedIn.getByRole('heading', { level: 2, name: 'Radiolog' }).isVisible()).toBe(true);
    expect(new URL(loggedIn.url()).origin).toBe(base);
    const cookies = await loggedIn.context().cookies(base);
    expect(cookies.find((c) => c.name === 'radvis_session')?.httpOnly).toBe(true);
    await loggedIn.screenshot({ path: path.join(SHOTS, 'login-helseid-done.png'), fullPage: true });
    await loggedIn.close();
  });

  it('explains a refusal in Norwegian when Radvis has no user with that HPR number', async () => {
    const page = await throughHelseId('ukjent.lege');
    await page.getByText('Du er kjent hos HelseID, men har ingen aktiv bruker i Radvis').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Logg inn i Radvis' }).waitFor();
    // The reason is shown once; the address is cleaned so a reload does not repeat it.
    expect(new URL(page.url()).search).toBe('');
    await page.screenshot({ path: path.join(SHOTS, 'login-helseid-refused.png'), fullPage: true });
    await page.close();
  });
});
