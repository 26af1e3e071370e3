// FHIR R4 reads of reports and studies: DiagnosticReport by id and by search (the declared
// parameters, _include), ImagingStudy by id, and both as `_revinclude`s of a ServiceRequest search. Read through the access gate exactly as ServiceRequest is
// (requireReferral: the referrer, the department, a FHIR client's organization), logged.
import type { Bundle, BundleEntry, DiagnosticReport, ImagingStudy, Resource } from '@medplum/fhirtypes';
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import {
  AccessRefused,
  gated,
  logRefusedSearchMatches,
  MAX_REFUSED_SEARCH_LOG,
  referralCondition,
  requireReferral,
  type ReferralKeys,
  type Who,
} from '../access/gate.ts';
import { includedPatients } from '../directory/fhir.ts';
import { findPatientByFnr, type PatientKey } from '../directory/store.ts';
import { patientSystemFirstDigits } from '../directory/identifiers.ts';
import { diagnosticReportPageQuery, parseDiagnosticReportSearch } from '../interop/fhir/diagnostic-report-search.ts';
import { keysetKeyFits, keysetSignature, MAX_OFFSET, pageNav, pagingLinks, selfAt } from '../interop/fhir/paging.ts';
import { toServiceRequest } from '../interop/fhir/service-request.ts';
import { getReferral } from '../referrals/store.ts';
import type { DB } from '../db/schema.ts';
import { ignoredIssue, Invalid, NotFound } from '../http/errors.ts';
import { toDiagnosticReport, toImagingStudy, type ExamFacts } from '../interop/fhir/diagnostic-report.ts';
import { preliminaryReportOrgs } from './access.ts';
import * as store from './store.ts';
import { reportText, templateById } from './templates.ts';

type Q = Kysely<DB> | Transaction<DB>;

function examFacts(x: store.ExamContext): ExamFacts {
  return {
    examId: x.exam_id,
    referralId: x.id,
    examCode: x.exam_code,
    examName: x.exam_name,
    modality: x.modality,
    performedAt: new Date(x.performed_at),
    patientId: x.patient_id,
    patientFnr: x.patient_fnr,
    patientName: x.patient_name,
    departmentId: x.performing_org_id,
    departmentName: x.department_name,
    studyInstanceUid: x.study_instance_uid ?? null,
  };
}

/** The first line of a not yet countersigned report's text in FHIR (both languages: the reader's system may show either). */
export const PRELIMINARY_MARK = 'Foreløpig svar – ikke kontrasignert / Preliminary – not yet countersigned';

async function diagnosticReportOf(db: Q, exam: store.ExamContext, rep: store.ReportRow) {
  const adds = await store.addenda(db, [rep.id]);
  const sections = rep.sections as Record<string, string>;
  const body = reportText(templateById(rep.template_id), sections);
  const text = adds.length
    ? `${body}\n\n${adds.map((a) => `Tillegg ${new Date(a.created_at).toISOString().slice(0, 10)} (${a.author_name}):\n${a.text}`).join('\n\n')}`
    : body;
  // A report awaiting countersigning says so in its text too (status 'preliminary' alone is easy to miss).
  const marked = rep.status === 'preliminary' && rep.needs_countersign ? `${PRELIMINARY_MARK}\n\n${text}` : text;
  const signer = rep.finalized_by_person_id ? await store.personName(db, rep.finalized_by_person_id) : undefined;
  return toDiagnosticReport(examFacts(exam), {
    id: rep.id,
    status: rep.status === 'final' ? 'final' : 'preliminary',
    amended: adds.length > 0,
    version: rep.version,
    updatedAt: new Date(
      adds.length ? Math.max(new Date(rep.updated_at).getTime(), ...adds.map((a) => new Date(a.created_at).getTime())) : new Date(rep.updated_at).getTime(),
    ),
    issuedAt: rep.final_at ? new Date(rep.final_at) : rep.preliminary_at ? new Date(rep.preliminary_at) : null,
    signedBy: signer ? { personId: rep.finalized_by_person_id!, name: signer } : null,
    text: marked,
    conclusion: (sections.conclusion ?? '').trim() || null,
  });
}

