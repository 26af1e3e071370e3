// End to end: a radiologist opens the reading worklist in Chromium on a 1366-px laptop, takes the
// next exam by keyboard alone (Tab to "Neste undersøkelse", Enter), which opens its report page with
// the same priority and AI finding as the list, confirms the finding there, and pressing N again
// opens the same case without claiming another (read27). Nothing is wider than the
// screen. Screenshots go to e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import type { DB } from '../src/server/db/schema.ts';
import { createReader, createReadingList, createReadingRegion, performExam } from '../src/server/testing/reading.ts';

let w: BrowserWorld;
let db: Kysely<DB>;
let browser: TestBrowser;
let username = '';
let acute = '';
let reg: Awaited<ReturnType<typeof createReadingRegion>>;
// The radiologist's page, logged in once and carried from test to test (resized and navigated
// in-app): a new browser context, a full page load and the login form for each visit cost Chromium
// more than the checks themselves (issue 7).
let page: Page;

beforeAll(async () => {
  w = await openBrowserWorld();
  db = w.db;
  reg = await createReadingRegion(db);
  await createReadingList(db, { name: 'Alle undersøkelser', owner: reg.deptA });
  const r = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  username = r.username;
  const hour = 3_600_000;
  await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG', performedAt: new Date(Date.now() - 3 * hour) });
  await performExam(db, reg, { dept: reg.deptA, code: 'SEA0AA', performedAt: new Date(Date.now() - 2 * hour) });
  const a = await performExam(db, reg, { dept: reg.deptA, code: 'SAA0AD', performedAt: new Date(Date.now() - 0.5 * hour) });
  acute = a.examId;
  await db
    .insertInto('api_client')
    .values({ id: 'ai-e2e', name: 'KI', organization_id: reg.rhf, token_hash: 'x'.repeat(64), scopes: ['reading.ai'] })
    .execute();
  await db
    .insertInto('ai_finding')
    .values({ id: 'aif-e2e', exam_id: acute, client_id: 'ai-e2e', code: 'intracranial_haemorrhage', confidence: 0.92, resource: '{}' })
    .execute();
  await db.updateTable('reading_case').set({ ai_flag: true, priority: 'acute', priority_rank: 0 }).where('exam_id', '=', acute).execute();
  await w.serve();
  ({ browser } = w);
});

afterAll(async () => {
  await w?.close();
});

