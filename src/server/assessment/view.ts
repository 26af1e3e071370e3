// Opening a referral in the department (assessment view): everything the referrer wrote, the
// advice they saw and what they did with it, contraindications, the patient's other referrals
// and recent exams with possible duplicates flagged, and the referral's state changes. Read
// through the access gate: one access-log row for the patient (allowed or refused).
import { discontinuationReasonText } from '../interop/dicom/discontinuation-reasons.ts';
import type { Kysely, Transaction } from 'kysely';
import { CLOSE_REASONS, type Appointment, type AssessmentView, type CloseReason } from '../../shared/api/assessment.ts';
import { machineLabel } from '../../shared/booking-place.ts';
import { AccessRefused, assessmentScope, decideReferral, gated, logRefusal, requireReferral } from '../access/gate.ts';
import type { Principal } from '../auth/principal.ts';
import type { DB, ReferralStatus } from '../db/schema.ts';
import { readIndications } from '../directory/reference-data.ts';
import { NotFound } from '../http/errors.ts';
import { assessorCheck, departmentPriorities } from './actions.ts';
import { CLOSABLE_STATUSES, mayCloseWithoutExam } from './closing.ts';
import { OVERRIDE_REASONS } from '../referrals/override-reasons.ts';
import { deadlineState, workingDaysUntil, type DeadlineReason } from './deadline.ts';
import { duplicateOf, PENDING_STATUSES } from './duplicates.ts';
import { allowedRedirectTargets } from './redirect-rules.ts';
import { redirectRulesOf } from './redirect-settings.ts';
import { referrerReportsOf } from '../reporting/service.ts';
import * as store from './store.ts';
import { examNameIn } from '../../shared/exam-label.ts';

let indicationNames: Map<string, string> | undefined;
function indicationName(system: string, code: string): string | null {
  indicationNames ??= new Map(readIndications().map((i) => [`${i.system}|${i.code}`, i.nameNb]));
  return indicationNames.get(`${system}|${code}`) ?? null;
}

type StoredAdvice = {
  topicTitle: { nb: string; en?: string };
  topicVersion: string;
  rating: string;
  score: number | null;
  summary: { nb: string; en?: string };
  explanation: { nb: string; en?: string };
  reviewed?: boolean;
  alternative?: { text: { nb: string; en?: string }; examCode?: string };
};

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * GET /api/assessment/referrals/{id}: the department's view of a referral. 404 when there is no
 * such referral; 403 (logged) when the gate refuses.
 */
