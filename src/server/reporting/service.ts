// Reporting (issue 9 item 4): write, sign, countersign and finalize an exam's report, add
// addenda, and show final reports to the referrer. Every read goes through requireExamCase /
// requireReferral (the access gate, logged); every change is one transaction with optimistic
// concurrency on the report's version ("two people at once: one wins, the other is told").
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { AccessRefused, gated, logRefusal, requireReferral, type Who } from '../access/gate.ts';
import { actorFromPrincipal, logListAccess } from '../audit/access-log.ts';
import { grantOrganizations, type Principal } from '../auth/principal.ts';
import type { DB, RadpeerScore, ReportStatus, Role } from '../db/schema.ts';
import { subtreeIds } from '../directory/store.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { preliminaryReportOrgs, requireExamCase } from './access.ts';
import { announceReported, closeCaseOnReport, readingFacts } from '../reading/worklist.ts';
import { preliminaryGoesToReferrer } from '../reading/settings.ts';
import {
  answerChangedOnCountersign,
  decideConsultInsert,
  decideReportAction,
  refusalStatus,
  type ReaderFacts,
  type ReportAction,
  type ReportRefusal,
} from './report-state.ts';
import * as store from './store.ts';
import { notifyReferrer } from '../notifications/service.ts';
import { missingRequired, normalizeSections, reportTemplates, reportText, templateById, templateFor, type ReportTemplate } from './templates.ts';
import { examNameIn } from '../../shared/exam-label.ts';
import type { Locale } from '../../shared/i18n/index.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Roles that read and report exams. */
export const READER_ROLES: readonly Role[] = ['radiologist', 'lis', 'reporting_radiographer'];
/** Supervising specialists who countersign: radiologists of the performing department. */
export const SUPERVISOR_ROLES: readonly Role[] = ['radiologist'];

const userWho = (p: Principal, ip: string | null): Who => ({ kind: 'user', principal: p, ip });

const REFUSAL_TEXT: Record<ReportRefusal, string> = {
  'no-report': 'Undersøkelsen har ingen beskrivelse ennå / The exam has no report yet',
  'already-final': 'Beskrivelsen er allerede endelig / The report is already final',
  'final-not-editable': 'En endelig beskrivelse kan ikke endres; skriv et tillegg / A final report cannot be edited; write an addendum',
  'not-final': 'Tillegg kan bare skrives til en endelig beskrivelse / Addenda are for final reports',
  'not-author': 'Beskrivelsen er skrevet av en annen / Someone else is writing this report',
  'needs-countersign': 'Denne undersøkelsestypen må kontrasigneres av en spesialist / This exam type must be countersigned',
  'not-awaiting-countersign': 'Beskrivelsen venter ikke på kontrasignering / The report is not waiting for countersigning',
  'own-report': 'Du kan ikke kontrasignere din egen beskrivelse / You cannot countersign your own report',
  'not-supervisor': 'Bare en overlege i avdelingen kan kontrasignere / Only a specialist of the department may countersign',
};

/**
 * Refuses a report action the state machine turned down. A 403 (not-author, needs-countersign,
 * own-report, not-supervisor: the reader may not do this to this patient's report) writes one refused
 * access-log row through the gate's `logRefusal` (reason = the refusal, resource ImagingStudy/<examId>)
 * and throws AccessRefused, so `gated()` commits the row and nothing else was written — the same
 * way every refusal in Radvis is logged. 404/409 (no report, state conflicts) are not access
 * refusals: they throw as before and the transaction rolls back.
 */
async function refuseAction(trx: Q, who: Who, exam: store.ExamContext, r: ReportRefusal, context: string): Promise<never> {
  if (refusalStatus(r) !== 403) throw refused(r);
  await logRefusal(trx, who, r, { patientId: exam.patient_id, resourceType: 'ImagingStudy', resourceId: exam.exam_id, action: 'update', context });
  throw new AccessRefused(REFUSAL_TEXT[r], [{ field: 'report', message: r }]);
}

/**
 * Issue 9 §3, "a claim locks the case for one reader": while another reader holds an unexpired
 * claim on the exam's open reading case, report actions (save, sign preliminary, finalize,
 * countersign, addendum) by anyone else are refused with 409, naming the holder. The case row is
 * locked (FOR UPDATE) so a claim and a report action on the same case are serialized. An expired
 * claim, one's own claim and a closed case do not lock.
 */
