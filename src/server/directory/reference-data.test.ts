import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/harness.ts';
import { SITES } from '../synthetic/region-data.ts';
import { createOrganization } from '../testing/factories.ts';
import { applySiteAddresses, loadReferenceData, parseCsv, readAgeSexProfile, readReferenceData, siteAddresses } from './reference-data.ts';

describe('reference data', () => {
  it('parses quoted CSV fields', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n')).toEqual([{ a: 'x, y', b: 'say "hi"' }]);
  });

  it('has 21 areas whose municipalities and age-sex bands add up to the area totals', () => {
    const ref = readReferenceData();
    expect(ref.areas).toHaveLength(21);
    // docs/domain.md gives the areas rounded to thousands; Norway's mean 2018–22 was 5,361,610.
    expect(ref.areas.reduce((s, a) => s + a.population, 0)).toBe(5_362_000);
    for (const a of ref.areas) {
      const munis = ref.municipalities.filter((m) => m.areaId === a.id);
      expect(munis.length, a.id).toBeGreaterThanOrEqual(2);
      expect(munis.reduce((s, m) => s + m.population, 0)).toBe(a.population);
      const bands = ref.population.filter((p) => p.areaId === a.id);
      expect(bands).toHaveLength(38);
      expect(bands.reduce((s, p) => s + p.population, 0)).toBe(a.population);
    }
  });

  it('has population.csv derived from the documented national age-sex profile (each cell within one person)', () => {
    const ref = readReferenceData();
    const profile = readAgeSexProfile();
    const shareSum = profile.reduce((s, p) => s + p.share, 0);
    for (const a of ref.areas) {
      for (const p of profile) {
        const band = (a.population * p.share) / shareSum;
        const m = ref.population.find((x) => x.areaId === a.id && x.sex === 'M' && x.ageFrom === p.ageFrom)!;
        const f = ref.population.find((x) => x.areaId === a.id && x.sex === 'F' && x.ageFrom === p.ageFrom)!;
        expect(Math.abs(m.population - band * p.male)).toBeLessThanOrEqual(1);
        expect(Math.abs(f.population - band * (1 - p.male))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('has well-formed, unique NCRP codes with a source for each', () => {
    const codes = readReferenceData().examCodes;
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
    for (const c of codes) {
      expect(c.code).toMatch(/^[A-Z]{3}[0-9][A-Z]{2}$/);
      expect(c.source.length).toBeGreaterThan(10);
    }
    expect(codes.find((c) => c.code === 'SNG0AG')).toMatchObject({ modality: 'MR', bodyPart: 'kne', verified: true });
  });

  it('loads into the database idempotently', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      await loadReferenceData(db.kysely);
      await loadReferenceData(db.kysely);
      const n = await sql<{ n: number }>`SELECT sum(population)::int AS n FROM area_population WHERE area_id = 'bergen'`.execute(db.kysely);
      expect(n.rows[0].n).toBe(456_000);
      const m = await sql<{ n: number }>`SELECT count(*)::int AS n FROM municipality`.execute(db.kysely);
      expect(m.rows[0].n).toBe(readReferenceData().municipalities.length);
    } finally {
      await drop();
    }
  });
});

describe('site visiting addresses', () => {
  it('name sites the directory has, as street, postcode and place', () => {
    const names = new Set(Object.values(SITES).flatMap((l) => l.map((x) => x.name)));
    for (const [site, address] of siteAddresses()) {
      expect(names.has(site), site).toBe(true);
      expect(address).toMatch(/^[^,]+ \d+[A-Z]?, \d{4} \S/);
    }
  });

  it('are set on sites by name, once, and never overwrite an address a department set', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const haukeland = await createOrganization(db.kysely, { kind: 'site', name: 'Haukeland universitetssjukehus' });
      const voss = await createOrganization(db.kysely, { kind: 'site', name: 'Voss sjukehus' });
      const dept = await createOrganization(db.kysely, { kind: 'department', name: 'Haukeland universitetssjukehus' });
      await db.kysely.updateTable('organization').set({ visiting_address: 'Egen adresse 1, 5000 Bergen' }).where('id', '=', voss).execute();
      expect(await applySiteAddresses(db.kysely)).toBe(1);
      expect(await applySiteAddresses(db.kysely)).toBe(0);
      const rows = await db.kysely.selectFrom('organization').select(['id', 'visiting_address']).where('id', 'in', [haukeland, voss, dept]).execute();
      const by = new Map(rows.map((r) => [r.id, r.visiting_address]));
      expect(by.get(haukeland)).toBe(siteAddresses().get('Haukeland universitetssjukehus'));
      expect(by.get(voss)).toBe('Egen adresse 1, 5000 Bergen');
      expect(by.get(dept)).toBeNull();
    } finally {
      await drop();
    }
  });
});
