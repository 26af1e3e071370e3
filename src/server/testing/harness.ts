// Test harness: the real app on a real database. PGlite in memory by default; with
// TEST_DATABASE_URL set, PostgreSQL in a fresh database per test file (dropped afterwards). A test
// can ask for PGlite either way (`engine: 'pglite'`); the parity files run on both (parityEngines).
// Both start from the migrated copy global-setup.ts builds once per run (a PGlite data directory
// tarball; a PostgreSQL template database), not from initdb + every migration per file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig, testDatabaseUrl, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import type { GuidelineCatalogue } from '../guidelines/catalogue.ts';
import { inject } from 'vitest';
import { adminQuery, databaseUrl, dropTestDatabase, fileDatabaseName, TEMPLATE_KEYS } from './template.ts';

export interface TestContext {
  app: FastifyInstance;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

// Files a test run writes (the demo CDS client's key) go to a temporary directory, never ./data.
let testDataDir: string | undefined;
export function testConfig(overrides: Partial<Config> = {}): Config {
  testDataDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-test-data-'));
  return {
    ...loadConfig({ RADVIS_WEB_DIR: '/nonexistent-web-dir', RADVIS_DATA_DIR: testDataDir } as NodeJS.ProcessEnv),
    loginRatePerMinute: 10_000,
    logLevel: 'silent',
    ...overrides,
  };
}

const tarballs = new Map<string, Blob | undefined>();
/** The PGlite data directory tarball global-setup.ts provided under `key` (read once per file). */
function pgliteTarball(key: typeof TEMPLATE_KEYS.pgliteEmpty | typeof TEMPLATE_KEYS.pgliteMigrated): Blob | undefined {
  if (!tarballs.has(key)) {
    const file = inject(key);
    tarballs.set(key, file && fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : undefined);
  }
  return tarballs.get(key);
}

/**
 * An in-memory PGlite right after initdb, with no migrations applied (for tests of the migrations
 * themselves). Loaded from the run's tarball when there is one, else a fresh initdb.
 */
export async function openEmptyTestPGlite(): Promise<Database> {
  return openDatabase({ pgliteLoadDataDir: pgliteTarball(TEMPLATE_KEYS.pgliteEmpty) });
}

/**
 * An empty database with no migrations applied, on the configured engine (for tests of data
 * migrations: apply some, write rows, apply the rest): with TEST_DATABASE_URL a fresh schema on that
 * PostgreSQL server, else PGlite right after initdb. `drop` removes it.
 */
export async function openUnmigratedTestDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  const url = testDatabaseUrl();
  if (!url) {
    const db = await openEmptyTestPGlite();
    return { db, drop: () => db.close() };
  }
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ url, schema, poolSize: 2 });
  return {
    db,
    async drop() {
      await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

/**
 * Copies the run's PostgreSQL template into a new database for one test file and returns its name
 * (named after the template, so the run's teardown finds any copy a file could not drop). Test
 * databases do not wait for the WAL flush at each commit (synchronous_commit = off, set on the
 * database so every connection to it has it: pools, LISTEN connections, second server processes).
 * Transactions, locks, isolation and visibility are unchanged; only a crash of the PostgreSQL server
 * could lose the last commits, which no test relies on. Each commit on a busy 2-core machine
 * otherwise waited 2–7 ms for the disk (measured 2026-12-01: 500 single-row commits 1.9–3.3 s with
 * it on, 0.25–0.36 s off), time the suite spent idle.
 */
async function copyTemplate(url: string, template: string): Promise<string> {
  const name = fileDatabaseName(template, crypto.randomBytes(6).toString('hex'));
  await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  await adminQuery(url, `ALTER DATABASE ${name} SET synchronous_commit = off`);
  return name;
}

/**
 * The worker's next copy of the template, made while the current test file runs. A copy takes
 * 0.2–0.5 s of PostgreSQL's time (more on a loaded machine), which every file that opens a database
 * waited for at its start; with one copy made ahead, a file takes the spare and the next is made
 * beside its tests. Test files in one worker share this module (vitest `isolate: false`), so the
 * spare passes from file to file; the last one is dropped by the run's teardown with the other
 * leftovers (template.ts `dropFileDatabases`, which first waits for a copy still being made). A
 * spare that failed is not used: the file then copies the template itself and sees any error.
 */
let spareCopy: { url: string; template: string; name: Promise<string | undefined> } | undefined;

async function takeTemplateCopy(url: string, template: string): Promise<string> {
  const ready = spareCopy?.url === url && spareCopy.template === template ? await spareCopy.name : undefined;
  spareCopy = { url, template, name: copyTemplate(url, template).catch(() => undefined) };
  return ready ?? copyTemplate(url, template);
}

/**
 * A test database engine: 'postgresql' (the server at TEST_DATABASE_URL) or 'pglite' (embedded, in
 * memory).
 */
export type TestEngine = 'postgresql' | 'pglite';

/**
 * The engine this run's tests use unless a test asks for another: 'postgresql' when
 * TEST_DATABASE_URL is set and RADVIS_TEST_ENGINE is not 'pglite' (config.ts `testDatabaseUrl`),
 * else 'pglite'.
 */
export function configuredTestEngine(): TestEngine {
  return testDatabaseUrl() ? 'postgresql' : 'pglite';
}

/**
 * The engines a parity test file runs on, the configured one first: `['postgresql', 'pglite']` when
 * the run is on PostgreSQL (CI), `['pglite']` when it is on PGlite already (no TEST_DATABASE_URL, or
 * RADVIS_TEST_ENGINE=pglite). A file whose body is wrapped in
 * `describe.each(parityEngines())('on %s', (engine) => …)`, passing `engine` to
 * createTestContext/openTestDatabase, runs every test on both engines in CI, inside the one test
 * run. For the paths where PGlite and PostgreSQL could differ most (transactions, idempotency, the
 * access gate); the rest of the suite runs on the configured engine only.
 */
export function parityEngines(): TestEngine[] {
  return configuredTestEngine() === 'pglite' ? ['pglite'] : ['postgresql', 'pglite'];
}

/**
 * Opens a migrated, empty test database. `opts.engine`: 'pglite' loads an in-memory PGlite from the
 * run's migrated data directory (global-setup.ts builds it on every run, with or without
 * TEST_DATABASE_URL); 'postgresql' a copy of the run's template on the TEST_DATABASE_URL server
 * (throws when that is not set); default: the configured engine (`configuredTestEngine`).
 * `opts.poolSize`: connections in the PostgreSQL pool (default 4; a concurrency test asks for more;
 * PGlite has the one). `drop` closes it and removes it.
 */
export async function openTestDatabase(opts: { engine?: TestEngine; poolSize?: number } = {}): Promise<{ db: Database; drop(): Promise<void> }> {
  const engine = opts.engine ?? configuredTestEngine();
  const url = engine === 'postgresql' ? testDatabaseUrl() : undefined;
  if (engine === 'postgresql' && !url) throw new Error('openTestDatabase: engine postgresql needs TEST_DATABASE_URL (and RADVIS_TEST_ENGINE not pglite)');
  if (!url) {
    const db = await openDatabase({ pgliteLoadDataDir: pgliteTarball(TEMPLATE_KEYS.pgliteMigrated) });
    // Applies nothing when started from the run's migrated copy; checks it is current.
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const template = inject(TEMPLATE_KEYS.postgresTemplate);
  if (template) {
    const name = await takeTemplateCopy(url, template);
    const db = await openDatabase({ url: databaseUrl(url, name), poolSize: opts.poolSize ?? 4 });
    await migrate(db);
    return {
      db,
      // The drop is not awaited: on PostgreSQL 15 every DROP DATABASE forces an immediate
      // checkpoint (0.2–2.5 s on a loaded machine), time the next test file need not wait for. A
      // drop that has not finished when the worker ends is done by the run's teardown.
      async drop() {
        await db.close();
        void dropTestDatabase(url, name).catch(() => undefined);
      },
    };
  }
  // No template (the harness used without global-setup.ts): a fresh schema, migrated here.
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ url, schema, poolSize: opts.poolSize ?? 4 });
  await migrate(db);
  return {
    db,
    async drop() {
      await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

/**
 * The real app on a fresh migrated test database. `opts.guidelines`: the guideline catalogue the app
 * uses (default: its own, read from content/guidelines). `opts.engine`: the database engine, as for
 * openTestDatabase (default: the configured one; parity files pass each of `parityEngines()`).
 */
export async function createTestContext(
  overrides: Partial<Config> = {},
  opts: { guidelines?: GuidelineCatalogue; engine?: TestEngine } = {},
): Promise<TestContext> {
  const { db, drop } = await openTestDatabase({ engine: opts.engine });
  const config = testConfig(overrides);
  const app = await buildApp({ db, config, ready: true, ...(opts.guidelines ? { guidelines: opts.guidelines } : {}) });
  await app.ready();
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  me: { userId: string; roles: string[]; [k: string]: unknown };
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${username}: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'radvis_session');
  if (!setCookie) throw new Error('no session cookie');
  const me = res.json();
  return { cookie: `radvis_session=${setCookie.value}`, csrf: me.csrfToken, me };
}

/** An inject call as a logged-in user (cookie + CSRF header). */
export function as(app: FastifyInstance, s: Session) {
  return (opts: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; payload?: unknown }): Promise<LightMyRequestResponse> =>
    app.inject({
      method: opts.method ?? 'GET',
      url: opts.url,
      payload: opts.payload as never,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
}
