// Forward-only migrations: numbered .sql files in ./migrations, each applied in its own
// transaction together with its row in schema_migration. A failing migration changes nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './index.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, sql: text, checksum: crypto.createHash('sha256').update(text).digest('hex') };
    });
}

export class MigrationError extends Error {}

/** Applies pending migrations; returns the names applied. */
export async function migrate(db: Database, migrations = listMigrations()): Promise<string[]> {
  await db.runScript(`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM schema_migration`.execute(db.kysely);
  const applied = new Map(done.rows.map((r) => [r.name, r.checksum]));
  const ran: string[] = [];
  for (const m of migrations) {
    const prior = applied.get(m.name);
    if (prior !== undefined) {
      if (prior !== m.checksum) throw new MigrationError(`migration ${m.name} was changed after it was applied; add a new migration instead`);
      continue;
    }
    const record = `INSERT INTO schema_migration (name, checksum) VALUES ('${m.name}', '${m.checksum}');`;
    try {
      await db.runScript(`${m.sql}\n;\n${record}`);
    } catch (e) {
      throw new MigrationError(`migration ${m.name} failed and was rolled back: ${(e as Error).message}`);
    }
    ran.push(m.name);
  }
  return ran;
}
