// Modality Worklist C-FIND: reading the query identifier, matching worklist items against it and
// building the answer, as pure functions.
//
// Sources: DICOM PS3.4 K.6.1 (Modality Worklist Information Model) and C.2.2.2 (attribute
// matching: single value, universal, wildcard, range, sequence matching, and the combined
// date-time range of C.2.2.2.5.1); PS3.5 6.2 (DA, TM, PN, CS value formats). Where the standard
// leaves a choice, dcmtk's worklist SCP (wlmscpfs 3.6.7) is the reference, except:
// - person names match case-insensitively (PS3.4 C.2.2.2.1 allows it for PN; Radvis stores names
//   in mixed case while modalities often send upper case; wlmscpfs is case-sensitive);
// - `?` matches one character, not one byte (wlmscpfs compares UTF-8 bytes, so `?STBØ*` misses
//   ØSTBØ there; PS3.4 C.2.2.2.4 says "any single character");
// - a PN key is matched per component group (alphabetic=ideographic=phonetic, PS3.5 6.2.1.1),
//   trailing empty components and groups ignored (PS3.5 6.2.1.2: "HANSEN^OLA^^" is "HANSEN^OLA");
// - a key of the wrong VR is read with the VR the standard gives it (wlmscpfs answers no matches);
// - a list of UIDs matches any of them (PS3.4 C.2.2.2.2; wlmscpfs ignores the key);
// - a time with a leap second (SS = 60, PS3.5 Table 6.2-1 TM) is a valid key (wlmscpfs: 0xA900);
// - a date key with several values is refused with 0xA900 (no matching type of PS3.4 C.2.2.2
//   defines it; wlmscpfs answers either day): see MULTI_VALUE.
import type { WorklistItem } from '../../scheduling/worklist-item.ts';
import { dicomInstant, isDicomDate, isDicomTime, osloOffsetMinutes, timezoneOffsetMinutes } from './datetime.ts';
import { encodeDataset, fitsLatin1, type EncElement } from './encode.ts';
import { canonicalCharset, decodedByDcmjs, isIso2022Set, redecodeLatin1, SINGLE_CHARSETS, textDecoderFor } from './charset.ts';
import { DICOM_STEP_STATUS, dicomPersonName } from '../../scheduling/worklist-item.ts';

/** A query the SCP cannot answer; `status` is the DIMSE status to send. */
export class WorklistQueryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** 0xA900 Identifier does not match SOP Class (PS3.4 K.4.1.1.4): an invalid key value. */
export const STATUS_IDENTIFIER_MISMATCH = 0xa900;
/** 0xC000 Unable to process (PS3.4 K.4.1.1.4). */
export const STATUS_UNABLE_TO_PROCESS = 0xc000;

type Vr = 'AE' | 'CS' | 'DA' | 'TM' | 'PN' | 'SH' | 'LO' | 'LT' | 'UI' | 'DS' | 'US' | 'SQ';

interface Attr {
  keyword: string;
  /** Tag as (group << 16 | element), PS3.6. */
  tag: number;
  vr: Vr;
  get(item: WorklistItem): string;
  /** For a code sequence (Code Sequence Macro, PS3.3 8.8): the item's codes, one sequence item each. */
  codes?(item: WorklistItem): CodeItem[];
}

/** One coded entry (PS3.3 Table 8.8-1): attribute keyword → value. */
type CodeItem = Partial<Record<'CodeValue' | 'CodingSchemeDesignator' | 'CodingSchemeVersion' | 'CodeMeaning', string>>;

/** Attributes of a code sequence item this SCP supports as matching and return keys (PS3.3 Table 8.8-1). */
export const CODE_ITEM_ATTRIBUTES: readonly Attr[] = [
  { keyword: 'CodeValue', tag: 0x00080100, vr: 'SH', get: () => '' },
  { keyword: 'CodingSchemeDesignator', tag: 0x00080102, vr: 'SH', get: () => '' },
  { keyword: 'CodingSchemeVersion', tag: 0x00080103, vr: 'SH', get: () => '' },
  { keyword: 'CodeMeaning', tag: 0x00080104, vr: 'LO', get: () => '' },
];
const CODE_ITEM = new Map(CODE_ITEM_ATTRIBUTES.map((a) => [a.keyword, a]));
/** What a code sequence item holds when the query asks for the whole item (an empty item or sequence). */
const CODE_ITEM_DEFAULT = ['CodeValue', 'CodingSchemeDesignator', 'CodeMeaning'];

/**
 * Coding Scheme Designator for NCRP (Norsk klassifikasjon av radiologiske prosedyrer, OID
 * 2.16.578.1.12.4.1.1.7270, docs/domain.md). NCRP is not among the coding schemes of PS3.16
 * Table 8-1, and designators of local schemes begin with "99" (PS3.16 section 8, PS3.3 8.2).
 */
export const NCRP_SCHEME = '99NCRP';

/**
 * The exam's NCRP code as a coded entry. Radvis records no protocol codes, so the Scheduled
 * Protocol Code Sequence carries the procedure code too, as RIS do when no protocol codes are
 * configured (e.g. the DICOMRis conformance statement, PS3.2 2015a Annex C.8.3, Table C.8.1-4).
 */
function procedureCodes(i: WorklistItem): CodeItem[] {
  return i.procedureCode ? [{ CodeValue: i.procedureCode.value, CodingSchemeDesignator: NCRP_SCHEME, CodeMeaning: i.procedureCode.meaning }] : [];
}

const pn = dicomPersonName;
const da = (iso: string) => iso.replaceAll('-', '');

