// The directory's FHIR R4 reads: Patient and Practitioner by id, and the same resources as
// `_include`d by a search. Every one goes through the access gate (requirePatient /
// requirePractitioner) and is logged, allowed or refused: an include never shows a caller a
// resource they could not read directly.
import type { Kysely, Transaction } from 'kysely';
import type { Bundle, BundleEntry, Patient, Practitioner, Resource } from '@medplum/fhirtypes';
import { AccessRefused, gated, requirePatient, requirePatientLookup, requirePractitioner, type Who } from '../access/gate.ts';
import type { DB } from '../db/schema.ts';
import { ignoredIssue, Invalid, NotFound, type FieldError } from '../http/errors.ts';
import { HPR_OID, isHprSystem, parsePatientIdentifier, parsePatientNumber, validateHpr } from './identifiers.ts';
import { toPatient, toPractitioner } from '../interop/fhir/patient.ts';
import * as store from './store.ts';
import { defaultPaging, MAX_COUNT, MAX_OFFSET, pagedQuery, pageOf, pagingLinks, readPagingParam, selfAt } from '../interop/fhir/paging.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** GET /fhir/Patient/{id}: 404 unknown, 403 (logged) without a work need. */
export async function readFhirPatient(db: Kysely<DB>, who: Who, id: string): Promise<Patient> {
  return gated(db, async (trx) => {
    const p = await store.findPatientById(trx, id);
    if (!p) throw new NotFound(`Patient/${id} not found`, undefined, { reason: 'resource-not-found' });
    await requirePatient(trx, who, id, 'read', 'fhir-patient-read');
    return toPatient(p);
  });
}

/** GET /fhir/Practitioner/{id}: 404 unknown, 403 (logged) when the caller may not read the person. */
export async function readFhirPractitioner(db: Kysely<DB>, who: Who, id: string): Promise<Practitioner> {
  return gated(db, async (trx) => {
    const p = await store.findPersonById(trx, id);
    if (!p) throw new NotFound(`Practitioner/${id} not found`, undefined, { reason: 'resource-not-found' });
    await requirePractitioner(trx, who, id, 'fhir-practitioner-read');
    return toPractitioner(p);
  });
}

/** Runs a gate check that logs and throws on refusal; true when allowed (the refusal's log row stays). */
async function allowed(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (e) {
    if (e instanceof AccessRefused) return false;
    throw e;
  }
}

/**
 * The Patients a search `_include`s, each decided and logged by the gate as a read in `context`
 * (in the caller's transaction); patients the caller may not read are left out (and their refusal logged).
 */
export async function includedPatients(db: Q, who: Who, patientIds: string[], context: string): Promise<Patient[]> {
  const out: Patient[] = [];
  for (const id of [...new Set(patientIds)]) {
    const p = await store.findPatientById(db, id);
    if (p && (await allowed(() => requirePatient(db, who, id, 'read', context)))) out.push(toPatient(p));
  }
  return out;
}

/**
 * The Practitioners a search `_include`s (`refs`: the requester and the patient of the referral
 * that named them, for the log), each decided and logged by the gate; the others are left out.
 */
export async function includedPractitioners(db: Q, who: Who, refs: { personId: string; patientId: string }[], context: string): Promise<Practitioner[]> {
  const out: Practitioner[] = [];
  const seen = new Set<string>();
  for (const r of refs) {
    if (seen.has(r.personId)) continue;
    seen.add(r.personId);
    const p = await store.findPersonById(db, r.personId);
    if (p && (await allowed(() => requirePractitioner(db, who, r.personId, context, r.patientId)))) out.push(toPractitioner(p));
  }
  return out;
}

/** Most comma-separated values one `_id` or `identifier` parameter of a directory search may list (more → 400). */
export const MAX_SEARCH_VALUES = 1000;

/**
 * GET /fhir/Patient?… and /fhir/Practitioner?…: a searchset Bundle (one page: _count ≤ 100,
 * _offset, with self/first/previous/next links; total unless _total=none) of the resources named by
 * `identifier` and/or `_id` (at least one is required: Radvis lists no directory) that the caller
 * may read; every candidate (however many match) goes through the gate (requirePatient /
 * requirePractitioner; for a user's Patient search by one exact number, requirePatientLookup — the
 * rule of /api/patients?fnr=) and is logged, allowed or refused, so a search never shows what a read would
 * refuse and `total` counts exactly the readable matches. More than MAX_SEARCH_VALUES values in one
 * parameter → 400. Other parameters → 400, or ignored and reported under `lenient`.
 */
