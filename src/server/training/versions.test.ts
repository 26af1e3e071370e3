// Versions of training plans and moving one LIS's rotation, over HTTP on a real database
// (migration 0205): every edit of the department plan and every move in an individual plan is kept
// with who, when and why; two versions compare as changes (rotation moved, goals added/removed);
// a move changes one LIS's dates only, survives later edits of the department plan and is what
// "behind plan" reads; the LIS sees their own plan's history but cannot move dates; bad input
// changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReader, createReadingRegion, type ReadingRegion } from '../testing/reading.ts';
import type { PlanChange, PlanHistory, RecordView } from '../../shared/api/training.ts';
import type { PlanSnapshot } from '../../shared/training-versions.ts';

let ctx: TestContext;
let reg: ReadingRegion;
let leader: Session;
let supervisor: Session;
let spec: Session; // specialist of the department, not the supervisor
let lis: Session;
let lis2: Session;
let outsider: Session;
let planId = '';
let recA = ''; // moved
let recB = ''; // follows the department plan

const api = (s: Session) => as(ctx.app, s);
const view = async (s: Session, id: string) => (await api(s)({ url: `/api/training/records/${id}` })).json() as RecordView;
const history = async (s: Session, url: string) => {
  const r = await api(s)({ url });
  expect(r.statusCode).toBe(200);
  return (r.json() as PlanHistory).versions;
};
const move = (s: Session, rec: string, rot: string, body: unknown) =>
  api(s)({ method: 'POST', url: `/api/training/records/${rec}/rotations/${rot}/move`, payload: body });
const planRows = async () => {
  const plans = (await api(leader)({ url: '/api/training/plans' })).json().plans as {
    id: string;
    rotations: { id: string; fromYears: number; toYears: number; trust: string; hospital: string; section: string; external: boolean; goalNumbers: number[] }[];
  }[];
  return plans
    .find((p) => p.id === planId)!
    .rotations.map((r) => ({
      id: r.id,
      fromYears: r.fromYears,
      toYears: r.toYears,
      trust: r.trust,
      hospital: r.hospital,
      section: r.section,
      external: r.external,
      goals: r.goalNumbers.join(', '),
    }));
};

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  reg = await createReadingRegion(db);
  const mk = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  leader = await mk(await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] }));
  const s = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  supervisor = await mk(s);
  spec = await mk(await createReader(db, { org: reg.deptA, role: 'radiologist' }));
  const l1 = await createReader(db, { org: reg.deptA, role: 'lis' });
  lis = await mk(l1);
  const l2 = await createReader(db, { org: reg.deptA, role: 'lis' });
  lis2 = await mk(l2);
  outsider = await mk(await createReader(db, { org: reg.deptB, role: 'radiologist' }));
  planId = (
    await api(leader)({ method: 'POST', url: '/api/training/plans/packaged', payload: { organizationId: reg.deptA, template: 'ahus-nuclear-medicine' } })
  ).json().id;
  // Both started 2 years ago: the first period (0–1 year) is over, so its goals are overdue unless moved.
  const start = new Date(Date.now() - 2 * 365.25 * 86_400_000).toISOString().slice(0, 10);
  const mkRec = async (personId: string) =>
    (
      await api(leader)({
        method: 'POST',
        url: '/api/training/records',
        payload: { personId, planId, supervisorPersonId: s.personId, startDate: start },
      })
    ).json().id as string;
  recA = await mkRec(l1.personId);
  recB = await mkRec(l2.personId);
});
afterAll(async () => ctx?.close());

