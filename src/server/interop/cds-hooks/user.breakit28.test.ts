// Outside tester (breakit28, issue 7 point 5): the CDS user's referral rights when the record system
// names the user's HPR number in a form Radvis did not read, through the real app with signed JWTs.
// - HL7 Norway's NamingSystem no-basis-helsepersonellnummer gives the HPR number two unique ids: the
//   OID urn:oid:2.16.578.1.12.4.1.4.4 (preferred) and the URI http://hl7.no/fhir/NamingSystem/HPR.
//   A Practitioner (or a PractitionerRole's practitioner identifier) under the URI was not read:
//   a GP got "rights not confirmed" on an exam needing full rights, a chiropractor the same card
//   instead of "limited referral rights".
// - A prefetched searchset Bundle whose PractitionerRole references its practitioner by the entry's
//   fullUrl (`urn:uuid:…`, R4 bundle.html#references: a reference resolves to the entry whose fullUrl
//   it is) was not resolved: least rights for everyone.
// Expected in each case: the same cards as with the OID and a relative reference.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdsHookBody as body, CDS_SIGN as SIGN, CHIRO_HPR, createCdsEhrFixture, GP_HPR, HEAD_ORDER, type CdsEhrFixture } from '../../testing/cds-ehr.ts';

let f: CdsEhrFixture;
beforeAll(async () => {
  f = await createCdsEhrFixture();
}, 10 * 60_000);
afterAll(async () => f?.close());

type Cards = { cards?: { summary: string; indicator: string }[] };
const summaries = async (payload: object) => {
  const res = await f.t.app.inject({ method: 'POST', url: SIGN, payload, headers: { authorization: `Bearer ${await f.client.sign(SIGN)}` } });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json<Cards>().cards ?? []).map((c) => `${c.indicator} ${c.summary}`);
};
const OID = 'urn:oid:2.16.578.1.12.4.1.4.4';
const practitioner = (system: string, hpr: string) => ({ resourceType: 'Practitioner', id: 'ext-1', identifier: [{ system, value: hpr }] });

describe('HPR number under the NamingSystem URI (no-basis-helsepersonellnummer uniqueId uri)', () => {
  for (const system of ['http://hl7.no/fhir/NamingSystem/HPR', 'https://hl7.no/fhir/NamingSystem/HPR']) {
    for (const [who, hpr] of [
      ['GP', GP_HPR],
      ['chiropractor', CHIRO_HPR],
    ] as const) {
      it(`${who}, prefetched Practitioner under ${system}: the same cards as under the OID`, async () => {
        const expected = await summaries(body('Practitioner/ext-1', { prefetch: { user: practitioner(OID, hpr) }, order: HEAD_ORDER }));
        const got = await summaries(body('Practitioner/ext-1', { prefetch: { user: practitioner(system, hpr) }, order: HEAD_ORDER }));
        expect(got).toEqual(expected);
        expect(got.join(' ')).not.toMatch(/ikke bekreftet/);
      });

      it(`${who}, PractitionerRole whose practitioner identifier is under ${system}: the same cards as under the OID`, async () => {
        const role = (s: string) => ({ resourceType: 'PractitionerRole', id: 'r1', practitioner: { identifier: { system: s, value: hpr } } });
        const expected = await summaries(body('PractitionerRole/r1', { prefetch: { user: role(OID) }, order: HEAD_ORDER }));
        expect(await summaries(body('PractitionerRole/r1', { prefetch: { user: role(system) }, order: HEAD_ORDER }))).toEqual(expected);
      });
    }
  }
});

describe('prefetched Bundle: the role’s practitioner referenced by its entry’s fullUrl (urn:uuid)', () => {
  for (const [who, hpr] of [
    ['GP', GP_HPR],
    ['chiropractor', CHIRO_HPR],
  ] as const) {
    it(`${who}: the same cards as with a relative reference`, async () => {
      const bundle = (reference: string, fullUrl: string, id?: string) => ({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          { fullUrl: 'urn:uuid:' + crypto.randomUUID(), resource: { resourceType: 'PractitionerRole', id: 'r1', practitioner: { reference } } },
          { fullUrl, resource: { resourceType: 'Practitioner', ...(id ? { id } : {}), identifier: [{ system: OID, value: hpr }] } },
        ],
      });
      const expected = await summaries(
        body('PractitionerRole/r1', { prefetch: { user: bundle('Practitioner/p9', 'http://ehr.invalid/fhir/Practitioner/p9', 'p9') }, order: HEAD_ORDER }),
      );
      expect(expected.join(' ')).not.toMatch(/ikke bekreftet/);
      const u = `urn:uuid:${crypto.randomUUID()}`;
      expect(await summaries(body('PractitionerRole/r1', { prefetch: { user: bundle(u, u) }, order: HEAD_ORDER }))).toEqual(expected);
    });
  }

  it('a urn:uuid reference that is no entry of the Bundle is not resolved (least rights)', async () => {
    const b = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: { resourceType: 'PractitionerRole', id: 'r1', practitioner: { reference: `urn:uuid:${crypto.randomUUID()}` } } },
        { fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: { resourceType: 'Practitioner', identifier: [{ system: OID, value: GP_HPR }] } },
      ],
    };
    // As a role that names no practitioner at all (user unknown: least rights).
    const unknown = await summaries(body('PractitionerRole/r1', { prefetch: { user: { resourceType: 'PractitionerRole', id: 'r1' } }, order: HEAD_ORDER }));
    expect(await summaries(body('PractitionerRole/r1', { prefetch: { user: b }, order: HEAD_ORDER }))).toEqual(unknown);
  });
});
