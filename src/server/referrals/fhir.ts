// The referral domain's FHIR R4 operations on ServiceRequest: create (conditional on
// If-None-Exist or the resource's own identifier, so a retry never makes a second referral),
// read / vread, and search. Parsing, search parameters and the resource mapping are standards
// plumbing in interop/fhir; who may see or send what is the access gate's (access/gate.ts).
import crypto from 'node:crypto';
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Bundle, BundleEntry, Resource, ServiceRequest } from '@medplum/fhirtypes';
import {
  gated,
  logReferralSearch,
  logRefusedSearchMatches,
  MAX_REFUSED_SEARCH_LOG,
  referralCondition,
  requireActAs,
  requireReferral,
  type Who,
} from '../access/gate.ts';
import type { DB } from '../db/schema.ts';
import { ageOn, patientSystemFirstDigits } from '../directory/identifiers.ts';
import * as directory from '../directory/store.ts';
import type { PatientKey } from '../directory/store.ts';
import { advise } from '../guidelines/advise.ts';
import { Conflict, ignoredIssue, Invalid, NotFound, type FieldError } from '../http/errors.ts';
import { isNcrpSystem, parseServiceRequestSearch, internalStatuses, pageQuery, type ServiceRequestSearch } from '../interop/fhir/search.ts';
import {
  defaultPaging,
  keysetKeyFits,
  keysetSignature,
  MAX_COUNT,
  MAX_OFFSET,
  pagedQuery,
  pageNav,
  pageOf,
  pagingLinks,
  readPagingParam,
  selfAt,
} from '../interop/fhir/paging.ts';
import { includedPatients, includedPractitioners } from '../directory/fhir.ts';
import { reportsBasedOn, studiesBasedOn } from '../reporting/fhir.ts';
import { etagOf, parseServiceRequest, REFERRAL_STATUS_TO_FHIR, toServiceRequest } from '../interop/fhir/service-request.ts';
import { summarized } from '../interop/fhir/definitions.ts';
import { PreconditionFailed, Unprocessable } from './errors.ts';
import type { GuidelinePack } from '../guidelines/types.ts';
import { receiveReferral } from './receive.ts';
import * as store from './store.ts';

export interface FhirResult {
  resource: ServiceRequest & { resourceType: 'ServiceRequest'; id: string };
  version: number;
  lastUpdated: Date;
}

function result(r: store.ReferralDetail): FhirResult {
  return { resource: toServiceRequest(r) as FhirResult['resource'], version: r.version, lastUpdated: new Date(r.updated_at) };
}

/** Resolves a parsed FHIR search into store terms (patient numbers → patient ids). */
async function resolveSearch(db: Kysely<DB> | Transaction<DB>, s: ServiceRequestSearch): Promise<store.ReferralSearch> {
  const patientIds: PatientKey[][] = [];
  for (const group of s.patients) {
    const ids: PatientKey[] = [];
    for (const c of group) {
      if ('id' in c) ids.push(c.id);
      else if ('system' in c) ids.push({ firstDigits: patientSystemFirstDigits(c.system) ?? [] });
      else if ('number' in c) {
        const p = await directory.findPatientByFnr(db, c.number);
        if (p) ids.push(p.id);
      }
    }
    patientIds.push(ids);
  }
  return {
    ids: s.ids,
    identifiers: s.identifiers,
    patientIds,
    statuses: s.statuses.map((x) => ({ not: x.not, statuses: internalStatuses(x.codes, REFERRAL_STATUS_TO_FHIR) })),
    authored: s.authored,
    requesters: s.requesters.map((g) => g.filter((x): x is { id: string } | { hpr: string } => !('none' in x))),
    codes: s.codes.map((c) => ({ not: c.not, codings: c.codings.map((x) => ({ ...x, ncrp: x.system !== undefined && isNcrpSystem(x.system) })) })),
    codeTexts: s.codeTexts,
    performerIds: s.performers.map((g) => g.filter((x): x is { id: string } => 'id' in x).map((x) => x.id)),
    intents: s.intents,
    lastUpdated: s.lastUpdated,
    missing: s.missing,
    sort: s.sort,
  };
}

