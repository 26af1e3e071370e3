// The only SQL of the training domain: learning goals, plans and rotations, records (individual
// plans), activities, completions, assessments, suitability notes, supervision meetings,
// notifications, competence approvals, and the LIS's reading statistics (read from the report
// tables of reporting, aggregated: no patient data leaves this module).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Role, Specialty, SupervisionTheme } from '../db/schema.ts';
import type { PlanSnapshot, SnapshotRotation } from '../../shared/training-versions.ts';

type Q = Kysely<DB> | Transaction<DB>;
const fullName = sql<string>`p.given_name || ' ' || p.family_name`;

/** The organization and every organization above it (nearest first). */
export async function orgAndAncestors(db: Q, orgId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM organization WHERE id = ${orgId}
      UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organization o JOIN up ON o.id = up.parent_id WHERE up.depth < 20)
    SELECT id FROM up ORDER BY depth`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The organizations at or below any of `orgIds`. */
export async function subtree(db: Q, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const r = await sql<{ id: string }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM organization WHERE id IN (${sql.join([...orgIds])})
      UNION ALL SELECT o.id, down.depth + 1 FROM organization o JOIN down ON o.parent_id = down.id WHERE down.depth < 20)
    SELECT DISTINCT id FROM down`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The name of an organization. */
export async function orgName(db: Q, id: string): Promise<string | undefined> {
  return (await db.selectFrom('organization').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

/** Does the person hold `role` on one of `orgIds`? */
export async function personHolds(db: Q, personId: string, role: Role, orgIds: readonly string[]): Promise<boolean> {
  if (orgIds.length === 0) return false;
  const r = await db
    .selectFrom('role_assignment as ra')
    .innerJoin('user_account as u', 'u.id', 'ra.user_id')
    .select('ra.id')
    .where('u.person_id', '=', personId)
    .where('ra.role', '=', role)
    .where('ra.organization_id', 'in', [...orgIds])
    .executeTakeFirst();
  return !!r;
}

/**
 * The specialists who may supervise in a department: persons with a radiologist grant on one of
 * `orgIds` (the department and those above it, as personHolds checks), by name.
 */
export async function specialistsOf(db: Q, orgIds: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('role_assignment as ra')
    .innerJoin('user_account as u', 'u.id', 'ra.user_id')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .select(['p.id', sql<string>`p.given_name || ' ' || p.family_name`.as('name')])
    .where('ra.role', '=', 'radiologist')
    .where('ra.organization_id', 'in', [...orgIds])
    .groupBy(['p.id', 'p.given_name', 'p.family_name'])
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
}

// ---- learning goals ----
/** The learning goals, optionally of one specialty, by specialty and number. */
export async function goals(db: Q, specialty?: Specialty) {
  let q = db.selectFrom('learning_goal').select(['specialty', 'number', 'title', 'source']).orderBy('specialty').orderBy('number');
  if (specialty) q = q.where('specialty', '=', specialty);
  return q.execute();
}

/**
 * Inserts or replaces goal titles (per specialty and number), recording the source and who imported
 * them, and logs every title with the one it replaced (learning_goal_title_log, 0205). Call in a
 * transaction so a file is imported whole or not at all.
 */
export async function upsertGoals(db: Q, rows: { specialty: Specialty; number: number; title: string }[], source: string, by: string) {
  const before = new Map<string, string | null>();
  for (const sp of new Set(rows.map((r) => r.specialty)))
    for (const g of await db.selectFrom('learning_goal').select(['number', 'title']).where('specialty', '=', sp).execute())
      before.set(`${sp}:${g.number}`, g.title);
  const changed = rows.filter((r) => before.get(`${r.specialty}:${r.number}`) !== r.title);
  for (let i = 0; i < changed.length; i += 500)
    await db
      .insertInto('learning_goal_title_log')
      .values(
        changed.slice(i, i + 500).map((r) => ({
          specialty: r.specialty,
          number: r.number,
          title: r.title,
          previous_title: before.get(`${r.specialty}:${r.number}`) ?? null,
          source,
          imported_by: by,
        })),
      )
      .execute();
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('learning_goal')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, source, updated_by: by })))
      .onConflict((c) =>
        c.columns(['specialty', 'number']).doUpdateSet({
          title: (eb) => eb.ref('excluded.title'),
          source: (eb) => eb.ref('excluded.source'),
          updated_by: (eb) => eb.ref('excluded.updated_by'),
          updated_at: new Date(),
        }),
      )
      .execute();
}

