// Assessing a referral (vurdering): accept with a priority and an exam due date, return to the
// referrer with a reason, ask the referrer for more information, redirect to another unit, or
// merge into a duplicate. Every action:
//  - reads the referral through the access gate (one access-log row) and checks that the user may
//    assess it (radiologist, LIS, or a radiographer approved for the modality: task sharing);
//  - checks the input before writing anything (400 problem+json, nothing changed);
//  - changes the referral only if it still has the version the user saw (optimistic concurrency:
//    "two people at once → one wins, the other is told", 409);
//  - records the state change with from/to status, who, when and why (referral_event), so waiting
//    times can be measured.
import type { Kysely, Transaction } from 'kysely';
import { assessmentScope, decideAssessment, gated, requireAssessment, requireReferral, type AssessmentKeys } from '../access/gate.ts';
import type { Principal } from '../auth/principal.ts';
import type { DB, ReferralStatus } from '../db/schema.ts';
import { osloDate } from '../calendar/norwegian-calendar.ts';
import { Conflict, Forbidden, Invalid, NotFound, Unprocessable } from '../http/errors.ts';
import { PENDING_STATUSES } from './duplicates.ts';
import { DEFAULT_PRIORITY_CATEGORIES, type PriorityCategory, type ReturnReason } from './priorities.ts';
import { daysBeyondPriorityWindow } from '../../shared/priority-window.ts';
import { allowedRedirectTargets } from './redirect-rules.ts';
import { redirectRulesOf } from './redirect-settings.ts';
import * as store from './store.ts';
import { sampleForBlindReview } from '../task-sharing/service.ts';
import { notifyReferrer } from '../notifications/service.ts';

type Q = Kysely<DB> | Transaction<DB>;

export type AssessAction =
  | {
      action: 'accept';
      version: number;
      priorityCategory: string;
      examDueDate: string;
      protocol?: string;
      modality?: string;
      siteId?: string;
      note?: string;
      /** The assessor says a due date later than the priority's window is deliberate (kept in the history). */
      confirmUnusualDueDate?: boolean;
    }
  | { action: 'return'; version: number; reason: ReturnReason; text?: string }
  | { action: 'request_info'; version: number; message: string }
  | { action: 'redirect'; version: number; toOrganizationId: string; text?: string; followedUpOutsideHospital?: boolean; hospitalMeeting?: boolean }
  | { action: 'merge'; version: number; intoReferralId: string; text?: string };

export interface AssessResult {
  id: string;
  status: ReferralStatus;
  version: number;
}

/** The priority categories of a department: its own rows, or the defaults. */
export async function departmentPriorities(db: Q, departmentId: string): Promise<PriorityCategory[]> {
  const own = await store.priorityCategories(db, departmentId);
  return own.length ? own.map((c) => ({ code: c.code, label: { nb: c.label_nb, en: c.label_en }, days: c.days })) : [...DEFAULT_PRIORITY_CATEGORIES];
}

const conflict = () =>
  new Conflict(
    'Henvisningen er endret av noen andre siden du åpnet den. Last inn på nytt og se hva som er gjort. / The referral was changed by someone else since you opened it; reload to see what was done.',
    [{ field: 'version', message: 'utdatert / stale' }],
  );

/**
 * Whether `p` may assess the referral: the access gate's assessment rule (access/gate.ts
 * `decideAssessment`), the one the actions enforce — so the view's "may assess" and the action agree.
 */
export async function assessorCheck(db: Q, p: Principal, r: AssessmentKeys, client: string | null = null): Promise<boolean> {
  return (await decideAssessment(db, { kind: 'user', principal: p, ip: client }, r)).allowed;
}

/**
 * Performs one assessment action on a referral. Errors: 404 unknown referral; 403 when the gate
 * refuses or the user may not assess this exam; 400 bad input; 409 when the referral changed
 * since `version` (or is no longer waiting for assessment).
 */
