// Demo data for assessment (vurdering), made so the vetting inbox shows a working department on
// any day the demo is started: on every start, if today has no demo batch yet, a dozen fresh
// referrals are sent to the demo department (received over the last working days, so some are
// past the deadline, some due today or soon, some later), with a duplicate pair, one open request
// for more information and one answered thread; a few go to the partner trust for the regional
// joint inbox. Once per database: a vetting share agreement between the demo trust and one other
// trust in the region, and the demo radiographer's approval to assess MR and X-ray referrals
// (task sharing). Synthetic people only; every referral gets its deadline and "submitted" event.
import { sql, type Kysely } from 'kysely';
import { assessmentDueDate } from '../assessment/deadline.ts';
import { isWorkingDay, osloDate } from '../calendar/norwegian-calendar.ts';
import type { DB, Urgency } from '../db/schema.ts';
import { advise } from '../guidelines/advise.ts';
import type { GuidelinePack } from '../guidelines/types.ts';

interface Scenario {
  exam: string;
  question: string;
  note: string;
  indication: [string, string] | null;
  urgency: Urgency;
  /** Working days before today the referral was received. */
  daysAgo: number;
  byDemoGp?: boolean;
  /** Same patient as the scenario at this index (a duplicate pair). */
  samePatientAs?: number;
  thread?: 'asked' | 'answered';
  partner?: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    exam: 'SNG0AG',
    question: 'Meniskskade?',
    note: 'Vridningsskade i høyre kne for 6 uker siden. Låsninger og hevelse. Røntgen kne normal.',
    indication: ['ICPC-2', 'L96'],
    urgency: 'routine',
    daysAgo: 12,
  },
  {
    exam: 'SNA0GG',
    question: 'Prolaps?',
    note: 'Smerter i korsrygg med utstråling til venstre ben i 8 uker. Ikke bedring med fysioterapi. Ingen pareser.',
    indication: ['ICPC-2', 'L86'],
    urgency: 'routine',
    daysAgo: 11,
    byDemoGp: true,
  },
  {
    exam: 'SAA0AD',
    question: 'Ny type hodepine',
    note: 'Ny type hodepine siste 3 uker hos 62-åring, verre om morgenen. Ingen nevrologiske utfall.',
    indication: ['ICPC-2', 'N01'],
    urgency: 'urgent',
    daysAgo: 1,
  },
  {
    exam: 'SNB0BG',
    question: 'Rotatorcuffruptur?',
    note: 'Smerter i høyre skulder i 4 måneder etter fall. Nedsatt kraft ved abduksjon. Fysioterapi forsøkt.',
    indication: ['ICPC-2', 'L92'],
    urgency: 'routine',
    daysAgo: 9,
  },
  {
    exam: 'SSC0AD',
    question: 'Mistanke om lungekreft',
    note: 'Hoste i 6 uker, vekttap 5 kg, røyker 30 pakkeår. Henvises i pakkeforløp lunge.',
    indication: null,
    urgency: 'urgent',
    daysAgo: 0,
    byDemoGp: true,
  },
  {
    exam: 'SNG0AG',
    question: 'Kneskade',
    note: 'Smerter og hevelse i venstre kne etter fotballkamp for 3 uker siden. Usikker stabilitet.',
    indication: ['ICPC-2', 'L96'],
    urgency: 'routine',
    daysAgo: 5,
    byDemoGp: true,
  },
  {
    exam: 'SNG0AG',
    question: 'Meniskskade venstre kne?',
    note: 'Henvist fra legevakt: kneskade venstre kne for 3 uker siden, fortsatt hevelse og låsninger.',
    indication: ['ICPC-2', 'L96'],
    urgency: 'routine',
    daysAgo: 2,
    samePatientAs: 5,
  },
  {
    exam: 'SNA0GA',
    question: 'Artrose i korsrygg?',
    note: 'Gradvis økende korsryggsmerter i 2 år hos 70-åring. Ingen utstråling, ingen røde flagg.',
    indication: ['ICPC-2', 'L84'],
    urgency: 'routine',
    daysAgo: 3,
  },
  {
    exam: 'SAA0AG',
    question: 'Hodepine og svimmelhet',
    note: 'Hodepine og svimmelhet i 3 måneder. Normal nevrologisk undersøkelse.',
    indication: ['ICPC-2', 'N01'],
    urgency: 'routine',
    daysAgo: 7,
  },
  {
    exam: 'SNA0GG',
    question: 'Spinal stenose?',
    note: 'Smerter i begge ben ved gange, bedre ved hvile. 68 år.',
    indication: ['ICPC-2', 'L86'],
    urgency: 'routine',
    daysAgo: 6,
    byDemoGp: true,
    thread: 'asked',
  },
  {
    exam: 'SNB0BG',
    question: 'Skuldersmerter',
    note: 'Smerter i venstre skulder i 3 måneder, verst om natten.',
    indication: ['ICPC-2', 'L92'],
    urgency: 'routine',
    daysAgo: 4,
    byDemoGp: true,
    thread: 'answered',
  },
  {
    exam: 'SNG0AD',
    question: 'Tibiaplatåfraktur?',
    note: 'Fall fra stige i går, smerter og hevelse lateralt i høyre kne. Røntgen usikkert.',
    indication: ['ICPC-2', 'L96'],
    urgency: 'urgent',
    daysAgo: 0,
  },
  {
    exam: 'SNG0AG',
    question: 'Kneskade',
    note: 'Vridningstraume høyre kne for 5 uker siden, låser seg.',
    indication: ['ICPC-2', 'L96'],
    urgency: 'routine',
    daysAgo: 8,
    partner: true,
  },
  {
    exam: 'SNA0GG',
    question: 'Isjias',
    note: 'Utstrålende smerter til høyre ben i 10 uker, nummenhet i foten.',
    indication: ['ICPC-2', 'L86'],
    urgency: 'routine',
    daysAgo: 3,
    partner: true,
  },
  {
    exam: 'SAA0AG',
    question: 'Migrene med endret mønster',
    note: 'Kjent migrene, nå hyppigere anfall med synsforstyrrelse og nummenhet i høyre arm siste 2 måneder. 34 år.',
    indication: ['ICPC-2', 'N89'],
    urgency: 'routine',
    daysAgo: 1,
    partner: true,
  },
];

