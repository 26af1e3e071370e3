// FHIR R4 ServiceRequest as a record system uses it: one test per kind of interoperability
// problem (CapabilityStatement, search parameters and paging, conditional create, versioning,
// CORS, D-numbers, status codes for rule rejections and kinds of order, acting in someone's name).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNR_OID, FNR_OID, HPR_OID, makeSyntheticFnr } from '../../directory/identifiers.ts';
import { createOrganization, createUser } from '../../testing/factories.ts';
import { DNR, EPJ, FNR, GP_HPR, fhirGet, fhirPost, seedFhirPractice, variantReferral } from '../../testing/fhir-variants.ts';
import { as, createTestContext, login, type TestContext } from '../../testing/harness.ts';

let t: TestContext;
/** The other practice's GP, outside the API client's organization. */
const OUTSIDE_HPR = '1282680';
let outsidePersonId: string;

const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db.kysely)).rows[0].n;

/** The cases' referral, as a record system sends it. */
const referral = variantReferral;
const post = (body: unknown, headers: Record<string, string> = {}) => fhirPost(t.app, body, headers);
const get = (url: string, headers: Record<string, string> = {}) => fhirGet(t.app, url, headers);

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  const { practice } = await seedFhirPractice(
    db,
    [
      ['pat-fnr', FNR, '1960-03-31'],
      ['pat-dnr', DNR, '1985-03-12'],
    ],
    { id: 'client-epj', name: 'EPJ Legesenteret' },
  );
  const otherPractice = await createOrganization(db, { kind: 'gp_practice', name: 'Et annet legesenter' });
  outsidePersonId = (await createUser(db, { referrerKind: 'gp', hpr: OUTSIDE_HPR, grants: [{ role: 'referrer', organizationId: otherPractice }] })).personId;
  const admin = await createUser(db, {
    username: 'fhir.admin',
    grants: [
      { role: 'admin', organizationId: practice },
      { role: 'admin', organizationId: otherPractice },
    ],
  });
  adminLogin = () => login(t.app, admin.username, admin.password);
});
afterAll(() => t.close());
let adminLogin: () => ReturnType<typeof login>;

