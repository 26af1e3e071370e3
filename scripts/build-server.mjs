// Compiles the server to plain JavaScript in dist/ (tsconfig.server.json) and copies what the
// compiled code reads next to itself (SQL migrations, the FHIR definitions). Production and the demo run the result
// with `node dist/server/main.js`: no TypeScript loader in the process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
fs.rmSync(path.join(root, 'dist/server'), { recursive: true, force: true });
fs.rmSync(path.join(root, 'dist/shared'), { recursive: true, force: true });
// TypeScript 7 (the native compiler): the same JavaScript as 5.9 (checked
// 2026-12-01: every file equal but for quote style) in 2 CPU-s instead of 12.
// --no-check: emit without type checking (tsc --noCheck), for callers that have just type-checked
// the same sources (npm test); a plain build checks types as before.
const noCheck = process.argv.includes('--no-check') ? ['--noCheck'] : [];
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json', ...noCheck], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const from = path.join(root, 'src/server/db/migrations');
const to = path.join(root, 'dist/server/db/migrations');
fs.mkdirSync(to, { recursive: true });
for (const f of fs.readdirSync(from)) if (f.endsWith('.sql')) fs.copyFileSync(path.join(from, f), path.join(to, f));
// Data files the server reads from beside its own module (import.meta.url).
for (const rel of ['src/server/interop/fhir/definitions.json']) {
  const target = path.join(root, 'dist/server', path.relative('src/server', rel));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(root, rel), target);
}
console.log('server compiled to dist/server');
