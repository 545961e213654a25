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
 * Serves dist/ (under `prefix`, with any extra `files`, precompressed `encodings` and content `types`, see `serve`) and starts Chromium. `open(t, options)` then loads the
 * app in a new browser context, so each test starts with empty storage.
 */
export async function startApp({ prefix = '/', files, encodings, types } = {}) {
  const server = await serve({ prefix, files, encodings, types });
  const browser = await launch();
  return {
    server,
    browser,
    open: (t, options) => open(t, browser, options?.url ?? server.url, options),
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Loads the app at `url`. `storage`, if given, is put in localStorage before the
 * app's code runs, on the page's first load only: a reload then shows what the app
 * itself saved, as it would for a user. A string goes under the first layout's
 * document key; an object is a map of keys to their stored text. `viewport` defaults
 * to a 1280×900 desktop; `phone: true` makes it a touch screen without hover; `scale` sets
 * the device pixel ratio (browser or OS zoom). `init`, a function, runs in the page
 * before any of its scripts, on every load (Playwright's `addInitScript`).
 * `serviceWorkers: 'block'` keeps the service worker out, so every request reaches
 * the network, where `page.route` sees it.
 * Resolves to `{ page, errors, responses }`:
 * `errors` fills with console errors ("console: ...") and uncaught exceptions, wasm
 * panics included ("page: ..."), for the whole life of the page; `responses` with the
 * `{ url, status, type, encoding }` of every response.
 */
async function open(t, browser, url, { storage, viewport = { width: 1280, height: 900 }, phone = false, scale, init, serviceWorkers } = {}) {
  // A Chinese-language browser, as the app's first users have: the tests then hold
  // whether the app picks its first language from the browser or not.
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport,
    // A touch screen without hover, honouring <meta name=viewport>, as on a phone.
    ...(phone && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
    // Browser zoom: a 1920×1080 projector at 150% is a 1280×720 viewport at scale 1.5.
    ...(scale && { deviceScaleFactor: scale }),
    ...(serviceWorkers && { serviceWorkers }),
  });
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
    responses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'], encoding: r.headers()['content-encoding'] }),
  );
  if (storage !== undefined) {
    // Init scripts run on every load; sessionStorage outlives a reload of the tab, so
    // it marks the seed as done.
    await page.addInitScript(
      (entries) => {
        if (sessionStorage.getItem('e2e.seeded')) return;
        for (const [k, v] of entries) localStorage.setItem(k, v);
        sessionStorage.setItem('e2e.seeded', '1');
      },
      typeof storage === 'string' ? [[STORAGE_KEY, storage]] : Object.entries(storage),
    );
  }
  if (init) await page.addInitScript(init);
  await page.goto(url);
  return { page, errors, responses };
}

/**
 * Saves a full-page screenshot as tests/e2e/artifacts/<name>.png, for people to look
 * at; with `element` (a locator), a close-up of that element only. A full page of a
 * large tree takes long to paint on a busy machine, and a picture for people is not
 * what the test asserts, hence the generous timeout.
 */
export async function screenshot(page, name, element) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = new URL(`${name}.png`, ARTIFACTS).pathname;
  const timeout = 60_000;
  await (element ? element.screenshot({ path, timeout }) : page.screenshot({ path, fullPage: true, timeout }));
}