export async function openReferralForAssessment(db: Kysely<DB>, p: Principal, id: string, client: string | null, now = new Date()): Promise<AssessmentView> {
  return gated(db, async (trx) => {
    const r = await store.referralForAssessment(trx, id);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    await requireReferral(trx, { kind: 'user', principal: p, ip: client }, r, 'read', 'assessment-view');
    const [decision, others, events, scope, messages, outcome, appointment, priorities] = await Promise.all([
      store.referralDecision(trx, id),
      store.otherReferralsOfPatient(trx, r.patient_id, id),
      store.referralEvents(trx, id),
      assessmentScope(trx, p),
      store.referralMessages(trx, id),
      store.assessmentOutcome(trx, id),
      store.liveAppointment(trx, id),
      departmentPriorities(trx, r.department_org_id),
    ]);
    const receivedAt = r.submitted_at ? new Date(r.submitted_at) : now;
    const advice = r.advice as StoredAdvice | null;
    const examNames = new Map(others.map((o) => [o.exam_code, examNameIn(p.locale, o.exam_name, o.exam_name_en)]));
    const reason = decision?.reason_code ? OVERRIDE_REASONS.find((x) => x.code === decision.reason_code) : undefined;
    const submitted = events.find((e) => e.kind === 'submitted');
    return {
      id: r.id,
      referralNumber: Number(r.referral_number),
      version: r.version,
      status: r.status,
      urgency: r.urgency,
      submittedAt: iso(r.submitted_at),
      assessmentDueDate: r.assessment_due_date,
      deadlineState: r.assessment_due_date ? deadlineState(r.assessment_due_date, now) : null,
      workingDaysLeft: r.assessment_due_date ? workingDaysUntil(r.assessment_due_date, now) : null,
      deadlineReason: (submitted?.reason_code as DeadlineReason | undefined) ?? null,
      shared: !scope.own.includes(r.department_org_id),
      patient: { name: `${r.given_name} ${r.family_name}`, fnr: r.fnr, birthDate: r.birth_date, age: r.patient_age, sex: r.sex },
      exam: { code: r.exam_code, name: examNameIn(p.locale, r.exam_name, r.exam_name_en), modality: r.modality, bodyPart: r.body_part },
      department: { id: r.department_org_id, name: r.department_name, siteName: r.site_name },
      referrer: { name: `${r.referrer_given_name} ${r.referrer_family_name}`.trim(), organization: r.referrer_org_name, hprNumber: r.referrer_hpr },
      indication:
        r.indication_system && r.indication_code
          ? { system: r.indication_system, code: r.indication_code, name: indicationName(r.indication_system, r.indication_code) }
          : null,
      clinicalQuestion: r.clinical_question,
      clinicalNote: r.clinical_note,
      facts: r.facts as Record<string, boolean | number | string | null>,
      contraindications: r.contraindications as AssessmentView['contraindications'],
      advice: advice
        ? {
            topicTitle: advice.topicTitle,
            topicVersion: advice.topicVersion,
            rating: advice.rating,
            score: advice.score ?? null,
            summary: advice.summary,
            explanation: advice.explanation,
            alternative: advice.alternative
              ? { text: advice.alternative.text, examName: advice.alternative.examCode ? (examNames.get(advice.alternative.examCode) ?? null) : null }
              : null,
            reviewed: advice.reviewed ?? false,
          }
        : null,
      decision: decision ? { decision: decision.decision, reason: reason ? reason.display : null, reasonText: decision.reason_text } : null,
      history: others.map((o) => ({
        id: o.id,
        referralNumber: Number(o.referral_number),
        examName: examNameIn(p.locale, o.exam_name, o.exam_name_en),
        status: o.status,
        submittedAt: iso(o.submitted_at),
        performedAt: iso(o.performed_at),
        departmentName: o.department_name,
        pending: PENDING_STATUSES.includes(o.status),
        duplicate: duplicateOf(
          { examCode: r.exam_code, bodyPart: r.body_part, receivedAt },
          {
            examCode: o.exam_code,
            bodyPart: o.body_part,
            status: o.status,
            submittedAt: o.submitted_at ? new Date(o.submitted_at) : null,
            performedAt: o.performed_at ? new Date(o.performed_at) : null,
          },
        ),
      })),
      events: events.map((e) => ({
        at: new Date(e.at).toISOString(),
        kind: e.kind,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        // A modality's stop reason in the reader's words (PS3.16 CID 9300 codes, interop/dicom/discontinuation-reasons.ts).
        ...(e.kind === 'exam_discontinued' ? { reason: discontinuationReasonText(e.reason_code, e.reason_text, p.locale) } : {}),
        ...(e.kind === 'withdrawn' || e.kind === 'closed_without_exam' ? { reason: e.reason_text } : {}),
        ...(e.kind === 'closed_without_exam' ? { closeReason: closeReasonOf(e.reason_code) } : {}),
        ...(e.kind === 'accepted' ? unusualDueDateOf(e.data) : {}),
      })),
      messages: messages.map((m) => ({
        at: new Date(m.at).toISOString(),
        side: m.side,
        author: `${m.given_name ?? ''} ${m.family_name ?? ''}`.trim(),
        body: m.body,
      })),
      // An acceptance without a chosen modality or site means the exam's own and the receiving department (actions.ts does the same).
      assessment:
        outcome && (outcome.was_accepted || outcome.priority_category !== null)
          ? acceptanceOf(outcome, priorities, { modality: r.modality, siteName: placeOf(r.department_name, r.site_name) })
          : null,
      appointment: appointmentOf(appointment),
    };
  });
}

type Outcome = NonNullable<Awaited<ReturnType<typeof store.assessmentOutcome>>>;

/** The stored acceptance as the department's page shows it: the priority in words, no codes but the modality's (named by the page). */
function acceptanceOf(
  o: Outcome,
  priorities: readonly { code: string; label: { nb: string; en?: string } }[],
  fallback: { modality: string; siteName: string },
): NonNullable<AssessmentView['assessment']> {
  return {
    priority: priorityLabel(o.priority_category, priorities),
    examDueDate: o.exam_due_date,
    protocol: o.protocol,
    modality: o.planned_modality ?? fallback.modality,
    siteName: plannedSiteName(o) ?? fallback.siteName,
    assessedBy: assessorName(o),
    assessedByRole: o.accepted_role,
    assessedAt: iso(o.assessed_at),
    note: o.accepted_note,
  };
}

/** A priority category's words; a code the department no longer has reads as null, never as the code. */
function priorityLabel(code: string | null, priorities: readonly { code: string; label: { nb: string; en?: string } }[]) {
  return code ? (priorities.find((c) => c.code === code)?.label ?? null) : null;
}

function assessorName(o: Outcome): string | null {
  const name = `${o.assessor_given_name ?? ''} ${o.assessor_family_name ?? ''}`.trim();
  return name || null;
}

/** "Radiologisk avdeling, Haukeland universitetssjukehus": a department named with its site unless its name already says it. */
function plannedSiteName(o: Outcome): string | null {
  if (!o.planned_site_name) return null;
  const parent = o.planned_site_kind === 'department' ? o.planned_site_parent_name : null;
  return parent && !o.planned_site_name.includes(parent) ? `${o.planned_site_name}, ${parent}` : o.planned_site_name;
}

