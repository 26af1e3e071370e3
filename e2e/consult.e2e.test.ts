// End to end in Chromium: second opinion across trusts. A radiologist in Helse Fjord asks for a
// second opinion from neuroradiology in Helse Vidde from the report page (1366 px); the Vidde
// subspecialist finds it under "Second opinion" on a phone (390 px), reads the exam through the
// request and answers "Uenig" with a proposed addendum by keyboard; the requester sees the answer.
// The leader's page of readers and lists is shown at both widths. Nothing is wider than the screen,
// and no internal id is shown. Screenshots go to e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { createReader, createReadingList, createReadingRegion, performExam, type ReadingRegion } from '../src/server/testing/reading.ts';

let w: BrowserWorld;
let reg: ReadingRegion;
let requester = '';
let consultant = '';
let leader = '';
let examId = '';
let rrPerson = '';
let rrName = '';
const ids: string[] = [];

const noOverflow = (page: Page, width: number) => page.evaluate((wd) => document.documentElement.scrollWidth <= wd, width);

beforeAll(async () => {
  w = await openBrowserWorld();
  const db = w.db;
  reg = await createReadingRegion(db);
  await createReadingList(db, { name: 'Fjord alle', owner: reg.deptA });
  await createReadingList(db, { name: 'Regional nevro', owner: reg.rhf, regional: true, modalities: ['CT', 'MR'] });
  const a = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  const b = await createReader(db, { org: reg.deptB, role: 'radiologist', subspecialties: ['nevroradiologi'] });
  const l = await createReader(db, { org: reg.deptA, role: 'radiologist', extraRoles: ['department_leader'] });
  const rr = await createReader(db, { org: reg.deptA, role: 'reporting_radiographer', solo: ['SEA0AA'] });
  rrPerson = rr.personId;
  const p = await db.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', rr.personId).executeTakeFirstOrThrow();
  rrName = `${p.given_name} ${p.family_name}`;
  requester = a.username;
  consultant = b.username;
  leader = l.username;
  const e = await performExam(db, reg, { dept: reg.deptA, code: 'SAA0AD', urgency: 'urgent' });
  examId = e.examId;
  ids.push(examId, reg.deptA, reg.hfB, a.personId, b.personId);
  await w.serve();
});
afterAll(async () => w?.close());

