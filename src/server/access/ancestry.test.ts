// The organization ancestry the access gate decides from (migration 0192): kept by the database on
// insert, fixed afterwards, and used without a query when the caller read it with the referral.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../db/schema.ts';
import { parityEngines, openTestDatabase } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';
import { getReferral } from '../referrals/store.ts';
import { decideReferral, type Who } from './gate.ts';
import { isWithin } from './store.ts';
import { resolveSession, hashToken } from '../auth/sessions.ts';
import crypto from 'node:crypto';

// Runs on each engine of parityEngines(): in CI on PostgreSQL and again on PGlite (harness.ts).
describe.each(parityEngines())('on %s', (engine) => {
  /** A database handle that fails the test if anything is asked of it. */
  const noQueries = new Proxy({} as Kysely<DB>, {
    get(_t, prop) {
      throw new Error(`the gate queried the database (${String(prop)}) although it had the ancestry`);
    },
  });

  describe('organization ancestry (access gate)', () => {
    let t: Awaited<ReturnType<typeof openTestDatabase>>;
    let db: Kysely<DB>;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      t = await openTestDatabase({ engine });
      db = t.db.kysely;
      ids.rhf = await createOrganization(db, { kind: 'rhf' });
      ids.hf = await createOrganization(db, { kind: 'hf', parentId: ids.rhf });
      ids.site = await createOrganization(db, { kind: 'site', parentId: ids.hf });
      ids.dept = await createOrganization(db, { kind: 'department', parentId: ids.site });
      ids.otherHf = await createOrganization(db, { kind: 'hf', parentId: ids.rhf });
      ids.practice = await createOrganization(db, { kind: 'gp_practice' });
    });
    afterAll(async () => {
      await t?.drop();
    });

    it('is set on insert, nearest first, for every level', async () => {
      const rows = await db.selectFrom('organization').select(['id', 'ancestor_ids']).where('id', 'in', Object.values(ids)).execute();
      const of = new Map(rows.map((r) => [r.id, r.ancestor_ids]));
      expect(of.get(ids.rhf)).toEqual([]);
      expect(of.get(ids.hf)).toEqual([ids.rhf]);
      expect(of.get(ids.dept)).toEqual([ids.site, ids.hf, ids.rhf]);
      expect(of.get(ids.practice)).toEqual([]);
    });

    it('cannot be changed by hand, and an organization cannot move to another parent', async () => {
      await expect(db.updateTable('organization').set({ parent_id: ids.otherHf }).where('id', '=', ids.site).execute()).rejects.toThrow(/cannot move/);
      // Any other update keeps the ancestry the database set.
      await db.updateTable('organization').set({ name: 'Omdøpt avdeling' }).where('id', '=', ids.dept).execute();
      const row = await db.selectFrom('organization').select(['name', 'ancestor_ids', 'parent_id']).where('id', '=', ids.dept).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: 'Omdøpt avdeling', ancestor_ids: [ids.site, ids.hf, ids.rhf], parent_id: ids.site });
    });

    it('answers "within" from the ancestry the caller read, without a query, as the query does', async () => {
      const anc = [ids.site, ids.hf, ids.rhf];
      for (const roots of [[ids.hf], [ids.rhf], [ids.dept], [ids.otherHf], [ids.practice, ids.site], []]) {
        expect(await isWithin(noQueries, ids.dept, roots, anc)).toBe(await isWithin(db, ids.dept, roots));
      }
      expect(await isWithin(db, ids.dept, [ids.hf])).toBe(true);
      expect(await isWithin(db, ids.dept, [ids.otherHf])).toBe(false);
      expect(await isWithin(db, 'no-such-organization', [ids.hf])).toBe(false);
    });

    it('lets the gate decide a department read from the referral row alone', async () => {
      const gp = await createUser(db, { referrerKind: 'gp', grants: [{ role: 'referrer', organizationId: ids.practice }] });
      const rad = await createUser(db, { grants: [{ role: 'radiologist', organizationId: ids.hf }] });
      const other = await createUser(db, { grants: [{ role: 'radiologist', organizationId: ids.otherHf }] });
      const p = await createPatient(db, { birthDate: '1970-01-01' });
      const id = await createReferral(db, { patientId: p.id, referrerPersonId: gp.personId, referrerOrgId: ids.practice, departmentOrgId: ids.dept });
      const r = (await getReferral(db, id))!;
      expect(r.department_ancestor_ids).toEqual([ids.site, ids.hf, ids.rhf]);
      const who = async (userId: string): Promise<Who> => {
        const token = crypto.randomBytes(32).toString('base64url');
        await db
          .insertInto('session')
          .values({ id_hash: hashToken(token), user_id: userId, csrf_token: 'x', expires_at: new Date(Date.now() + 3_600_000) })
          .execute();
        return { kind: 'user', principal: (await resolveSession(db, token))!, ip: null };
      };
      // Allowed through the trust's grant without a query; refused for another trust's radiologist
      // (that answer may look further, so it gets the real database), the same as without the row's ancestry.
      expect(await decideReferral(noQueries, await who(rad.userId), r)).toMatchObject({ allowed: true, reason: 'department' });
      const refused = await decideReferral(db, await who(other.userId), r);
      expect(refused.allowed).toBe(false);
      const { department_ancestor_ids: _a, ...withoutAncestry } = r;
      expect(await decideReferral(db, await who(rad.userId), withoutAncestry)).toMatchObject({ allowed: true, reason: 'department' });
      expect((await decideReferral(db, await who(other.userId), withoutAncestry)).allowed).toBe(false);
    });
  });
});
