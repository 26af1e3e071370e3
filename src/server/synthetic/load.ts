// Writes a generated region into the database, with progress reports.
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { Database } from '../db/index.ts';
import { withoutInsertMarks } from '../analytics/service.ts';
import { applySiteAddresses, loadReferenceData } from '../directory/reference-data.ts';
import { generateRegion, type GeneratorOptions, type ModalityRow, type OrgRow, type PersonRow, type AgreementRow, type Region } from './generator.ts';
import { PATIENT_COLS, writePatients, referralBatchBinary, referralBatchBinaryYielding, referralCopyGroups, type BinaryBatch } from './referral-text.ts';
import type { WorkerInput, WorkerMessage } from './referral-worker.ts';
import { BinaryCopyWriter } from './binary-copy.ts';
import { copiesMayOverlap, copyGroups, copyRows, copyText } from './writer.ts';

const ORG_COLS = [
  'id',
  'kind',
  'name',
  'short_name',
  'parent_id',
  'region_id',
  'area_id',
  'municipality_number',
  'org_number',
] as const satisfies readonly (keyof OrgRow)[];
const MOD_COLS = ['id', 'site_org_id', 'kind', 'name', 'ae_title', 'opening_hours', 'shifts'] as const satisfies readonly (keyof ModalityRow)[];
const AGR_COLS = [
  'id',
  'buyer_org_id',
  'provider_org_id',
  'modalities',
  'annual_volume',
  'valid_from',
  'valid_to',
] as const satisfies readonly (keyof AgreementRow)[];
const PERSON_COLS = ['id', 'hpr_number', 'given_name', 'family_name', 'profession', 'referrer_kind', 'email'] as const satisfies readonly (keyof PersonRow)[];
/** Writes the region's directory: organizations (parents before children, as the generator emits them), machines, agreements, people. */
export async function loadDirectory(db: Database, region: Region): Promise<void> {
  await copyRows(db, 'organization', ORG_COLS, region.organizations);
  await applySiteAddresses(db.kysely);
  await copyRows(db, 'modality', MOD_COLS, region.modalities);
  await copyRows(db, 'purchase_agreement', AGR_COLS, region.agreements);
  await copyRows(db, 'person', PERSON_COLS, region.persons);
}
export interface LoadProgress {
  phase: 'reference' | 'directory' | 'patients' | 'referrals' | 'indexes' | 'done';
  done: number;
  total: number;
  ratePerSecond?: number;
}

export interface LoadOptions {
  /**
   * Worker threads that make referrals while the main thread feeds the database (default 1 on
   * PostgreSQL with two or more cores when the referrals make more than one batch, else 0: PGlite
   * runs on the main thread, so there is nothing to overlap with, and one batch leaves nothing to
   * make while the database takes the one before). The rows are the same whatever the number.
   */
  workers?: number;
}

export async function loadRegion(
  db: Database,
  options: GeneratorOptions,
  onProgress: (p: LoadProgress) => void = () => undefined,
  batchSize = 20_000,
  load: LoadOptions = {},
): Promise<Region> {
  onProgress({ phase: 'reference', done: 0, total: 1 });
  await loadReferenceData(db.kysely);
  // The generated events and messages take explicit ids after those already used (see GeneratorOptions.idBase).
  const used = await sql<{ event: string; message: string }>`
    SELECT (SELECT coalesce(max(id), 0) FROM referral_event) AS event, (SELECT coalesce(max(id), 0) FROM referral_message) AS message`.execute(db.kysely);
  const region = generateRegion({ ...options, idBase: { event: Number(used.rows[0].event), message: Number(used.rows[0].message) } });
  onProgress({ phase: 'directory', done: 0, total: region.organizations.length });
  await loadDirectory(db, region);
  // Into empty tables, build the secondary indexes after the load (one sorted build each is much
  // cheaper than maintaining them row by row). Only when empty.
  const deferred = await dropSecondaryIndexesIfEmpty(db);
  // Into empty tables, also without the analytics insert triggers (their transition tables cost a
  // third of the insert work); every slice is marked once at the end instead.
  const done =
    deferred.length > 0
      ? await withoutInsertMarks(db.kysely, () => loadRows(db, region, region.options, batchSize, load, deferred, onProgress))
      : await loadRows(db, region, region.options, batchSize, load, deferred, onProgress);
  // Fresh statistics for the tables just filled: the aggregate build (analytics) and the first
  // queries run right after a load, before autovacuum would get to them, and without statistics
  // the planner guesses row counts from scratch (nested loops over millions of rows).
  // The sequences move past the explicit ids, so the live path's next event or message follows them.
  await sql`SELECT setval(pg_get_serial_sequence('referral_event', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM referral_event), false),
                   setval(pg_get_serial_sequence('referral_message', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM referral_message), false)`.execute(db.kysely);
  if (deferred.length > 0) await sql`ANALYZE patient, referral, exam, referral_event`.execute(db.kysely);
  onProgress({ phase: 'done', done, total: options.referrals });
  return region;
}