export async function searchDirectory(
  db: Kysely<DB>,
  who: Who,
  type: 'Patient' | 'Practitioner',
  query: string,
  lenient: boolean,
  fhirBase: string,
  maxOffset = MAX_OFFSET,
): Promise<Bundle> {
  const errors: FieldError[] = [];
  const ignored: FieldError[] = [];
  let params: URLSearchParams;
  try {
    for (const part of query.split('&')) decodeURIComponent(part.replace(/\+/g, ' '));
    params = new URLSearchParams(query);
  } catch {
    throw new Invalid('bad percent-encoding in the query', [{ field: 'query', message: 'bad percent-encoding' }]);
  }
  const ids: string[][] = [];
  const numbers: string[][] = [];
  const used: [string, string][] = [];
  // _count, _offset, _total as every FHIR search reads them (interop/fhir/paging.ts).
  const paging = defaultPaging();
  for (const [name, value] of params) {
    if (value.includes('\u0000') || name.includes('\u0000')) errors.push({ field: name, message: 'must not contain NUL' });
    else if (readPagingParam(name, value, paging, errors, MAX_COUNT, maxOffset)) continue;
    else if (name === '_format' || name === '_pretty') continue;
    else if (name === '_id') {
      const v = value.split(',');
      if (v.some((x) => !/^[A-Za-z0-9.-]{1,64}$/.test(x))) errors.push({ field: name, message: 'must be ids' });
      ids.push(v);
      used.push([name, value]);
    } else if (name === 'identifier') {
      const group: string[] = [];
      for (const t of value.split(',')) {
        const i = t.indexOf('|');
        if (i === 0) continue; // |value: no system; Radvis's identifiers always have one.
        const system = i < 0 ? undefined : t.slice(0, i);
        const v = i < 0 ? t : t.slice(i + 1);
        if (type === 'Patient') {
          const r = system === undefined ? parsePatientNumber(v) : parsePatientIdentifier(system, v);
          if (r.ok) group.push(r.number);
          else errors.push({ field: name, message: r.reason });
        } else if ((system === undefined || isHprSystem(system)) && validateHpr(v).ok) group.push(v);
        else errors.push({ field: name, message: `must be ${HPR_OID}|{HPR number}` });
      }
      numbers.push(group);
      used.push([name, value]);
    } else
      (lenient ? ignored : errors).push({
        field: name,
        message: `search parameter not supported on ${type} (see /fhir/metadata)`,
        reason: 'search-parameter-unsupported',
      });
  }
  if (!errors.length && ids.length === 0 && numbers.length === 0) errors.push({ field: 'identifier', message: `${type} search needs identifier or _id` });
  // Every candidate is decided (and logged) by the gate, so the work grows with the names a search
  // lists; a list longer than any record system sends is refused rather than cut (a cut list would
  // make total and paging wrong).
  for (const [field, groups] of [
    ['_id', ids],
    ['identifier', numbers],
  ] as const)
    if (groups.some((g) => g.length > MAX_SEARCH_VALUES)) errors.push({ field, message: `at most ${MAX_SEARCH_VALUES} comma-separated values` });
  if (errors.length)
    throw new Invalid(`Unsupported search: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors, { reason: 'search-value-invalid' });
  // One exact patient number (identifier=system|number or =number, one value, nothing else naming
  // patients) by a user is the access gate's exact-identifier lookup — the rule /api/patients?fnr=
  // uses, with the same answer and the same log row; any other Patient search reads by the read rule.
  const exactLookup = type === 'Patient' && who.kind === 'user' && ids.length === 0 && numbers.length === 1 && numbers[0]!.length === 1;
  return gated(db, async (trx) => {
    const candidates = await store.directoryCandidates(trx, type, ids, numbers);
    const found: Resource[] = [];
    for (const id of candidates) {
      if (type === 'Patient') {
        const p = await store.findPatientById(trx, id);
        const check = exactLookup ? () => requirePatientLookup(trx, who, id) : () => requirePatient(trx, who, id, 'read', 'fhir-patient-search');
        if (p && (await allowed(check))) found.push(toPatient(p));
      } else {
        const p = await store.findPersonById(trx, id);
        if (p && (await allowed(() => requirePractitioner(trx, who, id, 'fhir-practitioner-search')))) found.push(toPractitioner(p));
      }
    }
    // Every match is decided (and logged) above; the page is cut from the ones the caller may read.
    const { page, nav, stale } = pageOf(found, paging, (r) => r.id!, 'id');
    if (stale)
      throw new Invalid('_cursor names no result of this search', [
        { field: '_cursor', message: 'its place in the results is gone; start from the first link' },
      ]);
    const entry: BundleEntry[] = page.map((resource) => ({ fullUrl: `${fhirBase}/${type}/${resource.id}`, resource, search: { mode: 'match' } }));
    if (ignored.length)
      entry.push({
        resource: {
          resourceType: 'OperationOutcome',
          issue: ignored.map(ignoredIssue),
        },
        search: { mode: 'outcome' },
      });
    const link = pagingLinks((at) => `${fhirBase}/${type}${pagedQuery(used, paging, at)}`, { self: selfAt(paging, 'id'), count: paging.count, nav });
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(paging.total === 'accurate' ? { total: found.length } : {}),
      link,
      ...(entry.length ? { entry } : {}),
    } as Bundle;
  });
}
