// The report's state machine, pure: which action a reader may take on a report in which state.
// draft → preliminary → final; a final report changes only by addenda (never a silent edit).
// A LIS report (or one by a reader not approved to report the exam type alone) is preliminary
// and waits for a supervising specialist to countersign it, who grades any discrepancy with the
// ACR RADPEER scores (see radpeer.ts). The store applies the decision with optimistic
// concurrency on `version`.
import type { RadpeerScore, ReportStatus } from '../db/schema.ts';
import { isDiscrepancy } from './radpeer.ts';

/** What a reader asks to do with an exam's report. */
export type ReportAction = 'save' | 'sign-preliminary' | 'finalize' | 'countersign' | 'addendum';

/** The report as it stands (null: none written yet). */
export interface ReportFacts {
  status: ReportStatus;
  authorPersonId: string;
  needsCountersign: boolean;
}

/** What is known about the reader. */
export interface ReaderFacts {
  personId: string;
  /** May report this exam type alone (radiologist; LIS or reporting radiographer approved for it). */
  mayReportAlone: boolean;
  /** A supervising specialist (radiologist) of the performing department. */
  supervisor: boolean;
}

/** Why an action is refused; each maps to one HTTP status (see `refusalStatus`). */
export type ReportRefusal =
  | 'no-report' // nothing to sign, countersign or add to
  | 'already-final' // finalizing or countersigning a final report
  | 'final-not-editable' // editing a final report: write an addendum
  | 'not-final' // an addendum needs a final report
  | 'not-author' // someone else's draft
  | 'needs-countersign' // the reader may not finalize this exam type alone
  | 'not-awaiting-countersign' // countersigning a report that is not a preliminary one waiting for it
  | 'own-report' // countersigning one's own report
  | 'not-supervisor';

export type Transition =
  { ok: true; status: ReportStatus; needsCountersign: boolean; stampPreliminary: boolean; stampFinal: boolean } | { ok: false; refusal: ReportRefusal };

const no = (refusal: ReportRefusal): Transition => ({ ok: false, refusal });

/**
 * Decides an action. `report` null means no report exists yet (only save, sign-preliminary and
 * finalize can create one). Returns the next state and which timestamps to set
 * (preliminary_at, final_at), or the refusal.
 */
export function decideReportAction(report: ReportFacts | null, reader: ReaderFacts, action: ReportAction): Transition {
  const status = report?.status ?? 'draft';
  const isAuthor = !report || report.authorPersonId === reader.personId;
  switch (action) {
    case 'save':
      if (status === 'final') return no('final-not-editable');
      // A draft is its author's; a preliminary report may be corrected by its author before countersigning.
      if (!isAuthor) return no('not-author');
      return { ok: true, status, needsCountersign: report?.needsCountersign ?? false, stampPreliminary: false, stampFinal: false };
    case 'sign-preliminary':
      if (status === 'final') return no('already-final');
      if (!isAuthor) return no('not-author');
      return { ok: true, status: 'preliminary', needsCountersign: !reader.mayReportAlone, stampPreliminary: status === 'draft', stampFinal: false };
    case 'finalize':
      if (status === 'final') return no('already-final');
      if (!isAuthor) return no('not-author');
      if (!reader.mayReportAlone) return no('needs-countersign');
      return { ok: true, status: 'final', needsCountersign: false, stampPreliminary: status === 'draft', stampFinal: true };
    case 'countersign':
      if (!report) return no('no-report');
      if (status === 'final') return no('already-final');
      if (status !== 'preliminary') return no('not-awaiting-countersign');
      if (report.authorPersonId === reader.personId) return no('own-report');
      // Only a report that waits for it (needs_countersign: the countersign queue's filter) is countersigned.
      if (!report.needsCountersign) return no('not-awaiting-countersign');
      if (!reader.supervisor) return no('not-supervisor');
      return { ok: true, status: 'final', needsCountersign: false, stampPreliminary: false, stampFinal: true };
    case 'addendum':
      if (!report) return no('no-report');
      if (status !== 'final') return no('not-final');
      if (!reader.mayReportAlone) return no('needs-countersign');
      return { ok: true, status: 'final', needsCountersign: false, stampPreliminary: false, stampFinal: false };
  }
}

/**
 * May this reader put a consultant's answer into the report's text (migration 0190)? Into a
 * draft or preliminary report its author writes; into a preliminary report awaiting countersigning
 * by a supervising specialist who is not its author (the countersigner may edit); with no report
 * yet, as the reader's new draft. Never into a final report (409 `final-not-editable`: add it as an
 * addendum). The report keeps its status; `stamp*` are false.
 */
export function decideConsultInsert(report: ReportFacts | null, reader: ReaderFacts): Transition {
  if (!report) return { ok: true, status: 'draft', needsCountersign: false, stampPreliminary: false, stampFinal: false };
  if (report.status === 'final') return no('final-not-editable');
  const keep: Transition = { ok: true, status: report.status, needsCountersign: report.needsCountersign, stampPreliminary: false, stampFinal: false };
  if (report.authorPersonId === reader.personId) return keep;
  if (report.status === 'preliminary' && report.needsCountersign && reader.supervisor) return keep;
  return no('not-author');
}

/** HTTP status of a refusal: state conflicts are 409, missing entitlement 403, no report 404. */
export function refusalStatus(r: ReportRefusal): 403 | 404 | 409 {
  switch (r) {
    case 'no-report':
      return 404;
    case 'already-final':
    case 'final-not-editable':
    case 'not-final':
    case 'not-awaiting-countersign':
      return 409;
    case 'not-author':
    case 'needs-countersign':
    case 'own-report':
    case 'not-supervisor':
      return 403;
  }
}

/**
 * Whether the referrer who saw a preliminary answer must be told that countersigning changed it
 * ("Svaret er endret etter kontrasignering"): the countersigner graded a discrepancy (RADPEER
 * anything but 1, radpeer.ts) or changed the conclusion (section `conclusion`, whitespace at the
 * ends ignored; a template without one: any section changed).
 */
export function answerChangedOnCountersign(before: Record<string, string>, after: Record<string, string>, score: RadpeerScore): boolean {
  if (isDiscrepancy(score)) return true;
  const norm = (v: string | undefined) => (v ?? '').trim();
  if ('conclusion' in after || 'conclusion' in before) return norm(before.conclusion) !== norm(after.conclusion);
  return Object.keys({ ...before, ...after }).some((k) => norm(before[k]) !== norm(after[k]));
}
