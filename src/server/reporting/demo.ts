// Demo data for reporting (issue 9 item 6), on first start after the synthetic region is loaded:
// every reported history exam gets a final report (set-based, seconds for 100,000 exams); in
// the demo radiologist's department a few of today's performed exams get LIS preliminary
// reports waiting for countersigning, and a few earlier reports become the LIS's with graded
// feedback; the demo GP (fastlege) gets notifications of their latest reports. Idempotent: the
// app_meta key 'demo-reports' marks it done.
import type { Kysely } from 'kysely';
import type { DB, RadpeerScore } from '../db/schema.ts';
import * as store from './store.ts';
import { notifyReferrer } from '../notifications/service.ts';
import { closeCaseOnReport } from '../reading/worklist.ts';

const META_KEY = 'demo-reports';

const LIS_DRAFTS: { findings: string; conclusion: string }[] = [
  { findings: 'Ingen sikre tegn til fraktur. Bløtdelshevelse lateralt.', conclusion: 'Ingen fraktur påvist.' },
  { findings: 'Fortykket slimhinne i venstre sinus maxillaris med væskespeil.', conclusion: 'Forenlig med akutt sinusitt.' },
  {
    findings: 'Degenerative forandringer L4–L5 med lett skiveprotrusjon, uten sikker nerverotaffeksjon.',
    conclusion: 'Degenerative forandringer, ingen sikker rotaffeksjon.',
  },
  { findings: 'Horisontal ruptur i bakre horn av mediale menisk. Korsbånd intakte.', conclusion: 'Medial meniskruptur.' },
  { findings: 'Ingen lungeembolier til subsegmentalt nivå. Lite pleuravæske bilateralt.', conclusion: 'Ingen lungeemboli.' },
  { findings: 'Normale forhold intrakranielt. Ingen blødning eller ekspansjon.', conclusion: 'Normal CT caput.' },
];
const FEEDBACK: { score: RadpeerScore; comment: string | null; changed: boolean }[] = [
  { score: '1', comment: null, changed: false },
  { score: '2a', comment: 'Liten diskusprolaps L5–S1 er verdt å nevne, men uten klinisk betydning her.', changed: true },
  { score: '3b', comment: 'Undisplassert fraktur i os scaphoideum ble oversett. Se på skrå-projeksjonen neste gang.', changed: true },
  { score: '1', comment: 'Fin og presis beskrivelse.', changed: false },
];

/** Seeds the reporting demo data once; returns what it wrote (zeros when already done or no demo accounts). */
export async function ensureDemoReports(
  db: Kysely<DB>,
  now = new Date(),
): Promise<{ final: number; preliminary: number; feedback: number; notifications: number }> {
  const none = { final: 0, preliminary: 0, feedback: 0, notifications: 0 };
  const done = await db.selectFrom('app_meta').select('key').where('key', '=', META_KEY).executeTakeFirst();
  if (done) return none;
  const radiolog = await store.personOfUsername(db, 'radiolog');
  const lis = await store.personOfUsername(db, 'lis');
  const gp = await store.personOfUsername(db, 'fastlege');
  if (!radiolog?.organization_id || !lis) return none;
  const dept = radiolog.organization_id;
  return db.transaction().execute(async (trx) => {
    const final = await store.bulkFinalReports(trx, radiolog.person_id, now);
    // LIS reports waiting for countersigning: the department's newest performed, unread exams.
    const open = await store.unreportedExams(trx, dept, LIS_DRAFTS.length);
    for (const [i, e] of open.entries()) {
      const at = new Date(Math.min(now.getTime(), new Date(e.performed_at).getTime() + (i + 1) * 1_800_000));
      const id = `rep-demo-lis-${e.id}`;
      const sections = { technique: '', findings: LIS_DRAFTS[i]!.findings, conclusion: LIS_DRAFTS[i]!.conclusion };
      await store.insertReport(trx, {
        id,
        examId: e.id,
        templateId: 'general',
        sections,
        status: 'preliminary',
        authorPersonId: lis.person_id,
        authorRole: 'lis',
        needsCountersign: true,
        finalizedBy: null,
        at,
        preliminaryAt: at,
        finalAt: null,
      });
      await store.insertVersion(trx, { reportId: id, version: 1, status: 'preliminary', sections, action: 'preliminary', personId: lis.person_id, at });
      // Signed preliminary: read, so off the reading lists (as the report editor does).
      await closeCaseOnReport(trx, e.id, at);
    }
    // Feedback for the LIS: some earlier final reports were theirs, countersigned and graded.
    const earlier = await store.recentFinalReports(trx, dept, FEEDBACK.length);
    for (const [i, r] of earlier.entries()) {
      await store.setReportAuthor(trx, r.id, lis.person_id, 'lis');
      // Written by the LIS some hours before the countersigning (2, 5, 8 … h), so the reading page's
      // "preliminary → final" turnaround has demo history.
      await store.backdateDemoPreliminary(trx, r.id, new Date(new Date(r.final_at!).getTime() - (2 + 3 * i) * 3_600_000));
      const f = FEEDBACK[i]!;
      await store.insertReview(trx, {
        reportId: r.id,
        reviewer: radiolog.person_id,
        author: lis.person_id,
        score: f.score,
        comment: f.comment,
        changed: f.changed,
        at: new Date(r.final_at!),
      });
    }
    let notifications = 0;
    if (gp) {
      for (const r of await store.reportedReferralsOf(trx, gp.person_id, 5)) {
        await notifyReferrer(trx, { personId: gp.person_id, referralId: r.id }, { kind: 'report-final' }, new Date(r.reported_at!));
        notifications++;
      }
    }
    await trx
      .insertInto('app_meta')
      .values({ key: META_KEY, value: JSON.stringify({ final, preliminary: open.length, at: now.toISOString() }) })
      .execute();
    return { final, preliminary: open.length, feedback: earlier.length, notifications };
  });
}
