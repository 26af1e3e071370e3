// Quality of task sharing (oppgavedeling, issue 8 item 3): a share of the referrals radiographers
// assess is sampled (sampling.ts) in the same transaction as their decision; radiologists of the
// department assess those referrals again, blind to the first decision; the report gives the
// agreement between the two on the department's ordinal priority scale (report.ts).
import type { Kysely, Transaction } from 'kysely';
import type { BlindQueue, BlindView, Report, ReportQuery } from '../../shared/api/task-sharing.ts';
import { gated, requireDepartmentWork, scopeOf } from '../access/gate.ts';
import { departmentPriorities } from '../assessment/actions.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import type { Principal } from '../auth/principal.ts';
import type { DB, Role } from '../db/schema.ts';
import { readIndications } from '../directory/reference-data.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { agreementOf, groupBy, MIN_PAIRS, RETURNED, type Pair } from './report.ts';
import { DEFAULT_SAMPLE_PERCENT, isSampled } from './sampling.ts';
import * as store from './store.ts';
import { examNameIn } from '../../shared/exam-label.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Who assesses blind: radiologists of the receiving department. */
export const SECOND_ASSESSOR_ROLES: readonly Role[] = ['radiologist'];
/** Who reads the report: department leaders and radiologists. */
export const REPORT_ROLES: readonly Role[] = ['department_leader', 'radiologist'];

const RETURNED_LABEL = { nb: 'Returnert / ikke indisert', en: 'Returned / not indicated' };

/** The department's ordinal scale: its priority categories (most to least urgent), then returned. */
export async function scaleOf(db: Q, departmentId: string) {
  const categories = await departmentPriorities(db, departmentId);
  return [...categories.map((c) => ({ code: c.code, label: c.label })), { code: RETURNED, label: RETURNED_LABEL }];
}

/**
 * Called by the assessment domain in the transaction of every assessment action: when the action
 * accepts (outcome: the priority category) or returns (outcome: 'returned') the referral and the
 * assessor assessed it as a radiographer under task sharing (`assessedAs`: the roles the access
 * gate's assessment decision gave, access/gate.ts decideAssessment — ['radiographer']), the
 * referral is sampled for a blind second assessment with the department's share (default
 * DEFAULT_SAMPLE_PERCENT). Other actions are ignored. Returns whether it was sampled.
 */
