// Reading MPPS N-CREATE / N-SET data sets (DICOM PS3.4 F.7.2, PS3.3 C.4.13–C.4.14) into the
// scheduling domain's terms. Pure functions over dcmjs naturalized elements.
import { dicomInstant, isDicomDate, isDicomTime, timezoneOffsetMinutes } from './datetime.ts';
import { decodeReceivedText, SENT_CHARSET, vrOfKeyword } from './dimse.ts';

export class MppsError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Reason for the refused access-log row, where the refusal is logged (no personal data). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** 0x0105 No such attribute: here, an attribute N-SET may not change (PS3.7 C; as dcm4che answers). */
export const STATUS_NO_SUCH_ATTRIBUTE = 0x0105;
/** 0x0106 Invalid attribute value (PS3.7 C). */
export const STATUS_INVALID_ATTRIBUTE_VALUE = 0x0106;
/** 0x0120 Missing attribute (PS3.7 C). */
export const STATUS_MISSING_ATTRIBUTE = 0x0120;
/** 0x0121 Missing attribute value: a type 1 attribute sent empty (PS3.7 C). */
export const STATUS_MISSING_ATTRIBUTE_VALUE = 0x0121;
/** 0x0110 Processing failure: here, a final (COMPLETED/DISCONTINUED) step may no longer change (PS3.4 F.7.2.2.2). */
export const STATUS_PROCESSING_FAILURE = 0x0110;
/** 0x0111 Duplicate SOP Instance. */
export const STATUS_DUPLICATE_INSTANCE = 0x0111;
/** 0x0112 No such SOP Instance. */
export const STATUS_NO_SUCH_INSTANCE = 0x0112;
/** 0x0117 Invalid SOP Instance (PS3.7 C.5.11): the SOP Instance UID is not a valid UID. */
export const STATUS_INVALID_OBJECT_INSTANCE = 0x0117;

/**
 * Error Comment (0000,0902) and Error ID (0000,0903) the SCP returns with 0x0110 when an N-SET comes
 * for a step that is already COMPLETED or DISCONTINUED (PS3.4 F.7.2.2.3 and Table F.7.2-2).
 */
export const MAY_NO_LONGER_BE_UPDATED = 'Performed Procedure Step Object may no longer be updated';
/** Error ID A710 of PS3.4 Table F.7.2-2 (see MAY_NO_LONGER_BE_UPDATED). */
export const ERROR_ID_MAY_NO_LONGER_BE_UPDATED = 0xa710;

type Elements = Record<string, unknown>;

function str(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length > 0 ? str(v[0]) : undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/**
 * A DICOM DA + TM in Norwegian wall-clock time as an instant (Europe/Oslo, DST included); see
 * dicomInstant in datetime.ts (any four-digit year, leap seconds). Null when not a date/time.
 */
export function osloDateTime(da: string | undefined, tm: string | undefined): Date | null {
  return dicomInstant(da, tm);
}

/**
 * The offset (minutes east of UTC) all DA and TM attributes of the instance are in: Timezone
 * Offset From UTC (0008,0201) of the SOP Common Module, part of the MPPS IOD (PS3.3 B.17 and
 * C.12.1.1.8). Undefined when absent or empty (then Norwegian wall-clock time is meant). A value
 * that is not "&ZZXX" within -1200..+1400 → MppsError 0x0106: reading the times in another
 * offset than the modality's would move the exam's performed time by hours.
 */
export function instanceOffset(e: Elements): number | undefined {
  const raw = str(e.TimezoneOffsetFromUTC);
  if (raw === undefined) return undefined;
  const minutes = timezoneOffsetMinutes(raw);
  if (minutes === undefined)
    throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, `TimezoneOffsetFromUTC "${raw.slice(0, 16)}" is not an offset (+HHMM or -HHMM)`, 'mpps-time-invalid');
  return minutes;
}

