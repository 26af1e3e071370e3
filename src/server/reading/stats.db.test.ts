// The worklist page's numbers (store.ts listStats, one pass over reading_case) agree with counting
// each list's cases one by one: the total of open cases in the lists shown, and per list the cases
// performed in the last 7 days that are open, closed, past due, and the mean hours to the report.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import type { DB } from '../db/schema.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { createReadersBulk, createReadingList, createReadingRegion, performExamsBulk, readerPrincipal, type ReadingRegion } from '../testing/reading.ts';
import { worklist, type ReadingSettings } from './worklist.ts';

const settings: ReadingSettings = { maxWaitHours: 72, claimMinutes: 30, maxClaimedMinutes: 1_000_000 };
const NOW = new Date();
const H = 3_600_000;

describe('worklist page numbers', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>;
  let k: Kysely<DB>;
  let reg: ReadingRegion;
  let reader: Principal;
  let all: string;
  let ct: string;

  beforeAll(async () => {
    t = await openTestDatabase();
    k = t.db.kysely;
    reg = await createReadingRegion(k);
    all = await createReadingList(k, { name: 'Alt', owner: reg.deptA });
    ct = await createReadingList(k, { name: 'CT', owner: reg.deptA, modalities: ['CT'] });
    const codes = ['SEA0AA', 'SAA0AD', 'SNG0AG'];
    // 40 cases in department A, performed from 1 h to 12 days ago; another department's 10 are in no list.
    await performExamsBulk(k, reg, reg.deptA, 40, (i) => ({ code: codes[i % 3], performedAt: new Date(NOW.getTime() - (1 + i * 7) * H) }));
    await performExamsBulk(k, reg, reg.deptB, 10, (i) => ({ code: codes[i % 3], performedAt: new Date(NOW.getTime() - (1 + i) * H) }));
    // Every third case of department A is reported, 2 h after it was performed (a closed case is not waiting).
    const a = await k.selectFrom('reading_case').select(['exam_id', 'performed_at']).where('performing_org_id', '=', reg.deptA).orderBy('exam_id').execute();
    for (const [i, c] of a.entries())
      if (i % 3 === 0)
        await k
          .updateTable('reading_case')
          .set({ open: false, closed_at: new Date(new Date(c.performed_at).getTime() + 2 * H) })
          .where('exam_id', '=', c.exam_id)
          .execute();
    const [u] = await createReadersBulk(k, reg.deptA, 1);
    reader = readerPrincipal(u, reg.deptA, 'Radiologi Fjord');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('counts as one list at a time would', async () => {
    const rows = await k.selectFrom('reading_case').select(['open', 'modality', 'performed_at', 'closed_at', 'due_at', 'performing_org_id']).execute();
    const since = NOW.getTime() - 7 * 24 * H;
    const inList = (id: string) => (r: (typeof rows)[number]) => r.performing_org_id === reg.deptA && (id === all || r.modality === 'CT');
    const expectFor = (id: string) => {
      const recent = rows.filter(inList(id)).filter((r) => new Date(r.performed_at).getTime() >= since);
      const closed = recent.filter((r) => !r.open);
      return {
        open: recent.filter((r) => r.open).length,
        closed: closed.length,
        meanHours: closed.length ? 2 : null,
        breached: recent.filter((r) => r.open && new Date(r.due_at).getTime() < NOW.getTime()).length,
      };
    };
    const page = await worklist(k, settings, reader, { limit: 5, offset: 0 }, null, NOW);
    expect(page.total).toBe(rows.filter((r) => r.open && r.performing_org_id === reg.deptA).length);
    const got = Object.fromEntries(
      page.lists.map((l) => [l.id, { ...l.turnaround, meanHours: l.turnaround.meanHours === null ? null : Math.round(l.turnaround.meanHours * 1000) / 1000 }]),
    );
    expect(got).toEqual({ [all]: expectFor(all), [ct]: expectFor(ct) });
    // The data has what the comparison needs: open and closed cases inside and outside the 7 days.
    expect(expectFor(all).closed).toBeGreaterThan(0);
    expect(expectFor(ct).open).toBeGreaterThan(0);
    expect(rows.filter(inList(all)).length).toBeGreaterThan(expectFor(all).open + expectFor(all).closed);
    // One list shown: the total is that list's open cases, the turnaround still every list's.
    const one = await worklist(k, settings, reader, { listId: ct, limit: 5, offset: 0 }, null, NOW);
    expect(one.total).toBe(rows.filter((r) => r.open && inList(ct)(r)).length);
    expect(one.lists).toHaveLength(2);
  });
});