/** GET /fhir/DiagnosticReport/{id}: a preliminary or final report (drafts are not published). 404 unknown, 403 no work need. */
export async function readDiagnosticReport(db: Kysely<DB>, who: Who, id: string): Promise<DiagnosticReport> {
  return gated(db, async (trx) => {
    const rep = await store.reportById(trx, id);
    if (!rep || rep.status === 'draft') throw new NotFound(`DiagnosticReport/${id} not found`, undefined, { reason: 'resource-not-found' });
    const exam = (await store.examContext(trx, rep.exam_id))!;
    await requireReferral(trx, who, exam, 'read', 'fhir-diagnosticreport-read');
    // A preliminary report is the performing department's until countersigned (preliminaryReportOrgs),
    // unless it was released to the referrer as a preliminary answer for an urgent case (0350).
    if (rep.status === 'preliminary' && rep.referrer_preliminary_at === null && !(await preliminaryReportOrgs(trx, who)).includes(exam.performing_org_id))
      throw new NotFound(`DiagnosticReport/${id} not found`, undefined, { reason: 'resource-not-found' });
    return diagnosticReportOf(trx, exam, rep);
  });
}

/** GET /fhir/ImagingStudy/{id} (the exam id). 404 unknown, 403 no work need. */
export async function readImagingStudy(db: Kysely<DB>, who: Who, id: string): Promise<ImagingStudy> {
  return gated(db, async (trx) => {
    const exam = await store.examContext(trx, id);
    if (!exam) throw new NotFound(`ImagingStudy/${id} not found`, undefined, { reason: 'resource-not-found' });
    await requireReferral(trx, who, exam, 'read', 'fhir-imagingstudy-read');
    return toImagingStudy(examFacts(exam));
  });
}

/**
 * The preliminary and final DiagnosticReports based on `referrals` (for `_revinclude` on a
 * ServiceRequest search). Each referral with reports is read through the gate in `context`
 * (decided again and logged; a refusal leaves its reports out).
 */
export async function reportsBasedOn(db: Q, who: Who, referrals: ReferralKeys[], context: string): Promise<DiagnosticReport[]> {
  const out: DiagnosticReport[] = [];
  for (const keys of referrals) {
    const prelim = await preliminaryReportOrgs(db, who);
    const rows = (await store.reportsForReferral(db, keys.id)).filter(
      (r) => r.status === 'final' || r.referrer_preliminary_at !== null || prelim.includes(r.performing_org_id),
    );
    if (rows.length === 0 || !(await mayRead(db, who, keys, context))) continue;
    for (const row of rows) out.push(await diagnosticReportOf(db, (await store.examContext(db, row.exam_id))!, (await store.reportById(db, row.report_id))!));
  }
  return out;
}

/** The ImagingStudies (performed exams) based on `referrals` (for `_revinclude`), through the gate as reportsBasedOn. */
export async function studiesBasedOn(db: Q, who: Who, referrals: ReferralKeys[], context: string): Promise<ImagingStudy[]> {
  const out: ImagingStudy[] = [];
  for (const keys of referrals) {
    const examIds = await store.examIdsForReferral(db, keys.id);
    if (examIds.length === 0 || !(await mayRead(db, who, keys, context))) continue;
    for (const id of examIds) out.push(toImagingStudy(examFacts((await store.examContext(db, id))!)));
  }
  return out;
}

/** requireReferral that answers false on refusal (its log row is written either way). */
async function mayRead(db: Q, who: Who, keys: ReferralKeys, context: string): Promise<boolean> {
  try {
    await requireReferral(db, who, keys, 'read', context);
    return true;
  } catch (e) {
    if (e instanceof AccessRefused) return false;
    throw e;
  }
}

/**
 * GET /fhir/DiagnosticReport?…: a searchset Bundle of the published reports (preliminary, final,
 * amended) of referrals the caller may read (access gate), filtered by the declared parameters
 * (interop/fhir/diagnostic-report-search.ts), one page with self/first/previous/next links and an
 * exact total (omitted with `_total=none`). `_include` adds the ServiceRequest and the Patient,
 * each read through the gate. Every report returned is logged (one row per referral).
 */