/**
 * Decodes the text of a received N-CREATE / N-SET data set in the Specific Character Set (0008,0005)
 * it names, sequence items included (decodeReceivedText in dimse.ts; the sets of charset.ts). A set
 * Radvis cannot read → MppsError 0x0106 Invalid Attribute Value (PS3.7 C.4: "the Attribute Value
 * specified was out of range or otherwise inappropriate"), nothing stored. Why refuse rather than
 * keep: PS3.5 6.1.2.3 and PS3.3 C.12.1.1.2 make (0008,0005) the repertoire of every text value of
 * the data set, so text in a set the receiver cannot interpret cannot be read as the words it
 * means; kept as dcmjs read it (byte for byte as Latin-1) the patient's name, the descriptions and
 * the discontinuation reason would show as other words on the exam. The modality is told at once
 * (its conformance statement names the sets it can send; the worklist, PS3.4 K, answered it in
 * ISO_IR 192 or ISO_IR 100) instead of the department reading garbled text later. The worklist
 * C-FIND refuses such a set too (worklist-query.ts).
 */
export function decodeMppsText(e: Elements | undefined): void {
  if (!e || decodeReceivedText(e)) return;
  const sent = ((e as { [SENT_CHARSET]?: string[] })[SENT_CHARSET] ?? []).join('\\').slice(0, 40);
  throw new MppsError(
    STATUS_INVALID_ATTRIBUTE_VALUE,
    `SpecificCharacterSet "${sent}" is not supported; send ISO_IR 192 (UTF-8) or ISO_IR 100`,
    'mpps-charset-unsupported',
  );
}

/** The data set as JSON to keep (dcmjs bookkeeping keys removed). */
export function keepable(e: Elements): Record<string, unknown> {
  return JSON.parse(JSON.stringify(e, (k, v: unknown) => (k === '_vrMap' ? undefined : v instanceof ArrayBuffer ? undefined : v))) as Record<string, unknown>;
}

export interface MppsCreate {
  scheduled: { accessionNumber?: string; studyInstanceUid?: string; requestedProcedureId?: string; spsId?: string }[];
  startedAt: Date | null;
}

/**
 * Type 1 attributes of an MPPS N-CREATE (PS3.4 Table F.7.2-1, "N-CREATE SCU/SCP" 1/1): missing →
 * 0x0120, present but empty → 0x0121. The Scheduled Step Attributes Sequence is type 1 even for an
 * unscheduled procedure (then its item has the Study Instance UID and empty scheduled ids, F.7.2.1.1
 * and IHE RAD-6 "unscheduled case").
 */
const CREATE_TYPE1 = [
  'PerformedProcedureStepStatus',
  'PerformedProcedureStepID',
  'PerformedStationAETitle',
  'PerformedProcedureStepStartDate',
  'PerformedProcedureStepStartTime',
  'Modality',
] as const;

function present(e: Elements, keyword: string): boolean {
  return Object.prototype.hasOwnProperty.call(e, keyword) && e[keyword] !== undefined;
}

function requireType1(e: Elements, keyword: string, where = ''): void {
  if (!present(e, keyword)) throw new MppsError(STATUS_MISSING_ATTRIBUTE, `${where}${keyword} is missing`);
  if (str(e[keyword]) === undefined) throw new MppsError(STATUS_MISSING_ATTRIBUTE_VALUE, `${where}${keyword} is empty`);
}

/**
 * Type 1 attributes inside the items of sequences (PS3.4 Table F.7.2-1, 1/1 in N-CREATE and, where
 * N-SET may carry the sequence, in N-SET): each item of `sequence` must have each of `keys` with a
 * value. `nested` names item sequences checked the same way, one level down.
 */
interface ItemRule {
  sequence: string;
  keys: readonly string[];
  nested?: readonly ItemRule[];
}
const REFERENCED_SOP: readonly string[] = ['ReferencedSOPClassUID', 'ReferencedSOPInstanceUID'];
/**
 * Performed Series Sequence (0040,0340): Series Instance UID is 1/1, as are the referenced instances'
 * UIDs. Protocol Name is 1/1 in the standard too, but modalities in the field leave it out or empty
 * and Radvis uses nothing of it: it is let through (a documented leniency, as dcm4chee does), so a
 * completed exam is never refused for want of a protocol name.
 */
