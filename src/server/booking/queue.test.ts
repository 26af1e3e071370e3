// The booking queue ("Venter på time") as the vetting inbox: paging with a count, search by name,
// fødselsnummer or referral number, filters (modality, exam, priority, due date state, site),
// sorted by the priority's deadline, one access-log row per list view. Real app and database
// (PGlite by default, PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createPatient } from '../testing/factories.ts';
import { bookingFixture } from './booking.fixture.ts';
import { addDays, osloWallClock } from './slots.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let secretary: ReturnType<typeof as>;
let refs: Record<'overdue' | 'today' | 'ct' | 'later' | 'elsewhere', { id: string; patientId: string }>;
const today = osloWallClock(new Date()).date;

type Item = { id: string; referralNumber: number; fnr: string; patientName: string; siteName: string | null; deadlineState: string | null };
const ids = (items: Item[]) => items.map((i) => i.id);

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  refs = {
    later: await f.referral({ priority: 'within_months', dueDate: addDays(today, 60) }),
    ct: await f.referral({
      examCode: 'SSC0AD',
      priority: 'cancer_pathway',
      dueDate: addDays(today, 10),
      patientId: (await createPatient(t.db.kysely, { name: ['Åse Marie', 'Bjørnstad'] })).id,
    }),
    today: await f.referral({ priority: 'emergency', dueDate: today }),
    overdue: await f.referral({ priority: 'within_days', dueDate: addDays(today, -3) }),
    elsewhere: await f.referral({ priority: 'within_weeks', dueDate: addDays(today, 30) }),
  };
  // Planned at the department's other site at assessment (a site the department also books on).
  await t.db.kysely.updateTable('referral').set({ planned_site_org_id: f.otherSite }).where('id', '=', refs.elsewhere.id).execute();
});

afterAll(async () => {
  await t?.close();
});

const queue = async (query: string) => {
  const res = await secretary({ url: `/api/booking/queue${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; limit: number; offset: number; items: Item[] };
};

describe('the booking queue: paging, search and filters', () => {
  it("pages by the priority's deadline with a total, and writes one access-log row per page naming only the patients shown", async () => {
    const seen = (await t.db.kysely.selectFrom('access_log').select('id').where('context', '=', 'booking-queue').execute()).map((r) => String(r.id));
    const first = await queue('?limit=2');
    expect(first).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(ids(first.items)).toEqual([refs.overdue.id, refs.today.id]);
    const second = await queue('?limit=2&offset=2');
    expect(ids(second.items)).toEqual([refs.ct.id, refs.elsewhere.id]);
    const third = await queue('?limit=2&offset=4');
    expect(ids(third.items)).toEqual([refs.later.id]);
    const log = await t.db.kysely
      .selectFrom('access_log')
      .select(['id', 'patient_ids', 'resource_id'])
      .where('context', '=', 'booking-queue')
      .orderBy('id')
      .execute()
      .then((rows) => rows.filter((r) => !seen.includes(String((r as { id?: unknown }).id))));
    expect(log).toHaveLength(3);
    expect(log[0].patient_ids).toEqual(expect.arrayContaining([refs.overdue.patientId, refs.today.patientId]));
    expect(log[0].patient_ids).toHaveLength(2);
    expect(log[0].resource_id).toBe('booking-queue');
  });

  it("marks each row's due date state and shows the referral number, fødselsnummer and planned site", async () => {
    const all = await queue('');
    const by = new Map(all.items.map((i) => [i.id, i]));
    expect(by.get(refs.overdue.id)?.deadlineState).toBe('overdue');
    expect(by.get(refs.today.id)?.deadlineState).toBe('due_soon');
    expect(by.get(refs.later.id)?.deadlineState).toBe('later');
    expect(by.get(refs.today.id)?.siteName).toBe('Testby sjukehus');
    expect(by.get(refs.elsewhere.id)?.siteName).toBe('Annenby sjukehus');
    expect(by.get(refs.today.id)?.fnr).toMatch(/^\d{11}$/);
    expect(by.get(refs.today.id)?.referralNumber).toBeGreaterThan(0);
  });

  it('searches by fødselsnummer, referral number and name words, as the vetting inbox does', async () => {
    const all = await queue('');
    const target = all.items.find((i) => i.id === refs.ct.id)!;
    expect(ids((await queue(`?q=${target.fnr}`)).items)).toEqual([refs.ct.id]);
    expect(ids((await queue(`?q=${target.referralNumber}`)).items)).toEqual([refs.ct.id]);
    expect(target.patientName).toBe('Åse Marie Bjørnstad');
    const words = 'bjørnstad åse';
    expect(ids((await queue(`?q=${encodeURIComponent(words)}`)).items)).toEqual([refs.ct.id]);
    // The log names the filter used, never its value (a fødselsnummer is personal data).
    const last = await t.db.kysely
      .selectFrom('access_log')
      .select('resource_id')
      .where('context', '=', 'booking-queue')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.resource_id).toBe('booking-queue filter:q');
  });

  it('filters by modality, exam, priority, due date state and site', async () => {
    expect(ids((await queue('?modality=CT')).items)).toEqual([refs.ct.id]);
    expect(ids((await queue('?exam=SSC0AD')).items)).toEqual([refs.ct.id]);
    expect(ids((await queue('?priority=emergency')).items)).toEqual([refs.today.id]);
    expect(ids((await queue('?deadline=overdue')).items)).toEqual([refs.overdue.id]);
    expect(ids((await queue('?deadline=due_soon')).items)).toEqual([refs.today.id]);
    expect(ids((await queue('?deadline=later')).items)).toEqual([refs.ct.id, refs.elsewhere.id, refs.later.id]);
    expect(ids((await queue(`?site=${f.otherSite}`)).items)).toEqual([refs.elsewhere.id]);
    expect((await queue(`?site=${f.site}`)).total).toBe(4);
  });

  it('offers the filter choices of the queue without patient data', async () => {
    const res = await secretary({ url: '/api/booking/queue/options' });
    expect(res.statusCode).toBe(200);
    const o = res.json() as {
      sites: { id: string; name: string }[];
      exams: { code: string; count: number }[];
      priorities: { code: string; label: { nb: string } }[];
    };
    expect(o.sites.map((s) => s.name)).toEqual(['Annenby sjukehus', 'Testby sjukehus']);
    expect(o.exams.find((e) => e.code === 'SNG0AG')?.count).toBe(4);
    expect(o.priorities.map((p) => p.code)).toEqual(['emergency', 'cancer_pathway', 'within_days', 'within_weeks', 'within_months']);
    expect(o.priorities[0].label.nb).toBeTruthy();
  });

  it('refuses a search that is neither a name nor a number, and unknown filter values, with problem+json', async () => {
    const bad = await secretary({ url: '/api/booking/queue?q=abc123' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect((await secretary({ url: '/api/booking/queue?deadline=soonish' })).statusCode).toBe(400);
    expect((await secretary({ url: '/api/booking/queue?modality=XX' })).statusCode).toBe(400);
    expect((await secretary({ url: '/api/booking/queue?priority=DROP%20TABLE' })).statusCode).toBe(400);
    // A referrer has no queue.
    const referrer = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
    expect((await referrer({ url: '/api/booking/queue' })).statusCode).toBe(403);
  });
});
