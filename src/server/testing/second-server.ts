// A second server process on the test's PostgreSQL database (serve-app.mjs), for tests of several
// instances sharing one database: the live reading bus, published advice taking effect everywhere.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A running second server: its base URL and how to stop it (SIGTERM, resolves once it exited). */
export interface SecondServer {
  url: string;
  stop(): Promise<void>;
}

/** The newest and oldest modification times (ms) of the files under `dir` that `keep` keeps; undefined when there are none. */
function mtimeRange(dir: string, keep: (file: string) => boolean): { newest: number; oldest: number } | undefined {
  let newest = -Infinity;
  let oldest = Infinity;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && keep(p)) {
        const m = fs.statSync(p).mtimeMs;
        if (m > newest) newest = m;
        if (m < oldest) oldest = m;
      }
    }
  };
  if (!fs.existsSync(dir)) return undefined;
  walk(dir);
  return newest === -Infinity ? undefined : { newest, oldest };
}

/**
 * Whether the compiled server in `root`/dist/server (scripts/build-server.mjs) was built from the
 * sources as they are now: every file it is built from (src/server and src/shared, tests and
 * src/server/testing left out, as tsconfig.server.json does; SQL migrations and data files
 * included, the build copies them) is older than every file of the build. `npm test` builds it
 * just before the tests run, so there it always is; a test run on its own after a source change
 * is not, and then the second server runs from the sources.
 */
export function compiledServerIsCurrent(root = process.cwd()): boolean {
  const built = mtimeRange(path.join(root, 'dist/server'), () => true);
  if (!built || !fs.existsSync(path.join(root, 'dist/server/app.js'))) return false;
  const testing = path.join(root, 'src/server/testing') + path.sep;
  const source = (f: string) => !/\.test\.tsx?$/.test(f) && !f.startsWith(testing);
  for (const dir of ['src/server', 'src/shared']) {
    const s = mtimeRange(path.join(root, dir), source);
    if (s && s.newest > built.oldest) return false;
  }
  return true;
}

/**
 * Starts src/server/testing/serve-app.mjs on `databaseUrl` (no migration, no seed) and resolves with
 * its URL once it prints `LISTENING <url>`; rejects when it exits first or has not started within
 * 5 minutes (a guard against a hang, not a speed check: start-up takes seconds, far longer on a loaded machine).
 *
 * It runs the compiled server (`node`, dist/server) when that is current (compiledServerIsCurrent),
 * else the TypeScript sources through tsx. The same app either way; the compiled one starts with
 * about half the CPU (measured 2026-12-02 on a loaded 2-core machine: ~9 CPU-s against ~17 through
 * tsx, which transforms and resolves every module through its loader on each start).
 */
export async function startSecondServer(databaseUrl: string): Promise<SecondServer> {
  const entry = 'src/server/testing/serve-app.mjs';
  const [cmd, args] = compiledServerIsCurrent() ? [process.execPath, [entry, '--compiled']] : [path.resolve('node_modules/.bin/tsx'), [entry]];
  const child = spawn(cmd, args, {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await done;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`second server did not start: ${out}`)), 300_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /LISTENING (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`second server exited ${code}: ${out}`));
      });
    });
    return { url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
