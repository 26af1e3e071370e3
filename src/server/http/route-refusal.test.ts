// A request refused by a route's role rule (before any handler, so before the gate) leaves an
// access-log row too — who tried which route, refused — as the gate's own refusals do (Normen:
// refused attempts are logged). An allowed call through the same rule writes no such row.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { hashToken } from '../auth/sessions.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createUser, TEST_PASSWORD } from '../testing/factories.ts';
import { createReadingRegion } from '../testing/reading.ts';

describe('refusals by a route role rule', () => {
  let t: TestContext;
  let referrer: string;
  let userId: string;
  let practice: string;

  beforeAll(async () => {
    t = await createTestContext();
    const reg = await createReadingRegion(t.db.kysely);
    practice = reg.practice;
    const u = await createUser(t.db.kysely, { grants: [{ role: 'referrer', organizationId: reg.practice }] });
    referrer = u.username;
    userId = u.userId;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are logged with the route, refused, and the answer is 403', async () => {
    const s = await login(t.app, referrer, TEST_PASSWORD);
    const res = await as(t.app, s)({ url: '/api/reading/cases/exam-123?x=1' });
    expect(res.statusCode).toBe(403);
    const rows = await t.db.kysely.selectFrom('access_log').selectAll().where('user_id', '=', userId).where('outcome', '=', 'refused').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      resource_type: 'Route',
      resource_id: 'GET /api/reading/cases/exam-123',
      action: 'read',
      context: 'route-role-rule',
      reason: 'role-not-allowed',
      patient_id: null,
    });
    // A route the role may use writes no refusal.
    expect((await as(t.app, s)({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect(await t.db.kysely.selectFrom('access_log').select('id').where('user_id', '=', userId).where('outcome', '=', 'refused').execute()).toHaveLength(1);
  });

  it('still answer 403 (problem+json, no stack) when the refusal row cannot be written, and the next refusal is logged again', async () => {
    const db = t.db.kysely;
    // A row the database refuses: a trigger stands in for an unavailable or full access log.
    await sql`CREATE FUNCTION interop15_refuse_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.resource_id LIKE '%log-write-fails%' THEN RAISE EXCEPTION 'access log unavailable'; END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER interop15_refuse_log BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION interop15_refuse_log()`.execute(db);
    try {
      const s = await login(t.app, referrer, TEST_PASSWORD);
      const res = await as(t.app, s)({ url: '/api/reading/cases/log-write-fails' });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(res.body).not.toContain('access log unavailable');
      const before = await db.selectFrom('access_log').select('id').where('user_id', '=', userId).where('outcome', '=', 'refused').execute();
      expect((await as(t.app, s)({ url: '/api/reading/cases/exam-456' })).statusCode).toBe(403);
      const after = await db.selectFrom('access_log').select('id').where('user_id', '=', userId).where('outcome', '=', 'refused').execute();
      expect(after.length).toBe(before.length + 1);
    } finally {
      await sql`DROP TRIGGER interop15_refuse_log ON access_log`.execute(db);
      await sql`DROP FUNCTION interop15_refuse_log()`.execute(db);
    }
  });
  it('a FHIR client without the route’s scope: logged through the same gate helper (route-scope-rule), 403 even when the row cannot be written (interop16)', async () => {
    const db = t.db.kysely;
    const token = crypto.randomBytes(24).toString('base64url');
    await db
      .insertInto('api_client')
      .values({ id: 'client-read-only', name: 'EPJ lesetilgang', organization_id: practice, token_hash: hashToken(token), scopes: ['fhir.read'] })
      .execute();
    const create = (url: string) =>
      t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, payload: '{}' });
    const refusedRows = () =>
      db.selectFrom('access_log').selectAll().where('actor_name', '=', 'system:EPJ lesetilgang').where('outcome', '=', 'refused').execute();
    const res = await create('/fhir/ServiceRequest?x=1');
    expect(res.statusCode).toBe(403);
    expect(res.json().resourceType).toBe('OperationOutcome');
    const rows = await refusedRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      resource_type: 'Route',
      resource_id: 'POST /fhir/ServiceRequest',
      action: 'create',
      context: 'route-scope-rule',
      reason: 'scope-not-granted',
      patient_id: null,
      user_id: null,
      organization_id: practice,
    });
    // A read its scope allows writes no refusal.
    expect((await t.app.inject({ url: '/fhir/ServiceRequest?_count=0', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect(await refusedRows()).toHaveLength(1);
    await sql`CREATE FUNCTION interop16_refuse_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.context = 'route-scope-rule' THEN RAISE EXCEPTION 'access log unavailable'; END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER interop16_refuse_log BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION interop16_refuse_log()`.execute(db);
    try {
      const failed = await create('/fhir/ServiceRequest');
      expect(failed.statusCode).toBe(403);
      expect(failed.body).not.toContain('access log unavailable');
      expect(await refusedRows()).toHaveLength(1);
    } finally {
      await sql`DROP TRIGGER interop16_refuse_log ON access_log`.execute(db);
      await sql`DROP FUNCTION interop16_refuse_log()`.execute(db);
    }
    expect((await create('/fhir/ServiceRequest')).statusCode).toBe(403);
    expect(await refusedRows()).toHaveLength(2);
  });
});
