import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledServerIsCurrent } from './second-server.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-second-server-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes `rel` under root with its modification time at `at` (seconds since the epoch). */
function file(rel: string, at: number) {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, '');
  fs.utimesSync(p, at, at);
}

describe('compiledServerIsCurrent', () => {
  it('is true only while every source the build reads is older than every file of the build', () => {
    expect(compiledServerIsCurrent(root)).toBe(false);
    file('src/server/app.ts', 1000);
    file('src/server/db/migrations/0001_init.sql', 1000);
    file('src/shared/i18n/nb.ts', 1000);
    expect(compiledServerIsCurrent(root)).toBe(false);
    file('dist/server/app.js', 2000);
    file('dist/server/db/migrations/0001_init.sql', 2001);
    expect(compiledServerIsCurrent(root)).toBe(true);
    // Tests and the test helpers are not part of the build.
    file('src/server/app.test.ts', 3000);
    file('src/server/testing/harness.ts', 3000);
    expect(compiledServerIsCurrent(root)).toBe(true);
    // A source changed after the build, or a migration added: not current.
    file('src/shared/i18n/nb.ts', 2000.5);
    expect(compiledServerIsCurrent(root)).toBe(false);
    file('src/shared/i18n/nb.ts', 1000);
    file('src/server/db/migrations/0002_more.sql', 2500);
    expect(compiledServerIsCurrent(root)).toBe(false);
  });
});
