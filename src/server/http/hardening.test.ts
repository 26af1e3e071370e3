// Hardening through the real app (issue 7 item 7): malformed input is refused at the edge in the
// right shape (problem+json on the app API, OperationOutcome on /fhir and /cds-services) with a
// stable code and i18n text; framework errors included; patient data answers are not cached;
// security headers; no personal data in the log; Idempotency-Key on POST /api/referrals.
import crypto from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { requestLineTooLong } from './errors.ts';
import { loadReferenceData } from '../directory/reference-data.ts';
import { createTestCdsClient, type TestCdsClient } from '../testing/cds-client.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';
import { as, createTestContext, login, testConfig, type Session, type TestContext } from '../testing/harness.ts';

let t: TestContext;
let gp: Session;
let cds: TestCdsClient;
let patient: { id: string; fnr: string };
let dept: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  await loadReferenceData(db);
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Fjordlegane' });
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Førde' });
  dept = await createOrganization(db, { kind: 'department', name: 'Radiologi Førde', parentId: hf });
  const u = await createUser(db, { referrerKind: 'gp', hpr: '5566001', grants: [{ role: 'referrer', organizationId: practice }] });
  patient = await createPatient(db, { birthDate: '1970-03-10', sex: 'M', gpPersonId: u.personId });
  gp = await login(t.app, u.username, u.password);
  cds = await createTestCdsClient(db, { organizationId: practice });
}, 10 * 60_000); // a loaded shared machine can take minutes to open and migrate a database
afterAll(() => t.close());

