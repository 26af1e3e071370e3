// Task sharing (oppgavedeling): a leader's approval of a radiographer for plain X-ray ("Røntgen",
// stored as DX) covers referrals of both plain X-ray codes, CR and DX (shared/modality-kind.ts);
// other modalities stay separate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { approvedModalities } from '../assessment/store.ts';
import { createOrganization, createUser } from '../testing/factories.ts';
import { parityEngines, openTestDatabase } from '../testing/harness.ts';
import { isApprovedAssessor } from './store.ts';

// Runs on each engine of parityEngines(): in CI on PostgreSQL and again on PGlite (harness.ts).
describe.each(parityEngines())('on %s', (engine) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase({ engine }));
  });
  afterAll(async () => drop?.());

  describe('an approval for plain X-ray', () => {
    it('covers CR and DX referrals, and no other modality', async () => {
      const k = db.kysely;
      const dept = await createOrganization(k, { kind: 'department' });
      const r = await createUser(k, { grants: [{ role: 'radiographer', organizationId: dept }] });
      await k
        .insertInto('radiographer_assessment_approval')
        .values({ person_id: r.personId, department_org_id: dept, modality: 'DX', approved_by: 'test' })
        .execute();
      expect(await isApprovedAssessor(k, r.personId, [dept], 'DX')).toBe(true);
      expect(await isApprovedAssessor(k, r.personId, [dept], 'CR')).toBe(true);
      expect(await isApprovedAssessor(k, r.personId, [dept], 'MR')).toBe(false);
      expect(await isApprovedAssessor(k, r.personId, ['another-dept'], 'CR')).toBe(false);
      expect((await approvedModalities(k, r.personId, [dept])).sort()).toEqual(['CR', 'DX']);
    });
  });
});
