#!/usr/bin/env node
// The static checks (npm run check): lint, typecheck and the format check, two at a time (the
// machine has 2 cores). They are not tests, so `npm test` does not run them; CI (.ci/run) runs
// `npm test` and then this. Exits non-zero when any check fails, naming it.
//
// Caches live in node_modules/.cache/radvis (absent on a fresh clone, where every file is checked;
// later runs re-check only what changed). tsc's build info records every input file's hash and
// Prettier's cache keys on file contents, so neither can hide an error. oxlint keeps no cache.
// Measured 2026-12-02 on a fresh clone (CPU-s, user+sys): lint ~25, typecheck ~46, format ~40 —
// ~110 CPU-s that ran beside the tests in `npm test` until then.
import fs from 'node:fs';
import path from 'node:path';
import { runCaptured } from './steps.mjs';

const CACHE = path.join('node_modules', '.cache', 'radvis');
const TSC = path.join('node_modules', 'typescript', 'bin', 'tsc');
fs.mkdirSync(CACHE, { recursive: true });

const checks = [
  // oxlint with its type-aware rules (oxlint-tsgolint, built on TypeScript 7's checker): the rules of
  // ESLint's and typescript-eslint's recommended sets plus the house's strict ones (.oxlintrc.json).
  ['lint', 'npx', ['oxlint', '--type-aware', '--deny-warnings']],
  // TypeScript 7, the native compiler: about a third of TypeScript 5.9's CPU time for the same checks.
  ['typecheck', process.execPath, [TSC, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join(CACHE, 'tsconfig.tsbuildinfo')]],
  [
    'format',
    'npx',
    ['prettier', '--check', '--cache', '--cache-location', path.join(CACHE, 'prettier'), '--log-level', 'warn', '**/*.{ts,tsx,js,mjs,json,css,html}'],
  ],
];

/** Runs the checks, at most `width` at a time; resolves to their results in order. */
async function runAll(width) {
  const results = [];
  let next = 0;
  const lane = async () => {
    while (next < checks.length) {
      const [name, cmd, args] = checks[next++];
      results.push(await runCaptured(name, cmd, args));
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

const failed = (await runAll(2)).filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length > 0) {
  console.error(`\n${failed.join(', ')} failed`);
  process.exit(1);
}
console.log('\nChecks: lint, typecheck and format passed');
