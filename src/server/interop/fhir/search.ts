// FHIR R4 search on ServiceRequest (search.html): the parameters Radvis declares in its
// CapabilityStatement, each applied; anything else is refused with 400 unless the client asks
// for `Prefer: handling=lenient`, and the self link lists exactly the parameters used.
// Query parsing (code:modifier, comparison prefixes) is @medplum/core's parseSearchRequest.
import { formatSearchQuery, Operator, parseSearchRequest, type Filter, type SearchRequest } from '@medplum/core';
import type { ServiceRequest } from '@medplum/fhirtypes';
import { HPR_OID, isHprSystem, parsePatientIdentifier, parsePatientNumber, patientSystemFirstDigits } from '../../directory/identifiers.ts';
import { NCRP_SYSTEMS } from './service-request.ts';
import type { FieldError, IssueReason } from '../../http/errors.ts';
import { DEFAULT_COUNT, MAX_COUNT, MAX_OFFSET, readPagingParam, type PageAt, type PageCursor } from './paging.ts';
import { loadFhirDefinitions } from './definitions.ts';
import { referenceTarget } from './reference.ts';
import { osloWallClockInstant } from '../../calendar/oslo-time.ts';

/** The search parameters Radvis applies on ServiceRequest, with their FHIR types (CapabilityStatement). */
export const SERVICE_REQUEST_SEARCH_PARAMS = [
  { name: '_id', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id', documentation: 'Logical id; comma-separated values are OR' },
  {
    name: 'identifier',
    type: 'token',
    definition: 'http://hl7.org/fhir/SearchParameter/clinical-identifier',
    documentation: 'system|value, system| (any value), |value (no system) or value; :missing',
  },
  {
    name: 'patient',
    type: 'reference',
    definition: 'http://hl7.org/fhir/SearchParameter/clinical-patient',
    documentation:
      'Patient/{id} (also :Patient), or :identifier / chained .identifier with urn:oid:2.16.578.1.12.4.1.4.1 (fødselsnummer), urn:oid:2.16.578.1.12.4.1.4.2 (D-number) or urn:oid:2.16.578.1.12.4.1.4.3 (FH-nummer), as system|value or system| (every patient with a number in that system); :missing',
  },
  {
    name: 'subject',
    type: 'reference',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-subject',
    documentation: 'as patient (subject:Patient.identifier chained); another resource type (subject:Group) matches nothing',
  },
  {
    name: 'status',
    type: 'token',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-status',
    documentation: 'request-status codes; :not and :missing modifiers',
  },
  {
    name: 'authored',
    type: 'date',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-authored',
    documentation: 'prefixes eq, ne, gt, lt, ge, le, sa, eb; :missing',
  },
  {
    name: 'requester',
    type: 'reference',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-requester',
    documentation: 'Practitioner/{id} (also :Practitioner), or :identifier / chained .identifier with the HPR number (urn:oid:2.16.578.1.12.4.1.4.4)',
  },
  {
    name: 'code',
    type: 'token',
    definition: 'http://hl7.org/fhir/SearchParameter/clinical-code',
    documentation:
      'system|code, code (any system), system| or |code: the NCRP exam code (urn:oid:2.16.578.1.12.4.1.1.7270 and its ehelse.no URLs) or any other coding the record system sent in ServiceRequest.code; :text matches the start of any word of the exam name, code.text or a coding display (case- and accent-insensitive, search.html#string); :not',
  },
  {
    name: 'performer',
    type: 'reference',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-performer',
    documentation: 'Organization/{id} (also :Organization) of the receiving department; other resource types match nothing; :missing',
  },
  {
    name: 'intent',
    type: 'token',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-intent',
    documentation: 'request-intent codes (a referral is an order or a kind of order, as sent); :not',
  },
  {
    name: '_lastUpdated',
    type: 'date',
    definition: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated',
    documentation: 'meta.lastUpdated (the current version); prefixes eq, ne, gt, lt, ge, le, sa, eb',
  },
] as const;

/**
 * `_include` targets on ServiceRequest (search.html#include): the Patient (patient / subject) and
 * the requesting Practitioner, each only when the caller may read it directly (access gate).
 * `:iterate` and other targets are not supported.
 */
export const SERVICE_REQUEST_INCLUDES = ['ServiceRequest:patient', 'ServiceRequest:subject', 'ServiceRequest:requester'] as const;
/** `_revinclude` sources on ServiceRequest: the reports and studies of each referral found. */
export const SERVICE_REQUEST_REVINCLUDES = ['DiagnosticReport:based-on', 'ImagingStudy:basedon'] as const;

/** Result parameters Radvis applies. `_count` is at most MAX_COUNT; `_total` accurate (default) or none; `_cursor` from a next/previous link (paging.ts). */
export const RESULT_PARAMS = ['_count', '_offset', '_cursor', '_total', '_format', '_pretty', '_sort', '_summary', '_elements'] as const;
/** `_sort` keys Radvis applies (search.html#sort); `-` in front sorts descending. */
export const SORT_KEYS = ['authored', '_id', '_lastUpdated'] as const;
/** `_format` values that mean JSON (http.html#mime-type); `+` arrives as a space when a client does not escape it. */
const JSON_FORMATS = ['json', 'application/json', 'application/fhir+json', 'application/json+fhir', 'application/fhir json', 'application/json fhir'];
export { DEFAULT_COUNT, MAX_COUNT, MAX_OFFSET };

const REQUEST_STATUSES = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
/** R4 request-intent (valueset-request-intent). */
export const REQUEST_INTENTS = ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'];

/** A date criterion: the comparison prefix (search.html#prefix) and the value's range [start, end). */
export interface DateCriterion {
  op: string;
  start: Date;
  end: Date;
}

/** `system`: every patient with a number in that identifier system (token `[system]|`, search.html#token). */
export type PatientCriterion = { id: string } | { number: string } | { system: string } | { none: true };
/** `:missing` on a declared parameter (search.html#missing). */
export interface MissingCriterion {
  param: string;
  missing: boolean;
}
export type RequesterCriterion = { id: string } | { hpr: string } | { none: true };

/** A parsed ServiceRequest search: each array is AND of its entries, each entry an OR of values. */
export interface ServiceRequestSearch {
  ids: string[][];
  identifiers: { system?: string; value: string }[][];
  patients: PatientCriterion[][];
  statuses: { not: boolean; codes: string[] }[];
  /** `authored`: each entry an OR of date criteria (`authored=ge2026-01-01,lt2020-01-01`). */
  authored: DateCriterion[][];
  requesters: RequesterCriterion[][];
  /** `code`: each entry an OR of codings; `system` undefined = any system, '' = no system; `code` '' = any code in the system. */
  codes: { not: boolean; codings: { system?: string; code: string }[] }[];
  /** `code:text`: each entry an OR of texts (word-start, case-insensitive). */
  codeTexts: string[][];
  /** `performer`: department organization ids; `none` names another resource type. */
  performers: ({ id: string } | { none: true })[][];
  intents: { not: boolean; codes: string[] }[];
  /** `_lastUpdated`: each entry an OR of date criteria. */
  lastUpdated: DateCriterion[][];
  /** `_include`: which referenced resources to add (search mode include). */
  include: ('patient' | 'requester')[];
  /** `_revinclude`: which resources pointing at the referrals to add (search mode include). */
  revinclude: ('DiagnosticReport' | 'ImagingStudy')[];
  missing: MissingCriterion[];
  /** `_sort` keys in order; empty: newest first. */
  sort: { key: (typeof SORT_KEYS)[number]; descending: boolean }[];
  /** `_summary=count`: only the total, no entries. */
  summaryCount: boolean;
  /** `_summary=true|text|data` (search.html#summary): which subset of each resource to return; null: all. */
  summary: 'true' | 'text' | 'data' | null;
  /** `_elements`: the top-level elements to return (search.html#elements); null: all. */
  elements: string[] | null;
  count: number;
  offset: number;
  /** Where a next/previous link's `_cursor` starts the page (paging.ts); undefined: from `offset`. */
  cursor?: PageCursor;
  total: 'accurate' | 'none';
  /** Parameters ignored under `Prefer: handling=lenient` (reported in an OperationOutcome entry). */
  ignored: FieldError[];
  /** The parameters applied, for Bundle.link self (search.html: the parameters actually used). */
  used: SearchRequest<ServiceRequest>;
}

export type SearchParse = { ok: true; search: ServiceRequestSearch } | { ok: false; errors: FieldError[] };

/** `Prefer: handling=strict|lenient` (search.html#errors). Radvis's default is strict. */
export function preferLenient(prefer: string | string[] | undefined): boolean {
  const v = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return /(^|[,;\s])handling\s*=\s*"?lenient"?/i.test(v);
}

/** Midnight UTC of a calendar day in any year (Date.UTC would read the years 0–99 as 1900–1999); month 0-based, overflow rolls on. */
function utcDay(year: number, month0: number, day: number): Date {
  const t = new Date(0);
  t.setUTCFullYear(year, month0, day);
  return t;
}

/**
 * The FHIR date value's range [start, end) at its precision (search.html#date): 2024 → the year,
 * 2024-03 → the month, 2024-03-05 → the day, a dateTime → the second (or the minute when it stops
 * there). Any year 0001–9999 is itself (datatypes.html#date). A value without a time zone is in the
 * server's local time (search.html#date: "Where possible, the system should correct for time zones
 * when performing queries"; a date without a zone is local): Radvis serves Norway, so it is
 * Norwegian wall-clock time, Europe/Oslo with summer time (osloWallClockInstant) — 2026-03-29 is
 * 23 hours long, 2026-10-25 is 25. A leap second (seconds 60, allowed by datatypes.html#dateTime)
 * has no instant of its own in ECMAScript time: it is the last millisecond of its minute. Null when
 * not a date.
 */
export function dateRange(value: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, tz] = m;
  const year = Number(y);
  if (mo && (Number(mo) < 1 || Number(mo) > 12)) return null;
  if (d) {
    const check = utcDay(year, Number(mo) - 1, Number(d));
    if (check.getUTCDate() !== Number(d)) return null;
  }
  // Without a zone each bound is a reading of the Norwegian clock.
  const local = (wall: Date) => (tz === undefined ? new Date(osloWallClockInstant(wall.getTime())) : wall);
  if (h !== undefined) {
    if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 60) return null;
    const leap = s === '60';
    const wall = new Date(`${y}-${mo}-${d}T${h}:${mi}:${leap ? '59.999' : (s ?? '00')}${tz ?? 'Z'}`);
    if (Number.isNaN(wall.getTime())) return null;
    const start = local(wall);
    return { start, end: new Date(start.getTime() + (leap ? 1 : s !== undefined ? 1000 : 60_000)) };
  }
  if (d) return { start: local(utcDay(year, Number(mo) - 1, Number(d))), end: local(utcDay(year, Number(mo) - 1, Number(d) + 1)) };
  if (mo) return { start: local(utcDay(year, Number(mo) - 1, 1)), end: local(utcDay(year, Number(mo), 1)) };
  return { start: local(utcDay(year, 0, 1)), end: local(utcDay(year + 1, 0, 1)) };
}

