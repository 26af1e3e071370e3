// Training (issue 13): learning goals, department plans, individual plans (records), progress,
// the collegium's assessments, suitability notes, supervision, notifications, and competence
// approvals — the one source of "this LIS may report this exam type alone", which reporting and
// the reading worklists read (migration 0160). Access: access.ts. Rules and sources:
// docs/training.md. No patient data is read here (reading statistics are counts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import type { Principal } from '../auth/principal.ts';
import { grantOrganizations } from '../auth/principal.ts';
import type { DB, Specialty, SupervisionTheme } from '../db/schema.ts';
import { Conflict, Forbidden, Invalid, NotFound, type FieldError } from '../http/errors.ts';
import type {
  ActivityBody,
  AssessmentBody,
  DepartmentReport,
  MeetingBody,
  MeetingLogBody,
  MoveRotationBody,
  PlanComparison,
  PlanCreateBody,
  PlanHistory,
  PlanVersion,
  PlanUpdateBody,
  RecordCreateBody,
  RecordDetailsBody,
  RecordList,
  RecordView,
  RotationInput,
} from '../../shared/api/training.ts';
import { leadsDepartment, recordRights, specialistOf, type RecordRights } from './access.ts';
import { parseGoalNumbers, parseLearningGoalCsv } from './goals.ts';
import { completeGroups, currentRotation, goalState, isOverdue, plannedRotation, rotationDates } from './progress.ts';
import * as store from './store.ts';
import { comparePlans, rotationPlace } from '../../shared/training-versions.ts';
import { examNameIn } from '../../shared/exam-label.ts';
import type { Locale } from '../../shared/i18n/index.ts';

type Db = Kysely<DB>;
const uid = () => crypto.randomUUID();
const iso = (d: Date) => d.toISOString().slice(0, 10);
/** Withdrawals must carry the server's "now" within this tolerance (clock skew), never earlier. */
export const WITHDRAWAL_TOLERANCE_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------
// learning goals

/** The learning goals (optionally of one specialty) and how many still lack a title. */
export async function listGoals(db: Db, specialty?: Specialty) {
  const goals = await store.goals(db, specialty);
  return { goals, untitled: goals.filter((g) => g.title === null).length };
}

/**
 * Imports the national learning-goal list as CSV (goals.ts `parseLearningGoalCsv`). Goals are per
 * specialty and national (the regulation's list), so only the national network's editors
 * (fagredaktør, `network_editor`) and administrators import — not department leaders, who keep
 * their local fields: their department's plans (rotations and which goals each lists) and the
 * individual plans (decided by the lead for issues 11/13, 2026-12-02). The route refuses other
 * roles (403, logged by the route rule); this check repeats it for callers inside the server.
 * 400 with one field error per problem, named `line L, column C` — and nothing is imported — when
 * the file has any error. A later import of the same number replaces the title; the source is
 * recorded and every changed title is logged with the one it replaced (0205). A number not yet
 * known for the specialty (radiology, FKM: none are packaged) is added, so plans can then list it.
 * One transaction: all rows or none.
 */
export async function importGoals(db: Db, p: Principal, csv: string, source: string) {
  if (!p.grants.some((g) => g.role === 'network_editor' || g.role === 'admin'))
    throw new Forbidden(
      'Bare fagredaktører og administratorer endrer de nasjonale læringsmålene / Only network editors and administrators change the national learning goals',
      [{ field: 'role', message: 'not-goal-editor' }],
    );
  const { rows, errors } = parseLearningGoalCsv(csv);
  if (errors.length)
    throw new Invalid(
      'CSV-filen har feil; ingenting er importert / The CSV file has errors; nothing was imported',
      errors.slice(0, 100).map((e) => ({ field: `line ${e.line}, column ${e.column}`, message: e.message })),
    );
  await db.transaction().execute((trx) => store.upsertGoals(trx, rows, source.trim(), p.personId));
  return { imported: rows.length };
}

// ---------------------------------------------------------------------------------------------
// plans

async function requireLeaderOf(db: Db, p: Principal, orgId: string) {
  const up = await store.orgAndAncestors(db, orgId);
  if (up.length === 0) throw new NotFound('Ukjent avdeling / Unknown department', [{ field: 'organizationId', message: 'unknown' }]);
  if (!leadsDepartment(p, up))
    throw new Forbidden('Du leder ikke denne avdelingen / You do not lead this department', [{ field: 'organizationId', message: 'not-leader' }]);
  return up;
}

/** Parses and checks a plan's rotations: goal lists, years, and that every goal number is known for the specialty. */
async function checkRotations(db: Db, specialty: Specialty, rs: Static<typeof RotationInput>[]): Promise<store.RotationRow[]> {
  const errors: FieldError[] = [];
  const out: store.RotationRow[] = [];
  for (const [i, r] of rs.entries()) {
    if (!(r.toYears > r.fromYears)) errors.push({ field: `rotations.${i}.toYears`, message: 'must-be-after-fromYears' });
    const g = parseGoalNumbers(r.goals);
    if (!g.ok) {
      errors.push({ field: `rotations.${i}.goals`, message: `bad-token-at-column-${g.column}:${g.token}` });
      continue;
    }
    const known = await store.existingGoalNumbers(db, specialty, g.numbers);
    const unknown = g.numbers.filter((n) => !known.has(n));
    if (unknown.length) errors.push({ field: `rotations.${i}.goals`, message: `unknown-goal-numbers:${unknown.slice(0, 20).join(',')}` });
    out.push({
      id: uid(),
      seq: i + 1,
      fromYears: r.fromYears,
      toYears: r.toYears,
      trust: r.trust.trim(),
      hospital: r.hospital.trim(),
      section: r.section.trim(),
      external: r.external ?? false,
      goalNumbers: g.numbers,
    });
  }
  if (errors.length) throw new Invalid('Planen har feil / The plan has errors', errors);
  return out;
}

/** Creates a department's plan (Del 1: rotations = years × trust × hospital × section × goal numbers). Leaders only. */
export async function createPlan(db: Db, p: Principal, b: Static<typeof PlanCreateBody>) {
  await requireLeaderOf(db, p, b.organizationId);
  const rotations = await checkRotations(db, b.specialty, b.rotations);
  const id = uid();
  await db.transaction().execute(async (trx) => {
    await store.insertPlan(
      trx,
      { id, organizationId: b.organizationId, specialty: b.specialty, name: b.name.trim(), source: b.source ?? null, by: p.personId },
      rotations,
    );
    await store.insertPlanVersion(trx, {
      planId: id,
      kind: 'created',
      snapshot: await store.planSnapshot(trx, id),
      reason: null,
      by: p.personId,
      at: new Date(),
    });
  });
  return { id };
}

