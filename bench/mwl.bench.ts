// Modality Worklist C-FIND with 20,000 scheduled steps stored, filtered by station and day:
// Radvis' SCP (PGlite, in this process's database) side by side with dcmtk's wlmscpfs serving the
// same 20,000 items as .wl files. The same client (dcmjs-dimse, in this process) sends the same
// query to both: one association per query, as a modality does (associate, C-FIND, release),
// with TCP_NODELAY on the client (BENCH_MWL_NAGLE=1 for dcmjs-dimse's default; see below).
//
//   npx tsx bench/mwl.bench.ts [queries per run, default 200] [runs, default 5] [wlmscpfs queries per run, default 20]
//
// wlmscpfs queries 0: Radvis only (for comparing two Radvis builds under the same load).
//
// Target (issue 8): p99 < 50 ms for Radvis.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { makeSyntheticFnr } from '../src/server/directory/identifiers.ts';
import { dimse } from '../src/server/interop/dicom/dimse.ts';
import { createDicomListener } from '../src/server/interop/dicom/server.ts';
import { bulkInsertSchedule } from '../src/server/scheduling/store.ts';
import { newDicomUid } from '../src/server/scheduling/uid.ts';

const STEPS = 20_000;
const MACHINES = 20;
const DAYS = 50; // 20 machines × 50 days × 20 steps = 20,000
const PER_DAY = STEPS / MACHINES / DAYS;
const QUERIES = Number(process.argv[2] ?? 200);
const RUNS = Number(process.argv[3] ?? 5);
// wlmscpfs reads every .wl file on every query, so it gets fewer queries per run (same runs).
const WLM_QUERIES = Number(process.argv[4] ?? 20);
const FIRST_DAY = '2026-12-01';

const { Client, Dataset, requests } = dimse;

// The client sends its PDUs at once (TCP_NODELAY). dcmjs-dimse's client leaves Nagle's algorithm
// on and writes its C-FIND request in pieces, so the second piece waits ~40 ms for the SCP's delayed
// ACK — a cost of this client, not of the SCP (dcmtk's findscu, timed against echoscu on the same
// SCP, shows no such wait: the C-FIND costs it 30–40 ms). BENCH_MWL_NAGLE=1 measures it that way.
if (process.env.BENCH_MWL_NAGLE !== '1') {
  const connect = net.connect;
  (net as { connect: typeof net.connect }).connect = ((...args: Parameters<typeof net.connect>) => connect(...args).setNoDelay(true)) as typeof net.connect;
}

