// End to end: the demo task-sharing data (ensureDemoTaskSharing) on a small department, then in
// Chromium a radiologist opens the blind queue, moves with the arrow keys, opens a referral with
// Enter, chooses a category with a number key and saves; the report shows the agreement table and
// the confusion matrix in plain Norwegian; the pages fit a 390-px phone. Screenshots go to
// e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import type { DB } from '../src/server/db/schema.ts';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { ensureDemoTaskSharing } from '../src/server/synthetic/demo-task-sharing.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../src/server/testing/factories.ts';

let w: BrowserWorld;
let db: Kysely<DB>;
let browser: TestBrowser;

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
  await createUser(db, { username: 'radiolog', name: ['Rolf', 'Radiolog'], grants: [{ role: 'radiologist', organizationId: dept }] });
  await createUser(db, {
    username: 'radiograf',
    profession: 'radiographer',
    name: ['Rita', 'Radiograf'],
    grants: [{ role: 'radiographer', organizationId: dept }],
  });
  await createUser(db, {
    username: 'radiograf2',
    profession: 'radiographer',
    name: ['Roar', 'Røntgen'],
    grants: [{ role: 'radiographer', organizationId: dept }],
  });
  const exams = ['SNG0AG', 'SNA0GG', 'SAA0AD'];
  for (let i = 0; i < 70; i++) {
    const p = await createPatient(db, { name: ['Pasient', `Nummer${i}`], birthDate: '1961-05-05' });
    const id = await createReferral(db, {
      patientId: p.id,
      referrerPersonId: gp.personId,
      referrerOrgId: practice,
      departmentOrgId: dept,
      examCode: exams[i % 3],
    });
    await db
      .updateTable('referral')
      .set({ status: 'accepted', clinical_question: 'Meniskskade? Låsninger i høyre kne etter vridning.' })
      .where('id', '=', id)
      .execute();
  }
  await w.serve();
  ({ browser } = w);
});

afterAll(async () => {
  await w?.close();
});

describe('quality of task sharing', () => {
  it('the demo adds completed pairs and waiting samples once, and tops up only what is missing', async () => {
    const first = await ensureDemoTaskSharing(db, new Date());
    expect(first).toEqual({ pairs: 60, waiting: 4 });
    expect(await ensureDemoTaskSharing(db, new Date())).toEqual({ pairs: 0, waiting: 0 });
    const rows = await db.selectFrom('blind_assessment').select(['first_outcome', 'second_outcome']).where('second_outcome', 'is not', null).execute();
    const same = rows.filter((r) => r.first_outcome === r.second_outcome).length;
    // Realistic, imperfect agreement.
    expect(same).toBeGreaterThan(rows.length / 2);
    expect(same).toBeLessThan(rows.length);
  });

  it('a radiologist works the blind queue with the keyboard and reads the report', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await w.logIn(page, 'radiolog');
    await page.getByRole('link', { name: 'Kvalitet i oppgavedeling' }).first().click();
    await page.getByText('4 henvisninger venter på blind vurdering').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'task-sharing-queue-1280.png'), fullPage: true });
    const rows = page.locator('tbody tr');
    await rows.nth(0).focus();
    await page.keyboard.press('ArrowDown');
    const second = await rows.nth(1).innerText();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '')).toBe(second);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Blind vurdering av henvisning/ }).waitFor();
    await page.getByText('Meniskskade? Låsninger i høyre kne etter vridning.').waitFor();
    const text = await page.locator('main').innerText();
    // Blind and plain: no decision, status or codes.
    expect(text).not.toMatch(/accepted|Godtatt|within_|returned|SNG0AG|SNA0GG|SAA0AD/);
    await page.keyboard.press('3');
    expect(await page.getByLabel('3. Innen 14 dager').isChecked()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'task-sharing-blind-1280.png'), fullPage: true });
    await page.getByRole('button', { name: 'Lagre blind vurdering' }).press('Enter');
    await page.getByText('Den blinde vurderingen er lagret.').waitFor();
    expect(
      await db
        .selectFrom('blind_assessment')
        .select('referral_id')
        .where('second_outcome', '=', 'within_days')
        .where('assessed_at', '>', new Date(Date.now() - 600_000))
        .execute(),
    ).toHaveLength(1);

    await page.getByRole('link', { name: 'Tilbake til køen' }).click();
    await page.getByRole('tab', { name: 'Rapport' }).click();
    await page.getByText('Vektet kappa (kvadratisk)').first().waitFor();
    await page.getByText('Radiograf ↓ / radiolog →').waitFor();
    const report = await page.locator('main').innerText();
    expect(report).toContain('Returnert / ikke indisert');
    expect(report).toContain('Rita Radiograf');
    expect(report).not.toMatch(/within_|control_on_date|person-|user-/);
    await page.screenshot({ path: path.join(SHOTS, 'task-sharing-report-1280.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'task-sharing-report-390.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth > 391)).toBe(false);
    await page.close();
  });
});