async function requireNotClaimedByOther(trx: Q, examId: string, personId: string, now: Date): Promise<void> {
  const c = await trx
    .selectFrom('reading_case as c')
    .leftJoin('person as p', 'p.id', 'c.claimed_by')
    .select(['c.claimed_by', 'c.claim_expires_at', 'c.open', 'p.given_name', 'p.family_name'])
    .where('c.exam_id', '=', examId)
    .forUpdate('c')
    .executeTakeFirst();
  if (!c || !c.open || !c.claimed_by || c.claimed_by === personId || !c.claim_expires_at || new Date(c.claim_expires_at) <= now) return;
  const name = [c.given_name, c.family_name].filter(Boolean).join(' ') || 'en annen leser / another reader';
  throw new Conflict(`${name} har tatt saken og skriver beskrivelsen / ${name} has claimed this case and is writing the report`, [
    { field: 'examId', message: 'claimed-by-other' },
  ]);
}

/** How long an identical addendum by the same author counts as a double submit of the first (minutes). */
export const ADDENDUM_REPEAT_WINDOW_MINUTES = 10;

function refused(r: ReportRefusal): Error {
  const fields = [{ field: 'report', message: r }];
  switch (refusalStatus(r)) {
    case 404:
      return new NotFound(REFUSAL_TEXT[r], fields);
    case 409:
      return new Conflict(REFUSAL_TEXT[r], fields);
    case 403:
      return new Forbidden(REFUSAL_TEXT[r], fields);
  }
}

const stale = () =>
  new Conflict('Beskrivelsen er endret av en annen siden du åpnet den; last inn på nytt / The report changed since you opened it; reload', [
    { field: 'expectedVersion', message: 'stale-version' },
  ]);

/**
 * What the reader is to this exam: a reader (radiologist, LIS or reporting radiographer), a
 * supervising specialist, and whether they may report the exam type alone — a radiologist, or a
 * LIS / reporting radiographer with a competence approval for the exam type. The one place this is
 * decided. Callers have passed the access gate for the exam's reading case (requireExamCase): a
 * reader of the performing department (or above it) reads its exams as before, and a reader of
 * another department or trust reaches an exam only through a list it was handed over to (regional
 * reading, issue 9), where their own reader role counts — a radiologist anywhere reports alone and
 * may countersign, a LIS's report goes to countersigning.
 */
export async function readerFacts(
  db: Q,
  p: Principal,
  exam: { performing_org_id: string; exam_code: string },
): Promise<ReaderFacts & { isReader: boolean; role: Role }> {
  const readerOrgs = await subtreeIds(db, grantOrganizations(p, READER_ROLES));
  const inDepartment = readerOrgs.includes(exam.performing_org_id);
  const isReader = readerOrgs.length > 0;
  const supervisorOrgs = isReader ? await subtreeIds(db, grantOrganizations(p, SUPERVISOR_ROLES)) : [];
  // In their own department their role there decides; an exam handed over from elsewhere, the role they hold.
  const supervisor = inDepartment ? supervisorOrgs.includes(exam.performing_org_id) : supervisorOrgs.length > 0;
  const traineeOrgs = grantOrganizations(p, ['lis', 'reporting_radiographer']);
  const approved = !supervisor && isReader && (await store.hasExamApproval(db, p.personId, exam.exam_code, [exam.performing_org_id, ...traineeOrgs]));
  const role: Role = supervisor ? 'radiologist' : p.grants.some((g) => g.role === 'lis') ? 'lis' : 'reporting_radiographer';
  return { personId: p.personId, isReader, supervisor, mayReportAlone: supervisor || approved, role };
}

/**
 * Refuses a report change by someone who holds no reader role (a department leader or secretary the
 * reading lists let see the case): one refused access-log row through the gate's logRefusal
 * (reason not-reader), then 403 as AccessRefused, so gated() commits the row and nothing else.
 */
async function refuseNonReader(trx: Q, who: Who, exam: store.ExamContext, context: string): Promise<never> {
  await logRefusal(trx, who, 'not-reader', { patientId: exam.patient_id, resourceType: 'ImagingStudy', resourceId: exam.exam_id, action: 'update', context });
  throw new AccessRefused('Du beskriver ikke for denne avdelingen / You do not report for this department', [{ field: 'report', message: 'not-reader' }]);
}

