// End to end: a GP writes a referral in Chromium as a new user would — finds the patient by name
// and birth date, picks the exam by the words GPs use, sees which advice applies before writing,
// sees the advice update from the free text, tries the suggested alternative and undoes it,
// presses Enter in a field without sending, gives a reason to send against "usually not
// appropriate", and the department sees it. Then the same form on a 390-px phone: the advice
// comes before the Send button and nothing is wider than the screen. Screenshots go to
// e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../src/server/testing/factories.ts';

let w: BrowserWorld;
let browser: TestBrowser;
let base: string;
/** The GP's person, practice and the department (for the referrals the paging test adds). */
let gpPerson: string;
let gpPractice: string;
let department: string;
/**
 * The GP's one page for the form and list tests, logged in once (first test) and carried on: resized
 * and navigated in-app where a test wanted another width or page — a new browser context, a full
 * load and the login form for each cost Chromium more than the checks themselves (issue 7).
 */
let gp: Page;

beforeAll(async () => {
  w = await openBrowserWorld();
  const db = w.db;
  await loadReferenceData(db);
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen' });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling, Haukeland universitetssjukehus', parentId: hf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Fjellsiden legesenter' });
  gpPractice = practice;
  department = dept;
  ({ personId: gpPerson } = await createUser(db, {
    username: 'e2e.fastlege',
    referrerKind: 'gp',
    name: ['Gro', 'Fastlege'],
    grants: [{ role: 'referrer', organizationId: practice }],
  }));
  await createUser(db, { username: 'e2e.rad', name: ['Rolf', 'Radiolog'], grants: [{ role: 'radiologist', organizationId: dept }] });
  // Not on the GP's list: found by name + birth date, as by fødselsnummer.
  await createPatient(db, { birthDate: '1966-03-10', sex: 'F', name: ['Kari', 'Knesen'] });
  await createPatient(db, { birthDate: '1966-03-10', sex: 'M', name: ['Per', 'Hansen'] });
  await createPatient(db, { birthDate: '1972-11-02', sex: 'M', name: ['Karl', 'Knesen'] });
  await w.serve();
  ({ base, browser } = w);
});

afterAll(async () => {
  await w?.close();
});

/** The patient search, as a GP without the number at hand uses it. */
async function findKari(page: Page) {
  await page.getByLabel('Fødselsnummer eller navn').fill('Kari Knesen');
  await page.getByLabel('Fødselsnummer eller navn').press('Enter');
  // Name only searches the GP's own patients: Kari is not one of them until the GP has sent her a
  // referral (the first test does), so the search either asks for the birth date or finds her.
  const hint = page.getByText(/Legg til fødselsdato/);
  const found = page.getByText(/født 10\.03\.1966/);
  await Promise.race([hint.waitFor(), found.waitFor()]);
  if (await hint.isVisible()) {
    await page.getByLabel('Fødselsdato').fill('10.03.1966');
    await page.getByLabel('Fødselsdato').press('Enter');
  }
  await page.getByText('Kari Knesen').first().waitFor();
  await page.getByText(/født 10\.03\.1966/).waitFor();
}

async function pickExam(page: Page, words: string, option: RegExp) {
  const box = page.getByRole('combobox', { name: /Undersøkelse/ });
  await box.fill(words);
  await page.getByRole('option', { name: option }).first().click();
}

/**
 * Shows the app path `to` afresh in `page` (in-app): first `via` until its level-1 heading
 * `viaHeading` shows, so `to` mounts anew (its form or list state reset, its data loaded again).
 */
async function reopen(page: Page, to: string, via: string, viaHeading: string) {
  await w.visit(page, via);
  await page.getByRole('heading', { level: 1, name: viaHeading, exact: true }).waitFor();
  await w.visit(page, to);
}

/** True when the page is wider than 390 px (something overflows sideways on a phone). */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > 391);

