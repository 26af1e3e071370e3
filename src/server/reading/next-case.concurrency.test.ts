// "Next case" under concurrency: many readers press at once over a few hundred open cases; no case
// is ever given to two readers (store.claimNext: FOR UPDATE SKIP LOCKED in one UPDATE). Runs on the
// configured engine; the proof that matters is PostgreSQL (RADVIS_TEST_ENGINE=postgres
// TEST_DATABASE_URL=…), with a pool large enough for real parallel transactions. One reader's presses
// at once (a double click) claim one case: the reader's profile row is locked (worklist.ts nextCase).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/index.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { createReadersBulk, createReadingList, createReadingRegion, performExamsBulk, readerPrincipal, type ReadingRegion } from '../testing/reading.ts';
import { closeCaseOnReport, nextCase, type ReadingSettings } from './worklist.ts';

const READERS = 100;
const CASES = 250;
let db: Database;
let drop: () => Promise<void>;
let reg: ReadingRegion;
const readers: Principal[] = [];
// Enough claimed minutes that each reader can take several cases.
const settings: ReadingSettings = { maxWaitHours: 72, claimMinutes: 30, maxClaimedMinutes: 10_000 };

beforeAll(async () => {
  // A copy of the run's migrated template (harness.ts), with a pool large enough for real parallel
  // transactions on PostgreSQL.
  ({ db, drop } = await openTestDatabase({ poolSize: 20 }));
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
    const to = new Map<string, string>();
    // Three rounds of all readers pressing at once: 300 presses over 250 cases. Each reader reads the
    // case before pressing again (a press while holding the case "next" gave gives it back, read27).
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(readers.map(async (p) => ({ p, r: await nextCase(db.kysely, settings, p, undefined, '127.0.0.1') })));
      const fresh = results.filter((x) => x.r.examId && !x.r.resumed);
      for (const { p, r } of fresh) {
        got.push(r.examId!);
        to.set(r.examId!, p.personId);
      }
      for (const { r } of fresh) await closeCaseOnReport(db.kysely, r.examId!, new Date());
    }
    expect(new Set(got).size).toBe(got.length);
    expect(got.length).toBe(CASES);
    // Each 'next' event names the reader the call returned the case to.
    const events = await db.kysely.selectFrom('reading_case_event').select(['exam_id', 'person_id']).where('kind', '=', 'next').execute();
    expect(events.length).toBe(CASES);
    for (const e of events) expect(to.get(e.exam_id)).toBe(e.person_id);
  }, 600_000);

  it('every reader pressing twice at once (a double click) gets one case, the same for both presses', async () => {
    const base = Date.now() - 3_600_000;
    await performExamsBulk(db.kysely, reg, reg.deptA, READERS + 50, (i) => ({ code: 'SAA0AD', urgency: 'routine', performedAt: new Date(base + i * 1000) }));
    const results = await Promise.all(
      readers.flatMap((p) => [0, 1].map(async () => ({ p: p.personId, r: await nextCase(db.kysely, settings, p, undefined, '127.0.0.1') }))),
    );
    const byReader = new Map<string, { examId: string | null; resumed: boolean }[]>();
    for (const { p, r } of results) byReader.set(p, [...(byReader.get(p) ?? []), r]);
    for (const [, rs] of byReader) {
      expect(rs[0].examId).not.toBeNull();
      expect(rs[1].examId).toBe(rs[0].examId);
      expect(rs.filter((r) => r.resumed)).toHaveLength(1);
    }
    const claims = await db.kysely.selectFrom('reading_case').select(['claimed_by']).where('open', '=', true).where('claimed_by', 'is not', null).execute();
    expect(claims.length).toBe(READERS);
    expect(new Set(claims.map((c) => c.claimed_by)).size).toBe(READERS);
  }, 600_000);
});
