// Demo data for training (issue 13), on first start: the demo department gets a radiology plan of
// its own (its trust, hospital and department; a half-year at another hospital of the region), the
// demo LIS ("lis") an individual plan from it started 18 months ago with the demo radiologist
// ("radiolog") as supervisor, some registered activity, the first group of goals complete (so
// supervisor and leader have a notification), a few assessments, a held 1:1 meeting with agreed
// actions, a planned group meeting and a suitability note. A constant number of rows, whatever the
// size of the region. Synthetic; idempotent (app_meta 'demo-training').
//
// Before 2026-12-02 the demo LIS followed the packaged Ahus nuclear-medicine plan ("AHUS ·
// Nordbyhagen · BDA/NM") wherever the demo department was — odd for a radiology LIS at another
// trust. No citable source gives the radiology goals' numbers or titles (docs/training.md, "Goal
// titles"), so the demo plan lists synthetic placeholder numbers 1–40 (DEMO_RADIOLOGY_GOALS),
// recorded with a source that says so, and without titles: the pages show "Læringsmål 12 (tittel
// ikke lagt inn)" until a network editor imports the regulation's list. Nothing clinical is invented.
// The LIS's competence approvals come from the reading demo (src/server/synthetic/reading-demo.ts).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { addYears, completeGroups, rotationDates } from './progress.ts';
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

/** The synthetic radiology goal numbers the demo plan lists (placeholders, not the regulation's numbering). */
export const DEMO_RADIOLOGY_GOALS = 40;
const DEMO_GOAL_SOURCE =
  'Demo: syntetiske plassholdernumre for radiologi, ikke spesialitetens offisielle liste (spesialistforskriften vedlegg 2); fagredaktøren legger inn den offisielle listen';

/** A place in the demo region: trust (HF), hospital (site) and department names. */
export interface DemoPlace {
  trust: string;
  hospital: string;
  section: string;
}

/**
 * The demo department's radiology plan (pure): a five-year timeline at the department's own trust,
 * hospital and department, with half a year at `elsewhere` (another hospital of the region) when
 * there is one — the shape of a regional plan such as Sykehuset Innlandet's ("Fase 1 … Sykehus …
 * Avdeling/lærested … Læringsmål"). Goal numbers are the synthetic placeholders 1–40.
 */
export function demoRadiologyRotations(own: DemoPlace, elsewhere: DemoPlace | null) {
  const at = (p: DemoPlace, external: boolean) => ({ trust: p.trust, hospital: p.hospital, section: p.section, external });
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const rows = [
    { fromYears: 0, toYears: 2, ...at(own, false), goalNumbers: range(1, 12) },
    { fromYears: 2, toYears: 4, ...at(own, false), goalNumbers: range(13, 28) },
    ...(elsewhere
      ? [
          { fromYears: 4, toYears: 4.5, ...at(elsewhere, true), goalNumbers: range(29, 34) },
          { fromYears: 4.5, toYears: 5, ...at(own, false), goalNumbers: range(35, 40) },
        ]
      : [{ fromYears: 4, toYears: 5, ...at(own, false), goalNumbers: range(29, 40) }]),
  ];
  return rows.map((r, i) => ({ id: `demo-rot-${i + 1}`, seq: i + 1, ...r }));
}

/** The demo department's own place and another hospital of its region (null when the region has one). */
async function placesOf(db: Kysely<DB>, deptId: string): Promise<{ own: DemoPlace; elsewhere: DemoPlace | null }> {
  const up = await store.orgAndAncestors(db, deptId);
  const orgs = await db.selectFrom('organization').select(['id', 'name', 'kind', 'parent_id']).where('id', 'in', up).execute();
  const byKind = (k: string) => orgs.find((o) => o.kind === k);
  const dept = orgs.find((o) => o.id === deptId)!;
  const site = byKind('site');
  const hf = byKind('hf');
  const rhf = byKind('rhf');
  const hospital = site?.name ?? dept.name;
  // The demo names a department "Radiologisk avdeling, <hospital>": the section is the part before the hospital.
  const section = dept.name.endsWith(`, ${hospital}`) ? dept.name.slice(0, -`, ${hospital}`.length) : dept.name;
  const own = { trust: hf?.name ?? dept.name, hospital, section };
  if (!rhf || !hf) return { own, elsewhere: null };
  // Another trust's hospital in the same region, the first by name (deterministic).
  const other = await db
    .selectFrom('organization as s')
    .innerJoin('organization as h', 'h.id', 's.parent_id')
    .select(['s.name as hospital', 'h.name as trust'])
    .where('s.kind', '=', 'site')
    .where('h.kind', '=', 'hf')
    .where('h.parent_id', '=', rhf.id)
    .where('h.id', '!=', hf.id)
    .orderBy('h.name')
    .orderBy('s.name')
    .executeTakeFirst();
  return { own, elsewhere: other ? { trust: other.trust, hospital: other.hospital, section: 'Radiologi' } : null };
}

