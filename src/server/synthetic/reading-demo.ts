// Demo data for the reading worklists (issue 9 §6): the demo department's lists and a regional list,
// reader profiles for the demo radiologist, LIS and reporting radiographer, and today's performed,
// unread exams (some with AI findings from a registered demo AI system), so a reader finds work on
// first start. All people and findings are synthetic.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordReferralEvent } from '../assessment/receipt.ts';
import type { AiFindingCode, DB, ReferralStatus, Urgency } from '../db/schema.ts';
import { hashToken } from '../auth/sessions.ts';
import { ageOn } from '../directory/identifiers.ts';

export interface ReadingDemoInput {
  departmentId: string;
  rhfId: string;
  referrerPersonId: string;
  referrerOrgId: string;
  /** Person ids of the demo accounts. */
  radiologist: string;
  lis: string;
  reportingRadiographer: string;
}

// [exam code, urgency, hours ago, AI finding]
const CASES: [string, Urgency, number, [AiFindingCode, number] | null][] = [
  ['SAA0AD', 'emergency', 0.3, ['intracranial_haemorrhage', 0.93]],
  ['SAA0AD', 'urgent', 1.2, null],
  ['SAA0AG', 'routine', 2.5, null],
  ['SNG0AG', 'routine', 3.1, null],
  ['SNG0AG', 'planned', 4.0, null],
  ['SAA0AD', 'routine', 0.8, ['intracranial_haemorrhage', 0.31]],
  ['SAA0AG', 'urgent', 5.5, null],
  ['SNG0AG', 'routine', 6.2, null],
  ['SAA0AD', 'routine', 7.0, null],
  ['SAA0AG', 'routine', 1.7, null],
];

