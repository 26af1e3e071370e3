// End to end in Debian's Chromium: a network editor starts a change to the knee topic, edits what
// decides when the topic applies and how silence is read (its own red flags, diagnosis codes, an
// assumption's reason) in the form, saves, and finds it saved after a reload; the second editor
// sees the draft read-only until it is theirs to review. Screenshot of the editor.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createUser } from '../src/server/testing/factories.ts';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';

let w: BrowserWorld;
let browser: TestBrowser;
/** The knee draft the first test opens (one open change per topic). */
let draftUrl: string;

beforeAll(async () => {
  w = await openBrowserWorld();
  const network = await createOrganization(w.db, { kind: 'network', name: 'Nasjonalt nettverk for radiologi' });
  await createUser(w.db, { username: 'e2e.anna', name: ['Anna', 'Author'], grants: [{ role: 'network_editor', organizationId: network }] });
  // An editor who reads English (issue 11: the editor showed Norwegian topic and exam names in English).
  const emma = await createUser(w.db, { username: 'e2e.emma', name: ['Emma', 'English'], grants: [{ role: 'network_editor', organizationId: network }] });
  await w.db.updateTable('user_account').set({ locale: 'en' }).where('id', '=', emma.userId).execute();
  await w.serve();
  ({ browser } = w);
});

afterAll(async () => {
  await w?.close();
});

