// Demo data for the quality of task sharing (issue 8 item 3), so the report shows numbers on any
// day the demo is started: the demo department's radiographers' assessed referrals get completed
// blind pairs with the demo radiologist (realistic, imperfect agreement: mostly the same category,
// sometimes one step apart, rarely two, now and then "returned" against a late category), spread
// over the last 300 days, topped up whenever the last year holds fewer than TARGET_PAIRS; and a
// few sampled referrals wait in the blind queue. Never changes a referral. Synthetic people only.
import { sql, type Kysely } from 'kysely';
import { DEFAULT_PRIORITY_CATEGORIES } from '../assessment/priorities.ts';
import type { DB } from '../db/schema.ts';
import { Rng } from './random.ts';

const TARGET_PAIRS = 60;
const TARGET_WAITING = 4;
const DAY = 86_400_000;

export interface DemoTaskSharingSummary {
  pairs: number;
  waiting: number;
}

/**
 * The radiologist's category given the radiographer's, on a scale of `q` steps (index 0 = most
 * urgent; q − 1 = returned): same 72 %, one step either way 20 %, two steps 6 %, returned ↔
 * the least urgent category 2 %.
 */
function secondOf(rng: Rng, k: number, q: number): number {
  const x = rng.next();
  const clamp = (i: number) => Math.max(0, Math.min(q - 1, i));
  if (x < 0.72) return k;
  if (x < 0.92) return clamp(k + (rng.chance(0.5) ? 1 : -1));
  if (x < 0.98) return clamp(k + (rng.chance(0.5) ? 2 : -2));
  return k === q - 1 ? q - 2 : q - 1;
}

/** Adds demo blind pairs and waiting samples to the demo department when there are too few. */
export async function ensureDemoTaskSharing(db: Kysely<DB>, now = new Date()): Promise<DemoTaskSharingSummary> {
  const radiolog = await db
    .selectFrom('user_account as u')
    .innerJoin('role_assignment as g', 'g.user_id', 'u.id')
    .select(['u.id', 'u.person_id', 'g.organization_id as dept'])
    .where('u.username', '=', 'radiolog')
    .where('g.role', '=', 'radiologist')
    .executeTakeFirst();
  if (!radiolog) return { pairs: 0, waiting: 0 };
  const dept = radiolog.dept;
  const radiographers = await db
    .selectFrom('role_assignment as g')
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.person_id'])
    .where('g.role', '=', 'radiographer')
    .where('g.organization_id', '=', dept)
    .orderBy('u.id')
    .execute();
  if (!radiographers.length) return { pairs: 0, waiting: 0 };

  const own = await db.selectFrom('priority_category').select('code').where('department_org_id', '=', dept).orderBy('sort').execute();
  const scale = [...(own.length ? own.map((c) => c.code) : DEFAULT_PRIORITY_CATEGORIES.map((c) => c.code)), 'returned'];
  const yearAgo = new Date(now.getTime() - 365 * DAY);
  const count = async (done: boolean) =>
    Number(
      (
        await db
          .selectFrom('blind_assessment')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('department_org_id', '=', dept)
          .where('second_outcome', done ? 'is not' : 'is', null)
          .$if(done, (q) => q.where('assessed_at', '>=', yearAgo))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const havePairs = await count(true);
  const haveWaiting = await count(false);
  const wantPairs = Math.max(0, TARGET_PAIRS - havePairs);
  const wantWaiting = Math.max(0, TARGET_WAITING - haveWaiting);
  if (wantPairs + wantWaiting === 0) return { pairs: 0, waiting: 0 };

  // Referrals of the department that were assessed (accepted or returned) and are not sampled yet.
  const referrals = await sql<{ id: string; status: string; priority_category: string | null }>`
    SELECT r.id, r.status, r.priority_category FROM referral r
    WHERE r.department_org_id = ${dept} AND r.status NOT IN ('draft', 'submitted', 'info_requested')
      AND NOT EXISTS (SELECT 1 FROM blind_assessment b WHERE b.referral_id = r.id)
    ORDER BY r.submitted_at DESC NULLS LAST, r.id
    LIMIT ${wantPairs + wantWaiting}`.execute(db);
  const rng = new Rng(Math.floor(now.getTime() / DAY));
  let pairs = 0;
  let waiting = 0;
  for (const [i, r] of referrals.rows.entries()) {
    const who = radiographers[i % radiographers.length];
    const first =
      r.status === 'returned'
        ? scale.length - 1
        : r.priority_category && scale.includes(r.priority_category)
          ? scale.indexOf(r.priority_category)
          : rng.int(0, scale.length - 1);
    const complete = i >= wantWaiting;
    const sampledAt = complete ? new Date(now.getTime() - rng.int(2, 300) * DAY) : new Date(now.getTime() - rng.int(0, 3) * DAY - 3_600_000);
    await db
      .insertInto('blind_assessment')
      .values({
        referral_id: r.id,
        department_org_id: dept,
        first_person_id: who.person_id,
        first_user_id: who.id,
        first_outcome: scale[first],
        first_assessed_at: sampledAt,
        sampled_at: sampledAt,
        sample_percent: 10,
        ...(complete
          ? {
              second_person_id: radiolog.person_id,
              second_user_id: radiolog.id,
              second_outcome: scale[secondOf(rng, first, scale.length)],
              assessed_at: new Date(sampledAt.getTime() + rng.int(1, 5) * DAY),
            }
          : {}),
      })
      .onConflict((c) => c.column('referral_id').doNothing())
      .execute();
    if (complete) pairs++;
    else waiting++;
  }
  return { pairs, waiting };
}
