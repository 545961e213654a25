// Offline and installable: after one visit the app opens and saves edits with no
// network, a new build's service worker replaces the old offline copy, and a page
// left open on the previous build keeps working across a deploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, screenshot, startApp } from './lib/browser.mjs';
import { DIST, serve } from './lib/server.mjs';
import { SAVED, keyResult, ready, stored, waitSaved } from './lib/editor.mjs';

const SW_SCRIPT = fileURLToPath(new URL('../../scripts/sw.sh', import.meta.url));

/** Waits until a service worker controls the page (it claims the page on activation). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The build version named in a dist directory's sw.js. */
async function version(dir) {
  const sw = await readFile(path.join(dir, 'sw.js'), 'utf8');
  return /const VERSION = '([0-9a-f]+)'/.exec(sw)?.[1];
}

/** Polls the page's cache names until `ok(names)` holds (the service worker works in the background). */
async function cachesUntil(page, ok) {
  let names = [];
  for (let i = 0; i < 100; i++) {
    names = await page.evaluate(() => caches.keys());
    if (ok(names)) return names;
    await new Promise((done) => setTimeout(done, 100));
  }
  assert.fail(`caches never settled: ${names.join(', ')}`);
}

/**
 * A copy of dist/ served as a host would serve a deploy, which a test may then replace
 * with the next build, and a page of it that the service worker controls.
 */
async function openDeployedCopy(t) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'okrpad-dist-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(DIST, dir, { recursive: true });
  const server = await serve({ root: dir });
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await ready(page);
  await controlled(page);
  return { dir, server, context, page, errors };
}

test('the build is installable: a manifest with SVG and PNG icons, and a versioned service worker', async () => {
  const manifest = JSON.parse(await readFile(path.join(DIST, 'manifest.webmanifest'), 'utf8'));
  assert.equal(manifest.start_url, '.');
  assert.equal(manifest.display, 'standalone');
  const sizes = manifest.icons.map((i) => i.sizes);
  assert.deepEqual(sizes, ['any', '192x192', '512x512']);
  for (const icon of manifest.icons) {
    const bytes = await readFile(path.join(DIST, icon.src));
    if (icon.type === 'image/png') {
      // PNG header: width and height at bytes 16 and 20.
      const side = Number(icon.sizes.split('x')[0]);
      assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [side, side], icon.src);
    }
  }
  const sw = await readFile(path.join(DIST, 'sw.js'), 'utf8');
  assert.match(await version(DIST), /^[0-9a-f]{16}$/);
  // Every file of the build is in the offline copy: cached at install, except the live
  // worker's (the engine: cached when first used, so a first visit never loads it), the
  // site's live config (always from the network) and the precompressed copies (the
  // browser never asks for those by name: scripts/compress.mjs).
  const list = (name) => JSON.parse(new RegExp(`const ${name} = (\\[.*?\\]);`).exec(sw)[1]);
  const [assets, lazy] = [list('ASSETS'), list('LAZY')];
  for (const file of await readdir(DIST, { recursive: true, withFileTypes: true })) {
    if (!file.isFile() || file.name === 'sw.js' || file.name === 'okrpad.config.json') continue;
    const name = path.relative(DIST, path.join(file.parentPath ?? file.path, file.name));
    if (/\.(br|gz)$/.test(name)) assert.ok(!sw.includes(`"${name}"`), `${name} is cached`);
    else if (name.startsWith('okrpad-live-worker')) assert.ok(lazy.includes(name) && !assets.includes(name), `${name} is not cached when used`);
    else assert.ok(assets.includes(name), `${name} is not cached`);
  }
  assert.equal(lazy.length, 3, 'the live worker: loader, glue, Wasm');
});

test('after one visit the app opens and saves an edit with the network off', async (t) => {
  // Under a sub-path, as on a shared host: the worker's scope follows the page.
  const app = await startApp({ prefix: '/team/okrpad/' });
  t.after(() => app.close());
  const { page, errors } = await app.open(t);
  await ready(page);
  await controlled(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, app.server.url);

  // No network at all: the browser is offline (DevTools network emulation) and the
  // server is gone.
  await page.context().setOffline(true);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await app.server.close();
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => navigator.onLine), false);

  // A key result's title: an objective's title, mid-period, would first ask why.
  const title = () => keyResult(page, 'sc-1').locator('[data-testid=kr-title]');
  await title().fill('离线也能编辑');
  await waitSaved(page);
  assert.ok(SAVED.includes((await page.getByTestId('save-state').textContent()).trim()));
  const saved = await stored(page);
  const kr = saved.objectives.find((o) => o.id === 'sc').key_results.find((k) => k.id === 'sc-1');
  assert.equal(kr.title, '离线也能编辑');

  // And the edit is there on the next offline start.
  await page.reload();
  await ready(page);
  assert.equal(await title().inputValue(), '离线也能编辑');
  await screenshot(page, 'offline-after-reload');

  // The meeting screens are fetched when first opened: the service worker cached their
  // files at install, so one never opened before opens offline too.
  await page.locator('[data-testid=screen-map]').click();
  await page.locator('[data-testid=map-card]').first().waitFor();
  await page.locator('[data-testid=screen-dashboard]').click();
  await page.locator('[data-screen=dashboard]').waitFor();
  assert.equal(await page.getByTestId('screen-failed').count(), 0);
  assert.deepEqual(errors, []);
});

