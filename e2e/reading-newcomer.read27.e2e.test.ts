// read27 (issue 9, what a newcomer found): on a 390-px phone every row action of the worklist (Ta,
// Åpne, Frigi, Gi til) is inside the screen and works from the keyboard; a user who chose English
// sees the list Radvis named in English and a typed list name as typed; the countersign queue shows
// the reading priority, acute first among reports signed at the same time.
// Screenshots: e2e/screenshots/reading-worklist-390.png, reading-worklist-en-1366.png (not in git).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { osloDateTime } from '../src/web/app/oslo-time.ts';
import { createUser } from '../src/server/testing/factories.ts';
import { createReader, createReadingList, createReadingRegion, performExam } from '../src/server/testing/reading.ts';

let w: BrowserWorld;
let leaderReader = '';
let leaderReaderId = '';
let otherPersonId = '';
let supervisor = '';
let lisPersonId = '';
const exams: Record<string, string> = {};

beforeAll(async () => {
  w = await openBrowserWorld();
  const db = w.db;
  const reg = await createReadingRegion(db);
  await createReadingList(db, { name: 'Alle undersøkelser', nameKey: 'all', owner: reg.deptA });
  await createReadingList(db, { name: 'Fjord sine CT-er', owner: reg.deptA, modalities: ['CT'] });
  // A radiologist who also leads the department: sees Ta, Åpne/Frigi on their own case and Frigi/Gi til on another's.
  const lr = await createReader(db, { org: reg.deptA, role: 'radiologist', extraRoles: ['department_leader'] });
  leaderReader = lr.username;
  leaderReaderId = lr.userId;
  otherPersonId = (await createReader(db, { org: reg.deptA, role: 'radiologist' })).personId;
  const hour = 3_600_000;
  exams.free = (await performExam(db, reg, { dept: reg.deptA, code: 'SAA0AD', performedAt: new Date(Date.now() - 2 * hour) })).examId;
  exams.mine = (await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG', performedAt: new Date(Date.now() - 3 * hour) })).examId;
  exams.other = (await performExam(db, reg, { dept: reg.deptA, code: 'SEA0AA', performedAt: new Date(Date.now() - 4 * hour) })).examId;
  const now = new Date();
  const until = new Date(now.getTime() + 4 * hour);
  await db.updateTable('reading_case').set({ claimed_by: lr.personId, claimed_at: now, claim_expires_at: until }).where('exam_id', '=', exams.mine).execute();
  await db
    .updateTable('reading_case')
    .set({ claimed_by: otherPersonId, claimed_at: now, claim_expires_at: until })
    .where('exam_id', '=', exams.other)
    .execute();
  // Countersign queue: a routine and an acute LIS report signed at the same moment (the acute one last by id).
  const lis = await createUser(db, { grants: [{ role: 'lis', organizationId: reg.deptA }] });
  lisPersonId = lis.personId;
  supervisor = (await createUser(db, { grants: [{ role: 'radiologist', organizationId: reg.deptA }] })).username;
  const signedAt = new Date(Date.now() - hour);
  const routine = await performExam(db, reg, { dept: reg.deptA, code: 'SNG0AG', performedAt: new Date(Date.now() - 5 * hour) });
  const acute = await performExam(db, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'emergency', performedAt: new Date(Date.now() - 5 * hour) });
  exams.queueRoutine = routine.examId;
  exams.queueAcute = acute.examId;
  for (const [i, e] of [routine, acute].entries())
    await db
      .insertInto('report')
      .values({
        id: `rep-r27-${i}`,
        exam_id: e.examId,
        template_id: 'general',
        sections: JSON.stringify({ findings: 'Ingen sikre funn.', conclusion: 'Normal.' }),
        status: 'preliminary',
        author_person_id: lisPersonId,
        author_role: 'lis',
        needs_countersign: true,
        finalized_by_person_id: null,
        preliminary_at: signedAt,
        final_at: null,
      })
      .execute();
  await db.updateTable('reading_case').set({ open: false, closed_at: signedAt }).where('exam_id', 'in', [routine.examId, acute.examId]).execute();
  await w.serve();
});
afterAll(async () => w?.close());

