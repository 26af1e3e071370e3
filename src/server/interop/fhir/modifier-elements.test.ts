// breakit17b: modifier elements on create (variants of interop kinds 04 "elements silently dropped"
// and 11 "status codes for rule rejections", ../shared/cases/interop). Written as an outside
// grader; these tests FAIL on main: Radvis stores an order whose meaning a modifier changes as an
// ordinary active referral.
//
// HL7 FHIR R4:
// - ServiceRequest.doNotPerform (isModifier): "If true indicates that the service/procedure should
//   NOT be performed"; ElementDefinition.isModifier: "the value of the element cannot be ignored".
// - extensibility.html#modifierExtension: implementations processing the data "SHALL check for
//   modifier extensions" and refuse data with ones they do not understand.
// - Resource.implicitRules (isModifier): rules "which must be understood when processing the content".
// - http.html#create: 422 Unprocessable Entity for business-rule violations; 400 when invalid.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext } from '../../testing/harness.ts';
import { fhirPost, openFhirVariantWorld, referralCount, variantReferral as referral } from '../../testing/fhir-variants.ts';

let t: TestContext;

beforeAll(async () => {
  ({ t } = await openFhirVariantWorld());
}, 10 * 60_000);
afterAll(() => t.close());

describe('modifier elements Radvis does not act on are refused, not stored (R4 ElementDefinition.isModifier, extensibility.html#modifierExtension)', () => {
  it.each([
    ['ServiceRequest.doNotPerform = true (R4 ServiceRequest.doNotPerform)', { doNotPerform: true }],
    [
      'an unknown modifierExtension (R4 extensibility.html#modifierExtension)',
      { modifierExtension: [{ url: 'http://example.org/fhir/StructureDefinition/b17b', valueBoolean: true }] },
    ],
    ['Resource.implicitRules Radvis does not know (R4 Resource.implicitRules)', { implicitRules: 'http://example.org/rules/b17b' }],
  ])('%s → 400/422 OperationOutcome, nothing written', async (_label, over) => {
    const before = await referralCount(t.db.kysely);
    const res = await fhirPost(t.app, referral(`b17b-${crypto.randomUUID()}`, over));
    expect({ status: [400, 422].includes(res.statusCode), type: res.json().resourceType }).toEqual({ status: true, type: 'OperationOutcome' });
    expect(await referralCount(t.db.kysely)).toBe(before);
  });

  it('doNotPerform = false changes nothing: the referral is created', async () => {
    const res = await fhirPost(t.app, referral(`b17b-${crypto.randomUUID()}`, { doNotPerform: false }));
    expect(res.statusCode).toBe(201);
  });
});
