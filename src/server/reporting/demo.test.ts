// Demo data: after the synthetic region loads, every reported history exam has a final report,
// the demo radiologist finds LIS reports to countersign, the LIS finds feedback and the demo GP
// finds their reports and notifications — on first start, and only once.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { ensureDemoData } from '../synthetic/demo.ts';
import { as, login, openTestDatabase, testConfig } from '../testing/harness.ts';
import { ensureDemoReports } from './demo.ts';

describe('reporting demo data', () => {
  it('writes final reports for the history, a countersign queue, feedback and notifications, once', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const now = new Date();
      const cfg = testConfig({ seedReferrals: 2000, seedScope: 'vest', seedValue: 7 });
      await ensureDemoData(db, cfg, () => undefined, now);
      // A few of the demo department's exams performed today and not yet read (as MPPS makes them).
      const dept = (
        await db.kysely.selectFrom('role_assignment').select('organization_id').where('user_id', '=', 'user-demo-radiolog').executeTakeFirstOrThrow()
      ).organization_id;
      const reported = await db.kysely
        .selectFrom('exam')
        .select('id')
        .where('performing_org_id', '=', dept)
        .where('reported_at', 'is not', null)
        .limit(3)
        .execute();
      await db.kysely
        .updateTable('exam')
        .set({ reported_at: null })
        .where(
          'id',
          'in',
          reported.map((r) => r.id),
        )
        .execute();

      const first = await ensureDemoReports(db.kysely, now);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exam WHERE reported_at IS NOT NULL AND reported_at <= ${now}`.execute(db.kysely);
      expect(first.final).toBe(rows[0]!.n);
      expect(first.final).toBeGreaterThan(100);
      expect(first.preliminary).toBeGreaterThanOrEqual(3);
      expect(first.feedback).toBeGreaterThan(0);
      expect(await ensureDemoReports(db.kysely, now)).toEqual({ final: 0, preliminary: 0, feedback: 0, notifications: 0 });
      // The LIS's countersigned reports were signed preliminary hours before the final signature, on
      // the report, the reading case and the referral alike (the reading page's preliminary → final).
      const lisFinals = await sql<{ rep_pre: Date; rep_final: Date; case_pre: Date; case_closed: Date; ref_pre: Date }>`
        SELECT rep.preliminary_at AS rep_pre, rep.final_at AS rep_final, c.preliminary_at AS case_pre, c.closed_at AS case_closed,
          r.preliminary_reported_at AS ref_pre
        FROM report rep JOIN exam e ON e.id = rep.exam_id JOIN reading_case c ON c.exam_id = e.id JOIN referral r ON r.id = e.referral_id
        WHERE rep.author_role = 'lis' AND rep.status = 'final'`.execute(db.kysely);
      expect(lisFinals.rows.length).toBe(first.feedback);
      for (const x of lisFinals.rows) {
        expect(new Date(x.rep_final).getTime() - new Date(x.rep_pre).getTime()).toBeGreaterThanOrEqual(2 * 3_600_000);
        expect(new Date(x.case_pre).getTime()).toBe(new Date(x.rep_pre).getTime());
        expect(new Date(x.case_closed).getTime()).toBe(new Date(x.rep_pre).getTime());
        expect(new Date(x.ref_pre).getTime()).toBe(new Date(x.rep_pre).getTime());
      }

      const app = await buildApp({ db, config: cfg, ready: true });
      await app.ready();
      try {
        const radiolog = await login(app, 'radiolog', cfg.demoPassword);
        const queue = (await as(app, radiolog)({ url: '/api/reporting/countersign-queue' })).json();
        expect(queue.length).toBe(first.preliminary);
        const lis = await login(app, 'lis', cfg.demoPassword);
        expect((await as(app, lis)({ url: '/api/reporting/feedback' })).json().length).toBe(first.feedback);
        if (first.notifications > 0) {
          const gp = await login(app, 'fastlege', cfg.demoPassword);
          const notes = (await as(app, gp)({ url: '/api/reporting/notifications' })).json();
          expect(notes.items.length).toBe(first.notifications);
          const reports = (await as(app, gp)({ url: `/api/reporting/referrals/${notes.items[0].referralId}/reports` })).json();
          expect(reports[0].conclusion).toBeTruthy();
        }
      } finally {
        await app.close();
      }
    } finally {
      await drop();
    }
  });
});
