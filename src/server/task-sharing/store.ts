// The task-sharing quality domain's SQL (the only place): the sampling setting per department and
// the blind second assessments.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function samplePercent(db: Q, departmentId: string): Promise<number | undefined> {
  const row = await db.selectFrom('task_sharing_setting').select('sample_percent').where('department_org_id', '=', departmentId).executeTakeFirst();
  return row?.sample_percent;
}

export async function settings(db: Q, departmentIds: string[]) {
  if (!departmentIds.length) return [];
  return db
    .selectFrom('organization as o')
    .leftJoin('task_sharing_setting as s', 's.department_org_id', 'o.id')
    .select(['o.id', 'o.name', 's.sample_percent'])
    .where('o.id', 'in', departmentIds)
    .where('o.kind', '=', 'department')
    .orderBy('o.name')
    .execute();
}

export async function upsertSetting(db: Q, departmentId: string, percent: number, userId: string) {
  await db
    .insertInto('task_sharing_setting')
    .values({ department_org_id: departmentId, sample_percent: percent, updated_by: userId })
    .onConflict((oc) => oc.column('department_org_id').doUpdateSet({ sample_percent: percent, updated_by: userId, updated_at: new Date() }))
    .execute();
}

export async function insertSample(
  db: Q,
  s: { referralId: string; departmentId: string; personId: string; userId: string; outcome: string; at: Date; percent: number },
) {
  await db
    .insertInto('blind_assessment')
    .values({
      referral_id: s.referralId,
      department_org_id: s.departmentId,
      first_person_id: s.personId,
      first_user_id: s.userId,
      first_outcome: s.outcome,
      first_assessed_at: s.at,
      sampled_at: s.at,
      sample_percent: s.percent,
    })
    .onConflict((oc) => oc.column('referral_id').doNothing())
    .execute();
}

const referralColumns = [
  'b.referral_id as id',
  'b.department_org_id',
  'b.first_person_id',
  'b.sampled_at',
  'b.second_outcome',
  'r.patient_id',
  'r.referrer_person_id',
  'r.referrer_org_id',
  'r.status',
  'r.referral_number',
  'r.patient_age',
  'r.urgency',
  'r.submitted_at',
  'r.clinical_question',
  'r.clinical_note',
  'r.indication_system',
  'r.indication_code',
  'r.advice',
  'p.fnr',
  'p.given_name',
  'p.family_name',
  'p.sex',
  'c.name as exam_name',
  'c.name_en as exam_name_en',
  'c.modality',
  'd.name as department_name',
  'rp.given_name as referrer_given_name',
  'rp.family_name as referrer_family_name',
  'ro.name as referrer_org_name',
] as const;

function referralJoin(db: Q) {
  return db
    .selectFrom('blind_assessment as b')
    .innerJoin('referral as r', 'r.id', 'b.referral_id')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('organization as d', 'd.id', 'b.department_org_id')
    .innerJoin('person as rp', 'rp.id', 'r.referrer_person_id')
    .innerJoin('organization as ro', 'ro.id', 'r.referrer_org_id');
}

/** Sampled referrals in the departments still waiting for a second assessment, oldest first. */
export async function queue(db: Q, departmentIds: string[], limit: number) {
  if (!departmentIds.length) return [];
  return referralJoin(db)
    .select([...referralColumns])
    .where('b.department_org_id', 'in', departmentIds)
    .where('b.second_outcome', 'is', null)
    .orderBy('b.sampled_at')
    .orderBy('b.referral_id')
    .limit(limit)
    .execute();
}

export async function sampled(db: Q, referralId: string) {
  return referralJoin(db)
    .select([...referralColumns])
    .where('b.referral_id', '=', referralId)
    .executeTakeFirst();
}

/** Records the second assessment if none is recorded yet; false when someone was first. */
export async function recordSecond(db: Q, s: { referralId: string; personId: string; userId: string; outcome: string; at: Date }): Promise<boolean> {
  const res = await db
    .updateTable('blind_assessment')
    .set({ second_person_id: s.personId, second_user_id: s.userId, second_outcome: s.outcome, assessed_at: s.at })
    .where('referral_id', '=', s.referralId)
    .where('second_outcome', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Completed pairs in the departments with the second assessment in [from, to). */
export async function pairs(db: Q, departmentIds: string[], from: Date, to: Date) {
  if (!departmentIds.length) return [];
  return db
    .selectFrom('blind_assessment as b')
    .innerJoin('referral as r', 'r.id', 'b.referral_id')
    .innerJoin('exam_code as c', 'c.code', 'r.exam_code')
    .innerJoin('person as fp', 'fp.id', 'b.first_person_id')
    .select([
      'b.referral_id',
      'b.department_org_id',
      'b.first_person_id',
      'b.first_outcome',
      'b.second_outcome',
      'r.exam_code',
      'c.name as exam_name',
      'c.name_en as exam_name_en',
      'c.modality',
      'fp.given_name',
      'fp.family_name',
    ])
    .where('b.department_org_id', 'in', departmentIds)
    .where('b.second_outcome', 'is not', null)
    .where('b.assessed_at', '>=', from)
    .where('b.assessed_at', '<', to)
    .orderBy('b.assessed_at')
    .execute();
}