/**
 * Edits a department's plan (issue 13 item 1): the leader sends the whole table — the rotations
 * that stay (with their id; changed or not), new ones (no id) — and a rotation left out is removed
 * (kept for the records and notifications that name it). Validated as on create (years, goal
 * numbers known for the specialty; 400 with `rotations.{i}.{field}`), plus: an id must be one of
 * the plan's current rotations, at most once (400 `unknown-rotation` / `duplicate-rotation`).
 * Leaders of the plan's department only (403); 404 unknown plan. Every individual plan made from it
 * gets its rotation dates again (start date + the plan's years) except rotations moved for that LIS.
 * A reason is required; the new version of the plan (0205) and of every individual plan made from it
 * are kept with who, when and why (409 `changed-meanwhile` when two edits race). `source` left out
 * keeps the plan's source. Nothing changes on an error.
 */
export async function updatePlan(db: Db, p: Principal, planId: string, b: Static<typeof PlanUpdateBody>, now = new Date()) {
  const plan = await store.planById(db, planId);
  if (!plan) throw new NotFound('Ukjent plan / Unknown plan', [{ field: 'planId', message: 'unknown' }]);
  await requireLeaderOf(db, p, plan.organization_id);
  const current = new Set((await store.rotations(db, [plan.id])).map((r) => r.id));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, r] of b.rotations.entries()) {
    if (r.id === undefined) continue;
    if (!current.has(r.id)) errors.push({ field: `rotations.${i}.id`, message: 'unknown-rotation' });
    else if (seen.has(r.id)) errors.push({ field: `rotations.${i}.id`, message: 'duplicate-rotation' });
    seen.add(r.id);
  }
  if (errors.length) throw new Invalid('Planen har feil / The plan has errors', errors);
  const rows = await checkRotations(db, plan.specialty, b.rotations);
  const rotations = rows.map((r, i) => ({ ...r, id: b.rotations[i]!.id ?? r.id }));
  const reason = b.reason.trim();
  await db
    .transaction()
    .execute(async (trx) => {
      const recordIds = await store.updatePlan(
        trx,
        { id: plan.id, name: b.name.trim(), source: b.source === undefined ? plan.source : b.source.trim() || null, by: p.personId, at: now },
        rotations,
        rotationDates,
      );
      const snapshot = await store.planSnapshot(trx, plan.id);
      const planVersion = await store.insertPlanVersion(trx, { planId: plan.id, kind: 'edited', snapshot, reason, by: p.personId, at: now });
      for (const recordId of recordIds)
        await store.insertRecordVersion(trx, {
          recordId,
          kind: 'plan_changed',
          planVersion,
          snapshot: await store.recordSnapshot(trx, recordId),
          reason,
          by: p.personId,
          at: now,
        });
    })
    .catch(versionRace);
  return { id: plan.id };
}

/** Two edits of the same plan at once: the version number (primary key) decides; the other is told to reload. */
function versionRace(e: unknown): never {
  if ((e as { code?: string }).code === '23505')
    throw new Conflict('Planen ble endret av noen andre samtidig; last inn på nytt / The plan was changed by someone else; reload', [
      { field: 'planId', message: 'changed-meanwhile' },
    ]);
  throw e;
}

interface PackagedPlan {
  id: string;
  specialty: 'nuclear_medicine' | 'radiology';
  name: string;
  source: string;
  rotations: Static<typeof RotationInput>[];
}

/** The packaged plans (content/training/*-plan.json). */
export function packagedPlan(id: string): PackagedPlan | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.resolve(here, '../../../content/training'), path.resolve(process.cwd(), 'content/training')]) {
    const file = path.join(dir, `${id}-plan.json`);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as PackagedPlan;
  }
  return undefined;
}

/** Creates a department's plan from a packaged one (the Ahus nuclear-medicine plan). */
export async function createPackagedPlan(db: Db, p: Principal, organizationId: string, template: string) {
  const t = packagedPlan(template);
  if (!t) throw new NotFound('Ukjent planmal / Unknown plan template', [{ field: 'template', message: 'unknown' }]);
  return createPlan(db, p, { organizationId, specialty: t.specialty, name: t.name, source: t.source, rotations: t.rotations });
}

