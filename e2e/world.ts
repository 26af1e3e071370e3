// The set-up every browser test shares: the built web app, a migrated test database of its own, the
// real app listening on a free port, Debian's Chromium, and logging in through the login form.
//
//   const w = await openBrowserWorld();          // database open, nothing served yet
//   … seed w.db …
//   await w.serve();                             // app + browser; w.base is its URL
//   await w.logIn(page, 'e2e.radiolog');
//   afterAll(() => w.close());
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { buildApp } from '../src/server/app.ts';
import type { Config } from '../src/server/config.ts';
import type { Database } from '../src/server/db/index.ts';
import type { DB } from '../src/server/db/schema.ts';
import { openTestDatabase, testConfig } from '../src/server/testing/harness.ts';
import { TEST_PASSWORD } from '../src/server/testing/factories.ts';
import { launchTestBrowser, type TestBrowser } from './browser.ts';

/** The built web app the tests serve (`vite build` output). */
export const WEB_DIR = path.resolve(import.meta.dirname, '../dist/web');
/** Where tests put their screenshots (not in git). */
export const SHOTS = path.resolve(import.meta.dirname, 'screenshots');

/** Builds the web app once when no build is there yet (a fresh clone running one e2e file). */
export function ensureWebBuild(): void {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (fs.existsSync(path.join(WEB_DIR, 'index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

export interface BrowserWorld {
  /** The test database (migrated, empty) as the app's `Database`. */
  database: Database;
  /** Its Kysely instance, for seeding and for checking what the app wrote. */
  db: Kysely<DB>;
  /** Set by serve(). */
  app: FastifyInstance;
  /** The app's URL (http://127.0.0.1:<port>), set by serve(). */
  base: string;
  /** Chromium, set by serve(). */
  browser: TestBrowser;
  /** Builds the app on the database with `overrides` on the test configuration, listens, launches Chromium. */
  serve(overrides?: Partial<Config>): Promise<void>;
  /** Logs `username` in through the login form; resolves when the login call has answered (throws if it refused). */
  logIn(page: Page, username: string, password?: string): Promise<void>;
  /** Closes the browser and the app and drops the database; safe when serve() never ran. */
  close(): Promise<void>;
}

/** Opens the world's database (after ensuring the web build); serve() starts the rest. */
export async function openBrowserWorld(): Promise<BrowserWorld> {
  ensureWebBuild();
  const t = await openTestDatabase();
  let app: FastifyInstance | undefined;
  let browser: TestBrowser | undefined;
  const w: BrowserWorld = {
    database: t.db,
    db: t.db.kysely,
    app: undefined as unknown as FastifyInstance,
    base: '',
    browser: undefined as unknown as TestBrowser,
    async serve(overrides = {}) {
      app = await buildApp({ db: t.db, config: testConfig({ webDir: WEB_DIR, ...overrides }) });
      w.app = app;
      w.base = await app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchTestBrowser();
      w.browser = browser;
    },
    async logIn(page, username, password = TEST_PASSWORD) {
      await page.goto(`${w.base}/`);
      await page.getByLabel('Brukernavn').fill(username);
      await page.getByLabel('Passord').fill(password);
      // Signed in when the login call has answered (the session cookie comes with it). Without this
      // wait a test's next goto could start first, cancel the call and land on the login form: a
      // flake seen once under load (closing.e2e, 2026-12-01). The landing page is not waited for.
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Logg inn' }).click();
      const res = await answered;
      if (!res.ok()) throw new Error(`login of ${username} answered ${res.status()}`);
    },
    async close() {
      await browser?.close();
      await app?.close();
      await t.drop();
    },
  };
  return w;
}