const isProblem = (res: { headers: Record<string, unknown>; json(): Record<string, unknown> }, status: number, code?: string) => {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const b = res.json();
  expect(b).toMatchObject({ status, type: expect.stringMatching(/^https:\/\/radvis\.no\/problems\//), code: expect.any(String), title: expect.any(String) });
  if (code) expect(b.code).toBe(code);
};
const isOutcome = (res: { headers: Record<string, unknown>; json(): Record<string, unknown> }, code?: string) => {
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const b = res.json() as { resourceType: string; issue: { details?: { coding: { code: string }[] } }[] };
  expect(b.resourceType).toBe('OperationOutcome');
  if (code) expect(b.issue[0].details?.coding[0].code).toBe(code);
};

describe('input that reaches SQL', () => {
  it('refuses NUL in body, query and path with 400 before any handler runs', async () => {
    const call = as(t.app, gp);
    const body = await call({
      method: 'POST',
      url: '/api/referrals',
      payload: { patientId: `${patient.id}\u0000`, examCode: 'SNG0AG', departmentId: dept, clinicalQuestion: 'Menisk?', urgency: 'routine' },
    });
    expect(body.statusCode).toBe(400);
    isProblem(body, 400, 'invalid');
    expect(body.json().errors[0].field).toBe('patientId');
    const path = await call({ url: '/api/referrals/abc%00def' });
    isProblem(path, 400, 'invalid');
    isProblem(await call({ url: '/api/referrals?mine=a%00' }), 400, 'invalid');
    isOutcome(await t.app.inject({ url: '/fhir/ServiceRequest?patient=a%00b', headers: { cookie: gp.cookie } }), 'invalid');
  });

  it('refuses numbers that are not finite (1e999) or not bounded', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/referrals/advice',
      headers: { cookie: gp.cookie, 'x-csrf-token': gp.csrf, 'content-type': 'application/json' },
      payload: '{"examCode":"SNG0AG","patient":{"ageYears":1e999,"sex":"F"}}',
    });
    isProblem(res, 400, 'invalid');
    expect(JSON.stringify(res.json().errors)).toMatch(/patient\.ageYears/);
    const cdsRes = await t.app.inject({
      method: 'POST',
      url: '/cds-services/radvis-imaging-order-sign',
      headers: { authorization: `Bearer ${await cds.sign('/cds-services/radvis-imaging-order-sign')}`, 'content-type': 'application/json' },
      payload:
        '{"hook":"order-sign","hookInstance":"x","context":{"draftOrders":{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"ServiceRequest","id":1e999}}]}}}',
    });
    expect(cdsRes.statusCode).toBe(400);
    isOutcome(cdsRes, 'invalid');
  });

  it('answers code.coding as an object on order-sign with 400 OperationOutcome', async () => {
    const url = '/cds-services/radvis-imaging-order-sign';
    const payload = {
      hook: 'order-sign',
      hookInstance: crypto.randomUUID(),
      context: {
        userId: 'Practitioner/x',
        patientId: 'p',
        draftOrders: {
          resourceType: 'Bundle',
          entry: [{ resource: { resourceType: 'ServiceRequest', id: 'd1', code: { coding: { system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' } } } }],
        },
      },
    };
    const res = await t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await cds.sign(url)}` } });
    expect(res.statusCode).toBe(400);
    isOutcome(res, 'invalid');
    expect(res.json().issue[0].expression).toEqual(['context.draftOrders.entry.0.resource.code.coding']);
  });

  it('answers bad percent-encoding in If-None-Exist with 400, not 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: { cookie: gp.cookie, 'x-csrf-token': gp.csrf, 'content-type': 'application/fhir+json', 'if-none-exist': 'identifier=%E0%A4%A' },
      payload: { resourceType: 'ServiceRequest' },
    });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    isOutcome(res);
  });
});

describe('framework errors in our shapes', () => {
  it('bad URL encoding', async () => {
    const api = await t.app.inject({ url: '/api/referrals/%E0%A4%A' });
    expect(api.statusCode).toBe(400);
    isProblem(api, 400, 'bad-url');
    const fhir = await t.app.inject({ url: '/fhir/ServiceRequest/%E0%A4%A' });
    expect(fhir.statusCode).toBe(400);
    isOutcome(fhir, 'bad-url');
  });

  it('bad percent-encoding in a query string: 400 on every door, never a search on garbled text', async () => {
    for (const q of ['q=%E0%A4%A', 'q=ok&x=%zz', 'a%ZZb=1']) {
      const api = await t.app.inject({ url: `/api/patients?${q}`, headers: { cookie: gp.cookie } });
      isProblem(api, 400, 'bad-url');
      const fhir = await t.app.inject({ url: `/fhir/ServiceRequest?${q}`, headers: { cookie: gp.cookie } });
      expect(fhir.statusCode).toBe(400);
      isOutcome(fhir, 'bad-url');
    }
    // Well-formed encodings still pass: UTF-8 letters, spaces as + or %20, an encoded %.
    const ok = await t.app.inject({ url: '/api/patients?q=%C3%98stb%C3%B8+%25', headers: { cookie: gp.cookie } });
    expect(ok.statusCode).toBe(200);
  });

  it('bad JSON, unsupported media type and gzip bodies', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    isProblem(bad, 400, 'invalid-json');
    const xml = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
    isProblem(xml, 415, 'unsupported-media-type');
    const gz = zlib.gzipSync(JSON.stringify({ hook: 'order-sign' }));
    const cdsGz = await t.app.inject({
      method: 'POST',
      url: '/cds-services/radvis-imaging-order-sign',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gz,
    });
    expect(cdsGz.statusCode).toBe(415);
    isOutcome(cdsGz, 'unsupported-media-type');
    const apiGz = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: zlib.gzipSync('{"username":"a","password":"b"}'),
    });
    isProblem(apiGz, 415, 'unsupported-media-type');
  });

  it('/api reads JSON bodies only: text/plain is 415 problem+json like a form or XML body, on open and session routes, and writes nothing', async () => {
    for (const [type, payload] of [
      ['text/plain', '{"username":"a","password":"b"}'],
      ['text/plain; charset=utf-8', 'x'],
      ['application/x-www-form-urlencoded', 'username=a&password=b'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': type }, payload });
      expect({ type, status: res.statusCode }).toEqual({ type, status: 415 });
      isProblem(res, 415, 'unsupported-media-type');
    }
    const count = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('referral')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/referrals',
      headers: { cookie: gp.cookie, 'x-csrf-token': gp.csrf, 'content-type': 'text/plain' },
      payload: JSON.stringify({ patientId: patient.id, examCode: 'SNG0AG', departmentId: dept, clinicalQuestion: 'Menisk?', urgency: 'routine' }),
    });
    isProblem(res, 415, 'unsupported-media-type');
    expect(await count()).toBe(before);
  });

  it('413 on /fhir as OperationOutcome, with English user text when asked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/fhir/ServiceRequest',
      headers: { cookie: gp.cookie, 'x-csrf-token': gp.csrf, 'content-type': 'application/fhir+json', 'accept-language': 'en-GB,en;q=0.9' },
      payload: JSON.stringify({ x: 'y'.repeat(1_100_000) }),
    });
    expect(res.statusCode).toBe(413);
    isOutcome(res, 'payload-too-large');
    expect(res.json().issue[0].details.text).toBe('The request is too large.');
    const nb = await t.app.inject({ url: '/api/nothing' });
    expect(nb.json().title).toBe('Fant ikke det du ba om.');
  });

  it('431 (headers too large) from a real socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as net.AddressInfo).port;
    const answer = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
        let data = '';
        s.on('data', (d) => (data += d.toString()));
        s.on('end', () => resolve(data));
        s.on('error', reject);
      });
    const api = await answer('/api/referrals');
    expect(api).toMatch(/^HTTP\/1\.1 431/);
    expect(api).toMatch(/application\/problem\+json/);
    expect(api).toMatch(/"code":"header-too-large"/);
    const fhir = await answer('/fhir/ServiceRequest');
    expect(fhir).toMatch(/^HTTP\/1\.1 431/);
    expect(fhir).toMatch(/OperationOutcome/);
  });

  it('414 (URI too long, RFC 9110 §15.5.15) when the request line itself is what overflows; a FHIR client is pointed to POST _search', async () => {
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as net.AddressInfo).port;
    const answer = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => s.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`));
        let data = '';
        s.on('data', (d) => (data += d.toString()));
        s.on('end', () => resolve(data));
        s.on('error', reject);
      });
    const fhir = await answer(`/fhir/ServiceRequest?identifier=${'a'.repeat(20_000)}`);
    expect(fhir).toMatch(/^HTTP\/1\.1 414 URI Too Long/);
    expect(fhir).toMatch(/application\/fhir\+json/);
    expect(fhir).toMatch(/"code":"too-long"/);
    expect(fhir).toMatch(/"code":"uri-too-long"/);
    expect(fhir).toMatch(/_search/);
    const api = await answer(`/api/referrals?q=${'a'.repeat(20_000)}`);
    expect(api).toMatch(/^HTTP\/1\.1 414/);
    expect(api).toMatch(/application\/problem\+json/);
    expect(api).toMatch(/"code":"uri-too-long"/);
  });

  it('requestLineTooLong: the request line, not the headers (unit level)', () => {
    const line = (n: number) => Buffer.from(`GET /fhir/ServiceRequest?x=${'a'.repeat(n)} HTTP/1.1\r\nHost: x\r\n`);
    expect(requestLineTooLong(line(20_000), 16_384)).toBe(true);
    expect(requestLineTooLong(Buffer.from(`GET /x?${'a'.repeat(20_000)}`), 16_384)).toBe(true);
    expect(requestLineTooLong(line(10), 16_384)).toBe(false);
    expect(requestLineTooLong(Buffer.from(`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n`), 16_384)).toBe(false);
    expect(requestLineTooLong(Buffer.from('a'.repeat(20_000)), 16_384)).toBe(false);
    expect(requestLineTooLong(null)).toBe(false);
  });
});

