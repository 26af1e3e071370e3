// End to end in Chromium, the app as a newcomer meets it: on a 390-px phone the page list is one
// "Meny" button (an Aksel ActionMenu) instead of a row of links wrapping to five lines, and it works
// by keyboard alone (Tab to it, Enter opens, arrows move, Enter opens the page with focus on its
// heading, Escape closes and gives focus back); on a wide screen the link row is there as before.
// Date fields are Aksel DatePickers that show and take dd.mm.åååå, not the browser's own date input
// (which follows the browser's language: "12/01/2025" on an English browser). A GP's own referral
// list names the exam (no NCRP code), shows the day it was sent, and says what to do when it is
// empty. At 390 px the admin's user actions and the department settings' buttons are on screen
// (each table row a card), and a list on its way says "Laster …", not nothing (ux27). Screenshots
// go to e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../src/server/testing/factories.ts';

let w: BrowserWorld;
// One page per user for the file, logged in once and carried from test to test (resized and
// navigated in-app where a test wants another width or page): a new browser context, a full page
// load and the login form for each visit cost Chromium more than the checks themselves (issue 7).
let leaderPage: Page;
let gpPage: Page;

beforeAll(async () => {
  w = await openBrowserWorld();
  const hf = await createOrganization(w.db, { kind: 'hf', name: 'Helse Bergen' });
  const site = await createOrganization(w.db, { kind: 'site', name: 'Haukeland universitetssjukehus', parentId: hf });
  const dept = await createOrganization(w.db, { kind: 'department', name: 'Radiologisk avdeling', parentId: site });
  // The role with the most pages: the one whose menu wrapped the most.
  await createUser(w.db, { username: 'e2e.leder', name: ['Lise', 'Leder'], grants: [{ role: 'department_leader', organizationId: dept }] });
  // ux27: an admin and the department's settings (a redirect rule, an approved radiographer) whose
  // row buttons were behind a sideways scroll at 390 px.
  const admin = await createUser(w.db, { username: 'e2e.admin', name: ['Ada', 'Admin'], grants: [{ role: 'admin', organizationId: hf }] });
  const other = await createOrganization(w.db, { kind: 'department', name: 'Radiologisk avdeling, Voss sjukehus', parentId: hf });
  await w.db
    .insertInto('redirect_rule')
    .values({
      id: 'e2e-rule',
      department_org_id: dept,
      target_org_id: other,
      condition: 'always',
      note: 'Ved lang ventetid hos oss',
      created_by_user_id: admin.userId,
    })
    .execute();
  const radiographer = await createUser(w.db, { name: ['Rita', 'Radiograf'], grants: [{ role: 'radiographer', organizationId: dept }] });
  await w.db
    .insertInto('radiographer_assessment_approval')
    .values({ person_id: radiographer.personId, department_org_id: dept, modality: 'MR', approved_by: 'e2e' })
    .execute();
  // Two GPs: one who has sent a referral, one who has sent none yet.
  const practice = await createOrganization(w.db, { kind: 'gp_practice', name: 'Fjellsiden legesenter' });
  const gp = await createUser(w.db, {
    username: 'e2e.gp',
    referrerKind: 'gp',
    name: ['Gro', 'Fastlege'],
    grants: [{ role: 'referrer', organizationId: practice }],
  });
  await createUser(w.db, { username: 'e2e.gp.ny', referrerKind: 'gp', name: ['Nils', 'Ny'], grants: [{ role: 'referrer', organizationId: practice }] });
  const patient = await createPatient(w.db, { name: ['Kari', 'Knesen'] });
  await createReferral(w.db, { patientId: patient.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept, examCode: 'SNG0AG' });
  await w.serve();
});

afterAll(async () => {
  await w?.close();
});

const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

/** Every button named `name` in <main> lies within the screen's width once scrolled into view (up or down). */
async function buttonsOnScreen(page: Page, name: RegExp): Promise<void> {
  const buttons = page.locator('main').getByRole('button', { name });
  await buttons.first().waitFor();
  const width = page.viewportSize()!.width;
  for (const b of await buttons.all()) {
    await b.scrollIntoViewIfNeeded();
    const box = (await b.boundingBox())!;
    const what = (await b.getAttribute('aria-label')) ?? '';
    expect(box.x, what).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, what).toBeLessThanOrEqual(width);
  }
}

/** Presses `key` (Tab or Shift+Tab) until the focused element's text is `text` (at most `max` presses). */
async function tabTo(page: Page, text: string, key = 'Tab', max = 10): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if ((await focusedText(page)) === text) return;
  }
  throw new Error(`Tab never reached "${text}"`);
}

