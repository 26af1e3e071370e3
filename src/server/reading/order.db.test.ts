// The list page and "next case" give the cases in exactly the order of the pure rule
// (rules.ts compareCases), although the database reads it as two index-ordered segments
// (store.ts SEGMENTS): cases past the maximum wait first, oldest first (equally old: priority order),
// then priority order.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import type { DB } from '../db/schema.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { createReadersBulk, createReadingList, createReadingRegion, performExamsBulk, readerPrincipal, type ReadingRegion } from '../testing/reading.ts';
import { compareCases } from './rules.ts';
import { closeCaseOnReport, nextCase, worklist, type ReadingSettings } from './worklist.ts';

const settings: ReadingSettings = { maxWaitHours: 72, claimMinutes: 30, maxClaimedMinutes: 1_000_000 };
const NOW = new Date();
const H = 3_600_000;

describe('reading order in the database', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>;
  let k: Kysely<DB>;
  let reg: ReadingRegion;
  let reader: Principal;
  let expected: string[];

  beforeAll(async () => {
    t = await openTestDatabase();
    k = t.db.kysely;
    reg = await createReadingRegion(k);
    await createReadingList(k, { name: 'Alt', owner: reg.deptA });
    const codes = ['SEA0AA', 'SAA0AD', 'SNG0AG'];
    // 45 cases: every fourth waited 100 h (past the 72-hour maximum) and several share one time, so
    // the starved segment's tie-break counts; the rest are spread over the last two days with mixed
    // urgency, some of them at the same time as each other.
    await performExamsBulk(k, reg, reg.deptA, 45, (i) => ({
      code: codes[i % 3],
      urgency: i % 7 === 0 ? 'emergency' : i % 5 === 0 ? 'urgent' : 'routine',
      performedAt: new Date(NOW.getTime() - (i % 4 === 0 ? 100 * H + (i % 8) * 60_000 : (5 + (i % 11)) * H)),
    }));
    // An AI finding on a few: they move up within their priority.
    const some = await k.selectFrom('reading_case').select('exam_id').orderBy('exam_id').limit(45).execute();
    await k
      .updateTable('reading_case')
      .set({ ai_flag: true })
      .where(
        'exam_id',
        'in',
        some.filter((_, i) => i % 6 === 1).map((r) => r.exam_id),
      )
      .execute();
    const [u] = await createReadersBulk(k, reg.deptA, 1);
    reader = readerPrincipal(u, reg.deptA, 'Radiologi Fjord');
    const rows = await k.selectFrom('reading_case').select(['exam_id', 'priority', 'ai_flag', 'due_at', 'performed_at']).where('open', '=', true).execute();
    expected = rows
      .map((r) => ({ examId: r.exam_id, priority: r.priority, aiFlag: r.ai_flag, dueAt: new Date(r.due_at), performedAt: new Date(r.performed_at) }))
      .sort((a, b) => compareCases(a, b, NOW, settings.maxWaitHours))
      .map((r) => r.examId);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('has cases in both segments (the test data is what the test needs)', () => {
    expect(expected).toHaveLength(45);
  });

  it('pages the list in the rule order, across the boundary between the segments', async () => {
    const seen: string[] = [];
    let total = 0;
    for (let offset = 0; offset < 50; offset += 7) {
      const page = await worklist(k, settings, reader, { limit: 7, offset }, null, NOW);
      total = page.total;
      seen.push(...page.cases.map((c) => c.examId));
    }
    expect(total).toBe(45);
    expect(seen).toEqual(expected);
    const first = await worklist(k, settings, reader, { limit: 20, offset: 0 }, null, NOW);
    expect(first.cases.filter((c) => c.waitedTooLong).length).toBeGreaterThan(0);
    expect(first.cases.findIndex((c) => !c.waitedTooLong)).toBe(first.cases.filter((c) => c.waitedTooLong).length);
  });

  it('gives "next case" in the same order, then nothing when all are taken', async () => {
    const got: (string | null)[] = [];
    // The reader reads each case before pressing again (a press while holding the case "next" gave
    // them gives that case back: newcomer.read27.test.ts).
    for (let i = 0; i < 45; i++) {
      const x = await nextCase(k, settings, reader, undefined, null, NOW);
      got.push(x.examId);
      if (x.examId) await closeCaseOnReport(k, x.examId, NOW);
    }
    expect(got).toEqual(expected);
    expect((await nextCase(k, settings, reader, undefined, null, NOW)).examId).toBeNull();
  });
});