/** Attributes of the worklist item (top level) this SCP supports as matching and return keys. */
export const TOP_ATTRIBUTES: readonly Attr[] = [
  { keyword: 'AccessionNumber', tag: 0x00080050, vr: 'SH', get: (i) => i.accessionNumber },
  { keyword: 'ReferringPhysicianName', tag: 0x00080090, vr: 'PN', get: (i) => i.referringPhysician },
  { keyword: 'PatientName', tag: 0x00100010, vr: 'PN', get: (i) => pn(i.patientFamilyName, i.patientGivenName) },
  { keyword: 'PatientID', tag: 0x00100020, vr: 'LO', get: (i) => i.patientId },
  { keyword: 'PatientBirthDate', tag: 0x00100030, vr: 'DA', get: (i) => da(i.patientBirthDate) },
  { keyword: 'PatientSex', tag: 0x00100040, vr: 'CS', get: (i) => i.patientSex },
  { keyword: 'StudyInstanceUID', tag: 0x0020000d, vr: 'UI', get: (i) => i.studyInstanceUid },
  { keyword: 'RequestedProcedureDescription', tag: 0x00321060, vr: 'LO', get: (i) => i.requestedProcedureDescription },
  { keyword: 'RequestedProcedureID', tag: 0x00401001, vr: 'SH', get: (i) => i.requestedProcedureId },
  // (0040,1003) is SH in PS3.6, though its values are defined terms (STAT, HIGH, ROUTINE, MEDIUM, LOW).
  { keyword: 'RequestedProcedurePriority', tag: 0x00401003, vr: 'SH', get: (i) => i.requestedProcedurePriority },
  { keyword: 'RequestedProcedureComments', tag: 0x00401400, vr: 'LT', get: (i) => i.requestedProcedureComments ?? '' },
  // The requester is the referrer in Radvis (the GP or hospital doctor who sent the referral).
  { keyword: 'RequestingPhysician', tag: 0x00321032, vr: 'PN', get: (i) => i.referringPhysician },
  // Imaging Service Request and Requested Procedure keys of type 3 in PS3.4 Table K.6-1 ("all other
  // attributes of the module") that modalities and IHE SWF ask for: order numbers, the reason (the
  // referrer's clinical question) and the requesting service (the referrer's organization).
  { keyword: 'PlacerOrderNumberImagingServiceRequest', tag: 0x00402016, vr: 'LO', get: (i) => i.placerOrderNumber ?? '' },
  { keyword: 'FillerOrderNumberImagingServiceRequest', tag: 0x00402017, vr: 'LO', get: (i) => i.fillerOrderNumber ?? '' },
  { keyword: 'ReasonForTheRequestedProcedure', tag: 0x00401002, vr: 'LO', get: (i) => i.reasonForRequestedProcedure ?? '' },
  { keyword: 'RequestingService', tag: 0x00321033, vr: 'LO', get: (i) => i.requestingService ?? '' },
  // Code sequences (sequence matching, PS3.4 C.2.2.2.6; Table K.6-1 lists both as matching keys).
  { keyword: 'RequestedProcedureCodeSequence', tag: 0x00321064, vr: 'SQ', get: () => '', codes: procedureCodes },
  // Return keys of PS3.4 Table K.6-1 of type 2 (or type 3 that wlmscpfs returns empty) that Radvis
  // does not record: answered zero-length when asked (a type 2 key must be returned, C.2.2.1.2 and
  // K.6.1.2.2), and a non-universal value matches nothing (there is no value to match).
  ...(
    [
      ['IssuerOfPatientID', 0x00100021, 'LO'],
      ['PatientWeight', 0x00101030, 'DS'],
      ['MedicalAlerts', 0x00102000, 'LO'],
      ['Allergies', 0x00102110, 'LO'],
      ['PregnancyStatus', 0x001021c0, 'US'],
      ['SpecialNeeds', 0x00380050, 'LO'],
      ['PatientState', 0x00380500, 'LO'],
      ['ConfidentialityConstraintOnPatientDataDescription', 0x00403001, 'LO'],
      ['AdmissionID', 0x00380010, 'LO'],
      ['CurrentPatientLocation', 0x00380300, 'LO'],
      ['PatientTransportArrangements', 0x00401004, 'LO'],
      ['ReferencedStudySequence', 0x00081110, 'SQ'],
      ['ReferencedPatientSequence', 0x00081120, 'SQ'],
      // Type 3 keys of Table K.6-1 modalities ask for: zero-length rather than left out, so a
      // modality that lists them sees the key was understood. Radvis records none of them yet
      // (the indication code has no code meaning in Radvis, which a coded entry requires).
      ['IssuerOfAccessionNumberSequence', 0x00080051, 'SQ'],
      ['StudyDate', 0x00080020, 'DA'],
      ['StudyTime', 0x00080030, 'TM'],
      ['PatientSize', 0x00101020, 'DS'],
      ['OtherPatientIDsSequence', 0x00101002, 'SQ'],
      ['IssuerOfAdmissionIDSequence', 0x00380014, 'SQ'],
      ['ReasonForRequestedProcedureCodeSequence', 0x0040100a, 'SQ'],
      ['RequestedProcedureLocation', 0x00401005, 'LO'],
      ['NamesOfIntendedRecipientsOfResults', 0x00401010, 'PN'],
      ['ImagingServiceRequestComments', 0x00402400, 'LT'],
      ['PatientPrimaryLanguageCodeSequence', 0x00100101, 'SQ'],
      ['PertinentDocumentsSequence', 0x00380100, 'SQ'],
    ] as const
  ).map(([keyword, tag, vr]) => ({ keyword, tag, vr, get: () => '' })),
];

/** Attributes of the Scheduled Procedure Step Sequence (0040,0100) item. */
export const STEP_ATTRIBUTES: readonly Attr[] = [
  { keyword: 'Modality', tag: 0x00080060, vr: 'CS', get: (i) => i.step.modality },
  { keyword: 'ScheduledStationAETitle', tag: 0x00400001, vr: 'AE', get: (i) => i.step.stationAeTitle },
  { keyword: 'ScheduledProcedureStepStartDate', tag: 0x00400002, vr: 'DA', get: (i) => i.step.startDate },
  { keyword: 'ScheduledProcedureStepStartTime', tag: 0x00400003, vr: 'TM', get: (i) => i.step.startTime },
  { keyword: 'ScheduledPerformingPhysicianName', tag: 0x00400006, vr: 'PN', get: (i) => i.step.performingPhysician },
  { keyword: 'ScheduledProcedureStepDescription', tag: 0x00400007, vr: 'LO', get: (i) => i.step.description },
  { keyword: 'ScheduledProcedureStepID', tag: 0x00400009, vr: 'SH', get: (i) => i.step.spsId },
  { keyword: 'ScheduledStationName', tag: 0x00400010, vr: 'SH', get: (i) => i.step.stationName },
  { keyword: 'ScheduledProcedureStepStatus', tag: 0x00400020, vr: 'CS', get: (i) => DICOM_STEP_STATUS[i.step.status] },
  { keyword: 'ScheduledProtocolCodeSequence', tag: 0x00400008, vr: 'SQ', get: () => '', codes: procedureCodes },
  // Type 2 / 2C return keys of the SPS item (PS3.4 Table K.6-1) Radvis does not record: zero-length.
  { keyword: 'ScheduledProcedureStepLocation', tag: 0x00400011, vr: 'SH', get: () => '' },
  { keyword: 'PreMedication', tag: 0x00400012, vr: 'LO', get: () => '' },
  { keyword: 'RequestedContrastAgent', tag: 0x00321070, vr: 'LO', get: () => '' },
  // Type 3 SPS attributes ("all other Attributes of the Scheduled Procedure Step Sequence", Table
  // K.6-1) that dcmtk's wlmscpfs also returns when a query asks for the whole SPS item: the planned
  // end and the comments. Radvis records neither: zero-length, and a value matches nothing
  // (K.2.2.1.1.1: an unknown value fails to match any matching key value).
  { keyword: 'ScheduledProcedureStepEndDate', tag: 0x00400004, vr: 'DA', get: () => '' },
  { keyword: 'ScheduledProcedureStepEndTime', tag: 0x00400005, vr: 'TM', get: () => '' },
  { keyword: 'CommentsOnTheScheduledProcedureStep', tag: 0x00400400, vr: 'LT', get: () => '' },
];

const SPS = 'ScheduledProcedureStepSequence';
const TOP = new Map(TOP_ATTRIBUTES.map((a) => [a.keyword, a]));
const STEP = new Map(STEP_ATTRIBUTES.map((a) => [a.keyword, a]));

