// /openapi.json is a valid OpenAPI 3.1 document, lists every route the app registers, and
// describes every app API (/api) operation's success answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createTestContext, testConfig, type TestContext } from '../testing/harness.ts';

let t: TestContext;
/** The same app with OpenID Connect configured, so its login routes are registered too (no provider is contacted). */
let withOidc: FastifyInstance;
let keyDir: string;
beforeAll(async () => {
  t = await createTestContext();
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-openapi-'));
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwkPath = path.join(keyDir, 'client.jwk.json');
  fs.writeFileSync(jwkPath, JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'test', alg: 'ES256' }));
  const oidc = {
    issuer: 'http://127.0.0.1:9/oidc',
    clientId: 'radvis-test',
    privateJwkPath: jwkPath,
    redirectUrl: 'http://127.0.0.1/api/auth/oidc/callback',
    scopes: ['openid'],
    minSecurityLevel: 4,
    usePar: true,
  };
  withOidc = await buildApp({ db: t.db, config: testConfig({ oidc }), ready: true });
  await withOidc.ready();
});
afterAll(async () => {
  await withOidc?.close();
  await t?.close();
  if (keyDir) fs.rmSync(keyDir, { recursive: true, force: true });
});

/** "METHOD /path/{param}" for every route in Fastify's route tree (HEAD and the CORS OPTIONS catch-all left out). */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (method === 'HEAD' || path === '*') continue;
      out.push(`${method} ${path}`);
    }
  }
  return out.sort();
}

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every registered route with its method', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => !r.startsWith('HEAD '))
      .sort();
    const routes = registeredRoutes(t.app.printRoutes({ commonPrefix: false })).filter((r) => r !== 'GET /openapi.json');
    expect(routes.length).toBeGreaterThan(30);
    expect(documented).toEqual(routes);
  });

  it('describes request and response bodies from the shared schemas', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const me = doc.paths['/api/auth/me'].get;
    expect(me.responses['200'].content['application/json'].schema.properties).toHaveProperty('roles');
    expect(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['username', 'password']));
    expect(doc.paths['/api/access-log'].get.responses['200']).toBeDefined();
  });

  it('documents problem+json error answers on every /api operation, and only there', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const without: string[] = [];
    for (const [route, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const problem = op.responses?.['4XX']?.content?.['application/problem+json']?.schema as { properties?: object } | undefined;
        if (route.startsWith('/api/') && !problem?.properties) without.push(`${method.toUpperCase()} ${route}`);
        if (!route.startsWith('/api/') && op.responses?.['4XX']) without.push(`${method.toUpperCase()} ${route} (not an app API route)`);
      }
    expect(without).toEqual([]);
    const loginProblem = doc.paths['/api/auth/login'].post.responses?.['4XX']?.content?.['application/problem+json']?.schema as { required?: string[] };
    expect(loginProblem.required).toEqual(expect.arrayContaining(['type', 'code', 'title', 'status']));
  });
});

/**
 * App API operations whose success answer is not JSON. Each must still declare its 2xx (or, for
 * browser navigations, 3xx) answer with its media type; the test below checks that it does.
 */
const NON_JSON: Record<string, string> = {
  // Browser navigations to and back from the OpenID Connect provider (registered when config.oidc is set).
  'GET /api/auth/oidc/login': 'redirect',
  'GET /api/auth/oidc/callback': 'redirect',
  // Printable documents.
  'GET /api/analytics/feedback.pdf': 'application/pdf',
  'GET /api/referrals/{id}/pdf': 'application/pdf',
  'GET /api/booking/steps/{id}/letter': 'application/pdf',
  // The feedback reports of an area's practices, one PDF each (analytics).
  'GET /api/analytics/feedback-batch.zip': 'application/zip',
  'GET /api/capacity/scenarios/{id}/report.pdf': 'application/pdf',
  'GET /api/capacity/scenarios/compare/report.pdf': 'application/pdf',
  'GET /api/training/records/{recordId}/export.pdf': 'application/pdf',
  'GET /api/training/records/{recordId}/export.csv': 'text/csv',
  // A guideline version in the content file format (authoring).
  'GET /api/authoring/versions/{id}/export': 'application/yaml',
  // Server-sent events (the reading worklist's live updates).
  'GET /api/reading/events': 'text/event-stream',
};

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Why an operation's declared answers do not describe its success body, or null when they do. */
function missingSuccessSchema(key: string, op: Operation): string | null {
  const responses = Object.entries(op.responses ?? {});
  const expected = NON_JSON[key];
  if (expected === 'redirect') {
    return responses.some(([code]) => /^3\d\d$/.test(code)) ? null : 'declares no 3xx redirect';
  }
  const success = responses.filter(([code]) => /^2\d\d$/.test(code));
  if (success.length === 0) return 'declares no 2xx answer';
  for (const [code, r] of success) {
    // A declared 204 has no body by definition (Fastify's schema Type.Null() renders without content).
    if (code === '204' && !r.content) continue;
    const media = Object.entries(r.content ?? {}).filter(([, m]) => m.schema !== undefined);
    // Without a response schema @fastify/swagger writes "200: Default Response" with no content.
    if (media.length === 0) return `${code} has no body schema`;
    if (expected && !media.some(([type]) => type === expected)) return `${code} does not declare ${expected}`;
    if (!expected && !media.some(([type]) => type === 'application/json')) return `${code} is not JSON and not in the NON_JSON list`;
  }
  return null;
}

describe('app API response schemas', () => {
  it('every /api operation declares its success answer (JSON schema, 204, or a listed non-JSON type)', () => {
    // The app as configured with OpenID Connect registers every route the default one does, and the login redirects.
    const doc = withOidc.swagger() as { paths: Record<string, Record<string, Operation>> };
    const offenders: string[] = [];
    const checked: string[] = [];
    for (const [route, ops] of Object.entries(doc.paths)) {
      if (!route.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        if (method === 'head') continue;
        const key = `${method.toUpperCase()} ${route}`;
        checked.push(key);
        const why = missingSuccessSchema(key, op);
        if (why) offenders.push(`${key}: ${why}`);
      }
    }
    expect(checked.length).toBeGreaterThan(80);
    // Every listed exception names a route that exists (a renamed route must not leave a stale pass).
    expect(Object.keys(NON_JSON).filter((k) => !checked.includes(k))).toEqual([]);
    expect(offenders).toEqual([]);
  });

  it('does not accept an operation without a response schema', () => {
    // The check itself: what @fastify/swagger writes for a route without `response`.
    expect(missingSuccessSchema('GET /api/x', { responses: { 200: {} } })).toBe('200 has no body schema');
    expect(missingSuccessSchema('GET /api/x', { responses: { 400: { content: { 'application/json': { schema: {} } } } } })).toBe('declares no 2xx answer');
    expect(missingSuccessSchema('GET /api/referrals/{id}/pdf', { responses: { 200: { content: { 'application/json': { schema: {} } } } } })).toBe(
      '200 does not declare application/pdf',
    );
    expect(missingSuccessSchema('GET /api/x', { responses: { 204: {} } })).toBeNull();
  });
});
