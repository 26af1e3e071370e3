// platform17: new variants of the FHIR interoperability kinds (../shared/cases/interop 01, 02, 05,
// 07, 11) that variants.test.ts and variants16.test.ts do not try, written from the R4
// specification text (each test names its section), through the real app: modifiers on the wrong
// parameter type (:exact on a token), :missing on every declared parameter that can be missing,
// _sort/_summary/_elements values, chains on every reference, OR of identifiers, conditional create
// criteria with odd encodings, CORS preflights with the headers a browser client sends in any case
// and order, D-/H-/FH-number subjects, and R4 status/intent combinations.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNR_OID, FH_OID, FNR_OID, HPR_OID } from '../../directory/identifiers.ts';
import { type TestContext } from '../../testing/harness.ts';
import {
  DEPT,
  DNR,
  EPJ,
  FH,
  FNR,
  GP_HPR,
  fhirGet,
  fhirPost,
  openFhirVariantWorld,
  referralCount,
  withCheckDigits,
  type FhirVariantWorld,
  matchIds as ids,
  variantReferral as referral,
  type SearchBundle as B,
} from '../../testing/fhir-variants.ts';

let t: TestContext;
let made: FhirVariantWorld['made'];

const post = (body: unknown, headers: Record<string, string> = {}) => fhirPost(t.app, body, headers);
const get = (url: string, headers: Record<string, string> = {}) => fhirGet(t.app, url, headers);
const count = () => referralCount(t.db.kysely);

beforeAll(async () => {
  ({ t, made } = await openFhirVariantWorld());
}, 10 * 60_000);
afterAll(() => t.close());

const f1 = () => encodeURIComponent(`${EPJ}|var-f1`);
const d1 = () => encodeURIComponent(`${EPJ}|var-d1`);

/** An H-number (hjelpenummer: month + 40, valid mod-11 check digits; synthetic): 15 July 1945. */
const HNR = withCheckDigits(154745100);

beforeAll(async () => {
  await t.db.kysely
    .insertInto('patient')
    .values({
      id: 'pat-h',
      fnr: HNR,
      given_name: 'Hans',
      family_name: 'Hjelp',
      birth_date: '1945-07-15',
      sex: 'M',
      municipality_number: '4601',
      gp_person_id: null,
    })
    .execute();
}, 60_000);

const q = (s: string) => s.replace(/\|/g, '%7C');
const search = async (query: string, headers: Record<string, string> = {}) => {
  const res = await get(`/fhir/ServiceRequest?${query}`, headers);
  return { status: res.statusCode, body: res.json() as B & { resourceType: string; issue?: { expression?: string[] }[] } };
};
const preflight = (url: string, method: string, headers?: string) =>
  t.app.inject({
    method: 'OPTIONS',
    url,
    headers: {
      origin: 'https://epj-web.example.no',
      'access-control-request-method': method,
      ...(headers ? { 'access-control-request-headers': headers } : {}),
    },
  });