const DATE_OPS: Record<string, string> = {
  [Operator.EQUALS]: 'eq',
  [Operator.NOT_EQUALS]: 'ne',
  [Operator.GREATER_THAN]: 'gt',
  [Operator.LESS_THAN]: 'lt',
  [Operator.GREATER_THAN_OR_EQUALS]: 'ge',
  [Operator.LESS_THAN_OR_EQUALS]: 'le',
  [Operator.STARTS_AFTER]: 'sa',
  [Operator.ENDS_BEFORE]: 'eb',
};

function splitOr(value: string): string[] {
  // search.html#escaping: "\," is a literal comma inside a value.
  return value.split(/(?<!\\),/).map((v) => v.replace(/\\([,|$\\])/g, '$1'));
}

/**
 * The id a reference value names for a parameter targeting `type` (reference.ts), `{ none }` when it
 * names something that is never such a Radvis resource (another server's resource; for `subject`,
 * `requester` and `performer` also another resource type), or null (not a reference: 400).
 */
function referenceCriterion(value: string, type: string, param: string, base: string | undefined): { id: string } | { none: true } | null {
  const r = referenceTarget(value, type, base);
  if (r === null) return null;
  if (r !== 'other') return { id: r };
  // `patient` targets Patient only: a relative reference to another type is a mistake (400).
  return param === 'patient' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) ? null : { none: true };
}

