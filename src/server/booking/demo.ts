// Demo data for booking, on every demo start: each department with a secretary has accepted
// referrals waiting to be booked (with priority categories and exam due dates relative to today),
// one patient with two accepted exams (to book on one trip), and direct booking of a chest X-ray
// allowed, so the booking page shows work on any day the demo is started.
import { sql, type Kysely } from 'kysely';
import { copyReferralHistory, recordReferralEvent } from '../assessment/receipt.ts';
import type { DB } from '../db/schema.ts';
import { addDays, osloWallClock } from './slots.ts';
import * as store from './store.ts';

/** Accepted-but-unbooked referrals kept in each demo department's queue. */
const QUEUE = 14;
/**
 * Priority categories in the demo and the days until the exam is due. No routine referral is
 * made an emergency: a department gives "øyeblikkelig hjelp" only where the referrer asked for
 * acute help (see demoPriority), and then the exam is due the same day, as the category says.
 */
const PRIORITIES: [string, number][] = [
  ['within_days', 10],
  ['cancer_pathway', 7],
  ['within_weeks', 21],
  ['within_weeks', 28],
  ['control_on_date', 42],
  ['within_weeks', 14],
];

/** The demo's priority for a referral: emergency (due today) only when the referrer said so. */
export function demoPriority(urgency: string, i: number): [string, number] {
  if (urgency === 'emergency') return ['emergency', 0];
  return PRIORITIES[i % PRIORITIES.length]!;
}
/** Røntgen toraks (chest X-ray): the department lets clinicians book it directly in the demo. */
const DIRECT_CODES = ['SSC0AA'];

export interface DemoBookingSummary {
  departments: number;
  accepted: number;
}

/** Fills the demo departments' booking queues (idempotent: tops up to QUEUE accepted referrals). */
export async function ensureDemoBooking(db: Kysely<DB>, now: Date): Promise<DemoBookingSummary> {
  const today = osloWallClock(now).date;
  const departments = await sql<{ id: string }>`
    SELECT DISTINCT o.id FROM role_assignment ra JOIN organization o ON o.id = ra.organization_id
    WHERE ra.role = 'secretary' AND o.kind IN ('department', 'private_institute') ORDER BY o.id`.execute(db);
  let accepted = 0;
  for (const { id: dep } of departments.rows) {
    await db.transaction().execute(async (trx) => {
      const kinds = [...new Set((await store.machinesAtSites(trx, await store.departmentSites(trx, dep))).map((m) => m.kind as string))];
      const have = await store.countAcceptedUnbooked(trx, dep);
      const fresh = have < QUEUE ? await store.submittedForDemo(trx, dep, kinds, QUEUE - have) : [];
      for (const [i, r] of fresh.entries()) {
        const [priority, days] = demoPriority(r.urgency, i);
        const due = addDays(today, days);
        if (!(await store.acceptForDemo(trx, r.id, priority, due, now))) continue;
        // The event assessment writes on acceptance (assessment/actions.ts), so the referral page shows it.
        await recordReferralEvent(trx, {
          referralId: r.id,
          kind: 'accepted',
          fromStatus: 'submitted',
          toStatus: 'accepted',
          actorUserId: null,
          actorPersonId: null,
          actorRole: null,
          reasonCode: priority,
          data: { examDueDate: due, protocol: null, modality: r.modality, siteId: dep },
          at: now,
        });
        accepted++;
      }
      // One patient with two exams to book together (a CT besides an MR, say), if none has yet.
      const pair = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM (SELECT patient_id FROM referral WHERE department_org_id = ${dep} AND status = 'accepted'
        GROUP BY patient_id HAVING count(*) > 1) x`.execute(trx);
      if ((pair.rows[0]?.n ?? 0) === 0 && fresh.length > 0) {
        const first = fresh[0];
        const otherKind = kinds.find((k) => k !== first.modality && k !== 'NM' && k !== 'PT');
        const exam = otherKind ? (await store.examCodesOfKind(trx, otherKind, 1))[0] : undefined;
        if (exam) {
          if (await store.copyReferralForDemo(trx, first.id, `${first.id}-trip`, exam.code, now)) await copyReferralHistory(trx, first.id, `${first.id}-trip`);
          accepted++;
        }
      }
      if (!(await store.bookingSetting(trx, dep))) {
        const codes = [];
        for (const c of DIRECT_CODES) if (await store.examCode(trx, c)) codes.push(c);
        await store.saveBookingSetting(trx, dep, codes, 14, now);
        // The demo hospital doctor has a chest X-ray to book directly (a copy of a waiting referral's patient).
        const doctor = await store.demoUser(trx, 'sykehuslege', 'referrer');
        const source = (await store.submittedForDemo(trx, dep, kinds, 1))[0];
        if (doctor && source && codes.length > 0) {
          const id = `${source.id}-direct`;
          if (await store.copySubmittedForDemo(trx, source.id, id, codes[0], doctor.person_id, doctor.organization_id, now))
            await recordReferralEvent(trx, {
              referralId: id,
              kind: 'submitted',
              fromStatus: null,
              toStatus: 'submitted',
              actorUserId: null,
              actorPersonId: doctor.person_id,
              actorRole: 'referrer',
              at: now,
            });
        }
      }
    });
  }
  return { departments: departments.rows.length, accepted };
}
