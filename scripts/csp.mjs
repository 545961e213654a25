// Completes the Content-Security-Policy of a build: the policy in index.html allows
// scripts by hash, and the loader of a build (an inline script written by build-app.mjs,
// as Trunk writes it, which imports the wasm-bindgen glue and starts the Wasm) changes
// with the file names of each build.
// This replaces the placeholder __INLINE_SCRIPT_HASHES__ in index.html by the SHA-256
// hash of every inline <script> of the built page, so exactly those run and no other
// inline script does (see DESIGN.md, "The page's security policy").
//
// Trunk runs it after each build (scripts/post-build.sh, before sw.sh, which
// hashes the final files) on its staging dir; by hand: node scripts/csp.mjs DIR
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/csp.mjs DIR (or run by Trunk)');
  process.exit(2);
}
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');
const PLACEHOLDER = '__INLINE_SCRIPT_HASHES__';
if (!html.includes(PLACEHOLDER)) {
  console.error(`csp.mjs: ${file} has no ${PLACEHOLDER} in its Content-Security-Policy`);
  process.exit(1);
}
// Inline scripts: a <script> without src. The browser hashes the exact text between
// the tags, as UTF-8.
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
);
writeFileSync(file, html.replace(PLACEHOLDER, hashes.join(' ')));
console.log(`csp.mjs: ${hashes.length} inline script(s) allowed by hash`);
