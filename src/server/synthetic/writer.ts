// Bulk loading for the generator: COPY on both engines (pg-copy-streams on PostgreSQL,
// COPY FROM '/dev/blob' on PGlite), in PostgreSQL's text format.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import type { Database } from '../db/index.ts';

type Value = string | number | boolean | null | undefined;

/** One value in COPY text format: backslash escapes, \N for NULL. */
function encode(v: Value): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  // Most values (ids, codes, timestamps, notes) need no escaping: one test instead of four replaces.
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
const NEEDS_ESCAPE = /[\\\t\n\r]/;

type RowEncoder = (row: object) => string;
const encoders = new Map<string, RowEncoder>();

/**
 * A row encoder compiled for one column list: plain property reads instead of a keyed lookup per
 * field. Columns in `plain` are written as they are (null → \N): only for values known to be
 * numbers or strings without backslash, tab or line breaks (ids, codes, timestamps).
 */
function rowEncoder(columns: readonly string[], plain: readonly string[]): RowEncoder {
  const key = `${columns.join(',')}|${plain.join(',')}`;
  let fn = encoders.get(key);
  if (!fn) {
    if (!columns.every((c) => IDENT.test(c))) throw new Error(`bad column name in ${key}`);
    const body = columns.map((c) => (plain.includes(c) ? `(r.${c} ?? '\\\\N')` : `e(r.${c})`)).join(" + '\\t' + ");
    fn = new Function('e', `return (r) => ${body} + '\\n';`)(encode) as RowEncoder;
    encoders.set(key, fn);
  }
  return fn;
}

export function toCopyText<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[], plain: readonly (keyof T & string)[] = []): string {
  const enc = rowEncoder(columns, plain);
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = enc(rows[i]);
  return parts.join('');
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

const superuser = new WeakMap<object, Promise<boolean>>();
function pgliteSuperuser(pg: { query<R>(q: string): Promise<{ rows: R[] }> }): Promise<boolean> {
  let p = superuser.get(pg);
  if (!p) {
    p = pg.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user').then((r) => r.rows[0]?.rolsuper === true);
    superuser.set(pg, p);
  }
  return p;
}
function isSuperuser(pool: NonNullable<Database['pool']>): Promise<boolean> {
  let p = superuser.get(pool);
  if (!p) {
    p = pool.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user').then((r) => r.rows[0]?.rolsuper === true);
    superuser.set(pool, p);
  }
  return p;
}

export async function copyRows<T extends object>(db: Database, table: string, columns: readonly (keyof T & string)[], rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  await copyText(db, table, columns, toCopyText(rows, columns));
}

/** COPY rows already in PostgreSQL's text format (one line per row), or binary COPY data in chunks (`binary`), into a table. */
export async function copyText(db: Database, table: string, columns: readonly string[], data: CopyPart['data'], binary = false): Promise<void> {
  await copyTexts(db, [{ table, columns, data, binary }]);
}

/** Whether COPYs into different tables may run at the same time: on PostgreSQL when foreign-key triggers are skipped (a superuser; see inTransaction). */
export async function copiesMayOverlap(db: Database): Promise<boolean> {
  return db.pool !== undefined && (await isSuperuser(db.pool));
}

export interface CopyPart {
  table: string;
  columns: readonly string[];
  /** Rows in PostgreSQL's COPY text format, or binary COPY data in chunks (`binary`; binary-copy.ts). */
  data: string | Uint8Array | readonly Uint8Array[];
  binary?: boolean;
}

const size = (d: CopyPart['data']) => (typeof d === 'string' || d instanceof Uint8Array ? d.length : d.reduce((s, c) => s + c.length, 0));
const statement = (p: CopyPart, source: string) => `COPY ${p.table} (${p.columns.join(', ')}) FROM ${source}${p.binary ? ' WITH (FORMAT binary)' : ''}`;
function checked(parts: readonly CopyPart[]): CopyPart[] {
  const todo = parts.filter((p) => size(p.data) > 0);
  for (const { table, columns } of todo) {
    if (!IDENT.test(table) || !columns.every((c) => IDENT.test(c))) throw new Error(`bad identifier in COPY to ${table}`);
  }
  return todo;
}
function chunks(d: CopyPart['data']): (string | Buffer)[] {
  if (typeof d === 'string') return [d];
  const list = d instanceof Uint8Array ? [d] : d;
  return list.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
}

/** One COPY on a connection the caller holds (no transaction of its own). */
export async function copyOn(client: pg.PoolClient, part: CopyPart): Promise<void> {
  const [p] = checked([part]);
  if (p) await pipeline(Readable.from(chunks(p.data)), client.query(copyFrom(statement(p, 'STDIN'))));
}

/**
 * Several COPYs in one transaction, in order (so children may follow their parents even with
 * foreign-key checks on).
 */
export async function copyTexts(db: Database, parts: readonly CopyPart[]): Promise<void> {
  const todo = checked(parts);
  if (todo.length === 0) return;
  if (db.pool) {
    const su = await isSuperuser(db.pool);
    await inTransaction(db.pool, su, todo);
    return;
  }
  await db.exclusive!(async (pg) => {
    await pg.exec('BEGIN');
    try {
      // PGlite's user is a superuser: skip foreign-key triggers as on PostgreSQL (same reasoning).
      if (await pgliteSuperuser(pg)) await pg.exec('SET LOCAL session_replication_role = replica');
      for (const p of todo) await pg.query(statement(p, "'/dev/blob'"), [], { blob: new Blob(chunks(p.data) as BlobPart[]) });
      await pg.exec('COMMIT');
    } catch (e) {
      await pg.exec('ROLLBACK');
      throw e;
    }
  });
}

/**
 * On PostgreSQL, COPYs that need not wait for each other: each group in its own transaction on its
 * own connection, at the same time, so the database can parse and insert on two cores. Only when
 * foreign-key checks are skipped (a superuser, see inTransaction): with them on, a child row could
 * reach its table before its parent commits, so the groups run one after the other in one
 * transaction, in order. On PGlite (one connection) always in order.
 */
export async function copyGroups(db: Database, groups: readonly (readonly CopyPart[])[]): Promise<void> {
  if (await copiesMayOverlap(db)) {
    await Promise.all(
      groups
        .map((g) => checked(g))
        .filter((g) => g.length > 0)
        .map((g) => inTransaction(db.pool!, true, g)),
    );
    return;
  }
  await copyTexts(db, groups.flat());
}

async function inTransaction(pool: NonNullable<Database['pool']>, su: boolean, todo: readonly CopyPart[]): Promise<void> {
  const client = await pool.connect();
  try {
    // Bulk-load settings for this transaction only: no wait for the WAL flush, and — for a
    // superuser — foreign-key triggers skipped, because the generator writes parents before
    // children by construction (its tests check referential integrity).
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    if (su) await client.query('SET LOCAL session_replication_role = replica');
    for (const p of todo) await pipeline(Readable.from(chunks(p.data)), client.query(copyFrom(statement(p, 'STDIN'))));
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