describe('search modifiers, chains and result parameters not tried before (kind 01)', () => {
  it.each([
    // search.html#modifiers + SearchModifierCode: :exact is for string parameters; on a token it is unsupported → 400 under strict.
    ['identifier:exact on a token (search.html#modifiers; OperationOutcome example searchfail)', () => `identifier:exact=${f1()}`, 400],
    ['status:exact on a token', () => 'status:exact=active', 400],
    ['code:exact on a token', () => 'code:exact=SNG0AG', 400],
    ['_id:missing (not declared for _id)', () => '_id:missing=true', 400],
    // search.html#missing: the value is true or false.
    ['identifier:missing=yes (search.html#missing: true|false only)', () => 'identifier:missing=yes', 400],
    ['a reverse chain _has (search.html#has; not declared)', () => '_has:Observation:based-on:status=final', 400],
    ['a chain to a parameter not declared on Patient (search.html#chaining)', () => 'patient.name=Kari', 400],
    ['a chain two levels deep', () => 'patient.organization.name=x', 400],
    ['an ap prefix (search.html#prefix; not declared)', () => 'authored=ap2026-01-01', 400],
    ['_sort by an undeclared key (search.html#sort)', () => '_sort=status', 400],
    ['_summary with a value outside true|text|data|count|false (search.html#summary)', () => '_summary=yes', 400],
    ['_total with a value outside none|estimate|accurate (search.html#total)', () => '_total=exact', 400],
  ])('%s → %s', async (_label, query, status) => {
    const r = await search(query());
    expect({ q: query(), status: r.status, type: r.body.resourceType }).toEqual({ q: query(), status, type: status === 200 ? 'Bundle' : 'OperationOutcome' });
  });

  it.each([
    ['status:missing=false: every referral has a status', () => 'status:missing=false', () => [made.f1, made.f2, made.d1, made.h1]],
    ['status:missing=true: none', () => 'status:missing=true', () => []],
    ['authored:missing=true: the one without authoredOn', () => 'authored:missing=true', () => [made.h1]],
    ['identifier:missing=true: the one without an identifier', () => 'identifier:missing=true', () => [made.h1]],
    ['performer:missing=false with _id', () => `performer:missing=false&_id=${made.d1}`, () => [made.d1]],
    ['chained patient.identifier with the fødselsnummer OID (search.html#chaining)', () => q(`patient.identifier=${FNR_OID}|${FNR}`), () => [made.f1, made.f2]],
    ['typed chain subject:Patient.identifier with the D-number OID', () => q(`subject:Patient.identifier=${DNR_OID}|${DNR}`), () => [made.d1]],
    ['chained patient.identifier with the FH-number OID', () => q(`patient.identifier=${FH_OID}|${FH}`), () => [made.h1]],
    ['chained requester.identifier with the HPR OID', () => q(`requester.identifier=${HPR_OID}|${GP_HPR}`), () => [made.f1, made.f2, made.d1, made.h1]],
    ['subject:identifier with the D-number OID (kind 07)', () => q(`subject:identifier=${DNR_OID}|${DNR}`), () => [made.d1]],
    ['OR of two system|value identifiers (search.html#combining)', () => `identifier=${f1()},${d1()}`, () => [made.f1, made.d1]],
    ['_total=estimate is accepted (search.html#total)', () => `_id=${made.f1}&_total=estimate`, () => [made.f1]],
    ['_summary=false gives whole resources (search.html#summary)', () => `_id=${made.f1}&_summary=false`, () => [made.f1]],
    ['_sort=-authored,_id (two keys, search.html#sort)', () => `_id=${made.f1},${made.d1}&_sort=-authored,_id`, () => [made.f1, made.d1]],
  ])('%s', async (_label, query, want) => {
    const r = await search(query());
    expect({ q: query(), status: r.status, ids: r.status === 200 ? ids(r.body) : r.body }).toEqual({ q: query(), status: 200, ids: [...want()].sort() });
  });

  it('_summary=false is not SUBSETTED; _elements=status is, and returns it with the mandatory elements (intent, subject), id and meta only (search.html#elements)', async () => {
    const whole = await search(`_id=${made.f1}&_summary=false`);
    const r1 = whole.body.entry![0]!.resource as Record<string, unknown> & { meta?: { tag?: { code: string }[] } };
    expect(r1.code).toBeDefined();
    expect((r1.meta?.tag ?? []).map((x) => x.code)).not.toContain('SUBSETTED');
    const some = await search(`_id=${made.f1}&_elements=status`);
    const r2 = some.body.entry![0]!.resource as Record<string, unknown> & { meta?: { tag?: { code: string }[] } };
    expect(Object.keys(r2).sort()).toEqual(['id', 'intent', 'meta', 'resourceType', 'status', 'subject']);
    expect((r2.meta?.tag ?? []).map((x) => x.code)).toContain('SUBSETTED');
  });
});

