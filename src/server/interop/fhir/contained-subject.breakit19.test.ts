// Outside tester (breakit19): the patient of a FHIR ServiceRequest given as a contained Patient
// (R4 references.html#contained) or with a Reference.type, where Radvis files the referral on
// another patient than the record system meant, or silently drops what disagrees. The variant world
// (testing/fhir-variants.ts) has two different patients: pat-fnr (FNR) and pat-dnr (DNR).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNR_OID, FNR_OID } from '../../directory/identifiers.ts';
import { DNR, FNR, fhirPost, openFhirVariantWorld, referralCount, variantReferral, type FhirVariantWorld } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
}, 120_000);
afterAll(() => w.t.close());

let n = 0;
const send = (over: Record<string, unknown>) => fhirPost(w.t.app, variantReferral(`b19-contained-${n++}`, over));
const contained = (identifier: unknown[], subject: Record<string, unknown> = {}) => ({
  contained: [{ resourceType: 'Patient', id: 'p', identifier }],
  subject: { reference: '#p', ...subject },
});

describe('a contained Patient with an identifier no longer in use (breakit19)', () => {
  // R4 datatypes.html#Identifier: Identifier.use "old" — "the identifier id no longer considered
  // valid, but may be relevant for search purposes"; Identifier.period — "time period when id
  // is/was valid for use". A person who had a D-number and now has a fødselsnummer is sent with
  // both, the D-number marked old (or its period ended). Radvis takes the first identifier with a
  // Norwegian patient system, whatever its use or period, and files the referral on Patient/pat-dnr.
  it.each([
    ['use old', { use: 'old', system: DNR_OID, value: DNR }],
    ['period ended', { system: DNR_OID, value: DNR, period: { end: '2020-01-01' } }],
  ])('the current fødselsnummer decides, not the D-number listed first (%s)', async (_label, old) => {
    const res = await send(contained([old, { use: 'official', system: FNR_OID, value: FNR }]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ subject: { reference: string } }>().subject.reference).toBe('Patient/pat-fnr');
  });
});

describe('a contained Patient whose identifiers disagree (breakit19)', () => {
  // Radvis refuses a subject whose reference and identifier name different patients (422,
  // "names another patient than subject.identifier"), and CDS Hooks takes the narrower answer when
  // one user is named twice. A contained Patient carrying the fødselsnummer of one patient and the
  // D-number of another, or a contained Patient plus a subject.identifier of another patient, is
  // the same conflict; Radvis takes the first / the contained one silently and stores the referral.
  it('two identifiers naming two different patients: 422, nothing stored', async () => {
    const before = await referralCount(w.t.db.kysely);
    const res = await send(
      contained([
        { system: FNR_OID, value: FNR },
        { system: DNR_OID, value: DNR },
      ]),
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('a contained Patient and a subject.identifier naming another patient: 422, nothing stored', async () => {
    const before = await referralCount(w.t.db.kysely);
    const res = await send(contained([{ system: FNR_OID, value: FNR }], { identifier: { system: DNR_OID, value: DNR } }));
    expect(res.statusCode, res.body).toBe(422);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });
});

describe('a subject whose Reference.type is not a Patient (breakit19)', () => {
  // R4 references.html#Reference: Reference.type is "the expected type of the target of the
  // reference"; ServiceRequest.subject targets Patient | Group | Location | Device. A subject typed
  // Practitioner is no valid target, and one typed Group is not one patient; Radvis ignores the
  // type and files a referral for the patient whose number the identifier carries. (Its search
  // door already answers subject:Group with nothing.)
  it.each(['Practitioner', 'Group'])('type %s with a fødselsnummer: refused (4xx OperationOutcome), nothing stored', async (type) => {
    const before = await referralCount(w.t.db.kysely);
    const res = await send({ subject: { type, identifier: { system: FNR_OID, value: FNR } } });
    expect([400, 422], res.body).toContain(res.statusCode);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });
});