describe('reading worklist in the browser', () => {
  it('takes the next exam by keyboard alone, opens it and confirms its AI finding there, on a 1366-px screen', async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await w.logIn(page, username, { at: '/reading' });
    await page.getByRole('link', { name: 'Beskrivelse' }).first().waitFor();
    await page.getByRole('heading', { level: 1, name: 'Undersøkelser som venter på beskrivelse' }).waitFor();
    await page.getByText('3 undersøkelser venter').waitFor();
    const rows = page.locator('.reading-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    // Most urgent first, in words, with the AI finding.
    expect(await rows.nth(0).innerText()).toMatch(/Øyeblikkelig hjelp[\s\S]*CT caput[\s\S]*Mulig hjerneblødning/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth > 1366)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'reading-worklist-1366.png'), fullPage: true });

    // Keyboard only: Tab until "Neste undersøkelse" has the focus, then Enter: the case is claimed and opened.
    const next = page.getByRole('button', { name: 'Neste undersøkelse' });
    for (let i = 0; i < 40 && !(await next.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await next.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/reading/exams/${acute}`);
    await page.getByRole('heading', { level: 1, name: /CT caput/ }).waitFor();
    // The report page says what the worklist said: the priority and the AI finding (read27).
    await page.getByText('Prioritet for beskrivelse: Øyeblikkelig hjelp').waitFor();
    await page.getByText(/Mulig hjerneblødning \(92 % sikkerhet\)/).waitFor();
    const claimed = await db.selectFrom('reading_case').select('claimed_by').where('exam_id', '=', acute).executeTakeFirstOrThrow();
    expect(claimed.claimed_by).not.toBeNull();
    // Confirm the finding by keyboard: focus the button, Enter.
    const confirm = page.getByRole('button', { name: 'Bekreft funn' });
    await confirm.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Bekreftet').waitFor();
    expect((await db.selectFrom('ai_finding').select('verdict').where('id', '=', 'aif-e2e').executeTakeFirstOrThrow()).verdict).toBe('confirmed');
    await page.screenshot({ path: path.join(SHOTS, 'reading-opened-1366.png'), fullPage: true });

    // Back on the list, N (and a quick double N) opens the same case again and claims nothing more.
    await page.getByRole('link', { name: /Til arbeidslisten/ }).click();
    await page.getByRole('button', { name: 'Neste undersøkelse' }).waitFor();
    await page.getByText('3 undersøkelser venter').waitFor();
    await page.locator('body').press('n');
    await page.locator('body').press('n');
    await page.waitForURL(`**/reading/exams/${acute}`);
    const held = await db.selectFrom('reading_case').select('exam_id').where('claimed_by', '=', claimed.claimed_by).where('open', '=', true).execute();
    expect(held.map((h) => h.exam_id)).toEqual([acute]);
  });

  it('warns before a deadline is breached, in the list row, the case row and above the list; shows turnaround per list', async () => {
    const hour = 3_600_000;
    // A routine exam performed 71 hours ago: 1 hour left of its 72 — within the 2-hour warning.
    const late = await performExam(db, reg, { dept: reg.deptA, code: 'SEA0AA', performedAt: new Date(Date.now() - 71 * hour) });
    // A LIS report signed 2 h after its exam and countersigned 6 h after that (times as the report flow stamps them).
    const done = await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG', performedAt: new Date(Date.now() - 30 * hour) });
    await db
      .updateTable('reading_case')
      .set({
        open: false,
        closed_at: new Date(Date.now() - 28 * hour),
        preliminary_at: new Date(Date.now() - 28 * hour),
        final_at: new Date(Date.now() - 22 * hour),
      })
      .where('exam_id', '=', done.examId)
      .execute();
    // The page from the test above (on the acute exam's report page), the worklist opened anew in-app.
    await w.visit(page, '/reading');
    await page.getByRole('link', { name: 'Beskrivelse' }).first().waitFor();
    await page.getByRole('heading', { level: 2, name: 'Svartid per liste' }).waitFor();
    // Above the list: how many are near and past the deadline.
    await page.getByText('I listene du ser: 0 over fristen, 1 nær fristen.').waitFor();
    // The list row: one near the deadline; the countersigned report's times (2,0 t to preliminary, 6,0 t to final).
    const listRow = page.locator('.reading-turnaround-table tbody tr', { hasText: 'Alle undersøkelser' });
    const cells = listRow.locator('td');
    expect(await cells.nth(1).innerText()).toBe('1');
    expect(await cells.nth(3).innerText()).toMatch(/^2,0 t/);
    expect(await cells.nth(4).innerText()).toMatch(/^6,0 t/);
    expect(await cells.nth(5).innerText()).toMatch(/^8,0 t/);
    await page.getByText('Nær fristen: høyst 2 timer eller 25 % av tiden til fristen er igjen, det som er kortest.').waitFor();
    // The case row: "Fristen nærmer seg" with the time left.
    const caseRow = page.locator('.reading-table tbody tr', { hasText: 'Fristen nærmer seg' });
    await expect.poll(() => caseRow.count()).toBe(1);
    expect(await caseRow.innerText()).toMatch(/Røntgen thorax[\s\S]*Fristen nærmer seg: (5[89]|60) min igjen/);
    // The period is chosen by keyboard: focus the select, pick "Siste døgn" — the countersigned report (22 h ago) is still in it.
    await page.getByLabel('Periode').selectOption('1');
    await page.getByText(/Det som venter nå, og tidene for beskrivelser signert/).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth > 1366)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'reading-turnaround-1366.png'), fullPage: true });
    // Past the deadline: the exam's deadline moves into the past; the live list shows it after a reload.
    await db
      .updateTable('reading_case')
      .set({ due_at: new Date(Date.now() - 5 * 60_000) })
      .where('exam_id', '=', late.examId)
      .execute();
    await page.reload();
    await page.getByText('I listene du ser: 1 over fristen, 0 nær fristen.').waitFor();
    expect(await page.locator('.reading-table tbody tr', { hasText: 'Fristen er passert' }).count()).toBe(1);

    // flow29: on a 390-px phone the turnaround table is one card per list (as the case list), not a
    // table that scrolls sideways; each line names itself.
    // The same page resized to the phone, the worklist opened anew in-app (via the start page, as
    // the router does not mount the path it is on again) so it is drawn at 390 px.
    const phone = page;
    await phone.setViewportSize({ width: 390, height: 844 });
    await w.visit(phone, '/');
    await phone.getByRole('heading', { level: 1, name: /^Velkommen, / }).waitFor();
    await w.visit(phone, '/reading');
    await phone.getByRole('heading', { level: 2, name: 'Svartid per liste' }).waitFor();
    const card = phone.locator('.reading-turnaround-table tbody tr', { hasText: 'Alle undersøkelser' });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/Alle undersøkelser[\s\S]*2,0 t/);
    // Each line names itself (app.css: a cell's data-label before its value; generated text is not in innerText).
    expect(await card.locator('td').evaluateAll((tds) => tds.map((td) => [getComputedStyle(td).display, td.getAttribute('data-label')]).slice(0, 3))).toEqual([
      ['block', 'Venter'],
      ['block', 'Nær fristen'],
      ['block', 'Over fristen'],
    ]);
    const widths = await phone
      .locator('.reading-turnaround-table')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, page: document.documentElement.scrollWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.page).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(SHOTS, 'reading-turnaround-390.png'), fullPage: true });
  });
});
