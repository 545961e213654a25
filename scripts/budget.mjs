// The size budget that `make test` holds (`make budget`, after `make dist`): what a first
// visit downloads, the page and every file it loads at once (stylesheets, the JS glue,
// the Wasm), as the brotli copies in dist/ that a host serves (scripts/compress.mjs),
// must stay within size-budget.json's `budget_bytes`. Prints each file beside the
// baseline recorded there, so a change that breaks the budget shows what grew.
//
// The budget only goes down: lower it (by hand, in the same commit) when a change makes
// the first visit smaller, to the new size plus about 2%, so the next change cannot
// spend the bytes saved without saying so. `--record` writes the current sizes as
// the baseline and leaves the budget as it is.
// Usage: node scripts/budget.mjs [--record] [DIST]
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUDGET = join(ROOT, 'size-budget.json');
const record = process.argv.includes('--record');
const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(ROOT, 'dist');

// What the page loads on a first visit: itself, its stylesheets, the module preloads
// and preloads written for the glue, the split loader and the Wasm (build-app.mjs). The manifest, icons and
// the service worker come after the first render and are not counted.
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const loaded = [
  ...html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload|preload)"[^>]*>/g),
].map(([tag]) => /\bhref="(?:\.\/)?([^"]+)"/.exec(tag)[1]);
const files = ['index.html', ...loaded];

// Build hashes out of the names, so a file keeps its row from one build to the next.
const stable = (f) => f.replace(/-[0-9a-f]{8,16}(?=[._])/, '');
const now = {};
for (const f of files) {
  const br = join(dir, `${f}.br`);
  if (!existsSync(br)) {
    console.error(`budget: no ${br}: dist/ has no precompressed copies (run make dist)`);
    process.exit(1);
  }
  now[stable(f)] = statSync(br).size;
}
const total = Object.values(now).reduce((a, b) => a + b, 0);

const conf = JSON.parse(readFileSync(BUDGET, 'utf8'));
const before = conf.baseline?.files ?? {};
const kb = (n) => (n == null ? "—" : `${(n / 1024).toFixed(1)} KB`); // KB of 1024 bytes, as make bench
const diff = (a, b) => (a == null || b == null ? '' : `${b - a >= 0 ? '+' : ''}${b - a}`);
const names = [...new Set([...Object.keys(before), ...Object.keys(now)])];
const w = Math.max(...names.map((n) => n.length), 'first visit'.length);
console.log(`first visit, brotli: baseline (${conf.baseline?.date ?? 'none'}) and now`);
console.log(`${'file'.padEnd(w)} ${'baseline'.padStart(10)} ${'now'.padStart(10)} ${'bytes'.padStart(8)}`);
for (const n of names) {
  console.log(`${n.padEnd(w)} ${kb(before[n]).padStart(10)} ${kb(now[n]).padStart(10)} ${diff(before[n], now[n]).padStart(8)}`);
}
const was = conf.baseline?.total_bytes;
console.log(`${'first visit'.padEnd(w)} ${kb(was).padStart(10)} ${kb(total).padStart(10)} ${diff(was, total).padStart(8)}`);
console.log(`budget ${kb(conf.budget_bytes)} (${conf.budget_bytes} bytes); the target is ${kb(conf.target_bytes)}`);

// What is fetched later is reported, not budgeted: each meeting screen's own module
// (on its first opening, with the shared chunks it needs), scripts/build-app.mjs.
const built = readdirSync(dir);
const later = (pattern) => built.filter((f) => pattern.test(f))
  .reduce((sum, f) => sum + (existsSync(join(dir, `${f}.br`)) ? statSync(join(dir, `${f}.br`)).size : 0), 0);
const screens = built.map((f) => /_split_(\w+)\.wasm$/.exec(f)?.[1]).filter(Boolean).sort();
if (screens.length) {
  const each = screens.map((s) => `${s} ${kb(later(new RegExp(`_split_${s}\\.wasm$`)))}`).join(', ');
  console.log(`later, on first opening (brotli): ${each}; shared chunks ${kb(later(/_chunk_\d+\.wasm$/))}`);
}
if (record) {
  conf.baseline = { date: new Date().toISOString().slice(0, 10), total_bytes: total, files: now };
  writeFileSync(BUDGET, `${JSON.stringify(conf, null, 2)}\n`);
  console.log(`budget: baseline recorded in ${BUDGET}`);
}
if (total > conf.budget_bytes) {
  console.error(`budget: the first visit is ${total} bytes brotli, over the budget of ${conf.budget_bytes} by ${total - conf.budget_bytes}`);
  process.exit(1);
}
console.log(`budget: ok, ${conf.budget_bytes - total} bytes to spare`);