test('a new build replaces the offline copy of the one before the last', async (t) => {
  const { dir, server, context, page } = await openDeployedCopy(t);
  const old = await version(dir);
  const [oldCache] = await cachesUntil(page, (names) => names.length === 1);
  assert.ok(oldCache.endsWith(old), oldCache);

  // Deploy a new build: a changed stylesheet, and the service worker rewritten for it
  // exactly as the Trunk hook does.
  const css = (await readdir(dir)).find((f) => f.endsWith('.css'));
  const deploy = async (comment) => {
    await appendFile(path.join(dir, css), `\n/* ${comment} */\n`);
    execFileSync('bash', [SW_SCRIPT, dir]);
    return version(dir);
  };
  const next = await deploy('the next build');
  assert.notEqual(next, old);

  // The next visit finds the new worker, which caches the new build. The old build's
  // cache stays: a page still open on it may yet open a meeting screen, whose files
  // it fetches only then.
  await page.reload();
  await ready(page);
  const names = await cachesUntil(page, (n) => n.length === 2 && n[1].endsWith(next));
  assert.equal(names[0], oldCache);
  assert.equal(names[1].replace(next, ''), oldCache.replace(old, ''));
  // The new cache is listed as soon as the worker opens it, before it is filled.
  let cachedCss;
  for (let i = 0; i < 100 && !cachedCss; i++) {
    cachedCss = await page.evaluate(
      async ([name, file]) => (await (await caches.open(name)).match(file))?.text(),
      [names[1], `${server.url}${css}`],
    );
    if (!cachedCss) await new Promise((done) => setTimeout(done, 100));
  }
  assert.match(cachedCss ?? '', /the next build/);

  // One more deploy: the build before the last goes.
  const third = await deploy('the third build');
  await page.reload();
  await ready(page);
  const after = await cachesUntil(page, (n) => n.length === 2 && n[1].endsWith(third));
  assert.equal(after[0], names[1]);
  await context.close();
});

test('a page left open on the previous build still opens a meeting screen after a deploy', async (t) => {
  const { dir, context, page, errors } = await openDeployedCopy(t);
  const old = await version(dir);

  // Deploy the next build over it, the way a host that replaces the folder does: the
  // app's files under a new build hash (their references to each other rewritten), the
  // old names gone from the host, and the service worker written for the new files.
  const files = await readdir(dir);
  const hash = /^okrpad-app-([0-9a-f]{16})\.js$/.exec(files.find((f) => /^okrpad-app-[0-9a-f]{16}\.js$/.test(f)))[1];
  const next = [...hash].reverse().join('');
  for (const f of files.filter((f) => f.startsWith(`okrpad-app-${hash}`))) {
    const bytes = await readFile(path.join(dir, f));
    const text = f.endsWith('.js') ? bytes.toString('utf8').replaceAll(hash, next) : bytes;
    await writeFile(path.join(dir, f.replace(hash, next)), text);
    await rm(path.join(dir, f));
  }
  const html = (await readFile(path.join(dir, 'index.html'), 'utf8')).replaceAll(hash, next);
  await writeFile(path.join(dir, 'index.html'), html);
  execFileSync('bash', [SW_SCRIPT, dir]);
  const deployed = await version(dir);
  assert.notEqual(deployed, old);

  // The open page learns of the new worker (browsers check on navigation and at least
  // daily; here, now), which takes over at once. The page's controller changes when the
  // worker starts activating; its old caches are cleared by the time it is activated.
  await page.evaluate(async () => {
    const changed = new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
    await (await navigator.serviceWorker.getRegistration()).update();
    await changed;
    const worker = navigator.serviceWorker.controller;
    if (worker.state !== 'activated') {
      await new Promise((done) => worker.addEventListener('statechange', () => worker.state === 'activated' && done()));
    }
  });
  const names = await page.evaluate(() => caches.keys());
  assert.equal(names.length, 2);
  assert.ok(names[1].endsWith(deployed), names.join(', '));

  // A screen this page never opened: its module, named by the previous build, is gone
  // from the host, and the new worker serves it from the previous build's cache.
  await page.locator('[data-testid=screen-map]').click();
  await page.locator('[data-testid=map-card]').first().waitFor();
  assert.equal(await page.getByTestId('screen-failed').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
