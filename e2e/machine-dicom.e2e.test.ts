// End to end: the department leader sets a machine's DICOM character set on the booking page's
// machine cards (Åpningstider) with the keyboard only, sees it saved, and the machine reads its
// worklist in Latin-1 from then on (migration 0185). Screenshots at 1366 and 390 px go to
// e2e/screenshots/ (not in git); at 390 px nothing is wider than the screen.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { bookingFixture } from '../src/server/booking/booking.fixture.ts';

let w: BrowserWorld;
let f: Awaited<ReturnType<typeof bookingFixture>>;

beforeAll(async () => {
  w = await openBrowserWorld();
  f = await bookingFixture(w.db);
  await w.serve();
});

afterAll(async () => {
  await w?.close();
});

async function openHours(page: Page, username: string) {
  await w.logIn(page, username, { at: '/booking' });
  await page.getByText(/venter på time/).waitFor();
  await page.getByRole('tab', { name: 'Åpningstider' }).click();
  await page
    .getByText(/timer åpent per uke/)
    .first()
    .waitFor();
}

const charsetOf = async () =>
  (await w.db.selectFrom('modality').select('dicom_character_set').where('id', '=', f.ct).executeTakeFirstOrThrow()).dicom_character_set;

describe("a machine's DICOM character set on the booking page", () => {
  it('the leader changes it by keyboard and it is saved', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await openHours(page, f.leader.username);
    const card = page.locator('.booking-card').filter({ hasText: 'CT 1 Testby' });
    const select = card.getByLabel('Tegnsett i arbeidslisten (DICOM)');
    await select.waitFor();
    expect(await select.inputValue()).toBe('ISO_IR 192');
    await card.getByText(/^AE-tittel: CT/).waitFor();
    await select.focus();
    await page.keyboard.press('ArrowDown');
    expect(await select.inputValue()).toBe('ISO_IR 100');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Lagre tegnsett');
    await page.keyboard.press('Enter');
    await page.getByText('Tegnsettet for CT 1 Testby er lagret.').waitFor();
    expect(await charsetOf()).toBe('ISO_IR 100');
    expect(await select.inputValue()).toBe('ISO_IR 100');
    await page.screenshot({ path: path.join(SHOTS, 'machine-dicom-1366.png'), fullPage: true });
    await page.close();
  });

  it('a secretary sees the setting but cannot change it; the page fits a phone', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openHours(page, f.secretary.username);
    const card = page.locator('.booking-card').filter({ hasText: 'CT 1 Testby' });
    await card.getByText('Tegnsett i arbeidslisten: Latin-1 (ISO_IR 100), for eldre maskiner').waitFor();
    expect(await card.getByLabel('Tegnsett i arbeidslisten (DICOM)').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'machine-dicom-390-secretary.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('the leader’s form fits a phone', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openHours(page, f.leader.username);
    await page.locator('.booking-card').filter({ hasText: 'CT 1 Testby' }).getByLabel('Tegnsett i arbeidslisten (DICOM)').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'machine-dicom-390.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });
});
