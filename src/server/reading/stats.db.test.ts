// The worklist page's numbers (store.ts listStats, one pass over reading_case) agree with counting
// each list's cases one by one from the report table: per list, the open cases now, those due within
// the warning window (rules.ts deadlineState) and past due, and over the period the median and mean
// hours performed → first signed report (a LIS's preliminary report, or a radiologist's final one),
// preliminary → final (countersigning) and performed → final. The reports are written through the
// real report flow (reporting/service.ts applyReportAction: a LIS signs preliminary, a specialist
// countersigns; a radiologist finalizes at once), at chosen times.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import type { DB } from '../db/schema.ts';
import { applyReportAction } from '../reporting/service.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { createReadersBulk, createReadingList, createReadingRegion, performExamsBulk, readerPrincipal, type ReadingRegion } from '../testing/reading.ts';
import { DEFAULT_WARN, deadlineState } from './rules.ts';
import { worklist, type ReadingSettings } from './worklist.ts';

const settings: ReadingSettings = { maxWaitHours: 72, claimMinutes: 30, maxClaimedMinutes: 1_000_000 };
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const H = 3_600_000;
const sections = { findings: 'Ingen sikre tegn til fraktur.', conclusion: 'Ingen fraktur.' };

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
const span = (xs: number[]) => ({ n: xs.length, medianHours: round(median(xs)), meanHours: round(mean(xs)) });

