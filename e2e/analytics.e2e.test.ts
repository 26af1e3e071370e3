// End to end: an analyst opens the management-data page in Chromium, sees the atlas-style bars
// per referral area, the tile map and the table, narrows the selection with the keyboard, opens
// the funnel plot of a low-value indicator; then the same page on a 390-px phone. Screenshots go
// to e2e/screenshots/ (not in git).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from './browser.ts';
import { openBrowserWorld, SHOTS, type BrowserWorld } from './world.ts';
import { loadIndicators } from '../src/server/analytics/indicators.ts';
import { refreshAggregates } from '../src/server/analytics/store.ts';
import { loadRegion } from '../src/server/synthetic/load.ts';
import { sql } from 'kysely';
import { createUser, TEST_PASSWORD } from '../src/server/testing/factories.ts';

let w: BrowserWorld;
let browser: TestBrowser;
let base: string;

beforeAll(async () => {
  w = await openBrowserWorld();
  // Advised as the demo's history is (historyAdvice): the adherence tab reads the decisions it makes.
  const region = await loadRegion(w.database, { scope: 'vest', referrals: 6000, seed: 11, now: new Date(), years: 3, historyAdvice: true });
  await createUser(w.db, {
    username: 'e2e.analytiker',
    name: ['Aksel', 'Analyse'],
    grants: [{ role: 'analyst', organizationId: `rhf-${region.handles.regionIds[0]}` }],
  });
  await refreshAggregates(w.db, loadIndicators());
  // A GP practice with fewer than 10 referrals for the first indicator (its share hidden there) and
  // at least 10 for another: its feedback page should plot a funnel it is in.
  const first = loadIndicators()[0].id;
  const practice = (
    await sql<{ id: string }>`
      SELECT x.id FROM (
        SELECT c.referrer_org_id AS id, c.indicator_id AS ind, sum(c.denominator) AS d
        FROM analytics_indicator_count c JOIN organization o ON o.id = c.referrer_org_id
        WHERE o.kind = 'gp_practice' GROUP BY 1, 2) x
      GROUP BY 1
      HAVING coalesce(max(x.d) FILTER (WHERE x.ind = ${first}), 0) < 10 AND max(x.d) FILTER (WHERE x.ind <> ${first}) >= 10
      ORDER BY 1 LIMIT 1`.execute(w.db)
  ).rows[0];
  expect(practice).toBeDefined();
  await createUser(w.db, {
    username: 'e2e.fastlege',
    referrerKind: 'gp',
    name: ['Gro', 'Fastlege'],
    grants: [{ role: 'referrer', organizationId: practice.id }],
  });
  await w.serve();
  ({ base, browser } = w);
});

afterAll(async () => {
  await w?.close();
});

