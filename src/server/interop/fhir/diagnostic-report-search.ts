// FHIR R4 search on DiagnosticReport (search.html): the parameters Radvis declares for it, each
// applied; anything else is refused with 400 unless `Prefer: handling=lenient` (then ignored and
// reported). Parsing of names, modifiers and includes is @medplum/core's parseSearchRequest.
import { formatSearchQuery, Operator, parseSearchRequest, type SearchRequest } from '@medplum/core';
import type { DiagnosticReport } from '@medplum/fhirtypes';
import { parsePatientIdentifier, parsePatientNumber, patientSystemFirstDigits } from '../../directory/identifiers.ts';
import type { FieldError, IssueReason } from '../../http/errors.ts';
import { loadFhirDefinitions } from './definitions.ts';
import { referenceTarget } from './reference.ts';
import { defaultPaging, readPagingParam, type PageAt, type Paging } from './paging.ts';

/** The search parameters GET /fhir/DiagnosticReport applies, with their FHIR types (CapabilityStatement). */
export const DIAGNOSTIC_REPORT_SEARCH_PARAMS = [
  {
    name: '_id',
    type: 'token' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/Resource-id',
    documentation: 'Logical id; comma-separated values are OR',
  },
  {
    name: 'based-on',
    type: 'reference' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/DiagnosticReport-based-on',
    documentation: 'ServiceRequest/{id} (also :ServiceRequest); comma-separated values are OR',
  },
  {
    name: 'patient',
    type: 'reference' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/clinical-patient',
    documentation:
      'Patient/{id}, or :identifier with the fødselsnummer, D-number or FH-nummer under its OID (system|value, or system| for every patient with a number in that system)',
  },
  {
    name: 'subject',
    type: 'reference' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/DiagnosticReport-subject',
    documentation: 'as patient; another resource type matches nothing',
  },
  {
    name: 'status',
    type: 'token' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/DiagnosticReport-status',
    documentation: 'preliminary, final or amended (drafts are never published); :not',
  },
];

/** `_include` targets on DiagnosticReport: the referral and the patient, each only when the caller may read it directly. */
export const DIAGNOSTIC_REPORT_INCLUDES = ['DiagnosticReport:based-on', 'DiagnosticReport:patient', 'DiagnosticReport:subject'] as const;

/** R4 diagnostic-report-status codes. Radvis publishes preliminary, final and amended. */
const REPORT_STATUSES = ['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled', 'entered-in-error', 'unknown'];
const MODIFIERS: Record<string, readonly string[]> = { _id: [], 'based-on': [], patient: ['identifier'], subject: ['identifier'], status: ['not'] };

/** `system`: every patient with a number in that identifier system (token `[system]|`, search.html#token). */
export type PatientRef = { id: string } | { number: string } | { system: string } | { none: true };

/** A parsed DiagnosticReport search: each array is AND of its entries, each entry an OR; the page (`count`, `offset`, `total`) as paging.ts reads it. */
export interface DiagnosticReportSearch extends Paging {
  ids: string[][];
  basedOn: string[][];
  patients: PatientRef[][];
  statuses: { not: boolean; codes: string[] }[];
  include: ('based-on' | 'patient')[];
  ignored: FieldError[];
  /** What was applied, for Bundle.link (formatSearchQuery). */
  used: SearchRequest<DiagnosticReport>;
}

const splitOr = (v: string) => v.split(/(?<!\\),/).map((x) => x.replace(/\\([,|$\\])/g, '$1'));

/**
 * Parses the query of `GET /fhir/DiagnosticReport`. Unknown parameters, modifiers and include
 * targets are errors unless `lenient`; unreadable values of known parameters always are. `fhirBase`
 * (…/fhir): an absolute reference value names a Radvis resource only under it (reference.ts).
 * `maxOffset` caps `_offset` (config.ts fhirMaxOffset; default paging.ts MAX_OFFSET).
 */
