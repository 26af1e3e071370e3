// Running the steps of `npm test` (scripts/test.mjs) and `npm run check` (scripts/check.mjs).
import { spawn } from 'node:child_process';

/** Runs a command with its output going straight to ours; resolves to its exit status. */
export const runInherited = (cmd, args, env = {}) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code) => resolve(code ?? 1));
  });

/**
 * Runs one step with its output collected, so steps running side by side print readably; resolves to
 * `{ name, code }` once it ends, having printed "== name (N s)" and its output.
 */
export const runCaptured = (name, cmd, args, env = {}) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      console.log(`\n== ${name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      if (out.trim()) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
      resolve({ name, code: code ?? 1 });
    });
  });
