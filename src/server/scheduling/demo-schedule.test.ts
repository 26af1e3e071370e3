import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/harness.ts';
import { createExamCode, createOrganization, createPatient, createUser } from '../testing/factories.ts';
import type { Database } from '../db/index.ts';
import { demoSlots, ensureDemoSchedule, osloDate } from './demo-schedule.ts';

let db: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  const k = db.kysely;
  const hf = await createOrganization(k, { kind: 'hf' });
  const site = await createOrganization(k, { kind: 'site', parentId: hf });
  const dept = await createOrganization(k, { kind: 'department', parentId: site });
  const gp = await createOrganization(k, { kind: 'gp_practice' });
  const { personId } = await createUser(k, { grants: [{ role: 'referrer', organizationId: gp }], referrerKind: 'gp' });
  await k
    .insertInto('modality')
    .values({
      id: 'mod-demo-mr',
      site_org_id: site,
      kind: 'MR',
      name: 'MR 1',
      ae_title: 'DEMOMR1',
      opening_hours: JSON.stringify({
        mon: ['08:00', '16:00'],
        tue: ['08:00', '16:00'],
        wed: ['08:00', '16:00'],
        thu: ['08:00', '16:00'],
        fri: ['08:00', '16:00'],
      }),
      shifts: 1,
    })
    .execute();
  const code = await createExamCode(k, 'SNG0AG', 'MR kne');
  for (let i = 0; i < 40; i++) {
    const p = await createPatient(k);
    await k
      .insertInto('referral')
      .values({
        id: `ref-demo-${i}`,
        patient_id: p.id,
        referrer_person_id: personId,
        referrer_org_id: gp,
        department_org_id: dept,
        exam_code: code,
        status: 'scheduled',
        submitted_at: new Date(),
        scheduled_at: new Date(),
      })
      .execute();
  }
});

afterAll(async () => {
  await drop?.();
});

describe('demo schedule', () => {
  it('spreads slots over the opening hours', () => {
    expect(demoSlots(['08:00', '16:00'], 30, 4)).toEqual(['08:00:00', '10:00:00', '12:00:00', '14:00:00']);
    expect(demoSlots(['08:00', '08:20'], 30, 4)).toEqual([]);
  });

  it('fills today and the coming weeks within opening hours, once; a start weeks later still has a worklist', async () => {
    const monday = new Date('2026-11-30T06:00:00Z');
    const first = await ensureDemoSchedule(db.kysely, monday);
    expect(first.today).toBe('2026-11-30');
    expect(first.todayCount).toBeGreaterThan(0);
    expect(first.exampleAeTitle).toBe('DEMOMR1');
    expect(first.total).toBe(40);
    // The printed findscu command answers the example machine's steps on the example day, not the day's total.
    const forExample = await db.kysely
      .selectFrom('scheduled_procedure_step as s')
      .innerJoin('modality as m', 'm.id', 's.modality_id')
      .where('m.ae_title', '=', 'DEMOMR1')
      .where('s.start_date', '=', first.exampleDate)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(first.exampleCount).toBe(Number(forExample.n));
    const steps = await db.kysely.selectFrom('scheduled_procedure_step').select(['start_date', 'start_time']).execute();
    for (const s of steps) {
      expect(s.start_time >= '08:00:00' && s.start_time < '16:00:00').toBe(true);
      expect([0, 6]).not.toContain(new Date(`${s.start_date}T12:00:00Z`).getUTCDay());
    }
    const again = await ensureDemoSchedule(db.kysely, monday);
    expect(again.added).toBe(0);
    expect(again.total).toBe(40);

    // Five weeks later nothing was performed: the unattended steps are rebooked from that day on.
    const later = await ensureDemoSchedule(db.kysely, new Date('2027-01-04T06:00:00Z'));
    expect(later.today).toBe('2027-01-04');
    expect(later.todayCount).toBeGreaterThan(0);
    const moved = await db.kysely
      .selectFrom('procedure_step_event')
      .select('detail')
      .where('from_status', '=', 'scheduled')
      .where('to_status', '=', 'scheduled')
      .execute();
    expect(moved.length).toBeGreaterThan(0);
  });

  it('gives the Norwegian date, not the UTC one', () => {
    expect(osloDate(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
  });
});
