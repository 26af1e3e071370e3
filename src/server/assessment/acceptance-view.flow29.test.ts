// flow29 (issue 8 §2, a department's walk): after "Godta" both referral pages said only "Godtatt" in
// the history. The department's page now shows the decision — the priority in words, the exam's due
// date, protocol, modality, site, who assessed (and in which role) and when, the note — and the
// booked time on the machine by its name; the referrer's page what they are to know (priority, due
// date, who assessed and when, where, the booked time), not the department's protocol or note. On the
// real app and database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { createUser } from '../testing/factories.ts';
import { bookingFixture, futureWorkingDay } from '../booking/booking.fixture.ts';
import { addDays, osloWallClock } from '../booking/slots.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let radiologist: ReturnType<typeof as>;
let secretary: ReturnType<typeof as>;
let referrer: ReturnType<typeof as>;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  const rad = await createUser(t.db.kysely, { grants: [{ role: 'radiologist', organizationId: f.dept }], name: ['Rita', 'Radiolog'] });
  radiologist = as(t.app, await login(t.app, rad.username, rad.password));
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  referrer = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
});
afterAll(async () => {
  await t?.close();
});

describe('the decision on the referral pages after acceptance', () => {
  it('the department sees priority, due date, protocol, modality, site, who and when, the note and the booked machine by name', async () => {
    const r = await f.referral({ status: 'submitted' });
    await t.db.kysely.insertInto('referral_event').values({ referral_id: r.id, kind: 'submitted', from_status: null, to_status: 'submitted' }).execute();
    const before = (await radiologist({ url: `/api/assessment/referrals/${r.id}` })).json();
    expect(before.assessment).toBeNull();
    expect(before.appointment).toBeNull();

    const due = addDays(osloWallClock(new Date()).date, 20);
    const accept = await radiologist({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/accept`,
      payload: { version: 1, priorityCategory: 'within_weeks', examDueDate: due, protocol: 'MR kne uten kontrast', modality: 'MR', note: 'Før jul om mulig' },
    });
    expect(accept.statusCode, accept.body).toBe(200);
    const view = (await radiologist({ url: `/api/assessment/referrals/${r.id}` })).json();
    expect(view.assessment).toEqual({
      priority: { nb: 'Innen 6 uker', en: 'Within 6 weeks' },
      examDueDate: due,
      protocol: 'MR kne uten kontrast',
      modality: 'MR',
      siteName: 'Radiologisk avdeling, Testby sjukehus',
      assessedBy: 'Rita Radiolog',
      assessedByRole: 'radiologist',
      assessedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      note: 'Før jul om mulig',
    });
    expect(view.appointment).toBeNull();

    // The referrer's page: the decision they are to know, not the department's protocol or note.
    const status = (await referrer({ url: `/api/referrals/${r.id}/status` })).json();
    expect(status).toMatchObject({
      status: 'accepted',
      priority: { nb: 'Innen 6 uker' },
      examDueDate: due,
      assessedBy: 'Rita Radiolog',
      examSite: 'Radiologisk avdeling, Testby sjukehus',
      appointment: null,
      mayWithdraw: true,
    });
    expect(JSON.stringify(status)).not.toContain('MR kne uten kontrast');
    expect(JSON.stringify(status)).not.toContain('Før jul om mulig');

    // Booked: both pages name the time and the machine as the department calls it, never its AE title.
    const day = futureWorkingDay(5);
    const book = await secretary({
      method: 'POST',
      url: `/api/booking/referrals/${r.id}/book`,
      payload: { version: 2, modalityId: f.mr, date: day, start: '09:00' },
    });
    expect(book.statusCode, book.body).toBe(201);
    const appointment = { date: day, time: '09:00', machineName: 'MR 1 Testby', siteName: 'Testby sjukehus', started: false };
    const booked = (await radiologist({ url: `/api/assessment/referrals/${r.id}` })).json();
    expect(booked.appointment).toEqual(appointment);
    expect(booked.assessment.priority.nb).toBe('Innen 6 uker');
    const ae = (await t.db.kysely.selectFrom('modality').select('ae_title').where('id', '=', f.mr).executeTakeFirstOrThrow()).ae_title;
    expect(JSON.stringify(booked)).not.toContain(ae);
    const referrerBooked = (await referrer({ url: `/api/referrals/${r.id}/status` })).json();
    expect(referrerBooked).toMatchObject({ status: 'scheduled', appointment, mayWithdraw: true });
    expect(JSON.stringify(referrerBooked)).not.toContain(ae);
  });

  it('an acceptance without a chosen modality or site (as the demo history has) shows the exam’s modality and the receiving department', async () => {
    const r = await f.referral();
    const view = (await radiologist({ url: `/api/assessment/referrals/${r.id}` })).json();
    expect(view.assessment).toMatchObject({
      priority: { nb: 'Innen 6 uker' },
      modality: 'MR',
      siteName: 'Radiologisk avdeling, Testby sjukehus',
      protocol: null,
    });
    expect((await referrer({ url: `/api/referrals/${r.id}/status` })).json()).toMatchObject({ examSite: 'Radiologisk avdeling, Testby sjukehus' });
  });

  it('a returned referral has no acceptance to show', async () => {
    const r = await f.referral({ status: 'submitted' });
    const res = await radiologist({
      method: 'POST',
      url: `/api/assessment/referrals/${r.id}/return`,
      payload: { version: 1, reason: 'missing_information', text: 'Mangler sidenangivelse' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await radiologist({ url: `/api/assessment/referrals/${r.id}` })).json().assessment).toBeNull();
    expect((await referrer({ url: `/api/referrals/${r.id}/status` })).json()).toMatchObject({ assessedBy: null, examSite: null, mayWithdraw: false });
  });
});
