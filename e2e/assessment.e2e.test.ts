// End to end: a radiologist opens the vetting inbox in Chromium, moves through the list with the
// keyboard (j / arrow keys, visible focus), opens a referral with Enter, reads it and accepts it
// with a priority and a due date. Then the inbox and the referral on a 390-px phone: nothing
// wider than the screen. Screenshots go to e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { deadlineBounds } from '../src/server/assessment/deadline.ts';
import type { DB } from '../src/server/db/schema.ts';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../src/server/testing/factories.ts';

let w: BrowserWorld;
let db: Kysely<DB>;
let browser: TestBrowser;
const ids: Record<string, string> = {};

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
  const today = deadlineBounds(new Date()).today;
  const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const specs: [string, string, number, string][] = [
    ['Astrid Overdue', 'Meniskskade? Låsninger i høyre kne etter vridning.', -4, 'SNG0AG'],
    ['Bjarne Snart', 'Prolaps? Utstrålende smerter til venstre ben i 8 uker.', 1, 'SNA0GG'],
    ['Cathrine Senere', 'Ny type hodepine siste 3 uker.', 9, 'SAA0AD'],
  ];
  for (const [name, question, due, exam] of specs) {
    const [given, family] = name.split(' ');
    const p = await createPatient(db, { name: [given, family], birthDate: '1961-05-05' });
    const id = await createReferral(db, { patientId: p.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept, examCode: exam });
    await db
      .updateTable('referral')
      .set({ clinical_question: question, assessment_due_date: day(due) })
      .where('id', '=', id)
      .execute();
    ids[given] = id;
  }
  await w.serve();
  ({ browser } = w);
});

afterAll(async () => {
  await w?.close();
});

const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > 391);

