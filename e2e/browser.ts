// Debian's Chromium for the browser tests, never a downloaded browser (config: RADVIS_CHROMIUM).
// Pages wait up to two minutes for an element or a navigation instead of Playwright's 30 s: on
// a 2-core machine shared with other work a page can be slow without being wrong.
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { chromiumPath } from '../src/server/config.ts';

const PAGE_TIMEOUT_MS = 120_000;

export interface TestBrowser {
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
  browser: Browser;
}

/** Launches Chromium headless; its pages carry the generous timeouts above. */
export async function launchTestBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async newPage(options) {
      const page = await browser.newPage(options);
      page.setDefaultTimeout(PAGE_TIMEOUT_MS);
      page.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
      return page;
    },
    close: () => browser.close(),
  };
}
