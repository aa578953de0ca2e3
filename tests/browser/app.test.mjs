// The job seekers' web app in a real browser (issue 23): Debian's Chromium
// at a phone's size, driven by playwright-core against a real sidakerd on
// 127.0.0.1.  A job seeker signs up with NIK (a refusal shown at its field),
// activates from the e-mailed link, signs in with the NIK, fills the profile
// (the API's message next to a bad field; the kelurahan picker follows the
// kecamatan), uploads the three documents and applies for the AK/I card;
// once an officer issued it, the card shows and its PDF downloads; a
// vacancy is found and applied for; the inbox's unread count is the API's
// and is cleared; offline, the app still opens with the last card and says
// it is offline; recommendations, search filters and pages, trainings
// (enrolled, withdrawn, the certificate and its public check), the tracer
// survey, the 6-monthly report, the copy of one's data and deletion.
// axe-core finds no serious or critical violation.
//   node tests/browser/app.test.mjs    (SIDAKERD_BIN, CHROMIUM to override)
import { spawnSync } from 'node:child_process';
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
  // More vacancies than one page of the app's search holds (10).
  for (let i = 1; i <= 11; i++) {
    const v = await must('POST', '/v1/vacancies', company, { title: `Staf Gudang ${i}`, kbji: '4321',
      description: 'Mencatat barang masuk dan keluar gudang, menyusun stok, shift pagi.', needed_either: 1,
      valid_until: until, location_kind: 'kecamatan', location_code: '32.77.02', employment_type: 'permanent', wage_min: 3500000 }, 201);
    const s = await must('POST', `/v1/vacancies/${v.id}/submit`, company);
    if (s.state === 'pending') await must('POST', `/v1/vacancies/${v.id}/moderation`, officer, { decision: 'publish' });
  }
  // Two of the office's own trainings open today, one session each.
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const trainings = [];
  for (const title of ['Barista Dasar', 'Las Listrik Dasar']) {
    const t = await must('POST', '/v1/trainings', officer, { title, vocation: title, funding: 'apbd', quota: 10, sessions: 1,
      description: 'Pelatihan berbasis kompetensi dengan praktik dan uji di akhir.', start_date: today,
      end_date: new Date(Date.now() + 10 * 86400e3).toISOString().slice(0, 10), registration_opens: today,
      registration_closes: today, location: 'BLK Cimahi, Jl. Baros 2', kecamatan_code: '32.77.01' }, 201);
    await must('POST', `/v1/trainings/${t.id}/state`, officer, { state: 'open' });
    trainings.push(t);
  }
  // A school's BKK (its graduate becomes a tracer survey).
  const bkk = await account({ email: 'bkk@smkn1.sch.id', password: 'bkk-smkn1-rahasia', role: 'bkk', name: 'BKK SMKN 1' });
  const bkkOrg = await must('PUT', '/v1/me/organisation', bkk, { legal_name: 'BKK SMK Negeri 1 Cimahi', registration_no: 'BKK-001',
    npsn: '20224411', employer_type: 'government', address: 'Jl. Mahar Martanegara 48', contact_name: 'Bu Sri',
    contact_phone: '022-6629683', contact_email: 'bkk@smkn1.sch.id' });
  await must('POST', `/v1/organisations/${bkkOrg.account_id}/verification`, officer, { decision: 'verified' });

  browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
  // A job seeker in Cimahi: the phone's clock is WIB, as the office's is.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true,
    timezoneId: 'Asia/Jakarta' });
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

  await test('recommendations with their reasons; search filters and pages as the API does', async () => {
    const recommended = (await must('GET', '/v1/me/recommendations', seeker)).items;
    check(recommended.length > 0, 'the API recommends something');
    const first = `#daftar-rekomendasi li[data-id="${recommended[0].vacancy_id}"]`;
    await page.waitForSelector(first);
    check((await page.textContent(first)).includes(recommended[0].title), 'the best first');
    if (recommended[0].reasons.includes('same_kecamatan'))
      check((await page.textContent(`${first} .alasan`)).includes('di kecamatan Anda'), 'the reason in words');
    // Everything: 12 vacancies, 10 a page; "Muat lagi" brings the rest.
    await page.fill('#cari-kata', '');
    await page.click('#form-cari button[type=submit]');
    const all = await must('GET', '/v1/vacancies?limit=100', null);
    await page.waitForFunction((n) => document.getElementById('cari-jumlah').textContent.startsWith(n + ' lowongan'), all.facets.total);
    equal(await page.$$eval('#daftar-lowongan li[data-id]', (l) => l.length), 10, 'one page');
    await page.click('#lowongan-lagi');
    await page.waitForFunction((n) => document.querySelectorAll('#daftar-lowongan li[data-id]').length === n, all.items.length);
    check(await page.isHidden('#lowongan-lagi'), 'no more pages');
    const shown = await page.$$eval('#daftar-lowongan li[data-id]', (l) => l.map((x) => Number(x.dataset.id)));
    equal(shown.join(), all.items.map((v) => v.id).join(), 'the API\'s order, nothing twice');
    // Filters: a kecamatan and a kind of work, as the API filters them.
    await page.selectOption('#cari-kecamatan', '32.77.02');
    await page.selectOption('#cari-hubungan', 'permanent');
    await page.click('#form-cari button[type=submit]');
    const filtered = await must('GET', '/v1/vacancies?kecamatan=32.77.02&employment_type=permanent&limit=100', null);
    await page.waitForFunction((n) => document.getElementById('cari-jumlah').textContent.startsWith(n + ' lowongan'), filtered.facets.total);
    check(!(await page.textContent('#daftar-lowongan')).includes('Operator Jahit'), 'the contract in 32.77.01 filtered out');
    await page.selectOption('#cari-hubungan', 'contract');
    await page.click('#form-cari button[type=submit]');
    await page.waitForFunction(() => document.getElementById('daftar-lowongan').textContent.includes('Tidak ada lowongan yang cocok'));
    await page.selectOption('#cari-kecamatan', '');
    await page.selectOption('#cari-hubungan', '');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    check(!wide, 'the filters fit 390 px');
  });

  await test('trainings: enrolled in one (twice refused in the API\'s words), withdrawn from another; the certificate shown and checkable', async () => {
    await page.click('[data-tab=pelatihan]');
    const fitting = (await must('GET', '/v1/me/training-recommendations', seeker)).items;
    equal(fitting.length, 2, 'both open trainings fit');
    const [barista, las] = trainings;
    const card = (t) => `#daftar-pelatihan-cocok li[data-id="${t.id}"]`;
    await page.waitForSelector(card(barista));
    await page.click(`${card(barista)} button:text-is("Daftar")`);
    await page.waitForFunction(() => document.getElementById('pesan').textContent.startsWith('Pendaftaran ke Barista Dasar'));
    await page.waitForFunction(() => document.getElementById('daftar-ikut').textContent.includes('Menunggu seleksi'));
    const again = await api('POST', `/v1/trainings/${barista.id}/enrolments`, seeker);
    await page.click(`#daftar-pelatihan li[data-id="${barista.id}"] button:text-is("Daftar")`);
    await page.waitForFunction((id) => document.querySelector(`#daftar-pelatihan li[data-id="${id}"] .galat`).textContent, barista.id);
    equal(await page.textContent(`#daftar-pelatihan li[data-id="${barista.id}"] .galat`), again.json.error.message, 'enrolling twice');
    await page.click(`${card(las)} button:text-is("Daftar")`);
    await page.waitForFunction(() => document.querySelectorAll('#daftar-ikut li[data-id]').length === 2);
    const mine = (await must('GET', '/v1/me/enrolments', seeker)).items;
    const lasEnrolment = mine.find((e) => e.training.id === las.id);
    await page.click(`#daftar-ikut li[data-id="${lasEnrolment.id}"] >> text=Mengundurkan diri`);
    await page.waitForFunction((id) => document.querySelector(`#daftar-ikut li[data-id="${id}"]`)?.textContent.includes('Mengundurkan diri') &&
      !document.querySelector(`#daftar-ikut li[data-id="${id}"] button`), lasEnrolment.id);
    equal((await must('GET', '/v1/me/enrolments', seeker)).items.find((e) => e.id === lasEnrolment.id).state, 'withdrawn', 'withdrawn, as the API has it');
    // The office runs Barista Dasar: accepted, present, competent, certified.
    const baristaEnrolment = mine.find((e) => e.training.id === barista.id);
    await must('POST', `/v1/enrolments/${baristaEnrolment.id}/decision`, officer, { state: 'accepted' });
    await must('POST', `/v1/trainings/${barista.id}/state`, officer, { state: 'running' });
    await must('POST', `/v1/trainings/${barista.id}/attendance`, officer, { session: 1, present: [baristaEnrolment.id] });
    await must('POST', `/v1/enrolments/${baristaEnrolment.id}/result`, officer, { completion: 'completed', competency: 'competent' });
    await must('POST', `/v1/enrolments/${baristaEnrolment.id}/certificates`, officer,
      { kind: 'office', number: 'DISNAKER/BRS/001/2026', scheme: 'Barista Dasar', issued_on: today }, 201);
    await page.click('[data-tab=pelatihan]');
    await page.waitForFunction((id) => document.querySelector(`#daftar-ikut li[data-id="${id}"]`)?.textContent.includes('Lulus'), baristaEnrolment.id);
    check((await page.textContent(`#daftar-ikut li[data-id="${baristaEnrolment.id}"]`)).includes('hadir 1 dari 1 sesi · kompeten'), 'attendance and result');
    const cert = '#daftar-sertifikat li[data-number="DISNAKER/BRS/001/2026"]';
    await page.waitForSelector(cert);
    const href = await page.getAttribute(`${cert} a`, 'href');
    const check_ = await context.newPage();
    await check_.goto(base + href);
    check((await check_.textContent('body')).includes('Berlaku'), 'the public check says valid');
    await check_.close();
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'app-trainings-phone.png'), fullPage: true });
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

  await test('the tracer survey: the school\'s survey appears once its wave has come, refused at a field, answered', async () => {
    await must('POST', '/v1/bkk/graduates', bkk, { graduated_on: new Date(Date.now() - 200 * 86400e3).toISOString().slice(0, 10),
      graduates: [{ nik, major: 'Tata Busana' }] });
    await daemon.restart(); /* surveys are issued by the daemon's housekeeping, which runs at start */
    await page.reload();
    await page.waitForSelector('#isi:not([hidden])');
    await page.click('[data-tab=lainnya]');
    const survey = (await must('GET', '/v1/me/tracer-surveys', seeker)).items[0];
    equal(survey.wave, 6, 'the 6-month wave');
    const item = `#daftar-survei li[data-id="${survey.id}"]`;
    await page.waitForSelector(`${item} form`);
    await page.selectOption(`#survei-${survey.id}-keadaan`, 'working');
    await page.selectOption(`#survei-${survey.id}-relevan`, 'relevant');
    await page.click(`${item} button[type=submit]`);
    await page.waitForSelector(`${item} [data-error-for=employer]:not(:empty), ${item} [data-error-for=wage_band]:not(:empty)`);
    await page.fill(`#survei-${survey.id}-tempat`, 'CV Busana Priangan');
    await page.selectOption(`#survei-${survey.id}-upah`, '1m_to_3m');
    await page.click(`${item} button[type=submit]`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('Terjawab: Bekerja di CV Busana Priangan'), item);
    const answered = (await must('GET', '/v1/me/tracer-surveys', seeker)).items[0];
    equal(`${answered.outcome} ${answered.employer} ${answered.wage_band} ${answered.relevance}`,
      'working CV Busana Priangan 1m_to_3m relevant', 'the answer as the API holds it');
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
  });

  await test('the 6-monthly report: too early for "still looking" in the API\'s words; "placed" ends the card as placed', async () => {
    await page.reload();
    await page.waitForSelector('#lapor:not([hidden])');
    const card = await must('GET', '/v1/me/card', seeker);
    equal(await page.$$eval('#lapor-riwayat tbody tr', (r) => r.length), card.reports.length, 'the schedule, one row per report');
    check((await page.textContent('#lapor-jadwal')).includes(card.reports[0].due_on), 'the first report\'s date');
    await page.click('#form-lapor button[type=submit]');
    const early = await api('POST', '/v1/me/card/reports', seeker, { status: 'still_looking' });
    await page.waitForFunction((m) => document.getElementById('pesan').textContent === m ||
      [...document.querySelectorAll('#form-lapor .galat')].some((p) => p.textContent === m), early.json.error.message);
    await page.check('input[name=lapor-status][value=placed]');
    await page.fill('#lapor-pemberi', 'PT Maju Jaya Garmen');
    await page.fill('#lapor-jabatan', 'Operator Jahit');
    await page.fill('#lapor-mulai', new Date(Date.now() - 2 * 86400e3).toISOString().slice(0, 10));
    await page.click('#form-lapor button[type=submit]');
    await page.waitForFunction(() => document.getElementById('status-kartu')?.textContent === 'Sudah bekerja');
    const placed = await must('GET', '/v1/me/card', seeker);
    equal(placed.state, 'placed', 'the card ended as placed');
    check(placed.reports.some((r) => r.status === 'placed' && r.employer === 'PT Maju Jaya Garmen'), 'the report as the API holds it');
    check(await page.isHidden('#lapor'), 'no more reports once placed');
  });

  await test('an online course: the lesson played in the app counts, the quiz passed, the e-certificate shown', async () => {
    // The office publishes a course whose lesson video comes by tus (one piece).
    // For the office's job seekers only: the app plays it from a signed URL.
    const course = await must('POST', '/v1/courses', officer, { title: 'Menjahit Daring', vocation: 'Garmen',
      description: 'Belajar menjahit dari video.', level: 'basic', learners_only: true, modules: [{ title: 'Mesin jahit', pass_percent: 100,
        lessons: [{ title: 'Bagian mesin' }], quiz: [{ question: 'Apa fungsi sepatu jahit?', options: ['Menekan kain', 'Memotong benang'], answer: 0 }] }] }, 201);
    const bytes = readFileSync(join(root, 'tests', 'fixtures', 'lesson-320x240.mp4'));
    const created = await fetch(base + '/v1/uploads', { method: 'POST', headers: { Authorization: 'Bearer ' + officer,
      'Upload-Length': String(bytes.length), 'Tus-Resumable': '1.0.0' } });
    const location = created.headers.get('Location');
    await fetch(base + location, { method: 'PATCH', body: bytes, headers: { Authorization: 'Bearer ' + officer,
      'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Tus-Resumable': '1.0.0' } });
    const module = course.modules[0];
    await must('POST', `/v1/courses/${course.id}/lessons/${module.lessons[0].id}/video`, officer, { upload_id: location.split('/').pop() });
    await must('POST', `/v1/courses/${course.id}/state`, officer, { state: 'published' });
    await page.click('[data-tab=kursus]');
    // Suggested: she applied for a sewing job ("Operator Jahit"; the course is "Menjahit Daring").
    const suggested = `#daftar-saran li[data-id="${course.id}"]`;
    await page.waitForSelector(suggested);
    check((await page.textContent(`${suggested} .alasan`)).includes('lowongan yang Anda lamar'), 'the reason in words');
    equal((await must('GET', '/v1/me/course-recommendations', seeker)).items[0].id, course.id, 'the API\'s first suggestion');
    await page.click(`#daftar-kursus li[data-id="${course.id}"] >> text=Buka kursus`);
    await page.waitForSelector('#kursus-buka:not([hidden]) video');
    // Watched to the end in the page's own player.
    const ended = await page.evaluate(() => new Promise((resolve) => {
      const v = document.querySelector('#kursus-modul video');
      v.muted = true;
      v.addEventListener('ended', () => resolve(v.duration));
      v.play().catch((e) => resolve('play: ' + e));
      setTimeout(() => resolve('not ended in 15 s'), 15000);
    }));
    check(typeof ended === 'number', 'the lesson played to its end: ' + ended);
    check((await page.getAttribute('#kursus-modul video', 'src')).includes('&sig='), 'from a signed URL');
    await page.waitForFunction(() => document.querySelector('#kursus-modul .tanda').textContent.includes('selesai'));
    equal((await must('GET', '/v1/me/learning', seeker)).items[0].lessons_done, 1, 'the lesson done, as the API has it');
    // The quiz: a wrong answer, then the right one; the certificate the API numbered.
    await page.check(`input[name="kuis-${module.id}-0"][value="1"]`);
    await page.click('.kuis button[type=submit]');
    await page.waitForFunction(() => document.querySelector('.kuis [role=status]').textContent.includes('belum lulus'));
    await page.check(`input[name="kuis-${module.id}-0"][value="0"]`);
    await page.click('.kuis button[type=submit]');
    await page.waitForSelector('#kursus-sertifikat:not([hidden])');
    const mine = (await must('GET', '/v1/me/learning', seeker)).items[0];
    check(mine.certificate_number && (await page.textContent('#kursus-sertifikat')).includes(mine.certificate_number),
      'the certificate number, as the API has it');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'app-course-phone.png'), fullPage: true });
    await page.click('#kursus-tutup');
    await page.waitForSelector(`#daftar-belajar li[data-id="${course.id}"]`);
    check((await page.textContent(`#daftar-belajar li[data-id="${course.id}"]`)).includes(mine.certificate_number), 'listed with its certificate');
  });

  await test('a job fair: registered in the app, its QR read by a real decoder is the signed ticket, checked in at the door', async () => {
    const day = (n) => new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
    const fair = await must('POST', '/v1/job-fairs', officer, { name: 'Bursa Kerja Cimahi', description: 'Bursa kerja tahunan.',
      venue_kind: 'venue', venue: 'Technopark', start_date: day(0), end_date: day(1), opens_at: '00:00', closes_at: '23:59',
      registration_opens: day(0), registration_closes: day(1), capacity: 100 }, 201);
    await must('POST', `/v1/job-fairs/${fair.id}/state`, officer, { state: 'published' });
    await page.click('[data-tab=bursa]');
    await page.waitForSelector(`#daftar-bursa li[data-id="${fair.id}"]`);
    await page.click(`#daftar-bursa li[data-id="${fair.id}"] >> text=Daftar dan ambil tiket`);
    await page.waitForSelector('#daftar-tiket li[data-id] .qr-tiket svg');
    const ticket = (await must('GET', '/v1/me/fair-tickets', seeker)).items[0];
    check((await page.textContent('#daftar-tiket')).includes(ticket.code), 'the ticket\'s code, as the API gives it');
    // The QR as a door scanner sees it: a picture of the screen, read by zbarimg.
    const picture = join(shots, 'app-fair-ticket-qr.png');
    await page.locator('#daftar-tiket .qr-tiket svg').screenshot({ path: picture });
    const read = spawnSync('zbarimg', ['-q', '--raw', picture], { encoding: 'utf8' });
    equal(read.stdout.trim(), ticket.code, 'the QR holds the signed ticket');
    // Registered: no second sign-up (the API refuses one: 409 fair_already_registered).
    await page.waitForFunction((id) => document.querySelector(`#daftar-bursa li[data-id="${id}"]`).textContent.includes('Sudah terdaftar'), fair.id);
    equal(await page.locator(`#daftar-bursa li[data-id="${fair.id}"] button`).count(), 0, 'no sign-up button once registered');
    equal((await api('POST', `/v1/job-fairs/${fair.id}/tickets`, seeker)).json.error.code, 'fair_already_registered', 'the API refuses a second');
    // Scanned at the door: the app shows the time.
    await must('POST', `/v1/job-fairs/${fair.id}/check-ins`, officer, { ticket: read.stdout.trim() });
    await page.click('[data-tab=kotak]');
    await page.click('[data-tab=bursa]');
    await page.waitForFunction(() => document.querySelector('#daftar-tiket .lencana').textContent.startsWith('Sudah masuk'));
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.screenshot({ path: join(shots, 'app-fair-phone.png'), fullPage: true });
  });

  await test('at 1280 px: the vacancies and trainings read on a desktop, nothing overflows', async () => {
    const desk = await context.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const wide = await desk.newPage();
    await wide.goto(base + '/app');
    await wide.fill('#masuk-login', nik);
    await wide.fill('#masuk-sandi', 'rahasia-siti-1');
    await wide.click('#form-masuk button[type=submit]');
    await wide.waitForSelector('#isi:not([hidden])');
    await wide.click('[data-tab=lowongan]');
    await wide.waitForSelector('#daftar-lowongan li[data-id]');
    check(!(await wide.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)), 'no sideways scrolling');
    equal((await accessibility(wide)).join('; '), '', 'serious or critical accessibility violations');
    await wide.screenshot({ path: join(shots, 'app-vacancies-desktop.png') });
    await desk.close();
  });

  await test('my data: the copy holds what the API holds; the account deleted with the password, then gone', async () => {
    await page.click('[data-tab=lainnya]');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#unduh-data')]);
    const copy = JSON.parse(readFileSync(await file.path(), 'utf8'));
    const held = await must('GET', '/v1/me/data-export', seeker);
    equal(JSON.stringify(copy), JSON.stringify(held), 'the file is the API\'s export');
    check(JSON.stringify(copy).includes(nik), 'with the NIK, which is the person\'s own');
    await page.fill('#hapus-sandi', 'salah-sandi-1');
    await page.check('#hapus-yakin');
    await page.click('#form-hapus button[type=submit]');
    await page.waitForSelector('#form-hapus [data-error-for=password]:not(:empty)');
    const wrong = await api('POST', '/v1/me/deletion', seeker, { password: 'salah-sandi-1' });
    equal(await page.textContent('#form-hapus [data-error-for=password]'), wrong.json.error.message, 'the API\'s words by the password');
    equal((await accessibility(page)).join('; '), '', 'serious or critical accessibility violations');
    await page.fill('#hapus-sandi', 'rahasia-siti-1');
    await page.click('#form-hapus button[type=submit]');
    await page.waitForSelector('#masuk:not([hidden])');
    equal(await page.textContent('#pesan-masuk'), 'Akun dan data pribadi Anda sudah dihapus.', 'said on the sign-in page');
    equal((await api('POST', '/v1/auth/login', null, { login: nik, password: 'rahasia-siti-1' })).status, 401, 'the login is gone');
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
