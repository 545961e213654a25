// okrpad's service worker: after one visit, the app opens and works with the network off.
//
// This file is a template: scripts/sw.sh (a Trunk post_build hook) writes it into each
// build with VERSION, a hash of every file of that build, and ASSETS, their names. A
// new deploy therefore brings a byte-different sw.js, which the browser installs as an
// update: it caches the new files under a new name and deletes the old cache.
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
// The live worker's files: cached the first time a live session loads them (then they
// work offline too), never at install, so a first visit does not download the engine.
const LAZY = __LAZY__;

// Cache names are per origin: the scope in the name keeps two copies of okrpad on one
// host (say /a/ and /b/) from deleting each other's cache.
const PREFIX = `okrpad ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `no-cache`: each file checked with the host, so the cache holds this build's
      // files, but one the browser holds already (the page has just loaded them all)
      // comes back as "not modified" rather than a second download. A host without
      // validators (no ETag, no Last-Modified) sends it whole, as `reload` would.
      await cache.addAll(ASSETS.map((url) => new Request(url, { cache: 'no-cache' })));
      // No need to wait for open pages to close: the previous build's cache stays until
      // the next one (see `activate`), so a page still running the previous build can
      // open a meeting screen it has not opened yet.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Keys come in the order the caches were made: the last one before this build's
      // is the previous build's. It is kept, since its meeting screens' files are
      // fetched only when first opened (DESIGN.md, "Offline"); older ones go.
      const others = (await caches.keys()).filter((key) => key.startsWith(PREFIX) && key !== CACHE);
      for (const key of others.slice(0, -1)) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

// A page starting a live session asks for the live worker's files. On a first visit
// the page is not yet controlled when it loads them, so they came past this worker and
// would be missing offline: fetch and keep them now.
self.addEventListener('message', (event) => {
  if (event.data !== 'cache-live') return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const path of LAZY) {
        const url = new URL(path, self.registration.scope).href;
        if (await cache.match(url)) continue;
        const response = await fetch(url).catch(() => null);
        if (response?.ok) await cache.put(url, response);
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  if (request.mode === 'navigate') {
    // The page from the network when there is one, so a new deploy shows at once and
    // the page never names files an old cache lacks; the cached page when offline.
    event.respondWith(
      fetch(request).catch(async () => {
        const cache = await caches.open(CACHE);
        return (
          (await cache.match(request, { ignoreSearch: true })) ??
          (await cache.match(self.registration.scope)) ??
          Response.error()
        );
      }),
    );
    return;
  }
  const path = request.url.slice(self.registration.scope.length).split(/[?#]/)[0];
  // The site's live defaults may change without a deploy: always from the network.
  if (path === 'okrpad.config.json') return;
  if (LAZY.includes(path)) {
    // The worker's names carry no hash, but the cache is this build's: a file cached
    // here is this build's file.
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        const hit = await cache.match(request);
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      })(),
    );
    return;
  }
  // Asset names carry their build's hash: a cached file is never stale, in this build's
  // cache or the previous one's (a page still running the previous build).
  // `caches.match` looks in every cache of the origin, this build's among them.
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});
