// /openapi.json is a valid OpenAPI 3.1 document and lists every route the app registers.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
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
});
