// breakit18 (outside tester): only ServiceRequest.identifier[0] counts. The resource keeps every
// identifier the record system sent (read echoes them), but search by any other one finds nothing,
// and a retry of the same order with its identifiers in another order creates a second referral.
// R4 search.html#token: identifier matches any of the resource's identifiers; README: "A POST
// without If-None-Exist whose identifier already exists answers 200 with the existing referral,
// so a retry never makes a second one". Observed on the demo: POST identifiers [EPJ|bk18-e1,
// OID|bk18-e1-oid] → 201 ref-8e26…; the same POST with [OID|bk18-e1-oid, EPJ|bk18-e1] → 201
// ref-5b82… (a duplicate MR kne for the patient); ?identifier=bk18-e1-oid finds only the second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EPJ,
  fhirGet,
  fhirPost,
  matchIds,
  openFhirVariantWorld,
  referralCount,
  variantReferral,
  type FhirVariantWorld,
  type SearchBundle,
} from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
});
afterAll(async () => w?.t.close());

const OTHER = 'urn:oid:2.16.578.1.12.4.1.2.99';

describe('breakit18: a ServiceRequest with two identifiers', () => {
  it('is found by its second identifier', async () => {
    const res = await fhirPost(
      w.t.app,
      variantReferral('x', {
        identifier: [
          { system: EPJ, value: 'bk18-i1' },
          { system: OTHER, value: 'bk18-i1-oid' },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { id: string }).id;
    const b = (await fhirGet(w.t.app, `/fhir/ServiceRequest?identifier=${encodeURIComponent(`${OTHER}|bk18-i1-oid`)}`)).json() as SearchBundle;
    expect(matchIds(b)).toEqual([id]);
  });

  it('sent again with the identifiers in another order answers with the existing referral, not a second one', async () => {
    const first = await fhirPost(
      w.t.app,
      variantReferral('x', {
        identifier: [
          { system: EPJ, value: 'bk18-i2' },
          { system: OTHER, value: 'bk18-i2-oid' },
        ],
      }),
    );
    expect(first.statusCode).toBe(201);
    const before = await referralCount(w.t.db.kysely);
    const again = await fhirPost(
      w.t.app,
      variantReferral('x', {
        identifier: [
          { system: OTHER, value: 'bk18-i2-oid' },
          { system: EPJ, value: 'bk18-i2' },
        ],
      }),
    );
    expect(again.statusCode).toBe(200);
    expect((again.json() as { id: string }).id).toBe((first.json() as { id: string }).id);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });
});

// The kind (R4 search.html#token, servicerequest.html identifier 0..*; README idempotency): every
// identifier is stored, read back, searchable in each token form, and any one of them makes a retry
// the same referral; identifiers of two different referrals in one create are a conflict.
describe('R4 search.html#token and README idempotency: every ServiceRequest.identifier counts', () => {
  const two = (v: string) => [
    { system: EPJ, value: v },
    { system: OTHER, value: `${v}-oid` },
  ];
  const search = async (q: string) => matchIds((await fhirGet(w.t.app, `/fhir/ServiceRequest?identifier=${encodeURIComponent(q)}`)).json() as SearchBundle);

  it('each identifier is found by system|value, by value alone and by system| ; read echoes both', async () => {
    const res = await fhirPost(w.t.app, variantReferral('x', { identifier: two('bk18-k1') }));
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { id: string }).id;
    for (const q of [`${EPJ}|bk18-k1`, `${OTHER}|bk18-k1-oid`, 'bk18-k1', 'bk18-k1-oid', `bk18-nope,${OTHER}|bk18-k1-oid`])
      expect(await search(q), q).toEqual([id]);
    expect(await search(`${OTHER}|`)).toContain(id);
    // A value under another system is not it; nor is `|value` (no system) for identifiers that have one.
    expect(await search(`${EPJ}|bk18-k1-oid`)).toEqual([]);
    expect(await search('|bk18-k1-oid')).toEqual([]);
    const read = (await fhirGet(w.t.app, `/fhir/ServiceRequest/${id}`)).json() as { identifier: { system: string; value: string }[] };
    expect(read.identifier).toEqual(two('bk18-k1'));
  });

  it.each([
    ['reordered', (v: string) => [...two(v)].reverse()],
    ['only the second identifier', (v: string) => [two(v)[1]]],
    ['an extra, new identifier beside one it holds', (v: string) => [{ system: 'urn:oid:2.16.578.1.12.4.1.2.98', value: `${v}-new` }, two(v)[1]]],
  ])('a retry with %s → 200 with the existing referral, nothing written', async (_label, ids) => {
    const v = `bk18-r-${Math.random().toString(36).slice(2, 8)}`;
    const first = await fhirPost(w.t.app, variantReferral('x', { identifier: two(v) }));
    expect(first.statusCode).toBe(201);
    const before = await referralCount(w.t.db.kysely);
    const again = await fhirPost(w.t.app, variantReferral('x', { identifier: ids(v) }));
    expect(again.statusCode).toBe(200);
    expect((again.json() as { id: string }).id).toBe((first.json() as { id: string }).id);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('identifiers held by two different referrals in one create → 409 OperationOutcome, nothing written', async () => {
    const a = await fhirPost(w.t.app, variantReferral('bk18-c-a'));
    const b = await fhirPost(w.t.app, variantReferral('bk18-c-b'));
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const before = await referralCount(w.t.db.kysely);
    const both = await fhirPost(
      w.t.app,
      variantReferral('x', {
        identifier: [
          { system: EPJ, value: 'bk18-c-b' },
          { system: EPJ, value: 'bk18-c-a' },
        ],
      }),
    );
    expect(both.statusCode).toBe(409);
    expect((both.json() as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('the same identifier twice in one resource is one identifier (201, then a retry is 200)', async () => {
    const same = [
      { system: EPJ, value: 'bk18-dup' },
      { system: EPJ, value: 'bk18-dup' },
    ];
    expect((await fhirPost(w.t.app, variantReferral('x', { identifier: same }))).statusCode).toBe(201);
    expect((await fhirPost(w.t.app, variantReferral('bk18-dup'))).statusCode).toBe(200);
  });
});
