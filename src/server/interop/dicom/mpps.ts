// Reading MPPS N-CREATE / N-SET data sets (DICOM PS3.4 F.7.2, PS3.3 C.4.13–C.4.14) into the
// scheduling domain's terms. Pure functions over dcmjs naturalized elements.

export class MppsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** 0x0106 Invalid attribute value (PS3.7 C). */
export const STATUS_INVALID_ATTRIBUTE_VALUE = 0x0106;
/** 0x0120 Missing attribute (PS3.7 C). */
export const STATUS_MISSING_ATTRIBUTE = 0x0120;
/** 0x0110 Processing failure: here, a final (COMPLETED/DISCONTINUED) step may no longer change (PS3.4 F.7.2.2.2). */
export const STATUS_PROCESSING_FAILURE = 0x0110;
/** 0x0111 Duplicate SOP Instance. */
export const STATUS_DUPLICATE_INSTANCE = 0x0111;
/** 0x0112 No such SOP Instance. */
export const STATUS_NO_SUCH_INSTANCE = 0x0112;

type Elements = Record<string, unknown>;

function str(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length > 0 ? str(v[0]) : undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** A DICOM DA + TM in Norwegian wall-clock time as an instant (Europe/Oslo, DST included). */
export function osloDateTime(da: string | undefined, tm: string | undefined): Date | null {
  if (!da || !/^\d{8}$/.test(da)) return null;
  const t = (tm ?? '').match(/^(\d{2})(\d{2})?(\d{2})?/);
  const [y, mo, d] = [Number(da.slice(0, 4)), Number(da.slice(4, 6)), Number(da.slice(6, 8))];
  const [h, mi, s] = t ? [Number(t[1]), Number(t[2] ?? 0), Number(t[3] ?? 0)] : [0, 0, 0];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(asUtc)) return null;
  // Oslo's offset at that moment: format the UTC guess in Oslo and compare.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(asUtc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(asUtc - (shown - asUtc));
}

/** The data set as JSON to keep (dcmjs bookkeeping keys removed). */
export function keepable(e: Elements): Record<string, unknown> {
  return JSON.parse(JSON.stringify(e, (k, v: unknown) => (k === '_vrMap' ? undefined : v instanceof ArrayBuffer ? undefined : v))) as Record<string, unknown>;
}

export interface MppsCreate {
  scheduled: { accessionNumber?: string; studyInstanceUid?: string; requestedProcedureId?: string; spsId?: string }[];
  startedAt: Date | null;
}

/** N-CREATE: status must be IN PROGRESS (PS3.4 F.7.2.1.1). */
export function readMppsCreate(e: Elements | undefined): MppsCreate {
  if (!e) throw new MppsError(STATUS_MISSING_ATTRIBUTE, 'N-CREATE without a data set');
  const status = str(e.PerformedProcedureStepStatus);
  if (status === undefined) throw new MppsError(STATUS_MISSING_ATTRIBUTE, 'Performed Procedure Step Status is missing');
  if (status !== 'IN PROGRESS') throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'N-CREATE must have status IN PROGRESS');
  const seq = Array.isArray(e.ScheduledStepAttributesSequence) ? (e.ScheduledStepAttributesSequence as Elements[]) : [];
  return {
    scheduled: seq
      .filter((x) => x && typeof x === 'object')
      .map((x) => ({
        accessionNumber: str(x.AccessionNumber),
        studyInstanceUid: str(x.StudyInstanceUID),
        requestedProcedureId: str(x.RequestedProcedureID),
        spsId: str(x.ScheduledProcedureStepID),
      })),
    startedAt: osloDateTime(str(e.PerformedProcedureStepStartDate), str(e.PerformedProcedureStepStartTime)),
  };
}

export interface MppsSet {
  status: 'in_progress' | 'completed' | 'discontinued' | undefined;
  endedAt: Date | null;
  discontinuationReason: string | null;
}

/** N-SET: an optional new status, end date/time, and for DISCONTINUED the reason code. */
export function readMppsSet(e: Elements | undefined): MppsSet {
  if (!e) throw new MppsError(STATUS_MISSING_ATTRIBUTE, 'N-SET without a data set');
  const raw = str(e.PerformedProcedureStepStatus);
  const status =
    raw === undefined ? undefined : raw === 'IN PROGRESS' ? 'in_progress' : raw === 'COMPLETED' ? 'completed' : raw === 'DISCONTINUED' ? 'discontinued' : null;
  if (status === null) throw new MppsError(STATUS_INVALID_ATTRIBUTE_VALUE, 'Performed Procedure Step Status must be IN PROGRESS, COMPLETED or DISCONTINUED');
  let reason: string | null = null;
  const codes = e.PerformedProcedureStepDiscontinuationReasonCodeSequence;
  if (Array.isArray(codes) && codes.length > 0 && codes[0] && typeof codes[0] === 'object') {
    const c = codes[0] as Elements;
    const parts = [str(c.CodingSchemeDesignator), str(c.CodeValue), str(c.CodeMeaning)].filter(Boolean);
    reason = parts.length > 0 ? parts.join(' ').slice(0, 200) : null;
  }
  return { status, endedAt: osloDateTime(str(e.PerformedProcedureStepEndDate), str(e.PerformedProcedureStepEndTime)), discontinuationReason: reason };
}
