// Dictum's service worker: caches the app shell (the HTML page, the hashed script and style
// bundles, icons, manifest) so the app opens on a bad network. It never caches or answers
// anything under /api/ (patient data), nor any non-GET request: those always go to the network
// untouched. Unsent recordings are kept by the page itself (IndexedDB, encrypted), not here.
const CACHE = 'dictum-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** Paths that are never cached: the API and the server's own endpoints. */
function isPrivate(url) {
  return (
    url.pathname.startsWith('/api/') ||
    url.pathname === '/api' ||
    url.pathname.startsWith('/docs') ||
    url.pathname === '/healthz' ||
    url.pathname === '/readyz' ||
    url.pathname === '/metrics' ||
    url.pathname.startsWith('/admin/queues')
  );
}

async function put(key, response) {
  if (
    response.ok &&
    response.type === 'basic' &&
    !response.headers.get('cache-control')?.includes('no-store')
  ) {
    const c = await caches.open(CACHE);
    await c.put(key, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || isPrivate(url)) return;
  if (req.mode === 'navigate') {
    // The page itself: the newest from the network; the cached shell when offline. Every app
    // path is the same index.html, so it is cached once under "/".
    event.respondWith(
      fetch(req)
        .then((res) =>
          res.ok && res.headers.get('content-type')?.includes('text/html') ? put('/', res) : res,
        )
        .catch(() => caches.match('/').then((hit) => hit ?? Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed file names never change content: cache first.
    event.respondWith(caches.match(req).then((hit) => hit ?? fetch(req).then((res) => put(req, res))));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(req).then((hit) => {
        const fresh = fetch(req)
          .then((res) => put(req, res))
          .catch(() => hit);
        return hit ?? fresh;
      }),
    );
  }
});