export async function searchDiagnosticReports(
  db: Kysely<DB>,
  who: Who,
  query: string,
  lenient: boolean,
  fhirBase: string,
  maxOffset = MAX_OFFSET,
): Promise<Bundle> {
  const parsed = parseDiagnosticReportSearch(query, lenient, fhirBase, maxOffset);
  if (!parsed.ok)
    throw new Invalid(`Unsupported search: ${parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, parsed.errors, {
      reason: 'search-value-invalid',
    });
  const s = parsed.search;
  const signature = keysetSignature(store.REPORT_SORT);
  if (s.cursor && (s.cursor.sort !== signature || !keysetKeyFits(store.REPORT_SORT, s.cursor.key)))
    throw new Invalid('_cursor belongs to another search', [{ field: '_cursor', message: 'not a cursor of this search; start from the first link' }]);
  return gated(db, async (trx) => {
    const patientIds: PatientKey[][] = [];
    for (const group of s.patients) {
      const ids: PatientKey[] = [];
      for (const c of group) {
        if ('id' in c) ids.push(c.id);
        else if ('system' in c) ids.push({ firstDigits: patientSystemFirstDigits(c.system) ?? [] });
        else if ('number' in c) {
          const p = await findPatientByFnr(trx, c.number);
          if (p) ids.push(p.id);
        }
      }
      patientIds.push(ids);
    }
    const criteria: store.ReportSearch = { ids: s.ids, referralIds: s.basedOn, patientIds, statuses: s.statuses };
    const visible = await referralCondition(trx, who, 'r');
    // Preliminary reports only of exams performed where the caller works (preliminaryReportOrgs), or
    // released to the referrer as a preliminary answer for an urgent case (migration 0350).
    const prelim = await preliminaryReportOrgs(trx, who);
    const shown = sql<SqlBool>`(${visible}) AND (rep.status <> 'preliminary' OR rep.referrer_preliminary_at IS NOT NULL${prelim.length ? sql` OR e.performing_org_id IN (${sql.join(prelim)})` : sql``})`;
    const rows = await store.searchReportKeyset(trx, criteria, shown, { limit: s.count === 0 ? 0 : s.count + 1, offset: s.offset, cursor: s.cursor });
    const more = rows.length > s.count;
    // Reading backwards (a previous link's cursor), the extra row is the one before the page.
    const page = more && s.cursor?.direction === 'previous' ? rows.slice(1) : rows.slice(0, s.count);
    const nav = pageNav(
      s,
      signature,
      page.map((r) => r.key),
      more,
    );
    const total = s.total === 'accurate' ? await store.countReports(trx, criteria, shown) : undefined;
    const entry: BundleEntry[] = [];
    const referrals = new Map<string, store.ExamContext>();
    for (const row of page) {
      const exam = (await store.examContext(trx, row.exam_id))!;
      referrals.set(exam.id, exam);
      const resource = await diagnosticReportOf(trx, exam, (await store.reportById(trx, row.report_id))!);
      entry.push({ fullUrl: `${fhirBase}/DiagnosticReport/${resource.id}`, resource, search: { mode: 'match' } });
    }
    // The reports were selected with the gate's condition; each referral they belong to is logged as read.
    for (const exam of referrals.values()) await requireReferral(trx, who, exam, 'search', 'fhir-diagnosticreport-search');
    // A search naming reports, referrals or patients that matches ones the caller may not see
    // logs each such referral as refused, as a read of it would (access/gate.ts).
    if (criteria.ids.length || criteria.referralIds.length || criteria.patientIds.length) {
      const hidden = await store.searchReportPage(trx, criteria, sql<SqlBool>`NOT (${visible})`, { limit: MAX_REFUSED_SEARCH_LOG, offset: 0 });
      const exams = new Map<string, store.ExamContext>();
      for (const row of hidden) {
        const exam = await store.examContext(trx, row.exam_id);
        if (exam) exams.set(exam.id, exam);
      }
      await logRefusedSearchMatches(trx, who, [...exams.values()], 'fhir-diagnosticreport-search');
    }
    const included: Resource[] = [];
    if (s.include.includes('based-on'))
      for (const exam of referrals.values()) {
        const r = await getReferral(trx, exam.id);
        if (r && (await mayRead(trx, who, exam, 'fhir-search-include'))) included.push(toServiceRequest(r));
      }
    if (s.include.includes('patient'))
      included.push(
        ...(await includedPatients(
          trx,
          who,
          [...referrals.values()].map((x) => x.patient_id),
          'fhir-search-include',
        )),
      );
    for (const resource of included) entry.push({ fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'include' } });
    if (s.ignored.length)
      entry.push({
        resource: {
          resourceType: 'OperationOutcome',
          issue: s.ignored.map(ignoredIssue),
        },
        search: { mode: 'outcome' },
      });
    // Self/first/previous/next as every FHIR search links its pages (interop/fhir/paging.ts).
    const link = pagingLinks((at) => `${fhirBase}/DiagnosticReport${diagnosticReportPageQuery(s, at)}`, { self: selfAt(s, signature), count: s.count, nav });
    return { resourceType: 'Bundle', type: 'searchset', ...(total !== undefined ? { total } : {}), link, ...(entry.length ? { entry } : {}) } as Bundle;
  });
}
