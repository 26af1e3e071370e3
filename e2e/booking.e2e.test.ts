// End to end: a secretary books an accepted referral in Chromium — opens the booking page, sees
// the referral with its priority and due date in words, opens the free times, books the first,
// gets the letter links, and finds the booking in the machine's day plan. Then the page on a
// 390-px phone: nothing is wider than the screen. Screenshots go to e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { bookingFixture, futureWorkingDay } from '../src/server/booking/booking.fixture.ts';
import { addDays, osloWallClock } from '../src/server/booking/slots.ts';
import { scheduleProcedureStep } from '../src/server/scheduling/schedule.ts';
import { startPerformedStep, updatePerformedStepStatus } from '../src/server/scheduling/performed.ts';
import { newDicomUid } from '../src/server/scheduling/uid.ts';
import { as, login } from '../src/server/testing/harness.ts';
import { TEST_PASSWORD } from '../src/server/testing/factories.ts';

let app: FastifyInstance;
let w: BrowserWorld;
let browser: TestBrowser;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let referralId: string;

beforeAll(async () => {
  w = await openBrowserWorld();
  f = await bookingFixture(w.db);
  const today = osloWallClock(new Date()).date;
  referralId = (await f.referral({ examCode: 'SSC0AD', priority: 'cancer_pathway', dueDate: addDays(today, 7) })).id;
  await f.referral({ priority: 'within_weeks', dueDate: addDays(today, 40) });
  // Direct booking of a chest X-ray is allowed; the GP has one waiting.
  await w.db
    .insertInto('department_booking_setting')
    .values({ department_org_id: f.dept, direct_booking_exam_codes: ['SSC0AA'] })
    .execute();
  await f.referral({ status: 'submitted', examCode: 'SSC0AA' });
  // Machine names in a directory often carry the site's name, as the demo's do ("CT 1 Haukeland
  // universitetssjukehus"): the confirmation names the site once.
  await w.db.updateTable('modality').set({ name: 'CT 1 Testby sjukehus' }).where('id', '=', f.ct).execute();
  await w.db.updateTable('modality').set({ name: 'Lab 1 Testby sjukehus' }).where('id', '=', f.dx).execute();
  await w.serve();
  ({ app, browser } = w);
});

afterAll(async () => {
  await w?.close();
});

/**
 * The secretary's one page for the file, logged in in the first test and carried on to the stopped
 * exam's test (a new browser context, full load and login form cost Chromium more than the checks).
 */
let secretaryPage: Page;