/**
 * Specific Character Sets a query may arrive in (PS3.3 C.12.1.1.2), with the text decoder of
 * each (charset.ts SINGLE_CHARSETS, canonical terms). Sets of PS3.3 Tables C.12-2 and C.12-4
 * beyond Latin-1 and UTF-8 (breakit27: they were answered 0xC000 while wlmscpfs answers them):
 * Latin-9 (ISO_IR 203, Scandinavian letters as in Latin-1), Thai, Japanese JIS X 0201, the Chinese
 * GB18030 and GBK, the other ISO 8859 parts; and (breakit28) ISO 2022 code extensions with
 * multi-byte sets (ISO 2022 IR 87, 159, 149, 58, with IR 13 or a single-byte set), decoded by
 * escape sequence (charset.ts decodeIso2022). Matched by character, answered in UTF-8 or Latin-1 as
 * the other sets are (PS3.4 C.4.1.1.3.2). Values in other spellings ('iso_ir 192', 'ISO-IR 100')
 * are read as the defined term they spell (canonicalCharsetTerm).
 */
const QUERY_CHARSETS = SINGLE_CHARSETS;

/**
 * Group Length elements (gggg,0000): bookkeeping of the encoding, not attributes (PS3.5 7.2; retired
 * outside the command set), so never keys. dcmjs names them by their tag; some SCUs still send them.
 * Ignored wherever they occur, as dcmtk's wlmscpfs does (no 0xFF01 "unsupported keys" for them).
 */
export function isGroupLength(keyword: string): boolean {
  return /^[0-9A-Fa-f]{4}0000$/.test(keyword);
}

/** Sets whose text dcmjs decodes as Latin-1: the only ones accepted in a multi-valued set (code extensions). */
const LATIN1_DECODED = new Set(['', 'ISO_IR 6', 'ISO 2022 IR 6', 'ISO_IR 100', 'ISO 2022 IR 100']);

export interface KeyCondition {
  keyword: string;
  vr: Vr;
  /** The value as the query gave it ('' = universal matching: return only). */
  value: string;
  /** For a code sequence key: the keys of its one query item; undefined = the whole item, universal. */
  item?: KeyCondition[];
}

export interface WorklistQuery {
  /** The query's Specific Character Set, normalized ('' = default repertoire). */
  charset: string;
  /** Return keys at the top level, in the order asked (SpecificCharacterSet handled separately). */
  topKeys: KeyCondition[];
  /** Return keys inside the SPS item; undefined when the sequence was not asked for. */
  stepKeys: KeyCondition[] | undefined;
  /** True when some requested key is not supported (answers then carry status 0xFF01). */
  unsupportedKeys: boolean;
  /** Prefilter hints for the store: exact values without wildcards, and the date range. */
  hints: WorklistHints;
  /**
   * Timezone Offset From UTC (0008,0201) of the query, minutes east of UTC; undefined when the
   * query gave none (then dates and times are Norwegian wall-clock time, as stored).
   */
  offsetMinutes?: number;
  /** Whether the query carried Timezone Offset From UTC (with a value or empty): answers then carry it. */
  offsetAsked?: boolean;
}

export interface WorklistHints {
  stationAeTitle?: string;
  modality?: string;
  accessionNumber?: string;
  patientId?: string;
  /** The referral number (from Placer Order Number). */
  referralNumber?: number;
  /** Inclusive YYYY-MM-DD bounds of the SPS start date. */
  dateFrom?: string;
  dateTo?: string;
  /** Step statuses to consider; undefined = the open ones (scheduled, in progress). */
  statuses?: string[];
}

/**
 * Reads a naturalized (dcmjs) C-FIND identifier. `sentCharset` is the Specific Character Set as
 * the peer sent it (dcmjs rewrites the element to ISO_IR 192 once it has decoded the text; see
 * SENT_CHARSET in dimse.ts); without it the element's value is used. Throws WorklistQueryError for
 * a query this SCP must refuse: a character set it cannot decode gets 0xC000.
 */
export function parseWorklistQuery(elements: Record<string, unknown> | undefined, sentCharset?: string[]): WorklistQuery {
  if (!elements || typeof elements !== 'object') throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, 'The C-FIND request has no identifier');
  const sent = charsetValues(sentCharset ?? elements.SpecificCharacterSet);
  const charset = normalizeCharset(sent);
  // The decoder label: a single set's, or 'iso2022:' and the set for code extensions (redecode).
  const decoder = QUERY_CHARSETS.get(charset) ?? (charset.includes('\\') && isIso2022Set(charset.split('\\')) ? `${ISO2022}${charset}` : undefined);
  // dcmjs decoded the top-level text itself unless the set is one it misreads (dimse.ts): then it is Latin-1 here.
  const topAsLatin1 = !decodedByDcmjs(sent);
  if (!decoder)
    throw new WorklistQueryError(STATUS_UNABLE_TO_PROCESS, `Specific Character Set "${charset.slice(0, 20)}" is not supported; use ISO_IR 192 or ISO_IR 100`);

  const topKeys: KeyCondition[] = [];
  let stepKeys: KeyCondition[] | undefined;
  let unsupportedKeys = false;
  let offsetMinutes: number | undefined;
  let offsetAsked = false;
  for (const [keyword, raw] of Object.entries(elements)) {
    if (keyword.startsWith('_') || keyword === 'SpecificCharacterSet' || isGroupLength(keyword)) continue;
    if (keyword === TIMEZONE_OFFSET) {
      // PS3.4 C.2.2.2.5: "If Timezone Offset From UTC (0008,0201) is present in the query
      // identifier, the specified time values and the definition of midnight are in the specified
      // timezone" — supported: matched and answered in that offset (itemInOffset). A value that is
      // no offset ("&ZZXX", PS3.3 C.12.1.1.8) → 0xA900.
      offsetAsked = true;
      const v = valueOf(raw, 'SH', keyword);
      if (v !== '') {
        offsetMinutes = timezoneOffsetMinutes(v);
        if (offsetMinutes === undefined)
          throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `TimezoneOffsetFromUTC "${v.slice(0, 16)}" is not an offset (+HHMM or -HHMM)`);
      }
      continue;
    }
    if (keyword === SPS) {
      stepKeys = parseStepSequence(raw, decoder);
      continue;
    }
    const attr = TOP.get(keyword);
    if (!attr) {
      unsupportedKeys = true;
      continue;
    }
    if (attr.codes) {
      const c = parseCodeSequence(raw, keyword, decoder);
      if (c.unsupported) unsupportedKeys = true;
      topKeys.push({ keyword, vr: 'SQ', value: '', item: c.item });
      continue;
    }
    const value = valueOf(raw, attr.vr, keyword);
    topKeys.push({ keyword, vr: attr.vr, value: topAsLatin1 ? redecode(value, decoder) : value });
  }
  if (stepKeys === null) stepKeys = undefined;
  if (stepKeys && stepKeys.some((k) => !STEP.has(k.keyword) || k.value === UNSUPPORTED_SUBKEYS)) {
    unsupportedKeys = true;
    stepKeys = stepKeys.filter((k) => STEP.has(k.keyword)).map((k) => (k.value === UNSUPPORTED_SUBKEYS ? { ...k, value: '' } : k));
  }
  const all = [...topKeys, ...(stepKeys ?? [])].flatMap((k) => [k, ...(k.item ?? [])]);
  for (const k of all) {
    k.value = withoutEscapes(k.value);
    if (k.vr === 'DA' || k.vr === 'TM') k.value = legacyDateTime(k.value, k.vr);
    // "-" alone is a range open at both ends (PS3.4 C.2.2.2.5 defines "<date1>-" and "-<date2>";
    // with neither bound every value lies in it): universal, as wlmscpfs 3.6.7 answers it.
    if ((k.vr === 'DA' || k.vr === 'TM') && k.value === '-') k.value = '';
  }
  const combined = combinedDateTimeRange(stepKeys ?? []);
  for (const k of all) validateValue(k, k.keyword === 'ScheduledProcedureStepStartTime' && combined);
  const hints = hintsOf(topKeys, stepKeys ?? []);
  // Stored dates are Oslo dates; a day in another offset (−12:00…+14:00) overlaps the Oslo day
  // before or after, so the store is asked for one more day each side and the matcher decides.
  if (offsetMinutes !== undefined) {
    if (hints.dateFrom) hints.dateFrom = shiftIsoDate(hints.dateFrom, -1);
    if (hints.dateTo) hints.dateTo = shiftIsoDate(hints.dateTo, 1);
  }
  return { charset, topKeys, stepKeys, unsupportedKeys, hints, offsetMinutes, offsetAsked };
}

