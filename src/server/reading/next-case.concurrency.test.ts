// "Next case" under concurrency: many readers press at once over a few hundred open cases; no case
// is ever given to two readers (store.claimNext: FOR UPDATE SKIP LOCKED in one UPDATE). Runs on the
// configured engine; the proof that matters is PostgreSQL (RADVIS_TEST_ENGINE=postgres
// TEST_DATABASE_URL=…), with a pool large enough for real parallel transactions.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { testDatabaseUrl } from '../config.ts';
import { openDatabase, type Database } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { createReadersBulk, createReadingList, createReadingRegion, performExamsBulk, readerPrincipal, type ReadingRegion } from '../testing/reading.ts';
import { nextCase, type ReadingSettings } from './worklist.ts';

const READERS = 100;
const CASES = 250;
let db: Database;
let drop: () => Promise<void>;
let reg: ReadingRegion;
const readers: Principal[] = [];
// Enough claimed minutes that each reader can take several cases.
const settings: ReadingSettings = { maxWaitHours: 72, claimMinutes: 30, maxClaimedMinutes: 10_000 };

beforeAll(async () => {
  const url = testDatabaseUrl();
  if (url) {
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    db = await openDatabase({ url, schema, poolSize: 20 });
    drop = async () => {
      await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    };
  } else {
    db = await openDatabase({});
    drop = () => db.close();
  }
  await migrate(db);
  const k = db.kysely;
  reg = await createReadingRegion(k);
  await createReadingList(k, { name: 'Alt', owner: reg.deptA });
  const base = Date.now() - 2 * 3_600_000;
  await performExamsBulk(k, reg, reg.deptA, CASES, (i) => ({
    code: i % 3 === 0 ? 'SEA0AA' : 'SAA0AD',
    urgency: i % 7 === 0 ? 'emergency' : 'routine',
    performedAt: new Date(base + i * 1000),
  }));
  for (const u of await createReadersBulk(k, reg.deptA, READERS)) readers.push(readerPrincipal(u, reg.deptA, 'Radiologi Fjord'));
}, 600_000);
afterAll(async () => drop?.());

describe('next case, many readers at once', () => {
  it('never assigns a case twice, and every case is assigned once when readers keep pressing', async () => {
    const got: string[] = [];
    // Three rounds of all readers pressing at once: 300 presses over 250 cases.
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(readers.map((p) => nextCase(db.kysely, settings, p, undefined, '127.0.0.1')));
      for (const r of results) if (r.examId) got.push(r.examId);
    }
    expect(new Set(got).size).toBe(got.length);
    expect(got.length).toBe(CASES);
    const claimed = await db.kysely.selectFrom('reading_case').select(['exam_id', 'claimed_by']).where('claimed_by', 'is not', null).execute();
    expect(claimed.length).toBe(CASES);
    // Each claim row names the reader the call returned it to.
    const events = await db.kysely.selectFrom('reading_case_event').select(['exam_id', 'person_id']).where('kind', '=', 'next').execute();
    expect(events.length).toBe(CASES);
    const byExam = new Map(claimed.map((c) => [c.exam_id, c.claimed_by]));
    for (const e of events) expect(byExam.get(e.exam_id)).toBe(e.person_id);
  }, 600_000);
});