describe('worklist page numbers', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>;
  let k: Kysely<DB>;
  let reg: ReadingRegion;
  let reader: Principal;
  let lis: Principal;
  let all: string;
  let ct: string;
  /** The LIS cases: exam, when the preliminary report was signed, when it was countersigned (null: still waiting). */
  const lisCases: { examId: string; prelim: Date; final: Date | null }[] = [];

  beforeAll(async () => {
    t = await openTestDatabase();
    k = t.db.kysely;
    reg = await createReadingRegion(k);
    all = await createReadingList(k, { name: 'Alt', owner: reg.deptA });
    ct = await createReadingList(k, { name: 'CT', owner: reg.deptA, modalities: ['CT'] });
    const codes = ['SEA0AA', 'SAA0AD', 'SNG0AG'];
    // 40 cases in department A, performed from 1 h to 12 days ago (routine: 72 h to the deadline;
    // the one performed 71 h ago is due within the 2-hour warning); another department's 10 are in no list.
    const a = await performExamsBulk(k, reg, reg.deptA, 40, (i) => ({ code: codes[i % 3], performedAt: new Date(NOW.getTime() - (1 + i * 7) * H) }));
    await performExamsBulk(k, reg, reg.deptB, 10, (i) => ({ code: codes[i % 3], performedAt: new Date(NOW.getTime() - (1 + i) * H) }));
    const [rad, lisUser] = await createReadersBulk(k, reg.deptA, 2);
    reader = readerPrincipal(rad, reg.deptA, 'Radiologi Fjord');
    lis = {
      ...readerPrincipal(lisUser, reg.deptA, 'Radiologi Fjord'),
      grants: [{ role: 'lis', organizationId: reg.deptA, organizationName: 'Radiologi Fjord' }],
    };
    await k.updateTable('reader_profile').set({ role: 'lis' }).where('person_id', '=', lisUser.personId).execute();
    const performed = new Map(
      (await k.selectFrom('reading_case').select(['exam_id', 'performed_at']).where('exam_id', 'in', a).execute()).map((c) => [
        c.exam_id,
        new Date(c.performed_at).getTime(),
      ]),
    );
    for (const [i, examId] of a.entries()) {
      const p = performed.get(examId)!;
      // Performed 64 h and 71 h ago, due in 8 h and 1 h: left waiting (one warns now, both with a 12-hour window).
      if (i === 9 || i === 10) continue;
      if (i % 4 === 1) {
        // A LIS reports preliminary after 1–6 h; a specialist countersigns 2–20 h later (the last ones not yet).
        const prelim = new Date(Math.min(NOW.getTime(), p + (1 + (i % 6)) * H));
        const final = new Date(prelim.getTime() + (2 + ((i * i) % 19)) * H);
        await applyReportAction(k, lis, null, examId, 'sign-preliminary', { sections, expectedVersion: null }, prelim);
        const countersigned = final.getTime() <= NOW.getTime() && i > 1 && i < 33;
        if (countersigned) await applyReportAction(k, reader, null, examId, 'countersign', { sections, expectedVersion: 1, score: '1' }, final);
        lisCases.push({ examId, prelim, final: countersigned ? final : null });
      } else if (i % 4 === 2) {
        // A radiologist finalizes at once, 3 h after the exam (past the deadline for none of them).
        await applyReportAction(k, reader, null, examId, 'finalize', { sections, expectedVersion: null }, new Date(Math.min(NOW.getTime(), p + 3 * H)));
      }
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('the report flow stamps the case: preliminary time, final time on countersigning, closed when first signed', async () => {
    const done = lisCases.find((c) => c.final)!;
    const waiting = lisCases.find((c) => !c.final)!;
    const row = async (id: string) =>
      k.selectFrom('reading_case').select(['open', 'closed_at', 'preliminary_at', 'final_at']).where('exam_id', '=', id).executeTakeFirstOrThrow();
    const d = await row(done.examId);
    expect(d.open).toBe(false);
    expect(new Date(d.preliminary_at!).toISOString()).toBe(done.prelim.toISOString());
    expect(new Date(d.final_at!).toISOString()).toBe(done.final!.toISOString());
    // The case left the lists with the preliminary report; countersigning does not move that time.
    expect(new Date(d.closed_at!).toISOString()).toBe(done.prelim.toISOString());
    const w = await row(waiting.examId);
    expect(w.open).toBe(false);
    expect(new Date(w.preliminary_at!).toISOString()).toBe(waiting.prelim.toISOString());
    expect(w.final_at).toBeNull();
  });

  it('counts as one list at a time would, from the report table', async () => {
    const rows = await k
      .selectFrom('reading_case as c')
      .leftJoin('report as r', 'r.exam_id', 'c.exam_id')
      .select(['c.open', 'c.modality', 'c.performed_at', 'c.due_at', 'c.performing_org_id', 'r.preliminary_at', 'r.final_at'])
      .execute();
    const since = NOW.getTime() - 7 * 24 * H;
    const ms = (d: unknown) => (d === null || d === undefined ? null : new Date(d as string).getTime());
    const inList = (id: string) => (r: (typeof rows)[number]) => r.performing_org_id === reg.deptA && (id === all || r.modality === 'CT');
    const expectFor = (id: string) => {
      const mine = rows.filter(inList(id));
      const open = mine.filter((r) => r.open);
      const state = (r: (typeof rows)[number]) => deadlineState(new Date(r.performed_at), new Date(r.due_at), NOW, DEFAULT_WARN);
      const inPeriod = (x: number | null) => x !== null && x >= since && x <= NOW.getTime();
      const first = mine.filter((r) => inPeriod(ms(r.preliminary_at)));
      const final = mine.filter((r) => inPeriod(ms(r.final_at)));
      const countersigned = final.filter((r) => ms(r.final_at)! > ms(r.preliminary_at)!);
      return {
        open: open.length,
        warning: open.filter((r) => state(r) === 'warning').length,
        breached: open.filter((r) => state(r) === 'breached').length,
        firstReport: {
          ...span(first.map((r) => (ms(r.preliminary_at)! - ms(r.performed_at)!) / H)),
          late: first.filter((r) => ms(r.preliminary_at)! > ms(r.due_at)!).length,
        },
        countersign: span(countersigned.map((r) => (ms(r.final_at)! - ms(r.preliminary_at)!) / H)),
        final: span(final.map((r) => (ms(r.final_at)! - ms(r.performed_at)!) / H)),
      };
    };
    const page = await worklist(k, settings, reader, { limit: 5, offset: 0 }, null, NOW);
    expect(page.period.days).toBe(7);
    expect(page.warn).toEqual({ hours: 2, percent: 25 });
    expect(page.total).toBe(rows.filter((r) => r.open && r.performing_org_id === reg.deptA).length);
    const r3 = (s: { n: number; medianHours: number | null; meanHours: number | null }) => ({
      ...s,
      medianHours: round(s.medianHours),
      meanHours: round(s.meanHours),
    });
    const got = Object.fromEntries(
      page.lists.map((l) => [
        l.id,
        { ...l.turnaround, firstReport: r3(l.turnaround.firstReport), countersign: r3(l.turnaround.countersign), final: r3(l.turnaround.final) },
      ]),
    );
    expect(got).toEqual({ [all]: expectFor(all), [ct]: expectFor(ct) });
    // The data has what the comparison needs: countersigned LIS reports with varied times (median ≠
    // mean), direct finals, cases waiting, warning and past due, reports outside the period.
    const e = expectFor(all);
    expect(e.countersign.n).toBeGreaterThan(2);
    expect(e.countersign.medianHours).not.toBe(e.countersign.meanHours);
    expect(e.final.n).toBeGreaterThan(e.countersign.n);
    expect(lisCases.some((c) => !c.final && c.prelim.getTime() >= since)).toBe(true);
    expect(e.firstReport.late).toBeGreaterThanOrEqual(0);
    expect(e.warning).toBeGreaterThan(0);
    expect(e.breached).toBeGreaterThan(0);
    expect(expectFor(ct).open).toBeGreaterThan(0);
    expect(lisCases.filter((c) => c.final && c.final.getTime() < since).length).toBeGreaterThan(0);
    // The case row shows the same warning as the list.
    const warned = await worklist(k, settings, reader, { limit: 200, offset: 0 }, null, NOW);
    expect(warned.cases.filter((c) => c.deadline === 'warning').length).toBe(e.warning);
    expect(warned.cases.filter((c) => c.deadline === 'breached').length).toBe(e.breached);
    expect(warned.deadlines).toEqual({ warning: e.warning, breached: e.breached });
    // One list shown: the total is that list's open cases, the turnaround still every list's.
    const one = await worklist(k, settings, reader, { listId: ct, limit: 5, offset: 0 }, null, NOW);
    expect(one.total).toBe(rows.filter((r) => r.open && inList(ct)(r)).length);
    expect(one.lists).toHaveLength(2);
  });

  it('a shorter period counts only the reports signed in it; the warning window follows the settings', async () => {
    const day = await worklist(k, settings, reader, { limit: 5, offset: 0, periodDays: 1 }, null, NOW);
    const week = await worklist(k, settings, reader, { limit: 5, offset: 0 }, null, NOW);
    const d = day.lists.find((l) => l.id === all)!.turnaround;
    const w = week.lists.find((l) => l.id === all)!.turnaround;
    expect(day.period.days).toBe(1);
    const signed = await k
      .selectFrom('report as r')
      .innerJoin('exam as e', 'e.id', 'r.exam_id')
      .select(['r.preliminary_at'])
      .where('e.performing_org_id', '=', reg.deptA)
      .where('r.preliminary_at', '>=', new Date(NOW.getTime() - 24 * H))
      .execute();
    expect(d.firstReport.n).toBe(signed.length);
    expect(d.firstReport.n).toBeLessThan(w.firstReport.n);
    expect(d.open).toBe(w.open);
    // A 12-hour window (half of any window shorter than a day counts less): more cases warn.
    const wide = await worklist(k, { ...settings, warn: { hours: 12, share: 0.5 } }, reader, { limit: 200, offset: 0 }, null, NOW);
    const wideList = wide.lists.find((l) => l.id === all)!.turnaround;
    expect(wideList.warning).toBeGreaterThan(w.warning);
    expect(wide.cases.filter((c) => c.deadline === 'warning').length).toBe(wideList.warning);
    expect(wide.warn).toEqual({ hours: 12, percent: 50 });
  });
});
