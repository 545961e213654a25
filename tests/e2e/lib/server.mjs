// A static file server for dist/, as a web host would serve it: the e2e tests need no
// other server, and can mount the app under a sub-path to prove its URLs are relative.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// OKRPAD_DIST serves another build (say, a copy of the one before a change, to see a
// new test fail there).
export const DIST = process.env.OKRPAD_DIST ?? fileURLToPath(new URL('../../../dist/', import.meta.url));

// Browsers insist on these: `application/wasm` for WebAssembly.instantiateStreaming,
// a JavaScript type for module scripts.
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// Content-Encoding names and the suffixes of scripts/compress.mjs's copies.
const SUFFIX = { br: '.br', gzip: '.gz' };

/**
 * Serves `root` on 127.0.0.1 at a free port, under `prefix` (which starts and ends
 * with `/`). `files` adds documents at fixed paths (`{ '/team.okr.json': text }`), as
 * a team would put its OKR file next to the app. `encodings` (say `['br', 'gzip']`, in
 * order of preference) serves a file's precompressed copy (FILE.br, FILE.gz) when the
 * request accepts that encoding and the copy exists, as a host configured per README
 * "Hosting" does; none by default. `hosted` sends README "Hosting"'s cache lifetimes
 * instead of `no-store` (which keeps the tests from ever seeing a stale file, but also
 * keeps the page out of the back/forward cache, which Lighthouse counts). `types`
 * replaces content types by extension (`{ '.wasm': 'application/octet-stream' }`, a
 * host that does not know Wasm). Resolves to
 * `{ url, notFound, close }`:
 * `url` is the app's address, `notFound` the paths answered 404, so a test can assert
 * there were none.
 */
export async function serve({ root = DIST, prefix = '/', files = {}, encodings = [], hosted = false, types = {} } = {}) {
  const notFound = [];
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (Object.hasOwn(files, pathname)) {
      res.writeHead(200, { 'content-type': TYPES[path.extname(pathname)] ?? 'text/plain', 'cache-control': 'no-store' });
      res.end(files[pathname]);
      return;
    }
    const file = resolve(root, prefix, decodeURIComponent(pathname));
    try {
      if (!file) throw new Error('outside the app');
      const accepted = String(req.headers['accept-encoding'] ?? '').split(/\s*,\s*/).map((e) => e.split(';')[0]);
      let body = await readFile(file);
      const headers = {
        'content-type': types[path.extname(file)] ?? TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': hosted ? cacheControl(file) : 'no-store',
      };
      if (encodings.length) headers.vary = 'accept-encoding';
      for (const e of encodings.filter((e) => accepted.includes(e))) {
        const copy = await readFile(file + SUFFIX[e]).catch(() => null);
        if (copy) {
          body = copy;
          headers['content-encoding'] = e;
          break;
        }
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      notFound.push(pathname);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    notFound,
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(ok));
    },
  };
}

// README "Hosting": a name with a build hash never changes its bytes; the rest may.
const cacheControl = (file) =>
  /-[0-9a-f]{8,16}(?:_\w+)?\.(?:js|wasm|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';

// The file for a request path, or null outside the prefix or the root. A directory
// means its index.html, as on any static host.
function resolve(root, prefix, pathname) {
  if (!pathname.startsWith(prefix)) return null;
  let file = path.join(root, pathname.slice(prefix.length));
  if (path.relative(root, file).startsWith('..')) return null;
  if (pathname.endsWith('/')) file = path.join(file, 'index.html');
  return file;
}
