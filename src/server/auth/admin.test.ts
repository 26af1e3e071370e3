import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createUser } from '../testing/factories.ts';

let t: TestContext;
let admin: Session;
let vest: string;
let bergen: string;
let nord: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  vest = await createOrganization(db, { kind: 'rhf', name: 'Helse Vest RHF' });
  bergen = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen', parentId: vest });
  nord = await createOrganization(db, { kind: 'rhf', name: 'Helse Nord RHF' });
  const a = await createUser(db, { username: 'admin.vest', grants: [{ role: 'admin', organizationId: vest }] });
  await createUser(db, { username: 'rad.nord', grants: [{ role: 'radiologist', organizationId: nord }] });
  admin = await login(t.app, a.username, a.password);
});
afterAll(() => t.close());

describe('user administration', () => {
  it('creates a user with roles in the admin’s own organizations, who can then log in', async () => {
    const res = await as(
      t.app,
      admin,
    )({
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        username: 'ny.radiolog',
        password: 'et-langt-passord',
        givenName: 'Nina',
        familyName: 'Nyansatt',
        hprNumber: '9876543',
        profession: 'physician',
        grants: [{ role: 'radiologist', organizationId: bergen }],
      },
    });
    expect(res.statusCode).toBe(201);
    const s = await login(t.app, 'ny.radiolog', 'et-langt-passord');
    expect(s.me.roles).toEqual(['radiologist']);
  });

  it('refuses grants outside the admin’s organizations, and stores nothing', async () => {
    const res = await as(
      t.app,
      admin,
    )({
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        username: 'feil.sted',
        password: 'et-langt-passord',
        givenName: 'A',
        familyName: 'B',
        profession: 'physician',
        grants: [{ role: 'radiologist', organizationId: nord }],
      },
    });
    expect(res.statusCode).toBe(403);
    expect(await t.db.kysely.selectFrom('user_account').select('id').where('username', '=', 'feil.sted').executeTakeFirst()).toBeUndefined();
  });

  it('rejects an invalid HPR number, a short password and a taken username with field errors', async () => {
    const base = { givenName: 'A', familyName: 'B', profession: 'physician', grants: [{ role: 'radiologist', organizationId: bergen }] };
    const hpr = await as(
      t.app,
      admin,
    )({ method: 'POST', url: '/api/admin/users', payload: { ...base, username: 'hpr.feil', password: 'et-langt-passord', hprNumber: '12' } });
    expect(hpr.statusCode).toBe(400);
    expect(hpr.json().errors[0].field).toBe('hprNumber');
    const pw = await as(t.app, admin)({ method: 'POST', url: '/api/admin/users', payload: { ...base, username: 'kort.pw', password: 'kort' } });
    expect(pw.json().errors[0].field).toBe('password');
    const taken = await as(
      t.app,
      admin,
    )({ method: 'POST', url: '/api/admin/users', payload: { ...base, username: 'ny.radiolog', password: 'et-langt-passord' } });
    expect(taken.statusCode).toBe(409);
  });

  it('lists only users of the admin’s organizations', async () => {
    const res = await as(t.app, admin)({ url: '/api/admin/users' });
    const names = res.json().map((u: { username: string }) => u.username);
    expect(names).toContain('ny.radiolog');
    expect(names).not.toContain('rad.nord');
  });

  it('changes grants (ending the user’s sessions), deactivates and unlocks', async () => {
    const users = (await as(t.app, admin)({ url: '/api/admin/users?q=ny.radiolog' })).json();
    const id = users[0].id;
    const s = await login(t.app, 'ny.radiolog', 'et-langt-passord');
    const put = await as(t.app, admin)({ method: 'PUT', url: `/api/admin/users/${id}/grants`, payload: { grants: [{ role: 'lis', organizationId: bergen }] } });
    expect(put.statusCode).toBe(204);
    expect((await as(t.app, s)({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await login(t.app, 'ny.radiolog', 'et-langt-passord')).me.roles).toEqual(['lis']);
    expect((await as(t.app, admin)({ method: 'PATCH', url: `/api/admin/users/${id}`, payload: { active: false } })).statusCode).toBe(204);
    const denied = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ny.radiolog', password: 'et-langt-passord' } });
    expect(denied.statusCode).toBe(401);
  });

  it('refuses to change an account that also holds a role outside the admin’s area, and changes nothing', async () => {
    const db = t.db.kysely;
    const both = await createUser(db, {
      username: 'to.steder',
      grants: [
        { role: 'radiologist', organizationId: bergen },
        { role: 'department_leader', organizationId: nord },
      ],
    });
    const before = await db.selectFrom('user_account').select(['password_hash', 'active']).where('id', '=', both.userId).executeTakeFirstOrThrow();
    const pw = await as(t.app, admin)({ method: 'PATCH', url: `/api/admin/users/${both.userId}`, payload: { password: 'et-nytt-langt-passord' } });
    expect(pw.statusCode).toBe(403);
    expect(pw.json().errors[0].message).toContain(nord);
    expect((await as(t.app, admin)({ method: 'PATCH', url: `/api/admin/users/${both.userId}`, payload: { active: false } })).statusCode).toBe(403);
    expect(
      (await as(t.app, admin)({ method: 'PUT', url: `/api/admin/users/${both.userId}/grants`, payload: { grants: [{ role: 'lis', organizationId: bergen }] } }))
        .statusCode,
    ).toBe(403);
    expect(await db.selectFrom('user_account').select(['password_hash', 'active']).where('id', '=', both.userId).executeTakeFirstOrThrow()).toEqual(before);
    expect(
      (await db.selectFrom('role_assignment').select('organization_id').where('user_id', '=', both.userId).execute()).map((g) => g.organization_id).sort(),
    ).toEqual([bergen, nord].sort());
    // The same account with every grant inside the area can be changed.
    const inside = await createUser(db, { username: 'ett.sted', grants: [{ role: 'radiologist', organizationId: bergen }] });
    expect(
      (await as(t.app, admin)({ method: 'PATCH', url: `/api/admin/users/${inside.userId}`, payload: { password: 'et-nytt-langt-passord' } })).statusCode,
    ).toBe(204);
  });
});
