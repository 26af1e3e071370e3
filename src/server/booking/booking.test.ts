// Booking through the app API on the real app and database (PGlite by default, PostgreSQL with
// TEST_DATABASE_URL): shifts, the queue, suggestions, book / reschedule / cancel, trips, the
// patient letter, direct booking, the day view, bad input and access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { publicHolidays } from '../calendar/norwegian-calendar.ts';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { isSlotTaken, scheduleProcedureStep } from '../scheduling/schedule.ts';
import { bookingFixture, futureWorkingDay } from './booking.fixture.ts';
import { addDays, osloWallClock } from './slots.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let secretary: ReturnType<typeof as>;
let leader: ReturnType<typeof as>;
let otherSecretary: ReturnType<typeof as>;
let referrer: ReturnType<typeof as>;
let day: string;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  leader = as(t.app, await login(t.app, f.leader.username, f.leader.password));
  otherSecretary = as(t.app, await login(t.app, f.otherSecretary.username, f.otherSecretary.password));
  referrer = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
  day = futureWorkingDay(10);
});

afterAll(async () => {
  await t?.close();
});

const steps = (referralId: string) =>
  t.db.kysely
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .select(['s.id', 's.status', 's.modality_id', 's.start_date', 's.start_time', 's.duration_minutes', 'rp.accession_number'])
    .where('rp.referral_id', '=', referralId)
    .execute();
const referralRow = (id: string) =>
  t.db.kysely.selectFrom('referral').select(['status', 'version', 'scheduled_at', 'assessed_at']).where('id', '=', id).executeTakeFirstOrThrow();

describe('machines: opening hours and shifts', () => {
  it('the leader adds an evening shift; capacity in hours per week follows; the directory opening hours follow', async () => {
    const list = await leader({ url: '/api/booking/machines' });
    expect(list.statusCode).toBe(200);
    const ct = list.json().find((m: { id: string }) => m.id === f.ct);
    expect(ct).toMatchObject({ editable: true, weeklyHours: 40, eveningHours: 0 });
    const shifts = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, start: '07:30', end: '15:30', kind: 'day' },
      { weekday, start: '15:30', end: '21:00', kind: 'evening' },
    ]);
    const res = await leader({ method: 'PUT', url: `/api/booking/machines/${f.ct}/shifts`, payload: { version: ct.version, shifts } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ weeklyHours: 67.5, eveningHours: 27.5, version: ct.version + 1 });
    const m = await t.db.kysely.selectFrom('modality').select(['opening_hours', 'shifts']).where('id', '=', f.ct).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ opening_hours: { mon: ['07:30', '21:00'] }, shifts: 2 });
    // Saving again with the old version: someone else saved meanwhile.
    const stale = await leader({ method: 'PUT', url: `/api/booking/machines/${f.ct}/shifts`, payload: { version: ct.version, shifts } });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses overlapping shifts and times outside the day, and anyone but the leader', async () => {
    const ct = (await leader({ url: '/api/booking/machines' })).json().find((m: { id: string }) => m.id === f.ct);
    const overlap = await leader({
      method: 'PUT',
      url: `/api/booking/machines/${f.ct}/shifts`,
      payload: {
        version: ct.version,
        shifts: [
          { weekday: 1, start: '07:30', end: '15:30', kind: 'day' },
          { weekday: 1, start: '15:00', end: '20:00', kind: 'evening' },
        ],
      },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.headers['content-type']).toContain('application/problem+json');
    expect(overlap.json().errors).toEqual([
      { field: 'shifts.0', message: 'overlap' },
      { field: 'shifts.1', message: 'overlap' },
    ]);
    const outside = await leader({
      method: 'PUT',
      url: `/api/booking/machines/${f.ct}/shifts`,
      payload: { version: ct.version, shifts: [{ weekday: 1, start: '07:30', end: '25:00', kind: 'day' }] },
    });
    expect(outside.statusCode).toBe(400);
    const backwards = await leader({
      method: 'PUT',
      url: `/api/booking/machines/${f.ct}/shifts`,
      payload: { version: ct.version, shifts: [{ weekday: 1, start: '15:00', end: '08:00', kind: 'day' }] },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([{ field: 'shifts.0', message: 'end-before-start' }]);
    const notLeader = await secretary({ method: 'PUT', url: `/api/booking/machines/${f.ct}/shifts`, payload: { version: ct.version, shifts: [] } });
    expect(notLeader.statusCode).toBe(403);
  });
});