describe('booking page', () => {
  it('a secretary books an accepted referral with the keyboard-usable controls and sees it in the day plan', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    secretaryPage = page;
    await w.logIn(page, f.secretary.username);
    await page.getByRole('link', { name: 'Timebestilling' }).first().click();
    await page.getByText('2 henvisninger venter på time').waitFor();
    // Priority in words, first in the list; no internal codes.
    const first = page.locator('.booking-card').first();
    await first.getByText('Pakkeforløp kreft').waitFor();
    await first.getByText('CT toraks').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('cancer_pathway');
    await first.getByRole('button', { name: 'Finn time' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ledige timer' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'booking-slots.png'), fullPage: true });
    const slot = first.getByRole('button', { name: /^Bestill CT toraks/ }).first();
    const label = (await slot.getAttribute('aria-label')) ?? '';
    await slot.click();
    await page.getByText(/Timen er bestilt/).waitFor();
    const booked = await page.getByText(/Timen er bestilt/).innerText();
    expect(booked).toMatch(/, CT 1, Testby sjukehus\.$/);
    // The time's button is gone once booked: focus goes to the confirmation, not to <body> (ux27).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Timen er bestilt');
    expect(booked.split('Testby sjukehus')).toHaveLength(2);
    await page.getByRole('link', { name: 'Skriv ut innkalling (nynorsk)' }).waitFor();
    await page.getByText('1 henvisning venter på time').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'booking-booked.png'), fullPage: true });

    // The day plan of the CT shows the booking.
    const step = await app.db.kysely
      .selectFrom('scheduled_procedure_step as s')
      .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
      .select(['s.modality_id', 's.start_date', 's.start_time'])
      .where('rp.referral_id', '=', referralId)
      .executeTakeFirstOrThrow();
    expect(label).toContain(step.start_time.slice(0, 5));
    await page.getByRole('tab', { name: 'Dagsplan' }).click();
    await page.getByLabel('Maskin').selectOption(step.modality_id);
    await page.getByLabel('Dato').first().fill(step.start_date.split('-').reverse().join('.'));
    await page.getByLabel('Dato').first().press('Enter');
    await page.getByText(new RegExp(`${step.start_time.slice(0, 5)}–\\d\\d:\\d\\d Kari Nordmann`)).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'booking-day.png'), fullPage: true });
  });

  it('a GP books a chest X-ray directly', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await w.logIn(page, f.referrer.username, { at: '/direct-booking' });
    await page.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // logged in (the phone's page menu)
    await page.getByText('Røntgen toraks – Radiologisk avdeling').waitFor();
    await page.getByRole('button', { name: 'Finn time' }).click();
    await page
      .getByRole('button', { name: /^Bestill Røntgen toraks/ })
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'direct-booking-phone.png'), fullPage: true });
    await page
      .getByRole('button', { name: /^Bestill Røntgen toraks/ })
      .first()
      .click();
    await page.getByText(/Timen er bestilt/).waitFor();
    const booked = await page.getByText(/Timen er bestilt/).innerText();
    expect(booked).toMatch(/, Lab 1, Testby sjukehus\.$/);
    expect(booked.split('Testby sjukehus')).toHaveLength(2);
    await page.getByText('Du har ingen henvisninger du kan bestille time til selv.').waitFor();
    await page.close();
  });

  it('an exam stopped at the scanner (MPPS DISCONTINUED) is back in the queue, marked with the reason, and is booked again', async () => {
    // Booked on the MR, started and discontinued by the MR through the MPPS functions the DICOM
    // listener calls (the DIMSE transport itself: src/server/interop/dicom/mpps.discontinued.test.ts).
    const r = await f.referral({ priority: 'within_weeks' });
    const step = await scheduleProcedureStep(w.db, { referralId: r.id, modalityId: f.mr, startDate: futureWorkingDay(9), startTime: '09:00' });
    const door = { aeTitle: step.stationAeTitle, client: null };
    const uid = newDicomUid();
    const scheduled = [{ accessionNumber: step.accessionNumber, studyInstanceUid: step.studyInstanceUid, spsId: step.spsId }];
    await startPerformedStep(w.db, door, { sopInstanceUid: uid, scheduled, startedAt: new Date(Date.now() - 600_000), attributes: {} });
    await updatePerformedStepStatus(w.db, door, {
      sopInstanceUid: uid,
      status: 'discontinued',
      endedAt: new Date(Date.now() - 300_000),
      discontinuationReason: 'DCM 110515 Patient condition prevented continuing',
      discontinuationCode: { scheme: 'DCM', value: '110515', meaning: 'Patient condition prevented continuing' },
      attributes: {},
    });

    // The secretary's page from the first test: to the start page (in-app), then the booking link,
    // so the booking page mounts and loads the queue anew.
    const page = secretaryPage;
    await w.visit(page, '/');
    await page.getByRole('heading', { level: 1, name: /^Velkommen, / }).waitFor();
    await page.getByRole('link', { name: 'Timebestilling' }).first().click();
    const card = page.locator('.booking-card', { hasText: 'Avbrutt på laben' });
    await card.getByText(/^Avbrutt på laben \d\d\.\d\d\.\d{4}, \d\d:\d\d – trenger ny time$/).waitFor();
    // PS3.16 CID 9300 110515 in the secretary's bokmål (interop/dicom/discontinuation-reasons.ts).
    await card.getByText('Årsak meldt fra maskinen: Pasientens tilstand hindret videre undersøkelse').waitFor();
    expect(await card.innerText()).not.toMatch(/110515|DCM|discontinued/);
    await page.screenshot({ path: path.join(SHOTS, 'booking-stopped-at-modality.png'), fullPage: true });
    await card.getByRole('button', { name: 'Finn time' }).click();
    await card
      .getByRole('button', { name: /^Bestill MR kne/ })
      .first()
      .click();
    await page.getByText(/Timen er bestilt/).waitFor();
    await page.locator('.booking-card', { hasText: 'Avbrutt på laben' }).waitFor({ state: 'detached' });
    const status = await w.db.selectFrom('referral').select('status').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(status.status).toBe('scheduled');
  });

  it('a booked exam the GP withdrew: the secretary sees the alert on the referral’s page, acknowledges it with the keyboard, and it goes', async () => {
    // Booked on the MR, then withdrawn by the GP through the app's API (the GP's page: referral.e2e).
    const r = await f.referral({ priority: 'within_weeks' });
    await scheduleProcedureStep(w.db, { referralId: r.id, modalityId: f.mr, startDate: futureWorkingDay(11), startTime: '10:00' });
    const { version } = await w.db.selectFrom('referral').select('version').where('id', '=', r.id).executeTakeFirstOrThrow();
    const gp = as(app, await login(app, f.referrer.username, TEST_PASSWORD));
    const withdrawn = await gp({ method: 'POST', url: `/api/referrals/${r.id}/withdraw`, payload: { version, text: 'Pasienten er frisk' } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);

    // The secretary's page from the first test, in-app to the department's page for the referral.
    const page = secretaryPage;
    await w.visit(page, `/inbox/${r.id}`);
    const alert = page.locator('.ntf-alert', { hasText: 'Bestilt undersøkelse trukket tilbake' });
    await alert.getByText('Henviserens begrunnelse: «Pasienten er frisk»').waitFor();
    await alert.getByText(/^Timen .* på MR 1 Testby er frigjort/).waitFor();
    await alert.getByRole('button', { name: 'Kvitter ut' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Varselet er kvittert ut.').waitFor();
    await alert.waitFor({ state: 'detached' });
    // The keyboard's focus is on the notice, and the referral's history has the acknowledgement.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Varselet er kvittert ut.');
    await page.getByText(/Avdelingen har kvittert for varselet om at den bestilte timen ble trukket tilbake/).waitFor();
    const ack = await w.db.selectFrom('department_alert').select('acknowledged_at').where('referral_id', '=', r.id).executeTakeFirstOrThrow();
    expect(ack.acknowledged_at).not.toBeNull();
  });

  it('fits a phone screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await w.logIn(page, f.leader.username, { at: '/booking' });
    await page.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // logged in (the phone's page menu)
    await page.getByText(/venter på time/).waitFor();
    await page.getByRole('tab', { name: 'Åpningstider' }).click();
    await page
      .getByText(/timer åpent per uke/)
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'booking-phone-hours.png'), fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(390);
    await page.close();
  });
});
