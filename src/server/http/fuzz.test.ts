// A bounded fuzz test (issue 7 item 7): malformed requests to every route of the real app — found
// by walking app.printRoutes(), so new routes are included without editing this file — as an
// anonymous caller, as a logged-in user holding every role, and as a signed CDS client. No answer
// may be a 5xx, and every error must be problem+json on the app API and OperationOutcome on
// /fhir and /cds-services. Deterministic (seeded), a few thousand requests, no timing assumptions.
// Each route meets every kind of malformed input; the values are spread over the routes.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../directory/reference-data.ts';
import { ROLES } from '../db/schema.ts';
import { createTestCdsClient, type TestCdsClient } from '../testing/cds-client.ts';
import { createOrganization, createPatient, createUser } from '../testing/factories.ts';
import { createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';

let t: TestContext;
let all: Session;
let cds: TestCdsClient;
let patientId: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.db.kysely;
  await loadReferenceData(db);
  const rhf = await createOrganization(db, { kind: 'rhf', name: 'RHF' });
  const hf = await createOrganization(db, { kind: 'hf', name: 'HF', parentId: rhf });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologi', parentId: hf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Legekontor' });
  const grants = ROLES.map((role) => ({ role, organizationId: role === 'referrer' ? practice : role === 'admin' ? rhf : dept }));
  const u = await createUser(db, { referrerKind: 'gp', hpr: '5566990', grants });
  patientId = (await createPatient(db, { gpPersonId: u.personId })).id;
  all = await login(t.app, u.username, u.password);
  cds = await createTestCdsClient(db, { organizationId: practice });
}, 10 * 60_000);
afterAll(() => t.close());

/** Routes from Fastify's route tree: full path and methods. */
export function routesOf(tree: string): { path: string; methods: string[] }[] {
  const out: { path: string; methods: string[] }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2];
    stack[depth] = path;
    if (m[3]) out.push({ path, methods: m[3].split(', ').filter((x) => x !== 'HEAD') });
  }
  return out;
}

// A small deterministic generator (mulberry32), so a failure can be replayed.
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const PARAM_VALUES = ['x', '%00', 'a%00b', '%E0%A4%A', '%zz', '1e999', '-1', '..%2F..%2Fetc', 'x'.repeat(300), '%F0%9F%98%80', "'%20OR%201=1--", 'null'];
const QUERIES = [
  '',
  '?a=%00',
  '?patient=%00',
  '?patient=%E0%A4%A',
  '?_count=1e999',
  '?_count=-5',
  '?status=%00&status=x',
  '?department=%00',
  '?q=%00',
  '?mine=%00',
  '?x[y]=1',
  '?identifier=urn%3Aoid%3A2.16.578.1.12.4.1.4.1%7C%00',
  // Duplicated parameters and unknown formats (a FHIR route answers 400 / 406, never 5xx).
  '?_format=bogus',
  '?_format=json&_format=xml',
  '?_count=1&_count=2',
  '?_id=a&_id=b',
  '?status=active&status=%00',
  '?_count=99999999999999999999',
];
/** If-None-Exist values (conditional create): bad percent-encoding, NUL, duplicated and unknown parameters. */
const IF_NONE_EXIST = [
  'identifier=%E0%A4%A',
  'identifier=a%00b',
  '_id=a&_id=b',
  'foo=bar',
  '_count=1',
  '&&&',
  'identifier=x|1&status=active&status=completed',
  'x'.repeat(5000),
];
/** Raw bodies (strings, sent as given) of malformed JSON and hostile values. */
const RAW_BODIES = [
  '{',
  '{"a":',
  'null',
  '[]',
  '1e999',
  '"x"',
  '{"a":"\\u0000"}',
  '{"\\u0000":1}',
  '{"a":1e999}',
  '{"a":-1e999}',
  `${'['.repeat(200)}${']'.repeat(200)}`,
  '{"resourceType":"ServiceRequest","code":{"coding":{"code":"x"}}}',
  '{"resourceType":1}',
];

/** Leaf mutations of a sample body: each leaf in turn replaced by a hostile value of another type. */
const HOSTILE: unknown[] = [null, '\u0000', 'x\u0000y', 1e308, -1, 0.5, true, [], {}, 'x'.repeat(5000), { coding: { code: 'x' } }, [[['deep']]]];