const PERFORMED_SERIES_RULE: ItemRule = {
  sequence: 'PerformedSeriesSequence',
  keys: ['SeriesInstanceUID'],
  nested: [
    { sequence: 'ReferencedImageSequence', keys: REFERENCED_SOP },
    { sequence: 'ReferencedNonImageCompositeSOPInstanceSequence', keys: REFERENCED_SOP },
  ],
};
/** Item rules of an N-CREATE: the patient and study references (1/1) and the performed series. */
const CREATE_ITEM_RULES: readonly ItemRule[] = [
  { sequence: 'ReferencedPatientSequence', keys: REFERENCED_SOP },
  { sequence: 'ScheduledStepAttributesSequence', keys: ['StudyInstanceUID'], nested: [{ sequence: 'ReferencedStudySequence', keys: REFERENCED_SOP }] },
  PERFORMED_SERIES_RULE,
];
/** Item rules of an N-SET: the performed series (the other sequences are not allowed in N-SET). */
const SET_ITEM_RULES: readonly ItemRule[] = [PERFORMED_SERIES_RULE];

function checkItems(e: Elements, rules: readonly ItemRule[], where = ''): void {
  for (const rule of rules) {
    if (!present(e, rule.sequence)) continue;
    const raw = e[rule.sequence];
    if (raw === '' || raw === null) continue;
    if (!Array.isArray(raw)) throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, `${where}${rule.sequence} is not a sequence`);
    raw.forEach((item: unknown, i) => {
      const at = `${where}${rule.sequence}[${i}] > `;
      if (!item || typeof item !== 'object' || Array.isArray(item)) throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, `${at}not a data set`);
      for (const k of rule.keys) requireType1(item as Elements, k, at);
      if (rule.nested) checkItems(item as Elements, rule.nested, at);
    });
  }
}

/** A Code String value (PS3.5 Table 6.2-1, CS): upper-case letters, digits, space and underscore, at most 16. */
const CODE_STRING = /^[A-Z0-9 _]{0,16}$/;

/**
 * Every Code String (VR CS, PS3.5 Table 6.2-1: "Uppercase characters, '0'-'9', the SPACE
 * character, and underscore '_'", 16 characters at most) in the data set, items of sequences
 * included, is one: else MppsError 0x0106 Invalid attribute value naming the attribute. All of the
 * data set is kept with the step, so all of it is checked — Modality, Performed Procedure Step
 * Status, Patient's Sex and any other CS — as the worklist C-FIND refuses a lower-case "ct"
 * (worklist-query.ts). The VR comes from the DICOM dictionary (vrOfKeyword); attributes it does not
 * know (private ones) are not checked.
 */
export function checkCodeStrings(e: Elements, where = '', depth = 0): void {
  if (depth > 8) return;
  for (const [keyword, value] of Object.entries(e)) {
    if (keyword === '_vrMap') continue;
    const vr = vrOfKeyword(keyword);
    if (vr === 'SQ' && Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) checkCodeStrings(item as Elements, `${where}${keyword}[${i}] > `, depth + 1);
      });
      continue;
    }
    if (vr !== 'CS') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null) continue;
      const text = typeof v === 'string' ? v.trim() : String(v);
      if (!CODE_STRING.test(text))
        throw new MppsError(
          STATUS_INVALID_ATTRIBUTE_VALUE,
          `${where}${keyword} "${text.slice(0, 16)}" is not a code string (A-Z, 0-9, space, _)`,
          'mpps-code-string-invalid',
        );
    }
  }
}

function checkDateTime(e: Elements, date: string, time: string): void {
  const d = str(e[date]);
  const t = str(e[time]);
  if (d !== undefined && !isDicomDate(d)) throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, `${date} "${d.slice(0, 16)}" is not a date (YYYYMMDD)`);
  if (t !== undefined && !isDicomTime(t)) throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, `${time} "${t.slice(0, 16)}" is not a time (HHMMSS)`);
}

/** Our clock and how far (ms) a modality's may run ahead of it (config MPPS_CLOCK_SKEW_SECONDS). */
export interface MppsClock {
  now: Date;
  skewMs: number;
}

