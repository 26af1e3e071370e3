import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../config.ts';
import { openDatabase, type Database } from './index.ts';
import { listMigrations, migrate, MigrationError } from './migrate.ts';
import { openEmptyTestPGlite } from '../testing/harness.ts';

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
}

async function describeSchema(db: Database, schema: string) {
  const cols = await sql<Column>`
    SELECT table_name, column_name, data_type, is_nullable, column_default
    FROM information_schema.columns WHERE table_schema = ${schema}
    ORDER BY table_name, column_name`.execute(db.kysely);
  const cons = await sql<{ table_name: string; constraint_type: string; n: number }>`
    SELECT table_name, constraint_type, count(*)::int AS n FROM information_schema.table_constraints
    WHERE table_schema = ${schema} GROUP BY table_name, constraint_type ORDER BY 1, 2`.execute(db.kysely);
  const idx = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = ${schema} ORDER BY 1`.execute(db.kysely);
  return { columns: cols.rows, constraints: cons.rows, indexes: idx.rows.map((r) => r.indexname) };
}

describe('migrations', () => {
  // One database migrated from empty serves every test that only needs the finished schema (running
  // ~190 migrations on the embedded PGlite takes seconds each time; six runs made this the slowest
  // file of the suite). The tests that follow the first leave it as it was: a failing migration and an
  // edited one are both refused without changes, which is what they assert.
  //
  // The same run from empty also carries the data check of migration 0070 (PET → PT): it stops just
  // before 0070, writes a PET machine, then applies the rest with the default list. A second
  // migration from empty for that check alone cost as much as the whole schema build again.
  let db: Database;
  let applied: string[];
  beforeAll(async () => {
    db = await openEmptyTestPGlite();
    const ms = listMigrations();
    const at = ms.findIndex((m) => m.name.startsWith('0070_'));
    applied = await migrate(db, ms.slice(0, at));
    await sql`INSERT INTO organization (id, kind, name) VALUES ('site-x', 'site', 'Testsykehuset')`.execute(db.kysely);
    await sql`INSERT INTO modality (id, site_org_id, kind, name, ae_title, opening_hours) VALUES ('pet-1', 'site-x', 'PET', 'PET 1', 'TESTPET1', '{}')`.execute(
      db.kysely,
    );
    applied.push(...(await migrate(db)));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('build the schema from empty, and a second run applies nothing', async () => {
    expect(applied).toEqual(listMigrations().map((m) => m.name));
    expect(await migrate(db)).toEqual([]);
  });

  it('leave the database as it was when a migration fails', async () => {
    const good = listMigrations();
    const before = await describeSchema(db, 'public');
    const broken = { name: '9999_broken.sql', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();', checksum: 'x' };
    await expect(migrate(db, [...good, broken])).rejects.toThrow(MigrationError);
    const t = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`.execute(db.kysely);
    expect(t.rows[0].n).toBe(0);
    const m = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migration WHERE name = '9999_broken.sql'`.execute(db.kysely);
    expect(m.rows[0].n).toBe(0);
    expect(await describeSchema(db, 'public')).toEqual(before);
  });

  it('refuse a migration that was edited after it was applied', async () => {
    const ms = listMigrations();
    const edited = ms.map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/changed after it was applied/);
    expect(await migrate(db)).toEqual([]);
  });

  it('keep schema.ts in step with the database (every typed table exists)', async () => {
    const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`.execute(db.kysely);
    const names = new Set(tables.rows.map((r) => r.table_name));
    // Selecting every column Kysely knows about proves the columns exist with those names.
    for (const t of [
      'region',
      'hospital_area',
      'area_population',
      'municipality',
      'organization',
      'modality',
      'person',
      'user_account',
      'role_assignment',
      'session',
      'patient',
      'access_log',
      'exam_code',
      'referral',
      'exam',
      'app_meta',
    ] as const) {
      expect(names.has(t)).toBe(true);
      await db.kysely.selectFrom(t).selectAll().limit(1).execute();
    }
  });

  it('rename the PET modality kind to the DICOM code PT (0070) and refuse PET afterwards', async () => {
    // The PET machine was written just before 0070 (beforeAll).
    const row = await db.kysely.selectFrom('modality').select('kind').where('id', '=', 'pet-1').executeTakeFirstOrThrow();
    expect(row.kind).toBe('PT');
    await expect(
      sql`INSERT INTO modality (id, site_org_id, kind, name, ae_title, opening_hours) VALUES ('pet-2', 'site-x', 'PET', 'PET 2', 'TESTPET2', '{}')`.execute(
        db.kysely,
      ),
    ).rejects.toThrow();
  });

  it.runIf(testDatabaseUrl() !== undefined)('produce the same schema on PGlite and PostgreSQL', async () => {
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const pgdb = await openDatabase({ url: testDatabaseUrl()!, schema, poolSize: 2 });
    try {
      await migrate(pgdb);
      const a = await describeSchema(db, 'public');
      const b = await describeSchema(pgdb, schema);
      // Sequence defaults name the schema on PostgreSQL: compare without it.
      const strip = (s: Awaited<ReturnType<typeof describeSchema>>) => ({
        ...s,
        columns: s.columns.map((c) => ({ ...c, column_default: c.column_default?.replace(`${schema}.`, '') ?? null })),
      });
      expect(strip(b)).toEqual(strip(a));
      expect(a.columns.length).toBeGreaterThan(50);
    } finally {
      await pgdb.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
      await pgdb.close();
    }
  });
});