describe('referral with advice in the browser', () => {
  it('answers the questions from what the note says: a motor deficit is a red flag, not "Ikke oppgitt" (ux27)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    gp = page;
    await w.logIn(page, 'e2e.fastlege', { at: '/referrals/new' });
    await findKari(page);
    await pickExam(page, 'MR korsrygg', /^MR lumbosakralcolumna/);
    await page.getByLabel(/Sykehistorie/).fill('Smerter i korsrygg med utstråling til venstre ben i 3 uker. Nedsatt kraft ved dorsalfleksjon venstre fot.');
    const redFlags = page.getByRole('radiogroup', { name: /Foreligger røde flagg/ });
    await redFlags.waitFor();
    // The note's answer is the one chosen, and the form says where it came from.
    await expect.poll(() => redFlags.getByRole('radio', { name: 'Ja' }).isChecked()).toBe(true);
    expect(await redFlags.getByRole('radio', { name: 'Ikke oppgitt' }).isChecked()).toBe(false);
    await redFlags.getByText('Fra teksten: Ja').waitFor();
    // The score in words, with its scale (not a bare "Skår 8 av 9").
    await page
      .locator('aside')
      .getByText(/^Egnethet \d av 9: hvor godt undersøkelsen passer/)
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'referral-red-flags-from-note-1280.png'), fullPage: true });
    // The referrer's own answer wins over the note.
    await redFlags.getByRole('radio', { name: 'Nei' }).check();
    await expect.poll(() => redFlags.getByRole('radio', { name: 'Nei' }).isChecked()).toBe(true);
    expect(await redFlags.getByText('Fra teksten: Ja').count()).toBe(0);
  });

  it('takes a GP from finding the patient by name to a sent referral, with the advice in view', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/referrals') posted.push(r.url());
    });
    await w.logIn(page, 'e2e.fastlege');
    await page.getByRole('link', { name: 'Ny henvisning' }).first().click();
    await findKari(page);

    // "CT hode" finds CT caput; before any text the form says which advice may apply.
    await pickExam(page, 'CT hode', /CT caput/);
    await page.getByText('Henvisningsråd for undersøkelsen').first().waitFor();
    expect(await page.getByRole('link', { name: 'CT caput ved lett hodeskade hos voksne' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Bildediagnostikk ved hodepine' }).count()).toBeGreaterThan(0);
    // A head injury with headache afterwards is the head-injury advice, not the headache one.
    await page.getByLabel(/Sykehistorie/).fill('Falt på sykkel og slo hodet i går, hodepine etterpå.');
    await page.locator('aside').getByText('Gjelder:').waitFor();
    expect(await page.locator('aside').getByRole('link', { name: 'CT caput ved lett hodeskade hos voksne' }).isVisible()).toBe(true);
    expect(await page.locator('aside').getByRole('link', { name: 'Bildediagnostikk ved hodepine' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'referral-head-injury-1280.png'), fullPage: true });

    // The knee: found by the body-part word; the advice suggests an X-ray first.
    await pickExam(page, 'MR kne', /^MR kne/);
    await page.getByRole('link', { name: /kne/i }).first().waitFor();
    await page.getByLabel(/Sykehistorie/).fill('Gradvis økende smerter i venstre kne i 3 måneder, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg.');
    await page.getByText('Vanligvis ikke egnet').first().waitFor();
    // Weeks read from months are shown rounded, never as 13.04.
    await page
      .getByText(/ca\. 13 uker/)
      .first()
      .waitFor();
    expect(await page.getByText(/13[.,]04/).count()).toBe(0);

    // Enter in a one-line field does not send.
    await page.getByLabel('Klinisk problemstilling').fill('Artrose?');
    await page.getByLabel('Klinisk problemstilling').press('Enter');
    await page.getByLabel('Begrunnelse').selectOption('clinical-judgement');
    await page.getByLabel('Klinisk problemstilling').press('Enter');
    expect(posted).toEqual([]);
    await page.getByLabel('Begrunnelse').selectOption('');

    // The suggested alternative visibly replaces the exam, and can be undone.
    await page.getByRole('button', { name: 'Bytt til Røntgen kne' }).click();
    await page.getByText('Undersøkelsen er byttet fra MR kne til Røntgen kne').waitFor();
    expect(await page.getByRole('combobox', { name: /Undersøkelse/ }).inputValue()).toMatch(/^Røntgen kne/);
    await page.screenshot({ path: path.join(SHOTS, 'referral-alternative-1280.png'), fullPage: true });
    await page.getByRole('button', { name: 'Angre, tilbake til MR kne' }).click();
    await page.waitForFunction(() => (document.querySelector('input[role="combobox"]') as HTMLInputElement | null)?.value.startsWith('MR kne'));
    // The advice for MR kne again (not the X-ray's still on screen), and no refresh under way.
    await page.locator('aside').getByRole('link', { name: 'MR kne ved knesmerter' }).waitFor();
    await page.getByText('Oppdaterer råd …').waitFor({ state: 'hidden' });
    await page.getByText('Vanligvis ikke egnet').first().waitFor();
    expect(posted).toEqual([]);

    // Nothing internal on screen: no rule ids, fact ids or formulas.
    const shown = await page.locator('main').innerText();
    expect(shown).not.toMatch(/symptom_duration_weeks|prior_xray|degenerativ-uten-rontgen|\bnot trauma\b|>=|Regelen «/);

    expect(await page.getByRole('button', { name: 'Send henvisning' }).isDisabled()).toBe(true);
    await page.getByLabel('Begrunnelse').selectOption('clinical-judgement');
    // No receiver is preselected: the referrer chooses one before the referral can go.
    expect(await page.getByLabel('Mottaker').inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Send henvisning' }).isDisabled()).toBe(true);
    await page.getByLabel('Mottaker').selectOption({ index: 1 });
    expect(await page.getByRole('button', { name: 'Send henvisning' }).isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'referral-ready-1280.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send henvisning' }).click();
    await page.getByText('Henvisningen er sendt: MR kne').waitFor();
    // The button is disabled once sent: focus goes to the confirmation, not to <body> (ux27).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Henvisningen er sendt: MR kne');
    expect(posted).toHaveLength(1);
    // The same form cannot send twice.
    expect(await page.getByRole('button', { name: 'Send henvisning' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'referral-sent-1280.png'), fullPage: true });
    // Logout sits in the user menu.
    await page.getByRole('button', { name: /^Brukermeny/ }).click();
    await page.getByRole('menuitem', { name: 'Logg ut' }).click();

    await w.logIn(page, 'e2e.rad');
    await page.getByRole('link', { name: 'Vurdering' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Henvisninger til vurdering' }).waitFor();
    await page.getByRole('cell', { name: /Kari Knesen/ }).waitFor();
    await page.close();
  });

  it('puts the advice before the Send button on a 390-px phone, and nothing overflows sideways', async () => {
    // The GP's page from the first test, now a phone, with a fresh form.
    const page = gp;
    await page.setViewportSize({ width: 390, height: 844 });
    await reopen(page, '/referrals/new', '/referrals', 'Mine henvisninger');
    await page.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // the phone's page menu
    await findKari(page);
    await pickExam(page, 'MR korsrygg', /MR lumbosakralcolumna/);
    await page.getByLabel('Klinisk problemstilling').fill('Prolaps?');
    await page.getByLabel(/Sykehistorie/).fill('Korsryggsmerter i 2 uker etter løft. Ingen røde flagg.');
    await page.getByText('Vanligvis ikke egnet').first().waitFor();
    const adviceBox = await page.locator('aside').boundingBox();
    const sendBox = await page.getByRole('button', { name: 'Send henvisning' }).boundingBox();
    const textBox = await page.getByLabel(/Sykehistorie/).boundingBox();
    expect(adviceBox && sendBox && textBox).toBeTruthy();
    expect(adviceBox!.y).toBeGreaterThan(textBox!.y);
    expect(adviceBox!.y + adviceBox!.height).toBeLessThanOrEqual(sendBox!.y);
    expect(await overflows(page)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'referral-390.png'), fullPage: true });
    // Screen-sized pieces, to look at: the top of the form, the advice, and the send area.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'referral-390-top.png') });
    await page.locator('aside').screenshot({ path: path.join(SHOTS, 'referral-390-advice.png') });
    await page.getByRole('button', { name: 'Send henvisning' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'referral-390-send.png') });

    for (const [url, name] of [
      ['/referrals', 'mine-390.png'],
      ['/henvisningsrad/hodeskade', 'guideline-390.png'],
    ]) {
      await page.goto(`${base}${url}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await overflows(page), url).toBe(false);
      await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
    }
  });

  it('shows the public advice pages without login, each rule in words', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/henvisningsrad/korsrygg`);
    await page.getByRole('heading', { level: 1, name: 'Bildediagnostikk ved korsryggsmerter' }).waitFor();
    expect(await page.getByText('Under 6 uker uten røde flagg: bildediagnostikk anbefales ikke').isVisible()).toBe(true);
    await page.getByText('Varighet av symptomer under 6 uker').first().waitFor();
    const shown = await page.locator('main').innerText();
    expect(shown).not.toMatch(/symptom_duration_weeks|red_flags|[<>]=?\s*\d|\bknown\(/);
    expect(shown).toMatch(/MR lumbosakralcolumna/);
    await page.screenshot({ path: path.join(SHOTS, 'guideline-korsrygg-1280.png'), fullPage: true });
    await page.close();
  });

  it("pages through and searches the GP's own referrals on 1366 and 390 px", async () => {
    // 30 older referrals (a day apart), one of them to a patient with a name of her own.
    const start = Date.parse('2023-01-02T09:00:00Z');
    for (let i = 0; i < 30; i++) {
      const p = await createPatient(w.db, { name: i === 17 ? ['Sigrid', 'Sjeldensen'] : ['Liste', 'Pasientsen'] });
      const id = await createReferral(w.db, { patientId: p.id, referrerPersonId: gpPerson, referrerOrgId: gpPractice, departmentOrgId: department });
      await w.db
        .updateTable('referral')
        .set({ submitted_at: new Date(start + i * 86_400_000) })
        .where('id', '=', id)
        .execute();
    }
    for (const [width, height] of [
      [1366, 900],
      [390, 844],
    ]) {
      // The GP's page from the tests before, at this width, the list opened anew (no search, page 1).
      const page = gp;
      await page.setViewportSize({ width, height });
      await reopen(page, '/referrals', '/referrals/new', 'Ny henvisning til bildediagnostikk');
      await page.getByRole('heading', { level: 1, name: 'Mine henvisninger' }).waitFor();
      const count = page.getByText(/^Viser \d+–\d+ av \d+$/);
      await count.waitFor();
      const total = Number(/av (\d+)$/.exec(await count.innerText())![1]);
      expect(total).toBeGreaterThan(30);
      expect(await count.innerText()).toBe(`Viser 1–25 av ${total}`);
      // Newest first: the referral sent in the first test comes before the 2023 ones.
      expect(await page.getByRole('row').nth(1).innerText()).toMatch(/Kari Knesen/);
      await page.getByRole('button', { name: 'Neste side' }).click();
      await page.getByText(`Viser 26–${Math.min(50, total)} av ${total}`).waitFor();
      expect(await page.getByRole('button', { name: 'Forrige side' }).isEnabled()).toBe(true);
      if (width === 390) expect(await overflows(page)).toBe(false);
      await page.screenshot({ path: path.join(SHOTS, `mine-paged-${width}.png`), fullPage: true });
      // Search by name: back to the first page, one referral.
      await page.getByLabel('Navn, fødselsnummer, fødselsdato (ddmmåå) eller henvisningsnummer').fill('sjeldensen');
      await page.getByLabel('Navn, fødselsnummer, fødselsdato (ddmmåå) eller henvisningsnummer').press('Enter');
      await page.getByText('Viser 1–1 av 1').waitFor();
      await page.getByRole('link', { name: /Sigrid Sjeldensen/ }).waitFor();
      expect(await page.getByRole('button', { name: 'Neste side' }).count()).toBe(0);
      // A status nobody has: says so.
      await page.getByLabel('Status', { exact: true }).selectOption('cancelled');
      await page.getByText('Ingen av henvisningene dine passer med søket.').waitFor();
      if (width === 390) expect(await overflows(page)).toBe(false);
      await page.screenshot({ path: path.join(SHOTS, `mine-search-${width}.png`), fullPage: true });
    }
  });
});
