// A second server process on the test's PostgreSQL database (serve-app.ts), for tests of several
// instances sharing one database: the live reading bus, published advice taking effect everywhere.
import { spawn } from 'node:child_process';
import path from 'node:path';

/** A running second server: its base URL and how to stop it (SIGTERM, resolves once it exited). */
export interface SecondServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts src/server/testing/serve-app.ts on `databaseUrl` (no migration, no seed) and resolves with
 * its URL once it prints `LISTENING <url>`; rejects when it exits first or has not started within
 * 5 minutes (a guard against a hang, not a speed check: start-up takes seconds, far longer on a loaded machine).
 */
export async function startSecondServer(databaseUrl: string): Promise<SecondServer> {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['src/server/testing/serve-app.ts'], {
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
