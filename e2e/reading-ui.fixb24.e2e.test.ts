// fixb24 (outside tester, small UI items): the worklist's "Ta" buttons have an accessible name that
// names the exam (never an internal id), and the department leader's readers table is usable on a
// 390-px phone (each reader a card; nothing wider than the screen). Screenshot:
// e2e/screenshots/reading-leader-390.png (not in git).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { createUser } from '../src/server/testing/factories.ts';
import { createReader, createReadingList, createReadingRegion, performExam } from '../src/server/testing/reading.ts';

let w: BrowserWorld;
let reader = '';
let readerPersonId = '';
let leader = '';
let examId = '';

beforeAll(async () => {
  w = await openBrowserWorld();
  const reg = await createReadingRegion(w.db);
  await createReadingList(w.db, { name: 'Alle undersøkelser', owner: reg.deptA });
  const r = await createReader(w.db, { org: reg.deptA, role: 'radiologist' });
  reader = r.username;
  readerPersonId = r.personId;
  await createReader(w.db, { org: reg.deptA, role: 'lis' });
  leader = (await createUser(w.db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] })).username;
  examId = (await performExam(w.db, reg, { dept: reg.deptA, code: 'SAA0AD' })).examId;
  await w.serve();
});
afterAll(async () => w?.close());

describe('reading UI details (fixb24)', () => {
  it("a claim button's accessible name names the exam, not its id", async () => {
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await w.logIn(page, reader, { at: '/reading' });
    await page.getByRole('link', { name: 'Beskrivelse' }).first().waitFor();
    const take = page.getByRole('button', { name: /^Ta CT caput, .*, frist / });
    await take.first().waitFor();
    const name = await take.first().getAttribute('aria-label');
    expect(name).not.toContain(examId);
    await page.close();
  });

  it("the leader's readers table fits a 390-px phone, each reader a card with labelled lines", async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await w.logIn(page, leader, { at: '/reading/leder' });
    const rows = page.locator('.rl-readers tbody tr');
    // Wait for the second reader's row (the page's generous timeout: expect.poll gives up after 1 s).
    await rows.nth(1).waitFor();
    const edit = page.getByRole('button', { name: /^(Endre|Lag profil|Opprett).*: / }).first();
    await edit.waitFor();
    const box = (await edit.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(390);
    const table = await page.locator('.rl-table-wrap').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    await page.screenshot({ path: path.join(SHOTS, 'reading-leader-390.png'), fullPage: true });
    await page.close();
  });

  it('the leader releases a reader’s claim by keyboard: the field asks why it is taken from them, has the focus, Esc gives it back, Enter sends', async () => {
    const now = new Date();
    await w.db
      .updateTable('reading_case')
      .set({ claimed_by: readerPersonId, claimed_at: now, claim_expires_at: new Date(now.getTime() + 3_600_000) })
      .where('exam_id', '=', examId)
      .execute();
    const holder = await w.db.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', readerPersonId).executeTakeFirstOrThrow();
    const name = `${holder.given_name} ${holder.family_name}`;
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await w.logIn(page, leader, { at: '/reading' });
    const release = page.getByRole('button', { name: `Frigi saken ${name} har tatt` });
    await release.focus();
    await page.keyboard.press('Enter');
    const field = page.getByLabel(`Hvorfor tar du saken fra ${name}?`);
    await expect.poll(() => field.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => release.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Leseren er syk i dag');
    await page.keyboard.press('Enter');
    await page.getByText('Saken er flyttet.').waitFor();
    const c = await w.db.selectFrom('reading_case').select('claimed_by').where('exam_id', '=', examId).executeTakeFirstOrThrow();
    expect(c.claimed_by).toBeNull();
    await page.close();
  });
});