/** A department with its site unless its name already says it ("Radiologisk avdeling, Haukeland universitetssjukehus"). */
function placeOf(departmentName: string, siteName: string | null): string {
  return siteName && !departmentName.includes(siteName) ? `${departmentName}, ${siteName}` : departmentName;
}

/** A live step as the pages show it: the machine by its name, without the site's name repeated (shared/booking-place.ts). */
function appointmentOf(a: Awaited<ReturnType<typeof store.liveAppointment>>): Appointment | null {
  return a
    ? { date: a.date, time: a.time, machineName: machineLabel(a.machine_name, a.site_name), siteName: a.site_name, started: a.status === 'in_progress' }
    : null;
}

/**
 * GET /api/assessment/referrals/{id}/options: what the assessor can choose for this referral —
 * whether they may assess it, the department's priority categories, sites, redirect targets in
 * the region, and the patient's other open referrals to merge into. Reads no more patient data
 * than the view; an allowed call is not logged separately (the view's row covers opening the
 * referral), a refused one is (access-log row, outcome refused, context assessment-options).
 */
export async function assessOptions(db: Kysely<DB>, p: Principal, id: string, client: string | null) {
  return gated(db, async (trx) => {
    const r = await store.referralForAssessment(trx, id);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    const who = { kind: 'user' as const, principal: p, ip: client };
    const d = await decideReferral(trx, who, r);
    // An allowed call is covered by the view's row; a refused one leaves its own (through the gate,
    // committed by `gated` since AccessRefused is thrown) — it was refused without a trace (interop16).
    if (!d.allowed) {
      await logRefusal(trx, who, d.reason, {
        patientId: r.patient_id,
        resourceType: 'ServiceRequest',
        resourceId: r.id,
        action: 'read',
        context: 'assessment-options',
      });
      throw new AccessRefused('Du har ikke tjenstlig behov for denne henvisningen / No work need for this referral', [{ field: 'access', message: d.reason }]);
    }
    const scope = await assessmentScope(trx, p);
    const units = await store.receivingUnits(trx, [...new Set([...scope.own, ...scope.shared, r.department_org_id])]);
    const region = await store.regionOf(trx, r.department_org_id);
    const others = await store.otherReferralsOfPatient(trx, r.patient_id, id);
    const rules = await redirectRulesOf(trx, r.department_org_id);
    return {
      mayAssess: await assessorCheck(trx, p, r, client),
      mayClose: await mayCloseWithoutExam(trx, p, r),
      priorities: await departmentPriorities(trx, r.department_org_id),
      sites: units.map((u) => ({
        id: u.id,
        name: u.site_name && u.site_kind === 'site' && !u.name.includes(u.site_name) ? `${u.name}, ${u.site_name}` : u.name,
      })),
      redirectTargets: allowedRedirectTargets(rules, await store.redirectTargets(trx, region, r.department_org_id), {
        modality: r.modality,
        examCode: r.exam_code,
      }),
      redirectRulesApply: rules.length > 0,
      mergeTargets: others
        .filter((o) => PENDING_STATUSES.includes(o.status))
        .map((o) => ({ id: o.id, referralNumber: Number(o.referral_number), examName: examNameIn(p.locale, o.exam_name, o.exam_name_en) })),
    };
  });
}

/**
 * GET /api/referrals/{id}/status: the referrer's view of their referral — status, priority,
 * deadlines, return reason and the message thread. Through the access gate (the referrer who
 * wrote it, or a covering colleague; one access-log row).
 */
export async function referralStatusForReferrer(db: Kysely<DB>, p: Principal, id: string, client: string | null) {
  return gated(db, (trx) => referrerStatusView(trx, p, id, client, 'referral-status'));
}

/**
 * GET /api/referrals/{id}/pdf: what the referrer's PDF shows — the status view and the signed
 * final reports with addenda (a preliminary one awaiting countersigning is not the referrer's), exam names in the
 * user's chosen language (`p.locale`) as on the page. One pass through
 * the access gate (one access-log row, context `referral-pdf`); 404 / 403 as the status view.
 */
export async function referralPdfForReferrer(db: Kysely<DB>, p: Principal, id: string, client: string | null) {
  return gated(db, async (trx) => {
    const view = await referrerStatusView(trx, p, id, client, 'referral-pdf');
    return { view, reports: await referrerReportsOf(trx, id, p.locale) };
  });
}

