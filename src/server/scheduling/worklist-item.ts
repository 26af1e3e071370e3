// The shape of one worklist entry (a scheduled procedure step with its requested procedure and
// patient) as the scheduling domain hands it to the DICOM Modality Worklist. Plain data: the
// interop layer turns it into DICOM attributes (DICOM PS3.4 K.6.1, PS3.3 C.4.10/C.4.11).

import type { StepStatus } from '../db/schema.ts';

export type { StepStatus };

export interface WorklistItem {
  /** Internal patient id (for the access log; never sent). */
  patientKey: string;
  /** The patient's identifier (fødselsnummer): DICOM Patient ID (0010,0020). */
  patientId: string;
  patientFamilyName: string;
  patientGivenName: string;
  /** YYYY-MM-DD. */
  patientBirthDate: string;
  patientSex: 'M' | 'F';
  accessionNumber: string;
  /** DICOM PN (Family^Given) of the referring physician, or '' if unknown (see dicomPersonName). */
  referringPhysician: string;
  /**
   * Placer Order Number / Imaging Service Request (0040,2016): the referral number, the number the
   * referrer and the department use for the referral (migration 0080). '' when unknown.
   */
  placerOrderNumber?: string;
  /**
   * Filler Order Number / Imaging Service Request (0040,2017): the accession number, the order
   * number Radvis gives as the department's scheduler (order filler, IHE RAD TF-1 SWF). '' when unknown.
   */
  fillerOrderNumber?: string;
  /** Reason for the Requested Procedure (0040,1002): the referrer's clinical question, at most 64 characters (LO). */
  reasonForRequestedProcedure?: string;
  /** Requesting Service (0032,1033): the referrer's organization, at most 64 characters (LO). */
  requestingService?: string;
  studyInstanceUid: string;
  requestedProcedureId: string;
  requestedProcedureDescription: string;
  requestedProcedurePriority: string;
  requestedProcedureComments: string | null;
  /** The exam's NCRP procedure code and its name, or null (Requested Procedure Code Sequence). */
  procedureCode: { value: string; meaning: string } | null;
  step: {
    /** DICOM modality code (CT, MR, US, DX, PT, …). */
    modality: string;
    stationAeTitle: string;
    stationName: string;
    /** YYYYMMDD, Norwegian wall-clock date. */
    startDate: string;
    /** HHMMSS, Norwegian wall-clock time. */
    startTime: string;
    /** DICOM PN or ''. */
    performingPhysician: string;
    description: string;
    spsId: string;
    status: StepStatus;
  };
}

/** DICOM Scheduled Procedure Step Status (0040,0020) code strings (PS3.3 C.4.10). */
export const DICOM_STEP_STATUS: Record<StepStatus, string> = {
  scheduled: 'SCHEDULED',
  in_progress: 'STARTED',
  completed: 'COMPLETED',
  discontinued: 'DISCONTINUED',
  // A cancelled booking is never served (worklist.ts asks for scheduled and in-progress steps only).
  cancelled: 'DISCONTINUED',
};

/**
 * A DICOM person name (PN, PS3.5 6.2.1) from a family and a given name: "Family^Given", with the
 * given names (a Norwegian given name may be several words: "Kari Anne") kept in the given-name
 * component. Characters that delimit PN components, groups or values (^ = \\) and control
 * characters are replaced by a space, runs of spaces collapsed, and the component group is cut to
 * 64 characters (PS3.5 Table 6.2-1: 64 characters per component group). Letters such as Æ Ø Å stay
 * as they are; the encoder writes them in the answer's character set. '' when both parts are empty.
 */
export function dicomPersonName(family: string | null | undefined, given: string | null | undefined): string {
  const clean = (s: string | null | undefined) =>
    (s ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\^=\\\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const f = clean(family);
  const g = clean(given);
  if (!f && !g) return '';
  return [...(g ? `${f}^${g}` : f)]
    .slice(0, 64)
    .join('')
    .replace(/[\s^]+$/, '');
}

/**
 * Text for a DICOM LO value (PS3.5 Table 6.2-1: at most 64 characters, no backslash or control
 * characters): line breaks and tabs become spaces, a backslash becomes "/", spaces are collapsed,
 * and a longer text is cut to 61 characters plus "..." so a reader sees it was cut (ASCII, so a
 * Latin-1 answer stays Latin-1). '' for no text.
 */
export function dicomLongString(text: string | null | undefined): string {
  const t = (text ?? '')
    .replace(/\\/g, '/')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...t];
  return chars.length <= 64 ? t : `${chars.slice(0, 61).join('').trimEnd()}...`;
}