/** Which of `numbers` exist as goals of the specialty. */
export async function existingGoalNumbers(db: Q, specialty: Specialty, numbers: readonly number[]): Promise<Set<number>> {
  if (numbers.length === 0) return new Set();
  const r = await db
    .selectFrom('learning_goal')
    .select('number')
    .where('specialty', '=', specialty)
    .where('number', 'in', [...numbers])
    .execute();
  return new Set(r.map((x) => x.number));
}

// ---- plans ----
/** A department plan's rotation as stored: a version's rotation (shared/training-versions.ts) without the individual plan's dates, with its order. */
export interface RotationRow extends Omit<SnapshotRotation, 'plannedStart' | 'plannedEnd' | 'movedReason'> {
  seq: number;
}

/** A rotation's columns as stored (all but its id and plan). */
function rotationColumns(r: RotationRow) {
  return {
    seq: r.seq,
    from_years: r.fromYears,
    to_years: r.toYears,
    trust: r.trust,
    hospital: r.hospital,
    section: r.section,
    external: r.external,
    goal_numbers: r.goalNumbers,
  };
}

/** Writes a plan and its rotations. */
export async function insertPlan(
  db: Q,
  p: { id: string; organizationId: string; specialty: 'nuclear_medicine' | 'radiology'; name: string; source: string | null; by: string },
  rotations: RotationRow[],
) {
  await db
    .insertInto('training_plan')
    .values({ id: p.id, organization_id: p.organizationId, specialty: p.specialty, name: p.name, source: p.source, created_by: p.by })
    .execute();
  await db
    .insertInto('training_rotation')
    .values(rotations.map((r) => ({ id: r.id, plan_id: p.id, ...rotationColumns(r) })))
    .execute();
}

/** The plans of these organizations (null: all). */
export async function plans(db: Q, orgIds: readonly string[] | null) {
  let q = db
    .selectFrom('training_plan as tp')
    .innerJoin('organization as o', 'o.id', 'tp.organization_id')
    .select(['tp.id', 'tp.organization_id', 'o.name as organization', 'tp.specialty', 'tp.name', 'tp.source'])
    .orderBy('tp.created_at');
  if (orgIds) {
    if (orgIds.length === 0) return [];
    q = q.where('tp.organization_id', 'in', [...orgIds]);
  }
  return q.execute();
}

