// Where the test databases' starting points are (built once per run by global-setup.ts), and the
// small PostgreSQL helpers both files need.
import pg from 'pg';

/** Keys under which global-setup.ts provides the templates to the test files (vitest provide/inject). */
export const TEMPLATE_KEYS = {
  /** File: PGlite data directory tarball right after initdb (no migrations). */
  pgliteEmpty: 'radvisPgliteEmpty',
  /** File: PGlite data directory tarball with every migration applied. */
  pgliteMigrated: 'radvisPgliteMigrated',
  /** Name of a migrated PostgreSQL database on the TEST_DATABASE_URL server, to copy per test file. */
  postgresTemplate: 'radvisPostgresTemplate',
} as const;

declare module 'vitest' {
  export interface ProvidedContext {
    radvisPgliteEmpty: string;
    radvisPgliteMigrated: string;
    radvisPostgresTemplate: string;
  }
}

/** The same server URL with another database name. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement (CREATE/DROP DATABASE, which cannot run in a transaction) on its own connection. */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The name of a test file's database copied from `template` (`suffix`: a few random hex digits). */
export function fileDatabaseName(template: string, suffix: string): string {
  return `${template}_f_${suffix}`;
}

/**
 * Drops every per-file database copied from `template` that is still there (the run's teardown):
 * a few at a time, forcing off any session left behind, since no test runs any more.
 */
export async function dropFileDatabases(url: string, template: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let names: string[];
  try {
    // A worker's spare copy (harness.ts) may still be being made when the workers end: wait for
    // those CREATE DATABASE statements (up to ~60 s), so the copy is listed and dropped below.
    for (let i = 0; i < 600; i++) {
      const busy = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query ILIKE 'CREATE DATABASE %' AND query LIKE $1",
        [`%TEMPLATE ${template}%`],
      );
      if (busy.rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const pattern = `${fileDatabaseName(template, '').replace(/_/g, '\\_')}%`;
    names = (await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [pattern])).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
  const queue = [...names];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let name = queue.pop(); name !== undefined; name = queue.pop()) await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }),
  );
}

/**
 * Drops a per-file test database once its connections have gone. The pool's close resolves before
 * the server has ended every backend; `DROP … WITH (FORCE)` at that moment killed backends whose
 * clients were still closing, and pg raised "terminating connection due to administrator command"
 * as an uncaught error in whichever test file ran next (the workers share modules). So: wait until
 * pg_stat_activity shows no session on it (polled every 50 ms), then a plain DROP; FORCE only as
 * the last resort after ~10 s, so a leaked connection can never keep a database alive.
 */
export async function dropTestDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      const r = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (r.rows[0]!.n === 0) {
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name}`);
          return;
        } catch (e) {
          // 55006: a session appeared between the check and the drop; look again.
          if ((e as { code?: string }).code !== '55006') throw e;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
