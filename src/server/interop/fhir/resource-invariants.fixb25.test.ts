// fixb25: the kind behind breakit25's resource-validity test — rules of the R4 base specification
// that @medplum/core's validator leaves out and that hold wherever a resource comes in (POST
// /fhir/ServiceRequest here; POST /fhir/Observation in reading/ai-observation-invariants.fixb25.test.ts):
// no empty array anywhere (json.html), no Period ending before it starts (per-1), contained
// resources included. Each refusal is a 400 OperationOutcome naming the element; nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FNR_OID } from '../../directory/identifiers.ts';
import { FNR, fhirPost, openFhirVariantWorld, referralCount, variantReferral, type FhirVariantWorld } from '../../testing/fhir-variants.ts';
import { emptyArrayProblems, periodProblems, structuralProblems } from './definitions.ts';

describe('emptyArrayProblems (json.html: an array SHALL NOT be empty)', () => {
  it('names every empty array, however deep, and nothing else', () => {
    const sr = {
      resourceType: 'ServiceRequest',
      identifier: [{ system: 'x', value: 'y', type: { coding: [] } }],
      extension: [],
      contained: [{ resourceType: 'Patient', id: 'p', name: [] }],
      _instantiatesUri: [],
      code: { coding: [{ system: 's', code: 'c' }] },
    };
    expect(emptyArrayProblems(sr, 'ServiceRequest').map((p) => p.field)).toEqual([
      'ServiceRequest.identifier[0].type.coding',
      'ServiceRequest.extension',
      'ServiceRequest.contained[0].name',
      'ServiceRequest._instantiatesUri',
    ]);
    expect(emptyArrayProblems({ resourceType: 'ServiceRequest', code: { coding: [{ code: 'c' }] } }, 'ServiceRequest')).toEqual([]);
  });
});

describe('periodProblems (per-1: start SHALL have a lower value than end)', () => {
  const at = (occurrencePeriod: unknown) => periodProblems({ resourceType: 'ServiceRequest', occurrencePeriod }, 'ServiceRequest').map((p) => p.field);
  it('refuses a period that surely ends before it starts', () => {
    expect(at({ start: '2027-01-01', end: '2026-01-01' })).toEqual(['ServiceRequest.occurrencePeriod']);
    expect(at({ start: '2027-01-01T10:00:00Z', end: '2027-01-01T09:00:00Z' })).toEqual(['ServiceRequest.occurrencePeriod']);
    expect(at({ start: '2027-01-01T10:00:00+01:00', end: '2027-01-01T09:30:00Z' })).toEqual([]); // 09:00Z → 09:30Z
    expect(at({ start: '2027-01-01T10:00:00+01:00', end: '2027-01-01T08:30:00Z' })).toEqual(['ServiceRequest.occurrencePeriod']);
    expect(at({ start: '2027-02', end: '2027-01-31' })).toEqual(['ServiceRequest.occurrencePeriod']);
    expect(at({ start: '2027-01-03T10:00:00Z', end: '2027-01-01' })).toEqual(['ServiceRequest.occurrencePeriod']);
  });
  it('takes a value for every instant of its precision: a same-day or open period is valid', () => {
    expect(at({ start: '2027-01-01', end: '2027-01-01' })).toEqual([]);
    expect(at({ start: '2027', end: '2027-03-01' })).toEqual([]);
    expect(at({ start: '2027-01-01T10:00:00Z', end: '2027-01-01' })).toEqual([]);
    expect(at({ start: '2027-01-01T10:00:00Z', end: '2027-01-01T10:00:00Z' })).toEqual([]);
    expect(at({ start: '2027-01-01' })).toEqual([]);
    expect(at({ end: '2020-01-01' })).toEqual([]);
  });
  it('finds a Period wherever one is accepted (identifier, contained resource, extension value)', () => {
    const bad = { start: '2027-01-01', end: '2026-01-01' };
    const sr = {
      resourceType: 'ServiceRequest',
      identifier: [{ system: 'x', value: 'y', period: bad }],
      contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: 'z', value: '1', period: bad }] }],
      extension: [{ url: 'http://example.org/x', valuePeriod: bad }],
    };
    expect(
      periodProblems(sr, 'ServiceRequest')
        .map((p) => p.field)
        .sort(),
    ).toEqual(['ServiceRequest.contained[0].identifier[0].period', 'ServiceRequest.extension[0].valuePeriod', 'ServiceRequest.identifier[0].period']);
  });
  it('is part of the structural check every FHIR write uses', () => {
    const obs = { resourceType: 'Observation', status: 'final', code: { text: 'x' }, effectivePeriod: { start: '2027-01-01', end: '2026-01-01' }, note: [] };
    expect(structuralProblems(obs).map((p) => p.field)).toEqual(expect.arrayContaining(['Observation.effectivePeriod', 'Observation.note']));
  });
});

let w: FhirVariantWorld;
describe('POST /fhir/ServiceRequest: the invariants anywhere in the body', () => {
  beforeAll(async () => {
    w = await openFhirVariantWorld();
  }, 120_000);
  afterAll(() => w?.t.close());

  let n = 0;
  it.each([
    [
      'an empty coding in the identifier type',
      { identifier: [{ system: 'http://epj.example.no/henvisning', value: 'fixb25-x', type: { coding: [] } }] },
      'ServiceRequest.identifier[0].type.coding',
    ],
    ['an empty extension list', { extension: [] }, 'ServiceRequest.extension'],
    ['an empty contained list', { contained: [] }, 'ServiceRequest.contained'],
    [
      'a contained Patient with an empty name list',
      { contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: FNR_OID, value: FNR }], name: [] }], subject: { reference: '#p' } },
      'ServiceRequest.contained[0].name',
    ],
    [
      "a contained Patient whose identifier's period ends before it starts",
      {
        contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: FNR_OID, value: FNR, period: { start: '2020-01-01', end: '2019-01-01' } }] }],
        subject: { reference: '#p' },
      },
      'ServiceRequest.contained[0].identifier[0].period',
    ],
  ])('%s → 400 naming the element, nothing stored', async (_label, over, element) => {
    const before = await referralCount(w.t.db.kysely);
    const res = await fhirPost(w.t.app, variantReferral(`fixb25-${n++}`, over));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    const oo = res.json<{ resourceType: string; issue: { expression?: string[] }[] }>();
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(oo.issue.flatMap((i) => i.expression ?? [])).toContain(element);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('a period within one day, given as dates, is still taken', async () => {
    const res = await fhirPost(w.t.app, variantReferral('fixb25-ok', { occurrencePeriod: { start: '2027-01-01', end: '2027-01-01' } }));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
  });
});
