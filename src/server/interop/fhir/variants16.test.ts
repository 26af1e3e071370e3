// interop16: new variants of the FHIR interoperability kinds (../shared/cases/interop 01–05, 07, 11),
// written from the R4 specification text (each test names its section), through the real app.
// The older variants are in variants.test.ts; this file adds what they did not try: AND/OR of
// repeated parameters, absolute reference values, Prefer forms, conditional create criteria in
// their other spellings, `mode=terminology`, what a create ignores or keeps, CORS for methods and
// headers Radvis does not offer, identifier mix-ups, and every code of the status/intent value sets.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNR_OID, FH_OID, FNR_OID, HPR_OID } from '../../directory/identifiers.ts';
import { structuralProblems } from './definitions.ts';
import { parseDiagnosticReportSearch } from './diagnostic-report-search.ts';
import { type TestContext } from '../../testing/harness.ts';
import {
  DEPT,
  DNR,
  EPJ,
  FH,
  FNR,
  WRITE,
  fhirGet,
  fhirPost,
  openFhirVariantWorld,
  referralCount,
  type FhirVariantWorld,
  selfOf,
  matchIds as ids,
  variantReferral as referral,
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
const BASE = 'http://localhost:80/fhir';

describe('search: AND/OR, absolute references, Prefer, _count (kind 01)', () => {
  it('a parameter repeated is AND, a comma-separated value is OR (search.html#combining)', async () => {
    for (const [q, want] of [
      [`status=active&status=revoked`, []],
      [`status=active,revoked`, [made.f1, made.f2, made.d1, made.h1]],
      [`_id=${made.f1},${made.d1}`, [made.f1, made.d1]],
      [`_id=${made.f1}&_id=${made.d1}`, []],
      [`_id=${made.f1}&_id=${made.f1},${made.d1}`, [made.f1]],
      [`identifier=${f1()}&identifier=${d1()}`, []],
      [`identifier=${f1()},${d1()}`, [made.f1, made.d1]],
      [`subject=Patient/pat-fnr,Patient/pat-dnr&_id=${made.f1},${made.d1},${made.h1}`, [made.f1, made.d1]],
    ] as const) {
      const res = await get(`/fhir/ServiceRequest?${q}`);
      expect({ q, status: res.statusCode }).toEqual({ q, status: 200 });
      expect({ q, ids: ids(res.json()) }).toEqual({ q, ids: [...want].sort() });
      // search.html#self: the self link lists every parameter used, repeated ones each time.
      for (const part of q.split('&')) expect(selfOf(res.json())).toContain(decodeURIComponent(part));
    }
  });

  it('an absolute reference names a Radvis resource only under this server’s base; another server’s Patient matches nothing (search.html#reference)', async () => {
    const pat = async (q: string) => {
      const res = await get(`/fhir/ServiceRequest?${q}`);
      expect({ q, status: res.statusCode }).toEqual({ q, status: 200 });
      return ids(res.json());
    };
    const own = await pat('patient=Patient/pat-fnr');
    expect(own).toEqual([made.f1, made.f2].sort());
    for (const q of [
      `patient=${BASE}/Patient/pat-fnr`,
      `patient=http://localhost/fhir/Patient/pat-fnr`,
      `patient=HTTP://LOCALHOST:80/fhir/Patient/pat-fnr`,
      `subject=${BASE}/Patient/pat-fnr`,
      `patient=pat-fnr`,
    ])
      expect({ q, ids: await pat(q) }).toEqual({ q, ids: own });
    for (const q of [
      'patient=http://evil.example/fhir/Patient/pat-fnr',
      'patient=https://localhost:80/fhir/Patient/pat-fnr',
      'patient=http://localhost:81/fhir/Patient/pat-fnr',
      'patient=http://localhost:80/other/Patient/pat-fnr',
      'subject=http://evil.example/fhir/Patient/pat-fnr',
      'subject=Group/pat-fnr',
      'requester=http://evil.example/fhir/Practitioner/x',
      'performer=http://evil.example/fhir/Organization/dept-var-1',
      `performer=${BASE}/Organization/elsewhere`,
    ])
      expect({ q, ids: await pat(q) }).toEqual({ q, ids: [] });
    expect((await pat(`performer=${BASE}/Organization/${DEPT}`)).length).toBe(4);
    // A relative reference to another type under `patient` (which targets Patient only) is a mistake.
    for (const q of ['patient=Group/1', 'patient=fhir/Patient/pat-fnr', 'patient=Patient/pat-fnr/_history/1']) {
      const res = await get(`/fhir/ServiceRequest?${q}`);
      expect({ q, status: res.statusCode, type: res.json().resourceType }).toEqual({ q, status: 400, type: 'OperationOutcome' });
    }
    // The same rule on DiagnosticReport search: another server's ServiceRequest or Patient matches
    // nothing; this server's absolute URL is read as the relative reference (no reports here: an
    // empty searchset either way, but a 200, not a 400).
    const parse = (q: string, base?: string) => {
      const r = parseDiagnosticReportSearch(q, false, base);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return { basedOn: r.search.basedOn, patients: r.search.patients };
    };
    expect(parse(`based-on=${BASE}/ServiceRequest/x&patient=${BASE}/Patient/p`, BASE)).toEqual({ basedOn: [['x']], patients: [[{ id: 'p' }]] });
    expect(parse(`based-on=http://evil.example/fhir/ServiceRequest/x&patient=http://evil.example/fhir/Patient/p`, BASE)).toEqual({
      basedOn: [[]],
      patients: [[{ none: true }]],
    });
    for (const q of [`based-on=${BASE}/ServiceRequest/${made.f1}`, `patient=${BASE}/Patient/pat-fnr`]) {
      const res = await get(`/fhir/DiagnosticReport?${q}`);
      expect({ q, status: res.statusCode }).toEqual({ q, status: 200 });
      expect(selfOf(res.json())).toContain(q);
    }
    for (const q of ['based-on=http://evil.example/fhir/ServiceRequest/x', 'patient=http://evil.example/fhir/Patient/pat-fnr']) {
      const res = await get(`/fhir/DiagnosticReport?${q}`);
      expect({ q, status: res.statusCode, total: res.json().total }).toEqual({ q, status: 200, total: 0 });
    }
  });

  it('Prefer handling is read among other preferences and in any case; an unknown handling value leaves the default strict (RFC 7240 §2, search.html#errors)', async () => {
    for (const prefer of ['handling=lenient', 'handling=LENIENT', 'return=minimal, handling=lenient', 'handling="lenient"']) {
      const res = await get(`/fhir/ServiceRequest?foo=1&_id=${made.f1}`, { prefer });
      expect({ prefer, status: res.statusCode }).toEqual({ prefer, status: 200 });
      expect(ids(res.json())).toEqual([made.f1]);
      expect(selfOf(res.json())).not.toContain('foo');
      const outcome = res.json().entry.find((e: { search: { mode: string } }) => e.search.mode === 'outcome');
      expect(outcome.resource.issue[0].diagnostics).toContain('foo');
    }
    for (const prefer of ['handling=strict', 'return=minimal, handling=strict', 'handling=sloppy', '']) {
      const res = await get(`/fhir/ServiceRequest?foo=1`, { prefer });
      expect({ prefer, status: res.statusCode, field: res.json().issue?.[0].expression[0] }).toEqual({ prefer, status: 400, field: 'foo' });
    }
  });

  it('_count is a non-negative whole number (search.html#count): 02 is 2; +2, 1.5, -1 and words are 400', async () => {
    const two = await get('/fhir/ServiceRequest?_count=02');
    expect(two.json().entry).toHaveLength(2);
    expect(two.json().link.find((l: { relation: string }) => l.relation === 'next')).toBeDefined();
    for (const v of ['%2B2', '1.5', '-1', 'abc', '']) {
      const res = await get(`/fhir/ServiceRequest?_count=${v}`);
      expect({ v, status: res.statusCode, field: res.json().issue[0].expression[0] }).toEqual({ v, status: 400, field: '_count' });
    }
  });
});

describe('conditional create criteria in their other spellings (kind 02, http.html#ccreate)', () => {
  it('percent-encoded, with ?, as a search URL, AND of two criteria, :not — matched as a search would; unsupported or result parameters → 400 and nothing written', async () => {
    for (const [label, criteria, status, id] of [
      ['percent-encoded system|value', `identifier=${f1()}`, 200, () => made.f1],
      ['a leading ?', `?identifier=${f1()}`, 200, () => made.f1],
      ['a full search URL', `${BASE}/ServiceRequest?identifier=${f1()}`, 200, () => made.f1],
      ['_id', `_id=${made.f1}`, 200, () => made.f1],
      ['identifier AND a status it has', `identifier=${f1()}&status=active`, 200, () => made.f1],
      ['identifier AND a :not status it has not', `identifier=${f1()}&status:not=revoked`, 200, () => made.f1],
      ['several matches', 'patient=Patient/pat-fnr', 412, null],
      ['several matches by absolute reference', `patient=${BASE}/Patient/pat-fnr`, 412, null],
    ] as const) {
      const before = await count();
      const res = await post(referral(`ine16-${crypto.randomUUID()}`), { 'if-none-exist': criteria });
      expect({ label, status: res.statusCode }).toEqual({ label, status });
      if (id) expect(res.json().id).toBe(id());
      else expect(res.json().resourceType).toBe('OperationOutcome');
      expect({ label, written: (await count()) - before }).toEqual({ label, written: 0 });
    }
    // Criteria that match nothing create: identifier AND a status it does not have; another server's patient.
    for (const criteria of [`identifier=${f1()}&status=revoked`, 'patient=http://evil.example/fhir/Patient/pat-fnr']) {
      const res = await post(referral(`ine16-${crypto.randomUUID()}`), { 'if-none-exist': criteria });
      expect({ criteria, status: res.statusCode }).toEqual({ criteria, status: 201 });
    }
    const before = await count();
    for (const [criteria, field, headers] of [
      ['foo=bar', 'If-None-Exist.foo', {}],
      [`identifier=${f1()}&foo=1`, 'If-None-Exist.foo', { prefer: 'handling=lenient' }],
      ['', 'If-None-Exist', {}],
      ['?', 'If-None-Exist', {}],
      [`identifier=${f1()}&_count=1`, 'If-None-Exist._count', {}],
      [`identifier=${f1()}&_sort=authored`, 'If-None-Exist._sort', {}],
      [`identifier=${f1()}&_include=ServiceRequest:patient`, 'If-None-Exist._include', {}],
      [`Patient?identifier=${f1()}`, 'If-None-Exist.Patient?identifier', {}],
      ['status=%E0%A4%A', 'If-None-Exist.status', {}],
    ] as const) {
      const res = await post(referral(`ine16-${crypto.randomUUID()}`), { 'if-none-exist': criteria, ...headers });
      expect({ criteria, status: res.statusCode, field: res.json().issue?.[0].expression?.[0] }).toEqual({ criteria, status: 400, field });
    }
    expect(await count()).toBe(before);
  });
});

describe('capabilities (kind 03, http.html#capabilities)', () => {
  it('mode=terminology answers a valid TerminologyCapabilities naming the code systems in use; other modes the CapabilityStatement', async () => {
    const res = await get('/fhir/metadata?mode=terminology', { authorization: '' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const tc = res.json();
    expect(tc).toMatchObject({ resourceType: 'TerminologyCapabilities', status: 'active', kind: 'instance' });
    expect(structuralProblems(tc)).toEqual([]);
    expect(tc.codeSystem.map((c: { uri: string }) => c.uri)).toEqual(
      expect.arrayContaining(['urn:oid:2.16.578.1.12.4.1.1.7270', 'urn:oid:2.16.578.1.12.4.1.1.7170', 'urn:oid:2.16.578.1.12.4.1.1.7110']),
    );
    for (const mode of ['full', 'normative']) expect((await get(`/fhir/metadata?mode=${mode}`)).json().resourceType).toBe('CapabilityStatement');
    const bad = await get('/fhir/metadata?mode=everything');
    expect({ status: bad.statusCode, field: bad.json().issue[0].expression[0] }).toEqual({ status: 400, field: 'mode' });
    // _format / Accept apply to the terminology statement as to the rest (http.html#mime-type).
    expect((await get('/fhir/metadata?mode=terminology&_format=xml')).statusCode).toBe(406);
    expect((await get('/fhir/metadata?mode=terminology', { accept: 'application/fhir+json; fhirVersion=4.0' })).statusCode).toBe(200);
  });

  it('Accept with a fhirVersion parameter (http.html#version-parameter): 4.0 served, 3.0 → 406 OperationOutcome; HEAD has no body', async () => {
    for (const [accept, status] of [
      ['application/fhir+json; fhirVersion=4.0', 200],
      ['application/fhir+json; fhirVersion=4.0.1', 200],
      ['application/fhir+json; fhirVersion=3.0', 406],
      ['application/fhir+xml', 406],
      ['application/fhir+xml;q=1, application/fhir+json;q=0.5', 200],
    ] as const) {
      const res = await get('/fhir/metadata', { accept });
      expect({ accept, status: res.statusCode }).toEqual({ accept, status });
      expect(res.json().resourceType).toBe(status === 200 ? 'CapabilityStatement' : 'OperationOutcome');
    }
    const head = await t.app.inject({ method: 'HEAD', url: '/fhir/metadata' });
    expect({ status: head.statusCode, body: head.body }).toEqual({ status: 200, body: '' });
  });
});

describe('create: what the server sets, ignores and keeps (kind 04, http.html#create)', () => {
  it('a client id and client meta.versionId/lastUpdated are replaced; meta.profile and meta.tag kept; Location, ETag and Last-Modified name the version', async () => {
    const res = await post(
      referral(`meta16-${crypto.randomUUID()}`, {
        id: 'client-chosen',
        meta: { versionId: '99', lastUpdated: '2000-01-01T00:00:00Z', profile: ['http://example.org/p'], tag: [{ system: 'http://example.org/t', code: 'x' }] },
      }),
    );
    expect(res.statusCode).toBe(201);
    const sr = res.json();
    expect(sr.id).not.toBe('client-chosen');
    expect(sr.meta).toMatchObject({ versionId: '1', profile: ['http://example.org/p'], tag: [{ system: 'http://example.org/t', code: 'x' }] });
    expect(sr.meta.lastUpdated).not.toBe('2000-01-01T00:00:00Z');
    expect(res.headers.location).toBe(`${BASE}/ServiceRequest/${sr.id}/_history/1`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(new Date(String(res.headers['last-modified'])).getTime()).toBe(Math.floor(Date.parse(sr.meta.lastUpdated) / 1000) * 1000);
    // The Location is readable (vread) and gives the same resource.
    const v = await get(new URL(String(res.headers.location)).pathname);
    expect(v.statusCode).toBe(200);
    expect(v.json()).toEqual(sr);
    expect((await get('/fhir/ServiceRequest/client-chosen')).statusCode).toBe(404);
  });

  it('Prefer: return=minimal has no body but the same Location and ETag (http.html#ops)', async () => {
    const res = await post(referral(`min16-${crypto.randomUUID()}`), { prefer: 'return=minimal' });
    expect({ status: res.statusCode, body: res.body, applied: res.headers['preference-applied'] }).toEqual({
      status: 201,
      body: '',
      applied: 'return=minimal',
    });
    expect(res.headers.location).toMatch(/\/fhir\/ServiceRequest\/ref-[0-9a-f-]+\/_history\/1$/);
    expect(res.headers.etag).toBe('W/"1"');
  });
});

describe('CORS for methods and headers Radvis does not offer (kind 05; Fetch standard §CORS protocol)', () => {
  const preflight = (url: string, method: string, headers?: string) =>
    t.app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin: 'https://smart-app.example.org',
        'access-control-request-method': method,
        ...(headers ? { 'access-control-request-headers': headers } : {}),
      },
    });
  it('PUT, PATCH and DELETE are not granted, nor unknown headers; credentials never; a 405 exposes Allow to the browser', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await preflight('/fhir/ServiceRequest/x', method, 'content-type');
      const methods = String(res.headers['access-control-allow-methods']).split(/\s*,\s*/);
      expect({ method, granted: methods.includes(method) }).toEqual({ method, granted: false });
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
    const evil = await preflight('/fhir/ServiceRequest', 'POST', 'x-evil');
    expect(
      String(evil.headers['access-control-allow-headers'])
        .toLowerCase()
        .split(/\s*,\s*/),
    ).not.toContain('x-evil');
    for (const url of ['/fhir/metadata', '/fhir/ServiceRequest/_search', '/cds-services/radvis-imaging-order-sign/feedback']) {
      const res = await preflight(url, 'POST', 'authorization,content-type');
      expect({ url, status: res.statusCode, origin: res.headers['access-control-allow-origin'] }).toEqual({ url, status: 204, origin: '*' });
    }
    const put = await t.app.inject({ method: 'PUT', url: '/fhir/ServiceRequest/x', headers: { ...WRITE, origin: 'https://a.example' }, payload: '{}' });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    expect(put.headers['access-control-allow-origin']).toBe('*');
    expect(String(put.headers['access-control-expose-headers']).split(/\s*,\s*/)).toEqual(expect.arrayContaining(['Allow', 'Location', 'ETag']));
    // A session cookie sent along gives no credentialed CORS answer; the app API stays same-origin.
    const withCookie = await t.app.inject({ url: '/fhir/metadata', headers: { origin: 'https://a.example', cookie: 'radvis_session=x' } });
    expect(withCookie.headers['access-control-allow-credentials']).toBeUndefined();
    expect((await t.app.inject({ url: '/api/auth/me', headers: { origin: 'https://a.example' } })).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Norwegian identifier mix-ups (kind 07)', () => {
  it('a D-number with a bad check digit, a fødselsnummer under the D-number OID, a number with a dash: 422 naming the subject identifier; an FH-nummer under the fødselsnummer OID is answered under its own OID', async () => {
    const before = await count();
    for (const [system, value, says] of [
      [DNR_OID, '52838510052', /kontrollsiffer/],
      [DNR_OID, FNR, /D-nummer/],
      [FNR_OID, '318360-00067', /11 siffer/],
      [FNR_OID, '318360000670', /11 siffer/],
      ['URN:OID:2.16.578.1.12.4.1.4.1', FNR, /system/],
    ] as const) {
      const res = await post(referral(`id16-${crypto.randomUUID()}`, { subject: { identifier: { system, value } } }));
      expect({ system, value, status: res.statusCode }).toEqual({ system, value, status: 422 });
      expect(res.json().issue[0].expression).toEqual(['ServiceRequest.subject.identifier']);
      expect(res.json().issue[0].diagnostics).toMatch(says);
    }
    expect(await count()).toBe(before);
    const fh = await post(referral(`id16-${crypto.randomUUID()}`, { subject: { identifier: { system: FNR_OID, value: FH } } }));
    expect(fh.statusCode).toBe(201);
    expect(fh.json().subject).toMatchObject({ reference: 'Patient/pat-fh', identifier: { system: FH_OID, value: FH } });
    // The same mix-ups in a Patient search: 400 naming identifier.
    for (const v of [`${DNR_OID}|${FNR}`, `${FNR_OID}|31836000068`, `${DNR_OID}|52838510052`]) {
      const res = await get(`/fhir/Patient?identifier=${encodeURIComponent(v)}`);
      expect({ v, status: res.statusCode, field: res.json().issue?.[0].expression[0] }).toEqual({ v, status: 400, field: 'identifier' });
    }
    expect((await get(`/fhir/Patient?identifier=${encodeURIComponent(`${DNR_OID}|${DNR}`)}`)).json().total).toBe(1);
    expect(HPR_OID).toBe('urn:oid:2.16.578.1.12.4.1.4.4');
  });
});

describe('every code of the R4 status and intent value sets in search (kind 11)', () => {
  it('DiagnosticReport status (diagnostic-report-status), ServiceRequest status and intent (request-status, request-intent): each valid code 200, others 400 naming the parameter', async () => {
    const cases: [string, string, readonly string[], readonly string[]][] = [
      [
        'DiagnosticReport',
        'status',
        ['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled', 'entered-in-error', 'unknown'],
        ['Final', 'done', 'active'],
      ],
      ['ServiceRequest', 'status', ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'], ['cancelled', 'Active', 'sent']],
      [
        'ServiceRequest',
        'intent',
        ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'],
        ['referral', 'Order'],
      ],
    ];
    for (const [type, param, valid, invalid] of cases) {
      for (const code of valid) {
        const res = await get(`/fhir/${type}?${param}=${code}`);
        expect({ type, code, status: res.statusCode }).toEqual({ type, code, status: 200 });
      }
      // :not with a valid code is read too (ServiceRequest intent and both status parameters declare it).
      expect((await get(`/fhir/${type}?${param}:not=${valid[0]}`)).statusCode).toBe(200);
      for (const code of invalid) {
        const res = await get(`/fhir/${type}?${param}=${code}`);
        expect({ type, code, status: res.statusCode, field: res.json().issue[0].expression[0] }).toEqual({ type, code, status: 400, field: param });
      }
    }
    // The counts agree with what was made: f1, d1, h1 active; f2 revoked; all intent order.
    const total = async (q: string) => (await get(`/fhir/ServiceRequest?${q}&_summary=count&_id=${Object.values(made).join(',')}`)).json().total;
    expect([await total('status=active'), await total('status=revoked'), await total('intent=order'), await total('intent=original-order')]).toEqual([
      3, 1, 4, 0,
    ]);
  });
});