/**
 * N-CREATE (PS3.4 F.7.2.1): every code string a code string (checkCodeStrings, else 0x0106), the
 * type 1 attributes present and filled, status IN PROGRESS (else 0x0106), valid start date and time (else 0x0106), one or more Scheduled Step Attributes items
 * each with a Study Instance UID, and the type 1 attributes inside the items of the referenced
 * patient, referenced study and performed series sequences (CREATE_ITEM_RULES: missing → 0x0120,
 * empty → 0x0121). The start is read in the instance's Timezone Offset From UTC when it has one
 * (PS3.3 C.12.1.1.8; a malformed offset → 0x0106), else in Norwegian wall-clock time. With
 * `clock`, a start more than `clock.skewMs` after `clock.now` → 0x0106 Invalid Attribute Value,
 * the same rule checkStepEnd applies to the end: the start is when the step started (Table
 * F.7.2-1), so a start in the future cannot be true — and accepting it would leave every truthful
 * COMPLETED refused as ending before its start. Throws MppsError with the DIMSE status; nothing
 * is stored then.
 */
export function readMppsCreate(e: Elements | undefined, clock?: MppsClock): MppsCreate {
  if (!e) throw new MppsError(STATUS_MISSING_ATTRIBUTE, 'N-CREATE without a data set');
  checkCodeStrings(e);
  const status = str(e.PerformedProcedureStepStatus);
  if (status !== undefined && status !== 'IN PROGRESS') throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'N-CREATE must have status IN PROGRESS');
  for (const k of CREATE_TYPE1) requireType1(e, k);
  checkDateTime(e, 'PerformedProcedureStepStartDate', 'PerformedProcedureStepStartTime');
  if (!present(e, 'ScheduledStepAttributesSequence')) throw new MppsError(STATUS_MISSING_ATTRIBUTE, 'ScheduledStepAttributesSequence is missing');
  const raw = e.ScheduledStepAttributesSequence;
  if (!Array.isArray(raw) || raw.length === 0) throw new MppsError(STATUS_MISSING_ATTRIBUTE_VALUE, 'ScheduledStepAttributesSequence has no item');
  if (raw.some((x) => !x || typeof x !== 'object' || Array.isArray(x)))
    throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'ScheduledStepAttributesSequence item is not a data set');
  const seq = raw as Elements[];
  checkItems(e, CREATE_ITEM_RULES);
  const startedAt = dicomInstant(str(e.PerformedProcedureStepStartDate), str(e.PerformedProcedureStepStartTime), instanceOffset(e));
  if (clock && startedAt && startedAt.getTime() > clock.now.getTime() + clock.skewMs)
    throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'Performed Procedure Step Start is in the future', 'mpps-start-in-future');
  return {
    scheduled: seq
      .filter((x) => x && typeof x === 'object')
      .map((x) => ({
        accessionNumber: str(x.AccessionNumber),
        studyInstanceUid: str(x.StudyInstanceUID),
        requestedProcedureId: str(x.RequestedProcedureID),
        spsId: str(x.ScheduledProcedureStepID),
      })),
    startedAt,
  };
}

export interface MppsSet {
  status: 'in_progress' | 'completed' | 'discontinued' | undefined;
  endedAt: Date | null;
  /** The reason code as one text ("DCM 110503 Patient allergic to media/contrast"), kept on the performed step. */
  discontinuationReason: string | null;
  /**
   * The first item of Performed Procedure Step Discontinuation Reason Code Sequence (0040,0281)
   * (PS3.3 C.4.14, codes from PS3.16 CID 9300), each part trimmed; null when none was sent.
   */
  discontinuationCode: { scheme: string | null; value: string | null; meaning: string | null } | null;
}

/**
 * Attributes an N-SET may not carry (PS3.4 Table F.7.2-1, "N-SET: Not allowed"): the patient, the
 * scheduled step references and the step's identity, station and start are fixed at N-CREATE.
 */