/** Input of a report action. `expectedVersion` is the version the reader opened (null: no report yet). */
export interface ReportActionInput {
  sections: Record<string, string>;
  expectedVersion: number | null;
  /** Countersigning: the RADPEER score and an optional comment to the author. */
  score?: RadpeerScore;
  comment?: string;
}

const VERSION_ACTION = { save: 'save', 'sign-preliminary': 'preliminary', finalize: 'finalize', countersign: 'countersign' } as const;

/**
 * Saves, signs as preliminary, finalizes or countersigns the exam's report (see
 * report-state.ts). Errors: 404 unknown exam; 403 no work need (logged) or not allowed
 * (own report, needs countersigning); 409 final already / stale version; 400 required sections
 * empty or a countersign without a score. The first signed report (preliminary, or final from a
 * draft) sets referral.preliminary_reported_at; finalizing sets exam.reported_at and the referral's
 * reported_at / status 'reported' and notifies the referrer.
 *
 * Preliminary answer to the referrer (migration 0350): signing a report that awaits countersigning
 * on an acute case of a department with the setting on stamps report.referrer_preliminary_at (the
 * referrer now sees it, marked as not countersigned) and notifies the referrer ('report-preliminary').
 * Countersigning such a report notifies 'report-changed' instead of 'report-final' when the
 * countersigner changed the conclusion or graded a discrepancy (answerChangedOnCountersign).
 */
