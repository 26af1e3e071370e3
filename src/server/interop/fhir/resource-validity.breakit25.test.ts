// breakit25 (outside tester, issue 7 point 3): the kind breakit21 found (a ServiceRequest that is
// not valid FHIR R4 is created and served back) holds for two more rules of the base spec, tried
// on the demo as the GP and here as the record system:
// - Period invariant per-1 (datatypes.html#Period: "If present, start SHALL have a lower value than
//   end"): occurrencePeriod {start 2027-01-01, end 2026-01-01} → 201, stored and served back as is;
//   a department reading "when" gets a period that ends before it starts.
// - json.html (JSON representation, arrays): "an array SHALL NOT be empty"; `bodySite: []` → 201 and
//   GET serves `"bodySite": []` back, so a validating client rejects Radvis's own resource.
// Expected (as the CapabilityStatement documents for structural errors): 400 OperationOutcome,
// nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirPost, openFhirVariantWorld, referralCount, variantReferral, type FhirVariantWorld } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
}, 120_000);
afterAll(() => w.t.close());

describe('breakit25: ServiceRequest validity on create', () => {
  it.each([
    ['occurrencePeriod ending a year before it starts (per-1)', { occurrencePeriod: { start: '2027-01-01', end: '2026-01-01' } }],
    ['occurrencePeriod ending an hour before it starts (per-1)', { occurrencePeriod: { start: '2027-01-01T10:00:00Z', end: '2027-01-01T09:00:00Z' } }],
    ['an empty array (bodySite: [])', { bodySite: [] }],
  ])('%s → 400, nothing stored', async (label, over) => {
    const before = await referralCount(w.t.db.kysely);
    const res = await fhirPost(w.t.app, variantReferral(`b25-${label.length}-${Object.keys(over)[0]}`, over));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });
});