/** One plan row. */
export async function planById(db: Q, id: string) {
  return db.selectFrom('training_plan').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The rotations of the plans, in plan order (numeric years as numbers). */
export async function rotations(db: Q, planIds: readonly string[]): Promise<(RotationRow & { planId: string })[]> {
  if (planIds.length === 0) return [];
  const r = await db
    .selectFrom('training_rotation')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .where('removed_at', 'is', null)
    .orderBy('plan_id')
    .orderBy('seq')
    .execute();
  return r.map((x) => ({
    id: x.id,
    planId: x.plan_id,
    seq: x.seq,
    fromYears: Number(x.from_years),
    toYears: Number(x.to_years),
    trust: x.trust,
    hospital: x.hospital,
    section: x.section,
    external: x.external,
    goalNumbers: x.goal_numbers,
  }));
}

/**
 * Writes an edited plan in the caller's transaction: the name and source, the rotations kept
 * (`keep`, by id, renumbered and changed), new ones, and removes the others (removed_at; kept for
 * the records and notifications that name them). Every record of the plan gets the rotation dates
 * `dates(record start date, rotation)` for every rotation of the plan, again — except rotations moved
 * in that LIS's individual plan (0205), which keep their dates. Returns the ids of the plan's records.
 */
export async function updatePlan(
  db: Transaction<DB>,
  p: { id: string; name: string; source: string | null; by: string; at: Date },
  rotations: RotationRow[],
  dates: (startDate: string, r: RotationRow) => { plannedStart: string; plannedEnd: string },
) {
  await db.updateTable('training_plan').set({ name: p.name, source: p.source, updated_at: p.at, updated_by: p.by }).where('id', '=', p.id).execute();
  const ids = rotations.map((r) => r.id);
  await db
    .updateTable('training_rotation')
    .set({ removed_at: p.at, removed_by: p.by })
    .where('plan_id', '=', p.id)
    .where('removed_at', 'is', null)
    .where('id', 'not in', ids)
    .execute();
  // Move the kept rows out of the way of the new numbering (seq is unique among the plan's rotations).
  await db
    .updateTable('training_rotation')
    .set({ seq: sql<number>`seq + 10000` })
    .where('plan_id', '=', p.id)
    .where('removed_at', 'is', null)
    .execute();
  const existing = new Set(
    (await db.selectFrom('training_rotation').select('id').where('plan_id', '=', p.id).where('removed_at', 'is', null).execute()).map((r) => r.id),
  );
  for (const r of rotations) {
    const row = rotationColumns(r);
    if (existing.has(r.id)) await db.updateTable('training_rotation').set(row).where('id', '=', r.id).execute();
    else
      await db
        .insertInto('training_rotation')
        .values({ id: r.id, plan_id: p.id, ...row })
        .execute();
  }
  const recs = await db.selectFrom('training_record').select(['id', 'start_date']).where('plan_id', '=', p.id).execute();
  for (const rec of recs) {
    const start = typeof rec.start_date === 'string' ? rec.start_date : new Date(rec.start_date).toISOString().slice(0, 10);
    for (const r of rotations) {
      const d = dates(start, r);
      // A rotation moved in this LIS's individual plan (0205) keeps its own dates.
      await db
        .insertInto('training_record_rotation')
        .values({ record_id: rec.id, rotation_id: r.id, planned_start: d.plannedStart, planned_end: d.plannedEnd })
        .onConflict((c) =>
          c
            .columns(['record_id', 'rotation_id'])
            .doUpdateSet({ planned_start: d.plannedStart, planned_end: d.plannedEnd })
            .where('training_record_rotation.moved_at', 'is', null),
        )
        .execute();
    }
  }
  return recs.map((r) => r.id);
}

// ---- versions (0205) ----
const str = (d: string | Date) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10));

/** The department plan as it stands (not removed rotations, in order), as a version keeps it. */
export async function planSnapshot(db: Q, planId: string): Promise<PlanSnapshot> {
  const plan = await db.selectFrom('training_plan').select(['name', 'source']).where('id', '=', planId).executeTakeFirstOrThrow();
  const rots = await rotations(db, [planId]);
  return { name: plan.name, source: plan.source, rotations: rots.map(({ planId: _p, seq: _s, ...r }) => r) };
}

/** A LIS's individual plan as it stands: the plan, start date, supervisor, and each rotation's dates and move reason. */
export async function recordSnapshot(db: Q, recordId: string): Promise<PlanSnapshot> {
  const rec = await db
    .selectFrom('training_record as r')
    .innerJoin('person as p', 'p.id', 'r.supervisor_person_id')
    .select(['r.plan_id', 'r.start_date', fullName.as('supervisor')])
    .where('r.id', '=', recordId)
    .executeTakeFirstOrThrow();
  const plan = await planSnapshot(db, rec.plan_id);
  const dates = await db.selectFrom('training_record_rotation').selectAll().where('record_id', '=', recordId).execute();
  return {
    ...plan,
    startDate: str(rec.start_date),
    supervisor: rec.supervisor,
    rotations: plan.rotations.map((r) => {
      const d = dates.find((x) => x.rotation_id === r.id);
      return { ...r, plannedStart: d ? str(d.planned_start) : '', plannedEnd: d ? str(d.planned_end) : '', movedReason: d?.moved_reason ?? null };
    }),
  };
}

/** Appends a version of a department plan (number = last + 1); returns its number. */
export async function insertPlanVersion(
  db: Q,
  v: { planId: string; kind: 'created' | 'edited'; snapshot: PlanSnapshot; reason: string | null; by: string; at: Date },
): Promise<number> {
  const r = await sql<{ version: number }>`
    INSERT INTO training_plan_version (plan_id, version, kind, snapshot, reason, changed_by, changed_at)
    SELECT ${v.planId}, COALESCE(MAX(version), 0) + 1, ${v.kind}, ${JSON.stringify(v.snapshot)}::jsonb, ${v.reason}, ${v.by}, ${v.at}
    FROM training_plan_version WHERE plan_id = ${v.planId}
    RETURNING version`.execute(db);
  return r.rows[0]!.version;
}

