// Test fixture for booking: a hospital site with a radiology department, an MR and a CT machine
// and a DX lab, the department's secretary and leader, a second department elsewhere, a GP, and
// helpers for accepted referrals and future working days. Used by the booking tests only.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isWorkingDay } from '../calendar/norwegian-calendar.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';
import { addDays, osloWallClock } from './slots.ts';

const WEEK = (open: string, close: string) =>
  JSON.stringify({ mon: [open, close], tue: [open, close], wed: [open, close], thu: [open, close], fri: [open, close] });

export async function bookingFixture(db: Kysely<DB>) {
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Test HF' });
  const site = await createOrganization(db, { kind: 'site', parentId: hf, name: 'Testby sjukehus' });
  const dept = await createOrganization(db, { kind: 'department', parentId: site, name: 'Radiologisk avdeling' });
  const otherSite = await createOrganization(db, { kind: 'site', parentId: hf, name: 'Annenby sjukehus' });
  const otherDept = await createOrganization(db, { kind: 'department', parentId: otherSite, name: 'Røntgen Annenby' });
  const gp = await createOrganization(db, { kind: 'gp_practice', name: 'Legekontoret' });
  const suffix = dept
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6)
    .toUpperCase();
  const mr = `mr-${dept}`;
  const ct = `ct-${dept}`;
  const dx = `dx-${dept}`;
  await db
    .insertInto('modality')
    .values([
      { id: mr, site_org_id: site, kind: 'MR', name: 'MR 1 Testby', ae_title: `MR${suffix}`, opening_hours: WEEK('07:30', '15:30'), shifts: 1 },
      { id: ct, site_org_id: site, kind: 'CT', name: 'CT 1 Testby', ae_title: `CT${suffix}`, opening_hours: WEEK('07:30', '15:30'), shifts: 1 },
      { id: dx, site_org_id: site, kind: 'DX', name: 'Lab 1 Testby', ae_title: `DX${suffix}`, opening_hours: WEEK('08:00', '15:00'), shifts: 1 },
      {
        id: `mr-${otherDept}`,
        site_org_id: otherSite,
        kind: 'MR',
        name: 'MR Annenby',
        ae_title: `MRO${suffix}`,
        opening_hours: WEEK('07:30', '15:30'),
        shifts: 1,
      },
    ])
    .execute();
  await db
    .insertInto('exam_code')
    .values([
      { code: 'SNG0AG', name: 'MR kne', name_en: 'MRI knee', modality: 'MR', body_part: 'kne', source: 'test' },
      { code: 'SSC0AD', name: 'CT toraks', name_en: 'CT thorax', modality: 'CT', body_part: 'toraks', source: 'test' },
      { code: 'SSC0AA', name: 'Røntgen toraks', name_en: 'Chest X-ray', modality: 'DX', body_part: 'toraks', source: 'test' },
      { code: 'SNG0AA', name: 'Røntgen kne', name_en: 'X-ray knee', modality: 'DX', body_part: 'kne', source: 'test' },
    ])
    .onConflict((c) => c.doNothing())
    .execute();
  const secretary = await createUser(db, { grants: [{ role: 'secretary', organizationId: dept }], profession: 'secretary', name: ['Sara', 'Sekretær'] });
  const leader = await createUser(db, { grants: [{ role: 'department_leader', organizationId: dept }], name: ['Lars', 'Leder'] });
  const otherSecretary = await createUser(db, { grants: [{ role: 'secretary', organizationId: otherDept }], profession: 'secretary' });
  const referrer = await createUser(db, { grants: [{ role: 'referrer', organizationId: gp }], referrerKind: 'gp', name: ['Gro', 'Fastlege'] });

  let n = 0;
  /** A referral to the department in the given status (accepted: with priority and due date). */
  const referral = async (o: { examCode?: string; status?: 'accepted' | 'submitted'; priority?: string; dueDate?: string; patientId?: string } = {}) => {
    const patientId = o.patientId ?? (await createPatient(db, { name: ['Kari', `Nordmann ${++n}`] })).id;
    const id = `ref-${dept}-${++n}`;
    await db
      .insertInto('referral')
      .values({
        id,
        patient_id: patientId,
        referrer_person_id: referrer.personId,
        referrer_org_id: gp,
        department_org_id: dept,
        exam_code: o.examCode ?? 'SNG0AG',
        status: o.status ?? 'accepted',
        submitted_at: new Date(Date.now() - 86_400_000),
        assessed_at: o.status === 'submitted' ? null : new Date(),
        priority_category: o.status === 'submitted' ? null : (o.priority ?? 'within_weeks'),
        exam_due_date: o.status === 'submitted' ? null : (o.dueDate ?? addDays(osloWallClock(new Date()).date, 30)),
      })
      .execute();
    return { id, patientId, version: 1 };
  };
  return { hf, site, otherSite, dept, otherDept, gp, mr, ct, dx, secretary, leader, otherSecretary, referrer, referral };
}

/** A working day (Monday–Friday, not a public holiday) at least `minDays` after today in Oslo. */
export function futureWorkingDay(minDays: number, now = new Date()): string {
  let d = addDays(osloWallClock(now).date, minDays);
  while (!isWorkingDay(new Date(`${d}T00:00:00Z`))) d = addDays(d, 1);
  return d;
}