describe('slot types', () => {
  it('the leader sets a longer MR knee slot on one machine; suggestions use it', async () => {
    const res = await leader({
      method: 'PUT',
      url: '/api/booking/slot-types',
      payload: { modalityKind: 'MR', examCode: 'SNG0AG', modalityId: f.mr, durationMinutes: 45 },
    });
    expect(res.statusCode).toBe(204);
    const r = await f.referral();
    const s = await secretary({ url: `/api/booking/referrals/${r.id}?from=${day}` });
    expect(s.statusCode).toBe(200);
    expect(s.json().slots[0]).toMatchObject({ modalityId: f.mr, date: day, start: '07:30', end: '08:15', durationMinutes: 45 });
    const types = (await secretary({ url: '/api/booking/slot-types' })).json();
    expect(types).toContainEqual({ modalityKind: 'MR', examCode: 'SNG0AG', examName: 'MR kne', modalityId: f.mr, durationMinutes: 45 });
    const wrongKind = await leader({
      method: 'PUT',
      url: '/api/booking/slot-types',
      payload: { modalityKind: 'CT', examCode: 'SNG0AG', modalityId: null, durationMinutes: 10 },
    });
    expect(wrongKind.statusCode).toBe(400);
  });
});

describe('the queue and suggestions', () => {
  it("lists accepted referrals by the priority's deadline (exam due date), priority breaking ties, with one access-log row for the list", async () => {
    const late = await f.referral({ priority: 'within_weeks', dueDate: addDays(day, 20) });
    const soon = await f.referral({ priority: 'within_weeks', dueDate: addDays(day, 2) });
    // Same due date as `soon`: the more urgent category first.
    const urgent = await f.referral({ priority: 'emergency', dueDate: addDays(day, 2) });
    const res = await secretary({ url: '/api/booking/queue?limit=200' });
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(urgent.id)).toBeLessThan(ids.indexOf(soon.id));
    expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(late.id));
    const log = await t.db.kysely.selectFrom('access_log').selectAll().where('context', '=', 'booking-queue').execute();
    expect(log).toHaveLength(1);
    expect(log[0].patient_ids).toEqual(expect.arrayContaining([late.patientId, soon.patientId, urgent.patientId]));
    // The other department sees none of them.
    // The department's own words for the priority (assessment's categories; here the defaults).
    expect(res.json().items.find((i: { id: string }) => i.id === late.id).priorityLabel).toEqual({ nb: 'Innen 6 uker', en: 'Within 6 weeks' });
    const other = await otherSecretary({ url: '/api/booking/queue' });
    expect(other.json().items.map((i: { id: string }) => i.id)).not.toContain(urgent.id);
  });

  it('suggests the earliest free slots inside opening hours, marks late ones, and logs the read for that patient', async () => {
    const r = await f.referral({ examCode: 'SSC0AA', dueDate: day });
    const res = await secretary({ url: `/api/booking/referrals/${r.id}?from=${day}&count=40` });
    expect(res.statusCode).toBe(200);
    const slots = res.json().slots as { date: string; start: string; end: string; late: boolean; machineName: string }[];
    expect(slots[0]).toMatchObject({ date: day, start: '08:00', end: '08:15', late: false, machineName: 'Lab 1 Testby' });
    expect(slots.every((s) => s.start >= '08:00' && s.end <= '15:00')).toBe(true);
    expect(slots.filter((s) => s.date > day).every((s) => s.late)).toBe(true);
    const log = await t.db.kysely.selectFrom('access_log').selectAll().where('resource_id', '=', r.id).where('context', '=', 'booking-suggest').execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ patient_id: r.patientId, outcome: 'allowed' });
  });
});