export function parseDiagnosticReportSearch(
  query: string,
  lenient: boolean,
  fhirBase?: string,
  maxOffset?: number,
): { ok: true; search: DiagnosticReportSearch } | { ok: false; errors: FieldError[] } {
  loadFhirDefinitions();
  const errors: FieldError[] = [];
  const ignored: FieldError[] = [];
  const unknown = (field: string, message: string, reason: IssueReason = 'search-parameter-unsupported') =>
    (lenient ? ignored : errors).push({ field, message, reason });
  const raw = query.replace(/^\?/, '');
  for (const part of raw.split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return { ok: false, errors: [{ field: part.split('=')[0]!.slice(0, 64) || '(empty)', message: 'bad percent-encoding' }] };
    }
  }
  const used: SearchRequest<DiagnosticReport> = { resourceType: 'DiagnosticReport', filters: [] };
  const s: DiagnosticReportSearch = {
    ids: [],
    basedOn: [],
    patients: [],
    statuses: [],
    include: [],
    ...defaultPaging(),
    ignored,
    used,
  };
  for (const [name, value] of new URLSearchParams(raw)) {
    if (name.includes('\u0000') || value.includes('\u0000')) {
      errors.push({ field: name, message: 'must not contain NUL' });
      continue;
    }
    // _count, _offset, _total as every FHIR search reads them (paging.ts; R4 search.html#paging).
    if (readPagingParam(name, value, s, errors, undefined, maxOffset)) continue;
    // 406 for XML is answered before the search, _pretty checked and applied there (http.ts).
    if (name === '_format' || name === '_pretty') continue;
    if (name === '_include') {
      for (const v of value.split(',')) {
        const [src, param, target, ...rest] = v.split(':');
        const type = param === 'based-on' ? 'ServiceRequest' : 'Patient';
        if (rest.length || !(DIAGNOSTIC_REPORT_INCLUDES as readonly string[]).includes(`${src}:${param}`) || (target !== undefined && target !== type))
          unknown(`_include=${v}`, `supported: ${DIAGNOSTIC_REPORT_INCLUDES.join(', ')}`);
        else s.include.push(param === 'based-on' ? 'based-on' : 'patient');
      }
      continue;
    }
    const base = name.split(/[:.]/)[0]!;
    const modifier = /^[^:.]+:([A-Za-z-]+)$/.exec(name)?.[1];
    if (!DIAGNOSTIC_REPORT_SEARCH_PARAMS.some((p) => p.name === base) || name.includes('.')) {
      unknown(name, 'search parameter not supported by this server (see /fhir/metadata)');
      continue;
    }
    // Type modifiers: based-on:ServiceRequest, patient:Patient, subject:Patient.
    const typed = modifier && /^[A-Z]/.test(modifier) ? modifier : undefined;
    if (modifier && !typed && !(MODIFIERS[base] ?? []).includes(modifier)) {
      unknown(name, 'modifier not supported for this parameter (see /fhir/metadata)', 'search-modifier-unsupported');
      continue;
    }
    if (value === '') {
      errors.push({ field: name, message: 'empty value', reason: 'parameter-empty' });
      continue;
    }
    let operator: Operator;
    try {
      const f = parseSearchRequest<DiagnosticReport>('DiagnosticReport', { [typed ? base : name]: [value] }).filters?.[0];
      operator = f?.operator ?? Operator.EQUALS;
    } catch (e) {
      errors.push({ field: name, message: (e as Error).message });
      continue;
    }
    const values = splitOr(value);
    switch (base) {
      case '_id':
        s.ids.push(values);
        break;
      case 'based-on': {
        if (typed && typed !== 'ServiceRequest') {
          s.basedOn.push([]);
          break;
        }
        const ids = values.map((v) => referenceTarget(v, 'ServiceRequest', fhirBase));
        if (ids.includes(null)) errors.push({ field: name, message: 'must be ServiceRequest/{id} or {id}' });
        s.basedOn.push(ids.filter((x): x is string => x !== null && x !== 'other'));
        break;
      }
      case 'patient':
      case 'subject': {
        if (typed && typed !== 'Patient') {
          s.patients.push([]);
          break;
        }
        if (operator === Operator.IDENTIFIER) {
          s.patients.push(
            values.map((t) => {
              const i = t.indexOf('|');
              if (i === 0) return { none: true as const };
              // `system|`: any value in the system (search.html#token).
              if (i > 0 && i === t.length - 1) {
                if (patientSystemFirstDigits(t.slice(0, i))) return { system: t.slice(0, i) };
                errors.push({ field: name, message: `unknown patient identifier system ${t.slice(0, i)}`, reason: 'identifier-system-unknown' });
                return { none: true as const };
              }
              const r = i < 0 ? parsePatientNumber(t) : parsePatientIdentifier(t.slice(0, i), t.slice(i + 1));
              if (!r.ok) errors.push({ field: name, message: r.reason, reason: 'patient-identifier-invalid' });
              return r.ok ? { number: r.number } : { none: true as const };
            }),
          );
          break;
        }
        s.patients.push(
          values.map((v) => {
            const id = referenceTarget(v, 'Patient', fhirBase);
            if (id === null) errors.push({ field: name, message: 'must be Patient/{id} or {id}' });
            return id === null || id === 'other' ? { none: true as const } : { id };
          }),
        );
        break;
      }
      case 'status': {
        const bad = values.filter((c) => !REPORT_STATUSES.includes(c));
        if (bad.length) errors.push({ field: name, message: `unknown status ${bad.join(', ')}` });
        s.statuses.push({ not: operator === Operator.NOT, codes: values });
        break;
      }
    }
    used.filters!.push({ code: name, operator: Operator.EQUALS, value });
  }
  if (errors.length) return { ok: false, errors };
  used.count = s.count;
  if (s.offset) used.offset = s.offset;
  if (s.total === 'none') used.total = 'none';
  if (s.include.length)
    used.include = [...new Set(s.include)].map((p) => ({ resourceType: 'DiagnosticReport', searchParam: p === 'based-on' ? 'based-on' : 'patient' }));
  return { ok: true, search: s };
}

/** The query string of the page `at` of this search (an offset or a next/previous link's cursor), for Bundle.link. */
export function diagnosticReportPageQuery(s: DiagnosticReportSearch, at: PageAt): string {
  const q = formatSearchQuery({ ...s.used, offset: 'offset' in at ? at.offset || undefined : undefined });
  return 'cursor' in at ? `${q}${q ? '&' : '?'}_cursor=${at.cursor}` : q;
}