/**
 * POST /fhir/ServiceRequest. 201 with the new referral; 200 with the existing one when
 * If-None-Exist matches exactly one referral the caller may see, or when the resource's own
 * identifier is already a referral the caller may see (a retry). 400 structure / search
 * criteria, 412 several matches (http.html#ccreate), 409 identifier used elsewhere, 403 acting in
 * another's name, 422 business rules (unknown code, department, patient or referrer; referral rights).
 * `fhirBase` (…/fhir) lets an absolute reference in If-None-Exist name a Radvis resource.
 */
export async function createServiceRequest(
  db: Kysely<DB>,
  pack: GuidelinePack,
  who: Who,
  body: unknown,
  ifNoneExist: string | undefined,
  now = new Date(),
  fhirBase?: string,
): Promise<FhirResult & { created: boolean }> {
  const parsed = parseServiceRequest(body, now, fhirBase);
  if (!parsed.ok) {
    const msg = `Invalid ServiceRequest: ${parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`;
    throw parsed.status === 400 ? new Invalid(msg, parsed.errors) : new Unprocessable(msg, parsed.errors);
  }
  const sr = parsed.value;
  let criteria: store.ReferralSearch | undefined;
  if (ifNoneExist !== undefined) {
    // http.html#ccreate: the header holds the search parameters; some clients send them as
    // `ServiceRequest?…` or `[base]/ServiceRequest?…` (the query of a search URL): read those too.
    const criteriaText = ifNoneExist.trim().replace(/^(?:[^?]*\/)?ServiceRequest\?/, '');
    const c = parseServiceRequestSearch(criteriaText, { lenient: false, conditional: true, base: fhirBase });
    if (!c.ok)
      throw new Invalid(
        `If-None-Exist: ${c.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
        c.errors.map((e) => ({ ...e, field: `If-None-Exist.${e.field}` })),
        { reason: 'search-value-invalid' },
      );
    if (c.search.used.filters?.length === 0)
      throw new Invalid('If-None-Exist needs at least one search parameter', [{ field: 'If-None-Exist', message: 'empty', reason: 'conditional-empty' }]);
    criteria = await resolveSearch(db, c.search);
  }

  const existing = async (trx: Transaction<DB>, id: string) => {
    const r = (await store.getReferral(trx, id))!;
    await requireReferral(trx, who, r, 'read', 'fhir-conditional-create');
    return { ...result(r), created: false };
  };

  const attempt = () =>
    gated(db, async (trx) => {
      // A contained Patient's identifiers in use, and a subject.identifier beside it, name one
      // patient: numbers of two different Radvis patients are the same conflict as reference vs
      // identifier (422 below); a number Radvis does not know (say a D-number the person had, not
      // marked old) is no conflict. Checked first, so a conditional create that matches an existing
      // referral refuses the contradictory body too rather than answering 200.
      const found = new Map<string, NonNullable<directory.PatientRow>>();
      for (const number of sr.patientNumbers) {
        const p = await directory.findPatientByFnr(trx, number);
        if (p) found.set(p.id, p);
      }
      if (found.size > 1)
        throw new Unprocessable('The identifiers of the subject name different patients', [
          { field: 'ServiceRequest.subject', message: 'its identifiers name more than one patient', reason: 'subject-identifiers-conflict' },
        ]);
      if (criteria) {
        const visible = await referralCondition(trx, who, 'r');
        const ids = await store.searchReferralPage(trx, criteria, visible, { limit: 2, offset: 0 });
        if (ids.length > 1)
          throw new PreconditionFailed('If-None-Exist matches more than one referral', [
            { field: 'If-None-Exist', message: 'several matches', reason: 'conditional-multiple-matches' },
          ]);
        if (ids.length === 1) return existing(trx, ids[0]);
      }
      // Each of the resource's identifiers is unique: a retry gets the referral it made, whatever the
      // order of its identifiers or an extra one beside one the referral holds (README idempotency).
      const holders = await store.referralIdsByIdentifiers(trx, sr.identifiers);
      if (holders.length > 1)
        throw new Conflict('The identifiers belong to different existing referrals', [
          { field: 'ServiceRequest.identifier', message: 'names more than one existing referral', reason: 'identifier-conflict' },
        ]);
      const same = holders[0];
      if (same) {
        const r = (await store.getReferral(trx, same))!;
        const visible = await referralCondition(trx, who, 'r');
        const ids = await store.searchReferralPage(
          trx,
          { ids: [[same]], identifiers: [], patientIds: [], statuses: [], authored: [], requesters: [] },
          visible,
          { limit: 1, offset: 0 },
        );
        // Someone else's referral under that identifier is not shown to the caller.
        if (ids.length === 0)
          throw new Conflict('The identifier is already used by a referral the caller may not see', [
            { field: 'ServiceRequest.identifier', message: 'already used', reason: 'identifier-in-use' },
          ]);
        return existing(trx, r.id);
      }
      // Well-formed but unresolvable references are business-rule failures: 422 (http.html#create).
      if (!(await store.examCodeExists(trx, sr.examCode)))
        throw new Unprocessable(`Unknown NCRP code ${sr.examCode}`, [
          { field: 'ServiceRequest.code.coding.code', message: 'not in the exam catalogue', reason: 'exam-code-unknown' },
        ]);
      const dept = await store.receivingDepartment(trx, sr.departmentId);
      if (!dept)
        throw new Unprocessable(`Unknown receiving department ${sr.departmentId}`, [
          { field: 'ServiceRequest.performer', message: 'unknown department', reason: 'department-unknown' },
        ]);
      const patient = [...found.values()][0];
      if (!patient)
        throw new Unprocessable('No patient with that fødselsnummer / D-number', [
          { field: 'ServiceRequest.subject.identifier.value', message: 'unknown patient', reason: 'patient-unknown' },
        ]);
      const requester = await trx.selectFrom('person').select(['id', 'referrer_kind']).where('hpr_number', '=', sr.requesterHpr).executeTakeFirst();
      if (!requester)
        throw new Unprocessable('Unknown referrer HPR number', [
          { field: 'ServiceRequest.requester.identifier.value', message: 'unknown HPR number', reason: 'referrer-unknown' },
        ]);
      // R4 Reference: a literal reference and an identifier side by side name one resource; the literal
      // reference is the one FHIR prefers. When they disagree, neither is taken (422), rather than
      // storing the referral for the identifier's patient while the sender meant the reference's.
      if (sr.subjectId !== undefined && sr.subjectId !== patient.id)
        throw new Unprocessable('subject.reference and subject.identifier name different patients', [
          { field: 'ServiceRequest.subject.reference', message: 'names another patient than subject.identifier', reason: 'subject-mismatch' },
        ]);
      if (sr.requesterId !== undefined && sr.requesterId !== requester.id)
        throw new Unprocessable('requester.reference and requester.identifier name different practitioners', [
          { field: 'ServiceRequest.requester.reference', message: 'names another practitioner than requester.identifier', reason: 'requester-mismatch' },
        ]);
      // Acting in someone's name needs the right (access gate): own name, or the client's own referrers.
      const id = `ref-${crypto.randomUUID()}`;
      const { referrerOrgId } = await requireActAs(trx, who, requester.id, patient.id, id, 'fhir-create');
      const patientInput = { ageYears: ageOn(patient.birth_date, now), sex: patient.sex };
      const r = advise(
        pack,
        {
          examCode: sr.examCode,
          patient: patientInput,
          indication: sr.indication,
          referrerKind: requester.referrer_kind,
          facts: {},
          text: [sr.question, sr.note].filter(Boolean).join('. '),
        },
        { now },
      );
      // Limited referral rights hold for referrals from other systems too. Other ratings are kept with
      // the referral for the department's assessment (an external system cannot answer our questions).
      if (r.advice?.rating === 'not_allowed') {
        // The guideline's explanation is the issue's text, in the answer's language; the diagnostics stay English.
        const explanation = { nb: r.advice.explanation.nb, en: r.advice.explanation.en ?? r.advice.explanation.nb };
        throw new Unprocessable(explanation.en, [
          { field: 'ServiceRequest.code', message: explanation.en, reason: 'referral-refused-by-rule', vars: { explanation } },
        ]);
      }
      await receiveReferral(
        trx,
        {
          id,
          patientId: patient.id,
          referrerPersonId: requester.id,
          referrerOrgId,
          departmentOrgId: dept.id,
          examCode: sr.examCode,
          indication: sr.indication,
          clinicalQuestion: sr.question,
          clinicalNote: sr.note,
          urgency: sr.urgency,
          facts: r.facts,
          contraindications: {},
          advice: r.advice,
          lowValue: r.advice ? r.advice.rating === 'usually_not_appropriate' : null,
          patientAreaId: patient.area_id,
          patientAge: patientInput.ageYears,
          patientSex: patientInput.sex,
          source: 'fhir',
          identifier: sr.identifier,
          identifiers: sr.identifiers,
          fhirResource: sr.resource,
          // The client's authoredOn is kept; the receipt time (`now`) stays the deadline's start (receive.ts).
          authoredOn: sr.authoredOn,
        },
        who.kind === 'user'
          ? { userId: who.principal.userId, personId: who.principal.personId, role: 'referrer' }
          : { userId: null, personId: requester.id, role: null },
        now,
      );
      const created = (await store.getReferral(trx, id))!;
      return { ...result(created), created: true };
    });

  try {
    return await attempt();
  } catch (e) {
    // Two concurrent creates with one identifier: the unique index stops the second; answer it with the first.
    if ((e as { code?: string }).code !== '23505') throw e;
    return attempt();
  }
}

/** Mandatory elements kept by `_elements` besides those asked for (search.html#elements). */
const ALWAYS_KEPT = ['resourceType', 'id', 'meta', 'status', 'intent', 'subject'];

/** A resource cut to the `_elements` asked for, tagged SUBSETTED (search.html#elements). */
function subsetted(r: ServiceRequest, elements: string[]): ServiceRequest {
  const out = Object.fromEntries(Object.entries(r).filter(([k]) => ALWAYS_KEPT.includes(k) || elements.includes(k))) as ServiceRequest;
  out.meta = { ...r.meta, tag: [...(r.meta?.tag ?? []), { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' }] };
  return out;
}

/**
 * GET /fhir/ServiceRequest/{id}, and /_history/{vid} (vread): the current version, or an earlier
 * one Radvis kept (migration 0180 keeps each version an update replaced; versions replaced before
 * it are gone: 404). 404 unknown, 403 (logged) without a work need — decided on the current referral.
 */
export async function readServiceRequest(db: Kysely<DB>, who: Who, id: string, versionId?: string): Promise<FhirResult> {
  return gated(db, async (trx) => {
    const r = await store.getReferral(trx, id);
    if (!r) throw new NotFound(`ServiceRequest/${id} not found`, undefined, { reason: 'resource-not-found' });
    await requireReferral(trx, who, r, 'read', versionId ? 'fhir-vread' : 'fhir-read');
    if (versionId === undefined || versionId === String(r.version)) return result(r);
    const [old] = Number(versionId) < r.version ? await store.getReferralVersions(trx, id, Number(versionId)) : [];
    if (!old)
      throw new NotFound(`ServiceRequest/${id}/_history/${versionId} not found (versions kept: see ServiceRequest/${id}/_history)`, undefined, {
        reason: 'version-not-found',
      });
    return result(old);
  });
}

/**
 * GET /fhir/ServiceRequest/{id}/_history (http.html#history): a history Bundle of the versions
 * Radvis keeps, newest first — the current one and those migration 0180 kept. `_since` (an
 * instant: versions last updated at or after it) selects; the answer is paged as every search is
 * (interop/fhir/paging.ts, R4 http.html#paging): `_count` (default and at most MAX_COUNT, 100),
 * `_offset` (up to `maxOffset`), `_cursor` (from a next/previous link: the version number the page
 * was cut at, so following next from the first page reaches every version once, however many
 * there are) and `_total`; Bundle.total counts every version selected, on every page
 * (Bundle.total: "across all pages"). Any other parameter is a 400 unless `lenient` (then it is
 * reported in an OperationOutcome entry). Read through the gate as a read; one log row.
 */
export async function historyServiceRequest(
  db: Kysely<DB>,
  who: Who,
  id: string,
  query: string,
  lenient: boolean,
  fhirBase: string,
  maxOffset = MAX_OFFSET,
): Promise<Bundle> {
  const params = new URLSearchParams(query);
  const paging = defaultPaging(MAX_COUNT);
  const errors: FieldError[] = [];
  let since: Date | undefined;
  const used: [string, string][] = [];
  const ignored: string[] = [];
  for (const [k, v] of params) {
    if (readPagingParam(k, v, paging, errors, MAX_COUNT, maxOffset)) continue;
    if (k === '_since') {
      // An unescaped `+` of the offset arrives as a space.
      const text = v.replace(/ (\d{2}:\d{2})$/, '+$1');
      const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : null;
      if (!t || Number.isNaN(t.getTime()))
        throw new Invalid('_since must be an instant', [{ field: '_since', message: 'must be an instant (YYYY-MM-DDThh:mm:ss+zz:zz)' }]);
      since = t;
      used.push([k, text]);
    } else if (k === '_format') continue;
    else if (lenient) ignored.push(k);
    else throw new Invalid(`Unsupported history parameter: ${k}`, [{ field: k, message: 'supported: _count, _since, _offset, _cursor, _total' }]);
  }
  if (errors.length) throw new Invalid(`Invalid history parameters: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  return gated(db, async (trx) => {
    const r = await store.getReferral(trx, id);
    if (!r) throw new NotFound(`ServiceRequest/${id} not found`, undefined, { reason: 'resource-not-found' });
    await requireReferral(trx, who, r, 'read', 'fhir-history');
    const all = [r, ...(await store.getReferralVersions(trx, id))].filter((v) => !since || new Date(v.updated_at) >= since);
    // Versions are numbered and never change: the version number is the page cursor's key.
    const { page, nav, stale } = pageOf(all, paging, (v) => String(v.version), HISTORY_ORDER);
    if (stale)
      throw new Invalid('_cursor names no version of this history', [{ field: '_cursor', message: 'not a cursor of this history; start from the first link' }]);
    const entry: BundleEntry[] = page.map((v) => {
      const x = result(v);
      return {
        fullUrl: `${fhirBase}/ServiceRequest/${id}`,
        resource: x.resource,
        // bdl-3/bdl-4: history entries say what made each version. Version 1 is the create; later ones are changes.
        request: { method: x.version === 1 ? 'POST' : 'PUT', url: x.version === 1 ? 'ServiceRequest' : `ServiceRequest/${id}` },
        response: { status: x.version === 1 ? '201' : '200', etag: etagOf(x.version), lastModified: x.lastUpdated.toISOString() },
      } as BundleEntry;
    });
    if (ignored.length)
      entry.push({
        resource: {
          resourceType: 'OperationOutcome',
          issue: ignored.map((k) => ignoredIssue({ field: k, message: 'supported are _count, _since, _offset, _cursor and _total' })),
        },
        request: { method: 'GET', url: `ServiceRequest/${id}/_history` },
        response: { status: '200' },
      } as BundleEntry);
    const link = pagingLinks((at) => `${fhirBase}/ServiceRequest/${id}/_history${pagedQuery(used, paging, at)}`, {
      self: selfAt(paging, HISTORY_ORDER),
      count: paging.count,
      nav,
    });
    return {
      resourceType: 'Bundle',
      type: 'history',
      ...(paging.total === 'accurate' ? { total: all.length } : {}),
      link,
      ...(entry.length ? { entry } : {}),
    } as Bundle;
  });
}

/** The order a history page cursor is cut in (newest version first); a cursor of another list is refused. */
const HISTORY_ORDER = 'version:desc';

/**
 * GET /fhir/ServiceRequest?…: a searchset Bundle of the matching referrals the caller may see
 * (access gate), one page (`_count`, `_offset`), with self/first/previous/next links and an
 * exact `total` (omitted with `_total=none`). `fhirBase` is the absolute …/fhir URL.
 */
export async function searchServiceRequests(
  db: Kysely<DB>,
  who: Who,
  query: string,
  lenient: boolean,
  fhirBase: string,
  maxOffset = MAX_OFFSET,
): Promise<Bundle> {
  const parsed = parseServiceRequestSearch(query, { lenient, base: fhirBase, maxOffset });
  if (!parsed.ok)
    throw new Invalid(`Unsupported search: ${parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, parsed.errors, {
      reason: 'search-value-invalid',
    });
  const s = parsed.search;
  // Next/previous links carry a keyset cursor cut in this search's sort (paging.ts): one from
  // another sort, or whose key does not fit it, is refused rather than read as something else.
  const columns = store.referralSortColumns(s.sort);
  const signature = keysetSignature(columns);
  if (s.cursor && (s.cursor.sort !== signature || !keysetKeyFits(columns, s.cursor.key)))
    throw new Invalid('_cursor belongs to another search order', [
      { field: '_cursor', message: 'not a cursor of this search (its _sort differs); start from the first link' },
    ]);
  const criteria = await resolveSearch(db, s);
  return db.transaction().execute(async (trx) => {
    const visible = await referralCondition(trx, who, 'r');
    // _summary=count: the total only (search.html#summary).
    const rowsFound = await store.searchReferralKeyset(trx, criteria, visible, {
      limit: s.count === 0 || s.summaryCount ? 0 : s.count + 1,
      offset: s.offset,
      cursor: s.cursor,
    });
    const more = rowsFound.length > s.count;
    // Reading backwards, the extra row is the one before the page (the first in answer order).
    const onPage = more && s.cursor?.direction === 'previous' ? rowsFound.slice(1) : rowsFound.slice(0, s.count);
    const pageIds = onPage.map((r) => r.id);
    const nav = pageNav(
      s,
      signature,
      onPage.map((r) => r.key),
      more,
    );
    const total = s.total === 'accurate' || s.summaryCount ? await store.countReferrals(trx, criteria, visible) : undefined;
    const rows = (await Promise.all(pageIds.map((id) => store.getReferral(trx, id)))).filter((r): r is store.ReferralDetail => !!r);
    await logReferralSearch(trx, who, rows, 'fhir-search');
    // A search that names referrals or patients (_id, identifier, patient/subject) and matches
    // ones the caller may not see logs each of those as refused, as a read of it would.
    if (criteria.ids.length || criteria.identifiers.length || criteria.patientIds.length) {
      const hidden = await store.searchReferralPage(trx, criteria, sql<SqlBool>`NOT (${visible})`, { limit: MAX_REFUSED_SEARCH_LOG, offset: 0 });
      const refused = (await Promise.all(hidden.map((id) => store.getReferral(trx, id)))).filter((r): r is store.ReferralDetail => !!r);
      await logRefusedSearchMatches(trx, who, refused, 'fhir-search');
    }
    const links = pagingLinks((at) => `${fhirBase}/ServiceRequest${pageQuery(s, at)}`, {
      self: selfAt(s, signature),
      count: s.count,
      nav,
      countOnly: s.summaryCount,
    });
    const entry: BundleEntry[] = rows.map((r) => ({
      fullUrl: `${fhirBase}/ServiceRequest/${r.id}`,
      resource: s.elements ? subsetted(toServiceRequest(r), s.elements) : s.summary ? summarized(toServiceRequest(r), s.summary) : toServiceRequest(r),
      search: { mode: 'match' },
    }));
    // search.html#include: each included resource is read through the gate (decided and logged);
    // one the caller could not read directly is left out.
    const included: Resource[] = [];
    if (s.include.includes('patient'))
      included.push(
        ...(await includedPatients(
          trx,
          who,
          rows.map((r) => r.patient_id),
          'fhir-search-include',
        )),
      );
    if (s.include.includes('requester'))
      included.push(
        ...(await includedPractitioners(
          trx,
          who,
          rows.map((r) => ({ personId: r.referrer_person_id, patientId: r.patient_id })),
          'fhir-search-include',
        )),
      );
    if (s.revinclude.includes('DiagnosticReport')) included.push(...(await reportsBasedOn(trx, who, rows, 'fhir-search-revinclude')));
    if (s.revinclude.includes('ImagingStudy')) included.push(...(await studiesBasedOn(trx, who, rows, 'fhir-search-revinclude')));
    for (const resource of included) entry.push({ fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'include' } });
    // search.html#errors: what a lenient search ignored is reported in an OperationOutcome entry.
    if (s.ignored.length)
      entry.push({
        resource: {
          resourceType: 'OperationOutcome',
          issue: s.ignored.map(ignoredIssue),
        },
        search: { mode: 'outcome' },
      });
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(total !== undefined ? { total } : {}),
      link: links,
      // R4 json.html: an array is never empty — a Bundle without entries has no `entry`.
      ...(entry.length ? { entry } : {}),
    } as Bundle;
  });
}
