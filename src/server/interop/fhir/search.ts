// FHIR R4 search on ServiceRequest (search.html): the parameters Radvis declares in its
// CapabilityStatement, each applied; anything else is refused with 400 unless the client asks
// for `Prefer: handling=lenient`, and the self link lists exactly the parameters used.
// Query parsing (code:modifier, comparison prefixes) is @medplum/core's parseSearchRequest.
import { formatSearchQuery, Operator, parseSearchRequest, type Filter, type SearchRequest } from '@medplum/core';
import type { ServiceRequest } from '@medplum/fhirtypes';
import { HPR_OID, parsePatientIdentifier } from '../../directory/identifiers.ts';
import type { FieldError } from '../../http/errors.ts';
import { loadFhirDefinitions } from './definitions.ts';

/** The search parameters Radvis applies on ServiceRequest, with their FHIR types (CapabilityStatement). */
export const SERVICE_REQUEST_SEARCH_PARAMS = [
  { name: '_id', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id', documentation: 'Logical id; comma-separated values are OR' },
  { name: 'identifier', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/clinical-identifier', documentation: 'system|value, |value or value' },
  {
    name: 'patient',
    type: 'reference',
    definition: 'http://hl7.org/fhir/SearchParameter/clinical-patient',
    documentation: 'Patient/{id}, or :identifier with urn:oid:2.16.578.1.12.4.1.4.1 (fødselsnummer) or urn:oid:2.16.578.1.12.4.1.4.2 (D-number)',
  },
  {
    name: 'subject',
    type: 'reference',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-subject',
    documentation: 'as patient; :Patient and :identifier modifiers',
  },
  {
    name: 'status',
    type: 'token',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-status',
    documentation: 'request-status codes; :not modifier',
  },
  {
    name: 'authored',
    type: 'date',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-authored',
    documentation: 'prefixes eq, ne, gt, lt, ge, le, sa, eb',
  },
  {
    name: 'requester',
    type: 'reference',
    definition: 'http://hl7.org/fhir/SearchParameter/ServiceRequest-requester',
    documentation: 'Practitioner/{id}, or :identifier with the HPR number (urn:oid:2.16.578.1.12.4.1.4.4)',
  },
] as const;

/** Result parameters Radvis applies. `_count` is at most MAX_COUNT; `_total` accurate (default) or none. */
export const RESULT_PARAMS = ['_count', '_offset', '_total', '_format'] as const;
export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
export const MAX_OFFSET = 10_000;

const REQUEST_STATUSES = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];

export type PatientCriterion = { id: string } | { number: string } | { none: true };
export type RequesterCriterion = { id: string } | { hpr: string } | { none: true };

/** A parsed ServiceRequest search: each array is AND of its entries, each entry an OR of values. */
export interface ServiceRequestSearch {
  ids: string[][];
  identifiers: { system?: string; value: string }[][];
  patients: PatientCriterion[][];
  statuses: { not: boolean; codes: string[] }[];
  authored: { op: string; start: Date; end: Date }[];
  requesters: RequesterCriterion[][];
  count: number;
  offset: number;
  total: 'accurate' | 'none';
  /** The parameters applied, for Bundle.link self (search.html: the parameters actually used). */
  used: SearchRequest<ServiceRequest>;
}

export type SearchParse = { ok: true; search: ServiceRequestSearch } | { ok: false; errors: FieldError[] };

/** `Prefer: handling=strict|lenient` (search.html#errors). Radvis's default is strict. */
export function preferLenient(prefer: string | string[] | undefined): boolean {
  const v = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return /(^|[,;\s])handling\s*=\s*"?lenient"?/i.test(v);
}

/**
 * The FHIR date value's range [start, end) at its precision (search.html#date): 2024 → the year,
 * 2024-03 → the month, 2024-03-05 → the day, a dateTime → the second. Null when not a date.
 */
export function dateRange(value: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, tz] = m;
  const year = Number(y);
  if (mo && (Number(mo) < 1 || Number(mo) > 12)) return null;
  if (d) {
    const check = new Date(Date.UTC(year, Number(mo) - 1, Number(d)));
    if (check.getUTCDate() !== Number(d)) return null;
  }
  if (h !== undefined) {
    if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
    const start = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${tz ?? 'Z'}`);
    if (Number.isNaN(start.getTime())) return null;
    return { start, end: new Date(start.getTime() + (s !== undefined ? 1000 : 60_000)) };
  }
  if (d) return { start: new Date(Date.UTC(year, Number(mo) - 1, Number(d))), end: new Date(Date.UTC(year, Number(mo) - 1, Number(d) + 1)) };
  if (mo) return { start: new Date(Date.UTC(year, Number(mo) - 1, 1)), end: new Date(Date.UTC(year, Number(mo), 1)) };
  return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) };
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

function referenceId(value: string, type: string): string | null {
  const m = new RegExp(`^(?:.*/)?${type}/([A-Za-z0-9.-]{1,64})$`).exec(value);
  if (m) return m[1];
  if (/^[A-Za-z0-9.-]{1,64}$/.test(value)) return value;
  return null;
}

/**
 * Parses the query of `GET /fhir/ServiceRequest` (or an `If-None-Exist` header, `conditional`
 * true: no result parameters). Unknown parameters and unsupported modifiers are errors unless
 * `lenient`; values of known parameters that cannot be read are always errors (search.html#errors).
 */
export function parseServiceRequestSearch(query: string, opts: { lenient: boolean; conditional?: boolean }): SearchParse {
  loadFhirDefinitions();
  const errors: FieldError[] = [];
  const raw = query.replace(/^\?/, '');
  // URLSearchParams reads a malformed escape (%E0%A4%A) as literal text or U+FFFD, so such a
  // value would search for something nobody sent: refuse it instead (search.html#errors).
  for (const part of raw.split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      errors.push({ field: part.split('=')[0]!.slice(0, 64) || '(empty)', message: 'bad percent-encoding' });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const params = new URLSearchParams(raw);
  const known: Record<string, string[]> = {};
  const used: SearchRequest<ServiceRequest> = { resourceType: 'ServiceRequest', filters: [] };
  let count = DEFAULT_COUNT;
  let offset = 0;
  let total: 'accurate' | 'none' = 'accurate';
  const unknown = (name: string, why: string) => {
    if (!opts.lenient) errors.push({ field: name, message: why });
  };
  for (const [name, value] of params) {
    const code = name.split(':')[0];
    if (value.includes('\u0000') || name.includes('\u0000')) {
      errors.push({ field: name, message: 'must not contain NUL' });
      continue;
    }
    if ((RESULT_PARAMS as readonly string[]).includes(name)) {
      if (opts.conditional) {
        errors.push({ field: name, message: 'not allowed in If-None-Exist' });
        continue;
      }
      if (name === '_count') {
        if (!/^\d{1,6}$/.test(value)) errors.push({ field: '_count', message: 'must be a whole number from 0' });
        else count = Math.min(Number(value), MAX_COUNT);
      } else if (name === '_offset') {
        if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_OFFSET)
          errors.push({ field: '_offset', message: `must be a whole number from 0 to ${MAX_OFFSET}` });
        else offset = Number(value);
      } else if (name === '_total') {
        if (value === 'none') total = 'none';
        else if (value === 'accurate' || value === 'estimate') total = 'accurate';
        else errors.push({ field: '_total', message: 'must be none, estimate or accurate' });
      } else if (name === '_format') {
        if (!['json', 'application/json', 'application/fhir+json'].includes(value)) errors.push({ field: '_format', message: 'only json is supported' });
      }
      continue;
    }
    if (!SERVICE_REQUEST_SEARCH_PARAMS.some((p) => p.name === code)) {
      unknown(name, 'search parameter not supported by this server (see /fhir/metadata)');
      continue;
    }
    (known[name] ??= []).push(value);
  }
  const search: ServiceRequestSearch = { ids: [], identifiers: [], patients: [], statuses: [], authored: [], requesters: [], count, offset, total, used };
  let filters: Filter[] = [];
  try {
    if (Object.keys(known).length) filters = parseSearchRequest<ServiceRequest>('ServiceRequest', known).filters ?? [];
  } catch (e) {
    return { ok: false, errors: [...errors, { field: 'query', message: (e as Error).message }] };
  }
  for (const f of filters) {
    const field = f.operator === Operator.EQUALS ? f.code : `${f.code}:${f.operator}`;
    const before = errors.length;
    let applied = true;
    if (f.value === '') {
      errors.push({ field, message: 'empty value' });
      continue;
    }
    switch (f.code) {
      case '_id':
        if (f.operator !== Operator.EQUALS) applied = false;
        else search.ids.push(splitOr(f.value));
        break;
      case 'identifier':
        if (f.operator !== Operator.EQUALS) applied = false;
        else
          search.identifiers.push(
            splitOr(f.value).map((t) => {
              const i = t.indexOf('|');
              return i < 0 ? { value: t } : { system: i === 0 ? undefined : t.slice(0, i), value: t.slice(i + 1) };
            }),
          );
        break;
      case 'patient':
      case 'subject':
        if (f.operator === Operator.IDENTIFIER) {
          search.patients.push(
            splitOr(f.value).map((t) => {
              const i = t.indexOf('|');
              const r = parsePatientIdentifier(i < 0 ? undefined : t.slice(0, i), i < 0 ? t : t.slice(i + 1));
              if (!r.ok) errors.push({ field, message: r.reason });
              return r.ok ? { number: r.number } : { none: true as const };
            }),
          );
        } else if (f.operator === Operator.EQUALS) {
          search.patients.push(
            splitOr(f.value).map((t) => {
              // subject may name another resource type (Group, Device …): those are never a referral's subject here.
              if (f.code === 'subject' && /^(?:.*\/)?(?!Patient\/)[A-Z][A-Za-z]+\/[A-Za-z0-9.-]{1,64}$/.test(t)) return { none: true as const };
              const id = referenceId(t, 'Patient');
              if (!id)
                errors.push({
                  field,
                  message: t.includes('|') ? `a patient identifier is searched with ${f.code}:identifier=system|value` : 'must be Patient/{id} or {id}',
                });
              return id ? { id } : { none: true as const };
            }),
          );
        } else applied = false;
        break;
      case 'status': {
        if (f.operator !== Operator.EQUALS && f.operator !== Operator.NOT) {
          applied = false;
          break;
        }
        const codes = splitOr(f.value);
        const bad = codes.filter((c) => !REQUEST_STATUSES.includes(c));
        if (bad.length) errors.push({ field, message: `unknown status ${bad.join(', ')} (request-status: ${REQUEST_STATUSES.join(', ')})` });
        search.statuses.push({ not: f.operator === Operator.NOT, codes });
        break;
      }
      case 'authored': {
        const op = DATE_OPS[f.operator];
        if (!op) {
          applied = false;
          break;
        }
        const range = dateRange(f.value);
        if (!range) errors.push({ field, message: 'must be a FHIR date or dateTime, optionally with a prefix (eq, ne, gt, lt, ge, le, sa, eb)' });
        else search.authored.push({ op, ...range });
        break;
      }
      case 'requester':
        if (f.operator === Operator.IDENTIFIER) {
          search.requesters.push(
            splitOr(f.value).map((t) => {
              const i = t.indexOf('|');
              if (i < 0 || t.slice(0, i) !== HPR_OID || !/^\d{1,9}$/.test(t.slice(i + 1))) {
                errors.push({ field, message: `must be ${HPR_OID}|{HPR number}` });
                return { none: true as const };
              }
              return { hpr: t.slice(i + 1) };
            }),
          );
        } else if (f.operator === Operator.EQUALS) {
          search.requesters.push(
            splitOr(f.value).map((t) => {
              const id = referenceId(t, 'Practitioner');
              if (!id) errors.push({ field, message: 'must be Practitioner/{id} or {id}' });
              return id ? { id } : { none: true as const };
            }),
          );
        } else applied = false;
        break;
    }
    if (!applied) unknown(field, 'modifier or prefix not supported for this parameter (see /fhir/metadata)');
    else if (errors.length === before) used.filters!.push(f);
  }
  if (errors.length) return { ok: false, errors };
  used.count = count;
  if (offset) used.offset = offset;
  if (total === 'none') used.total = 'none';
  return { ok: true, search };
}

/** The query string of a page of this search (formatSearchQuery from @medplum/core), e.g. for Bundle.link. */
export function pageQuery(used: SearchRequest<ServiceRequest>, offset: number): string {
  return formatSearchQuery({ ...used, offset: offset || undefined });
}

/** Radvis statuses for a set of FHIR request-status codes. */
export function internalStatuses(codes: string[], map: Record<string, string>): string[] {
  return Object.entries(map)
    .filter(([, fhir]) => codes.includes(fhir))
    .map(([internal]) => internal);
}
