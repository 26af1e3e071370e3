// Migration 0423 on an earlier demo database: machines the generator named by their DICOM modality
// code ("DX 1 Testsykehuset", "US 2 …") get the names people use ("Røntgenlab 1 Testsykehuset",
// "Ultralyd 2 …"); the code (kind) and the AE title stay; a machine people named, or one whose name
// only looks like the pattern (another site's name, another id), is untouched. On the configured engine.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openUnmigratedTestDatabase } from '../testing/harness.ts';
import { listMigrations, migrate } from '../db/migrate.ts';

describe('migration 0423: machines named as people call them', () => {
  it('renames the generator’s code-named machines only, keeping kind and AE title', async () => {
    const { db, drop } = await openUnmigratedTestDatabase();
    try {
      const ms = listMigrations();
      await migrate(
        db,
        ms.filter((m) => m.name < '0423_'),
      );
      const k = db.kysely;
      await sql`INSERT INTO organization (id, kind, name) VALUES ('site-vest-1', 'site', 'Testsykehuset'), ('inst-bilde', 'private_institute', 'Bildeinstituttet')`.execute(
        k,
      );
      const hours = JSON.stringify({ mon: ['07:30', '15:30'] });
      await sql`INSERT INTO modality (id, site_org_id, kind, name, ae_title, opening_hours) VALUES
        ('mod-vest-1-dx1', 'site-vest-1', 'DX', 'DX 1 Testsykehuset', 'TESTDX1', ${hours}::jsonb),
        ('mod-vest-1-us2', 'site-vest-1', 'US', 'US 2 Testsykehuset', 'TESTUS2', ${hours}::jsonb),
        ('mod-vest-1-nm1', 'site-vest-1', 'NM', 'NM 1 Testsykehuset', 'TESTNM1', ${hours}::jsonb),
        ('mod-vest-1-ct1', 'site-vest-1', 'CT', 'CT 1 Testsykehuset', 'TESTCT1', ${hours}::jsonb),
        ('mod-inst-bilde-dx1', 'inst-bilde', 'DX', 'DX 1 Bildeinstituttet', 'BILDEDX1', ${hours}::jsonb),
        ('mod-vest-1-us3', 'site-vest-1', 'US', 'Ultralyd akutten', 'TESTUS3', ${hours}::jsonb),
        ('mod-vest-1-dx4', 'site-vest-1', 'DX', 'DX 4 Et annet sykehus', 'TESTDX4', ${hours}::jsonb),
        ('lab-7', 'site-vest-1', 'DX', 'DX 7 Testsykehuset', 'TESTDX7', ${hours}::jsonb)`.execute(k);
      await migrate(
        db,
        ms.filter((m) => m.name.startsWith('0423_')),
      );
      const rows = await k.selectFrom('modality').select(['id', 'kind', 'name', 'ae_title']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'lab-7', kind: 'DX', name: 'DX 7 Testsykehuset', ae_title: 'TESTDX7' },
        { id: 'mod-inst-bilde-dx1', kind: 'DX', name: 'Røntgenlab 1 Bildeinstituttet', ae_title: 'BILDEDX1' },
        { id: 'mod-vest-1-ct1', kind: 'CT', name: 'CT 1 Testsykehuset', ae_title: 'TESTCT1' },
        { id: 'mod-vest-1-dx1', kind: 'DX', name: 'Røntgenlab 1 Testsykehuset', ae_title: 'TESTDX1' },
        { id: 'mod-vest-1-dx4', kind: 'DX', name: 'DX 4 Et annet sykehus', ae_title: 'TESTDX4' },
        { id: 'mod-vest-1-nm1', kind: 'NM', name: 'Gammakamera 1 Testsykehuset', ae_title: 'TESTNM1' },
        { id: 'mod-vest-1-us2', kind: 'US', name: 'Ultralyd 2 Testsykehuset', ae_title: 'TESTUS2' },
        { id: 'mod-vest-1-us3', kind: 'US', name: 'Ultralyd akutten', ae_title: 'TESTUS3' },
      ]);
    } finally {
      await drop();
    }
  });
});
