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
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { accessibility, browserPath, check, equal, failures, finish, root, shots, startDaemon, test } from './harness.mjs';

// ---- the run ----

let browser;
let daemon;
let base, api, must, login, mail, account;
try {
  daemon = await startDaemon('app');
  ({ base, api, must, login, mail, account } = daemon);
  const admin = await login('admin@sidakerd.localhost', readFileSync(join(daemon.dir, 'initial-admin-password'), 'utf8').trim());
  await must('POST', '/v1/admin/officers', admin,
    { email: 'o@disnaker.go.id', password: 'petugas-aman-1', name: 'Dewi', nip: '198001012005012001' }, 201);
  const officer = await login('o@disnaker.go.id', 'petugas-aman-1');
  // A company with a published vacancy (the portal's test walks this in the browser).
  const company = await account({ email: 'hrd@maju.co.id', password: 'maju-jaya-rahasia', role: 'company', name: 'PT Maju' });
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
  if (daemon) await daemon.stop();
}
finish();