describe('management data in the browser', () => {
  it('shows rates per area as bars, tile map and table; filters by keyboard; funnel plot; usable on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/`);
    await page.getByLabel('Brukernavn').fill('e2e.analytiker');
    await page.getByLabel('Passord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('link', { name: 'Styringsdata' }).first().click();
    await page.getByRole('heading', { name: /Styringsdata/ }).waitFor();
    // The four Helse Vest areas are in the table, with numbers, and the chart has drawn.
    const table = page.getByRole('table', { name: 'Rater per område' });
    await table.getByRole('rowheader', { name: 'Bergen' }).waitFor();
    for (const area of ['Førde', 'Fonna', 'Stavanger', 'Alle områder']) await table.getByRole('rowheader', { name: area }).waitFor();
    await page.locator('[role="img"][aria-label^="Justert rate"] svg').waitFor();
    // The tile map lays out all 21 areas.
    expect(
      await page
        .getByRole('listitem')
        .filter({ hasText: /Finnmark|Bergen|Sørlandet/ })
        .count(),
    ).toBe(3);
    // No internal codes on the page.
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/SNG0AG|hf-|rhf-|usually_not_appropriate/);
    await page.screenshot({ path: path.join(SHOTS, 'analytics-rates.png'), fullPage: true });

    // Keyboard: choose MR in the modality filter without the mouse.
    await page.getByLabel('Modalitet').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByLabel('Modalitet').selectOption({ label: 'MR' });
    await table.getByRole('rowheader', { name: 'Bergen' }).waitFor();

    await page.getByRole('tab', { name: 'Lite nyttige undersøkelser' }).click();
    await page.locator('[role="img"][aria-label^="Traktdiagram"] svg').waitFor();
    await page.getByRole('table', { name: 'Lite nyttige undersøkelser' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'analytics-funnel.png'), fullPage: true });
    // Drill-down: an area → its practices → the referrers of one practice, and back by the trail.
    const lowValue = page.getByRole('table', { name: 'Lite nyttige undersøkelser' });
    const area = (await lowValue
      .getByRole('button', { name: /^Se nivået under/ })
      .first()
      .textContent())!;
    await lowValue.getByRole('button', { name: `Se nivået under: ${area}` }).click();
    await page.locator('.analytics-crumbs').getByText(area).waitFor();
    expect(await page.getByRole('combobox', { name: 'Nivå', exact: true }).inputValue()).toBe('practice');
    const practice = (await lowValue
      .getByRole('button', { name: /^Se nivået under/ })
      .first()
      .textContent())!;
    await lowValue.getByRole('button', { name: `Se nivået under: ${practice}` }).click();
    await page.locator('.analytics-crumbs [aria-current="page"]').getByText(practice).waitFor();
    expect(await page.getByRole('combobox', { name: 'Nivå', exact: true }).inputValue()).toBe('referrer');
    // Referrers are not named to an analyst, and the level below a referrer does not exist.
    await lowValue
      .getByRole('rowheader', { name: /^Henviser \d+$/ })
      .first()
      .waitFor();
    expect(await lowValue.getByRole('button', { name: /^Se nivået under/ }).count()).toBe(0);
    await page.locator('.analytics-crumbs').getByRole('button', { name: 'Alle' }).click();
    await lowValue.getByRole('button', { name: `Se nivået under: ${area}` }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Nivå', exact: true }).inputValue()).toBe('area');
    // The feedback batch of an area: the link the page offers downloads a ZIP of PDFs.
    const batch = page.getByRole('link', { name: 'Last ned tilbakemeldingene (ZIP)' });
    const batchRes = await page.request.get(`${base}${await batch.getAttribute('href')}`);
    expect(batchRes.status()).toBe(200);
    expect(batchRes.headers()['content-type']).toBe('application/zip');
    expect((await batchRes.body()).subarray(0, 2).toString()).toBe('PK');

    await page.getByRole('tab', { name: 'Utvikling over tid' }).click();
    await page.locator('[role="img"][aria-label^="Justert rate per 10 000 innbyggere per år"] svg').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'analytics-trend.png'), fullPage: true });

    // Advice adherence: every row under its topic's title (never an id), the title once per group.
    await page.getByRole('tab', { name: 'Henvisningsråd' }).click();
    const adherence = page.getByRole('table', { name: 'Henvisningsråd' });
    await adherence.getByRole('columnheader', { name: 'Tema' }).waitFor();
    const topicCells = (await adherence.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent ?? ''))).filter(Boolean);
    expect(topicCells.length).toBeGreaterThan(1);
    expect(new Set(topicCells).size).toBe(topicCells.length);
    for (const c of topicCells) expect(c).not.toMatch(/^[a-z0-9-]+$/);
    await adherence.getByRole('cell', { name: 'Pasientens ønske etter informasjon om rådet' }).first().waitFor();
    // Over the whole history every outcome of the generated advice is there: followed, overridden,
    // the alternative taken, and withdrawn with what was done instead, all in words.
    await page.getByLabel('Fra år').selectOption({ index: 0 });
    for (const decision of ['Fulgte rådet', 'Valgte bort rådet', 'Valgte foreslått alternativ', 'Avventet (sendte ikke)'])
      await adherence.getByRole('cell', { name: decision, exact: true }).first().waitFor();
    await adherence
      .getByRole('cell', { name: /^(Avventer og vurderer på nytt|Klinisk oppfølging i stedet)$/ })
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'analytics-adherence.png'), fullPage: true });
    // Referrals ended without an exam (issue 8), on the process tab: per area and year with the
    // total, and the departments' reasons in words, never codes.
    await page.getByRole('tab', { name: 'Forløp og ventetid' }).click();
    await page.getByRole('table', { name: 'Avsluttet uten undersøkelse' }).getByRole('rowheader', { name: 'Totalt' }).waitFor();
    await page
      .getByRole('table', { name: 'Hvorfor avdelingene avsluttet henvisninger' })
      .getByRole('rowheader', { name: 'Pasienten ønsker ikke undersøkelsen' })
      .waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/closed_without_exam|patient_declined|no_longer_indicated|done_elsewhere|repeated_no_show/);

    // The phone is the same page resized, the management data opened anew in-app (via the start
    // page, so it mounts and loads again): no second browser context and full load (issue 7).
    const phone = page;
    await phone.setViewportSize({ width: 390, height: 844 });
    await w.visit(phone, '/');
    await phone.getByRole('heading', { level: 1, name: /^Velkommen, / }).waitFor();
    await w.visit(phone, '/styringsdata');
    await phone.getByRole('table', { name: 'Rater per område' }).getByRole('rowheader', { name: 'Bergen' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(391);
    await phone.screenshot({ path: path.join(SHOTS, 'analytics-phone.png'), fullPage: true });
    await phone.close();
  });
});

describe("a GP's feedback on their own practice", () => {
  it('shows the practice its own counts however few, and plots the funnel of the first indicator it has referrals in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await w.logIn(page, 'e2e.fastlege', { at: '/styringsdata/min-praksis' });
    await page.getByRole('heading', { level: 1, name: /Tilbakemelding til praksisen/ }).waitFor();
    // The practice's own counts are its own referrals: shown however few (small-count protection is
    // for others' numbers), so no row of its own table reads "Skjult" and the first funnel is shown.
    const rows = page.getByRole('table', { name: 'Lite nyttige undersøkelser' }).getByRole('row');
    await rows.nth(1).waitFor();
    // The funnel drawn is the first indicator the practice has referrals in (its own count is not
    // "–"): an indicator with none of them would be a plot without the practice.
    const withOwn: string[] = [];
    for (let i = 1; i < (await rows.count()); i++) {
      const text = await rows.nth(i).innerText();
      expect(text).not.toContain('Skjult');
      const cells = text.split('\t').map((c) => c.trim());
      if (cells[2] !== '–') withOwn.push(cells[0]);
    }
    expect(withOwn.length).toBeGreaterThan(0);
    await page.getByRole('heading', { level: 3, name: withOwn[0] }).waitFor();
    // The practice's own point is in the plot (its legend entry is drawn only then).
    await page.locator('main svg text', { hasText: 'Min praksis' }).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'analytics-feedback-gp.png'), fullPage: true });
    await page.close();
  });
});