/** Timezone Offset From UTC (0008,0201), a key of the SOP Common Module a query may carry (PS3.4 C.2.2.2.5). */
const TIMEZONE_OFFSET = 'TimezoneOffsetFromUTC';
const TIMEZONE_OFFSET_TAG = 0x00080201;

/** YYYY-MM-DD plus `days` (any sign). */
function shiftIsoDate(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Minutes east of UTC as "&ZZXX" (PS3.3 C.12.1.1.8; UTC is +0000, never -0000). */
export function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/**
 * The item with its scheduled start (stored as Europe/Oslo wall-clock date and time) read in
 * `offsetMinutes` east of UTC, as a query with Timezone Offset From UTC asks (PS3.4 C.2.2.2.5).
 * In the autumn hour Oslo repeats (DST ends, 03:00 CEST → 02:00 CET), a stored 02:30 names two
 * instants; the later one, in standard time (CET, +0100), wins — the reading dicomInstant gives
 * every Oslo wall-clock time (datetime.ts) — so 02:30 on that day is 01:30 UTC. A stored time
 * that cannot be read is left as it is.
 */
export function itemInOffset(item: WorklistItem, offsetMinutes: number): WorklistItem {
  const at = dicomInstant(item.step.startDate, item.step.startTime);
  if (!at) return item;
  const shifted = new Date(at.getTime() + offsetMinutes * 60_000).toISOString();
  const startDate = shifted.slice(0, 10).replaceAll('-', '');
  const startTime = shifted.slice(11, 19).replaceAll(':', '');
  return { ...item, step: { ...item.step, startDate, startTime } };
}

/** The offset an answer names: the query's, else Oslo's at the item's start (minutes east of UTC). */
function answerOffset(item: WorklistItem, q: WorklistQuery): number {
  if (q.offsetMinutes !== undefined) return q.offsetMinutes;
  const at = dicomInstant(item.step.startDate, item.step.startTime);
  return osloOffsetMinutes(at ?? new Date());
}

/**
 * A value without ISO 2022 escape sequences (ESC, intermediate bytes 02/00–02/15, a final byte
 * 03/00–07/14; ISO/IEC 2022 §13). With code extensions (`ISO 2022 IR 6\ISO 2022 IR 100`, PS3.5
 * 6.1.2.5.3) an SCU designates Latin-1 into G1 with ESC 02/13 04/01 before the first non-ASCII
 * character of a value, and may switch back to ASCII with ESC 02/08 04/02 — designations, not
 * characters. The sets Radvis accepts with code extensions (IR 6 and IR 100) read the same either
 * side of them, so removing them leaves the text. ESC is not a character of any text VR otherwise.
 */
export function withoutEscapes(v: string): string {
  // eslint-disable-next-line no-control-regex
  return v.includes('\u001b') ? v.replace(/\u001b[\u0020-\u002f]*[\u0030-\u007e]/g, '') : v;
}

/** The values of a Specific Character Set as given (an array of strings or one string), trimmed. */
function charsetValues(raw: unknown): string[] {
  const v = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return v.map((x) => (typeof x === 'string' ? x.trim() : ''));
}

/** Decoder labels for ISO 2022 code extensions with multi-byte sets: this prefix and the set (see parseWorklistQuery). */
const ISO2022 = 'iso2022:';

function normalizeCharset(sent: string[]): string {
  const all = canonicalCharset(sent);
  const values = all.filter((x) => x !== '');
  if (values.length === 0) return '';
  // A multi-valued set (code extensions) of sets dcmjs reads as Latin-1 (ISO 2022 IR 6, IR 100): the
  // escape sequences are removed later and the text is that of the last set.
  if (values.every((x) => LATIN1_DECODED.has(x))) return values[values.length - 1];
  // Other code extensions (multi-byte sets, PS3.3 Table C.12-4): the whole set, empty first value kept.
  if (all.length > 1 && isIso2022Set(all)) return all.join('\\');
  if (values.length === 1) return values[0];
  // The whole list is returned when refused: its values may be accepted alone, but not together.
  return values.join('\\');
}

/**
 * dcmjs decodes strings inside sequence items without the data set's Specific Character Set
 * (byte by byte, as Latin-1). For a UTF-8 query, turn such a value back into its bytes and
 * decode them as UTF-8; a value that is not valid UTF-8 that way is left as it was.
 */
export function redecodeUtf8(v: string): string {
  return redecode(v, 'utf-8');
}

/**
 * Like redecodeUtf8 for any text decoder label: the value's Latin-1 bytes decoded with `label`
 * ('latin1': unchanged). A value that is not Latin-1 text, or not valid UTF-8, is left as it was.
 */
export function redecode(v: string, label: string): string {
  if (label.startsWith(ISO2022)) return textDecoderFor(label.slice(ISO2022.length).split('\\'))!(v);
  return redecodeLatin1(v, label);
}

function parseStepSequence(raw: unknown, decoder: string): KeyCondition[] {
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : undefined;
  if (!items) throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, 'Scheduled Procedure Step Sequence is not a sequence');
  // PS3.4 C.2.2.2.6: a sequence matching key has one item; an empty sequence asks for every attribute.
  if (items.length > 1) throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, 'Scheduled Procedure Step Sequence must have at most one item in a query');
  const item = items[0] as Record<string, unknown> | undefined;
  if (items.length > 0 && (!item || typeof item !== 'object' || Array.isArray(item)))
    throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, 'Scheduled Procedure Step Sequence item is not a data set');
  // An empty sequence or one zero-length item: universal matching, every attribute returned (C.2.2.2.6).
  if (!item || Object.keys(item).every((k) => k.startsWith('_') || isGroupLength(k)))
    return STEP_ATTRIBUTES.map((a) => ({ keyword: a.keyword, vr: a.vr, value: '' }));
  const keys: KeyCondition[] = [];
  for (const [keyword, v] of Object.entries(item)) {
    if (keyword.startsWith('_') || isGroupLength(keyword)) continue;
    const attr = STEP.get(keyword);
    if (attr?.codes) {
      const c = parseCodeSequence(v, keyword, decoder);
      keys.push({ keyword, vr: 'SQ', value: c.unsupported ? UNSUPPORTED_SUBKEYS : '', item: c.item });
      continue;
    }
    const value = attr ? valueOf(v, attr.vr, keyword) : '';
    keys.push({ keyword, vr: attr?.vr ?? 'LO', value: redecode(value, decoder) });
  }
  return keys;
}