const NOT_ALLOWED_IN_SET = new Set([
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'IssuerOfPatientIDQualifiersSequence',
  'OtherPatientIDsSequence',
  'PatientBirthDate',
  'PatientSex',
  'ReferencedPatientSequence',
  'AdmissionID',
  'IssuerOfAdmissionIDSequence',
  'ServiceEpisodeID',
  'IssuerOfServiceEpisodeIDSequence',
  'ServiceEpisodeDescription',
  'ScheduledStepAttributesSequence',
  'PerformedProcedureStepID',
  'PerformedStationAETitle',
  'PerformedStationName',
  'PerformedLocation',
  'PerformedProcedureStepStartDate',
  'PerformedProcedureStepStartTime',
  'Modality',
  'StudyID',
]);

/**
 * N-SET (PS3.4 F.7.2.2): an optional new status, end date/time, and for DISCONTINUED the reason
 * code. An attribute N-SET may not change → 0x0105 (no such attribute), a code string that is not
 * one (checkCodeStrings), an unknown status or a bad
 * end date/time or Timezone Offset From UTC → 0x0106, a performed series item without its type 1
 * attributes (Series Instance UID, the referenced instances' UIDs) → 0x0120 / 0x0121. The end is
 * read in this N-SET's Timezone Offset From UTC when it carries one (PS3.3 C.12.1.1.8), else in
 * Norwegian wall-clock time; the end the listener stores comes from checkStepEnd, which also sees
 * the offset N-CREATE sent. Throws MppsError; nothing is stored then.
 */
export function readMppsSet(e: Elements | undefined): MppsSet {
  if (!e) throw new MppsError(STATUS_MISSING_ATTRIBUTE, 'N-SET without a data set');
  const fixed = Object.keys(e).find((k) => NOT_ALLOWED_IN_SET.has(k));
  if (fixed) throw new MppsError(STATUS_NO_SUCH_ATTRIBUTE, `${fixed} may not be changed by N-SET`);
  checkCodeStrings(e);
  checkDateTime(e, 'PerformedProcedureStepEndDate', 'PerformedProcedureStepEndTime');
  checkItems(e, SET_ITEM_RULES);
  const raw = str(e.PerformedProcedureStepStatus);
  // Performed Procedure Step Status is type 1 (PS3.4 Table F.7.2-1): present but empty is refused.
  if (present(e, 'PerformedProcedureStepStatus') && raw === undefined)
    throw new MppsError(STATUS_MISSING_ATTRIBUTE_VALUE, 'Performed Procedure Step Status is empty');
  const status =
    raw === undefined ? undefined : raw === 'IN PROGRESS' ? 'in_progress' : raw === 'COMPLETED' ? 'completed' : raw === 'DISCONTINUED' ? 'discontinued' : null;
  if (status === null) throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'Performed Procedure Step Status must be IN PROGRESS, COMPLETED or DISCONTINUED');
  let reason: string | null = null;
  let code: MppsSet['discontinuationCode'] = null;
  const codes = e.PerformedProcedureStepDiscontinuationReasonCodeSequence;
  if (Array.isArray(codes) && codes.length > 0 && codes[0] && typeof codes[0] === 'object') {
    const c = codes[0] as Elements;
    const [scheme, value, meaning] = [str(c.CodingSchemeDesignator), str(c.CodeValue), str(c.CodeMeaning)].map((x) => x?.slice(0, 200) ?? null);
    const parts = [scheme, value, meaning].filter(Boolean);
    reason = parts.length > 0 ? parts.join(' ').slice(0, 200) : null;
    code = parts.length > 0 ? { scheme, value, meaning } : null;
  }
  const endedAt = dicomInstant(str(e.PerformedProcedureStepEndDate), str(e.PerformedProcedureStepEndTime), instanceOffset(e));
  return { status, endedAt, discontinuationReason: reason, discontinuationCode: code };
}

/**
 * The step's start as its attributes give it: Performed Procedure Step Start Date and Time (fixed
 * at N-CREATE) read in the instance's Timezone Offset From UTC as it stands after the latest N-SET
 * (PS3.3 C.12.1.1.8: the offset applies to every DA and TM of the instance, so an N-SET that
 * changes it moves the start as well as the end). Undefined when the attributes have no readable
 * start (the stored one is kept); a malformed offset → MppsError 0x0106 (instanceOffset).
 */
