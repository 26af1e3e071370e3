// Migration 0080 fills in the assessment deadline of referrals received before it, by the same
// rule as deadline.ts (counted by hand here: Easter 2026, Christmas 2026, the Oslo day of
// receipt), without bumping their version. On the configured engine (PostgreSQL in CI, else PGlite).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { openUnmigratedTestDatabase } from '../testing/harness.ts';
import { listMigrations, migrate } from '../db/migrate.ts';

const CASES: { id: string; submitted: string | null; urgency?: string; icd10?: string; text?: string; facts?: object; due: string | null }[] = [
  { id: 'easter', submitted: '2026-04-01T09:00:00Z', due: '2026-04-20' },
  { id: 'easter-urgent', submitted: '2026-04-01T09:00:00Z', urgency: 'urgent', due: '2026-04-07' },
  { id: 'good-friday-emergency', submitted: '2026-04-03T10:00:00Z', urgency: 'emergency', due: '2026-04-03' },
  { id: 'oslo-day', submitted: '2026-03-31T23:30:00Z', due: '2026-04-20' },
  { id: 'christmas', submitted: '2026-12-21T12:00:00Z', due: '2027-01-06' },
  { id: 'cancer-code', submitted: '2026-12-21T12:00:00Z', icd10: 'C50.9', due: '2026-12-22' },
  // Christmas Eve is a working day.
  { id: 'cancer-text', submitted: '2026-12-23T12:00:00Z', text: 'Henvises i pakkeforløp lunge', due: '2026-12-24' },
  { id: 'red-flags', submitted: '2026-12-23T12:00:00Z', facts: { cauda_equina: true }, due: '2026-12-29' },
  { id: 'draft', submitted: null, due: null },
];

async function check(db: Database) {
  const ms = listMigrations();
  const at = ms.findIndex((m) => m.name.startsWith('0080_'));
  await migrate(db, ms.slice(0, at));
  const k = db.kysely;
  await sql`INSERT INTO region (id, name) VALUES ('vest', 'Helse Vest')`.execute(k);
  await sql`INSERT INTO organization (id, kind, name) VALUES ('dept', 'department', 'Radiologi'), ('gp', 'gp_practice', 'Legesenter')`.execute(k);
  await sql`INSERT INTO person (id, given_name, family_name, profession) VALUES ('p1', 'Gro', 'Lege', 'physician')`.execute(k);
  await sql`INSERT INTO hospital_area (id, name, region_id) VALUES ('a', 'A', 'vest')`.execute(k);
  await sql`INSERT INTO municipality (number, name, area_id, population) VALUES ('4601', 'Bergen', 'a', 1)`.execute(k);
  await sql`INSERT INTO patient (id, fnr, given_name, family_name, birth_date, sex, municipality_number) VALUES ('pat', '01418012345', 'Kari', 'Nordmann', '1980-01-01', 'F', '4601')`.execute(
    k,
  );
  await sql`INSERT INTO exam_code (code, name, modality, body_part) VALUES ('SNG0AG', 'MR kne', 'MR', 'kne')`.execute(k);
  for (const c of CASES) {
    await sql`INSERT INTO referral (id, patient_id, referrer_person_id, referrer_org_id, department_org_id, exam_code, status, urgency, submitted_at,
                                   indication_system, indication_code, clinical_question, facts)
      VALUES (${c.id}, 'pat', 'p1', 'gp', 'dept', 'SNG0AG', ${c.submitted ? 'submitted' : 'draft'}, ${c.urgency ?? 'routine'}, ${c.submitted},
              ${c.icd10 ? 'ICD-10' : null}, ${c.icd10 ?? null}, ${c.text ?? 'Kneskade'}, ${JSON.stringify(c.facts ?? {})}::jsonb)`.execute(k);
  }
  await migrate(db, ms);
  const rows = await sql<{ id: string; assessment_due_date: string | null; version: number }>`SELECT id, assessment_due_date, version FROM referral`.execute(k);
  const got = Object.fromEntries(rows.rows.map((r) => [r.id, r.assessment_due_date]));
  expect(got).toEqual(Object.fromEntries(CASES.map((c) => [c.id, c.due])));
  expect(rows.rows.every((r) => r.version === 1)).toBe(true);
  // Every existing referral got a referral number.
  const numbers = await sql<{ n: number }>`SELECT count(DISTINCT referral_number)::int AS n FROM referral`.execute(k);
  expect(numbers.rows[0].n).toBe(CASES.length);
}

describe('migration 0080 backfill of the assessment deadline', () => {
  it('fills in the deadline by the working-day rule and numbers every referral', async () => {
    const { db, drop } = await openUnmigratedTestDatabase();
    try {
      await check(db);
    } finally {
      await drop();
    }
  });
});
