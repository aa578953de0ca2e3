// E-SkillUp with real clients (issue 24): a lesson video uploaded by
// tus-js-client (the tus project's own client, from npm) in small pieces,
// the upload broken off after two of them and the daemon restarted, then
// resumed by a new client from the offset the daemon reads from disk; the
// file checked whole.  Then Debian's Chromium plays each lesson in a
// <video> element, which fetches it with Range requests: the duration and
// picture size the browser reads are those the daemon read from the
// container, and playback gets past the first second.
//   node tests/browser/course.test.mjs    (SIDAKERD_BIN, CHROMIUM to override)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import * as tus from 'tus-js-client';
import { browserPath, check, equal, failures, finish, root, shots, startDaemon, test } from './harness.mjs';

// One tus upload of bytes by token: resolves with the upload's URL; stopAfter
// pieces (if given) aborts it there, as a dropped connection would.
function tusUpload(base, token, bytes, { uploadUrl, stopAfter, seen } = {}) {
  return new Promise((resolve, reject) => {
    let pieces = 0;
    const upload = new tus.Upload(bytes, {
      endpoint: base + '/v1/uploads',
      uploadUrl,
      chunkSize: 2000,
      retryDelays: [],
      headers: { Authorization: 'Bearer ' + token },
      metadata: { filename: 'pelajaran.mp4', filetype: 'video/mp4' },
      onBeforeRequest: (req) => { if (seen) seen.push(`${req.getMethod()} ${req.getHeader('Upload-Offset') ?? ''}`.trim()); },
      onChunkComplete: () => {
        pieces++;
        if (stopAfter && pieces === stopAfter) upload.abort().then(() => resolve(upload.url), reject);
      },
      onSuccess: () => resolve(upload.url),
      onError: reject,
    });
    upload.start();
  });
}

// A tiny page server on 127.0.0.1: /?src=URL is a page with that video.
const pageServer = createServer((req, res) => {
  const q = new URL(req.url, 'http://x').searchParams;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><title>Pelajaran</title><video id="v" muted preload="auto"${q.get('controls') ? ' controls width="320"' : ''} src="${(q.get('src') || '').replace(/"/g, '')}"></video>`);
}).listen(0, '127.0.0.1');
await new Promise((r) => pageServer.once('listening', r));
const pages = `http://127.0.0.1:${pageServer.address().port}`;

let browser;
let daemon;
try {
  daemon = await startDaemon('course');
  const { base, must, login } = daemon;
  const admin = await login('admin@sidakerd.localhost', readFileSync(join(daemon.dir, 'initial-admin-password'), 'utf8').trim());
  await must('POST', '/v1/admin/officers', admin,
    { email: 'o@disnaker.go.id', password: 'petugas-aman-1', name: 'Dewi', nip: '198001012005012001' }, 201);
  const officer = await login('o@disnaker.go.id', 'petugas-aman-1');
  const course = await must('POST', '/v1/courses', officer, { title: 'Barista Dasar Daring', vocation: 'Tata Boga',
    description: 'Menyeduh kopi dari video.', level: 'basic',
    modules: [{ title: 'Alat seduh', pass_percent: 50, lessons: [{ title: 'Mengenal alat' }, { title: 'Menggiling' }],
      quiz: [{ question: 'Suhu air seduh?', options: ['90-96 °C', '60 °C'], answer: 0 }] }] }, 201);
  const [lessonMp4, lessonWebm] = course.modules[0].lessons;
  const mp4 = readFileSync(join(root, 'tests', 'fixtures', 'lesson-320x240.mp4'));
  const webm = readFileSync(join(root, 'tests', 'fixtures', 'lesson-320x240.webm'));

  await test('tus-js-client: broken off after two pieces, the daemon restarted, resumed from the offset on disk', async () => {
    const first = [];
    const url = await tusUpload(base, officer, mp4, { stopAfter: 2, seen: first });
    equal(first.join(' | '), 'POST | PATCH 0 | PATCH 2000', 'created, then two pieces');
    await daemon.restart();
    const head = await fetch(url, { method: 'HEAD', headers: { Authorization: 'Bearer ' + officer } });
    equal(head.headers.get('Upload-Offset'), '4000', 'what arrived, as the file holds it after the restart');
    const second = [];
    const again = await tusUpload(base, officer, mp4, { uploadUrl: url, seen: second });
    equal(again, url, 'the same upload');
    equal(second[0], 'HEAD', 'the client asked where to go on');
    equal(second[1], 'PATCH 4000', 'and went on from there, not from the start');
    const id = url.split('/').pop();
    const video = await must('POST', `/v1/courses/${course.id}/lessons/${lessonMp4.id}/video`, officer, { upload_id: id });
    equal(video.size_bytes, mp4.length, 'the whole file');
    const got = Buffer.from(await (await fetch(base + video.url, { headers: { Authorization: 'Bearer ' + officer } })).arrayBuffer());
    check(got.equals(mp4), 'byte for byte the file sent');
    const url2 = await tusUpload(base, officer, webm);
    await must('POST', `/v1/courses/${course.id}/lessons/${lessonWebm.id}/video`, officer, { upload_id: url2.split('/').pop() });
    await must('POST', `/v1/courses/${course.id}/state`, officer, { state: 'published' });
  });

  await test('Chromium plays each lesson through Range requests; it reads the duration and size the daemon read', async () => {
    browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
    const page = await browser.newPage();
    page.on('crash', () => console.log('    (the page crashed)'));
    const ranged = [];
    page.on('response', (r) => { if (r.url().includes('/video') && r.status() === 206) ranged.push(r.url()); });
    const published = await must('GET', `/v1/courses/${course.id}`);
    for (const lesson of published.modules[0].lessons) {
      const v = lesson.video;
      // A page of another origin, as an app's would be: the video is the daemon's.
      await page.goto(`${pages}/?src=${encodeURIComponent(base + v.url)}`);
      const read = await page.evaluate(() => new Promise((resolve) => {
        const el = document.getElementById('v');
        const done = () => resolve({ duration: el.duration, width: el.videoWidth, height: el.videoHeight });
        if (el.readyState >= 1) done(); /* loaded before we asked */
        el.addEventListener('loadedmetadata', done);
        el.addEventListener('error', () => resolve({ error: el.error && el.error.code }));
        setTimeout(() => resolve({ error: 'no metadata in 10 s' }), 10000);
      }));
      check(!read.error, `${v.media_type} plays (media error ${read.error})`);
      check(Math.abs(read.duration - v.duration_s) < 0.1, `duration: browser ${read.duration}, daemon ${v.duration_s}`);
      equal(`${read.width}x${read.height}`, `${v.width}x${v.height}`, `${v.media_type}: the picture size`);
      const played = await page.evaluate(() => new Promise((resolve) => {
        const el = document.getElementById('v');
        el.addEventListener('timeupdate', () => { if (el.currentTime > 1) resolve(el.currentTime); });
        el.play().catch(() => resolve(-1));
        setTimeout(() => resolve(el.currentTime), 8000);
      }));
      check(played > 1, `${v.media_type} played past the first second (at ${played})`);
    }
    check(ranged.length > 0, 'the browser asked for ranges and got 206');
    await page.goto(`${pages}/?src=${encodeURIComponent(base + published.modules[0].lessons[0].video.url)}&controls=1`);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(shots, 'course-video.png') });
  });
} catch (e) {
  console.log(`[  ERROR   ] ${e.stack || e}`);
  failures.push('set-up');
} finally {
  if (browser) await browser.close();
  if (daemon) await daemon.stop();
  pageServer.close();
}
finish();