/** Marks a code sequence key inside the SPS item that had unsupported item keys (cleared after parsing). */
const UNSUPPORTED_SUBKEYS = '\u0000unsupported';

/**
 * A code sequence key (PS3.4 C.2.2.2.6): at most one item; an empty sequence or an empty item asks
 * for the whole item (universal). Item keys other than those of CODE_ITEM_ATTRIBUTES are not
 * supported (answers then carry 0xFF01). Values inside items are decoded again with the query's
 * character set (dcmjs reads them as Latin-1).
 */
function parseCodeSequence(raw: unknown, keyword: string, decoder: string): { item: KeyCondition[] | undefined; unsupported: boolean } {
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : undefined;
  if (!items) throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `${keyword} is not a sequence`);
  if (items.length > 1) throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `${keyword} must have at most one item in a query`);
  const item = items[0] as Record<string, unknown> | undefined;
  if (items.length > 0 && (!item || typeof item !== 'object' || Array.isArray(item)))
    throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `${keyword} item is not a data set`);
  if (!item) return { item: undefined, unsupported: false };
  const keys: KeyCondition[] = [];
  let unsupported = false;
  for (const [k, v] of Object.entries(item)) {
    if (k.startsWith('_') || isGroupLength(k)) continue;
    const attr = CODE_ITEM.get(k);
    if (!attr) {
      unsupported = true;
      continue;
    }
    keys.push({ keyword: k, vr: attr.vr, value: redecode(valueOf(v, attr.vr, k), decoder) });
  }
  return { item: keys.length > 0 ? keys : undefined, unsupported };
}

/**
 * One naturalized value as text. dcmjs gives a PN as { Alphabetic, Ideographic, Phonetic } (joined
 * back with '='), and a value whose VR in the query differs from the dictionary's (e.g. a name sent
 * as LO) as a String object; both are read as text. Undefined for values that are not text.
 */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string' || v instanceof String) return String(v);
  if (typeof v === 'number') return String(v);
  // An empty PN may come as an object without any group.
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '';
  if (v && typeof v === 'object' && !Array.isArray(v) && ('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v)) {
    const o = v as { Alphabetic?: unknown; Ideographic?: unknown; Phonetic?: unknown };
    return [o.Alphabetic, o.Ideographic, o.Phonetic]
      .map((g) => (g === undefined || g === null ? '' : String(g)))
      .join('=')
      .replace(/=+$/, '');
  }
  return undefined;
}

/**
 * VRs whose query keys may carry several values (backslash-separated), an item matching if any of
 * them matches: UIDs (list of UID matching, PS3.4 C.2.2.2.2) and names and other short texts
 * (wlmscpfs 3.6.7 answers "RV0001\\RV0002" with both; a leniency: PS3.4 C.2.2.2.8 defines Multiple
 * Value Matching only after Extended Negotiation, and note 4 leaves it undefined otherwise).
 * A code string or a date with several values is refused with 0xA900. For a date (DA, TM) no
 * matching type of PS3.4 C.2.2.2 takes several values: Single Value Matching is "a single date"
 * (C.2.2.2.1), Range Matching one "-" (C.2.2.2.5), and C.2.2.2.8 excludes DA and TM and means
 * AND, not OR; C.2.2.2 lets the VM exceed PS3.6's only "as defined for particular Matching Type".
 * wlmscpfs answers "20261130\\20261201" with either day; Radvis does not guess (a modality asks
 * for two days with the range "20261130-20261201").
 */
const MULTI_VALUE = new Set<Vr>(['UI', 'PN', 'SH', 'LO', 'AE']);

/**
 * Code string keys that may carry several values all the same: Scheduled Procedure Step Status, so
 * a modality can ask for the steps that are SCHEDULED or ARRIVED or READY in one query
 * ("SCHEDULED\\ARRIVED\\READY"). PS3.4 C.2.2.2 defines multiple values only for UIDs (C.2.2.2.2),
 * and wlmscpfs refuses a CS with several values; here any value matching is enough (issue 8, point 5).
 */
const MULTI_VALUE_KEYWORDS = new Set(['ScheduledProcedureStepStatus']);

/** Whether the key's value may be a backslash list matched by any of its values. */
function multiValued(vr: Vr, keyword: string): boolean {
  return MULTI_VALUE.has(vr) || MULTI_VALUE_KEYWORDS.has(keyword);
}

/** The string value of a naturalized element ('' when empty; several values joined with a backslash). */
function valueOf(raw: unknown, vr: Vr, keyword: string): string {
  if (raw === undefined || raw === null) return '';
  if (vr === 'SQ') {
    if (Array.isArray(raw) || raw === '') return '';
    throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `${keyword} is not a sequence`);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) return '';
  // Several values: list of UID matching (C.2.2.2.2) and, for text keys, multiple value matching.
  if (list.length > 1 && !multiValued(vr, keyword)) throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `${keyword} must have one value in a query`);
  const texts = list.map(scalarText);
  if (texts.some((t) => t === undefined)) throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `${keyword} has a value of the wrong kind`);
  return (texts as string[]).map((t) => t.trim()).join('\\');
}

const TIME = /^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$/;

function splitRange(value: string): [string, string] | null {
  const i = value.indexOf('-');
  if (i < 0) return null;
  if (value.indexOf('-', i + 1) >= 0) return ['\0', '\0'];
  return [value.slice(0, i), value.slice(i + 1)];
}

/** Code String characters (PS3.5 6.2): upper-case letters, digits, space and underscore; plus the wildcards. */
const CS_QUERY = /^[A-Z0-9 _*?]+$/;

/**
 * Whether the SPS start date and time keys form one combined date-time range (PS3.4 C.2.2.2.5.1,
 * matched by matchDateTime): both ranges, the date bounded on both sides, the first day before the
 * last. Then the time range need not be ordered within one day: "20261129-20261130" with
 * "1000-0830" is 29 Nov 10:00 to 30 Nov 08:30, as dcmtk's wlmscpfs matches it. A time range alone,
 * or with a one-day date range, still may not cross midnight (validateValue).
 */
