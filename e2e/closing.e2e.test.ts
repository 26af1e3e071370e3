// End to end: ending a referral without an exam. A radiologist closes one from the department's
// referral page through the confirmation dialog, by keyboard only (reason chosen with the arrow
// keys, sent with Enter); the GP then sees on their own page that and why it was closed. The GP
// withdraws another referral on a 390-px phone (nothing wider than the screen), and the
// department's history names the withdrawal. Screenshots go to e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import type { DB } from '../src/server/db/schema.ts';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../src/server/testing/factories.ts';

let w: BrowserWorld;
let db: Kysely<DB>;
let browser: TestBrowser;
const ids: Record<string, string> = {};
// One page per user for the whole file, logged in once and carried from test to test (resized and
// navigated in-app to the next referral or list): a new browser context, a full load and the login
// form for each visit cost Chromium more than the checks themselves (issue 7).
let radiologPage: Page;
let gpPage: Page;

beforeAll(async () => {
  w = await openBrowserWorld();
  db = w.db;
  await loadReferenceData(db);
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen' });
  const site = await createOrganization(db, { kind: 'site', name: 'Haukeland universitetssjukehus', parentId: hf });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling', parentId: site });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Fjellsiden legesenter' });
  const gp = await createUser(db, {
    username: 'e2e.gp',
    referrerKind: 'gp',
    name: ['Gro', 'Fastlege'],
    grants: [{ role: 'referrer', organizationId: practice }],
  });
  await createUser(db, { username: 'e2e.radiolog', name: ['Rolf', 'Radiolog'], grants: [{ role: 'radiologist', organizationId: dept }] });
  for (const [given, family] of [
    ['Astrid', 'Avsluttes'],
    ['Bjarne', 'Trekkes'],
    ['Cecilie', 'Listetrekk'],
  ]) {
    const p = await createPatient(db, { name: [given, family], birthDate: '1961-05-05' });
    const id = await createReferral(db, { patientId: p.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept, examCode: 'SNG0AG' });
    await db.insertInto('referral_event').values({ referral_id: id, kind: 'submitted', from_status: null, to_status: 'submitted' }).execute();
    ids[given] = id;
  }
  await w.serve();
  ({ browser } = w);
});

afterAll(async () => {
  await w?.close();
});

describe('ending a referral without an exam in the browser', () => {
  it('the radiologist closes a referral with the keyboard; the GP sees that and why', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    radiologPage = page;
    await w.logIn(page, 'e2e.radiolog', { at: `/inbox/${encodeURIComponent(ids['Astrid'])}` });
    await page.getByRole('heading', { level: 1, name: 'Astrid Avsluttes' }).waitFor();
    const open = page.getByRole('button', { name: 'Avslutt uten undersøkelse' });
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Avslutt henvisningen uten undersøkelse' });
    await dialog.waitFor();
    // Sending without a reason is refused in the dialog, nothing sent.
    await dialog.getByRole('button', { name: 'Avslutt henvisningen' }).click();
    await dialog.getByText('Må fylles ut', { exact: true }).waitFor();
    // Keyboard: focus the first reason, arrow down to the second, type the details, Enter on the confirm button.
    await dialog.getByRole('radio', { name: 'Pasienten ønsker ikke undersøkelsen' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await dialog.getByRole('radio', { name: 'Ikke lenger indikasjon' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Symptomene er borte');
    await page.screenshot({ path: path.join(SHOTS, 'closing-dialog-1280.png') });
    await dialog.getByRole('button', { name: 'Avslutt henvisningen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Henvisningen er avsluttet uten undersøkelse.').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByText(/Avsluttet av avdelingen uten undersøkelse · Ikke lenger indikasjon · «Symptomene er borte»/).waitFor();
    expect(await page.getByRole('button', { name: 'Avslutt uten undersøkelse' }).count()).toBe(0);

    gpPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await w.logIn(gpPage, 'e2e.gp', { at: `/referrals/${encodeURIComponent(ids['Astrid'])}` });
    await gpPage.getByText('Avdelingen har avsluttet henvisningen uten undersøkelse').waitFor();
    await gpPage.getByText('Begrunnelse: Ikke lenger indikasjon').waitFor();
    await gpPage.getByText('«Symptomene er borte»').waitFor();
    // No codes on the page, and nothing left to withdraw.
    expect(await gpPage.locator('body').innerText()).not.toMatch(/no_longer_indicated|closed_without_exam/);
    expect(await gpPage.getByRole('button', { name: 'Trekk tilbake henvisningen' }).count()).toBe(0);
  });

  it('the GP withdraws a referral on a 390-px phone; the department sees it in the history', async () => {
    // The GP's page from the test before, now a 390-px phone.
    const page = gpPage;
    await page.setViewportSize({ width: 390, height: 844 });
    await w.visit(page, `/referrals/${encodeURIComponent(ids['Bjarne'])}`);
    await page.getByRole('button', { name: 'Trekk tilbake henvisningen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trekk tilbake henvisningen' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth > 391)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'withdraw-dialog-390.png') });
    await dialog.getByLabel('Begrunnelse (valgfritt)').fill('Pasienten er blitt bedre');
    await dialog.getByRole('button', { name: 'Trekk tilbake', exact: true }).click();
    await page.getByText('Henvisningen er trukket tilbake.').waitFor();
    await page.getByText('Henvisningen er trukket tilbake av henviser').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth > 391)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'withdrawn-390.png'), fullPage: true });

    const dept = radiologPage;
    await w.visit(dept, `/inbox/${encodeURIComponent(ids['Bjarne'])}`);
    await dept.getByText(/Trukket tilbake av henviser · «Pasienten er blitt bedre»/).waitFor();
  });

  it('the GP withdraws from the "Mine henvisninger" list, and the list says in words how each ended', async () => {
    // The GP's phone page from the test before.
    const page = gpPage;
    await w.visit(page, '/referrals');
    const button = page.getByRole('button', { name: /^Trekk tilbake henvisningen for Cecilie Listetrekk/ });
    await button.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Trekk tilbake henvisningen' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Trekk tilbake', exact: true }).click();
    await page.getByText('Henvisningen for Cecilie Listetrekk er trukket tilbake.').waitFor();
    const rowOf = (name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
    await rowOf('Cecilie Listetrekk').getByText('Trukket tilbake av henviser').waitFor();
    expect(await rowOf('Cecilie Listetrekk').getByRole('button').count()).toBe(0);
    // Closed by the department in the first test, with its reason.
    await rowOf('Astrid Avsluttes').getByText('Avsluttet av avdelingen uten undersøkelse').waitFor();
    await rowOf('Astrid Avsluttes').getByText('Ikke lenger indikasjon').waitFor();
    expect(await page.locator('table').innerText()).not.toMatch(/cancelled|no_longer_indicated|Avlyst/);
    await page.screenshot({ path: path.join(SHOTS, 'my-referrals-withdrawn-390.png'), fullPage: true });
  });
});
