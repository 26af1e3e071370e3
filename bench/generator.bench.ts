// Synthetic region generator on PostgreSQL (issue 2 target: ≥ 50,000 referrals/s).
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/generator.bench.ts [referrals]
//   BENCH_WORKERS=0|1|2 chooses the worker threads (default: the loader's own choice).
// Creates and drops its own database next to the one in the URL. Besides wall-clock rates it
// reports the CPU time spent by this process (all threads) and by the database backends, since
// on a shared 2-core machine other work changes the wall-clock figures from run to run.
import fs from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadRegion } from '../src/server/synthetic/load.ts';
import { machine } from './lib.ts';

const referrals = Number(process.argv[2] ?? 1_000_000);
const workers = process.env.BENCH_WORKERS === undefined ? undefined : Number(process.env.BENCH_WORKERS);
const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `${process.env.BENCH_DB_PREFIX ?? 'radvis_bench_gen'}_${Date.now()}`;
const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE ${name}`);
const url = admin.replace(/\/[^/]*$/, `/${name}`);
const db = await openDatabase({ url, poolSize: 4 });

/** CPU seconds used so far by the backends serving the bench database (Linux /proc; clock ticks of 10 ms). */
const backendCpu = new Map<number, number>();
async function sampleBackends() {
  const r = await adminClient.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
  for (const { pid } of r.rows) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      backendCpu.set(pid, (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // backend gone or /proc not readable
    }
  }
}
const sampler = setInterval(() => void sampleBackends(), 500);

try {
  await migrate(db);
  const phases: Record<string, number> = {};
  // Database CPU by phase: the sampled backends' total when each phase began (to within the 0.5 s sampling).
  const dbCpuAt: Record<string, number> = {};
  const dbCpuNow = () => [...backendCpu.values()].reduce((s, v) => s + v, 0);
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  await loadRegion(
    db,
    { scope: 'norge', referrals, seed: 2026, now: new Date('2026-11-01T00:00:00Z') },
    (p) => {
      if (phases[p.phase] === undefined) {
        phases[p.phase] = Date.now() - t0;
        dbCpuAt[p.phase] = dbCpuNow();
      }
    },
    50_000,
    { workers },
  );
  await sampleBackends();
  clearInterval(sampler);
  const totalMs = Date.now() - t0;
  const refMs = totalMs - phases.referrals;
  const cpu = process.cpuUsage(cpu0);
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  const dbCpu = [...backendCpu.values()].reduce((s, v) => s + v, 0);
  const version = (await db.pool!.query('SHOW server_version')).rows[0].server_version;
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `generator, scope norge, ${referrals.toLocaleString('en')} referrals (+ exams), workers ${workers ?? 'default'}, on PostgreSQL ${version}: ` +
      `${Math.round(referrals / (refMs / 1000)).toLocaleString('en')} referrals/s in the referral phase (incl. index rebuild); ` +
      `whole run ${(totalMs / 1000).toFixed(1)} s incl. reference data, directory and patients (${(phases.referrals / 1000).toFixed(1)} s) = ${Math.round(referrals / (totalMs / 1000)).toLocaleString('en')} referrals/s overall`,
  );
  console.log(
    `CPU: this process ${nodeCpu.toFixed(1)} s (all threads), database backends ${dbCpu.toFixed(1)} s; peak RSS of this process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load average at the end ${load}`,
  );
  console.log(`phases started at (ms): ${JSON.stringify(phases)}`);
  const names = Object.keys(dbCpuAt);
  console.log(
    `database CPU by phase (s): ${names.map((n, i) => `${n} ${((i + 1 < names.length ? dbCpuAt[names[i + 1]] : dbCpu) - dbCpuAt[n]).toFixed(1)}`).join(', ')}`,
  );
  console.log(machine());
} finally {
  clearInterval(sampler);
  await db.close();
  await adminClient.query(`DROP DATABASE ${name}`);
  await adminClient.end();
}