/** Seeds the training demo once; returns the record id, or null when done before or without demo accounts. */
export async function ensureDemoTraining(db: Kysely<DB>, now = new Date()): Promise<string | null> {
  if (await db.selectFrom('app_meta').select('key').where('key', '=', META_KEY).executeTakeFirst()) return null;
  const [lis, sup, leader] = [await personOf(db, 'lis'), await personOf(db, 'radiolog'), await personOf(db, 'avdelingsleder')];
  if (!lis || !sup) return null;
  const dept = lis.organization_id;
  const today = now.toISOString().slice(0, 10);
  const start = addYears(today, -1.5);
  const places = await placesOf(db, dept);
  return db.transaction().execute(async (trx) => {
    const planId = 'demo-plan-rad';
    const rotations = demoRadiologyRotations(places.own, places.elsewhere);
    // The placeholder numbers, untitled; a number already known (an editor's import) is kept as it is.
    await trx
      .insertInto('learning_goal')
      .values(
        Array.from({ length: DEMO_RADIOLOGY_GOALS }, (_, i) => ({ specialty: 'radiology' as const, number: i + 1, title: null, source: DEMO_GOAL_SOURCE })),
      )
      .onConflict((oc) => oc.columns(['specialty', 'number']).doNothing())
      .execute();
    await store.insertPlan(
      trx,
      {
        id: planId,
        organizationId: dept,
        specialty: 'radiology',
        name: `Utdanningsplan radiologi – ${places.own.section}, ${places.own.hospital} (demo)`, // e.g. "– Radiologisk avdeling, Haukeland universitetssjukehus (demo)"
        source:
          'Syntetisk demoplan for avdelingen: perioder ved eget sykehus og et halvt år ved et annet sykehus i regionen. Læringsmålnumrene er plassholdere; titlene legges inn av fagredaktøren fra spesialistforskriften vedlegg 2.',
        by: leader?.person_id ?? sup.person_id,
      },
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
      [1, 'procedure', 120, 'Røntgen thorax, beskrevet under supervisjon', 14],
      [2, 'procedure', 60, 'Røntgen skjelett etter skade', 12],
      [3, 'e_learning', 1, 'E-læring: strålevern i bildediagnostikk (bestått)', 11],
      [4, 'course', 1, 'Kurs i strålevern', 10],
      [13, 'procedure', 40, 'CT abdomen, beskrevet under supervisjon', 4],
      [14, 'procedure', 25, 'Ultralyd abdomen', 2],
    ];
    for (const [n, kind, count, description, monthsAgo] of acts)
      await store.insertActivity(trx, {
        id: crypto.randomUUID(),
        recordId,
        specialty: 'radiology',
        goalNumber: n,
        kind,
        count,
        description,
        doneOn: day(monthsAgo),
        by: lis.person_id,
      });
    // The first period's goals are all sent for assessment (a complete group → notification).
    const first = rotations[0]!;
    for (const n of [...first.goalNumbers, 13]) await store.insertCompletion(trx, recordId, 'radiology', n);
    for (const n of [1, 2, 3, 4, 5])
      await store.insertAssessment(trx, {
        id: crypto.randomUUID(),
        recordId,
        specialty: 'radiology',
        goalNumber: n,
        outcome: 'approved',
        plan: null,
        by: sup.person_id,
      });
    await store.insertAssessment(trx, {
      id: crypto.randomUUID(),
      recordId,
      specialty: 'radiology',
      goalNumber: 13,
      outcome: 'not_yet',
      plan: 'Flere selvstendige beskrivelser av CT abdomen før neste kollegium.',
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
      { heldAt: held, summary: 'Gjennomgang av første periode. God progresjon på røntgen thorax; CT abdomen trenger flere kasus.' },
      [
        { id: 'demo-action-1', text: 'Beskriv 10 CT abdomen sammen med veileder', dueDate: day(-2) },
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
