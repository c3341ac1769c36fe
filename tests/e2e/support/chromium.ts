/**
 * Real Chromium for the e2e tests: Debian's /usr/bin/chromium driven by playwright-core, headless,
 * software WebGL 2 (SwiftShader), no background traffic. Pages record what a test may want to
 * assert afterwards: uncaught errors, dialogs (which are dismissed), and requests that left the
 * app's origin.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches headless Chromium with the flags above plus `extraArgs` (e.g. `--enable-precise-memory-info`);
 * throws a clear message when it is not installed.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-liberation (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, ...extraArgs] });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page. */
  errors: string[];
  /** alert/confirm/prompt dialogs that opened (each was dismissed). */
  dialogs: string[];
  /** Requests to anything but the app's origin (data: and blob: URLs excepted). */
  foreignRequests: string[];
}

/**
 * A new browser context (own cookies) with one page at 1280×800, watched as described above.
 * `timezoneId` sets the browser's own time zone (the app must still show Europe/Amsterdam).
 */
export async function openPage(browser: Browser, baseUrl: string, opts: { timezoneId?: string } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: opts.timezoneId });
  const page = await context.newPage();
  const w: WatchedPage = { context, page, errors: [], dialogs: [], foreignRequests: [] };
  page.on('pageerror', (e) => w.errors.push(e.stack ?? e.message));
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(baseUrl + '/') && u !== baseUrl && !u.startsWith('data:') && !u.startsWith('blob:')) w.foreignRequests.push(u);
  });
  if (process.env.E2E_CONSOLE) page.on('console', (m) => console.log(`[page ${m.type()}]`, m.text()));
  return w;
}
