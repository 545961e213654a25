// dist/ as a static host serves it: relative asset URLs, so the app also runs under a
// sub-path (https://host/team/okrpad/), and files with the MIME types browsers require.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startApp } from './lib/browser.mjs';
import { DIST } from './lib/server.mjs';
import { reveal } from './lib/editor.mjs';

const PREFIX = '/team/okrpad/';

let app;
before(async () => {
  // Served as a host that serves the precompressed copies does (README, "Hosting").
  app = await startApp({ prefix: PREFIX, encodings: ['br', 'gzip'] });
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
    assert.equal(r.encoding, 'br', 'the wasm came without its brotli copy');
  }
  assert.deepEqual(app.server.notFound, []);
  assert.deepEqual(errors, []);
});

test('every text and Wasm file of dist/ has a brotli and a gzip copy of the same bytes', async () => {
  const names = (await readdir(DIST, { recursive: true })).map(String);
  const plain = names.filter((n) => /\.(html|js|wasm|css|svg|webmanifest)$/.test(n));
  assert.ok(plain.some((n) => n.endsWith('.wasm')), `no wasm in ${DIST}`);
  for (const n of plain) {
    const body = await readFile(path.join(DIST, n));
    assert.ok(brotliDecompressSync(await readFile(path.join(DIST, `${n}.br`))).equals(body), `${n}.br`);
    assert.ok(gunzipSync(await readFile(path.join(DIST, `${n}.gz`))).equals(body), `${n}.gz`);
  }
});

// The Content-Security-Policy of index.html: what the page may load and run.
const policyOf = (html) => html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];

test('the page carries a Content-Security-Policy that allows only its own scripts, and a description', async () => {
  const html = await readFile(`${DIST}index.html`, 'utf8');
  const policy = policyOf(html);
  assert.ok(policy, 'no Content-Security-Policy meta tag');
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'the policy must come before any script');
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  const scripts = directives['script-src'];
  assert.ok(scripts.includes("'self'") && scripts.includes("'wasm-unsafe-eval'"), policy);
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:', 'blob:']) {
    assert.ok(!scripts.includes(unsafe), `script-src allows ${unsafe}`);
  }
  // Every inline script of the build is allowed by its hash, and nothing else inline.
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
  assert.ok(inline.length >= 1, 'Trunk writes an inline loader');
  const { createHash } = await import('node:crypto');
  for (const [, body] of inline) {
    assert.ok(scripts.includes(`'sha256-${createHash('sha256').update(body).digest('base64')}'`), 'inline script without its hash');
  }
  assert.ok(!policy.includes('__INLINE_SCRIPT_HASHES__'), 'the placeholder was not filled in');
  assert.deepEqual(directives['object-src'], ["'none'"]);
  const description = html.match(/<meta name="description" content="([^"]*)"/)?.[1] ?? '';
  assert.match(description, /OKR/);
  assert.match(description, /[\u4e00-\u9fff]/, 'Chinese in the description');
  assert.match(description, /[a-z]{4,} [a-z]{4,}/, 'English in the description');
});

test('the app runs under its Content-Security-Policy: every screen, exports, a link and a fetch, no violation', async (t) => {
  const { page, errors } = await app.open(t);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.reload();
  await page.locator('main h1').waitFor();
  // A foreign inline script is refused: the policy is in force.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
  });
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'an injected inline script ran');
  const refused = await page.evaluate(() => window.__violations.splice(0));
  assert.equal(refused.length, 1, `expected the injected script refused: ${refused}`);
  errors.splice(0); // the refusal's console error, expected

  for (const name of ['dashboard', 'map', 'review', 'grading', 'editor']) {
    await page.locator(`[data-testid=screen-${name}]`).click();
    await page.locator(`[data-screen=${name}]`).first().waitFor();
    if (name === 'map') {
      await page.locator('[data-testid=map-card]').first().waitFor();
      for (const format of ['svg', 'png']) {
        await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=map-export-${format}]`).click()]);
      }
    }
  }
  for (const format of ['json', 'markdown', 'csv']) {
    const button = await reveal(page, `export-${format}`);
    await Promise.all([page.waitForEvent('download'), button.click()]);
  }
  await (await reveal(page, 'share-link')).click();
  await page.locator('[data-testid=share-dialog]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=screen-present]').click();
  await page.locator('[data-testid=slide]').waitFor();
  await page.keyboard.press('Escape');
  // A fetch by ?src= (connect-src) from another origin, and the service worker.
  const other = await (await import('./lib/server.mjs')).serve({ files: { '/x.okr.json': '{"okrpad": 1, "title": "Elsewhere", "objectives": []}' } });
  t.after(() => other.close());
  await page.goto(`${app.server.url}?src=${encodeURIComponent(`${other.url}x.okr.json`)}`);
  await page.locator('.notice[role=alert], [data-testid=read-only]').first().waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // The other server sends no CORS header: that failure is the browser's, not the policy's.
  assert.deepEqual(errors.filter((e) => /Content Security Policy|Content-Security-Policy/i.test(e)), []);
  assert.deepEqual(errors.filter((e) => !/CORS|Failed to load resource|Failed to fetch/i.test(e)), []);
});
