// The job seekers' web app in a real browser (issue 23): Debian's Chromium
// at a phone's size, driven by playwright-core against a real sidakerd on
// 127.0.0.1.  A job seeker signs up with NIK (a refusal shown at its field),
// activates from the e-mailed link, signs in with the NIK, fills the profile
// (the API's message next to a bad field; the kelurahan picker follows the
// kecamatan), uploads the three documents and applies for the AK/I card;
// once an officer issued it, the card shows and its PDF downloads; a
// vacancy is found and applied for; the inbox's unread count is the API's
// and is cleared; offline, the app still opens with the last card and says
// it is offline.  axe-core finds no serious or critical violation.
//   node tests/browser/app.test.mjs    (SIDAKERD_BIN, CHROMIUM to override)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.SIDAKERD_BIN || join(root, 'build', 'sidakerd');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = join(root, 'build', 'screenshots');
const axeSource = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let passed = 0;
const failures = [];
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`[       OK ] ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`[  FAILED  ] ${name}\n    ${e.stack || e}`);
  }
}
function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}
function equal(a, b, what) {
  if (a !== b) throw new Error(`${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
}

// ---- the daemon and the API ----

const dir = mkdtempSync(join(tmpdir(), 'sidakerd-app-'));
const daemon = spawn(bin, ['-d', dir, '-p', '0', '-o', 'outbox_poll_ms=50'], { stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
daemon.stdout.on('data', (b) => { log += b; });
daemon.stderr.on('data', (b) => { log += b; });
let base = '';

async function started() {
  for (let i = 0; i < 100; i++) {
    const m = /event=listening.* port=(\d+)/.exec(log);
    if (m) return `http://127.0.0.1:${m[1]}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('daemon did not start:\n' + log);
}

async function api(method, path, token, body) {
  const headers = {};
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}
async function must(method, path, token, body, status = 200) {
  const r = await api(method, path, token, body);
  if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.json;
}
async function upload(path, token, file) {
  const res = await fetch(base + path, { method: 'POST', headers: { Authorization: 'Bearer ' + token,
    'Content-Type': 'application/octet-stream' }, body: readFileSync(join(root, 'tests', 'fixtures', file)) });
  if (res.status !== 201) throw new Error(`upload ${file}: ${res.status} ${await res.text()}`);
  return res.json();
}
const login = async (email, password) => (await must('POST', '/v1/auth/login', null, { login: email, password })).token;

// The newest mail to addr holding word, as text.
async function mail(addr, word) {
  for (let i = 0; i < 100; i++) {
    let files = [];
    try { files = readdirSync(join(dir, 'spool')).filter((f) => f.endsWith('.eml')); } catch { /* not yet */ }
    for (const f of files.sort((a, b) => parseInt(b) - parseInt(a))) {
      const text = readFileSync(join(dir, 'spool', f), 'utf8');
      if (text.includes('To: ' + addr) && text.includes(word)) return text;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no mail to ' + addr);
}
async function seekerReady(email, nik) {
  await must('POST', '/v1/auth/register', null, { email, password: 'rahasia-kerja-1', role: 'seeker', name: 'Rina', nik }, 201);
  const code = /\n {4}([A-Za-z0-9_-]{43})\r?\n/.exec(await mail(email, 'kode konfirmasi'))[1];
  await must('POST', '/v1/auth/confirm', null, { token: code });
  const token = await login(email, 'rahasia-kerja-1');
  await must('PUT', '/v1/me/profile', token, {
    full_name: 'Rina Marlina', birth_place: 'Cimahi', birth_date: '1998-04-02', gender: 'F',
    marital_status: 'belum_kawin', religion: 'islam', address: 'Jl. Baros 1', kecamatan_code: '32.77.01',
    kelurahan_code: '32.77.01.1001', phone: '081222334455', education_level: 'smk',
  });
  return token;
}

// axe-core in the page (run through the DevTools protocol, which the page's
// CSP does not govern): the serious and critical violations.
async function accessibility(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// ---- the run ----

let browser;
try {
  base = await started();
  const admin = await login('admin@sidakerd.localhost', readFileSync(join(dir, 'initial-admin-password'), 'utf8').trim());
  await must('POST', '/v1/admin/officers', admin,
    { email: 'o@disnaker.go.id', password: 'petugas-aman-1', name: 'Dewi', nip: '198001012005012001' }, 201);
  const officer = await login('o@disnaker.go.id', 'petugas-aman-1');
  // A company with a published vacancy (the portal's test walks this in the browser).
  await must('POST', '/v1/auth/register', null, { email: 'hrd@maju.co.id', password: 'maju-jaya-rahasia', role: 'company', name: 'PT Maju' }, 201);
  const code = /\n {4}([A-Za-z0-9_-]{43})\r?\n/.exec(await mail('hrd@maju.co.id', 'kode konfirmasi'))[1];
  await must('POST', '/v1/auth/confirm', null, { token: code });
  const company = await login('hrd@maju.co.id', 'maju-jaya-rahasia');
  const org = await must('PUT', '/v1/me/organisation', company, { legal_name: 'PT Maju Jaya Garmen', registration_no: '9120001234567',
    kbli: '14111', employer_type: 'private_company', address: 'Jl. Industri 1', contact_name: 'Ibu Rina',
    contact_phone: '022-6651234', contact_email: 'hrd@maju.co.id' });
  await must('POST', `/v1/organisations/${org.account_id}/verification`, officer, { decision: 'verified' });
  const until = new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10);
  const vacancy = await must('POST', '/v1/vacancies', company, { title: 'Operator Jahit', kbji: '7533',
    description: 'Menjahit pakaian jadi di pabrik garmen, shift pagi dan siang, lembur dibayar.', needed_either: 5,
    valid_until: until, location_kind: 'kecamatan', location_code: '32.77.01', employment_type: 'contract', wage_min: 3800000 }, 201);
  const submitted = await must('POST', `/v1/vacancies/${vacancy.id}/submit`, company);
  if (submitted.state === 'pending') await must('POST', `/v1/vacancies/${vacancy.id}/moderation`, officer, { decision: 'publish' });

  browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true });
  const page = await context.newPage();
  const scriptErrors = [];
  page.on('pageerror', (e) => scriptErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) scriptErrors.push(m.text());
  });
  const nik = '3277015204980021';
  let seeker = '';

  await test('the app is installable: a manifest, a service worker, its own CSP', async () => {
    const response = await page.goto(base + '/app');
    equal(response.status(), 200, 'status');
    check(!response.headers()['content-security-policy'].includes('unsafe-inline'), 'no inline script');
    const manifest = await must('GET', '/app/manifest.webmanifest');
    equal(manifest.start_url, '/app', 'start_url');
    equal(manifest.display, 'standalone', 'display');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    equal(scope, base + '/app', 'the service worker controls /app');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
  });

  await test('sign-up with NIK: a bad NIK at its field in the API\'s words; activated from the e-mail', async () => {
    await page.click('#ke-daftar');
    await page.fill('#daftar-nama', 'Siti Rahayu');
    await page.fill('#daftar-nik', '12345');
    await page.fill('#daftar-email', 'siti@example.id');
    await page.fill('#daftar-sandi', 'rahasia-siti-1');
    await page.click('#form-daftar button[type=submit]');
    await page.waitForSelector('[data-error-for=nik]:not(:empty)');
    const said = await api('POST', '/v1/auth/register', null, { email: 'x@example.id', password: 'rahasia-siti-1', role: 'seeker', name: 'X', nik: '12345' });
    equal(await page.textContent('[data-error-for=nik]'), said.json.error.message, 'the message by the NIK');
    await page.fill('#daftar-nik', nik);
    await page.click('#form-daftar button[type=submit]');
    await page.waitForFunction(() => document.getElementById('pesan-daftar').textContent.includes('tautan aktivasi'));
    const link = /\n(http:\/\/127\.0\.0\.1:8080)(\/account\/confirm#token=[A-Za-z0-9_-]{43})\r?\n/.exec(await mail('siti@example.id', 'kode konfirmasi'));
    await page.goto(base + link[2]);
    await page.click('text=Aktifkan akun saya');
    await page.waitForSelector('#status.ok');
    seeker = await login(nik, 'rahasia-siti-1');
  });

  await test('signed in with the NIK; the profile: a bad phone at its field, the kelurahan follows the kecamatan', async () => {
    await page.goto(base + '/app');
    await page.fill('#masuk-login', nik);
    await page.fill('#masuk-sandi', 'rahasia-siti-1');
    await page.click('#form-masuk button[type=submit]');
    await page.waitForSelector('#isi:not([hidden])');
    await page.waitForFunction(() => document.getElementById('kartu-isi').textContent.includes('belum memiliki kartu'));
    await page.click('[data-tab=profil]');
    await page.fill('#p-nama', 'Siti Rahayu');
    await page.fill('#p-tempat', 'Cimahi');
    await page.fill('#p-lahir', '1998-04-12');
    await page.selectOption('#p-kelamin', 'F');
    await page.selectOption('#p-kawin', 'belum_kawin');
    await page.selectOption('#p-agama', 'islam');
    await page.fill('#p-alamat', 'Jl. Kebon Kopi 4');
    await page.selectOption('#p-kecamatan', '32.77.01');
    await page.waitForFunction(() => document.querySelectorAll('#p-kelurahan option').length > 1);
    const kelurahan = await must('GET', '/v1/reference/regions?parent=32.77.01');
    equal(await page.$$eval('#p-kelurahan option', (o) => o.length - 1), kelurahan.items.length, 'the kelurahan of that kecamatan');
    await page.selectOption('#p-kelurahan', kelurahan.items[0].code);
    await page.selectOption('#p-pendidikan', 'smk');
    await page.fill('#p-telepon', '12');
    await page.click('#form-profil button[type=submit]');
    await page.waitForSelector('[data-error-for=phone]:not(:empty)');
    await page.fill('#p-telepon', '081222334455');
    await page.click('#form-profil button[type=submit]');
    await page.waitForFunction(() => document.getElementById('pesan').textContent === 'Profil tersimpan.');
    const profile = await must('GET', '/v1/me/profile', seeker);
    equal(profile.phone, '+6281222334455', 'the phone as stored');
    equal(profile.kelurahan_code, kelurahan.items[0].code, 'the kelurahan');
  });

  await test('documents uploaded, the card applied for, issued, shown and downloaded', async () => {
    await page.click('[data-tab=kartu]');
    await page.waitForSelector('#kartu-ajukan:not([hidden])');
    for (const [kind, file] of [['photo', 'photo-300x400.jpg'], ['ktp', 'ktp.jpg'], ['diploma', 'ijazah.pdf']]) {
      await page.setInputFiles(`#dok-${kind}`, join(root, 'tests', 'fixtures', file));
      await page.waitForFunction((k) => document.getElementById('ok-' + k).textContent.includes('terunggah'), kind);
    }
    await page.click('#ajukan-kartu');
    await page.waitForFunction(() => (document.getElementById('status-permohonan') || {}).textContent === 'Menunggu pemeriksaan petugas');
    const queue = await must('GET', '/v1/card-applications', officer);
    await must('POST', `/v1/card-applications/${queue.items[0].application.id}/issue`, officer, undefined, 201);
    const card = await must('GET', '/v1/me/card', seeker);
    await page.click('[data-tab=kartu]');
    await page.waitForSelector('#nomor-kartu');
    equal(await page.textContent('#nomor-kartu'), card.number, 'the card number as the API has it');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Unduh kartu (PDF)')]);
    equal(readFileSync(await download.path()).subarray(0, 4).toString(), '%PDF', 'a PDF');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'app-card-phone.png'), fullPage: true });
  });

  await test('a vacancy found and applied for; the application followed', async () => {
    await page.click('[data-tab=lowongan]');
    await page.fill('#cari-kata', 'jahit');
    await page.click('#form-cari button[type=submit]');
    const item = `#daftar-lowongan li[data-id="${vacancy.id}"]`;
    await page.waitForSelector(item);
    check((await page.textContent(item)).includes('PT Maju Jaya Garmen'), 'the employer on the card');
    await page.click(`${item} >> text=Lamar`);
    await page.waitForFunction(() => document.getElementById('pesan').textContent.startsWith('Lamaran terkirim'));
    await page.waitForFunction(() => document.getElementById('daftar-lamaran').textContent.includes('Terkirim'));
    equal((await must('GET', '/v1/me/applications', seeker)).items.length, 1, 'one application');
    await page.click(`${item} >> text=Lamar`);
    await page.waitForFunction((sel) => document.querySelector(`${sel} .galat`).textContent, item);
    const again = await api('POST', `/v1/vacancies/${vacancy.id}/applications`, seeker, {});
    equal(await page.textContent(`${item} .galat`), again.json.error.message, 'applying twice: the API\'s words');
  });

  await test('the inbox: the unread count is the API\'s, and clears', async () => {
    await page.reload();
    await page.waitForSelector('#isi:not([hidden])');
    const api1 = await must('GET', '/v1/me/notifications?limit=1', seeker);
    check(api1.unread > 0, 'the card brought notifications');
    await page.waitForFunction((n) => document.getElementById('belum-dibaca').textContent === String(n), api1.unread);
    await page.click('#lonceng');
    await page.waitForSelector('#daftar-kotak li[data-id]');
    await page.click('#baca-semua');
    await page.waitForFunction(() => document.getElementById('belum-dibaca').textContent === '0');
    equal((await must('GET', '/v1/me/notifications?limit=1', seeker)).unread, 0, 'read, as the API has it');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
  });

  await test('a complaint refused at its field, filed, answered; preferences and WhatsApp consent as the API holds them', async () => {
    await page.click('[data-tab=lainnya]');
    await page.waitForSelector('#saluran tbody tr');
    await page.selectOption('#adu-kategori', 'service');
    await page.fill('#adu-isi', 'Antrean loket kartu terlalu lama, lebih dari dua jam.');
    await page.click('#form-pengaduan button[type=submit]');
    await page.waitForSelector('[data-error-for=subject]:not(:empty)');
    const said = await api('POST', '/v1/complaints', seeker, { category: 'service', body: 'Antrean loket kartu terlalu lama.' });
    equal(await page.textContent('[data-error-for=subject]'), said.json.error.message, 'the message by the subject');
    await page.fill('#adu-judul', 'Antrean loket');
    await page.click('#form-pengaduan button[type=submit]');
    await page.waitForSelector('#daftar-pengaduan li[data-id]');
    const complaint = (await must('GET', '/v1/me/complaints', seeker)).items[0];
    await must('POST', `/v1/complaints/${complaint.id}/answer`, officer, { answer: 'Loket tambahan dibuka mulai Senin.' });
    await page.click('[data-tab=lainnya]');
    await page.waitForFunction(() => document.getElementById('daftar-pengaduan').textContent.includes('Loket tambahan dibuka'));
    // No e-mail for complaints; the API holds it.
    await page.uncheck('input[data-category=complaint][data-channel=email]');
    await page.click('#form-pemberitahuan button[type=submit]');
    await page.waitForFunction(() => document.getElementById('pemberitahuan-pesan').textContent === 'Pengaturan tersimpan.');
    const prefs = await must('GET', '/v1/me/notification-preferences', seeker);
    equal(prefs.categories.complaint.email, false, 'complaints not by e-mail');
    equal(prefs.categories.card.email, true, 'cards still by e-mail');
    // WhatsApp: the exact wording agreed to; a bad number at its field; withdrawn again.
    await page.fill('#wa-nomor', '12');
    await page.click('#wa-setuju');
    await page.waitForSelector('#form-wa [data-error-for=phone]:not(:empty)');
    await page.fill('#wa-nomor', '0812-3456-4455');
    await page.click('#wa-setuju');
    await page.waitForFunction(() => document.getElementById('wa-status').textContent.includes('+62812****4455'));
    equal((await must('GET', '/v1/me/notification-preferences', seeker)).whatsapp.consented, true, 'consented, as the API has it');
    await page.click('#wa-cabut');
    await page.waitForFunction(() => document.getElementById('wa-status').textContent.includes('belum menerima'));
    equal((await must('GET', '/v1/me/notification-preferences', seeker)).whatsapp.consented, false, 'withdrawn');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'app-settings-phone.png'), fullPage: true });
  });

  await test('offline: the app opens with the last card, and says it is offline', async () => {
    await page.click('[data-tab=kartu]');
    await page.waitForSelector('#nomor-kartu');
    const number = await page.textContent('#nomor-kartu');
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#nomor-kartu');
    equal(await page.textContent('#nomor-kartu'), number, 'the card from the copy');
    check(await page.isVisible('#luring'), 'the offline notice');
    await page.screenshot({ path: join(shots, 'app-offline-phone.png'), fullPage: true });
    await context.setOffline(false);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    check(!wide, 'no sideways scrolling at 390 px');
    equal(scriptErrors.join('; '), '', 'script errors');
  });
} catch (e) {
  console.log(`[  ERROR   ] ${e.stack || e}`);
  failures.push('set-up');
} finally {
  if (browser) await browser.close();
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
console.log(`[  PASSED  ] ${passed} test(s).`);
if (failures.length) console.log(`[  FAILED  ] ${failures.length} test(s), listed above`);
process.exit(failures.length ? 1 : 0);
