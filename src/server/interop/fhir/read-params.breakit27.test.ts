// breakit27: `_summary` and `_elements` on the read interactions (read, vread, metadata). R4
// http.html defines `_format`, `_pretty`, `_summary` and `_elements` for every interaction, and
// Radvis applies `_pretty` everywhere and `_summary`/`_elements` on search; on a read they were
// silently ignored (the whole resource came back, untagged), the same kind as interop case 01
// (a parameter Radvis does not apply must not be ignored without a word). A value Radvis cannot
// apply to one resource (`_summary=count`, an unknown mode, a bad element name) → 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirGet, openFhirVariantWorld, type FhirVariantWorld } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
}, 10 * 60_000);
afterAll(() => w.t.close());

type Res = Record<string, unknown> & { meta?: { tag?: { code?: string }[]; versionId?: string } };
const subsetted = (r: Res) => (r.meta?.tag ?? []).some((t) => t.code === 'SUBSETTED');

describe('_summary and _elements on read (R4 http.html, search.html#summary/#elements)', () => {
  it('ServiceRequest read with _elements: the named elements and the mandatory ones, tagged SUBSETTED', async () => {
    const res = await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}?_elements=code`);
    expect(res.statusCode).toBe(200);
    const r = res.json<Res>();
    expect(r).toMatchObject({ resourceType: 'ServiceRequest', id: w.made.f1, status: 'active', intent: 'order' });
    expect(r.code).toBeDefined();
    expect(r.subject).toBeDefined();
    expect(r.note).toBeUndefined();
    expect(r.reasonCode).toBeUndefined();
    expect(subsetted(r)).toBe(true);
    expect(res.headers.etag).toBe('W/"1"');
  });

  it('ServiceRequest read with _summary=true: the R4 summary elements only (note and text are not), tagged SUBSETTED', async () => {
    const r = (await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}?_summary=true`)).json<Res>();
    expect(r.status).toBe('active');
    expect(r.code).toBeDefined();
    expect(r.note).toBeUndefined();
    expect(r.text).toBeUndefined();
    expect(subsetted(r)).toBe(true);
  });

  it('_summary=data leaves out the narrative; _summary=false is the whole resource, untagged', async () => {
    const data = (await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}?_summary=data`)).json<Res>();
    expect(data.text).toBeUndefined();
    expect(data.note).toBeDefined();
    expect(subsetted(data)).toBe(true);
    const whole = (await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}?_summary=false`)).json<Res>();
    expect(whole.note).toBeDefined();
    expect(subsetted(whole)).toBe(false);
  });

  it('vread applies them too', async () => {
    const r = (await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}/_history/1?_elements=status`)).json<Res>();
    expect(r.status).toBe('active');
    expect(r.code).toBeUndefined();
    expect(subsetted(r)).toBe(true);
  });

  it('Patient read with _elements=gender leaves out the name', async () => {
    const r = (await fhirGet(w.t.app, '/fhir/Patient/pat-fnr?_elements=gender')).json<Res>();
    expect(r).toMatchObject({ resourceType: 'Patient', id: 'pat-fnr', gender: 'female' });
    expect(r.name).toBeUndefined();
    expect(r.identifier).toBeUndefined();
    expect(subsetted(r)).toBe(true);
  });

  it('metadata with _elements keeps the mandatory elements and the named one', async () => {
    const r = (await fhirGet(w.t.app, '/fhir/metadata?_elements=software')).json<Res>();
    expect(r).toMatchObject({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' });
    expect(r.software).toBeDefined();
    expect(r.rest).toBeUndefined();
    expect(subsetted(r)).toBe(true);
  });

  it.each([
    ['_summary=count', '_summary'],
    ['_summary=bogus', '_summary'],
    ['_elements=status;code', '_elements'],
    ['_summary=true&_elements=status', '_elements'],
  ])('a read with %s → 400 OperationOutcome naming %s, not the whole resource', async (q, field) => {
    const res = await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}?${q}`);
    expect(res.statusCode).toBe(400);
    const oo = res.json<{ resourceType: string; issue: { expression?: string[]; diagnostics?: string }[] }>();
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(oo.issue)).toContain(field);
  });
});

// breakit27: a FHIR URL with a trailing slash (clients that join base and type with '/') was
// answered 400 "id: must match pattern" for `/fhir/ServiceRequest/` and 404 for `…/{id}/`; it is
// served as the URL without it, as the CDS Hooks URLs already are.
describe('FHIR URLs with a trailing slash', () => {
  it.each([
    ['/fhir/ServiceRequest/?status=active', 'Bundle'],
    ['/fhir/ServiceRequest/', 'Bundle'],
    ['/fhir/metadata/', 'CapabilityStatement'],
    ['/fhir/Patient/pat-fnr/', 'Patient'],
  ])('%s → 200 %s', async (url, type) => {
    const res = await fhirGet(w.t.app, url);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ resourceType: string }>().resourceType).toBe(type);
  });

  it('a read and its _history with a trailing slash answer as without it', async () => {
    const read = await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}/`);
    expect(read.statusCode).toBe(200);
    expect(read.json<{ id: string }>().id).toBe(w.made.f1);
    const hist = await fhirGet(w.t.app, `/fhir/ServiceRequest/${w.made.f1}/_history/`);
    expect(hist.statusCode).toBe(200);
    expect(hist.json<{ resourceType: string; type: string }>()).toMatchObject({ resourceType: 'Bundle', type: 'history' });
  });
});
