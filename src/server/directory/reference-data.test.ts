import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/harness.ts';
import { loadReferenceData, parseCsv, readAgeSexProfile, readReferenceData } from './reference-data.ts';

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