function combinedDateTimeRange(stepKeys: readonly KeyCondition[]): boolean {
  const date = stepKeys.find((k) => k.keyword === 'ScheduledProcedureStepStartDate')?.value ?? '';
  const time = stepKeys.find((k) => k.keyword === 'ScheduledProcedureStepStartTime')?.value ?? '';
  const dr = splitRange(date);
  const tr = splitRange(time);
  if (!dr || !tr || dr[0] === '\0' || tr[0] === '\0' || dr[0] === '' || dr[1] === '' || tr[0] === '' || tr[1] === '') return false;
  return isDicomDate(dr[0]) && isDicomDate(dr[1]) && dr[0] < dr[1];
}

/** Checks a key's value (VR form, ranges in order, length); `inCombinedRange`: a TM range that is one side of a combined date-time range (combinedDateTimeRange) may have its first time after its second. */
function validateValue(k: KeyCondition, inCombinedRange = false): void {
  if (k.value === '') return;
  // A lower-case code ("ct") is not a CS value; wlmscpfs answers 0xA900 too.
  // In a list (SPS Status), an empty value is skipped, as in matching.
  if (k.vr === 'CS' && !(multiValued(k.vr, k.keyword) ? k.value.split('\\').filter((v) => v !== '') : [k.value]).every((v) => CS_QUERY.test(v)))
    throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `${k.keyword} "${k.value.slice(0, 16)}" is not a valid code string (A-Z, 0-9, space, _)`);
  if (k.vr === 'DA' || k.vr === 'TM') {
    const ok = k.vr === 'DA' ? isDicomDate : isDicomTime;
    const range = splitRange(k.value);
    const parts = range ? range.filter((x) => x !== '') : [k.value];
    if (parts.length === 0 || !parts.every(ok))
      throw new WorklistQueryError(
        STATUS_IDENTIFIER_MISMATCH,
        `${k.keyword} "${k.value}" is not a valid ${k.vr === 'DA' ? 'date (YYYYMMDD)' : 'time (HHMMSS)'} or range`,
      );
    if (range && !inCombinedRange && range[0] !== '' && range[1] !== '' && normalizeBound(range[0], k.vr, 'low') > normalizeBound(range[1], k.vr, 'high')) {
      // PS3.4 C.2.2.2.5 (Range Matching, 2024e): a range is "<time1> - <time2>" with <time1> less
      // or equal to <time2>; times are compared "within a day", and "Range Matching crossing
      // midnight is not supported". So "2300-0100" is no range the standard defines (dcm4chee-arc
      // reads it as over midnight, dcm4chee-arc-light#3888 — an extension): it is refused, and the
      // Error Comment (64 characters) says how to ask instead — two queries, 2300-2359 and 0000-0100.
      throw new WorklistQueryError(
        STATUS_IDENTIFIER_MISMATCH,
        k.vr === 'TM' ? 'Time range over midnight not supported; query 2 ranges' : `${k.keyword} range "${k.value}" ends before it starts`,
      );
    }
  }
  if (k.value.length > 1024) throw new WorklistQueryError(STATUS_IDENTIFIER_MISMATCH, `${k.keyword} is too long`);
}

/**
 * Dates written YYYY.MM.DD and times written HH:MM:SS (the ACR-NEMA 300 forms, PS3.5 Table 6.2-1
 * notes: not compliant, but older modalities still send them) read as YYYYMMDD and HHMMSS, also as
 * either end of a range. Anything else is left for validateValue to judge.
 */
export function legacyDateTime(v: string, vr: 'DA' | 'TM'): string {
  const one = (x: string) => {
    if (vr === 'DA') return /^\d{4}\.\d{2}\.\d{2}$/.test(x) ? x.replaceAll('.', '') : x;
    return /^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(x) ? x.replaceAll(':', '') : x;
  };
  const r = splitRange(v);
  return r && r[0] !== '\0' ? `${one(r[0])}-${one(r[1])}` : one(v);
}

function hasWildcard(v: string): boolean {
  return v.includes('*') || v.includes('?');
}

function hintsOf(top: KeyCondition[], step: KeyCondition[]): WorklistHints {
  const h: WorklistHints = {};
  const exact = (list: KeyCondition[], keyword: string) => {
    const k = list.find((x) => x.keyword === keyword);
    return k && k.value !== '' && !hasWildcard(k.value) && !k.value.includes('\\') ? k.value : undefined;
  };
  h.stationAeTitle = exact(step, 'ScheduledStationAETitle');
  h.modality = exact(step, 'Modality');
  h.accessionNumber = exact(top, 'AccessionNumber');
  h.patientId = exact(top, 'PatientID');
  const date = step.find((x) => x.keyword === 'ScheduledProcedureStepStartDate')?.value ?? '';
  if (date !== '') {
    const r = splitRange(date);
    const [lo, hi] = r ?? [date, date];
    const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    if (lo) h.dateFrom = iso(lo);
    if (hi) h.dateTo = iso(hi);
  }
  // Scheduled Procedure Step Status: the Radvis statuses whose DICOM term matches any of the values
  // (PS3.3 Table C.4-10 defined terms SCHEDULED, ARRIVED, READY, STARTED, DEPARTED, plus COMPLETED
  // and DISCONTINUED as dcm4chee-arc uses them). Radvis records no arrival or readiness, so ARRIVED,
  // READY and DEPARTED match no step. `*` alone is universal: the open steps, as with no value.
  const status = step.find((x) => x.keyword === 'ScheduledProcedureStepStatus')?.value ?? '';
  const values = status.split('\\').filter((v) => v !== '');
  if (values.length > 0 && !values.some((v) => /^\*+$/.test(v))) {
    h.statuses = Object.entries(DICOM_STEP_STATUS)
      .filter(([, code]) => values.some((v) => matchString(code, v, false)))
      .map(([s]) => s);
  }
  // Placer Order Number: the referral number, when given as a plain number.
  const placer = exact(top, 'PlacerOrderNumberImagingServiceRequest');
  if (placer !== undefined && /^\d{1,15}$/.test(placer)) h.referralNumber = Number(placer);
  // Filler Order Number is the accession number.
  const filler = exact(top, 'FillerOrderNumberImagingServiceRequest');
  if (filler !== undefined && h.accessionNumber === undefined) h.accessionNumber = filler;
  for (const key of Object.keys(h) as (keyof WorklistHints)[]) if (h[key] === undefined) delete h[key];
  return h;
}

// ---- matching ----

const regexCache = new Map<string, RegExp>();

/** Single value or wildcard matching (PS3.4 C.2.2.2.1, C.2.2.2.4): `*` any run, `?` one character. */
export function matchString(actual: string, pattern: string, caseInsensitive: boolean): boolean {
  if (pattern === '' || /^\*+$/.test(pattern)) return true;
  // Canonically equivalent text is the same text (Unicode NFC): a modality that sends "Å" as A +
  // combining ring (NFD, as macOS and some keyboards produce) finds the name stored precomposed.
  actual = actual.normalize('NFC');
  pattern = pattern.normalize('NFC');
  if (!hasWildcard(pattern)) return caseInsensitive ? fold(actual) === fold(pattern) : actual === pattern;
  const key = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'isu' : 'su');
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re.test(caseInsensitive ? fold(actual) : actual) || (caseInsensitive && re.test(actual));
}