/** The patient number a token `system|value`, `value` or `|value` names, or the system of `system|` (search.html#token). */
function patientToken(t: string, field: string, errors: FieldError[]): PatientCriterion {
  const i = t.indexOf('|');
  // `|value`: an identifier without a system. Radvis's patient identifiers always have one.
  if (i === 0) return { none: true };
  const system = i < 0 ? undefined : t.slice(0, i);
  const value = i < 0 ? t : t.slice(i + 1);
  // `system|`: any value in the system (search.html#token) — every patient with such a number.
  if (system !== undefined && value === '') {
    if (patientSystemFirstDigits(system)) return { system };
    errors.push({ field, message: `unknown patient identifier system ${system}`, reason: 'identifier-system-unknown' });
    return { none: true };
  }
  const r = system === undefined ? parsePatientNumber(value) : parsePatientIdentifier(system, value);
  if (!r.ok) errors.push({ field, message: r.reason, reason: 'patient-identifier-invalid' });
  return r.ok ? { number: r.number } : { none: true };
}

/** The HPR number a token `system|value` or `value` names; `|value` (no system) never matches. */
function requesterToken(t: string, field: string, errors: FieldError[]): RequesterCriterion {
  const i = t.indexOf('|');
  if (i === 0) return { none: true };
  const system = i < 0 ? HPR_OID : t.slice(0, i);
  const value = i < 0 ? t : t.slice(i + 1);
  if (!isHprSystem(system) || !/^\d{1,9}$/.test(value)) {
    errors.push({ field, message: `must be ${HPR_OID}|{HPR number}` });
    return { none: true };
  }
  return { hpr: value };
}