async function referrerStatusView(trx: Transaction<DB>, p: Principal, id: string, client: string | null, context: string) {
  const r = await store.referralForAssessment(trx, id);
  if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
  const who = { kind: 'user' as const, principal: p, ip: client };
  // Only the referrer's side: someone the gate lets read the referral for another reason (the
  // department) is refused here, and that refusal is what the access log gets — not an allowed
  // row that a plain Forbidden then rolled back, leaving no trace (interop16).
  const d0 = await decideReferral(trx, who, r);
  if (d0.allowed && d0.reason !== 'referrer' && d0.reason !== 'cover') {
    await logRefusal(trx, who, 'not-referrer', { patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: r.id, action: 'read', context });
    throw new AccessRefused('Bare henviseren ser denne siden / Only the referrer sees this page', [{ field: 'access', message: 'not-referrer' }]);
  }
  await requireReferral(trx, who, r, 'read', context);
  const [events, messages, priorities, head, appointment] = await Promise.all([
    store.referralEvents(trx, id),
    store.referralMessages(trx, id),
    departmentPriorities(trx, r.department_org_id),
    store.assessmentOutcome(trx, id),
    store.liveAppointment(trx, id),
  ]);
  const acceptedHead = head && (head.was_accepted || head.priority_category !== null) ? head : null;
  const returned = [...events].reverse().find((e) => e.kind === 'returned');
  const ended = r.status === 'cancelled' ? [...events].reverse().find((e) => e.kind === 'closed_without_exam' || e.kind === 'withdrawn') : undefined;
  const category = r.priority_category ? priorities.find((c) => c.code === r.priority_category) : undefined;
  // The due date the referrer sees is the last acceptance's: its confirmed unusual date, if any (issue 8).
  const accepted = r.exam_due_date ? [...events].reverse().find((e) => e.kind === 'accepted') : undefined;
  return {
    id: r.id,
    referralNumber: Number(r.referral_number),
    version: r.version,
    status: r.status,
    patientName: `${r.given_name} ${r.family_name}`,
    fnr: r.fnr,
    examName: examNameIn(p.locale, r.exam_name, r.exam_name_en),
    departmentName: r.site_name && !r.department_name.includes(r.site_name) ? `${r.department_name}, ${r.site_name}` : r.department_name,
    clinicalQuestion: r.clinical_question,
    urgency: r.urgency,
    submittedAt: iso(r.submitted_at),
    assessmentDueDate: r.assessment_due_date,
    assessedAt: iso(head?.assessed_at ?? null),
    priority: category ? category.label : null,
    examDueDate: r.exam_due_date,
    ...(accepted ? unusualDueDateOf(accepted.data) : {}),
    returnReason: r.status === 'returned' && returned ? { reason: returned.reason_code ?? 'other', text: returned.reason_text } : null,
    closure: ended
      ? {
          by: ended.kind === 'withdrawn' ? ('referrer' as const) : ('department' as const),
          reason: ended.kind === 'closed_without_exam' ? closeReasonOf(ended.reason_code) : null,
          text: ended.reason_text,
          at: new Date(ended.at).toISOString(),
        }
      : null,
    messages: messages.map((m) => ({
      at: new Date(m.at).toISOString(),
      side: m.side,
      author: `${m.given_name ?? ''} ${m.family_name ?? ''}`.trim(),
      body: m.body,
    })),
    events: events.map((e) => ({ at: new Date(e.at).toISOString(), kind: e.kind })),
    // Who assessed and where the exam is to be done, once accepted (issue 8 §2); the protocol and the
    // assessor's note are the department's working notes and stay on its page.
    assessedBy: acceptedHead ? assessorName(acceptedHead) : null,
    examSite: acceptedHead ? (plannedSiteName(acceptedHead) ?? placeOf(r.department_name, r.site_name)) : null,
    appointment: appointmentOf(appointment),
    // The server's rule (closing.ts): open, and not begun at the modality (MPPS IN PROGRESS → 409 there).
    mayWithdraw: CLOSABLE_STATUSES.includes(r.status as ReferralStatus) && appointment?.status !== 'in_progress',
  };
}

/** A stored close reason (referral_event.reason_code) as one of CLOSE_REASONS; an unknown one reads as 'other'. */
function closeReasonOf(code: string | null): CloseReason {
  return (CLOSE_REASONS as readonly string[]).includes(code ?? '') ? (code as CloseReason) : 'other';
}

/**
 * The acknowledged due date outside the priority's window an 'accepted' event keeps in its data
 * (assessment/actions.ts), as the view gives it; {} when the event has none.
 */
function unusualDueDateOf(data: unknown): { unusualDueDate?: { windowDays: number; daysBeyond: number } } {
  const u = (data as { unusualDueDate?: { windowDays?: unknown; daysBeyond?: unknown } } | null)?.unusualDueDate;
  return u && typeof u.windowDays === 'number' && typeof u.daysBeyond === 'number'
    ? { unusualDueDate: { windowDays: u.windowDays, daysBeyond: u.daysBeyond } }
    : {};
}
