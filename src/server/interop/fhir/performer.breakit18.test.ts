// breakit18 (outside tester): ServiceRequest create reads only performer[0]. A second performer is
// dropped without a word — also one naming an Organization that does not exist or a Practitioner —
// and the answer depends on the order: [unknown, dept] → 422, [dept, unknown] → 201.
// R4 ServiceRequest.performer: "If multiple performers are present, it is interpreted as a list of
// alternative performers without any preference regardless of order"; README kind 04 (elements
// silently dropped) and the house rule "nothing half-written". Observed on the demo:
// performer [Organization/dept-bergen-1, Organization/nope-does-not-exist] → 201 and the stored
// ServiceRequest has performer [dept-bergen-1] only. Expectation: the same answer whatever the order
// (refuse an unknown performer, 422, or refuse more than one performer Radvis cannot honour).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPT, fhirPost, openFhirVariantWorld, referralCount, variantReferral, type FhirVariantWorld } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
});
afterAll(async () => w?.t.close());

describe('breakit18: ServiceRequest.performer with more than one entry', () => {
  it('an unknown second performer is refused as an unknown first one is, and nothing is written', async () => {
    const first = await fhirPost(
      w.t.app,
      variantReferral('bk18-perf-1', { performer: [{ reference: 'Organization/nope-does-not-exist' }, { reference: `Organization/${DEPT}` }] }),
    );
    expect(first.statusCode).toBe(422);
    const before = await referralCount(w.t.db.kysely);
    const second = await fhirPost(
      w.t.app,
      variantReferral('bk18-perf-2', { performer: [{ reference: `Organization/${DEPT}` }, { reference: 'Organization/nope-does-not-exist' }] }),
    );
    expect(second.statusCode).toBe(422);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('a performer the client sent is not dropped from the stored resource without an OperationOutcome saying so', async () => {
    const res = await fhirPost(
      w.t.app,
      variantReferral('bk18-perf-3', { performer: [{ reference: `Organization/${DEPT}` }, { reference: 'Practitioner/someone' }] }),
    );
    if (res.statusCode === 201) {
      const body = res.json() as { performer: { reference: string }[] };
      expect(body.performer.map((p) => p.reference)).toContain('Practitioner/someone');
    } else {
      expect([400, 422]).toContain(res.statusCode);
    }
  });
});
