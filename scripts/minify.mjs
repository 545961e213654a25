// Minifies a release build's JavaScript (the wasm-bindgen glue, sw.js is written later)
// with terser and its stylesheets with csso, and drops the page's HTML comments, which
// are notes for whoever reads index.html here, not for the visitor. Lighthouse counts
// the glue's whitespace and long names as "unminified JavaScript" (3 KB of brotli) and
// the stylesheets' comments and spaces as "unminified CSS" (2 KB). Trunk's own minifier
// is left off (Trunk.toml): it breaks wasm-bindgen glue (trunk-rs/trunk#761) or gives
// up on it, and it minifies CSS only together with the glue.
//
// csso runs without restructuring: merging and moving rules can change which rule wins
// where two have the same specificity, and the stylesheets' order is their meaning.
//
// The page pins each file by its hash (an `integrity` on its link), so that attribute is
// rewritten for the minified bytes. A name keeps the build hash Trunk gave it, which
// still changes whenever the file does.
//
// Trunk runs it after each release build (scripts/post-build.sh), before csp.mjs
// hashes the page's inline script; by hand: node scripts/minify.mjs DIR. A second run
// on the same directory changes nothing.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// terser and csso are pinned with the e2e packages (tests/e2e/package.json), like binaryen.
const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { minify } = require('terser');
const csso = require('csso');

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/minify.mjs DIR (or run by Trunk)');
  process.exit(2);
}
const page = join(dir, 'index.html');
let html = readFileSync(page, 'utf8');
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
/** Rewrites the `integrity` of the page's link to `name`, if it has one, for `bytes`. */
const pin = (name, bytes) => {
  const tag = new RegExp(`(<link\\b[^>]*\\bhref="\\./${name.replace(/[.]/g, '\\.')}"[^>]*\\bintegrity=")[^"]*(")`);
  if (tag.test(html)) html = html.replace(tag, `$1${sri(bytes)}$2`);
};

for (const name of readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'sw.js')) {
  const file = join(dir, name);
  const before = readFileSync(file, 'utf8');
  // The app's glue is an ES module: its top-level names are private to it, so terser
  // may shorten them too. The live worker's files are classic scripts (wasm-bindgen's
  // no-modules target): their top-level names, `wasm_bindgen` above all, are globals
  // the loader calls, so they keep them.
  const module = /^\s*export\b/m.test(before) || before.includes('import.meta');
  const { code } = await minify(before, { module, ecma: 2020, format: { comments: false } });
  writeFileSync(file, code);
  pin(name, code);
  console.log(`minify.mjs: ${name} ${before.length} → ${code.length} bytes`);
}
for (const name of readdirSync(dir).filter((f) => f.endsWith('.css'))) {
  const file = join(dir, name);
  const before = readFileSync(file, 'utf8');
  const { css } = csso.minify(before, { restructure: false, comments: false });
  writeFileSync(file, css);
  pin(name, css);
  console.log(`minify.mjs: ${name} ${before.length} → ${css.length} bytes`);
}
// Comments and the blank lines left where Trunk's link tags were.
html = html.replace(/<!--[\s\S]*?-->/g, '').replace(/\n\s*\n/g, '\n');
writeFileSync(page, html);
