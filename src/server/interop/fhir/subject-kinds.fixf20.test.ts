// The patient of a received ServiceRequest, the kinds behind the breakit19 findings (issue 7), at
// every FHIR door that takes a subject (create and conditional create) and in search: identifiers
// not in use (R4 datatypes.html#Identifier use/period), identifiers naming two patients, subjects of
// another resource type (R4 references.html#Reference), and the token `[system]|` (search.html#token).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNR_OID, FH_OID, FNR_OID, makeSyntheticFnr } from '../../directory/identifiers.ts';
import { DNR, FNR, fhirGet, fhirPost, openFhirVariantWorld, referralCount, variantReferral, type FhirVariantWorld } from '../../testing/fhir-variants.ts';
import { parseDiagnosticReportSearch } from './diagnostic-report-search.ts';
import { identifierNotInUse, subjectTypeProblems } from './service-request.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
}, 120_000);
afterAll(() => w.t.close());

let n = 0;
const send = (over: Record<string, unknown>, headers: Record<string, string> = {}) => fhirPost(w.t.app, variantReferral(`fixf20-${n++}`, over), headers);
const contained = (identifier: unknown[], subject: Record<string, unknown> = {}) => ({
  contained: [{ resourceType: 'Patient', id: 'p', identifier }],
  subject: { reference: '#p', ...subject },
});
const subjectOf = (res: { json: <T>() => T }) => res.json<{ subject: { reference: string } }>().subject.reference;

describe('identifierNotInUse (R4 Identifier.use / period)', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  it.each([
    [{ use: 'old' }, true],
    [{ use: 'official' }, false],
    [{ period: { end: '2026-06-14' } }, true],
    // A date-only end covers its whole day.
    [{ period: { end: '2026-06-15' } }, false],
    [{ period: { start: '2026-07-01' } }, true],
    [{ period: { start: '2020-01-01', end: '2030-01-01' } }, false],
    [{ period: { end: 'not a date' } }, false],
    [{ period: { end: '2026-06' } }, false],
    [{ period: { end: '2026-05' } }, true],
    [{ period: { end: '2026' } }, false],
    [{ period: { start: '2026-06-15T13:00:00Z' } }, true],
    [{ period: { end: '2026-06-15T11:00:00+00:00' } }, true],
  ])('%j → %s', (identifier, expected) => {
    expect(identifierNotInUse(identifier, now)).toBe(expected);
  });
});

describe('subjectTypeProblems', () => {
  it('Patient (by type or reference) is fine; other types are named', () => {
    expect(subjectTypeProblems({ type: 'Patient', reference: 'Patient/x' })).toEqual([]);
    expect(subjectTypeProblems({ type: 'http://hl7.org/fhir/StructureDefinition/Patient' })).toEqual([]);
    expect(subjectTypeProblems({ reference: 'https://ehr.example.no/fhir/Group/g1' }).map((e) => e.field)).toEqual(['ServiceRequest.subject.reference']);
    expect(subjectTypeProblems({ type: 'Device' }).map((e) => e.field)).toEqual(['ServiceRequest.subject.type']);
  });
});

describe('a contained Patient: only identifiers in use decide', () => {
  it('a D-number valid only from a future date does not decide', async () => {
    const res = await send(
      contained([
        { system: DNR_OID, value: DNR, period: { start: '2999-01-01' } },
        { system: FNR_OID, value: FNR },
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(subjectOf(res)).toBe('Patient/pat-fnr');
  });

  it('every patient identifier old: 422, nothing stored', async () => {
    const before = await referralCount(w.t.db.kysely);
    const res = await send(contained([{ use: 'old', system: FNR_OID, value: FNR }]));
    expect(res.statusCode, res.body).toBe(422);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('a second number Radvis does not know is no conflict: filed on the known patient', async () => {
    const unknown = makeSyntheticFnr('1991-03-07', 'F', 0, { dNumber: true })!;
    expect(unknown).not.toBe(DNR);
    const res = await send(
      contained([
        { system: FNR_OID, value: FNR },
        { system: DNR_OID, value: unknown },
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(subjectOf(res)).toBe('Patient/pat-fnr');
  });

  it('a contained Patient and a subject.identifier of the same patient: accepted', async () => {
    const res = await send(contained([{ system: FNR_OID, value: FNR }], { identifier: { system: FNR_OID, value: FNR } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(subjectOf(res)).toBe('Patient/pat-fnr');
  });

  it('an invalid number among the identifiers in use: 422 naming it', async () => {
    const res = await send(
      contained([
        { system: FNR_OID, value: FNR },
        { system: DNR_OID, value: '52838510052' },
      ]),
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).toContain('ServiceRequest.contained.Patient.identifier');
  });
});

describe('conditional create: the same refusals', () => {
  it('a body whose identifiers name two patients is refused even when If-None-Exist matches a referral', async () => {
    const first = await send({});
    expect(first.statusCode, first.body).toBe(201);
    const id = first.json<{ id: string }>().id;
    const before = await referralCount(w.t.db.kysely);
    const res = await send(
      contained([
        { system: FNR_OID, value: FNR },
        { system: DNR_OID, value: DNR },
      ]),
      { 'if-none-exist': `_id=${id}` },
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it.each([
    ['a relative reference to a Group', { subject: { reference: 'Group/g1', identifier: { system: FNR_OID, value: FNR } } }],
    ['type Device', { subject: { type: 'Device', identifier: { system: FNR_OID, value: FNR } } }],
  ])('%s: 422 with If-None-Exist as without', async (_label, over) => {
    const before = await referralCount(w.t.db.kysely);
    for (const headers of [{}, { 'if-none-exist': `identifier=urn:oid:9.9|fixf20-none-${n}` }] as Record<string, string>[]) {
      const res = await send(over, headers);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    }
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('subject.type Patient is accepted', async () => {
    const res = await send({ subject: { type: 'Patient', identifier: { system: FNR_OID, value: FNR } } });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('[system]| in every patient search', () => {
  it('an unknown system with no value is a 400 naming the system', async () => {
    const res = await fhirGet(w.t.app, `/fhir/ServiceRequest?patient:identifier=${encodeURIComponent('urn:oid:1.2.3|')}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain('urn:oid:1.2.3');
  });

  it('DiagnosticReport search reads patient:identifier=[system]| as the system', () => {
    const p = parseDiagnosticReportSearch(`patient:identifier=${encodeURIComponent(`${FH_OID}|`)}`, false);
    expect(p.ok && p.search.patients).toEqual([[{ system: FH_OID }]]);
    const bad = parseDiagnosticReportSearch(`patient:identifier=${encodeURIComponent('urn:oid:1.2.3|')}`, false);
    expect(bad.ok).toBe(false);
  });

  it('GET /fhir/DiagnosticReport?patient.identifier=[system]| answers a searchset', async () => {
    const res = await fhirGet(w.t.app, `/fhir/DiagnosticReport?patient:identifier=${encodeURIComponent(`${DNR_OID}|`)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ resourceType: string; type: string }>()).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
  });
});
