// Second opinion / consult (issue 9 item 4: "a second-opinion or consult request goes to a
// subspecialist in another trust"; migration 0170). A reader or countersigner who sees an exam
// through a reading list asks a subspecialty in another trust, or a named reader there. The
// consultant sees the exam only through the access gate (`requireConsult`, reason 'consult',
// logged); answers once (text, agree / partly / disagree, optionally a proposed addendum); the
// requester sees the answer and may withdraw an open request, which ends the consultant's access.
// Every change is a reading_case_event row and a live-list event (no patient data).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ConsultSummary, ConsultCreateBody, ConsultAnswerBody, ConsultApplyBody, ConsultDetail, ConsultTargets } from '../../shared/api/consult.ts';
import { gated, requireConsult, requireReadingCase, type Who } from '../access/gate.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import type { Principal } from '../auth/principal.ts';
import { grantOrganizations } from '../auth/principal.ts';
import type { DB, Role } from '../db/schema.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import * as reports from '../reporting/store.ts';
import { consultApplyOptions, insertConsultAnswer } from '../reporting/service.ts';
import { reportText, templateById } from '../reporting/templates.ts';
import * as cs from './consult-store.ts';
import { CONSULTANT_ROLES } from './entitlement.ts';
import { publishReadingChange } from './live.ts';
import * as store from './store.ts';

/** Who may ask for a second opinion or consult: readers and countersigners (through a list they are entitled to). */
export const REQUESTER_ROLES: readonly Role[] = ['radiologist', 'lis', 'reporting_radiographer'];

const userWho = (p: Principal, ip: string | null): Who => ({ kind: 'user', principal: p, ip });
const iso = (d: Date) => new Date(d).toISOString();

function summary(r: cs.ConsultRow, now: Date): ConsultSummary {
  return {
    id: r.id,
    examId: r.exam_id,
    kind: r.kind,
    status: r.status,
    overdue: r.status === 'open' && new Date(r.due_at) < now,
    dueAt: iso(r.due_at),
    createdAt: iso(r.created_at),
    question: r.question,
    examName: r.exam_name,
    modality: r.modality,
    performedAt: iso(r.performed_at),
    site: r.site_name,
    requester: { name: r.requester_name, trust: r.requester_trust },
    target: { subspecialty: r.target_subspecialty, person: r.target_person_name, trust: r.target_trust },
    answer:
      r.status === 'answered' && r.answer_text && r.agreement && r.answered_at
        ? { text: r.answer_text, agreement: r.agreement, addendumProposal: r.addendum_proposal, by: r.answerer_name ?? '', at: iso(r.answered_at) }
        : null,
    withdrawn: r.withdrawn_at ? { at: iso(r.withdrawn_at), reason: r.withdrawn_reason } : null,
    applied: r.applied_at && r.applied_as ? { as: r.applied_as, by: r.applied_by_name ?? '', at: iso(r.applied_at) } : null,
  };
}

/** The trust an exam was performed in (its case's trust, else the performing department's trust). */
async function examTrust(db: Kysely<DB> | Parameters<Parameters<typeof gated>[1]>[0], examId: string): Promise<string | null> {
  const c = await db.selectFrom('reading_case').select(['trust_org_id', 'performing_org_id']).where('exam_id', '=', examId).executeTakeFirst();
  if (!c) return null;
  return c.trust_org_id ?? (await cs.trustOf(db, c.performing_org_id)) ?? null;
}

/**
 * Where a request from this exam may go: the subspecialties offered by available radiologists with
 * a reader profile, per trust, and those readers by name — never the exam's own trust. Through the
 * gate (the asker must see the exam through a list; logged). 403 otherwise, 404 unknown exam.
 */
export async function consultTargets(db: Kysely<DB>, p: Principal, examId: string, ip: string | null): Promise<ConsultTargets> {
  return gated(db, async (trx) => {
    await requireReadingCase(trx, userWho(p, ip), examId, 'read', 'consult-targets');
    const rows = await cs.consultTargets(trx, await examTrust(trx, examId));
    const subs = new Map<string, { subspecialty: string; trustId: string; trust: string; readers: number }>();
    for (const r of rows)
      for (const s of r.subspecialties) {
        const k = `${r.trust_id}\u0000${s}`;
        const cur = subs.get(k) ?? { subspecialty: s, trustId: r.trust_id, trust: r.trust_name, readers: 0 };
        cur.readers++;
        subs.set(k, cur);
      }
    return {
      subspecialties: [...subs.values()].sort((a, b) => a.subspecialty.localeCompare(b.subspecialty, 'nb') || a.trust.localeCompare(b.trust, 'nb')),
      readers: rows
        .filter((r) => r.person_id !== p.personId)
        .map((r) => ({ personId: r.person_id, name: r.name, trust: r.trust_name, subspecialties: r.subspecialties })),
    };
  });
}

