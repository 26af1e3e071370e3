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