describe('advice editor', () => {
  it('edits red flags, diagnosis codes and an assumption in the form, and the draft keeps them', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(page, 'e2e.anna', { at: '/fagredaksjon' });
    await page.getByRole('link', { name: 'Fagredaksjon' }).first().waitFor();
    const knee = page.locator('section', { has: page.getByRole('heading', { name: 'MR kne ved knesmerter' }) });
    await knee.getByRole('button', { name: 'Ny endring' }).click();
    await knee.getByLabel('Hva endres, og hvorfor?').fill('Låsning som rødt flagg, og diagnosekoder');
    await knee.getByRole('button', { name: 'Ny endring' }).click();
    await page.waitForURL(/\/fagredaksjon\/versjon\//);
    const url = page.url();
    draftUrl = url;

    // The knee topic has its own (empty) list of red flags: add one from the facts' labels.
    await page.getByRole('heading', { name: 'Når temaet gjelder, og hvordan det som ikke er nevnt leses' }).waitFor();
    // An emptied summary is named in Norwegian, in the error summary and under the field (was the
    // loader's English: "Regler › #1 › Oppsummering: is required"); filled again, the error goes.
    const summary = page.getByLabel('Oppsummering (bokmål, høyst 140 tegn)').first();
    const summaryText = await summary.inputValue();
    await summary.fill('');
    await page.getByText('Rådet kan ikke lagres før disse feilene er rettet:').first().waitFor();
    await page
      .getByRole('link', { name: /Oppsummering: Må fylles ut$/ })
      .first()
      .waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/is required|must be/);
    await summary.fill(summaryText);
    await page.getByText('Rådet kan ikke lagres før disse feilene er rettet:').first().waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Legg til rødt flagg' }).selectOption({ label: 'Låsninger' });
    // Diagnosis codes, typed as an editor would.
    await page.getByRole('button', { name: 'Legg til diagnosekoder' }).click();
    const codes = page.getByLabel('Koder (skilt med komma)');
    await codes.fill('l96, L15 ');
    await codes.blur();
    // The assumption's reason in English.
    const reason = page.getByLabel('Begrunnelse (engelsk)').first();
    await reason.fill('Gradual onset or six weeks without a named injury is read as non-traumatic.');
    await page.getByRole('button', { name: 'Lagre utkast' }).click();
    await page.getByText('Lagret.').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'authoring-editor.png'), fullPage: true });
    await page.getByRole('heading', { name: 'Når temaet gjelder, og hvordan det som ikke er nevnt leses' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'authoring-topic-extras.png') });

    // After a reload the form shows what was saved.
    await page.goto(url);
    await page.getByRole('heading', { name: 'Når temaet gjelder, og hvordan det som ikke er nevnt leses' }).waitFor();
    await page
      .getByRole('button', { name: /^Låsninger/ })
      .first()
      .waitFor();
    expect(await page.getByLabel('Koder (skilt med komma)').inputValue()).toBe('L96, L15');
    expect(await page.getByLabel('Begrunnelse (engelsk)').first().inputValue()).toMatch(/^Gradual onset or six weeks/);
    // And the server stored it in the topic document.
    const versionId = decodeURIComponent(url.split('/').pop()!);
    const row = await w.db.selectFrom('guideline_version').select('document').where('id', '=', versionId).executeTakeFirstOrThrow();
    const doc = (typeof row.document === 'string' ? JSON.parse(row.document) : row.document) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(doc.red_flags).toEqual(['knee_locking']);
    expect(doc.applies_to.indications).toEqual([{ system: 'ICPC-2', codes: ['L96', 'L15'] }]);
    await page.close();
  });

  it('gives the preview and a test case structured answers by their names, and the draft keeps the test case', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(page, 'e2e.anna', { at: new URL(draftUrl).pathname });
    await page.getByRole('link', { name: 'Fagredaksjon' }).first().waitFor();
    const preview = page.locator('section[aria-labelledby="pv-title"]');
    await preview.getByText('Ingen – bare teksten leses.').waitFor();
    // Structured answers in the preview: injury with locking → the knee topic's first rule holds.
    await preview.getByRole('combobox', { name: 'Legg til opplysning' }).selectOption({ label: 'Traume' });
    await preview.getByRole('combobox', { name: 'Legg til opplysning' }).selectOption({ label: 'Låsninger' });
    expect(await preview.getByRole('combobox', { name: 'Verdi for «Traume»' }).inputValue()).toBe('true');
    const injuryRule = preview.getByRole('listitem').filter({ hasText: 'Traume; låsninger' }).first();
    await expect.poll(() => injuryRule.locator('.aksel-tag').textContent()).toBe('passer');
    // Answering "no" to locking instead: the rule no longer holds on what the referral says.
    await preview.getByRole('combobox', { name: 'Verdi for «Låsninger»' }).selectOption({ label: 'Nei' });
    await expect.poll(() => injuryRule.locator('.aksel-tag').textContent()).not.toBe('passer');

    // A new test case with a structured answer, saved with the draft.
    const form = page.locator('#editor');
    const before = await form.getByRole('combobox', { name: 'Legg til opplysning' }).count();
    await form.getByRole('button', { name: 'Legg til testtilfelle' }).click();
    const pickers = form.getByRole('combobox', { name: 'Legg til opplysning' });
    await expect.poll(() => pickers.count()).toBe(before + 1);
    await pickers.last().selectOption({ label: 'Låsninger' });
    await form.getByRole('combobox', { name: 'Verdi for «Låsninger»' }).last().selectOption({ label: 'Nei' });
    await page.getByRole('button', { name: 'Lagre utkast' }).click();
    await page.getByText('Lagret.').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'authoring-test-case-facts.png'), fullPage: true });
    const versionId = decodeURIComponent(draftUrl.split('/').pop()!);
    const row = await w.db.selectFrom('guideline_version').select('document').where('id', '=', versionId).executeTakeFirstOrThrow();
    const doc = (typeof row.document === 'string' ? JSON.parse(row.document) : row.document) as { tests: { input: { facts?: Record<string, unknown> } }[] };
    expect(doc.tests[doc.tests.length - 1].input.facts).toEqual({ knee_locking: false });
    await page.close();
  });

  it('in English: the heading, the exam tags and the "Add exam" list name the topic and exams in English (ana29)', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await w.logIn(page, 'e2e.emma', { at: new URL(draftUrl).pathname });
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toMatch(/^MR knee for knee pain – version /);
    // The exam the topic applies to, as a removable tag, and the list of exams to add: English names.
    const tags = page.locator('#editor').getByRole('button', { name: /^MRI? knee/ });
    await tags.first().waitFor();
    const addExam = page.getByRole('combobox', { name: 'Add exam' });
    const options = await addExam.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['CT head', 'X-ray knee']));
    expect(options.filter((o) => /caput|Røntgen|toraks| kne$/.test(o))).toEqual([]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).not.toMatch(/knesmerter/);
    await page.screenshot({ path: path.join(SHOTS, 'authoring-editor-en.png'), fullPage: true });
    await page.close();
  });
});
