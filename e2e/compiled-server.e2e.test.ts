// The shipped server (`npm start` = node dist/server/main.js, compiled by scripts/build-server.mjs)
// starts on a fresh data directory, migrates, seeds a small demo region, serves /health, lets a
// demo user log in, answers a CDS Hooks call signed with the demo record system's key, answers the
// demo's saved capacity scenarios from the first moment, and shuts down cleanly. Catches what the source-run tests cannot: a missing migration copy, a module
// path that only works under tsx, a broken worker path.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const MAIN = path.join(ROOT, 'dist/server/main.js');
let proc: ChildProcess;
let base: string;
let dataDir: string;
let output = '';

beforeAll(async () => {
  // npm test builds it first; build here when this file runs on its own.
  if (!fs.existsSync(MAIN)) expect(spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' }).status).toBe(0);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-compiled-'));
  // PORT=0: the server binds a free port the OS gives it and prints it; we talk only to that
  // port, so another process's /health can never be mistaken for ours.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    RADVIS_DATA_DIR: dataDir,
    RADVIS_SEED_REFERRALS: '500',
    RADVIS_SEED_SCOPE: 'nord',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  proc = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    // Generous: the machine may be loaded by other work; the hook timeout in vitest.config.ts is the outer bound.
    if (Date.now() - started > 240_000) throw new Error(`server not ready in 240 s:\n${output}`);
    const listening = /Listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (listening) {
      base = listening[1];
      try {
        if ((await fetch(`${base}/health`)).status === 200) break;
      } catch {
        // not answering yet
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(() => {
  if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('compiled server (npm start)', () => {
  it('starts, prints the demo logins, and lets a demo user log in', async () => {
    expect(output).toMatch(/Radvis is ready at/);
    expect(output).toMatch(/fastlege/);
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'fastlege', password: 'demo-passord-2026' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { roles: string[] }).roles).toContain('referrer');
  });

  it('shows the demo administrator the demo record system, so it can be managed', async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo-passord-2026' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const clients = (await (await fetch(`${base}/api/admin/cds-clients`, { headers: { cookie } })).json()) as { id: string; active: boolean }[];
    expect(clients.find((c) => c.id === 'cds-demo-epj')?.active).toBe(true);
  });

  it('answers a CDS Hooks call signed with the demo record system key, and refuses an unsigned one', async () => {
    const key = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-cds-client.jwk.json'), 'utf8')) as {
      issuer: string;
      kid: string;
      alg: string;
      privateJwk: Record<string, unknown>;
    };
    const url = `${base}/cds-services/radvis-imaging-order-select`;
    const jwt = await new SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
      .setIssuer(key.issuer)
      .setAudience(url)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(await importJWK(key.privateJwk, key.alg));
    const order = {
      resourceType: 'ServiceRequest',
      id: 'a',
      status: 'draft',
      intent: 'order',
      code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNA0GG' }] },
      note: [{ text: 'Korsryggsmerter i 2 uker. Ingen røde flagg.' }],
    };
    const body = JSON.stringify({
      hook: 'order-select',
      hookInstance: crypto.randomUUID(),
      context: {
        userId: 'Practitioner/1',
        patientId: 'p',
        selections: ['ServiceRequest/a'],
        draftOrders: { resourceType: 'Bundle', entry: [{ resource: order }] },
      },
      prefetch: { patient: { resourceType: 'Patient', birthDate: '1980-01-01', gender: 'male' } },
    });
    const signed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` }, body });
    expect(signed.status).toBe(200);
    const cards = ((await signed.json()) as { cards: { indicator: string }[] }).cards;
    expect(cards).toHaveLength(1);
    expect(cards[0].indicator).toBe('warning');
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
  });

  it('answers the demo leader’s two saved capacity scenarios as soon as it is ready (the aggregates are built before ready)', async () => {
    expect(output).toMatch(/Analytics aggregates of the demo \(/);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'avdelingsleder', password: 'demo-passord-2026' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const scenarios = (await (await fetch(`${base}/api/capacity/scenarios`, { headers: { cookie } })).json()) as { id: string; name: string }[];
    expect(scenarios.map((s) => s.name).sort()).toEqual(['KI og oppgavedeling (demo)', 'Uten tiltak (demo)']);
    const res = await fetch(`${base}/api/capacity/scenarios/compare?ids=${scenarios.map((s) => s.id).join(',')}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const c = (await res.json()) as { scenarios: { result: { years: { need: { radiologist: number } }[] } }[] };
    expect(c.scenarios[0].result.years.at(-1)!.need.radiologist).toBeGreaterThan(0);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
