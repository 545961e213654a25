// Builds the browser app's Wasm in place of Trunk's rust link, so that the meeting
// screens are not part of the first download (DESIGN.md, "Size"; issue 13).
//
// Trunk runs cargo, wasm-bindgen and wasm-opt as one step, with no hook in between,
// and the split has to happen in between: on the linked module, which still has its
// relocations (build.rs links it with --emit-relocs), before wasm-bindgen drops them.
// So Trunk builds everything else (the page, stylesheets, icons, the live worker) and
// this, its first post-build step (scripts/post-build.sh), adds the app:
//
// 1. cargo builds bin `okrpad-app` for wasm32, with Trunk's profile;
// 2. wasm-split-cli (crates.io `wasm_split_cli_support`, scripts/setup.sh) cuts the
//    linked module at the split points (`#[wasm_split]`, src/screens/mod.rs): a main
//    module, one module per screen, shared chunks for code two screens need, and a
//    small JS loader (`__wasm_split.js`) that fetches a screen's modules on first use;
// 3. wasm-bindgen writes the glue for the main module (keeping the exports the
//    screens' modules import from it);
// 4. release only: wasm-opt with the level and features that `data-wasm-opt` and
//    `data-wasm-opt-params` give on index.html's rust link for `okrpad-app` (which
//    Trunk skips), on every module;
// 5. every file is named with one hash of all of them (the glue and the loader import
//    each other, so no file's hash can be its own), and the page gets Trunk's loader
//    script and preload links with their integrity.
//
// By hand: node scripts/build-app.mjs DIR [release|debug]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
const profile = process.argv[3] ?? process.env.TRUNK_PROFILE ?? 'release';
if (!dir || !['release', 'debug'].includes(profile)) {
  console.error('usage: node scripts/build-app.mjs DIR [release|debug] (or run by Trunk)');
  process.exit(2);
}
const release = profile === 'release';
const run = (cmd, args) => {
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    const missing = error.code === 'ENOENT' ? ': not on PATH (make setup installs it)' : '';
    console.error(`build-app.mjs: ${cmd} failed${missing}`);
    process.exit(1);
  }
};

// index.html's rust link for the app (which Trunk skips) holds its wasm-opt settings,
// as it did when Trunk built it.
const source = readFileSync(join(ROOT, 'index.html'), 'utf8');
const marker = /<link\b[^>]*\bdata-bin="okrpad-app"[^>]*>/.exec(source);
if (!marker) {
  console.error('build-app.mjs: index.html has no <link data-trunk rel="rust" data-bin="okrpad-app" …>');
  process.exit(1);
}
const attr = (name) => new RegExp(`\\b${name}="([^"]*)"`).exec(marker[0])?.[1] ?? '';
const optLevel = attr('data-wasm-opt');
const optParams = attr('data-wasm-opt-params').split(/\s+/).filter(Boolean);

// 1. The linked module, relocations kept.
run('cargo', ['build', '--target', 'wasm32-unknown-unknown', '--bin', 'okrpad-app', '--offline', ...(release ? ['--release'] : [])]);
const linked = join(ROOT, 'target/wasm32-unknown-unknown', profile, 'okrpad-app.wasm');

// 2. and 3. Split, then the glue for the main module.
const work = join(ROOT, 'target/split', profile);
rmSync(work, { recursive: true, force: true });
const parts = join(work, 'parts');
mkdirSync(parts, { recursive: true });
run('wasm-split-cli', ['--target', 'web', '--out-name', 'okrpad-app', linked, parts]);
run('wasm-bindgen', [
  '--target', 'web', '--no-typescript', '--keep-lld-exports', '--no-demangle',
  '--out-name', 'okrpad-app', '--out-dir', parts, join(parts, 'okrpad-app.wasm'),
]);
rmSync(join(parts, 'okrpad-app.wasm'));

// The loader compiles a screen's module with `instantiateStreaming`, which refuses a
// response that is not `application/wasm`: on a host that serves .wasm as
// octet-stream (common on object stores), every meeting screen would fail to open
// while the app itself starts (wasm-bindgen's glue falls back to the bytes). The same
// fallback here, and a failed answer (a 404, an HTML page in its place) named.
const loaderFile = join(parts, '__wasm_split.js');
const streaming = 'WebAssembly.instantiateStreaming(src, imports)';
const splitLoader = readFileSync(loaderFile, 'utf8');
if (!splitLoader.includes(streaming)) {
  console.error(`build-app.mjs: the split loader no longer calls ${streaming}: check its fallback`);
  process.exit(1);
}
writeFileSync(loaderFile, `${splitLoader.replaceAll(streaming, 'instantiateModule(src, imports)')}
async function instantiateModule(src, imports) {
  const response = await src;
  if (!response.ok) throw new Error(\`\${response.url}: \${response.status} \${response.statusText}\`);
  if (response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
`);

// 4. Every module through wasm-opt, as Trunk did for the one module.
const modules = readdirSync(parts).filter((f) => f.endsWith('.wasm'));
if (release && optLevel) {
  for (const m of modules) {
    const file = join(parts, m);
    run('wasm-opt', [`-O${optLevel}`, ...optParams, file, '-o', file]);
  }
}

// 5. One hash for the build's files, in every name.
const files = readdirSync(parts).sort();
const all = createHash('sha256');
for (const f of files) all.update(f).update(readFileSync(join(parts, f)));
const hash = all.digest('hex').slice(0, 16);
const renamed = (f) => (f === 'okrpad-app.js' ? `okrpad-app-${hash}.js`
  : f === '__wasm_split.js' ? `okrpad-app-${hash}_split.js`
  : `okrpad-app-${hash}_${f.replace(/^okrpad-app_/, '')}`);
// Where the files name each other: `import … from "./x"` and `new URL("./x", …)`, in the
// loader and the glue. Not the glue's object of imports, whose keys are the module
// names inside the Wasm.
const references = (text) => text.replace(/(from\s*|new URL\()(['"])(\.\/)?([^'"]+)\2/g,
  (whole, before, quote, dot = '', name) => (files.includes(name) ? `${before}${quote}${dot}${renamed(name)}${quote}` : whole));
for (const f of files) {
  const from = join(parts, f);
  if (f.endsWith('.js')) writeFileSync(from, references(readFileSync(from, 'utf8')));
  renameSync(from, join(dir, renamed(f)));
}
const glue = renamed('okrpad-app.js');
const loader = renamed('__wasm_split.js');
const wasm = renamed('okrpad-app_bg.wasm');
const sri = (f) => `sha384-${createHash('sha384').update(readFileSync(join(dir, f))).digest('base64')}`;

// Trunk's own loader script and preloads, where Trunk writes them: at the end of the
// head. The split loader is preloaded too: the glue imports it, so the first visit
// loads it at once.
const page = join(dir, 'index.html');
const html = readFileSync(page, 'utf8').replace('</head>', `<script type="module">
import init, * as bindings from './${glue}';
const wasm = await init({ module_or_path: './${wasm}' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script>
<link rel="modulepreload" href="./${glue}" crossorigin="anonymous" integrity="${sri(glue)}">
<link rel="modulepreload" href="./${loader}" crossorigin="anonymous" integrity="${sri(loader)}">
<link rel="preload" href="./${wasm}" crossorigin="anonymous" integrity="${sri(wasm)}" as="fetch" type="application/wasm">
</head>`);
writeFileSync(page, html);
const screens = files.filter((f) => /^(split|chunk)_.*\.wasm$/.test(f)).length;
console.log(`build-app.mjs: okrpad-app ${hash} (${profile}): the main module and ${screens} modules loaded on first use`);
