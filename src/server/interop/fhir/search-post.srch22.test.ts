// srch22: every type the CapabilityStatement declares with search-type answers POST [type]/_search
// (form body) exactly as GET [type]?params (R4 http.html#search: "Servers SHALL support both";
// URL and body parameters combine as AND), through the real app (testing/fhir-variants.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPT, FNR, fhirGet, GP_HPR, openFhirVariantWorld, READ, type FhirVariantWorld } from '../../testing/fhir-variants.ts';
import { capabilityStatement } from './capability.ts';
import { declaredUrlMethods } from './routes.ts';

let w: FhirVariantWorld;
const REPORT = 'rep-srch22';
beforeAll(async () => {
  w = await openFhirVariantWorld();
  const db = w.t.db.kysely;
  // One published report on referral f1, so DiagnosticReport search has a match.
  const author = (await db.selectFrom('person').select('id').limit(1).executeTakeFirstOrThrow()).id;
  await db
    .insertInto('exam')
    .values({
      id: 'exam-srch22',
      referral_id: w.made.f1,
      exam_code: 'SNG0AG',
      modality_id: null,
      performing_org_id: DEPT,
      patient_area_id: null,
      performed_at: new Date(Date.UTC(2026, 10, 1, 8)),
      reported_at: null,
    })
    .execute();
  await db
    .insertInto('report')
    .values({
      id: REPORT,
      exam_id: 'exam-srch22',
      template_id: 'general',
      sections: JSON.stringify({ findings: 'Funn.', conclusion: 'Konklusjon.' }),
      status: 'final',
      author_person_id: author,
      author_role: 'radiologist',
      final_at: new Date(Date.UTC(2026, 10, 1, 12)),
    })
    .execute();
}, 120_000);
afterAll(() => w.t.close());

/** The types the statement declares with search-type (what must answer POST _search). */
const searchable = (capabilityStatement('', '2026-01-01').rest?.[0]?.resource ?? [])
  .filter((r) => (r.interaction ?? []).some((i) => i.code === 'search-type'))
  .map((r) => r.type);

/** Per searchable type: a search with matches, split into a URL part and a body part (AND). */
const SAMPLES: Record<string, () => { url: string; body: string }> = {
  ServiceRequest: () => ({ url: 'status=active', body: new URLSearchParams({ _id: `${w.made.f1},${w.made.f2},${w.made.d1}` }).toString() }),
  Patient: () => ({ url: '_count=5', body: new URLSearchParams({ identifier: `urn:oid:2.16.578.1.12.4.1.4.1|${FNR}` }).toString() }),
  Practitioner: () => ({ url: '_count=5', body: new URLSearchParams({ identifier: `urn:oid:2.16.578.1.12.4.1.4.4|${GP_HPR}` }).toString() }),
  DiagnosticReport: () => ({ url: 'status=final', body: new URLSearchParams({ 'based-on': `ServiceRequest/${w.made.f1}` }).toString() }),
  PlanDefinition: () => ({ url: 'status=active', body: '_count=3' }),
  Library: () => ({ url: 'status=active', body: '_count=3' }),
};

type Bundle = { resourceType: string; type: string; total?: number; entry?: { fullUrl: string; resource: { id: string } }[] };
const form = { ...READ, 'content-type': 'application/x-www-form-urlencoded' };
const post = (url: string, payload: string, headers: Record<string, string> = form) => w.t.app.inject({ method: 'POST', url, headers, payload });
const shape = (b: Bundle) => ({ type: b.type, total: b.total, entries: (b.entry ?? []).map((e) => e.fullUrl) });