export async function applyReportAction(
  db: Kysely<DB>,
  p: Principal,
  ip: string | null,
  examId: string,
  action: Exclude<ReportAction, 'addendum'>,
  input: ReportActionInput,
  now = new Date(),
): Promise<{ version: number; status: ReportStatus }> {
  let closed = false;
  const result = await gated(db, async (trx) => {
    const exam = await store.examContext(trx, examId);
    if (!exam) throw new NotFound('Fant ikke undersøkelsen / Exam not found');
    const reader = await readerFacts(trx, p, exam);
    if (!reader.isReader) await refuseNonReader(trx, userWho(p, ip), exam, `report-${action}`);
    await requireExamCase(trx, userWho(p, ip), exam, 'update', `report-${action}`);
    await requireNotClaimedByOther(trx, examId, p.personId, now);
    const report = await store.reportByExam(trx, examId);
    const t = decideReportAction(
      report ? { status: report.status, authorPersonId: report.author_person_id, needsCountersign: report.needs_countersign } : null,
      reader,
      action,
    );
    if (!t.ok) return refuseAction(trx, userWho(p, ip), exam, t.refusal, `report-${action}`);
    if ((report?.version ?? null) !== input.expectedVersion) throw stale();
    const template: ReportTemplate = (report && templateById(report.template_id)) || templateFor(exam.exam_code, exam.modality);
    const sections = normalizeSections(template, input.sections);
    if (action !== 'save') {
      const missing = missingRequired(template, sections);
      if (missing.length)
        throw new Invalid(
          'Fyll ut funn og konklusjon / Fill in findings and conclusion',
          missing.map((m) => ({ field: `sections.${m}`, message: 'required' })),
        );
    }
    if (action === 'countersign' && !input.score) throw new Invalid('Velg en vurdering / Choose a grade', [{ field: 'score', message: 'required' }]);

    let version: number;
    let answerChanged = false;
    const reportId = report?.id ?? crypto.randomUUID();
    if (!report) {
      const id = reportId;
      const ok = await store.insertReport(trx, {
        id,
        examId,
        templateId: template.id,
        sections,
        status: t.status,
        authorPersonId: p.personId,
        authorRole: reader.role,
        needsCountersign: t.needsCountersign,
        finalizedBy: t.stampFinal ? p.personId : null,
        at: now,
        preliminaryAt: t.stampPreliminary ? now : null,
        finalAt: t.stampFinal ? now : null,
      });
      if (!ok) throw stale();
      version = 1;
      await store.insertVersion(trx, { reportId: id, version, status: t.status, sections, action: VERSION_ACTION[action], personId: p.personId, at: now });
    } else {
      const v = await store.updateReport(trx, report.id, report.version, {
        sections,
        status: t.status,
        needsCountersign: t.needsCountersign,
        finalizedBy: t.stampFinal ? p.personId : undefined,
        at: now,
        preliminaryAt: t.stampPreliminary ? now : undefined,
        finalAt: t.stampFinal ? now : undefined,
      });
      if (v === undefined) {
        // Someone else changed it between our read and our write: tell them what happened.
        const current = await store.reportByExam(trx, examId);
        throw current?.status === 'final' ? refused('already-final') : stale();
      }
      version = v;
      await store.insertVersion(trx, {
        reportId: report.id,
        version,
        status: t.status,
        sections,
        action: VERSION_ACTION[action],
        personId: p.personId,
        at: now,
      });
      if (action === 'countersign') {
        const before = report.sections as Record<string, string>;
        const changed = Object.keys(sections).some((k) => (before[k] ?? '') !== sections[k]);
        answerChanged = report.referrer_preliminary_at !== null && answerChangedOnCountersign(before, sections, input.score!);
        // Kept on this report (migration 0421): the referrer's "changed" mark is per exam, not per referral.
        if (answerChanged) await store.markAnswerChanged(trx, report.id);
        await store.insertReview(trx, {
          reportId: report.id,
          reviewer: p.personId,
          author: report.author_person_id,
          score: input.score!,
          comment: input.comment?.trim() || null,
          changed,
          at: now,
        });
      }
    }
    // Signed (preliminary or final): the case leaves the reading lists.
    if (t.stampPreliminary || t.stampFinal) closed = await closeCaseOnReport(trx, examId, now);
    if (t.stampPreliminary) await store.markPreliminary(trx, exam.id, now);
    // A preliminary answer to the referrer for urgent cases (migration 0350, reading/settings.ts):
    // a report awaiting countersigning on an acute exam of a department that has it on.
    if (t.stampPreliminary && t.status === 'preliminary' && t.needsCountersign && (await preliminaryGoesToReferrer(trx, examId))) {
      await store.markReleasedToReferrer(trx, reportId, now);
      await notifyReferrer(trx, { personId: exam.referrer_person_id, referralId: exam.id }, { kind: 'report-preliminary' }, now);
    }
    if (t.stampFinal) {
      await store.markReported(trx, examId, exam.id, now, { userId: p.userId, personId: p.personId, role: reader.role ?? null });
      // The referrer who saw the preliminary answer is told when countersigning changed it.
      await notifyReferrer(trx, { personId: exam.referrer_person_id, referralId: exam.id }, { kind: answerChanged ? 'report-changed' : 'report-final' }, now);
    }
    return { version, status: t.status };
  });
  if (closed) announceReported(examId);
  return result;
}

/**
 * Adds an addendum to a final report (never a silent edit); notifies the referrer. 409 when not
 * final or another reader holds the case's claim; 403 (logged through the gate) when the reader may
 * not write addenda for this exam type. A double submit (a double click, a browser retry) is one
 * addendum: the report row is locked, and the same text by the same author within
 * ADDENDUM_REPEAT_WINDOW_MINUTES answers with the first addendum's id — nothing stored, no second
 * notification. The route also takes an Idempotency-Key (routes.ts: a client retry with the same
 * key gets the stored answer); this same-text rule covers a double click that sends no key.
 */
export async function addAddendum(db: Kysely<DB>, p: Principal, ip: string | null, examId: string, text: string, now = new Date()): Promise<{ id: string }> {
  return gated(db, async (trx) => {
    const exam = await store.examContext(trx, examId);
    if (!exam) throw new NotFound('Fant ikke undersøkelsen / Exam not found');
    const reader = await readerFacts(trx, p, exam);
    if (!reader.isReader) await refuseNonReader(trx, userWho(p, ip), exam, 'report-addendum');
    await requireExamCase(trx, userWho(p, ip), exam, 'update', 'report-addendum');
    await requireNotClaimedByOther(trx, examId, p.personId, now);
    const report = await store.reportByExam(trx, examId);
    const t = decideReportAction(
      report ? { status: report.status, authorPersonId: report.author_person_id, needsCountersign: report.needs_countersign } : null,
      reader,
      'addendum',
    );
    if (!t.ok) return refuseAction(trx, userWho(p, ip), exam, t.refusal, 'report-addendum');
    if (!report) throw refused('no-report');
    const body = text.trim();
    const same = await store.lockReportAndFindAddendum(trx, report.id, {
      text: body,
      authorPersonId: p.personId,
      since: new Date(now.getTime() - ADDENDUM_REPEAT_WINDOW_MINUTES * 60_000),
    });
    if (same) return { id: same };
    const id = crypto.randomUUID();
    await store.insertAddendum(trx, { id, reportId: report.id, text: body, authorPersonId: p.personId, at: now });
    await notifyReferrer(trx, { personId: exam.referrer_person_id, referralId: exam.id }, { kind: 'report-addendum' }, now);
    return { id };
  });
}

