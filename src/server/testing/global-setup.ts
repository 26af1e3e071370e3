// Vitest global setup (vitest.config.ts): builds the test databases' starting point ONCE per test
// run instead of once per test file.
//   - PGlite: a fresh PGlite runs initdb (a second WebAssembly Postgres) and then every migration:
//     6.7 s CPU + 0.3 s CPU per database, against 1.5 s CPU to load the migrated copy (measured
//     2026-11-30). Here it is done once, and the data directory is dumped to two tarballs (empty
//     after initdb, and migrated) that the harness loads (PGlite loadDataDir).
//   - PostgreSQL (TEST_DATABASE_URL set): one migrated template database; every test file gets its
//     own database copied from it (CREATE DATABASE … TEMPLATE), dropped afterwards (in the background
//     as the file ends; the teardown drops any still there).
// Both are built from the migrations in this checkout at the start of the run, so they can never be
// stale. Everything is removed again in the teardown.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { testDatabaseUrl } from '../config.ts';
import { openDatabase } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { adminQuery, databaseUrl, dropFileDatabases, TEMPLATE_KEYS } from './template.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-test-templates-'));
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];

  const lite = await openDatabase({});
  try {
    const dump = async (name: string) => {
      const file = path.join(dir, name);
      await lite.exclusive!(async (c) => {
        await c.exec('CHECKPOINT');
        fs.writeFileSync(file, Buffer.from(await (await c.dumpDataDir('none')).arrayBuffer()));
      });
      return file;
    };
    project.provide(TEMPLATE_KEYS.pgliteEmpty, await dump('empty.tar'));
    await migrate(lite);
    project.provide(TEMPLATE_KEYS.pgliteMigrated, await dump('migrated.tar'));
  } finally {
    await lite.close();
  }

  const url = testDatabaseUrl();
  if (url) {
    const base = new URL(url).pathname.replace(/^\//, '') || 'postgres';
    const template = `${base}_tpl_${crypto.randomBytes(5).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    await adminQuery(url, `CREATE DATABASE ${template}`);
    // As for each file's database (harness.ts): the migrations do not wait for the disk per commit.
    await adminQuery(url, `ALTER DATABASE ${template} SET synchronous_commit = off`);
    cleanups.push(() => adminQuery(url, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
    // Runs before the template's drop (cleanups run in reverse order).
    cleanups.push(() => dropFileDatabases(url, template));
    const db = await openDatabase({ url: databaseUrl(url, template), poolSize: 1 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    project.provide(TEMPLATE_KEYS.postgresTemplate, template);
  }

  return async () => {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.warn(`test template cleanup: ${(e as Error).message}`));
  };
}
