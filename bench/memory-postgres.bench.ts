// Server memory at idle when it runs against PostgreSQL instead of embedded PGlite.
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/memory-postgres.bench.ts
import { machine, rssMb, startServer, tempDir } from './lib.ts';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/radvis_gen';
const s = await startServer({ DATABASE_URL: url, RADVIS_SEED: 'false', RADVIS_DATA_DIR: tempDir('radvis-bench-mem-') });
await new Promise((r) => setTimeout(r, 5000));
console.log(`server on PostgreSQL: ready in ${(s.readyMs / 1000).toFixed(1)} s, idle RSS ${rssMb(s.pid)} MB`);
console.log(machine());
await s.stop();
