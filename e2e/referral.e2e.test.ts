// End to end: a GP writes a referral in Chromium, sees the advice update from the free text,
// must give a reason to send against "usually not appropriate", and the department sees it.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { launchTestBrowser, type TestBrowser } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { openTestDatabase, testConfig } from '../src/server/testing/harness.ts';
import { createOrganization, createPatient, createUser, TEST_PASSWORD } from '../src/server/testing/factories.ts';

const WEB_DIR = path.resolve(import.meta.dirname, '../dist/web');
let app: FastifyInstance;
let drop: () => Promise<void>;
let browser: TestBrowser;
let base: string;
let fnr: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const t = await openTestDatabase();
  drop = t.drop;
  const db = t.db.kysely;
  await loadReferenceData(db);
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen' });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling, Haukeland', parentId: hf });
  const practice = await createOrganization(db, { kind: 'gp_practice', name: 'Fjellsiden legesenter' });
  await createUser(db, { username: 'e2e.fastlege', referrerKind: 'gp', name: ['Gro', 'Fastlege'], grants: [{ role: 'referrer', organizationId: practice }] });
  await createUser(db, { username: 'e2e.rad', name: ['Rolf', 'Radiolog'], grants: [{ role: 'radiologist', organizationId: dept }] });
  fnr = (await createPatient(db, { birthDate: '1966-03-10', sex: 'F', name: ['Kari', 'Knesen'] })).fnr;
  app = await buildApp({ db: t.db, config: testConfig({ webDir: WEB_DIR }) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchTestBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await drop?.();
});

describe('referral with advice in the browser', () => {
  it('shows advice from the free text, blocks sending without a reason, sends with one, and the department sees it', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(`${base}/`);
    await page.getByLabel('Brukernavn').fill('e2e.fastlege');
    await page.getByLabel('Passord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('link', { name: 'Ny henvisning' }).first().click();
    await page.getByLabel('Fødselsnummer').fill(fnr);
    await page.getByRole('button', { name: 'Finn pasient' }).click();
    await page.getByText('Kari Knesen').waitFor();
    await page.getByRole('combobox', { name: /Undersøkelse/ }).fill('MR kne');
    await page.getByRole('option', { name: /MR kne/ }).first().click();
    await page.getByLabel('Klinisk problemstilling').fill('Artrose?');
    await page.getByLabel(/Sykehistorie/).fill('Gradvis økende smerter i venstre kne i 12 uker, ikke traume. Ingen hydrops, ingen låsninger. Ikke tatt rtg.');
    await page.getByText('Vanligvis ikke egnet').first().waitFor();
    await page.getByText('Over 45 år uten traume: ta vanlig røntgen av kneet først').waitFor();
    expect(await page.getByRole('button', { name: 'Send henvisning' }).isDisabled()).toBe(true);
    await page.getByLabel('Begrunnelse').selectOption('clinical-judgement');
    expect(await page.getByRole('button', { name: 'Send henvisning' }).isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Send henvisning' }).click();
    await page.getByText(/Henvisningen er sendt/).waitFor();
    // The same form cannot send twice.
    expect(await page.getByRole('button', { name: 'Send henvisning' }).isDisabled()).toBe(true);
    fs.mkdirSync(path.resolve(import.meta.dirname, 'screenshots'), { recursive: true });
    await page.screenshot({ path: path.resolve(import.meta.dirname, 'screenshots/referral-sent.png'), fullPage: true });
    // Logout sits in the user menu.
    await page.getByRole('button', { name: /^Brukermeny/ }).click();
    await page.getByRole('menuitem', { name: 'Logg ut' }).click();

    await page.getByLabel('Brukernavn').fill('e2e.rad');
    await page.getByLabel('Passord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('link', { name: 'Vurdering' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Henvisninger til vurdering' }).waitFor();
    await page.getByRole('cell', { name: /Kari Knesen/ }).waitFor();
    await page.close();
  });

  it('shows the public advice pages without login', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/henvisningsrad/korsrygg`);
    await page.getByRole('heading', { level: 1, name: 'Bildediagnostikk ved korsryggsmerter' }).waitFor();
    expect(await page.getByText('Under 6 uker uten røde flagg: bildediagnostikk anbefales ikke').isVisible()).toBe(true);
    await page.close();
  });
});
