#!/usr/bin/env node
// The one test command (npm test): build the web app and the server, then run every test — on the
// embedded PGlite, or, when TEST_DATABASE_URL is set, the database-backed suites on PostgreSQL plus a
// PGlite parity set. Ends with a plain "N passed, N failed" line. Lint, typecheck and the format
// check are `npm run check` (scripts/check.mjs); CI (.ci/run) runs both.
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
 * One vitest run, its counts added to the totals. With `captured`, its output is collected and
 * printed when it ends (for a run beside another), else it goes straight to ours.
 */
async function vitest(label, args, env, { captured = false, nice = 0 } = {}) {
  const out = path.join(os.tmpdir(), `radvis-vitest-${process.pid}-${label.replace(/\W+/g, '-')}.json`);
  const cmd = ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...args];
  const argv = nice ? ['nice', ['-n', String(nice), ...cmd]] : [cmd[0], cmd.slice(1)];
  let code;
  if (captured) {
    code = (await runCaptured(`tests (${label})`, argv[0], argv[1], env)).code;
  } else {
    console.log(`\n== tests (${label})`);
    code = await runInherited(argv[0], argv[1], env);
  }
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

/**
 * Test files under `dir` whose path contains one of `parts` (sorted).
 */
function testFilesUnder(dir, parts) {
  const found = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...testFilesUnder(p, parts));
    else if (/\.test\.tsx?$/.test(e.name) && parts.some((part) => p.includes(part))) found.push(p);
  }
  return found.sort();
}

// Where the suite runs (ARCHITECTURE.md: "the same suite runs on PGlite locally and on PostgreSQL in
// CI"):
//   - without TEST_DATABASE_URL, every test on the embedded PGlite;
//   - with it (CI), every test once with the database-backed files on the real PostgreSQL server,
//     then a PGlite parity set again on PGlite. PGlite is covered besides: the migration tests always
//     run on PGlite (and compare its schema with PostgreSQL's), and the compiled-server test starts
//     the demo — generator, every demo step, logins — on PGlite. The parity set adds the paths where
//     the engines could differ most: the referral write path (transactions, idempotency, versions),
//     every door of the access gate, and the reading demo seed.
// Before, CI ran everything on PGlite and the database-backed files again on PostgreSQL: 18 minutes
// on the 2-core machine, against the 5-minute goal.
const PGLITE_PARITY = ['src/server/referrals/referrals.test.ts', 'src/server/access/', 'src/server/synthetic/reading-demo.test.ts'];
if (process.env.TEST_DATABASE_URL) {
  // The parity set runs beside the main run, one worker at a lower priority: it fills the time the
  // main run's two workers leave a core idle instead of adding its own minutes at the end.
  await Promise.all([
    vitest('postgresql', [], { RADVIS_TEST_ENGINE: 'postgres' }),
    vitest('pglite parity', ['--maxWorkers=1', ...testFilesUnder('src/server', PGLITE_PARITY)], { RADVIS_TEST_ENGINE: 'pglite' }, { captured: true, nice: 5 }),
  ]);
} else {
  await vitest('pglite', [], { RADVIS_TEST_ENGINE: 'pglite' });
}

console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : status);
