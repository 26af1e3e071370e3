#!/usr/bin/env node
// npm run demo: build the web app and the server only when their sources changed since the last
// build, then run the compiled server (node dist/server/main.js) in this process's place.
// A fresh clone builds both (~10 s); later starts go straight to the server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const at = (p) => path.join(root, p);

/** Newest modification time of the files under the given paths (0 when none exist). */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else t = Math.max(t, st.mtimeMs);
  };
  for (const p of paths) walk(at(p));
  return t;
}
const builtAt = (file) => (fs.existsSync(at(file)) ? fs.statSync(at(file)).mtimeMs : 0);
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const shared = ['src/shared', 'package-lock.json', 'tsconfig.json'];
if (newest(['src/web', 'index.html', 'vite.config.ts', ...shared]) > builtAt('dist/web/index.html')) {
  console.log('Building the web app …');
  run([at('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
}
if (newest(['src/server', 'tsconfig.server.json', 'scripts/build-server.mjs', ...shared]) > builtAt('dist/server/main.js')) {
  console.log('Compiling the server …');
  run([at('scripts/build-server.mjs')]);
}

const server = spawn(process.execPath, [at('dist/server/main.js')], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
