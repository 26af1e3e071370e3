// fixb22: the answers the CapabilityStatement implies, through the real app (testing/fhir-variants.ts):
// instance history paged like a search past the old 100-version cut, and the 405s of every
// interaction a declared type does not offer derived from the statement in one place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirGet, fhirPost, openFhirVariantWorld, READ, variantReferral, WRITE, type FhirVariantWorld } from '../../testing/fhir-variants.ts';
import { declaredUrlMethods } from './routes.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
}, 120_000);
afterAll(() => w.t.close());

type HistoryBundle = {
  type: string;
  total?: number;
  link: { relation: string; url: string }[];
  entry?: { resource: { resourceType: string; meta: { versionId: string } } }[];
};
const linkOf = (b: HistoryBundle, relation: string) => b.link.find((l) => l.relation === relation)?.url.replace(/^https?:\/\/[^/]+/, '');
const versions = (b: HistoryBundle) =>
  (b.entry ?? []).filter((e) => e.resource.resourceType === 'ServiceRequest').map((e) => Number(e.resource.meta.versionId));

describe('GET ServiceRequest/[id]/_history pages like a search (R4 http.html#history, #paging; paging.ts)', () => {
  let id: string;
  const VERSIONS = 125; // above the old cut of 100 versions (MAX_HISTORY)
  beforeAll(async () => {
    const created = await fhirPost(w.t.app, variantReferral('fixb22-hist-many'));
    expect(created.statusCode, created.body).toBe(201);
    id = created.json<{ id: string }>().id;
    // Each change the department makes keeps the version before it (migration 0180).
    for (let i = 2; i <= VERSIONS; i++)
      await w.t.db.kysely
        .updateTable('referral')
        .set({ status: i % 2 === 0 ? 'accepted' : 'scheduled' })
        .where('id', '=', id)
        .execute();
  }, 120_000);

  it('without _count: 100 a page, total counts every version, next reaches the rest once; previous goes back', async () => {
    const first = await fhirGet(w.t.app, `/fhir/ServiceRequest/${id}/_history`);
    expect(first.statusCode, first.body.slice(0, 300)).toBe(200);
    const b1 = first.json<HistoryBundle>();
    expect({ type: b1.type, total: b1.total, n: versions(b1).length }).toEqual({ type: 'history', total: VERSIONS, n: 100 });
    expect(versions(b1)[0]).toBe(VERSIONS);
    const b2 = (await fhirGet(w.t.app, linkOf(b1, 'next')!)).json<HistoryBundle>();
    expect(b2.total).toBe(VERSIONS);
    expect(linkOf(b2, 'next')).toBeUndefined();
    const seen = [...versions(b1), ...versions(b2)];
    expect(seen).toEqual(Array.from({ length: VERSIONS }, (_, i) => VERSIONS - i));
    // previous from the second page gives the first again.
    const back = (await fhirGet(w.t.app, linkOf(b2, 'previous')!)).json<HistoryBundle>();
    expect(versions(back)).toEqual(versions(b1));
  });

  it('_count=40 with _since: every selected version once, in order; links keep _since; a cursor from elsewhere is 400', async () => {
    const seen: number[] = [];
    let url: string | undefined = `/fhir/ServiceRequest/${id}/_history?_count=40&_since=2000-01-01T00:00:00%2B01:00`;
    for (let pages = 0; url && pages < 10; pages++) {
      const res = await fhirGet(w.t.app, url);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const b = res.json<HistoryBundle>();
      expect(b.total).toBe(VERSIONS);
      seen.push(...versions(b));
      url = linkOf(b, 'next');
      if (url) expect(decodeURIComponent(url)).toContain('_since=2000-01-01T00:00:00+01:00');
    }
    expect(seen).toEqual(Array.from({ length: VERSIONS }, (_, i) => VERSIONS - i));
    const bad = await fhirGet(w.t.app, `/fhir/ServiceRequest/${id}/_history?_cursor=not-ours!`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    expect((await fhirGet(w.t.app, `/fhir/ServiceRequest/${id}/_history?_count=x`)).statusCode).toBe(400);
  });

  it('_count=0 gives the total only; _total=none leaves it out', async () => {
    const zero = (await fhirGet(w.t.app, `/fhir/ServiceRequest/${id}/_history?_count=0`)).json<HistoryBundle>();
    expect({ total: zero.total, n: versions(zero).length, next: linkOf(zero, 'next') }).toEqual({ total: VERSIONS, n: 0, next: undefined });
    const none = (await fhirGet(w.t.app, `/fhir/ServiceRequest/${id}/_history?_count=5&_total=none`)).json<HistoryBundle>();
    expect({ total: none.total, n: versions(none).length }).toEqual({ total: undefined, n: 5 });
  });
});

describe('405 for what the CapabilityStatement does not declare, derived from it (interop/fhir/routes.ts declaredUrlMethods)', () => {
  it('every declared type has its URLs with the methods of its interactions', () => {
    const rules = new Map(declaredUrlMethods().map((r) => [r.url, r.allow]));
    expect(rules.get('/fhir/ServiceRequest')).toEqual(['GET', 'POST']);
    expect(rules.get('/fhir/ServiceRequest/:id')).toEqual(['GET']);
    expect(rules.get('/fhir/ServiceRequest/:id/_history')).toEqual(['GET']);
    expect(rules.get('/fhir/ServiceRequest/_history')).toEqual([]);
    expect(rules.get('/fhir/ImagingStudy')).toEqual([]);
    expect(rules.get('/fhir/Observation')).toEqual(['POST']);
    for (const type of ['DiagnosticReport', 'Library', 'PlanDefinition']) {
      expect(rules.get(`/fhir/${type}`)).toEqual(['GET']);
      expect(rules.get(`/fhir/${type}/:id`)).toEqual(['GET']);
    }
  });

  it('the 405 names what is allowed and is an OperationOutcome, whatever the body; what is declared still answers', async () => {
    const put = await w.t.app.inject({
      method: 'PUT',
      url: '/fhir/PlanDefinition/x',
      headers: { ...WRITE, 'content-type': 'application/fhir+xml' },
      payload: '<x/>',
    });
    expect({ status: put.statusCode, allow: put.headers.allow, type: put.json<{ resourceType: string }>().resourceType }).toEqual({
      status: 405,
      allow: 'GET, HEAD',
      type: 'OperationOutcome',
    });
    const post = await w.t.app.inject({ method: 'POST', url: '/fhir/DiagnosticReport', headers: { ...READ, 'content-type': 'text/plain' }, payload: 'x' });
    expect({ status: post.statusCode, allow: post.headers.allow }).toEqual({ status: 405, allow: 'GET, HEAD' });
    // A body on an interaction that is offered is still judged: XML to create is 415.
    const xml = await w.t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: { ...WRITE, 'content-type': 'application/fhir+xml' },
      payload: '<x/>',
    });
    expect(xml.statusCode).toBe(415);
    expect((await fhirGet(w.t.app, '/fhir/PlanDefinition')).statusCode).toBe(200);
    expect((await fhirGet(w.t.app, '/fhir/DiagnosticReport?_id=none')).statusCode).toBe(200);
  });
});
