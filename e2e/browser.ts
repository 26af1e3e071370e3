// Debian's Chromium for the browser tests, never a downloaded browser (config.ts chromiumPath:
// CHROMIUM_PATH, else Debian's headless shell `chromium-headless-shell` when installed, else
// /usr/bin/chromium). The headless shell is the same Chromium release without the desktop browser's
// UI layers, what Playwright itself runs for headless tests. Measured 2026-12-02, full browser and
// shell started at the same moment (training.e2e, 3 pairs, load 31–38, min/median/max CPU-s of
// every process): the file 124.6/125.1/139.1 → 84.0/86.7/100.0, Chromium alone 71.1/77.2/81.6 →
// 34.5/38.0/42.5 (browser process ~17.6 → ~5.1, renderers ~48.6 → ~26.2, GPU process ~7.5 → ~4.4).
// Pages wait up to two minutes for an element or a navigation instead of Playwright's 30 s: on
// a 2-core machine shared with other work a page can be slow without being wrong.
//
// One Chromium per test worker: test files in a worker share loaded modules (vitest `isolate:
// false`), so the browser launched for the first file is reused by the next, each file getting its
// own browser contexts (cookies, storage and pages are per context, so files cannot see each other's
// sessions). Starting Chromium cost ~1–2 s of CPU per file. The browser ends with the worker process
// (Playwright kills the browsers it launched when the process exits).
//
// Screenshots (`page.screenshot`, e2e/screenshots/) are for people looking at the pages; they assert
// nothing. `npm test` turns them off (RADVIS_E2E_SCREENSHOTS=0, scripts/test.mjs): measured
// 2026-12-02 side by side under the same load, five files with 53 of them took 201 → 197 CPU-s
// (Chromium, Node and PostgreSQL), a small share but work no one looks at in a CI run. Running e2e
// files directly takes them as before.
// Element screenshots (`locator.screenshot`) still run: they wait for their element to show.
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { chromiumPath } from '../src/server/config.ts';

const PAGE_TIMEOUT_MS = 120_000;
/** False when RADVIS_E2E_SCREENSHOTS=0: `page.screenshot` then writes nothing and returns an empty buffer. */
const SCREENSHOTS = process.env.RADVIS_E2E_SCREENSHOTS !== '0';

export interface TestBrowser {
  /** A page in a new browser context of its own (cookies and storage not shared with other pages). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Closes every context (and so every page) this handle opened; the shared browser stays. */
  close(): Promise<void>;
  browser: Browser;
}

let shared: Promise<Browser> | undefined;

/** The worker's Chromium, launched on first use and again if it has gone away. */
async function sharedBrowser(): Promise<Browser> {
  if (shared) {
    const b = await shared.catch(() => undefined);
    if (b?.isConnected()) return b;
  }
  shared = chromium.launch({
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
  return shared;
}

/** A handle on the worker's headless Chromium; its pages carry the generous timeouts above. */
export async function launchTestBrowser(): Promise<TestBrowser> {
  const browser = await sharedBrowser();
  const contexts = new Set<BrowserContext>();
  return {
    browser,
    async newPage(options) {
      const context = await browser.newContext(options);
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      if (!SCREENSHOTS)
        context.on('page', (page) => {
          page.screenshot = async () => Buffer.alloc(0);
        });
      context.setDefaultTimeout(PAGE_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
      return context.newPage();
    },
    async close() {
      await Promise.all([...contexts].map((c) => c.close().catch(() => undefined)));
      contexts.clear();
    },
  };
}