describe('versions of a department plan', () => {
  it('keeps the created plan as version 1 and every edit with who, when, why and what changed', async () => {
    const v1 = await history(leader, `/api/training/plans/${planId}/versions`);
    expect(v1).toHaveLength(1);
    expect(v1[0]).toMatchObject({ version: 1, kind: 'created', changes: [] });
    expect(v1[0]!.changedBy).toBeTruthy();

    const rows = await planRows();
    // Move period 2 by half a year, add goal 89 to it, drop goals 97 and 99 from period 1.
    const edited = [
      { ...rows[0]!, goals: '1-17, 69-75, 77-81' },
      { ...rows[1]!, fromYears: 1.5, toYears: 4, goals: `${rows[1]!.goals}, 89` },
      ...rows.slice(2),
    ];
    const res = await api(leader)({
      method: 'PUT',
      url: `/api/training/plans/${planId}`,
      payload: { name: 'Nukleærmedisin 2027', reason: 'Vedtak i utdanningsutvalget', rotations: edited },
    });
    expect(res.statusCode).toBe(200);
    const v = await history(leader, `/api/training/plans/${planId}/versions`);
    expect(v).toHaveLength(2);
    expect(v[1]).toMatchObject({ version: 2, kind: 'edited', reason: 'Vedtak i utdanningsutvalget' });
    const kinds = v[1]!.changes.map((c) => c.kind);
    expect(kinds).toEqual(['renamed', 'goals-removed', 'rotation-years', 'goals-added']);
    expect(v[1]!.changes).toContainEqual(expect.objectContaining({ kind: 'goals-removed', goals: [97, 99] }));
    expect(v[1]!.changes).toContainEqual(expect.objectContaining({ kind: 'rotation-years', fromYears: [1, 3.5], toYears: [1.5, 4] }));
    expect(v[1]!.changes).toContainEqual(expect.objectContaining({ kind: 'goals-added', goals: [89] }));

    // Compare any two versions (here back again: the reverse changes).
    const cmp = await api(spec)({ url: `/api/training/plans/${planId}/compare?from=2&to=1` });
    expect(cmp.statusCode).toBe(200);
    expect(cmp.json().changes).toContainEqual(expect.objectContaining({ kind: 'goals-added', goals: [97, 99] }));
    expect((await api(leader)({ url: `/api/training/plans/${planId}/compare?from=1&to=9` })).json()).toMatchObject({
      errors: [{ field: 'to', message: 'unknown-version' }],
    });
    expect((await api(leader)({ url: `/api/training/plans/${planId}/compare?from=1&to=9` })).statusCode).toBe(404);
  });

  it('needs a reason; refused edits make no version', async () => {
    const rows = await planRows();
    const noReason = await api(leader)({ method: 'PUT', url: `/api/training/plans/${planId}`, payload: { name: 'X', rotations: rows } });
    expect(noReason.statusCode).toBe(400);
    const blank = await api(leader)({ method: 'PUT', url: `/api/training/plans/${planId}`, payload: { name: 'X', reason: '  ', rotations: rows } });
    expect(blank.statusCode).toBe(400);
    const bad = await api(leader)({
      method: 'PUT',
      url: `/api/training/plans/${planId}`,
      payload: { name: 'X', reason: 'Test', rotations: [{ ...rows[0]!, goals: '1-5, x' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(await history(leader, `/api/training/plans/${planId}/versions`)).toHaveLength(2);
  });

  it('is shown to the department’s people only', async () => {
    expect((await api(lis)({ url: `/api/training/plans/${planId}/versions` })).statusCode).toBe(200);
    expect((await api(outsider)({ url: `/api/training/plans/${planId}/versions` })).statusCode).toBe(403);
    expect((await api(leader)({ url: `/api/training/plans/nope/versions` })).statusCode).toBe(404);
  });
});

describe('moving a rotation in one LIS’s individual plan', () => {
  it('moves the LIS’s dates only, records why, and "behind plan" reads the LIS’s dates', async () => {
    const a0 = await view(supervisor, recA);
    const b0 = await view(supervisor, recB);
    expect(a0.behind).toBe(true); // period 1 ended a year ago; nothing approved
    expect(b0.behind).toBe(true);
    const [r1, r2] = a0.rotations;
    // Parental leave: period 1 ends 14 months later; the later periods move with it.
    const end = new Date(Date.parse(`${r1!.plannedEnd}T00:00:00Z`) + 426 * 86_400_000).toISOString().slice(0, 10);
    const res = await move(supervisor, recA, r1!.id, { plannedStart: r1!.plannedStart, plannedEnd: end, reason: 'Foreldrepermisjon', moveLater: true });
    expect(res.statusCode).toBe(200);
    const a1 = await view(lis, recA);
    expect(a1.rotations[0]).toMatchObject({ plannedEnd: end, planEnd: r1!.planEnd, moved: { reason: 'Foreldrepermisjon' } });
    expect(a1.rotations[1]!.plannedStart).toBe(new Date(Date.parse(`${r2!.plannedStart}T00:00:00Z`) + 426 * 86_400_000).toISOString().slice(0, 10));
    expect(a1.behind).toBe(false);
    // The other LIS and the department plan are untouched.
    const b1 = await view(supervisor, recB);
    expect(b1.rotations.map((r) => [r.plannedStart, r.plannedEnd])).toEqual(b0.rotations.map((r) => [r.plannedStart, r.plannedEnd]));
    expect(b1.behind).toBe(true);
    expect((await api(leader)({ url: '/api/training/report' })).json().records.map((r: { id: string; behind: boolean }) => [r.id, r.behind])).toEqual(
      expect.arrayContaining([
        [recA, false],
        [recB, true],
      ]),
    );
    // The LIS sees the move in their history, with who and why.
    const h = await history(lis, `/api/training/records/${recA}/versions`);
    expect(h.map((v) => v.kind)).toEqual(['created', 'plan_changed', 'moved']);
    const moved = h[2]!;
    expect(moved).toMatchObject({ reason: 'Foreldrepermisjon' });
    expect(moved.changedBy).toBeTruthy();
    expect(moved.changes.filter((c) => c.kind === 'rotation-dates')).toHaveLength(4);
  });

  it('keeps a moved rotation’s dates when the department plan changes; others follow the plan', async () => {
    const a0 = await view(leader, recA);
    const b0 = await view(leader, recB);
    const rows = await planRows();
    rows[0] = { ...rows[0]!, toYears: 1.25 };
    const res = await api(leader)({
      method: 'PUT',
      url: `/api/training/plans/${planId}`,
      payload: { name: 'Nukleærmedisin 2027', reason: 'Lengre første periode', rotations: rows },
    });
    expect(res.statusCode).toBe(200);
    const a1 = await view(leader, recA);
    const b1 = await view(leader, recB);
    expect(a1.rotations[0]!.plannedEnd).toBe(a0.rotations[0]!.plannedEnd);
    expect(a1.rotations[0]!.planEnd).not.toBe(a0.rotations[0]!.planEnd);
    expect(b1.rotations[0]!.plannedEnd).not.toBe(b0.rotations[0]!.plannedEnd);
    expect(b1.rotations[0]!.moved).toBeNull();
    const h = await history(lis2, `/api/training/records/${recB}/versions`);
    expect(h.at(-1)).toMatchObject({ kind: 'plan_changed', reason: 'Lengre første periode', planVersion: 3 });
    expect(h.at(-1)!.changes.map((c: PlanChange) => c.kind)).toEqual(['rotation-years', 'rotation-dates']);
  });

  it('puts the department plan’s dates back', async () => {
    const a0 = await view(leader, recA);
    const r1 = a0.rotations[0]!;
    const res = await move(leader, recA, r1.id, { backToPlan: true, reason: 'Permisjonen ble kortere' });
    expect(res.statusCode).toBe(200);
    const a1 = await view(leader, recA);
    expect(a1.rotations[0]).toMatchObject({ plannedStart: r1.planStart, plannedEnd: r1.planEnd, moved: null });
    expect((await move(leader, recA, r1.id, { backToPlan: true, reason: 'Igjen' })).statusCode).toBe(409);
  });

  it('refuses the LIS, other people and bad dates, and changes nothing', async () => {
    const before = await view(leader, recA);
    const versions = (await history(leader, `/api/training/records/${recA}/versions`)).length;
    const rot = before.rotations[1]!.id;
    const ok = { plannedStart: '2030-01-01', plannedEnd: '2031-01-01', reason: 'Sykemelding' };
    const own = await move(lis, recA, rot, ok);
    expect(own.statusCode).toBe(403);
    expect(own.json().errors).toContainEqual({ field: 'recordId', message: 'own-plan' });
    expect((await move(spec, recA, rot, ok)).statusCode).toBe(403);
    expect((await move(outsider, recA, rot, ok)).statusCode).toBe(403);
    expect((await move(leader, recA, 'no-such-rotation', ok)).statusCode).toBe(404);
    const cases: [unknown, string, string][] = [
      [{ ...ok, plannedEnd: '2029-12-31' }, 'plannedEnd', 'must-be-after-plannedStart'],
      [{ ...ok, plannedStart: '2030-02-30' }, 'plannedStart', 'must match format "date"'],
      [{ reason: 'Sykemelding', plannedEnd: '2031-01-01' }, 'plannedStart', 'required'],
    ];
    for (const [body, field, message] of cases) {
      const r = await move(leader, recA, rot, body);
      expect(r.statusCode).toBe(400);
      expect(r.json().errors).toContainEqual({ field, message });
    }
    expect((await move(leader, recA, rot, { ...ok, reason: '' })).statusCode).toBe(400);
    expect(await view(leader, recA)).toEqual(before);
    expect(await history(leader, `/api/training/records/${recA}/versions`)).toHaveLength(versions);
    expect((await api(outsider)({ url: `/api/training/records/${recA}/versions` })).statusCode).toBe(403);
  });
});

describe('migration 0205 on plans made before it', () => {
  it('gives every plan and individual plan a baseline version 1 as it stands', async () => {
    const file = fs.readFileSync(path.resolve(import.meta.dirname, '../db/migrations/0205_training_plan_versions.sql'), 'utf8');
    const inserts = file.match(/INSERT INTO training_(plan|record)_version[\s\S]*?;\n/g) ?? [];
    expect(inserts).toHaveLength(2);
    const rollback = new Error('rollback');
    const seen = await ctx.db.kysely
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom('training_record_version').execute();
        await trx.deleteFrom('training_plan_version').execute();
        for (const q of inserts) await sql.raw(q).execute(trx);
        const plan = await trx.selectFrom('training_plan_version').selectAll().where('plan_id', '=', planId).execute();
        const rec = await trx.selectFrom('training_record_version').selectAll().where('record_id', '=', recA).execute();
        throw Object.assign(rollback, { plan, rec });
      })
      .catch((e: unknown) => {
        if (e !== rollback) throw e;
        return e as Error & {
          plan: { version: number; kind: string; snapshot: PlanSnapshot }[];
          rec: { version: number; kind: string; snapshot: PlanSnapshot }[];
        };
      });
    const current = await view(leader, recA);
    expect(seen.plan).toHaveLength(1);
    expect(seen.plan[0]).toMatchObject({ version: 1, kind: 'baseline' });
    expect(seen.plan[0]!.snapshot.rotations.map((r) => [r.id, r.fromYears, r.toYears, r.goalNumbers.length])).toEqual(
      current.rotations.map((r) => [r.id, r.fromYears, r.toYears, r.goalNumbers.length]),
    );
    expect(seen.rec[0]).toMatchObject({ version: 1, kind: 'baseline' });
    expect(seen.rec[0]!.snapshot.startDate).toBe(current.startDate);
    expect(seen.rec[0]!.snapshot.rotations.map((r) => [r.plannedStart, r.plannedEnd])).toEqual(current.rotations.map((r) => [r.plannedStart, r.plannedEnd]));
    // Nothing of it stayed (rolled back): the history is as before.
    expect((await history(leader, `/api/training/plans/${planId}/versions`)).length).toBeGreaterThan(1);
  });
});
