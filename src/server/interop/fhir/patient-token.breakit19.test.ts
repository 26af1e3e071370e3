// Outside tester (breakit19): the chained patient identifier search in the token form
// `[system]|` ("any value in this system"), which Radvis refuses with 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNR_OID, FH_OID, FNR_OID } from '../../directory/identifiers.ts';
import { fhirGet, matchIds, openFhirVariantWorld, type FhirVariantWorld, type SearchBundle } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
}, 120_000);
afterAll(() => w.t.close());

describe('patient.identifier=[system]| (breakit19)', () => {
  // R4 search.html#token: "[system]|: any element where the value of [system] matches the system
  // property of the Identifier or Coding". Radvis answers ServiceRequest?identifier=<system>| so,
  // but the chained patient identifier in the same form — "the referrals of every patient with a
  // D-number" — is a 400 "value is required". Expected: the referrals whose patient has an
  // identifier in that system, for each of the three Norwegian patient identifier systems.
  it.each([
    ['fødselsnummer', FNR_OID, ['f1', 'f2'] as const],
    ['D-number', DNR_OID, ['d1'] as const],
    ['FH-number', FH_OID, ['h1'] as const],
  ])('%s system only: the referrals of the patients in that system', async (_label, system, keys) => {
    for (const param of ['patient.identifier', 'subject:Patient.identifier', 'patient:identifier']) {
      const res = await fhirGet(w.t.app, `/fhir/ServiceRequest?${param}=${encodeURIComponent(`${system}|`)}`);
      expect(res.statusCode, `${param}: ${res.body}`).toBe(200);
      expect(matchIds(res.json<SearchBundle>()), param).toEqual(keys.map((k) => w.made[k]).sort());
    }
  });
});
