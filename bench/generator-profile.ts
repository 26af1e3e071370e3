// Where a generator run's time goes, step by step and without overlap (issue 10):
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/generator-profile.ts [referrals]
// Runs the loader's steps one after the other on one connection and reports, for each, the wall
// time, the CPU of this process (making the rows and their COPY data) and the CPU of the database
// backend (parsing and inserting; building each index). The sum is what the loader overlaps on
// two cores; on a shared machine the CPU seconds are the steadier figures. Creates and drops its
// own database (bench_gen18_prof_<time>, or BENCH_DB_PREFIX).
import fs from 'node:fs';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { generateRegion } from '../src/server/synthetic/generator.ts';
import { dropSecondaryIndexesIfEmpty, loadDirectory, PATIENT_COLS } from '../src/server/synthetic/load.ts';
import { referralBatchBinary, referralCopyGroups, writePatients } from '../src/server/synthetic/referral-text.ts';
import { copyOn } from '../src/server/synthetic/writer.ts';
import { BinaryCopyWriter } from '../src/server/synthetic/binary-copy.ts';
import { machine } from './lib.ts';

const referrals = Number(process.argv[2] ?? 1_000_000);
const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `${process.env.BENCH_DB_PREFIX ?? 'bench_gen18_prof'}_${Date.now()}`;
const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE ${name}`);
const url = admin.replace(/\/[^/]*$/, `/${name}`);
const db = await openDatabase({ url, poolSize: 2 });

const TICK = 100; // clock ticks per second (Linux)
function procCpu(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK;
}
const nodeCpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

interface Row {
  step: string;
  wallS: number;
  nodeS: number;
  pgS: number;
}
const rows: Row[] = [];
const add = (step: string, wallS: number, nodeS: number, pgS: number) => {
  const r = rows.find((x) => x.step === step);
  if (r) {
    r.wallS += wallS;
    r.nodeS += nodeS;
    r.pgS += pgS;
  } else rows.push({ step, wallS, nodeS, pgS });
};

try {
  await migrate(db);
  const client = await db.pool!.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  /** Runs fn, charging its wall time, this process's CPU and the backend's CPU to `step`. */
  const measure = async <T>(step: string, fn: () => Promise<T> | T): Promise<T> => {
    const w0 = performance.now();
    const n0 = nodeCpu();
    const p0 = procCpu(pid);
    const r = await fn();
    add(step, (performance.now() - w0) / 1000, nodeCpu() - n0, procCpu(pid) - p0);
    return r;
  };
  await loadReferenceData(db.kysely);
  const region = generateRegion({ scope: 'norge', referrals, seed: 2026, now: new Date('2026-11-01T00:00:00Z') });
  await loadDirectory(db, region);
  const deferred = await dropSecondaryIndexesIfEmpty(db);
  await sql`SELECT analytics_suspend_insert_marks()`.execute(db.kysely);
  await client.query('SET synchronous_commit = off');
  const su = (await client.query<{ s: boolean }>('SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user')).rows[0].s;
  if (su) await client.query('SET session_replication_role = replica');

  const t0 = performance.now();
  for (const batch of region.patients(50_000)) {
    const data = await measure('patients: make (binary COPY data)', () => {
      const w = new BinaryCopyWriter();
      writePatients(w, batch);
      return w.finish();
    });
    await measure('patients: COPY', () => copyOn(client, { table: 'patient', columns: PATIENT_COLS, data, binary: true }));
  }
  for (let from = 0; from < referrals; from += 50_000) {
    const b = await measure('referrals: make (all tables, binary COPY data)', () => referralBatchBinary(region, from, Math.min(from + 50_000, referrals)));
    for (const part of referralCopyGroups(b).flat()) await measure(`referrals: COPY ${part.table}`, () => copyOn(client, part));
  }
  await client.query("SET maintenance_work_mem = '1GB'");
  // As the loader builds them (no parallel workers, whose CPU this process could not see).
  await client.query('SET max_parallel_maintenance_workers = 0');
  for (const ddl of deferred) {
    const label = /INDEX (\S+)|CONSTRAINT "([^"]+)"/.exec(ddl);
    await measure(`index ${label?.[1] ?? label?.[2] ?? ddl}`, () => client.query(ddl));
  }
  await measure('analytics: mark slices', () => client.query('SELECT analytics_resume_insert_marks()'));
  await measure('ANALYZE', () => client.query('ANALYZE patient, referral, exam, referral_event'));
  const total = (performance.now() - t0) / 1000;
  client.release();

  const sizes = await sql<{ t: string; rows: string; mb: string }>`
    SELECT c.relname AS t, c.reltuples::bigint::text AS rows, (pg_total_relation_size(c.oid) / 1048576)::text AS mb FROM pg_class c
    WHERE c.relname IN ('patient', 'referral', 'exam', 'referral_event', 'referral_message') ORDER BY 1`.execute(db.kysely);
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`generator profile, scope norge, ${referrals.toLocaleString('en')} referrals, steps one after the other (no overlap):`);
  console.log(`${pad('step', 58)} ${'wall s'.padStart(7)} ${'node s'.padStart(7)} ${'pg s'.padStart(7)}`);
  let sn = 0;
  let sp = 0;
  for (const r of rows) {
    sn += r.nodeS;
    sp += r.pgS;
    console.log(`${pad(r.step, 58)} ${r.wallS.toFixed(1).padStart(7)} ${r.nodeS.toFixed(1).padStart(7)} ${r.pgS.toFixed(1).padStart(7)}`);
  }
  console.log(`${pad('total', 58)} ${total.toFixed(1).padStart(7)} ${sn.toFixed(1).padStart(7)} ${sp.toFixed(1).padStart(7)}`);
  console.log(`tables: ${sizes.rows.map((s) => `${s.t} ${Number(s.rows).toLocaleString('en')} rows ${s.mb} MB`).join('; ')}`);
  console.log(`load average at the end ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(machine());
} finally {
  await db.close();
  await adminClient.query(`DROP DATABASE ${name}`);
  await adminClient.end();
}
