// Training demo data: on first start the demo LIS has a plan, progress and a held meeting, the demo
// radiologist (supervisor) and leader have the group-complete notification, and the LIS's record
// opens through the API — once, and in a constant number of rows.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { ensureDemoData } from '../synthetic/demo.ts';
import { as, login, openTestDatabase, testConfig } from '../testing/harness.ts';
import { ensureDemoTraining } from './demo.ts';

describe('training demo data', () => {
  it('gives the demo LIS a plan with progress and the supervisor a notification, once', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const cfg = testConfig({ seedReferrals: 500, seedScope: 'vest', seedValue: 7 });
      await ensureDemoData(db, cfg, () => undefined, new Date());
      const id = await ensureDemoTraining(db.kysely);
      expect(id).toBe('demo-record-lis');
      expect(await ensureDemoTraining(db.kysely)).toBeNull();
      const app = await buildApp({ db, config: cfg, ready: true });
      try {
        const lis = await login(app, 'lis', cfg.demoPassword);
        const v = (await as(app, lis)({ url: `/api/training/records/${id}` })).json();
        // A radiology plan at the LIS's own trust, hospital and department (not the Ahus nuclear-medicine
        // template), with half a year at another trust's hospital of the region; placeholder goals, untitled.
        expect(v.goals).toHaveLength(40);
        expect(v.goals.every((g: { specialty: string; title: string | null }) => g.specialty === 'radiology' && g.title === null)).toBe(true);
        const places = await db.kysely
          .selectFrom('organization as d')
          .innerJoin('organization as s', 's.id', 'd.parent_id')
          .innerJoin('organization as h', 'h.id', 's.parent_id')
          .select(['d.name as section', 's.name as hospital', 'h.name as trust'])
          .innerJoin('training_record as r', 'r.organization_id', 'd.id')
          .where('r.id', '=', id!)
          .executeTakeFirstOrThrow();
        expect(v.rotations[0]).toMatchObject({ trust: places.trust, hospital: places.hospital, external: false });
        // The department's own name, without the hospital repeated ("Radiologisk avdeling, <hospital>").
        expect(places.section.startsWith(v.rotations[0].section)).toBe(true);
        expect(v.rotations[0].section).not.toContain(places.hospital);
        const away = (v.rotations as { trust: string; external: boolean }[]).filter((r) => r.external);
        expect(away).toHaveLength(1);
        expect(away[0]!.trust).not.toBe(places.trust);
        expect(JSON.stringify(v.rotations)).not.toMatch(/AHUS|Nordbyhagen|BDA\/NM/);
        expect(v.counts.approved).toBe(5);
        // The first rotation's goals are all sent for assessment, only some approved: not "all goals met"
        // (the tag sat next to goals still "til vurdering"); a rotation is complete only when all are approved.
        const first = new Set<number>(v.rotations[0].goalNumbers);
        const states = (v.goals as { number: number; state: string }[]).filter((g) => first.has(g.number)).map((g) => g.state);
        expect(states).toContain('completed');
        expect(v.rotations[0].complete).toBe(false);
        for (const r of v.rotations as { goalNumbers: number[]; complete: boolean }[]) {
          const all = (v.goals as { number: number; state: string }[]).filter((g) => r.goalNumbers.includes(g.number));
          expect(r.complete).toBe(all.length > 0 && all.every((g) => g.state === 'approved'));
        }
        expect(v.meetings[0].actions.length + v.meetings[1].actions.length).toBe(2);
        expect(v.suitabilityNotes).toBeNull();
        // Both plans have their first version, and the LIS sees theirs.
        expect((await as(app, lis)({ url: `/api/training/records/${id}/versions` })).json().versions).toMatchObject([{ version: 1, kind: 'created' }]);
        expect((await as(app, lis)({ url: '/api/training/plans/demo-plan-rad/versions' })).json().versions).toMatchObject([{ version: 1, kind: 'created' }]);
        const sup = await login(app, 'radiolog', cfg.demoPassword);
        expect((await as(app, sup)({ url: '/api/training/notifications' })).json().notifications).toHaveLength(1);
        expect((await as(app, sup)({ url: `/api/training/records/${id}` })).json().suitabilityNotes).toHaveLength(1);
      } finally {
        await app.close();
      }
    } finally {
      await drop();
    }
  });
});
