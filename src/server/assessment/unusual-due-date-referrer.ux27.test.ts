// ux27 (issue 8, the referrer's side): when the assessor confirmed a due date later than the
// priority's window (confirmUnusualDueDate, kept in the accepted event), the referrer's own page of
// the referral (GET /api/referrals/{id}/status) says so — the window and the days past it — next to
// the due date; a date inside the window carries no such note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { osloDate } from '../calendar/norwegian-calendar.ts';

let t: TestContext;
let rad: Session;
let gp: Session;
let make: () => Promise<string>;
const today = osloDate(new Date()).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: hf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const g = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  const r = await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] });
  rad = await login(t.app, r.username, r.password);
  gp = await login(t.app, g.username, g.password);
  make = async () => {
    const patient = await createPatient(db);
    return createReferral(db, { patientId: patient.id, referrerPersonId: g.personId, referrerOrgId: practice, departmentOrgId: dept });
  };
});
afterAll(() => t?.close());

const accept = async (id: string, body: Record<string, unknown>) => {
  const v = await as(t.app, rad)({ url: `/api/assessment/referrals/${id}` });
  const res = await as(
    t.app,
    rad,
  )({ method: 'POST', url: `/api/assessment/referrals/${id}/accept`, payload: { version: v.json<{ version: number }>().version, ...body } });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
};
const status = async (id: string) => {
  const res = await as(t.app, gp)({ url: `/api/referrals/${id}/status` });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.json<{ examDueDate: string | null; priority: { nb: string } | null; unusualDueDate?: { windowDays: number; daysBeyond: number } }>();
};

describe("the referrer's page of a referral with a confirmed unusual due date", () => {
  it('gives the due date and the confirmed window, so the page can say it was deliberate', async () => {
    const id = await make();
    await accept(id, { priorityCategory: 'emergency', examDueDate: inDays(700), confirmUnusualDueDate: true });
    const s = await status(id);
    expect(s.examDueDate).toBe(inDays(700));
    expect(s.priority?.nb).toBe('Øyeblikkelig hjelp');
    expect(s.unusualDueDate).toEqual({ windowDays: 0, daysBeyond: 700 });
  });

  it('has no note for a due date inside the window, nor before the referral is assessed', async () => {
    const id = await make();
    expect((await status(id)).unusualDueDate).toBeUndefined();
    await accept(id, { priorityCategory: 'within_days', examDueDate: inDays(14) });
    const s = await status(id);
    expect(s.examDueDate).toBe(inDays(14));
    expect(s.unusualDueDate).toBeUndefined();
  });
});