export async function sampleForBlindReview(
  db: Q,
  p: Principal,
  a: { referralId: string; departmentId: string; decision: { action: string; priorityCategory?: string }; assessedAs: readonly Role[] },
  now = new Date(),
): Promise<boolean> {
  const outcome = a.decision.action === 'accept' ? a.decision.priorityCategory : a.decision.action === 'return' ? RETURNED : undefined;
  if (!outcome) return false;
  if (!a.assessedAs.includes('radiographer') || a.assessedAs.some((r) => r === 'radiologist' || r === 'lis')) return false;
  const percent = (await store.samplePercent(db, a.departmentId)) ?? DEFAULT_SAMPLE_PERCENT;
  if (!isSampled(a.referralId, percent)) return false;
  await store.insertSample(db, {
    referralId: a.referralId,
    departmentId: a.departmentId,
    personId: p.personId,
    userId: p.userId,
    outcome,
    at: now,
    percent,
  });
  return true;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * GET /api/task-sharing/queue: the sampled referrals waiting for a blind second assessment in the
 * departments where the user is a radiologist (oldest first, at most 200). One access-log row for
 * the list. 403 for anyone who is not a radiologist.
 */
export async function blindQueue(db: Kysely<DB>, p: Principal, client: string | null): Promise<BlindQueue> {
  return gated(db, async (trx) => {
    const depts = await scopeOf(trx, p, SECOND_ASSESSOR_ROLES);
    if (!depts.length) throw new Forbidden('Bare radiologer i avdelingen vurderer blindt / Only the department’s radiologists assess blind');
    const rows = (await store.queue(trx, depts, 200)).filter((r) => r.first_person_id !== p.personId);
    await logListAccess(trx, actorFromPrincipal(p, client, SECOND_ASSESSOR_ROLES), {
      patientIds: rows.map((r) => r.patient_id),
      resourceType: 'ServiceRequest',
      action: 'search',
      context: 'task-sharing-blind-queue',
    });
    return {
      rows: rows.map((r) => ({
        id: r.id,
        referralNumber: Number(r.referral_number),
        patientName: `${r.given_name} ${r.family_name}`,
        fnr: r.fnr,
        examName: examNameIn(p.locale, r.exam_name, r.exam_name_en),
        departmentName: r.department_name,
        submittedAt: iso(r.submitted_at),
        sampledAt: new Date(r.sampled_at).toISOString(),
      })),
    };
  });
}

async function openSampled(trx: Transaction<DB>, p: Principal, id: string, client: string | null, action: 'read' | 'update') {
  const r = await store.sampled(trx, id);
  if (!r) throw new NotFound('Henvisningen er ikke trukket ut til blind vurdering / Not sampled for blind assessment');
  await requireDepartmentWork(trx, { kind: 'user', principal: p, ip: client }, { ...r }, SECOND_ASSESSOR_ROLES, action, 'task-sharing-blind');
  if (r.first_person_id === p.personId) throw new Forbidden('Du kan ikke vurdere din egen vurdering på nytt / You cannot assess your own assessment again');
  return r;
}

let indicationNames: Map<string, string> | undefined;

/**
 * GET /api/task-sharing/referrals/{id}: the sampled referral as the first assessor saw it — the
 * referrer's text, indication, advice — but not their decision nor the referral's status (blind).
 * Through the access gate: one access-log row for the patient; radiologists of the receiving
 * department only (others refused and logged, 403). 404 when not sampled.
 */
export async function openBlind(db: Kysely<DB>, p: Principal, id: string, client: string | null): Promise<BlindView> {
  return gated(db, async (trx) => {
    const r = await openSampled(trx, p, id, client, 'read');
    indicationNames ??= new Map(readIndications().map((i) => [`${i.system}|${i.code}`, i.nameNb]));
    const advice = r.advice as { topicTitle?: { nb: string }; summary?: { nb: string } } | null;
    return {
      id: r.id,
      referralNumber: Number(r.referral_number),
      done: r.second_outcome !== null,
      patient: { name: `${r.given_name} ${r.family_name}`, fnr: r.fnr, age: r.patient_age, sex: r.sex },
      exam: { name: examNameIn(p.locale, r.exam_name, r.exam_name_en), modality: r.modality },
      departmentName: r.department_name,
      referrer: { name: `${r.referrer_given_name} ${r.referrer_family_name}`.trim(), organization: r.referrer_org_name },
      urgency: r.urgency,
      submittedAt: iso(r.submitted_at),
      indication: r.indication_system && r.indication_code ? (indicationNames.get(`${r.indication_system}|${r.indication_code}`) ?? null) : null,
      clinicalQuestion: r.clinical_question,
      clinicalNote: r.clinical_note,
      advice: advice?.summary ? { topic: advice.topicTitle?.nb ?? '', summary: advice.summary.nb } : null,
      categories: await scaleOf(trx, r.department_org_id),
    };
  });
}

/**
 * POST /api/task-sharing/referrals/{id}/second-assessment: the radiologist's blind category (or
 * 'returned'). Does not change the referral. 400 for a category outside the department's scale;
 * 403 (logged) for anyone but the department's radiologists or for the first assessor; 409 when a
 * second assessment is already recorded (two at once: one wins).
 */
export async function recordSecondAssessment(db: Kysely<DB>, p: Principal, id: string, body: { outcome: string }, client: string | null, now = new Date()) {
  return gated(db, async (trx) => {
    const r = await openSampled(trx, p, id, client, 'update');
    const scale = await scaleOf(trx, r.department_org_id);
    if (!scale.some((c) => c.code === body.outcome))
      throw new Invalid('Ukjent prioritet for denne avdelingen / Unknown category for this department', [{ field: 'outcome', message: 'ukjent / unknown' }]);
    if (!(await store.recordSecond(trx, { referralId: id, personId: p.personId, userId: p.userId, outcome: body.outcome, at: now })))
      throw new Conflict('Henvisningen er allerede vurdert blindt av en annen radiolog / Already assessed blind by someone else', [
        { field: 'outcome', message: 'allerede vurdert' },
      ]);
    return { id, recorded: true };
  });
}

const DAY = 86_400_000;
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/**
 * GET /api/task-sharing/report: agreement between radiographers' assessments and radiologists'
 * blind second assessments in one department (the first the user may see unless chosen) whose
 * second assessment falls in [from, to] (dates, default the last 365 days): overall, per modality,
 * per exam and per radiographer. Staff data only (no patient data; not access-logged). 400 for a
 * bad period; 403 outside the user's departments.
 */
export async function taskSharingReport(db: Kysely<DB>, p: Principal, q: ReportQuery, now = new Date()): Promise<Report> {
  const to = q.to ?? dateOnly(now);
  const from = q.from ?? dateOnly(new Date(Date.parse(`${to}T00:00:00Z`) - 365 * DAY));
  if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from > to)
    throw new Invalid('Perioden må ha en fra-dato før til-datoen / The period must start before it ends', [
      { field: 'from', message: 'etter til-dato / after the end date' },
    ]);
  const scope = await scopeOf(db, p, REPORT_ROLES);
  const departments = (await store.settings(db, scope)).map((d) => ({ id: d.id, name: d.name, samplePercent: d.sample_percent }));
  if (q.departmentId && !departments.some((d) => d.id === q.departmentId))
    throw new Forbidden('Du har ikke tilgang til rapporten for denne avdelingen / You have no access to this department’s report');
  const dept = q.departmentId ? departments.find((d) => d.id === q.departmentId) : departments[0];
  const scale = dept ? await scaleOf(db, dept.id) : [{ code: RETURNED, label: RETURNED_LABEL }];
  const codes = scale.map((c) => c.code);
  const rows = dept ? await store.pairs(db, [dept.id], new Date(`${from}T00:00:00Z`), new Date(Date.parse(`${to}T00:00:00Z`) + DAY)) : [];
  const usable = rows.filter((r) => codes.includes(r.first_outcome) && codes.includes(r.second_outcome ?? ''));
  const pairOf = (r: (typeof usable)[number]): Pair => ({ first: r.first_outcome, second: r.second_outcome as string });
  const grouped = (key: (r: (typeof usable)[number]) => string, label: (r: (typeof usable)[number]) => string) =>
    groupBy(usable, key, label).map((g) => ({ key: g.key, label: g.label, agreement: agreementOf(g.items.map(pairOf), codes) }));
  const leads = dept ? (await scopeOf(db, p, ['department_leader'])).includes(dept.id) : false;
  return {
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    departmentId: dept?.id ?? null,
    samplePercent: dept?.samplePercent ?? DEFAULT_SAMPLE_PERCENT,
    mayConfigure: leads,
    from,
    to,
    minPairs: MIN_PAIRS,
    categories: scale,
    excluded: rows.length - usable.length,
    overall: agreementOf(usable.map(pairOf), codes),
    byModality: grouped(
      (r) => r.modality,
      (r) => r.modality,
    ),
    byExam: grouped(
      (r) => r.exam_code,
      // In the user's language, as the page and its CSV download show it (src/shared/exam-label.ts).
      (r) => examNameIn(p.locale, r.exam_name, r.exam_name_en),
    ),
    byAssessor: grouped(
      (r) => r.first_person_id,
      (r) => `${r.given_name} ${r.family_name}`.trim(),
    ),
  };
}

/** PUT /api/task-sharing/settings: the department leader sets the share to sample (0–100 %). 403 outside their departments. */
export async function setSamplePercent(db: Kysely<DB>, p: Principal, body: { departmentId: string; samplePercent: number }) {
  const led = await scopeOf(db, p, ['department_leader']);
  if (!led.includes(body.departmentId)) throw new Forbidden('Du er ikke leder for denne avdelingen / You do not lead this department');
  await store.upsertSetting(db, body.departmentId, body.samplePercent, p.userId);
}
