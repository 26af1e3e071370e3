// End to end in Debian's Chromium: log in through the real UI and land on the role's start
// page; switch language; an administrator creates a user in the admin page; a department
// leader browses the directory (machines, an area's population) and searches the access log.
import path from 'node:path';
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createPatient, createUser, TEST_PASSWORD } from '../src/server/testing/factories.ts';
import { loadReferenceData } from '../src/server/directory/reference-data.ts';
import { makeKeys } from '../src/server/testing/cds-client.ts';
import { logAccess } from '../src/server/audit/access-log.ts';

let w: BrowserWorld;
let browser: TestBrowser;
let base: string;
let patientId: string;

beforeAll(async () => {
  w = await openBrowserWorld();
  const db = w.db;
  await loadReferenceData(db); // areas with population by age and sex
  const rhf = await createOrganization(db, { kind: 'rhf', name: 'Helse Vest RHF' });
  const hf = await createOrganization(db, { kind: 'hf', name: 'Helse Bergen HF', parentId: rhf });
  const site = await createOrganization(db, { kind: 'site', name: 'Haukeland universitetssjukehus', parentId: hf });
  const dept = await createOrganization(db, { kind: 'department', name: 'Radiologisk avdeling, Haukeland', parentId: rhf });
  await db
    .insertInto('modality')
    .values({
      id: 'mod-e2e-mr1',
      site_org_id: site,
      kind: 'MR',
      name: 'MR 1 Haukeland',
      ae_title: 'HUS_MR1',
      opening_hours: JSON.stringify({
        mon: ['07:30', '22:00'],
        tue: ['07:30', '22:00'],
        wed: ['07:30', '22:00'],
        thu: ['07:30', '22:00'],
        fri: ['07:30', '15:30'],
      }),
      shifts: 2,
    })
    .execute();
  const radiologist = await createUser(db, { username: 'e2e.radiolog', name: ['Randi', 'Røntgen'], grants: [{ role: 'radiologist', organizationId: dept }] });
  await createUser(db, { username: 'e2e.admin', name: ['Ada', 'Admin'], grants: [{ role: 'admin', organizationId: rhf }] });
  await createUser(db, {
    username: 'e2e.lis',
    name: ['Lars', 'Lege'],
    grants: [
      { role: 'lis', organizationId: dept },
      { role: 'radiographer', organizationId: dept },
    ],
  });
  await createUser(db, { username: 'e2e.leder', name: ['Lise', 'Leder'], grants: [{ role: 'department_leader', organizationId: dept }] });
  patientId = (await createPatient(db, { name: ['Kari', 'Pasient'] })).id;
  await logAccess(db, { userId: radiologist.userId, name: 'Randi Røntgen', role: 'radiologist', organizationId: dept, client: '127.0.0.1' }, [
    { patientId, resourceType: 'Patient', action: 'read', context: 'patient-view' },
  ]);
  await w.serve();
  ({ base, browser } = w);
});

afterAll(async () => {
  await w?.close();
});