describe('newcomer walk', () => {
  it('gives a phone one menu button that works by keyboard alone, keeps the header on one line and the keyboard help off the worklist', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    await w.logIn(page, 'e2e.leder');
    await page.getByRole('heading', { level: 1, name: 'Velkommen, Lise Leder' }).waitFor();
    const menuButton = page.getByRole('button', { name: 'Meny', exact: true });
    await menuButton.waitFor();
    // The link row is not shown; the header (title, menu, language, user) is one line and nothing is wider than the screen.
    expect(await page.getByRole('navigation', { name: 'Meny' }).isVisible()).toBe(false);
    const header = await page.locator('header').first().boundingBox();
    expect(header!.height).toBeLessThan(80);
    expect(await overflows(page)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'newcomer-menu-390-closed.png') });

    // Keyboard only: from the page heading (focused after login) Shift+Tab back to the button; Enter
    // opens the menu with focus on its first item.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await tabTo(page, 'Meny', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    expect(await page.getByRole('menuitem').count()).toBeGreaterThan(10);
    expect(await page.getByRole('menuitem', { name: 'Start' }).getAttribute('aria-current')).toBe('page');
    await page.screenshot({ path: path.join(SHOTS, 'newcomer-menu-390-open.png') });
    // Escape closes it and focus returns to the button.
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await expect.poll(() => focusedText(page)).toBe('Meny');

    // Open again, arrow down to a page and open it: the page's heading gets focus.
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    for (let i = 0; i < 20 && (await focusedText(page)) !== 'Tilgangslogg'; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedText(page)).toBe('Tilgangslogg');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tilgangslogg' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    expect(new URL(page.url()).pathname).toBe('/access-log');
    expect(await overflows(page)).toBe(false);

    // The reading worklist keeps its keyboard help off a phone (the 1366-px test below shows it).
    await w.visit(page, '/reading');
    await page.getByRole('heading', { level: 1, name: 'Undersøkelser som venter på beskrivelse' }).waitFor();
    await page.getByRole('button', { name: 'Neste undersøkelse' }).waitFor();
    expect(await page.getByText(/^Tastatur: N tar neste/).isVisible()).toBe(false);
    expect(await overflows(page)).toBe(false);
    leaderPage = page;
  });

  it('keeps the link row on a wide screen, and the keyboard help on the reading worklist', async () => {
    // The leader's page from the test above (left on the reading worklist), widened to 1366 px and
    // taken to the start page in-app; then the worklist mounts anew at this width.
    const page = leaderPage;
    await page.setViewportSize({ width: 1366, height: 768 });
    await w.visit(page, '/');
    await page.getByRole('heading', { level: 1, name: 'Velkommen, Lise Leder' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Meny' });
    await nav.getByRole('link', { name: 'Kapasitet' }).waitFor();
    expect(await page.getByRole('button', { name: 'Meny', exact: true }).isVisible()).toBe(false);
    await w.visit(page, '/reading');
    await page.getByRole('heading', { level: 1, name: 'Undersøkelser som venter på beskrivelse' }).waitFor();
    await page.getByRole('button', { name: 'Neste undersøkelse' }).waitFor();
    expect(await page.getByText(/^Tastatur: N tar neste/).isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);
  });

  it('shows and takes dates as dd.mm.åååå in an Aksel date picker', async () => {
    // The leader's page again, back to a 390-px phone, the report opened in-app (from the worklist).
    const page = leaderPage;
    await page.setViewportSize({ width: 390, height: 844 });
    await w.visit(page, '/oppgavedeling');
    await page.getByRole('heading', { level: 1, name: 'Kvalitet i oppgavedeling' }).waitFor();
    const from = page.getByLabel('Fra', { exact: true });
    await from.waitFor();
    expect(await page.locator('input[type=date]').count()).toBe(0);
    expect(await from.inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    // A typed Norwegian date reaches the report request as the API's ISO date.
    await from.fill('01.02.2026');
    const request = page.waitForRequest((r) => r.url().includes('/api/task-sharing/report?'));
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    expect(new URL((await request).url()).searchParams.get('from')).toBe('2026-02-01');
    // The calendar opens from its button and closes with Escape, focus back on the button.
    await page
      .getByRole('button', { name: /Åpne datovelger/ })
      .first()
      .click();
    await page.getByRole('dialog').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'newcomer-datepicker-390.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await overflows(page)).toBe(false);
  });

  it("lists a GP's referrals by exam name and sending date, and tells a GP with none where to start", async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    gpPage = page;
    await w.logIn(page, 'e2e.gp', { at: '/referrals' });
    await page.getByRole('button', { name: 'Meny', exact: true }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Mine henvisninger' }).waitFor();
    const row = page.getByRole('row', { name: /Kari Knesen/ });
    await row.waitFor();
    // The exam by its name only (no NCRP code), the status in words, the day it was sent. On a
    // phone each cell is a card line whose accessible name starts with its column's name
    // ("Undersøkelse: MR kne", CSS ::before), so the cells are matched by their own text.
    expect(
      await row
        .getByRole('cell')
        .filter({ hasText: /^MR kne$/ })
        .count(),
    ).toBe(1);
    expect(await page.locator('main').innerText()).not.toMatch(/SNG0AG|\bsubmitted\b/);
    await row.getByRole('cell', { name: 'Sendt, venter på vurdering' }).waitFor();
    await page.getByRole('columnheader', { name: 'Sendt', exact: true }).waitFor();
    expect(
      await row
        .getByRole('cell')
        .filter({ hasText: /^\d{2}\.\d{2}\.\d{4}$/ })
        .count(),
    ).toBe(1);
    expect(await overflows(page)).toBe(false);

    const empty = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    await w.logIn(empty, 'e2e.gp.ny', { at: '/referrals' });
    await empty.getByRole('button', { name: 'Meny', exact: true }).waitFor();
    await empty.getByText('Du har ikke sendt noen henvisninger ennå.').waitFor();
    expect(await empty.locator('main table').count()).toBe(0);
    await empty.locator('main').getByRole('link', { name: 'Ny henvisning' }).click();
    await empty.getByRole('heading', { level: 1, name: 'Ny henvisning til bildediagnostikk' }).waitFor();
    await empty.close();
  });

  it("keeps the admin's user actions and the department settings' buttons on a 390-px screen (ux27)", async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    await w.logIn(page, 'e2e.admin', { at: '/admin' });
    await page.getByRole('heading', { level: 1, name: 'Brukere og roller' }).waitFor();
    await buttonsOnScreen(page, /^Endre roller: Lise Leder$/);
    await buttonsOnScreen(page, /^(Endre roller|Nytt passord|Deaktiver): /);
    // Each card line names its column (the header row is hidden on a phone).
    expect(await page.locator('main td[data-label="Brukernavn"]').first().isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'newcomer-admin-390.png'), fullPage: true });
    await page.close();

    // The leader's phone page from the date-picker test, the department settings opened in-app.
    const leader = leaderPage;
    await w.visit(leader, '/avdeling');
    await leader.getByText('Radiologisk avdeling, Voss sjukehus').first().waitFor();
    for (const name of [/^Endre: /, /^Fjern regelen: /, /^Trekk tilbake: Rita Radiograf/]) await buttonsOnScreen(leader, name);
    expect(await overflows(leader)).toBe(false);
    await leader.screenshot({ path: path.join(SHOTS, 'newcomer-department-settings-390.png'), fullPage: true });
  });

  it('says "Laster …" while the advice catalogue is on the way, then the list, and a distinct text when nothing matches (ux27)', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    // The first answer is held until the loading state has been seen: no timing assumed.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    await page.route('**/api/advice-catalogue**', async (route) => {
      if (first) {
        first = false;
        await held;
      }
      await route.continue();
    });
    await page.goto(`${w.base}/henvisningsrad`);
    await page.locator('main [data-loading]').getByRole('status').filter({ hasText: 'Laster …' }).waitFor();
    expect(await page.locator('main article').count()).toBe(0);
    release();
    await page.locator('main [data-loading]').waitFor({ state: 'detached' });
    await page.getByText(/^\d+ råd$/).waitFor();
    expect(await page.locator('main article').count()).toBeGreaterThan(0);
    await page.getByLabel('Søk i rådene').fill('xqzvy');
    await page.getByText('Ingen råd passer søket.').waitFor();
    expect(await page.locator('main article').count()).toBe(0);
    await page.close();
  });

  it('leads back from a page the role may not open and from an unknown address', async () => {
    // The GP's phone page from the referral-list test (on their list), taken to the start page in-app.
    const page = gpPage;
    await w.visit(page, '/');
    await page.getByRole('heading', { level: 1, name: 'Velkommen, Gro Fastlege' }).waitFor();
    for (const [address, heading] of [
      ['/admin', 'Du har ikke tilgang til denne siden.'],
      ['/finnes-ikke', 'Fant ikke siden'],
    ] as const) {
      await w.visit(page, address);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('main').getByRole('link', { name: 'Start' }).click();
      await page.getByRole('heading', { level: 1, name: 'Velkommen, Gro Fastlege' }).waitFor();
    }
  });
});
