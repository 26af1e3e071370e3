// Opens the database: embedded PGlite (default) or PostgreSQL (DATABASE_URL).
// Both speak the same SQL; the same migrations build the same schema on each.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
// btree_gist: the exclusion constraint that keeps a machine's steps from overlapping (migration 0090).
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

// Return int8/numeric as JS numbers where safe: counts and sums in this app stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// Dates (not timestamps) as 'YYYY-MM-DD' strings, as PGlite returns them.
pg.types.setTypeParser(1082, (v) => v);

export type Engine = 'pglite' | 'postgres';

export interface Database {
  kysely: Kysely<DB>;
  engine: Engine;
  /** Runs a multi-statement SQL script in one transaction: all of it, or nothing. */
  runScript(sql: string): Promise<void>;
  /** The pg pool when engine = postgres (for COPY); undefined on PGlite. */
  pool?: pg.Pool;
  /** The PGlite instance when engine = pglite; use only through exclusive(). */
  exclusive?: <T>(fn: (client: PGlite) => Promise<T>) => Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; absent → in memory. */
  dataDir?: string;
  /** PostgreSQL schema to use as search_path (tests isolate themselves this way). */
  schema?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** PGlite's shared_buffers (e.g. '16MB'); Postgres' default 128MB makes an idle demo heavy. */
  pgliteSharedBuffers?: string;
  /**
   * PGlite only: start from this data directory (a tarball from PGlite's `dumpDataDir`) instead of
   * running initdb. The test harness uses it to start every test database from one migrated copy.
   */
  pgliteLoadDataDir?: Blob;
}

// PGlite 0.5's own start parameters (dist: defaultStartParams), repeated here because passing
// startParams replaces them; we only add shared_buffers.
const PGLITE_START_PARAMS = [
  '--single',
  '-F',
  '-O',
  '-j',
  '-c',
  'search_path=public',
  '-c',
  'exit_on_error=false',
  '-c',
  'log_checkpoints=false',
  '-c',
  'max_worker_processes=0',
  '-c',
  'max_parallel_workers=0',
  '-c',
  'max_parallel_workers_per_gather=0',
  '-c',
  'io_method=sync',
  '-c',
  'max_parallel_maintenance_workers=0',
];

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.schema, opts.poolSize ?? 10);
  return openPGlite(opts.dataDir, opts.pgliteSharedBuffers, opts.pgliteLoadDataDir);
}

async function openPGlite(dataDir: string | undefined, sharedBuffers: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  // Same value types as the pg driver below: dates as strings, int8/numeric as numbers.
  const parsers = { 1082: (v: string) => v, 20: (v: string) => Number(v), 1700: (v: string) => Number(v) };
  if (sharedBuffers && !/^\d+(kB|MB|GB)$/.test(sharedBuffers)) throw new Error(`invalid shared_buffers ${sharedBuffers}`);
  const startParams = sharedBuffers ? [...PGLITE_START_PARAMS, '-c', `shared_buffers=${sharedBuffers}`] : undefined;
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers,
    extensions: { btree_gist },
    ...(startParams ? { startParams } : {}),
  });
  const dialect = new PGliteDialect(client);
  const kysely = new Kysely<DB>({ dialect });
  const exclusive = dialect.driver.exclusive.bind(dialect.driver);
  return {
    kysely,
    engine: 'pglite',
    exclusive,
    async runScript(sqlText) {
      await exclusive(async (c) => {
        await c.exec('BEGIN');
        try {
          await c.exec(sqlText);
          await c.exec('COMMIT');
        } catch (e) {
          await c.exec('ROLLBACK');
          throw e;
        }
      });
    },
    async close() {
      await kysely.destroy();
    },
  };
}

async function openPostgres(url: string, schema: string | undefined, max: number): Promise<Database> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  if (schema) {
    const c = await pool.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      c.release();
    }
  }
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    engine: 'postgres',
    pool,
    async runScript(sqlText) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        try {
          // No parameters → simple query protocol, which allows several statements.
          await c.query(sqlText);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK');
          throw e;
        }
      } finally {
        c.release();
      }
    },
    async close() {
      await kysely.destroy();
    },
  };
}
