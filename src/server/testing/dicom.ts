// Test helpers for the DICOM listener: the worklist fixtures (dcmtk dump files in
// src/server/interop/dicom/cases/) converted into Radvis data — machines, patients, referrers,
// referrals and scheduled steps made through the scheduling domain, never served as files — and
// dcmtk's own command-line clients run as real peers.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { makeSyntheticFnr } from '../directory/identifiers.ts';
import { scheduleProcedureStep } from '../scheduling/schedule.ts';
import { createExamCode, createOrganization } from './factories.ts';
import type { Database } from '../db/index.ts';
import { createDicomListener, type DicomListener } from '../interop/dicom/server.ts';
import { openTestDatabase } from './harness.ts';
import { runProgram } from './tool-runner.ts';
import type * as Dimse from 'dcmjs-dimse';
import { dimse, type Request } from '../interop/dicom/dimse.ts';

export const CASES_DIR = path.resolve(import.meta.dirname, '../interop/dicom/cases');

/** Elements of a dcmtk dump file, by tag 'ggggeeee' (upper case); sequence items flattened. Enough for the fixtures. */
export function readDump(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\)\s+([A-Z]{2})\s+\[(.*)\]\s*$/.exec(line);
    if (m) out.set(`${m[1]}${m[2]}`.toUpperCase(), m[4]);
  }
  return out;
}

export interface FixtureWorld {
  departmentId: string;
  /** AE titles of the machines made from the fixtures. */
  aeTitles: string[];
  /** Fixture patient ID (a placeholder) → the Radvis patient's identifier (synthetic fødselsnummer). */
  patientIds: Map<string, string>;
  /** Accession → internal patient id. */
  patients: Map<string, string>;
}

/**
 * Converts every fixtures/*.dump into Radvis data in one department: a machine per station AE
 * title, a patient per fixture (name, birth date, sex as given; sex O, which Radvis does not
 * record, becomes F; the patient ID becomes a synthetic fødselsnummer), the referring physician
 * as a person, a referral, and the step scheduled through scheduleProcedureStep with the
 * fixture's accession number, ids, StudyInstanceUID, date, time and descriptions.
 */