/**
 * How this reader may apply a consultant's answer to the exam's report: as an addendum (a final
 * report, and the reader may write addenda) or into the text (see decideConsultInsert). No access
 * check and no log row: callers have passed the gate for the exam.
 */
export async function consultApplyOptions(db: Q, p: Principal, examId: string): Promise<{ addendum: boolean; report: boolean }> {
  const exam = await store.examContext(db, examId);
  if (!exam) return { addendum: false, report: false };
  const reader = await readerFacts(db, p, exam);
  if (!reader.isReader) return { addendum: false, report: false };
  const report = await store.reportByExam(db, examId);
  const facts = report ? { status: report.status, authorPersonId: report.author_person_id, needsCountersign: report.needs_countersign } : null;
  return { addendum: decideReportAction(facts, reader, 'addendum').ok, report: decideConsultInsert(facts, reader).ok };
}

/**
 * Puts a consultant's answer (`text`, already attributed by the caller) into the exam's report, in
 * the caller's transaction after the gate (reading/consult.ts applyConsult): `into: 'addendum'`
 * adds an addendum to the final report (linked to the consult; the referrer is notified, as for
 * any addendum); `into: 'report'` appends a paragraph to the `section` (default: the conclusion,
 * else the template's last section) of a draft or preliminary report — a new version with action
 * 'consult', status unchanged — or starts the reader's draft. Errors as the report actions: 403
 * not a reader / not allowed, 409 final (for 'report') or not final (for 'addendum') or changed
 * meanwhile or another reader holds the case's claim, 400 unknown section.
 */