/** The modifiers Radvis reads, per declared parameter (type modifiers such as :Patient are handled by `rewrite`). */
export const MODIFIERS: Readonly<Record<string, readonly string[]>> = {
  _id: [],
  identifier: ['missing'],
  patient: ['identifier', 'missing'],
  subject: ['identifier', 'missing'],
  status: ['not', 'missing'],
  authored: ['missing'],
  requester: ['identifier', 'missing'],
  code: ['text', 'not'],
  performer: ['missing'],
  intent: ['not'],
  _lastUpdated: [],
};

/** Reference parameters and the resource type their values name in Radvis (the rest never match). */
const REFERENCE_TYPE: Record<string, string> = { patient: 'Patient', subject: 'Patient', requester: 'Practitioner', performer: 'Organization' };

/**
 * Rewrites the parameter forms Radvis reads the same as a declared one: chained identifiers
 * (`patient.identifier`, `subject:Patient.identifier`, `requester.identifier` → `:identifier`,
 * search.html#chaining) and type modifiers (`subject:Patient=x` → `subject=Patient/x`;
 * `subject:Group=x` names a resource type that is never a referral's subject or requester here →
 * matches nothing). Other chains are left as they are and refused as unsupported.
 */
function rewrite(name: string, value: string): { name: string; value: string } | { none: true } {
  const chain = /^(patient|subject|requester)(?::([A-Z][A-Za-z]+))?\.identifier$/.exec(name);
  if (chain) {
    if (chain[2] && chain[2] !== REFERENCE_TYPE[chain[1]]) return { none: true };
    return { name: `${chain[1]}:identifier`, value };
  }
  const typed = /^(patient|subject|requester|performer):([A-Z][A-Za-z]+)$/.exec(name);
  if (typed) {
    if (typed[2] !== REFERENCE_TYPE[typed[1]]) return { none: true };
    return {
      name: typed[1],
      value: splitOr(value)
        .map((v) => (v.includes('/') ? v : `${typed[2]}/${v}`).replace(/([,\\])/g, '\\$1'))
        .join(','),
    };
  }
  return { name, value };
}

/**
 * Parses the query of `GET /fhir/ServiceRequest` (or an `If-None-Exist` header, `conditional`
 * true: no result parameters). Unknown parameters, chains and modifiers are errors unless
 * `lenient` (then they are ignored, listed in `ignored` and left out of the self link); values of
 * known parameters that cannot be read are always errors (search.html#errors). `base` is this
 * server's FHIR base (…/fhir): an absolute reference value names a Radvis resource only under it.
 * `maxOffset` caps `_offset` (config.ts fhirMaxOffset; default paging.ts MAX_OFFSET).
 */
