// Helpers for benchmarks: start the real server as a separate process (so the load generator
// does not compete with it inside one process), wait for /health, read its memory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Server {
  url: string;
  pid: number;
  proc: ChildProcess;
  readyMs: number;
  /** What the server printed on stdout so far (first 200 kB): the demo steps with their durations. */
  stdout(): string;
  stop(): Promise<void>;
}

let built = false;
/** Compiles the server once per bench run: benchmarks measure what production runs (`npm start`). */
export function buildServer() {
  if (built || process.env.BENCH_FROM_SOURCE) return;
  const r = spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('server build failed');
  built = true;
}

export async function startServer(env: Record<string, string>, timeoutMs = 180_000): Promise<Server> {
  buildServer();
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const started = Date.now();
  // BENCH_FROM_SOURCE=1 runs the TypeScript sources through tsx instead (as `npm run dev`).
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the server's node only.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(
    process.execPath,
    [...nodeArgs, ...(process.env.BENCH_FROM_SOURCE ? ['--import', 'tsx', 'src/server/main.ts'] : ['dist/server/main.js'])],
    {
      env: { ...process.env, PORT: port, DICOM_PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  proc.stdout!.on('data', (d: Buffer) => {
    if (stdout.length < 200_000) stdout += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (Date.now() - started > timeoutMs) throw new Error('server did not become ready');
    try {
      const r = await fetch(`${url}/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = Date.now() - started;
  return {
    url,
    pid: proc.pid!,
    proc,
    readyMs,
    stdout: () => stdout,
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export function tempDir(prefix: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function machine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
