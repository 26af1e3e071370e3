// End to end in Chromium: the department's training plan. A leader makes the plan from the
// packaged Ahus template, imports goal titles (a synthetic two-line CSV), and edits the plan by
// keyboard: changes a period, removes one, adds one — a bad goal list is named as it is typed —
// and saves; the LIS's individual plan follows. Goals show with their titles (or "title to be
// imported"), never as a bare number. The LIS sees the plan without edit buttons, and their own
// record without any approve button. The supervisor moves one period of the LIS's plan for leave
// (keyboard, phone) and the LIS reads why in their plan's history. 1366 and 390 px, bokmål and
// English; nothing is wider than the screen. Screenshots go to e2e/screenshots/ (not in git).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { createUser } from '../src/server/testing/factories.ts';
import { createReader, createReadingRegion, type ReadingRegion } from '../src/server/testing/reading.ts';

let w: BrowserWorld;
let reg: ReadingRegion;
let leader = '';
let editor = '';
let lis = '';
let lisPerson = '';
let specPerson = '';
let spec = '';
// One page per user for the whole file, logged in once and carried from test to test (resized and
// navigated in-app where a test wanted another width or page): a new browser context, a full page
// load and the login form for each visit cost Chromium more than the checks themselves (issue 7).
let leaderPage: Page;
let lisPage: Page;
let specPage: Page;

/**
 * Shows the app path `to` afresh in `page` by in-app navigation: when `page` is there already, first
 * `via` (another app path) until its level-1 heading `viaHeading` shows, so `to` mounts and loads anew.
 */
const reopen = async (page: Page, to: string, via: string, viaHeading: string) => {
  if (new URL(page.url()).pathname === to) {
    await w.visit(page, via);
    await page.getByRole('heading', { level: 1, name: viaHeading, exact: true }).waitFor();
  }
  await w.visit(page, to);
};
const noOverflow = (page: Page, width: number) => page.evaluate((wd) => document.documentElement.scrollWidth <= wd, width);
const rotations = async () =>
  w.db
    .selectFrom('training_rotation as r')
    .innerJoin('training_plan as p', 'p.id', 'r.plan_id')
    .select(['r.seq', 'r.section', 'r.goal_numbers', 'r.removed_at'])
    .where('p.organization_id', '=', reg.deptA)
    .orderBy('r.removed_at', 'desc')
    .orderBy('r.seq')
    .execute();

beforeAll(async () => {
  w = await openBrowserWorld();
  const db = w.db;
  reg = await createReadingRegion(db);
  leader = (await createUser(db, { grants: [{ role: 'department_leader', organizationId: reg.deptA }] })).username;
  editor = (await createUser(db, { grants: [{ role: 'network_editor', organizationId: reg.rhf }] })).username;
  const s = await createReader(db, { org: reg.deptA, role: 'radiologist' });
  specPerson = s.personId;
  spec = s.username;
  const l = await createReader(db, { org: reg.deptA, role: 'lis' });
  lis = l.username;
  lisPerson = l.personId;
  await w.serve();
});
afterAll(async () => w?.close());