function fold(s: string): string {
  return s.toLocaleUpperCase('nb-NO');
}

/** Date or time text padded to a comparable fixed width (YYYYMMDD or HHMMSS.ffffff). */
function normalizeBound(v: string, vr: 'DA' | 'TM', side: 'low' | 'high'): string {
  if (vr === 'DA') return v;
  const m = TIME.exec(v);
  if (!m) return v;
  const hh = m[1];
  const mm = m[2] ?? (side === 'low' ? '00' : '59');
  const ss = m[3] ?? (side === 'low' ? '00' : '59');
  const frac = (m[4] ?? '.').slice(1).padEnd(6, side === 'low' || m[4] ? '0' : '9');
  return `${hh}${mm}${ss}.${frac}`;
}

function normalizeTimeValue(v: string): string {
  return normalizeBound(v, 'TM', 'low');
}

function matchRange(actual: string, value: string, vr: 'DA' | 'TM'): boolean {
  const a = vr === 'TM' ? normalizeTimeValue(actual) : actual;
  const r = splitRange(value);
  if (!r) return vr === 'TM' ? a === normalizeTimeValue(value) : a === value;
  const [lo, hi] = r;
  if (lo !== '' && a < normalizeBound(lo, vr, 'low')) return false;
  if (hi !== '' && a > normalizeBound(hi, vr, 'high')) return false;
  return true;
}

function matchKey(k: KeyCondition, actual: string): boolean {
  if (k.value === '') return true;
  if (k.vr !== 'UI' && multiValued(k.vr, k.keyword) && k.value.includes('\\')) {
    // A list of only empty values asks for nothing in particular: universal, as an empty key.
    const values = k.value.split('\\').filter((v) => v !== '');
    return values.length === 0 || values.some((v) => matchKey({ ...k, value: v }, actual));
  }
  switch (k.vr) {
    case 'DA':
    case 'TM':
      return actual !== '' && matchRange(actual, k.value, k.vr);
    case 'PN':
      return matchPersonName(actual, k.value);
    case 'UI':
      return k.value.split('\\').includes(actual);
    case 'SQ':
    case 'US':
    case 'DS':
      // Sequences other than the SPS Sequence, Pregnancy Status and Patient's Weight are return keys
      // only (Table K.6-1 has no matching on them; dcmjs reads an empty US as 0); Radvis returns them empty.
      return true;
    case 'AE':
    case 'CS':
    case 'LO':
    case 'LT':
    case 'SH':
      return matchString(actual, k.value, false);
  }
}

/**
 * The three component groups of a PN (alphabetic, ideographic, phonetic; PS3.5 6.2.1.1), each with
 * padding around components and trailing empty components removed (PS3.5 6.2.1.2).
 */
export function personNameGroups(v: string): [string, string, string] {
  const groups = v.split('=');
  const norm = (g: string | undefined) =>
    (g ?? '')
      .split('^')
      .map((c) => c.trim())
      .join('^')
      .replace(/\^+$/, '');
  return [norm(groups[0]), norm(groups[1]), norm(groups[2])];
}

/**
 * PN matching: each component group of the key that is not empty must match the same group of the
 * stored name (single value or wildcard, case-insensitive). Radvis stores alphabetic names only, so
 * a key with an ideographic or phonetic group other than `*` matches nothing.
 */
export function matchPersonName(actual: string, pattern: string): boolean {
  const a = personNameGroups(actual);
  return personNameGroups(pattern).every((g, i) => g === '' || matchString(a[i], g, true));
}

/**
 * Whether an item matches every matching key of the query. SPS start date and time together
 * form one date-time range (PS3.4 C.2.2.2.5.1), as dcmtk's wlmscpfs matches them.
 */
export function matchesWorklistQuery(item: WorklistItem, q: WorklistQuery): boolean {
  if (q.offsetMinutes !== undefined) item = itemInOffset(item, q.offsetMinutes);
  for (const k of q.topKeys) {
    const attr = TOP.get(k.keyword);
    if (attr && !matchAttr(k, attr, item)) return false;
  }
  if (!q.stepKeys) return true;
  const date = q.stepKeys.find((k) => k.keyword === 'ScheduledProcedureStepStartDate')?.value ?? '';
  const time = q.stepKeys.find((k) => k.keyword === 'ScheduledProcedureStepStartTime')?.value ?? '';
  for (const k of q.stepKeys) {
    if (date !== '' && time !== '' && (k.keyword === 'ScheduledProcedureStepStartDate' || k.keyword === 'ScheduledProcedureStepStartTime')) continue;
    const attr = STEP.get(k.keyword);
    if (attr && !matchAttr(k, attr, item)) return false;
  }
  if (date !== '' && time !== '') return matchDateTime(item.step.startDate, item.step.startTime, date, time);
  return true;
}

/**
 * One key against one attribute of the item. A code sequence key with item keys matches when one
 * of the item's codes matches every item key (sequence matching, PS3.4 C.2.2.2.6; single value,
 * wildcard or universal per key, case-sensitive as SH/LO are); an item without codes then matches
 * only if every item key is universal.
 */
function matchAttr(k: KeyCondition, attr: Attr, item: WorklistItem): boolean {
  if (!attr.codes) return matchKey(k, attr.get(item));
  const keys = (k.item ?? []).filter((x) => x.value !== '');
  if (keys.length === 0) return true;
  return attr.codes(item).some((code) => keys.every((x) => matchKey(x, code[x.keyword as keyof CodeItem] ?? '')));
}

/**
 * SPS start date and time given together (both non-universal), as dcmtk's wlmscpfs 3.6.7 matches
 * them (checked side by side on the fixtures):
 * - both ranges: one combined date-time range (PS3.4 C.2.2.2.5.1: "20261130-20261201" with
 *   "0800-1000" is 30 Nov 08:00 to 1 Dec 10:00). On a side where the date is open but the time is
 *   not, the time bounds the time of day ("-20261130" with "0900-" is up to 30 Nov, at 09:00 or
 *   later); where the time is open, the date alone bounds it.
 * - otherwise (a single date or a single time): each matched on its own, so a date range with a
 *   single time asks for that time on any of those days.
 */
function matchDateTime(actualDate: string, actualTime: string, date: string, time: string): boolean {
  const dr = splitRange(date);
  const tr = splitRange(time);
  if (!dr || !tr) return matchRange(actualDate, date, 'DA') && matchRange(actualTime, time, 'TM');
  const at = normalizeTimeValue(actualTime);
  const actual = `${actualDate}${at}`;
  const side = (d: string, t: string, which: 'low' | 'high'): boolean => {
    const ok = (a: string, bound: string) => (which === 'low' ? a >= bound : a <= bound);
    if (d !== '' && t !== '') return ok(actual, `${d}${normalizeBound(t, 'TM', which)}`);
    if (d !== '') return ok(actualDate, d);
    if (t !== '') return ok(at, normalizeBound(t, 'TM', which));
    return true;
  };
  return side(dr[0], tr[0], 'low') && side(dr[1], tr[1], 'high');
}

// ---- answers ----

const SPS_TAG = 0x00400100;
const CHARSET_TAG = 0x00080005;