export async function seedWorklistFixtures(db: Kysely<DB>, dir = path.join(CASES_DIR, 'fixtures')): Promise<FixtureWorld> {
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Testfjord HF' });
  const site = await createOrganization(db, { kind: 'site', name: 'Testfjord sjukehus', parentId: hf });
  const departmentId = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling, Testfjord', parentId: site });
  const gp = await createOrganization(db, { kind: 'gp_practice', name: 'Testfjord legesenter' });
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.dump'))
    .sort();
  const machines = new Map<string, string>();
  const persons = new Map<string, string>();
  const patientIds = new Map<string, string>();
  const patients = new Map<string, string>();
  let n = 0;
  for (const f of files) {
    n++;
    const e = readDump(path.join(dir, f));
    const get = (tag: string) => e.get(tag) ?? '';
    const ae = get('00400001');
    const modality = get('00080060');
    if (!machines.has(ae)) {
      const id = `mod-fixture-${ae.toLowerCase()}`;
      const kind = (modality === 'PT' ? 'PET' : modality) as DB['modality']['kind'];
      const week = JSON.stringify({
        mon: ['07:30', '22:00'],
        tue: ['07:30', '22:00'],
        wed: ['07:30', '22:00'],
        thu: ['07:30', '22:00'],
        fri: ['07:30', '22:00'],
      });
      await db
        .insertInto('modality')
        .values({ id, site_org_id: site, kind, name: get('00400010') || ae, ae_title: ae, opening_hours: week, shifts: 2 })
        .execute();
      machines.set(ae, id);
    }
    const personId = async (pn: string) => {
      if (!pn) return null;
      let id = persons.get(pn);
      if (!id) {
        id = `person-fixture-${persons.size + 1}`;
        const [family, given = ''] = pn.split('^');
        await db
          .insertInto('person')
          .values({ id, hpr_number: null, given_name: given, family_name: family, profession: 'physician', referrer_kind: 'gp', email: null })
          .execute();
        persons.set(pn, id);
      }
      return id;
    };
    const referrer = (await personId(get('00080090') || 'LEGE^UKJENT'))!;
    const [family, given = ''] = get('00100010').split('^');
    const birth = get('00100030');
    const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
    const sex = get('00100040') === 'M' ? 'M' : 'F';
    const fnr = makeSyntheticFnr(birthDate, sex, n * 3)!;
    const patientId = `patient-fixture-${n}`;
    await db
      .insertInto('patient')
      .values({ id: patientId, fnr, given_name: given, family_name: family, birth_date: birthDate, sex, municipality_number: '4601', gp_person_id: null })
      .execute();
    patientIds.set(get('00100020'), fnr);
    const examCode = await createExamCode(db);
    const referralId = `ref-fixture-${n}`;
    await db
      .insertInto('referral')
      .values({
        id: referralId,
        patient_id: patientId,
        referrer_person_id: referrer,
        referrer_org_id: gp,
        department_org_id: departmentId,
        exam_code: examCode,
        status: 'accepted',
        submitted_at: new Date(),
        assessed_at: new Date(),
      })
      .execute();
    const performer = get('00400006').split('^');
    const date = get('00400002');
    const time = get('00400003');
    await scheduleProcedureStep(db, {
      referralId,
      modalityId: machines.get(ae)!,
      startDate: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      startTime: `${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6) || '00'}`,
      description: get('00400007'),
      requestedProcedureDescription: get('00321060'),
      performingPhysician: performer[0] ? { familyName: performer[0], givenName: performer[1] ?? '' } : null,
      accessionNumber: get('00080050'),
      requestedProcedureId: get('00401001'),
      spsId: get('00400009'),
      studyInstanceUid: get('0020000D'),
      priority: (get('00401003') || 'ROUTINE') as 'ROUTINE',
      comments: get('00401400') || null,
    });
    patients.set(get('00080050'), patientId);
  }
  return { departmentId, aeTitles: [...machines.keys()], patientIds, patients };
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment dcmtk's programs run in here: `TCP_NODELAY=1` turns Nagle's algorithm off on
 * their sockets (dcmtk's dcmnet reads this variable, docs/envvars.txt; Debian's dcmtk 3.6.7 leaves
 * it on otherwise). With it on, each association of a dcmtk peer waited ~40–90 ms for a delayed TCP
 * acknowledgement: measured here, echoscu 105 → 18 ms and findscu against wlmscpfs 130 → 26 ms an
 * association. Radvis' own listener already answers with noDelay (interop/dicom/server.ts); a
 * modality's dcmtk-based client may not, which is its own setting, not Radvis'.
 */
export const DCMTK_ENV: NodeJS.ProcessEnv = { ...process.env, TCP_NODELAY: '1' };

/**
 * Sends a dcmjs-dimse SCU's queued requests to Radvis' listener on 127.0.0.1:`port` in one
 * association (`associationLingerTimeout: 0`), with Nagle's algorithm off on the client socket as
 * DCMTK_ENV does for dcmtk's programs. dcmjs-dimse opens its socket with `net.connect` inside
 * `send()` and offers no socket option; it writes each request's command and data set as separate
 * PDUs, so with Nagle on the second waited ~40 ms for the listener's delayed ACK (the MPPS files'
 * tests took 12 s, 5–6 s without). The connect is wrapped for the synchronous duration of
 * `send()` only, then restored: no other socket of the test worker is touched.
 */
export function sendAssociation(client: InstanceType<typeof dimse.Client>, port: number, callingAet: string, calledAet: string): void {
  const connect = net.connect;
  (net as { connect: typeof net.connect }).connect = ((...args: Parameters<typeof net.connect>) => connect(...args).setNoDelay(true)) as typeof net.connect;
  try {
    client.send('127.0.0.1', port, callingAet, calledAet, { associationLingerTimeout: 0 });
  } finally {
    (net as { connect: typeof net.connect }).connect = connect;
  }
}

/** An association's refusal as the SCP sent it (A-ASSOCIATE-RJ, PS3.8 9.3.4): result, source and reason. */
export interface AssociationRejection {
  result: number;
  source: number;
  reason: number;
}

/** What one association brought back (sendOnOneAssociation). */
export interface AssociationOutcome {
  /** Each request's DIMSE status, in the order sent; -1 where no response came. */
  statuses: number[];
  /**
   * Each request's last response (its status, Error Comment, command set, Affected SOP Instance UID
   * and data set, if any), in the order sent; undefined where none came.
   */
  replies: (Dimse.responses.Response | undefined)[];
  /** The A-ASSOCIATE-RJ when the listener refused the association (then no request was sent). */
  rejected?: AssociationRejection;
}

/**
 * Sends `reqs` (dcmjs-dimse requests) on one association from `callingAet` to the listener on
 * 127.0.0.1:`port` (called AE `calledAet`, default RADVIS); resolves once the association closes,
 * is refused or fails (never rejects) with each request's status and last response, and the
 * refusal if there was one. The DICOM tests' one DIMSE client (the MPPS files, the worklist files'
 * dcmjs-dimse checks).
 */
export function sendOnOneAssociation(reqs: Request[], port: number, callingAet: string, calledAet = 'RADVIS'): Promise<AssociationOutcome> {
  return new Promise((resolve) => {
    const client = new dimse.Client();
    const replies: AssociationOutcome['replies'] = reqs.map(() => undefined);
    let rejected: AssociationRejection | undefined;
    reqs.forEach((r, i) => {
      r.on('response', (rsp: Dimse.responses.Response) => {
        replies[i] = rsp;
      });
      client.addRequest(r);
    });
    client.on('associationRejected', (x: AssociationRejection) => {
      rejected = { result: x.result, source: x.source, reason: x.reason };
    });
    const done = () => resolve({ statuses: replies.map((r) => r?.getStatus() ?? -1), replies, ...(rejected ? { rejected } : {}) });
    client.on('closed', done);
    client.on('networkError', done);
    sendAssociation(client, port, callingAet, calledAet);
  });
}

/**
 * Runs a dcmtk tool (in DCMTK_ENV); never throws for a non-zero exit (the caller asserts on it).
 * Started by the worker's tool runner (tool-runner.ts), not by the worker itself: each start from
 * the worker cost it a fork of its whole memory.
 */
export function runTool(cmd: string, args: string[], timeoutMs = 120_000): Promise<ToolResult> {
  return runProgram(cmd, args, { timeoutMs, maxBuffer: 64 * 1024 * 1024, env: DCMTK_ENV });
}

/** .dcm files dumpToDcm made, by folder, dump path and dump content (see dumpToDcm). */
const converted = new Map<string, Promise<string>>();

/**
 * dump2dcm a dump file into a temporary .dcm (long lines allowed: the fixtures carry a 4.6 KB comment).
 * The same dump (path and content) into the same folder is converted once and the .dcm reused while
 * it exists: the query files are only read (findscu's -k keys change its in-memory copy), and each
 * dump2dcm start loads dcmtk's data dictionary, which in the findscu files cost as much CPU as the
 * queries themselves.
 */
export async function dumpToDcm(dumpFile: string, tmp: string): Promise<string> {
  const key = `${tmp}\0${path.resolve(dumpFile)}\0${crypto.createHash('sha256').update(fs.readFileSync(dumpFile)).digest('hex')}`;
  const known = converted.get(key);
  if (known) {
    const file = await known.catch(() => null);
    if (file !== null && fs.existsSync(file)) return file;
  }
  const made = convert(dumpFile, tmp);
  converted.set(key, made);
  made.catch(() => converted.delete(key));
  return made;
}

async function convert(dumpFile: string, tmp: string): Promise<string> {
  const out = path.join(tmp, `${path.basename(dumpFile, '.dump')}-${Math.random().toString(36).slice(2)}.dcm`);
  const r = await runTool('dump2dcm', ['-q', '+l', '65536', dumpFile, out]);
  if (r.code !== 0) throw new Error(`dump2dcm failed for ${dumpFile}: ${r.stderr}`);
  return out;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.isAbsolute(prefix) ? prefix : path.join(os.tmpdir(), prefix));
}

