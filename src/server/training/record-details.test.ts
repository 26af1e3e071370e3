// A LIS's supervisor and start date change over the training (issue 13: a new supervisor, leave,
// part-time), over HTTP on a real database (migration 0242): a department leader changes them with a
// reason; the history keeps both before and after; rotations that follow the department plan move
// with the start date while one moved for this LIS keeps its dates; the new supervisor sees the
// suitability notes at once and the former one no longer does; nobody else may change them, and bad
// input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { createReader, createReadingRegion } from '../testing/reading.ts';
import type { PlanHistory, RecordView } from '../../shared/api/training.ts';
import { addYears } from './progress.ts';

let ctx: TestContext;
let leader: Session;
let sup1: Session;
let sup2: Session;
let lis: Session;
let outsider: Session;
let sup2Id = '';
let lisId = '';
let recId = '';
const START = '2025-09-01';

const api = (s: Session) => as(ctx.app, s);
const view = async (s: Session) => (await api(s)({ url: `/api/training/records/${recId}` })).json() as RecordView;
const change = (s: Session, body: unknown) => api(s)({ method: 'PATCH', url: `/api/training/records/${recId}`, payload: body });

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  const reg = await createReadingRegion(db);
  const mk = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  leader = await mk(await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] }));
  const s1 = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  sup1 = await mk(s1);
  const s2 = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  sup2Id = s2.personId;
  sup2 = await mk(s2);
  const l = await createReader(db, { org: reg.deptA, role: 'lis' });
  lisId = l.personId;
  lis = await mk(l);
  outsider = await mk(await createReader(db, { org: reg.deptB, role: 'radiologist' }));
  const planId = (
    await api(leader)({ method: 'POST', url: '/api/training/plans/packaged', payload: { organizationId: reg.deptA, template: 'ahus-nuclear-medicine' } })
  ).json().id as string;
  const created = await api(leader)({
    method: 'POST',
    url: '/api/training/records',
    payload: { personId: l.personId, planId, supervisorPersonId: s1.personId, startDate: START },
  });
  expect(created.statusCode, created.body).toBe(201);
  recId = created.json().id;
  // The first supervisor writes a suitability note; the second rotation is moved for this LIS.
  expect(
    (await api(sup1)({ method: 'POST', url: `/api/training/records/${recId}/suitability-notes`, payload: { text: 'Trenger mer tid i vakt.' } })).statusCode,
  ).toBe(201);
  const r = (await view(leader)).rotations[1]!;
  const moved = await api(leader)({
    method: 'POST',
    url: `/api/training/records/${recId}/rotations/${r.id}/move`,
    payload: { plannedStart: '2027-03-01', plannedEnd: '2028-03-01', reason: 'Rotasjon utsatt ved Ahus' },
  });
  expect(moved.statusCode, moved.body).toBe(200);
});
afterAll(async () => ctx?.close());

