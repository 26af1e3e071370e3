// Test harness: the real app on a real database. PGlite in memory by default; with
// TEST_DATABASE_URL set, PostgreSQL in a fresh schema per test file (dropped afterwards).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig, testDatabaseUrl, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';

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

/** Opens a migrated, empty test database on the configured engine. */
export async function openTestDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  const url = testDatabaseUrl();
  if (!url) {
    const db = await openDatabase({});
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ url, schema, poolSize: 4 });
  await migrate(db);
  return {
    db,
    async drop() {
      await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

export async function createTestContext(overrides: Partial<Config> = {}): Promise<TestContext> {
  const { db, drop } = await openTestDatabase();
  const config = testConfig(overrides);
  const app = await buildApp({ db, config, ready: true });
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