/**
 * Asks for a second opinion or a consult on an exam. The asker must hold a reading role and see the
 * exam through a reading list (gate, logged; 403 otherwise). The target is a subspecialty in a trust
 * or a named radiologist; either way another trust than the exam's (400 `same-trust`), with at least
 * one available radiologist with that subspecialty there (400 `no-consultant`). The answer deadline
 * is `dueHours` from now, by default the reading deadline of the exam's priority (table
 * reading_deadline — a department setting, not a clinical rule). Returns the request (201).
 */
export async function createConsult(db: Kysely<DB>, p: Principal, b: ConsultCreateBody, ip: string | null, now = new Date()): Promise<ConsultSummary> {
  const id = `cons-${crypto.randomUUID()}`;
  await gated(db, async (trx) => {
    const c = await store.caseById(trx, b.examId);
    if (!c) throw new NotFound('Ukjent undersøkelse / Unknown exam');
    await requireReadingCase(trx, userWho(p, ip), b.examId, 'update', 'consult-request');
    if (!p.grants.some((g) => REQUESTER_ROLES.includes(g.role)))
      throw new Forbidden('Bare den som beskriver kan be om en vurdering / Only a reader may ask for a consult', [{ field: 'role', message: 'not-a-reader' }]);
    if (!b.question.trim()) throw new Invalid('Skriv spørsmålet / Write the question', [{ field: 'question', message: 'empty' }]);
    const own = await examTrust(trx, b.examId);
    let targetOrgId: string;
    let subspecialty: string | null = null;
    let targetPersonId: string | null = null;
    const available = await cs.consultTargets(trx, own);
    if ('personId' in b.target) {
      const personId = b.target.personId;
      if (personId === p.personId) throw new Invalid('Du kan ikke spørre deg selv / You cannot ask yourself', [{ field: 'target.personId', message: 'self' }]);
      const prof = await store.readerProfile(trx, personId);
      const trust = prof && prof.role === 'radiologist' ? await cs.trustOf(trx, prof.homeOrgId) : undefined;
      if (!prof || !trust) throw new Invalid('Ukjent leser / Unknown reader', [{ field: 'target.personId', message: 'unknown-reader' }]);
      if (trust === own)
        throw new Invalid('Velg en leser i et annet helseforetak / Choose a reader in another trust', [{ field: 'target.personId', message: 'same-trust' }]);
      if (!prof.available)
        throw new Invalid('Leseren er ikke tilgjengelig / The reader is not available', [{ field: 'target.personId', message: 'unavailable' }]);
      targetOrgId = trust;
      targetPersonId = personId;
    } else {
      const { trustId } = b.target;
      if (trustId === own) throw new Invalid('Velg et annet helseforetak / Choose another trust', [{ field: 'target.trustId', message: 'same-trust' }]);
      subspecialty = b.target.subspecialty.trim();
      if (!available.some((r) => r.trust_id === trustId && r.subspecialties.includes(subspecialty!)))
        throw new Invalid('Ingen tilgjengelig leser med denne subspesialiteten der / No available reader with this subspecialty there', [
          { field: 'target.subspecialty', message: 'no-consultant' },
        ]);
      targetOrgId = trustId;
    }
    const hours = b.dueHours ?? (await trx.selectFrom('reading_deadline').select('hours').where('priority', '=', c.priority).executeTakeFirstOrThrow()).hours;
    await cs.insertConsult(trx, {
      id,
      examId: b.examId,
      kind: b.kind,
      question: b.question.trim(),
      personId: p.personId,
      userId: p.userId,
      targetOrgId,
      subspecialty,
      targetPersonId,
      dueAt: new Date(now.getTime() + hours * 3_600_000),
      at: now,
    });
    await store.addEvent(trx, { examId: b.examId, kind: 'consult_request', userId: p.userId, personId: p.personId, detail: { consultId: id } });
  });
  publishReadingChange({ kind: 'consult', examId: b.examId });
  return summary((await cs.consultById(db, id))!, now);
}

async function loadOr404(db: Kysely<DB> | Parameters<Parameters<typeof gated>[1]>[0], id: string) {
  const r = await cs.consultById(db, id);
  if (!r) throw new NotFound('Ukjent forespørsel / Unknown request');
  return r;
}