const QUESTION = 'Er det gjort klinisk nevrologisk undersøkelse? Har pasienten pareser, nedsatt sensibilitet eller blæreforstyrrelser?';
const ANSWER = 'Normal nevrologisk status, ingen blæreforstyrrelser. Smertene har økt siste 2 uker.';
const ASKED = 'Hvor lenge har pasienten hatt smertene, og er fysioterapi forsøkt?';

/** The Norwegian calendar date `n` working days before `today` (n = 0: today), at 09:00 Oslo time. */
function workingDaysBefore(today: Date, n: number, hour: number): Date {
  const d = new Date(today.getTime());
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (isWorkingDay(d)) left--;
  }
  return new Date(d.getTime() + (hour - 1) * 3_600_000); // UTC midnight of the date + (hour − 1) h ≈ hour in Oslo (winter), fine for demo data
}

/**
 * When the `i`th demo referral arrived: `planned` (a working day's hour), unless that lies after
 * `now` — a demo started at 08:00 must not show a referral received at 12:00, nor an answer that
 * comes before it arrived — then a few minutes before now (5 min × (i mod 6 + 1)), not before
 * `today` (the Oslo date's midnight, UTC).
 */
export function demoReceivedAt(planned: Date, now: Date, today: Date, i: number): Date {
  if (planned <= now) return planned;
  return new Date(Math.max(today.getTime(), now.getTime() - ((i % 6) + 1) * 5 * 60_000));
}

export interface DemoAssessmentSummary {
  added: number;
  agreement: string | null;
}

/**
 * Adds today's demo referrals to the demo department (and partner trust) unless already there,
 * and the share agreement and radiographer approvals once. Returns what it added.
 */