export function stepStart(attributes: Elements): Date | undefined {
  return (
    dicomInstant(str(attributes.PerformedProcedureStepStartDate), str(attributes.PerformedProcedureStepStartTime), instanceOffset(attributes)) ?? undefined
  );
}

/** What a final-state check knows of the step: its attributes after this N-SET, its start, the new status. */
export interface StepEndCheck {
  /** The step's attributes as N-CREATE and earlier N-SETs left them, overlaid by this N-SET's. */
  attributes: Elements;
  /** The step's start (N-CREATE's (0040,0244)/(0040,0245)), or null when unknown. */
  startedAt: Date | null;
  status: 'in_progress' | 'completed' | 'discontinued';
  now: Date;
  /** How far (ms) a modality's clock may run ahead of ours (config MPPS_CLOCK_SKEW_SECONDS). */
  skewMs: number;
}

/** Attributes with Final State requirement 1 that COMPLETED must have (PS3.4 Table F.7.2-1, Note 2). */
const FINAL_STATE_1 = ['PerformedProcedureStepEndDate', 'PerformedProcedureStepEndTime', 'PerformedSeriesSequence'] as const;

function hasValue(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0 && v.some((x) => (x && typeof x === 'object' ? true : str(x) !== undefined));
  return str(v) !== undefined;
}

/**
 * The end of a step that goes to COMPLETED or DISCONTINUED, checked against the rest of the step
 * (PS3.4 F.7.2.2.2 and Table F.7.2-1). Returns the end instant to store (in the step's Timezone
 * Offset From UTC (0008,0201) when N-CREATE or an N-SET sent one, PS3.3 C.12.1.1.8; else Europe/Oslo
 * wall clock), or null when none was sent (DISCONTINUED without an end). Throws MppsError, reason for the
 * access log included:
 * - COMPLETED without Performed Procedure Step End Date (0040,0250), End Time (0040,0251) or an item
 *   in Performed Series Sequence (0040,0340) — Final State requirement 1, Note 2 ("a Series must
 *   exist for every Performed Procedure Step"), and F.1.3 (COMPLETED = "all required Attribute
 *   Values" provided): never sent → 0x0120 Missing Attribute, sent empty → 0x0121 Missing Attribute
 *   Value (PS3.7 C.4). DISCONTINUED is let through without them (a documented leniency: modalities
 *   discontinue before any series exists; nothing of it goes to reading).
 * - An end before the step's start, or more than `skewMs` after `now` → 0x0106 Invalid Attribute
 *   Value: the end is when the step ended (Table F.7.2-1), so neither can be true, and it would
 *   become the exam's performed time and reading deadline. With a date and no time (DISCONTINUED
 *   only), the date is compared: a day before the start's day, or a day after today, is refused.
 */
export function checkStepEnd(c: StepEndCheck): Date | null {
  const e = c.attributes;
  if (c.status === 'in_progress') return null;
  if (c.status === 'completed') {
    for (const k of FINAL_STATE_1) {
      if (!present(e, k)) throw new MppsError(STATUS_MISSING_ATTRIBUTE, `${k} is required for COMPLETED`, 'mpps-final-state-missing');
      if (!hasValue(e[k])) throw new MppsError(STATUS_MISSING_ATTRIBUTE_VALUE, `${k} is empty; required for COMPLETED`, 'mpps-final-state-missing');
    }
  }
  const date = str(e.PerformedProcedureStepEndDate);
  const time = str(e.PerformedProcedureStepEndTime);
  if (date === undefined) return null;
  // The latest and the earliest instant the sent end can mean (a date alone spans its day).
  const offset = instanceOffset(e);
  const latest = dicomInstant(date, time ?? '235959', offset);
  const earliest = dicomInstant(date, time ?? '000000', offset);
  if (!latest || !earliest) throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'PerformedProcedureStepEndDate is not a date', 'mpps-end-invalid');
  if (c.startedAt && latest.getTime() < c.startedAt.getTime())
    throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'Performed Procedure Step End is before its Start', 'mpps-end-before-start');
  if (earliest.getTime() > c.now.getTime() + c.skewMs)
    throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'Performed Procedure Step End is in the future', 'mpps-end-in-future');
  return time === undefined ? null : earliest;
}