/**
 * One request with the exam as the consultant needs it (patient, the referrer's question, the report
 * as it stands). Through the gate (`requireConsult`: readers of the exam's lists, or the request's
 * consultants; one access-log row, refusals too). 403 for anyone else, 404 unknown request.
 */
export async function openConsult(db: Kysely<DB>, p: Principal, id: string, ip: string | null, now = new Date()): Promise<ConsultDetail> {
  return gated(db, async (trx) => {
    const r = await loadOr404(trx, id);
    const side = await requireConsult(trx, userWho(p, ip), { id, examId: r.exam_id, patientId: r.patient_id }, 'read', 'consult-view');
    const x = await store.patientAndReferral(trx, r.exam_id);
    if (!x) throw new NotFound('Ukjent undersøkelse / Unknown exam');
    const rep = await reports.reportByExam(trx, r.exam_id);
    const birth = new Date(`${x.birth_date}T00:00:00Z`);
    const text = rep ? reportText(templateById(rep.template_id), rep.sections as Record<string, string>, p.locale) : '';
    const mayApply =
      r.status === 'answered' && !r.applied_at && r.requested_by_person_id === p.personId
        ? await consultApplyOptions(trx, p, r.exam_id)
        : { addendum: false, report: false };
    return {
      consult: summary(r, now),
      patient: {
        name: `${x.given_name} ${x.family_name}`,
        age: Math.floor((now.getTime() - birth.getTime()) / (365.2425 * 86_400_000)),
        sex: x.sex as 'M' | 'F',
      },
      clinicalQuestion: x.clinical_question,
      clinicalNote: x.clinical_note,
      report: rep && text ? { status: rep.status, text } : null,
      may: {
        answer: side.consultant && r.status === 'open',
        withdraw: r.requested_by_person_id === p.personId && r.status === 'open',
        applyAddendum: mayApply.addendum,
        applyReport: mayApply.report,
      },
    };
  });
}

/**
 * The consultant answers an open request once: text, agree / partly / disagree, optionally a
 * proposed addendum. 403 (logged) for anyone not a consultant of it; 409 `consult-not-open` when it
 * was answered or withdrawn already (two answers at once: one wins — a conditional update).
 */
export async function answerConsult(db: Kysely<DB>, p: Principal, id: string, b: ConsultAnswerBody, ip: string | null, now = new Date()) {
  let examId = '';
  await gated(db, async (trx) => {
    const r = await loadOr404(trx, id);
    examId = r.exam_id;
    const side = await requireConsult(trx, userWho(p, ip), { id, examId: r.exam_id, patientId: r.patient_id }, 'update', 'consult-answer');
    if (!side.consultant)
      throw new Forbidden('Bare den som er spurt kan svare / Only the consultant asked may answer', [{ field: 'consult', message: 'not-consultant' }]);
    if (!b.text.trim()) throw new Invalid('Skriv svaret / Write the answer', [{ field: 'text', message: 'empty' }]);
    const ok = await cs.answerConsult(trx, id, {
      text: b.text.trim(),
      agreement: b.agreement,
      addendumProposal: b.addendumProposal?.trim() || null,
      personId: p.personId,
      at: now,
    });
    if (!ok)
      throw new Conflict('Forespørselen er allerede besvart eller trukket / The request is already answered or withdrawn', [
        { field: 'consult', message: 'consult-not-open' },
      ]);
    await store.addEvent(trx, {
      examId: r.exam_id,
      kind: 'consult_answer',
      userId: p.userId,
      personId: p.personId,
      detail: { consultId: id, agreement: b.agreement },
    });
  });
  publishReadingChange({ kind: 'consult', examId });
  return openConsult(db, p, id, ip, now);
}

/**
 * The requester withdraws an open request (the consultant's access ends). 403 for anyone else
 * (logged when outside the gate); 409 `consult-not-open` when answered or withdrawn already.
 */
export async function withdrawConsult(db: Kysely<DB>, p: Principal, id: string, reason: string | undefined, ip: string | null, now = new Date()) {
  let examId = '';
  await gated(db, async (trx) => {
    const r = await loadOr404(trx, id);
    examId = r.exam_id;
    await requireConsult(trx, userWho(p, ip), { id, examId: r.exam_id, patientId: r.patient_id }, 'update', 'consult-withdraw');
    if (r.requested_by_person_id !== p.personId)
      throw new Forbidden('Bare den som spurte kan trekke forespørselen / Only the requester may withdraw', [{ field: 'consult', message: 'not-requester' }]);
    if (!(await cs.withdrawConsult(trx, id, reason?.trim() || null, now)))
      throw new Conflict('Forespørselen er allerede besvart eller trukket / The request is already answered or withdrawn', [
        { field: 'consult', message: 'consult-not-open' },
      ]);
    await store.addEvent(trx, { examId: r.exam_id, kind: 'consult_withdraw', userId: p.userId, personId: p.personId, detail: { consultId: id } });
  });
  publishReadingChange({ kind: 'consult', examId });
  return openConsult(db, p, id, ip, now);
}