/** Seeds the reading demo (idempotent by list ids). Returns the number of cases created. */
export async function seedReadingDemo(db: Kysely<DB>, d: ReadingDemoInput, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const codes = await trx.selectFrom('exam_code').select(['code', 'modality', 'body_part']).execute();
    const byModality = (m: string) => codes.filter((c) => c.modality === m).map((c) => c.code);
    const have = new Set(codes.map((c) => c.code));
    const lists = [
      // name_key: the name in the reader's language comes from i18n (migration 0420, reading/list-name.ts).
      { id: 'rl-demo-all', name: 'Alle undersøkelser', name_key: 'all', owner_org_id: d.departmentId, regional: false, modalities: null },
      { id: 'rl-demo-ctmr', name: 'CT og MR', name_key: 'ct-mr', owner_org_id: d.departmentId, regional: false, modalities: ['CT', 'MR'] },
      {
        id: 'rl-demo-region-neuro',
        name: 'Regional nevroradiologi',
        name_key: 'regional-neuro',
        owner_org_id: d.rhfId,
        regional: true,
        modalities: ['CT', 'MR'],
      },
    ];
    for (const l of lists)
      await trx
        .insertInto('reading_list')
        .values({ ...l, body_parts: null, exam_codes: null, priorities: null, site_org_ids: null, trust_org_ids: null, subspecialty: null })
        .onConflict((c) => c.column('id').doNothing())
        .execute();
    const profiles = [
      { person_id: d.radiologist, role: 'radiologist' as const, subspecialties: ['nevroradiologi'], solo_exam_codes: [] as string[] },
      // A LIS's exam types to report alone are competence approvals (training, migration 0160), below.
      { person_id: d.lis, role: 'lis' as const, subspecialties: [], solo_exam_codes: [] as string[] },
      {
        person_id: d.reportingRadiographer,
        role: 'reporting_radiographer' as const,
        subspecialties: [],
        solo_exam_codes: [...byModality('DX'), ...byModality('CR')],
      },
    ];
    for (const p of profiles)
      await trx
        .insertInto('reader_profile')
        .values({ ...p, home_org_id: d.departmentId, available: true, updated_by: null })
        .onConflict((c) => c.column('person_id').doNothing())
        .execute();
    for (const code of byModality('DX').slice(0, 5))
      await trx
        .insertInto('competence_approval')
        .values({ id: `demo-ca-${code}`, person_id: d.lis, exam_code: code, organization_id: d.departmentId, approved_by_person_id: d.radiologist })
        .onConflict((c) => c.doNothing())
        .execute();
    // A registered AI system (its token is random and not kept: register your own to post findings).
    await trx
      .insertInto('api_client')
      .values({
        id: 'ai-demo',
        name: 'Demo-KI (syntetisk)',
        organization_id: d.rhfId,
        token_hash: hashToken(crypto.randomBytes(32).toString('hex')),
        scopes: ['reading.ai'],
      })
      .onConflict((c) => c.column('id').doNothing())
      .execute();
    const patients = await trx
      .selectFrom('patient')
      .select(['id', 'birth_date', 'sex'])
      .orderBy('id')
      .limit(CASES.length + 5)
      .execute();
    const dx = byModality('DX')[0];
    const all = dx
      ? [...CASES, [dx, 'routine', 2.2, ['fracture', 0.88]] as (typeof CASES)[number], [dx, 'routine', 3.4, null] as (typeof CASES)[number]]
      : CASES;
    let made = 0;
    for (let i = 0; i < all.length && i < patients.length; i++) {
      const [code, urgency, hoursAgo, finding] = all[i];
      if (!have.has(code)) continue;
      const tag = crypto.randomBytes(5).toString('hex');
      const at = new Date(now.getTime() - hoursAgo * 3_600_000);
      const referralId = `ref-demo-read-${tag}`;
      await trx
        .insertInto('referral')
        .values({
          id: referralId,
          patient_id: patients[i].id,
          // As the referral form stores them: the patient's age when referred and sex (lists show them).
          patient_age: ageOn(patients[i].birth_date, at),
          patient_sex: patients[i].sex,
          referrer_person_id: d.referrerPersonId,
          referrer_org_id: d.referrerOrgId,
          department_org_id: d.departmentId,
          exam_code: code,
          status: 'performed',
          urgency,
          clinical_question: urgency === 'emergency' ? 'Akutt hodepine og forvirring. Blødning?' : 'Vurdering etter klinisk undersøkelse.',
          submitted_at: new Date(at.getTime() - 86_400_000),
          assessed_at: new Date(at.getTime() - 23 * 3_600_000),
          scheduled_at: new Date(at.getTime() - 22 * 3_600_000),
          performed_at: at,
          source: 'synthetic',
        })
        .execute();
      // Its history as the live path records it (assessment/event-history.ts), for the referral page.
      const steps: [string, ReferralStatus | null, ReferralStatus, number, string | null][] = [
        ['submitted', null, 'submitted', 24, 'referrer'],
        ['accepted', 'submitted', 'accepted', 23, 'radiologist'],
        ['scheduled', 'accepted', 'scheduled', 22, null],
        ['performed', 'scheduled', 'performed', 0, null],
      ];
      for (const [kind, fromStatus, toStatus, hoursBefore, actorRole] of steps)
        await recordReferralEvent(trx, {
          referralId,
          kind,
          fromStatus,
          toStatus,
          actorUserId: null,
          actorPersonId: kind === 'submitted' ? d.referrerPersonId : null,
          actorRole,
          at: new Date(at.getTime() - hoursBefore * 3_600_000),
        });
      await trx
        .insertInto('requested_procedure')
        .values({
          id: `rp-demo-read-${tag}`,
          referral_id: referralId,
          patient_id: patients[i].id,
          department_org_id: d.departmentId,
          accession_number: `RD${tag}`.slice(0, 16).toUpperCase(),
          requested_procedure_id: `RP${i + 1}`,
          study_instance_uid: `2.25.${BigInt(`0x${tag}`).toString()}${i}`,
          description: code,
        })
        .execute();
      const examId = `exam-demo-read-${tag}`;
      await trx
        .insertInto('exam')
        .values({
          id: examId,
          referral_id: referralId,
          exam_code: code,
          modality_id: null,
          performing_org_id: d.departmentId,
          patient_area_id: null,
          performed_at: at,
          reported_at: null,
        })
        .execute();
      if (finding) {
        const [fc, conf] = finding;
        await trx
          .insertInto('ai_finding')
          .values({
            id: `aif-demo-${tag}`,
            exam_id: examId,
            client_id: 'ai-demo',
            code: fc,
            confidence: conf,
            resource: JSON.stringify({ demo: true }),
            received_at: at,
          })
          .execute();
        const rule = await trx
          .selectFrom('ai_priority_rule as r')
          .innerJoin('reading_deadline as d', 'd.priority', 'r.priority')
          .select(['r.priority', 'd.rank', 'd.hours'])
          .where('r.code', '=', fc)
          .where('r.min_confidence', '<=', conf)
          .orderBy('d.rank')
          .executeTakeFirst();
        const c = await trx.selectFrom('reading_case').select('priority_rank').where('exam_id', '=', examId).executeTakeFirstOrThrow();
        await trx
          .updateTable('reading_case')
          .set(
            rule && rule.rank < c.priority_rank
              ? { ai_flag: true, priority: rule.priority, priority_rank: rule.rank, due_at: new Date(at.getTime() + rule.hours * 3_600_000) }
              : { ai_flag: true },
          )
          .where('exam_id', '=', examId)
          .execute();
      }
      made++;
    }
    return made;
  });
}