export async function insertConsultAnswer(
  trx: Transaction<DB>,
  p: Principal,
  examId: string,
  a: { consultId: string; into: 'addendum' | 'report'; text: string; section?: string },
  now = new Date(),
): Promise<{ addendumId: string | null; version: number | null }> {
  const exam = await store.examContext(trx, examId);
  if (!exam) throw new NotFound('Fant ikke undersøkelsen / Exam not found');
  const reader = await readerFacts(trx, p, exam);
  if (!reader.isReader)
    throw new Forbidden('Du beskriver ikke for denne avdelingen / You do not report for this department', [{ field: 'report', message: 'not-reader' }]);
  await requireNotClaimedByOther(trx, examId, p.personId, now);
  const report = await store.reportByExam(trx, examId);
  const facts = report ? { status: report.status, authorPersonId: report.author_person_id, needsCountersign: report.needs_countersign } : null;
  if (a.into === 'addendum') {
    const t = decideReportAction(facts, reader, 'addendum');
    if (!t.ok || !report) throw refused(t.ok ? 'no-report' : t.refusal);
    const id = crypto.randomUUID();
    await store.insertAddendum(trx, { id, reportId: report.id, text: a.text, authorPersonId: p.personId, at: now, consultId: a.consultId });
    await notifyReferrer(trx, { personId: exam.referrer_person_id, referralId: exam.id }, { kind: 'report-addendum' }, now);
    return { addendumId: id, version: null };
  }
  const t = decideConsultInsert(facts, reader);
  if (!t.ok) throw refused(t.refusal);
  const template: ReportTemplate = (report && templateById(report.template_id)) || templateFor(exam.exam_code, exam.modality);
  const sectionId = a.section ?? (template.sections.some((s) => s.id === 'conclusion') ? 'conclusion' : template.sections[template.sections.length - 1]!.id);
  if (!template.sections.some((s) => s.id === sectionId))
    throw new Invalid('Ukjent del av beskrivelsen / Unknown report section', [{ field: 'section', message: 'unknown-section' }]);
  const before = (report?.sections as Record<string, string> | undefined) ?? Object.fromEntries(template.sections.map((s) => [s.id, s.default ?? '']));
  const old = (before[sectionId] ?? '').replace(/\s+$/u, '');
  const sections = normalizeSections(template, { ...before, [sectionId]: old ? `${old}\n\n${a.text}` : a.text });
  if (!report) {
    const id = crypto.randomUUID();
    const ok = await store.insertReport(trx, {
      id,
      examId,
      templateId: template.id,
      sections,
      status: 'draft',
      authorPersonId: p.personId,
      authorRole: reader.role,
      needsCountersign: false,
      finalizedBy: null,
      at: now,
      preliminaryAt: null,
      finalAt: null,
    });
    if (!ok) throw stale();
    await store.insertVersion(trx, {
      reportId: id,
      version: 1,
      status: 'draft',
      sections,
      action: 'consult',
      personId: p.personId,
      at: now,
      consultId: a.consultId,
    });
    return { addendumId: null, version: 1 };
  }
  const v = await store.updateReport(trx, report.id, report.version, { sections, status: t.status, needsCountersign: t.needsCountersign, at: now });
  if (v === undefined) throw stale();
  await store.insertVersion(trx, {
    reportId: report.id,
    version: v,
    status: t.status,
    sections,
    action: 'consult',
    personId: p.personId,
    at: now,
    consultId: a.consultId,
  });
  return { addendumId: null, version: v };
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const dateOnly = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** Advice the referrer saw, in words (rating and the topic's title) — never a code. */
/** A stored text: a plain string, or `{ nb, en }` as the advice engine writes it (in `locale`, else nb). */
function storedText(v: unknown, locale: 'nb' | 'en'): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const t = v as { nb?: unknown; en?: unknown };
    const pick = locale === 'en' && typeof t.en === 'string' ? t.en : t.nb;
    return typeof pick === 'string' ? pick : null;
  }
  return null;
}

/**
 * The advice the referrer saw, for the report page: rating, topic title and summary in the reader's
 * language. Referral rows carry the engine's advice as stored by the referral form and the CDS
 * order-sign door (`topicTitle`/`summary` as `{ nb, en }`, `rating`), older rows plain strings
 * (`title`, `text`, `outcome`); anything else reads as absent.
 */
function adviceSummary(advice: unknown, locale: 'nb' | 'en'): { rating: string | null; title: string | null; text: string | null } {
  const a = (advice && typeof advice === 'object' ? advice : {}) as Record<string, unknown> & { outcome?: Record<string, unknown> };
  const outcome = a.outcome && typeof a.outcome === 'object' ? a.outcome : {};
  const rating = typeof a.rating === 'string' ? a.rating : typeof outcome.rating === 'string' ? outcome.rating : null;
  return {
    rating,
    title: storedText(a.topicTitle, locale) ?? storedText(a.title, locale),
    text: storedText(outcome.text, locale) ?? storedText(a.summary, locale) ?? storedText(a.text, locale),
  };
}

/**
 * The report page of an exam for a reader: the referral (what the referrer wrote and the advice
 * they saw), the patient's earlier exams and reports, the template, the report with its
 * addenda and review, and what this reader may do. One access-log row (through the gate).
 */