export function parseServiceRequestSearch(query: string, opts: { lenient: boolean; conditional?: boolean; base?: string; maxOffset?: number }): SearchParse {
  loadFhirDefinitions();
  const errors: FieldError[] = [];
  const ignored: FieldError[] = [];
  const raw = query.replace(/^\?/, '');
  // URLSearchParams reads a malformed escape (%E0%A4%A) as literal text or U+FFFD, so such a
  // value would search for something nobody sent: refuse it instead (search.html#errors).
  for (const part of raw.split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      errors.push({ field: part.split('=')[0]!.slice(0, 64) || '(empty)', message: 'bad percent-encoding', reason: 'bad-percent-encoding' });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const params = new URLSearchParams(raw);
  const used: SearchRequest<ServiceRequest> = { resourceType: 'ServiceRequest', filters: [] };
  const search: ServiceRequestSearch = {
    ids: [],
    identifiers: [],
    patients: [],
    statuses: [],
    authored: [],
    requesters: [],
    codes: [],
    codeTexts: [],
    performers: [],
    intents: [],
    lastUpdated: [],
    include: [],
    revinclude: [],
    missing: [],
    sort: [],
    summaryCount: false,
    summary: null,
    elements: null,
    count: DEFAULT_COUNT,
    offset: 0,
    total: 'accurate',
    used,
    ignored,
  };
  const unknown = (name: string, why: string, reason: IssueReason = 'search-parameter-unsupported') =>
    (opts.lenient ? ignored : errors).push({ field: name, message: why, reason });
  const seenResult = new Set<string>();
  for (const [name0, value0] of params) {
    if (value0.includes('\u0000') || name0.includes('\u0000')) {
      errors.push({ field: name0, message: 'must not contain NUL' });
      continue;
    }
    if (/^_(rev)?include(:|$)/.test(name0)) {
      if (opts.conditional) errors.push({ field: name0, message: 'not allowed in If-None-Exist', reason: 'conditional-parameter-not-allowed' });
      else includeParam(name0, value0, search, unknown);
      continue;
    }
    if ((RESULT_PARAMS as readonly string[]).includes(name0)) {
      if (opts.conditional) errors.push({ field: name0, message: 'not allowed in If-None-Exist', reason: 'conditional-parameter-not-allowed' });
      // One value each (also across the URL and the form body of POST _search): a second is ambiguous.
      else if (seenResult.has(name0)) errors.push({ field: name0, message: 'must be given at most once', reason: 'parameter-repeated' });
      else resultParam(name0, value0, search, errors, unknown, opts.maxOffset);
      seenResult.add(name0);
      continue;
    }
    if (!SERVICE_REQUEST_SEARCH_PARAMS.some((p) => p.name === name0.split(/[:.]/)[0])) {
      unknown(name0, 'search parameter not supported by this server (see /fhir/metadata)');
      continue;
    }
    const modifier = /^[^:.]+:([a-z-]+)$/.exec(name0)?.[1];
    if (modifier && !(MODIFIERS[name0.split(':')[0]] ?? []).includes(modifier)) {
      unknown(name0, 'modifier not supported for this parameter (see /fhir/metadata)', 'search-modifier-unsupported');
      continue;
    }
    const rw = rewrite(name0, value0);
    if ('none' in rw) {
      search.ids.push([]);
      used.filters!.push({ code: name0, operator: Operator.EQUALS, value: value0 });
      continue;
    }
    // A `+` in a date's zone arrives as a space when a client does not escape it (2024-03-05T10:00:00+01:00).
    const value = /^(authored|_lastUpdated)(:|$)/.test(rw.name) ? rw.value.replace(/ (\d{2}:\d{2})$/, '+$1') : rw.value;
    if (value === '') {
      errors.push({ field: name0, message: 'empty value', reason: 'parameter-empty' });
      continue;
    }
    // search.html#combining: a comma makes an OR of values for every parameter type, each date value
    // with its own prefix (`authored=ge2026-01-01,lt2020-01-01`). @medplum/core reads a date value
    // whole, so each part is parsed on its own and the parts form one OR group (applyFilter).
    const parts = DATE_PARAMS.includes(rw.name) ? splitOr(value) : [value];
    const filters: Filter[] = [];
    try {
      for (const part of parts) {
        // @medplum/core wants seconds in a time; R4 search.html#date lets a value stop at the minute.
        const probe = DATE_PARAMS.includes(rw.name) ? withZeroSeconds(part) : part;
        const parsed = parseSearchRequest<ServiceRequest>('ServiceRequest', { [rw.name]: [probe] }).filters ?? [];
        // The filter keeps the value as sent (without its prefix): its precision is the minute (dateRange).
        filters.push(...(probe === part ? parsed : parsed.map((f) => ({ ...f, value: part.replace(/^[a-z]{2}(?=\d)/, '') }))));
      }
    } catch (e) {
      errors.push({ field: name0, message: (e as Error).message });
      continue;
    }
    if (parts.length > 1) {
      const before = errors.length;
      const group: DateCriterion[] = [];
      if (!filters.every((f) => dateFilter(f, name0, group, errors)))
        unknown(name0, 'prefix not supported for this parameter (see /fhir/metadata)', 'search-modifier-unsupported');
      else if (errors.length === before) {
        (rw.name === 'authored' ? search.authored : search.lastUpdated).push(group);
        used.filters!.push({ code: name0, operator: Operator.EQUALS, value: value0 });
      }
      continue;
    }
    for (const f of filters) {
      const before = errors.length;
      const applied = applyFilter(f, name0, search, errors, opts.base);
      if (!applied) unknown(name0, 'modifier, prefix or chain not supported for this parameter (see /fhir/metadata)', 'search-modifier-unsupported');
      else if (errors.length === before) used.filters!.push(name0 === rw.name ? f : { code: name0, operator: Operator.EQUALS, value: value0 });
    }
  }
  if (errors.length) return { ok: false, errors };
  used.count = search.count;
  if (search.offset) used.offset = search.offset;
  if (search.total === 'none') used.total = 'none';
  if (search.sort.length) used.sortRules = search.sort.map((r) => ({ code: r.key, descending: r.descending }));
  if (search.include.length) used.include = [...new Set(search.include)].map((p) => ({ resourceType: 'ServiceRequest', searchParam: p }));
  if (search.revinclude.length)
    used.revInclude = [...new Set(search.revinclude)].map((t) => ({ resourceType: t, searchParam: t === 'DiagnosticReport' ? 'based-on' : 'basedon' }));
  return { ok: true, search };
}

/**
 * Reads `_include` / `_revinclude` (search.html#include). Supported targets are listed in
 * SERVICE_REQUEST_INCLUDES / SERVICE_REQUEST_REVINCLUDES (a type-specified form such as
 * `ServiceRequest:subject:Patient` is read as the same); `:iterate`, `*` and other targets are
 * unsupported (400, or ignored under lenient).
 */
function includeParam(name: string, value: string, search: ServiceRequestSearch, unknown: (name: string, why: string) => void): void {
  const rev = name.startsWith('_revinclude');
  if (name !== '_include' && name !== '_revinclude') {
    unknown(`${name}=${value}`, `${name.split(':')[0]}:${name.split(':')[1]} is not supported (see /fhir/metadata)`);
    return;
  }
  for (const v of value.split(',')) {
    const [source, param, target, ...rest] = v.split(':');
    const key = `${source}:${param}`;
    if (!rev) {
      const type = param === 'requester' ? 'Practitioner' : 'Patient';
      if (rest.length || !(SERVICE_REQUEST_INCLUDES as readonly string[]).includes(key) || (target !== undefined && target !== type))
        unknown(`_include=${v}`, `supported: ${SERVICE_REQUEST_INCLUDES.join(', ')}`);
      else search.include.push(param === 'requester' ? 'requester' : 'patient');
    } else {
      if (rest.length || !(SERVICE_REQUEST_REVINCLUDES as readonly string[]).includes(key) || (target !== undefined && target !== 'ServiceRequest'))
        unknown(`_revinclude=${v}`, `supported: ${SERVICE_REQUEST_REVINCLUDES.join(', ')}`);
      else search.revinclude.push(source as 'DiagnosticReport' | 'ImagingStudy');
    }
  }
}

/** Reads one result parameter (_count, _offset, _total, _format, _sort, _summary, _elements) into `search`. */
function resultParam(
  name: string,
  value: string,
  search: ServiceRequestSearch,
  errors: FieldError[],
  unknown: (name: string, why: string) => void,
  maxOffset?: number,
): void {
  switch (name) {
    case '_count':
    case '_offset':
    case '_cursor':
    case '_total':
      // The one paging reading every FHIR search shares (paging.ts).
      readPagingParam(name, value, search, errors, MAX_COUNT, maxOffset);
      return;
    case '_format':
      // 406 for XML is answered before the search (interop/fhir/http.ts); anything else unknown is a 400.
      if (!JSON_FORMATS.includes(value.toLowerCase().split(';')[0].trim())) errors.push({ field: '_format', message: 'only json is supported' });
      return;
    case '_sort':
      for (const k of value.split(',')) {
        const descending = k.startsWith('-');
        const key = k.replace(/^-/, '');
        if ((SORT_KEYS as readonly string[]).includes(key)) search.sort.push({ key: key as (typeof SORT_KEYS)[number], descending });
        else unknown(`_sort=${k}`, `sorting supported by ${SORT_KEYS.join(', ')} only`);
      }
      return;
    case '_pretty':
      // http.html#parameters: a formatting hint for every interaction (applied in http.ts), not a filter.
      if (value !== 'true' && value !== 'false') errors.push({ field: '_pretty', message: 'must be true or false' });
      return;
    case '_summary':
      if (value === 'count') search.summaryCount = true;
      else if (value === 'true' || value === 'text' || value === 'data') search.summary = value;
      else if (value !== 'false') unknown(`_summary=${value}`, '_summary must be true, text, data, count or false');
      if (search.summary && search.elements) errors.push({ field: '_summary', message: 'use _summary or _elements, not both' });
      return;
    case '_elements': {
      const names = value.split(',').map((e) => e.trim());
      if (names.some((e) => !/^[a-zA-Z][A-Za-z0-9]{0,63}$/.test(e)))
        errors.push({ field: '_elements', message: 'must be a comma-separated list of element names' });
      else search.elements = names;
      if (search.summary && search.elements) errors.push({ field: '_elements', message: 'use _summary or _elements, not both' });
      return;
    }
  }
}

/** The date parameters of ServiceRequest search (comma-separated values are OR, each with its own prefix). */
const DATE_PARAMS = ['authored', '_lastUpdated'];

/**
 * A date search value at minute precision (`2026-12-01T10:00`, optionally with a prefix and a
 * zone) with `:00` seconds put in, for @medplum/core's format check, which wants seconds whenever
 * a time is given. R4 search.html#date allows the minute ("the minutes SHALL be present if an hour
 * is present", seconds optional). Any other value is returned unchanged.
 */
export function withZeroSeconds(part: string): string {
  return part.replace(
    /^([a-z]{2})?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})?$/,
    (_m, p: string | undefined, t: string, z: string | undefined) => `${p ?? ''}${t}:00${z ?? ''}`,
  );
}

