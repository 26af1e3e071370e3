// FHIR R4 reads of reports and studies: DiagnosticReport by id and by `based-on`
// (ServiceRequest), ImagingStudy by id. Read through the access gate exactly as ServiceRequest is
// (requireReferral: the referrer, the department, a FHIR client's organization), logged.
import type { Bundle, DiagnosticReport, ImagingStudy } from '@medplum/fhirtypes';
import type { Kysely, Transaction } from 'kysely';
import { AccessRefused, gated, requireReferral, type ReferralKeys, type Who } from '../access/gate.ts';
import type { DB } from '../db/schema.ts';
import { Invalid, NotFound } from '../http/errors.ts';
import { toDiagnosticReport, toImagingStudy, type ExamFacts } from '../interop/fhir/diagnostic-report.ts';
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

async function diagnosticReportOf(db: Q, exam: store.ExamContext, rep: store.ReportRow) {
  const adds = await store.addenda(db, [rep.id]);
  const sections = rep.sections as Record<string, string>;
  const body = reportText(templateById(rep.template_id), sections);
  const text = adds.length
    ? `${body}\n\n${adds.map((a) => `Tillegg ${new Date(a.created_at).toISOString().slice(0, 10)} (${a.author_name}):\n${a.text}`).join('\n\n')}`
    : body;
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
    text,
    conclusion: (sections.conclusion ?? '').trim() || null,
  });
}

/** GET /fhir/DiagnosticReport/{id}: a preliminary or final report (drafts are not published). 404 unknown, 403 no work need. */
export async function readDiagnosticReport(db: Kysely<DB>, who: Who, id: string): Promise<DiagnosticReport> {
  return gated(db, async (trx) => {
    const rep = await store.reportById(trx, id);
    if (!rep || rep.status === 'draft') throw new NotFound(`DiagnosticReport/${id} not found`);
    const exam = (await store.examContext(trx, rep.exam_id))!;
    await requireReferral(trx, who, exam, 'read', 'fhir-diagnosticreport-read');
    return diagnosticReportOf(trx, exam, rep);
  });
}

/** GET /fhir/ImagingStudy/{id} (the exam id). 404 unknown, 403 no work need. */
export async function readImagingStudy(db: Kysely<DB>, who: Who, id: string): Promise<ImagingStudy> {
  return gated(db, async (trx) => {
    const exam = await store.examContext(trx, id);
    if (!exam) throw new NotFound(`ImagingStudy/${id} not found`);
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
    const rows = await store.reportsForReferral(db, keys.id);
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
 * GET /fhir/DiagnosticReport?based-on=ServiceRequest/{id}: a searchset Bundle of the referral's
 * preliminary and final reports. Other parameters → 400 unless `lenient` (Prefer:
 * handling=lenient). One access-log row for the referral (through the gate).
 */
export async function searchDiagnosticReports(db: Kysely<DB>, who: Who, query: string, lenient: boolean, fhirBase: string): Promise<Bundle> {
  const params = new URLSearchParams(query);
  let basedOn: string | undefined;
  for (const [k, v] of params) {
    if (k === 'based-on') {
      if (basedOn !== undefined) throw new Invalid('based-on may be given once', [{ field: 'based-on', message: 'repeated' }]);
      basedOn = v;
    } else if (!lenient) throw new Invalid(`Unsupported search parameter: ${k}`, [{ field: k, message: 'unsupported' }]);
  }
  const m = basedOn?.match(/^(?:ServiceRequest\/)?([A-Za-z0-9.-]{1,64})$/);
  if (!m) throw new Invalid('based-on=ServiceRequest/{id} is required', [{ field: 'based-on', message: 'required' }]);
  const referralId = m[1]!;
  return gated(db, async (trx) => {
    const keys = await store.referralKeys(trx, referralId);
    const entries: DiagnosticReport[] = [];
    if (keys) {
      await requireReferral(trx, who, keys, 'search', 'fhir-diagnosticreport-search');
      for (const row of await store.reportsForReferral(trx, referralId)) {
        const rep = (await store.reportById(trx, row.report_id))!;
        const exam = (await store.examContext(trx, row.exam_id))!;
        entries.push(await diagnosticReportOf(trx, exam, rep));
      }
    }
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: entries.length,
      link: [{ relation: 'self', url: `${fhirBase}/DiagnosticReport?based-on=${encodeURIComponent(`ServiceRequest/${referralId}`)}` }],
      entry: entries.map((resource) => ({ fullUrl: `${fhirBase}/DiagnosticReport/${resource.id}`, resource, search: { mode: 'match' } })),
    };
  });
}
