// Short-lived programs (dcmtk's tools) started from a small helper process instead of the test
// worker. Starting a program costs the starting process a fork of its whole address space before
// the exec (libuv's uv_spawn forks): measured 2.6 ms of CPU per start from a small Node process and
// 33 ms from one holding 1.2 GB, as a test worker with the app, its databases and a PGlite does; the
// ~180 dcmtk runs of mwl.variants.findscu spent ~5 CPU-s in the worker's spawn alone (profiled
// 2026-12-02). The helper (tool-runner-child.mjs) is started once per worker, on first use, and
// runs each program with execFile as the worker did; the programs, arguments, environment, timeouts
// and what comes back are the same.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** What a program run gave: its exit code (1 when it could not start, was killed or overflowed the buffer), stdout and stderr (UTF-8). */
export interface ProgramResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface Runner {
  child: ChildProcess;
  pending: Map<number, (r: ProgramResult) => void>;
}

let runner: Runner | undefined;
let nextId = 1;

function startRunner(): Runner {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'tool-runner-child.mjs')], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const r: Runner = { child, pending: new Map() };
  child.on('message', (m: ProgramResult & { id: number }) => {
    const done = r.pending.get(m.id);
    r.pending.delete(m.id);
    // Idle: the helper must not keep the worker alive.
    if (r.pending.size === 0) idle(r);
    done?.({ code: m.code, stdout: m.stdout, stderr: m.stderr });
  });
  const gone = (why: string) => {
    if (runner === r) runner = undefined;
    for (const done of r.pending.values()) done({ code: 1, stdout: '', stderr: `tool runner ${why}` });
    r.pending.clear();
  };
  child.on('exit', (code, signal) => gone(`exited (${code ?? signal})`));
  child.on('error', (e) => gone(`failed: ${e.message}`));
  return r;
}

function idle(r: Runner) {
  r.child.unref();
  r.child.channel?.unref();
}

/**
 * Runs `cmd` with `args` (no shell) in the environment `env`, killed after `timeoutMs`, with up to
 * `maxBuffer` bytes of output; never rejects (a program that cannot start gives code 1 and the
 * reason in stderr).
 */
export function runProgram(cmd: string, args: string[], opts: { timeoutMs: number; maxBuffer: number; env: NodeJS.ProcessEnv }): Promise<ProgramResult> {
  runner ??= startRunner();
  const r = runner;
  const id = nextId++;
  return new Promise((resolve) => {
    r.pending.set(id, resolve);
    r.child.ref();
    r.child.channel?.ref();
    r.child.send({ id, cmd, args, timeoutMs: opts.timeoutMs, maxBuffer: opts.maxBuffer, env: opts.env }, (e) => {
      if (!e) return;
      r.pending.delete(id);
      if (r.pending.size === 0) idle(r);
      resolve({ code: 1, stdout: '', stderr: `tool runner: ${e.message}` });
    });
  });
}
