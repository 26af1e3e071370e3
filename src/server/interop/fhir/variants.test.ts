// Variants of the FHIR interoperability kinds (../shared/cases/interop 01–05, 07, 11), through the
// real app: every declared search parameter filters (the test reads them from /fhir/metadata, so a
// declared-but-ignored parameter fails here), modifiers/chains/prefixes/token forms, result
// parameters, POST _search, conditional create combinations, metadata negotiation, conditional
// read, CORS preflights for each documented header, Norwegian identifiers on every FHIR door,
// every R4 status and intent code, and the README's "not yet supported" decisions.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../auth/sessions.ts';
import { DNR_OID, FH_OID, FNR_OID, HPR_OID, makeSyntheticFnr } from '../../directory/identifiers.ts';
import { structuralProblems } from './definitions.ts';
import { MODIFIERS } from './search.ts';
import { unsupportedInteractionUrls } from './routes.ts';
import { createOrganization, createUser } from '../../testing/factories.ts';
import { type TestContext } from '../../testing/harness.ts';
import {
  DEPT,
  DNR,
  EPJ,
  FH,
  FNR,
  GP_HPR,
  READ,
  WRITE,
  fhirGet,
  fhirPost,
  openFhirVariantWorld,
  referralCount,
  type FhirVariantWorld,
  selfOf,
  matchIds as ids,
  variantReferral as referral,
  type SearchBundle as B,
} from '../../testing/fhir-variants.ts';

let t: TestContext;
let made: FhirVariantWorld['made'];
let gpPersonId: string;
const post = (body: unknown, headers: Record<string, string> = {}) => fhirPost(t.app, body, headers);
const get = (url: string, headers: Record<string, string> = {}) => fhirGet(t.app, url, headers);
const count = () => referralCount(t.db.kysely);

beforeAll(async () => {
  ({ t, made, gpPersonId } = await openFhirVariantWorld());
}, 10 * 60_000);
afterAll(() => t.close());

describe('search: every declared parameter filters (kind 01, generated from /fhir/metadata)', () => {
  /** For each declared ServiceRequest parameter: a value matching only d1 and one matching nothing. */
  const probes = (name: string): [string, string[]][] => {
    const none: string[] = [];
    switch (name) {
      case '_id':
        return [
          [`_id=${made.d1}`, [made.d1]],
          ['_id=nobody', none],
        ];
      case 'identifier':
        return [
          [`identifier=${EPJ}|var-d1`, [made.d1]],
          ['identifier=nobody', none],
        ];
      case 'patient':
      case 'subject':
        return [
          [`${name}=Patient/pat-dnr`, [made.d1]],
          [`${name}=Patient/nobody`, none],
        ];
      case 'status':
        return [
          ['status=revoked', [made.f2]],
          ['status=completed', none],
        ];
      case 'authored':
        return [
          [`authored=ge${new Date().getUTCFullYear()}`, [made.f1, made.f2, made.d1].sort()],
          ['authored=lt2000', none],
        ];
      case 'requester':
        return [
          [`requester=Practitioner/${gpPersonId}`, Object.values(made).sort()],
          ['requester=Practitioner/nobody', none],
        ];
      // Every referral made here is an MR kne order to DEPT: these filter all or nothing (the
      // '_include, _revinclude, code, intent, performer, _lastUpdated' block below tells them apart).
      case 'code':
        return [
          ['code=urn:oid:2.16.578.1.12.4.1.1.7270|SNG0AG', Object.values(made).sort()],
          ['code=urn:oid:2.16.578.1.12.4.1.1.7270|SAA0AG', none],
        ];
      case 'performer':
        return [
          [`performer=Organization/${DEPT}`, Object.values(made).sort()],
          ['performer=Organization/nobody', none],
        ];
      case 'intent':
        return [
          ['intent=order', Object.values(made).sort()],
          ['intent=plan', none],
        ];
      case '_lastUpdated':
        return [
          [`_lastUpdated=ge${new Date().getUTCFullYear() - 1}`, Object.values(made).sort()],
          ['_lastUpdated=lt2000', none],
        ];
      default:
        throw new Error(`no probe for declared search parameter ${name}: write one`);
    }
  };

  it('filters by each parameter the CapabilityStatement declares for ServiceRequest', async () => {
    const cs = (await t.app.inject({ url: '/fhir/metadata' })).json();
    const declared = cs.rest[0].resource.find((r: { type: string }) => r.type === 'ServiceRequest').searchParam.map((p: { name: string }) => p.name);
    expect(declared.length).toBeGreaterThanOrEqual(7);
    const all = ids((await get('/fhir/ServiceRequest?_count=100')).json());
    expect(all).toEqual(Object.values(made).sort());
    for (const name of declared)
      for (const [q, want] of probes(name)) {
        const res = await get(`/fhir/ServiceRequest?${q}`);
        expect({ q, status: res.statusCode, ids: ids(res.json()) }).toEqual({ q, status: 200, ids: want });
        expect(selfOf(res.json())).toContain(q.split('=')[0]);
      }
  });

  it('every declared parameter with a modifier it does not read is a 400 under strict and is reported as ignored under lenient', async () => {
    const cs = (await t.app.inject({ url: '/fhir/metadata' })).json();
    const declared: string[] = cs.rest[0].resource.find((r: { type: string }) => r.type === 'ServiceRequest').searchParam.map((p: { name: string }) => p.name);
    for (const name of declared)
      for (const mod of ['contains', 'exact', 'text', 'below', 'above', 'in', 'of-type']) {
        if ((MODIFIERS[name] ?? []).includes(mod)) continue;
        const q = `${name}:${mod}=x`;
        const strict = await get(`/fhir/ServiceRequest?${q}`, { prefer: 'handling=strict' });
        expect({ q, status: strict.statusCode, type: strict.json().resourceType }).toEqual({ q, status: 400, type: 'OperationOutcome' });
        const lenient = (await get(`/fhir/ServiceRequest?${q}&_count=100`, { prefer: 'handling=lenient' })).json();
        expect(ids(lenient), q).toEqual(Object.values(made).sort());
        expect(selfOf(lenient), q).not.toContain(`:${mod}`);
        const outcome = lenient.entry.find((e: { search: { mode: string } }) => e.search.mode === 'outcome');
        expect(outcome?.resource.issue[0].diagnostics, q).toContain(`${name}:${mod}`);
      }
  });
});

describe('search: modifiers, chains, token forms, date prefixes (kind 01)', () => {
  it('applies :missing, :not, type modifiers and identifier chains; other chains are refused', async () => {
    const y = new Date().getUTCFullYear();
    const cases: [string, string[]][] = [
      ['identifier:missing=true', [made.h1]],
      ['identifier:missing=false', [made.f1, made.f2, made.d1].sort()],
      ['authored:missing=true', [made.h1]],
      ['status:missing=true', []],
      ['status:missing=false', Object.values(made).sort()],
      ['status:not=revoked', [made.f1, made.d1, made.h1].sort()],
      ['subject:Patient=pat-dnr', [made.d1]],
      ['patient:Patient=pat-dnr', [made.d1]],
      ['subject:Group=pat-dnr', []],
      ['subject:Device=pat-dnr', []],
      ['subject=Group/pat-dnr', []],
      [`requester:Practitioner=${gpPersonId}`, Object.values(made).sort()],
      [`requester:PractitionerRole=${gpPersonId}`, []],
      [`requester=PractitionerRole/${gpPersonId}`, []],
      [`patient.identifier=${DNR}`, [made.d1]],
      [`patient.identifier=${DNR_OID}|${DNR}`, [made.d1]],
      [`subject.identifier=${DNR_OID}|${DNR}`, [made.d1]],
      [`subject:Patient.identifier=${DNR}`, [made.d1]],
      [`subject:Group.identifier=${DNR}`, []],
      [`patient:identifier=${FNR}`, [made.f1, made.f2].sort()],
      [`patient:identifier=|${FNR}`, []],
      [`patient:identifier=${FH_OID}|${FH}`, [made.h1]],
      [`patient.identifier=${FH}`, [made.h1]],
      [`requester.identifier=${HPR_OID}|${GP_HPR}`, Object.values(made).sort()],
      [`requester:Practitioner.identifier=${GP_HPR}`, Object.values(made).sort()],
      [`identifier=${EPJ}|`, [made.f1, made.f2, made.d1].sort()],
      ['identifier=|var-f1', []],
      ['identifier=var-f1', [made.f1]],
      [`identifier=${encodeURIComponent(`${EPJ}|var-f1`)}`, [made.f1]],
      ['identifier=var-f1,var-d1', [made.f1, made.d1].sort()],
      ['identifier=var-f1&identifier=var-d1', []],
      [`_id=${made.f1},${made.d1}`, [made.f1, made.d1].sort()],
      [`patient=Patient/pat-fnr,Patient/pat-dnr&status=active`, [made.f1, made.d1].sort()],
      [`authored=eq${y}`, [made.f1, made.f2, made.d1].sort()],
      [`authored=ne${y}`, []],
      [`authored=gt${y - 1}`, [made.f1, made.f2, made.d1].sort()],
      [`authored=lt${y + 1}`, [made.f1, made.f2, made.d1].sort()],
      [`authored=ge${y + 1}`, []],
      [`authored=le${y - 1}`, []],
      [`authored=sa${y - 1}`, [made.f1, made.f2, made.d1].sort()],
      [`authored=eb${y + 1}`, [made.f1, made.f2, made.d1].sort()],
      [`authored=sa${y}`, []],
      [`authored=ge${y}-01-01T00:00:00+01:00`, [made.f1, made.f2, made.d1].sort()],
      [`authored=ge${y}-01-01T00:00:00%2B01:00`, [made.f1, made.f2, made.d1].sort()],
      [`authored=ge${y}-01-01T00:00:00Z`, [made.f1, made.f2, made.d1].sort()],
    ];
    for (const [q, want] of cases) {
      const res = await get(`/fhir/ServiceRequest?${q}&_count=100`);
      expect({ q, status: res.statusCode, ids: res.statusCode === 200 ? ids(res.json()) : res.json() }).toEqual({ q, status: 200, ids: want });
      // The self link round-trips: following it gives the same answer.
      const self = new URL(res.json().link.find((l: { relation: string }) => l.relation === 'self').url);
      expect({ q, again: ids((await get(`${self.pathname}${self.search}`)).json()) }).toEqual({ q, again: want });
    }
    for (const q of [
      'patient.name=Kari',
      'subject.birthdate=1960-03-31',
      'requester.name=x',
      'patient._id=pat-fnr',
      'subject:missing=maybe',
      `patient:identifier=${FH_OID}|81234560000`,
      `patient.identifier=${FNR_OID}|31836000068`,
      'authored=ap2026',
      'status=ACTIVE',
      '_id:not=x',
      'identifier:not=x',
    ]) {
      const res = await get(`/fhir/ServiceRequest?${q}`);
      expect({ q, status: res.statusCode, type: res.json().resourceType }).toEqual({ q, status: 400, type: 'OperationOutcome' });
    }
  });
});