function day(n: number): string {
  return new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
const ae = (m: number) => `BENCHCT${String(m + 1).padStart(2, '0')}`;

interface Item {
  accession: string;
  fnr: string;
  family: string;
  given: string;
  birth: string;
  sex: 'M' | 'F';
  machine: number;
  date: string;
  time: string;
  uid: string;
}

function makeItems(): Item[] {
  const family = ['Østbø', 'Sæther', 'Årdal', 'Hansen', 'Berg', 'Lærdal', 'Johansen', 'Dahl'];
  const given = ['Åse Marit', 'Bjørn', 'Ægir', 'Ola', 'Kari', 'Kåre', 'Ingrid', 'Øystein'];
  const items: Item[] = [];
  const used = new Set<string>();
  const uniqueFnr = (birth: string, sex: 'M' | 'F') => {
    for (let start = 0; ; start++) {
      const f = makeSyntheticFnr(birth, sex, start);
      if (f && !used.has(f)) {
        used.add(f);
        return f;
      }
      if (start > 2000) throw new Error('no free synthetic fødselsnummer');
    }
  };
  let n = 0;
  for (let m = 0; m < MACHINES; m++)
    for (let d = 0; d < DAYS; d++)
      for (let k = 0; k < PER_DAY; k++) {
        const birth = `19${String(30 + (n % 60)).padStart(2, '0')}-${String(1 + ((n >> 2) % 12)).padStart(2, '0')}-${String(1 + ((n >> 4) % 28)).padStart(2, '0')}`;
        const sex = n % 2 === 0 ? 'F' : 'M';
        const minutes = 7 * 60 + 30 + k * 20;
        items.push({
          accession: `RV${String(n + 1).padStart(7, '0')}`,
          fnr: uniqueFnr(birth, sex),
          family: family[n % family.length],
          given: given[(n >> 3) % given.length],
          birth,
          sex,
          machine: m,
          date: day(d),
          time: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`,
          uid: newDicomUid(),
        });
        n++;
      }
  return items;
}

async function seedRadvis(items: Item[]) {
  const db = await openDatabase({});
  await migrate(db);
  const k = db.kysely;
  await k.insertInto('region').values({ id: 'vest', name: 'Helse Vest' }).execute();
  await k.insertInto('hospital_area').values({ id: 'bergen', name: 'Bergen', region_id: 'vest' }).execute();
  await k.insertInto('municipality').values({ number: '4601', name: 'Bergen', area_id: 'bergen', population: 291_000 }).execute();
  for (const [id, kind, parent] of [
    ['hf-b', 'hf', null],
    ['site-b', 'site', 'hf-b'],
    ['dept-b', 'department', 'site-b'],
    ['gp-b', 'gp_practice', null],
  ] as const) {
    await k
      .insertInto('organization')
      .values({ id, kind, name: id, short_name: null, parent_id: parent, region_id: 'vest', area_id: 'bergen', municipality_number: '4601', org_number: null })
      .execute();
  }
  const hours = JSON.stringify({ mon: ['07:30', '22:00'], tue: ['07:30', '22:00'], wed: ['07:30', '22:00'], thu: ['07:30', '22:00'], fri: ['07:30', '22:00'] });
  for (let m = 0; m < MACHINES; m++)
    await k
      .insertInto('modality')
      .values({ id: `mod-${m}`, site_org_id: 'site-b', kind: 'CT', name: `CT ${m + 1}`, ae_title: ae(m), opening_hours: hours, shifts: 2 })
      .execute();
  await k
    .insertInto('person')
    .values({ id: 'ref-1', hpr_number: null, given_name: 'Lege', family_name: 'Referent', profession: 'physician', referrer_kind: 'gp', email: null })
    .execute();
  await k.insertInto('exam_code').values({ code: 'CTA0AA', name: 'CT thorax', name_en: null, modality: 'CT', body_part: 'thorax', source: 'bench' }).execute();
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    await k
      .insertInto('patient')
      .values(
        chunk.map((it, j) => ({
          id: `pat-${i + j}`,
          fnr: it.fnr,
          given_name: it.given,
          family_name: it.family,
          birth_date: it.birth,
          sex: it.sex,
          municipality_number: '4601',
          gp_person_id: null,
        })),
      )
      .execute();
    await k
      .insertInto('referral')
      .values(
        chunk.map((_, j) => ({
          id: `ref-${i + j}`,
          patient_id: `pat-${i + j}`,
          referrer_person_id: 'ref-1',
          referrer_org_id: 'gp-b',
          department_org_id: 'dept-b',
          exam_code: 'CTA0AA',
          status: 'scheduled' as const,
          submitted_at: new Date(),
        })),
      )
      .execute();
    await bulkInsertSchedule(
      k,
      chunk.map((it, j) => ({
        referralId: `ref-${i + j}`,
        patientId: `pat-${i + j}`,
        departmentId: 'dept-b',
        examName: 'CT thorax',
        modalityId: `mod-${it.machine}`,
        modality: 'CT',
        date: it.date,
        time: it.time,
        studyInstanceUid: it.uid,
        urgent: false,
        durationMinutes: 20,
      })),
      new Date(),
    );
  }
  await sql`ANALYZE`.execute(k);
  return db;
}

function writeWlFiles(items: Item[], dir: string) {
  const aeDir = path.join(dir, 'RADVIS');
  fs.mkdirSync(aeDir, { recursive: true });
  fs.writeFileSync(path.join(aeDir, 'lockfile'), '');
  for (const it of items) {
    const ds = new Dataset({
      SpecificCharacterSet: 'ISO_IR 192',
      AccessionNumber: it.accession,
      ReferringPhysicianName: [{ Alphabetic: 'Referent^Lege' }],
      PatientName: [{ Alphabetic: `${it.family}^${it.given}` }],
      PatientID: it.fnr,
      PatientBirthDate: it.birth.replaceAll('-', ''),
      PatientSex: it.sex,
      StudyInstanceUID: it.uid,
      RequestedProcedureDescription: 'CT thorax',
      RequestedProcedureID: it.accession,
      ScheduledProcedureStepSequence: [
        {
          Modality: 'CT',
          ScheduledStationAETitle: ae(it.machine),
          ScheduledProcedureStepStartDate: it.date.replaceAll('-', ''),
          ScheduledProcedureStepStartTime: it.time.replaceAll(':', ''),
          ScheduledProcedureStepDescription: 'CT thorax',
          ScheduledProcedureStepID: 'SPS1',
          ScheduledProcedureStepStatus: 'SCHEDULED',
        },
      ],
    });
    ds.toFile(path.join(aeDir, `${it.accession}.wl`));
  }
}

/** One association with one C-FIND; resolves with the elapsed ms and the number of answers. */
function query(port: number, callingAe: string, station: string, date: string): Promise<{ ms: number; findMs: number; answers: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const client = new Client();
    const rq = requests.CFindRequest.createWorklistFindRequest({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: '',
      PatientID: '',
      AccessionNumber: '',
      StudyInstanceUID: '',
      ScheduledProcedureStepSequence: [
        {
          Modality: '',
          ScheduledStationAETitle: station,
          ScheduledProcedureStepStartDate: date.replaceAll('-', ''),
          ScheduledProcedureStepStartTime: '',
          ScheduledProcedureStepID: '',
        },
      ],
    });
    let answers = 0;
    let status = -1;
    let findMs = 0;
    rq.on('response', (r: { getStatus(): number }) => {
      const s = r.getStatus();
      if (s === 0xff00 || s === 0xff01) answers++;
      else {
        status = s;
        // The worklist is complete here: association + C-FIND, before the release.
        findMs = Number(process.hrtime.bigint() - t0) / 1e6;
      }
    });
    client.addRequest(rq);
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, findMs, answers, status });
    };
    // The client may report a write after the peer closed once the exchange is over; only an
    // error before the final response is a failure.
    client.on('networkError', (e: Error) => (status !== -1 ? done() : settled || ((settled = true), reject(e))));
    client.on('closed', done);
    client.send('127.0.0.1', port, callingAe, 'RADVIS', { associationLingerTimeout: 0 });
  });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(label: string, port: number, queries = QUERIES): Promise<number[]> {
  const p99s: number[] = [];
  // Warm-up: a few queries not counted.
  for (let i = 0; i < 2; i++) await query(port, ae(i % MACHINES), ae(i % MACHINES), day(i % DAYS));
  for (let run = 0; run < RUNS; run++) {
    const times: number[] = [];
    const finds: number[] = [];
    for (let i = 0; i < queries; i++) {
      const m = (i * 7 + run) % MACHINES;
      const r = await query(port, ae(m), ae(m), day((i * 13 + run) % DAYS));
      if (r.status !== 0 || r.answers !== PER_DAY)
        throw new Error(`${label}: expected ${PER_DAY} answers and Success, got ${r.answers} / ${r.status.toString(16)}`);
      times.push(r.ms);
      finds.push(r.findMs);
    }
    times.sort((a, b) => a - b);
    finds.sort((a, b) => a - b);
    const p99 = pct(times, 99);
    p99s.push(p99);
    console.log(
      `${label} run ${run + 1}: n=${queries} p50 ${pct(times, 50).toFixed(1)} ms, p90 ${pct(times, 90).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms with the release; to the final C-FIND response p50 ${pct(finds, 50).toFixed(1)} / p99 ${pct(finds, 99).toFixed(1)} ms  (load ${os.loadavg()[0].toFixed(1)})`,
    );
  }
  return p99s;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as net.AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
}

function summary(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} / median ${s[Math.floor(s.length / 2)].toFixed(1)} / max ${s[s.length - 1].toFixed(1)} ms`;
}

async function main() {
  console.log(`uptime: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
  const items = makeItems();
  console.log(`seeding ${items.length.toLocaleString('en')} steps in Radvis (PGlite) …`);
  const db = await seedRadvis(items);
  const radvis = createDicomListener({ db: db.kysely, aeTitle: 'RADVIS', port: 0, host: '127.0.0.1', log: { info() {}, warn() {}, error() {} } });
  await radvis.start();
  const radvisP99 = await measure('radvis', radvis.port());
  await radvis.stop();
  await db.close();
  if (WLM_QUERIES === 0) {
    console.log('');
    console.log(`radvis   p99 over ${RUNS} runs: ${summary(radvisP99)}`);
    console.log(`uptime: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
    return;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-wlm-'));
  let wlm: ChildProcess | undefined;
  try {
    console.log(`writing ${items.length.toLocaleString('en')} .wl files for wlmscpfs …`);
    writeWlFiles(items, dir);
    const port = await freePort();
    wlm = spawn('wlmscpfs', ['-q', '-dfp', dir, String(port)], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((r) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.end();
          r(true);
        });
        s.on('error', () => r(false));
      });
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wlmP99 = await measure('wlmscpfs', port, WLM_QUERIES);
    console.log('');
    console.log(`radvis   p99 over ${RUNS} runs: ${summary(radvisP99)}`);
    console.log(`wlmscpfs p99 over ${RUNS} runs: ${summary(wlmP99)}`);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`ratio of medians (wlmscpfs / radvis): ${(med(wlmP99) / med(radvisP99)).toFixed(1)}×`);
    console.log(`uptime: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
  } finally {
    wlm?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
