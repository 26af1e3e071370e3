// Demo data for training (issue 13), on first start: the demo department gets the packaged plan
// (the Ahus rotation table), the demo LIS ("lis") an individual plan started 18 months ago with
// the demo radiologist ("radiolog") as supervisor, some registered activity, the first group of
// goals complete (so supervisor and leader have a notification), a few assessments, a held 1:1
// meeting with agreed actions, a planned group meeting and a suitability note. A constant number
// of rows, whatever the size of the region. Synthetic; idempotent (app_meta 'demo-training').
// The LIS's competence approvals come from the reading demo (src/server/synthetic/reading-demo.ts).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { parseGoalNumbers } from './goals.ts';
import { addYears, completeGroups, rotationDates } from './progress.ts';
import { packagedPlan } from './service.ts';
import * as store from './store.ts';

const META_KEY = 'demo-training';

async function personOf(db: Kysely<DB>, username: string) {
  return db
    .selectFrom('user_account as u')
    .innerJoin('role_assignment as g', 'g.user_id', 'u.id')
    .select(['u.person_id', 'g.organization_id'])
    .where('u.username', '=', username)
    .executeTakeFirst();
}

/** Seeds the training demo once; returns the record id, or null when done before or without demo accounts. */
export async function ensureDemoTraining(db: Kysely<DB>, now = new Date()): Promise<string | null> {
  if (await db.selectFrom('app_meta').select('key').where('key', '=', META_KEY).executeTakeFirst()) return null;
  const [lis, sup, leader] = [await personOf(db, 'lis'), await personOf(db, 'radiolog'), await personOf(db, 'avdelingsleder')];
  const t = packagedPlan('ahus-nuclear-medicine');
  if (!lis || !sup || !t) return null;
  const dept = lis.organization_id;
  const today = now.toISOString().slice(0, 10);
  const start = addYears(today, -1.5);
  return db.transaction().execute(async (trx) => {
    const planId = 'demo-plan-nm';
    const rotations = t.rotations.map((r, i) => {
      const g = parseGoalNumbers(r.goals);
      return {
        id: `demo-rot-${i + 1}`,
        seq: i + 1,
        fromYears: r.fromYears,
        toYears: r.toYears,
        trust: r.trust,
        hospital: r.hospital,
        section: r.section,
        external: r.external ?? false,
        goalNumbers: g.ok ? g.numbers : [],
      };
    });
    await store.insertPlan(
      trx,
      { id: planId, organizationId: dept, specialty: t.specialty, name: t.name, source: t.source, by: leader?.person_id ?? sup.person_id },
      rotations,
    );
    const recordId = 'demo-record-lis';
    await store.insertRecord(
      trx,
      {
        id: recordId,
        personId: lis.person_id,
        planId,
        organizationId: dept,
        supervisorPersonId: sup.person_id,
        startDate: start,
        by: leader?.person_id ?? sup.person_id,
      },
      rotations.map((r) => ({ rotationId: r.id, ...rotationDates(start, r) })),
    );
    // The first versions of both plans (0205), made by the leader when the LIS started.
    const madeAt = new Date(`${addYears(start, -1 / 12)}T09:00:00Z`);
    const madeBy = leader?.person_id ?? sup.person_id;
    await store.insertPlanVersion(trx, { planId, kind: 'created', snapshot: await store.planSnapshot(trx, planId), reason: null, by: madeBy, at: madeAt });
    await store.insertRecordVersion(trx, {
      recordId,
      kind: 'created',
      planVersion: null,
      snapshot: await store.recordSnapshot(trx, recordId),
      reason: null,
      by: madeBy,
      at: madeAt,
    });
    const day = (monthsAgo: number) => addYears(today, -monthsAgo / 12);
    const acts: [number, 'procedure' | 'course' | 'e_learning', number, string, number][] = [
      [1, 'procedure', 40, 'Myokardperfusjonsscintigrafi, beskrevet under supervisjon', 14],
      [2, 'procedure', 25, 'Skjelettscintigrafi', 12],
      [3, 'e_learning', 1, 'eScanAcademy: grunnkurs nukleærmedisin (bestått eksamen)', 11],
      [4, 'course', 1, 'Kurs i strålevern', 10],
      [69, 'procedure', 30, 'PET/CT onkologi', 4],
      [70, 'procedure', 12, 'Renografi', 2],
    ];
    for (const [n, kind, count, description, monthsAgo] of acts)
      await store.insertActivity(trx, {
        id: crypto.randomUUID(),
        recordId,
        specialty: 'nuclear_medicine',
        goalNumber: n,
        kind,
        count,
        description,
        doneOn: day(monthsAgo),
        by: lis.person_id,
      });
    // The first period's goals are all sent for assessment (a complete group → notification).
    const first = rotations[0]!;
    for (const n of [...first.goalNumbers, 82]) await store.insertCompletion(trx, recordId, 'nuclear_medicine', n);
    for (const n of [1, 2, 3, 4, 5])
      await store.insertAssessment(trx, {
        id: crypto.randomUUID(),
        recordId,
        specialty: 'nuclear_medicine',
        goalNumber: n,
        outcome: 'approved',
        plan: null,
        by: sup.person_id,
      });
    await store.insertAssessment(trx, {
      id: crypto.randomUUID(),
      recordId,
      specialty: 'nuclear_medicine',
      goalNumber: 82,
      outcome: 'not_yet',
      plan: 'Flere selvstendige beskrivelser av renografi før neste kollegium.',
      by: sup.person_id,
    });
    const met = new Set(first.goalNumbers);
    const to = [...new Set([sup.person_id, ...(leader ? [leader.person_id] : [])])];
    for (const g of completeGroups(rotations, met)) await store.notify(trx, to, recordId, g);
    // Supervision: a held 1:1 with agreed actions, and a planned group meeting.
    const held = new Date(now.getTime() - 20 * 86_400_000);
    await store.insertMeeting(
      trx,
      {
        id: 'demo-meeting-1',
        organizationId: dept,
        kind: 'individual',
        supervisorPersonId: sup.person_id,
        plannedAt: held,
        themes: ['career', 'professional', 'radiation_protection'],
        by: sup.person_id,
      },
      [recordId],
    );
    await store.logMeeting(
      trx,
      'demo-meeting-1',
      { heldAt: held, summary: 'Gjennomgang av første periode. God progresjon på myokardperfusjon; renografi trenger flere kasus.' },
      [
        { id: 'demo-action-1', text: 'Beskriv 10 renografier sammen med veileder', dueDate: day(-2) },
        { id: 'demo-action-2', text: 'Meld deg på obligatorisk kurs i strålevern', dueDate: day(-3) },
      ],
    );
    await store.insertMeeting(
      trx,
      {
        id: 'demo-meeting-2',
        organizationId: dept,
        kind: 'group',
        supervisorPersonId: sup.person_id,
        plannedAt: new Date(now.getTime() + 10 * 86_400_000),
        themes: ['work_environment', 'research'],
        by: sup.person_id,
      },
      [recordId],
    );
    await store.insertNote(trx, { id: 'demo-note-1', recordId, text: 'Trygg og strukturert. Ingen bekymringer for egnethet.', author: sup.person_id });
    await trx
      .insertInto('app_meta')
      .values({ key: META_KEY, value: JSON.stringify({ recordId, at: now.toISOString() }) })
      .execute();
    return recordId;
  });
}