describe('changing a LIS’s supervisor and start date', () => {
  it('the record view offers the change to leaders only, with the department’s specialists to choose from', async () => {
    const mine = await view(leader);
    expect(mine.may.changeDetails).toBe(true);
    const names = mine.supervisorOptions!.map((o) => o.id);
    expect(names).toContain(sup2Id);
    expect(names).toContain(mine.supervisor.id);
    expect(names).not.toContain(lisId);
    expect(names).toHaveLength(2);
    for (const s of [lis, sup1]) {
      const v = await view(s);
      expect(v.may.changeDetails).toBe(false);
      expect(v.supervisorOptions).toBeNull();
    }
  });

  it('is refused to the LIS, the supervisor, and outsiders; bad input changes nothing', async () => {
    const before = await view(leader);
    expect((await change(lis, { supervisorPersonId: sup2Id, reason: 'Ønsker ny veileder' })).statusCode).toBe(403);
    expect((await change(sup1, { supervisorPersonId: sup2Id, reason: 'Bytter' })).statusCode).toBe(403);
    expect((await change(outsider, { supervisorPersonId: sup2Id, reason: 'Bytter' })).statusCode).toBe(403);
    const self = await change(leader, { supervisorPersonId: lisId, reason: 'Feil' });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0]).toMatchObject({ field: 'supervisorPersonId', message: 'same-as-lis' });
    const notHere = await change(leader, { supervisorPersonId: 'person-unknown', reason: 'Feil' });
    expect(notHere.statusCode).toBe(400);
    expect(notHere.json().errors[0]).toMatchObject({ field: 'supervisorPersonId', message: 'not-specialist-here' });
    expect((await change(leader, { reason: 'Ingenting' })).statusCode).toBe(400);
    expect((await change(leader, { startDate: '2025-02-30', reason: 'Feil dato' })).statusCode).toBe(400);
    expect((await change(leader, { startDate: START, reason: 'Samme' })).statusCode).toBe(409);
    expect((await change(leader, { supervisorPersonId: sup2Id })).statusCode).toBe(400);
    const after = await view(leader);
    expect(after.supervisor).toEqual(before.supervisor);
    expect(after.startDate).toBe(START);
    expect(after.rotations.map((r) => [r.plannedStart, r.plannedEnd])).toEqual(before.rotations.map((r) => [r.plannedStart, r.plannedEnd]));
    const h = (await api(leader)({ url: `/api/training/records/${recId}/versions` })).json() as PlanHistory;
    expect(h.versions.map((v) => v.kind)).toEqual(['created', 'moved']);
  });

  it('a leader sets a new supervisor and a later start (leave): history kept, dates follow, access follows the supervisor', async () => {
    const before = await view(leader);
    const newStart = '2026-03-01';
    const res = await change(leader, { supervisorPersonId: sup2Id, startDate: newStart, reason: 'Foreldrepermisjon; ny veileder etter permisjonen' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await view(leader);
    expect(after.supervisor.id).toBe(sup2Id);
    expect(after.startDate).toBe(newStart);
    // Rotations that follow the department plan start from the new date; the moved one keeps its dates and reason.
    for (const [i, r] of after.rotations.entries()) {
      const was = before.rotations[i]!;
      expect(r.planStart).toBe(addYears(newStart, r.fromYears));
      if (was.moved) expect([r.plannedStart, r.plannedEnd, r.moved?.reason]).toEqual([was.plannedStart, was.plannedEnd, 'Rotasjon utsatt ved Ahus']);
      else expect([r.plannedStart, r.plannedEnd]).toEqual([r.planStart, r.planEnd]);
    }
    expect(after.rotations.some((r) => r.moved)).toBe(true);
    // The history: who, when, why, and both the old and the new supervisor and start date.
    const h = (await api(lis)({ url: `/api/training/records/${recId}/versions` })).json() as PlanHistory;
    expect(h.versions.map((v) => v.kind)).toEqual(['created', 'moved', 'details_changed']);
    const last = h.versions.at(-1)!;
    expect(last.reason).toBe('Foreldrepermisjon; ny veileder etter permisjonen');
    expect(last.changedBy).toBeTruthy();
    expect(last.changes).toEqual(
      expect.arrayContaining([
        { kind: 'supervisor-changed', from: before.supervisor.name, to: after.supervisor.name },
        { kind: 'start-moved', from: START, to: newStart },
      ]),
    );
    // Who sees what: the new supervisor sees the suitability notes and may plan meetings; the former
    // one (still a specialist of the department) sees the record as the collegium, without the notes.
    const byNew = await view(sup2);
    expect(byNew.suitabilityNotes?.map((n) => n.text)).toEqual(['Trenger mer tid i vakt.']);
    expect(byNew.may.planMeeting).toBe(true);
    const byOld = await view(sup1);
    expect(byOld.suitabilityNotes).toBeNull();
    expect(byOld.may.planMeeting).toBe(false);
    expect((await api(sup1)({ method: 'POST', url: `/api/training/records/${recId}/suitability-notes`, payload: { text: 'x' } })).statusCode).toBe(403);
    // The LIS sees the change but never the notes.
    expect((await view(lis)).suitabilityNotes).toBeNull();
  });
});
