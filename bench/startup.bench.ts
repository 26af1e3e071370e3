// Demo start: time to /health 200 on a first start that seeds 100,000 referrals and on a second
// start with the data present, and the server's memory at idle (issue 2 targets: < 60 s, < 10 s,
// < 300 MB RSS).   npx tsx bench/startup.bench.ts
import { machine, rssMb, startServer, tempDir } from './lib.ts';

const dir = tempDir('radvis-bench-start-');
const first = await startServer({ RADVIS_DATA_DIR: dir });
await first.stop();
const second = await startServer({ RADVIS_DATA_DIR: dir });
await new Promise((r) => setTimeout(r, 5000));
const idle = rssMb(second.pid);
await second.stop();
console.log(`demo start (PGlite, scope vest, 100,000 referrals): first start ${(first.readyMs / 1000).toFixed(1)} s, warm start ${(second.readyMs / 1000).toFixed(1)} s, idle RSS ${idle} MB`);
console.log(machine());