/** Appends a version of a LIS's individual plan (number = last + 1); returns its number. */
export async function insertRecordVersion(
  db: Q,
  v: {
    recordId: string;
    kind: 'created' | 'moved' | 'plan_changed' | 'details_changed';
    planVersion: number | null;
    snapshot: PlanSnapshot;
    reason: string | null;
    by: string;
    at: Date;
  },
): Promise<number> {
  const r = await sql<{ version: number }>`
    INSERT INTO training_record_version (record_id, version, kind, plan_version, snapshot, reason, changed_by, changed_at)
    SELECT ${v.recordId}, COALESCE(MAX(version), 0) + 1, ${v.kind}, ${v.planVersion}, ${JSON.stringify(v.snapshot)}::jsonb, ${v.reason}, ${v.by}, ${v.at}
    FROM training_record_version WHERE record_id = ${v.recordId}
    RETURNING version`.execute(db);
  return r.rows[0]!.version;
}

const snap = (x: unknown): PlanSnapshot => (typeof x === 'string' ? (JSON.parse(x) as PlanSnapshot) : (x as PlanSnapshot));

/** Every version of a department plan, oldest first, with who made it (name; null if unknown). */
export async function planVersions(db: Q, planId: string) {
  const r = await db
    .selectFrom('training_plan_version as v')
    .leftJoin('person as p', 'p.id', 'v.changed_by')
    .select(['v.version', 'v.kind', 'v.snapshot', 'v.reason', 'v.changed_at', sql<string | null>`p.given_name || ' ' || p.family_name`.as('changed_by')])
    .where('v.plan_id', '=', planId)
    .orderBy('v.version')
    .execute();
  return r.map((x) => ({ ...x, planVersion: null as number | null, snapshot: snap(x.snapshot) }));
}

/** Every version of a LIS's individual plan, oldest first, with who made it. */
export async function recordVersions(db: Q, recordId: string) {
  const r = await db
    .selectFrom('training_record_version as v')
    .leftJoin('person as p', 'p.id', 'v.changed_by')
    .select([
      'v.version',
      'v.kind',
      'v.plan_version',
      'v.snapshot',
      'v.reason',
      'v.changed_at',
      sql<string | null>`p.given_name || ' ' || p.family_name`.as('changed_by'),
    ])
    .where('v.record_id', '=', recordId)
    .orderBy('v.version')
    .execute();
  return r.map(({ plan_version, ...x }) => ({ ...x, planVersion: plan_version, snapshot: snap(x.snapshot) }));
}

/**
 * Sets rotation dates in one LIS's individual plan. `reason` null = back to the department plan's
 * dates (no longer moved); otherwise the rotation is marked moved (keeps its dates when the
 * department plan changes).
 */
export async function setRecordRotationDates(
  db: Q,
  recordId: string,
  moves: { rotationId: string; plannedStart: string; plannedEnd: string; reason: string | null }[],
  by: string,
  at: Date,
) {
  for (const m of moves)
    await db
      .updateTable('training_record_rotation')
      .set({
        planned_start: m.plannedStart,
        planned_end: m.plannedEnd,
        moved_reason: m.reason,
        moved_by: m.reason === null ? null : by,
        moved_at: m.reason === null ? null : at,
      })
      .where('record_id', '=', recordId)
      .where('rotation_id', '=', m.rotationId)
      .execute();
}

/**
 * Changes a record's supervisor and/or start date (migration 0242); with a new start date, the
 * rotations that follow the department plan (no move reason of their own) get `dates`.
 */
export async function setRecordDetails(
  db: Q,
  recordId: string,
  set: { supervisorPersonId?: string; startDate?: string },
  dates: { rotationId: string; plannedStart: string; plannedEnd: string }[],
) {
  await db
    .updateTable('training_record')
    .set({
      ...(set.supervisorPersonId ? { supervisor_person_id: set.supervisorPersonId } : {}),
      ...(set.startDate ? { start_date: set.startDate } : {}),
    })
    .where('id', '=', recordId)
    .execute();
  for (const d of dates)
    await db
      .updateTable('training_record_rotation')
      .set({ planned_start: d.plannedStart, planned_end: d.plannedEnd })
      .where('record_id', '=', recordId)
      .where('rotation_id', '=', d.rotationId)
      .where('moved_reason', 'is', null)
      .execute();
}