const SAMPLE_BODIES: Record<string, unknown> = {
  '/api/referrals': {
    patientId: 'P',
    examCode: 'SNG0AG',
    departmentId: 'D',
    clinicalQuestion: 'Menisk?',
    urgency: 'routine',
    facts: { red_flags: false },
    decision: { kind: 'override', reasonCode: 'x' },
  },
  '/api/referrals/advice': { examCode: 'SNG0AG', patientId: 'P', patient: { ageYears: 40, sex: 'F' }, facts: { a: 1 }, text: 'kne' },
  '/api/auth/login': { username: 'nobody', password: 'wrong' },
  '/api/admin/users': {
    username: 'fuzz.user',
    password: 'x'.repeat(12),
    givenName: 'A',
    familyName: 'B',
    profession: 'physician',
    grants: [{ role: 'referrer', organizationId: 'x' }],
  },
  '/cds-services/:id': {
    hook: 'order-sign',
    hookInstance: '5b0e8c1e-3c1a-4c55-9d0e-7f7c2b3a9e10',
    fhirServer: 'http://127.0.0.1:9/fhir',
    context: {
      userId: 'PractitionerRole/1',
      patientId: 'p',
      draftOrders: {
        resourceType: 'Bundle',
        entry: [
          {
            resource: {
              resourceType: 'ServiceRequest',
              id: 'd',
              code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SAA0AG' }] },
              note: [{ text: 'x' }],
            },
          },
        ],
      },
    },
    prefetch: {
      patient: { resourceType: 'Patient', birthDate: '1970-01-01', gender: 'male' },
      user: { resourceType: 'PractitionerRole', practitioner: { reference: 'Practitioner/1' } },
    },
  },
  '/cds-services/:id/feedback': {
    feedback: [
      {
        card: '0d9a6f3e-2b7c-4e1f-8a5d-6c4b3a2e1f00',
        outcome: 'overridden',
        overrideReason: { reason: { code: 'x' } },
        outcomeTimestamp: '2026-01-01T00:00:00Z',
      },
    ],
  },
  '/fhir/ServiceRequest': {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/P' },
    code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }] },
    requester: { identifier: { value: '5566990' } },
  },
};

function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, Array.isArray(v) ? Number(k) : k]));
  return [path];
}
function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]] = value;
  return copy;
}

/**
 * Whether an answer passes checkShape's checks, as plain comparisons: no 5xx, and an error is
 * problem+json with its status and a string code on the app API, an OperationOutcome as
 * application/fhir+json on /fhir and /cds-services. False whenever a check could fail.
 */
function shapeIsRight(url: string, res: LightMyRequestResponse): boolean {
  if (res.statusCode >= 500) return false;
  if (res.statusCode < 400) return true;
  const fhir = url.startsWith('/fhir') || url.startsWith('/cds-services');
  if (!(fhir ? /^application\/fhir\+json/ : /^application\/problem\+json/).test(String(res.headers['content-type'] ?? ''))) return false;
  let body: unknown;
  try {
    body = res.json();
  } catch {
    return false;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return fhir ? b.resourceType === 'OperationOutcome' : b.status === res.statusCode && typeof b.code === 'string';
}

/**
 * No 5xx, and every error in the right format (see the file comment). The thousands of answers that
 * pass are told apart by shapeIsRight's plain comparisons; an answer that does not goes through the
 * expect calls below, which fail with the request named. The same checks either way, without
 * expect's matchers and messages running for each of ~6,000 passing answers.
 */
function checkShape(url: string, res: LightMyRequestResponse, what: string) {
  if (shapeIsRight(url, res)) return;
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode < 400) return;
  const type = String(res.headers['content-type'] ?? '');
  if (url.startsWith('/fhir') || url.startsWith('/cds-services')) {
    expect(type, what).toMatch(/^application\/fhir\+json/);
    expect(res.json().resourceType, what).toBe('OperationOutcome');
  } else {
    expect(type, what).toMatch(/^application\/problem\+json/);
    expect(res.json(), what).toMatchObject({ status: res.statusCode, code: expect.any(String) });
  }
}

