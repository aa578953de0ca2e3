/* The job seekers' app offline: the shell from a cache, and the person's
 * card, applications and inbox from the last answer the network gave,
 * marked X-Sidakerd-Cached so that the page says it is offline.  Nothing
 * else is kept; signing out empties the copies. */
'use strict';

const SHELL = 'sidakerd-app-shell-v3';
const DATA = 'sidakerd-app-data';
const SHELL_FILES = ['/app', '/app/forms.js', '/app/app.js', '/app/base.css', '/app/forms.css', '/app/app.css', '/app/manifest.webmanifest', '/app/icon.svg'];
const KEPT = ['/v1/me', '/v1/me/card', '/v1/me/card-applications', '/v1/me/applications', '/v1/me/notifications',
  '/v1/me/enrolments', '/v1/me/certificates', '/v1/reference', '/v1/reference/regions'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  if (event.data === 'signed-out') event.waitUntil(caches.delete(DATA));
});

async function fromCopy(request, cacheName) {
  const copy = await caches.open(cacheName).then((c) => c.match(request, { ignoreSearch: cacheName === SHELL }));
  if (!copy) return Response.error();
  const headers = new Headers(copy.headers);
  headers.set('X-Sidakerd-Cached', '1');
  return new Response(await copy.blob(), { status: copy.status, statusText: copy.statusText, headers });
}

/* A copy of a good answer, cloned now: the page reads the answer's body. */
function keep(event, cacheName, key, res) {
  if (!res.ok) return;
  const copy = res.clone();
  event.waitUntil(caches.open(cacheName).then((c) => c.put(key, copy)));
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (SHELL_FILES.includes(url.pathname)) {
    /* The network first, so that a new version shows at once; the copy offline. */
    event.respondWith(fetch(event.request).then((res) => {
      keep(event, SHELL, url.pathname, res);
      return res;
    }).catch(() => caches.open(SHELL).then((c) => c.match(url.pathname)).then((r) => r || Response.error())));
    return;
  }
  if (KEPT.includes(url.pathname)) {
    event.respondWith(fetch(event.request).then((res) => {
      keep(event, DATA, event.request, res);
      return res;
    }).catch(() => fromCopy(event.request, DATA)));
  }
});
