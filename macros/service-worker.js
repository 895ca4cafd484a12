// The site's service worker, written to /sw.js by each build (macros/offline.py fills in
// VERSION and FILES). After a first visit it keeps the reader's language of the site on the
// device, so that every page, card and form opens with no network. It never touches another
// origin, and each published build (a new VERSION) replaces the old copy.
const VERSION = "__VERSION__";
const FILES = __FILES__; // {shared: [...], en: [...], es: [...]}, relative to this file
const CACHE = `kyr-${VERSION}`;
const base = new URL("./", self.location);

const addAll = async (paths) => {
  const cache = await caches.open(CACHE);
  const wanted = paths.map((path) => new URL(path, base).href);
  const missing = [];
  for (const url of wanted) if (!(await cache.match(url))) missing.push(url);
  await cache.addAll(missing);
};

self.addEventListener("install", (event) => {
  event.waitUntil(addAll(FILES.shared).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// A page tells us its language once it is open: keep that whole language for offline use.
self.addEventListener("message", (event) => {
  const lang = event.data && event.data.precache;
  if (FILES[lang]) event.waitUntil(addAll(FILES[lang]));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.match(event.request, { ignoreSearch: true }).then(
      (cached) => cached || fetch(event.request),
    ),
  );
});
