// Outside tester (breakit22, issue 7): the FHIR R4 API as a record-system integrator uses it,
// through the real app on its test database (testing/fhir-variants.ts). Each test names one bug
// (expected vs actual in comments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirGet, fhirPost, openFhirVariantWorld, variantReferral, WRITE, type FhirVariantWorld } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
}, 120_000);
afterAll(() => w.t.close());

type HistoryBundle = {
  type: string;
  total?: number;
  link: { relation: string; url: string }[];
  entry?: { resource: { meta: { versionId: string } } }[];
};

describe('history paging: _count on GET [type]/[id]/_history (R4 http.html#history, #paging; Bundle.total)', () => {
  // R4 http.html#history: "_count: The maximum number of search results on a page. The server is
  // not bound to return the number requested, but cannot return more"; the history Bundle is paged
  // like a search (http.html#paging: "the server … provides links … 'next' … to the next page").
  // R4 Bundle.total: "the total number of entries of type 'match' across all pages".
  // A record system reconciling a referral's changes asks for one version a page and follows next.
  // Expected: with 3 versions and _count=1, total 3, one entry, and a next link; following next
  // links yields versions 3, 2, 1 once each.
  // Actual: total 3, one entry (version 3), and only a self link — versions 2 and 1 cannot be
  // reached (fhir.ts historyServiceRequest slices to _count and writes no next link). The same cut
  // happens without _count past 100 versions (MAX_HISTORY).
  it('_count=1 on a referral with 3 versions: next links reach every version once', async () => {
    const created = await fhirPost(w.t.app, variantReferral('b22-hist-1'));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    // Two changes by the department (as assessment and booking make them): versions 2 and 3.
    for (const status of ['accepted', 'scheduled'] as const) await w.t.db.kysely.updateTable('referral').set({ status }).where('id', '=', id).execute();
    let url: string | undefined = `/fhir/ServiceRequest/${id}/_history?_count=1`;
    const seen: string[] = [];
    let total = -1;
    for (let pages = 0; url && pages < 10; pages++) {
      const res = await fhirGet(w.t.app, url);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const b = res.json<HistoryBundle>();
      expect(b.type).toBe('history');
      if (total < 0) total = b.total ?? -1;
      expect(b.entry ?? []).toHaveLength(Math.min(1, 3 - seen.length));
      seen.push(...(b.entry ?? []).map((e) => e.resource.meta.versionId));
      const next = b.link.find((l) => l.relation === 'next')?.url;
      url = next?.replace(/^https?:\/\/[^/]+/, '');
    }
    expect(total).toBe(3);
    expect(seen).toEqual(['3', '2', '1']);
  });
});

type Capability = { rest: { resource: { type: string; interaction?: { code: string }[] }[] }[] };

/** Each interaction /fhir/metadata does not declare on a type it declares: [method, url]. */
async function undeclared(): Promise<[string, string][]> {
  const meta = await fhirGet(w.t.app, '/fhir/metadata');
  expect(meta.statusCode).toBe(200);
  const types = meta.json<Capability>().rest[0]!.resource;
  expect(types.length).toBeGreaterThan(0);
  const out: [string, string][] = [];
  for (const r of types) {
    const has = new Set((r.interaction ?? []).map((i) => i.code));
    if (!has.has('create')) out.push(['POST', `/fhir/${r.type}`]);
    if (!has.has('update')) out.push(['PUT', `/fhir/${r.type}/b22-x`]);
    if (!has.has('patch')) out.push(['PATCH', `/fhir/${r.type}/b22-x`]);
    if (!has.has('delete')) out.push(['DELETE', `/fhir/${r.type}/b22-x`]);
  }
  return out;
}