/** The Specific Character Set (0008,0005) an answer is written in (PS3.3 C.12.1.1.2 defined terms). */
export type AnswerCharset = 'ISO_IR 192' | 'ISO_IR 100';

/** Query character sets that ask for Latin-1 answers (without and with code extensions). */
const LATIN1_QUERY = new Set(['ISO_IR 100', 'ISO 2022 IR 100']);

/**
 * The character set the answers to a query are meant to be in: the query's own when it names
 * Latin-1 (ISO_IR 100, also with code extensions) or UTF-8 (ISO_IR 192); for a query in the default
 * repertoire (no Specific Character Set, or ISO_IR 6), Latin-1 when the calling machine is
 * registered as reading Latin-1 only (`machineLatin1`, migration 0185), else UTF-8: Norwegian
 * letters are not in the default repertoire, and an SCP may answer in another character set than
 * the query's as long as it names it (PS3.4 C.4.1.1.3.2: "The SCP may return responses with a
 * different Specific Character Set").
 */
export function preferredCharset(q: Pick<WorklistQuery, 'charset'>, machineLatin1 = false): AnswerCharset {
  if (LATIN1_QUERY.has(q.charset)) return 'ISO_IR 100';
  if (q.charset === 'ISO_IR 192') return 'ISO_IR 192';
  return machineLatin1 ? 'ISO_IR 100' : 'ISO_IR 192';
}

/** One element of an answer, with its keyword (for the naturalized form). */
type AnswerElement = ({ vr: Exclude<Vr, 'SQ'>; value: string } | { vr: 'SQ'; items: AnswerElement[][] }) & { keyword: string; tag: number };

/**
 * The elements of the answer for one item, without Specific Character Set: exactly the supported
 * keys the query asked for (empty ones zero-length, C.2.2.1.2 and K.6.1.2.2), the StudyInstanceUID
 * always (modalities need it to create the study; issue 8 asks for it in every item), and the
 * Scheduled Procedure Step Sequence with one item when it was asked for. Text as stored, in Unicode.
 */
export function answerElements(item: WorklistItem, q: WorklistQuery): AnswerElement[] {
  const out: AnswerElement[] = [];
  // With Timezone Offset From UTC in the query, the answer's dates and times are in that offset
  // and the answer names it (PS3.3 C.12.1.1.8: it applies to every DA and TM of the data set);
  // asked empty, the answer names Oslo's offset at the step's start.
  if (q.offsetAsked) out.push({ keyword: TIMEZONE_OFFSET, tag: TIMEZONE_OFFSET_TAG, vr: 'SH', value: formatOffset(answerOffset(item, q)) });
  if (q.offsetMinutes !== undefined) item = itemInOffset(item, q.offsetMinutes);
  const el = (a: Attr, k?: KeyCondition): AnswerElement => {
    if (a.vr !== 'SQ') return { keyword: a.keyword, tag: a.tag, vr: a.vr, value: a.get(item) };
    // A code sequence: one item per code, with the item keys asked for (all of them for an empty item).
    const sub = (k?.item?.map((x) => x.keyword) ?? CODE_ITEM_DEFAULT).map((kw) => CODE_ITEM.get(kw)!);
    const items = (a.codes?.(item) ?? []).map((code) =>
      sub.map((s): AnswerElement => ({ keyword: s.keyword, tag: s.tag, vr: s.vr as Exclude<Vr, 'SQ'>, value: code[s.keyword as keyof CodeItem] ?? '' })),
    );
    return { keyword: a.keyword, tag: a.tag, vr: 'SQ', items };
  };
  let uid = false;
  for (const k of q.topKeys) {
    out.push(el(TOP.get(k.keyword)!, k));
    if (k.keyword === 'StudyInstanceUID') uid = true;
  }
  if (!uid) out.push(el(TOP.get('StudyInstanceUID')!));
  if (q.stepKeys) {
    const step: AnswerElement[] = [];
    for (const k of q.stepKeys) {
      const attr = STEP.get(k.keyword);
      if (attr) step.push(el(attr, k));
    }
    out.push({ keyword: SPS, tag: SPS_TAG, vr: 'SQ', items: [step] });
  }
  return out;
}

/** Whether every text of the elements can be written in Latin-1 (ISO_IR 100). */
function allLatin1(elements: AnswerElement[]): boolean {
  return elements.every((e) => (e.vr === 'SQ' ? e.items.every(allLatin1) : fitsLatin1(e.value)));
}

/**
 * The character set one answer goes out in: the preferred one, except that an answer with a
 * character outside Latin-1 (e.g. a Sámi letter such as Ŋ, or a name in another script) goes out
 * in ISO_IR 192 even when Latin-1 was preferred, naming it in its Specific Character Set (PS3.4
 * C.4.1.1.3.2; each answer is its own identifier with its own Specific Character Set), rather than
 * replacing the character and sending a wrong name to the modality.
 */
export function answerCharset(elements: AnswerElement[], preferred: AnswerCharset): AnswerCharset {
  return preferred === 'ISO_IR 100' && allLatin1(elements) ? 'ISO_IR 100' : 'ISO_IR 192';
}

/** Naturalized (dcmjs) value of one element; '' and [] are written zero-length. */
function naturalValue(e: AnswerElement): unknown {
  if (e.vr === 'SQ') return e.items.map(naturalized);
  if (e.vr === 'PN') return e.value === '' ? '' : [{ Alphabetic: e.value }];
  if ((e.vr === 'US' || e.vr === 'DS') && e.value === '') return [];
  return e.value;
}

function naturalized(elements: AnswerElement[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of elements) out[e.keyword] = naturalValue(e);
  return out;
}

/**
 * The answer data set for one item in dcmjs' naturalized form, with Specific Character Set
 * ISO_IR 192. Not used to send answers (see encodeWorklistAnswer); kept as the reference the
 * encoder is checked against and for reading answers in tests.
 */
export function worklistAnswer(item: WorklistItem, q: WorklistQuery): Record<string, unknown> {
  return { SpecificCharacterSet: 'ISO_IR 192', ...naturalized(answerElements(item, q)) };
}

/**
 * The encoded answer data set for one item, in the given transfer syntax (Explicit or Implicit VR
 * Little Endian), ready to send as the C-FIND response identifier: the elements of
 * answerElements with Specific Character Set (0008,0005) first, text in UTF-8 or, when Latin-1 is
 * preferred and every text fits, in Latin-1 (see answerCharset). Returns the bytes and the
 * character set used.
 */
export function encodeWorklistAnswer(
  item: WorklistItem,
  q: WorklistQuery,
  transferSyntaxUid: string,
  preferred: AnswerCharset = 'ISO_IR 192',
): { bytes: Buffer; charset: AnswerCharset } {
  const elements = answerElements(item, q);
  const charset = answerCharset(elements, preferred);
  const all: EncElement[] = [{ tag: CHARSET_TAG, vr: 'CS', value: charset }, ...elements];
  return { bytes: encodeDataset(all, transferSyntaxUid, charset === 'ISO_IR 100' ? 'latin1' : 'utf8'), charset };
}
