#!/usr/bin/env node
// The one test command (npm test): build the web app and the server, then run every test in one
// vitest run — on the embedded PGlite, or, when TEST_DATABASE_URL is set, the database-backed suites
// on PostgreSQL, with a PGlite parity set on both engines (harness.ts parityEngines). Ends with a
// plain "N passed, N failed" line. Lint, typecheck and the format check are `npm run check`
// (scripts/check.mjs); CI (.ci/run) runs both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCaptured, runInherited } from './steps.mjs';

// The browser tests' screenshots (e2e/screenshots/, for people looking at the pages; they assert
// nothing) are off in this run: ~100 PNGs no one looks at in a CI run (e2e/browser.ts).
// `RADVIS_E2E_SCREENSHOTS=1 npm test` takes them.
process.env.RADVIS_E2E_SCREENSHOTS ??= '0';

// The builds come first (the browser tests serve dist/web, the compiled-server test runs dist/server),
// two at a time (each is single-threaded; the machine has 2 cores). The server build only emits
// (--no-check): `npm run check` type-checks the same sources.
const builds = [
  ['build web', 'npx', ['vite', 'build', '--logLevel', 'warn']],
  ['build server', process.execPath, ['scripts/build-server.mjs', '--no-check']],
];
const buildResults = await Promise.all(builds.map(([name, cmd, args]) => runCaptured(name, cmd, args)));
if (buildResults.some((r) => r.code !== 0)) {
  console.error(
    `\n${buildResults
      .filter((r) => r.code !== 0)
      .map((r) => r.name)
      .join(', ')} failed`,
  );
  process.exit(1);
}
let passed = 0;
let failed = 0;
let skipped = 0;
let status = 0;
/**
 * The one vitest run, its counts added to the totals; its output goes straight to ours.
 */
async function vitest(label, args, env) {
  const out = path.join(os.tmpdir(), `radvis-vitest-${process.pid}-${label.replace(/\W+/g, '-')}.json`);
  console.log(`\n== tests (${label})`);
  const code = await runInherited('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...args], env);
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

// Where the suite runs (ARCHITECTURE.md: "the same suite runs on PGlite locally and on PostgreSQL in
// CI"):
//   - without TEST_DATABASE_URL, every test on the embedded PGlite;
//   - with it (CI), every test once with the database-backed files on the real PostgreSQL server,
//     and the PGlite parity files on both engines. The parity files (the referral write path —
//     transactions, idempotency, versions —, every door of the access gate, the reading demo seed:
//     the paths where the engines could differ most) wrap their tests in
//     `describe.each(parityEngines())` (src/server/testing/harness.ts), so in CI each of their tests
//     runs on PostgreSQL and again on PGlite, in this same run. PGlite is covered besides: the
//     migration tests always run on PGlite (and compare its schema with PostgreSQL's), and the
//     compiled-server test starts the demo — generator, every demo step, logins — on PGlite.
// Before, the parity set ran in a second vitest process beside the main one: its tests took ~46 s,
// but that process ~340 s wall at nice 5 (measured 2026-12-02) for its own global setup, Vite
// transform (~40 s) and import of the whole app (~80 s), CPU the main run needed on the 2-core
// machine. Before that, CI ran everything on PGlite and the database-backed files again on
// PostgreSQL: 18 minutes, against the 5-minute goal.
if (process.env.TEST_DATABASE_URL) {
  await vitest('postgresql', [], { RADVIS_TEST_ENGINE: 'postgres' });
} else {
  await vitest('pglite', [], { RADVIS_TEST_ENGINE: 'pglite' });
}

console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : status);