/** Sends each request; returns those not answered 405 with an Allow header and an OperationOutcome. */
async function not405(reqs: { method: string; url: string; contentType?: string; payload?: string }[]) {
  const wrong: unknown[] = [];
  for (const q of reqs) {
    const res = await w.t.app.inject({
      method: q.method as 'POST',
      url: q.url,
      headers: { authorization: WRITE.authorization, ...(q.contentType ? { 'content-type': q.contentType } : {}) },
      ...(q.payload !== undefined ? { payload: q.payload } : {}),
    });
    const outcome = res.headers['content-type']?.toString().includes('json') ? (res.json<{ resourceType?: string }>().resourceType ?? null) : null;
    if (res.statusCode !== 405 || res.headers.allow === undefined || outcome !== 'OperationOutcome')
      wrong.push({ method: q.method, url: q.url, contentType: q.contentType ?? null, status: res.statusCode, allow: res.headers.allow ?? null });
  }
  return wrong;
}

describe('interactions the CapabilityStatement does not declare, on the types it declares (R4 http.html, capabilitystatement.html)', () => {
  // R4 http.html#delete: "If the server refuses to delete resources of that type on principle, then
  // it should return the status code 405 method not allowed." R4 http.html (status codes): 404 is
  // "Resource type not supported, or not a FHIR end-point"; a type /fhir/metadata lists is supported.
  // Radvis's own rule (variants.test.ts, interop15): "interactions a supported type does not have are
  // 405 with Allow (…), not 404 or 400". A record system tells "this server does not do that here"
  // (405, stop) from "no such resource type" (404) by the status.
  // Expected: for every type /fhir/metadata lists, POST [type] without 'create' and PUT / PATCH /
  // DELETE [type]/[id] without 'update' / 'patch' / 'delete' answer 405 with Allow and an
  // OperationOutcome.
  // Actual: DiagnosticReport, Library and PlanDefinition (declared: read, search-type) answer POST,
  // PUT, PATCH and DELETE with 404 "No route for POST /fhir/DiagnosticReport", ImagingStudy PUT,
  // PATCH and DELETE likewise (ServiceRequest, Patient, Practitioner and Observation answer 405 with
  // Allow as they should).
  it('POST [type] and PUT/PATCH/DELETE [type]/[id] not declared → 405 with Allow on every declared type (fhir+json body)', async () => {
    const reqs = (await undeclared()).map(([method, url]) =>
      method === 'DELETE' ? { method, url } : { method, url, contentType: 'application/fhir+json', payload: '{"resourceType":"Basic","code":{"text":"x"}}' },
    );
    expect(await not405(reqs)).toEqual([]);
  });

  // The same interactions with the bodies real clients send them with: PATCH as JSON Patch
  // (application/json-patch+json, RFC 6902 — the first patch format R4 http.html#patch names; how a
  // record system would set ServiceRequest.status=revoked to withdraw a referral), a create or update
  // in XML (R4's other format), and a DELETE from an SDK that sets Content-Type: application/fhir+json
  // on every call with no body.
  // Expected: 405 with Allow, as without a body: the interaction is not supported whatever it carries
  // (the body of an interaction the server does not offer is never read).
  // Actual: the body is judged first — JSON Patch and XML → 415 "Content-Type: UTF-8 JSON
  // (application/fhir+json …)", which tells the client to resend it as JSON (and then gets 405);
  // DELETE with Content-Type and no body → 400 "Body is not valid JSON" (without it: 405).
  it('the same with a JSON Patch, XML or empty body → 405 with Allow, not 415 or 400', async () => {
    const reqs = (await undeclared()).flatMap(([method, url]) =>
      method === 'DELETE'
        ? [{ method, url, contentType: 'application/fhir+json', payload: '' }]
        : [
            { method, url, contentType: 'application/json-patch+json', payload: '[{"op":"replace","path":"/status","value":"revoked"}]' },
            { method, url, contentType: 'application/fhir+xml', payload: '<Basic xmlns="http://hl7.org/fhir"/>' },
          ],
    );
    expect(await not405(reqs)).toEqual([]);
  });
});