describe('POST [type]/_search for every type declared with search-type (R4 http.html#search)', () => {
  it('covers every searchable type the CapabilityStatement declares, and the 405 list allows POST on exactly their _search', () => {
    expect(searchable.sort()).toEqual(Object.keys(SAMPLES).sort());
    const rules = new Map(declaredUrlMethods().map((r) => [r.url, r.allow]));
    for (const type of searchable) expect({ type, allow: rules.get(`/fhir/${type}/_search`) }).toEqual({ type, allow: ['POST'] });
    for (const type of ['ImagingStudy', 'Observation']) expect({ type, allow: rules.get(`/fhir/${type}/_search`) }).toEqual({ type, allow: [] });
  });

  it.each(Object.keys(SAMPLES))(
    '%s: GET ?params and POST _search (all in the body, or split URL + body) give the same Bundle entries and total',
    async (type) => {
      const { url, body } = SAMPLES[type]();
      const get = await fhirGet(w.t.app, `/fhir/${type}?${url}&${body}`);
      expect(get.statusCode, get.body.slice(0, 300)).toBe(200);
      const want = shape(get.json<Bundle>());
      expect(want.entries.length, `${type} sample should match something`).toBeGreaterThan(0);
      const allInBody = await post(`/fhir/${type}/_search`, `${url}&${body}`);
      expect(allInBody.statusCode, allInBody.body.slice(0, 300)).toBe(200);
      expect(allInBody.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(shape(allInBody.json<Bundle>())).toEqual(want);
      const split = await post(`/fhir/${type}/_search?${url}`, body);
      expect(split.statusCode, split.body.slice(0, 300)).toBe(200);
      expect(shape(split.json<Bundle>())).toEqual(want);
      // No body at all: the URL's parameters alone, answered as GET with them (for Patient and
      // Practitioner that is a 400: their search needs identifier or _id).
      const urlOnly = await w.t.app.inject({ method: 'POST', url: `/fhir/${type}/_search?${url}`, headers: READ });
      const getUrlOnly = await fhirGet(w.t.app, `/fhir/${type}?${url}`);
      expect(urlOnly.statusCode).toBe(getUrlOnly.statusCode);
      if (getUrlOnly.statusCode === 200) expect(shape(urlOnly.json<Bundle>())).toEqual(shape(getUrlOnly.json<Bundle>()));
      else expect(urlOnly.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    },
  );

  it('URL and body parameters combine as AND (ServiceRequest: status=active in the URL drops the revoked referral the body names)', async () => {
    const ids = `${w.made.f1},${w.made.f2}`;
    const bodyOnly = (await post('/fhir/ServiceRequest/_search', `_id=${ids}`)).json<Bundle>();
    expect((bodyOnly.entry ?? []).map((e) => e.resource.id).sort()).toEqual([w.made.f1, w.made.f2].sort());
    const both = (await post('/fhir/ServiceRequest/_search?status=active', `_id=${ids}`)).json<Bundle>();
    expect({ total: both.total, ids: (both.entry ?? []).map((e) => e.resource.id) }).toEqual({ total: 1, ids: [w.made.f1] });
  });

  it.each(Object.keys(SAMPLES))('%s: a JSON body is 415, an unknown parameter 400 as in GET, both OperationOutcome', async (type) => {
    const json = await post(`/fhir/${type}/_search`, JSON.stringify({ _id: 'x' }), { ...READ, 'content-type': 'application/fhir+json' });
    expect({ status: json.statusCode, rt: json.json<{ resourceType: string }>().resourceType }).toEqual({ status: 415, rt: 'OperationOutcome' });
    const text = await post(`/fhir/${type}/_search`, '_id=x', { ...READ, 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    const getBad = await fhirGet(w.t.app, `/fhir/${type}?bogus-param=1`);
    const postBad = await post(`/fhir/${type}/_search`, 'bogus-param=1');
    expect({ get: getBad.statusCode, post: postBad.statusCode }).toEqual({ get: 400, post: 400 });
    expect(postBad.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    // Prefer: handling=lenient ignores it by POST as by GET (with the sample's own parameters, since
    // Patient and Practitioner need identifier or _id).
    const { url, body } = SAMPLES[type]();
    const lenientGet = await fhirGet(w.t.app, `/fhir/${type}?${url}&${body}&bogus-param=1`, { prefer: 'handling=lenient' });
    const lenient = await post(`/fhir/${type}/_search?${url}`, `${body}&bogus-param=1`, { ...form, prefer: 'handling=lenient' });
    expect({ get: lenientGet.statusCode, post: lenient.statusCode }).toEqual({ get: 200, post: 200 });
    expect(shape(lenient.json<Bundle>())).toEqual(shape(lenientGet.json<Bundle>()));
  });

  it.each(Object.keys(SAMPLES))(
    '%s: _format and _pretty in the form body count as in the URL (406 for XML, 400 for a bad _pretty, _pretty=true indents)',
    async (type) => {
      const { url, body } = SAMPLES[type]();
      const xml = await post(`/fhir/${type}/_search?${url}`, `${body}&_format=xml`);
      expect({ status: xml.statusCode, rt: xml.json<{ resourceType: string }>().resourceType }).toEqual({ status: 406, rt: 'OperationOutcome' });
      const badPretty = await post(`/fhir/${type}/_search?${url}`, `${body}&_pretty=yes`);
      expect(badPretty.statusCode).toBe(400);
      // Given once in the URL and once in the body: repeated, as in a GET.
      const twice = await post(`/fhir/${type}/_search?${url}&_pretty=true`, `${body}&_pretty=false`);
      expect(twice.statusCode).toBe(400);
      const pretty = await post(`/fhir/${type}/_search?${url}`, `${body}&_pretty=true&_format=json`);
      expect(pretty.statusCode, pretty.body.slice(0, 300)).toBe(200);
      expect(pretty.body).toContain('\n  "resourceType"');
      const plain = await post(`/fhir/${type}/_search?${url}`, body);
      expect(plain.body).not.toContain('\n');
    },
  );

  it('other methods on [type]/_search are 405 with Allow: POST; a type without search refuses _search altogether', async () => {
    const get = await fhirGet(w.t.app, '/fhir/Patient/_search');
    expect({ status: get.statusCode, allow: get.headers.allow }).toEqual({ status: 405, allow: 'POST' });
    const img = await post('/fhir/ImagingStudy/_search', '_id=x');
    expect({ status: img.statusCode, allow: img.headers.allow }).toEqual({ status: 405, allow: '' });
    // The form parser is the _search routes' own: a form body to create is still 415.
    const create = await post('/fhir/ServiceRequest', 'resourceType=ServiceRequest');
    expect(create.statusCode).toBe(415);
  });
});