describe('conditional create with odd encodings (kind 02, http.html#ccreate)', () => {
  it.each([
    ['lower-case percent escapes (RFC 3986 §2.1: equivalent)', () => `identifier=${f1().toLowerCase().replace('http', 'http')}`, 200],
    ['a trailing & (an empty parameter)', () => `identifier=${f1()}&`, 200],
    ['identifier AND the chained patient identifier it has', () => `identifier=${f1()}&${q(`patient.identifier=${FNR_OID}|${FNR}`)}`, 200],
    ['the chained patient identifier alone: two referrals match', () => q(`patient.identifier=${FNR_OID}|${FNR}`), 412],
    ['an encoded = makes one unknown parameter name', () => `identifier%3D${f1()}`, 400],
    ['a double-encoded | is a literal %7C in the value: no system, no match', () => `identifier=${encodeURIComponent(f1())}`, 201],
  ])('%s → %s', async (label, criteria, status) => {
    const before = await count();
    const res = await post(referral(`ine17-${crypto.randomUUID()}`), { 'if-none-exist': criteria() });
    expect({ label, status: res.statusCode }).toEqual({ label, status });
    expect({ label, written: (await count()) - before }).toEqual({ label, written: status === 201 ? 1 : 0 });
    if (status === 200) expect(res.json().id).toBe(made.f1);
  });
});

