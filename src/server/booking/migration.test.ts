// Migration 0090 on a database that already has machines and booked steps (an existing demo):
// the opening hours become shifts (two-shift machines get an evening shift), and steps booked
// before durations existed get their kind's duration, shortened where the next step starts
// earlier, so the new no-overlap constraint holds. On the configured engine (PostgreSQL in CI).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openUnmigratedTestDatabase } from '../testing/harness.ts';
import { listMigrations, migrate } from '../db/migrate.ts';

describe('migration 0090 on existing data', () => {
  it('turns opening hours into shifts and gives old steps durations that do not overlap', async () => {
    const { db, drop } = await openUnmigratedTestDatabase();
    try {
      const ms = listMigrations();
      await migrate(
        db,
        ms.filter((m) => m.name < '0090_'),
      );
      const k = db.kysely;
      await sql`INSERT INTO organization (id, kind, name) VALUES ('site-x', 'site', 'Testsykehuset'), ('gp-x', 'gp_practice', 'Legekontor')`.execute(k);
      const week = (open: string, close: string) => JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [open, close]])));
      await sql`INSERT INTO modality (id, site_org_id, kind, name, ae_title, opening_hours, shifts) VALUES
        ('pt-1', 'site-x', 'PT', 'PET 1', 'TESTPT1', ${week('07:30', '22:00')}::jsonb, 2),
        ('mr-1', 'site-x', 'MR', 'MR 1', 'TESTMR1', ${week('08:00', '16:00')}::jsonb, 1)`.execute(k);
      await sql`INSERT INTO person (id, given_name, family_name, profession) VALUES ('p-1', 'Lege', 'Test', 'physician')`.execute(k);
      await sql`INSERT INTO region (id, name) VALUES ('vest', 'Helse Vest')`.execute(k);
      await sql`INSERT INTO hospital_area (id, name, region_id) VALUES ('a', 'A', 'vest')`.execute(k);
      await sql`INSERT INTO municipality (number, name, area_id, population) VALUES ('4601', 'Bergen', 'a', 1)`.execute(k);
      await sql`INSERT INTO patient (id, fnr, given_name, family_name, birth_date, sex, municipality_number) VALUES ('pat-1', '15867049999', 'Kari', 'Test', '1970-06-15', 'F', '4601')`.execute(
        k,
      );
      await sql`INSERT INTO exam_code (code, name, modality, body_part) VALUES ('PET0AA', 'PET-CT', 'PT', 'helkropp')`.execute(k);
      for (const [i, time] of ['08:00', '08:20', '10:00'].entries()) {
        await sql`INSERT INTO referral (id, patient_id, referrer_person_id, referrer_org_id, department_org_id, exam_code, status)
          VALUES (${`r-${i}`}, 'pat-1', 'p-1', 'gp-x', 'site-x', 'PET0AA', 'scheduled')`.execute(k);
        await sql`INSERT INTO requested_procedure (id, referral_id, patient_id, department_org_id, accession_number, requested_procedure_id, study_instance_uid, description)
          VALUES (${`rp-${i}`}, ${`r-${i}`}, 'pat-1', 'site-x', ${`RV000000${i}`}, ${`RV000000${i}`}, ${`2.25.${i + 1}`}, 'PET-CT')`.execute(k);
        await sql`INSERT INTO scheduled_procedure_step (id, requested_procedure_id, sps_id, modality_id, modality, start_date, start_time, description)
          VALUES (${`s-${i}`}, ${`rp-${i}`}, 'SPS1', 'pt-1', 'PT', '2026-12-02', ${time}, 'PET-CT')`.execute(k);
      }
      await migrate(db, ms);
      const steps = await k.selectFrom('scheduled_procedure_step').select(['id', 'duration_minutes']).orderBy('id').execute();
      // PT's default is 60 minutes; the 08:00 step is cut to the 20 minutes before the next one.
      expect(steps.map((s) => s.duration_minutes)).toEqual([20, 60, 60]);
      const shifts = await k
        .selectFrom('modality_shift')
        .select([
          'modality_id',
          'weekday',
          sql<string>`to_char(start_time, 'HH24:MI')`.as('start'),
          sql<string>`to_char(end_time, 'HH24:MI')`.as('end'),
          'kind',
        ])
        .where('weekday', '=', 3)
        .orderBy('modality_id')
        .orderBy('start_time')
        .execute();
      expect(shifts).toEqual([
        { modality_id: 'mr-1', weekday: 3, start: '08:00', end: '16:00', kind: 'day' },
        { modality_id: 'pt-1', weekday: 3, start: '07:30', end: '15:30', kind: 'day' },
        { modality_id: 'pt-1', weekday: 3, start: '15:30', end: '22:00', kind: 'evening' },
      ]);
    } finally {
      await drop();
    }
  });
});
