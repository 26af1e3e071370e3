// plat26 (issue 7, FHIR R4 done properly): an element with neither a value nor children — `"code": {}`,
// `"subject": {}`, an empty object inside an array — breaks R4's ele-1 ("All FHIR elements must have
// a @value or children"). Every FHIR write refuses it with a 400 OperationOutcome naming the element
// (create, conditional create; Observation in reading/ai-observation-invariants.fixb25.test.ts) and
// stores nothing; CDS Hooks refuses it in a draft order instead of advising from nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { emptyObjectProblems, structuralProblems } from './definitions.ts';
import { fhirPost, openFhirVariantWorld, referralCount, variantReferral, EPJ, type FhirVariantWorld } from '../../testing/fhir-variants.ts';
import { cdsHookBody, CDS_SELECT, CDS_SIGN, createCdsEhrFixture, draftOrder, KNEE_ORDER, type CdsEhrFixture } from '../../testing/cds-ehr.ts';

type OO = { resourceType: string; issue: { expression?: string[]; diagnostics?: string }[] };
const expressions = (oo: OO) => oo.issue.flatMap((i) => i.expression ?? []);

describe('emptyObjectProblems (ele-1: a value or children)', () => {
  it('names every empty element, however deep, and nothing else', () => {
    const sr = {
      resourceType: 'ServiceRequest',
      code: {},
      subject: { id: 'only-an-id' },
      reasonCode: [{ text: 'x' }, {}],
      note: [{ text: 'ok' }],
      _status: {},
      contained: [{ resourceType: 'Patient', id: 'p', name: [{ given: ['Kari'] }, {}] }],
      requester: { identifier: { system: 's', value: 'v' } },
    };
    expect(emptyObjectProblems(sr, 'ServiceRequest').map((p) => p.field)).toEqual([
      'ServiceRequest.code',
      'ServiceRequest.subject',
      'ServiceRequest.reasonCode[1]',
      'ServiceRequest._status',
      'ServiceRequest.contained[0].name[1]',
    ]);
    expect(emptyObjectProblems(variantReferral('x'), 'ServiceRequest')).toEqual([]);
  });

  it('is part of the structural check every FHIR write uses', () => {
    const obs = { resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: {} };
    expect(structuralProblems(obs).map((p) => p.field)).toContain('Observation.valueQuantity');
  });
});

let w: FhirVariantWorld;
describe('POST /fhir/ServiceRequest with an empty element', () => {
  beforeAll(async () => {
    w = await openFhirVariantWorld();
  }, 120_000);
  afterAll(() => w?.t.close());

  let n = 0;
  it.each([
    ['"code": {}', { code: {} }, 'ServiceRequest.code'],
    ['"subject": {}', { subject: {} }, 'ServiceRequest.subject'],
    ['an empty object inside reasonCode', { reasonCode: [{ text: 'Knesmerter' }, {}] }, 'ServiceRequest.reasonCode[1]'],
    ['an empty coding', { code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }, {}] } }, 'ServiceRequest.code.coding[1]'],
    ['an empty note', { note: [{}] }, 'ServiceRequest.note[0]'],
    ['a requester with only an id', { requester: { id: 'r1' } }, 'ServiceRequest.requester'],
    ['an empty meta', { meta: {} }, 'ServiceRequest.meta'],
  ])('%s → 400 naming the element, nothing stored', async (_label, over, element) => {
    const before = await referralCount(w.t.db.kysely);
    const res = await fhirPost(w.t.app, variantReferral(`plat26-empty-${n++}`, over));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    const oo = res.json<OO>();
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(expressions(oo)).toContain(element);
    expect(oo.issue.find((i) => i.expression?.includes(element))?.diagnostics).toMatch(/ele-1/);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('a conditional create (If-None-Exist) with an empty element is refused the same way, matching nothing stored', async () => {
    const before = await referralCount(w.t.db.kysely);
    const res = await fhirPost(w.t.app, variantReferral('plat26-cond', { code: {} }), { 'if-none-exist': `identifier=${EPJ}|plat26-cond` });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(expressions(res.json<OO>())).toContain('ServiceRequest.code');
    expect(await referralCount(w.t.db.kysely)).toBe(before);
    // The same referral without the empty element is taken (the refusal was the empty element only).
    const ok = await fhirPost(w.t.app, variantReferral('plat26-cond'), { 'if-none-exist': `identifier=${EPJ}|plat26-cond` });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(201);
  });
});

let f: CdsEhrFixture;
describe('CDS Hooks draft orders with an empty element', () => {
  beforeAll(async () => {
    f = await createCdsEhrFixture();
  }, 10 * 60_000);
  afterAll(async () => f?.close());

  const call = async (payload: object, url: string) =>
    f.t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await f.client.sign(url)}` } });
  const adviceRows = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM advice_event`.execute(f.t.db.kysely)).rows[0].n;

  it.each([
    ['"code": {}', { resource: { ...KNEE_ORDER.resource, code: {} } }, 'context.draftOrders.entry.0.resource.code'],
    ['"subject": {}', { resource: { ...KNEE_ORDER.resource, subject: {} } }, 'context.draftOrders.entry.0.resource.subject'],
    ['an empty coding', draftOrder({ coding: [{}] }), 'context.draftOrders.entry.0.resource.code.coding[0]'],
    ['an empty note', { resource: { ...KNEE_ORDER.resource, note: [{}] } }, 'context.draftOrders.entry.0.resource.note[0]'],
  ])('order-sign and order-select: %s → 400 OperationOutcome naming it, no advice given or logged', async (_label, order, element) => {
    const before = await adviceRows();
    for (const [url, hook] of [
      [CDS_SIGN, 'order-sign'],
      [CDS_SELECT, 'order-select'],
    ] as const) {
      const res = await call(cdsHookBody(`Practitioner/${f.gpPersonId}`, { order, hook }), url);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
      const oo = res.json<OO>();
      expect(oo.resourceType).toBe('OperationOutcome');
      expect(expressions(oo)).toContain(element);
    }
    expect(await adviceRows()).toBe(before);
  });

  it('the same order without the empty element gets advice', async () => {
    const res = await call(cdsHookBody(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER }), CDS_SIGN);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json<{ cards: unknown[] }>().cards.length).toBeGreaterThan(0);
  });
});