describe('search: result parameters and POST _search (kind 01)', () => {
  it('_count 0 and over the maximum, _total, _summary=count, _elements, _sort, _format', async () => {
    const zero = (await get('/fhir/ServiceRequest?_count=0')).json();
    expect(zero.total).toBe(4);
    expect(zero.entry ?? []).toEqual([]);
    expect(selfOf(zero)).toContain('_count=0');
    const over = (await get('/fhir/ServiceRequest?_count=1000')).json();
    expect(selfOf(over)).toContain('_count=100');
    expect(ids(over)).toHaveLength(4);
    expect((await get('/fhir/ServiceRequest?_total=none')).json().total).toBeUndefined();
    for (const v of ['accurate', 'estimate']) expect((await get(`/fhir/ServiceRequest?_total=${v}`)).json().total).toBe(4);
    const summary = (await get('/fhir/ServiceRequest?_summary=count&status=active')).json();
    expect({ total: summary.total, n: summary.entry?.length ?? 0 }).toEqual({ total: 3, n: 0 });
    expect(selfOf(summary)).toContain('_summary=count');
    const el = (await get(`/fhir/ServiceRequest?_id=${made.f1}&_elements=identifier,priority`)).json();
    const r = el.entry[0].resource;
    expect(Object.keys(r).sort()).toEqual(['id', 'identifier', 'intent', 'meta', 'priority', 'resourceType', 'status', 'subject']);
    expect(r.meta.tag).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SUBSETTED' })]));
    expect(selfOf(el)).toContain('_elements=identifier,priority');
    const byId = (await get('/fhir/ServiceRequest?_sort=_id')).json().entry.map((e: { resource: { id: string } }) => e.resource.id);
    expect(byId).toEqual([...byId].sort());
    const byIdDesc = (await get('/fhir/ServiceRequest?_sort=-_id')).json().entry.map((e: { resource: { id: string } }) => e.resource.id);
    expect(byIdDesc).toEqual([...byId].reverse());
    expect(selfOf((await get('/fhir/ServiceRequest?_sort=-_id')).json())).toContain('_sort=-_id');
    const authored = (await get('/fhir/ServiceRequest?_sort=authored&authored:missing=false'))
      .json()
      .entry.map((e: { resource: { authoredOn: string } }) => e.resource.authoredOn);
    expect(authored).toEqual([...authored].sort());
    for (const f of ['json', 'application/json', 'application/fhir%2Bjson', 'application/fhir+json']) {
      const res = await get(`/fhir/ServiceRequest?_format=${f}`);
      expect({ f, status: res.statusCode }).toEqual({ f, status: 200 });
    }
    for (const f of ['xml', 'application/fhir%2Bxml', 'application/fhir+xml', 'text/xml', 'ttl']) {
      const res = await get(`/fhir/ServiceRequest?_format=${f}`);
      expect({ f, status: res.statusCode, type: res.json().resourceType }).toEqual({ f, status: 406, type: 'OperationOutcome' });
    }
    for (const q of [
      '_sort=code',
      '_summary=maybe',
      '_summary=true&_elements=id',
      '_elements=id&_summary=data',
      '_elements=a.b',
      '_count=-1',
      '_offset=x',
      '_pretty=yes',
    ]) {
      expect({ q, status: (await get(`/fhir/ServiceRequest?${q}`)).statusCode }).toEqual({ q, status: 400 });
    }
  });

  it('_summary=true|text|data give the R4 subsets, tagged SUBSETTED, kept in the paging links (breaker14; they were a 400)', async () => {
    const one = async (mode: string) => {
      const b = (await get(`/fhir/ServiceRequest?_id=${made.f1}&_summary=${mode}`)).json();
      expect(selfOf(b)).toContain(`_summary=${mode}`);
      return b.entry[0].resource as Record<string, unknown> & { meta: { tag?: { code: string }[] } };
    };
    const full = (await get(`/fhir/ServiceRequest/${made.f1}`)).json() as Record<string, unknown>;
    const summary = await one('true');
    // R4 ServiceRequest: note, supportingInfo, insurance, relevantHistory, text and contained are not summary elements.
    for (const k of ['note', 'supportingInfo', 'text', 'contained']) expect(k in summary, k).toBe(false);
    for (const k of ['id', 'meta', 'status', 'intent', 'subject', 'code', 'identifier']) expect(k in summary, k).toBe(k in full);
    expect('note' in full).toBe(true);
    expect(summary.meta.tag).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SUBSETTED' })]));
    const text = await one('text');
    expect(Object.keys(text).filter((k) => !['resourceType', 'id', 'meta', 'text', 'status', 'intent', 'subject'].includes(k))).toEqual([]);
    const data = await one('data');
    expect(Object.keys(data).sort()).toEqual(
      Object.keys(full)
        .filter((k) => k !== 'text')
        .sort(),
    );
    expect(data.meta.tag).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SUBSETTED' })]));
    const next = (await get('/fhir/ServiceRequest?_summary=true&_count=1')).json().link.find((l: { relation: string }) => l.relation === 'next');
    expect(next.url).toContain('_summary=true');
    for (const mode of ['true', 'text', 'data']) {
      const b = (await get(`/fhir/ServiceRequest?_summary=${mode}&_count=2`)).json();
      expect({ mode, problems: structuralProblems(b) }).toEqual({ mode, problems: [] });
    }
  });

  it('_pretty (http.html#parameters) is taken on search, read and metadata: true indents the JSON, false does not; another value → 400 (breaker14; search refused it)', async () => {
    for (const url of [`/fhir/ServiceRequest?_count=1&_pretty=true`, `/fhir/ServiceRequest/${made.f1}?_pretty=true`, '/fhir/metadata?_pretty=true']) {
      const res = await get(url);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      expect({ url, indented: res.body.startsWith('{\n  "') }).toEqual({ url, indented: true });
      expect(res.json().resourceType).toBeDefined();
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    }
    const plain = await get('/fhir/ServiceRequest?_count=1&_pretty=false');
    expect(plain.statusCode).toBe(200);
    expect(plain.body.startsWith('{"')).toBe(true);
    expect(selfOf(plain.json())).not.toContain('_pretty');
    expect((await get(`/fhir/ServiceRequest/${made.f1}?_pretty=1`)).statusCode).toBe(400);
  });

  it('pages round-trip: next/previous/self links reach every match exactly once, in both directions', async () => {
    const link = (b: B, rel: string) => b.link.find((l) => l.relation === rel)?.url;
    const follow = async (u: string) => {
      const x = new URL(u);
      return (await get(`${x.pathname}${x.search}`)).json() as B;
    };
    let page = (await get('/fhir/ServiceRequest?_count=1&_sort=_id')).json() as B;
    const forward: string[] = [...ids(page)];
    const pages: B[] = [page];
    while (link(page, 'next')) {
      page = await follow(link(page, 'next')!);
      expect(page.total).toBe(4);
      forward.push(...ids(page));
      pages.push(page);
    }
    expect(forward).toEqual(Object.values(made).sort());
    const back: string[] = [...ids(page)];
    while (link(page, 'previous')) {
      page = await follow(link(page, 'previous')!);
      back.unshift(...ids(page));
    }
    expect(back).toEqual(forward);
    for (const p of pages) expect(ids(await follow(link(p, 'self')!))).toEqual(ids(p));
  });

  it('POST [base]/ServiceRequest/_search with a form body searches as GET does', async () => {
    const form = (payload: string, url = '/fhir/ServiceRequest/_search', headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { ...READ, 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });
    const byForm = await form(`patient:identifier=${encodeURIComponent(`${DNR_OID}|${DNR}`)}`);
    expect(byForm.statusCode).toBe(200);
    expect(ids(byForm.json())).toEqual([made.d1]);
    expect(selfOf(byForm.json())).toContain(`patient:identifier=${DNR_OID}|${DNR}`);
    expect(ids((await form('status=active', '/fhir/ServiceRequest/_search?patient=Patient/pat-fnr')).json())).toEqual([made.f1]);
    expect((await form('foo=bar')).statusCode).toBe(400);
    expect((await form('foo=bar&_id=' + made.f1, undefined, { prefer: 'handling=lenient' })).json().total).toBe(1);
    const json = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest/_search', headers: WRITE, payload: '{"status":"active"}' });
    expect({ status: json.statusCode, type: json.json().resourceType }).toEqual({ status: 415, type: 'OperationOutcome' });
    // No token: refused like GET.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/fhir/ServiceRequest/_search',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'status=active',
        })
      ).statusCode,
    ).toBe(401);
    // The form parser is not app-wide: the app API does not take form bodies.
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=a&password=b',
    });
    expect(api.statusCode).toBe(415);
  });
});

