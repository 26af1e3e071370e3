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
});
