// Demo data for second opinion / consult (migration 0170): a synthetic neuroradiologist in a
// partner trust of the region (reader profile only, no login), and three requests around the demo
// radiologist — one open to the partner's neuroradiology, one the partner answered (disagreeing,
// with a proposed addendum), and one open from the partner to the demo trust's neuroradiology,
// which the demo `radiolog` (neuroradiology in the reading demo) finds under "Second opinion".
// All people, questions and answers are synthetic. Idempotent: nothing is added when demo
// requests exist, or when the demo radiologist, an open case or a partner trust is missing.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordReferralEvent } from '../assessment/receipt.ts';
import type { DB } from '../db/schema.ts';
import { ageOn } from '../directory/identifiers.ts';
import { trustOf } from './consult-store.ts';

export const DEMO_PARTNER_PERSON = 'person-demo-nevro-partner';

/** Adds the demo requests once; returns how many were added (0 when already there or not possible). */
export async function ensureDemoConsults(db: Kysely<DB>, radiologistUserId: string, now = new Date()): Promise<number> {
  if (await db.selectFrom('consult_request').select('id').where('id', 'like', 'cons-demo-%').executeTakeFirst()) return 0;
  const me = await db
    .selectFrom('user_account as u')
    .innerJoin('reader_profile as rp', 'rp.person_id', 'u.person_id')
    .select(['u.id as user_id', 'u.person_id', 'rp.home_org_id'])
    .where('u.id', '=', radiologistUserId)
    .executeTakeFirst();
  if (!me) return 0;
  const myTrust = await trustOf(db, me.home_org_id);
  const trustRow = myTrust ? await db.selectFrom('organization').select('parent_id').where('id', '=', myTrust).executeTakeFirst() : undefined;
  if (!myTrust || !trustRow?.parent_id) return 0;
  const partner = await db
    .selectFrom('organization as t')
    .innerJoin('organization as s', 's.parent_id', 't.id')
    .innerJoin('organization as d', 'd.parent_id', 's.id')
    .select(['t.id as trust', 'd.id as dept'])
    .where('t.kind', '=', 'hf')
    .where('t.parent_id', '=', trustRow.parent_id)
    .where('t.id', '!=', myTrust)
    .where('d.kind', '=', 'department')
    .orderBy('t.id')
    .orderBy('d.id')
    .executeTakeFirst();
  // Open cases of the demo department, most urgent first (the reading demo's CT and MR exams).
  const cases = await db
    .selectFrom('reading_case')
    .select(['exam_id', 'referral_id', 'patient_id', 'exam_code'])
    .where('open', '=', true)
    .where('performing_org_id', '=', me.home_org_id)
    .where('modality', 'in', ['CT', 'MR'])
    .orderBy('priority_rank')
    .orderBy('performed_at')
    .limit(2)
    .execute();
  if (!partner || cases.length < 2) return 0;
  const referral = await db
    .selectFrom('referral')
    .select(['referrer_person_id', 'referrer_org_id'])
    .where('id', '=', cases[0].referral_id)
    .executeTakeFirstOrThrow();

  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('person')
      .values({
        id: DEMO_PARTNER_PERSON,
        hpr_number: null,
        given_name: 'Nina',
        family_name: 'Nevrolund (syntetisk)',
        profession: 'physician',
        referrer_kind: null,
        email: null,
      })
      .onConflict((c) => c.column('id').doNothing())
      .execute();
    await trx
      .insertInto('reader_profile')
      .values({
        person_id: DEMO_PARTNER_PERSON,
        role: 'radiologist',
        home_org_id: partner.dept,
        subspecialties: ['nevroradiologi'],
        solo_exam_codes: [],
        available: true,
        updated_by: null,
      })
      .onConflict((c) => c.column('person_id').doNothing())
      .execute();
    const h = 3_600_000;
    const base = { requested_by_user_id: me.user_id, target_org_id: partner.trust, target_subspecialty: 'nevroradiologi', target_person_id: null };
    await trx
      .insertInto('consult_request')
      .values([
        {
          ...base,
          id: 'cons-demo-open',
          exam_id: cases[0].exam_id,
          kind: 'second_opinion',
          question: 'Syntetisk: Liten hyperdensitet frontalt – blødning eller artefakt? Ønsker en nevroradiologs vurdering.',
          requested_by_person_id: me.person_id,
          due_at: new Date(now.getTime() + 4 * h),
          created_at: new Date(now.getTime() - 0.5 * h),
        },
        {
          ...base,
          id: 'cons-demo-answered',
          exam_id: cases[1].exam_id,
          kind: 'consult',
          question: 'Syntetisk: Usikker på om funnet er nytt sammenlignet med forrige undersøkelse.',
          requested_by_person_id: me.person_id,
          due_at: new Date(now.getTime() + 20 * h),
          created_at: new Date(now.getTime() - 3 * h),
          status: 'answered',
          answer_text: 'Syntetisk svar: Funnet er uendret og har et godartet utseende. Ingen ny patologi.',
          agreement: 'disagree',
          addendum_proposal: 'Etter konsultasjon med nevroradiolog: funnet er uendret og vurderes som godartet.',
          answered_by_person_id: DEMO_PARTNER_PERSON,
          answered_at: new Date(now.getTime() - 1 * h),
        },
      ])
      .execute();

    // An exam in the partner trust, and its request to the demo trust's neuroradiology (incoming).
    const tag = crypto.randomBytes(5).toString('hex');
    const at = new Date(now.getTime() - 2 * h);
    const referralId = `ref-demo-cons-${tag}`;
    const patient = await trx.selectFrom('patient').select(['birth_date', 'sex']).where('id', '=', cases[1].patient_id).executeTakeFirstOrThrow();
    await trx
      .insertInto('referral')
      .values({
        id: referralId,
        patient_id: cases[1].patient_id,
        patient_age: ageOn(patient.birth_date, at),
        patient_sex: patient.sex,
        referrer_person_id: referral.referrer_person_id,
        referrer_org_id: referral.referrer_org_id,
        department_org_id: partner.dept,
        exam_code: cases[0].exam_code,
        status: 'performed',
        urgency: 'urgent',
        clinical_question: 'Syntetisk: Hodepine og nyoppstått svimmelhet. Ekspansiv prosess?',
        submitted_at: new Date(at.getTime() - 86_400_000),
        assessed_at: new Date(at.getTime() - 23 * h),
        scheduled_at: new Date(at.getTime() - 22 * h),
        performed_at: at,
        source: 'synthetic',
      })
      .execute();
    // Its history as the live path records it, for the referral page (assessment/event-history.ts).
    for (const [kind, fromStatus, toStatus, hoursBefore] of [
      ['submitted', null, 'submitted', 24],
      ['accepted', 'submitted', 'accepted', 23],
      ['scheduled', 'accepted', 'scheduled', 22],
      ['performed', 'scheduled', 'performed', 0],
    ] as const)
      await recordReferralEvent(trx, {
        referralId,
        kind,
        fromStatus,
        toStatus,
        actorUserId: null,
        actorPersonId: kind === 'submitted' ? referral.referrer_person_id : null,
        actorRole: kind === 'submitted' ? 'referrer' : kind === 'performed' ? 'modality' : null,
        at: new Date(at.getTime() - hoursBefore * h),
      });
    await trx
      .insertInto('requested_procedure')
      .values({
        id: `rp-demo-cons-${tag}`,
        referral_id: referralId,
        patient_id: cases[1].patient_id,
        department_org_id: partner.dept,
        accession_number: `RC${tag}`.slice(0, 16).toUpperCase(),
        requested_procedure_id: 'RPC1',
        study_instance_uid: `2.25.${BigInt(`0x${tag}`).toString()}7`,
        description: cases[0].exam_code,
      })
      .execute();
    const examId = `exam-demo-cons-${tag}`;
    await trx
      .insertInto('exam')
      .values({
        id: examId,
        referral_id: referralId,
        exam_code: cases[0].exam_code,
        modality_id: null,
        performing_org_id: partner.dept,
        patient_area_id: null,
        performed_at: at,
        reported_at: null,
      })
      .execute();
    await trx
      .insertInto('consult_request')
      .values({
        id: 'cons-demo-incoming',
        exam_id: examId,
        kind: 'second_opinion',
        question: 'Syntetisk: Lite kontrastoppladende område i bakre skallegrop – ber om nevroradiologisk vurdering.',
        requested_by_person_id: DEMO_PARTNER_PERSON,
        requested_by_user_id: 'demo-partner',
        target_org_id: myTrust,
        target_subspecialty: 'nevroradiologi',
        target_person_id: null,
        due_at: new Date(now.getTime() + 22 * h),
        created_at: new Date(now.getTime() - 1.5 * h),
      })
      .execute();
    return 3;
  });
}