describe('conditional create combinations (kind 02)', () => {
  it('0/1/many matches for combinations of the declared parameters, identifier with and without system', async () => {
    const y = new Date().getUTCFullYear();
    const one: string[] = [
      `identifier=${EPJ}|var-f1`,
      'identifier=var-f1',
      `identifier=var-f1&status=active`,
      `identifier=var-f1&patient=Patient/pat-fnr&status=active&authored=ge${y}`,
      `identifier=var-f1&requester:identifier=${HPR_OID}|${GP_HPR}`,
      `patient:identifier=${DNR_OID}|${DNR}&status=active`,
      `subject.identifier=${DNR}&identifier=${EPJ}|`,
      `_id=${made.f1}&status:not=revoked`,
      `ServiceRequest?identifier=var-f1`,
      `http://radvis.example/fhir/ServiceRequest?identifier=var-f1`,
      `identifier=var-f1&patient:Patient=pat-fnr`,
    ];
    for (const h of one) {
      const before = await count();
      const res = await post(referral(`ine-${crypto.randomUUID()}`), { 'if-none-exist': h });
      expect({ h, status: res.statusCode }).toEqual({ h, status: 200 });
      expect(await count()).toBe(before);
    }
    for (const h of [`patient=Patient/pat-fnr`, `identifier=${EPJ}|`, `requester=Practitioner/${gpPersonId}&authored=ge${y}`, 'status:missing=false']) {
      const res = await post(referral(`ine-${crypto.randomUUID()}`), { 'if-none-exist': h });
      expect({ h, status: res.statusCode, type: res.json().resourceType }).toEqual({ h, status: 412, type: 'OperationOutcome' });
    }
    for (const h of ['identifier=var-f1&status=completed', `identifier=|var-f1`, 'subject:Group=pat-fnr', `patient.identifier=${FH}&status=completed`]) {
      const res = await post(referral(`ine-${crypto.randomUUID()}`), { 'if-none-exist': h });
      expect({ h, status: res.statusCode }).toEqual({ h, status: 201 });
    }
    for (const h of ['identifier:exact=var-f1', 'patient.name=Kari', '_count=1', '_sort=_id&identifier=x', 'Patient?identifier=x', '&', '%']) {
      const before = await count();
      const res = await post(referral(`ine-${crypto.randomUUID()}`), { 'if-none-exist': h });
      expect({ h, status: res.statusCode, type: res.json().resourceType }).toEqual({ h, status: 400, type: 'OperationOutcome' });
      expect(await count()).toBe(before);
    }
  });
});

