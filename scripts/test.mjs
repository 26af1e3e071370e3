#!/usr/bin/env node
// The one test command (npm test): lint, typecheck, build the web app and the server, run every test on the
// embedded PGlite, then — when TEST_DATABASE_URL is set — the database-backed suites again on
// PostgreSQL. Ends with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};

const steps = [
  ['lint', 'npx', ['eslint', '.']],
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['build web', 'npx', ['vite', 'build', '--logLevel', 'warn']],
  ['build server', process.execPath, ['scripts/build-server.mjs']],
];
for (const [name, cmd, args] of steps) {
  console.log(`\n== ${name}`);
  if (run(cmd, args) !== 0) {
    console.error(`\n${name} failed`);
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
let status = 0;
function vitest(label, args, env) {
  const out = path.join(os.tmpdir(), `radvis-vitest-${process.pid}-${label}.json`);
  console.log(`\n== tests (${label})`);
  const code = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...args], env);
  if (code !== 0) status = code;
  try {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    if (r.numTotalTests === 0) status = status || 1;
  } catch {
    status = status || 1;
  }
}

vitest('pglite', [], { RADVIS_TEST_ENGINE: 'pglite' });
if (process.env.TEST_DATABASE_URL) {
  // Database-backed suites again on the real PostgreSQL server.
  vitest('postgresql', ['src/server'], { RADVIS_TEST_ENGINE: 'postgres' });
}

console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : status);
