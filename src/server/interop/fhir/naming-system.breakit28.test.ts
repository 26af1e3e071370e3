// Outside tester (breakit28, issue 7 point 4): Norwegian identifiers under the URIs of HL7 Norway's
// NamingSystems. Each no-basis NamingSystem (fødselsnummer, D-nummer, felles hjelpenummer,
// helsepersonellnummer) declares two unique ids: the OID (preferred) and a URI
// (http://hl7.no/fhir/NamingSystem/FNR, …/DNR, …/FHNR, …/HPR); profiles built on no-basis fix some
// of them ("identifier[DNR].system = http://hl7.no/fhir/NamingSystem/DNR (exactly)"), so record
// systems send them. Radvis read only the OIDs: a search, a conditional create or a referral naming
// the patient or the requester under the URI was refused with 400. Expected: the same answer as
// under the OID (Radvis answers with the OIDs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DNR,
  FH,
  FNR,
  fhirGet,
  fhirPost,
  GP_HPR,
  matchIds,
  openFhirVariantWorld,
  variantReferral,
  type FhirVariantWorld,
  type SearchBundle,
} from '../../testing/fhir-variants.ts';
import { DNR_OID, FH_OID, FNR_OID, HPR_OID } from '../../directory/identifiers.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
}, 10 * 60_000);
afterAll(async () => w?.t.close());

const NS = 'http://hl7.no/fhir/NamingSystem';
const search = async (q: string) => {
  const res = await fhirGet(w.t.app, `/fhir/ServiceRequest?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return matchIds(res.json<SearchBundle>());
};

describe('search by patient and requester identifier under the NamingSystem URI', () => {
  for (const [name, oid, number] of [
    ['FNR', FNR_OID, FNR],
    ['DNR', DNR_OID, DNR],
    ['FHNR', FH_OID, FH],
  ] as const) {
    it(`patient.identifier=${NS}/${name}|… finds what ${oid}|… finds`, async () => {
      const expected = await search(`patient.identifier=${encodeURIComponent(`${oid}|${number}`)}`);
      expect(expected.length).toBeGreaterThan(0);
      expect(await search(`patient.identifier=${encodeURIComponent(`${NS}/${name}|${number}`)}`)).toEqual(expected);
    });
  }

  it(`requester.identifier=${NS}/HPR|… finds what ${HPR_OID}|… finds`, async () => {
    const expected = await search(`requester.identifier=${encodeURIComponent(`${HPR_OID}|${GP_HPR}`)}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(await search(`requester.identifier=${encodeURIComponent(`${NS}/HPR|${GP_HPR}`)}`)).toEqual(expected);
  });
});

describe('create with subject and requester under the NamingSystem URIs', () => {
  it('POST /fhir/ServiceRequest → 201, stored for the same patient and requester, answered with the OIDs', async () => {
    const body = variantReferral('ns-1', {
      subject: { identifier: { system: `${NS}/DNR`, value: DNR } },
      requester: { identifier: { system: `${NS}/HPR`, value: GP_HPR } },
    });
    const res = await fhirPost(w.t.app, body);
    expect(res.statusCode, res.body).toBe(201);
    const sr = res.json<{ subject: { identifier?: { system: string; value: string } }; requester: { identifier?: { system: string; value: string } } }>();
    expect(sr.requester.identifier).toEqual({ system: HPR_OID, value: GP_HPR });
    const byOid = await search(
      `patient.identifier=${encodeURIComponent(`${DNR_OID}|${DNR}`)}&identifier=${encodeURIComponent('http://epj.example.no/henvisning|ns-1')}`,
    );
    expect(byOid).toHaveLength(1);
  });

  it('a fødselsnummer under the D-number URI is refused as under the D-number OID', async () => {
    const byOid = await fhirPost(w.t.app, variantReferral('ns-2', { subject: { identifier: { system: DNR_OID, value: FNR } } }));
    expect(byOid.statusCode).toBeGreaterThanOrEqual(400);
    const res = await fhirPost(w.t.app, variantReferral('ns-3', { subject: { identifier: { system: `${NS}/DNR`, value: FNR } } }));
    expect(res.statusCode, res.body).toBe(byOid.statusCode);
  });
});
