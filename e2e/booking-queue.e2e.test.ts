// End to end: the booking queue ("Venter på time") on a 390-px phone and with the keyboard — more
// referrals than fit on a page: a count and paging, the overdue one first, a search by
// fødselsnummer, a filter by priority, j/k and Enter to open a referral's free times, / to search.
// Screenshots go to e2e/screenshots/ (not in git).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { bookingFixture } from '../src/server/booking/booking.fixture.ts';
import { addDays, osloWallClock } from '../src/server/booking/slots.ts';
import { createPatient } from '../src/server/testing/factories.ts';

let w: BrowserWorld;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let findMe: { fnr: string };

beforeAll(async () => {
  w = await openBrowserWorld();
  f = await bookingFixture(w.db);
  const today = osloWallClock(new Date()).date;
  // 30 waiting (more than a page of 25), one overdue, one on the cancer pathway for a named patient.
  for (let i = 0; i < 28; i++) await f.referral({ priority: 'within_weeks', dueDate: addDays(today, 20 + i) });
  await f.referral({ priority: 'within_days', dueDate: addDays(today, -2) });
  const p = await createPatient(w.db, { name: ['Åse', 'Bjørnstad'] });
  findMe = await w.db.selectFrom('patient').select('fnr').where('id', '=', p.id).executeTakeFirstOrThrow();
  await f.referral({ examCode: 'SSC0AD', priority: 'cancer_pathway', dueDate: addDays(today, 9), patientId: p.id });
  await w.serve();
});

afterAll(async () => {
  await w?.close();
});

describe('booking queue', () => {
  it('on a phone: a page of 25 with the count, the overdue first, search, a filter, paging, and the keyboard', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await w.logIn(page, f.secretary.username, { at: '/booking' });
    await page.getByText('30 henvisninger venter på time').waitFor();
    expect(await page.locator('.booking-card').count()).toBe(25);
    const first = page.locator('.booking-card').first();
    await first.getByText('Over fristen').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'booking-queue-phone.png'), fullPage: false });

    // The next page holds the other 5; the address keeps the page.
    await page.getByRole('button', { name: /Neste/ }).click();
    await page.waitForURL(/page=2/);
    await page.waitForFunction(() => document.querySelectorAll('.booking-card').length === 5);

    // / goes to the search; a fødselsnummer finds the one patient.
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await page.keyboard.type(findMe.fnr);
    await page.keyboard.press('Enter');
    await page.getByText('1 henvisning venter på time').waitFor();
    await page.locator('.booking-card').first().getByText('Åse Bjørnstad').waitFor();
    expect(page.url()).not.toMatch(/page=/);
    await page.getByRole('button', { name: 'Nullstill filtre' }).click();
    await page.getByText('30 henvisninger venter på time').waitFor();

    // Filter by priority, in the department's words.
    await page.getByLabel('Prioritet').selectOption({ label: 'Pakkeforløp kreft' });
    await page.getByText('1 henvisning venter på time').waitFor();
    await page.getByRole('button', { name: 'Nullstill filtre' }).click();
    await page.getByText('30 henvisninger venter på time').waitFor();
    await page.close();
  });

  it('with the keyboard: j/k move between cards, Enter shows the free times', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await w.logIn(page, f.secretary.username, { at: '/booking' });
    await page.getByText('30 henvisninger venter på time').waitFor();
    // From where the page leaves the focus (its heading), as on the vetting inbox.
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('j');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('aria-label') ?? '');
    const firstLabel = await focused();
    expect(firstLabel).toMatch(/, Røntgen|, MR kne|, CT toraks/);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const third = await focused();
    await page.keyboard.press('k');
    expect(await focused()).not.toBe(third);
    await page.keyboard.press('j');
    expect(await focused()).toBe(third);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ledige timer' }).waitFor();
    const open = page.locator('.booking-card').nth(2);
    await open.getByRole('button', { name: 'Lukk' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'booking-queue-keyboard.png'), fullPage: false });
    await page.close();
  });
});
