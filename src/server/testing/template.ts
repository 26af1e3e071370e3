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