describe('metadata (kind 03)', () => {
  it('is a valid R4 CapabilityStatement for every Accept/_format/mode a client may send, 406 for XML', async () => {
    for (const [accept, fmt] of [
      [undefined, undefined],
      ['application/fhir+json', undefined],
      ['application/json', undefined],
      ['*/*', undefined],
      ['application/fhir+json; fhirVersion=4.0', undefined],
      ['application/fhir+xml;q=0.9, application/fhir+json', undefined],
      ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', undefined],
      [undefined, 'json'],
      [undefined, 'application/fhir%2Bjson'],
      ['application/fhir+xml', 'json'],
    ] as const) {
      const res = await t.app.inject({ url: `/fhir/metadata${fmt ? `?_format=${fmt}` : ''}`, headers: accept ? { accept } : {} });
      expect({ accept, fmt, status: res.statusCode }).toEqual({ accept, fmt, status: 200 });
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const cs = res.json();
      expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' });
      expect(cs.format).toEqual(expect.arrayContaining(['application/fhir+json']));
      expect(cs.format).not.toEqual(expect.arrayContaining(['xml']));
      expect(typeof cs.date).toBe('string');
      for (const r of cs.rest[0].resource) {
        expect(r.interaction.length, r.type).toBeGreaterThan(0);
        for (const i of r.interaction)
          expect(['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type']).toContain(i.code);
        for (const p of r.searchParam ?? [])
          expect(['number', 'date', 'string', 'token', 'reference', 'composite', 'quantity', 'uri', 'special']).toContain(p.type);
      }
    }
    for (const [accept, fmt] of [
      ['application/fhir+xml', undefined],
      ['application/xml', undefined],
      ['application/fhir+json; fhirVersion=3.0', undefined],
      ['application/fhir+turtle', undefined],
      [undefined, 'xml'],
      [undefined, 'application/fhir%2Bxml'],
      ['application/fhir+json', 'xml'],
    ] as const) {
      const res = await t.app.inject({ url: `/fhir/metadata${fmt ? `?_format=${fmt}` : ''}`, headers: accept ? { accept } : {} });
      expect({ accept, fmt, status: res.statusCode, type: res.json().resourceType }).toEqual({ accept, fmt, status: 406, type: 'OperationOutcome' });
    }
    for (const mode of ['full', 'normative', 'terse'])
      expect((await t.app.inject({ url: `/fhir/metadata?mode=${mode}` })).json().resourceType).toBe('CapabilityStatement');
    expect((await t.app.inject({ url: '/fhir/metadata?mode=everything' })).statusCode).toBe(400);
  });

  it('answers interactions it does not support on a supported type with 405 and Allow; unknown types 404', async () => {
    for (const [method, url, allow] of [
      ['PUT', '/fhir/ServiceRequest/x', 'GET, HEAD'],
      ['PATCH', '/fhir/ServiceRequest/x', 'GET, HEAD'],
      ['DELETE', '/fhir/ServiceRequest/x', 'GET, HEAD'],
      ['DELETE', '/fhir/ServiceRequest', 'GET, POST, HEAD'],
      ['PUT', '/fhir/ServiceRequest/x/_history/1', 'GET, HEAD'],
      ['POST', '/fhir/metadata', 'GET, HEAD'],
    ] as const) {
      const res = await t.app.inject(
        method === 'DELETE' ? { method, url, headers: READ } : { method, url, headers: WRITE, payload: JSON.stringify(referral('x')) },
      );
      expect({ method, url, status: res.statusCode, allow: res.headers.allow, type: res.json().resourceType }).toEqual({
        method,
        url,
        status: 405,
        allow,
        type: 'OperationOutcome',
      });
    }
    const before = await count();
    // A type Radvis does not serve is 404 (Patient and Practitioner are served since session 10).
    expect((await t.app.inject({ url: '/fhir/Encounter?identifier=x', headers: READ })).statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('the statement, search Bundles and OperationOutcomes are structurally valid R4 (@medplum/core validation)', async () => {
    const cs = (await t.app.inject({ url: '/fhir/metadata' })).json();
    expect(structuralProblems(cs)).toEqual([]);
    for (const [q, h] of [
      ['_count=2', {}],
      [`_id=${made.f1}&_elements=identifier`, {}],
      ['foo=1&_count=1', { prefer: 'handling=lenient' }],
      ['_summary=count', {}],
    ] as const) {
      const b = (await get(`/fhir/ServiceRequest?${q}`, h)).json();
      expect({ q, problems: structuralProblems(b) }).toEqual({ q, problems: [] });
    }
    for (const r of [await get('/fhir/ServiceRequest?foo=1'), await post('{"resourceType":'), await get('/fhir/metadata', { accept: 'application/fhir+xml' })])
      expect(structuralProblems(r.json())).toEqual([]);
  });

  it('declares every FHIR route the app serves, and no other', async () => {
    const cs = (await t.app.inject({ url: '/fhir/metadata' })).json();
    const declared = new Set<string>(cs.rest[0].resource.map((r: { type: string }) => r.type));
    const served = new Set<string>();
    for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /\/fhir\/([A-Z][A-Za-z]+)/.exec(line);
      if (m) served.add(m[1]);
    }
    expect([...served].sort()).toEqual([...declared].sort());
  });
});

describe('versioning, conditional read (kind 04)', () => {
  it('meta, ETag and Last-Modified on create, read and vread agree; If-None-Match and If-Modified-Since give 304', async () => {
    const c = await post(referral(`meta-${crypto.randomUUID()}`));
    const sr = c.json();
    const loc = new URL(c.headers.location as string);
    expect(loc.pathname).toBe(`/fhir/ServiceRequest/${sr.id}/_history/${sr.meta.versionId}`);
    for (const url of [`/fhir/ServiceRequest/${sr.id}`, loc.pathname]) {
      const r = await get(url);
      expect(r.headers.etag).toBe(`W/"${sr.meta.versionId}"`);
      expect(r.headers['last-modified']).toBe(c.headers['last-modified']);
      expect(r.json().meta).toEqual(sr.meta);
    }
    const lm = c.headers['last-modified'] as string;
    for (const [h, status] of [
      [{ 'if-none-match': 'W/"1"' }, 304],
      [{ 'if-none-match': '"1"' }, 304],
      [{ 'if-none-match': 'W/"0", W/"1"' }, 304],
      [{ 'if-none-match': '*' }, 304],
      [{ 'if-none-match': 'W/"2"' }, 200],
      [{ 'if-modified-since': lm }, 304],
      [{ 'if-modified-since': new Date(Date.parse(lm) - 1000).toUTCString() }, 200],
      [{ 'if-modified-since': 'not a date' }, 200],
      [{ 'if-none-match': 'W/"2"', 'if-modified-since': lm }, 200],
      [{ 'if-match': 'W/"1"' }, 200],
      [{ 'if-match': '*' }, 200],
      [{ 'if-match': 'W/"2"' }, 412],
    ] as const) {
      const r = await get(`/fhir/ServiceRequest/${sr.id}`, h);
      expect({ h, status: r.statusCode }).toEqual({ h, status });
    }
    const cs = (await t.app.inject({ url: '/fhir/metadata' })).json();
    expect(cs.rest[0].resource.find((r: { type: string }) => r.type === 'ServiceRequest').conditionalRead).toBe('full-support');
    // Unknown elements and wrong types are not silently dropped: 400 OperationOutcome naming them.
    for (const [over, field] of [
      [{ foo: 1 }, 'foo'],
      [{ meta: { versionId: 3, lastUpdated: 'x' } }, 'meta'],
      [{ code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG', bogus: true }] } }, 'bogus'],
    ] as const) {
      const r = await post(referral(`u-${crypto.randomUUID()}`, over));
      expect({ field, status: r.statusCode, type: r.json().resourceType }).toEqual({ field, status: 400, type: 'OperationOutcome' });
      expect(JSON.stringify(r.json().issue)).toContain(field);
    }
  });
});

describe('CORS (kind 05)', () => {
  const preflight = (url: string, method: string, headers: string, origin = 'https://epj.example.org') =>
    t.app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

  it('preflight allows each documented method and header on every interop path; answers expose the headers a client reads', async () => {
    for (const url of [
      '/fhir/ServiceRequest',
      '/fhir/ServiceRequest/x',
      '/fhir/ServiceRequest/x/_history/1',
      '/fhir/ServiceRequest/_search',
      '/fhir/metadata',
      '/cds-services',
      '/cds-services/radvis-imaging-order-sign',
    ])
      for (const [method, headers] of [
        ['GET', 'authorization,accept,if-none-match,if-modified-since,if-match,prefer'],
        ['POST', 'authorization,content-type,if-none-exist,prefer,accept'],
        ['POST', 'Authorization, Content-Type, If-None-Exist'],
      ]) {
        const res = await preflight(url, method, headers);
        expect({ url, method, status: res.statusCode }).toEqual({ url, method, status: 204 });
        expect(res.headers['access-control-allow-origin']).toBe('*');
        expect(String(res.headers['access-control-allow-methods'])).toContain(method);
        const allowed = String(res.headers['access-control-allow-headers'])
          .toLowerCase()
          .split(/\s*,\s*/);
        expect(allowed).toEqual(expect.arrayContaining(headers.toLowerCase().split(/\s*,\s*/)));
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      }
    // A preflight without the CORS request headers is not a bare text 400.
    const bare = await t.app.inject({ method: 'OPTIONS', url: '/fhir/ServiceRequest' });
    expect(bare.statusCode).toBeLessThan(300);
    const origin = { origin: 'https://epj.example.org' };
    const created = await post(referral(`cors-${crypto.randomUUID()}`), origin);
    const read = await get(new URL(created.headers.location as string).pathname, origin);
    const search = await get('/fhir/ServiceRequest?_count=1', origin);
    const error = await get('/fhir/ServiceRequest?foo=1', origin);
    const gz = await post(zlib.gzipSync(JSON.stringify(referral('gz'))).toString('latin1'), { ...origin, 'content-encoding': 'gzip' });
    for (const [what, res] of Object.entries({ created, read, search, error, gz })) {
      expect(res.headers['access-control-allow-origin'], what).toBe('*');
      const exposed = String(res.headers['access-control-expose-headers']).toLowerCase();
      for (const h of ['location', 'etag', 'content-location', 'last-modified']) expect(exposed, what).toContain(h);
    }
    expect(gz.statusCode).toBe(415);
  });

  it('a disallowed method is not granted, and the app API stays same-origin whatever the origin', async () => {
    const put = await preflight('/fhir/ServiceRequest/x', 'PUT', 'authorization');
    expect(String(put.headers['access-control-allow-methods'])).not.toContain('PUT');
    for (const o of ['https://evil.example', 'null', 'http://localhost:80']) {
      const api = await preflight('/api/referrals', 'POST', 'content-type', o);
      expect(api.headers['access-control-allow-origin'], o).toBeUndefined();
      const got = await t.app.inject({ url: '/api/referrals', headers: { origin: o } });
      expect(got.headers['access-control-allow-origin'], o).toBeUndefined();
    }
  });
});

describe('Norwegian identifiers on every FHIR door (kind 07)', () => {
  it('fødselsnummer, D-number, synthetic numbers and FH-nummer under their OIDs; bad check digits → 422; subject as a contained Patient', async () => {
    const synthD = makeSyntheticFnr('1990-05-17', 'M', 7, { dNumber: true })!;
    const synth = makeSyntheticFnr('1975-12-24', 'F', 11)!;
    for (const [id, number] of [
      ['pat-synth-d', synthD],
      ['pat-synth', synth],
    ])
      await t.db.kysely
        .insertInto('patient')
        .values({ id, fnr: number, given_name: 'Ola', family_name: id, birth_date: '1990-05-17', sex: 'M', municipality_number: '4601', gp_person_id: null })
        .execute();
    for (const [system, value, patient, answered] of [
      [FNR_OID, FNR, 'pat-fnr', FNR_OID],
      [DNR_OID, DNR, 'pat-dnr', DNR_OID],
      [FNR_OID, DNR, 'pat-dnr', DNR_OID],
      [DNR_OID, synthD, 'pat-synth-d', DNR_OID],
      [FNR_OID, synth, 'pat-synth', FNR_OID],
      [FH_OID, FH, 'pat-fh', FH_OID],
      [FNR_OID, `${FNR.slice(0, 6)} ${FNR.slice(6)}`, 'pat-fnr', FNR_OID],
    ] as const) {
      const res = await post(referral(`id-${crypto.randomUUID()}`, { subject: { identifier: { system, value } } }));
      expect({ system, value, status: res.statusCode }).toEqual({ system, value, status: 201 });
      expect(res.json().subject).toMatchObject({ reference: `Patient/${patient}`, identifier: { system: answered } });
      // The same through a contained Patient.
      const contained = await post(
        referral(`idc-${crypto.randomUUID()}`, {
          contained: [{ resourceType: 'Patient', id: 'p1', identifier: [{ system, value }], name: [{ family: 'Nordmann' }] }],
          subject: { reference: '#p1' },
        }),
      );
      expect({ system, value, contained: contained.statusCode }).toEqual({ system, value, contained: 201 });
      expect(contained.json().subject.reference).toBe(`Patient/${patient}`);
      expect(contained.json().contained).toBeUndefined();
      // And in search.
      const s = (await get(`/fhir/ServiceRequest?patient:identifier=${encodeURIComponent(`${system}|${value}`)}&_summary=count`)).json();
      expect(s.total, `${system}|${value}`).toBeGreaterThan(0);
    }
    const before = await count();
    for (const [system, value, status] of [
      [FNR_OID, '31836000068', 422],
      [DNR_OID, '52838510052', 422],
      [FH_OID, `${FH.slice(0, 10)}${(Number(FH[10]) + 1) % 10}`, 422],
      [FH_OID, FNR, 422],
      ['urn:oid:2.16.578.1.12.4.1.4.5', FNR, 422],
      [HPR_OID, FNR, 422],
      [FNR_OID, '3183600006', 422],
      [FNR_OID, 'abcdefghijk', 422],
      [DNR_OID, makeSyntheticFnr('1991-01-01', 'F', 3, { dNumber: true })!, 422],
      // breaker14: the D-number OID holds D-numbers only (a known patient's fødselsnummer or FH-nummer there names no one).
      [DNR_OID, FNR, 422],
      [DNR_OID, FH, 422],
    ] as const) {
      const res = await post(referral(`bad-${crypto.randomUUID()}`, { subject: { identifier: { system, value } } }));
      expect({ system, value, status: res.statusCode, type: res.json().resourceType }).toEqual({ system, value, status, type: 'OperationOutcome' });
      expect(res.json().issue[0].expression[0]).toMatch(/^ServiceRequest\.subject/);
      const s = await get(`/fhir/ServiceRequest?patient:identifier=${encodeURIComponent(`${system}|${value}`)}`);
      expect({ system, value, search: s.statusCode }).toEqual({ system, value, search: s.statusCode === 200 ? 200 : 400 });
    }
    expect(await count()).toBe(before);
    // Contained resources other than the subject Patient, or a Patient without a Norwegian identifier: 422, clearly.
    for (const over of [
      { contained: [{ resourceType: 'Patient', id: 'p1', identifier: [{ system: 'http://example.org/mrn', value: '1' }] }], subject: { reference: '#p1' } },
      { contained: [{ resourceType: 'Patient', id: 'p1' }], subject: { reference: '#p2' } },
      { contained: [{ resourceType: 'Practitioner', id: 'x' }] },
    ]) {
      const res = await post(referral(`c-${crypto.randomUUID()}`, over));
      expect({ status: res.statusCode, type: res.json().resourceType }).toEqual({ status: 422, type: 'OperationOutcome' });
    }
    const malformed = await post(referral(`c-${crypto.randomUUID()}`, { contained: { resourceType: 'Patient' }, subject: { reference: '#p1' } }));
    expect(malformed.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });
});

describe('every R4 status and intent (kind 11)', () => {
  it('active + any kind of order is accepted; other valid codes are 422; codes outside the value sets are 400', async () => {
    const statuses = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
    const intents = ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'];
    const orders = ['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order'];
    for (const status of statuses)
      for (const intent of intents) {
        const res = await post(referral(`si-${crypto.randomUUID()}`, { status, intent }));
        const want = status === 'active' && orders.includes(intent) ? 201 : 422;
        expect({ status, intent, code: res.statusCode }).toEqual({ status, intent, code: want });
        if (want === 422) {
          expect(res.json().issue[0].code).toBe('processing');
          expect(res.json().issue.map((i: { expression: string[] }) => i.expression[0])).toEqual(
            expect.arrayContaining([status === 'active' ? 'ServiceRequest.intent' : 'ServiceRequest.status']),
          );
        } else expect(res.json()).toMatchObject({ status: 'active', intent });
      }
    const before = await count();
    for (const over of [
      { status: 'Active' },
      { status: 'sent' },
      { intent: 'Order' },
      { intent: 'referral' },
      { status: '' },
      { intent: 7 },
      { status: null },
      { priority: 'ASAP' },
    ]) {
      const res = await post(referral(`bad-${crypto.randomUUID()}`, over));
      expect({ over, status: res.statusCode, type: res.json().resourceType }).toEqual({ over, status: 400, type: 'OperationOutcome' });
    }
    expect(await count()).toBe(before);
  });
});

describe('HL7 R4 ServiceRequest examples (kind 11)', () => {
  const examples = (
    JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata/r4-servicerequest-examples.json'), 'utf8')) as {
      examples: Record<string, unknown>[];
    }
  ).examples;

  it('each loads as valid FHIR: 422 naming Radvis rules, never 400', async () => {
    const before = await count();
    for (const ex of examples) {
      const res = await post(ex);
      expect({ id: ex.id, status: res.statusCode, type: res.json().resourceType }).toEqual({ id: ex.id, status: 422, type: 'OperationOutcome' });
      for (const i of res.json().issue) expect(i.code, String(ex.id)).toBe('processing');
    }
    expect(await count()).toBe(before);
  });

  it('each, given what Radvis needs, is accepted and keeps every element Radvis does not model', async () => {
    for (const ex of examples.filter((e) => !e.contained)) {
      const { id: _id, ...rest } = ex;
      const body = {
        ...rest,
        status: 'active',
        intent: ['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order'].includes(String(ex.intent)) ? ex.intent : 'order',
        identifier: [{ system: EPJ, value: `r4-${String(ex.id)}-${crypto.randomUUID()}` }],
        code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }], text: 'MR kne' },
        subject: { identifier: { system: FNR_OID, value: FNR } },
        requester: { identifier: { system: HPR_OID, value: GP_HPR } },
        performer: [{ reference: `Organization/${DEPT}` }],
      };
      const res = await post(body);
      expect({ id: ex.id, status: res.statusCode }).toEqual({ id: ex.id, status: 201 });
      const read = (await get(`/fhir/ServiceRequest/${res.json().id}`)).json();
      // authoredOn is kept as the record system sent it (plat26); without one it is when Radvis received the referral.
      const sent = (rest as { authoredOn?: unknown }).authoredOn;
      if (typeof sent === 'string') expect({ id: ex.id, authoredOn: read.authoredOn }).toEqual({ id: ex.id, authoredOn: sent });
      else expect(read.authoredOn).toMatch(new RegExp(`^${new Date().getUTCFullYear()}-`));
      for (const k of Object.keys(rest).filter(
        (k) => !['status', 'intent', 'identifier', 'code', 'subject', 'requester', 'performer', 'priority', 'authoredOn'].includes(k),
      ))
        expect({ id: ex.id, k, v: read[k] }).toEqual({ id: ex.id, k, v: (rest as Record<string, unknown>)[k] });
    }
  });
});

describe('code, intent, performer, _lastUpdated, _include, _revinclude, _history (issue 7 point 3)', () => {
  const OTHER_TOKEN = crypto.randomBytes(24).toString('base64url');
  const OTHER = { authorization: `Bearer ${OTHER_TOKEN}` };
  const LOCAL = 'http://epj.example.no/undersokelse';
  const OTHER_FNR = makeSyntheticFnr('1970-01-01', 'M')!;
  let x1: string;
  let y1: string;
  let otherGp: string;

  beforeAll(async () => {
    const db = t.db.kysely;
    // A second practice with its own GP, client and patient: what the first client must never see.
    const practice2 = await createOrganization(db, { kind: 'gp_practice', name: 'Fjordlegene' });
    otherGp = (await createUser(db, { referrerKind: 'gp', hpr: '1282680', grants: [{ role: 'referrer', organizationId: practice2 }] })).personId;
    await db
      .insertInto('patient')
      .values({
        id: 'pat-other',
        fnr: OTHER_FNR,
        given_name: 'Ola',
        family_name: 'Annenmann',
        birth_date: '1970-01-01',
        sex: 'M',
        municipality_number: '4601',
        gp_person_id: null,
      })
      .execute();
    await db
      .insertInto('api_client')
      .values({ id: 'client-other', name: 'EPJ Fjord', organization_id: practice2, token_hash: hashToken(OTHER_TOKEN), scopes: ['fhir.read', 'fhir.write'] })
      .execute();
    const y = await post(
      referral('other-y1', {
        subject: { identifier: { system: FNR_OID, value: OTHER_FNR } },
        requester: { identifier: { system: HPR_OID, value: '1282680' } },
      }),
      { authorization: OTHER.authorization },
    );
    expect(y.statusCode, y.body).toBe(201);
    y1 = y.json().id;
    // x1: the record system's own coding beside NCRP, its own text, a kind of order.
    const x = await post(
      referral('var-x1', {
        intent: 'original-order',
        code: {
          coding: [
            { system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG', display: 'MR kne' },
            { system: LOCAL, code: 'MRKNE-V', display: 'Magnetic resonance, left knee' },
          ],
          text: 'MR venstre kne',
        },
      }),
    );
    expect(x.statusCode, x.body).toBe(201);
    x1 = x.json().id;
  });

  /** The referrals this block reasons about (the earlier blocks made others, of other codes and intents). */
  const known = () => [...Object.values(made), x1].sort();
  const searchIds = async (q: string, headers: Record<string, string> = {}) => {
    const res = await get(`/fhir/ServiceRequest?${q}${q ? '&' : ''}_id=${known().join(',')}&_count=100`, headers);
    expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    return ids(res.json());
  };

  it('code: system|code, code, system|, |code, :not and :text against NCRP and the sent codings', async () => {
    // Every known referral is an MR kne order to DEPT.
    const mine = known();
    const others = mine.filter((id) => id !== x1);
    for (const [q, want] of [
      [`code=${LOCAL}|MRKNE-V`, [x1]],
      ['code=MRKNE-V', [x1]],
      [`code=${LOCAL}|`, [x1]],
      ['code=|MRKNE-V', []],
      ['code=SNG0AG', mine],
      ['code=http://ehelse.no/fhir/CodeSystem/no-kodeverk-7270|SNG0AG', mine],
      [`code=${LOCAL}|SNG0AG`, []],
      [`code=SAA0AG,${LOCAL}|MRKNE-V`, [x1]],
      [`code:not=${LOCAL}|MRKNE-V`, others],
      ['code:text=kne', mine],
      ['code:text=KN', mine],
      ['code:text=venstre', [x1]],
      ['code:text=magnetic resonance', [x1]],
      ['code:text=ne', []],
      ['code:text=%25', []],
      ['code:text=venstre,hode', [x1]],
    ] as [string, string[]][])
      expect({ q, ids: await searchIds(q) }).toEqual({ q, ids: [...want].sort() });
  });

  it('intent and performer (with type modifiers); bad values are 400 even under lenient', async () => {
    const mine = known();
    for (const [q, want] of [
      ['intent=original-order', [x1]],
      ['intent:not=order', [x1]],
      ['intent=order,original-order', mine],
      ['intent=plan', []],
      [`performer=Organization/${DEPT}`, mine],
      [`performer=${DEPT}`, mine],
      [`performer:Organization=${DEPT}`, mine],
      // interop16: an absolute URL names a resource on that server (search.html#reference); another
      // server's Organization is not the Radvis department with the same id.
      [`performer=https://other.example/fhir/Organization/${DEPT}`, []],
      [`performer=http://localhost:80/fhir/Organization/${DEPT}`, mine],
      ['performer=Practitioner/x', []],
      ['performer:PractitionerRole=x', []],
      ['performer:missing=true', []],
      ['performer:missing=false', mine],
    ] as [string, string[]][])
      expect({ q, ids: await searchIds(q) }).toEqual({ q, ids: [...want].sort() });
    for (const q of ['intent=bogus', 'performer=a|b', '_lastUpdated=2024-13'])
      expect((await get(`/fhir/ServiceRequest?${q}`, { prefer: 'handling=lenient' })).statusCode, q).toBe(400);
  });

  it('_lastUpdated with every prefix, against meta.lastUpdated', async () => {
    await t.db.kysely.updateTable('referral').set({ status: 'accepted' }).where('id', '=', x1).execute();
    const x = (await get(`/fhir/ServiceRequest/${x1}`)).json();
    expect(x.meta.versionId).toBe('2');
    const sec = x.meta.lastUpdated.slice(0, 19) + 'Z';
    const has = async (q: string) => (await searchIds(q)).includes(x1);
    expect({
      eq: await has(`_lastUpdated=${sec}`),
      ge: await has(`_lastUpdated=ge${sec}`),
      le: await has(`_lastUpdated=le${sec}`),
      gt: await has(`_lastUpdated=gt${sec}`),
      lt: await has(`_lastUpdated=lt${sec}`),
      ne: await has(`_lastUpdated=ne${sec}`),
      sa: await has(`_lastUpdated=sa${sec}`),
      eb: await has(`_lastUpdated=eb${sec}`),
      year: await has(`_lastUpdated=${sec.slice(0, 4)}`),
      zone: await has(`_lastUpdated=ge${sec.slice(0, 19)}+00:00`),
      before2000: await has('_lastUpdated=lt2000'),
    }).toEqual({ eq: true, ge: true, le: true, gt: false, lt: false, ne: false, sa: false, eb: false, year: true, zone: true, before2000: false });
  });

  it('_include: Patient and Practitioner entries (search.mode include), each readable directly, logged; never another organization’s', async () => {
    const res = await get(`/fhir/ServiceRequest?_id=${x1},${made.d1}&_include=ServiceRequest:patient&_include=ServiceRequest:requester`);
    expect(res.statusCode).toBe(200);
    const b = res.json();
    const byMode = (mode: string) =>
      b.entry
        .filter((e: { search: { mode: string } }) => e.search.mode === mode)
        .map((e: { resource: { resourceType: string; id: string } }) => `${e.resource.resourceType}/${e.resource.id}`)
        .sort();
    expect(byMode('match')).toEqual([`ServiceRequest/${made.d1}`, `ServiceRequest/${x1}`].sort());
    expect(byMode('include')).toEqual(['Patient/pat-dnr', 'Patient/pat-fnr', `Practitioner/${gpPersonId}`].sort());
    expect(b.total).toBe(2);
    const dnr = b.entry.find((e: { resource: { id: string } }) => e.resource.id === 'pat-dnr');
    expect(dnr.fullUrl).toMatch(/\/fhir\/Patient\/pat-dnr$/);
    expect(dnr.resource.identifier).toEqual([{ use: 'official', system: DNR_OID, value: DNR }]);
    expect(structuralProblems(b)).toEqual([]);
    for (const e of b.entry) expect(structuralProblems(e.resource), e.resource.id).toEqual([]);
    expect(selfOf(b)).toContain('_include=ServiceRequest:patient');
    expect(selfOf(b)).toContain('_include=ServiceRequest:requester');
    const log = await t.db.kysely
      .selectFrom('access_log')
      .select(['resource_type', 'resource_id', 'patient_id', 'outcome'])
      .where('context', '=', 'fhir-search-include')
      .where('actor_name', '=', 'system:EPJ Variant')
      .execute();
    expect(log).toEqual(
      expect.arrayContaining([
        { resource_type: 'Patient', resource_id: 'pat-dnr', patient_id: 'pat-dnr', outcome: 'allowed' },
        { resource_type: 'Practitioner', resource_id: gpPersonId, patient_id: expect.any(String), outcome: 'allowed' },
      ]),
    );
    // subject and the type-specified form name the same Patient include; one entry per resource.
    const subj = (await get(`/fhir/ServiceRequest?_id=${known().join(',')}&_include=ServiceRequest:subject:Patient&_include=ServiceRequest:patient`)).json();
    const patients = subj.entry
      .filter((e: { search: { mode: string } }) => e.search.mode === 'include')
      .map((e: { resource: { id: string } }) => e.resource.id);
    expect(patients.sort()).toEqual(['pat-dnr', 'pat-fh', 'pat-fnr']);
  });

  it('_include never shows a caller a Patient or Practitioner it could not read directly (both clients, every include)', async () => {
    const allPatients = (await t.db.kysely.selectFrom('patient').select('id').execute()).map((p) => `Patient/${p.id}`);
    const allPeople = (await t.db.kysely.selectFrom('person').select('id').execute()).map((p) => `Practitioner/${p.id}`);
    for (const headers of [READ, OTHER]) {
      const b = (await get('/fhir/ServiceRequest?_count=100&_include=ServiceRequest:patient&_include=ServiceRequest:requester', headers)).json();
      const included = new Set<string>(
        b.entry
          .filter((e: { search: { mode: string } }) => e.search.mode === 'include')
          .map((e: { resource: { resourceType: string; id: string } }) => `${e.resource.resourceType}/${e.resource.id}`),
      );
      expect(included.size).toBeGreaterThan(0);
      for (const ref of [...allPatients, ...allPeople]) {
        const direct = await get(`/fhir/${ref}`, headers);
        expect([200, 403], ref).toContain(direct.statusCode);
        if (included.has(ref)) expect({ ref, direct: direct.statusCode }).toEqual({ ref, direct: 200 });
        if (direct.statusCode === 403) expect(direct.json().resourceType).toBe('OperationOutcome');
      }
    }
    // The first client never sees the other practice's patient or GP, in a search or directly (refusals logged).
    const mine = (await get('/fhir/ServiceRequest?_count=100&_include=ServiceRequest:patient&_include=ServiceRequest:requester')).json();
    expect(JSON.stringify(mine)).not.toContain('pat-other');
    expect(JSON.stringify(mine)).not.toContain(otherGp);
    expect(ids(mine)).not.toContain(y1);
    expect((await get('/fhir/Patient/pat-other')).statusCode).toBe(403);
    expect((await get(`/fhir/Practitioner/${otherGp}`)).statusCode).toBe(403);
    expect((await get('/fhir/Patient/pat-fnr', OTHER)).statusCode).toBe(403);
    expect((await get('/fhir/Patient/nobody')).statusCode).toBe(404);
    const refused = await t.db.kysely
      .selectFrom('access_log')
      .select(['resource_type', 'resource_id', 'context'])
      .where('outcome', '=', 'refused')
      .where('context', 'in', ['fhir-patient-read', 'fhir-practitioner-read'])
      .execute();
    expect(refused).toEqual(
      expect.arrayContaining([
        { resource_type: 'Patient', resource_id: 'pat-other', context: 'fhir-patient-read' },
        { resource_type: 'Practitioner', resource_id: otherGp, context: 'fhir-practitioner-read' },
      ]),
    );
    // A client reads the referrers of its own organization (whom it sends for) even before any referral.
    expect((await get(`/fhir/Practitioner/${otherGp}`, OTHER)).statusCode).toBe(200);
  });

  it('unsupported include forms: 400 under strict, ignored and reported under lenient; not in If-None-Exist', async () => {
    for (const q of [
      '_include=ServiceRequest:performer',
      '_include=*',
      '_include:iterate=ServiceRequest:patient',
      '_include=ServiceRequest:subject:Group',
      '_include=DiagnosticReport:subject',
      '_revinclude=Observation:based-on',
      '_revinclude:iterate=DiagnosticReport:based-on',
      '_revinclude=DiagnosticReport:subject',
    ]) {
      const strict = await get(`/fhir/ServiceRequest?${q}`);
      expect({ q, status: strict.statusCode, type: strict.json().resourceType }).toEqual({ q, status: 400, type: 'OperationOutcome' });
      const lenient = (await get(`/fhir/ServiceRequest?${q}&_id=${x1}`, { prefer: 'handling=lenient' })).json();
      expect(lenient.entry.map((e: { search: { mode: string } }) => e.search.mode).sort(), q).toEqual(['match', 'outcome']);
      expect(selfOf(lenient), q).not.toContain('include');
    }
    const c = await post(referral('var-x1'), { 'if-none-exist': `identifier=${EPJ}|var-x1&_include=ServiceRequest:patient` });
    expect(c.statusCode).toBe(400);
  });

  it('paging links keep every parameter, _include and the new filters included', async () => {
    const q = `_id=${known().join(',')}&code:text=kne&intent=order,original-order&performer=Organization/${DEPT}&_lastUpdated=ge2000&_include=ServiceRequest:patient&_count=1`;
    const all = known();
    const seen: string[] = [];
    let url: string | undefined = `/fhir/ServiceRequest?${q}`;
    while (url) {
      const b: B = (await get(url)).json();
      for (const rel of ['self', 'next']) {
        const l = b.link.find((x) => x.relation === rel);
        if (l)
          for (const p of [
            'code:text=kne',
            'intent=order,original-order',
            `performer=Organization/${DEPT}`,
            '_lastUpdated=ge2000',
            '_include=ServiceRequest:patient',
            '_count=1',
          ])
            expect(decodeURIComponent(l.url), rel).toContain(p);
      }
      seen.push(...ids(b));
      expect((b.entry ?? []).filter((e) => e.search.mode === 'include')).toHaveLength(1);
      const next: string | undefined = b.link.find((x) => x.relation === 'next')?.url;
      url = next ? next.replace(/^https?:\/\/[^/]+/, '') : undefined;
    }
    expect(seen.sort()).toEqual(all);
  });

  it('_history: every version kept since versions are kept, newest first; vread of each; _count, _since; 403 for another organization', async () => {
    await t.db.kysely.updateTable('referral').set({ status: 'scheduled' }).where('id', '=', x1).execute();
    const res = await get(`/fhir/ServiceRequest/${x1}/_history`);
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h).toMatchObject({ resourceType: 'Bundle', type: 'history', total: 3 });
    expect(h.entry.map((e: { resource: { meta: { versionId: string } } }) => e.resource.meta.versionId)).toEqual(['3', '2', '1']);
    expect(h.entry.map((e: { request: { method: string } }) => e.request.method)).toEqual(['PUT', 'PUT', 'POST']);
    expect(h.entry[2].resource.identifier).toEqual([{ system: EPJ, value: 'var-x1' }]);
    expect(structuralProblems(h)).toEqual([]);
    for (const v of ['1', '2', '3']) {
      const r = await get(`/fhir/ServiceRequest/${x1}/_history/${v}`);
      expect(r.statusCode, v).toBe(200);
      expect(r.headers.etag).toBe(`W/"${v}"`);
      expect(r.json().meta.versionId).toBe(v);
      expect(r.json().status).toBe('active');
      expect(r.json().intent).toBe('original-order');
    }
    expect((await get(`/fhir/ServiceRequest/${x1}/_history/4`)).statusCode).toBe(404);
    expect((await get(`/fhir/ServiceRequest/${x1}/_history?_count=1`)).json().entry).toHaveLength(1);
    expect((await get(`/fhir/ServiceRequest/${x1}/_history?_since=2999-01-01T00:00:00Z`)).json()).toMatchObject({ total: 0 });
    expect((await get(`/fhir/ServiceRequest/${x1}/_history?_since=2000-01-01T00:00:00+01:00`)).json()).toMatchObject({ total: 3 });
    expect((await get(`/fhir/ServiceRequest/${x1}/_history?_since=2000`)).statusCode).toBe(400);
    expect((await get(`/fhir/ServiceRequest/${x1}/_history?_at=2020`)).statusCode).toBe(400);
    expect((await get(`/fhir/ServiceRequest/${x1}/_history?_at=2020`, { prefer: 'handling=lenient' })).statusCode).toBe(200);
    expect((await get(`/fhir/ServiceRequest/${x1}/_history`, OTHER)).statusCode).toBe(403);
    expect((await get('/fhir/ServiceRequest/nobody/_history')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'HEAD', url: `/fhir/ServiceRequest/${x1}/_history`, headers: READ })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/fhir/ServiceRequest/${x1}/_history`, headers: READ })).statusCode).toBe(405);
    // A referral never changed has one version.
    expect((await get(`/fhir/ServiceRequest/${made.d1}/_history`)).json().total).toBe(1);
  });
});

describe('integrator variants: directory search, Prefer return, 405s, _sort by _lastUpdated, CORS and HEAD on the new routes', () => {
  it('Patient search by identifier (each OID, bare number) or _id, through the gate; Practitioner by HPR number', async () => {
    const pids = async (q: string, type = 'Patient') => {
      const res = await get(`/fhir/${type}?${q}`);
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
      expect(structuralProblems(res.json()), q).toEqual([]);
      return (res.json().entry ?? [])
        .filter((e: { search: { mode: string } }) => e.search.mode === 'match')
        .map((e: { resource: { id: string } }) => e.resource.id);
    };
    expect(await pids(`identifier=${FNR_OID}|${FNR}`)).toEqual(['pat-fnr']);
    expect(await pids(`identifier=${DNR_OID}|${DNR}`)).toEqual(['pat-dnr']);
    expect(await pids(`identifier=${FH_OID}|${FH}`)).toEqual(['pat-fh']);
    expect(await pids(`identifier=${DNR}`)).toEqual(['pat-dnr']);
    expect(await pids(`identifier=${FNR},${DNR}`)).toEqual(['pat-dnr', 'pat-fnr']);
    expect(await pids(`identifier=|${FNR}`)).toEqual([]);
    expect(await pids('_id=pat-fnr,pat-dnr&identifier=' + FNR)).toEqual(['pat-fnr']);
    expect(await pids(`identifier=${HPR_OID}|${GP_HPR}`, 'Practitioner')).toEqual([gpPersonId]);
    expect(await pids(`identifier=${GP_HPR}`, 'Practitioner')).toEqual([gpPersonId]);
    // A patient the client may not read is not found, and the attempt is logged as refused.
    await t.db.kysely
      .insertInto('patient')
      .values({
        id: 'pat-stranger',
        fnr: makeSyntheticFnr('1955-05-05', 'F')!,
        given_name: 'Siri',
        family_name: 'Fremmed',
        birth_date: '1955-05-05',
        sex: 'F',
        municipality_number: '4601',
        gp_person_id: null,
      })
      .execute();
    expect(await pids('_id=pat-stranger')).toEqual([]);
    const refused = await t.db.kysely
      .selectFrom('access_log')
      .select(['outcome'])
      .where('context', '=', 'fhir-patient-search')
      .where('resource_id', '=', 'pat-stranger')
      .execute();
    expect(refused).toEqual([{ outcome: 'refused' }]);
    for (const q of [
      '',
      'name=Kari',
      `identifier=${FNR_OID}|12345678901`,
      'identifier=urn:oid:2.16.578.1.12.4.1.4.4|1282679',
      '_id=a%00b',
      'identifier=%E0%A4%A',
    ])
      expect({ q, status: (await get(`/fhir/Patient?${q}`)).statusCode }).toEqual({ q, status: 400 });
    const lenient = (await get(`/fhir/Patient?name=Kari&identifier=${FNR}`, { prefer: 'handling=lenient' })).json();
    expect(lenient.entry.map((e: { search: { mode: string } }) => e.search.mode)).toEqual(['match', 'outcome']);
    expect((await t.app.inject({ method: 'HEAD', url: `/fhir/Patient?identifier=${FNR}`, headers: READ })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'HEAD', url: '/fhir/Patient/pat-fnr', headers: READ })).statusCode).toBe(200);
  });

  it('Prefer: return=minimal, OperationOutcome or representation on create and conditional create', async () => {
    const minimal = await post(referral('var-prefer-1'), { prefer: 'return=minimal' });
    expect(minimal.statusCode).toBe(201);
    expect(minimal.body).toBe('');
    expect(minimal.headers['preference-applied']).toBe('return=minimal');
    expect(minimal.headers.location).toMatch(/\/fhir\/ServiceRequest\/ref-[^/]+\/_history\/1$/);
    expect(minimal.headers.etag).toBe('W/"1"');
    const again = await post(referral('var-prefer-1'), { prefer: 'return=OperationOutcome', 'if-none-exist': `identifier=${EPJ}|var-prefer-1` });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information' }] });
    expect(structuralProblems(again.json())).toEqual([]);
    const full = await post(referral('var-prefer-1'), { prefer: 'return="representation", handling=strict' });
    expect(full.statusCode).toBe(200);
    expect(full.json().resourceType).toBe('ServiceRequest');
  });

  it('interactions a supported type does not have are 405 with Allow (ImagingStudy search, type history), not 404 or 400', async () => {
    for (const url of ['/fhir/ImagingStudy', '/fhir/ServiceRequest/_history', '/fhir/Observation']) {
      const res = await get(url);
      expect({ url, status: res.statusCode, type: res.json().resourceType }).toEqual({ url, status: 405, type: 'OperationOutcome' });
    }
    // Observation is create-only (AI findings): the 405 says so.
    expect((await get('/fhir/Observation')).headers.allow).toBe('POST');
    expect((await t.app.inject({ method: 'PUT', url: '/fhir/Patient/pat-fnr', headers: READ })).statusCode).toBe(405);
    expect((await t.app.inject({ method: 'POST', url: '/fhir/Practitioner', headers: READ })).statusCode).toBe(405);
  });

  it('_sort=-_lastUpdated puts the most recently changed referral first (polling)', async () => {
    const ids0 = Object.values(made);
    await t.db.kysely.updateTable('referral').set({ clinical_note: 'endret' }).where('id', '=', made.d1).execute();
    const b = (await get(`/fhir/ServiceRequest?_id=${ids0.join(',')}&_sort=-_lastUpdated`)).json();
    expect(b.entry[0].resource.id).toBe(made.d1);
    const asc = (await get(`/fhir/ServiceRequest?_id=${ids0.join(',')}&_sort=_lastUpdated`)).json();
    expect(asc.entry.at(-1).resource.id).toBe(made.d1);
    expect(selfOf(b)).toContain('_sort=-_lastUpdated');
  });

  it('CORS: the new routes answer preflights for Prefer and expose Preference-Applied', async () => {
    for (const url of [
      '/fhir/Patient/pat-fnr',
      '/fhir/Patient?identifier=x',
      `/fhir/ServiceRequest/${made.f1}/_history`,
      '/fhir/DiagnosticReport?_include=DiagnosticReport:patient',
    ]) {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: 'https://epj.example.no', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,prefer,accept' },
      });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 204 });
      expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('prefer');
    }
    const created = await post(referral('var-cors-1'), { origin: 'https://epj.example.no' });
    expect(String(created.headers['access-control-expose-headers'])).toContain('Preference-Applied');
  });
});

describe('malformed input on every FHIR route: unknown _format, repeated control parameters, wrong JSON types (issue 7 item 7)', () => {
  /** One URL of each FHIR interaction Radvis serves (GET). */
  const getUrls = () => [
    '/fhir/metadata',
    '/fhir/ServiceRequest',
    `/fhir/ServiceRequest/${made.f1}`,
    `/fhir/ServiceRequest/${made.f1}/_history`,
    `/fhir/ServiceRequest/${made.f1}/_history/1`,
    '/fhir/Patient?_id=pat-fnr',
    '/fhir/Patient/pat-fnr',
    `/fhir/Practitioner?identifier=${GP_HPR}`,
    '/fhir/DiagnosticReport',
    '/fhir/PlanDefinition',
  ];
  const join = (url: string, q: string) => `${url}${url.includes('?') ? '&' : '?'}${q}`;

  it('an unknown _format is 406 on every route alike (read, search, history, metadata), JSON ones are served', async () => {
    for (const url of getUrls()) {
      for (const f of ['bogus', 'html', 'text/html', 'application/fhir%2Bjson;fhirVersion=3.0', 'application/pdf', '']) {
        const res = await get(join(url, `_format=${f}`));
        expect({ url, f, status: res.statusCode, type: res.json().resourceType }).toEqual({ url, f, status: 406, type: 'OperationOutcome' });
      }
      for (const f of ['json', 'JSON', 'application/fhir%2Bjson', 'application/json', 'application/fhir+json', 'application/fhir%2Bjson;fhirVersion=4.0']) {
        const res = await get(join(url, `_format=${f}`));
        expect({ url, f, status: res.statusCode }).toEqual({ url, f, status: 200 });
      }
    }
  });

  it('a single-valued control parameter given twice is 400 on every route, even when both values are equal', async () => {
    for (const url of getUrls())
      for (const q of [
        '_format=json&_format=json',
        '_format=json&_format=xml',
        '_count=1&_count=2',
        '_count=5&_count=5',
        '_sort=_id&_sort=-_id',
        '_summary=count&_summary=false',
        '_total=none&_total=accurate',
        '_elements=id&_elements=status',
        '_since=2020-01-01T00:00:00Z&_since=2021-01-01T00:00:00Z',
        'mode=full&mode=terse',
      ]) {
        const res = await get(join(url, q));
        expect({ url, q, status: res.statusCode, type: res.json().resourceType }).toEqual({ url, q, status: 400, type: 'OperationOutcome' });
      }
    // POST _search: the URL's and the form body's parameters together.
    for (const [inUrl, inBody] of [
      ['', '_count=1&_count=2'],
      ['_count=1', '_count=2'],
      ['_sort=_id', '_sort=-_id'],
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/fhir/ServiceRequest/_search${inUrl ? `?${inUrl}` : ''}`,
        payload: inBody,
        headers: { ...READ, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect({ inUrl, inBody, status: res.statusCode }).toEqual({ inUrl, inBody, status: 400 });
    }
    // Repeating a filter parameter is AND (search.html#combining): still allowed.
    expect((await get(`/fhir/ServiceRequest?status=active&status:not=revoked`)).statusCode).toBe(200);
  });

  it('a body that is not UTF-8 JSON for FHIR 4.0 is 415 on create, _search and CDS Hooks, and writes nothing', async () => {
    const before = await count();
    const body = JSON.stringify(referral(`media-${crypto.randomUUID()}`));
    for (const ct of [
      'text/plain',
      'application/fhir+json; charset=latin1',
      'application/json; charset=utf-16',
      'application/fhir+json; fhirVersion=3.0',
      'application/fhir+xml',
      'application/xml',
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', payload: body, headers: { ...READ, 'content-type': ct } });
      expect({ ct, status: res.statusCode, type: res.json().resourceType }).toEqual({ ct, status: 415, type: 'OperationOutcome' });
    }
    const bare = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', payload: Buffer.from(body), headers: { ...READ } });
    expect(bare.statusCode).toBe(415);
    for (const ct of ['application/fhir+json; charset=UTF-8', 'application/fhir+json; fhirVersion=4.0', 'application/json; charset=utf-8']) {
      const res = await t.app.inject({ method: 'POST', url: '/fhir/ServiceRequest', payload: body, headers: { ...READ, 'content-type': ct } });
      expect({ ct, status: res.statusCode }).toEqual({ ct, status: res.statusCode === 201 ? 201 : 200 });
    }
    expect(await count()).toBe(before + 1);
    const search = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest/_search',
      payload: 'status=active',
      headers: { ...READ, 'content-type': 'text/plain' },
    });
    expect(search.statusCode).toBe(415);
    const cds = await t.app.inject({
      method: 'POST',
      url: '/cds-services/radvis-imaging-order-select',
      payload: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    expect({ status: cds.statusCode, type: cds.json().resourceType }).toEqual({ status: 415, type: 'OperationOutcome' });
  });

  it('a 401 on FHIR and CDS Hooks carries a Bearer challenge, readable by a browser client', async () => {
    for (const [url, headers, error] of [
      ['/fhir/ServiceRequest', {}, false],
      ['/fhir/ServiceRequest', { authorization: 'Bearer not-a-token' }, true],
      ['/fhir/Patient/pat-fnr', { authorization: 'Bearer not-a-token' }, true],
    ] as const) {
      const res = await t.app.inject({ url, headers: { ...headers, origin: 'https://smart-app.example.org' } });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe(`Bearer realm="Radvis"${error ? ', error="invalid_token"' : ''}`);
      expect(String(res.headers['access-control-expose-headers'])).toContain('WWW-Authenticate');
    }
    const cds = await t.app.inject({ method: 'POST', url: '/cds-services/radvis-imaging-order-select', payload: {} });
    expect(cds.statusCode).toBe(401);
    expect(cds.headers['www-authenticate']).toMatch(/^Bearer realm="Radvis"/);
  });

  it('a create with fields of the wrong JSON type is 400 and writes nothing', async () => {
    const before = await count();
    const valid = referral(`wrong-type-${crypto.randomUUID()}`);
    const leaves = (v: unknown, p: (string | number)[] = []): (string | number)[][] =>
      v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => leaves(x, [...p, Array.isArray(v) ? Number(k) : k])) : [p];
    const failures: string[] = [];
    for (const p of leaves(valid)) {
      if (p[0] === 'resourceType') continue;
      for (const value of [12345, true, null, { x: 1 }]) {
        const copy = structuredClone(valid) as Record<string | number, unknown>;
        let o = copy;
        for (const k of p.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
        o[p[p.length - 1]] = value;
        const res = await post(copy);
        if (res.statusCode !== 400 || res.json().resourceType !== 'OperationOutcome')
          failures.push(`${p.join('.')} = ${JSON.stringify(value)} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await count()).toBe(before);
  });
});

describe('interop15: history URLs, date OR, references beside identifiers', () => {
  it('every history, vread or read URL the CapabilityStatement leaves out → 405 OperationOutcome with Allow, never 400 or 404', async () => {
    const urls = unsupportedInteractionUrls().map((u) => u.replace(':id', 'x-1').replace(':vid', '1'));
    // The statement is the source: system history and each type's history are among them.
    expect(urls).toEqual(expect.arrayContaining(['/fhir/_history', '/fhir/ServiceRequest/_history', '/fhir/Patient/_history', '/fhir/Patient/x-1/_history']));
    const failures: string[] = [];
    for (const url of urls)
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        const res = await t.app.inject({ method, url, headers: READ });
        const oo = res.json();
        if (res.statusCode !== 405 || oo.resourceType !== 'OperationOutcome' || oo.issue[0].code !== 'not-supported' || res.headers.allow === undefined)
          failures.push(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    expect(failures).toEqual([]);
    // What the statement does list still answers.
    expect((await get(`/fhir/ServiceRequest/${made.f1}/_history`)).statusCode).toBe(200);
    expect((await get(`/fhir/ServiceRequest/${made.f1}/_history/1`)).statusCode).toBe(200);
    expect((await get('/fhir/Patient/pat-fnr')).statusCode).toBe(200);
  });

  it('authored and _lastUpdated take comma-separated values as OR, each with its own prefix (search.html#combining)', async () => {
    const y = new Date().getUTCFullYear();
    const dated = [made.f1, made.f2, made.d1].sort();
    const all = Object.values(made).sort();
    const cases: [string, string[]][] = [
      [`authored=lt2000-01-01,ge${y}`, dated],
      [`authored=ge${y},lt2000-01-01`, dated],
      ['authored=lt2000-01-01,gt2999-01-01', []],
      [`authored=lt2000-01-01,${y}`, dated],
      [`authored=lt2000-01-01,ge${y}&authored=lt2000-01-01`, []],
      [`authored=lt2000-01-01,ge${y}&authored=le${y + 1}`, dated],
      [`_lastUpdated=lt2000-01-01,ge${y}`, all],
      ['_lastUpdated=lt2000-01-01,gt2999-01-01', []],
    ];
    const failures: string[] = [];
    for (const [q, want] of cases) {
      // Only the referrals made in beforeAll: other tests in this file add their own.
      const res = await get(`/fhir/ServiceRequest?${q}&_id=${all.join(',')}&_count=100`);
      if (res.statusCode !== 200) failures.push(`${q} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      else {
        if (JSON.stringify(ids(res.json())) !== JSON.stringify(want)) failures.push(`${q} → ${ids(res.json()).join(',')}`);
        for (const part of q.split('&')) if (!selfOf(res.json()).includes(part)) failures.push(`${q}: self link lacks ${part}`);
      }
    }
    for (const q of [`authored=ge${y},not-a-date`, `authored=ap${y},ge${y}`, `_lastUpdated=ge${y},`, 'authored=2026-13-01,2026-01-01']) {
      const res = await get(`/fhir/ServiceRequest?${q}`);
      if (res.statusCode !== 400 || res.json().resourceType !== 'OperationOutcome') failures.push(`${q} → ${res.statusCode}, expected 400`);
    }
    // Lenient: an unsupported prefix in an OR is ignored and reported, not applied in part.
    const lenient = await get(`/fhir/ServiceRequest?authored=ap${y},lt2000-01-01&_id=${all.join(',')}`, { prefer: 'handling=lenient' });
    expect(lenient.statusCode).toBe(200);
    expect(ids(lenient.json())).toEqual(all);
    expect(failures).toEqual([]);
  });

  it("a relative subject or requester reference must name what the identifier names (else 422, nothing stored); the sender's own absolute references are kept", async () => {
    const before = await count();
    const bad: [string, Record<string, unknown>, string][] = [
      [
        'subject.reference to another patient',
        { subject: { reference: 'Patient/pat-dnr', identifier: { system: FNR_OID, value: FNR } } },
        'ServiceRequest.subject.reference',
      ],
      [
        'subject.reference to another version path',
        { subject: { reference: 'Patient/pat-fh/_history/1', identifier: { system: FNR_OID, value: FNR } } },
        'ServiceRequest.subject.reference',
      ],
      [
        'requester.reference to another person',
        { requester: { reference: 'Practitioner/person-x', identifier: { system: HPR_OID, value: GP_HPR } } },
        'ServiceRequest.requester.reference',
      ],
    ];
    for (const [name, over, field] of bad) {
      const res = await post(referral(`i15-${crypto.randomUUID()}`, over));
      expect(res.statusCode, name).toBe(422);
      expect(
        res.json().issue.map((i: { expression: string[] }) => i.expression[0]),
        name,
      ).toContain(field);
    }
    expect(await count()).toBe(before);
    const good: [string, Record<string, unknown>][] = [
      ['the same patient', { subject: { reference: 'Patient/pat-fnr', identifier: { system: FNR_OID, value: FNR } } }],
      ['the same practitioner', { requester: { reference: `Practitioner/${gpPersonId}`, identifier: { system: HPR_OID, value: GP_HPR } } }],
      [
        "the record system's own patient URL",
        { subject: { reference: 'https://epj.example.no/fhir/Patient/123', identifier: { system: FNR_OID, value: FNR } } },
      ],
    ];
    for (const [name, over] of good) {
      const res = await post(referral(`i15-${crypto.randomUUID()}`, over));
      expect(res.statusCode, `${name}: ${res.body.slice(0, 200)}`).toBe(201);
      expect(res.json().subject.reference).toBe('Patient/pat-fnr');
    }
    // A bare Patient/{id} without the Norwegian identifier stays a 422 (the identifier is required).
    const bare = await post(referral(`i15-${crypto.randomUUID()}`, { subject: { reference: 'Patient/pat-fnr' } }));
    expect(bare.statusCode).toBe(422);
  });

  it('a refused read whose access-log row cannot be written is still a 403 OperationOutcome, and the next read works', async () => {
    const db = t.db.kysely;
    const other = await createOrganization(db, { kind: 'gp_practice', name: 'Annet legesenter' });
    const token = crypto.randomBytes(24).toString('base64url');
    await db
      .insertInto('api_client')
      .values({ id: 'client-i15-other', name: 'EPJ Annen', organization_id: other, token_hash: hashToken(token), scopes: ['fhir.read'] })
      .execute();
    const asOther = { authorization: `Bearer ${token}` };
    expect((await get(`/fhir/ServiceRequest/${made.f1}`, asOther)).statusCode).toBe(403);
    await sql`CREATE FUNCTION interop15_refuse_fhir_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.outcome = 'refused' AND NEW.actor_name = 'system:EPJ Annen' THEN RAISE EXCEPTION 'access log unavailable'; END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER interop15_refuse_fhir_log BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION interop15_refuse_fhir_log()`.execute(db);
    try {
      const res = await get(`/fhir/ServiceRequest/${made.f1}`, asOther);
      expect(res.statusCode).toBe(403);
      expect(res.json().resourceType).toBe('OperationOutcome');
      expect(res.body).not.toContain('access log unavailable');
      // A search naming the referral leaves it out (its refused-match row fails too) and answers.
      const search = await get(`/fhir/ServiceRequest?_id=${made.f1}`, asOther);
      expect(search.statusCode).toBe(200);
      expect(search.json().total).toBe(0);
      expect((await get(`/fhir/ServiceRequest/${made.f1}`)).statusCode).toBe(200);
    } finally {
      await sql`DROP TRIGGER interop15_refuse_fhir_log ON access_log`.execute(db);
      await sql`DROP FUNCTION interop15_refuse_fhir_log()`.execute(db);
    }
  });
});
