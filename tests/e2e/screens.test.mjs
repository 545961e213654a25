// The meeting screens are not in the first download: each is a Wasm module of its own,
// fetched when the screen is first opened (scripts/build-app.mjs, DESIGN.md "Size").
// The service worker is kept out here, so every fetch is the page's own and
// `page.route` can fail one; offline.test.mjs covers opening a screen offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, screenshot } from './lib/browser.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { keyResult, ready } from './lib/editor.mjs';

const SCREENS = ['checkin', 'dashboard', 'map', 'present', 'review', 'grading'];
/** The names of the meeting screens' own modules fetched so far. */
const screenModules = (responses) =>
  responses.map((r) => /_split_(\w+)\.wasm$/.exec(r.url)?.[1]).filter(Boolean);

test('the first visit loads no meeting screen; each is fetched once, when first opened', async (t) => {
  const app = await startApp();
  t.after(() => app.close());
  const { page, errors, responses } = await app.open(t, { serviceWorkers: 'block' });
  await ready(page);
  assert.deepEqual(screenModules(responses), [], 'a meeting screen was part of the first visit');

  for (const screen of SCREENS) {
    await page.locator(`[data-testid=screen-${screen}]`).click();
    await page.locator(`[data-screen=${screen}]`).waitFor();
    assert.ok(screenModules(responses).includes(screen), `${screen}: its module was not fetched`);
  }
  // Back to one opened before: it shows at once, with no loading state and no fetch.
  const fetched = responses.length;
  await page.locator('[data-testid=screen-editor]').click();
  await page.locator('[data-testid=screen-dashboard]').click();
  assert.equal(await page.locator('[data-screen=dashboard]').count(), 1);
  assert.equal(await page.getByTestId('screen-loading').count(), 0);
  assert.deepEqual(screenModules(responses.slice(fetched)), []);
  assert.deepEqual(screenModules(responses).sort(), [...SCREENS].sort(), 'a module was fetched twice');
  assert.deepEqual(errors, []);
});

test('a screen whose module cannot be fetched says so, the document stays editable, and a retry opens it', async (t) => {
  const app = await startApp();
  t.after(() => app.close());
  const { page, errors } = await app.open(t, { serviceWorkers: 'block' });
  await ready(page);
  const blocked = /_split_dashboard\.wasm$/;
  await page.route(blocked, (route) => route.abort('internetdisconnected'));

  await page.locator('[data-testid=screen-dashboard]').click();
  const failed = page.getByTestId('screen-failed');
  await failed.waitFor();
  assert.match(await failed.textContent(), /无法载入这个页面.*文档没有受到影响/);
  assert.equal(await failed.getAttribute('role'), 'alert');
  await screenshot(page, 'screen-failed', failed);
  assertNoProblems(await axeProblems(page, 'a screen that could not be fetched'));
  // In English too.
  await page.locator('[data-testid=lang-toggle]').click();
  assert.match(await failed.textContent(), /could not be loaded.*document is unaffected/);
  await page.locator('[data-testid=lang-toggle]').click();

  // The app is alive: the editor takes an edit.
  await page.locator('[data-testid=screen-editor]').click();
  const title = keyResult(page, 'sc-1').locator('[data-testid=kr-title]');
  await title.fill('网络断了也能编辑');
  assert.equal(await title.inputValue(), '网络断了也能编辑');

  // Opened again, it tries again, and says so again. Then the network is back:
  // "Try again" opens the screen, from the keyboard.
  await page.locator('[data-testid=screen-dashboard]').click();
  await failed.waitFor();
  await page.unroute(blocked);
  await page.getByTestId('screen-retry').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-screen=dashboard]').waitFor();
  assert.equal(await failed.count(), 0);
  // What failed is the fetch, reported by the loader; nothing panicked.
  assert.ok(errors.length > 0 && errors.every((e) => e.startsWith('console:')), errors.join('\n'));
});

test('on a host that serves Wasm as octet-stream, the app starts and a meeting screen opens', async (t) => {
  // Object stores often do: the browser then refuses to compile while downloading, and
  // the app and its screens' loader fall back to compiling the downloaded bytes.
  const app = await startApp({ types: { '.wasm': 'application/octet-stream' } });
  t.after(() => app.close());
  const { page, errors, responses } = await app.open(t, { serviceWorkers: 'block' });
  await ready(page);
  await page.locator('[data-testid=screen-map]').click();
  await page.locator('[data-testid=map-card]').first().waitFor();
  assert.ok(screenModules(responses).includes('map'));
  assert.ok(responses.filter((r) => r.url.endsWith('.wasm')).every((r) => r.type === 'application/octet-stream'));
  assert.deepEqual(errors, []);
});