/** Patients, then referrals with their exams; rebuilds the deferred indexes at the end (also after a failure). Returns the referrals written. */
async function loadRows(
  db: Database,
  region: Region,
  options: GeneratorOptions,
  batchSize: number,
  load: LoadOptions,
  deferred: string[],
  onProgress: (p: LoadProgress) => void,
): Promise<number> {
  let done: number;
  try {
    onProgress({ phase: 'patients', done: 0, total: region.patientCount });
    // With foreign-key checks skipped (writer.ts) nothing waits for the patients: the referrals are
    // made and written at the same time, so both cores stay busy; else they follow the patients.
    const patients = loadPatients(db, region, batchSize, onProgress);
    patients.catch(() => undefined);
    if (!(await copiesMayOverlap(db))) await patients;
    onProgress({ phase: 'referrals', done: 0, total: options.referrals });
    const started = Date.now();
    const report = (n: number) => {
      const secs = (Date.now() - started) / 1000;
      onProgress({ phase: 'referrals', done: n, total: options.referrals, ratePerSecond: secs > 0 ? Math.round(n / secs) : undefined });
    };
    // A worker thread starts by loading the generator and, for an advised history, the guideline
    // pack again: ~1–2 CPU-s from source (tsx) before its first row (measured 2026-12-02, 500 vest
    // referrals: 3.2 CPU-s with a worker, 1.2 without). It pays off only when there is a next batch
    // to make while the database takes this one; a region of one batch (the tests' and small demos'
    // few thousand referrals) is made here.
    const workers = load.workers ?? (db.engine === 'postgres' && os.availableParallelism() >= 2 && options.referrals > batchSize ? 1 : 0);
    done = workers > 0 ? await referralsInWorkers(db, options, batchSize, workers, report) : await referralsInThread(db, region, batchSize, report);
    await patients;
  } finally {
    // Also after a failed load: never leave the tables without their indexes.
    if (deferred.length > 0) onProgress({ phase: 'indexes', done: 0, total: deferred.length });
    await rebuildIndexes(db, deferred);
  }
  return done;
}