describe('capabilities (case 03)', () => {
  it('serves a CapabilityStatement at /fhir/metadata stating what is supported, without a token', async () => {
    const res = await t.app.inject({ url: '/fhir/metadata', headers: { accept: 'application/fhir+json' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/fhir\+json/);
    const cs = res.json();
    expect(cs).toMatchObject({
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: expect.arrayContaining(['application/fhir+json']),
    });
    const sr = cs.rest[0].resource.find((r: { type: string }) => r.type === 'ServiceRequest');
    expect(sr.interaction.map((i: { code: string }) => i.code).sort()).toEqual(['create', 'history-instance', 'read', 'search-type', 'vread']);
    expect(sr).toMatchObject({ conditionalCreate: true, versioning: 'versioned', conditionalUpdate: false });
    expect(sr.searchParam.map((p: { name: string }) => p.name).sort()).toEqual([
      '_id',
      '_lastUpdated',
      'authored',
      'code',
      'identifier',
      'intent',
      'patient',
      'performer',
      'requester',
      'status',
      'subject',
    ]);
    expect(sr.searchInclude).toEqual(['ServiceRequest:patient', 'ServiceRequest:subject', 'ServiceRequest:requester']);
    expect(sr.searchRevInclude).toEqual(['DiagnosticReport:based-on', 'ImagingStudy:basedon']);
    expect(cs.rest[0].security.cors).toBe(true);
  });
});

describe('create: versioning and what is kept (case 04)', () => {
  it('sets id, meta.versionId and meta.lastUpdated, ETag, Last-Modified and Location …/_history/{vid}, and keeps what it does not model', async () => {
    const extension = [{ url: 'http://epj.example.no/ext/x', valueString: 'y' }];
    const body = referral('meta-test-1', {
      meta: { profile: ['http://example.org/StructureDefinition/epj-henvisning'] },
      category: [{ text: 'Radiologi' }],
      extension,
    });
    const res = await post(body);
    expect(res.statusCode).toBe(201);
    const sr = res.json();
    expect(sr.meta).toMatchObject({
      versionId: '1',
      lastUpdated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      profile: ['http://example.org/StructureDefinition/epj-henvisning'],
    });
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.headers['last-modified']).toBe(new Date(sr.meta.lastUpdated).toUTCString().replace(/\.\d{3}/, ''));
    expect(res.headers.location).toMatch(new RegExp(`/fhir/ServiceRequest/${sr.id}/_history/1$`));
    expect(sr.category).toEqual([{ text: 'Radiologi' }]);
    expect(sr.extension).toEqual(extension);
    const read = await get(`/fhir/ServiceRequest/${sr.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('W/"1"');
    expect(read.json()).toEqual(sr);
    expect((await get(`/fhir/ServiceRequest/${sr.id}`, { 'if-none-match': 'W/"1"' })).statusCode).toBe(304);
    expect((await get(res.headers.location as string)).json().id).toBe(sr.id);
    const old = await get(`/fhir/ServiceRequest/${sr.id}/_history/2`);
    expect(old.statusCode).toBe(404);
    expect(old.json().resourceType).toBe('OperationOutcome');
    // A change to the referral makes a new version.
    await t.db.kysely.updateTable('referral').set({ status: 'accepted' }).where('id', '=', sr.id).execute();
    const v2 = await get(`/fhir/ServiceRequest/${sr.id}`);
    expect(v2.headers.etag).toBe('W/"2"');
    expect(v2.json().meta.versionId).toBe('2');
  });
});

describe('conditional create (case 02)', () => {
  it('applies every parameter of If-None-Exist: one match → 200 with it, none → create, several → 412, unknown → 400', async () => {
    const a = await post(referral('A'));
    expect(a.statusCode).toBe(201);
    const before = await count('referral');
    const match = await post(referral('B'), { 'if-none-exist': `identifier=${EPJ}|A&status=active` });
    expect(match.statusCode).toBe(200);
    expect(match.json().id).toBe(a.json().id);
    expect(match.headers.location).toMatch(/_history\/1$/);
    expect(await count('referral')).toBe(before);
    // Percent-encoded as a client may send it.
    expect(
      (
        await post(referral('B'), {
          'if-none-exist': `identifier=${encodeURIComponent(`${EPJ}|A`)}&patient:identifier=${encodeURIComponent(`${FNR_OID}|${FNR}`)}`,
        })
      ).json().id,
    ).toBe(a.json().id);
    const none = await post(referral('B'), { 'if-none-exist': `identifier=${EPJ}|A&status=completed` });
    expect(none.statusCode).toBe(201);
    expect(none.json().identifier[0].value).toBe('B');
    const several = await post(referral('C'), { 'if-none-exist': `patient:identifier=${FNR_OID}|${FNR}&status=active` });
    expect(several.statusCode).toBe(412);
    expect(several.json().resourceType).toBe('OperationOutcome');
    for (const bad of ['foo=bar', `identifier=${EPJ}|A&_count=1`, 'status=nonsense', 'authored=2024-13', '']) {
      const res = await post(referral('D'), { 'if-none-exist': bad });
      expect({ bad, status: res.statusCode, type: res.json().resourceType }).toEqual({ bad, status: 400, type: 'OperationOutcome' });
    }
    const broken = await post(referral('E'), { 'if-none-exist': 'identifier=%zz%' });
    expect(broken.statusCode).toBeLessThan(500);
    expect(await count('referral')).toBe(before + 1 + (broken.statusCode === 201 ? 1 : 0));
  });
});

describe('search (case 01)', () => {
  it('applies every declared parameter, with an exact total and self/next links listing what was used', async () => {
    const dn = await post(referral('dnr-search-1', { subject: { identifier: { system: DNR_OID, value: DNR } } }));
    expect(dn.statusCode).toBe(201);
    const all = (await get('/fhir/ServiceRequest?_count=100')).json();
    const fnrIds = all.entry
      .filter((e: { resource: { subject: { reference: string } } }) => e.resource.subject.reference === 'Patient/pat-fnr')
      .map((e: { resource: { id: string } }) => e.resource.id);
    expect(fnrIds.length).toBeGreaterThanOrEqual(3);
    expect(all.total).toBe(fnrIds.length + 1);
    const ids = (b: { entry?: { resource: { id: string } }[] }) => (b.entry ?? []).map((e) => e.resource.id).sort();
    for (const q of [
      'subject=Patient/pat-dnr',
      'patient=pat-dnr',
      'subject:Patient=pat-dnr',
      `patient:identifier=${DNR_OID}|${DNR}`,
      `subject:identifier=${encodeURIComponent(`${DNR_OID}|${DNR}`)}`,
      `identifier=${EPJ}|dnr-search-1`,
      'identifier=dnr-search-1',
      `_id=${dn.json().id}`,
    ]) {
      const res = await get(`/fhir/ServiceRequest?${q}`);
      expect({ q, status: res.statusCode, ids: ids(res.json()), total: res.json().total }).toEqual({ q, status: 200, ids: [dn.json().id], total: 1 });
      const self = res.json().link.find((l: { relation: string }) => l.relation === 'self').url as string;
      expect(decodeURIComponent(self)).toContain(`${decodeURIComponent(q.split(/[=:]/)[0])}`);
    }
    expect(ids((await get(`/fhir/ServiceRequest?patient:identifier=${FNR_OID}|${FNR}`)).json())).toEqual([...fnrIds].sort());
    expect((await get('/fhir/ServiceRequest?subject=Patient/pat-nobody')).json().total).toBe(0);
    expect((await get('/fhir/ServiceRequest?subject=Group/g1')).json().total).toBe(0);
    expect((await get(`/fhir/ServiceRequest?requester:identifier=${HPR_OID}|${GP_HPR}`)).json().total).toBe(all.total);
    expect((await get(`/fhir/ServiceRequest?requester:identifier=${HPR_OID}|${OUTSIDE_HPR}`)).json().total).toBe(0);
    await t.db.kysely.updateTable('referral').set({ status: 'cancelled' }).where('id', '=', fnrIds[0]).execute();
    expect((await get('/fhir/ServiceRequest?status=active')).json().total).toBe(all.total - 1);
    expect(ids((await get('/fhir/ServiceRequest?status=revoked')).json())).toEqual([fnrIds[0]]);
    expect((await get('/fhir/ServiceRequest?status=active,completed&status:not=revoked')).json().total).toBe(all.total - 1);
    expect((await get('/fhir/ServiceRequest?status:not=active')).json().total).toBe(1);
    expect((await get('/fhir/ServiceRequest?status=completed')).json().total).toBe(0);
    await t.db.kysely.updateTable('referral').set({ status: 'submitted' }).where('id', '=', fnrIds[0]).execute();
    const year = new Date().getUTCFullYear();
    expect((await get(`/fhir/ServiceRequest?authored=${year}`)).json().total).toBe(all.total);
    expect((await get(`/fhir/ServiceRequest?authored=ge${year}-01-01&authored=lt${year + 1}`)).json().total).toBe(all.total);
    expect((await get(`/fhir/ServiceRequest?authored=lt${year}`)).json().total).toBe(0);
    expect((await get(`/fhir/ServiceRequest?authored=sa${year}`)).json().total).toBe(0);
  });

  it('pages with _count and next/previous links, and omits total with _total=none', async () => {
    const first = (await get('/fhir/ServiceRequest?status=active&_count=2')).json();
    expect(first.entry).toHaveLength(2);
    const total = first.total as number;
    expect(total).toBeGreaterThan(2);
    const link = (b: { link: { relation: string; url: string }[] }, rel: string) => b.link.find((l) => l.relation === rel)?.url;
    expect(link(first, 'self')).toMatch(/\/fhir\/ServiceRequest\?_count=2&status=active$/);
    const seen = first.entry.map((e: { resource: { id: string } }) => e.resource.id);
    let page = first;
    while (link(page, 'next')) {
      const url = new URL(link(page, 'next')!);
      page = (await get(`${url.pathname}${url.search}`)).json();
      expect(page.total).toBe(total);
      expect(link(page, 'previous')).toBeTruthy();
      seen.push(...page.entry.map((e: { resource: { id: string } }) => e.resource.id));
    }
    expect(new Set(seen).size).toBe(total);
    const none = (await get('/fhir/ServiceRequest?_count=1&_total=none')).json();
    expect(none.total).toBeUndefined();
    expect(link(none, 'next')).toBeTruthy();
    const onlyTotal = (await get('/fhir/ServiceRequest?_count=0')).json();
    // R4 json.html: an array SHALL NOT be empty, so a count-only Bundle has no `entry` at all (fixb25).
    expect(onlyTotal.entry).toBeUndefined();
    expect(onlyTotal.total).toBe((await get('/fhir/ServiceRequest?_count=100')).json().entry.length);
    expect((await get('/fhir/ServiceRequest?_count=5000')).json().link[0].url).toContain('_count=100');
  });

  it('refuses parameters, modifiers and values it does not support with 400, unless the client prefers lenient handling', async () => {
    for (const q of [
      'foo=bar',
      'priority=routine',
      'intent=bogus',
      'code:below=SNG0AG',
      '_include=ServiceRequest:performer',
      '_include:iterate=ServiceRequest:requester',
      '_revinclude=Observation:based-on',
      '_lastUpdated=2024-99',
      '_sort=-code',
      'status:missing=maybe',
      'identifier:of-type=x',
      'authored=ap2024',
      '_count=abc',
      '_count=1e999',
      '_count=-1',
      '_offset=-1',
      'status=bogus',
      'authored=2024-13-45',
      `patient=${FNR_OID}|${FNR}`,
      'patient:identifier=urn:oid:2.16.578.1.12.4.1.4.3|1',
      '_id=',
      '_total=maybe',
      'status=a%00b',
    ]) {
      const res = await get(`/fhir/ServiceRequest?${q}`);
      expect({ q, status: res.statusCode, type: res.json().resourceType }).toEqual({ q, status: 400, type: 'OperationOutcome' });
    }
    expect((await get('/fhir/ServiceRequest?foo=bar', { prefer: 'handling=strict' })).statusCode).toBe(400);
    const lenient = await get('/fhir/ServiceRequest?foo=bar&subject=Patient/pat-dnr', { prefer: 'handling=lenient' });
    expect(lenient.statusCode).toBe(200);
    expect(lenient.json().total).toBe(1);
    const self = lenient.json().link.find((l: { relation: string }) => l.relation === 'self').url;
    expect(self).not.toContain('foo');
    expect(decodeURIComponent(self)).toContain('subject=Patient/pat-dnr');
    // Bad values of supported parameters are errors even when lenient.
    expect((await get('/fhir/ServiceRequest?status=bogus', { prefer: 'handling=lenient' })).statusCode).toBe(400);
  });
});

describe('CORS for browser-based record systems (case 05)', () => {
  it('allows the headers our interactions use in the preflight, and exposes Location and ETag', async () => {
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/fhir/ServiceRequest',
      headers: {
        origin: 'https://smart-app.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,if-none-exist,prefer',
      },
    });
    expect(pre.statusCode).toBe(204);
    const allowed = String(pre.headers['access-control-allow-headers'])
      .toLowerCase()
      .split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-none-exist', 'prefer']));
    expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
    const res = await post(referral('cors-1'), { origin: 'https://smart-app.example.org' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const exposed = String(res.headers['access-control-expose-headers'])
      .toLowerCase()
      .split(/\s*,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['location', 'etag', 'content-location']));
    // The app API stays same-origin.
    const app = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/referrals',
      headers: { origin: 'https://smart-app.example.org', 'access-control-request-method': 'POST' },
    });
    expect(app.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Norwegian identifiers (case 07)', () => {
  it('accepts a D-number under its own OID and answers with the OID that fits the number', async () => {
    const res = await post(referral('dnr-test-1', { subject: { identifier: { system: DNR_OID, value: DNR } } }));
    expect(res.statusCode).toBe(201);
    expect(res.json().subject).toMatchObject({ reference: 'Patient/pat-dnr', identifier: { system: DNR_OID, value: DNR } });
    const fnr = await post(referral('fnr-test-1'));
    expect(fnr.json().subject.identifier).toEqual({ system: FNR_OID, value: FNR });
    const unknown = await post(
      referral('dnr-test-2', { subject: { identifier: { system: DNR_OID, value: makeSyntheticFnr('1990-01-01', 'M', 3, { dNumber: true }) } } }),
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().issue[0].expression).toEqual(['ServiceRequest.subject.identifier.value']);
    const bad = await post(referral('dnr-test-3', { subject: { identifier: { system: DNR_OID, value: '52838510052' } } }));
    expect(bad.statusCode).toBe(422);
    const otherSystem = await post(referral('dnr-test-4', { subject: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.3', value: DNR } } }));
    expect(otherSystem.statusCode).toBe(422);
  });
});

describe('status codes and kinds of order (case 11)', () => {
  it('accepts every kind of order as intent, answers rule rejections with 422 and malformed resources with 400', async () => {
    for (const intent of ['original-order', 'reflex-order', 'filler-order', 'instance-order']) {
      const res = await post(referral(`intent-${intent}`, { intent }));
      expect({ intent, status: res.statusCode }).toEqual({ intent, status: 201 });
      expect(res.json().intent).toBe(intent);
    }
    const before = await count('referral');
    for (const [over, field] of [
      [{ intent: 'proposal' }, 'ServiceRequest.intent'],
      [{ status: 'draft' }, 'ServiceRequest.status'],
      [{ code: { coding: [{ system: 'http://loinc.org', code: '24627-2' }], text: 'Chest CT' } }, 'ServiceRequest.code'],
      [{ performer: [{ reference: 'Practitioner/1' }] }, 'ServiceRequest.performer'],
      [{ requester: { reference: 'Practitioner/example' } }, 'ServiceRequest.requester.identifier'],
    ] as const) {
      const res = await post(referral('rule-1', over));
      expect({ field, status: res.statusCode, issue: res.json().issue.map((i: { expression?: string[] }) => i.expression?.[0]) }).toEqual({
        field,
        status: 422,
        issue: [field],
      });
      expect(res.json().issue[0].code).toBe('processing');
    }
    // The HL7 R4 'di' example, unmodified apart from the id: valid FHIR, not a Radvis referral → 422 naming each rule.
    const di = {
      resourceType: 'ServiceRequest',
      id: 'di',
      status: 'active',
      intent: 'original-order',
      code: { coding: [{ system: 'http://loinc.org', code: '24627-2', display: 'Chest CT' }], text: 'Chest CT' },
      subject: { reference: 'Patient/dicom' },
      occurrenceDateTime: '2013-05-08T09:33:27+07:00',
      requester: { reference: 'Practitioner/example', display: 'Dr Adam Careful' },
      reasonCode: [{ text: 'Check for metastatic disease' }],
    };
    const diRes = await post(di);
    expect(diRes.statusCode).toBe(422);
    expect(diRes.json().issue.map((i: { expression: string[] }) => i.expression[0])).toEqual(
      expect.arrayContaining([
        'ServiceRequest.identifier',
        'ServiceRequest.subject.identifier',
        'ServiceRequest.code',
        'ServiceRequest.performer',
        'ServiceRequest.requester.identifier',
      ]),
    );
    // Structure: wrong JSON types, unknown elements, bad primitives, non-finite numbers → 400.
    for (const body of [
      referral('s-1', { code: { coding: { system: 'x', code: 'y' } } }),
      referral('s-2', { priority: 5 }),
      referral('s-3', { authoredOn: 'yesterday' }),
      referral('s-4', { unknownElement: true }),
      referral('s-5', { note: 'not an array' }),
      referral('s-5b', { priority: 'whenever' }),
      JSON.stringify(referral('s-6')).replace('"routine"', '1e999'),
      JSON.stringify(referral('s-7')).replace('Smerter', 'Sm\\u0000erter'),
      '[]',
      '{"resourceType":',
    ]) {
      const res = await post(body);
      expect({
        body: String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 60),
        status: res.statusCode,
        type: res.json().resourceType,
      }).toMatchObject({ status: 400, type: 'OperationOutcome' });
    }
    expect(await count('referral')).toBe(before);
  });
});

describe("acting in someone's name", () => {
  it('refuses a client sending for a referrer outside its organization (logged), until an administrator grants it', async () => {
    const before = await count('referral');
    const res = await post(referral('outside-1', { requester: { identifier: { system: HPR_OID, value: OUTSIDE_HPR } } }));
    expect(res.statusCode).toBe(403);
    expect(res.json().issue[0]).toMatchObject({ code: 'forbidden', expression: ['ServiceRequest.requester'] });
    expect(await count('referral')).toBe(before);
    const log = await t.db.kysely
      .selectFrom('access_log')
      .select(['outcome', 'reason', 'action', 'actor_name', 'patient_id'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(log).toEqual({
      outcome: 'refused',
      reason: 'requester-outside-client-organization',
      action: 'create',
      actor_name: 'system:EPJ Legesenteret',
      patient_id: 'pat-fnr',
    });
    const admin = await adminLogin();
    expect(
      (await as(t.app, admin)({ method: 'POST', url: '/api/admin/api-clients/client-epj/requesters', payload: { personId: outsidePersonId } })).statusCode,
    ).toBe(204);
    const granted = await post(referral('outside-1', { requester: { identifier: { system: HPR_OID, value: OUTSIDE_HPR } } }));
    expect(granted.statusCode).toBe(201);
    expect(granted.json().requester.identifier.value).toBe(OUTSIDE_HPR);
  });
});
