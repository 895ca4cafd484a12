// The site's service worker, written to /sw.js by each build (macros/offline.py fills in
// VERSION, FILES and OFFLINE). After a first visit, in either language, it keeps on the
// device every page of every language, the red-card PDFs and the Word letters of the
// reader's language, so that they open with no network; an address it does not have shows
// the offline page of the reader's language. It never touches another origin, and each
// published build (a new VERSION) replaces the old copy.
const VERSION = "__VERSION__";
// {shared: [...], en: [...], es: [...]}, relative to this file: shared is kept for every
// reader (assets, every page, the red-card PDFs); each language adds its letters.
const FILES = __FILES__;
const OFFLINE = __OFFLINE__; // {en: "offline/", es: "es/offline/"}: the default language first
const CACHE = `kyr-${VERSION}`;
const base = new URL("./", self.location);
// Cache Storage, not the page's storage, remembers that the "Saved" note was shown: the
// site stores nothing about its readers, and the note comes back with each new version.
const NOTE_SHOWN = new URL("kyr-saved-note-shown", base).href;
const PARALLEL = 4; // downloads at a time: the reader's first page keeps most of the line

// Only a whole, plain answer from this site ("basic": same origin) is kept: no error page,
// no part of a file, no redirect (a page must not be answered with another address's copy).
const keepable = (response) =>
  response.status === 200 && response.type === "basic" && !response.redirected;

// Keep each file not yet kept; true once every one of them is in the cache.
const keep = async (paths) => {
  const cache = await caches.open(CACHE);
  const queue = [];
  for (const path of paths) {
    const url = new URL(path, base).href;
    if (!(await cache.match(url))) queue.push(url);
  }
  let complete = true;
  const worker = async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      try {
        // "reload": the network's copy, not one the browser's HTTP cache may hold from an
        // older build.
        const response = await fetch(new Request(url, { cache: "reload" }));
        if (keepable(response)) await cache.put(url, response);
        else complete = false;
      } catch {
        complete = false; // offline or cut off: the next page the reader opens tries again
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return complete;
};

self.addEventListener("install", (event) => {
  // Installing the new copy first keeps the old one working until the new one is whole.
  event.waitUntil(
    keep(FILES.shared).then((complete) => {
      if (!complete) throw new Error("not every file could be kept; the next visit retries");
      return self.skipWaiting();
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// One note per version, even when several pages ask at once.
let noting = Promise.resolve();
const noteOnce = (clientId) => {
  noting = noting.then(async () => {
    const cache = await caches.open(CACHE);
    const client = await self.clients.get(clientId);
    if (!client || (await cache.match(NOTE_SHOWN))) return;
    await cache.put(NOTE_SHOWN, new Response(""));
    client.postMessage({ saved: VERSION });
  });
  return noting;
};

// A page says its language once it is open: keep everything, with that language's letters,
// then tell the page the copy is complete.
self.addEventListener("message", (event) => {
  const lang = event.data && event.data.precache;
  if (!FILES[lang] || lang === "shared" || !event.source) return;
  event.waitUntil(
    keep([...FILES.shared, ...FILES[lang]]).then(
      (complete) => complete && noteOnce(event.source.id),
    ),
  );
});

// The offline page in the language of the address asked for: /es/... is Spanish. It stays
// at that address (the reader can reload it once online), with a <base> so that its
// relative links, styles and scripts still point where they do from its own address.
const offlinePage = async (url) => {
  const path = url.href.slice(base.href.length);
  const [fallback, ...others] = Object.keys(OFFLINE);
  const lang = others.find((code) => path.startsWith(`${code}/`)) || fallback;
  const address = new URL(OFFLINE[lang], base).href;
  const kept = await caches.match(address);
  if (!kept) return undefined;
  const html = (await kept.text()).replace("<head>", `<head><base href="${address}">`);
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
};

// What is not kept yet (the search index, once the reader opens search; a page the reader
// opens before the copy is complete) is kept when it comes.
const fetchAndKeep = async (event) => {
  const response = await fetch(event.request);
  if (keepable(response)) {
    const copy = response.clone();
    event.waitUntil(caches.open(CACHE).then((cache) => cache.put(event.request, copy)));
  }
  return response;
};

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then(
      (cached) =>
        cached ||
        fetchAndKeep(event).catch(async (error) => {
          if (request.mode === "navigate") {
            const page = await offlinePage(url);
            if (page) return page;
          }
          throw error;
        }),
    ),
  );
});