/** Every button in the worklist table lies inside the viewport's width (0 … width). */
async function buttonsInside(page: Page, width: number) {
  const boxes = await page.locator('.reading-table button').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { text: (el.textContent ?? '').trim(), left: r.left, right: r.right };
    }),
  );
  return { boxes, outside: boxes.filter((b) => b.left < 0 || b.right > width) };
}

describe('reading worklist for a newcomer (read27)', () => {
  it('on a 390-px phone the row actions are inside the screen and work by keyboard', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await w.logIn(page, leaderReader, { at: '/reading' });
    const rows = page.locator('.reading-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    await page.getByRole('button', { name: /^Ta CT caput/ }).waitFor();
    const { boxes, outside } = await buttonsInside(page, 390);
    // Ta (free case), Åpne + Frigi (own), Frigi + Gi til (another reader's, as leader) … all within 390 px.
    expect(boxes.map((b) => b.text)).toEqual(expect.arrayContaining(['Ta', 'Åpne beskrivelse', 'Frigi', 'Gi til …']));
    expect(outside).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'reading-worklist-390.png'), fullPage: true });
    // Keyboard: focus "Ta", Enter takes the case.
    await page.getByRole('button', { name: /^Ta CT caput/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Din undersøkelse: CT caput' }).waitFor();
    const c = await w.db.selectFrom('reading_case').select('claimed_by').where('exam_id', '=', exams.free).executeTakeFirstOrThrow();
    expect(c.claimed_by).not.toBeNull();
    await page.close();
  });

  it('a user who chose English sees the list Radvis named in English and a typed name as typed', async () => {
    await w.db.updateTable('user_account').set({ locale: 'en' }).where('id', '=', leaderReaderId).execute();
    try {
      const page = await w.browser.newPage({ viewport: { width: 1366, height: 768 } });
      await w.logIn(page, leaderReader, { at: '/reading' });
      await page.getByRole('heading', { level: 1, name: 'Exams waiting to be read' }).waitFor();
      const select = page.getByLabel('Lists', { exact: true });
      await expect.poll(() => select.locator('option').allInnerTexts(), { timeout: 15_000 }).toEqual(['All my lists', 'All exams', 'Fjord sine CT-er']);
      await page.locator('.reading-turnaround-table tbody tr', { hasText: 'All exams' }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'reading-worklist-en-1366.png'), fullPage: true });
      await page.close();
    } finally {
      await w.db.updateTable('user_account').set({ locale: 'nb' }).where('id', '=', leaderReaderId).execute();
    }
  });

  it('the countersign queue shows the reading priority, acute first among reports signed at the same time', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await w.logIn(page, supervisor, { at: '/reporting/countersign' });
    const rows = page.locator('.rep-queue tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/Øyeblikkelig hjelp[\s\S]*CT caput/);
    expect(await rows.nth(1).innerText()).toMatch(/Vanlig[\s\S]*MR kne/);
    await page.close();
  });

  it('the countersign queue shows when each was signed in Norwegian time, whatever the browser’s zone (flow29)', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 768 }, timezoneId: 'America/New_York' });
    await w.logIn(page, supervisor, { at: '/reporting/countersign' });
    const rows = page.locator('.rep-queue tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    const signed = (await w.db.selectFrom('report').select('preliminary_at').where('id', '=', 'rep-r27-0').executeTakeFirstOrThrow()).preliminary_at;
    const iso = new Date(signed ?? 0).toISOString();
    const text = await rows.nth(1).innerText();
    expect(text).toContain(osloDateTime(iso, 'nb'));
    const newYork = new Intl.DateTimeFormat('nb-NO', { timeStyle: 'short', timeZone: 'America/New_York' }).format(new Date(iso));
    expect(text).not.toContain(newYork);
    expect(await page.getByRole('columnheader', { name: 'Signert foreløpig (norsk tid)' }).count()).toBe(1);
    await page.close();
  });
});