export async function ensureDemoAssessment(db: Kysely<DB>, pack: GuidelinePack, now = new Date()): Promise<DemoAssessmentSummary> {
  const radiolog = await db
    .selectFrom('role_assignment as g')
    .innerJoin('organization as d', 'd.id', 'g.organization_id')
    .leftJoin('organization as s', 's.id', 'd.parent_id')
    .select(['d.id as dept', 'd.region_id', 'd.area_id', 's.parent_id as trust'])
    .where('g.user_id', '=', 'user-demo-radiolog')
    .executeTakeFirst();
  if (!radiolog?.trust) return { added: 0, agreement: null };
  const { dept, trust } = radiolog;

  // Once: a vetting share agreement with another trust of the region, and task sharing.
  const partnerTrust = await db
    .selectFrom('organization')
    .select('id')
    .where('kind', '=', 'hf')
    .where('region_id', '=', radiolog.region_id)
    .where('id', '!=', trust)
    .orderBy('id')
    .executeTakeFirst();
  let agreement: string | null = null;
  if (partnerTrust) {
    agreement = `share-demo-${trust}`;
    await db
      .insertInto('vetting_share_agreement')
      .values({ id: agreement, name: 'Felles regional vurdering (demo)', region_id: radiolog.region_id, valid_from: '2020-01-01' })
      .onConflict((c) => c.doNothing())
      .execute();
    await db
      .insertInto('vetting_share_member')
      .values([
        { agreement_id: agreement, organization_id: trust },
        { agreement_id: agreement, organization_id: partnerTrust.id },
      ])
      .onConflict((c) => c.doNothing())
      .execute();
  }
  const radiograf = await db.selectFrom('user_account').select('person_id').where('username', '=', 'radiograf').executeTakeFirst();
  if (radiograf)
    await db
      .insertInto('radiographer_assessment_approval')
      .values(['MR', 'DX'].map((modality) => ({ person_id: radiograf.person_id, department_org_id: dept, modality, approved_by: 'demo' })))
      .onConflict((c) => c.doNothing())
      .execute();

  // Once: redirect rules (migration 0175) — MR to a private institute the region buys MR from,
  // when the patient is followed up outside hospital; anything to the partner trust's department.
  await ensureDemoRedirectRules(db, dept, radiolog.region_id, partnerTrust?.id ?? null);

  // Every day: today's batch, unless already there.
  const today = osloDate(now);
  const stamp = today.toISOString().slice(0, 10).replace(/-/g, '');
  const prefix = `ref-demo-${stamp}-`;
  if (await db.selectFrom('referral').select('id').where('id', '=', `${prefix}1`).executeTakeFirst()) return { added: 0, agreement };

  const partnerDept = partnerTrust
    ? await db
        .selectFrom('organization as d')
        .innerJoin('organization as s', 's.id', 'd.parent_id')
        .select(['d.id'])
        .where('d.kind', '=', 'department')
        .where('s.parent_id', '=', partnerTrust.id)
        .orderBy('d.id')
        .executeTakeFirst()
    : undefined;
  const demoGp = await db
    .selectFrom('user_account as u')
    .innerJoin('role_assignment as g', 'g.user_id', 'u.id')
    .select(['u.id as user_id', 'u.person_id', 'g.organization_id'])
    .where('u.username', '=', 'fastlege')
    .where('g.role', '=', 'referrer')
    .executeTakeFirst();
  const radiologPerson = await db.selectFrom('user_account').select(['id', 'person_id']).where('username', '=', 'radiolog').executeTakeFirst();
  // Other referrers: GPs who referred to the department before (the synthetic history).
  const referrers = await sql<{ person_id: string; org_id: string }>`
    SELECT DISTINCT r.referrer_person_id AS person_id, r.referrer_org_id AS org_id FROM referral r
    JOIN organization o ON o.id = r.referrer_org_id AND o.kind = 'gp_practice'
    WHERE r.department_org_id = ${dept} ORDER BY 1 LIMIT 8`.execute(db);
  // Adult patients of the department's area, a different set each day.
  const offset = (Math.floor(today.getTime() / 86_400_000) * 17) % 500;
  const patients = await sql<{ id: string; birth_date: string; sex: 'M' | 'F'; area_id: string | null }>`
    SELECT p.id, p.birth_date::text AS birth_date, p.sex, m.area_id FROM patient p JOIN municipality m ON m.number = p.municipality_number
    WHERE m.area_id = ${radiolog.area_id} AND p.birth_date BETWEEN ${`${today.getUTCFullYear() - 80}-01-01`} AND ${`${today.getUTCFullYear() - 25}-12-31`}
    ORDER BY p.id OFFSET ${offset} LIMIT ${SCENARIOS.length}`.execute(db);
  if (patients.rows.length < SCENARIOS.length || referrers.rows.length === 0 || !demoGp) return { added: 0, agreement };

  let added = 0;
  for (const [i, s] of SCENARIOS.entries()) {
    if (s.partner && !partnerDept) continue;
    const id = `${prefix}${i + 1}`;
    const patient = patients.rows[s.samePatientAs ?? i];
    const referrer = s.byDemoGp ? { person_id: demoGp.person_id, org_id: demoGp.organization_id } : referrers.rows[i % referrers.rows.length];
    const receivedAt = demoReceivedAt(workingDaysBefore(today, s.daysAgo, 9 + (i % 6)), now, today, i);
    const age = today.getUTCFullYear() - Number(patient.birth_date.slice(0, 4));
    const indication = s.indication ? { system: s.indication[0] as 'ICPC-2', code: s.indication[1] } : undefined;
    const text = `${s.question}. ${s.note}`;
    const r = advise(
      pack,
      { examCode: s.exam, patient: { ageYears: age, sex: patient.sex }, indication, referrerKind: 'gp', facts: {}, text },
      { now: receivedAt },
    );
    const due = assessmentDueDate(receivedAt, { urgency: s.urgency, indication, facts: r.facts as Record<string, unknown>, text });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('referral')
        .values({
          id,
          patient_id: patient.id,
          referrer_person_id: referrer.person_id,
          referrer_org_id: referrer.org_id,
          department_org_id: s.partner ? partnerDept!.id : dept,
          exam_code: s.exam,
          indication_system: indication?.system ?? null,
          indication_code: indication?.code ?? null,
          clinical_question: s.question,
          clinical_note: s.note,
          urgency: s.urgency,
          status: s.thread === 'asked' ? 'info_requested' : 'submitted',
          low_value: r.advice ? r.advice.rating === 'usually_not_appropriate' : null,
          patient_area_id: patient.area_id,
          patient_age: age,
          patient_sex: patient.sex,
          created_at: new Date(receivedAt.getTime() - 600_000),
          submitted_at: receivedAt,
          source: 'synthetic',
          facts: JSON.stringify(r.facts),
          advice: r.advice ? JSON.stringify(r.advice) : null,
          assessment_due_date: due.dueDate,
        })
        .execute();
      await trx
        .insertInto('referral_event')
        .values({
          referral_id: id,
          at: receivedAt,
          kind: 'submitted',
          from_status: null,
          to_status: 'submitted',
          actor_person_id: referrer.person_id,
          actor_role: 'referrer',
          reason_code: due.reason,
          data: JSON.stringify({ assessmentDueDate: due.dueDate, workingDays: due.workingDays, source: 'demo' }),
        })
        .execute();
      if (s.thread && radiologPerson) {
        const asked = new Date(receivedAt.getTime() + 2 * 3_600_000);
        await trx
          .insertInto('referral_message')
          .values({
            referral_id: id,
            at: asked,
            author_user_id: radiologPerson.id,
            author_person_id: radiologPerson.person_id,
            side: 'department',
            body: s.thread === 'asked' ? QUESTION : ASKED,
          })
          .execute();
        await trx
          .insertInto('referral_event')
          .values({
            referral_id: id,
            at: asked,
            kind: 'info_requested',
            from_status: 'submitted',
            to_status: 'info_requested',
            actor_user_id: radiologPerson.id,
            actor_person_id: radiologPerson.person_id,
            actor_role: 'radiologist',
          })
          .execute();
        if (s.thread === 'answered') {
          const answered = new Date(asked.getTime() + 20 * 3_600_000);
          await trx
            .insertInto('referral_message')
            .values({ referral_id: id, at: answered, author_user_id: demoGp.user_id, author_person_id: demoGp.person_id, side: 'referrer', body: ANSWER })
            .execute();
          await trx
            .insertInto('referral_event')
            .values({
              referral_id: id,
              at: answered,
              kind: 'info_answered',
              from_status: 'info_requested',
              to_status: 'submitted',
              actor_user_id: demoGp.user_id,
              actor_person_id: demoGp.person_id,
              actor_role: 'referrer',
            })
            .execute();
        }
      }
    });
    added++;
  }
  return { added, agreement };
}