/**
 * Reads one date filter into `out`; false when its prefix is not one Radvis applies. A value that
 * is not a FHIR date or dateTime is an error in `errors` (search.html#date).
 */
function dateFilter(f: Filter, field: string, out: DateCriterion[], errors: FieldError[]): boolean {
  const op = DATE_OPS[f.operator];
  if (!op) return false;
  const range = dateRange(f.value);
  if (!range) errors.push({ field, message: 'must be a FHIR date or dateTime, optionally with a prefix (eq, ne, gt, lt, ge, le, sa, eb)' });
  else out.push({ op, ...range });
  return true;
}

/** Applies one parsed filter to `search`; false when its modifier or prefix is not supported. */
function applyFilter(f: Filter, field: string, search: ServiceRequestSearch, errors: FieldError[], base: string | undefined): boolean {
  if (f.operator === Operator.MISSING) {
    if (f.value !== 'true' && f.value !== 'false') {
      errors.push({ field, message: 'must be true or false' });
      return true;
    }
    search.missing.push({ param: f.code, missing: f.value === 'true' });
    return true;
  }
  switch (f.code) {
    case '_id':
      if (f.operator !== Operator.EQUALS) return false;
      search.ids.push(splitOr(f.value));
      return true;
    case 'identifier':
      if (f.operator !== Operator.EQUALS) return false;
      search.identifiers.push(
        splitOr(f.value).map((t) => {
          const i = t.indexOf('|');
          // search.html#token: `value` any system, `|value` no system, `system|value`, `system|` any value in the system.
          return i < 0 ? { value: t } : { system: t.slice(0, i), value: t.slice(i + 1) };
        }),
      );
      return true;
    case 'patient':
    case 'subject':
      if (f.operator === Operator.IDENTIFIER) {
        search.patients.push(splitOr(f.value).map((t) => patientToken(t, field, errors)));
        return true;
      }
      if (f.operator !== Operator.EQUALS) return false;
      search.patients.push(
        splitOr(f.value).map((t) => {
          // subject may name another resource type (Group, Device …), and an absolute URL another
          // server's Patient: those are never a referral's subject here.
          const c = referenceCriterion(t, 'Patient', f.code, base);
          if (!c)
            errors.push({
              field,
              message: t.includes('|') ? `a patient identifier is searched with ${f.code}:identifier=system|value` : 'must be Patient/{id} or {id}',
            });
          return c ?? { none: true as const };
        }),
      );
      return true;
    case 'status': {
      if (f.operator !== Operator.EQUALS && f.operator !== Operator.NOT) return false;
      const codes = splitOr(f.value);
      const bad = codes.filter((c) => !REQUEST_STATUSES.includes(c));
      if (bad.length) errors.push({ field, message: `unknown status ${bad.join(', ')} (request-status: ${REQUEST_STATUSES.join(', ')})` });
      search.statuses.push({ not: f.operator === Operator.NOT, codes });
      return true;
    }
    case 'authored': {
      const group: DateCriterion[] = [];
      if (!dateFilter(f, field, group, errors)) return false;
      if (group.length) search.authored.push(group);
      return true;
    }
    case 'requester':
      if (f.operator === Operator.IDENTIFIER) {
        search.requesters.push(splitOr(f.value).map((t) => requesterToken(t, field, errors)));
        return true;
      }
      if (f.operator !== Operator.EQUALS) return false;
      search.requesters.push(
        splitOr(f.value).map((t) => {
          const c = referenceCriterion(t, 'Practitioner', f.code, base);
          if (!c) errors.push({ field, message: 'must be Practitioner/{id} or {id}' });
          return c ?? { none: true as const };
        }),
      );
      return true;
    case 'code': {
      if (f.operator === Operator.TEXT) {
        search.codeTexts.push(splitOr(f.value).map((v) => v.trim().toLowerCase()));
        return true;
      }
      if (f.operator !== Operator.EQUALS && f.operator !== Operator.NOT) return false;
      search.codes.push({
        not: f.operator === Operator.NOT,
        codings: splitOr(f.value).map((t) => {
          const i = t.indexOf('|');
          return i < 0 ? { code: t } : { system: t.slice(0, i), code: t.slice(i + 1) };
        }),
      });
      return true;
    }
    case 'performer':
      if (f.operator !== Operator.EQUALS) return false;
      search.performers.push(
        splitOr(f.value).map((t) => {
          const c = referenceCriterion(t, 'Organization', f.code, base);
          if (!c) errors.push({ field, message: 'must be Organization/{id} or {id}' });
          return c ?? { none: true as const };
        }),
      );
      return true;
    case 'intent': {
      if (f.operator !== Operator.EQUALS && f.operator !== Operator.NOT) return false;
      const codes = splitOr(f.value);
      const bad = codes.filter((c) => !REQUEST_INTENTS.includes(c));
      if (bad.length) errors.push({ field, message: `unknown intent ${bad.join(', ')} (request-intent: ${REQUEST_INTENTS.join(', ')})` });
      search.intents.push({ not: f.operator === Operator.NOT, codes });
      return true;
    }
    case '_lastUpdated': {
      const group: DateCriterion[] = [];
      if (!dateFilter(f, field, group, errors)) return false;
      if (group.length) search.lastUpdated.push(group);
      return true;
    }
    default:
      // A chain or a form of a declared parameter this server does not read: never silently ignored.
      return false;
  }
}