describe('CORS preflights as browsers send them (kind 05; Fetch standard §CORS-preflight request)', () => {
  it.each([
    ['/fhir/ServiceRequest', 'POST', 'Content-Type, If-None-Exist, Prefer, Authorization'],
    ['/fhir/ServiceRequest', 'POST', 'authorization,content-type,if-none-exist'],
    ['/fhir/ServiceRequest/x', 'GET', 'authorization, if-none-match, if-modified-since, accept'],
    ['/fhir/ServiceRequest/_search', 'POST', 'AUTHORIZATION, CONTENT-TYPE, PREFER'],
    ['/cds-services/radvis-imaging-order-select', 'POST', 'authorization, content-type'],
  ])('%s %s with %s: granted, each header listed, no credentials', async (url, method, headers) => {
    const res = await preflight(url, method, headers);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-allow-methods']).split(/\s*,\s*/)).toContain(method);
    const allowed = String(res.headers['access-control-allow-headers'])
      .toLowerCase()
      .split(/\s*,\s*/);
    for (const h of headers.toLowerCase().split(/\s*,\s*/)) expect({ h, allowed: allowed.includes(h) }).toEqual({ h, allowed: true });
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('D-, H- and FH-number subjects (kind 07)', () => {
  it('an H-number (month + 40) under the fødselsnummer OID names its patient: created, and found by it', async () => {
    const res = await post(referral(`h17-${crypto.randomUUID()}`, { subject: { identifier: { system: FNR_OID, value: HNR } } }));
    expect(res.statusCode).toBe(201);
    const r = await search(q(`patient:identifier=${FNR_OID}|${HNR}`));
    expect(ids(r.body)).toEqual([res.json().id]);
  });

  it('a D-number under the fødselsnummer OID is taken (record systems file them so; identifiers.ts) and found under the D-number OID', async () => {
    const res = await post(referral(`d17-${crypto.randomUUID()}`, { subject: { identifier: { system: FNR_OID, value: DNR } } }));
    expect(res.statusCode).toBe(201);
    expect(ids((await search(q(`patient:identifier=${DNR_OID}|${DNR}`))).body)).toContain(res.json().id);
  });

  it.each([
    ['an H-number under the D-number OID', () => ({ system: DNR_OID, value: HNR })],
    ['an FH-number under the D-number OID', () => ({ system: DNR_OID, value: FH })],
    ['an H-number with a wrong check digit', () => ({ system: FNR_OID, value: `${HNR.slice(0, 10)}${(Number(HNR[10]) + 1) % 10}` })],
  ])('%s: 422 naming the subject identifier, nothing written', async (_label, identifier) => {
    const before = await count();
    const res = await post(referral(`bad17-${crypto.randomUUID()}`, { subject: { identifier: identifier() } }));
    expect({ status: res.statusCode, type: res.json().resourceType }).toEqual({ status: 422, type: 'OperationOutcome' });
    expect(JSON.stringify(res.json().issue)).toMatch(/subject/i);
    expect(await count()).toBe(before);
  });
});

describe('R4 status/intent combinations (kind 11; ServiceRequest.status request-status, .intent request-intent)', () => {
  it.each([
    ['draft', 'order', 422],
    ['on-hold', 'order', 422],
    ['active', 'proposal', 422],
    ['active', 'plan', 422],
    ['active', 'directive', 422],
    ['completed', 'filler-order', 422],
    ['entered-in-error', 'order', 422],
    ['unknown', 'original-order', 422],
    ['active', 'reflex-order', 201],
    ['active', 'instance-order', 201],
    ['Active', 'order', 400],
    ['active', 'Order', 400],
  ])('status %s, intent %s → %s', async (status, intent, code) => {
    const before = await count();
    const res = await post(referral(`si17-${crypto.randomUUID()}`, { status, intent }));
    expect({ status, intent, code: res.statusCode }).toEqual({ status, intent, code });
    expect((await count()) - before).toBe(code === 201 ? 1 : 0);
  });
});

describe('code:text is matched as a string: case and accent folded (kind 01; search.html#string, SearchModifierCode text)', () => {
  it.each([
    ['kné', true],
    ['KNE', true],
    ['mr kné', true],
    ['kneet', false],
    ['ne', false],
  ])('code:text=%s matches the exam name "MR kne": %s', async (text, hit) => {
    const r = await search(`_id=${made.f1}&code:text=${encodeURIComponent(text)}`);
    expect({ text, status: r.status, hit: ids(r.body).length === 1 }).toEqual({ text, status: 200, hit });
  });
});

describe('HL7 R4 ServiceRequest examples with other status/intent combinations (kind 11; request-status, request-intent)', () => {
  const examples = (
    JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata/r4-servicerequest-examples.json'), 'utf8')) as {
      examples: Record<string, unknown>[];
    }
  ).examples.filter((e) => !e.contained);
  /** Made complete for Radvis (as variants.test.ts does), so only status and intent decide. */
  const complete = (ex: Record<string, unknown>, status: string, intent: string) => {
    const { id: _id, ...rest } = ex;
    return {
      ...rest,
      status,
      intent,
      identifier: [{ system: EPJ, value: `r4-17-${String(ex.id)}-${crypto.randomUUID()}` }],
      code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }], text: 'MR kne' },
      subject: { identifier: { system: FNR_OID, value: FNR } },
      requester: { identifier: { system: HPR_OID, value: GP_HPR } },
      performer: [{ reference: `Organization/${DEPT}` }],
    };
  };

  it('valid codes that are no referral to send (draft, on-hold, revoked, completed, entered-in-error, unknown; proposal, plan, directive, option) → 422 "processing", nothing written', async () => {
    const statuses = ['draft', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
    const intents = ['proposal', 'plan', 'directive', 'option'];
    const before = await count();
    let n = 0;
    for (const ex of examples) {
      for (const [status, intent] of [
        [statuses[n % statuses.length]!, 'order'],
        ['active', intents[n % intents.length]!],
      ]) {
        const res = await post(complete(ex, status, intent));
        expect({ id: ex.id, status, intent, code: res.statusCode, issue: res.json().issue?.[0]?.code }).toEqual({
          id: ex.id,
          status,
          intent,
          code: 422,
          issue: 'processing',
        });
      }
      n++;
    }
    expect(await count()).toBe(before);
  });

  it('codes outside the value sets (a MedicationRequest status, an R5 intent spelling) → 400, nothing written', async () => {
    const before = await count();
    for (const [status, intent] of [
      ['cancelled', 'order'],
      ['stopped', 'order'],
      ['active', 'original_order'],
      ['active', ''],
    ]) {
      const res = await post(complete(examples[0]!, status, intent));
      expect({ status, intent, code: res.statusCode, type: res.json().resourceType }).toEqual({ status, intent, code: 400, type: 'OperationOutcome' });
    }
    expect(await count()).toBe(before);
  });
});
