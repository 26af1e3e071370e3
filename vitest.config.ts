import { defineConfig } from 'vitest/config';
import HeavyFirstSequencer from './src/server/testing/sequencer.ts';

export default defineConfig({
  test: {
    // Builds the migrated PGlite data directory and PostgreSQL template database once per run
    // (src/server/testing/global-setup.ts); each test file starts from a copy.
    globalSetup: ['src/server/testing/global-setup.ts'],
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'content/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Timeouts guard against a hung test, they do not measure speed: on a 2-core machine shared
    // with other work a database test that takes 2 s when calm can take 60 s or more, and a fixed
    // 30-second limit failed correct tests. Keep them far above any plausible slow run; speed is
    // measured in bench/, not here.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    teardownTimeout: 120_000,
    // expect.poll gives up after 1 s by default, a fixed limit a loaded 2-core machine can break
    // (a browser test's poll for the focus after a navigation failed at load ~40, login.e2e,
    // 2026-12-02). A poll that succeeds returns as soon as it does; only a failing one waits the
    // whole minute.
    expect: { poll: { timeout: 60_000 } },
    // PGlite instances are memory-hungry and the machine has 2 cores: keep parallelism modest.
    maxWorkers: 2,
    // Test files in one worker share loaded modules instead of importing the app, Fastify, Kysely
    // and PGlite again for each file (measured 2026-11-30 on assessment + booking, 9 files: 63 s →
    // 39 s wall, module import 25.8 s → 13.3 s). Every file builds its own app and database, and no
    // test mocks modules or mutates process.env, so sharing the module cache is safe; a test that
    // needs a fresh module graph must say so in its own file (vitest's per-file isolate option).
    isolate: false,
    // Files that start other programs first, so no long file starts last (src/server/testing/sequencer.ts).
    sequence: { sequencer: HeavyFirstSequencer },
    reporters: ['default'],
  },
});