/** The plans of the departments where `p` holds any role (and below). */
export async function listPlans(db: Db, p: Principal) {
  const orgs = await store.subtree(db, grantOrganizations(p, ['department_leader', 'radiologist', 'lis']));
  const plans = await store.plans(db, orgs);
  const rots = await store.rotations(
    db,
    plans.map((x) => x.id),
  );
  const leads = new Map<string, boolean>();
  for (const o of new Set(plans.map((x) => x.organization_id))) leads.set(o, leadsDepartment(p, await store.orgAndAncestors(db, o)));
  return {
    plans: plans.map((x) => ({
      mayEdit: leads.get(x.organization_id) ?? false,
      id: x.id,
      organizationId: x.organization_id,
      organization: x.organization,
      specialty: x.specialty,
      name: x.name,
      source: x.source,
      rotations: rots.filter((r) => r.planId === x.id).map(({ planId: _p, ...r }) => r),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// records (individual plans)

/**
 * Creates a LIS's individual plan (Del 3) from the department's plan: the leader names the
 * supervisor (veileder) before the LIS starts (seed 004, 2.1.4). The LIS must hold the LIS role and
 * the supervisor a specialist role in the plan's department (or above it). Rotation dates are the
 * start date + the plan's years.
 */
export async function createRecord(db: Db, p: Principal, b: Static<typeof RecordCreateBody>) {
  const plan = await store.planById(db, b.planId);
  if (!plan) throw new NotFound('Ukjent plan / Unknown plan', [{ field: 'planId', message: 'unknown' }]);
  const up = await requireLeaderOf(db, p, plan.organization_id);
  if (b.personId === b.supervisorPersonId)
    throw new Invalid('En LIS kan ikke være sin egen veileder / A LIS cannot supervise themself', [{ field: 'supervisorPersonId', message: 'same-as-lis' }]);
  if (!(await store.personHolds(db, b.personId, 'lis', up)))
    throw new Invalid('Personen er ikke LIS i avdelingen / The person is not a LIS of the department', [{ field: 'personId', message: 'not-lis-here' }]);
  if (!(await store.personHolds(db, b.supervisorPersonId, 'radiologist', up)))
    throw new Invalid('Veilederen er ikke spesialist i avdelingen / The supervisor is not a specialist of the department', [
      { field: 'supervisorPersonId', message: 'not-specialist-here' },
    ]);
  const rots = await store.rotations(db, [plan.id]);
  const id = uid();
  const duplicate = () =>
    new Conflict('LIS-en har allerede denne planen / The LIS already has this plan', [{ field: 'personId', message: 'already-has-plan' }]);
  if (await store.recordOf(db, b.personId, plan.id)) throw duplicate();
  await db
    .transaction()
    .execute((trx) =>
      store
        .insertRecord(
          trx,
          {
            id,
            personId: b.personId,
            planId: plan.id,
            organizationId: plan.organization_id,
            supervisorPersonId: b.supervisorPersonId,
            startDate: b.startDate,
            by: p.personId,
          },
          rots.map((r) => ({ rotationId: r.id, ...rotationDates(b.startDate, r) })),
        )
        .then(async () =>
          store.insertRecordVersion(trx, {
            recordId: id,
            kind: 'created',
            planVersion: null,
            snapshot: await store.recordSnapshot(trx, id),
            reason: null,
            by: p.personId,
            at: new Date(),
          }),
        ),
    )
    .catch((e: unknown) => {
      // Two leaders at once: the unique (person, plan) constraint decides; the other is told.
      if ((e as { code?: string }).code === '23505') throw duplicate();
      throw e;
    });
  return { id };
}

/** A record with `p`'s rights on it; 404 when unknown, 403 when `p` may not see it. */
async function requireRecord(
  db: Db,
  p: Principal,
  recordId: string,
): Promise<{ rec: NonNullable<Awaited<ReturnType<typeof store.recordById>>>; rights: RecordRights; up: string[] }> {
  const rec = await store.recordById(db, recordId);
  if (!rec) throw new NotFound('Ukjent utdanningsplan / Unknown training record', [{ field: 'recordId', message: 'unknown' }]);
  const up = await store.orgAndAncestors(db, rec.organization_id);
  const rights = recordRights(p, { lisPersonId: rec.person_id, supervisorPersonId: rec.supervisor_person_id, orgAndAncestors: up });
  if (!rights.view)
    throw new Forbidden('Du har ikke tilgang til denne utdanningsplanen / You may not see this record', [{ field: 'recordId', message: 'no-access' }]);
  return { rec, rights, up };
}

interface Computed {
  rotations: RecordView['rotations'];
  goals: RecordView['goals'];
  counts: RecordView['counts'];
  behind: boolean;
  current: string | null;
  /** Rotations whose goals are all met — sent for assessment or approved: the group notification (2.1.7). */
  metGroups: string[];
}

/** The plan, goals and their states of records (set-based: one query per table for all records). */
async function compute(
  db: Db,
  recs: { id: string; plan_id: string; start_date: string; specialty: 'nuclear_medicine' | 'radiology' }[],
  today: string,
): Promise<Map<string, Computed>> {
  const ids = recs.map((r) => r.id);
  const [rots, dates, acts, comps, assess] = await Promise.all([
    store.rotations(db, [...new Set(recs.map((r) => r.plan_id))]),
    store.recordRotations(db, ids),
    store.activities(db, ids),
    store.completions(db, ids),
    store.latestAssessments(db, ids),
  ]);
  const titles = new Map<string, string | null>();
  for (const sp of new Set(recs.map((r) => r.specialty))) for (const g of await store.goals(db, sp)) titles.set(`${sp}:${g.number}`, g.title);
  const out = new Map<string, Computed>();
  for (const rec of recs) {
    const rr = rots
      .filter((r) => r.planId === rec.plan_id)
      .map(({ planId: _p, ...r }) => {
        const d = dates.find((x) => x.record_id === rec.id && x.rotation_id === r.id);
        const plan = rotationDates(rec.start_date, r);
        return {
          ...r,
          plannedStart: d?.planned_start ?? plan.plannedStart,
          plannedEnd: d?.planned_end ?? plan.plannedEnd,
          planStart: plan.plannedStart,
          planEnd: plan.plannedEnd,
          moved: d?.moved_reason && d.moved_at ? { reason: d.moved_reason, by: d.moved_by, at: d.moved_at.toISOString() } : null,
          complete: false,
        };
      });
    const numbers = [...new Set(rr.flatMap((r) => r.goalNumbers))].sort((a, b) => a - b);
    const met = new Set<number>();
    const approved = new Set<number>();
    const goals: RecordView['goals'] = numbers.map((n) => {
      const a = assess.find((x) => x.record_id === rec.id && x.specialty === rec.specialty && x.goal_number === n);
      const activityCount = acts.filter((x) => x.record_id === rec.id && x.specialty === rec.specialty && x.goal_number === n).reduce((s, x) => s + x.count, 0);
      const completed = comps.some((x) => x.record_id === rec.id && x.specialty === rec.specialty && x.goal_number === n);
      const state = goalState({ activityCount, completed, assessment: a?.outcome ?? null });
      if (state === 'completed' || state === 'approved') met.add(n);
      if (state === 'approved') approved.add(n);
      const where = plannedRotation(rr, n);
      return {
        specialty: rec.specialty,
        number: n,
        title: titles.get(`${rec.specialty}:${n}`) ?? null,
        state,
        rotationId: where?.id ?? null,
        plannedBy: where?.plannedEnd ?? null,
        overdue: isOverdue(state, where?.plannedEnd ?? null, today),
        activityCount,
        assessment: a ? { outcome: a.outcome, plan: a.plan, by: a.by, at: a.assessed_at.toISOString() } : null,
      };
    });
    // "All goals met" on the record and in its PDF: every goal of the rotation approved. Goals only
    // sent for assessment ("til vurdering") do not count (they do for the group notification).
    const complete = new Set(completeGroups(rr, approved));
    for (const r of rr) r.complete = complete.has(r.id);
    const overdue = goals.filter((g) => g.overdue).length;
    const cur = currentRotation(rr, today);
    out.set(rec.id, {
      rotations: rr,
      metGroups: completeGroups(rr, met),
      goals,
      counts: {
        goals: goals.length,
        approved: goals.filter((g) => g.state === 'approved').length,
        completed: goals.filter((g) => g.state === 'completed').length,
        overdue,
      },
      behind: overdue > 0,
      current: cur ? rotationPlace(cur) : null,
    });
  }
  return out;
}

/** The records `p` may list: their own, those they supervise, and those of departments they lead or are a specialist in. */
export async function listRecords(db: Db, p: Principal, today = iso(new Date())): Promise<RecordList> {
  const orgs = await store.subtree(db, grantOrganizations(p, ['department_leader', 'radiologist']));
  const recs = (await store.recordsFor(db, p.personId, orgs)).filter(
    (r) => r.person_id === p.personId || r.supervisor_person_id === p.personId || orgs.includes(r.organization_id),
  );
  const c = await compute(db, recs, today);
  return {
    records: recs.map((r) => {
      const x = c.get(r.id)!;
      return {
        id: r.id,
        lis: { id: r.person_id, name: r.lis_name },
        supervisor: { id: r.supervisor_person_id, name: r.supervisor_name },
        organization: r.organization,
        plan: r.plan_name,
        startDate: r.start_date,
        goals: x.counts.goals,
        approved: x.counts.approved,
        overdue: x.counts.overdue,
        awaitingAssessment: x.counts.completed,
        behind: x.behind,
        currentRotation: x.current,
      };
    }),
  };
}

/** The reading statistics of a LIS beside their approvals (counts per exam type and RADPEER grades); exam names in `locale`. */
async function readingStats(db: Db, personId: string, activeCodes: Set<string>, locale: Locale): Promise<RecordView['readingStats']> {
  const s = await store.readingStats(db, personId);
  const byCode = new Map(
    s.reports.map((r) => [
      r.exam_code,
      {
        examCode: r.exam_code,
        examName: examNameIn(locale, r.exam_name, r.exam_name_en),
        reports: r.reports,
        finalAlone: r.final_alone,
        reviewed: 0,
        grades: {} as Record<string, number>,
        approved: activeCodes.has(r.exam_code),
      },
    ]),
  );
  for (const g of s.grades) {
    const row = byCode.get(g.exam_code);
    if (!row) continue;
    row.grades[g.score] = g.n;
    row.reviewed += g.n;
  }
  return { byExamType: [...byCode.values()] };
}

/** A LIS's whole record as `p` may see it (suitability notes only for supervisor and leaders). */
export async function recordView(db: Db, p: Principal, recordId: string, today = iso(new Date())): Promise<RecordView> {
  const { rec, rights, up } = await requireRecord(db, p, recordId);
  const c = (await compute(db, [rec], today)).get(rec.id)!;
  const [acts, approvals, meetings, notes, specialists] = await Promise.all([
    store.activities(db, [rec.id]),
    store.approvalsOf(db, rec.person_id),
    store.meetingsOfRecord(db, rec.id),
    rights.suitability ? store.notes(db, rec.id) : Promise.resolve(null),
    rights.changeDetails ? store.specialistsOf(db, up) : Promise.resolve(null),
  ]);
  const active = new Set(approvals.filter((a) => a.withdrawn_at === null).map((a) => a.exam_code));
  return {
    id: rec.id,
    lis: { id: rec.person_id, name: rec.lis_name },
    supervisor: { id: rec.supervisor_person_id, name: rec.supervisor_name },
    organization: rec.organization,
    organizationId: rec.organization_id,
    plan: { id: rec.plan_id, name: rec.plan_name, specialty: rec.specialty, source: rec.plan_source },
    startDate: rec.start_date,
    behind: c.behind,
    counts: c.counts,
    rotations: c.rotations,
    goals: c.goals,
    activities: acts.map((a) => ({
      id: a.id,
      specialty: a.specialty,
      goalNumber: a.goal_number,
      kind: a.kind,
      count: a.count,
      description: a.description,
      doneOn: a.done_on,
      registeredBy: a.registered_by,
    })),
    approvals: approvals.map((a) => ({
      id: a.id,
      examCode: a.exam_code,
      examName: examNameIn(p.locale, a.exam_name, a.exam_name_en),
      organization: a.organization,
      approvedBy: a.approved_by,
      approvedAt: a.approved_at.toISOString(),
      note: a.note,
      withdrawnBy: a.withdrawn_by,
      withdrawnAt: a.withdrawn_at ? a.withdrawn_at.toISOString() : null,
      withdrawalReason: a.withdrawal_reason,
      active: a.withdrawn_at === null,
    })),
    readingStats: await readingStats(db, rec.person_id, active, p.locale),
    meetings: meetings.map((m) => ({
      id: m.id,
      kind: m.kind,
      supervisor: m.supervisor,
      plannedAt: m.planned_at.toISOString(),
      heldAt: m.held_at ? m.held_at.toISOString() : null,
      themes: m.themes,
      summary: m.summary,
      participants: m.participants,
      actions: m.actions.map((a) => ({ id: a.id, text: a.text, dueDate: a.due_date, done: a.done_at !== null })),
    })),
    suitabilityNotes: notes ? notes.map((n) => ({ id: n.id, text: n.text, author: n.author, at: n.at.toISOString() })) : null,
    supervisorOptions: specialists ? specialists.filter((s) => s.id !== rec.person_id) : null,
    may: {
      registerActivity: rights.registerActivity,
      assess: rights.assess,
      approveCompetence: rights.approveCompetence,
      suitability: rights.suitability,
      planMeeting: rights.planMeeting,
      moveRotation: rights.moveRotation,
      changeDetails: rights.changeDetails,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// versions of plans (0205) and moving one LIS's rotation

const dayMs = 86_400_000;
/** Adds whole days to a calendar date (YYYY-MM-DD, UTC). */
const addDays = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const validDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * Moves a rotation in one LIS's individual plan (seed 004, 2.1.3: "Dersom det oppstår forsinkelser
 * eller endringer i utdanningsforløpet, vil individuell utdanningsplan bli revidert") without
 * changing the department plan: new dates, or `backToPlan` for the department plan's dates; with
 * `moveLater` every later rotation (starting on or after this one's old end) moves by as many days
 * as this one's end did. A reason is required and kept with the new version of the individual plan.
 * A rotation whose dates equal the department plan's is no longer "moved". The supervisor and the
 * department's leaders only (403 `not-supervisor-or-leader`; never the LIS: 403 `own-plan`); 404
 * unknown rotation; 400 `required` (dates missing), `invalid-date`, `must-be-after-plannedStart`;
 * 409 `no-change`. Nothing changes on an error. The "behind plan" report reads these dates.
 */
export async function moveRotation(db: Db, p: Principal, recordId: string, rotationId: string, b: Static<typeof MoveRotationBody>, now = new Date()) {
  const { rec, rights } = await requireRecord(db, p, recordId);
  if (rights.isLis)
    throw new Forbidden('Du kan ikke flytte datoer i din egen plan; be veileder eller leder / You cannot move dates in your own plan', [
      { field: 'recordId', message: 'own-plan' },
    ]);
  if (!rights.moveRotation)
    throw new Forbidden('Bare veileder og leder endrer den individuelle planen / Only the supervisor and leader change the individual plan', [
      { field: 'recordId', message: 'not-supervisor-or-leader' },
    ]);
  const c = (await compute(db, [rec], iso(now))).get(rec.id)!;
  const target = c.rotations.find((r) => r.id === rotationId);
  if (!target) throw new NotFound('Ukjent rotasjon i planen / Unknown rotation in the plan', [{ field: 'rotationId', message: 'unknown' }]);
  let start: string;
  let end: string;
  if (b.backToPlan) {
    start = target.planStart;
    end = target.planEnd;
  } else {
    const errors: FieldError[] = [];
    if (b.plannedStart === undefined) errors.push({ field: 'plannedStart', message: 'required' });
    else if (!validDate(b.plannedStart)) errors.push({ field: 'plannedStart', message: 'invalid-date' });
    if (b.plannedEnd === undefined) errors.push({ field: 'plannedEnd', message: 'required' });
    else if (!validDate(b.plannedEnd)) errors.push({ field: 'plannedEnd', message: 'invalid-date' });
    else if (b.plannedStart !== undefined && !(b.plannedEnd > b.plannedStart)) errors.push({ field: 'plannedEnd', message: 'must-be-after-plannedStart' });
    if (errors.length) throw new Invalid('Datoene har feil / The dates have errors', errors);
    start = b.plannedStart!;
    end = b.plannedEnd!;
  }
  const reason = b.reason.trim();
  const shift = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${target.plannedEnd}T00:00:00Z`)) / dayMs);
  const moves = [{ r: target, start, end }];
  if (b.moveLater && shift !== 0)
    for (const r of c.rotations)
      if (r.id !== target.id && r.plannedStart >= target.plannedEnd)
        moves.push({ r, start: addDays(r.plannedStart, shift), end: addDays(r.plannedEnd, shift) });
  const changed = moves.filter(
    (m) => m.start !== m.r.plannedStart || m.end !== m.r.plannedEnd || (m.r.moved !== null) !== (m.start !== m.r.planStart || m.end !== m.r.planEnd),
  );
  if (changed.length === 0)
    throw new Conflict('Datoene er de samme som før / The dates are the same as before', [{ field: 'plannedStart', message: 'no-change' }]);
  await db
    .transaction()
    .execute(async (trx) => {
      await store.setRecordRotationDates(
        trx,
        rec.id,
        changed.map((m) => ({
          rotationId: m.r.id,
          plannedStart: m.start,
          plannedEnd: m.end,
          reason: m.start === m.r.planStart && m.end === m.r.planEnd ? null : reason,
        })),
        p.personId,
        now,
      );
      await store.insertRecordVersion(trx, {
        recordId: rec.id,
        kind: 'moved',
        planVersion: null,
        snapshot: await store.recordSnapshot(trx, rec.id),
        reason,
        by: p.personId,
        at: now,
      });
    })
    .catch(versionRace);
  return { id: rec.id };
}

/**
 * A department leader changes a LIS's supervisor and/or start date (issue 13: a new supervisor,
 * leave, part-time; seed 004, 2.1.3: the individual plan is revised when the training is delayed or
 * changed), with a reason. The record keeps a version ('details_changed', migration 0242) whose
 * snapshot names the supervisor and start date, so the history shows both before and after. A new
 * start date moves the rotations that follow the department plan (start + the plan's years); a
 * rotation moved for this LIS keeps its own dates and reason. Who sees what follows at once: rights
 * come from the record's current supervisor (access.ts), so the new supervisor sees the record and
 * its suitability notes and the former one no longer does (unless a specialist of the department,
 * who sees it as the collegium, without the notes); meetings already held keep their supervisor.
 * Errors: 403 for anyone but a leader of the department (a LIS never changes their own plan); 400
 * an unknown/invalid supervisor (not a specialist of the department, or the LIS) or nothing to
 * change; 409 when nothing would change, or another change came first.
 */
export async function changeRecordDetails(
  db: Db,
  p: Principal,
  recordId: string,
  b: Static<typeof RecordDetailsBody>,
  now = new Date(),
): Promise<{ id: string }> {
  const { rec, rights, up } = await requireRecord(db, p, recordId);
  if (rights.isLis)
    throw new Forbidden('Du kan ikke endre din egen plan; be leder / You cannot change your own plan', [{ field: 'recordId', message: 'own-plan' }]);
  if (!rights.changeDetails)
    throw new Forbidden('Bare avdelingens leder endrer veileder og startdato / Only the department leader changes supervisor and start date', [
      { field: 'recordId', message: 'not-leader' },
    ]);
  if (b.supervisorPersonId === undefined && b.startDate === undefined)
    throw new Invalid('Velg ny veileder eller ny startdato / Choose a new supervisor or start date', [{ field: 'supervisorPersonId', message: 'required' }]);
  if (b.startDate !== undefined && !validDate(b.startDate)) throw new Invalid('Ugyldig dato / Invalid date', [{ field: 'startDate', message: 'invalid-date' }]);
  if (b.supervisorPersonId !== undefined) {
    if (b.supervisorPersonId === rec.person_id)
      throw new Invalid('En LIS kan ikke være sin egen veileder / A LIS cannot supervise themself', [{ field: 'supervisorPersonId', message: 'same-as-lis' }]);
    if (!(await store.personHolds(db, b.supervisorPersonId, 'radiologist', up)))
      throw new Invalid('Veilederen er ikke spesialist i avdelingen / The supervisor is not a specialist of the department', [
        { field: 'supervisorPersonId', message: 'not-specialist-here' },
      ]);
  }
  const currentStart = String(rec.start_date).slice(0, 10);
  const supervisor = b.supervisorPersonId !== undefined && b.supervisorPersonId !== rec.supervisor_person_id ? b.supervisorPersonId : undefined;
  const startDate = b.startDate !== undefined && b.startDate !== currentStart ? b.startDate : undefined;
  if (!supervisor && !startDate)
    throw new Conflict('Veileder og startdato er de samme som før / Supervisor and start date are as before', [
      { field: 'supervisorPersonId', message: 'no-change' },
    ]);
  const dates = startDate ? (await store.rotations(db, [rec.plan_id])).map((r) => ({ rotationId: r.id, ...rotationDates(startDate, r) })) : [];
  await db
    .transaction()
    .execute(async (trx) => {
      await store.setRecordDetails(trx, rec.id, { supervisorPersonId: supervisor, startDate }, dates);
      await store.insertRecordVersion(trx, {
        recordId: rec.id,
        kind: 'details_changed',
        planVersion: null,
        snapshot: await store.recordSnapshot(trx, rec.id),
        reason: b.reason.trim(),
        by: p.personId,
        at: now,
      });
    })
    .catch(versionRace);
  return { id: rec.id };
}

type VersionRow = Omit<Awaited<ReturnType<typeof store.planVersions>>[number], 'kind'> & { kind: PlanVersion['kind'] };
/** Versions as the API gives them: each with what changed since the one before. */
function versionsOut(rows: readonly VersionRow[]): PlanHistory {
  return {
    versions: rows.map((v, i) => ({
      version: v.version,
      kind: v.kind,
      reason: v.reason,
      changedBy: v.changed_by,
      changedAt: v.changed_at.toISOString(),
      planVersion: v.planVersion,
      changes: i === 0 ? [] : comparePlans(rows[i - 1]!.snapshot, v.snapshot),
    })),
  };
}

/** Two versions compared (`from` → `to`); 404 `unknown-version` naming the missing one. */
function compareOut(rows: readonly VersionRow[], from: number, to: number): PlanComparison {
  const a = rows.find((v) => v.version === from);
  const b = rows.find((v) => v.version === to);
  if (!a || !b) throw new NotFound('Ukjent versjon / Unknown version', [{ field: a ? 'to' : 'from', message: 'unknown-version' }]);
  return { from, to, changes: comparePlans(a.snapshot, b.snapshot) };
}

/** A plan `p` may see (any training role on its department or above); 404 / 403 otherwise. */
async function requirePlanView(db: Db, p: Principal, planId: string) {
  const plan = await store.planById(db, planId);
  if (!plan) throw new NotFound('Ukjent plan / Unknown plan', [{ field: 'planId', message: 'unknown' }]);
  const up = await store.orgAndAncestors(db, plan.organization_id);
  if (!p.grants.some((g) => ['department_leader', 'radiologist', 'lis'].includes(g.role) && up.includes(g.organizationId)))
    throw new Forbidden('Du har ikke tilgang til denne planen / You may not see this plan', [{ field: 'planId', message: 'no-access' }]);
  return plan;
}

/** Every version of a department plan, oldest first, with who, when, why and what changed. Anyone in training in the department. */
export async function planHistory(db: Db, p: Principal, planId: string): Promise<PlanHistory> {
  await requirePlanView(db, p, planId);
  return versionsOut(await store.planVersions(db, planId));
}

/** What changed between two versions of a department plan. */
export async function comparePlanVersions(db: Db, p: Principal, planId: string, from: number, to: number): Promise<PlanComparison> {
  await requirePlanView(db, p, planId);
  return compareOut(await store.planVersions(db, planId), from, to);
}

/** Every version of a LIS's individual plan (moves and department plan changes), for those who may see the record — the LIS too. */
export async function recordHistory(db: Db, p: Principal, recordId: string): Promise<PlanHistory> {
  await requireRecord(db, p, recordId);
  return versionsOut(await store.recordVersions(db, recordId));
}

/** What changed between two versions of a LIS's individual plan. */
export async function compareRecordVersions(db: Db, p: Principal, recordId: string, from: number, to: number): Promise<PlanComparison> {
  await requireRecord(db, p, recordId);
  return compareOut(await store.recordVersions(db, recordId), from, to);
}

// ---------------------------------------------------------------------------------------------
// progress

async function requireGoalOfRecord(db: Db, rec: { plan_id: string; specialty: string }, specialty: Specialty, n: number) {
  const rots = await store.rotations(db, [rec.plan_id]);
  if (specialty !== rec.specialty || !rots.some((r) => r.goalNumbers.includes(n)))
    throw new Invalid('Læringsmålet er ikke i planen / The goal is not in the plan', [{ field: 'goalNumber', message: 'not-in-plan' }]);
}

/** No activity counts from before this day, whatever a record's start date says (a floor against mistyped years). */
export const EARLIEST_ACTIVITY_DATE = '1990-01-01';

/**
 * The LIS (or their supervisor) registers an activity towards a goal: procedures with a count, a
 * course, e-learning. `doneOn` (YYYY-MM-DD) must lie between the record's start date (and
 * EARLIEST_ACTIVITY_DATE) and `today`: else 400 naming doneOn, nothing stored.
 */
export async function registerActivity(db: Db, p: Principal, recordId: string, b: Static<typeof ActivityBody>, today = iso(new Date())) {
  const { rec, rights } = await requireRecord(db, p, recordId);
  if (!rights.registerActivity)
    throw new Forbidden('Bare LIS-en og veilederen registrerer aktivitet / Only the LIS and the supervisor register activity', [
      { field: 'recordId', message: 'not-lis' },
    ]);
  await requireGoalOfRecord(db, rec, b.specialty, b.goalNumber);
  if (b.doneOn > today) throw new Invalid('Datoen er i fremtiden / The date is in the future', [{ field: 'doneOn', message: 'future' }]);
  const start = typeof rec.start_date === 'string' ? rec.start_date.slice(0, 10) : new Date(rec.start_date).toISOString().slice(0, 10);
  if (b.doneOn < EARLIEST_ACTIVITY_DATE || b.doneOn < start)
    throw new Invalid(`Datoen er før utdanningen startet (${start}) / The date is before the training started (${start})`, [
      { field: 'doneOn', message: 'before-training-start' },
    ]);
  const id = uid();
  await store.insertActivity(db, {
    id,
    recordId,
    specialty: b.specialty,
    goalNumber: b.goalNumber,
    kind: b.kind,
    count: b.count ?? 1,
    description: b.description.trim(),
    doneOn: b.doneOn,
    by: p.personId,
  });
  return { id };
}

/**
 * Notifies the supervisor and the nearest leaders of every group (rotation) of the record whose
 * goals are now all met and that was not notified before (seed 004, 2.1.7: "Når en bestemt gruppe
 * av læringsmål er oppfylt vil veileder og leder få beskjed"). Leaders: department_leader grants on
 * the nearest level (department, then upwards) that has any.
 */
async function notifyCompleteGroups(
  db: Db,
  rec: {
    id: string;
    plan_id: string;
    start_date: string;
    specialty: 'nuclear_medicine' | 'radiology';
    person_id: string;
    supervisor_person_id: string;
    organization_id: string;
  },
) {
  const c = (await compute(db, [rec], iso(new Date()))).get(rec.id)!;
  const groups = c.metGroups;
  if (groups.length === 0) return { completedGroups: [], notified: 0 };
  let leaders: string[] = [];
  for (const org of await store.orgAndAncestors(db, rec.organization_id)) {
    leaders = await store.leadersOf(db, [org]);
    if (leaders.length) break;
  }
  const to = [...new Set([rec.supervisor_person_id, ...leaders])].filter((x) => x !== rec.person_id);
  let notified = 0;
  for (const g of groups) notified += await store.notify(db, to, rec.id, g);
  return { completedGroups: groups, notified };
}

/** The LIS marks a goal as met and sends it for assessment; complete groups notify supervisor and leader. */
export async function completeGoal(db: Db, p: Principal, recordId: string, specialty: Specialty, n: number) {
  const { rec, rights } = await requireRecord(db, p, recordId);
  if (!rights.isLis)
    throw new Forbidden('Bare LIS-en sender egne mål til vurdering / Only the LIS sends their goals for assessment', [
      { field: 'recordId', message: 'not-lis' },
    ]);
  await requireGoalOfRecord(db, rec, specialty, n);
  await store.insertCompletion(db, recordId, specialty, n);
  return notifyCompleteGroups(db, rec);
}

/**
 * The collegium's / leader's assessment of a goal: approved, or not yet with a plan (seed 004,
 * 2.1.3 and 2.1.7). Only specialists and leaders of the department; never the LIS (403 `own-goals`).
 */
export async function assessGoal(db: Db, p: Principal, recordId: string, specialty: Specialty, n: number, b: Static<typeof AssessmentBody>) {
  const { rec, rights } = await requireRecord(db, p, recordId);
  if (rights.isLis)
    throw new Forbidden('Du kan ikke godkjenne dine egne læringsmål / You cannot approve your own goals', [{ field: 'recordId', message: 'own-goals' }]);
  if (!rights.assess)
    throw new Forbidden('Bare spesialister og ledere i avdelingen vurderer / Only the department’s specialists and leaders assess', [
      { field: 'recordId', message: 'not-specialist' },
    ]);
  await requireGoalOfRecord(db, rec, specialty, n);
  if (b.outcome === 'not_yet' && !b.plan) throw new Invalid('«Ikke ennå» trenger en plan / "Not yet" needs a plan', [{ field: 'plan', message: 'required' }]);
  const id = uid();
  await store.insertAssessment(db, { id, recordId, specialty, goalNumber: n, outcome: b.outcome, plan: b.plan?.trim() ?? null, by: p.personId });
  const notified = b.outcome === 'approved' ? await notifyCompleteGroups(db, rec) : { completedGroups: [], notified: 0 };
  return { id, ...notified };
}

/** A suitability note (egnethet); only the supervisor and the department's leaders write and read them. */
export async function addNote(db: Db, p: Principal, recordId: string, text: string) {
  const { rights } = await requireRecord(db, p, recordId);
  if (!rights.suitability)
    throw new Forbidden('Bare veileder og leder skriver egnethetsnotater / Only the supervisor and leader write suitability notes', [
      { field: 'recordId', message: 'not-supervisor-or-leader' },
    ]);
  const id = uid();
  await store.insertNote(db, { id, recordId, text: text.trim(), author: p.personId });
  return { id };
}

// ---------------------------------------------------------------------------------------------
// competence approvals (issue 13 item 4; seed 004, 2.1.5)

/**
 * A specialist of the LIS's department approves the LIS as competent for an exam type: from now
 * on the LIS's reports of that type are final without countersigning (reporting reads the view
 * reader_exam_approval) and the worklists show it (reader profile). Recorded with who and when.
 * 403 `own-competence` for the LIS themself; 403 `not-specialist` for anyone but the department's
 * specialists; 400 unknown exam code; 409 `already-approved`.
 */
export async function approveCompetence(db: Db, p: Principal, recordId: string, examCode: string, note: string | undefined, now = new Date()) {
  const { rec, rights } = await requireRecord(db, p, recordId);
  if (rights.isLis)
    throw new Forbidden('Du kan ikke godkjenne din egen kompetanse / You cannot approve your own competence', [
      { field: 'recordId', message: 'own-competence' },
    ]);
  if (!rights.approveCompetence)
    throw new Forbidden('Bare spesialister i avdelingen godkjenner kompetanse / Only specialists of the department approve competence', [
      { field: 'recordId', message: 'not-specialist' },
    ]);
  if (!(await store.examCodeExists(db, examCode)))
    throw new Invalid('Ukjent undersøkelseskode / Unknown exam code', [{ field: 'examCode', message: 'unknown' }]);
  const id = uid();
  const ok = await store.insertApproval(db, {
    id,
    personId: rec.person_id,
    examCode,
    organizationId: rec.organization_id,
    by: p.personId,
    note: note?.trim() || null,
    at: now,
  });
  if (!ok)
    throw new Conflict('LIS-en er allerede godkjent for denne undersøkelsen / Already approved for this exam type', [
      { field: 'examCode', message: 'already-approved' },
    ]);
  return { id };
}

/**
 * Withdraws an approval: from now on the LIS's reports of that type need countersigning again.
 * The time is the server's; a `withdrawnAt` more than 5 minutes from it is refused (400 `backdated`
 * / `future`): a withdrawal cannot be backdated — reports finalized while the approval stood stay
 * final. Same access as approving. 404 unknown approval (or of another LIS); 409 already withdrawn.
 */
export async function withdrawCompetence(
  db: Db,
  p: Principal,
  recordId: string,
  approvalId: string,
  reason: string,
  withdrawnAt: string | undefined,
  now = new Date(),
) {
  const { rec, rights } = await requireRecord(db, p, recordId);
  if (rights.isLis)
    throw new Forbidden('Du kan ikke endre din egen kompetansegodkjenning / You cannot change your own competence approval', [
      { field: 'recordId', message: 'own-competence' },
    ]);
  if (!rights.approveCompetence)
    throw new Forbidden('Bare spesialister i avdelingen trekker godkjenninger / Only specialists of the department withdraw approvals', [
      { field: 'recordId', message: 'not-specialist' },
    ]);
  if (withdrawnAt !== undefined) {
    const t = new Date(withdrawnAt).getTime();
    if (t < now.getTime() - WITHDRAWAL_TOLERANCE_MS)
      throw new Invalid('En tilbaketrekking kan ikke tilbakedateres / A withdrawal cannot be backdated', [{ field: 'withdrawnAt', message: 'backdated' }]);
    if (t > now.getTime() + WITHDRAWAL_TOLERANCE_MS)
      throw new Invalid('En tilbaketrekking gjelder fra nå / A withdrawal takes effect now', [{ field: 'withdrawnAt', message: 'future' }]);
  }
  const a = await store.approvalById(db, approvalId);
  if (!a || a.person_id !== rec.person_id) throw new NotFound('Ukjent godkjenning / Unknown approval', [{ field: 'approvalId', message: 'unknown' }]);
  if (!(await store.withdrawApproval(db, approvalId, p.personId, now, reason.trim())))
    throw new Conflict('Godkjenningen er allerede trukket / The approval is already withdrawn', [{ field: 'approvalId', message: 'already-withdrawn' }]);
  return { id: approvalId };
}

// ---------------------------------------------------------------------------------------------
// supervision (seed 004, 2.1.4: monthly at first, themes 1–6; group supervision on FKM themes)

/**
 * Plans a 1:1 (one record) or group meeting (several). The planner must be the supervisor or a
 * leader of every participant's record; the meeting's supervisor is the planner.
 */
export async function planMeeting(db: Db, p: Principal, b: Static<typeof MeetingBody>) {
  if (b.kind === 'individual' && b.recordIds.length !== 1)
    throw new Invalid('En individuell veiledning har én LIS / A 1:1 meeting has one LIS', [{ field: 'recordIds', message: 'one-for-individual' }]);
  let orgId: string | null = null;
  for (const id of b.recordIds) {
    const { rec, rights } = await requireRecord(db, p, id);
    if (!rights.planMeeting)
      throw new Forbidden('Bare veileder og leder planlegger veiledning / Only the supervisor and leader plan supervision', [
        { field: 'recordIds', message: 'not-supervisor-or-leader' },
      ]);
    orgId ??= rec.organization_id;
  }
  const id = uid();
  await db.transaction().execute((trx) =>
    store.insertMeeting(
      trx,
      {
        id,
        organizationId: orgId!,
        kind: b.kind,
        supervisorPersonId: p.personId,
        plannedAt: new Date(b.plannedAt),
        themes: b.themes as SupervisionTheme[],
        by: p.personId,
      },
      b.recordIds,
    ),
  );
  return { id };
}

/** Logs a held meeting: when, a summary, the themes, and the actions agreed. Supervisor or leader of its participants. */
export async function logMeeting(db: Db, p: Principal, meetingId: string, b: Static<typeof MeetingLogBody>, now = new Date()) {
  const m = await store.meetingById(db, meetingId);
  if (!m) throw new NotFound('Ukjent veiledningsmøte / Unknown meeting', [{ field: 'meetingId', message: 'unknown' }]);
  for (const id of await store.meetingRecordIds(db, meetingId)) {
    const { rights } = await requireRecord(db, p, id);
    if (!rights.planMeeting && p.personId !== m.supervisor_person_id)
      throw new Forbidden('Bare veileder og leder fører referat / Only the supervisor and leader log meetings', [
        { field: 'meetingId', message: 'not-supervisor-or-leader' },
      ]);
  }
  if (m.held_at) throw new Conflict('Møtet er allerede ført / The meeting is already logged', [{ field: 'meetingId', message: 'already-logged' }]);
  const held = new Date(b.heldAt);
  if (held.getTime() > now.getTime() + WITHDRAWAL_TOLERANCE_MS)
    throw new Invalid('Møtet er ikke holdt ennå / The meeting has not been held yet', [{ field: 'heldAt', message: 'future' }]);
  await db.transaction().execute((trx) =>
    store.logMeeting(
      trx,
      meetingId,
      { heldAt: held, summary: b.summary?.trim() || null, themes: b.themes as SupervisionTheme[] | undefined },
      (b.actions ?? []).map((a) => ({ id: uid(), text: a.text.trim(), dueDate: a.dueDate ?? null })),
    ),
  );
  return { id: meetingId };
}

// ---------------------------------------------------------------------------------------------
// notifications and reports

/** The user's training notifications (group of goals complete), newest first. */
export async function notifications(db: Db, p: Principal) {
  const rows = await store.notificationsOf(db, p.personId);
  return {
    notifications: rows.map((n) => ({
      id: n.id,
      recordId: n.record_id,
      lis: n.lis,
      rotation:
        n.trust !== null && n.hospital !== null && n.section !== null ? rotationPlace({ trust: n.trust, hospital: n.hospital, section: n.section }) : null,
      years: n.from_years !== null && n.to_years !== null ? { from: Number(n.from_years), to: Number(n.to_years) } : null,
      createdAt: n.created_at.toISOString(),
      read: n.read_at !== null,
    })),
  };
}
/** Marks the user's training notifications read. */
export const readNotifications = (db: Db, p: Principal) => store.markNotificationsRead(db, p.personId);

/**
 * The department report (issue 13 item 5): every LIS of the departments `p` leads or is a
 * specialist in (or `organizationId`), who is behind plan, and the goals that are hard to reach:
 * overdue for at least one LIS, or placed by the plan only at another trust (rotation needed).
 */
export async function departmentReport(db: Db, p: Principal, organizationId?: string, today = iso(new Date())): Promise<DepartmentReport> {
  let orgs: string[];
  let name: string;
  if (organizationId) {
    const up = await store.orgAndAncestors(db, organizationId);
    if (up.length === 0) throw new NotFound('Ukjent avdeling / Unknown department', [{ field: 'organizationId', message: 'unknown' }]);
    if (!leadsDepartment(p, up) && !specialistOf(p, up))
      throw new Forbidden('Du leder ikke denne avdelingen / You do not lead this department', [{ field: 'organizationId', message: 'not-leader' }]);
    orgs = await store.subtree(db, [organizationId]);
    name = (await store.orgName(db, organizationId)) ?? '';
  } else {
    const mine = grantOrganizations(p, ['department_leader', 'radiologist']);
    if (mine.length === 0) throw new Forbidden('Du leder ingen avdeling / You lead no department', [{ field: 'organizationId', message: 'not-leader' }]);
    orgs = await store.subtree(db, mine);
    name = (await Promise.all(mine.map((o) => store.orgName(db, o)))).filter(Boolean).join(', ');
  }
  const recs = await store.recordsOfOrgs(db, orgs);
  const c = await compute(db, recs, today);
  const hard = new Map<string, DepartmentReport['hardGoals'][number]>();
  for (const r of recs) {
    const x = c.get(r.id)!;
    for (const g of x.goals) {
      const places = x.rotations.filter((ro) => ro.goalNumbers.includes(g.number));
      const externalOnly = places.length > 0 && places.every((ro) => ro.external);
      if (!g.overdue && !externalOnly) continue;
      const key = `${g.specialty}:${g.number}`;
      const cur = hard.get(key) ?? {
        specialty: g.specialty,
        number: g.number,
        title: g.title,
        overdueLis: 0,
        externalOnly,
        plannedAt: places.map((ro) => `${rotationPlace(ro)} (${ro.fromYears}–${ro.toYears})`).join('; '),
        places: places.map((ro) => ({ place: rotationPlace(ro), fromYears: ro.fromYears, toYears: ro.toYears })),
      };
      if (g.overdue) cur.overdueLis++;
      hard.set(key, cur);
    }
  }
  const list = await listRecords(db, p, today);
  return {
    organization: name,
    records: list.records.filter((r) => recs.some((x) => x.id === r.id)),
    hardGoals: [...hard.values()].sort((a, b) => b.overdueLis - a.overdueLis || Number(b.externalOnly) - Number(a.externalOnly) || a.number - b.number),
  };
}

/** The record as rows for the CSV export (one row per goal), in the order a Dossier-like import reads. */
export function recordCsvRows(v: RecordView, hpr: string | null) {
  return v.goals.map((g) => {
    const ro = v.rotations.find((r) => r.id === g.rotationId);
    return {
      hpr_number: hpr,
      lis_name: v.lis.name,
      specialty: g.specialty,
      goal_number: g.number,
      goal_title: g.title,
      status: g.state,
      assessed_by: g.assessment?.by ?? null,
      assessed_at: g.assessment?.at.slice(0, 10) ?? null,
      assessment_plan: g.assessment?.plan ?? null,
      activity_count: g.activityCount,
      planned_place: ro ? `${ro.trust} ${ro.hospital} ${ro.section}` : null,
      planned_by: g.plannedBy,
    };
  });
}
/** The columns of the record CSV, in order. */
export const RECORD_CSV_COLUMNS = [
  'hpr_number',
  'lis_name',
  'specialty',
  'goal_number',
  'goal_title',
  'status',
  'assessed_by',
  'assessed_at',
  'assessment_plan',
  'activity_count',
  'planned_place',
  'planned_by',
] as const;

/** The LIS's HPR number for the export (the export is of a record `p` may see). */
export async function recordForExport(db: Db, p: Principal, recordId: string) {
  const v = await recordView(db, p, recordId);
  const rec = await store.recordById(db, recordId);
  return { view: v, hpr: rec?.lis_hpr ?? null };
}

/** The exam types to choose from when approving competence. */
export async function examTypes(db: Db) {
  return { examTypes: await store.examTypes(db) };
}