/** Writes a DICOM dump into `tmp` (Latin-1 bytes when asked) and converts it with dump2dcm; returns the .dcm path. */
export async function dcmFromDump(tmp: string, dump: string, latin1 = false): Promise<string> {
  const file = path.join(tmp, `q-${Math.random().toString(36).slice(2)}.dump`);
  fs.writeFileSync(file, latin1 ? Buffer.from(dump, 'latin1') : dump);
  return dumpToDcm(file, tmp);
}

/** The worklist SCP the findscu tests query: a test database of its own with the fixtures, its DICOM listener on a free port (AE title RADVIS), a temporary folder. */
export interface WorklistScp {
  db: Database;
  world: FixtureWorld;
  listener: DicomListener;
  tmp: string;
  /** Stops the listener, drops the database and removes the folder. */
  close(): Promise<void>;
}

/** Opens a WorklistScp; `prepare` changes the seeded data before the listener starts. */
export async function openWorklistScp(tmpPrefix: string, prepare?: (db: Kysely<DB>, world: FixtureWorld) => Promise<void>): Promise<WorklistScp> {
  const { db, drop } = await openTestDatabase();
  const world = await seedWorklistFixtures(db.kysely);
  if (prepare) await prepare(db.kysely, world);
  const silent = { info() {}, warn() {}, error() {} };
  const listener = createDicomListener({ db: db.kysely, aeTitle: 'RADVIS', port: 0, host: '127.0.0.1', log: silent });
  await listener.start();
  const tmp = tempDir(tmpPrefix);
  return {
    db,
    world,
    listener,
    tmp,
    async close() {
      await listener.stop();
      await drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** What findscu -W got back: the final status text, each answer's elements, the answer files, its output. */
export interface WorklistFindResult {
  status: string;
  answers: Record<string, unknown>[];
  files: string[];
  output: string;
  code: number;
}

/**
 * Runs dcmtk's `findscu -W` (the real modality client) with the query file `dcm` plus `-k` keys and
 * extra options (and `more` query files, sent on the same association) against the worklist SCP on `port`, as `aet` (default CT01), writing the answers
 * under `tmp`; returns them read back with dcmjs-dimse (without its bookkeeping fields).
 */
export async function findscuWorklist(
  port: number,
  tmp: string,
  dcm: string,
  opts: { aet?: string; keys?: string[]; args?: string[]; more?: string[] } = {},
): Promise<WorklistFindResult> {
  const out = tempDir(path.join(tmp, 'rsp-'));
  const args = ['-v', '-W', '-X', '-od', out, ...(opts.args ?? []), '-aet', opts.aet ?? 'CT01', '-aec', 'RADVIS', '127.0.0.1', String(port)];
  for (const k of opts.keys ?? []) args.push('-k', k);
  // Further query files go on the same association, one C-FIND each.
  args.push(dcm, ...(opts.more ?? []));
  const r = await runTool('findscu', args);
  const output = r.stdout + r.stderr;
  const status = /Received Final Find Response \(([^)]*)\)/.exec(output)?.[1] ?? `no final response (exit ${r.code})`;
  const files = fs
    .readdirSync(out)
    .filter((f) => f.startsWith('rsp'))
    .sort()
    .map((f) => path.join(out, f));
  return { status, answers: files.map(readAnswer), files, output, code: r.code };
}

/**
 * Runs dcmtk's `findscu -W` ONCE with every query file in `dcms`: findscu sends each file as its own
 * C-FIND on one association, in order, and goes on after a query answered with an error status. The
 * `-k` keys and options apply to every query. Returns one result per query, in the order given:
 * its final status, its answers (read back as in findscuWorklist) and answer files, its part of
 * findscu's output (from its "Sending Find Request" to the next; the association's opening and
 * release are in the first and last part), and findscu's exit code (shared). A query findscu did
 * not get to (the association ended early) has the status "no final response".
 *
 * The checks of one test file share one findscu process and one association instead of one each
 * (each findscu start loads dcmtk's data dictionary; measured ~0.07 CPU-s a process here, the same
 * as twenty queries on one association).
 */
export async function findscuWorklistEach(
  port: number,
  tmp: string,
  dcms: string[],
  opts: { aet?: string; keys?: string[]; args?: string[] } = {},
): Promise<WorklistFindResult[]> {
  if (dcms.length === 0) return [];
  const out = tempDir(path.join(tmp, 'rsp-'));
  const args = ['-v', '-W', '-X', '-od', out, ...(opts.args ?? []), '-aet', opts.aet ?? 'CT01', '-aec', 'RADVIS', '127.0.0.1', String(port)];
  for (const k of opts.keys ?? []) args.push('-k', k);
  args.push(...dcms);
  // The same guard against a hung findscu as one query each had (runTool's 120 s), for every query.
  const r = await runTool('findscu', args, 120_000 * dcms.length);
  // dcmtk logs to stderr; each query's part starts at its "Sending Find Request" line.
  const output = r.stdout + r.stderr;
  const starts = [...output.matchAll(/^.*Sending Find Request \(MsgID \d+\)/gm)].map((m) => m.index);
  return dcms.map((_dcm, i) => {
    const part = i < starts.length ? output.slice(i === 0 ? 0 : starts[i], starts[i + 1] ?? output.length) : '';
    const status = /Received Final Find Response \(([^)]*)\)/.exec(part)?.[1] ?? `no final response (exit ${r.code})`;
    const files = [...part.matchAll(/Writing response dataset to file: (.*\S)/g)].map((m) => path.resolve(m[1]));
    return { status, answers: files.map(readAnswer), files, output: part, code: r.code };
  });
}

/** One findscu answer file's elements, read with dcmjs-dimse, without its bookkeeping fields. */
function readAnswer(file: string): Record<string, unknown> {
  const e = { ...(dimse.Dataset.fromFile(file)!.getElements() as Record<string, unknown>) };
  delete e._meta;
  delete e._vrMap;
  return e;
}

/** dcmtk's own worklist SCP (wlmscpfs) serving a folder of .wl files, as the reference peer. */
export interface ReferenceWorklistScp {
  port: number;
  /** Stops the process (by its own pid) and removes the folder. */
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound and released; the caller binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(a && typeof a === 'object' ? a.port : 0));
    });
  });
}