export async function openExamReport(db: Kysely<DB>, p: Principal, ip: string | null, examId: string) {
  return gated(db, async (trx) => {
    const exam = await store.examContext(trx, examId);
    if (!exam) throw new NotFound('Fant ikke undersøkelsen / Exam not found');
    await requireExamCase(trx, userWho(p, ip), exam, 'read', 'report-view');
    const reader = await readerFacts(trx, p, exam);
    const report = await store.reportByExam(trx, examId);
    const template = (report && templateById(report.template_id)) || templateFor(exam.exam_code, exam.modality);
    const history = await store.patientExams(trx, exam.patient_id, examId, 20);
    const [adds, review, versions] = report
      ? await Promise.all([store.addenda(trx, [report.id]), store.reviewOf(trx, report.id), store.versions(trx, report.id)])
      : [[], undefined, []];
    const facts = report ? { status: report.status, authorPersonId: report.author_person_id, needsCountersign: report.needs_countersign } : null;
    const can = (a: ReportAction) => reader.isReader && decideReportAction(facts, reader, a).ok;
    // The case's reading priority and AI findings as the worklist shows them (one truth for both
    // pages); the findings for readers only, as the reading case view gives them.
    const rd = await readingFacts(trx, examId, reader.isReader);
    return {
      exam: {
        id: exam.exam_id,
        name: examNameIn(p.locale, exam.exam_name, exam.exam_name_en),
        performedAt: iso(exam.performed_at)!,
        reportedAt: iso(exam.reported_at),
        department: exam.department_name,
      },
      patient: { name: exam.patient_name, birthDate: dateOnly(exam.patient_birth_date as unknown as string), sex: exam.patient_sex, fnr: exam.patient_fnr },
      referral: {
        referrer: exam.referrer_name,
        referrerOrganization: exam.referrer_org_name,
        clinicalQuestion: exam.clinical_question,
        clinicalNote: exam.clinical_note,
        urgency: exam.urgency,
        submittedAt: iso(exam.submitted_at),
        advice: adviceSummary(exam.advice, p.locale),
      },
      reading: rd ?? null,
      history: history.map((h) => ({
        examName: examNameIn(p.locale, h.exam_name, h.exam_name_en),
        performedAt: iso(h.performed_at)!,
        department: h.department_name,
        status: h.status ?? null,
        text: h.sections && h.status !== 'draft' ? reportText(templateById(h.template_id ?? ''), h.sections as Record<string, string>, p.locale) : null,
      })),
      // The template's name and section titles in the reader's language (content/reporting/templates.json
      // has both); the section texts are what the radiologist wrote.
      template: {
        id: template.id,
        name: p.locale === 'en' ? template.nameEn || template.name : template.name,
        sections: template.sections.map((s) => ({
          id: s.id,
          title: p.locale === 'en' ? s.titleEn || s.title : s.title,
          rows: s.rows,
          required: !!s.required,
          default: s.default ?? null,
        })),
      },
      report: report
        ? {
            status: report.status,
            version: report.version,
            sections: report.sections as Record<string, string>,
            needsCountersign: report.needs_countersign,
            authoredByMe: report.author_person_id === p.personId,
            preliminaryAt: iso(report.preliminary_at),
            finalAt: iso(report.final_at),
            versions: versions.map((v) => ({ version: v.version, action: v.action, at: iso(v.at)!, by: v.person_name })),
            addenda: adds.map((a) => ({ text: a.text, at: iso(a.created_at)!, by: a.author_name })),
            review: review ? { score: review.score, comment: review.comment, changed: review.changed, at: iso(review.at)!, by: review.reviewer_name } : null,
          }
        : null,
      may: {
        save: can('save'),
        signPreliminary: can('sign-preliminary'),
        finalize: can('finalize'),
        countersign: can('countersign'),
        addendum: can('addendum'),
      },
    };
  });
}
export type ExamReportView = Awaited<ReturnType<typeof openExamReport>>;

/**
 * The supervisor's countersign queue: preliminary reports of their departments (not their own), in
 * the worklist's priority order — the case's reading priority first (acute before cancer pathway,
 * urgent, routine, planned; reading_case.priority, so the same as the worklist showed), then the
 * time signed preliminary, oldest first, then the exam. One list-access row.
 */
export async function countersignQueue(db: Kysely<DB>, p: Principal, ip: string | null) {
  return db.transaction().execute(async (trx) => {
    const orgs = await subtreeIds(trx, grantOrganizations(p, SUPERVISOR_ROLES));
    const rows = (await store.countersignQueue(trx, orgs, 200)).filter((r) => r.author_person_id !== p.personId);
    await logListAccess(trx, actorFromPrincipal(p, ip, SUPERVISOR_ROLES), {
      patientIds: [...new Set(rows.map((r) => r.patient_id))],
      resourceType: 'DiagnosticReport',
      action: 'search',
      context: 'countersign-queue',
    });
    return rows.map((r) => ({
      examId: r.exam_id,
      examName: examNameIn(p.locale, r.exam_name, r.exam_name_en),
      patientName: r.patient_name,
      author: r.author_name,
      performedAt: iso(r.performed_at)!,
      preliminaryAt: iso(r.preliminary_at),
      urgency: r.urgency,
      priority: r.priority,
    }));
  });
}