describe('browser', () => {
  it('logs a radiologist in through the UI, lands on the start page, switches to English and logs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The login page asks whether there is a session without a failed request: no console error.
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await w.logIn(page, 'e2e.radiolog');
    await page.getByRole('heading', { level: 1, name: 'Velkommen, Randi Røntgen' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Radiolog' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Brukere og roller' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'radiologist-start.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Randi Røntgen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // Logout sits in the user menu, which shows the name and roles.
    await page.getByRole('button', { name: /User menu: Randi Røntgen/ }).click();
    await page.getByText('Radiologist at Radiologisk avdeling, Haukeland').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'radiologist-user-menu-en.png') });
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in to Radvis' }).waitFor();
    await page.close();
  });

  it('shows a clear error for a wrong password, in the language chosen on the login page, and keeps that language after login', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb');
    await page.getByLabel('Brukernavn').fill('e2e.lis');
    await page.getByLabel('Passord').fill('wrong-password');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByText(/Feil brukernavn eller passord/).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'login-wrong-password.png') });

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in to Radvis' }).waitFor();
    await page.getByLabel('Password').fill('wrong-again');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText(/Wrong username or password/).waitFor();
    // Aksel's own words follow the language too (the alert icon's name: "Error", not "Feil").
    expect(await page.locator('.aksel-alert', { hasText: 'Wrong username or password' }).textContent()).toMatch(/^Error/);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Two roles: both cards, in English.
    await page.getByRole('heading', { level: 1, name: 'Welcome, Lars Lege' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Trainee doctor (LIS)' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Radiographer' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.screenshot({ path: path.join(SHOTS, 'two-roles-start-en.png'), fullPage: true });
    await page.close();
  });

  it('lets an administrator create a user in the admin page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await w.logIn(page, 'e2e.admin');
    await page.getByRole('heading', { level: 1, name: /Velkommen/ }).waitFor();
    await page.getByRole('link', { name: 'Brukere og roller' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Brukere og roller' }).waitFor();
    await page.getByRole('button', { name: 'Ny bruker' }).click();
    await page.getByLabel('Fornavn').fill('Nils');
    await page.getByLabel('Etternavn').fill('Nyansatt');
    // A username already taken: only the server knows, and says so in problem+json errors[].
    await page.getByLabel('Brukernavn', { exact: true }).fill('e2e.radiolog');
    await page.getByLabel('Passord (minst 10 tegn)').fill('kort');
    await page.getByLabel('HPR-nummer', { exact: true }).fill('7654321');
    // Checked in the browser first: every problem at once, focus on the error summary.
    await page.getByRole('button', { name: 'Lagre' }).click();
    await page.getByText('Velg henvisertype for rollen henviser').first().waitFor();
    await page.getByText('Passordet må ha minst 10 tegn').first().waitFor();
    await page.getByText('Velg virksomhet', { exact: true }).last().waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Rett opp følgende');
    await page.screenshot({ path: path.join(SHOTS, 'admin-new-user-errors.png'), fullPage: true });
    await page.getByLabel('Passord (minst 10 tegn)').fill('et-godt-passord');
    await page.getByLabel('Rolle 1', { exact: true }).selectOption('radiologist');
    await page.getByLabel('Virksomhet for rolle 1').selectOption({ label: 'Radiologisk avdeling, Haukeland' });
    await page.getByRole('button', { name: 'Lagre' }).click();
    await page.getByRole('link', { name: 'Brukernavn: i bruk' }).waitFor();
    await page.getByLabel('Brukernavn', { exact: true }).fill('nils.nyansatt');
    await page.getByRole('button', { name: 'Lagre' }).click();
    await page.getByText('Brukeren er opprettet').waitFor();
    await page.getByRole('cell', { name: 'nils.nyansatt' }).waitFor();
    await page
      .getByRole('row', { name: /Nils Nyansatt/ })
      .getByText('Radiolog i Radiologisk avdeling, Haukeland')
      .waitFor();
    // Give the new user a second role.
    await page.getByRole('button', { name: 'Endre roller: Nils Nyansatt' }).click();
    await page.getByRole('button', { name: 'Legg til rolle' }).click();
    await page.getByLabel('Rolle 2', { exact: true }).selectOption('lis');
    await page.getByLabel('Virksomhet for rolle 2').selectOption({ label: 'Helse Bergen HF' });
    await page.getByRole('button', { name: 'Lagre' }).click();
    await page.getByText('Endringene er lagret').waitFor();
    await page
      .getByRole('row', { name: /Nils Nyansatt/ })
      .getByText('LIS (lege i spesialisering) i Helse Bergen HF')
      .waitFor();
    // Deactivate the new user: the status tag follows.
    await page.getByRole('button', { name: 'Deaktiver: Nils Nyansatt' }).click();
    await page.getByText('Nils Nyansatt er deaktivert og logget ut').waitFor();
    await page
      .getByRole('row', { name: /Nils Nyansatt/ })
      .getByText('Deaktivert')
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-users.png'), fullPage: true });
    await page.close();
  });

  it('lets an administrator register a record system for CDS Hooks, whose signed calls then get advice until it is deactivated', async () => {
    const keys = await makeKeys('ES256', 'epj-key-1');
    const issuer = 'https://epj.fjordlegane.example/';
    const serviceUrl = `${base}/cds-services/radvis-imaging-order-select`;
    const call = async () => {
      const jwt = await new SignJWT({ jti: crypto.randomUUID() })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: keys.kid })
        .setIssuer(issuer)
        .setAudience(serviceUrl)
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(keys.privateKey);
      const order = {
        resourceType: 'ServiceRequest',
        id: 'a',
        status: 'draft',
        intent: 'order',
        code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }] },
        note: [{ text: 'Smerter i kneet i 12 uker, ikke traume.' }],
      };
      const res = await fetch(serviceUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
        body: JSON.stringify({
          hook: 'order-select',
          hookInstance: crypto.randomUUID(),
          context: {
            userId: 'Practitioner/1',
            patientId: 'p',
            selections: ['ServiceRequest/a'],
            draftOrders: { resourceType: 'Bundle', entry: [{ resource: order }] },
          },
          prefetch: { patient: { resourceType: 'Patient', birthDate: '1968-04-02', gender: 'female' } },
        }),
      });
      return res.status;
    };
    expect(await call()).toBe(401);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await w.logIn(page, 'e2e.admin');
    await page.getByRole('link', { name: 'Brukere og roller' }).first().click();
    await page.getByRole('heading', { level: 2, name: 'Journalsystemer (CDS Hooks)' }).waitFor();
    await page.getByRole('button', { name: 'Registrer journalsystem' }).click();
    await page.getByRole('dialog').getByLabel('Navn', { exact: true }).fill('EPJ Fjordlegane');
    await page.getByLabel('Utsteder (iss)').fill(issuer);
    await page.getByRole('dialog').getByLabel('Virksomhet').selectOption({ label: 'Helse Bergen HF' });
    // A private key pasted by mistake is caught before anything is sent.
    await page.getByLabel('Offentlige nøkler (JWK Set i JSON)').fill(JSON.stringify({ keys: [{ ...keys.publicJwk, d: 'hemmelig' }] }));
    await page.getByRole('dialog').getByRole('button', { name: 'Registrer journalsystem' }).click();
    await page.getByText('Inneholder privat eller symmetrisk nøkkel').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-cds-client-error.png'), fullPage: true });
    await page.getByLabel('Offentlige nøkler (JWK Set i JSON)').fill(JSON.stringify({ keys: [keys.publicJwk] }));
    await page.getByRole('dialog').getByRole('button', { name: 'Registrer journalsystem' }).click();
    await page.getByText('EPJ Fjordlegane er registrert').waitFor();
    await page
      .getByRole('row', { name: /EPJ Fjordlegane/ })
      .getByText('1 nøkkel', { exact: true })
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-cds-clients.png'), fullPage: true });
    expect(await call()).toBe(200);

    await page.getByRole('button', { name: 'Deaktiver: EPJ Fjordlegane' }).click();
    await page.getByText('EPJ Fjordlegane er deaktivert og får ikke lenger svar').waitFor();
    expect(await call()).toBe(401);
    await page.close();
  });

  it('lets a department leader browse the directory and search the access log', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await w.logIn(page, 'e2e.leder');
    await page.getByRole('heading', { level: 1, name: 'Velkommen, Lise Leder' }).waitFor();
    // Keyboard: after a fresh load the first Tab reaches the skip link, which leads to <main>.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Velkommen, Lise Leder' }).waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Hopp til hovedinnhold');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByRole('navigation', { name: 'Meny' }).getByRole('link', { name: 'Virksomheter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Virksomheter og opptaksområder' }).waitFor();
    // Focus moves to the new page's heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.getByRole('link', { name: 'Helse Bergen HF' }).click();
    await page.getByRole('link', { name: 'Haukeland universitetssjukehus' }).click();
    await page.getByRole('cell', { name: 'HUS_MR1' }).waitFor();
    await page.getByText('man–tor 07:30–22:00, fre 07:30–15:30').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'directory-site.png'), fullPage: true });

    await page.goBack();
    await page.goBack();
    await page.getByRole('tab', { name: 'Opptaksområder' }).click();
    await page.getByRole('button', { name: 'Bergen' }).click();
    await page.getByRole('heading', { name: /Befolkning etter alder og kjønn, Bergen/ }).waitFor();
    await page.locator('.area-chart [role=img] svg').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'directory-area.png'), fullPage: true });

    await page.getByRole('link', { name: 'Tilgangslogg' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Tilgangslogg' }).waitFor();
    expect(await page.title()).toBe('Tilgangslogg – Radvis');
    await page.getByLabel('Fra dato').fill('32.13.2025');
    await page.getByRole('button', { name: 'Søk', exact: true }).click();
    await page.getByText('Skriv datoen som dd.mm.åååå').waitFor();
    await page.getByLabel('Fra dato').fill('');
    await page.getByLabel('Pasient-ID').fill(patientId);
    await page.getByRole('button', { name: 'Søk', exact: true }).click();
    await page.getByRole('heading', { name: 'Treff: 1' }).waitFor();
    await page.getByRole('cell', { name: 'Randi Røntgen' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'access-log.png'), fullPage: true });
    await page.close();
  });
});