export async function assessReferral(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  input: AssessAction,
  client: string | null,
  now = new Date(),
): Promise<AssessResult> {
  return gated(db, async (trx) => {
    const r = await store.referralForAssessment(trx, id);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    // One rule (access/gate.ts decideAssessment): the refusal is logged and committed like any other.
    const d = await requireAssessment(trx, { kind: 'user', principal: p, ip: client }, r, 'update', `assessment-${input.action}`);
    // The version the user saw: a later change (by someone else) wins, this one is refused.
    if (r.version !== input.version || r.status !== 'submitted') throw conflict();

    const today = osloDate(now).toISOString().slice(0, 10);
    // The role the user assesses in (a radiographer under task sharing is recorded as one).
    const actorRole = d.roles?.find((role) => p.grants.some((g) => g.role === role)) ?? d.roles?.[0] ?? null;
    const actor = { actorUserId: p.userId, actorPersonId: p.personId, actorRole };
    const referrerOf = { personId: r.referrer_person_id, referralId: id };
    let version: number | undefined;
    let status: ReferralStatus = r.status;
    switch (input.action) {
      case 'accept': {
        const categories = await departmentPriorities(trx, r.department_org_id);
        const category = categories.find((c) => c.code === input.priorityCategory);
        if (!category)
          throw new Invalid('Ukjent prioritet for denne avdelingen / Unknown priority for this department', [
            { field: 'priorityCategory', message: 'ukjent / unknown' },
          ]);
        const maxDate = new Date(Date.parse(`${today}T00:00:00Z`) + 730 * 86_400_000).toISOString().slice(0, 10);
        if (input.examDueDate < today || input.examDueDate > maxDate)
          throw new Invalid('Fristen for undersøkelsen må være fra i dag og innen to år / The exam due date must be from today and within two years', [
            { field: 'examDueDate', message: `${today}–${maxDate}` },
          ]);
        // A due date later than the priority's own window ("Øyeblikkelig hjelp" in two years) is a
        // warning the assessor must acknowledge (shared/priority-window.ts; the windows are the
        // categories' days, priorities.ts / priority_category): 422 until the request says it is deliberate.
        const beyond = daysBeyondPriorityWindow(category.days, input.examDueDate, today);
        if (beyond > 0 && input.confirmUnusualDueDate !== true)
          throw new Unprocessable(
            `Fristen ligger ${beyond} dager etter det prioriteten «${category.label.nb}» tilsier (innen ${category.days} dager). Bekreft at fristen er valgt med vilje (confirmUnusualDueDate). / The due date is ${beyond} days later than the priority “${category.label.en}” allows (within ${category.days} days). Confirm that it is deliberate (confirmUnusualDueDate).`,
            [
              {
                field: 'examDueDate',
                message: `utenfor prioritetens frist (innen ${category.days} dager); bekreft at fristen er valgt med vilje / outside the priority's window (within ${category.days} days); confirm that the due date is deliberate`,
              },
            ],
          );
        if (input.siteId) {
          const scope = await assessmentScope(trx, p);
          const site = await store.receivingUnits(trx, [input.siteId]);
          const sameRegion = (await store.regionOf(trx, input.siteId)) === (await store.regionOf(trx, r.department_org_id));
          if (site.length === 0 || !sameRegion || ![...scope.own, ...scope.shared, r.department_org_id].includes(input.siteId))
            throw new Invalid('Ukjent sted for undersøkelsen / Unknown site for the exam', [
              { field: 'siteId', message: 'ukjent eller utenfor avdelingens område / unknown or outside the department’s area' },
            ]);
        }
        version = await store.updateReferralIf(trx, id, input.version, ['submitted'], {
          status: 'accepted',
          priority_category: input.priorityCategory,
          exam_due_date: input.examDueDate,
          protocol: input.protocol?.trim() || null,
          planned_modality: input.modality ?? r.modality,
          planned_site_org_id: input.siteId ?? r.department_org_id,
          assessed_at: now,
          assessed_by_person_id: p.personId,
        });
        status = 'accepted';
        if (version !== undefined)
          await store.insertReferralEvent(trx, {
            referralId: id,
            kind: 'accepted',
            fromStatus: r.status,
            toStatus: status,
            ...actor,
            reasonCode: input.priorityCategory,
            reasonText: input.note?.trim() || null,
            data: {
              examDueDate: input.examDueDate,
              protocol: input.protocol ?? null,
              modality: input.modality ?? r.modality,
              siteId: input.siteId ?? r.department_org_id,
              // The assessor's acknowledgement of a due date outside the priority's window, kept in the history.
              ...(beyond > 0 ? { unusualDueDate: { confirmed: true, windowDays: category.days, daysBeyond: beyond } } : {}),
            },
            at: now,
          });
        break;
      }
      case 'return': {
        const text = input.text?.trim() ?? '';
        if (input.reason === 'other' && !text)
          throw new Invalid('Skriv hvorfor henvisningen returneres / Write why the referral is returned', [
            { field: 'text', message: 'påkrevd for «annet» / required for “other”' },
          ]);
        version = await store.updateReferralIf(trx, id, input.version, ['submitted'], {
          status: 'returned',
          assessed_at: now,
          assessed_by_person_id: p.personId,
        });
        status = 'returned';
        if (version !== undefined) {
          await store.insertReferralEvent(trx, {
            referralId: id,
            kind: 'returned',
            fromStatus: r.status,
            toStatus: status,
            ...actor,
            reasonCode: input.reason,
            reasonText: text || null,
            at: now,
          });
          // The referrer is told in their messages from radiology, with the reason, in the same transaction.
          await notifyReferrer(trx, referrerOf, { kind: 'referral-returned', reason: input.reason, text: text || null }, now);
        }
        break;
      }
      case 'request_info': {
        const message = input.message.trim();
        if (!message) throw new Invalid('Skriv hva du trenger å vite / Write what you need to know', [{ field: 'message', message: 'påkrevd / required' }]);
        version = await store.updateReferralIf(trx, id, input.version, ['submitted'], { status: 'info_requested' });
        status = 'info_requested';
        if (version !== undefined) {
          await store.insertMessage(trx, { referralId: id, userId: p.userId, personId: p.personId, side: 'department', body: message });
          await store.insertReferralEvent(trx, { referralId: id, kind: 'info_requested', fromStatus: r.status, toStatus: status, ...actor, at: now });
          // The referrer reads the department's question in the notice itself.
          await notifyReferrer(trx, referrerOf, { kind: 'info-requested', question: message }, now);
        }
        break;
      }
      case 'redirect': {
        const target = await store.receivingUnit(trx, input.toOrganizationId);
        if (!target || target.id === r.department_org_id || target.region_id !== (await store.regionOf(trx, r.department_org_id)))
          throw new Invalid(
            'Henvisningen kan bare videresendes til en annen avdeling eller et institutt i regionen / The referral can only be redirected to another department or institute in the region',
            [{ field: 'toOrganizationId', message: 'ukjent mottaker / unknown recipient' }],
          );
        // The department's redirect rules (redirect-rules.ts): a business rule, so 422 with the reason.
        const circumstances = { followedUpOutsideHospital: input.followedUpOutsideHospital, hospitalMeeting: input.hospitalMeeting };
        const exam = await store.examOfReferral(trx, id);
        const allowed = allowedRedirectTargets(await redirectRulesOf(trx, r.department_org_id), [target], exam, circumstances);
        if (allowed.length === 0)
          throw new Unprocessable(
            input.hospitalMeeting && target.kind === 'private_institute'
              ? 'En pasient som skal drøftes i tverrfaglig møte på sykehuset, sendes ikke til et privat institutt / A patient to be discussed in a multidisciplinary meeting at the hospital is not sent to a private institute'
              : 'Avdelingens regler for videresending tillater ikke denne mottakeren for undersøkelsen / The department’s redirect rules do not allow this recipient for the exam',
            [{ field: 'toOrganizationId', message: 'ikke tillatt etter avdelingens regler / not allowed by the department’s rules' }],
          );
        version = await store.updateReferralIf(trx, id, input.version, ['submitted'], { department_org_id: target.id });
        status = 'submitted';
        if (version !== undefined) {
          await store.insertReferralEvent(trx, {
            referralId: id,
            kind: 'redirected',
            fromStatus: r.status,
            toStatus: status,
            ...actor,
            reasonText: input.text?.trim() || null,
            data: { from: r.department_org_id, to: target.id },
            at: now,
          });
          // The referrer is told where the referral went (the new unit now assesses it).
          await notifyReferrer(trx, referrerOf, { kind: 'referral-redirected', toOrganizationId: target.id }, now);
        }
        break;
      }
      case 'merge': {
        const into = await store.referralHead(trx, input.intoReferralId);
        if (!into || into.id === id || into.patient_id !== r.patient_id || !PENDING_STATUSES.includes(into.status))
          throw new Invalid(
            'Henvisningen kan bare slås sammen med en annen åpen henvisning for samme pasient / The referral can only be merged into another open referral for the same patient',
            [{ field: 'intoReferralId', message: 'ikke en åpen henvisning for pasienten / not an open referral for the patient' }],
          );
        version = await store.updateReferralIf(trx, id, input.version, ['submitted'], {
          status: 'cancelled',
          assessed_at: now,
          assessed_by_person_id: p.personId,
        });
        status = 'cancelled';
        if (version !== undefined) {
          await store.insertReferralEvent(trx, {
            referralId: id,
            kind: 'merged',
            fromStatus: r.status,
            toStatus: status,
            ...actor,
            reasonCode: 'duplicate',
            reasonText: input.text?.trim() || null,
            data: { into: into.id },
            at: now,
          });
          await store.insertReferralEvent(trx, {
            referralId: into.id,
            kind: 'merged_from',
            fromStatus: into.status,
            toStatus: into.status,
            ...actor,
            data: { from: id },
            at: now,
          });
          // The referrer is told that this one continues as their other referral (a duplicate).
          await notifyReferrer(trx, referrerOf, { kind: 'referral-merged', intoReferralId: into.id }, now);
        }
        break;
      }
    }
    if (version === undefined) throw conflict();
    await sampleForBlindReview(trx, p, { referralId: id, departmentId: r.department_org_id, decision: input, assessedAs: d.roles ?? [] }, now); // task sharing: blind sample
    return { id, status, version };
  });
}