/** True when `system` is a name Radvis reads as the NCRP code system. */
export function isNcrpSystem(system: string): boolean {
  return (NCRP_SYSTEMS as readonly string[]).includes(system);
}

/** The query string of the page `at` of this search (formatSearchQuery from @medplum/core, plus _cursor, _summary, _elements), e.g. for Bundle.link. */
export function pageQuery(
  search: Pick<ServiceRequestSearch, 'used' | 'summaryCount' | 'elements'> & { summary?: ServiceRequestSearch['summary'] },
  at: PageAt,
): string {
  let q = formatSearchQuery({ ...search.used, offset: 'offset' in at ? at.offset || undefined : undefined });
  if ('cursor' in at) q += `${q ? '&' : '?'}_cursor=${at.cursor}`;
  if (search.summaryCount) q += `${q ? '&' : '?'}_summary=count`;
  else if (search.summary) q += `${q ? '&' : '?'}_summary=${search.summary}`;
  if (search.elements) q += `${q ? '&' : '?'}_elements=${search.elements.map(encodeURIComponent).join(',')}`;
  return q;
}

/** Radvis statuses for a set of FHIR request-status codes. */
export function internalStatuses(codes: string[], map: Record<string, string>): string[] {
  return Object.entries(map)
    .filter(([, fhir]) => codes.includes(fhir))
    .map(([internal]) => internal);
}
