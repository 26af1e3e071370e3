// The reading demo: the demo radiologist finds today's unread exams in their lists on first start,
// some with AI findings that raised the priority.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { parityEngines, openTestDatabase } from '../testing/harness.ts';
import { createPatient } from '../testing/factories.ts';
import { createReadingRegion } from '../testing/reading.ts';
import { worklist } from '../reading/worklist.ts';
import { seedReadingDemo } from './reading-demo.ts';
import type { Database } from '../db/index.ts';
import { eventHistoryProblems } from '../assessment/event-history.ts';
import { referralEvents } from '../assessment/store.ts';

// Runs on each engine of parityEngines(): in CI on PostgreSQL and again on PGlite (harness.ts).
describe.each(parityEngines())('on %s', (engine) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase({ engine }));
  });
  afterAll(async () => drop?.());

  describe('seedReadingDemo', () => {
    it('gives the demo radiologist work with AI findings', async () => {
      const k = db.kysely;
      const reg = await createReadingRegion(k);
      for (let i = 0; i < 14; i++) await createPatient(k);
      const ids = { radiologist: 'person-demo-radiolog', lis: 'person-demo-lis', reportingRadiographer: 'person-demo-beskrivende-radiograf' };
      for (const [n, id] of Object.values(ids).entries()) {
        await k
          .insertInto('person')
          .values({ id, hpr_number: null, given_name: 'Demo', family_name: `P${n}`, profession: 'physician', referrer_kind: null, email: null })
          .execute();
        await k
          .insertInto('user_account')
          .values({ id: `u-${id}`, person_id: id, username: `demo${n}`, password_hash: null })
          .execute();
      }
      const made = await seedReadingDemo(k, { departmentId: reg.deptA, rhfId: reg.rhf, referrerPersonId: reg.gpPerson, referrerOrgId: reg.practice, ...ids });
      expect(made).toBeGreaterThanOrEqual(8);
      const p: Principal = {
        userId: 'u-person-demo-radiolog',
        personId: ids.radiologist,
        username: 'demo0',
        name: 'Demo',
        hprNumber: null,
        referrerKind: null,
        locale: 'nb',
        grants: [{ role: 'radiologist', organizationId: reg.deptA, organizationName: 'Radiologi' }],
        csrfToken: 'x',
      };
      const page = await worklist(k, { maxWaitHours: 72, claimMinutes: 30, maxClaimedMinutes: 60 }, p, { limit: 50, offset: 0 }, null);
      expect(page.total).toBe(made);
      expect(page.reader?.role).toBe('radiologist');
      expect(page.cases[0].priority).toBe('acute');
      expect(page.cases[0].findings[0].code).toBe('intracranial_haemorrhage');
      expect(page.cases.filter((c) => c.findings.length > 0).length).toBeGreaterThanOrEqual(2);
      // Each demo referral's page shows the history that got it to reading.
      const refs = await k.selectFrom('referral').select(['id', 'status', 'patient_age', 'patient_sex']).where('id', 'like', 'ref-demo-read-%').execute();
      expect(refs.length).toBe(made);
      for (const r of refs) expect(eventHistoryProblems(await referralEvents(k, r.id), r.status), r.id).toEqual([]);
      // The referrer's lists show the patient's age and sex, as for a referral sent through the form.
      for (const r of refs) {
        expect(r.patient_age, r.id).toEqual(expect.any(Number));
        expect(['M', 'F'], r.id).toContain(r.patient_sex);
      }
    });
  });
});
