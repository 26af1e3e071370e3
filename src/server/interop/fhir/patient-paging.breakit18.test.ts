// breakit18 (outside tester): Patient search cuts the answer at _count without a next link, and
// refuses _offset ("_offset: search parameter not supported on Patient"), though the
// CapabilityStatement lists _count and _offset at rest level (every type). R4 search.html#paging.
// Observed on the demo: /fhir/Patient?identifier=21817200157,12927400004&_count=1 → total 2, one
// entry, link [self] only; the second patient cannot be paged to. (Same kind as PlanDefinition /
// Library: guidelines/authoring/fhir-paging.breakit18.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNR, FNR, fhirGet, openFhirVariantWorld, type FhirVariantWorld, type SearchBundle } from '../../testing/fhir-variants.ts';

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