describe('second opinion in the browser', () => {
  it('is asked on the report page, answered by the subspecialist on a phone, and seen by the requester', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(page, requester, { at: `/reading/exams/${examId}` });
    await page.getByRole('link', { name: 'Beskrivelse' }).first().waitFor();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.locator('.aksel-expansioncard__header-button').first().click();
    await page.getByLabel('Subspesialitet og helseforetak').selectOption({ label: 'nevroradiologi – Helse Vidde' });
    await page.getByLabel('Spørsmålet ditt').fill('Liten blødning frontalt eller artefakt?');
    await page.getByRole('button', { name: 'Send forespørsel' }).click();
    await page.getByText('Forespørselen er sendt.').waitFor();
    expect(await noOverflow(page, 1366)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'consult-request-1366.png'), fullPage: true });
    const row = await w.db
      .selectFrom('consult_request')
      .select(['id', 'status', 'target_subspecialty'])
      .where('exam_id', '=', examId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'open', target_subspecialty: 'nevroradiologi' });

    // The subspecialist, on a phone.
    const phone = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    await w.logIn(phone, consultant, { at: '/reading/consults' });
    await phone.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // logged in (the phone's page menu)
    await phone.getByRole('heading', { level: 1, name: 'Annen vurdering og konsultasjon' }).waitFor();
    await phone.getByRole('link', { name: 'Annen vurdering: CT caput' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Annen vurdering: CT caput' }).waitFor();
    await phone.getByText('Liten blødning frontalt eller artefakt?').waitFor();
    expect(await phone.getByText(/år/).count()).toBeGreaterThan(0); // the patient, through the request
    // Keyboard: type the answer, Tab to the choices, pick with the arrow keys, send with Enter.
    await phone.getByLabel('Svaret ditt').focus();
    await phone.keyboard.type('Artefakt fra bevegelse; ingen blødning.');
    await phone.getByRole('radio', { name: 'Uenig' }).focus();
    await phone.keyboard.press('Space');
    await phone.getByLabel('Forslag til tillegg i beskrivelsen (valgfritt)').focus();
    await phone.keyboard.type('Ingen intrakraniell blødning.');
    await phone.getByRole('button', { name: 'Send svar' }).focus();
    await phone.keyboard.press('Enter');
    await phone.getByText('Svaret er sendt.').waitFor();
    expect(await noOverflow(phone, 390)).toBe(true);
    const text = await phone.locator('main, body').first().innerText();
    for (const id of ids) expect(text).not.toContain(id);
    await phone.screenshot({ path: path.join(SHOTS, 'consult-answer-390.png'), fullPage: true });
    await phone.close();
    expect(await w.db.selectFrom('consult_request').select(['status', 'agreement']).where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({
      status: 'answered',
      agreement: 'disagree',
    });

    // The requester sees the answer.
    await w.visit(page, `/reading/consults/${row.id}`);
    await page.getByRole('heading', { level: 2, name: 'Svar: Uenig' }).waitFor();
    await page.locator('.rc-pre', { hasText: 'Ingen intrakraniell blødning.' }).waitFor();
    // …and is offered to use it in the report (e2e/consult-apply.e2e.test.ts follows that through).
    await page.getByRole('heading', { level: 2, name: 'Bruk svaret i beskrivelsen' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'consult-answered-1366.png'), fullPage: true });
    await page.close();
  });

  it('shows the leader readers and lists in words at 1366 and 390 px', async () => {
    // One page and one login for both widths: at 390 px the same page, resized, opens the leader's
    // page anew (via the worklist, so it mounts and loads again) — a new browser context, a full load
    // and the login form cost Chromium more than the checks themselves (issue 7).
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(page, leader, { at: '/reading/leder' });
    for (const width of [1366, 390]) {
      if (width !== 1366) {
        await page.setViewportSize({ width, height: 900 });
        await w.visit(page, '/reading');
        await page.getByRole('heading', { level: 1, name: 'Undersøkelser som venter på beskrivelse' }).waitFor();
        await w.visit(page, '/reading/leder');
      }
      await page.getByRole('heading', { level: 1, name: 'Lesere og lister' }).waitFor();
      await page.getByText('Beskrivende radiograf').waitFor();
      await page.getByText('Røntgen thorax').waitFor();
      expect(await noOverflow(page, width)).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `reading-leader-readers-${width}.png`), fullPage: true });
      if (width === 1366) {
        // Edit a profile in the dialog: set the reporting radiographer unavailable, save.
        await page.getByRole('button', { name: `Endre: ${rrName}` }).click();
        await page.getByRole('dialog').getByText('Tilgjengelig for nye saker').click();
        await page.getByRole('dialog').getByLabel('Undersøkelsestyper hen kan beskrive alene').waitFor();
        await page.screenshot({ path: path.join(SHOTS, 'reading-leader-profile-dialog-1366.png') });
        await page.getByRole('button', { name: 'Lagre' }).click();
        await page.getByText('Lagret.').waitFor();
        expect((await w.db.selectFrom('reader_profile').select('available').where('person_id', '=', rrPerson).executeTakeFirstOrThrow()).available).toBe(false);
      }
      await page.getByRole('tab', { name: 'Lister' }).click();
      await page.getByRole('heading', { level: 2, name: 'Regional nevro' }).waitFor();
      await page.getByText('Modalitet: CT, MR').waitFor();
      expect(await noOverflow(page, width)).toBe(true);
      const text = await page.locator('body').innerText();
      for (const id of ids) expect(text).not.toContain(id);
      await page.screenshot({ path: path.join(SHOTS, `reading-leader-lists-${width}.png`), fullPage: true });
      if (width === 1366) {
        // Agree a standing hand-over from the leader's department, by keyboard.
        const agree = page.getByRole('button', { name: 'Avtal fast overlevering fra Radiologi Fjord' });
        await agree.focus();
        await page.keyboard.press('Enter');
        await page.getByText('Fast overlevering fra: Radiologi Fjord').waitFor();
      }
    }
    await page.close();
  });
});