/** Patients in binary COPY batches of `batchSize`, made in slices of 1,000 (letting the event loop run between them on PostgreSQL), each batch written while the next is made. */
async function loadPatients(db: Database, region: Region, batchSize: number, onProgress: (p: LoadProgress) => void): Promise<void> {
  let writer = new BinaryCopyWriter(1 << 20);
  let done = 0;
  let pending: Promise<void> = Promise.resolve();
  const flush = async () => {
    const data = writer.finish();
    writer = new BinaryCopyWriter(1 << 20);
    await pending;
    pending = copyText(db, 'patient', PATIENT_COLS, data, true);
    pending.catch(() => undefined);
  };
  for (const batch of region.patients(1000)) {
    writePatients(writer, batch);
    done += batch.length;
    if (writer.rows >= batchSize) {
      await flush();
      onProgress({ phase: 'patients', done, total: region.patientCount });
    } else if (db.pool) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (writer.rows > 0) await flush();
  await pending;
  onProgress({ phase: 'patients', done, total: region.patientCount });
}

/** Drops the non-unique indexes of the bulk-loaded tables (and the events' and messages' primary keys) when all of them are empty; returns the DDL to rebuild them. */
export async function dropSecondaryIndexesIfEmpty(db: Database): Promise<string[]> {
  const empty = await sql<{
    n: number;
  }>`SELECT (SELECT count(*) FROM (SELECT 1 FROM referral LIMIT 1) a) + (SELECT count(*) FROM (SELECT 1 FROM exam LIMIT 1) b)
          + (SELECT count(*) FROM (SELECT 1 FROM patient LIMIT 1) c) + (SELECT count(*) FROM (SELECT 1 FROM referral_event LIMIT 1) d)
          + (SELECT count(*) FROM (SELECT 1 FROM referral_message LIMIT 1) e) AS n`.execute(db.kysely);
  if (Number(empty.rows[0].n) > 0) return [];
  const idx = await sql<{ indexname: string; indexdef: string }>`
    SELECT c.relname AS indexname, pg_get_indexdef(x.indexrelid) AS indexdef
    FROM pg_index x
    JOIN pg_class c ON c.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND t.relname IN ('patient', 'referral', 'exam', 'referral_event', 'referral_message') AND NOT x.indisunique AND NOT x.indisprimary`.execute(
    db.kysely,
  );
  for (const r of idx.rows) await sql`DROP INDEX ${sql.id(r.indexname)}`.execute(db.kysely);
  // The events' and messages' primary keys too (millions of rows, ids the generator assigns in
  // order): one sorted build after the load instead of a B-tree insert per row. Only keys no
  // foreign key refers to; added back with the same name.
  const keys = await sql<{ table: string; name: string; def: string }>`
    SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND t.relname IN ('referral_event', 'referral_message') AND c.contype = 'p'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = t.oid)`.execute(db.kysely);
  for (const k of keys.rows) await sql`ALTER TABLE ${sql.id(k.table)} DROP CONSTRAINT ${sql.id(k.name)}`.execute(db.kysely);
  return [...keys.rows.map((k) => `ALTER TABLE "${k.table}" ADD CONSTRAINT "${k.name}" ${k.def}`), ...idx.rows.map((r) => r.indexdef)];
}

/** The table a deferred index or key belongs to (the DDL of dropSecondaryIndexesIfEmpty). */
function tableOf(ddl: string): string | undefined {
  return (/ ON (?:[a-z_]+\.)?"?([a-z_]+)"? USING /.exec(ddl) ?? /^ALTER TABLE "?([a-z_]+)"?/.exec(ddl))?.[1];
}

/**
 * Rebuilds dropped indexes, on PostgreSQL two at a time (two cores are the common case) without
 * parallel workers, each with room to sort in memory. The builds on the largest tables go first
 * (longest first), so the two connections finish close together instead of one core building the
 * last large index alone while the other idles.
 */
async function rebuildIndexes(db: Database, ddl: string[]): Promise<void> {
  if (ddl.length === 0) return;
  if (!db.pool) {
    for (const d of ddl) await sql.raw(d).execute(db.kysely);
    return;
  }
  const tables = [...new Set(ddl.map(tableOf).filter((t): t is string => t !== undefined))];
  const sizes = new Map(
    (
      await sql<{ t: string; bytes: string }>`SELECT c.relname AS t, pg_relation_size(c.oid)::text AS bytes FROM pg_class c
        WHERE c.relname = ANY (${tables}::text[]) AND c.relnamespace = current_schema()::regnamespace`.execute(db.kysely)
    ).rows.map((r) => [r.t, Number(r.bytes)]),
  );
  const size = (d: string) => sizes.get(tableOf(d) ?? '') ?? 0;
  const queue = [...ddl].sort((a, b) => size(b) - size(a));
  const worker = async () => {
    const client = await db.pool!.connect();
    try {
      // Room to sort the largest (4.8 million events per million referrals, ~350 MB of sort
      // tuples) in memory instead of in runs on disk.
      await client.query("SET maintenance_work_mem = '1GB'");
      // Two builds already keep two cores busy: parallel sort workers on top only add processes.
      await client.query('SET max_parallel_maintenance_workers = 0');
      for (let next = queue.shift(); next; next = queue.shift()) await client.query(next);
      await client.query('RESET maintenance_work_mem');
      await client.query('RESET max_parallel_maintenance_workers');
    } finally {
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
}

/**
 * Each referral batch with its exams, events and messages: on PostgreSQL two transactions at once
 * (the referrals with their messages; the events with the exams), so the database parses and
 * inserts on two cores; in one transaction in order where foreign keys are checked (writer.ts#copyGroups).
 */
function copyReferralBatch(db: Database, b: BinaryBatch): Promise<void> {
  return copyGroups(db, referralCopyGroups(b));
}

/** Makes the referrals on this thread; the next batch is made while the database takes the previous one. */
async function referralsInThread(db: Database, region: Region, batchSize: number, report: (done: number) => void): Promise<number> {
  const total = region.options.referrals;
  let pending: Promise<void> = Promise.resolve();
  let done = 0;
  for (let from = 0; from < total; from += batchSize) {
    const to = Math.min(from + batchSize, total);
    const batch = db.pool ? await referralBatchBinaryYielding(region, from, to) : referralBatchBinary(region, from, to);
    await pending;
    report(done);
    pending = copyReferralBatch(db, batch);
    // A failed COPY surfaces at the next await of `pending`; keep it from being reported as unhandled meanwhile.
    pending.catch(() => undefined);
    done += batch.count;
  }
  await pending;
  return done;
}

/**
 * Worker threads make the referral batches (as binary COPY data); the main thread only writes them, each
 * worker's batches over its own connection. On two cores this keeps both busy: generation in the
 * workers, parsing and inserting in the database.
 */
async function referralsInWorkers(
  db: Database,
  options: GeneratorOptions,
  batchSize: number,
  workers: number,
  report: (done: number) => void,
): Promise<number> {
  const batches = Math.ceil(options.referrals / batchSize);
  let done = 0;
  const lanes = Array.from({ length: Math.min(workers, Math.max(1, batches)) }, (_, w) => {
    const mine = [];
    for (let b = w; b < batches; b += workers) mine.push(b);
    return mine;
  });
  const threads: Worker[] = [];
  const started = lanes.map((mine) => {
    // A pack cannot cross to a thread (compiled rules): workers read it from content/guidelines.
    const { guidelines: _pack, ...plain } = options;
    const input: WorkerInput = { options: { ...plain, now: options.now.toISOString() }, batches: mine, batchSize };
    const worker = startWorker(input);
    threads.push(worker);
    return new Promise<void>((resolve, reject) => {
      let writing: Promise<void> = Promise.resolve();
      let failed = false;
      const fail = (e: unknown) => {
        if (failed) return;
        failed = true;
        void worker.terminate();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      worker.on('error', fail);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'error') fail(new Error(`referral worker: ${m.message}`));
        else if (m.type === 'done') writing.then(() => resolve(), fail);
        else {
          writing = writing.then(async () => {
            if (failed) return;
            await copyReferralBatch(db, m);
            done += m.count;
            report(done);
            worker.postMessage('credit');
          });
          writing.catch(fail);
        }
      });
      // Two batches may be in flight per worker: one being written, one being made.
      worker.postMessage('credit');
      worker.postMessage('credit');
    });
  });
  try {
    await Promise.all(started);
  } catch (e) {
    // One lane failed: stop the others too, or their threads would keep the process alive.
    await Promise.all(threads.map((t) => t.terminate()));
    throw e;
  }
  return done;
}

// A larger young generation for the worker: each slice's rows and text die young, but with V8's
// default semi-space (16 MB) most of a batch's strings are copied twice and promoted before the
// batch is joined and sent.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 96 };

function startWorker(input: WorkerInput): Worker {
  // Compiled (dist/, plain node): the worker is JavaScript next to this module.
  if (import.meta.url.endsWith('.js'))
    return new Worker(new URL('./referral-worker.js', import.meta.url), { workerData: input, resourceLimits: WORKER_LIMITS });
  // From source: the worker is TypeScript; load it through tsx's loader, whatever runs this process.
  const tsxApi = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/index\.cjs$/, 'index.mjs');
  const workerUrl = new URL('./referral-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); });`;
  return new Worker(code, { eval: true, workerData: input, resourceLimits: WORKER_LIMITS });
}

export { PATIENT_COLS };