/** The author's feedback: their countersigned reports with the RADPEER grade; one list-access row. */
export async function myFeedback(db: Kysely<DB>, p: Principal, ip: string | null) {
  return db.transaction().execute(async (trx) => {
    const rows = await store.feedbackFor(trx, p.personId, 200);
    await logListAccess(trx, actorFromPrincipal(p, ip, READER_ROLES), {
      patientIds: [...new Set(rows.map((r) => r.patient_id))],
      resourceType: 'DiagnosticReport',
      action: 'search',
      context: 'report-feedback',
    });
    return rows.map((r) => ({
      examId: r.exam_id,
      examName: examNameIn(p.locale, r.exam_name, r.exam_name_en),
      performedAt: iso(r.performed_at)!,
      score: r.score,
      comment: r.comment,
      changed: r.changed,
      at: iso(r.at)!,
      reviewer: r.reviewer_name,
    }));
  });
}

/**
 * The answers on a referral for its referrer's page (through requireReferral, logged with context
 * `referral-reports`): per exam the final report (with addenda). Issue 9: final reports reach the
 * referrer — a preliminary report awaiting countersigning is shown to the performing department's
 * own people (`preliminaryReportOrgs`), and to the referrer only when it was released as a
 * preliminary answer for an urgent case (referrer_preliminary_at, migration 0350). 404 for an
 * unknown referral, 403 otherwise.
 */
export async function referralReports(db: Kysely<DB>, p: Principal, ip: string | null, referralId: string) {
  return gated(db, async (trx) => {
    const keys = await store.referralKeys(trx, referralId);
    if (!keys) throw new NotFound('Fant ikke henvisningen / Referral not found');
    await requireReferral(trx, userWho(p, ip), keys, 'read', 'referral-reports');
    return referrerReportsOf(trx, referralId, p.locale, await preliminaryReportOrgs(trx, userWho(p, ip)));
  });
}

/**
 * The signed reports of a referral as its referrer sees them (no access check: callers have passed
 * the gate). One entry per exam with a final report: `status` 'final' (signed at `signedAt` by the
 * one who finalized or countersigned), addenda oldest first. A preliminary report (signed by its
 * author, not yet countersigned) is included for exams performed in `preliminaryOrgs` (the
 * department's own people; default none) and when it was released to the referrer as a preliminary
 * answer for an urgent case (report.referrer_preliminary_at, migration 0350); otherwise the referrer
 * sees final reports only. Drafts never. A final report released earlier as a preliminary answer says
 * so (`preliminaryAnswer`: when, and whether countersigning changed the answer).
 * Exam names in `locale` (src/shared/exam-label.ts), the requester's language.
 */
export async function referrerReportsOf(db: Q, referralId: string, locale: Locale, preliminaryOrgs: readonly string[] = []) {
  const rows = (await store.reportsForReferral(db, referralId)).filter(
    (r) => r.status === 'final' || r.referrer_preliminary_at !== null || preliminaryOrgs.includes(r.performing_org_id),
  );
  const adds = await store.addenda(
    db,
    rows.filter((r) => r.status === 'final').map((r) => r.report_id),
  );
  return rows.map((r) => {
    const final = r.status === 'final';
    return {
      examName: examNameIn(locale, r.exam_name, r.exam_name_en),
      performedAt: iso(r.performed_at)!,
      department: r.department_name,
      status: final ? ('final' as const) : ('preliminary' as const),
      signedAt: iso(final ? r.final_at : (r.preliminary_at ?? r.updated_at))!,
      signedBy: final ? (r.signed_by ?? r.author_name) : r.author_name,
      text: reportText(templateById(r.template_id), r.sections as Record<string, string>, locale),
      conclusion: ((r.sections as Record<string, string>).conclusion ?? '').trim() || null,
      addenda: adds.filter((a) => a.report_id === r.report_id).map((a) => ({ text: a.text, at: iso(a.created_at)!, by: a.author_name })),
      preliminaryAnswer: final && r.referrer_preliminary_at !== null ? { at: iso(r.referrer_preliminary_at)!, changed: r.answer_changed } : null,
    };
  });
}

/** The templates (for a content overview). */
export function templates() {
  return reportTemplates();
}
