// breakit18 (outside tester): PlanDefinition / Library search pages with _count but gives no way to
// the next page. R4 search.html#paging: when a search is paged the server SHALL give `next` links
// (and the CapabilityStatement's rest-level searchParam lists _offset and _total for every type).
// Observed on the demo: GET /fhir/PlanDefinition?_count=2 → total 15, 2 entries, link = [self] only;
// GET /fhir/PlanDefinition?_count=2&_offset=2 → 400 "_offset: unsupported search parameter";
// topics 3–15 cannot be reached by a client that pages (the same on /fhir/Library).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../directory/reference-data.ts';
import { createTestContext, type TestContext } from '../../testing/harness.ts';
import { GuidelineCatalogue } from '../catalogue.ts';

interface Bundle {
  total: number;
  entry?: { resource: { id: string } }[];
  link: { relation: string; url: string }[];
}

describe('breakit18: PlanDefinition and Library search paging', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({}, { guidelines: GuidelineCatalogue.fromContent() });
    await loadReferenceData(t.db.kysely);
  });
  afterAll(async () => t?.close());

  for (const kind of ['PlanDefinition', 'Library'] as const) {
    it(`${kind}: following next links from _count=2 reaches every topic once`, async () => {
      const all = (await t.app.inject({ method: 'GET', url: `/fhir/${kind}` })).json() as Bundle;
      expect(all.total).toBeGreaterThan(2);
      const seen: string[] = [];
      let url: string | undefined = `/fhir/${kind}?_count=2`;
      for (let i = 0; url && i < 50; i++) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
        const b = res.json() as Bundle;
        seen.push(...(b.entry ?? []).map((e) => e.resource.id));
        const next = b.link.find((l) => l.relation === 'next')?.url;
        url = next ? next.slice(next.indexOf('/fhir/')) : undefined;
      }
      expect(seen.sort()).toEqual((all.entry ?? []).map((e) => e.resource.id).sort());
    });
  }

  it('accepts _offset and _total, which the CapabilityStatement lists for every resource type (rest.searchParam)', async () => {
    const cap = (await t.app.inject({ method: 'GET', url: '/fhir/metadata' })).json() as { rest: { searchParam?: { name: string }[] }[] };
    const restLevel = (cap.rest[0].searchParam ?? []).map((p) => p.name);
    expect(restLevel).toEqual(expect.arrayContaining(['_offset', '_total']));
    expect((await t.app.inject({ method: 'GET', url: '/fhir/PlanDefinition?_count=2&_offset=2' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/fhir/PlanDefinition?_total=accurate' })).statusCode).toBe(200);
  });

  // The kind (R4 search.html#paging, #offset, #total): both directions, links keep the search, the
  // edge pages, and bad values refused as on every FHIR search.
  for (const kind of ['PlanDefinition', 'Library'] as const) {
    const get = async (url: string) => (await t.app.inject({ method: 'GET', url })).json() as Bundle;
    const rel = (b: Bundle, r: string) => {
      const u = b.link.find((l) => l.relation === r)?.url;
      return u ? u.slice(u.indexOf('/fhir/')) : undefined;
    };
    const ids = (b: Bundle) => (b.entry ?? []).map((e) => e.resource.id);

    it(`${kind}: previous links walk back to the first page; status=active is kept in every link`, async () => {
      const all = ids(await get(`/fhir/${kind}?status=active`));
      let page = await get(`/fhir/${kind}?status=active&_count=3`);
      const forward = [...ids(page)];
      for (let url = rel(page, 'next'); url; url = rel(page, 'next')) {
        expect(url).toContain('status=active');
        page = await get(url);
        forward.push(...ids(page));
      }
      expect(forward).toEqual(all);
      const backward = [...ids(page)];
      for (let url = rel(page, 'previous'); url; url = rel(page, 'previous')) {
        page = await get(url);
        backward.unshift(...ids(page));
      }
      expect(backward).toEqual(all);
    });

    it(`${kind}: _offset, _total=none, _count=0 and an offset past the end`, async () => {
      const all = ids(await get(`/fhir/${kind}`));
      expect(ids(await get(`/fhir/${kind}?_count=2&_offset=1`))).toEqual(all.slice(1, 3));
      expect((await get(`/fhir/${kind}?_total=none`)).total).toBeUndefined();
      const zero = await get(`/fhir/${kind}?_count=0`);
      expect([zero.total, ids(zero), rel(zero, 'next')]).toEqual([all.length, [], undefined]);
      const past = await get(`/fhir/${kind}?_offset=${all.length + 5}`);
      expect([ids(past), rel(past, 'next')]).toEqual([[], undefined]);
      expect(rel(past, 'previous')).toBeDefined();
    });

    it(`${kind}: a bad _offset, _count or _total is 400`, async () => {
      for (const bad of ['_offset=x', '_offset=10001', '_count=-2', '_total=some'])
        expect((await t.app.inject({ method: 'GET', url: `/fhir/${kind}?${bad}` })).statusCode, bad).toBe(400);
    });
  }
});
