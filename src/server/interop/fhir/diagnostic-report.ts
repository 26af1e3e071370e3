// A Radvis report → FHIR R4 DiagnosticReport, and a performed exam → R4 ImagingStudy
// (diagnosticreport.html, imagingstudy.html). The DiagnosticReport is `basedOn` the referral's
// ServiceRequest and points at the exam's ImagingStudy; the ImagingStudy carries the DICOM Study
// Instance UID as an identifier `urn:dicom:uid` / `urn:oid:<uid>` (imagingstudy.html#notes).
import type { DiagnosticReport, ImagingStudy } from '@medplum/fhirtypes';
import { patientIdentifierSystem } from '../../directory/identifiers.ts';
import { NCRP_OID } from './service-request.ts';

/** HL7 v2 table 0074 (diagnostic service section): RAD = radiology. */
export const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
/** DICOM modality codes (DCM). */
export const DICOM_DCM = 'http://dicom.nema.org/resources/ontology/DCM';

export interface ExamFacts {
  examId: string;
  referralId: string;
  examCode: string;
  examName: string;
  modality: string;
  performedAt: Date;
  patientId: string;
  patientFnr: string;
  patientName: string;
  departmentId: string;
  departmentName: string;
  studyInstanceUid: string | null;
}

export interface ReportFacts {
  id: string;
  status: 'preliminary' | 'final';
  amended: boolean;
  version: number;
  updatedAt: Date;
  issuedAt: Date | null;
  signedBy: { personId: string; name: string } | null;
  text: string;
  conclusion: string | null;
}

const subject = (e: ExamFacts) => ({
  reference: `Patient/${e.patientId}`,
  identifier: { system: patientIdentifierSystem(e.patientFnr), value: e.patientFnr },
  display: e.patientName,
});

/**
 * The DiagnosticReport of an exam's report. status: preliminary; final; amended when a final
 * report has addenda (R4 diagnostic-report-status). The full text (sections and addenda) is the
 * presentedForm (text/plain, UTF-8, base64) and the conclusion is `conclusion`.
 */
export function toDiagnosticReport(e: ExamFacts, r: ReportFacts): DiagnosticReport & { resourceType: 'DiagnosticReport'; id: string } {
  const out: DiagnosticReport & { resourceType: 'DiagnosticReport'; id: string } = {
    resourceType: 'DiagnosticReport',
    id: r.id,
    meta: { versionId: String(r.version), lastUpdated: r.updatedAt.toISOString() },
    basedOn: [{ reference: `ServiceRequest/${e.referralId}` }],
    status: r.status === 'final' ? (r.amended ? 'amended' : 'final') : 'preliminary',
    category: [{ coding: [{ system: V2_0074, code: 'RAD', display: 'Radiology' }] }],
    code: { coding: [{ system: NCRP_OID, code: e.examCode, display: e.examName }], text: e.examName },
    subject: subject(e),
    effectiveDateTime: e.performedAt.toISOString(),
    performer: [{ reference: `Organization/${e.departmentId}`, display: e.departmentName }],
    imagingStudy: [{ reference: `ImagingStudy/${e.examId}` }],
    presentedForm: [{ contentType: 'text/plain; charset=utf-8', language: 'nb', data: Buffer.from(r.text, 'utf8').toString('base64'), title: e.examName }],
  };
  if (r.issuedAt) out.issued = r.issuedAt.toISOString();
  if (r.signedBy) out.resultsInterpreter = [{ reference: `Practitioner/${r.signedBy.personId}`, display: r.signedBy.name }];
  if (r.conclusion) out.conclusion = r.conclusion;
  return out;
}

/** The ImagingStudy of a performed exam (status available), with the Study Instance UID when the exam was scheduled. */
export function toImagingStudy(e: ExamFacts): ImagingStudy & { resourceType: 'ImagingStudy'; id: string } {
  const out: ImagingStudy & { resourceType: 'ImagingStudy'; id: string } = {
    resourceType: 'ImagingStudy',
    id: e.examId,
    status: 'available',
    subject: subject(e),
    started: e.performedAt.toISOString(),
    basedOn: [{ reference: `ServiceRequest/${e.referralId}` }],
    modality: /^[A-Z]{2}$/.test(e.modality) ? [{ system: DICOM_DCM, code: e.modality }] : undefined,
    procedureCode: [{ coding: [{ system: NCRP_OID, code: e.examCode, display: e.examName }], text: e.examName }],
    location: undefined,
    description: e.examName,
  };
  if (e.studyInstanceUid) out.identifier = [{ system: 'urn:dicom:uid', value: `urn:oid:${e.studyInstanceUid}` }];
  for (const k of Object.keys(out) as (keyof ImagingStudy)[]) if (out[k] === undefined) delete out[k];
  return out;
}
