// plat26 (issue 8, assessment): accepting with a short-deadline priority ("Øyeblikkelig hjelp") and
// a due date far outside that priority's window is a warning the assessor must acknowledge: 422
// problem+json naming examDueDate (Norwegian and English) until the request says
// confirmUnusualDueDate; nothing changes before that; the acknowledgement is kept in the history.
// The windows are the priority categories' days (priorities.ts defaults, or the department's own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { osloDate } from '../calendar/norwegian-calendar.ts';

let t: TestContext;
let rad: Session;
let dept: string;
let make: () => Promise<string>;
const today = osloDate(new Date()).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: hf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const gp = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }] });
  const r = await createUser(db, { grants: [{ role: 'radiologist', organizationId: dept }] });
  rad = await login(t.app, r.username, r.password);
  make = async () => {
    const patient = await createPatient(db);
    return createReferral(db, { patientId: patient.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept });
  };
});
afterAll(() => t?.close());

const view = async (id: string) => {
  const res = await as(t.app, rad)({ url: `/api/assessment/referrals/${id}` });
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  return res.json<{ version: number; status: string; events: { kind: string; unusualDueDate?: { windowDays: number; daysBeyond: number } }[] }>();
};
const accept = async (id: string, body: Record<string, unknown>, language = 'nb') =>
  t.app.inject({
    method: 'POST',
    url: `/api/assessment/referrals/${id}/accept`,
    headers: { cookie: rad.cookie, 'x-csrf-token': rad.csrf, 'accept-language': language },
    payload: { version: (await view(id)).version, ...body },
  });

describe('a due date outside the priority’s window', () => {
  it('emergency due in about two years → 422 naming examDueDate in Norwegian and English; nothing changes', async () => {
    const id = await make();
    const before = await view(id);
    const res = await accept(id, { priorityCategory: 'emergency', examDueDate: inDays(700) }, 'en');
    expect(res.statusCode, res.body.slice(0, 400)).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const p = res.json<{ detail: string; errors: { field: string; message: string }[] }>();
    expect(p.errors.map((e) => e.field)).toEqual(['examDueDate']);
    expect(p.detail).toContain('700 days later than the priority “Emergency”');
    expect(p.detail).toContain('700 dager etter det prioriteten «Øyeblikkelig hjelp»');
    const after = await view(id);
    expect(after.status).toBe('submitted');
    expect(after.version).toBe(before.version);
  });

  it('with confirmUnusualDueDate it is accepted, and the acknowledgement is in the history', async () => {
    const id = await make();
    const res = await accept(id, { priorityCategory: 'emergency', examDueDate: inDays(700), confirmUnusualDueDate: true });
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    const v = await view(id);
    expect(v.status).toBe('accepted');
    expect(v.events.find((e) => e.kind === 'accepted')?.unusualDueDate).toEqual({ windowDays: 0, daysBeyond: 700 });
    const row = await t.db.kysely
      .selectFrom('referral_event')
      .select('data')
      .where('referral_id', '=', id)
      .where('kind', '=', 'accepted')
      .executeTakeFirstOrThrow();
    expect((row.data as { unusualDueDate: unknown }).unusualDueDate).toEqual({ confirmed: true, windowDays: 0, daysBeyond: 700 });
  });

  it('inside the window, or a priority without one, needs no acknowledgement and records none', async () => {
    const a = await make();
    expect((await accept(a, { priorityCategory: 'within_days', examDueDate: inDays(14) })).statusCode).toBe(200);
    expect((await view(a)).events.find((e) => e.kind === 'accepted')?.unusualDueDate).toBeUndefined();
    const b = await make();
    expect((await accept(b, { priorityCategory: 'control_on_date', examDueDate: inDays(700) })).statusCode).toBe(200);
    // One day past "within 14 days" is already outside it.
    const c = await make();
    expect((await accept(c, { priorityCategory: 'within_days', examDueDate: inDays(15) })).statusCode).toBe(422);
  });

  it('the department’s own categories give the window', async () => {
    await t.db.kysely
      .insertInto('priority_category')
      .values([
        { department_org_id: dept, code: 'within_3_days', label_nb: 'Innen 3 dager', label_en: 'Within 3 days', days: 3, sort: 1 },
        { department_org_id: dept, code: 'emergency', label_nb: 'Øyeblikkelig hjelp', label_en: 'Emergency', days: 0, sort: 0 },
      ])
      .execute();
    const id = await make();
    expect((await accept(id, { priorityCategory: 'within_3_days', examDueDate: inDays(3) })).statusCode).toBe(200);
    const other = await make();
    const res = await accept(other, { priorityCategory: 'within_3_days', examDueDate: inDays(30) });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: string }>().detail).toContain('«Innen 3 dager» tilsier (innen 3 dager)');
    await t.db.kysely.deleteFrom('priority_category').where('department_org_id', '=', dept).execute();
  });
});