describe('the department training plan in the browser', () => {
  it('is given goal titles by the network editor, made from the template and edited by keyboard by the leader', async () => {
    // Goal titles are national content: the network editor (fagredaktør) imports them on their own page.
    const ed = await w.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(ed, editor);
    await ed.getByRole('link', { name: 'Læringsmål' }).first().click();
    await ed.getByRole('heading', { level: 1, name: 'Læringsmål' }).waitFor();
    // Goal titles: a synthetic CSV with a bad line first (named, nothing imported), then a clean one.
    // The file is chosen from disk (its text lands in the field) …
    await ed.getByLabel('Velg en CSV-fil (eller lim inn innholdet under)').setInputFiles({
      name: 'læringsmål.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\uFEFFspecialty,number,title\nnuclear_medicine,abc,X\nnuclear_medicine,5,\u200B\n', 'utf8'),
    });
    await ed.waitForFunction(() => (document.querySelector('textarea')?.value ?? '').includes('nuclear_medicine,abc,X'));
    await ed.getByLabel(/^Kilde/).fill('Testdata');
    await ed.getByRole('button', { name: 'Importer', exact: true }).click();
    await ed.getByText('Filen har feil; ingenting er importert:').waitFor();
    await ed.getByText('Linje 2, kolonne 2: nummeret må være et heltall fra 1 til 999').waitFor();
    // A title of only invisible characters (a zero-width space) is no title.
    await ed.getByText('Linje 3, kolonne 3: tittelen er tom (bare mellomrom eller usynlige tegn)').scrollIntoViewIfNeeded();
    await ed.screenshot({ path: path.join(SHOTS, 'training-import-errors-1366.png') });
    await ed
      .getByLabel('CSV med kolonnene specialty, number, title')
      .fill('specialty,number,title\nnuclear_medicine,1,Testmål én (syntetisk)\nnuclear_medicine,18,Testmål atten (syntetisk)\n');
    await ed.getByRole('button', { name: 'Importer', exact: true }).click();
    await ed.getByText('2 læringsmål er importert.').waitFor();

    await ed.context().close();

    const page = await w.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(page, leader, { at: '/utdanning' });
    await page.getByRole('link', { name: 'Utdanning' }).first().waitFor({ state: 'attached' });
    await page.getByRole('link', { name: 'Avdelingens utdanningsplaner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Utdanningsplaner' }).waitFor();
    await page.getByRole('button', { name: /Lag plan for .* fra Ahus-malen/ }).click();
    await page.getByText('Planen er laget.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Utdanningsplan nukleærmedisin (mal etter Ahus)' }).waitFor();

    // The view: each period's goals with titles, never a bare number.
    await page.locator('summary', { hasText: '31 læringsmål' }).first().click();
    await page.getByText('Læringsmål 1 Testmål én (syntetisk)').first().waitFor();
    await page.getByText('Læringsmål 2 (tittel ikke lagt inn)').first().waitFor();
    expect(await noOverflow(page, 1366)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'training-plan-1366.png'), fullPage: true });

    // A LIS's individual plan made from it (written directly: this page does not make records).
    const planId = (await w.db.selectFrom('training_plan').select('id').where('organization_id', '=', reg.deptA).executeTakeFirstOrThrow()).id;
    await w.db
      .insertInto('training_record')
      .values({ id: 'rec-e2e', person_id: lisPerson, plan_id: planId, organization_id: reg.deptA, supervisor_person_id: specPerson, start_date: '2025-01-06' })
      .execute();

    // Edit by keyboard: change period 1's section, remove period 3, add a period with a bad goal list, fix it, save.
    await page.getByRole('button', { name: 'Endre planen' }).focus();
    await page.keyboard.press('Enter');
    const section1 = page.getByRole('group', { name: 'Periode 1' }).getByLabel('Seksjon');
    await section1.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Nukleærmedisin og PET');
    await page.getByRole('button', { name: 'Fjern periode 3' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Legg til periode' }).focus();
    await page.keyboard.press('Enter');
    const p4 = page.getByRole('group', { name: 'Periode 4' });
    await p4.getByLabel('Fra (år)').focus();
    await page.keyboard.type('3,5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4,5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('AHUS');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Nordbyhagen');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Radiologi');
    await p4.getByLabel('Læringsmål (nummer)').focus();
    await page.keyboard.type('18-40, x');
    await p4.getByText('Ugyldig ved tegn 8: «x»').waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await p4.getByText('Læringsmål 18 Testmål atten (syntetisk)').waitFor({ state: 'attached' });
    expect(await noOverflow(page, 1366)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'training-plan-edit-1366.png'), fullPage: true });
    // Saving without a reason is refused in words; with one it saves.
    await page.getByRole('button', { name: 'Lagre planen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Skriv hvorfor planen endres').waitFor();
    await page.getByLabel('Hvorfor endres planen?').focus();
    await page.keyboard.type('Vedtak i utdanningsutvalget');
    await page.getByRole('button', { name: 'Lagre planen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Planen er lagret. Individuelle planer er oppdatert.').waitFor();

    // The history says who, why and what changed, in words.
    await page.locator('summary', { hasText: 'Endringshistorikk (2 versjoner)' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Begrunnelse: Vedtak i utdanningsutvalget').waitFor();
    await page.getByText(/^Perioden AHUS · Nordbyhagen · BDA\/RAD, 3,5–4,5 år, ble fjernet/).waitFor();
    await page.getByText(/^Ny periode: AHUS · Nordbyhagen · Radiologi, 3,5–4,5 år, med læringsmål 18–40$/).waitFor();

    const rows = await rotations();
    const live = rows.filter((r) => r.removed_at === null);
    expect(live.map((r) => r.section)).toEqual(['Nukleærmedisin og PET', 'BDA/NM', 'NM', 'Radiologi']);
    expect(live[3]!.goal_numbers).toEqual(Array.from({ length: 23 }, (_, i) => 18 + i));
    expect(rows.filter((r) => r.removed_at !== null).map((r) => r.section)).toEqual(['BDA/RAD']);
    const dates = await w.db.selectFrom('training_record_rotation').select('rotation_id').where('record_id', '=', 'rec-e2e').execute();
    expect(dates.length).toBe(4); // every current period has its dates now (the record was written without any)

    // English.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Training plans' }).waitFor();
    await page.getByRole('button', { name: 'Edit the plan' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'training-plan-en-1366.png'), fullPage: true });
    // The language is saved on the user (PUT /api/auth/me/locale): wait for it before the page goes,
    // or the next login of this user may still be in English.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/me/locale') && r.request().method() === 'PUT' && r.ok()),
      page.getByRole('button', { name: /Norsk/ }).click(),
    ]);

    // On a phone: the plan and the editor fit the screen (the same page resized, the plans opened anew).
    const phone = page;
    await phone.setViewportSize({ width: 390, height: 844 });
    await reopen(phone, '/utdanning/planer', '/utdanning', 'Spesialistutdanning (LIS)');
    await phone.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // the phone's page menu
    await phone.getByRole('heading', { level: 1, name: 'Utdanningsplaner' }).waitFor();
    await phone.getByRole('heading', { level: 2, name: 'Utdanningsplan nukleærmedisin (mal etter Ahus)' }).waitFor();
    expect(await noOverflow(phone, 390)).toBe(true);
    await phone.screenshot({ path: path.join(SHOTS, 'training-plan-390.png'), fullPage: true });
    await phone.getByRole('button', { name: 'Endre planen' }).click();
    await phone.getByRole('group', { name: 'Periode 1' }).waitFor();
    expect(await noOverflow(phone, 390)).toBe(true);
    await phone.screenshot({ path: path.join(SHOTS, 'training-plan-edit-390.png'), fullPage: true });
    leaderPage = page;
  });

  it('the LIS sees the plan without edit buttons and their record without any approve button', async () => {
    const phone = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    lisPage = phone;
    await w.logIn(phone, lis, { at: '/utdanning/planer' });
    await phone.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // logged in (the phone's page menu)
    await phone.getByRole('heading', { level: 2, name: 'Utdanningsplan nukleærmedisin (mal etter Ahus)' }).waitFor();
    expect(await phone.getByRole('button', { name: 'Endre planen' }).count()).toBe(0);
    expect(await phone.getByRole('heading', { name: 'Importer læringsmål (CSV)' }).count()).toBe(0);
    await w.visit(phone, '/utdanning/rec-e2e');
    await phone.getByText('Læringsmål 1 Testmål én (syntetisk)').first().waitFor();
    expect(await phone.getByRole('button', { name: 'Godkjenn' }).count()).toBe(0);
    expect(await noOverflow(phone, 390)).toBe(true);
    const text = await phone.locator('body').innerText();
    for (const id of ['rec-e2e', reg.deptA, lisPerson, specPerson]) expect(text).not.toContain(id);
    expect(text).not.toMatch(/(^|\n)\s*\d{1,3}\s*(\n|$)/); // no goal as a bare number on its own line
    await phone.screenshot({ path: path.join(SHOTS, 'training-record-lis-390.png'), fullPage: true });
  });

  it('the supervisor moves one period for leave by keyboard on a phone; the LIS sees why in the history', async () => {
    const page = await w.browser.newPage({ viewport: { width: 390, height: 844 } });
    specPage = page;
    await w.logIn(page, spec, { at: '/utdanning/rec-e2e' });
    await page.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // logged in (the phone's page menu)
    await page.getByRole('button', { name: /^Flytt datoer for AHUS · Nordbyhagen · BDA\/NM, 1–3,5 år$/ }).focus();
    await page.keyboard.press('Enter');
    const end = page.getByLabel('Ny sluttdato (dd.mm.åååå)');
    const [d, m, y] = (await end.inputValue()).split('.');
    await end.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(`${d}.${m}.${Number(y) + 1}`);
    await page.keyboard.press('Tab'); // "also the later periods" (checked)
    await page.keyboard.press('Tab');
    await page.keyboard.type('Foreldrepermisjon');
    await page.getByRole('button', { name: 'Lagre nye datoer' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByText(/^Flyttet for denne LIS-en: Foreldrepermisjon · Avdelingens plan: /)
      .first()
      .waitFor();
    expect(await noOverflow(page, 390)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'training-move-390.png'), fullPage: true });
    const moved = await w.db.selectFrom('training_record_rotation').select('moved_reason').where('record_id', '=', 'rec-e2e').execute();
    expect(moved.filter((r) => r.moved_reason === 'Foreldrepermisjon').length).toBeGreaterThanOrEqual(1);

    // The LIS's page from the test before, showing the record anew (after the move).
    const own = lisPage;
    await reopen(own, '/utdanning/rec-e2e', '/utdanning/planer', 'Utdanningsplaner');
    await own.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // the phone's page menu
    await own.locator('summary', { hasText: /^Endringshistorikk/ }).focus();
    await own.keyboard.press('Enter');
    await own.getByText('Begrunnelse: Foreldrepermisjon').waitFor();
    await own
      .getByText(/^Datoene for AHUS · Nordbyhagen · BDA\/NM ble flyttet: /)
      .first()
      .waitFor();
    expect(await own.getByRole('button', { name: /^Flytt datoer/ }).count()).toBe(0);
    expect(await noOverflow(own, 390)).toBe(true);
    await own.screenshot({ path: path.join(SHOTS, 'training-history-lis-390.png'), fullPage: true });
  });

  it('only a specialist approves competence on the record page; the withdrawal takes the server’s time', async () => {
    // The leader (no specialist grant) sees the competence section without any approve control.
    // The leader's page from the first test, back at 1366 px.
    const lead = leaderPage;
    await lead.setViewportSize({ width: 1366, height: 900 });
    await reopen(lead, '/utdanning/rec-e2e', '/utdanning/planer', 'Utdanningsplaner');
    await lead.getByRole('link', { name: 'Utdanning' }).first().waitFor({ state: 'attached' });
    await lead.getByRole('heading', { name: 'Kompetanse: beskriver uten kontrasignering' }).waitFor();
    expect(await lead.getByRole('button', { name: 'Godkjenn som kompetent' }).count()).toBe(0);
    expect(await lead.getByLabel('Godkjenn en annen undersøkelsestype').count()).toBe(0);

    // The supervisor's phone page from the test before, showing the record anew.
    const page = specPage;
    await reopen(page, '/utdanning/rec-e2e', '/utdanning/planer', 'Utdanningsplaner');
    await page.getByRole('button', { name: 'Meny', exact: true }).waitFor(); // the phone's page menu
    await page.getByLabel('Godkjenn en annen undersøkelsestype').selectOption({ label: 'CT caput (CT)' });
    await page.getByRole('button', { name: 'Godkjenn som kompetent' }).click();
    await page
      .getByText(/Godkjent .+ av /)
      .first()
      .waitFor();
    const before = Date.now();
    await page.getByRole('button', { name: 'Trekk godkjenning' }).click();
    await page.getByLabel('Begrunnelse for å trekke godkjenningen').fill('Trenger mer veiledning på blødninger.');
    await page.getByRole('button', { name: 'Trekk fra nå' }).click();
    await page.getByText(/Trukket .+: Trenger mer veiledning på blødninger\./).waitFor();
    expect(await noOverflow(page, 390)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'training-competence-withdrawn-390.png'), fullPage: true });
    const a = await w.db
      .selectFrom('competence_approval')
      .select(['approved_by_person_id', 'withdrawn_by_person_id', 'withdrawn_at', 'approved_at'])
      .where('person_id', '=', lisPerson)
      .where('exam_code', '=', 'SAA0AD')
      .executeTakeFirstOrThrow();
    expect(a.approved_by_person_id).toBe(specPerson);
    expect(a.withdrawn_by_person_id).toBe(specPerson);
    const at = new Date(a.withdrawn_at!).getTime();
    expect(at).toBeGreaterThanOrEqual(new Date(a.approved_at).getTime());
    expect(at).toBeGreaterThan(before - 5 * 60_000);
  });
});