describe('what the assessment planned', () => {
  it('suggests slots on the planned modality at the planned site', async () => {
    const r = await f.referral();
    await t.db.kysely.updateTable('referral').set({ planned_site_org_id: f.otherSite }).where('id', '=', r.id).execute();
    const atOther = (await secretary({ url: `/api/booking/referrals/${r.id}` })).json();
    expect(new Set(atOther.slots.map((s: { modalityId: string }) => s.modalityId))).toEqual(new Set([`mr-${f.otherDept}`]));
    await t.db.kysely.updateTable('referral').set({ planned_site_org_id: null, planned_modality: 'CT' }).where('id', '=', r.id).execute();
    const ct = (await secretary({ url: `/api/booking/referrals/${r.id}` })).json();
    expect(new Set(ct.slots.map((s: { modalityId: string }) => s.modalityId))).toEqual(new Set([f.ct]));
  });

  it("reads a planned department (what the assessment page sends) as that department's site", async () => {
    const r = await f.referral();
    await t.db.kysely.updateTable('referral').set({ planned_site_org_id: f.otherDept }).where('id', '=', r.id).execute();
    const atOther = (await secretary({ url: `/api/booking/referrals/${r.id}` })).json();
    expect(new Set(atOther.slots.map((s: { modalityId: string }) => s.modalityId))).toEqual(new Set([`mr-${f.otherDept}`]));
  });
});