describe('headers', () => {
  it('patient data is not cached; security headers are set; HSTS only behind https', async () => {
    const res = await as(t.app, gp)({ url: '/api/referrals' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const httpsApp = await buildApp({ db: t.db, config: testConfig({ publicUrl: 'https://radvis.example.no' }) });
    try {
      const h = await httpsApp.inject({ url: '/health' });
      expect(h.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(h.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
    } finally {
      await httpsApp.close();
    }
  });
});

describe('logs', () => {
  it('hold no fødselsnummer from URLs and no SQL parameters of failed queries', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, cb) => (lines.push(chunk.toString()), cb()) });
    const app = await buildApp({ db: t.db, config: testConfig(), logger: { level: 'info', stream } });
    app.get('/api/boom-sql', { config: { access: { public: true } } }, async () => {
      // A query that fails with its parameters attached to the error (as pg and PGlite do).
      await t.db.kysely.selectFrom('patient').select('id').where('birth_date', '=', `${patient.fnr}-not-a-date`).execute();
      return {};
    });
    try {
      await app.inject({ url: `/fhir/ServiceRequest?patient=${patient.fnr}` });
      await app.inject({ url: `/api/patients/${patient.fnr}` });
      const boom = await app.inject({ url: '/api/boom-sql' });
      expect(boom.statusCode).toBe(400); // a data exception is the client's bad value
      const log = lines.join('');
      expect(log).toMatch(/boom-sql/);
      expect(log).not.toContain(patient.fnr);
      expect(log).not.toMatch(/"params"|"query":/);
    } finally {
      await app.close();
    }
  });
});

describe('Idempotency-Key on POST /api/referrals', () => {
  it('gives the first answer for a retry, 422 for another body, and stores one referral', async () => {
    const send = (key: string, clinicalQuestion: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/referrals',
        headers: { cookie: gp.cookie, 'x-csrf-token': gp.csrf, 'idempotency-key': key },
        payload: {
          patientId: patient.id,
          examCode: 'SNA0GG',
          departmentId: dept,
          clinicalQuestion,
          urgency: 'emergency',
          text: 'Cauda equina-symptomer med urinretensjon siste døgn.',
          facts: { red_flags: true },
        },
      });
    const key = crypto.randomUUID();
    const first = await send(key, 'Cauda equina?');
    expect([200, 201]).toContain(first.statusCode);
    const again = await send(key, 'Cauda equina?');
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await send(key, 'Noe annet?');
    expect(other.statusCode).toBe(422);
    isProblem(other, 422, 'unprocessable');
    const bad = await send('bad key with spaces', 'Cauda equina?');
    isProblem(bad, 400, 'invalid');
    if (first.json().id) {
      const n = await t.db.kysely
        .selectFrom('referral')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', '=', first.json().id)
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1);
    }
  });
});