/** The demo department's redirect rules, once per database (kept if the leader removes them later). */
async function ensureDemoRedirectRules(db: Kysely<DB>, dept: string, regionId: string | null, partnerTrust: string | null) {
  if (await db.selectFrom('redirect_rule').select('id').where('department_org_id', '=', dept).executeTakeFirst()) return;
  const leader = await db.selectFrom('user_account').select('id').where('username', '=', 'avdelingsleder').executeTakeFirst();
  if (!leader || !regionId) return;
  const institute = await db
    .selectFrom('purchase_agreement as a')
    .innerJoin('organization as p', 'p.id', 'a.provider_org_id')
    .select('p.id')
    .where('p.kind', '=', 'private_institute')
    .where('p.region_id', '=', regionId)
    .where(sql<boolean>`'MR' = ANY(a.modalities)`)
    .orderBy('p.id')
    .executeTakeFirst();
  const partnerDept = partnerTrust
    ? await db
        .selectFrom('organization as d')
        .innerJoin('organization as s', 's.id', 'd.parent_id')
        .select('d.id')
        .where('d.kind', '=', 'department')
        .where('s.parent_id', '=', partnerTrust)
        .orderBy('d.id')
        .executeTakeFirst()
    : undefined;
  const rules = [
    ...(institute
      ? [
          {
            id: `redirect-demo-${dept}-mr`,
            target_org_id: institute.id,
            modalities: ['MR'],
            condition: 'followed_up_outside_hospital' as const,
            note: 'Poliklinisk MR etter innkjøpsavtalen',
          },
        ]
      : []),
    ...(partnerDept
      ? [
          {
            id: `redirect-demo-${dept}-partner`,
            target_org_id: partnerDept.id,
            modalities: [],
            condition: 'always' as const,
            note: 'Ved lang ventetid hos oss',
          },
        ]
      : []),
  ];
  if (rules.length > 0)
    await db
      .insertInto('redirect_rule')
      .values(rules.map((r) => ({ ...r, department_org_id: dept, exam_codes: [], created_by_user_id: leader.id })))
      .onConflict((c) => c.doNothing())
      .execute();
}
