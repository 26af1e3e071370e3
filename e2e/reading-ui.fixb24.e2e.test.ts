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
let leader = '';
let examId = '';

beforeAll(async () => {
  w = await openBrowserWorld();
  const reg = await createReadingRegion(w.db);
  await createReadingList(w.db, { name: 'Alle undersøkelser', owner: reg.deptA });
  reader = (await createReader(w.db, { org: reg.deptA, role: 'radiologist' })).username;
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
});
