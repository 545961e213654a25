// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip -9) next to every text and Wasm
// file of a build, so a static host that serves precompressed files (nginx gzip_static
// and brotli_static, Caddy's precompressed, most CDNs) sends them without compressing on
// each request, at a level too slow to use on the fly. README, "Hosting", says what a
// host should set.
//
// Trunk runs it after each release build (scripts/post-build.sh), after sw.sh, so sw.js
// and the page are compressed in their final form; by hand: node scripts/compress.mjs DIR.
// It rewrites every copy, so a second run on the same directory changes nothing.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What compresses; images are compressed already.
export const COMPRESSED = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.svg', '.json', '.webmanifest']);
// The copies themselves, which the service worker and the size table skip.
export const isCopy = (name) => name.endsWith('.br') || name.endsWith('.gz');

// The brotli command line's defaults (quality 11, a 16 MB window): `brotli -q 11`, as
// scripts/size.sh measures, gives the same bytes. Node's default window is 4 MB.
export const brotli = (buf) =>
  brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  });
export const gzip = (buf) => gzipSync(buf, { level: 9 });

/** Every file under `dir`, as paths relative to it. */
export function files(dir, sub = '') {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, join(sub, e.name)) : [join(sub, e.name)],
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('usage: node scripts/compress.mjs DIR (or run by Trunk)');
    process.exit(2);
  }
  let n = 0;
  for (const f of files(dir)) {
    if (isCopy(f) || !COMPRESSED.has(extname(f))) continue;
    const body = readFileSync(join(dir, f));
    writeFileSync(join(dir, `${f}.br`), brotli(body));
    writeFileSync(join(dir, `${f}.gz`), gzip(body));
    n++;
  }
  console.log(`compress.mjs: ${n} files, each with a .br and a .gz copy`);
}