const KIND_NB = { second_opinion: 'Annen vurdering', consult: 'Konsultasjon' } as const;
const dateNb = new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Oslo' });

/**
 * The text that goes into the report: the answer as the requester accepted it, naming who gave it,
 * where and when ("Annen vurdering ved Kari Nordmann, Helse Vidde, 30.11.2026: …"). In bokmål, as
 * the report itself is written.
 */
export function attributedAnswer(r: Pick<cs.ConsultRow, 'kind' | 'answerer_name' | 'target_trust' | 'answered_at'>, text: string): string {
  const when = r.answered_at ? `, ${dateNb.format(new Date(r.answered_at))}` : '';
  return `${KIND_NB[r.kind]} ved ${r.answerer_name ?? ''}, ${r.target_trust}${when}: ${text.trim()}`;
}

/**
 * The requester applies an answered request to the exam's report without copying by hand: `into`
 * 'addendum' (a final report) or 'report' (a paragraph in a draft or preliminary report, see
 * reporting's insertConsultAnswer). The text is the requester's edit of the proposed addendum (by
 * default the proposal, else the answer), attributed to the consultant; who applied it and when are
 * kept on the request (once). Through the gate (logged). Errors: 403 not the requester / not allowed
 * by reporting's rules; 409 `consult-not-answered`, `already-applied`, or the report's state
 * (final, not final, changed meanwhile); 404 unknown request. Nothing changes on an error.
 */
export async function applyConsult(db: Kysely<DB>, p: Principal, id: string, b: ConsultApplyBody, ip: string | null, now = new Date()) {
  let examId = '';
  await gated(db, async (trx) => {
    const r = await loadOr404(trx, id);
    examId = r.exam_id;
    await requireConsult(trx, userWho(p, ip), { id, examId: r.exam_id, patientId: r.patient_id }, 'update', 'consult-apply');
    if (r.requested_by_person_id !== p.personId)
      throw new Forbidden('Bare den som spurte kan bruke svaret / Only the requester may apply the answer', [{ field: 'consult', message: 'not-requester' }]);
    if (r.status !== 'answered' || !r.answer_text)
      throw new Conflict('Forespørselen er ikke besvart / The request is not answered', [{ field: 'consult', message: 'consult-not-answered' }]);
    if (r.applied_at)
      throw new Conflict('Svaret er allerede brukt i beskrivelsen / The answer was applied already', [{ field: 'consult', message: 'already-applied' }]);
    const text = attributedAnswer(r, b.text ?? r.addendum_proposal ?? r.answer_text);
    await insertConsultAnswer(trx, p, r.exam_id, { consultId: id, into: b.into, text, section: b.section }, now);
    if (!(await cs.markApplied(trx, id, { as: b.into, personId: p.personId, at: now })))
      throw new Conflict('Svaret er allerede brukt i beskrivelsen / The answer was applied already', [{ field: 'consult', message: 'already-applied' }]);
    await store.addEvent(trx, { examId: r.exam_id, kind: 'consult_apply', userId: p.userId, personId: p.personId, detail: { consultId: id, into: b.into } });
  });
  publishReadingChange({ kind: 'consult', examId });
  return openConsult(db, p, id, ip, now);
}

/**
 * The user's consults: incoming (requests they may answer as a subspecialist — open ones by due
 * time, then those answered in the last 30 days) and outgoing (their own requests, open ones and the
 * last 30 days'). No patient names; one list-access row naming the patients whose exams are listed.
 */
export async function myConsults(db: Kysely<DB>, p: Principal, ip: string | null, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const since = new Date(now.getTime() - 30 * 86_400_000);
    const trusts = await cs.trustsAbove(trx, grantOrganizations(p, CONSULTANT_ROLES));
    const inc = await cs.incoming(trx, p.personId, trusts, since, 200);
    const out = await cs.outgoing(trx, p.personId, since, 200);
    await logListAccess(trx, actorFromPrincipal(p, ip), {
      patientIds: [...inc, ...out].map((r) => r.patient_id),
      resourceType: 'ImagingStudy',
      resourceId: 'consults',
      action: 'search',
      context: 'consult-list',
    });
    return { incoming: inc.map((r) => summary(r, now)), outgoing: out.map((r) => summary(r, now)) };
  });
}
