// The referrer's own list (GET /api/referrals/mine) over HTTP on a real database (PGlite, or
// PostgreSQL with TEST_DATABASE_URL): newest first, paging with a total and its boundaries, search
// by name / fødselsnummer / referral number, the status filter, bad input → 400, another GP's
// referrals never shown, and one access-log row per list view.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';

let t: TestContext;
let gp: Session;
let gp2: Session;
let colleagueRef: string;
const patients: { id: string; fnr: string; given: string }[] = [];
/** The GP's own referral ids, newest first. */
const own: string[] = [];
const TOTAL = 7;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Fjord' });
  const site = await createOrganization(db, { kind: 'site', name: 'Fjord sykehus', parentId: hf });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Fjord', parentId: site });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legesenteret' });
  const a = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }], name: ['Gunn', 'Lege'] });
  // A colleague in the same practice: their referrals are not in Gunn's list.
  const b = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: practice }], name: ['Olav', 'Annenlege'] });
  gp = await login(t.app, a.username, a.password);
  gp2 = await login(t.app, b.username, b.password);
  const given = ['Anne', 'Berit', 'Carl', 'Dina', 'Erik', 'Frida', 'Geir'];
  const base = Date.parse('2024-03-01T10:00:00Z');
  for (let i = 0; i < TOTAL; i++) {
    const p = await createPatient(db, { name: [given[i]!, 'Testesen'] });
    patients.push({ ...p, given: given[i]! });
    const id = await createReferral(db, { patientId: p.id, referrerPersonId: a.personId, referrerOrgId: practice, departmentOrgId: dept });
    // One a day, oldest first; the fourth is accepted.
    await db
      .updateTable('referral')
      .set({ submitted_at: new Date(base + i * 86_400_000), status: i === 3 ? 'accepted' : 'submitted' })
      .where('id', '=', id)
      .execute();
    own.unshift(id);
  }
  colleagueRef = await createReferral(db, { patientId: patients[0]!.id, referrerPersonId: b.personId, referrerOrgId: practice, departmentOrgId: dept });
});
afterAll(() => t.close());

const mine = (s: Session, query = '') => as(t.app, s)({ url: `/api/referrals/mine${query}` });
const idsOf = (body: { rows: { id: string }[] }) => body.rows.map((r) => r.id);

describe('GET /api/referrals/mine', () => {
  it('lists only my referrals, newest first, with a total and a referral number', async () => {
    const res = await mine(gp);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: TOTAL, limit: 25, offset: 0 });
    expect(idsOf(body)).toEqual(own);
    expect(idsOf(body)).not.toContain(colleagueRef);
    expect(typeof body.rows[0].referral_number).toBe('number');
    // The colleague sees only theirs (same patient, same practice).
    const theirs = (await mine(gp2)).json();
    expect(theirs).toMatchObject({ total: 1 });
    expect(idsOf(theirs)).toEqual([colleagueRef]);
  });

  it('pages without gaps or repeats, up to and past the last page', async () => {
    const pages = [];
    for (let offset = 0; offset < TOTAL; offset += 3) pages.push((await mine(gp, `?limit=3&offset=${offset}`)).json());
    expect(pages.map((p) => p.rows.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap(idsOf)).toEqual(own);
    for (const p of pages) expect(p.total).toBe(TOTAL);
    const past = (await mine(gp, `?limit=3&offset=${TOTAL}`)).json();
    expect(past).toMatchObject({ total: TOTAL, rows: [] });
    const exact = (await mine(gp, `?limit=${TOTAL}`)).json();
    expect(idsOf(exact)).toEqual(own);
  });

  it('searches by name, fødselsnummer and referral number, and filters by status', async () => {
    const carl = patients[2]!;
    expect(idsOf((await mine(gp, `?q=${encodeURIComponent('testesen carl')}`)).json())).toEqual([own[TOTAL - 1 - 2]]);
    expect(idsOf((await mine(gp, `?q=${carl.fnr}`)).json())).toEqual([own[TOTAL - 1 - 2]]);
    const number = (await mine(gp)).json().rows[1].referral_number;
    expect(idsOf((await mine(gp, `?q=${number}`)).json())).toEqual([own[1]]);
    // Every patient matches 'testesen': the search keeps paging and the total.
    expect((await mine(gp, '?q=testesen&limit=2')).json()).toMatchObject({ total: TOTAL, limit: 2 });
    const accepted = (await mine(gp, '?status=accepted')).json();
    expect(accepted.total).toBe(1);
    expect(idsOf(accepted)).toEqual([own[TOTAL - 1 - 3]]);
    // Open referrals offer "Trekk tilbake" (no exam begun; the booked-and-begun case: withdraw-booked.findscu.test).
    expect(accepted.rows[0].may_withdraw).toBe(true);
    expect((await mine(gp, '?status=submitted')).json().total).toBe(TOTAL - 1);
    // The colleague's patient Anne: my search for her fnr finds my referral only, and theirs finds theirs only.
    expect(idsOf((await mine(gp, `?q=${patients[0]!.fnr}`)).json())).toEqual([own[TOTAL - 1]]);
    expect(idsOf((await mine(gp2, `?q=${patients[1]!.fnr}`)).json())).toEqual([]);
    const mineNumber = (await mine(gp)).json().rows[0].referral_number;
    expect((await mine(gp2, `?q=${mineNumber}`)).json()).toMatchObject({ total: 0, rows: [] });
  });

  it('answers bad paging, search or status with 400 problem+json', async () => {
    for (const q of [
      '?limit=0',
      '?limit=101',
      '?limit=x',
      '?offset=-1',
      '?offset=100001',
      '?status=lost',
      '?foo=1',
      `?q=${encodeURIComponent('abc 12')}`,
      `?q=${'a'.repeat(101)}`,
    ]) {
      const res = await mine(gp, q);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type'], q).toContain('application/problem+json');
      expect(res.json().type, q).toMatch(/\/invalid$/);
    }
  });

  it('writes one access-log row per list view, naming the patients shown (none for an empty page)', async () => {
    const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log`.execute(t.db.kysely)).rows[0]!.n;
    const before = await count();
    await mine(gp, '?limit=2&q=testesen');
    expect(await count()).toBe(before + 1);
    const row = await t.db.kysely.selectFrom('access_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ context: 'my-referrals', action: 'search', patient_id: null, resource_id: 'filter:q' });
    expect([...(row.patient_ids ?? [])].sort()).toEqual([patients[6]!.id, patients[5]!.id].sort());
    await mine(gp, `?offset=${TOTAL}`);
    expect(await count()).toBe(before + 1);
  });
});