/**
 * The referrer answers the department's request for more information: the answer joins the
 * thread and the referral is back with the department for assessment (status submitted). 409 if
 * the referral changed since `version` or is not waiting for an answer.
 */
export async function answerInformationRequest(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  input: { version: number; message: string },
  client: string | null,
  now = new Date(),
): Promise<AssessResult> {
  return gated(db, async (trx) => {
    const r = await store.referralForAssessment(trx, id);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    const d = await requireReferral(trx, { kind: 'user', principal: p, ip: client }, r, 'update', 'assessment-answer');
    if (!d.allowed || (d.reason !== 'referrer' && d.reason !== 'cover'))
      throw new Forbidden('Bare henviseren kan svare på spørsmål om henvisningen / Only the referrer may answer questions about the referral');
    const message = input.message.trim();
    if (!message) throw new Invalid('Skriv svaret / Write the answer', [{ field: 'message', message: 'påkrevd / required' }]);
    if (r.version !== input.version || r.status !== 'info_requested') throw conflict();
    const version = await store.updateReferralIf(trx, id, input.version, ['info_requested'], { status: 'submitted' });
    if (version === undefined) throw conflict();
    await store.insertMessage(trx, { referralId: id, userId: p.userId, personId: p.personId, side: 'referrer', body: message });
    await store.insertReferralEvent(trx, {
      referralId: id,
      kind: 'info_answered',
      fromStatus: 'info_requested',
      toStatus: 'submitted',
      actorUserId: p.userId,
      actorPersonId: p.personId,
      actorRole: 'referrer',
      at: now,
    });
    return { id, status: 'submitted', version };
  });
}
