// The tool runner's helper process (tool-runner.ts): runs each program the test worker asks for
// over the IPC channel with execFile and answers with its exit code and output. A bare Node process,
// so each program it starts costs a fork of a small address space, not of the test worker's.
// Ends when the worker's channel closes (the worker ended or let it go).
import { execFile } from 'node:child_process';

process.on('message', (m) => {
  execFile(m.cmd, m.args, { timeout: m.timeoutMs, maxBuffer: m.maxBuffer, encoding: 'utf8', env: m.env }, (err, stdout, stderr) => {
    // As runTool always read it: the exit code when the program exited non-zero, 1 when it could not
    // start, was killed or overflowed the buffer.
    const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
    process.send({ id: m.id, code, stdout, stderr });
  });
});
process.on('disconnect', () => process.exit(0));
