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
  /** DICOM PN (Family^Given) of the referring physician, or '' if unknown. */
  referringPhysician: string;
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
