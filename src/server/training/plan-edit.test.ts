// Editing a department's training plan over HTTP on a real database (migration 0191): the leader
// changes, adds and removes rotations (years × trust × hospital × section × goal numbers); each
// LIS's individual plan follows at once (dates from the start date, removed rotations gone, their
// goals' state kept); bad input names the rotation and field and changes nothing; only leaders of
// the plan's department may edit.
import type { RotationRow } from './store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReader, createReadingRegion, type ReadingRegion } from '../testing/reading.ts';

let ctx: TestContext;
let reg: ReadingRegion;
let leader: Session;
let otherLeader: Session;
let spec: Session;
let lis: Session;
let planId = '';
let recordId = '';

type Rot = RotationRow;
const api = (s: Session) => as(ctx.app, s);
const plan = async (s: Session = leader) =>
  ((await api(s)({ url: '/api/training/plans' })).json().plans as { id: string; name: string; rotations: Rot[]; mayEdit: boolean }[]).find(
    (p) => p.id === planId,
  )!;
const asInput = (r: Rot) => ({
  id: r.id,
  fromYears: r.fromYears,
  toYears: r.toYears,
  trust: r.trust,
  hospital: r.hospital,
  section: r.section,
  external: r.external,
  goals: r.goalNumbers.join(', '),
});
const put = (s: Session, body: unknown) => api(s)({ method: 'PUT', url: `/api/training/plans/${planId}`, payload: body });

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  reg = await createReadingRegion(db);
  const mk = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  leader = await mk(await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] }));
  otherLeader = await mk(await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptB }] }));
  const s = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  spec = await mk(s);
  const l = await createReader(db, { org: reg.deptA, role: 'lis' });
  lis = await mk(l);
  const p = await api(leader)({
    method: 'POST',
    url: '/api/training/plans/packaged',
    payload: { organizationId: reg.deptA, template: 'ahus-nuclear-medicine' },
  });
  planId = p.json().id;
  const rec = await api(leader)({
    method: 'POST',
    url: '/api/training/records',
    payload: { personId: l.personId, planId, supervisorPersonId: s.personId, startDate: '2025-01-06' },
  });
  recordId = rec.json().id;
  // The LIS has worked on goal 1 (first rotation) and goal 18 (third rotation).
  for (const n of [1, 18])
    expect(
      (
        await api(lis)({
          method: 'POST',
          url: `/api/training/records/${recordId}/activities`,
          payload: { specialty: 'nuclear_medicine', goalNumber: n, kind: 'procedure', count: 3, description: 'Under veiledning', doneOn: '2025-03-01' },
        })
      ).statusCode,
    ).toBe(201);
});
afterAll(async () => ctx?.close());

describe('editing a department plan', () => {
  it('changes, adds and removes rotations; the individual plan follows and keeps the goals worked on', async () => {
    const before = await plan();
    expect(before.mayEdit).toBe(true);
    expect(before.rotations).toHaveLength(4);
    const [r1, r2, r3, r4] = before.rotations;
    // Change the first (years and section), drop the third (LM 18–67), add a new one, reorder.
    const body = {
      name: 'Nukleærmedisin, revidert',
      reason: 'Utdanningsutvalget 2026-11',
      rotations: [
        { ...asInput(r1!), toYears: 1.5, section: 'Nukleærmedisin og PET' },
        asInput(r2!),
        { fromYears: 3.5, toYears: 4.5, trust: 'Ahus', hospital: 'Nordbyhagen', section: 'Radiologi', goals: '18–40' },
        asInput(r4!),
      ],
    };
    const res = await put(leader, body);
    expect(res.statusCode).toBe(200);
    const after = await plan();
    expect(after.name).toBe('Nukleærmedisin, revidert');
    expect(after.rotations.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(after.rotations[0]).toMatchObject({ id: r1!.id, toYears: 1.5, section: 'Nukleærmedisin og PET' });
    expect(after.rotations.map((r) => r.id)).not.toContain(r3!.id);
    expect(after.rotations[2]).toMatchObject({ section: 'Radiologi', goalNumbers: Array.from({ length: 23 }, (_, i) => 18 + i) });

    const rec = (await api(lis)({ url: `/api/training/records/${recordId}` })).json();
    expect(rec.rotations.map((r: { id: string }) => r.id)).toEqual(after.rotations.map((r) => r.id));
    expect(rec.rotations[0]).toMatchObject({ plannedStart: '2025-01-06', plannedEnd: '2026-07-06' });
    expect(rec.rotations[2]).toMatchObject({ plannedStart: '2028-07-06', plannedEnd: '2029-07-06' });
    // Goals of the removed rotation that are not planned elsewhere leave the plan; worked-on goal 18 stays (new rotation).
    const goals = rec.goals as { number: number; state: string; rotationId: string | null }[];
    expect(goals.find((g) => g.number === 18)).toMatchObject({ state: 'in_progress', rotationId: after.rotations[2]!.id });
    expect(goals.find((g) => g.number === 1)).toMatchObject({ state: 'in_progress' });
    expect(goals.some((g) => g.number === 60)).toBe(false);
    // The removed rotation is kept in the database for what names it.
    const kept = await ctx.db.kysely.selectFrom('training_rotation').select(['removed_at']).where('id', '=', r3!.id).executeTakeFirstOrThrow();
    expect(kept.removed_at).not.toBeNull();
  });

  it('refuses bad rotations with the rotation and field named, and changes nothing', async () => {
    const before = await plan();
    const rows = before.rotations.map(asInput);
    const cases: [unknown, string, string][] = [
      [[{ ...rows[0], goals: '1-5, x' }, ...rows.slice(1)], 'rotations.0.goals', 'bad-token-at-column-6:x'],
      [[rows[0], { ...rows[1], toYears: rows[1]!.fromYears }], 'rotations.1.toYears', 'must-be-after-fromYears'],
      [[rows[0], { ...rows[1], goals: '500' }], 'rotations.1.goals', 'unknown-goal-numbers:500'],
      [[rows[0], { ...rows[1], id: 'no-such-rotation' }], 'rotations.1.id', 'unknown-rotation'],
      [[rows[0], rows[0]], 'rotations.1.id', 'duplicate-rotation'],
    ];
    for (const [rotations, field, message] of cases) {
      const res = await put(leader, { name: 'X', reason: 'Test', rotations });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toContainEqual({ field, message });
    }
    expect((await put(leader, { name: 'X', reason: 'Test', rotations: [] })).statusCode).toBe(400);
    expect(await plan()).toEqual(before);
  });

  it('only a leader of the plan’s department edits it', async () => {
    const before = await plan();
    const body = { name: 'Annen', reason: 'Test', rotations: before.rotations.map(asInput) };
    expect((await put(otherLeader, body)).statusCode).toBe(403);
    expect((await put(spec, body)).statusCode).toBe(403);
    expect((await put(lis, body)).statusCode).toBe(403);
    expect((await plan(spec)).mayEdit).toBe(false);
    expect((await api(leader)({ method: 'PUT', url: '/api/training/plans/unknown-plan', payload: body })).statusCode).toBe(404);
    expect(await plan()).toEqual(before);
  });
});
