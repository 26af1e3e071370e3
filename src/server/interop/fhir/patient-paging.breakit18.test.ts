// breakit18 (outside tester): Patient search cuts the answer at _count without a next link, and
// refuses _offset ("_offset: search parameter not supported on Patient"), though the
// CapabilityStatement lists _count and _offset at rest level (every type). R4 search.html#paging.
// Observed on the demo: /fhir/Patient?identifier=21817200157,12927400004&_count=1 → total 2, one
// entry, link [self] only; the second patient cannot be paged to. (Same kind as PlanDefinition /
// Library: guidelines/authoring/fhir-paging.breakit18.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNR, FH, FNR, fhirGet, openFhirVariantWorld, type FhirVariantWorld, type SearchBundle } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
});
afterAll(async () => w?.t.close());

describe('breakit18: Patient search paging', () => {
  it('following next links from _count=1 reaches every matching patient', async () => {
    const all = (await fhirGet(w.t.app, `/fhir/Patient?identifier=${FNR},${DNR}`)).json() as SearchBundle;
    expect(all.total).toBe(2);
    const seen: string[] = [];
    let url: string | undefined = `/fhir/Patient?identifier=${FNR},${DNR}&_count=1`;
    for (let i = 0; url && i < 10; i++) {
      const res = await fhirGet(w.t.app, url);
      expect(res.statusCode).toBe(200);
      const b = res.json() as SearchBundle;
      seen.push(...(b.entry ?? []).map((e) => e.resource.id));
      const next = b.link.find((l) => l.relation === 'next')?.url;
      url = next ? next.slice(next.indexOf('/fhir/')) : undefined;
    }
    expect(seen.sort()).toEqual((all.entry ?? []).map((e) => e.resource.id).sort());
  });
});

// The kind (R4 search.html#paging, #count, #offset, #total; the CapabilityStatement's rest-level
// searchParam): every page reachable both ways, links keep the search, _offset and _total honoured.
describe('R4 search.html#paging: Patient search pages like ServiceRequest', () => {
  const q = `identifier=${FNR},${DNR},${FH}`;
  const get = async (url: string) => (await fhirGet(w.t.app, url)).json() as SearchBundle;
  const rel = (b: SearchBundle, r: string) => {
    const u = b.link.find((l) => l.relation === r)?.url;
    return u ? u.slice(u.indexOf('/fhir/')) : undefined;
  };
  const ids = (b: SearchBundle) => (b.entry ?? []).map((e) => e.resource.id);

  it('next then previous links walk every match exactly once in both directions, keeping the identifier', async () => {
    const all = await get(`/fhir/Patient?${q}`);
    expect(all.total).toBe(3);
    const forward: string[] = [];
    let page = await get(`/fhir/Patient?${q}&_count=1`);
    const pages = [page];
    forward.push(...ids(page));
    for (let url = rel(page, 'next'); url; url = rel(page, 'next')) {
      expect(decodeURIComponent(url)).toContain(`identifier=${FNR},${DNR},${FH}`);
      page = await get(url);
      pages.push(page);
      forward.push(...ids(page));
    }
    expect(forward).toHaveLength(3);
    expect([...forward].sort()).toEqual(ids(all).sort());
    const backward: string[] = [...ids(page)];
    for (let url = rel(page, 'previous'); url; url = rel(page, 'previous')) {
      page = await get(url);
      backward.push(...ids(page));
    }
    expect(backward.reverse()).toEqual(forward);
    expect(rel(pages[0], 'previous')).toBeUndefined();
    expect(rel(pages[2], 'next')).toBeUndefined();
    for (const p of pages) expect(rel(p, 'first')).toBeDefined();
  });

  it('_offset starts the page there; _total=none leaves the total out; _total=accurate keeps it', async () => {
    const all = ids(await get(`/fhir/Patient?${q}`));
    expect(ids(await get(`/fhir/Patient?${q}&_count=2&_offset=1`))).toEqual(all.slice(1, 3));
    expect((await get(`/fhir/Patient?${q}&_total=none`)).total).toBeUndefined();
    expect((await get(`/fhir/Patient?${q}&_total=accurate`)).total).toBe(3);
    expect(ids(await get(`/fhir/Patient?${q}&_offset=5`))).toEqual([]);
  });

  it('a bad _offset, _count or _total is 400 with an OperationOutcome', async () => {
    for (const bad of ['_offset=-1', '_offset=x', '_offset=10001', '_count=x', '_total=some']) {
      const res = await fhirGet(w.t.app, `/fhir/Patient?${q}&${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect((res.json() as { resourceType: string }).resourceType).toBe('OperationOutcome');
    }
  });
});
