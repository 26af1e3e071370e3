// End to end: a radiologist opens an exam's report page in Chromium at 1366 px, reads the
// referral, writes the report into the template by keyboard (Alt+n to a section, Ctrl+S to save),
// finalizes it, and adds an addendum; the referrer then sees the final report on their referral
// page. Screenshots go to e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import type { DB } from '../src/server/db/schema.ts';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../src/server/testing/factories.ts';
import { createReadingList } from '../src/server/testing/reading.ts';

let w: BrowserWorld;
let db: Kysely<DB>;
let browser: TestBrowser;
let referralId: string;
const examId = 'exam-e2e-report';

beforeAll(async () => {
  w = await openBrowserWorld();
  db = w.db;
  await loadReferenceData(db);
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen' });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling', parentId: hf });
  await createReadingList(db, { name: 'Alle undersøkelser', owner: dept });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Fjellsiden legesenter' });
  const gp = await createUser(db, {
    username: 'e2e.gp',
    referrerKind: 'gp',
    name: ['Gro', 'Fastlege'],
    grants: [{ role: 'referrer', organizationId: practice }],
  });
  await createUser(db, { username: 'e2e.radiolog', name: ['Rolf', 'Radiolog'], grants: [{ role: 'radiologist', organizationId: dept }] });
  const p = await createPatient(db, { name: ['Astrid', 'Kneskade'], birthDate: '1961-05-05' });
  // An earlier exam with a final report (history).
  const earlier = await createReferral(db, {
    patientId: p.id,
    referrerPersonId: gp.personId,
    referrerOrgId: practice,
    departmentOrgId: dept,
    examCode: 'SNG0AG',
  });
  await db
    .insertInto('exam')
    .values({
      id: 'exam-e2e-earlier',
      referral_id: earlier,
      exam_code: 'SNG0AG',
      modality_id: null,
      performing_org_id: dept,
      patient_area_id: null,
      performed_at: new Date('2024-03-01T10:00:00Z'),
      reported_at: null,
    })
    .execute();
  referralId = await createReferral(db, { patientId: p.id, referrerPersonId: gp.personId, referrerOrgId: practice, departmentOrgId: dept, examCode: 'SNG0AG' });
  await db
    .updateTable('referral')
    .set({ clinical_question: 'Meniskskade? Låsninger i høyre kne etter vridning.', status: 'performed' })
    .where('id', '=', referralId)
    .execute();
  await db
    .insertInto('exam')
    .values({
      id: examId,
      referral_id: referralId,
      exam_code: 'SNG0AG',
      modality_id: null,
      performing_org_id: dept,
      patient_area_id: null,
      performed_at: new Date(),
      reported_at: null,
    })
    .execute();
  await w.serve();
  ({ browser } = w);
});

afterAll(async () => {
  await w?.close();
});

describe('report page in the browser', () => {
  it('lets a radiologist write and finalize a report by keyboard; the referrer reads it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(page, 'e2e.radiolog', { at: `/reading/exams/${examId}` });
    await page.getByRole('heading', { name: 'Beskrivelse: MR kne' }).waitFor();
    await expect.poll(() => page.getByText('Meniskskade? Låsninger i høyre kne etter vridning.').count()).toBeGreaterThan(0);
    // No internal ids or codes on the page.
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(examId);
    expect(text).not.toContain('SNG0AG');

    // Alt+4 goes to the 4th section (menisci), then type; Ctrl+S saves the draft.
    await page.getByLabel('1. Klinisk problemstilling').focus();
    await page.keyboard.press('Alt+4');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.labels?.[0]?.textContent ?? '')).toContain('Menisker');
    await page.keyboard.type('Horisontal ruptur i bakre horn av mediale menisk.');
    await page.keyboard.press('Control+s');
    await page.getByText('Utkastet er lagret.').waitFor();
    await page.getByLabel(/Øvrige funn/).fill('Lett leddeffusjon.');
    await page.getByLabel(/Konklusjon/).fill('Medial meniskruptur.');
    await page.screenshot({ path: path.join(SHOTS, 'reporting-editor-1366.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.keyboard.press('Control+Enter');
    await page.getByText('Beskrivelsen er endelig. Henviseren er varslet.').waitFor();
    // Signed by the shortcut from a field: focus stays in that field (the person's place), never <body> (ux27;
    // the button's own path is in consult-apply.e2e).
    expect(await page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);
    await page.getByText('Endelig', { exact: true }).first().waitFor();

    // The addendum carries an Idempotency-Key: the first answer is lost on the way back (the server
    // stored it), the reader presses again, the same key goes again and only one addendum is kept.
    const keys: string[] = [];
    await page.route('**/report/addenda', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        await route.fetch();
        await route.abort('failed');
      } else await route.continue();
    });
    await page.getByLabel('Nytt tillegg').fill('Tillegg: også bakerste korsbånd vurdert, intakt.');
    await page.getByRole('button', { name: 'Legg til tillegg' }).click();
    await page.getByText('Fikk ikke kontakt med Radvis. Sjekk nettverket og prøv igjen.').waitFor();
    await page.getByRole('button', { name: 'Legg til tillegg' }).click();
    await page.getByText('Tillegget er lagt til. Henviseren er varslet.').waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    await page.unroute('**/report/addenda');
    await page.screenshot({ path: path.join(SHOTS, 'reporting-final-1366.png'), fullPage: true });
    // A way back to the worklist (the page is no dead end).
    await page.getByRole('link', { name: '← Til arbeidslisten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Undersøkelser som venter på beskrivelse' }).waitFor();

    const row = await db.selectFrom('report').select(['status', 'final_at']).where('exam_id', '=', examId).executeTakeFirstOrThrow();
    expect(row.status).toBe('final');
    expect(row.final_at).not.toBeNull();
    const addenda = await db
      .selectFrom('report_addendum as a')
      .innerJoin('report as r', 'r.id', 'a.report_id')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('r.exam_id', '=', examId)
      .executeTakeFirstOrThrow();
    expect(Number(addenda.n)).toBe(1);
    await page.close();

    const gpPage = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(gpPage, 'e2e.gp', { at: `/referrals/${referralId}` });
    await gpPage.getByRole('heading', { name: 'Svar fra radiologen' }).waitFor();
    // The conclusion once, under its section title inside the report text (as in the PDF).
    await gpPage
      .getByText(/Konklusjon:\s+Medial meniskruptur\./)
      .first()
      .waitFor();
    expect(await gpPage.locator('main').innerText()).not.toMatch(/Konklusjon: Medial meniskruptur/);
    await gpPage.getByText(/også bakerste korsbånd vurdert/).waitFor();
    await gpPage.screenshot({ path: path.join(SHOTS, 'reporting-referrer-1366.png'), fullPage: true });
    await gpPage.close();
  });
});