describe('book, reschedule, cancel', () => {
  it('books an accepted referral: a step on the worklist, referral scheduled with its time, a timestamped event naming who', async () => {
    const r = await f.referral();
    const res = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${r.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '10:00' },
    });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b).toMatchObject({ referralId: r.id, modalityId: f.mr, date: day, start: '10:00', end: '10:45' });
    expect(b.version).toBe((await referralRow(r.id)).version);
    expect(b.accessionNumber).toMatch(/^RV\d{7}$/);
    expect(b.studyInstanceUid).toMatch(/^2\.25\.\d+$/);
    const [s] = await steps(r.id);
    expect(s).toMatchObject({ status: 'scheduled', modality_id: f.mr, start_date: day, start_time: '10:00:00', duration_minutes: 45 });
    const ref = await referralRow(r.id);
    expect(ref.status).toBe('scheduled');
    expect(ref.scheduled_at).not.toBeNull();
    const ev = await t.db.kysely.selectFrom('procedure_step_event').selectAll().where('step_id', '=', s.id).execute();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ to_status: 'scheduled', source: 'app', actor_user_id: f.secretary.userId });

    // The same time on the same machine for another referral: taken (409), nothing written.
    const other = await f.referral();
    const clash = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${other.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '10:30' },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors).toEqual([{ field: 'start', message: 'taken' }]);
    expect(await steps(other.id)).toEqual([]);
    expect((await referralRow(other.id)).status).toBe('accepted');

    // Reschedule: the step moves (the worklist serves the new time), who and why recorded; a stale version is refused.
    const moved = await secretary({
      method: 'POST',
      url: `/api/booking/steps/${s.id}/reschedule`,
      payload: { version: b.version, modalityId: f.mr, date: day, start: '12:00', reason: 'Pasienten ba om senere time' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await steps(r.id))[0]).toMatchObject({ start_time: '12:00:00', status: 'scheduled' });
    const staleMove = await secretary({
      method: 'POST',
      url: `/api/booking/steps/${s.id}/reschedule`,
      payload: { version: b.version, modalityId: f.mr, date: day, start: '13:00', reason: 'igjen' },
    });
    expect(staleMove.statusCode).toBe(409);
    // The old time is free now.
    const freed = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${other.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '10:00' },
    });
    expect(freed.statusCode).toBe(201);

    // Cancel: the slot is free, the referral is back in the queue, who and why recorded.
    const cancelled = await secretary({
      method: 'POST',
      url: `/api/booking/steps/${s.id}/cancel`,
      payload: { version: moved.json().version, reason: 'Pasienten er innlagt' },
    });
    expect(cancelled.statusCode).toBe(200);
    expect((await steps(r.id))[0].status).toBe('cancelled');
    expect((await referralRow(r.id)).status).toBe('accepted');
    const events = await t.db.kysely.selectFrom('procedure_step_event').selectAll().where('step_id', '=', s.id).orderBy('id').execute();
    expect(events.map((e) => [e.from_status, e.to_status, e.detail])).toEqual([
      [null, 'scheduled', 'booked'],
      ['scheduled', 'scheduled', 'Pasienten ba om senere time'],
      ['scheduled', 'cancelled', 'Pasienten er innlagt'],
    ]);
    // The referral's own history (what the referrer's and the department's pages list): booked, then
    // the booking cancelled with its reason, each naming who; a reschedule is not a status change.
    const history = await t.db.kysely.selectFrom('referral_event').selectAll().where('referral_id', '=', r.id).orderBy('id').execute();
    expect(history.map((e) => [e.kind, e.from_status, e.to_status, e.actor_user_id, e.reason_text])).toEqual([
      ['scheduled', 'accepted', 'scheduled', f.secretary.userId, null],
      ['booking_cancelled', 'scheduled', 'accepted', f.secretary.userId, 'Pasienten er innlagt'],
    ]);
    const third = await f.referral();
    const again = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${third.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '12:00' },
    });
    expect(again.statusCode).toBe(201);
  });

  it('refuses bad input with the reason: outside opening hours, holiday, unknown machine, not accepted, stale version, wrong kind', async () => {
    const r = await f.referral();
    const book = (payload: object) =>
      secretary({ method: 'POST', url: `/api/booking/referrals/${r.id}/book`, payload: { version: 1, modalityId: f.mr, date: day, ...payload } });
    const outside = await book({ start: '15:00' }); // 45 minutes from 15:00 ends after 15:30
    expect(outside.statusCode).toBe(422);
    expect(outside.headers['content-type']).toContain('application/problem+json');
    expect(outside.json()).toMatchObject({ code: 'unprocessable', errors: [{ field: 'start', message: 'outside-hours' }] });
    expect(outside.json().detail).toContain('07:30–15:30');
    const thisYear = Number(day.slice(0, 4));
    const holiday = [...publicHolidays(thisYear), ...publicHolidays(thisYear + 1)]
      .sort()
      .find((d) => d > day && ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()))!;
    const onHoliday = await book({ date: holiday, start: '10:00' });
    expect(onHoliday.statusCode).toBe(422);
    expect(onHoliday.json().errors).toEqual([{ field: 'start', message: 'holiday' }]);
    const unknown = await book({ modalityId: 'no-such-machine', start: '10:00' });
    expect(unknown.statusCode).toBe(404);
    const wrongKind = await book({ modalityId: f.ct, start: '10:00' });
    expect(wrongKind.statusCode).toBe(422);
    const badTime = await book({ start: '10:00:00' });
    expect(badTime.statusCode).toBe(400);
    const stale = await book({ version: 7, start: '08:00' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors).toEqual([{ field: 'version', message: 'stale' }]);
    const submitted = await f.referral({ status: 'submitted' });
    const notAccepted = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${submitted.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '08:00' },
    });
    expect(notAccepted.statusCode).toBe(409);
    expect(notAccepted.json().errors).toEqual([{ field: 'status', message: 'not-accepted' }]);
    const past = await book({ date: addDays(osloWallClock(new Date()).date, -1), start: '10:00' });
    expect(past.statusCode).toBe(422);
    // Nothing was written by any of them.
    expect(await steps(r.id)).toEqual([]);
    expect((await referralRow(r.id)).version).toBe(1);
  });

  it('only the receiving department books; a refused attempt is logged', async () => {
    const r = await f.referral();
    const other = await otherSecretary({
      method: 'POST',
      url: `/api/booking/referrals/${r.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '09:00' },
    });
    expect(other.statusCode).toBe(403);
    const asReferrer = await referrer({
      method: 'POST',
      url: `/api/booking/referrals/${r.id}/book`,
      payload: { version: 1, modalityId: f.mr, date: day, start: '09:00' },
    });
    expect(asReferrer.statusCode).toBe(403); // the role has no booking access
    const peek = await otherSecretary({ url: `/api/booking/referrals/${r.id}` });
    expect(peek.statusCode).toBe(403);
    const log = await t.db.kysely.selectFrom('access_log').selectAll().where('resource_id', '=', r.id).where('outcome', '=', 'refused').execute();
    expect(log.map((l) => l.context).sort()).toEqual(['booking-book', 'booking-suggest']);
    expect(await steps(r.id)).toEqual([]);
  });

  it('the database itself refuses an overlapping step on a machine (exclusion constraint), on this engine too', async () => {
    const a = await f.referral();
    const b = await f.referral();
    const d2 = futureWorkingDay(12);
    await scheduleProcedureStep(t.db.kysely, { referralId: a.id, modalityId: f.ct, startDate: d2, startTime: '09:00', durationMinutes: 20 });
    const err = await scheduleProcedureStep(t.db.kysely, { referralId: b.id, modalityId: f.ct, startDate: d2, startTime: '09:10', durationMinutes: 20 }).catch(
      (e: unknown) => e,
    );
    expect(isSlotTaken(err)).toBe(true);
    // Back to back is fine.
    await scheduleProcedureStep(t.db.kysely, { referralId: b.id, modalityId: f.ct, startDate: d2, startTime: '09:20', durationMinutes: 20 });
  });
});

describe('several exams on one trip', () => {
  it('suggests adjacent slots at the same site and books them together, all or nothing', async () => {
    const mr = await f.referral();
    const ct = await f.referral({ examCode: 'SSC0AD', patientId: mr.patientId });
    const d3 = futureWorkingDay(14);
    const s = await secretary({ url: `/api/booking/referrals/${mr.id}` });
    expect(s.statusCode).toBe(200);
    expect(s.json().others.map((o: { id: string }) => o.id)).toEqual([ct.id]);
    const trip = s.json().trips[0];
    expect(trip.items).toHaveLength(2);
    const [first, second] = trip.items;
    expect(first.date).toBe(second.date);
    expect(first.siteId).toBe(second.siteId);
    expect(second.start >= first.end).toBe(true);

    // The second exam outside opening hours: nothing is booked.
    const bad = await secretary({
      method: 'POST',
      url: '/api/booking/trips',
      payload: {
        items: [
          { referralId: mr.id, version: 1, modalityId: f.mr, date: d3, start: '08:00' },
          { referralId: ct.id, version: 1, modalityId: f.ct, date: d3, start: '23:00' },
        ],
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(await steps(mr.id)).toEqual([]);
    expect((await referralRow(mr.id)).status).toBe('accepted');

    const ok = await secretary({
      method: 'POST',
      url: '/api/booking/trips',
      payload: {
        items: [
          { referralId: mr.id, version: 1, modalityId: f.mr, date: d3, start: '07:30' },
          { referralId: ct.id, version: 1, modalityId: f.ct, date: d3, start: '08:15' },
        ],
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().bookings.map((b: { start: string }) => b.start)).toEqual(['07:30', '08:15']);
    expect((await referralRow(ct.id)).status).toBe('scheduled');
  });
});

describe('the patient letter', () => {
  it('is a PDF in bokmål and in nynorsk with time, place, exam, preparation and numbers', async () => {
    const r = await f.referral({ examCode: 'SSC0AD' });
    // The site's visiting address is printed where the directory has one.
    await t.db.kysely.updateTable('organization').set({ visiting_address: 'Sjukehusvegen 1, 9999 Testby' }).where('id', '=', f.site).execute();
    const b = (
      await secretary({ method: 'POST', url: `/api/booking/referrals/${r.id}/book`, payload: { version: 1, modalityId: f.ct, date: day, start: '13:20' } })
    ).json();
    for (const [lang, heading, preparation] of [
      ['nb', 'Innkalling til undersøkelse', 'nedsatt nyrefunksjon'],
      ['nn', 'Innkalling til undersøking', 'nedsett nyrefunksjon'],
    ] as const) {
      const res = await secretary({ url: `/api/booking/steps/${b.stepId}/letter?lang=${lang}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
      const text = (await parser.getText()).text.replace(/\s+/g, ' ');
      await parser.destroy();
      expect(text).toContain(heading);
      expect(text).toContain('CT toraks');
      expect(text).toContain('13:20–13:40');
      expect(text).toContain('Testby sjukehus');
      expect(text).toContain('Sjukehusvegen 1, 9999 Testby');
      expect(text).toContain(b.accessionNumber);
      expect(text).toContain(preparation);
      // The referral by the number on the referrer's receipt, not by the internal id.
      const { referral_number } = await t.db.kysely.selectFrom('referral').select('referral_number').where('id', '=', r.id).executeTakeFirstOrThrow();
      expect(text).toMatch(new RegExp(`(Henvisningsnummer|Tilvisingsnummer): ${referral_number}\\b`));
      expect(text).not.toContain(r.id);
    }
    // The referrer who wrote it may print it too; another department may not.
    expect((await referrer({ url: `/api/booking/steps/${b.stepId}/letter` })).statusCode).toBe(200);
    expect((await otherSecretary({ url: `/api/booking/steps/${b.stepId}/letter` })).statusCode).toBe(403);
  });

  // issue 8: exam names follow the requester's language in PDFs — except in the patient letter,
  // which is written to the patient in the letter language chosen for them (bokmål or nynorsk),
  // so an English-speaking secretary still prints a Norwegian letter with the Norwegian exam name.
  it('keeps the Norwegian exam name for a secretary who uses the English UI', async () => {
    const r = await f.referral({ examCode: 'SSC0AD' });
    const b = (
      await secretary({ method: 'POST', url: `/api/booking/referrals/${r.id}/book`, payload: { version: 1, modalityId: f.ct, date: day, start: '14:00' } })
    ).json();
    expect((await secretary({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const found = (await secretary({ url: `/api/booking/steps/${b.stepId}/letter?lang=nn` })).rawPayload;
      const parser = new PDFParse({ data: new Uint8Array(found) });
      const text = (await parser.getText()).text.replace(/\s+/g, ' ');
      await parser.destroy();
      // The letter to the patient stays in nynorsk, exam name included.
      expect(text).toContain('Innkalling til undersøking');
      expect(text).toContain('CT toraks');
      expect(text).not.toContain('CT thorax');
    } finally {
      await secretary({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
  });
});

describe('direct booking by clinicians', () => {
  it('books an allowed standard exam in one step (accepted automatically); refuses an exam the department does not allow', async () => {
    const setting = await leader({
      method: 'PUT',
      url: `/api/booking/departments/${f.dept}/setting`,
      payload: { directBookingExamCodes: ['SSC0AA'], directBookingDueDays: 7 },
    });
    expect(setting.statusCode).toBe(200);
    const r = await f.referral({ status: 'submitted', examCode: 'SSC0AA' });
    const mine = await referrer({ url: '/api/booking/direct' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().map((x: { id: string }) => x.id)).toEqual([r.id]);
    const options = await referrer({ url: `/api/booking/direct/${r.id}` });
    expect(options.statusCode).toBe(200);
    expect(options.json().allowed).toBe(true);
    const slot = options.json().slots[0];
    const res = await referrer({
      method: 'POST',
      url: `/api/booking/direct/${r.id}`,
      payload: { version: 1, modalityId: slot.modalityId, date: slot.date, start: slot.start },
    });
    expect(res.statusCode).toBe(201);
    const row = await referralRow(r.id);
    expect(row.status).toBe('scheduled');
    expect(row.assessed_at).not.toBeNull();
    const history = await t.db.kysely.selectFrom('referral_event').selectAll().where('referral_id', '=', r.id).orderBy('id').execute();
    expect(history.map((e) => [e.kind, e.from_status, e.to_status, e.actor_role])).toEqual([
      ['accepted', 'submitted', 'accepted', 'referrer'],
      ['scheduled', 'accepted', 'scheduled', 'referrer'],
    ]);
    expect((await referrer({ url: '/api/booking/direct' })).json()).toEqual([]);
    const knee = await f.referral({ status: 'submitted', examCode: 'SNG0AA' });
    expect((await referrer({ url: `/api/booking/direct/${knee.id}` })).json().allowed).toBe(false);
    const refused = await referrer({
      method: 'POST',
      url: `/api/booking/direct/${knee.id}`,
      payload: { version: 1, modalityId: f.dx, date: day, start: '09:00' },
    });
    expect(refused.statusCode).toBe(403);
    expect((await referralRow(knee.id)).status).toBe('submitted');
  });
});

describe('the day view', () => {
  it("shows a machine's booked steps and open hours, with one access-log row", async () => {
    const res = await secretary({ url: `/api/booking/machines/${f.mr}/day?date=${day}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.open).toEqual([{ start: '07:30', end: '15:30' }]);
    expect(body.steps.length).toBeGreaterThan(0);
    expect(body.steps.map((s: { start: string }) => s.start)).toEqual([...body.steps.map((s: { start: string }) => s.start)].sort());
    const log = await t.db.kysely.selectFrom('access_log').selectAll().where('context', '=', 'booking-day').execute();
    expect(log).toHaveLength(1);
    expect((await otherSecretary({ url: `/api/booking/machines/${f.mr}/day?date=${day}` })).statusCode).toBe(403);
  });
});

// breakit18 (outside tester): in English the booking pages named exams in bokmål although the
// catalogue has English names (exam_code.name_en).
describe('exam names in the user language', () => {
  it('the queue, a referral and the day view name exams in English for an English user, in bokmål otherwise', async () => {
    const r = await f.referral({ examCode: 'SSC0AA', dueDate: addDays(day, 3) });
    const nameIn = async () => {
      const q = (await secretary({ url: '/api/booking/queue?limit=200' })).json().items as { id: string; examCode: string; examName: string }[];
      const one = (await secretary({ url: `/api/booking/referrals/${r.id}?from=${day}&count=1` })).json();
      const steps = (await secretary({ url: `/api/booking/machines/${f.mr}/day?date=${day}` })).json().steps as { examName: string }[];
      return { queue: q.find((i) => i.id === r.id)!.examName, referral: one.referral.examName as string, day: steps.map((s) => s.examName) };
    };
    const nb = await nameIn();
    expect(nb.queue).toBe('Røntgen toraks');
    expect(nb.referral).toBe('Røntgen toraks');
    expect((await secretary({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'en' } })).statusCode).toBe(200);
    try {
      const en = await nameIn();
      expect(en.queue).toBe('Chest X-ray');
      expect(en.referral).toBe('Chest X-ray');
      expect(en.day.length).toBeGreaterThan(0);
      for (const n of en.day) expect(['MRI knee', 'CT thorax', 'Chest X-ray', 'X-ray knee']).toContain(n);
    } finally {
      await secretary({ method: 'PUT', url: '/api/auth/me/locale', payload: { locale: 'nb' } });
    }
  });
});