// ---- records ----
/** Writes a LIS's record (individual plan) and its rotation dates. */
export async function insertRecord(
  db: Q,
  r: { id: string; personId: string; planId: string; organizationId: string; supervisorPersonId: string; startDate: string; by: string },
  dates: { rotationId: string; plannedStart: string; plannedEnd: string }[],
) {
  await db
    .insertInto('training_record')
    .values({
      id: r.id,
      person_id: r.personId,
      plan_id: r.planId,
      organization_id: r.organizationId,
      supervisor_person_id: r.supervisorPersonId,
      start_date: r.startDate,
      created_by: r.by,
    })
    .execute();
  if (dates.length)
    await db
      .insertInto('training_record_rotation')
      .values(dates.map((d) => ({ record_id: r.id, rotation_id: d.rotationId, planned_start: d.plannedStart, planned_end: d.plannedEnd })))
      .execute();
}

/** The record of a LIS on a plan, if any. */
export async function recordOf(db: Q, personId: string, planId: string) {
  return db.selectFrom('training_record').select('id').where('person_id', '=', personId).where('plan_id', '=', planId).executeTakeFirst();
}

const recordSelect = (db: Q) =>
  db
    .selectFrom('training_record as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('person as s', 's.id', 'r.supervisor_person_id')
    .innerJoin('organization as o', 'o.id', 'r.organization_id')
    .innerJoin('training_plan as tp', 'tp.id', 'r.plan_id')
    .select([
      'r.id',
      'r.person_id',
      'r.supervisor_person_id',
      'r.organization_id',
      'r.plan_id',
      'r.start_date',
      fullName.as('lis_name'),
      'p.hpr_number as lis_hpr',
      sql<string>`s.given_name || ' ' || s.family_name`.as('supervisor_name'),
      'o.name as organization',
      'tp.name as plan_name',
      'tp.specialty',
      'tp.source as plan_source',
    ]);

export type RecordRow = Awaited<ReturnType<typeof recordById>> & object;
/** A record with the LIS, supervisor, department and plan names. */
export async function recordById(db: Q, id: string) {
  return recordSelect(db).where('r.id', '=', id).executeTakeFirst();
}

/** Records the person may list: their own, those they supervise, and those in `orgIds`. */
export async function recordsFor(db: Q, personId: string, orgIds: readonly string[]) {
  return recordSelect(db)
    .where((eb) =>
      eb.or([
        eb('r.person_id', '=', personId),
        eb('r.supervisor_person_id', '=', personId),
        ...(orgIds.length ? [eb('r.organization_id', 'in', [...orgIds])] : []),
      ]),
    )
    .orderBy('lis_name')
    .execute();
}

/** The records held in these organizations. */
export async function recordsOfOrgs(db: Q, orgIds: readonly string[]) {
  if (orgIds.length === 0) return [];
  return recordSelect(db)
    .where('r.organization_id', 'in', [...orgIds])
    .orderBy('lis_name')
    .execute();
}

/** The individual rotation dates of the records, with the move (reason, who by name, when) if moved. */
export async function recordRotations(db: Q, recordIds: readonly string[]) {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('training_record_rotation as rr')
    .leftJoin('person as p', 'p.id', 'rr.moved_by')
    .select([
      'rr.record_id',
      'rr.rotation_id',
      'rr.planned_start',
      'rr.planned_end',
      'rr.moved_reason',
      'rr.moved_at',
      sql<string | null>`p.given_name || ' ' || p.family_name`.as('moved_by'),
    ])
    .where('rr.record_id', 'in', [...recordIds])
    .execute();
}

// ---- progress ----
/** Writes an activity towards a goal. */
export async function insertActivity(
  db: Q,
  a: {
    id: string;
    recordId: string;
    specialty: Specialty;
    goalNumber: number;
    kind: 'procedure' | 'course' | 'e_learning' | 'other';
    count: number;
    description: string;
    doneOn: string;
    by: string;
  },
) {
  await db
    .insertInto('goal_activity')
    .values({
      id: a.id,
      record_id: a.recordId,
      specialty: a.specialty,
      goal_number: a.goalNumber,
      kind: a.kind,
      count: a.count,
      description: a.description,
      done_on: a.doneOn,
      registered_by: a.by,
    })
    .execute();
}

/** The activities of the records, newest first, with who registered them. */
export async function activities(db: Q, recordIds: readonly string[]) {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('goal_activity as a')
    .innerJoin('person as p', 'p.id', 'a.registered_by')
    .select(['a.id', 'a.record_id', 'a.specialty', 'a.goal_number', 'a.kind', 'a.count', 'a.description', 'a.done_on', fullName.as('registered_by')])
    .where('a.record_id', 'in', [...recordIds])
    .orderBy('a.done_on', 'desc')
    .orderBy('a.registered_at', 'desc')
    .execute();
}

/** Marks a goal as sent for assessment (idempotent). */
export async function insertCompletion(db: Q, recordId: string, specialty: Specialty, goalNumber: number) {
  await db
    .insertInto('goal_completion')
    .values({ record_id: recordId, specialty, goal_number: goalNumber })
    .onConflict((c) => c.doNothing())
    .execute();
}

/** The goals sent for assessment in the records. */
export async function completions(db: Q, recordIds: readonly string[]) {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('goal_completion')
    .selectAll()
    .where('record_id', 'in', [...recordIds])
    .execute();
}

/** Writes an assessment of a goal (history is kept; the newest counts). */
export async function insertAssessment(
  db: Q,
  a: { id: string; recordId: string; specialty: Specialty; goalNumber: number; outcome: 'approved' | 'not_yet'; plan: string | null; by: string },
) {
  await db
    .insertInto('goal_assessment')
    .values({ id: a.id, record_id: a.recordId, specialty: a.specialty, goal_number: a.goalNumber, outcome: a.outcome, plan: a.plan, assessed_by: a.by })
    .execute();
}

/** The newest assessment per goal of the records. */
export async function latestAssessments(db: Q, recordIds: readonly string[]) {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('goal_assessment as a')
    .innerJoin('person as p', 'p.id', 'a.assessed_by')
    .select(['a.record_id', 'a.specialty', 'a.goal_number', 'a.outcome', 'a.plan', 'a.assessed_at', fullName.as('by')])
    .distinctOn(['a.record_id', 'a.specialty', 'a.goal_number'])
    .where('a.record_id', 'in', [...recordIds])
    .orderBy('a.record_id')
    .orderBy('a.specialty')
    .orderBy('a.goal_number')
    .orderBy('a.assessed_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

/** Writes a suitability note. */
export async function insertNote(db: Q, n: { id: string; recordId: string; text: string; author: string }) {
  await db.insertInto('suitability_note').values({ id: n.id, record_id: n.recordId, text: n.text, author: n.author }).execute();
}

/** The suitability notes of a record, newest first. */
export async function notes(db: Q, recordId: string) {
  return db
    .selectFrom('suitability_note as n')
    .innerJoin('person as p', 'p.id', 'n.author')
    .select(['n.id', 'n.text', 'n.at', fullName.as('author')])
    .where('n.record_id', '=', recordId)
    .orderBy('n.at', 'desc')
    .execute();
}

// ---- notifications ----
/** Notifies each person once per record and rotation; returns how many were new. */
export async function notify(db: Q, personIds: readonly string[], recordId: string, rotationId: string): Promise<number> {
  if (personIds.length === 0) return 0;
  const r = await db
    .insertInto('training_notification')
    .values(personIds.map((person_id) => ({ person_id, record_id: recordId, kind: 'goal-group-complete' as const, rotation_id: rotationId })))
    .onConflict((c) => c.doNothing())
    .returning('id')
    .execute();
  return r.length;
}

/** Leaders (department_leader on the department or above) of a department, as person ids. */
export async function leadersOf(db: Q, orgAndAncestorIds: readonly string[]): Promise<string[]> {
  if (orgAndAncestorIds.length === 0) return [];
  const r = await db
    .selectFrom('role_assignment as ra')
    .innerJoin('user_account as u', 'u.id', 'ra.user_id')
    .select('u.person_id')
    .distinct()
    .where('ra.role', '=', 'department_leader')
    .where('ra.organization_id', 'in', [...orgAndAncestorIds])
    .execute();
  return r.map((x) => x.person_id);
}

/** A person's newest 100 training notifications with the LIS and rotation named. */
export async function notificationsOf(db: Q, personId: string) {
  return db
    .selectFrom('training_notification as n')
    .innerJoin('training_record as r', 'r.id', 'n.record_id')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('training_rotation as tr', 'tr.id', 'n.rotation_id')
    .select(['n.id', 'n.record_id', 'n.created_at', 'n.read_at', fullName.as('lis'), 'tr.trust', 'tr.hospital', 'tr.section', 'tr.from_years', 'tr.to_years'])
    .where('n.person_id', '=', personId)
    .orderBy('n.created_at', 'desc')
    .limit(100)
    .execute();
}

/** Marks a person's unread training notifications read. */
export async function markNotificationsRead(db: Q, personId: string) {
  await db.updateTable('training_notification').set({ read_at: new Date() }).where('person_id', '=', personId).where('read_at', 'is', null).execute();
}

// ---- supervision ----
/** Writes a planned supervision meeting and its participants (records). */
export async function insertMeeting(
  db: Q,
  m: { id: string; organizationId: string; kind: 'individual' | 'group'; supervisorPersonId: string; plannedAt: Date; themes: SupervisionTheme[]; by: string },
  recordIds: readonly string[],
) {
  await db
    .insertInto('supervision_meeting')
    .values({
      id: m.id,
      organization_id: m.organizationId,
      kind: m.kind,
      supervisor_person_id: m.supervisorPersonId,
      planned_at: m.plannedAt,
      themes: m.themes,
      created_by: m.by,
    })
    .execute();
  await db
    .insertInto('supervision_participant')
    .values(recordIds.map((record_id) => ({ meeting_id: m.id, record_id })))
    .execute();
}

/** One meeting row. */
export async function meetingById(db: Q, id: string) {
  return db.selectFrom('supervision_meeting').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The records taking part in a meeting. */
export async function meetingRecordIds(db: Q, meetingId: string): Promise<string[]> {
  return (await db.selectFrom('supervision_participant').select('record_id').where('meeting_id', '=', meetingId).execute()).map((r) => r.record_id);
}

/** Records that a meeting was held: time, summary, themes, and the agreed actions. */
export async function logMeeting(
  db: Q,
  id: string,
  v: { heldAt: Date; summary: string | null; themes?: SupervisionTheme[] },
  actions: { id: string; text: string; dueDate: string | null }[],
) {
  await db
    .updateTable('supervision_meeting')
    .set({ held_at: v.heldAt, summary: v.summary, ...(v.themes ? { themes: v.themes } : {}) })
    .where('id', '=', id)
    .execute();
  if (actions.length)
    await db
      .insertInto('supervision_action')
      .values(actions.map((a) => ({ id: a.id, meeting_id: id, text: a.text, due_date: a.dueDate })))
      .execute();
}

/** The meetings a record took part in, newest first, with participants and actions. */
export async function meetingsOfRecord(db: Q, recordId: string) {
  const ms = await db
    .selectFrom('supervision_meeting as m')
    .innerJoin('supervision_participant as sp', 'sp.meeting_id', 'm.id')
    .innerJoin('person as p', 'p.id', 'm.supervisor_person_id')
    .select(['m.id', 'm.kind', 'm.planned_at', 'm.held_at', 'm.themes', 'm.summary', fullName.as('supervisor')])
    .where('sp.record_id', '=', recordId)
    .orderBy('m.planned_at', 'desc')
    .execute();
  const ids = ms.map((m) => m.id);
  const parts = ids.length
    ? await db
        .selectFrom('supervision_participant as sp')
        .innerJoin('training_record as r', 'r.id', 'sp.record_id')
        .innerJoin('person as p', 'p.id', 'r.person_id')
        .select(['sp.meeting_id', fullName.as('name')])
        .where('sp.meeting_id', 'in', ids)
        .orderBy('name')
        .execute()
    : [];
  const acts = ids.length ? await db.selectFrom('supervision_action').selectAll().where('meeting_id', 'in', ids).orderBy('id').execute() : [];
  return ms.map((m) => ({
    ...m,
    participants: parts.filter((x) => x.meeting_id === m.id).map((x) => x.name),
    actions: acts.filter((a) => a.meeting_id === m.id),
  }));
}

// ---- competence approvals ----
/** Writes a competence approval; false when an active one exists already (partial unique index). */
export async function insertApproval(
  db: Q,
  a: { id: string; personId: string; examCode: string; organizationId: string; by: string; note: string | null; at: Date },
) {
  const r = await db
    .insertInto('competence_approval')
    .values({
      id: a.id,
      person_id: a.personId,
      exam_code: a.examCode,
      organization_id: a.organizationId,
      approved_by_person_id: a.by,
      approved_at: a.at,
      note: a.note,
    })
    .onConflict((c) => c.columns(['person_id', 'exam_code', 'organization_id']).where('withdrawn_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

/** One competence approval row. */
export async function approvalById(db: Q, id: string) {
  return db.selectFrom('competence_approval').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stamps the withdrawal; false when it was already withdrawn (a withdrawal is never changed). */
export async function withdrawApproval(db: Q, id: string, by: string, at: Date, reason: string): Promise<boolean> {
  const r = await db
    .updateTable('competence_approval')
    .set({ withdrawn_by_person_id: by, withdrawn_at: at, withdrawal_reason: reason })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

/** Every competence approval of a LIS (active and withdrawn), newest first, with names. */
export async function approvalsOf(db: Q, personId: string) {
  return db
    .selectFrom('competence_approval as a')
    .innerJoin('exam_code as c', 'c.code', 'a.exam_code')
    .innerJoin('organization as o', 'o.id', 'a.organization_id')
    .leftJoin('person as p', 'p.id', 'a.approved_by_person_id')
    .leftJoin('person as w', 'w.id', 'a.withdrawn_by_person_id')
    .select([
      'a.id',
      'a.exam_code',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'o.name as organization',
      sql<string | null>`p.given_name || ' ' || p.family_name`.as('approved_by'),
      'a.approved_at',
      'a.note',
      sql<string | null>`w.given_name || ' ' || w.family_name`.as('withdrawn_by'),
      'a.withdrawn_at',
      'a.withdrawal_reason',
    ])
    .where('a.person_id', '=', personId)
    .orderBy('a.approved_at', 'desc')
    .orderBy('a.id')
    .execute();
}

/** Is this an exam code of the catalogue? */
export async function examCodeExists(db: Q, code: string): Promise<boolean> {
  return !!(await db.selectFrom('exam_code').select('code').where('code', '=', code).executeTakeFirst());
}

/**
 * The LIS's reading statistics per exam type: reports they authored that were signed (preliminary
 * or final), how many became final without countersigning, and the RADPEER grades countersigners
 * gave (report_review). Aggregates only.
 */
export async function readingStats(db: Q, personId: string) {
  const reports = await db
    .selectFrom('report as r')
    .innerJoin('exam as e', 'e.id', 'r.exam_id')
    .innerJoin('exam_code as c', 'c.code', 'e.exam_code')
    .select([
      'e.exam_code',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      sql<number>`count(*)::int`.as('reports'),
      sql<number>`count(*) FILTER (WHERE r.status = 'final' AND NOT r.needs_countersign AND r.finalized_by_person_id = r.author_person_id)::int`.as(
        'final_alone',
      ),
    ])
    .where('r.author_person_id', '=', personId)
    .where('r.status', 'in', ['preliminary', 'final'])
    .groupBy(['e.exam_code', 'c.name', 'c.name_en'])
    .orderBy('reports', 'desc')
    .execute();
  const grades = await db
    .selectFrom('report_review as v')
    .innerJoin('report as r', 'r.id', 'v.report_id')
    .innerJoin('exam as e', 'e.id', 'r.exam_id')
    .select(['e.exam_code', 'v.score', sql<number>`count(*)::int`.as('n')])
    .where('v.author_person_id', '=', personId)
    .groupBy(['e.exam_code', 'v.score'])
    .execute();
  return { reports, grades };
}

/** Every exam type (NCRP code, name, modality), by name. */
export async function examTypes(db: Q) {
  return db.selectFrom('exam_code').select(['code', 'name', 'modality']).orderBy('name').orderBy('code').execute();
}