describe('fuzz: malformed requests to every route', () => {
  it(
    'never answers 5xx, and always in the right error format',
    async () => {
      const routes = routesOf(t.app.printRoutes({ commonPrefix: false })).filter((r) => r.path !== '*');
      expect(routes.length).toBeGreaterThan(20);
      const random = rng(20261130);
      const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
      let sent = 0;
      // What a refused write must leave unchanged (item 3: bad input changes nothing).
      const db = t.db.kysely;
      // One round trip for all four counts: this runs before and after thousands of requests.
      const writes = async () =>
        (
          await sql<{ referral: number; advice: number; feedback: number; idempotency: number }>`
            SELECT (SELECT count(*) FROM referral)::int AS referral,
                   (SELECT count(*) FROM advice_event)::int AS advice,
                   (SELECT count(*) FROM cds_feedback)::int AS feedback,
                   (SELECT count(*) FROM referral_idempotency)::int AS idempotency`.execute(db)
        ).rows[0];
      /** The counts as they are now, when known (after a refused, checked request). */
      let known: Awaited<ReturnType<typeof writes>> | undefined;
      const guarded = (url: string) => url.startsWith('/fhir') || url.startsWith('/cds-services') || url.startsWith('/api/referrals');
      const send = async (
        method: string,
        url: string,
        o: { payload?: string | Buffer; headers?: Record<string, string>; as: 'anon' | 'user' | 'cds' },
        what: string,
      ) => {
        const headers: Record<string, string> = { ...o.headers };
        if (o.as === 'user') Object.assign(headers, { cookie: all.cookie, 'x-csrf-token': all.csrf });
        if (o.as === 'cds') headers.authorization = `Bearer ${await cds.sign(url.split('?')[0])}`;
        const check = o.payload !== undefined && guarded(url);
        // The counts after a refused request are the counts before the next one (nothing else runs
        // in between), so a run of refused writes costs one count query each, not two.
        const before = check ? (known ?? (await writes())) : null;
        known = undefined;
        const res = await t.app.inject({ method: method as 'GET', url, payload: o.payload, headers });
        sent++;
        const label = `${what} [${o.as}] ${method} ${url.slice(0, 120)}`;
        checkShape(url, res, label);
        // CDS Hooks keeps the advice it answered with; any refused request keeps nothing.
        if (before && res.statusCode >= 400) {
          const after = await writes();
          // Compared as numbers first; expect reports any difference.
          const same =
            after.referral === before.referral &&
            after.advice === before.advice &&
            after.feedback === before.feedback &&
            after.idempotency === before.idempotency;
          if (!same) expect(after, label).toEqual(before);
          known = after;
        }
      };
      // Every route meets every kind of malformed input at least once; values are spread over the
      // routes (a rotating offset) rather than repeated on each, which kept the request count at
      // ~17,000 and the file at minutes on a loaded machine for no new kind of input. Each route
      // gets a few values of each kind (4 hostile path values, 5 malformed bodies, 3 If-None-Exist
      // values, every leaf of its body mutated once), every value still reaching dozens of routes:
      // ~5,900 requests where ~12,400 sent the whole list of each kind to every route (2026-12-02).
      let turn = 0;
      const rotate = <T>(xs: T[], n: number) => Array.from({ length: Math.min(n, xs.length) }, (_, i) => xs[(turn + i) % xs.length]);
      for (const route of routes) {
        turn++;
        const concrete = (v: string) =>
          route.path.replace(/:(\w+)/g, (_m, name: string) => (name === 'id' && route.path.startsWith('/cds-services') ? 'radvis-imaging-order-sign' : v));
        const who: ('anon' | 'user' | 'cds')[] = route.path.startsWith('/cds-services/') ? ['anon', 'cds'] : ['anon', 'user'];
        for (const method of route.methods) {
          const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
          for (const as of who) {
            // Path parameters and query strings: the authorized caller gets every hostile path value,
            // the anonymous one (refused before the route runs) a few.
            const values = route.path.includes(':') ? rotate(PARAM_VALUES, as === 'anon' ? 3 : 4) : ['x'];
            for (const [i, p] of values.entries())
              await send(
                method,
                concrete(p) + (i === 0 ? pick(QUERIES) : QUERIES[(turn + i) % QUERIES.length]),
                { as, ...(hasBody ? { payload: '{}', headers: { 'content-type': 'application/json' } } : {}) },
                'param/query',
              );
            // Anonymous callers are refused before the body is read: query and path are enough.
            if (!hasBody || as === 'anon') continue;
            const url = concrete(patientId);
            // Raw malformed bodies, media types, compression.
            // The signed CDS client's two routes (few requests) get every body; the others five each.
            for (const raw of as === 'cds' ? RAW_BODIES : rotate(RAW_BODIES, 5))
              await send(
                method,
                url,
                { as, payload: raw, headers: { 'content-type': pick(['application/json', 'application/fhir+json']) } },
                `raw ${raw.slice(0, 30)}`,
              );
            for (const [type, body] of [
              ['text/plain', 'x'],
              ['application/xml', '<a/>'],
              ['application/x-www-form-urlencoded', 'a=%00'],
              ['application/json; charset=latin1', '{}'],
              ['multipart/form-data; boundary=x', '--x--'],
            ] as const)
              await send(method, url, { as, payload: body, headers: { 'content-type': type } }, `type ${type}`);
            await send(method, url, { as, payload: zlib.gzipSync('{}'), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }, 'gzip');
            if (url.startsWith('/fhir/'))
              for (const ine of rotate(IF_NONE_EXIST, 3))
                await send(
                  method,
                  url,
                  {
                    as,
                    payload: JSON.stringify(SAMPLE_BODIES['/fhir/ServiceRequest']),
                    headers: { 'content-type': 'application/fhir+json', 'if-none-exist': ine },
                  },
                  `If-None-Exist ${ine.slice(0, 40)}`,
                );
            // Every leaf of a realistic body replaced by a hostile value of another type: each leaf
            // once, the hostile values rotating over the leaves and routes (each still reaches every
            // kind of route many times over; every value on every route doubled the mutations).
            const sample = SAMPLE_BODIES[route.path] ?? { id: 'x', name: 'y', value: 1, list: ['a'] };
            const paths = leaves(sample);
            for (let i = 0; i < paths.length; i++) {
              const mutated = setAt(sample, paths[i % paths.length], HOSTILE[(turn + i) % HOSTILE.length]);
              await send(
                method,
                url,
                { as, payload: JSON.stringify(mutated), headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } },
                `mutated ${JSON.stringify(mutated).slice(0, 200)}`,
              );
            }
          }
        }
      }
      expect(sent).toBeGreaterThan(1000);
      // Bounded, but a few thousand requests take minutes on a loaded 2-core machine: no tight limit.
    },
    30 * 60_000,
  );
});