/**
 * Starts dcmtk's wlmscpfs (single process, keeping each file's Specific Character Set) serving
 * `wlFiles` (DICOM files, one worklist item each) under the called AE title RADVIS, on a free port.
 * Ready when it accepts a TCP connection: tried again 25 ms after each refusal until it does, the
 * process exits, or `giveUpMs` have passed (a guard against a broken install, not a speed limit:
 * on a loaded machine the process may take many seconds to listen); throws if it never does.
 */
export async function startReferenceWorklistScp(wlFiles: string[], giveUpMs = 120_000): Promise<ReferenceWorklistScp> {
  const dir = tempDir('radvis-wlmscpfs-');
  const aeDir = path.join(dir, 'RADVIS');
  fs.mkdirSync(aeDir);
  // wlmscpfs takes a read lock on this file before reading the folder (WlmDataSourceFileSystem).
  fs.writeFileSync(path.join(aeDir, 'lockfile'), '');
  wlFiles.forEach((f, i) => fs.copyFileSync(f, path.join(aeDir, `item${String(i).padStart(3, '0')}.wl`)));
  const port = await freePort();
  const proc = spawn('wlmscpfs', ['-q', '-s', '-csk', '-dfp', dir, String(port)], { stdio: 'ignore', env: DCMTK_ENV });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const close = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const giveUpAt = Date.now() + giveUpMs;
  while (Date.now() < giveUpAt) {
    if (proc.exitCode !== null) break;
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return { port, close };
    await new Promise((r) => setTimeout(r, 25));
  }
  await close();
  throw new Error('wlmscpfs did not start');
}
