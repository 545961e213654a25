// dist/ as a static host serves it: relative asset URLs, so the app also runs under a
// sub-path (https://host/team/okrpad/), and files with the MIME types browsers require.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startApp } from './lib/browser.mjs';
import { DIST } from './lib/server.mjs';

const PREFIX = '/team/okrpad/';

let app;
before(async () => {
  app = await startApp({ prefix: PREFIX });
});
after(() => app?.close());

test('dist/index.html refers to its assets by relative URLs', async () => {
  const html = await readFile(`${DIST}index.html`, 'utf8');
  // Attributes, plus the module imports and wasm path in Trunk's inline loader script.
  const urls = [...html.matchAll(/(?:href|src)="([^"]*)"|(?:from|import\(|module_or_path:)\s*['"]([^'"]+)['"]/g)]
    .map((m) => m[1] ?? m[2])
    .filter((u) => !u.startsWith('data:'));
  assert.ok(urls.some((u) => u.endsWith('.wasm')), `no .wasm URL found in index.html: ${urls}`);
  assert.ok(urls.some((u) => u.endsWith('.js')), `no .js URL found in index.html: ${urls}`);
  for (const u of urls) assert.doesNotMatch(u, /^(\/|[a-z]+:)/i, `absolute URL in index.html: ${u}`);
});

test(`the app runs under a sub-path (${PREFIX})`, async (t) => {
  const { page, errors, responses } = await app.open(t);
  await page.locator('main h1').waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok((await page.locator('main h1').innerText()).trim(), 'the app rendered no title');
  const wasm = responses.filter((r) => r.url.endsWith('.wasm'));
  assert.ok(wasm.length >= 1, 'no wasm loaded');
  for (const r of wasm) {
    assert.ok(new URL(r.url).pathname.startsWith(PREFIX), `wasm outside ${PREFIX}: ${r.url}`);
    assert.equal(r.type, 'application/wasm');
  }
  assert.deepEqual(app.server.notFound, []);
  assert.deepEqual(errors, []);
});
