// DevOps Lab's service worker, served as /sw.js: scripts/post-build.mjs writes it from
// assets/sw-template.js at build time, with this build's version and file list.
//
// One version = one cache (devops-lab-<version>) holding every file of that build. Pages
// are served from the cache of the worker that controls them, so a page, the files it
// loads later (the parsers worker, data) and its reloads all come from one build. A new
// build installs beside it and waits: the page shows "A new version of DevOps Lab is
// ready" (assets/sw-register.js, src/ui/update_notice.rs) and only the learner's click
// posts 'skip-waiting'. Activation deletes the caches of older versions.
const VERSION = '__VERSION__';
// false in a debug build (trunk serve): the worker removes itself and its caches.
const PRECACHE = '__PRECACHE__';
// Paths relative to this file.
const FILES = ['__FILES__'];
// Files of this build cached when first fetched, not at install (large data that only some
// pages need: the templates' resource knowledge). Their names carry their content's hash.
const LAZY = ['__LAZY__'];

const PREFIX = 'devops-lab-';
const CACHE = PREFIX + VERSION;
const URLS = new Set(FILES.map((f) => new URL(f, self.location).href));
const LAZY_URLS = new Set(LAZY.map((f) => new URL(f, self.location).href));
const SCOPE = new URL('./', self.location).href;
const INDEX = new URL('index.html', self.location).href;

self.addEventListener('install', (event) => {
  if (!PRECACHE) {
    self.skipWaiting();
    return;
  }
  // A file whose name carries its content's hash may come from the HTTP cache (the page
  // has just downloaded most of them); any other (index.html, the parsers worker, data)
  // is revalidated with the server, so that a stale copy never enters a new version's
  // cache. addAll is all or nothing: a failed download leaves the old version in charge.
  const hashed = /-[0-9a-f]{16}(_bg)?\.[a-z0-9]+$/;
  const requests = [...URLS].map((url) => new Request(url, { cache: hashed.test(url) ? 'default' : 'no-cache' }));
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(requests);
      // A lazy file an older version had already fetched has the same name, so the same
      // content: it is kept for this version too.
      for (const url of LAZY_URLS) {
        const hit = await caches.match(url);
        if (hit) await cache.put(url, hit);
      }
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && (key !== CACHE || !PRECACHE)) await caches.delete(key);
      }
      if (!PRECACHE) {
        await self.registration.unregister();
        return;
      }
      // The first install takes the open page at once (it runs this very build), so the
      // first visit already works offline. An update gets here only after the learner
      // accepted it, and that page reloads.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  if (!PRECACHE) return;
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  url.hash = '';
  let key = null;
  if (request.mode === 'navigate' && (url.href === SCOPE || url.href === INDEX)) {
    key = INDEX; // the app's page, whatever its #/route
  } else if (URLS.has(url.href)) {
    key = url.href;
  }
  if (key === null && LAZY_URLS.has(url.href)) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        const hit = await cache.match(url.href);
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok) await cache.put(url.href, response.clone());
        return response;
      })(),
    );
    return;
  }
  if (key === null) return; // not part of this build: the network, as without a worker
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(request)),
  );
});