describe('vetting inbox in the browser', () => {
  it('lets a radiologist open a referral with the keyboard and accept it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await w.logIn(page, 'e2e.radiolog');
    await page.getByRole('link', { name: 'Vurdering' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Henvisninger til vurdering' }).waitFor();
    await page.getByText('3 henvisninger').waitFor();
    // Earliest deadline first, in words.
    const rows = page.locator('tr.asm-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(0).innerText()).toMatch(/virkedager over fristen[\s\S]*Astrid Overdue/);
    expect(await rows.nth(1).innerText()).toMatch(/(virkedag igjen|Frist i dag)[\s\S]*Bjarne Snart/);
    await page.screenshot({ path: path.join(SHOTS, 'assessment-inbox-1280.png'), fullPage: true });

    // Keyboard: the keys the page names work from where the page leaves the focus (its heading):
    // / goes to the search, and j from outside the list lands on its first row (was: only after
    // tabbing through the menu and every filter). Then j moves down, k up, the arrow key down again, Enter opens.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await page.getByRole('heading', { level: 1, name: 'Henvisninger til vurdering' }).click();
    await page.keyboard.press('j');
    await expect.poll(() => focusedLabel(page)).toContain('Astrid Overdue');
    await page.keyboard.press('j');
    await expect.poll(() => focusedLabel(page)).toContain('Bjarne Snart');
    await page.keyboard.press('k');
    await expect.poll(() => focusedLabel(page)).toContain('Astrid Overdue');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedLabel(page)).toContain('Bjarne Snart');
    // The focus is visible: an outline on the focused row.
    const outline = await rows.nth(1).evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    await page.screenshot({ path: path.join(SHOTS, 'assessment-inbox-focus-1280.png') });
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Bjarne Snart' }).waitFor();
    expect(page.url()).toContain('/inbox/');
    await page.getByText('Prolaps? Utstrålende smerter til venstre ben i 8 uker.').waitFor();
    // No internal ids, codes or status names on the page.
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(ids['Bjarne']);
    expect(text).not.toMatch(/\bsubmitted\b|SNA0GG/);
    await page.screenshot({ path: path.join(SHOTS, 'assessment-referral-1280.png'), fullPage: true });

    // Accepting before choosing a priority says so under each field in Norwegian (was the schema
    // validator's English: must match pattern "^[a-z0-9_]{1,40}$"), and changes nothing.
    await page.getByRole('button', { name: 'Godta', exact: true }).click();
    await page.getByText('Noen opplysninger er ikke gyldige.').waitFor();
    expect(await page.getByText('Må fylles ut').count()).toBe(2);
    expect(await page.locator('main').innerText()).not.toMatch(/\bmust\b|pattern|format "date"/);
    expect((await db.selectFrom('referral').select('status').where('id', '=', ids['Bjarne']).executeTakeFirstOrThrow()).status).toBe('submitted');

    // One modality entry per kind, in words: plain X-ray (CR and DX) once, as "Røntgen".
    const modalities = await page.getByLabel('Modalitet').locator('option').allInnerTexts();
    expect(modalities.filter((m) => m.startsWith('Røntgen'))).toEqual(['Røntgen']);
    expect(new Set(modalities).size).toBe(modalities.length);
    await page.getByLabel('Prioritet').selectOption({ label: 'Innen 6 uker' });
    // The suggested due date shows in the Aksel date field as a Norwegian date (dd.mm.åååå), not
    // the browser's own date input in the browser's language.
    const due = await page.getByLabel('Undersøkelsen bør gjøres innen').inputValue();
    expect(due).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(await page.locator('main input[type=date]').count()).toBe(0);
    await page.getByLabel('Protokoll').fill('MR LS-columna standard');
    await page.getByRole('button', { name: 'Godta', exact: true }).click();
    await page.getByText('Henvisningen er godtatt.').waitFor();
    // The form is gone once accepted: focus goes to the confirmation, not to <body> (ux27).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Henvisningen er godtatt.');
    const row = await db
      .selectFrom('referral')
      .select(['status', 'priority_category', 'protocol', 'exam_due_date'])
      .where('id', '=', ids['Bjarne'])
      .executeTakeFirstOrThrow();
    const [dd, mm, yyyy] = due.split('.');
    expect(row).toEqual({ status: 'accepted', priority_category: 'within_weeks', protocol: 'MR LS-columna standard', exam_due_date: `${yyyy}-${mm}-${dd}` });
    // flow29: the decision itself is on the page, not only "Godtatt" in the history — the priority in
    // words, the due date, protocol, modality in words, who assessed in which role, and that no time is booked yet.
    const summary = page.getByTestId('acceptance-summary');
    await summary.waitFor();
    const decided = await summary.innerText();
    expect(decided).toContain('Innen 6 uker');
    expect(decided).toContain(`${Number(dd)}. `);
    expect(decided).toContain('MR LS-columna standard');
    expect(decided).toContain('Rolf Radiolog (Radiolog)');
    expect(decided).toContain('Ikke satt opp til time ennå');
    expect(decided).not.toMatch(/within_weeks|radiologist/);
    await page.screenshot({ path: path.join(SHOTS, 'assessment-accepted-1280.png'), fullPage: true });

    // Back in the inbox it is gone.
    await page.getByRole('link', { name: 'Tilbake til innboksen' }).first().click();
    await page.getByText('2 henvisninger').waitFor();
    await page.close();
  });

  it('fits a 390-px phone', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await w.logIn(page, 'e2e.radiolog', { at: '/inbox' });
    await page.getByRole('button', { name: 'Meny', exact: true }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Henvisninger til vurdering' }).waitFor();
    await page.locator('tr.asm-row').first().waitFor();
    expect(await overflows(page)).toBe(false);
    // Each referral is a card (no sideways scrolling), and the phone says so (the keyboard help does not show).
    expect(await page.locator('.asm-inbox').evaluate((t) => t.scrollWidth > t.clientWidth)).toBe(false);
    expect(await page.getByText(/Hver henvisning er et kort/).isVisible()).toBe(true);
    // The cards keep the rows' keys: j moves to the next card.
    await page.locator('tr.asm-row').first().focus();
    await page.keyboard.press('j');
    expect(
      await page
        .locator('tr.asm-row')
        .nth(1)
        .evaluate((r) => r === document.activeElement),
    ).toBe(true);
    expect(await page.getByText(/Tastatur: j\/k/).isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'assessment-inbox-390.png'), fullPage: true });
    await w.visit(page, `/inbox/${encodeURIComponent(ids['Cathrine'])}`);
    await page.getByRole('heading', { level: 1, name: 'Cathrine Senere' }).waitFor();
    expect(await overflows(page)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'assessment-referral-390.png'), fullPage: true });
    await page.close();
  });
});
