// Chromium for the e2e tests, and the app opened in it with its errors collected.
// playwright-core drives Debian's Chromium: Playwright's own browser download is blocked
// on the build machine, and playwright-core has none.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const STORAGE_KEY = 'okrpad.document.v1';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Playwright gives every launch a fresh temporary --user-data-dir and deletes it on
// close (it refuses one in `args`), so no profile state survives between runs.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
}

/**
 * Serves dist/ (under `prefix`) and starts Chromium. `open(t, options)` then loads the
 * app in a new browser context, so each test starts with empty storage.
 */
export async function startApp({ prefix = '/' } = {}) {
  const server = await serve({ prefix });
  const browser = await launch();
  return {
    server,
    open: (t, options) => open(t, browser, server.url, options),
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Loads the app at `url`. `storage`, if given, is put in localStorage under the
 * document key before the app's code runs. Resolves to `{ page, errors, responses }`:
 * `errors` fills with console errors ("console: ...") and uncaught exceptions, wasm
 * panics included ("page: ..."), for the whole life of the page; `responses` with the
 * `{ url, status, type }` of every response.
 */
async function open(t, browser, url, { storage } = {}) {
  // A Chinese-language browser, as the app's first users have: the tests then hold
  // whether the app picks its first language from the browser or not.
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  // Short enough that a missing element fails the test quickly, long enough for a
  // cold wasm compile on a slow CI machine.
  page.setDefaultTimeout(10_000);
  const errors = [];
  const responses = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('response', (r) =>
    responses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] }),
  );
  if (storage !== undefined) {
    await page.addInitScript(([k, v]) => localStorage.setItem(k, v), [STORAGE_KEY, storage]);
  }
  await page.goto(url);
  return { page, errors, responses };
}

/** Saves a full-page screenshot as tests/e2e/artifacts/<name>.png, for people to look at. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });
}
